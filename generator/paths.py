"""The site's address space: every file the generator writes, and the ids it keeps for itself.

One owner, so the pages (link), the exports (export), the manifest (write), the
search bundle (search) and the reserved product ids (models) cannot disagree:
a product id is refused exactly when its folder would collide with one of the
site's own top-level paths below, or with one a builder writes itself.

Paths are relative to the docs folder; `page_path` turns one into the URL path
MkDocs publishes it at (directory URLs).
"""

from __future__ import annotations

__all__ = [
    "CATALOGUE_JSON",
    "CATALOGUE_SCHEMA",
    "CAUSES_INDEX",
    "CLIENT_SIDE",
    "FEED",
    "FIXES_INDEX",
    "GUIDE_SCHEMA",
    "HOME",
    "LLMS_FULL_TXT",
    "LLMS_TXT",
    "LOOKUP",
    "LOOKUP_INDEX",
    "MANIFEST",
    "OPENSEARCH",
    "RESERVED_PRODUCT_IDS",
    "SEARCH_BUNDLE",
    "TAGS_INDEX",
    "ASSET_FOLDERS",
    "alias_page",
    "cause_page",
    "fix_page",
    "guide_json",
    "guide_page",
    "listing_page",
    "lookup_guides",
    "lookup_terms",
    "page_path",
    "product_page",
    "status_page",
    "tag_page",
]

# --- Pages ------------------------------------------------------------------------

HOME = "index.md"
LOOKUP = "lookup.md"
CAUSES_INDEX = "causes/index.md"
FIXES_INDEX = "fixes/index.md"
TAGS_INDEX = "tags/index.md"
FEED = "feed.xml"
"""Atom feed of the guides, newest review first."""
OPENSEARCH = "opensearch.xml"
"""OpenSearch description: browsers send a search (a pasted error) to the lookup page."""

_STATUS_FOLDER = "status"
CLIENT_SIDE = "client-side"
"""The status pages' name for errors that come with no HTTP response."""


def product_page(product_id: str) -> str:
    return f"{product_id}/index.md"


def guide_page(key: str) -> str:
    """The page of the guide 'product/guide-id'."""
    return f"{key}.md"


def cause_page(cause_id: str) -> str:
    return f"causes/{cause_id}.md"


def fix_page(fix_id: str) -> str:
    return f"fixes/{fix_id}.md"


def tag_page(tag: str) -> str:
    return f"tags/{tag}.md"


def status_page(status: int | None) -> str:
    return f"{_STATUS_FOLDER}/{status if status else CLIENT_SIDE}.md"


def listing_page(first: str, number: int) -> str:
    """Page `number` of a listing whose first page is `first`: deepseek/index.md,
    deepseek/page/2.md; status/402.md, status/402/page/2.md; tags/billing/page/2.md.
    No guide's page can be one of them: a guide id is one path segment."""
    if number == 1:
        return first
    folder = first.removesuffix("/index.md") if first.endswith("/index.md") else first.removesuffix(".md")
    return f"{folder}/page/{number}.md"


def alias_page(page: str) -> str:
    """The file at the old URL of a renamed guide, cause or fix: 'acme/old-id.md' was published
    at /acme/old-id/, so the page that sends readers on is 'acme/old-id/index.html'. It is HTML,
    which every builder copies as it is."""
    return f"{page.removesuffix('.md')}/index.html"


def page_path(page: str) -> str:
    """A generated file's URL path relative to the site root, as MkDocs publishes it with
    directory URLs: 'deepseek/x.md' → 'deepseek/x/', 'deepseek/index.md' → 'deepseek/'."""
    if not page.endswith(".md"):
        return page
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


# --- Exports ------------------------------------------------------------------------

_API_FOLDER = "api"
CATALOGUE_JSON = f"{_API_FOLDER}/catalogue.json"
CATALOGUE_SCHEMA = f"{_API_FOLDER}/catalogue.schema.json"
GUIDE_SCHEMA = f"{_API_FOLDER}/guide.schema.json"
LOOKUP_INDEX = f"{_API_FOLDER}/lookup/index.json"
LLMS_TXT = "llms.txt"
LLMS_FULL_TXT = "llms-full.txt"


def guide_json(key: str) -> str:
    """The JSON document of the guide 'product/guide-id'."""
    return f"{_API_FOLDER}/{key}.json"


def lookup_terms(shard: int) -> str:
    return f"{_API_FOLDER}/lookup/terms/{shard}.json"


def lookup_guides(shard: int) -> str:
    return f"{_API_FOLDER}/lookup/guides/{shard}.json"


ASSET_FOLDERS = ("javascripts", "stylesheets")
"""The folders of generator/assets/, copied into the docs folder as they are."""

# --- Files beside the pages -----------------------------------------------------------

MANIFEST = ".errorguides-manifest.json"
"""What the generator wrote into the docs folder; starts with a dot so MkDocs does not publish it."""
SEARCH_BUNDLE = "pagefind"
"""Pagefind's bundle inside the built site; the search box's script loads it from there."""
_BUILDER_FOLDERS = ("assets", "search")
"""Folders MkDocs and Material write into the site themselves."""

# --- Reserved ids ---------------------------------------------------------------------


def _top_level(path: str) -> str:
    return path.split("/", 1)[0].removesuffix(".md")


# Product ids become top-level URL folders, so none may be the first segment of
# a path the site uses itself.
RESERVED_PRODUCT_IDS = frozenset(
    {
        *map(_top_level, (HOME, LOOKUP, CAUSES_INDEX, FIXES_INDEX, TAGS_INDEX, status_page(None), CATALOGUE_JSON)),
        *ASSET_FOLDERS,
        SEARCH_BUNDLE,
        *_BUILDER_FOLDERS,
    }
)
