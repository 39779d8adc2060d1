"""Stage 1, load: find the YAML files under ``content/`` and parse them.

A file's folder says what kind of record it holds. Parsing keeps the line and
column of every key and list item (a `SourceMap`), so later stages can point
at the exact place of a problem. PyYAML silently keeps the last of two equal
keys in a mapping; here that is an error, since the first value would be lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Position
from .progress import Tick

__all__ = ["Document", "Loc", "SourceMap", "load", "RECORD_FOLDERS"]

# A path into a parsed document: mapping keys and list indexes, e.g. ("faq", 1, "answer").
Loc = tuple[str | int, ...]

# The folder under content/ that holds each kind of record. Guides sit one level
# deeper, in a folder named after their product.
RECORD_FOLDERS = {
    "products": "product",
    "guides": "guide",
    "causes": "cause",
    "fixes": "fix",
    "faqs": "faq",
}

_YAML_SUFFIXES = (".yaml", ".yml")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceMap:
    """Where each key and list item of a document starts in its file.

    Worked out from the file's text the first time a position is asked for:
    only files with a problem ever need one, and keeping a position for every
    key of every file took a third of the load stage and of its memory.
    """

    def __init__(self, text: str | None = None):
        self._text = text
        self._positions: dict[Loc, tuple[int, int]] | None = None if text else {}

    @property
    def positions(self) -> dict[Loc, tuple[int, int]]:
        """(line, column), 1-based, of every key and list item."""
        if self._positions is None:
            self._positions = _positions(yaml.compose(self._text, Loader=_Loader))
        return self._positions

    def at(self, loc: Loc) -> Position:
        """The position of `loc`, or of its nearest ancestor that has one."""
        positions = self.positions
        while loc not in positions and loc:
            loc = loc[:-1]
        return Position(*positions.get(loc, (1, 1)))


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
    """The file's text as written, comments included (None if it is not UTF-8)."""


def load(
    content_dir: Path, *, root: Path | None = None, cache: dict | None = None, progress: Tick | None = None
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
    paths = _yaml_files(content_dir)
    if cache is not None:  # forget deleted files
        for gone in cache.keys() - set(paths):
            del cache[gone]
    for number, path in enumerate(paths, start=1):
        if cache is None:
            document, found = _load_file(path, content_dir, root)
        else:
            stat = path.stat()
            key = (root, stat.st_size, stat.st_mtime_ns, stat.st_ino)
            hit = cache.get(path)
            if hit is None or hit[0] != key:
                hit = cache[path] = (key, *_load_file(path, content_dir, root))
            document, found = hit[1], hit[2]
        problems += found
        if document is not None:
            documents.append(document)
        if progress:
            progress(number, len(paths))
    return documents, problems


def _load_file(path: Path, content_dir: Path, root: Path) -> tuple[Document | None, list[Diagnostic]]:
    """One file's document (None if it is in no record folder) and its problems."""
    shown = _display_path(path, root)
    kind, folder = _kind_of(path.relative_to(content_dir))
    if kind is None:
        return None, [Diagnostic(shown, Position(), "unknown-location", _where_records_go(path.name))]
    problems: list[Diagnostic] = []
    text = _read(path, shown, problems)
    parsed = _parse(text, shown, problems) if text is not None else None
    if parsed is None:
        return Document(shown, kind, None, SourceMap(), folder, parsed=False, text=text), problems
    return Document(shown, kind, *parsed, folder, text=text), problems


def _yaml_files(content_dir: Path) -> list[Path]:
    found = []
    for folder, dirnames, filenames in os.walk(content_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(folder) / name for name in filenames if name.endswith(_YAML_SUFFIXES) and not name.startswith(".")]
    return sorted(found)


def _kind_of(relative: Path) -> tuple[str | None, str | None]:
    parts = relative.parts
    kind = RECORD_FOLDERS.get(parts[0]) if parts else None
    if kind == "guide" and len(parts) == 3:
        return kind, parts[1]
    if kind and kind != "guide" and len(parts) == 2:
        return kind, None
    return None, None


def _where_records_go(name: str) -> str:
    return (
        f"don't know what kind of record '{name}' holds; put products in content/products/, "
        "guides in content/guides/<product>/, and shared causes, fixes and FAQs in "
        "content/causes/, content/fixes/ and content/faqs/"
    )


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path, shown: str, problems: list[Diagnostic]) -> str | None:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Diagnostic(shown, Position(line, 1), "encoding", "file is not valid UTF-8; save it as UTF-8"))
        return None


