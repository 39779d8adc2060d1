"""Finding and reading content files safely.

A file's folder says what kind of record it holds. Every file is untrusted
input: it must be a regular file inside the content folder (a symbolic link
may lead only within it), at most `MAX_FILE_BYTES` long, and UTF-8 text. A
file that breaks a rule raises `Refused`, the one diagnostic to report.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from .diagnostics import Position

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_FOLDER_DEPTH",
    "RECORD_FOLDERS",
    "Refused",
    "display_path",
    "kind_of",
    "read",
    "where_records_go",
    "yaml_files",
]

# The folder under content/ that holds each kind of record. Guides sit one level
# deeper, in a folder named after their product.
RECORD_FOLDERS = {
    "products": "product",
    "guides": "guide",
    "causes": "cause",
    "fixes": "fix",
    "faqs": "faq",
}

MAX_FILE_BYTES = 256 * 1024
"""The largest content file read (the largest shipped record is 9 KB)."""
MAX_FOLDER_DEPTH = 8
"""How deep below content/ folders are searched (records sit at most two levels down)."""

_YAML_SUFFIXES = (".yaml", ".yml")


class Refused(Exception):
    """A file that breaks a rule: the one diagnostic to report, and nothing parsed."""

    def __init__(self, position: Position, code: str, message: str):
        super().__init__(message)
        self.position, self.code, self.message = position, code, message


# --- Finding files ----------------------------------------------------------------------

Refusal = tuple[Path, str, str]
"""A path refused on sight: (path, diagnostic code, message)."""


def yaml_files(content_dir: Path) -> tuple[list[Path], list[Refusal]]:
    """The YAML files to read, and the paths refused on sight (folders named x.yaml,
    linked folders, files named x.YAML)."""
    found: list[Path] = []
    refused: list[Refusal] = []

    def unreadable(error: OSError) -> None:
        refused.append((Path(error.filename), "unreadable", f"cannot read the folder: {error.strerror or error}"))

    # Top-down, never following linked folders, and never deeper than MAX_FOLDER_DEPTH.
    for folder, dirnames, filenames in os.walk(content_dir, onerror=unreadable):
        depth = len(Path(folder).relative_to(content_dir).parts) + 1
        dirnames[:] = _folders_to_walk(Path(folder), dirnames, depth, refused)
        for name in filenames:
            if name.startswith("."):
                continue
            if name.endswith(_YAML_SUFFIXES):
                found.append(Path(folder) / name)
            elif name.lower().endswith(_YAML_SUFFIXES):
                refused.append((Path(folder) / name, "file-name", _misspelt_suffix(name)))
    return sorted(found), refused


def _folders_to_walk(folder: Path, names: list[str], depth: int, refused: list[Refusal]) -> list[str]:
    walked = []
    for name in sorted(d for d in names if not d.startswith(".")):
        path = folder / name
        if depth > MAX_FOLDER_DEPTH:
            refused.append((path, "too-deep", f"folders nest more than {MAX_FOLDER_DEPTH} levels below the "
                            "content folder here; records sit at most two levels down, so nothing deeper is read"))
        elif path.is_symlink():
            refused.append((path, "symlink", "is a symbolic link to a folder; linked folders are not read, "
                            "so move the records into content/ itself"))
        elif name.endswith(_YAML_SUFFIXES):
            refused.append((path, "not-a-file", f"'{name}' is a folder, not a YAML file; a record is one file"))
        else:
            walked.append(name)
    return walked


def _misspelt_suffix(name: str) -> str:
    # Only the exact, lower-case suffixes are read (file systems differ on case), so
    # a record named x.YAML would silently vanish from the site without this.
    stem, _, suffix = name.rpartition(".")
    return (
        f"'{name}' is not read: content files end in '.yaml' (lower case), not '.{suffix}'; "
        f"rename it to '{stem}.yaml'"
    )


def kind_of(relative: Path) -> tuple[str | None, str | None]:
    """The kind of record a file at `relative` (to content/) holds, and for guides its product folder."""
    parts = relative.parts
    kind = RECORD_FOLDERS.get(parts[0]) if parts else None
    if kind == "guide" and len(parts) == 3:
        return kind, parts[1]
    if kind and kind != "guide" and len(parts) == 2:
        return kind, None
    return None, None


def where_records_go(name: str) -> str:
    return (
        f"don't know what kind of record '{name}' holds; put products in content/products/, "
        "guides in content/guides/<product>/, and shared causes, fixes and FAQs in "
        "content/causes/, content/fixes/ and content/faqs/"
    )


def display_path(path: Path, root: Path) -> str:
    """The path shown to authors: relative to `root` where possible."""
    # Resolve the folder, not the file: a symbolic link is shown as itself, not as its target.
    folder = _display_folder(path.parent, root)
    if folder is None:
        return path.as_posix()
    return f"{folder}/{path.name}" if folder else path.name


@functools.lru_cache(maxsize=1024)  # a folder holds many records; resolving it costs a system call per part
def _display_folder(folder: Path, root: Path) -> str | None:
    """`folder` relative to `root` ("" for the root itself), or None if it is outside."""
    try:
        relative = folder.resolve().relative_to(root).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative


# --- Reading ------------------------------------------------------------------------------


def read(path: Path, content_dir: Path) -> str:
    """The file's text, if it is a readable regular file inside the content folder."""
    target = _link_target(path, content_dir)
    try:
        # Non-blocking, so a FIFO named x.yaml cannot hang the build; checked below.
        handle = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise Refused(Position(), "unreadable", f"cannot read the file: {error.strerror or error}") from None
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise Refused(Position(), "not-a-file", f"is {_file_type(mode)}, not a YAML file; a record is a plain file")
        raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            size = max(os.fstat(stream.fileno()).st_size, len(raw))
            raise Refused(
                Position(),
                "too-large",
                f"file is {_size(size)}; a content file may be at most {_size(MAX_FILE_BYTES)} "
                "(a guide is usually under 10 KB), so split it or remove what does not belong",
            )
    return _decode(raw)


def _link_target(path: Path, content_dir: Path) -> Path:
    """Where a symbolic link leads, if that is inside the content folder; `path` itself otherwise."""
    if not path.is_symlink():
        return path
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Refused(Position(), "symlink", "is a symbolic link that leads nowhere (or to itself)") from None
    if not target.is_relative_to(content_dir.resolve()):
        raise Refused(
            Position(),
            "symlink",
            f"is a symbolic link to '{os.readlink(path)}', outside the content folder; "
            "content is read only from content/, so copy the record in instead",
        )
    return target


def _file_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KiB"


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise Refused(Position(line, 1), "encoding", "file is not valid UTF-8; save it as UTF-8") from None
