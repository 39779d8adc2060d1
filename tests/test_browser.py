"""The reader's experience in a real browser: Playwright driving Debian's Chromium.

The built site is served over HTTP on 127.0.0.1. Locally, without Chromium (or
axe-core from npm) these tests are skipped with the reason; in CI (CI=true) a
missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import threading
from pathlib import Path

import pytest
import yaml

from conftest import RENAMED_GUIDE, REPO
from generator import build_catalogue
from generator.lookup import rank

pytestmark = pytest.mark.build

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASTED = yaml.safe_load((REPO / "tests" / "data" / "pasted_errors.yaml").read_text())
CATALOGUE = build_catalogue(REPO / "content", root=REPO)
GUIDE = "deepseek/invalid-api-key/"


def missing(what: str) -> None:
    """Skip locally, fail in CI: CI must run every browser test."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (required in CI)")
    pytest.skip(what)


# --- Fixtures ------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served(site: Path):
    """`site` served over HTTP on 127.0.0.1; yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()


# --- Renamed guides keep their URL -----------------------------------------------------


def test_the_old_url_of_a_renamed_guide_opens_the_guide_at_the_same_place(page, renamed_site):
    product, old, new = RENAMED_GUIDE
    with served(renamed_site) as url:
        page.goto(f"{url}{product}/{old}/#faq")
        page.wait_for_url(f"{url}{product}/{new}/#faq")

        assert page.locator("h1").inner_text().startswith("OpenAI API 404 model_not_found")


# --- 1. Paste-your-error lookup ------------------------------------------------------


@pytest.fixture(scope="module")
def lookup_page(browser, site_url):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(site_url + "lookup/")
    tab.wait_for_selector("#eg-lookup[data-ready=true]")
    yield tab
    context.close()


def results(tab) -> list[tuple[str, int]]:
    return tab.eval_on_selector_all(
        "#eg-lookup-results li", "items => items.map(li => [li.dataset.key, Number(li.dataset.score)])"
    )


@pytest.mark.parametrize("form", ["message", "pasted"])
@pytest.mark.parametrize("case", PASTED, ids=[f"{c['guide']}:{c['message'][:30]}" for c in PASTED])
def test_pasting_a_documented_error_ranks_its_guide_first(lookup_page, case, form):
    lookup_page.fill("#eg-lookup-input", case[form])
    lookup_page.wait_for_selector("#eg-lookup-results li")

    ranked = results(lookup_page)

    assert ranked[0][0] == case["guide"]
    # The page applies the exported rules exactly as `python -m generator explain` does.
    assert ranked == [[match.page.key, match.score] for match in rank(case[form], CATALOGUE).matches]


def test_a_result_shows_vendor_status_and_summary_and_opens_the_guide(lookup_page, site_url):
    lookup_page.fill("#eg-lookup-input", "Insufficient Balance")
    first = lookup_page.locator("#eg-lookup-results li").first

    assert first.locator(".eg-lookup__meta").inner_text() == "DeepSeek · HTTP 402 · Insufficient Balance · Do not retry"
    assert first.locator(".eg-lookup__summary").inner_text().startswith("DeepSeek answers with HTTP 402")
    first.locator("a").click()
    lookup_page.wait_for_url(site_url + "deepseek/insufficient-balance/")
    lookup_page.go_back()


@pytest.mark.parametrize("parameter", ["q", "error"])
def test_the_lookup_reads_the_error_from_the_address(page, site_url, parameter):
    """?q= is what a browser's search (opensearch.xml) sends; ?error= what the page itself keeps."""
    page.goto(f"{site_url}lookup/?{parameter}=Insufficient%20Balance")
    page.wait_for_selector("#eg-lookup-results li")

    assert page.input_value("#eg-lookup-input") == "Insufficient Balance"
    assert results(page)[0][0] == "deepseek/insufficient-balance"


def test_the_home_page_links_to_the_lookup(page, site_url):
    page.goto(site_url)
    page.get_by_role("link", name="Paste your error to find its guide").click()

    page.wait_for_url(site_url + "lookup/")


# --- 2. Interactive, cross-linked checklists -------------------------------------------


def test_a_checklist_link_scrolls_to_the_fix_it_names(page, site_url):
    page.goto(site_url + GUIDE)
    link = page.locator(".eg-checklist li a").first
    target = link.get_attribute("href").rpartition("#")[2]

    link.click()

    assert target.startswith("fix-")
    page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }", arg=target)
    assert page.url.endswith(f"{GUIDE}#{target}")


def test_a_checklist_link_to_another_guide_opens_it(page, site_url):
    page.goto(site_url + GUIDE)

    page.locator(".eg-checklist li a", has_text="DeepSeek 402 Insufficient Balance").click()

    page.wait_for_url(site_url + "deepseek/insufficient-balance/")
    assert page.locator("h1").inner_text().startswith("DeepSeek API 402")


def checked(tab) -> list[bool]:
    return tab.eval_on_selector_all(".eg-checklist input[type=checkbox]", "boxes => boxes.map(b => b.checked)")


