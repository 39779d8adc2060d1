"""Stage 4, render: turn the linked catalogue into Markdown pages.

One Jinja environment (page_templates.py), one template per page kind
(templates/*.md.j2). The templates only print: every decision about what links
where was made by the link stage. `plan` lists the pages (path, template,
context), and `render_pages` renders them one at a time for the write stage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jinja2

from .cache import Memo
from .catalogue import Catalogue
from .page_templates import GUIDE_TEMPLATE, environment, render_page, templates_fingerprint
from .paths import CAUSES_INDEX, FEED, FIXES_INDEX, HOME, LOOKUP, OPENSEARCH, TAGS_INDEX
from .siteinfo import SiteInfo
from .unchanged import Unchanged

__all__ = ["PageSpec", "RenderCache", "plan", "render_pages"]


@dataclass(frozen=True)
class PageSpec:
    """One page to render: where it goes, its template, and what the template is given."""

    path: str
    template: str
    context: dict[str, Any]


def plan(catalogue: Catalogue) -> list[PageSpec]:
    """Every page of the site, in order, not yet rendered."""
    specs = [PageSpec(HOME, "home.md.j2", {"catalogue": catalogue}), PageSpec(LOOKUP, "lookup.md.j2", {})]
    for hub in catalogue.products:
        specs.append(PageSpec(hub.page, "product.md.j2", {"hub": hub, "listing": hub.listing[0]}))
        specs += _more_pages(hub.listing, f"{hub.product.name} API errors", hub.page, "status")
    specs += [PageSpec(guide.page, GUIDE_TEMPLATE, {"page": guide}) for guide in catalogue.guides]
    # An index with nothing to list is left out, like an empty section.
    if catalogue.causes:
        specs.append(PageSpec(CAUSES_INDEX, "causes.md.j2", {"causes": catalogue.causes}))
    specs += [PageSpec(cause.page, "cause.md.j2", {"shared": cause}) for cause in catalogue.causes]
    if catalogue.fixes:
        specs.append(PageSpec(FIXES_INDEX, "fixes.md.j2", {"fixes": catalogue.fixes}))
    specs += [PageSpec(fix.page, "fix.md.j2", {"shared": fix}) for fix in catalogue.fixes]
    for status in catalogue.statuses:
        specs.append(PageSpec(status.page, "status.md.j2", {"status": status, "listing": status.listing[0]}))
        heading = f"HTTP {status.status} across vendors" if status.status else "Client-side errors"
        specs += _more_pages(status.listing, heading, status.page, "vendor")
    if catalogue.tags:
        specs.append(PageSpec(TAGS_INDEX, "tags.md.j2", {"tags": catalogue.tags}))
    for tag in catalogue.tags:
        specs += _more_pages(tag.listing, f"Guides tagged {tag.tag}", tag.page, "guide", first_too=True)
    specs += [PageSpec(redirect.page, "redirect.html.j2", {"redirect": redirect}) for redirect in catalogue.redirects]
    if catalogue.guides:
        newest_first = sorted(catalogue.guides, key=lambda page: (-page.guide.reviewed.toordinal(), page.key))
        specs.append(PageSpec(FEED, "feed.xml.j2", {"guides": newest_first}))
    specs.append(PageSpec(OPENSEARCH, "opensearch.xml.j2", {}))
    paths = [spec.path for spec in specs]
    if len(set(paths)) != len(paths):  # two records on one page would silently lose one of them
        twice = sorted({path for path in paths if paths.count(path) > 1})
        raise ValueError(f"two pages would be written to {', '.join(twice)}")
    return specs


def _more_pages(listing, heading: str, first: str, key: str, *, first_too: bool = False) -> list[PageSpec]:
    """The pages of a listing after its first (which has a template of its own), or all of them."""
    context = {"heading": heading, "first": first, "key": key}
    return [PageSpec(part.page, "listing.md.j2", {**context, "listing": part}) for part in listing[0 if first_too else 1 :]]


def render_pages(
    specs: list[PageSpec],
    site: SiteInfo | None = None,
    *,
    cache: RenderCache | None = None,
    unchanged: Unchanged | None = None,
    guide_texts: dict[str, str] | None = None,
) -> Iterator[tuple[str, str]]:
    """(path, Markdown) of each planned page, one at a time, so a run need not hold them all.

    `cache`, kept from one run to the next (as `mkdocs serve` does), reuses a
    page's text when its template and everything it is given compare equal to
    last time (by `unchanged`, shared with the exports); a change to any
    template file, or to the site's name or URL, empties it. `guide_texts`, if
    given, receives each guide page's text by its path, for the export of
    llms-full.txt to reuse instead of rendering the page a second time.
    """
    site = site or SiteInfo()
    unchanged = unchanged or Unchanged()
    env = environment(site) if cache is None else cache.environment(site)

    def same(old: _PageInputs, new: _PageInputs) -> bool:
        return old.template == new.template and unchanged(old.context, new.context)

    for spec in specs:
        inputs = _PageInputs(spec.template, spec.context)
        text = cache.pages.get(spec.path, inputs, same=same) if cache is not None else None
        if text is None:
            text = render_page(env, spec.template, spec.path, spec.context)
            if cache is not None:
                cache.pages.put(spec.path, inputs, text)
        if guide_texts is not None and spec.template == GUIDE_TEMPLATE:
            guide_texts[spec.path] = text
        yield spec.path, text
    if cache is not None:  # forget pages of deleted records
        cache.pages.keep_only({spec.path for spec in specs})


@dataclass(frozen=True)
class _PageInputs:
    """What a page's text is made from: its template and what the template is given."""

    template: str
    context: dict[str, Any]


@dataclass
class RenderCache:
    """What rendering keeps from one run to the next (see cache.py): the Jinja environment,
    with its compiled templates, while the templates and the site are unchanged; and each
    page's text, by its path."""

    pages: Memo[str, _PageInputs, str] = field(default_factory=Memo)
    _environment: Memo[None, tuple, jinja2.Environment] = field(default_factory=Memo)

    def environment(self, site: SiteInfo) -> jinja2.Environment:
        fingerprint = (templates_fingerprint(), site)
        env = self._environment.get(None, fingerprint)
        if env is None:  # every page may read the changed template or site
            self.pages.clear()
            env = self._environment.put(None, fingerprint, environment(site))
        return env
