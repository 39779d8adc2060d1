"""Stage 1, load: find the YAML files under ``content/`` and parse them.

A file's folder says what kind of record it holds. Each document comes with a
`SourceMap`, the line and column of every key and list item, so later stages
can point at the exact place of a problem; it is worked out from the text only
when a position is asked for. PyYAML silently keeps the last of two equal keys
in a mapping; here that is an error, since the first value would be lost.

Every file is untrusted input. A file must be a regular file inside the content
folder, at most `MAX_FILE_BYTES` long, UTF-8 text without control characters,
and its YAML must stay within `MAX_DEPTH`, `MAX_VALUES` (counting what aliases
expand to) and `MAX_TEXT_CHARS`. libyaml composes a file once (its aliases stay
shared, so that is bounded by the file's size) and the limits are counted as
the nodes are converted; a file with anchors is first checked on the parser's
events, so an alias bomb is refused before anything expands it. A file that
breaks a rule gets one diagnostic and is not parsed further, so a hostile file
costs milliseconds and bounded memory.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Position
from .progress import Tick

__all__ = [
    "Document",
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

# Loc: a path into a parsed document: mapping keys and list indexes, e.g. ("faq", 1, "answer").
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

# Limits. The largest shipped record is 9 KB, nested 5 levels deep, with 107
# values and no text longer than 1,500 characters; these leave ample room.
MAX_FILE_BYTES = 256 * 1024
"""The largest content file read."""
MAX_DEPTH = 20
"""How deeply lists and mappings may nest, aliases expanded."""
MAX_VALUES = 10_000
"""How many values (scalars, lists, mappings) a file may hold, aliases expanded."""
MAX_TEXT_CHARS = 20_000
"""The longest text (or key) a file may hold."""
MAX_FOLDER_DEPTH = 8
"""How deep below content/ folders are searched (records sit at most two levels down)."""

_YAML_SUFFIXES = (".yaml", ".yml")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceMap:
    """Where each key and list item of a document starts in its file.

    Worked out from the file's text the first time a position is asked for:
    only files with a problem ever need one, and keeping a position for every
    key of every file took a third of the load stage and of its memory.
    """

    __slots__ = ("_text", "_positions")

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
        return Position(*positions[loc]) if loc in positions else Position()

    def find(self, loc: Loc, text: str) -> Position:
        """Where `text` (a URL inside a value) is first written at or after `loc`; where
        `loc` is if it is not written as it is (escaped, or folded across lines)."""
        start = self.at(loc)
        if not self._text:
            return start
        line_start = 0
        for _ in range(start.line - 1):
            line_start = self._text.index("\n", line_start) + 1
        found = self._text.find(text, line_start + start.column - 1)
        if found == -1:
            return start
        line_start = self._text.rfind("\n", 0, found) + 1
        return Position(self._text.count("\n", 0, found) + 1, found - line_start + 1)


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


class _Refused(Exception):
    """A file that breaks a rule: the one diagnostic to report, and nothing parsed."""

    def __init__(self, position: Position, code: str, message: str):
        super().__init__(message)
        self.position, self.code, self.message = position, code, message


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
    paths, refused = _yaml_files(content_dir)
    problems += [Diagnostic(_display_path(path, root), Position(), code, message) for path, code, message in refused]
    if cache is not None:  # forget deleted files
        for gone in cache.keys() - set(paths):
            del cache[gone]
    for number, path in enumerate(paths, start=1):
        document, found = _load_cached(path, content_dir, root, cache)
        problems += found
        if document is not None:
            documents.append(document)
        if progress:
            progress(number, len(paths))
    return documents, problems


def _load_cached(path: Path, content_dir: Path, root: Path, cache: dict | None) -> tuple[Document | None, list]:
    """`_load_file`, reusing last run's result while the file's size, mtime and inode are unchanged."""
    if cache is None:
        return _load_file(path, content_dir, root)
    try:
        info = path.lstat()
    except OSError:
        return _load_file(path, content_dir, root)  # reports the file as unreadable
    key = (root, info.st_size, info.st_mtime_ns, info.st_ino)
    hit = cache.get(path)
    if hit is None or hit[0] != key:
        hit = cache[path] = (key, *_load_file(path, content_dir, root))
    return hit[1], hit[2]


def _load_file(path: Path, content_dir: Path, root: Path) -> tuple[Document | None, list[Diagnostic]]:
    """One file's document (None if it is in no record folder) and its problems."""
    shown = _display_path(path, root)
    kind, folder = _kind_of(path.relative_to(content_dir))
    if kind is None:
        return None, [Diagnostic(shown, Position(), "unknown-location", _where_records_go(path.name))]
    problems: list[Diagnostic] = []
    text = None
    try:
        text = _read(path, content_dir)
        data, source = _parse(text, shown, problems)
    except _Refused as refused_file:
        problems.append(Diagnostic(shown, refused_file.position, refused_file.code, refused_file.message))
        return Document(shown, kind, None, SourceMap(), folder, parsed=False, text=text), problems
    return Document(shown, kind, data, source, folder, text=text), problems


