"""The fast-reload path of `make serve` (`mkdocs serve --dirty`) at the shipped size.

The builds run in this process the way `mkdocs serve --dirty` runs them (the
plugin started for `serve` with `dirty`, a build per save into one site folder),
so the tests can see which HTML files each save rewrote. The last test starts
every `make` target the README documents for serving, and watches a save in
Chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ENV, REPO, copy_project

pytestmark = pytest.mark.build

GUIDE = Path("content/guides/deepseek/invalid-api-key.yaml")
PAGE = Path("deepseek/invalid-api-key/index.html")
SERVE_URL = "http://127.0.0.1:8000/"


class DirtyServe:
    """`mkdocs serve --dirty`'s builds, one per `save()`, into one site folder."""

    def __init__(self, project: Path):
        self.project = project
        self.site = project / "served"
        self.site.mkdir()
        self.config = self._config()
        self.config.plugins.on_startup(command="serve", dirty=True)
        self.build(self.config)

    def _config(self):
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def build(self, config=None) -> None:
        build(config or self._config(), serve_url=SERVE_URL, dirty=True)

    def stamps(self) -> dict[str, int]:
        return {path.relative_to(self.site).as_posix(): path.stat().st_mtime_ns for path in self.site.rglob("*.html")}

    def markdown_stamps(self) -> dict[str, int]:
        docs = self.project / "docs"
        return {path.relative_to(docs).as_posix(): path.stat().st_mtime_ns for path in docs.rglob("*.md")}

    def save(self, path: Path, old: str, new: str) -> set[str]:
        """Edit a file, rebuild; the HTML files the build rewrote."""
        before = self.stamps()
        time.sleep(0.01)  # a new mtime, however coarse the file system's clock
        target = self.project / path
        text = target.read_text()
        assert old in text
        target.write_text(text.replace(old, new, 1))
        self.build()
        return {path for path, stamp in self.stamps().items() if before.get(path) != stamp}

    def close(self) -> None:
        self.config.plugins.on_shutdown()


@pytest.fixture
def served(project: Path):
    serve = DirtyServe(project)
    yield serve
    serve.close()


def html_of(markdown: str) -> str:
    """The HTML file MkDocs writes for a Markdown file (directory URLs)."""
    stem = markdown.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"{stem}/index.html" if stem else "index.html"


def nav_text(site: Path, page: Path) -> str:
    return BeautifulSoup((site / page).read_text(), "html.parser").select_one("nav.md-nav--primary").get_text(" ", strip=True)


def test_a_save_rebuilds_exactly_the_pages_whose_markdown_changed(served):
    markdown_before = served.markdown_stamps()

    rebuilt = served.save(GUIDE, "how to fix it", "edited while serving")

    changed_markdown = {path for path, stamp in served.markdown_stamps().items() if markdown_before.get(path) != stamp}
    assert rebuilt == {html_of(path) for path in changed_markdown} | {"404.html"}  # MkDocs rebuilds its 404 page every time
    assert PAGE.as_posix() in rebuilt and len(rebuilt) < len(served.stamps()) / 4
    assert "edited while serving" in (served.site / PAGE).read_text()
    # The rebuilt page's nav has every vendor's and index's title, as an untouched page has.
    untouched = next(Path(path) for path in served.stamps() if path.startswith("openai/") and path not in rebuilt)
    assert nav_text(served.site, PAGE) == nav_text(served.site, untouched)
    assert "DeepSeek" in nav_text(served.site, PAGE)


def test_a_broken_save_rewrites_no_page_and_serves_the_banner(served):
    rebuilt = served.save(GUIDE, "\nsummary:", "\nsumary:")

    assert rebuilt == {"404.html"}  # MkDocs' own 404 page is rebuilt on every build
    banner = json.loads((served.site / "errorguides-problems.json").read_text())["html"]
    assert "is not a field of guide; did you mean" in banner and 'class="eg-problems"' in banner
    assert "errorguides-problems.json" in (served.site / PAGE).read_text()

    served.save(GUIDE, "\nsumary:", "\nsummary:")
    assert json.loads((served.site / "errorguides-problems.json").read_text()) == {"html": ""}


@pytest.mark.parametrize(
    "path, old, new",
    [
        ("mkdocs.yml", "site_name: API Error Guides", "site_name: API Error Guides, edited"),
        ("overrides/main.html", "{% extends", "{#- edited -#}\n{% extends"),
        ("content/products/deepseek.yaml", "name: DeepSeek", "name: DeepSeek Platform"),  # a nav section's title
    ],
)
def test_what_every_page_shows_rebuilds_every_page(served, path, old, new):
    pages = set(served.stamps())

    rebuilt = served.save(Path(path), old, new)

    assert rebuilt == pages


# --- make serve, in a browser ---------------------------------------------------------


def documented_serve_commands() -> list[str]:
    """Every `make serve ...` the README and the Makefile's help tell a maintainer to run."""
    text = (REPO / "README.md").read_text() + (REPO / "Makefile").read_text()
    return sorted({" ".join(command.split()) for command in re.findall(r"make serve[A-Z0-9_= ]*", text)})


def test_only_plain_make_serve_is_documented():
    assert documented_serve_commands() == ["make serve"]


@pytest.mark.parametrize("command", documented_serve_commands())
def test_documented_make_serve_shows_a_save_and_a_broken_save_in_the_browser(tmp_path, command, browser):
    from benchmarks.editloop import BROKEN, _BANNER, _SHOWS, _served, _wait_for, free_port

    project = copy_project(tmp_path)
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(REPO / name, project / name)
    (project / ".venv").symlink_to(REPO / ".venv")
    port = free_port()
    with (project / "mkdocs.yml").open("a") as config:
        config.write(f"\ndev_addr: 127.0.0.1:{port}\n")
    log = (project / "serve.log").open("w")
    # -o: the venv is this checkout's, already installed; make must not reinstall it for the copy.
    process = subprocess.Popen(
        [*command.split(), "-o", ".venv/.installed"], cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/deepseek/invalid-api-key/"
    try:
        deadline = time.monotonic() + 120
        while not _served(url):
            assert process.poll() is None and time.monotonic() < deadline, (project / "serve.log").read_text()
            time.sleep(0.25)
        guide = project / GUIDE
        good = guide.read_text()
        context = browser.new_context()  # the session's Chromium (conftest.py)
        page = context.new_page()
        page.goto(url)
        time.sleep(1)
        guide.write_text(good.replace("how to fix it", "edited in the browser test"))
        _wait_for(page, _SHOWS, "edited in the browser test")
        guide.write_text(good.replace(*BROKEN, 1))
        _wait_for(page, _BANNER, None)
        assert "did you mean" in page.inner_text(".eg-problems")
        context.close()
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
        log.close()
    assert "Aborted" not in (project / "serve.log").read_text()
