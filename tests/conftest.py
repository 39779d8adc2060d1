"""Shared test helpers: small content trees written as real YAML files.

`ContentTree` writes a minimal, valid set of records (one product, two guides,
shared causes, fixes and an FAQ) into a temporary project. Tests change one
file and assert the exact messages an author would see.
"""

from __future__ import annotations

import fcntl
import functools
import os
import re
import shutil
import subprocess
import sys
import textwrap
import traceback
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import ContentError, build_catalogue
from generator.pipeline import check
from generator.settings import LintSettings

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 2)

MINIMAL_CONTENT = {
    "products/acme.yaml": """\
        id: acme
        name: Acme
        about: Acme sells an API.
        api_base_url: https://api.acme.test
        keys_url: https://console.acme.test/keys
        billing_url: https://console.acme.test/billing
        support: Write to Acme support.
        env_var: ACME_API_KEY
        escalation:
          - The request id.
        sources:
          - title: Acme docs
            url: https://docs.acme.test/
        """,
    "causes/bad-key.yaml": """\
        id: bad-key
        title: The key is wrong
        explanation: Acme does not know the key.
        """,
    "causes/no-credit.yaml": """\
        id: no-credit
        title: The credit is used up
        explanation: Acme stops serving requests when the credit runs out.
        """,
    "fixes/new-key.yaml": """\
        id: new-key
        title: Create a new key
        body: Make a new key in the console.
        vendor_page: keys
        code:
          - language: python
            code: print("hello")
            checks:
              - name: prints hello
                responses: [{status: 200}]
                expect: {output: [hello]}
        """,
    "faqs/which-key.yaml": """\
        id: which-key
        question: Which key do I use?
        answer: The one from the console.
        """,
    "guides/acme/invalid-key.yaml": """\
        id: invalid-key
        product: acme
        title: Acme 401 Invalid Key
        status: 401
        error: invalid_key
        signatures:
          - "Invalid key: ****abcd"
        summary: Acme rejects the key.
        explains: bad-key
        causes:
          - bad-key
        fixes:
          - new-key
        faq:
          - which-key
          - question: Is it my balance?
            answer: No, that is a 402.
        checklist:
          - check: The key is current.
            fix: new-key
          - check: The credit is not used up.
            guide: no-credit
        escalation:
          - The time of the failed request.
          - The key's last four characters.
        sources:
          - title: Acme errors
            url: https://docs.acme.test/errors
        reviewed: 2026-11-01
        description: Acme does not accept the key.
        retry:
          verdict: "no"
          reason: The key must change first.
        """,
    "guides/acme/no-credit.yaml": """\
        id: no-credit
        product: acme
        title: Acme 402 No Credit
        status: 402
        error: no_credit
        summary: The credit is used up.
        explains: no-credit
        causes:
          - no-credit
        fixes:
          - id: buy-credit
            title: Buy credit
            body: Buy credit in the console.
        checklist:
          - check: The credit is above zero.
            fix: buy-credit
        sources:
          - title: Acme errors
            url: https://docs.acme.test/errors
        reviewed: 2026-11-01
        description: Acme does not accept the key.
        retry:
          verdict: "no"
          reason: The key must change first.
        """,
}


class ContentTree:
    """A project folder with a content/ tree; paths in messages are relative to it."""

    def __init__(self, root: Path, files: dict[str, str]):
        self.root = root
        self.content = root / "content"
        for path, text in files.items():
            self.write(path, text)

    def write(self, path: str, text: str) -> Path:
        target = self.content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
        return target

    def edit(self, path: str, old: str, new: str) -> None:
        target = self.content / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    def remove(self, path: str) -> None:
        (self.content / path).unlink()

    def catalogue(self):
        return build_catalogue(self.content, root=self.root, today=TODAY)

    def diagnostics(self, **settings) -> list[str]:
        """Every diagnostic line, warnings included, with the given lint settings."""
        checked = check(self.content, root=self.root, today=TODAY, settings=LintSettings(**settings))
        return [str(diagnostic) for diagnostic in checked.diagnostics]

    def problems(self) -> list[str]:
        """Every diagnostic line, as the CLI prints it (without the summary line)."""
        with pytest.raises(ContentError) as raised:
            self.catalogue()
        return [str(diagnostic) for diagnostic in raised.value.diagnostics]


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path, MINIMAL_CONTENT)


