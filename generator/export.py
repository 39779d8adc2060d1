"""Exports: the same catalogue for programs, LLM tools and search engines.

Beside the Markdown pages, the generator writes (all under the docs folder, so
every builder publishes them as static files):

- ``api/catalogue.json``: every product and guide, with causes, fixes,
  checklist, sources and canonical URLs; ``api/<product>/<guide>.json`` for
  each guide; and their JSON Schemas, generated from the models below.
- ``api/lookup/``: the ranking rules of the error lookup (see lookup.py), in pieces:
  ``index.json`` (the vendors' terms and the rules' numbers), ``terms/<n>.json`` (every
  guide's terms, filed by a word of each) and ``guides/<n>.json`` (what a result shows).
- ``llms.txt`` (llmstxt.org format) and ``llms-full.txt`` (every guide's text).
- ``javascripts/`` and ``stylesheets/``: the lookup page's and the checklists'
  script and styles, copied from ``generator/assets/``.

It also builds each guide page's JSON-LD (TechArticle and FAQPage) and meta
description. Output is deterministic: keys in the models' order, no timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .catalogue import Catalogue, GuidePage, Link, Redirect
from .lookup import CODE, CONFIDENT, SHARD_ROWS, VENDOR_CAP, WEAK, anchor, shard_count, shard_of, terms_for, vendor_terms
from .paths import (
    CATALOGUE_JSON,
    CATALOGUE_SCHEMA,
    GUIDE_SCHEMA,
    LLMS_FULL_TXT,
    LLMS_TXT,
    LOOKUP_INDEX,
    guide_json,
    lookup_guides,
    lookup_terms,
    page_path,
)
from .siteinfo import SiteInfo
from .text import first_paragraph, first_sentence, link_text, plain_text, without_front_matter
from .unchanged import Unchanged
from .write import Content

__all__ = ["CatalogueDocument", "GuideDocument", "SCHEMA_VERSION", "exports"]

SCHEMA_VERSION = 1
"""Bumped when a field is removed or changes meaning; adding a field keeps it."""

GUIDES_PER_SHARD = 16
"""Result cards per file: the page fetches the files of the five best guides only."""


# --- The published format ---------------------------------------------------------


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


# --- Building the exports -----------------------------------------------------------


def exports(
    catalogue: Catalogue,
    pages: Mapping[str, str],
    site: SiteInfo,
    *,
    cache: dict | None = None,
    unchanged: Unchanged | None = None,
) -> dict[str, Content]:
    """Every exported file, as {path in the docs folder: text, or text in pieces}.

    `cache`, kept from one run to the next (as `mkdocs serve` does), reuses a
    guide's JSON and lookup entry while its page compares equal to last time's.
    """
    files: dict[str, Content] = {}
    guides: list[str] = []
    lookup: list[dict] = []
    unchanged = unchanged or Unchanged()
    for page in catalogue.guides:
        guide, entry = _guide_exports(page, site, cache, unchanged)
        guides.append(guide)
        lookup.append(entry)
        files[guide_json(page.key)] = _document(schema_version=SCHEMA_VERSION, guide=guide)
    if cache is not None:  # forget deleted guides
        for gone in cache.keys() - {page.key for page in catalogue.guides}:
            del cache[gone]
    products = [_product(hub, site).model_dump_json() for hub in catalogue.products]
    files.update(
        {
            CATALOGUE_JSON: _document(
                schema_version=SCHEMA_VERSION,
                site_url=json.dumps(site.url),
                products=products,
                guides=guides,
                moved=[_moved(redirect, site).model_dump_json() for redirect in catalogue.redirects],
            ),
            CATALOGUE_SCHEMA: _json(CatalogueDocument.model_json_schema()),
            GUIDE_SCHEMA: _json(GuideDocument.model_json_schema()),
            LLMS_TXT: _llms_txt(catalogue, site),
            LLMS_FULL_TXT: _llms_full_txt(catalogue, pages, site),
        }
    )
    files.update(_lookup_files(catalogue, lookup))
    files.update(_assets())
    return files


def _lookup_files(catalogue: Catalogue, entries: list[dict]) -> dict[str, str]:
    """The lookup's index in pieces (see lookup.py): what a paste needs, not all of it."""
    rows = [(entry["key"], term) for entry in entries for term in entry["terms"]]
    terms_count = shard_count(len(rows))
    guides_count = shard_count(len(entries) * SHARD_ROWS // GUIDES_PER_SHARD)
    term_shards: list[list] = [[] for _ in range(terms_count)]
    for key, term in rows:
        term_shards[shard_of(anchor(term), terms_count)].append([key, *_term_item(term)])
    guide_shards: list[dict] = [{} for _ in range(guides_count)]
    for entry in entries:
        guide_shards[shard_of(entry["key"], guides_count)][entry["key"]] = entry["card"]
    index = {
        "schema_version": SCHEMA_VERSION,
        "confident": CONFIDENT,
        "vendor_cap": VENDOR_CAP,
        "terms": terms_count,
        "guides": guides_count,
        "vendors": {hub.product.id: _terms(vendor_terms(hub.product)) for hub in catalogue.products},
        # Guides whose vendor evidence includes other products' (Guide.applies_to).
        "applies": {entry["key"]: entry["products"] for entry in entries if len(entry["products"]) > 1},
    }
    files = {LOOKUP_INDEX: _json(index)}
    files.update({lookup_terms(n): _json(shard) for n, shard in enumerate(term_shards)})
    files.update({lookup_guides(n): _json(shard) for n, shard in enumerate(guide_shards)})
    return files


def _guide_exports(page: GuidePage, site: SiteInfo, cache: dict | None, unchanged: Unchanged) -> tuple[str, dict]:
    """The guide's JSON and its lookup entry, from `cache` if the guide and the site are unchanged."""
    hit = cache.get(page.key) if cache is not None else None
    if hit is not None and hit[0] == site and unchanged(hit[1], page):
        return hit[2], hit[3]
    # Serialised once, by pydantic's own (compiled) serialiser; the catalogue reuses the text.
    guide, entry = _guide(page, site).model_dump_json(), _lookup_entry(page, site)
    if cache is not None:
        cache[page.key] = (site, page, guide, entry)
    return guide, entry


def _document(**members: str | int | list[str]) -> list[str]:
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


ASSETS_DIR = Path(__file__).parent / "assets"


def _assets() -> dict[str, str]:
    """The site's own scripts and styles (the lookup, the checklists), shipped with the generator."""
    return {
        path.relative_to(ASSETS_DIR).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(ASSETS_DIR.rglob("*"))
        if path.is_file()
    }


def _json(data) -> str:
    # Compact: json's C encoder runs only without `indent`, and indenting tripled the stage's time.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _url(site: SiteInfo, target: Link | str) -> str:
    if isinstance(target, str):
        return site.page_url(target)
    return site.page_url(target.page) + (f"#{target.anchor}" if target.anchor else "")


def _guide(page: GuidePage, site: SiteInfo) -> GuideOut:
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


def _product(hub, site: SiteInfo) -> ProductOut:
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


def _moved(redirect: Redirect, site: SiteInfo) -> MovedOut:
    return MovedOut(
        kind=redirect.kind,
        old_id=redirect.old_id,
        old_url=site.page_url(redirect.old_page),
        id=redirect.key,
        url=site.page_url(redirect.target.page),
    )


def _lookup_entry(page: GuidePage, site: SiteInfo) -> dict:
    """A guide in the lookup's index: its weighted terms and what its result shows."""
    return {
        "key": page.key,
        "products": [page.product.id, *page.guide.applies_to],
        "terms": terms_for(page),
        "card": {
            "title": page.guide.title,
            "vendor": page.product.name,
            "status": page.guide.status,
            "error": page.guide.error,
            "retry": page.guide.retry.label,
            "summary": plain_text(first_paragraph(page.guide.summary)),
            "path": page_path(page.page),
        },
    }


def _terms(terms) -> list[list]:
    return [_term_item(term) for term in terms]


def _term_item(term) -> list:
    """[text, weight], then flags unless 0 (the strength, lookup.STATUS, WEAK or CODE, plus 4
    for part of an exact message) and, for WEAK and CODE, the text as written."""
    item = [term.text, term.weight]
    flags = term.strength | (4 if term.message else 0)
    if flags or term.exact is not None:
        item.append(flags)
    if term.exact is not None and term.strength in (WEAK, CODE):
        item.append(term.exact)
    return item


def _llms_txt(catalogue: Catalogue, site: SiteInfo) -> str:
    lines = [f"# {site.name}", ""]
    if site.description:
        lines += [f"> {site.description}", ""]
    lines += [
        "Each guide explains one HTTP error of one LLM API vendor: what it means, why it happens, "
        "the fixes in the order to try, and a diagnostic checklist. Machine-readable: "
        f"{site.url}{CATALOGUE_JSON}; every guide's full text: {site.url}{LLMS_FULL_TXT}.",
        "",
    ]
    for hub in catalogue.products:
        if not hub.guides:
            continue
        lines += [f"## {hub.product.name}", ""]
        for page in hub.guides:
            summary = first_sentence(plain_text(first_paragraph(page.guide.summary)))
            lines.append(f"- [{link_text(page.guide.title)}]({site.page_url(page.page)}): {summary}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _llms_full_txt(catalogue: Catalogue, pages: Mapping[str, str], site: SiteInfo) -> Iterator[str]:
    """Every guide's page, in pieces: joined, it would be another copy of every page in memory."""
    yield f"# {site.name}: all guides\n"
    for page in catalogue.guides:
        body = without_front_matter(pages[page.page]).rstrip("\n")
        yield f"\n---\n\nSource: {site.page_url(page.page)}\n\n{body}\n"
