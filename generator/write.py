"""Stage 5, write: put the rendered pages into the docs folder, safely.

- A page is rewritten only when its bytes change, so unchanged pages keep their
  modification time (MkDocs' ``--dirty`` rebuilds rely on it).
- Each file is written to a temporary name and renamed into place, so a reader
  (or ``mkdocs serve``) never sees half a page. Every changed page is staged
  before the first rename, so a failure while writing (a full disk, a read-only
  folder) leaves the previous pages as they were.
- A manifest lists what the generator wrote. Pages of deleted records are
  removed on the next run; files the generator did not write are never touched,
  and it refuses to overwrite one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .diagnostics import OutputError
from .progress import Tick

__all__ = ["MANIFEST", "WriteReport", "write"]

MANIFEST = ".errorguides-manifest.json"
"""Written last; starts with a dot so MkDocs does not publish it."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.removed)} removed"


def write(pages: dict[str, str], out_dir: Path, *, progress: Tick | None = None) -> WriteReport:
    """Write `pages` ({relative path: text}) under `out_dir`; see the module docstring.

    `progress` is told after each page."""
    for path in pages:
        _check_inside(path)
    try:
        return _write(pages, out_dir, progress)
    except OSError as error:
        where = error.filename or out_dir
        raise OutputError(f"cannot write the pages to {out_dir}: {error.strerror or error} ({where})") from None


def _write(pages: dict[str, str], out_dir: Path, progress: Tick | None) -> WriteReport:
    previous = _read_manifest(out_dir)
    _refuse_foreign_files(pages, out_dir, previous)
    report = WriteReport()
    staged = _stage(pages, out_dir, report, progress)
    for temporary, target in staged:
        os.replace(temporary, target)
    for path in sorted(previous - pages.keys()):
        if _remove(out_dir, path):
            report.removed.append(path)
    for temporary, target in _stage({MANIFEST: json.dumps(sorted(pages), indent=1) + "\n"}, out_dir, WriteReport()):
        os.replace(temporary, target)
    return report


def _stage(
    pages: dict[str, str], out_dir: Path, report: WriteReport, progress: Tick | None = None
) -> list[tuple[Path, Path]]:
    """Write every changed page to a temporary file beside its target; nothing is replaced yet.

    On any failure the temporary files are removed and the error is raised.
    """
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []  # folders made for new pages, removed again on failure
    try:
        for number, path in enumerate(sorted(pages), start=1):
            if progress:
                progress(number, len(pages))
            target, data = out_dir / path, pages[path].encode("utf-8")
            if _unchanged(target, data):
                report.unchanged.append(path)
                continue
            created += _make_folder(target.parent)
            staged.append((_temporary_copy(target, data), target))
            report.written.append(path)
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for folder in reversed(created):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    return staged


def _make_folder(folder: Path) -> list[Path]:
    """Make `folder`; return the folders that did not exist before, outermost first."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()][::-1]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _check_inside(path: str) -> None:
    # Ids are slugs, so this never trips on valid content; it guards the folder
    # against a bug anywhere upstream.
    if not _is_inside(path):
        raise OutputError(f"refusing to write outside the output folder: {path!r}")


def _is_inside(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and ".." not in parts


def _read_manifest(out_dir: Path) -> set[str]:
    try:
        listed = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return set()
    if not isinstance(listed, list):
        return set()
    return {path for path in listed if isinstance(path, str) and _is_inside(path)}


def _refuse_foreign_files(pages: dict[str, str], out_dir: Path, previous: set[str]) -> None:
    foreign = [
        path
        for path in sorted(pages)
        if path not in previous and (out_dir / path).is_file() and (out_dir / path).read_bytes() != pages[path].encode()
    ]
    if foreign:
        listed = ", ".join(str(out_dir / path) for path in foreign[:5])
        raise OutputError(
            f"{len(foreign)} file(s) in {out_dir} were not written by the generator and would be "
            f"overwritten: {listed}. Move them away, or generate into another folder."
        )


def _unchanged(target: Path, data: bytes) -> bool:
    try:
        return target.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _temporary_copy(target: Path, data: bytes) -> Path:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes files private; pages are not
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _remove(out_dir: Path, path: str) -> bool:
    target = out_dir / path
    if not target.is_file():
        return False
    target.unlink()
    # Drop folders left empty, e.g. a deleted product's folder.
    parent = target.parent
    while parent != out_dir and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
    return True
