"""The whole pipeline, in order: load → validate → link (+ lint) → render → write.

Content problems from the checking stages are collected and raised together,
before anything is rendered or written, so a failed run leaves the output
folder exactly as it was.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cache import Memo
from .diagnostics import ContentError, Diagnostic, Position, Severity
from .link import Catalogue, link
from .linkcheck import UrlUse, collect
from .lint import lint
from .export import ExportCache, exports
from .load import FileMemo, load
from .progress import Progress
from .render import RenderCache, plan, render_pages
from .settings import LintSettings, read_settings
from .siteinfo import SiteInfo
from .unchanged import Unchanged
from .validate import RecordMemo, validate
from .write import Output, WriteReport, output_to

__all__ = ["Cache", "Checked", "Generated", "build_catalogue", "check", "collector_paused", "external_urls", "generate"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run without Python's cycle collector, as every pipeline run does.

    The stages build millions of small objects (YAML nodes, source positions,
    records, pages) and keep most of them to the end. The collector would walk
    that growing heap again and again: at 5,000 guides it took half of the load
    stage. The objects hold no reference cycles, so reference counting frees
    them all the same; the collector is switched back on afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Checked:
    """The outcome of checking all content: the catalogue, unless there were errors."""

    catalogue: Catalogue | None
    diagnostics: list[Diagnostic]
    files: int
    """How many content files were checked."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


@dataclass
class Cache:
    """What one run keeps for the next in a long-lived process (`mkdocs serve`).

    Each stage reuses only what it can tell is unchanged: load a file with the
    same size, mtime and inode; validate the document load handed back; render a
    page whose template and inputs compare equal; export a guide whose page
    compares equal. Linking always runs in full.
    """

    files: FileMemo = field(default_factory=Memo)
    records: RecordMemo = field(default_factory=Memo)
    pages: RenderCache = field(default_factory=RenderCache)
    exports: ExportCache = field(default_factory=ExportCache)


def check(
    content_dir: Path,
    *,
    root: Path | None = None,
    today: date | None = None,
    settings: LintSettings | None = None,
    cache: Cache | None = None,
    progress: Progress | None = None,
) -> Checked:
    """Load, validate, link and lint all content; never raises for content problems."""
    root = root or Path.cwd()
    today = today or date.today()
    settings = settings or read_settings(root)
    if not content_dir.is_dir():
        missing = Diagnostic(str(content_dir), Position(), "no-content", "content folder not found")
        return Checked(None, [missing], 0)
    with collector_paused():
        tick = progress.stage("Loading content files") if progress else None
        documents, problems = load(content_dir, root=root, cache=cache.files if cache else None, progress=tick)
        records, invalid = validate(documents, today=today, cache=cache.records if cache else None)
        catalogue, unresolved = link(records)
        linted = lint(documents, records, settings, today)
    diagnostics = sorted([*problems, *invalid, *unresolved, *linted])
    failed = any(d.severity is Severity.ERROR for d in diagnostics)
    # Files that were not loaded as documents (misplaced, folders named x.yaml) count too.
    files = len(documents) + len({d.file for d in problems} - {document.file for document in documents})
    return Checked(None if failed else catalogue, diagnostics, files)


def external_urls(
    content_dir: Path, *, root: Path | None = None, today: date | None = None
) -> tuple[list[UrlUse], list[Diagnostic]]:
    """Every external URL in the content, where it is written (for `links`); and the errors
    that make records invalid, whose URLs are then not listed."""
    if not content_dir.is_dir():
        return [], [Diagnostic(str(content_dir), Position(), "no-content", "content folder not found")]
    with collector_paused():
        documents, problems = load(content_dir, root=root or Path.cwd())
        records, invalid = validate(documents, today=today or date.today())
    errors = sorted(d for d in [*problems, *invalid] if d.severity is Severity.ERROR)
    return collect(records), errors


def build_catalogue(content_dir: Path, *, root: Path | None = None, today: date | None = None) -> Catalogue:
    """The linked catalogue; raise ContentError listing every problem if there is an error."""
    checked = check(content_dir, root=root, today=today)
    if checked.catalogue is None:
        raise ContentError(checked.diagnostics, checked.files)
    return checked.catalogue


@dataclass(frozen=True)
class Generated:
    catalogue: Catalogue
    report: WriteReport
    warnings: list[Diagnostic]


def generate(
    content_dir: Path,
    out_dir: Path,
    *,
    root: Path | None = None,
    today: date | None = None,
    site: SiteInfo | None = None,
    cache: Cache | None = None,
    progress: Progress | None = None,
) -> Generated:
    """Turn the YAML under `content_dir` into Markdown pages and exports under `out_dir`.

    Pass the same `cache` to every run of a long-lived process for fast reruns;
    `progress` shows files loaded and pages written on a terminal.
    """
    checked = check(content_dir, root=root, today=today, cache=cache, progress=progress)
    if checked.catalogue is None:
        raise ContentError(checked.diagnostics, checked.files)
    site = site or SiteInfo()
    with collector_paused(), output_to(out_dir) as output:
        report = _render_and_write(checked.catalogue, output, site, cache, progress)
    return Generated(checked.catalogue, report, checked.warnings)


def _render_and_write(
    catalogue: Catalogue, output: Output, site: SiteInfo, cache: Cache | None, progress: Progress | None
) -> WriteReport:
    """Render each page straight into the output, so no run holds every page in memory
    (guide pages' texts are kept until llms-full.txt, written last, has used them);
    then the exports, made from the catalogue as well."""
    unchanged = Unchanged()  # compares with last run's catalogue, for both caches
    specs = plan(catalogue)
    guide_texts: dict[str, str] = {}  # each guide page rendered once: llms-full.txt reuses it
    exported = exports(catalogue, site, cache=cache.exports if cache else None, unchanged=unchanged, guide_texts=guide_texts)
    pages = render_pages(specs, site, cache=cache.pages if cache else None, unchanged=unchanged, guide_texts=guide_texts)
    files = itertools.chain(pages, ((path, exported[path]) for path in sorted(exported)))
    tick = progress.stage("Writing pages") if progress else None
    for number, (path, content) in enumerate(files, start=1):
        output.add(path, content)
        if tick:
            tick(number, len(specs) + len(exported))
    return output.report
