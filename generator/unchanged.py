"""Is this part of the catalogue the same as last run's? For reruns in `mkdocs serve`.

Linking builds a new catalogue on every run, so last run's pages and exports
can be reused only after comparing what they were made from. Records of
unchanged files are the very same objects as last time, which makes most
comparisons a quick identity check.
"""

from __future__ import annotations

from typing import Any

from .catalogue import Catalogue, GuidePage, Listing, ProductPage, SharedPage, StatusPage, TagPage

__all__ = ["Unchanged"]

# Catalogue objects that hold guides, and their fields that do. A guide appears on
# many pages (hubs, home, indexes, cause and fix pages), so each pair of these is
# compared once per run; their other fields are compared with plain ==.
_GUIDE_FIELDS: dict[type, frozenset[str]] = {
    Catalogue: frozenset({"products", "guides", "causes", "fixes", "tags", "statuses"}),
    GuidePage: frozenset({"related", "counterparts"}),
    Listing: frozenset({"guides"}),
    ProductPage: frozenset({"guides", "listing"}),
    SharedPage: frozenset({"guides"}),
    StatusPage: frozenset({"guides", "listing"}),
    TagPage: frozenset({"guides", "listing"}),
}
_HOLDS_GUIDES = frozenset(_GUIDE_FIELDS)


class Unchanged:
    """`unchanged(old, new)`: `old == new`, remembering the outcome for guide-holding objects.

    Make one per run: it keys what it remembers by the objects' ids.
    """

    def __init__(self) -> None:
        self._compared: dict[tuple[int, int], bool] = {}

    def __call__(self, old: Any, new: Any) -> bool:
        if old is new:
            return True
        kind = type(old)
        if kind is not type(new):
            return False
        if kind is tuple or kind is list:
            if old and type(old[0]) not in _HOLDS_GUIDES and type(old[0]) not in (tuple, list):
                return old == new  # a list of records or link objects: plain == is quicker
            return len(old) == len(new) and all(a is b or self(a, b) for a, b in zip(old, new))
        if kind is dict:
            return old.keys() == new.keys() and all(self(old[key], new[key]) for key in old)
        if kind in _HOLDS_GUIDES:
            pair = (id(old), id(new))
            if pair not in self._compared:
                self._compared[pair] = self._same_fields(old, new, _GUIDE_FIELDS[kind])
            return self._compared[pair]
        return old == new  # text, numbers, records, and the small link objects

    def _same_fields(self, old: Any, new: Any, holding_guides: frozenset[str]) -> bool:
        theirs = vars(new)
        for name, value in vars(old).items():
            other = theirs[name]
            if value is other:
                continue
            if not (self(value, other) if name in holding_guides else value == other):
                return False
        return True
