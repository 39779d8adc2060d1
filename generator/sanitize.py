"""Make an author's Markdown safe to publish, whatever renders it.

Text fields are Markdown from contributors, and the site's Markdown passes raw
HTML through and lets ``{ attr=value }`` (attr_list) set any attribute, so a
text could otherwise run script in a reader's browser. `safe_markdown` returns
text in which:

- Every ``<`` is written ``&lt;``, so no raw HTML tag, comment or block
  survives. Two exceptions: autolinks (``<https://…>``) and a few inline tags
  (`ALLOWED_TAGS`), which nh3, an allow-list HTML sanitiser, rebuilds without
  attributes and balanced. Safe text is left as it is (the function is idempotent).
- Every ``{`` is written ``&#123;``, so no attribute list can be written.
- Links and images may only point to http(s) and mailto addresses or within
  the site. Any other scheme (``javascript:``, ``data:``, ``vbscript:``…) is
  refused with `UnsafeMarkdown`, since silently dropping it would surprise the
  author; so is a control character.

The escaping covers the whole text, code spans included: it never depends on
finding code spans the way the Markdown renderer would. To keep code spans
looking the same, a span that holds ``<`` or ``{`` is written as an HTML
``<code>`` element whose characters are all escaped; guessing a span wrong can
only make it look odd, never make it run.
"""

from __future__ import annotations

import html
import re

import nh3

from .characters import FORBIDDEN, describe

__all__ = ["ALLOWED_TAGS", "SAFE_SCHEMES", "UnsafeMarkdown", "safe_markdown"]

ALLOWED_TAGS = frozenset({"br", "code", "kbd", "sub", "sup"})
"""Raw HTML tags kept (without attributes); every other tag is shown as text. <code> is
among them so that safe text stays the same when it is made safe again."""
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""The URL schemes links may use; a link without a scheme stays within the site."""


class UnsafeMarkdown(ValueError):
    """A text that cannot be published as written; the message says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        """``unsafe-link`` or ``control-character`` (a diagnostic code)."""


def safe_markdown(text: str) -> str:
    """`text` with raw HTML and attribute lists escaped; raises UnsafeMarkdown (see the module)."""
    _refuse_control_characters(text)
    _refuse_unsafe_links(text)
    if "<" not in text and "{" not in text:  # most texts: nothing to escape, code spans included
        return text
    pieces: list[str] = []
    tags: list[int] = []  # indexes in `pieces` of the allowed tags, for nh3
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "code":
            pieces.append(_code(match))
        elif kind == "tag":
            tags.append(len(pieces))
            pieces.append(match.group())
        elif kind in ("autolink", "text"):
            pieces.append(match.group())
        else:  # "lt" or "brace"
            pieces.append("&lt;" if kind == "lt" else "&#123;")
    if tags:
        pieces = _sanitise_tags(pieces, tags)
    return "".join(pieces)


# --- Escaping -------------------------------------------------------------------------------

# Scanned left to right; `text` takes every run of characters that need nothing.
_TOKEN = re.compile(
    r"""
    (?P<code>(?<!\\)(?P<fence>`+)(?P<inner>.+?)(?<!`)(?P=fence)(?!`))   # a code span, as Python-Markdown finds them
    | (?P<autolink><(?:https?|mailto):[^\s<>"'`{}\\]+>)
    | (?P<tag></?(?:"""
    + "|".join(sorted(ALLOWED_TAGS))
    + r""")(?:\s[^<>]*)?/?>)
    | (?P<lt><)
    | (?P<brace>\{)
    | (?P<text>[^<{`]+|`+)
    """,
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)


def _code(match: re.Match[str]) -> str:
    inner = match.group("inner")
    if "<" not in inner and "{" not in inner:
        return match.group()
    escaped = "".join(c if c.isalnum() or c in _PLAIN_IN_CODE else f"&#{ord(c)};" for c in inner.strip())
    return f"<code>{escaped}</code>"


# Characters that no Markdown syntax or extension gives a meaning inside a line of
# text; every other one is written as a numeric reference inside <code>, so nothing
# there can be read as Markdown or HTML and it still reads as the same code.
_PLAIN_IN_CODE = frozenset(" .,:;/?'\"@%$=+-#")


def _sanitise_tags(pieces: list[str], tags: list[int]) -> list[str]:
    """Let nh3 rebuild the allowed tags; everything between them stands in as a placeholder."""
    skeleton = "".join(piece if index in tags else f"\x02{index}\x03" for index, piece in enumerate(pieces))
    cleaned = nh3.clean(skeleton, tags=set(ALLOWED_TAGS), attributes={"*": set()}, strip_comments=True, link_rel=None)
    return [pieces[int(part[1:])] if part.startswith("\x02") else part for part in re.split(r"(\x02\d+)\x03", cleaned)]


# --- Refusals -------------------------------------------------------------------------------

def _refuse_control_characters(text: str) -> None:
    match = FORBIDDEN.search(text)
    if match:
        raise UnsafeMarkdown("control-character", f"contains the {describe(match.group())}; remove it")


# Where a link's destination starts: after '](' (inline links and images), after
# ']:' (reference definitions), or after '<' (autolinks). Blanks are allowed around
# the markers, and '<' around the destination, to be sure nothing slips by.
_DESTINATION = re.compile(r"\]\s*\(\s*<?|\]:\s*<?|<")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Browsers drop tabs and line breaks anywhere in a URL, and blanks before it.
_IGNORED_IN_URL = re.compile(r"[\t\n\r\\]")


def _refuse_unsafe_links(text: str) -> None:
    if "]" not in text and "<" not in text:  # no link destination can start
        return
    for marker in _DESTINATION.finditer(text):
        scheme = _scheme(text[marker.end() : marker.end() + 200])
        autolink = marker.group() == "<"
        if scheme is None or scheme in SAFE_SCHEMES or (autolink and scheme not in _NEVER):
            continue
        raise UnsafeMarkdown(
            "unsafe-link",
            f"links to a '{scheme}:' URL; links may only go to http(s) or mailto addresses, "
            "or to pages of this site"
        )


# Checked in autolinks too (which are escaped anyway), so that an author learns of them.
_NEVER = frozenset({"javascript", "vbscript", "data"})


def _scheme(destination: str) -> str | None:
    """The scheme a browser would see at the start of `destination`, entities decoded."""
    for _ in range(5):  # entities inside entities ('&amp;#106;') decode one level a time
        decoded = html.unescape(destination)
        if decoded == destination:
            break
        destination = decoded
    destination = _IGNORED_IN_URL.sub("", destination).lstrip("".join(map(chr, range(33)))).lower()
    match = _SCHEME.match(destination)
    return match.group(1) if match else None
