"""The error lookup's index as files (api/lookup/): the ranking rules of lookup.py in pieces,
so the page fetches what a paste needs, not all of it.

``index.json`` holds the vendors' terms and the rules' numbers, ``terms/<n>.json``
every guide's terms, filed by a word of each, and ``guides/<n>.json`` what a
result shows.
"""

from __future__ import annotations

import re

from .api import SCHEMA_VERSION, json_text
from .catalogue import Catalogue, GuidePage
from .lookup import CODE, CONFIDENT, VENDOR_CAP, WEAK, Term, terms_for, vendor_terms
from .paths import LOOKUP_INDEX, lookup_guides, lookup_terms, page_path
from .siteinfo import SiteInfo
from .text import first_paragraph, plain_text

__all__ = ["lookup_entry", "lookup_files"]

GUIDES_PER_SHARD = 16
"""Result cards per file: the page fetches the files of the five best guides only."""


def lookup_files(catalogue: Catalogue, entries: list[dict]) -> dict[str, str]:
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
    files = {LOOKUP_INDEX: json_text(index)}
    files.update({lookup_terms(n): json_text(shard) for n, shard in enumerate(term_shards)})
    files.update({lookup_guides(n): json_text(shard) for n, shard in enumerate(guide_shards)})
    return files


def lookup_entry(page: GuidePage, site: SiteInfo) -> dict:
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


# --- Which file a term or a guide is in ------------------------------------------------------
#
# The page must not download every guide's terms (that grows with the catalogue). A term can
# occur in a paste only if each of its words occurs there as a whole word (rule 2 keeps words
# whole), so each term is filed under one of its words, its *anchor*, and the page fetches only
# the shards of the words in the paste. Shards are numbered by a hash of the anchor.

SHARD_ROWS = 64
"""About this many guide terms per shard: small files, a few fetches per paste."""
MAX_SHARDS = 4096
_WORDS = re.compile(r"[^\W]+")


def words(text: str) -> list[str]:
    """The whole words of normalised text: runs of letters, digits and underscores."""
    return _WORDS.findall(text)


def anchor(term: Term) -> str:
    """The word a term is filed under: its longest (most telling), the first of equals."""
    found = words(term.text)
    return max(found, key=len) if found else ""


def shard_count(rows: int) -> int:
    """A power of two, so that shards hold about SHARD_ROWS terms each."""
    count = 1
    while count * SHARD_ROWS < rows and count < MAX_SHARDS:
        count *= 2
    return count


def shard_of(word: str, count: int) -> int:
    """FNV-1a (32 bit) of the word's UTF-8 bytes, modulo `count`; lookup.js computes the same."""
    value = 0x811C9DC5
    for byte in word.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % count
