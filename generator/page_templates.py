"""The Jinja environment the pages are rendered in: the templates (templates/*.j2), the
filters they print with, and the site's fixed pages they link to.

Not a stage: render renders every page with it, and export renders each guide's
page again for llms-full.txt (the guides' text as one file), so both make the
same bytes from the catalogue without either reading the other's output.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

import jinja2

from .catalogue import Link, Redirect
from .jsonld import json_ld, meta_description
from .paths import CAUSES_INDEX, FEED, FIXES_INDEX, HOME, LOOKUP, OPENSEARCH, TAGS_INDEX, page_path
from .siteinfo import SiteInfo
from .text import first_paragraph, link_text, plain_text

__all__ = ["GUIDE_TEMPLATE", "TEMPLATES_DIR", "environment", "relative_link", "render_page", "templates_fingerprint"]

TEMPLATES_DIR = Path(__file__).parent / "templates"
GUIDE_TEMPLATE = "guide.md.j2"
"""A guide's page; given {"page": its GuidePage}."""


def render_page(env: jinja2.Environment, template: str, path: str, context: dict[str, Any]) -> str:
    """The text of the page at `path` (in the docs folder), from `template` given `context`."""
    return _tidy(env.get_template(template).render(page_path=path, **context))


def templates_fingerprint() -> list[tuple[str, int, int]]:
    return sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in TEMPLATES_DIR.glob("*.j2"))


def environment(site: SiteInfo) -> jinja2.Environment:
    """A new environment for pages of `site`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        # The .md templates write Markdown from text made safe by the models; any
        # template that writes HTML or XML (name ending .html.j2, .xml.j2) is escaped.
        autoescape=jinja2.select_autoescape(("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Not a stat of the template file for every page: the caches compare templates_fingerprint().
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
    env.globals["site"] = site
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