# --- Finding files ----------------------------------------------------------------------


def _yaml_files(content_dir: Path) -> tuple[list[Path], list[tuple[Path, str, str]]]:
    """The YAML files to read, and the paths refused on sight (folders named x.yaml, linked folders)."""
    found: list[Path] = []
    refused: list[tuple[Path, str, str]] = []

    def unreadable(error: OSError) -> None:
        refused.append((Path(error.filename), "unreadable", f"cannot read the folder: {error.strerror or error}"))

    # Top-down, never following linked folders, and never deeper than MAX_FOLDER_DEPTH.
    for folder, dirnames, filenames in os.walk(content_dir, onerror=unreadable):
        walked = []
        depth = len(Path(folder).relative_to(content_dir).parts) + 1
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            path = Path(folder) / name
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
        dirnames[:] = walked
        found += [Path(folder) / name for name in filenames if name.endswith(_YAML_SUFFIXES) and not name.startswith(".")]
    return sorted(found), refused


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


def _read(path: Path, content_dir: Path) -> str:
    """The file's text, if it is a readable regular file inside the content folder."""
    target = _link_target(path, content_dir)
    try:
        # Non-blocking, so a FIFO named x.yaml cannot hang the build; checked below.
        handle = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise _Refused(Position(), "unreadable", f"cannot read the file: {error.strerror or error}") from None
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise _Refused(Position(), "not-a-file", f"is {_file_type(mode)}, not a YAML file; a record is a plain file")
        raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            size = max(os.fstat(stream.fileno()).st_size, len(raw))
            raise _Refused(
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
        raise _Refused(Position(), "symlink", "is a symbolic link that leads nowhere (or to itself)") from None
    if not target.is_relative_to(content_dir.resolve()):
        raise _Refused(
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
        raise _Refused(Position(line, 1), "encoding", "file is not valid UTF-8; save it as UTF-8") from None


# --- Parsing ------------------------------------------------------------------------------


def _parse(text: str, shown: str, problems: list[Diagnostic]) -> tuple[Any, SourceMap]:
    try:
        if "&" in text:  # anchors: aliases could expand beyond the limits, so check before building
            _check_limits(text)
        node = yaml.compose(text, Loader=_Loader)
        data = _Converter(shown, problems, text).convert(node, 1)
    except yaml.reader.ReaderError:
        raise _control_character_in(text) from None
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, text) from None
    except yaml.YAMLError as error:
        raise _Refused(Position(), "yaml-syntax", f"invalid YAML: {error}") from None
    return data, SourceMap(text)


# YAML allows these characters in a file (YAML 1.1, "printable"); the parser
# refuses any other. Values may not contain the rest either, even escaped ("\e").
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _control_character_in(text: str) -> _Refused:
    match = _NOT_PRINTABLE.search(text) or _CONTROL.search(text)
    if match is None:  # not expected: the parser refused a character for another reason
        return _Refused(Position(), "control-character", "the file contains a character YAML does not allow")
    before = text[: match.start()]
    position = Position(before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1)
    return _Refused(position, "control-character", _control_message(match.group()) + " (is this a binary file?)")


def _control_message(character: str) -> str:
    return f"control character U+{ord(character):04X} is not allowed; remove it"


def _check_limits(text: str) -> None:
    """Walk the parser's events (nothing is built yet) and refuse a file beyond the limits.

    Aliases are counted as what they expand to, so an alias bomb (each level
    repeating the one before) is refused before it is expanded.
    """
    open_nodes: list[list[Any]] = []  # per open list or mapping: [anchor, values, height]
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (values, height) once its node is complete
    total = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            if any(node[0] == event.anchor for node in open_nodes):
                raise _Refused(
                    _mark(event), "yaml-syntax", f"invalid YAML: alias '*{event.anchor}' is used inside its own "
                    f"anchor '&{event.anchor}', so it would repeat forever",
                )
            values, height = sizes.get(event.anchor, (1, 0))
        elif isinstance(event, yaml.ScalarEvent):
            if len(event.value) > MAX_TEXT_CHARS:
                raise _Refused(
                    _mark(event), "too-long", f"a text of {len(event.value):,} characters; texts may be at most "
                    f"{MAX_TEXT_CHARS:,} characters long",
                )
            values, height = 1, 0
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(open_nodes) + 1 > MAX_DEPTH:
                raise _too_deep(event)
            total += 1
            _check_total(total, event)
            open_nodes.append([event.anchor, 1, 1])
            continue
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, values, height = open_nodes.pop()
            if anchor is not None:
                sizes[anchor] = (values, height)
            if open_nodes:
                open_nodes[-1][1] += values
                open_nodes[-1][2] = max(open_nodes[-1][2], height + 1)
            continue
        else:
            continue
        # A scalar or an alias: `values` more values, `height` more levels below this point.
        if len(open_nodes) + height > MAX_DEPTH:
            raise _too_deep(event)
        total += values
        _check_total(total, event)
        if event.anchor is not None and isinstance(event, yaml.ScalarEvent):
            sizes[event.anchor] = (1, 0)
        if open_nodes:
            open_nodes[-1][1] += values
            open_nodes[-1][2] = max(open_nodes[-1][2], height + 1)


def _check_total(total: int, event: yaml.Event) -> None:
    if total <= MAX_VALUES:
        return
    if isinstance(event, yaml.AliasEvent):
        message = (
            f"alias '*{event.anchor}' makes the file expand to more than {MAX_VALUES:,} values "
            "(an alias repeats its anchor's content); write the values out instead"
        )
    else:
        message = f"the file holds more than {MAX_VALUES:,} values; a record needs far fewer, so split it"
    raise _Refused(_mark(event), "too-large", message)


_TOO_DEEP = (
    f"lists and mappings are nested more than {MAX_DEPTH} levels deep here (aliases included); "
    "a record needs only a few levels"
)


def _too_deep(event: yaml.Event) -> _Refused:
    return _Refused(_mark(event), "too-deep", _TOO_DEEP)


def _mark(event: yaml.Event) -> Position:
    return Position(event.start_mark.line + 1, event.start_mark.column + 1)


# Hints for the parser messages authors meet most, keyed by a phrase in the message.
_SYNTAX_HINTS = {
    "mapping values are not allowed": "; if the value contains ': ', put the whole value in quotes",
    "could not find expected ':'": "; a line may be missing its 'key:' or be indented too little",
}
_TAB_HINT = "; indent with spaces, not tabs"


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> _Refused:
    mark = error.problem_mark or error.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else Position()
    problem = error.problem or "could not be parsed"
    if "expected a single document" in (error.context or ""):
        return _Refused(position, "yaml-syntax", "invalid YAML: a second document starts here; a file holds one record")
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours in flow style
        return _Refused(position, "too-deep", _TOO_DEEP)
    context = f" ({error.context})" if error.context else ""
    hint = next((hint for phrase, hint in _SYNTAX_HINTS.items() if phrase in problem), "")
    if mark and _indented_with_tab(text, mark.line):
        hint = _TAB_HINT
    return _Refused(position, "yaml-syntax", f"invalid YAML: {problem}{context}{hint}")


def _indented_with_tab(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    if line_index >= len(lines):
        return False
    line = lines[line_index]
    return "\t" in line[: len(line) - len(line.lstrip())]


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _at(node: yaml.Node) -> Position:
    return Position(*_position(node))


# The tags a content file may use: YAML's own scalar types, plain lists and mappings.
_YAML_TAG = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG + "str"
_TEXT_TAGS = frozenset({_STR_TAG, _YAML_TAG + "value"})
_ALLOWED_TAGS = {_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value", "map", "seq")}


def _refuse_custom_tags(node: yaml.Node) -> None:
    # The safe loader would build !!binary, !!set and friends; records use plain YAML only.
    if node.tag not in _ALLOWED_TAGS:
        raise yaml.MarkedYAMLError(
            problem=f"tag '{node.tag}' is not allowed; content files use plain YAML only",
            problem_mark=node.start_mark,
        )


class _Converter:
    """Turns a composed YAML node tree into plain Python data, within the limits.

    The limits are counted as the nodes are converted, in the order
    `_check_limits` counts the parser's events, so a file without anchors (a
    tree: nothing expands) is parsed once and gets the same diagnostics.
    """

    def __init__(self, shown: str, problems: list[Diagnostic], text: str):
        self._shown = shown
        self._problems = problems
        self._constructor = yaml.constructor.SafeConstructor()
        self._values = 0
        # Control characters can hide only in escapes ("\e", in double quotes) or,
        # for U+0085, raw in the text; a file with neither skips the per-value search.
        self._raw_control = _CONTROL.search(text) is not None
        self._merges = "<<" in text
        self._root: yaml.Node | None = None

    def convert(self, node: yaml.Node | None, depth: int) -> Any:
        """`node` as Python data; `depth` counts the lists and mappings it sits in, itself included."""
        if node is None:  # an empty file
            return None
        self._root = self._root or node
        kind = type(node)
        if kind is yaml.ScalarNode:
            text = self._text(node)
            # Most values are text and need no constructor. A lone '=' is text too, not YAML's obscure "value" key.
            return text if node.tag in _TEXT_TAGS else self._construct(node, text)
        if depth > MAX_DEPTH:
            raise _Refused(_at(node), "too-deep", _TOO_DEEP)
        self._count(node)
        if kind is yaml.MappingNode:
            return self._mapping(node, depth)
        return [self.convert(item, depth + 1) for item in node.value]

    def _count(self, node: yaml.Node) -> None:
        """Count one more value, and refuse a tag that is not plain YAML."""
        self._values += 1
        if self._values > MAX_VALUES:
            message = f"the file holds more than {MAX_VALUES:,} values; a record needs far fewer, so split it"
            raise _Refused(_at(node), "too-large", message)
        if node.tag not in _ALLOWED_TAGS:
            _refuse_custom_tags(node)

    def _text(self, node: yaml.ScalarNode) -> str:
        """A scalar's text as written, checked against the limits."""
        text = node.value
        if len(text) > MAX_TEXT_CHARS:
            raise _Refused(
                _at(node), "too-long", f"a text of {len(text):,} characters; texts may be at most "
                f"{MAX_TEXT_CHARS:,} characters long",
            )
        self._count(node)
        if self._raw_control or node.style == '"':
            _refuse_control_characters(node)
        return text

    def _construct(self, node: yaml.ScalarNode, text: str) -> Any:
        """A number, date, boolean or null, as YAML reads `text`."""
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:  # e.g. 2026-02-30, or a 5,000-digit number
            if node.tag == _YAML_TAG + "timestamp":
                problem = f"is not a valid date ({error}); write YYYY-MM-DD"
            else:
                problem = "has too many digits to be a number; put it in quotes if it is text"
            loc = _loc_of(node, self._root)
            field_name = f"'{_dotted(loc)}': " if loc else ""
            raise _Refused(_at(node), "invalid-value", f"{field_name}{_shorten(text)} {problem}") from None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        if self._merges:
            self._constructor.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(_at(key_node), "yaml-syntax", "invalid YAML: a key must be a name, not a list or mapping")
            # The key as the author typed it: PyYAML would turn `on:` into True.
            key = str(self._text(key_node))
            if key in result:
                self._problems.append(_duplicate_key(self._shown, node, key_node, key))
                continue
            result[key] = self.convert(value_node, depth + 1)
        return result


def _duplicate_key(shown: str, mapping: yaml.MappingNode, duplicate: yaml.ScalarNode, key: str) -> Diagnostic:
    first = next(key_node for key_node, _ in mapping.value if str(key_node.value) == key)
    message = f"duplicate key '{key}' (first at line {first.start_mark.line + 1}); YAML would silently keep only the last one"
    return Diagnostic(shown, _at(duplicate), "duplicate-key", message)


def _loc_of(wanted: yaml.Node, root: yaml.Node | None) -> Loc:
    """Where `wanted` sits in the document; worked out only for an error message."""

    def search(node: yaml.Node, loc: Loc) -> Loc | None:
        if node is wanted:
            return loc
        if isinstance(node, yaml.MappingNode):
            children = [(str(key.value), value) for key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = list(enumerate(node.value))
        else:
            return None
        return next((found for part, child in children if (found := search(child, (*loc, part))) is not None), None)

    return (search(root, ()) if root is not None else None) or ()


def _positions(root: yaml.Node | None) -> dict[Loc, tuple[int, int]]:
    """The position of every key and list item, walking the nodes as _Converter does."""
    positions: dict[Loc, tuple[int, int]] = {}
    flatten = yaml.SafeLoader("").flatten_mapping

    def walk(node: yaml.Node, loc: Loc) -> None:
        positions.setdefault(loc, _position(node))  # a mapping's values already have their key's position
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


def _refuse_control_characters(node: yaml.ScalarNode) -> None:
    # Raw control characters are refused by the parser; these were written as escapes ("\e", "\x00").
    match = _CONTROL.search(node.value)
    if match:
        raise _Refused(_at(node), "control-character", _control_message(match.group()) + " (it was written as an escape)")


def _dotted(loc: Loc) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"
