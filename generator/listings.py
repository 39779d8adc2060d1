"""The catalogue's reverse links: which guides each hub, status, tag, shared cause and
shared fix lists, and how a long listing is split into pages.

Each is one pass over the guides, in guide order, so the work grows with the
guides, not with records × guides.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from .catalogue import (
    LISTING_SIZE,
    Catalogue,
    CodeGroup,
    GuidePage,
    Listing,
    ProductPage,
    SharedPage,
    StatusCount,
    StatusPage,
    TagPage,
)
from .models import CodeSample, Fix
from .paths import cause_page, fix_page, listing_page, product_page, status_page, tag_page
from .record_index import RecordIndex

if TYPE_CHECKING:  # the validate stage's output, read here
    from .validate import Located

__all__ = ["catalogue_of"]


def catalogue_of(index: RecordIndex, guides: list[GuidePage]) -> Catalogue:
    return Catalogue(
        products=tuple(_product_pages(index, guides)),
        guides=tuple(guides),
        causes=tuple(_shared_pages(index.causes, guides, _cause_ids, cause_page)),
        fixes=tuple(_with_code_groups(page, index) for page in _shared_pages(index.fixes, guides, _fix_ids, fix_page)),
        tags=tuple(
            TagPage(tag, tag_page(tag), tagged, _listing(tag_page(tag), tagged))
            for tag, tagged in _grouped(guides, lambda page: page.guide.tags)
        ),
        statuses=_status_pages(guides),
        redirects=tuple(index.redirects),
    )


def _listing(first: str, guides: tuple[GuidePage, ...]) -> tuple[Listing, ...]:
    """`guides` split into pages of LISTING_SIZE; the first page is `first` (and exists even if empty)."""
    count = max(1, -(-len(guides) // LISTING_SIZE))
    pages = [listing_page(first, number) for number in range(1, count + 1)]
    return tuple(
        Listing(
            page,
            number + 1,
            count,
            guides[number * LISTING_SIZE : (number + 1) * LISTING_SIZE],
            pages[number - 1] if number else None,
            pages[number + 1] if number + 1 < count else None,
        )
        for number, page in enumerate(pages)
    )


def _status_pages(guides: list[GuidePage]) -> tuple[StatusPage, ...]:
    by_status = _users(guides, lambda page: [page.guide.status or 0])
    ordered = sorted(by_status, key=lambda status: (status == 0, status))
    return tuple(
        StatusPage(status or None, status_page(status or None), by_status[status], _listing(status_page(status or None), by_status[status]))
        for status in ordered
    )


def _product_pages(index: RecordIndex, guides: list[GuidePage]):
    by_product = _users(guides, lambda page: [page.guide.product])
    for product_id in sorted(index.products):
        own = by_product.get(product_id, ())
        listing = _listing(product_page(product_id), own)
        yield ProductPage(index.products[product_id].record, product_page(product_id), own, listing, _status_counts(listing))


def _status_counts(listing: tuple[Listing, ...]) -> tuple[StatusCount, ...]:
    """A vendor's statuses in guide order (status, then id), each with the hub page it starts on."""
    counts: dict[int | None, list] = {}
    for part in listing:
        for page in part.guides:
            counts.setdefault(page.guide.status, [0, part.page])[0] += 1
    return tuple(StatusCount(status, number, page) for status, (number, page) in counts.items())


def _cause_ids(page: GuidePage) -> set[str]:
    return page.guide.cause_ids_used()


def _fix_ids(page: GuidePage) -> set[str]:
    return page.guide.fix_ids_used()


def _shared_pages(table: dict[str, Located], guides: list[GuidePage], ids_of, page_of):
    users = _users(guides, ids_of)
    for record_id in sorted(table):
        yield SharedPage(table[record_id].record, page_of(record_id), users.get(record_id, ()))


def _users(guides: list[GuidePage], ids_of) -> dict[str, tuple[GuidePage, ...]]:
    """Record id → the guides that use it, in guide order: one pass over the guides
    (asking every record about every guide would grow with records × guides)."""
    users: dict[str, list[GuidePage]] = defaultdict(list)
    for page in guides:
        for record_id in ids_of(page):
            users[record_id].append(page)
    return {record_id: tuple(pages) for record_id, pages in users.items()}


def _with_code_groups(page: SharedPage[Fix], index: RecordIndex) -> SharedPage[Fix]:
    groups: dict[tuple[str, ...], list[CodeSample]] = defaultdict(list)
    for sample in page.record.code:
        groups[tuple(sample.products)].append(sample)
    names = {key: located.record.name for key, located in index.products.items()}

    def title(products: tuple[str, ...]) -> str:
        if not products:
            return "Any vendor"
        shown = [names.get(product, product) for product in products]
        return " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)

    ordered = sorted(groups, key=lambda products: (bool(products), title(products)))
    single = len(ordered) == 1
    return replace(page, code_groups=tuple(CodeGroup(None if single else title(p), tuple(groups[p])) for p in ordered))


def _grouped(guides: list[GuidePage], keys_of) -> tuple:
    groups: dict = defaultdict(list)
    for page in guides:
        for key in keys_of(page):
            groups[key].append(page)
    return tuple((key, tuple(groups[key])) for key in sorted(groups))
