"""Stage 4, render: turn the linked catalogue into Markdown pages.

One Jinja environment, one template per page kind (templates/*.md.j2). The
templates only print: every decision about what links where was made by the
link stage. The result maps each page's path in the docs folder to its text.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import jinja2

from .export import first_paragraph, json_ld, link_text, meta_description
from .link import CAUSES_INDEX, FIXES_INDEX, HOME, LOOKUP, TAGS_INDEX, Catalogue, Link
from .siteinfo import SiteInfo
from .unchanged import Unchanged

__all__ = ["TEMPLATES_DIR", "render"]

TEMPLATES_DIR = Path(__file__).parent / "templates"


def render(
    catalogue: Catalogue, site: SiteInfo | None = None, *, cache: dict | None = None, unchanged: Unchanged | None = None
) -> dict[str, str]:
    """Every page of the site, as {path in the docs folder: Markdown}.

    `cache`, kept from one run to the next (as `mkdocs serve` does), reuses a
    page's text when its template and everything it is given compare equal to
    last time (by `unchanged`, shared with the exports); a change to any
    template file, or to the site's name or URL, empties it.
    """
    site = site or SiteInfo()
    pages: dict[str, str] = {}
    unchanged = unchanged or Unchanged()
    if cache is None:
        env = _environment()
    else:  # the environment, with its compiled templates, lives as long as the templates are unchanged
        fingerprint = (_templates_fingerprint(), site)
        if cache.get(_TEMPLATES_KEY, (None,))[0] != fingerprint:
            cache.clear()
            cache[_TEMPLATES_KEY] = (fingerprint, _environment())
        env = cache[_TEMPLATES_KEY][1]
    env.globals["site"] = site

    def add(path: str, template: str, **context) -> None:
        # Two records on one page would silently lose one of them.
        if path in pages:
            raise ValueError(f"two pages would be written to {path}")
        hit = cache.get(path) if cache is not None else None
        if hit is not None and hit[0][0] == template and unchanged(hit[0][1], context):
            pages[path] = hit[1]
            return
        text = env.get_template(template).render(page_path=path, **context)
        pages[path] = _tidy(text)
        if cache is not None:
            cache[path] = ((template, context), pages[path])

    add(HOME, "home.md.j2", catalogue=catalogue)
    add(LOOKUP, "lookup.md.j2")
    for product in catalogue.products:
        add(product.page, "product.md.j2", hub=product)
    for guide in catalogue.guides:
        add(guide.page, "guide.md.j2", page=guide)
    # An index with nothing to list is left out, like an empty section.
    if catalogue.causes:
        add(CAUSES_INDEX, "causes.md.j2", causes=catalogue.causes)
    for cause in catalogue.causes:
        add(cause.page, "cause.md.j2", shared=cause)
    if catalogue.fixes:
        add(FIXES_INDEX, "fixes.md.j2", fixes=catalogue.fixes)
    for fix in catalogue.fixes:
        add(fix.page, "fix.md.j2", shared=fix)
    if catalogue.tags:
        # Material's tags plugin fills in the listing.
        add(TAGS_INDEX, "tags.md.j2")
    if cache is not None:  # forget pages of deleted records
        for gone in cache.keys() - pages.keys() - {_TEMPLATES_KEY}:
            del cache[gone]
    return pages


_TEMPLATES_KEY = ("templates",)


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
    )
    env.globals["json_ld"] = json_ld
    env.globals.update(
        HOME=HOME, LOOKUP=LOOKUP, CAUSES_INDEX=CAUSES_INDEX, FIXES_INDEX=FIXES_INDEX, TAGS_INDEX=TAGS_INDEX
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