def copy_project(destination: Path) -> Path:
    """Copy the site project as a fresh clone has it: mkdocs.yml, content/, overrides/ and an empty docs/."""
    shutil.copy(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(REPO / "content", destination / "content")
    shutil.copytree(REPO / "overrides", destination / "overrides")
    (destination / "docs").mkdir()
    shutil.copy(REPO / "docs" / ".gitignore", destination / "docs" / ".gitignore")
    return destination


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of this repository's site project to build in."""
    return copy_project(tmp_path)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files under tests/golden/ instead of comparing against them",
    )


# --- The command line, in this process ------------------------------------------------


def cli(*args: str, cwd: Path, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` run in `cwd`, in this process through click's CliRunner.

    Answers as `subprocess.run(..., capture_output=True, text=True)` would: the exit code,
    stdout and stderr apart. A process start and the imports cost about a second per run; the
    real processes are kept where they matter (tests/test_build.py runs `python -m generator
    build`, tests/test_project.py runs `make`). An exception the command lets out is shown on
    stderr as the interpreter would, with exit code 1, so "no traceback" can still fail.
    """
    from click.testing import CliRunner

    from generator.cli import main

    # GITHUB_ACTIONS changes the output (annotations); a test that wants it says so.
    environment = {"GITHUB_ACTIONS": None, **(env or {})}
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), env=environment, prog_name="python -m generator")
    finally:
        os.chdir(previous)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["python", "-m", "generator", *args], result.exit_code, result.stdout, stderr)


# --- The built site, for end-to-end tests ---------------------------------------------

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(command, cwd=project, env=ENV, capture_output=True, text=True)


def built_once(tmp_path_factory, name: str, make) -> Path:
    """The folder `name`, made by `make(folder)` once per test run, then only read.

    Under pytest-xdist (`make test` runs `pytest -n auto`) every worker runs each session
    fixture; the folder lives in the run's shared temporary folder, the first worker that
    asks makes it, and the others wait for it under a lock and reuse it. A `make` that fails
    leaves no folder behind: the next worker that asks tries again, and fails the same way.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # popen-gwN's parent: shared by the run's workers
    folder, done = base / name, base / f"{name}.done"
    with (base / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def _build_shipped(folder: Path) -> None:
    project = copy_project(folder)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped project, built once with plain `mkdocs build --strict` (the plugin generates)."""
    return built_once(tmp_path_factory, "project", _build_shipped) / "site"


@pytest.fixture
def built_project(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the shared built project (content, generated docs/ and site/), for a test that
    changes it and builds again: it starts from a good build without paying for one."""
    return shutil.copytree(built_site.parent, tmp_path / "built", symlinks=True)


# One shipped guide renamed the way the README tells maintainers to: the file and its id get the
# new name, the old id goes into `aliases`, and references to it use the new id.
RENAMED_GUIDE = ("openai", "model-not-found", "model-does-not-exist")


def rename_guide(project: Path) -> None:
    """Rename RENAMED_GUIDE in `project`'s content as a maintainer would."""
    product, old, new = RENAMED_GUIDE
    guides = project / "content" / "guides"
    text = (guides / product / f"{old}.yaml").read_text(encoding="utf-8")
    (guides / product / f"{old}.yaml").unlink()
    for path in guides.glob("*/*.yaml"):
        path.write_text(re.sub(rf"\b{old}\b", new, path.read_text(encoding="utf-8")), encoding="utf-8")
    renamed = text.replace(f"\nid: {old}\n", f"\nid: {new}\naliases:\n  - {old}\n", 1)
    assert renamed != text
    (guides / product / f"{new}.yaml").write_text(renamed, encoding="utf-8")


def _build_renamed(folder: Path) -> None:
    project = copy_project(folder)
    rename_guide(project)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def renamed_site(tmp_path_factory) -> Path:
    """The shipped project with RENAMED_GUIDE renamed, built once with `mkdocs build --strict`."""
    return built_once(tmp_path_factory, "renamed", _build_renamed) / "site"


def soup(site: Path, page: str) -> BeautifulSoup:
    """The page's parsed HTML, parsed once per run (no test changes the tree it gets)."""
    return parsed(site / page / "index.html")


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> BeautifulSoup:
    """An HTML file of a site built once per run, parsed once per run (a page takes ~0.2 s);
    for pages that stay as built: a file rewritten in place would keep its old tree here."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def section_text(page: BeautifulSoup, heading_id: str) -> str:
    """The text between an h2 and the next h2."""
    heading = page.find(id=heading_id)
    assert heading is not None and heading.name == "h2", f"no section #{heading_id}"
    text = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        text.append(sibling.get_text(" ", strip=True))
    return " ".join(text).strip()


# --- The browser, one per session for every test that drives it -------------------------

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


def missing(what: str) -> None:
    """Skip locally, fail in CI: CI must run every browser test."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (required in CI)")
    pytest.skip(what)


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
