"""Where each key and list item of a parsed document is written in its file.

Later stages point at the exact place of a problem through a `Loc`, a path of
mapping keys and list indexes; a `SourceMap` turns it into a line and column.
"""

from __future__ import annotations

import yaml

from .diagnostics import Position

__all__ = ["Loc", "SourceMap", "dotted", "node_position"]

# Loc: a path into a parsed document: mapping keys and list indexes, e.g. ("faq", 1, "answer").
Loc = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dotted(loc: Loc) -> str:
    """How messages name a field: ``faq[1].answer``."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


def node_position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


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


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _positions(root: yaml.Node | None) -> dict[Loc, tuple[int, int]]:
    """The position of every key and list item, walking the nodes as the parser's converter does."""
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
