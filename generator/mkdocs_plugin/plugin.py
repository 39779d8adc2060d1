"""Wires MkDocs events to the generator; all the work happens in generator.pipeline,
render.py (faster rendering) and serve.py (fast rebuilds while serving).

- ``on_pre_build``: regenerate the Markdown in docs_dir from the YAML content
  (only changed pages are rewritten). Content errors abort ``mkdocs build`` with
  the full list of problems and no traceback. ``mkdocs serve`` keeps running
  instead: it prints the problems, keeps serving the last good pages with the
  problems shown on top of every page (serve.ProblemsBanner), and recovers on
  the next save. ``mkdocs serve --dirty`` (make serve) rebuilds only the pages
  a save changed, and everything when what all pages show changed (serve.DirtyBuilds).
- ``on_nav``: name each product's section after the product ("DeepSeek"),
  not after its folder ("Deepseek").
- ``on_serve``: watch the content folder and templates instead of docs_dir, so
  saving a YAML file triggers exactly one rebuild.
- ``on_pre_build``/``on_files``: render faster with identical output (render.py):
  each distinct code block highlighted once per build, one Markdown instance for
  every page.
- ``on_post_build``: index the built HTML with Pagefind (generator.search), in
  ``mkdocs build`` and, in the background, after every rebuild of ``mkdocs
  serve``, so the served site searches like the published one.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path

import click
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section

from ..diagnostics import ContentError, GeneratorError
from ..paths import LOOKUP
from ..pipeline import Cache, generate
from ..page_templates import TEMPLATES_DIR
from ..search import index_site
from ..siteinfo import DEFAULT_SITE_URL, SiteInfo
from .config import ErrorGuidesConfig
from .render import HighlightCache, MarkdownRenderer, RenderedPage
from .serve import BackgroundSearchIndex, DirtyBuilds, ProblemsBanner, TemplateCode, problems_banner

log = logging.getLogger("mkdocs.plugins.errorguides")


class ErrorGuidesPlugin(BasePlugin[ErrorGuidesConfig]):
    def __init__(self) -> None:
        self._section_titles: dict[str, str] = {}
        self._serving = False
        self._problems: str | None = None
        """The last failed generation's report, shown while serving until the content is fixed."""
        self._cache = Cache()
        """Kept across rebuilds while serving: a save re-parses and re-renders only what changed."""
        self._build = ExitStack()
        """What lasts one build: the highlight cache."""
        self._dirty: DirtyBuilds | None = None
        """Set while `mkdocs serve --dirty` runs."""
        self._banner = ProblemsBanner()
        self._search = BackgroundSearchIndex()
        self._templates = TemplateCode()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"
        if self._serving and dirty:
            self._dirty = DirtyBuilds()
            self._dirty.install()

    def on_shutdown(self) -> None:
        if self._dirty:
            self._dirty.uninstall()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._build.close()
        if self.config.highlight_cache:
            self._build.enter_context(HighlightCache().active())
        if self._dirty:
            self._dirty.start(config)
        if self.config.enabled:
            self._generate(config)

    def _generate(self, config: MkDocsConfig) -> None:
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
            files.append(File.generated(config, "index.md", content=_placeholder_home(self._problems)))
        if self.config.one_markdown:
            renderer = MarkdownRenderer(config)
            for file in files.documentation_pages():
                if file.page is None:
                    RenderedPage(file, config, renderer)
        return files

    def on_env(self, env, *, config: MkDocsConfig, files):
        if self._serving:  # every rebuild loads the theme again; compile its templates once
            env.bytecode_cache = self._templates
        return env

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if not self._serving:
            return output
        end = output.rfind("</body>")
        return output[:end] + self._banner.script(page.url) + output[end:] if end >= 0 else output

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files) -> Navigation:
        products = []
        for section in _sections(nav.items):
            for child in section.children:
                if child.is_page and child.file.src_uri in self._section_titles:
                    section.title = self._section_titles[child.file.src_uri]
                    products.append(section)
        # Home, the error lookup, the vendors, then the indexes (causes, fixes, tags).
        nav.items.sort(key=lambda item: _nav_rank(item, products))
        if self._dirty:
            self._dirty.check_nav(nav, config)
        return nav

    def on_build_error(self, *, error: Exception) -> None:
        self._build.close()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._build.close()
        if self._serving:
            self._banner.write(config, self._problems)
        if not self.config.search:
            return
        if self._serving:
            self._search.request(Path(config.site_dir))
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


def _placeholder_home(problems: str) -> str:
    return f'# The content has problems\n\n<div class="eg-problems" markdown>\n\n{problems_banner(problems)}</div>\n'


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
