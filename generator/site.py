"""Build the HTML site from the generated Markdown with an MkDocs-compatible builder.

The builder runs as a separate process (the generator never imports MkDocs)
and writes into a fresh temporary folder beside the site folder. Only a build
that succeeds replaces the site, so a failed build never leaves a half-written
site or deletes the last good one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .diagnostics import GeneratorError

__all__ = ["BuildFailed", "build_site"]


class BuildFailed(GeneratorError):
    """The builder reported an error; the previous site is untouched."""


def build_site(config_file: Path, site_dir: Path, *, quiet: bool = False) -> None:
    """Run `mkdocs build --strict` into a temporary folder, then swap it into `site_dir`."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        if not _run_builder(config_file, fresh, quiet):
            raise BuildFailed(f"mkdocs build failed (see above); {site_dir} is unchanged")
        _swap(fresh, site_dir)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _run_builder(config_file: Path, out: Path, quiet: bool) -> bool:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", *(["--quiet"] if quiet else [])]
    command += ["--config-file", str(config_file), "--site-dir", str(out)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, env=environment).returncode == 0


def _swap(fresh: Path, site_dir: Path) -> None:
    old = site_dir.with_name(f".site-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    fresh.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
