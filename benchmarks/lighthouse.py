"""Lighthouse scores of the built site, as a static host serves it (with gzip).

    python benchmarks/lighthouse.py [SITE]        (or: make lighthouse)

Serves SITE (default: site/, which `make lighthouse` builds first) on
127.0.0.1 with gzip for text files, as static hosts do, and runs Lighthouse
12.2.3 (npm, pinned in benchmarks/lighthouse/package.json) with its default
settings, which emulate a mid-range phone on a slow 4G connection, against
Debian's Chromium for home, a vendor's hub, a guide and the error lookup.
Prints each page's performance, accessibility, best-practices and SEO scores
and the issue-16 targets (performance >= 95, the others 100); exits 1 when one
is missed. The JSON reports go to benchmarks/lighthouse/reports/.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
REPORTS = HERE / "lighthouse" / "reports"
PAGES = {"home": "", "hub": "deepseek/", "guide": "deepseek/invalid-api-key/", "lookup": "lookup/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
TEXT = (".html", ".css", ".js", ".json", ".xml", ".txt", ".svg")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text compressed with gzip when the browser accepts it."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = os.path.join(path, "index.html")
        # Pagefind's index and WebAssembly files are compressed already: only text is.
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.endswith(TEXT) or not os.path.isfile(path):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def audit(url: str, name: str) -> dict[str, int]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{name}.json"
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    environment = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(command, check=True, env=environment)
    categories = json.loads(report.read_text())["categories"]
    return {category: round(categories[category]["score"] * 100) for category in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description="Lighthouse scores of the built site, served with gzip.")
    parser.add_argument("site", nargs="?", type=Path, default=Path("site"))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse not found at {LIGHTHOUSE}; run: npm ci --prefix {LIGHTHOUSE.parents[2]}")
    server, url = serve(args.site)
    scores = {name: audit(url + path, name) for name, path in PAGES.items()}
    server.shutdown()
    print(f"{'page':<8}" + "".join(f"{category:>16}" for category in CATEGORIES))
    for name, page in scores.items():
        print(f"{name:<8}" + "".join(f"{page[category]:>16}" for category in CATEGORIES))
    missed = [f"{name} {category} {page[category]} < {TARGETS[category]}" for name, page in scores.items()
              for category in CATEGORIES if page[category] < TARGETS[category]]
    print("targets (performance >= 95, the others 100):", "met" if not missed else "missed: " + "; ".join(missed))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
