"""Parsing one content file's YAML, within the limits, with messages authors can act on.

libyaml composes a file once (its aliases stay shared, so that is bounded by
the file's size) and `limits.Budget` counts the limits as the nodes are
converted; a file with anchors is first checked on the parser's events, so an
alias bomb is refused before anything expands it. PyYAML silently keeps the
last of two equal keys in a mapping; here that is an error, since the first
value would be lost. A file that breaks a rule raises `Refused` and is not
parsed further, so a hostile file costs milliseconds and bounded memory.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .characters import FORBIDDEN, describe
from .diagnostics import Diagnostic, Position
from .files import Refused
from .limits import Budget, check_events, mark
from .sourcemap import Loc, SourceMap, dotted
from .syntax import layout_problem, syntax_problem

__all__ = ["parse"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str, shown: str, problems: list[Diagnostic]) -> tuple[Any, SourceMap]:
    """The file's data and source map; problems that do not stop parsing go to `problems`."""
    try:
        if "&" in text:  # anchors: aliases could expand beyond the limits, so check before building
            check_events(text)
        node = yaml.compose(text, Loader=_Loader)
        data = _Converter(shown, problems, text).convert(node, ())
    except yaml.reader.ReaderError:
        raise _unprintable_in(text) from None
    except yaml.MarkedYAMLError as error:
        raise syntax_problem(error, text) from None
    except yaml.YAMLError as error:
        raise Refused(Position(), "yaml-syntax", f"invalid YAML: {error}") from None
    return data, SourceMap(text)


# YAML allows these characters in a file (YAML 1.1, "printable"); the parser
# refuses any other. Values may not contain the rest of FORBIDDEN either, even escaped ("\e").
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _unprintable_in(text: str) -> Refused:
    match = _NOT_PRINTABLE.search(text) or FORBIDDEN.search(text)
    if match is None:  # not expected: the parser refused a character for another reason
        return Refused(Position(), "control-character", "the file contains a character YAML does not allow")
    before = text[: match.start()]
    position = Position(before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1)
    return Refused(position, "control-character", f"{describe(match.group())} is not allowed; remove it (is this a binary file?)")


# The tags a content file may use: YAML's own scalar types, plain lists and mappings.
_YAML_TAG = "tag:yaml.org,2002:"
_TEXT_TAGS = frozenset({_YAML_TAG + "str", _YAML_TAG + "value"})
_ALLOWED_TAGS = {_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value", "map", "seq")}


def _refuse_custom_tags(node: yaml.Node) -> None:
    # The safe loader would build !!binary, !!set and friends; records use plain YAML only.
    if node.tag not in _ALLOWED_TAGS:
        # A local tag is most often text that starts with '!' ("!important: …").
        text_hint = "; if it is text, put the whole value in quotes" if node.tag.startswith("!") else ""
        raise yaml.MarkedYAMLError(
            problem=f"tag '{node.tag}' is not allowed; content files use plain YAML only{text_hint}",
            problem_mark=node.start_mark,
        )


class _Converter:
    """Turns a composed YAML node tree into plain Python data, within the limits.

    The limits are counted as the nodes are converted, in the order
    `check_events` counts the parser's events, so a file without anchors (a
    tree: nothing expands) is parsed once and gets the same diagnostics.
    """

    def __init__(self, shown: str, problems: list[Diagnostic], text: str):
        self._shown = shown
        self._problems = problems
        self._text_of_file = text
        self._constructor = yaml.constructor.SafeConstructor()
        self._budget = Budget()
        # Forbidden characters can hide only in escapes ("\e", in double quotes) or,
        # for U+0085 and the bidirectional controls, raw in the text; a file with
        # neither skips the per-value search.
        self._raw_forbidden = FORBIDDEN.search(text) is not None
        self._merges = "<<" in text

    def convert(self, node: yaml.Node | None, loc: Loc) -> Any:
        """`node`, found at `loc`, as Python data."""
        if node is None:  # an empty file
            return None
        kind = type(node)
        if kind is yaml.ScalarNode:
            text = self._text(node, loc)
            if not node.style and node.end_mark.line > node.start_mark.line:  # plain text over lines
                self._refuse_swallowed_item(node, loc)
            # Most values are text and need no constructor. A lone '=' is text too, not YAML's obscure "value" key.
            return text if node.tag in _TEXT_TAGS else self._construct(node, text, loc)
        Budget.depth(len(loc) + 1, node)  # the lists and mappings it sits in, itself included
        self._count(node)
        if kind is yaml.MappingNode:
            return self._mapping(node, loc)
        return [self.convert(item, (*loc, index)) for index, item in enumerate(node.value)]

    def _count(self, node: yaml.Node) -> None:
        """Count one more value, and refuse a tag that is not plain YAML."""
        self._budget.add(1, node)
        if node.tag not in _ALLOWED_TAGS:
            _refuse_custom_tags(node)

    def _text(self, node: yaml.ScalarNode, loc: Loc) -> str:
        """A scalar's text as written, checked against the limits."""
        text = node.value
        Budget.text(len(text), node)
        self._count(node)
        if self._raw_forbidden or node.style == '"':
            self._refuse_forbidden_characters(node, loc)
        return text

    def _refuse_forbidden_characters(self, node: yaml.ScalarNode, loc: Loc) -> None:
        # The parser refuses most raw control characters; the rest were written as escapes
        # ("\e", "\x00") or are raw characters YAML allows (U+0085, the bidirectional controls).
        match = FORBIDDEN.search(node.value)
        if match:
            escaped = " (it was written as an escape)" if match.group() not in self._text_of_file else ""
            message = f"{_field(loc)}{describe(match.group())} is not allowed; remove it{escaped}"
            raise Refused(mark(node), "control-character", message)

    def _refuse_swallowed_item(self, node: yaml.ScalarNode, loc: Loc) -> None:
        """A plain text running over lines that start with '- ': list items YAML read as text."""
        problem = layout_problem(self._text_of_file, node, in_list=bool(loc) and isinstance(loc[-1], int))
        if problem:
            raise problem

    def _construct(self, node: yaml.ScalarNode, text: str, loc: Loc) -> Any:
        """A number, date, boolean or null, as YAML reads `text`."""
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:  # e.g. 2026-02-30, or a 5,000-digit number
            if node.tag == _YAML_TAG + "timestamp":
                problem = f"is not a valid date ({error}); write YYYY-MM-DD"
            else:
                problem = "has too many digits to be a number; put it in quotes if it is text"
            raise Refused(mark(node), "invalid-value", f"{_field(loc)}{_shorten(text)} {problem}") from None

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        if self._merges:
            self._constructor.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise Refused(mark(key_node), "yaml-syntax", "invalid YAML: a key must be a name, not a list or mapping")
            # The key as the author typed it: PyYAML would turn `on:` into True.
            key = str(self._text(key_node, loc))
            if key in result:
                self._problems.append(_duplicate_key(self._shown, node, key_node, key))
                continue
            result[key] = self.convert(value_node, (*loc, key))
        return result


def _duplicate_key(shown: str, mapping: yaml.MappingNode, duplicate: yaml.ScalarNode, key: str) -> Diagnostic:
    first = next(key_node for key_node, _ in mapping.value if str(key_node.value) == key)
    message = f"duplicate key '{key}' (first at line {first.start_mark.line + 1}); YAML would silently keep only the last one"
    return Diagnostic(shown, mark(duplicate), "duplicate-key", message)


def _field(loc: Loc) -> str:
    return f"'{dotted(loc)}': " if loc else ""


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"
