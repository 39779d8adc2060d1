"""The shipped content: complete guides for every status in each vendor's error table.

These read the real built site, so they check what a reader gets: every section
the page renders has text, every FAQ has an answer, every checklist item links
somewhere, and each vendor's guide set covers its documented errors.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, section_text, soup
from generator import build_catalogue
from generator.catalogue import LISTING_SIZE

pytestmark = pytest.mark.build

CATALOGUE = build_catalogue(REPO / "content", root=REPO)
GUIDES = [page.key for page in CATALOGUE.guides]
ALWAYS = ["why-it-happens", "how-to-fix", "faq", "checklist", "still-not-working", "about", "sources"]
OPTIONAL = ["messages", "related", "other-vendors"]
# The order a reader in trouble needs: the messages to confirm it is their error, the quick
# checklist, the fixes, then why it happens; background and support come last.
ORDER = ["messages", "checklist", "how-to-fix", "why-it-happens", "faq", "related", "other-vendors",
         "still-not-working", "about", "sources"]

# The error tables of ../shared/reference/providers.md: (status, error name) per vendor.
# Where a table has several rows for one status, each row needs its own guide.
TABLES = {
    "deepseek": {400: None, 401: None, 402: None, 422: None, 429: None, 500: None, 503: None},
    "openai": {
        401: {"Invalid Authentication", "Incorrect API key provided", "IP not authorized",
              "You must be a member of an organization to use the API"},
        403: None,
        429: {"Rate limit reached for requests", "You exceeded your current quota"},
        500: None,
        503: None,
    },
    "anthropic": {400: None, 401: None, 402: None, 403: None, 404: None, 413: None, 429: None, 500: None,
                  504: None, 529: None},
    "gemini": {400: {"INVALID_ARGUMENT", "FAILED_PRECONDITION"}, 403: None, 404: None, 429: None, 500: None,
               503: None, 504: None},
}
CROSS_CUTTING = ["deepseek/openai-base-url", "deepseek/model-not-exist", "deepseek/context-length-exceeded"]


@pytest.mark.parametrize("key", GUIDES)
def test_every_section_a_guide_renders_has_content(built_site: Path, key: str):
    page = soup(built_site, key)

    for section in ALWAYS:
        assert section_text(page, section), f"{key}: #{section} is empty"
    for section in OPTIONAL:
        if page.find(id=section):
            assert section_text(page, section), f"{key}: #{section} is empty"
    for question in page.select("details.question"):
        answer = question.get_text(" ", strip=True).replace(question.summary.get_text(" ", strip=True), "", 1)
        assert answer.strip(), f"{key}: FAQ '{question.summary.get_text()}' has no answer"
    items = page.select("#checklist ~ .eg-checklist li")
    assert len(items) >= 3, f"{key}: fewer than 3 checklist items"


@pytest.mark.parametrize("key", GUIDES)
def test_every_guide_page_puts_the_diagnosis_first(built_site: Path, key: str):
    page = soup(built_site, key)
    sections = [h2["id"] for h2 in page.select("article h2[id]") if h2["id"] != "__comments"]

    assert sections == [section for section in ORDER if section in sections], f"{key}: {sections}"
    assert "root-causes" not in sections
    title, meta = page.select_one("article h1"), page.select_one("article .eg-meta")
    assert title.find_next_sibling() is meta, f"{key}: the vendor/status/retry line follows the title"


@pytest.mark.parametrize("vendor", [hub.product.id for hub in CATALOGUE.products])
def test_hub_tables_describe_each_guide_in_a_line_that_stands_alone(built_site: Path, vendor: str):
    page = soup(built_site, vendor)
    cells = [row.select("td")[-1].get_text(" ", strip=True) for row in page.select("article table tbody tr")]

    assert cells
    for cell in cells:
        assert not re.search(r"\b(below|above)\b", cell, re.I), f"{vendor}: {cell}"


@pytest.mark.parametrize("vendor", TABLES)
def test_each_vendor_covers_every_status_of_its_error_table(vendor: str):
    hub = next(hub for hub in CATALOGUE.products if hub.product.id == vendor)
    errors_by_status: dict[int, set[str]] = {}
    for page in hub.guides:
        errors_by_status.setdefault(page.guide.status, set()).add(page.guide.error)

    for status, names in TABLES[vendor].items():
        assert status in errors_by_status, f"{vendor} has no guide for HTTP {status}"
        if names:
            assert names <= errors_by_status[status], f"{vendor} {status}: missing {names - errors_by_status[status]}"


def test_the_cross_cutting_guides_exist_and_there_are_at_least_30():
    assert set(CROSS_CUTTING) <= set(GUIDES)
    assert len(GUIDES) >= 30


@pytest.mark.parametrize("vendor", TABLES)
def test_each_vendor_shows_python_node_and_curl_samples(built_site: Path, vendor: str):
    labels = set()
    for page in CATALOGUE.guides:
        if page.product.id == vendor:
            labels |= {sample.tab_label.split(" ")[0] for fix in page.fixes for sample in fix.code}

    assert {"Python", "Node.js", "curl"} <= labels, f"{vendor}: {labels}"


def test_every_guide_links_its_counterparts_both_ways():
    by_key = {page.key: page for page in CATALOGUE.guides}
    for page in CATALOGUE.guides:
        for other in page.counterparts:
            assert page.key in {p.key for p in by_key[other.key].counterparts}
    assert sum(bool(page.counterparts) for page in CATALOGUE.guides) >= 30


# What a guide's prose says about retrying *this* error. Checked in the summary and in the answers
# to FAQ questions that ask whether to retry ("Should I retry …?", "Will retrying fix …?").
_NO = re.compile(
    r"\b(?:do not|don't|never) (?:keep )?retry(?:ing)?\b(?! (?:authentication|billing|a \d))"
    r"|\bretry(?:ing)?(?: it| the (?:same )?\w+)? (?:does not|doesn't|won't|will not|cannot|can't) (?:help|succeed|fix|restore)"
    r"|\bneither [^.]* nor (?:a )?retry(?:ing)? helps"
    r"|\bnot (?:something|an error) to retry\b",
    re.I,
)
_YES = re.compile(
    r"\bretry(?:ing)?(?: it| the request)? (?:with|after) (?:exponential )?(?:backoff|a (?:short|brief) (?:wait|delay|pause))"
    r"|\bsafe to retry\b|\b(?:wait|waiting) (?:a (?:moment|few seconds|little) )?and (?:then )?retry",
    re.I,
)
_ASKS = re.compile(r"^(?:should (?:i|you)|can (?:i|you)|is it (?:safe|worth)|will|would) [^?]*\bretr", re.I)


def retry_claims(page) -> set[str]:
    texts = [page.guide.summary]
    texts += [entry.answer for entry in page.faq if _ASKS.search(entry.question)]
    claims = set()
    for text in texts:
        first = text.strip().split(None, 1)[0].strip(".,:;").lower()
        if text is not page.guide.summary and first in ("yes", "no"):
            claims.add(first)
            continue
        if _NO.search(text):
            claims.add("no")
        if _YES.search(text):
            claims.add("yes")
    return claims


def test_the_retry_verdict_agrees_with_what_the_prose_says():
    wrong, claimed = [], 0
    for page in CATALOGUE.guides:
        claims = retry_claims(page)
        verdict = page.guide.retry.verdict
        claimed += bool(claims)
        if claims and not ((claims == {"no"} and verdict == "no") or (claims == {"yes"} and verdict in ("yes", "after-delay"))):
            wrong.append(f"{page.key}: verdict {verdict!r}, prose says {sorted(claims)}")

    assert not wrong, "\n".join(wrong)
    assert claimed >= 15  # the patterns still find what the prose says


def test_every_guide_has_a_retry_verdict_with_a_reason():
    assert all(page.guide.retry and page.guide.retry.reason for page in CATALOGUE.guides)



@pytest.mark.parametrize("status", CATALOGUE.statuses, ids=lambda status: str(status.status or "client-side"))
def test_each_status_has_a_page_listing_every_vendors_guide_for_it(built_site: Path, status):
    """/status/<code>/ (and its further pages, LISTING_SIZE guides each) lists every guide with
    that status, each with its vendor and retry verdict; client-side errors: /status/client-side/."""
    folder = f"status/{status.status or 'client-side'}"
    pages = [folder] + [f"{folder}/page/{n}" for n in range(2, -(-len(status.guides) // LISTING_SIZE) + 1)]
    listed = []
    for path in pages:
        rows = soup(built_site, path).select("article table tbody tr")
        assert all(row.select(".eg-retry") for row in rows), path
        listed += [_guide_key(row.select("a")[1]["href"]) for row in rows]

    assert sorted(listed) == sorted(guide.key for guide in status.guides)


def _guide_key(href: str) -> str:
    return "/".join(part for part in href.split("/") if part and part != "..")
