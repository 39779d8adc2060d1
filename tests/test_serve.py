"""`mkdocs serve`: saving a YAML file regenerates and reloads the page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

GUIDE = Path("content/guides/deepseek/invalid-api-key.yaml")
PAGE = "deepseek/invalid-api-key/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    return None


def start_server(project: Path, ready_page: str):
    port = free_port()
    log = (project / "serve.log").open("w")
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=project, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: fetch(url + ready_page), 60), (project / "serve.log").read_text()
        yield url, project
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture
def server(project: Path):
    yield from start_server(project, PAGE)


def test_editing_a_guide_yaml_regenerates_the_served_page(server):
    url, project = server
    guide = project / GUIDE
    guide.write_text(guide.read_text().replace("how to fix it", "edited while serving"))

    page = wait_for(lambda: (text := fetch(url + PAGE)) and "edited while serving" in text and text, 60)

    assert page, (project / "serve.log").read_text()
    assert "edited while serving" in (project / "docs" / "deepseek" / "invalid-api-key.md").read_text()


def test_an_edit_rebuilds_once_not_once_more_for_the_regenerated_markdown(server):
    url, project = server
    log = project / "serve.log"
    builds_before = log.read_text().count("Building documentation")
    guide = project / GUIDE
    guide.write_text(guide.read_text().replace("how to fix it", "edited once"))

    assert wait_for(lambda: (text := fetch(url + PAGE)) and "edited once" in text, 60), log.read_text()
    time.sleep(3)  # long enough for a second, unwanted rebuild to start

    assert log.read_text().count("Building documentation") == builds_before + 1, log.read_text()


BROKEN = ("summary:", "sumary:")
PROBLEM = "is not a field of guide; did you mean"


PROBLEMS = "errorguides-problems.json"
"""What every served page fetches when it loads, and shows above its article (the banner)."""


def test_a_broken_save_keeps_serving_shows_the_problem_and_recovers(server):
    url, project = server
    guide = project / GUIDE
    good = guide.read_text()
    guide.write_text(good.replace(*BROKEN))

    banner = wait_for(lambda: (text := fetch(url + PROBLEMS)) and PROBLEM in text and text, 60)

    assert banner, (project / "serve.log").read_text()
    assert 'class=\\"admonition failure\\"' in banner
    assert "Authentication Fails" in fetch(url + PAGE)  # the last good page is still there, under the problems
    assert PROBLEMS in fetch(url + PAGE)  # which it fetches
    assert "error[unknown-field]" in (project / "serve.log").read_text()
    guide.write_text(good.replace("how to fix it", "fixed again"))
    assert wait_for(lambda: (text := fetch(url + PAGE)) and "fixed again" in text, 60)
    assert fetch(url + PROBLEMS) == '{"html": ""}'


def test_serve_starts_with_broken_content_and_shows_the_problems(project):
    guide = project / GUIDE
    guide.write_text(guide.read_text().replace(*BROKEN))

    for url, _ in start_server(project, ""):
        home = fetch(url)
        assert PROBLEM in home, home
        guide.write_text(guide.read_text().replace(*reversed(BROKEN)))
        assert wait_for(lambda: (text := fetch(url + PAGE)) and PROBLEM not in text, 60)
