"""YAML syntax and layout messages an author can act on.

The parser's own text ("could not find expected ':'") names its state, not the
author's mistake, and often points at the line after it. For the mistakes
authors make most (a missing colon, a value starting with a character YAML
reserves, a line indented too little or too much, tabs) the message points at
the line to change and says how; any other keeps the parser's text.
"""

from __future__ import annotations

import re

import yaml

from .diagnostics import Position
from .files import Refused
from .limits import TOO_DEEP

__all__ = ["layout_problem", "syntax_problem"]

_QUOTE_HINT = "; if the value contains ': ', put the whole value in quotes"
_TAB_HINT = "; indent with spaces, not tabs"
# Characters YAML reserves at the start of a plain value (the rest start a list, a
# mapping, a block text, a tag, an anchor or an alias, each with its own message).
_RESERVED_STARTS = "@`%"


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Refused:
    """The one diagnostic for a file the parser refused: the first recogniser's, else the parser's text."""
    parsed = _Failure(error, text.splitlines())
    for recognise in _RECOGNISERS:
        found = recognise(parsed)
        if found is not None:
            return found
    hint = _QUOTE_HINT if "mapping values are not allowed" in parsed.problem else ""
    return _parser_text(error, parsed.position, hint)


class _Failure:
    """What the recognisers look at: the parser's error and the file's lines."""

    def __init__(self, error: yaml.MarkedYAMLError, lines: list[str]):
        self.error, self.lines = error, lines
        self.mark = error.problem_mark or error.context_mark
        self.position = _position(self.mark)
        self.problem = error.problem or "could not be parsed"
        self.context = error.context or ""


def _second_document(failure: _Failure) -> Refused | None:
    if "expected a single document" not in failure.context:
        return None
    return Refused(failure.position, "yaml-syntax", "invalid YAML: a second document starts here; a file holds one record")


def _libyaml_depth(failure: _Failure) -> Refused | None:
    # libyaml's own limit, met before ours in flow style.
    return Refused(failure.position, "too-deep", TOO_DEEP) if "maximum nesting depth" in failure.problem else None


def _tab(failure: _Failure) -> Refused | None:
    if failure.mark and _indented_with_tab(failure.lines, failure.mark.line):
        return _parser_text(failure.error, failure.position, _TAB_HINT)
    return None


def _no_colon(failure: _Failure) -> Refused | None:
    if "could not find expected ':'" in failure.problem and failure.error.context_mark:
        return _missing_colon(failure.lines, failure.error.context_mark)
    return None


def _reserved_character(failure: _Failure) -> Refused | None:
    error = failure.error
    if "cannot start any token" in failure.problem and failure.mark:
        character = _character_at(failure.lines, failure.mark)
        return _reserved_start(failure.position, character, "YAML reserves it") if character in _RESERVED_STARTS else None
    if "found undefined alias" in failure.problem or "while scanning an alias" in failure.context:
        return _reserved_start(_position(error.context_mark or failure.mark), "*", "it starts an alias")
    if "while scanning an anchor" in failure.context and error.context_mark:
        return _reserved_start(_position(error.context_mark), "&", "it starts an anchor")
    return None


def _closed_value(failure: _Failure) -> Refused | None:
    after_value = "did not find expected key" in failure.problem or "expected '-' indicator" in failure.problem
    return _text_after_closed_value(failure.lines, failure.mark) if failure.mark and after_value else None


def _indentation(failure: _Failure) -> Refused | None:
    if failure.mark and ("did not find expected key" in failure.problem or "mapping values are not allowed" in failure.problem):
        return _misindented(failure.lines, failure.mark.line)
    return None


# In order: the first that recognises the failure says what it is.
_RECOGNISERS = (_second_document, _libyaml_depth, _tab, _no_colon, _reserved_character, _closed_value, _indentation)


def _parser_text(error: yaml.MarkedYAMLError, position: Position, hint: str) -> Refused:
    context = f" ({error.context})" if error.context else ""
    return Refused(position, "yaml-syntax", f"invalid YAML: {error.problem or 'could not be parsed'}{context}{hint}")


def _missing_colon(lines: list[str], key_mark: yaml.Mark) -> Refused:
    # The parser notices only on the next line; the key it was reading starts at the context mark.
    line = lines[key_mark.line] if key_mark.line < len(lines) else ""
    key = (line[key_mark.column :].split(None, 1) or [""])[0].split('"', 1)[0].split("'", 1)[0]
    example = f" (`{key}: ...`)" if key else ""
    return Refused(
        _position(key_mark),
        "yaml-syntax",
        f"invalid YAML: this line has no ':' after its key; add `:` after the key{example}, "
        "or indent the line if it continues the text above",
    )


