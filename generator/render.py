"""Stage 4, render: turn the linked catalogue into Markdown pages.

One Jinja environment, one template per page kind (templates/*.md.j2). The
templates only print: every decision about what links where was made by the
link stage. `plan` lists the pages (path, template, context), and `render_pages`
renders them one at a time for the write stage.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from .cache import Memo
from .catalogue import Catalogue, Link, Redirect
from .jsonld import json_ld, meta_description
from .paths import CAUSES_INDEX, FEED, FIXES_INDEX, HOME, LOOKUP, OPENSEARCH, TAGS_INDEX, page_path
from .siteinfo import SiteInfo
from .text import first_paragraph, link_text, plain_text
from .unchanged import Unchanged

__all__ = ["TEMPLATES_DIR", "PageSpec", "RenderCache", "plan", "render_pages"]

TEMPLATES_DIR = Path(__file__).parent / "templates"


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
    specs += [PageSpec(guide.page, "guide.md.j2", {"page": guide}) for guide in catalogue.guides]
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
    specs: list[PageSpec], site: SiteInfo | None = None, *, cache: RenderCache | None = None, unchanged: Unchanged | None = None
) -> Iterator[tuple[str, str]]:
    """(path, Markdown) of each planned page, one at a time, so a run need not hold them all.

    `cache`, kept from one run to the next (as `mkdocs serve` does), reuses a
    page's text when its template and everything it is given compare equal to
    last time (by `unchanged`, shared with the exports); a change to any
    template file, or to the site's name or URL, empties it.
    """
    site = site or SiteInfo()
    unchanged = unchanged or Unchanged()
    env = _environment() if cache is None else cache.environment(site)
    env.globals["site"] = site

    def same(old: _PageInputs, new: _PageInputs) -> bool:
        return old.template == new.template and unchanged(old.context, new.context)

    for spec in specs:
        inputs = _PageInputs(spec.template, spec.context)
        text = cache.pages.get(spec.path, inputs, same=same) if cache is not None else None
        if text is None:
            text = _tidy(env.get_template(spec.template).render(page_path=spec.path, **spec.context))
            if cache is not None:
                cache.pages.put(spec.path, inputs, text)
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
        fingerprint = (_templates_fingerprint(), site)
        env = self._environment.get(None, fingerprint)
        if env is None:  # every page may read the changed template or site
            self.pages.clear()
            env = self._environment.put(None, fingerprint, _environment())
        return env


def _templates_fingerprint() -> list[tuple[str, int, int]]:
    return sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in TEMPLATES_DIR.glob("*.j2"))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        # The .md templates write Markdown from text made safe by the models; any
        # template that writes HTML or XML (name ending .html.j2, .xml.j2) is escaped.
        autoescape=jinja2.select_autoescape(("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Not a stat of the template file for every page: render() notices template edits.
        auto_reload=False,
    )
    env.filters.update(
        href=_href,
        quoted=_quoted,
        page_title=_page_title,
        block_title=_block_title,
        code_block=_code_block,
        first_paragraph=first_paragraph,
        link_text=link_text,
        description=meta_description,
        status_label=_status_label,
        table_cell=_table_cell,
        redirect_href=_redirect_href,
        plain=plain_text,
    )
    env.globals["json_ld"] = json_ld
    env.globals.update(
        HOME=HOME,
        LOOKUP=LOOKUP,
        CAUSES_INDEX=CAUSES_INDEX,
        FIXES_INDEX=FIXES_INDEX,
        TAGS_INDEX=TAGS_INDEX,
        FEED=FEED,
        OPENSEARCH=OPENSEARCH,
    )
    return env


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: Link | str) -> str:
    """A relative Markdown link from the page being rendered, so MkDocs can check it."""
    return relative_link(context["page_path"], target)


def relative_link(from_page: str, target: Link | str) -> str:
    page, anchor = (target.page, target.anchor) if isinstance(target, Link) else (target, None)
    fragment = f"#{anchor}" if anchor else ""
    if page == from_page and fragment:
        return fragment
    return _relative_path(page, from_page.rpartition("/")[0]) + fragment


@functools.lru_cache(maxsize=1 << 16)  # the pages of a folder link to the same hubs and fixes again and again
def _relative_path(path: str, start: str) -> str:
    """posixpath.relpath for the clean relative paths of the docs folder, without its
    calls to os.getcwd() (it runs for every link of every page)."""
    parts, base = path.split("/"), start.split("/") if start else []
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def _redirect_href(redirect: Redirect) -> str:
    """The page a redirect sends readers to, relative to the old URL it is published at."""
    return _relative_path(page_path(redirect.target.page), page_path(redirect.old_page).rstrip("/"))


def _status_label(status: int | None) -> str:
    return f"HTTP {status}" if status else "No HTTP response"


def _table_cell(markdown: str) -> str:
    return markdown.replace("\n", " ").replace("|", "\\|")


def _quoted(text: str) -> str:
    """A YAML-safe double-quoted string, for front matter."""
    return json.dumps(text, ensure_ascii=False)


def _page_title(markdown: str) -> str:
    """A page's title for its front matter: quoted, as plain text without '<' in any spelling.

    MkDocs themes print the title as HTML, and Material also prints it into
    <title> through `striptags`, which decodes entities; so an escaped '<' there
    could still close the <title> element. Angle brackets become look-alikes.
    """
    text = re.sub(r"<[^<>]*>", "", markdown)  # the few tags the text may hold (<code>, <kbd>)
    for _ in range(5):  # decode entities until none are left, so none can turn into '<' later
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = text.replace("&", "&amp;").replace("<", "\u2039").replace(">", "\u203a")
    return _quoted(text)


def _block_title(text: str) -> str:
    """A quoted title for `??? question "..."` and `=== "..."` blocks.

    Those titles are not unescaped, so a double quote inside becomes an entity.
    """
    return '"' + text.replace('"', "&quot;") + '"'


def _code_block(code: str, language: str = "text") -> str:
    """A fenced code block whose fence is longer than any backtick run inside the code."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"


def _tidy(text: str) -> str:
    """No trailing spaces, and exactly one newline at the end.

    Blank lines are left alone: collapsing them would change code samples.
    """
    if " \n" in text or "\t\n" in text:  # rare: most pages have no trailing spaces to strip
        text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip("\n") + "\n"
