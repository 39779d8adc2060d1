"""Exports: the same catalogue for programs, LLM tools and search engines.

Beside the Markdown pages, the generator writes (all under the docs folder, so
every builder publishes them as static files):

- ``api/catalogue.json``: every product and guide, with causes, fixes,
  checklist, sources and canonical URLs; ``api/<product>/<guide>.json`` for
  each guide; and their JSON Schemas, generated from the models in api.py.
- ``api/lookup/``: the ranking rules of the error lookup (see lookup.py), in pieces:
  ``index.json`` (the vendors' terms and the rules' numbers), ``terms/<n>.json`` (every
  guide's terms, filed by a word of each) and ``guides/<n>.json`` (what a result shows).
- ``llms.txt`` (llmstxt.org format) and ``llms-full.txt`` (every guide's text).
- ``javascripts/`` and ``stylesheets/``: the lookup page's and the checklists'
  script and styles, copied from ``generator/assets/``.

The JSON's models are in api.py, the lookup's files in lookup_files.py. Output
is deterministic: keys in the models' order, no timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .api import SCHEMA_VERSION, CatalogueDocument, GuideDocument, document, guide_out, json_text, moved_out, product_out
from .cache import Memo
from .catalogue import Catalogue, GuidePage
from .lookup_files import lookup_entry, lookup_files
from .page_templates import GUIDE_TEMPLATE, environment, render_page
from .paths import CATALOGUE_JSON, CATALOGUE_SCHEMA, GUIDE_SCHEMA, LLMS_FULL_TXT, LLMS_TXT, guide_json
from .siteinfo import SiteInfo
from .text import first_paragraph, first_sentence, link_text, plain_text, without_front_matter
from .unchanged import Unchanged

if TYPE_CHECKING:  # what the write stage accepts
    from .write import Content

__all__ = ["ExportCache", "exports"]


def exports(
    catalogue: Catalogue,
    site: SiteInfo,
    *,
    cache: ExportCache | None = None,
    unchanged: Unchanged | None = None,
    guide_texts: Mapping[str, str] | None = None,
) -> dict[str, Content]:
    """Every exported file, as {path in the docs folder: text, or text in pieces}.

    `cache`, kept from one run to the next (as `mkdocs serve` does), reuses a
    guide's JSON and lookup entry while its page compares equal to last time's.
    `guide_texts` holds guide pages' texts that render made in this run, by page path
    (read only when llms-full.txt is written, after the pages); a guide missing from it
    is rendered here with the same templates.
    """
    unchanged = unchanged or Unchanged()
    files: dict[str, Content] = {}
    made = [_guide_exports(page, site, cache, unchanged) for page in catalogue.guides]
    for page, guide in zip(catalogue.guides, made):
        files[guide_json(page.key)] = document(schema_version=SCHEMA_VERSION, guide=guide.json)
    if cache is not None:  # forget deleted guides
        cache.guides.keep_only({page.key for page in catalogue.guides})
    files.update(
        {
            CATALOGUE_JSON: _catalogue_json(catalogue, [guide.json for guide in made], site),
            CATALOGUE_SCHEMA: json_text(CatalogueDocument.model_json_schema()),
            GUIDE_SCHEMA: json_text(GuideDocument.model_json_schema()),
            LLMS_TXT: _llms_txt(catalogue, site),
            LLMS_FULL_TXT: _llms_full_txt(catalogue, site, guide_texts or {}),
        }
    )
    files.update(lookup_files(catalogue, [guide.lookup_entry for guide in made]))
    files.update(_assets())
    return files


def _catalogue_json(catalogue: Catalogue, guides: list[str], site: SiteInfo) -> list[str]:
    return document(
        schema_version=SCHEMA_VERSION,
        site_url=json.dumps(site.url),
        products=[product_out(hub, site).model_dump_json() for hub in catalogue.products],
        guides=guides,
        moved=[moved_out(redirect, site).model_dump_json() for redirect in catalogue.redirects],
    )


@dataclass(frozen=True)
class _GuideInputs:
    """What a guide's exports are made from."""

    site: SiteInfo
    page: GuidePage


@dataclass(frozen=True)
class _GuideExports:
    json: str
    """The guide's JSON object, as text: its own document and the catalogue both reuse it."""
    lookup_entry: dict


@dataclass
class ExportCache:
    """What exporting keeps from one run to the next (see cache.py), by guide key: each guide's
    JSON and lookup entry. (llms-full.txt needs no memo: it takes the pages render made.)"""

    guides: Memo[str, _GuideInputs, _GuideExports] = field(default_factory=Memo)


def _guide_exports(page: GuidePage, site: SiteInfo, cache: ExportCache | None, unchanged: Unchanged) -> _GuideExports:
    """The guide's JSON and its lookup entry, from `cache` if the guide and the site are unchanged."""
    inputs = _GuideInputs(site, page)
    if cache is not None:
        hit = cache.guides.get(page.key, inputs, same=lambda old, new: old.site == new.site and unchanged(old.page, new.page))
        if hit is not None:
            return hit
    # Serialised once, by pydantic's own (compiled) serialiser; the catalogue reuses the text.
    made = _GuideExports(guide_out(page, site).model_dump_json(), lookup_entry(page, site))
    return cache.guides.put(page.key, inputs, made) if cache is not None else made


ASSETS_DIR = Path(__file__).parent / "assets"


def _assets() -> dict[str, str]:
    """The site's own scripts and styles (the lookup, the checklists), shipped with the generator."""
    return {
        path.relative_to(ASSETS_DIR).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(ASSETS_DIR.rglob("*"))
        if path.is_file()
    }


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


def _llms_full_txt(catalogue: Catalogue, site: SiteInfo, rendered: Mapping[str, str]) -> Iterator[str]:
    """Every guide's page, in pieces: joined, it would be another copy of every page in memory."""
    yield f"# {site.name}: all guides\n"
    for page, text in zip(catalogue.guides, _guide_texts(catalogue, site, rendered)):
        body = without_front_matter(text).rstrip("\n")
        yield f"\n---\n\nSource: {site.page_url(page.page)}\n\n{body}\n"


def _guide_texts(catalogue: Catalogue, site: SiteInfo, rendered: Mapping[str, str]) -> Iterator[str]:
    """Each guide's page as render makes it: the text render made in this run (the pipeline
    renders every guide page before llms-full.txt is written), or rendered here the same way."""
    env = None
    for page in catalogue.guides:
        text = rendered.get(page.page)
        if text is None:
            env = env or environment(site)
            text = render_page(env, GUIDE_TEMPLATE, page.page, {"page": page})
        yield text
