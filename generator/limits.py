"""How much YAML a content file may hold, and the one counter that enforces it.

A file's YAML must stay within `MAX_DEPTH`, `MAX_VALUES` (counting what aliases
expand to) and `MAX_TEXT_CHARS`. `Budget` owns those rules and their messages;
the parser counts with it twice over: on the parser's events for a file with
anchors (`check_events`, before anything expands an alias bomb), and as it
converts the nodes of every file.
"""

from __future__ import annotations

from typing import Any

import yaml

from .diagnostics import Position
from .files import Refused

__all__ = ["Budget", "MAX_DEPTH", "MAX_TEXT_CHARS", "MAX_VALUES", "check_events", "mark"]

# The largest shipped record is nested 5 levels deep, with 107 values and no
# text longer than 1,500 characters; these leave ample room.
MAX_DEPTH = 20
"""How deeply lists and mappings may nest, aliases expanded."""
MAX_VALUES = 10_000
"""How many values (scalars, lists, mappings) a file may hold, aliases expanded."""
MAX_TEXT_CHARS = 20_000
"""The longest text (or key) a file may hold."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOO_DEEP = (
    f"lists and mappings are nested more than {MAX_DEPTH} levels deep here (aliases included); "
    "a record needs only a few levels"
)


def mark(item: yaml.Event | yaml.Node) -> Position:
    """Where a parser event or a node starts."""
    return Position(item.start_mark.line + 1, item.start_mark.column + 1)


class Budget:
    """Counts one file's values against the limits; raises `Refused` at the first one broken."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values = 0

    def add(self, count: int, item: yaml.Event | yaml.Node, alias: str | None = None) -> None:
        """`count` more values at `item` (an alias adds what it expands to)."""
        self.values += count
        if self.values <= MAX_VALUES:
            return
        if alias is not None:
            message = (
                f"alias '*{alias}' makes the file expand to more than {MAX_VALUES:,} values "
                "(an alias repeats its anchor's content); write the values out instead"
            )
        else:
            message = f"the file holds more than {MAX_VALUES:,} values; a record needs far fewer, so split it"
        raise Refused(mark(item), "too-large", message)

    @staticmethod
    def text(length: int, item: yaml.Event | yaml.Node) -> None:
        if length > MAX_TEXT_CHARS:
            raise Refused(
                mark(item), "too-long", f"a text of {length:,} characters; texts may be at most "
                f"{MAX_TEXT_CHARS:,} characters long",
            )

    @staticmethod
    def depth(depth: int, item: yaml.Event | yaml.Node) -> None:
        if depth > MAX_DEPTH:
            raise Refused(mark(item), "too-deep", TOO_DEEP)


def check_events(text: str) -> None:
    """Walk the parser's events (nothing is built yet) and refuse a file beyond the limits.

    Aliases are counted as what they expand to, so an alias bomb (each level
    repeating the one before) is refused before it is expanded.
    """
    budget = Budget()
    open_nodes: list[list[Any]] = []  # per open list or mapping: [anchor, values, height]
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (values, height) once its node is complete
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            if any(node[0] == event.anchor for node in open_nodes):
                raise Refused(
                    mark(event), "yaml-syntax", f"invalid YAML: alias '*{event.anchor}' is used inside its own "
                    f"anchor '&{event.anchor}', so it would repeat forever",
                )
            values, height = sizes.get(event.anchor, (1, 0))
        elif isinstance(event, yaml.ScalarEvent):
            budget.text(len(event.value), event)
            values, height = 1, 0
        elif isinstance(event, yaml.CollectionStartEvent):
            budget.depth(len(open_nodes) + 1, event)
            budget.add(1, event)
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
        budget.depth(len(open_nodes) + height, event)
        budget.add(values, event, alias=event.anchor if isinstance(event, yaml.AliasEvent) else None)
        if event.anchor is not None and isinstance(event, yaml.ScalarEvent):
            sizes[event.anchor] = (1, 0)
        if open_nodes:
            open_nodes[-1][1] += values
            open_nodes[-1][2] = max(open_nodes[-1][2], height + 1)
