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
import threading
from pathlib import Path

import pytest
import yaml

from conftest import ARTIFACTS, AXE, RENAMED_GUIDE, REPO, missing
from generator import build_catalogue
from generator.lookup import rank
from lookup_accuracy import cases as real_pastes

PASTED = yaml.safe_load((REPO / "tests" / "data" / "pasted_errors.yaml").read_text())
CATALOGUE = build_catalogue(REPO / "content", root=REPO)
GUIDE = "deepseek/invalid-api-key/"

pytestmark = pytest.mark.build

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


def paste(tab, text: str) -> None:
    """Paste `text` into the lookup and wait until the page shows its ranking (the index
    loads in pieces, so results arrive after the input event)."""
    tab.fill("#eg-lookup-input", text)
    tab.wait_for_function("text => document.getElementById('eg-lookup').dataset.shown === text", arg=text)


def results(tab) -> list[tuple[str, int]]:
    return tab.eval_on_selector_all(
        "#eg-lookup-results li", "items => items.map(li => [li.dataset.key, Number(li.dataset.score)])"
    )


@pytest.mark.parametrize("form", ["message", "pasted"])
@pytest.mark.parametrize("case", PASTED, ids=[f"{c['guide']}:{c['message'][:30]}" for c in PASTED])
def test_pasting_a_documented_error_ranks_its_guide_first(lookup_page, case, form):
    paste(lookup_page, case[form])

    ranked = results(lookup_page)
    ranking = rank(case[form], CATALOGUE)

    # The guide comes first, or shares first place where other vendors send the same message.
    assert case["guide"] in [match.page.key for match in ranking.tied]
    # The page applies the exported rules exactly as `python -m generator explain` does.
    assert ranked == [[match.page.key, match.score] for match in ranking.matches]


def test_the_page_ranks_every_real_paste_exactly_as_python_does(lookup_page):
    pastes = [case.paste for case in real_pastes()]
    ranked = lookup_page.evaluate(
        """async (pastes) => {
            const index = window.errorguidesLookup.index;
            const ranked = [];
            for (const text of pastes) {
                ranked.push((await index.rank(text)).map((m) => [m.guide.key, m.score, m.confident]));
            }
            return ranked;
        }""",
        pastes,
    )

    expected = [[[m.page.key, m.score, m.confident] for m in rank(text, CATALOGUE).matches] for text in pastes]
    assert len(pastes) >= 80
    assert ranked == expected


def test_a_paste_fetches_only_the_index_pieces_its_words_need(browser, site_url):
    context = browser.new_context()
    tab = context.new_page()
    fetched = []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.goto(site_url + "lookup/")
    tab.wait_for_selector("#eg-lookup[data-ready=true]")
    paste(tab, "Error code: 402 - Insufficient Balance")
    pieces = [url for url in fetched if "/api/lookup/" in url]
    assert any(url.endswith("/api/lookup/index.json") for url in pieces)
    terms = [url for url in pieces if "/api/lookup/terms/" in url]
    assert 1 <= len(terms) <= 6  # one shard per word of the paste, at most
    assert not any(url.endswith("/api/lookup.json") for url in fetched)
    context.close()


GEMINI_QUOTA = (
    "429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'You exceeded your current quota, please check "
    "your plan and billing details. For more information on this error, head to: "
    "https://ai.google.dev/gemini-api/docs/rate-limits.', 'status': 'RESOURCE_EXHAUSTED'}}"
)


def test_a_paste_in_the_address_fills_the_lookup_and_opens_no_search_dialog(browser, site_url):
    from urllib.parse import quote

    context = browser.new_context()
    tab = context.new_page()
    tab.goto(site_url + "lookup/?q=" + quote(GEMINI_QUOTA))
    tab.wait_for_function("text => document.getElementById('eg-lookup').dataset.shown === text", arg=GEMINI_QUOTA)

    assert results(tab)[0][0] == "gemini/resource-exhausted"
    assert tab.input_value("#eg-lookup-input") == GEMINI_QUOTA
    assert tab.locator("#__search:checked").count() == 0  # Material's search dialog stays closed
    context.close()


def test_a_client_side_paste_shows_its_client_side_guide(lookup_page):
    paste(lookup_page, "openai.APIConnectionError: Connection error.")

    assert results(lookup_page)[0][0] == "openai/connection-error"
    assert lookup_page.get_attribute("#eg-lookup", "data-confident") == "true"
    assert "No HTTP response" in lookup_page.inner_text("#eg-lookup-results li .eg-lookup__meta")


def test_a_paste_no_guide_covers_says_so(lookup_page):
    paste(lookup_page, "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB")
    lookup_page.wait_for_function("document.getElementById('eg-lookup').dataset.confident === 'false'")

    assert lookup_page.inner_text("#eg-lookup-status").startswith("No guide matches this error.")
    assert lookup_page.is_visible("#eg-lookup-none")
    for note in lookup_page.eval_on_selector_all("#eg-lookup-results li", "items => items.map(li => li.dataset.note)"):
        assert note == "closest, not a match"


def test_a_result_shows_vendor_status_and_summary_and_opens_the_guide(lookup_page, site_url):
    paste(lookup_page, "Insufficient Balance")
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


# --- 3. Search (Pagefind) ------------------------------------------------------------