def _reserved_start(position: Position, character: str, why: str) -> Refused:
    return Refused(
        position,
        "yaml-syntax",
        f"invalid YAML: a value cannot start with '{character}' ({why}); put the whole value in quotes",
    )


# A value that starts with one of these ends at its closing partner; text after that is an error.
_OPENERS = {"[": "a list, which ends at the first ']'", "{": "a mapping, which ends at the first '}'",
            '"': "quoted text, which ends at the next '\"'", "'": "quoted text, which ends at the next \"'\""}
_VALUE_START = re.compile(r"\s*(?:-\s+)?(?:[^\s#:\[{\"'][^#]*?:\s+)?(?P<opener>[\[{\"'])")


def _text_after_closed_value(lines: list[str], mark: yaml.Mark) -> Refused | None:
    """`key: [beta] model` or `key: "quoted" rest`: text after a value YAML reads as closed."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    match = _VALUE_START.match(line)
    if match is None or mark.column <= match.start("opener"):
        return None
    opener = match["opener"]
    fix = "put the whole value in quotes" if opener in "[{" else "put the whole value in the other kind of quotes"
    message = f"invalid YAML: a value starting with {opener!r} is read as {_OPENERS[opener]}, and text follows it; {fix}"
    return Refused(Position(mark.line + 1, match.start("opener") + 1), "yaml-syntax", message)


def _misindented(lines: list[str], index: int) -> Refused | None:
    """A key or list item indented less, or more, than the line above it."""
    above = _line_above(lines, index)
    if above is None or index >= len(lines):
        return None
    here, there = _indent(lines[index]), _indent(lines[above])
    item = lines[index].lstrip().startswith("- ")
    what = "list item" if item else "key"
    if here < there:
        sibling = "the `-` above" if item else "the key above it"
        message = f"this {what} is indented less than the one above (column {there + 1}); line it up with {sibling}"
    elif here > there and not item and _holds_a_value(lines[above]) and _starts_with_key(lines[index]):
        message = (
            f"this key is indented deeper than the key above (column {there + 1}), so YAML reads it as part of "
            "that key's value; line it up with its siblings"
        )
    else:
        return None
    return Refused(Position(index + 1, here + 1), "yaml-syntax", f"invalid YAML: {message}")


def _holds_a_value(line: str) -> bool:
    """'key: value' (not 'key:' opening a block below it)."""
    key, colon, value = line.strip().partition(": ")
    return bool(colon and value and not value.startswith(("|", ">", "#")))


def _starts_with_key(line: str) -> bool:
    """'name: …', not prose that holds ': ' (which wants quotes, not another indentation)."""
    key, colon, _ = line.strip().partition(":")
    return bool(colon and key and all(part.isalnum() for part in key.replace("_", "-").split("-")))


def layout_problem(text: str, node: yaml.ScalarNode, *, in_list: bool) -> Refused | None:
    """A plain text that runs on over a line starting with '- ': a list item YAML read as
    part of the text above, because it is indented deeper than that item (or than the key)."""
    lines = text.splitlines()
    for index in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines))):
        stripped = lines[index].lstrip()
        if stripped == "-" or stripped.startswith("- "):
            if in_list:
                message = (
                    "this list item is indented deeper than the one above, so YAML reads it as part of "
                    "that item's text; line it up with the `-` above"
                )
            else:
                message = (
                    "this list item follows text on the key's own line, so YAML reads it as part of that "
                    "text; put the list on the lines below the key, with nothing after its ':'"
                )
            return Refused(Position(index + 1, _indent(lines[index]) + 1), "yaml-syntax", message)
    return None


def _line_above(lines: list[str], index: int) -> int | None:
    """The nearest line above `index` that holds something other than a comment."""
    for above in range(min(index, len(lines)) - 1, -1, -1):
        stripped = lines[above].strip()
        if stripped and not stripped.startswith("#"):
            return above
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _character_at(lines: list[str], mark: yaml.Mark) -> str:
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _position(mark: yaml.Mark | None) -> Position:
    return Position(mark.line + 1, mark.column + 1) if mark else Position()


def _indented_with_tab(lines: list[str], line_index: int) -> bool:
    if line_index >= len(lines):
        return False
    line = lines[line_index]
    return "\t" in line[: len(line) - len(line.lstrip())]
