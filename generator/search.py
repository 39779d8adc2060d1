"""The site's search index: Pagefind, run on the HTML a builder wrote.

Every way of building the site calls `index_site` once on the finished HTML:
`python -m generator build` on the builder's temporary folder before it is
swapped in (MkDocs, ProperDocs, Zensical), and the MkDocs/ProperDocs plugin
after `mkdocs build` and after each rebuild of `mkdocs serve`. So every builder
gets the same search, and nothing here depends on which one ran.

Pagefind indexes only the elements marked `data-pagefind-body` (the article of
each page the templates mark; overrides/main.html), skips what is marked
`data-pagefind-ignore`, and writes its bundle to `<site>/pagefind/`: a small
script, a WebAssembly module, and the index split into chunks, of which a
search loads only those its words need.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .diagnostics import GeneratorError
from .paths import SEARCH_BUNDLE

__all__ = ["BUNDLE", "SearchIndexFailed", "index_site", "is_indexed"]

BUNDLE = SEARCH_BUNDLE

_ENTRY = "pagefind-entry.json"


class SearchIndexFailed(GeneratorError):
    """Pagefind is missing or failed; the site was not published."""


def index_site(site_dir: Path, *, quiet: bool = False) -> None:
    """Index the built HTML in `site_dir` with Pagefind, writing `site_dir/pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", os.fspath(site_dir), "--output-subdir", BUNDLE]
    # Error names and environment variables are written with underscores
    # (insufficient_quota, OPENAI_API_KEY): keep them one word, as readers paste them.
    command += ["--include-characters", "_", "--silent" if quiet else "--quiet"]
    # The builders' permalink anchors ("¶") are not part of any heading's text.
    command += ["--exclude-selectors", ".headerlink"]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except OSError as error:
        raise SearchIndexFailed(f"cannot run Pagefind: {error}") from None
    if result.returncode != 0 or not is_indexed(site_dir):
        output = (result.stderr or result.stdout).strip()
        if "No module named pagefind" in output:
            output = "Pagefind is not installed; install the project's dependencies (make build does)"
        raise SearchIndexFailed(f"Pagefind could not index {site_dir}:\n{output}")
    if not quiet and result.stdout.strip():
        print(result.stdout.strip(), file=sys.stderr)


def is_indexed(site_dir: Path) -> bool:
    """Whether `site_dir` holds a Pagefind bundle."""
    return (site_dir / BUNDLE / _ENTRY).is_file()