def _parse(text: str, shown: str, problems: list[Diagnostic]) -> tuple[Any, SourceMap] | None:
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = _Converter(shown, problems).convert(node)
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(shown, error, text))
        return None
    return data, SourceMap(text)


# Hints for the parser messages authors meet most, keyed by a phrase in the message.
_SYNTAX_HINTS = {
    "mapping values are not allowed": "; if the value contains ': ', put the whole value in quotes",
    "could not find expected ':'": "; a line may be missing its 'key:' or be indented too little",
}
_TAB_HINT = "; indent with spaces, not tabs"


def _syntax_problem(shown: str, error: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else Position()
    problem = error.problem or "could not be parsed"
    context = f" ({error.context})" if error.context else ""
    hint = next((hint for phrase, hint in _SYNTAX_HINTS.items() if phrase in problem), "")
    if mark and _indented_with_tab(text, mark.line):
        hint = _TAB_HINT
    return Diagnostic(shown, position, "yaml-syntax", f"invalid YAML: {problem}{context}{hint}")


def _indented_with_tab(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    if line_index >= len(lines):
        return False
    line = lines[line_index]
    return "\t" in line[: len(line) - len(line.lstrip())]


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_PLAIN_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_STR_TAG = "tag:yaml.org,2002:str"


def _refuse_custom_tags(node: yaml.Node) -> None:
    # The safe constructor refuses unknown tags on scalars; lists and mappings
    # are walked here instead, so their tags are checked here.
    if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_COLLECTION_TAGS:
        raise yaml.MarkedYAMLError(
            problem=f"tag '{node.tag}' is not allowed; content files use plain YAML only",
            problem_mark=node.start_mark,
        )


class _Converter:
    """Turns a composed YAML node tree into plain Python data."""

    def __init__(self, shown: str, problems: list[Diagnostic]):
        self._shown = shown
        self._problems = problems
        self._constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node | None) -> Any:
        if node is None:  # an empty file
            return None
        if isinstance(node, yaml.ScalarNode):
            # Most values are plain text; the constructor is only needed for the rest.
            return node.value if node.tag == _STR_TAG else self._constructor.construct_object(node, deep=True)
        _refuse_custom_tags(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        return [self.convert(item) for item in node.value]

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        self._constructor.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[str, Any] = {}
        first_keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            # The key as the author typed it: PyYAML would turn `on:` into True.
            key = str(key_node.value)
            if key in result:
                first, _ = _position(first_keys[key])
                message = f"duplicate key '{key}' (first at line {first}); YAML would silently keep only the last one"
                self._problems.append(Diagnostic(self._shown, Position(*_position(key_node)), "duplicate-key", message))
                continue
            first_keys[key] = key_node
            result[key] = self.convert(value_node)
        return result


def _positions(root: yaml.Node | None) -> dict[Loc, tuple[int, int]]:
    """The position of every key and list item, walking the nodes as _Converter does."""
    positions: dict[Loc, tuple[int, int]] = {}
    flatten = yaml.constructor.SafeConstructor().flatten_mapping

    def walk(node: yaml.Node, loc: Loc) -> None:
        if loc not in positions:  # a mapping's values already have their key's position
            positions[loc] = _position(node)
        if isinstance(node, yaml.MappingNode):
            flatten(node)
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if (*loc, key) not in positions:  # the first of duplicate keys is the one kept
                    positions[(*loc, key)] = _position(key_node)
                    walk(value_node, (*loc, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*loc, index))

    if root is not None:
        walk(root, ())
    return positions
