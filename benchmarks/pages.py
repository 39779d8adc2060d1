"""Page weight: what a reader's browser fetches for one page view, and for one search.

    python benchmarks/pages.py SITE --guide vendor00/error-0003 --query "exact message"

A real Chromium (Debian's, /usr/bin/chromium, driven by Playwright) opens each
page in a fresh context (an empty cache) from a plain HTTP server on 127.0.0.1
that compresses nothing, waits until the network is idle, and adds up every
response body: the page, its styles, scripts, images and whatever the scripts
fetch (a search index, sitemap.xml, the lookup's data). Then, on the guide page,
it types the query into the search box and adds up what the search fetches.

Page types: home, a vendor's hub, a guide, the error lookup, the tags page.
Prints JSON; benchmarks/run.py calls `measure` for each size.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """`site` over HTTP on 127.0.0.1, uncompressed; yields its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def pages_for(guide: str) -> dict[str, str]:
    vendor = guide.split("/")[0]
    return {"home": "", "hub": f"{vendor}/", "guide": f"{guide}/", "lookup": "lookup/", "tags": "tags/"}


def measure(site: Path, guide: str, query: str | None) -> dict:
    """Bytes and requests of a cold view of each page type, and of one search on the guide page
    (none without a query)."""
    from playwright.sync_api import sync_playwright

    result: dict = {"pages": {}, "sitemap": sitemap(site)}
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for name, path in pages_for(guide).items():
            result["pages"][name] = _page_view(browser, url + path, url)
        if query:
            result["search"] = _search(browser, url + f"{guide}/", url, query)
        browser.close()
    return result


class _Recorder:
    """Every finished request of a tab with its body's size."""

    def __init__(self, tab, base: str):
        self.base = base
        self.requests: list[tuple[str, int]] = []
        tab.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        response = request.response()
        try:
            size = len(response.body()) if response else 0
        except Exception:  # a redirect or an aborted body
            size = 0
        self.requests.append((request.url.replace(self.base, "/"), size))

    def total(self) -> dict:
        return {
            "bytes": sum(size for _, size in self.requests),
            "requests": len(self.requests),
            "largest": sorted(self.requests, key=lambda item: -item[1])[:5],
        }


def _page_view(browser, page_url: str, base: str) -> dict:
    context = browser.new_context()
    tab = context.new_page()
    recorder = _Recorder(tab, base)
    tab.goto(page_url, wait_until="load", timeout=300_000)
    tab.wait_for_load_state("networkidle", timeout=300_000)
    context.close()
    return recorder.total()


def _search(browser, page_url: str, base: str, query: str) -> dict:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(page_url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    recorder = _Recorder(tab, base)
    tab.keyboard.press("/")
    tab.keyboard.type(query)
    tab.wait_for_function("query => document.getElementById('eg-search-results').dataset.query === query", arg=query, timeout=120_000)
    tab.wait_for_load_state("networkidle")
    results = tab.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.pathname)")
    context.close()
    found = f"/{page_url.split(base)[1]}"
    return {**recorder.total(), "rank": results.index(found) + 1 if found in results else None, "query": query}


def sitemap(site: Path) -> dict:
    """sitemap.xml, which Material's instant navigation fetches on the first page view."""
    path = site / "sitemap.xml"
    if not path.is_file():
        return {"bytes": 0, "urls": 0}
    text = path.read_text(encoding="utf-8")
    return {"bytes": len(text.encode()), "urls": len(re.findall(r"<url>", text))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--guide", required=True, help="product/guide-id of the guide page to measure")
    parser.add_argument("--query", help="what to type into the search box (no search without it)")
    args = parser.parse_args()
    print(json.dumps(measure(args.site, args.guide, args.query), indent=1))


if __name__ == "__main__":
    main()
