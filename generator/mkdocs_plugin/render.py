"""Faster Markdown rendering for MkDocs builds, with output byte-identical to MkDocs' own.

Two levers, each measured on its own by `make bench` (plugin options `highlight_cache` and
`one_markdown`), both on by default:

- `HighlightCache`: a guide page repeats the code samples of the shared fixes it uses, so
  a build highlights the same code hundreds of times; Pygments (and building its HTML
  formatter) was a quarter of a build. Each distinct block (code, language, options) is
  highlighted once per build. The only part of the HTML that depends on where the block
  sits on its page is the id of its line anchors, which is put back in on every use.
- `MarkdownRenderer`: MkDocs builds a new `markdown.Markdown`, loading every extension
  again, for each page. One instance per build, reset between pages, renders the same
  HTML; each page still gets MkDocs' own link, anchor and title processors.

Nothing here changes the Markdown, so ProperDocs (which runs this plugin) and Zensical
(which does not) build the same pages from it.
"""

from __future__ import annotations

import inspect
import logging
from contextlib import contextmanager
from collections.abc import Iterator

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

__all__ = ["HighlightCache", "MarkdownRenderer", "RenderedPage"]

_ANCHOR_ID = "\x00eg-block\x00"
"""Stands for the block's line-anchor id in a cached block; cannot occur in highlighted code."""


class HighlightCache:
    """Highlight each distinct code block once, while `active()`."""

    def __init__(self) -> None:
        self.blocks: dict[tuple, str] = {}
        self.hits = 0

    @contextmanager
    def active(self) -> Iterator[None]:
        from pymdownx.highlight import Highlight

        original = Highlight.highlight
        signature = inspect.signature(original)
        cache = self

        def highlight(*args, **kwargs):
            arguments = signature.bind(*args, **kwargs)
            arguments.apply_defaults()
            return cache._highlight(original, dict(arguments.arguments))

        Highlight.highlight = highlight
        try:
            yield
        finally:
            Highlight.highlight = original

    def _highlight(self, original, arguments: dict):
        highlighter = arguments.pop("self")
        # Inline code is cheap; an HTML title goes through the page's stash. Neither is cached.
        if arguments["inline"] or highlighter.title_mode == "html" or _ANCHOR_ID in arguments["src"]:
            return original(highlighter, **arguments)
        count = arguments.pop("code_block_count")
        options = tuple((name, repr(value)) for name, value in sorted(vars(highlighter).items()) if name != "md")
        key = (options, repr(sorted(arguments.items())))
        block = self.blocks.get(key)
        if block is None:
            # Highlighted with a stand-in for the line-anchor id that `code_block_count` gives.
            block = original(highlighter, **arguments, code_block_count=_ANCHOR_ID)
            self.blocks[key] = block
        else:
            self.hits += 1
        return block.replace(_ANCHOR_ID, str(count))


class MarkdownRenderer:
    """One `markdown.Markdown` for every page of a build."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.markdown = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """What `Page.render` does, on the shared instance."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.markdown
        md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative_paths = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative_paths._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_paths.links_to_anchors


class RenderedPage(Page):
    """A page rendered by the build's shared `MarkdownRenderer`."""

    def __init__(self, file, config: MkDocsConfig, renderer: MarkdownRenderer) -> None:
        super().__init__(None, file, config)
        self._renderer = renderer

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self._renderer.render(self, config, files)
