"""Wires MkDocs events to the generator; all the work happens in generator.pipeline.

- ``on_pre_build``: regenerate the Markdown in docs_dir from the YAML content
  (only changed pages are rewritten). Content errors abort the build with the
  full list of problems and no traceback.
- ``on_nav``: name each product's section after the product ("DeepSeek"),
  not after its folder ("Deepseek").
- ``on_serve``: watch the content folder and templates instead of docs_dir, so
  saving a YAML file triggers exactly one rebuild.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.nav import Navigation, Section

from ..diagnostics import GeneratorError
from ..pipeline import generate
from ..render import TEMPLATES_DIR
from .config import ErrorGuidesConfig

log = logging.getLogger("mkdocs.plugins.errorguides")


class ErrorGuidesPlugin(BasePlugin[ErrorGuidesConfig]):
    def __init__(self) -> None:
        self._section_titles: dict[str, str] = {}

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        try:
            generated = generate(self._content_dir(config), Path(config.docs_dir), root=_project_root(config))
        except GeneratorError as error:
            raise PluginError(f"errorguides: the content has problems, nothing was generated:\n{error}") from None
        self._section_titles = {hub.page: hub.product.name for hub in generated.catalogue.products}
        log.info(f"errorguides: {generated.report}")

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files) -> Navigation:
        for section in _sections(nav.items):
            for child in section.children:
                if child.is_page and child.file.src_uri in self._section_titles:
                    section.title = self._section_titles[child.file.src_uri]
        return nav

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


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()


def _sections(items):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)
