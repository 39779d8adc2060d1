"""Markdown as plain text, for the places that cannot show Markdown: meta descriptions,
JSON-LD, llms.txt, the lookup's result cards and `explain` in the terminal.

Not a stage: render, export and explain all use it, so it imports nothing of theirs.
"""

from __future__ import annotations

import html
import re

__all__ = ["first_paragraph", "first_sentence", "link_text", "plain_text", "without_front_matter"]


def plain_text(markdown: str) -> str:
    """Markdown as one line of plain text: links keep their text, code and emphasis marks go."""
    # Each pattern runs only if its marker occurs: most text has no links, code or emphasis.
    text = markdown
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _STRONG.sub(r"\2", text)
    if "*" in text:
        text = _EMPHASIS.sub(r"\1", text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"`+([^`]*)`+")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_TAG = re.compile(r"<[^>]+>")


def first_paragraph(markdown: str) -> str:
    return _BLANK_LINE.split(markdown.strip(), maxsplit=1)[0]


_BLANK_LINE = re.compile(r"\n\s*\n")


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[^.][.!?])(\s|$)", text)
    return match.group(1) if match else text


def link_text(text: str) -> str:
    """Escape the brackets that would end a Markdown link's text early."""
    if "[" not in text and "]" not in text:
        return text
    return re.sub(r"([\[\]])", r"\\\1", text)


def without_front_matter(markdown: str) -> str:
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[end + len("\n---\n") :].lstrip("\n")
    return markdown