def pagefind_requests(tab) -> list[str]:
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url) if "/pagefind/" in request.url else None)
    return requests


def search(tab, site_url: str, query: str, *, path: str = "") -> list[str]:
    """Open a page, focus the search box with its shortcut and type; the result links, best first."""
    tab.goto(site_url + path)
    tab.keyboard.press("/")
    tab.keyboard.type(query)
    # Results for a part of the query may show first, while the reader is still typing.
    tab.wait_for_function("query => document.getElementById('eg-search-results').dataset.query === query", arg=query)
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


@pytest.mark.parametrize("case", PASTED, ids=[f"{c['guide']}:{c['message'][:30]}" for c in PASTED])
def test_search_finds_a_guide_by_its_exact_message(page, site_url, case):
    links = search(page, site_url, case["message"])

    assert site_url + case["guide"] + "/" in links[:3], links[:5]


def test_a_result_shows_the_guides_title_vendor_status_and_a_snippet(page, site_url):
    search(page, site_url, "Insufficient Balance")
    first = page.locator(".md-search-result__item").first

    assert first.locator("h1").inner_text() == "DeepSeek API 402 Insufficient Balance: how to fix it"
    assert first.locator(".eg-search__meta").inner_text() == "DeepSeek · HTTP 402"
    assert first.locator("mark").count() >= 1
    first.locator("a").click()
    page.wait_for_url(site_url + "deepseek/insufficient-balance/")


def test_results_show_the_pages_text_as_text(page, site_url):
    # A cause page says "Authorization: Bearer <key>": its snippet shows the angle brackets.
    search(page, site_url, "exactly Authorization Bearer")

    snippets = page.locator(".md-search-result__article p").all_inner_texts()
    assert any("<key>" in text for text in snippets), snippets
    assert page.locator(".md-search-result key").count() == 0


def test_a_page_view_fetches_nothing_of_pagefind_until_the_reader_searches(page, site_url):
    requests = pagefind_requests(page)
    page.goto(site_url + GUIDE)
    page.wait_for_load_state("networkidle")
    assert requests == []

    page.locator(".md-search__input").focus()
    page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('/pagefind/pagefind.js'))")
    assert any(url.endswith("/pagefind/pagefind.js") for url in requests)


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_the_keyboard_shortcut_focuses_the_search_box(page, site_url, key):
    page.goto(site_url + GUIDE)

    page.keyboard.press(key)

    assert page.evaluate("document.activeElement.id") == "eg-search-input"
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") != "eg-search-input"
    assert not page.locator("#__search").is_checked()


def test_the_shortcut_types_into_a_field_that_has_the_focus(page, site_url):
    page.goto(site_url + "lookup/")
    page.locator("#eg-lookup-input").focus()

    page.keyboard.type("s/f")

    assert page.input_value("#eg-lookup-input") == "s/f"
    assert page.evaluate("document.activeElement.id") == "eg-lookup-input"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_in_either_scheme_have_no_serious_accessibility_violations(browser, site_url, scheme):
    if not AXE.exists():
        missing(f"axe-core not found at {AXE}; run `npm ci`")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    links = search(tab, site_url, "Authentication Fails")

    assert tab.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    assert links[0].startswith(site_url + "deepseek/invalid-api-key/")
    path = ARTIFACTS / "screenshots" / f"search-{scheme}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(path))
    tab.add_script_tag(path=str(AXE))
    report = tab.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    context.close()

    _record_axe("search", scheme, report["violations"])
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in report["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_a_q_parameter_opens_the_search_with_its_text(page, site_url):
    page.goto(site_url + "?q=DeepSeek+402")
    page.wait_for_selector(".md-search-result__item")

    assert page.input_value(".md-search__input") == "DeepSeek 402"


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
        paste(tab, "Error code: 402 - Insufficient Balance")
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
        paste(tab, PASTED[0]["pasted"])
    path = ARTIFACTS / "screenshots" / f"{name}-{viewport}.png"
    path.parent.mkdir(parents=True, exist_ok=True)

    tab.screenshot(path=str(path), full_page=True)
    context.close()

    assert path.stat().st_size > 10_000


# --- 6. Page weight --------------------------------------------------------------------

BUDGET = 500_000
"""Bytes of a cold page view, every request counted uncompressed (issue 16); benchmarks/pages.py
measures the same at 100 to 5,000 guides."""


@pytest.mark.parametrize("name", [*PAGES, "tags"])
def test_a_cold_page_view_stays_within_its_byte_budget(browser, site_url, name):
    context = browser.new_context()
    tab = context.new_page()
    sizes: list[tuple[str, int]] = []
    tab.on("requestfinished", lambda request: sizes.append((request.url, len(request.response().body()))))
    tab.goto(site_url + PAGES.get(name, "tags/"))
    tab.wait_for_load_state("networkidle")
    context.close()

    total = sum(size for _, size in sizes)
    assert total <= BUDGET, sorted(sizes, key=lambda item: -item[1])[:5]
    assert not [url for url, _ in sizes if "/pagefind/" in url or "sitemap.xml" in url or "search_index" in url]


def test_pages_request_nothing_from_other_hosts(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES.values():
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")

    elsewhere = [url for url in requested if not url.startswith(site_url) and not url.startswith("data:")]
    assert elsewhere == []
