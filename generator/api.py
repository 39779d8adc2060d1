"""The published JSON: the models of /api/catalogue.json and /api/<product>/<guide>.json,
whose JSON Schemas are exported beside them, and each guide, product and moved record in them.

Output is deterministic: keys in the models' order, no timestamps.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .catalogue import GuidePage, Link, ProductPage, Redirect
from .paths import guide_json
from .siteinfo import SiteInfo

__all__ = [
    "SCHEMA_VERSION",
    "CatalogueDocument",
    "GuideDocument",
    "GuideOut",
    "document",
    "guide_out",
    "json_text",
    "moved_out",
    "product_out",
]

SCHEMA_VERSION = 1
"""Bumped when a field is removed or changes meaning; adding a field keeps it."""


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class SourceOut(_Out):
    title: str
    url: str


class CauseOut(_Out):
    id: str
    title: str
    explanation: str
    """Markdown."""
    url: str | None
    """The shared cause's page; null for a cause written only in this guide."""


class FixOut(_Out):
    number: int
    """The step number on the guide page; fixes are listed in the order to try."""
    id: str
    title: str
    url: str
    """This fix on the guide page."""
    shared_url: str | None
    """The shared fix's own page; null for a fix written only in this guide."""


class RetryOut(_Out):
    verdict: Literal["yes", "after-delay", "no", "not-documented"]
    """yes: retry with backoff; after-delay: only after the wait the response states; no: the
    request or account must change first; not-documented: the vendor does not say."""
    reason: str
    """Markdown, one line: the source or reasoning for the verdict."""


class CheckOut(_Out):
    check: str
    resolved_by: Literal["fix", "guide", "cause"]
    title: str
    url: str


class GuideOut(_Out):
    key: str
    """'product/guide-id', unique across the catalogue."""
    id: str
    product: str
    title: str
    status: int | None
    """The HTTP status code; null for a client-side error that comes with no HTTP response."""
    error: str
    """The vendor's name or type for the error."""
    signatures: list[str]
    """Exact error messages, as users see them."""
    description: str
    """One line (Markdown) for listings."""
    summary: str
    """Markdown."""
    retry: RetryOut
    """Whether to retry the error, and why."""
    causes: list[CauseOut]
    fixes: list[FixOut]
    checklist: list[CheckOut]
    related: list[str]
    """Keys of related guides of the same vendor."""
    counterparts: list[str]
    """Keys of the same error's guides at other vendors."""
    tags: list[str]
    sources: list[SourceOut]
    reviewed: date
    url: str
    """The guide's canonical page."""
    json_url: str
    """This guide's own JSON document."""


class ProductOut(_Out):
    id: str
    name: str
    url: str
    """The vendor's hub page on this site."""
    api_base_url: str
    keys_url: str | None
    billing_url: str | None
    limits_url: str | None
    status_url: str | None
    env_var: str
    guides: list[str]
    """Keys of the vendor's guides."""


class MovedOut(_Out):
    kind: Literal["guide", "cause", "fix"]
    old_id: str
    """The id it was published under ('product/guide-id' for a guide)."""
    old_url: str
    """Its old URL, which now sends readers to `url`."""
    id: str
    """Its id now ('product/guide-id' for a guide)."""
    url: str


class CatalogueDocument(_Out):
    """The whole knowledge base: /api/catalogue.json."""

    schema_version: Literal[1]
    site_url: str
    products: list[ProductOut]
    guides: list[GuideOut]
    moved: list[MovedOut]
    """Renamed guides, causes and fixes (their `aliases`): each old URL and where it leads now."""


class GuideDocument(_Out):
    """One guide: /api/<product>/<guide>.json."""

    schema_version: Literal[1]
    guide: GuideOut


def document(**members: str | int | list[str]) -> list[str]:
    """A JSON object from members already serialised, in the order given (that of the models);
    a list member is a JSON array of items already serialised.

    Left in pieces for the write stage to join one file at a time: each guide's
    JSON is then held once, not again in its own file and in the catalogue.
    """
    pieces = ["{"]
    for name, value in members.items():
        pieces.append(f'"{name}":')
        if isinstance(value, list):
            pieces.append("[")
            for item in value:
                pieces += [item, ","]
            if value:
                pieces.pop()
            pieces.append("]")
        else:
            pieces.append(str(value))
        pieces.append(",")
    pieces[-1] = "}\n"
    return pieces


def json_text(data) -> str:
    # Compact: json's C encoder runs only without `indent`, and indenting tripled the stage's time.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _url(site: SiteInfo, target: Link | str) -> str:
    if isinstance(target, str):
        return site.page_url(target)
    return site.page_url(target.page) + (f"#{target.anchor}" if target.anchor else "")


def guide_out(page: GuidePage, site: SiteInfo) -> GuideOut:
    guide = page.guide
    url = site.page_url(page.page)
    return GuideOut(
        key=page.key,
        id=guide.id,
        product=guide.product,
        title=guide.title,
        status=guide.status,
        error=guide.error,
        signatures=list(guide.signatures),
        description=guide.description,
        summary=guide.summary,
        retry=RetryOut(verdict=guide.retry.verdict, reason=guide.retry.reason),
        causes=[
            CauseOut(
                id=c.cause.id,
                title=c.cause.title,
                explanation=c.cause.explanation,
                url=site.page_url(c.page) if c.page else None,
            )
            for c in page.causes
        ],
        fixes=[
            FixOut(
                number=f.number,
                id=f.fix.id,
                title=f.fix.title,
                url=f"{url}#{f.anchor}",
                shared_url=site.page_url(f.page) if f.page else None,
            )
            for f in page.fixes
        ],
        checklist=[
            CheckOut(check=item.check, resolved_by=item.target.kind, title=item.target.label, url=_url(site, item.target))
            for item in page.checklist
        ],
        related=[other.key for other in page.related],
        counterparts=[other.key for other in page.counterparts],
        tags=list(guide.tags),
        sources=[SourceOut(title=s.title, url=s.url) for s in guide.sources],
        reviewed=guide.reviewed,
        url=url,
        json_url=site.url + guide_json(page.key),
    )


def product_out(hub: ProductPage, site: SiteInfo) -> ProductOut:
    product = hub.product
    return ProductOut(
        id=product.id,
        name=product.name,
        url=site.page_url(hub.page),
        api_base_url=product.api_base_url,
        keys_url=product.keys_url,
        billing_url=product.billing_url,
        limits_url=product.limits_url,
        status_url=product.status_url,
        env_var=product.env_var,
        guides=[page.key for page in hub.guides],
    )


def moved_out(redirect: Redirect, site: SiteInfo) -> MovedOut:
    return MovedOut(
        kind=redirect.kind,
        old_id=redirect.old_id,
        old_url=site.page_url(redirect.old_page),
        id=redirect.key,
        url=site.page_url(redirect.target.page),
    )
