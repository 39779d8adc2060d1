"""End to end: the shipped content through a real `mkdocs build --strict`.

These tests build a copy of the project in a temporary folder and read the
HTML a reader would get.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ENV, REPO, copy_project, mkdocs_build, parsed, section_text, soup
from generator import build_catalogue

pytestmark = pytest.mark.build

CATALOGUE = build_catalogue(REPO / "content", root=REPO)

GUIDE_SECTIONS = [
    "why-it-happens",
    "how-to-fix",
    "faq",
    "checklist",
    "related",
    "still-not-working",
    "about",
    "sources",
]


def generator(project: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, cwd=project, env=ENV, capture_output=True, text=True)


def test_plain_mkdocs_build_regenerates_the_pages_first(built_site):
    docs = built_site.parent / "docs"

    assert (docs / "deepseek" / "invalid-api-key.md").is_file()
    assert (built_site / "deepseek" / "invalid-api-key" / "index.html").is_file()
    assert (built_site / "deepseek" / "index.html").is_file()
    assert (built_site / "causes" / "wrong-base-url" / "index.html").is_file()
    assert (built_site / "fixes" / "retry-with-backoff" / "index.html").is_file()
    assert not (built_site / ".errorguides-manifest.json").exists()


@pytest.mark.parametrize("section", GUIDE_SECTIONS)
def test_every_section_of_the_401_guide_has_content(built_site, section):
    page = soup(built_site, "deepseek/invalid-api-key")

    assert len(section_text(page, section)) > 40


def test_the_401_guide_has_its_intro_tip_and_answered_faq(built_site):
    page = soup(built_site, "deepseek/invalid-api-key")
    article = page.find("article")

    assert "Authentication Fails, Your api key: ****XXXX is invalid" in article.get_text()
    assert "Read the end of the error message" in article.find(class_="admonition tip").get_text()
    questions = article.find_all("details", class_="question")
    guide = next(page for page in CATALOGUE.guides if page.key == "deepseek/invalid-api-key")
    assert len(questions) == len(guide.faq) >= 3
    for question in questions:
        summary = question.find("summary").get_text(strip=True)
        answer = question.get_text(" ", strip=True).replace(summary, "", 1).strip()
        assert len(answer) > 40, f"FAQ {summary!r} has no answer"


def test_fixes_are_numbered_and_code_samples_are_tabs(built_site):
    page = soup(built_site, "deepseek/invalid-api-key")
    fixes = [h.get_text(strip=True).rstrip("¶") for h in page.select("h3[id^=fix-]")]

    guide = next(page for page in CATALOGUE.guides if page.key == "deepseek/invalid-api-key")
    assert fixes[0] == "1. Check that your code actually loads the key"
    assert [f.split(".")[0] for f in fixes] == [str(n) for n in range(1, len(guide.fixes) + 1)]
    tab_labels = [label.get_text(strip=True) for label in page.select(".tabbed-labels label")]
    assert "Python (DeepSeek)" in tab_labels and "curl" in tab_labels


def test_every_checklist_link_resolves_to_an_element_on_its_target_page(built_site):
    keys = [page.key for page in build_catalogue(REPO / "content", root=REPO).guides]
    assert len(keys) >= 30
    for guide in (built_site / key / "index.html" for key in keys):
        page_url = guide.relative_to(built_site).parent.as_posix() + "/"
        links = parsed(guide).select("li.task-list-item a[href]")
        assert links, f"{page_url} has no checklist links"
        for link in links:
            target_file, fragment = resolve(built_site, page_url, link["href"])
            assert target_file.is_file(), f"{page_url}: {link['href']} leads nowhere"
            if fragment:
                target = parsed(target_file)
                assert target.find(id=fragment) is not None, f"{page_url}: no #{fragment} in {target_file}"


def test_checklist_items_are_tickable_task_list_entries(built_site):
    page = soup(built_site, "deepseek/invalid-api-key")
    items = page.select("#checklist ~ .eg-checklist li.task-list-item")

    assert len(items) == 6
    assert all(item.find("input", type="checkbox") for item in items)


def test_hubs_and_index_pages_link_every_guide_and_home_links_vendors_and_statuses(built_site):
    home = soup(built_site, ".")
    hub = soup(built_site, "deepseek").get_text(" ", strip=True)

    for name in ("Authentication Fails", "Insufficient Balance", "Rate Limit Reached", "Server Overloaded"):
        assert name in hub
    # Home lists each vendor and each status with its count, not every guide.
    rows = {row.find("a").get_text(): row.find_all("td")[1].get_text() for row in home.select("article tbody tr")}
    by_vendor = {hub.product.name: len(hub.guides) for hub in CATALOGUE.products}
    by_status = {str(status.status): len(status.guides) for status in CATALOGUE.statuses if status.status}
    assert rows["DeepSeek"] == str(by_vendor["DeepSeek"]) and rows["402"] == str(by_status["402"])
    assert "Insufficient Balance" not in home.get_text()
    cause = soup(built_site, "causes/balance-exhausted").get_text(" ", strip=True)
    assert "DeepSeek 402 Insufficient Balance" in cause


def test_tags_list_their_guides_and_guides_link_their_tags(built_site):
    tags = soup(built_site, "tags").find("article")
    billing = soup(built_site, "tags/billing").find("article").get_text(" ", strip=True)
    guide = soup(built_site, "deepseek/invalid-api-key")

    assert [a["href"] for a in tags.select("td a")][:2] == ["api-keys/", "authentication/"]
    assert "DeepSeek 402 Insufficient Balance" in billing
    assert [a["href"] for a in guide.select("a.md-tag")] == ["../../tags/authentication/", "../../tags/api-keys/"]


def test_product_sections_in_the_nav_carry_the_product_name(built_site):
    nav = soup(built_site, ".").select_one("nav.md-nav--primary").get_text(" ", strip=True)

    assert "DeepSeek" in nav
    assert "Deepseek" not in nav


def test_the_nav_lists_home_vendors_and_indexes_not_every_guide(built_site):
    nav = soup(built_site, "deepseek/invalid-api-key").select_one("nav.md-nav--primary")
    links = list(dict.fromkeys(link["href"] for link in nav.select("a[href]")))

    vendors = [f"../../{hub.product.id}/" if hub.product.id != "deepseek" else "../" for hub in CATALOGUE.products]
    assert links == ["../..", "../../lookup/", *vendors, "../../causes/", "../../fixes/", "../../tags/"]


def test_a_guide_shows_its_path_and_pages_through_its_vendor(built_site):
    page = soup(built_site, "deepseek/insufficient-balance")

    crumbs = page.select_one("p.eg-breadcrumbs")
    assert [(a.get_text(), a["href"]) for a in crumbs.select("a")] == [
        ("Home", "../../"), ("DeepSeek", "../"), ("HTTP 402", "../../status/402/")
    ]
    assert crumbs.get_text(" ", strip=True).endswith("HTTP 402")
    pager = [(a.get_text(), a["href"]) for a in page.select("p.eg-pager a")]
    assert pager == [
        ("← DeepSeek 401 Incorrect API key provided (from OpenAI)", "../openai-base-url/"),
        ("DeepSeek 422 Invalid Parameters →", "../invalid-parameters/"),
    ]


def test_the_edit_button_opens_the_guides_yaml_when_configured(tmp_path):
    project = copy_project(tmp_path)
    env = {**ENV, "CONTENT_EDIT_URL": "https://git.example.org/kb/edit/main/"}
    assert subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env).returncode == 0

    edit = soup(project / "site", "deepseek/invalid-api-key").select_one("a[rel=edit]")
    assert edit["href"] == "https://git.example.org/kb/edit/main/content/guides/deepseek/invalid-api-key.yaml"
    assert soup(project / "site", "deepseek").select_one("a[rel=edit]") is None


def resolve(site: Path, page_url: str, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    assert not parts.scheme, f"checklist link {href} leaves the site"
    path = (Path(page_url) / unquote(parts.path)) if parts.path else Path(page_url)
    resolved = (site / path).resolve()
    return (resolved / "index.html" if resolved.is_dir() else resolved), parts.fragment


def test_content_errors_stop_mkdocs_with_the_list_and_no_traceback(project):
    (project / "content" / "faqs" / "broken.yaml").write_text("id: broken\nquestion: Why?\n")

    result = mkdocs_build(project)

    assert result.returncode == 1
    assert "content/faqs/broken.yaml:1:1: error[missing-field]: missing required field 'answer'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (project / "site").exists()


def test_a_failed_build_keeps_the_last_good_site(built_project):
    project = built_project
    site = project / "site"
    good = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    # A content error stops before MkDocs runs ...
    guide = project / "content" / "guides" / "deepseek" / "server-overloaded.yaml"
    guide.write_text(guide.read_text().replace("summary:", "sumary:"))
    failed = generator(project, "build")
    assert failed.returncode == 1
    assert "did you mean 'summary'?" in failed.stderr

    # ... and a strict-mode warning stops MkDocs after it has written pages.
    guide.write_text(guide.read_text().replace("sumary:", "summary:").replace("No. DeepSeek", "No, see [x](missing.md)."))
    failed = generator(project, "build")
    assert failed.returncode == 1
    assert "missing.md" in failed.stderr + failed.stdout

    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == good
    assert not list(project.glob(".site-*"))


def test_deleting_a_yaml_file_removes_its_page(built_project):
    project = built_project
    assert (project / "docs" / "openai" / "no-organization.md").exists()
    assert (project / "site" / "openai" / "no-organization" / "index.html").exists()
    guides = project / "content" / "guides" / "openai"
    (guides / "no-organization.yaml").unlink()
    for linking in ("invalid-authentication.yaml", "incorrect-api-key.yaml"):
        text = (guides / linking).read_text()
        assert "  - no-organization\n" in text
        (guides / linking).write_text(text.replace("  - no-organization\n", ""))

    result = generator(project, "build")

    assert result.returncode == 0, result.stderr
    assert not (project / "docs" / "openai" / "no-organization.md").exists()
    assert not (project / "site" / "openai" / "no-organization").exists()


def test_generated_files_are_ignored_by_git():
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    generated = ["docs/index.md", "docs/deepseek/invalid-api-key.md", "docs/.errorguides-manifest.json",
                 "site/index.html", ".venv/bin/python", ".site-new-x/index.html"]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *generated], cwd=REPO, capture_output=True, text=True)

    assert ignored.stdout.split() == generated
    tracked = subprocess.run(["git", "check-ignore", "--no-index", "docs/.gitignore"], cwd=REPO, capture_output=True)
    assert tracked.returncode == 1, "docs/.gitignore itself must stay tracked"


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_hostile_content_fails_every_build_and_keeps_the_last_good_pages_and_site(project):
    assert generator(project, "build").returncode == 0
    docs, site = snapshot(project / "docs"), snapshot(project / "site")
    causes = project / "content" / "causes"
    shutil.copy(REPO / "tests" / "hostile" / "alias-bomb.yaml", causes / "alias-bomb.yaml")
    (causes / "passwd.yaml").symlink_to("/etc/passwd")
    (causes / "x.yaml").mkdir()
    guide = project / "content" / "guides" / "deepseek" / "server-overloaded.yaml"
    text = guide.read_text()
    assert "summary: |\n" in text
    guide.write_text(text.replace("summary: |\n", "summary: |\n  See [x](javascript:alert(1)).\n", 1))
    summary_line = text[: text.index("summary: |\n")].count("\n") + 1  # where the unsafe link is reported

    for result in (generator(project, "build"), mkdocs_build(project)):
        output = result.stdout + result.stderr
        assert result.returncode == 1
        assert "Traceback" not in output
        for named in ("alias-bomb.yaml:6:8: error[too-large]", "passwd.yaml:1:1: error[symlink]",
                      "x.yaml:1:1: error[not-a-file]", f"server-overloaded.yaml:{summary_line}:1: error[unsafe-link]"):
            assert named in output

    assert snapshot(project / "docs") == docs
    assert snapshot(project / "site") == site
    assert not list(project.glob(".site-*"))


def test_a_build_removes_what_killed_builds_left_and_only_that(tmp_path):
    from generator.site import BuildFailed, build_site

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its process id now names no running process
    leftovers = [f".site-new-{dead.pid}-k1ll3d", f".site-old-{dead.pid}", ".site-new-abcd1234"]
    in_use = [f".site-new-{os.getpid()}-running", f".site-new-{os.getppid()}-parent", ".site-new-efgh5678", "site"]
    for name in leftovers + in_use:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("a whole site")
    an_hour_ago = (tmp_path / ".site-new-abcd1234").stat().st_mtime - 3601
    os.utime(tmp_path / ".site-new-abcd1234", (an_hour_ago, an_hour_ago))

    with pytest.raises(BuildFailed):  # no configuration: the build fails, after the clean-up
        build_site(tmp_path / "missing.yml", tmp_path / "site", quiet=True)

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(in_use)
