"""Wires MkDocs events to the generator; all the work happens in generator.pipeline.

- ``on_pre_build``: regenerate the Markdown in docs_dir from the YAML content
  (only changed pages are rewritten). Content errors abort ``mkdocs build`` with
  the full list of problems and no traceback. ``mkdocs serve`` keeps running
  instead: it prints the problems, keeps serving the last good pages with the
  problems shown on top of every page, and recovers on the next save.
- ``on_nav``: name each product's section after the product ("DeepSeek"),
  not after its folder ("Deepseek").
- ``on_serve``: watch the content folder and templates instead of docs_dir, so
  saving a YAML file triggers exactly one rebuild.
- ``on_post_build``: index the built HTML with Pagefind (generator.search), in
  ``mkdocs build`` and after every rebuild of ``mkdocs serve``, so the served
  site searches like the published one.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import click
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section

from ..diagnostics import ContentError, GeneratorError
from ..link import LOOKUP
from ..pipeline import Cache, generate
from ..render import TEMPLATES_DIR
from ..search import index_site
from ..siteinfo import DEFAULT_SITE_URL, SiteInfo
from .config import ErrorGuidesConfig

log = logging.getLogger("mkdocs.plugins.errorguides")


class ErrorGuidesPlugin(BasePlugin[ErrorGuidesConfig]):
    def __init__(self) -> None:
        self._section_titles: dict[str, str] = {}
        self._serving = False
        self._problems: str | None = None
        """The last failed generation's report, shown while serving until the content is fixed."""
        self._cache = Cache()
        """Kept across rebuilds while serving: a save re-parses and re-renders only what changed."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        try:
            site = SiteInfo(config.site_name, config.site_description or "", config.site_url or DEFAULT_SITE_URL)
            generated = generate(
                self._content_dir(config), Path(config.docs_dir), root=_project_root(config), site=site, cache=self._cache
            )
        except ContentError as error:
            if not self._serving:
                raise PluginError(f"errorguides: the content has problems, nothing was generated:\n{error}") from None
            self._problems = str(error)
            # Printed, not logged: in strict mode a logged error would stop the server.
            click.echo(f"errorguides: the content has problems; serving the last good pages:\n{error}", err=True)
            return
        except GeneratorError as error:
            raise PluginError(f"errorguides: {error}") from None
        self._problems = None
        self._section_titles = {hub.page: hub.product.name for hub in generated.catalogue.products}
        for warning in generated.warnings:
            log.info(f"errorguides: {warning}")
        log.info(f"errorguides: {generated.report}")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Nothing was ever generated (a fresh clone with broken content): serve a
        # home page that shows the problems instead of a 404.
        if self._problems is not None and files.get_file_from_path("index.md") is None:
            files.append(File.generated(config, "index.md", content="# The content has problems\n"))
        return files

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files) -> str:
        if self._problems is None:
            return markdown
        return _problems_banner(self._problems) + markdown

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files) -> Navigation:
        products = []
        for section in _sections(nav.items):
            for child in section.children:
                if child.is_page and child.file.src_uri in self._section_titles:
                    section.title = self._section_titles[child.file.src_uri]
                    products.append(section)
        # Home, the error lookup, the vendors, then the indexes (causes, fixes, tags).
        nav.items.sort(key=lambda item: _nav_rank(item, products))
        return nav

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.search:
            return
        try:
            index_site(Path(config.site_dir), quiet=True)
        except GeneratorError as error:
            raise PluginError(f"errorguides: {error}") from None
        log.info("errorguides: search index written to pagefind/")

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        if self.config.enabled:
            # docs_dir only holds our output: watching it would rebuild a second
            # time after every regeneration.
            server.unwatch(config.docs_dir)
            server.watch(str(self._content_dir(config)))
            server.watch(str(TEMPLATES_DIR))
        return server

    def _content_dir(self, config: MkDocsConfig) -> Path:
        return _project_root(config) / self.config.content_dir


def _problems_banner(report: str) -> str:
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", report)), default=0) + 1)
    body = f"{fence}text\n{report}\n{fence}".replace("\n", "\n    ")
    title = "The content has problems: this preview shows the last good pages until they are fixed"
    return f'!!! failure "{title}"\n\n    {body}\n\n'


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()


def _nav_rank(item, products: list) -> int:
    if item.is_page and item.is_homepage:
        return 0
    if item.is_page and item.file.src_uri == LOOKUP:
        return 1
    if item in products:
        return 2
    return 3 if item.is_section else 4


def _sections(items):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)