def test_ticked_items_survive_a_reload_and_reset_clears_them(page, site_url):
    page.goto(site_url + GUIDE)
    boxes = page.locator(".eg-checklist input[type=checkbox]")
    total = boxes.count()
    progress = page.locator(".eg-checklist__progress")
    assert progress.inner_text() == f"0 of {total} checked"

    # Material draws the box over the input, so a real click lands on the drawing: force it.
    boxes.nth(0).check(force=True)
    boxes.nth(2).check(force=True)
    assert progress.inner_text() == f"2 of {total} checked"
    page.reload()

    assert checked(page) == [index in (0, 2) for index in range(total)]
    assert page.locator(".eg-checklist__progress").inner_text() == f"2 of {total} checked"
    page.get_by_role("button", name="Reset checklist").click()
    assert checked(page) == [False] * total
    page.reload()
    assert checked(page) == [False] * total


def test_ticks_are_kept_per_page(page, site_url):
    page.goto(site_url + GUIDE)
    page.locator(".eg-checklist input[type=checkbox]").first.check(force=True)
    assert any(checked(page))

    page.goto(site_url + "deepseek/insufficient-balance/")

    assert not any(checked(page))


def test_without_javascript_the_checklist_is_a_plain_linked_list(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + GUIDE)

    items = tab.locator(".eg-checklist li")
    assert items.count() >= 3
    assert all(items.nth(i).locator("a").count() == 1 for i in range(items.count()))
    assert tab.locator(".eg-checklist__toolbar").count() == 0
    context.close()


# --- 3. Search ---------------------------------------------------------------------------


def search(tab, site_url: str, query: str) -> list[str]:
    tab.goto(site_url)
    tab.locator("label.md-search__icon, .md-search__input").first.click()
    # The search index is built in a web worker; a query typed before it is ready is dropped.
    tab.wait_for_function("() => !document.querySelector('.md-search-result__meta')"
                          ".textContent.includes('Initializing')", timeout=60_000)
    tab.locator("input.md-search__input").press_sequentially(query)  # Material searches on key events
    tab.wait_for_selector(".md-search-result__item")
    return tab.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")


@pytest.mark.parametrize(
    "query, guide",
    [
        ("You exceeded your current quota, please check your plan and billing details.", "openai/quota-exceeded/"),
        ("API key not valid. Please pass a valid API key.", "gemini/api-key-invalid/"),
        ("Authentication Fails (no such user)", "deepseek/invalid-api-key/"),
        ("DeepSeek 402", "deepseek/insufficient-balance/"),
        ("Anthropic 529", "anthropic/overloaded-error/"),
    ],
)
def test_search_finds_a_guide_by_its_message_or_status_and_vendor(page, site_url, query, guide):
    links = search(page, site_url, query)

    assert any(link.startswith(site_url + guide) for link in links[:3]), links[:5]


# --- 4. Accessibility ----------------------------------------------------------------

PAGES = {"home": "", "hub": "deepseek/", "guide": GUIDE, "lookup": "lookup/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violations(browser, site_url, name, scheme):
    if not AXE.exists():
        missing(f"axe-core not found at {AXE}; run `npm ci`")
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(site_url + PAGES[name])
    if name == "lookup":
        tab.wait_for_selector("#eg-lookup[data-ready=true]")
        tab.fill("#eg-lookup-input", "Error code: 402 - Insufficient Balance")
        tab.wait_for_selector("#eg-lookup-results li")
    expected = "slate" if scheme == "dark" else "default"
    assert tab.get_attribute("body", "data-md-color-scheme") == expected

    tab.add_script_tag(path=str(AXE))
    report = tab.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    context.close()

    serious = [v for v in report["violations"] if v["impact"] in ("serious", "critical")]
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    _record_axe(name, scheme, report["violations"])
    assert summary == []


def _record_axe(name: str, scheme: str, violations: list) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    counts = {impact: sum(v["impact"] == impact for v in violations) for impact in ("minor", "moderate", "serious", "critical")}
    (ARTIFACTS / f"axe-{name}-{scheme}.json").write_text(json.dumps({"counts": counts, "violations": violations}, indent=1))


# --- 5. Screenshots ------------------------------------------------------------------

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", ["home", "guide", "lookup"])
def test_screenshots_for_review(browser, site_url, name, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "mobile")
    tab = context.new_page()
    tab.goto(site_url + PAGES[name])
    if name == "lookup":
        tab.wait_for_selector("#eg-lookup[data-ready=true]")
        tab.fill("#eg-lookup-input", PASTED[0]["pasted"])
        tab.wait_for_selector("#eg-lookup-results li")
    path = ARTIFACTS / "screenshots" / f"{name}-{viewport}.png"
    path.parent.mkdir(parents=True, exist_ok=True)

    tab.screenshot(path=str(path), full_page=True)
    context.close()

    assert path.stat().st_size > 10_000


def test_pages_request_nothing_from_other_hosts(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES.values():
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")

    elsewhere = [url for url in requested if not url.startswith(site_url) and not url.startswith("data:")]
    assert elsewhere == []
