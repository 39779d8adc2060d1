"""Stage 1, load: find the YAML files under ``content/`` and parse them.

A file's folder says what kind of record it holds (`files`). Each document
comes with a `SourceMap`, the line and column of every key and list item, so
later stages can point at the exact place of a problem (`sourcemap`). Every
file is untrusted input: `files` reads it safely, and `yamlparse` parses it
within the limits of `limits`. A file that breaks a rule gets one diagnostic
and is not parsed further.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from .cache import Memo
from .diagnostics import Diagnostic, Position
from .files import MAX_FILE_BYTES, MAX_FOLDER_DEPTH, RECORD_FOLDERS, Refused, display_path, kind_of, read, where_records_go, yaml_files
from .limits import MAX_DEPTH, MAX_TEXT_CHARS, MAX_VALUES
from .progress import Tick
from .sourcemap import Loc, SourceMap
from .yamlparse import parse

__all__ = [
    "Document",
    "FileMemo",
    "Loc",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_FOLDER_DEPTH",
    "MAX_TEXT_CHARS",
    "MAX_VALUES",
    "RECORD_FOLDERS",
    "SourceMap",
    "load",
]


@dataclass(frozen=True)
class Document:
    """One parsed content file, not yet validated."""

    file: str
    """The path shown to authors, relative to the project root where possible."""
    kind: str
    """``product``, ``guide``, ``cause``, ``fix`` or ``faq``."""
    data: Any
    source: SourceMap
    folder: str | None = None
    """For guides: the product folder the file sits in."""
    parsed: bool = True
    """False when the file could not be read or parsed (that is reported already);
    the document is kept so references to its record are not reported as dangling too."""
    text: str | None = None
    """The file's text as written, comments included (None if it could not be read as text)."""


Loaded: TypeAlias = "tuple[Document | None, list[Diagnostic]]"
"""One file's document (None if it is in no record folder) and its problems."""
FileMemo: TypeAlias = "Memo[Path, tuple, Loaded]"
"""Each file's `Loaded`, by path, while its project root, size, mtime and inode are the same."""


def load(
    content_dir: Path, *, root: Path | None = None, cache: FileMemo | None = None, progress: Tick | None = None
) -> tuple[list[Document], list[Diagnostic]]:
    """Parse every YAML file under `content_dir`, in a stable order.

    `root` is the folder that file names in messages are relative to
    (default: the current directory). `cache`, kept from one run to the next
    (as `mkdocs serve` does), skips files whose size, mtime and inode are unchanged.
    `progress` is told after each file.
    """
    root = (root or Path.cwd()).resolve()
    documents: list[Document] = []
    problems: list[Diagnostic] = []
    paths, refused = yaml_files(content_dir)
    problems += [Diagnostic(display_path(path, root), Position(), code, message) for path, code, message in refused]
    if cache is not None:  # forget deleted files
        cache.keep_only(paths)
    for number, path in enumerate(paths, start=1):
        document, found = _load_cached(path, content_dir, root, cache)
        problems += found
        if document is not None:
            documents.append(document)
        if progress:
            progress(number, len(paths))
    return documents, problems


def _load_cached(path: Path, content_dir: Path, root: Path, cache: FileMemo | None) -> Loaded:
    """`_load_file`, reusing last run's result while the file's size, mtime and inode are unchanged."""
    if cache is None:
        return _load_file(path, content_dir, root)
    try:
        info = path.lstat()
    except OSError:
        return _load_file(path, content_dir, root)  # reports the file as unreadable
    fingerprint = (root, info.st_size, info.st_mtime_ns, info.st_ino)
    loaded = cache.get(path, fingerprint)
    if loaded is None:
        loaded = cache.put(path, fingerprint, _load_file(path, content_dir, root))
    return loaded


def _load_file(path: Path, content_dir: Path, root: Path) -> Loaded:
    """One file's document (None if it is in no record folder) and its problems."""
    shown = display_path(path, root)
    kind, folder = kind_of(path.relative_to(content_dir))
    if kind is None:
        return None, [Diagnostic(shown, Position(), "unknown-location", where_records_go(path.name))]
    problems: list[Diagnostic] = []
    text = None
    try:
        text = read(path, content_dir)
        data, source = parse(text, shown, problems)
    except Refused as refused_file:
        problems.append(Diagnostic(shown, refused_file.position, refused_file.code, refused_file.message))
        return Document(shown, kind, None, SourceMap(), folder, parsed=False, text=text), problems
    return Document(shown, kind, data, source, folder, text=text), problems
