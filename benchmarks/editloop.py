"""The edit loop as a maintainer sees it: save a guide's YAML, watch the page in a browser.

    python benchmarks/editloop.py PROJECT --guide vendor00/error-0003 [--saves 3]

Starts the server the way `make serve` does (`mkdocs serve --dirty`, on a free port),
waits for its first build, opens the guide in a real Chromium (Debian's, driven by
Playwright, as the browser tests do), and then, for each save, writes the guide's YAML
with a new title for one of its causes and times from the write to the new text on
screen (live reload reloads the page after the rebuild). Then a save that breaks the
YAML (a misspelt field), timed until the problems banner shows, and the fix, timed
until the banner is gone. Prints JSON; benchmarks/run.py calls `measure`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
TIMEOUT = 60.0
BROKEN = ("\nsummary:", "\nsumary:")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _served(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def start_server(project: Path, port: int, log: Path) -> tuple[subprocess.Popen, float]:
    """`mkdocs serve --dirty` (what `make serve` runs) in `project`; returns it and its first build's seconds."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = started + 1800
    while not _served(f"http://127.0.0.1:{port}/"):
        if process.poll() is not None or time.perf_counter() > deadline:
            process.kill()
            raise SystemExit(f"mkdocs serve did not start in {project}:\n{log.read_text()[-3000:]}")
        time.sleep(0.25)
    return process, time.perf_counter() - started


def _wait_for(page, script: str, argument) -> float:
    """Seconds until `script` is true on the page, across the reloads live reload makes."""
    from playwright.sync_api import Error

    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        try:
            page.wait_for_function(script, arg=argument, polling=20, timeout=(deadline - time.perf_counter()) * 1000)
            return time.perf_counter()
        except Error:  # the page was reloading; look again
            time.sleep(0.01)
    raise TimeoutError(f"not on screen after {TIMEOUT} s: {script} {argument!r}")


_SHOWS = "text => document.body && document.body.innerText.includes(text)"
_BANNER = "() => document.querySelector('.eg-problems') !== null"
_NO_BANNER = "text => !document.querySelector('.eg-problems') && document.body && document.body.innerText.includes(text)"


def measure(project: Path, guide: str, *, saves: int = 3) -> dict:
    """Time saves of `guide`'s YAML in `project` until the browser shows them; a broken save and its fix."""
    from playwright.sync_api import sync_playwright

    source = project / "content" / "guides" / f"{guide}.yaml"
    original = source.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", original, re.M)
    port = free_port()
    log = project / "editloop-serve.log"
    server, first_build = start_server(project, port, log)
    result: dict = {"guide": guide, "first_build_seconds": round(first_build, 2), "saves": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{guide}/")
            time.sleep(1)  # live reload's long poll is connected
            text = original
            for number in range(1, saves + 1):
                marker = f"edited while serving {number}"
                text = _retitled(original, title, marker)
                written = time.perf_counter()
                source.write_text(text, encoding="utf-8")
                result["saves"].append(round(_wait_for(page, _SHOWS, marker) - written, 2))
                time.sleep(1)
            written = time.perf_counter()
            source.write_text(text.replace(*BROKEN, 1), encoding="utf-8")
            result["broken_save_seconds"] = round(_wait_for(page, _BANNER, None) - written, 2)
            time.sleep(1)
            marker = "fixed while serving"
            written = time.perf_counter()
            source.write_text(_retitled(original, title, marker), encoding="utf-8")
            result["fixed_save_seconds"] = round(_wait_for(page, _NO_BANNER, marker) - written, 2)
            browser.close()
    finally:
        source.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    result["fastest_save_seconds"] = min(result["saves"])
    result["slowest_save_seconds"] = max(result["saves"])
    return result


def _retitled(original: str, title, marker: str) -> str:
    """The guide with `marker` in its title (the page's heading)."""
    line = title.group(0)
    value = title.group(1)
    quoted = value[:1] in "\"'"
    new_value = f"{value[:-1]} ({marker}){value[-1]}" if quoted else f"{value} ({marker})"
    return original.replace(line, f"title: {new_value}", 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--guide", required=True, help="product/guide-id")
    parser.add_argument("--saves", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(args.project.resolve(), args.guide, saves=args.saves), indent=1))


if __name__ == "__main__":
    main()
