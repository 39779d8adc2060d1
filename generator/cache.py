"""What a long-lived process (`mkdocs serve`) keeps from one run to the next.

Each stage that can skip work keeps a `Memo`: for each key (a file, a page, a
guide) the value it made last time and the inputs it made it from, its
fingerprint. The value is reused only while the new inputs are the same as the
old by the stage's own test (plain `==` by default; render and export compare
pages with `Unchanged`), and entries for keys a run no longer has are
forgotten, so a memo never outgrows the content.

Not a stage: load (`FileMemo`), validate (`RecordMemo`), render (`RenderCache`)
and export (`ExportCache`) each keep their own memo, typed by what they store;
`pipeline.Cache` holds the four between runs.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["Memo"]

K = TypeVar("K")
F = TypeVar("F")
V = TypeVar("V")


@dataclass
class _Entry(Generic[F, V]):
    fingerprint: F
    value: V


@dataclass
class Memo(Generic[K, F, V]):
    """Values by key, each valid while its fingerprint is the same as when it was made."""

    _entries: dict[K, _Entry[F, V]] = field(default_factory=dict)

    def get(self, key: K, fingerprint: F, *, same: Callable[[F, F], bool] = operator.eq) -> V | None:
        """The value kept for `key` if `same(its fingerprint, fingerprint)`, else None."""
        entry = self._entries.get(key)
        if entry is not None and same(entry.fingerprint, fingerprint):
            return entry.value
        return None

    def put(self, key: K, fingerprint: F, value: V) -> V:
        self._entries[key] = _Entry(fingerprint, value)
        return value

    def keep_only(self, keys: Collection[K]) -> None:
        """Forget every key not in `keys` (the files, pages or guides of deleted records)."""
        for gone in self._entries.keys() - set(keys):
            del self._entries[gone]

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries
