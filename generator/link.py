"""Stage 3, link: resolve every reference into one catalogue, forward and reverse.

`link()` is a pure function: valid records in, a `Catalogue` plus the problems
found out. It decides which page every record lives on and where every link
points (page and element id), so rendering only has to print. The whole graph
is built before anything is rendered: a cause page needs to know every guide
that mentions it.

The work is split by what it resolves: record_index.py (records by id, aliases,
explainers), guide_links.py (one guide's references), listings.py (the reverse
links: hubs, statuses, tags, shared pages). The result's types are in catalogue.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .catalogue import Catalogue
from .diagnostics import Diagnostic
from .guide_links import GuideLinker, finish
from .listings import catalogue_of
from .record_index import RecordIndex

if TYPE_CHECKING:  # the validate stage's output, read here
    from .validate import Records

__all__ = ["link"]


def link(records: Records) -> tuple[Catalogue, list[Diagnostic]]:
    """Resolve every reference; return the catalogue and the references that failed."""
    index = RecordIndex(records)
    drafts = [GuideLinker(index, located).draft() for located in index.guides.values()]
    guides = finish(drafts)
    return catalogue_of(index, guides), index.problems
