"""Exports for programs, terminals, search engines and LLM tools, read from the built site."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ENV, REPO, cli, copy_project, mkdocs_build, soup
from generator import build_catalogue
from generator.lookup import rank

pytestmark = pytest.mark.build

CATALOGUE = build_catalogue(REPO / "content", root=REPO)
GUIDES = [page.key for page in CATALOGUE.guides]
PASTED = yaml.safe_load((REPO / "tests" / "data" / "pasted_errors.yaml").read_text())


def load_json(site: Path, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


def test_the_catalogue_validates_against_its_schema_and_lists_every_guide(built_site: Path):
    catalogue = load_json(built_site, "api/catalogue.json")

    jsonschema.validate(catalogue, load_json(built_site, "api/catalogue.schema.json"))
    assert catalogue["schema_version"] == 1
    assert [guide["key"] for guide in catalogue["guides"]] == GUIDES
    assert [product["id"] for product in catalogue["products"]] == [hub.product.id for hub in CATALOGUE.products]
    assert len(catalogue["products"]) >= 10
    guide = next(g for g in catalogue["guides"] if g["key"] == "deepseek/invalid-api-key")
    assert guide["url"] == "http://127.0.0.1:8000/deepseek/invalid-api-key/"
    assert guide["reviewed"] == "2026-12-02"
    assert guide["checklist"][0]["url"].startswith("http://127.0.0.1:8000/deepseek/invalid-api-key/#fix-")
    assert guide["sources"][0]["url"].startswith("https://")


@pytest.mark.parametrize("key", GUIDES[:1] + GUIDES[-1:])
def test_each_guide_has_its_own_json_document(built_site: Path, key: str):
    document = load_json(built_site, f"api/{key}.json")

    jsonschema.validate(document, load_json(built_site, "api/guide.schema.json"))
    assert document["guide"]["key"] == key
    assert document["guide"]["json_url"] == f"http://127.0.0.1:8000/api/{key}.json"


def test_every_guide_json_exists(built_site: Path):
    # api/lookup/ holds the lookup's index; 'lookup' is a reserved product id, so no guide lives there.
    found = [str(p.relative_to(built_site / "api"))[:-5] for p in (built_site / "api").glob("*/*.json")]
    assert sorted(key for key in found if not key.startswith("lookup/")) == sorted(GUIDES)


def test_llms_txt_follows_the_format_and_lists_every_guide_once(built_site: Path):
    text = (built_site / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()

    assert lines[0] == "# API Error Guides"
    assert lines[2].startswith("> ")
    assert [line[3:] for line in lines if line.startswith("## ")] == [hub.product.name for hub in CATALOGUE.products]
    links = re.findall(r"^- \[[^\]]+\]\((http[^)]+)\): \S", text, re.MULTILINE)
    assert links == [f"http://127.0.0.1:8000/{key}/" for key in GUIDES]


def test_llms_full_txt_has_every_guide_text(built_site: Path):
    text = (built_site / "llms-full.txt").read_text(encoding="utf-8")

    for page in CATALOGUE.guides:
        start = text.index(f"Source: http://127.0.0.1:8000/{page.key}/\n")
        assert f"\n# {page.guide.title}\n" in text[start : start + 1000]
    assert "---\ntitle:" not in text  # no front matter


def test_llms_full_txt_is_the_guide_pages_as_rendered_once_or_made_the_same_way_without_them():
    from generator.export import exports
    from generator.render import plan, render_pages
    from generator.siteinfo import SiteInfo

    site = SiteInfo()
    alone = "".join(exports(CATALOGUE, site)["llms-full.txt"])  # renders each guide itself
    guide_texts: dict[str, str] = {}
    beside = exports(CATALOGUE, site, guide_texts=guide_texts)
    pages = dict(render_pages(plan(CATALOGUE), site, guide_texts=guide_texts))

    assert set(guide_texts) == {page.page for page in CATALOGUE.guides}
    assert all(guide_texts[path] == pages[path] for path in guide_texts)
    assert "".join(beside["llms-full.txt"]) == alone


@pytest.mark.parametrize("key", GUIDES)
def test_every_guide_page_has_structured_data_and_metadata(built_site: Path, key: str):
    page = soup(built_site, key)
    guide = next(p for p in CATALOGUE.guides if p.key == key)

    blocks = [json.loads(script.string) for script in page.select('script[type="application/ld+json"]')]
    assert len(blocks) == 1
    article, *rest = blocks[0]
    assert article["@context"] == "https://schema.org" and article["@type"] == "TechArticle"
    assert article["headline"] == guide.guide.title
    assert article["description"]
    assert article["dateModified"] == guide.guide.reviewed.isoformat()
    assert article["about"]["name"] == guide.product.name
    if guide.faq:
        faq = rest[0]
        assert faq["@type"] == "FAQPage"
        assert [q["name"] for q in faq["mainEntity"]] == [entry.question for entry in guide.faq]
        assert all(q["@type"] == "Question" and q["acceptedAnswer"]["text"] for q in faq["mainEntity"])
    meta = {tag.get("name") or tag.get("property"): tag.get("content") for tag in page.select("meta")}
    assert meta["description"]
    assert meta["og:title"] == guide.guide.title
    assert meta["og:url"] == f"http://127.0.0.1:8000/{key}/"
    assert meta["twitter:card"] == "summary"
    assert page.select_one("link[rel=canonical]")["href"] == f"http://127.0.0.1:8000/{key}/"


def test_the_sitemap_lists_every_guide(built_site: Path):
    sitemap = (built_site / "sitemap.xml").read_text()

    for key in GUIDES:
        assert f"<loc>http://127.0.0.1:8000/{key}/</loc>" in sitemap


@pytest.mark.parametrize("case", PASTED, ids=[f"{c['guide']}:{c['message'][:30]}" for c in PASTED])
@pytest.mark.parametrize("form", ["message", "pasted"])
def test_explain_ranks_the_right_guide_first_for_the_fact_sheet_messages(case, form):
    ranking = rank(case[form], CATALOGUE)

    assert ranking.confident
    # A message several vendors send word for word (DeepSeek's context-length text is OpenAI's)
    # ties with nothing else in the text to decide: the guide must be among the equally likely.
    assert case["guide"] in [match.page.key for match in ranking.tied]


def test_explain_on_the_command_line(tmp_path):
    result = cli("explain", PASTED[-1]["pasted"], cwd=REPO)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Gemini 503 UNAVAILABLE  (score ")
    assert lines[1:3] == ["Gemini API 503 UNAVAILABLE: how to fix it", "http://127.0.0.1:8000/gemini/unavailable/"]
    assert "Quick checklist:" in lines and "Fixes, in the order to try:" in lines


def test_explain_prints_a_named_guide_and_fails_on_nonsense():
    named = cli("explain", "deepseek/invalid-api-key", cwd=REPO)
    nothing = cli("explain", "all good here", cwd=REPO)

    assert named.stdout.splitlines()[:3] == [
        "DeepSeek 401 Authentication Fails",
        "DeepSeek API 401 Authentication Fails: how to fix it",
        "http://127.0.0.1:8000/deepseek/invalid-api-key/",
    ]
    assert nothing.returncode == 1
    assert nothing.stderr.startswith("no guide matches this error")


def test_site_url_comes_from_the_environment_for_deployments(tmp_path):
    project = copy_project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            env={**ENV, "SITE_URL": "https://errors.example.org/kb/"}, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert load_json(site, "api/catalogue.json")["guides"][0]["url"].startswith("https://errors.example.org/kb/")
    assert "<loc>https://errors.example.org/kb/deepseek/invalid-api-key/</loc>" in (site / "sitemap.xml").read_text()
    assert "https://errors.example.org/kb/" in (site / "llms.txt").read_text()


def test_two_builds_of_the_same_content_are_byte_identical(built_site: Path, tmp_path):
    # The shared site is the first build (copy_project + mkdocs_build, in another folder).
    project = copy_project(tmp_path)
    assert mkdocs_build(project).returncode == 0
    sites = [built_site, project / "site"]

    first = {p.relative_to(sites[0]): p.read_bytes() for p in sorted(sites[0].rglob("*")) if p.is_file()}
    second = {p.relative_to(sites[1]): p.read_bytes() for p in sorted(sites[1].rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_explain_ranks_from_its_cached_index_exactly_as_from_the_catalogue(tmp_path):
    from generator.explain import ExplainIndex

    index = ExplainIndex.build(REPO / "content", REPO)
    stored = ExplainIndex.load(REPO / "content", tmp_path)  # written, then read back:
    assert ExplainIndex.load(REPO / "content", tmp_path) == stored == index
    for case in PASTED:
        expected = rank(case["pasted"], CATALOGUE)
        ranked = rank(case["pasted"], index.candidates(case["pasted"]))
        assert [(m.page.key, m.score, m.matched, m.confident, m.named) for m in ranked.matches] == [
            (m.page.key, m.score, m.matched, m.confident, m.named) for m in expected.matches
        ], case["pasted"]
