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


@pytest.fixture
def server(project: Path):
    port = free_port()
    log = (project / "serve.log").open("w")
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=project, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: fetch(url + PAGE), 60), (project / "serve.log").read_text()
        yield url, project
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


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
