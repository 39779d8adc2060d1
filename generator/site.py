"""Build the HTML site from the generated Markdown with an MkDocs-compatible builder.

MkDocs, ProperDocs (its maintained fork) or Zensical. The builder runs as a
separate process (the generator never imports any of them)
and writes into a fresh temporary folder beside the site folder, which Pagefind
then indexes (`search.index_site`). Only a build that succeeds, search index
included, replaces the site, so a failed build never leaves a half-written
site or deletes the last good one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .diagnostics import GeneratorError
from .search import index_site, is_indexed

__all__ = ["BUILDERS", "BuildFailed", "build_site"]

BUILDERS = ("mkdocs", "properdocs", "zensical")
"""Builders that read mkdocs.yml and the generated Markdown."""


class BuildFailed(GeneratorError):
    """The builder reported an error; the previous site is untouched."""


def build_site(config_file: Path, site_dir: Path, *, builder: str = "mkdocs", quiet: bool = False) -> None:
    """Run `<builder> build --strict` into a temporary folder, index it, then swap it into `site_dir`."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site_dir.parent)
    # The process id in the name tells a later build whether this folder is still in use.
    fresh = Path(tempfile.mkdtemp(prefix=f".site-new-{os.getpid()}-", dir=site_dir.parent))
    try:
        if not _run_builder(builder, config_file, fresh, quiet):
            raise BuildFailed(f"{builder} build failed (see above); {site_dir} is unchanged")
        if not is_indexed(fresh):  # the MkDocs/ProperDocs plugin indexes its own builds; Zensical runs no plugin
            index_site(fresh, quiet=quiet)
        _swap(fresh, site_dir)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


# What a build killed midway leaves beside the site: a full copy of the site each time.
# Named with the building process's id; the old unnamed form (.site-new-abcd1234) by age.
_LEFTOVER = re.compile(r"\.site-(?:new|old)-(?:(?P<pid>\d+)(?:-.*)?|[a-z0-9_]{8})")
_UNNAMED_LEFTOVER_AGE = 3600
"""Seconds after which a leftover without a process id is surely not in use."""


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary site folders of builds that are no longer running; return them."""
    removed = []
    for path in sorted(folder.glob(".site-*")):
        match = _LEFTOVER.fullmatch(path.name)
        if match is None or not path.is_dir() or path.is_symlink() or _in_use(path, match["pid"]):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _in_use(path: Path, pid: str | None) -> bool:
    if pid is None:
        try:
            return time.time() - path.stat().st_mtime < _UNNAMED_LEFTOVER_AGE
        except OSError:
            return True
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):  # another user's process, or a platform without this
        return True
    return True


def _run_builder(builder: str, config_file: Path, out: Path, quiet: bool) -> bool:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    if builder == "zensical":
        return _run_zensical(config_file, out, environment)
    command = [sys.executable, "-m", builder, "build", "--strict", *(["--quiet"] if quiet else [])]
    command += ["--config-file", str(config_file), "--site-dir", str(out)]
    return subprocess.run(command, env=environment).returncode == 0


def _run_zensical(config_file: Path, out: Path, environment: dict[str, str]) -> bool:
    # Zensical has no --site-dir option: a configuration beside mkdocs.yml inherits
    # it and sets site_dir (which Zensical wants inside the project folder).
    config_file = config_file.resolve()
    inherited = config_file.with_name(f".zensical-{os.getpid()}.yml")
    site = os.path.relpath(out, config_file.parent)
    inherited.write_text(f"INHERIT: {config_file.name}\nsite_dir: {site}\n", encoding="utf-8")
    try:
        command = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(inherited)]
        return subprocess.run(command, env=environment).returncode == 0
    finally:
        inherited.unlink(missing_ok=True)


def _swap(fresh: Path, site_dir: Path) -> None:
    old = site_dir.with_name(f".site-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    fresh.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
