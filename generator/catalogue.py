"""The linked catalogue: every record with its references resolved, forward and reverse.

The link stage builds it; render, export, lookup and unchanged read it. It is
plain frozen data, with each page's path (see paths.py) and each link's target
decided, so the stages after link only have to print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from .models import Cause, CodeSample, Faq, Fix, Guide, InlineFaq, Product

__all__ = [
    "LISTING_SIZE",
    "Catalogue",
    "CheckItem",
    "CodeGroup",
    "ExternalLink",
    "GuideCause",
    "GuideFix",
    "GuidePage",
    "Link",
    "Listing",
    "ProductPage",
    "Redirect",
    "SharedPage",
    "StatusCount",
    "StatusPage",
    "TagPage",
    "guide_label",
]

LISTING_SIZE = 50
"""Guides per page of a listing (a vendor's hub, a status, a tag). A listing longer than
this goes on over more pages, so no page grows with the number of guides."""

def guide_label(guide: Guide, vendor: str) -> str:
    """How links name a guide, the way readers scan for errors: "DeepSeek 402 Insufficient Balance"."""
    return f"{vendor} {guide.status} {guide.error}" if guide.status else f"{vendor} {guide.error}"




@dataclass(frozen=True)
class Link:
    """A link inside the site: a page, an optional element id on it, and the link text."""

    page: str
    anchor: str | None
    label: str
    kind: str
    """What the link points at: guide, fix, cause or tag."""


@dataclass(frozen=True)
class ExternalLink:
    label: str
    url: str


@dataclass(frozen=True)
class GuideCause:
    """One entry of "Why does this error happen?"."""

    cause: Cause
    anchor: str
    page: str | None
    """The shared cause's own page, or None for a one-off cause."""
    guide: Link | None = None
    """The product's own guide for this cause, when another guide is dedicated to it."""


@dataclass(frozen=True)
class GuideFix:
    """One numbered step of "How to fix it"."""

    fix: Fix
    number: int
    anchor: str
    details: str | None
    page: str | None
    """The shared fix's own page, or None for a one-off fix."""
    vendor_link: ExternalLink | None
    code: tuple[CodeSample, ...]
    """The fix's samples that apply to this guide's product."""


@dataclass(frozen=True)
class CheckItem:
    """One checklist item and what resolves it."""

    check: str
    target: Link


@dataclass(frozen=True)
class GuidePage:
    """A guide with every reference resolved."""

    key: str
    """'product/guide-id', unique across the site."""
    page: str
    source: str
    """The YAML file the guide comes from, as authors see its path."""
    guide: Guide
    product: Product
    product_page: str
    status_page: str
    causes: tuple[GuideCause, ...]
    fixes: tuple[GuideFix, ...]
    faq: tuple[InlineFaq | Faq, ...]
    checklist: tuple[CheckItem, ...]
    related: tuple[GuidePage, ...]
    counterparts: tuple[GuidePage, ...]
    """The same error at other vendors, in both directions."""
    escalation: tuple[str, ...]
    """What to include when contacting support: the product's list, then the guide's."""
    tags: tuple[Link, ...] = ()
    """The guide's tags, each linking to its tag's page."""
    previous: Link | None = None
    next: Link | None = None
    """The vendor's guides in order (status, then id), for paging through them."""

    @property
    def label(self) -> str:
        return guide_label(self.guide, self.product.name)


@dataclass(frozen=True)
class Listing:
    """One page of a listing of guides, at most LISTING_SIZE of them, with its neighbours."""

    page: str
    number: int
    """1 for the listing's first page."""
    count: int
    """How many pages the listing has."""
    guides: tuple[GuidePage, ...]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class StatusPage:
    """Every vendor's guides for one HTTP status (None: client-side errors with no response)."""

    status: int | None
    page: str
    guides: tuple[GuidePage, ...]
    listing: tuple[Listing, ...] = ()
    """The guides, a page at a time; the first is `page`."""


@dataclass(frozen=True)
class StatusCount:
    """How many guides a vendor has for one status, and the hub page where they start."""

    status: int | None
    guides: int
    page: str


@dataclass(frozen=True)
class ProductPage:
    product: Product
    page: str
    guides: tuple[GuidePage, ...]
    listing: tuple[Listing, ...] = ()
    """The guides, a page at a time; the first is `page`."""
    statuses: tuple[StatusCount, ...] = ()


@dataclass(frozen=True)
class TagPage:
    """The guides that carry one tag."""

    tag: str
    page: str
    guides: tuple[GuidePage, ...]
    listing: tuple[Listing, ...] = ()


R = TypeVar("R", Cause, Fix)


@dataclass(frozen=True)
class CodeGroup:
    """A fix's code samples for one set of products; title is None when the fix has one group."""

    title: str | None
    samples: tuple[CodeSample, ...]


@dataclass(frozen=True)
class SharedPage(Generic[R]):
    """A shared cause or fix with the guides that use it (its reverse links)."""

    record: R
    page: str
    guides: tuple[GuidePage, ...]
    code_groups: tuple[CodeGroup, ...] = ()
    """A fix's samples grouped by the products they are for, as its own page shows them."""


@dataclass(frozen=True)
class Redirect:
    """An old URL of a renamed guide, cause or fix; the page there sends readers to `target`."""

    kind: str
    """guide, cause or fix."""
    old_id: str
    """The id it was published under ('product/old-id' for a guide)."""
    key: str
    """Its id now ('product/guide-id' for a guide)."""
    old_page: str
    """The page it was ('acme/old-id.md'), whose URL is the old URL."""
    page: str
    """The file written at the old URL: alias_page(old_page)."""
    target: Link
    """The page it is now, with its title."""


@dataclass(frozen=True)
class Catalogue:
    products: tuple[ProductPage, ...]
    guides: tuple[GuidePage, ...]
    causes: tuple[SharedPage[Cause], ...]
    fixes: tuple[SharedPage[Fix], ...]
    tags: tuple[TagPage, ...]
    """By tag, A-Z."""
    statuses: tuple[StatusPage, ...]
    """By status, ascending; client-side errors (no status) last."""
    redirects: tuple[Redirect, ...] = ()
    """The old URLs of renamed guides, causes and fixes, by the file written there."""

