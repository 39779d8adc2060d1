"""What `make serve` (`mkdocs serve --dirty`) needs to show a save in a second or two.

A dirty build rebuilds only the pages whose Markdown is newer than their HTML. The
generator rewrites only the Markdown whose text changed, so those are exactly the pages
an edit changed, with three exceptions, each handled here:

- `DirtyBuilds`: what every page shows besides its own Markdown (the navigation, the
  configuration, the theme overrides) changed: the whole site is rebuilt. The nav's
  titles come from pages a dirty build does not read, so those (a few dozen: home,
  lookup, vendors, indexes) are read for it. With that, MkDocs' warning that a dirty
  build may be inaccurate does not apply and is dropped (in strict mode it would stop
  every build).
- `ProblemsBanner`: a broken save changes no page, but every page must show the
  problems. While serving, each page asks for `errorguides-problems.json` when it
  loads (live reload loads it after every build) and shows the banner it holds.
- `BackgroundSearchIndex`: Pagefind re-reads the whole site (seconds at 1,000 guides);
  while serving it runs after the page has reloaded, one run at a time, at the lowest
  CPU priority, so the next save's rebuild does not wait for it.

And `TemplateCode`: each build loads the theme anew, and compiling Material's templates
took longer than building the pages a save changed; their compiled code is kept.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import threading
import time
from pathlib import Path

import click
import jinja2
import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory, get_relative_url

from ..diagnostics import GeneratorError
from ..search import index_site

__all__ = ["BackgroundSearchIndex", "DirtyBuilds", "ProblemsBanner", "TemplateCode"]


class DirtyBuilds:
    """Keeps `mkdocs serve --dirty` exact: a full rebuild whenever something every page shows changed."""

    NOTICE = "A 'dirty' build is being performed"

    def __init__(self) -> None:
        self._inputs: object = None
        self._nav: object = None

    def install(self) -> None:
        """Drop MkDocs' notice that dirty builds may be inaccurate (these are not)."""
        logging.getLogger("mkdocs.commands.build").addFilter(self._exact)

    def uninstall(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(self._exact)

    def _exact(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.NOTICE)

    def start(self, config: MkDocsConfig) -> None:
        """Before a build: the configuration or theme overrides changed since the last one, rebuild all."""
        inputs = _stamps([config.config_file_path, *_theme_overrides(config)])
        if inputs != self._inputs:
            self._inputs, self._nav = inputs, None
            clean_directory(config.site_dir)

    def check_nav(self, nav: Navigation, config: MkDocsConfig) -> None:
        """After the nav is built: read its pages' titles; a changed nav rebuilds every page."""
        for page in nav.pages:
            if page.markdown is None:  # not modified, so the dirty build would not read it
                page.read_source(config)
        signature = _signature(nav.items)
        if self._nav is not None and signature != self._nav:
            clean_directory(config.site_dir)
        self._nav = signature


class ProblemsBanner:
    """The content's problems on top of every served page, without rebuilding the pages."""

    FILE = "errorguides-problems.json"

    def script(self, page_url: str) -> str:
        """The script each served page runs: fetch the problems, show them above the article."""
        url = json.dumps(get_relative_url(self.FILE, page_url))
        return (
            "<script>fetch(" + url + ',{cache:"no-store"}).then(r=>r.ok?r.json():{}).then(p=>{'
            'if(!p.html||document.querySelector(".eg-problems"))return;const a=document.querySelector("article")||document.body;'
            'a.insertAdjacentHTML("afterbegin",p.html)}).catch(()=>{})</script>'
        )

    def write(self, config: MkDocsConfig, report: str | None) -> None:
        html = ""
        if report is not None:
            md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
            html = f'<div class="eg-problems">{md.convert(problems_banner(report))}</div>'
        Path(config.site_dir, self.FILE).write_text(json.dumps({"html": html}), encoding="utf-8")


def problems_banner(report: str) -> str:
    """The problems as a Material 'failure' admonition, in Markdown."""
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", report)), default=0) + 1)
    body = f"{fence}text\n{report}\n{fence}".replace("\n", "\n    ")
    title = "The content has problems: this preview shows the last good pages until they are fixed"
    return f'!!! failure "{title}"\n\n    {body}\n\n'


class TemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept from one build to the next (keyed by name and source checksum)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class BackgroundSearchIndex:
    """Pagefind on the served site after each build, in a thread; requests made while it runs coalesce."""

    SETTLE = 1.0
    """Seconds to wait after a build before indexing: the browser reloads first, and saves in a row index once."""

    def __init__(self) -> None:
        self._wanted: Path | None = None
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def request(self, site_dir: Path) -> None:
        with self._changed:
            self._wanted = site_dir
            self._changed.notify()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="errorguides-pagefind", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        # Nice is per thread on Linux, and Pagefind inherits this thread's.
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        while True:
            with self._changed:
                while self._wanted is None:
                    self._changed.wait()
            time.sleep(self.SETTLE)
            with self._changed:
                site_dir, self._wanted = self._wanted, None
            try:
                index_site(site_dir, quiet=True)
            except GeneratorError as error:
                # Printed, not logged: a warning logged during the next build would stop it in strict mode.
                if site_dir.is_dir():
                    click.echo(f"errorguides: the search index was not updated: {error}", err=True)


def _theme_overrides(config: MkDocsConfig) -> list[str]:
    custom_dir = config.theme.custom_dir
    if not custom_dir:
        return []
    return sorted(os.path.join(folder, name) for folder, _, names in os.walk(custom_dir) for name in names)


def _stamps(paths) -> tuple:
    stamps = []
    for path in paths:
        try:
            status = os.stat(path)
        except (OSError, TypeError):
            stamps.append((path, None))
            continue
        stamps.append((path, status.st_size, status.st_mtime_ns))
    return tuple(stamps)


def _signature(items) -> tuple:
    """What the nav shows: each item's kind, title and URL, nested."""
    signature = []
    for item in items:
        if isinstance(item, Section):
            signature.append(("section", item.title, _signature(item.children)))
        elif isinstance(item, Page):
            signature.append(("page", item.title, item.url, _signature(item.children or [])))
        else:
            signature.append(("link", item.title, getattr(item, "url", None)))
    return tuple(signature)
