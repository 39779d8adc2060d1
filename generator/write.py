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

import contextlib
import filecmp
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .diagnostics import OutputError
from .paths import MANIFEST

__all__ = ["Content", "Output", "WriteReport", "output_to"]



@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.removed)} removed"


Content = str | list[str] | Iterator[str]
"""A page's text; or its text in pieces, joined when written (a list) or written as
they come (an iterator, for a file too large to hold in memory)."""


@contextlib.contextmanager
def output_to(out_dir: Path) -> Iterator[Output]:
    """An `Output` for `out_dir`, committed when the block ends, discarded if it raises."""
    output = Output(out_dir)
    try:
        yield output
        output.commit()
    except OSError as error:
        output.discard()
        where = error.filename or out_dir
        raise OutputError(f"cannot write the pages to {out_dir}: {error.strerror or error} ({where})") from None
    except BaseException:
        output.discard()
        raise


class Output:
    """The docs folder as one run rewrites it, page by page (see the module docstring).

    Pages are staged as they are added, so a run never holds every page in
    memory; `commit` puts them all in place, `discard` forgets them.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.report = WriteReport()
        self._previous = _read_manifest(out_dir)
        self._staging = _Staging(os.fspath(out_dir))
        self._paths: set[str] = set()
        self._foreign: list[str] = []

    def add(self, path: str, content: Content) -> None:
        """Stage `content` as the page at `path` (relative to the docs folder)."""
        _check_inside(path)
        if path in self._paths:  # two records on one page would silently lose one of them
            raise OutputError(f"two pages would be written to {path}")
        self._paths.add(path)
        if not self._staging.add(path, content):
            self.report.unchanged.append(path)
        elif path in self._previous or not os.path.isfile(self._staging.target(path)):
            self.report.written.append(path)
        else:  # never overwrite a file someone else put there
            self._staging.drop(path)
            self._foreign.append(path)

    def commit(self) -> None:
        if self._foreign:
            listed = ", ".join(str(self.out_dir / path) for path in sorted(self._foreign)[:5])
            raise OutputError(
                f"{len(self._foreign)} file(s) in {self.out_dir} were not written by the generator and would be "
                f"overwritten: {listed}. Move them away, or generate into another folder."
            )
        self._staging.commit()
        for path in sorted(self._previous - self._paths):
            if _remove(self.out_dir, path):
                self.report.removed.append(path)
        manifest = _Staging(os.fspath(self.out_dir))
        manifest.add(MANIFEST, json.dumps(sorted(self._paths), indent=1) + "\n")
        manifest.commit()
        self.report.written.sort()
        self.report.unchanged.sort()

    def discard(self) -> None:
        self._staging.discard()

class _Staging:
    """Changed pages written to temporary files beside their targets, renamed into place together.

    Until `commit`, nothing a reader can see has changed; `discard` removes the
    temporary files and any folder made for them.
    """

    def __init__(self, out_dir: str):
        self._out_dir = out_dir
        self._staged: dict[str, str] = {}  # target -> temporary file
        self._created: list[str] = []  # folders made for new pages, outermost first
        self._folders: set[str] = set()  # folders known to exist

    def target(self, path: str) -> str:
        return os.path.join(self._out_dir, path)

    def add(self, path: str, content: Content) -> bool:
        """Stage `content` for `path`; False (nothing staged) if the file already holds exactly that."""
        target = self.target(path)
        if isinstance(content, list):  # pieces of a small file: joined now, one file at a time
            content = "".join(content)
        if isinstance(content, str):
            data = content.encode("utf-8")
            if _holds(target, data):
                return False
            with self._temporary(target) as stream:
                stream.write(data)
            return True
        with self._temporary(target) as stream:
            for piece in content:
                stream.write(piece.encode("utf-8"))
        if _same_bytes(self._staged[target], target):
            os.unlink(self._staged.pop(target))
            return False
        return True

    def drop(self, path: str) -> None:
        os.unlink(self._staged.pop(self.target(path)))

    def commit(self) -> None:
        for target, temporary in self._staged.items():
            os.replace(temporary, target)
        self._staged.clear()

    def discard(self) -> None:
        for temporary in self._staged.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):  # not empty: something else was put there
                os.rmdir(folder)
        self._staged.clear()

    def _temporary(self, target: str) -> BinaryIO:
        """A new temporary file beside `target`, open for writing (a dot name: MkDocs skips it)."""
        folder, name = os.path.split(target)
        self._make_folder(folder)
        temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        # Registered before it is created, so a failure part-way still removes it.
        self._staged[target] = temporary
        return os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), "wb")

    def _make_folder(self, folder: str) -> None:
        if folder in self._folders:
            return
        missing = []
        parent = folder
        while parent and not os.path.isdir(parent):
            missing.append(parent)
            parent = os.path.dirname(parent)
        os.makedirs(folder, exist_ok=True)
        self._created += reversed(missing)
        self._folders.add(folder)


def _check_inside(path: str) -> None:
    # Ids are slugs, so this never trips on valid content; it guards the folder
    # against a bug anywhere upstream.
    if not _is_inside(path):
        raise OutputError(f"refusing to write outside the output folder: {path!r}")


def _is_inside(path: str) -> bool:
    return path not in ("", ".") and not path.startswith("/") and ".." not in path.split("/")


def _read_manifest(out_dir: Path) -> set[str]:
    try:
        listed = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return set()
    if not isinstance(listed, list):
        return set()
    return {path for path in listed if isinstance(path, str) and _is_inside(path)}


def _holds(target: str, data: bytes) -> bool:
    """Whether the file `target` holds exactly `data`."""
    try:
        if os.stat(target).st_size != len(data):
            return False
        with open(target, "rb") as stream:
            return stream.read() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _same_bytes(first: str, second: str) -> bool:
    try:
        return filecmp.cmp(first, second, shallow=False)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


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
