"""The whole pipeline, in order: load → validate → link (+ lint) → render → write.

Content problems from the checking stages are collected and raised together,
before anything is rendered or written, so a failed run leaves the output
folder exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .diagnostics import ContentError, Diagnostic, Position, Severity
from .link import Catalogue, link
from .lint import lint
from .load import load
from .export import exports
from .render import render
from .settings import LintSettings, read_settings
from .siteinfo import SiteInfo
from .validate import validate
from .write import WriteReport, write

__all__ = ["Checked", "Generated", "build_catalogue", "check", "generate"]


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


def check(
    content_dir: Path,
    *,
    root: Path | None = None,
    today: date | None = None,
    settings: LintSettings | None = None,
) -> Checked:
    """Load, validate, link and lint all content; never raises for content problems."""
    root = root or Path.cwd()
    today = today or date.today()
    settings = settings or read_settings(root)
    if not content_dir.is_dir():
        missing = Diagnostic(str(content_dir), Position(), "no-content", "content folder not found")
        return Checked(None, [missing], 0)
    documents, problems = load(content_dir, root=root)
    records, invalid = validate(documents, today=today)
    catalogue, unresolved = link(records)
    linted = lint(documents, records, settings, today)
    diagnostics = sorted([*problems, *invalid, *unresolved, *linted])
    failed = any(d.severity is Severity.ERROR for d in diagnostics)
    # Files that were not loaded as documents (misplaced, folders named x.yaml) count too.
    files = len(documents) + len({d.file for d in problems} - {document.file for document in documents})
    return Checked(None if failed else catalogue, diagnostics, files)


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
) -> Generated:
    """Turn the YAML under `content_dir` into Markdown pages and exports under `out_dir`."""
    checked = check(content_dir, root=root, today=today)
    if checked.catalogue is None:
        raise ContentError(checked.diagnostics, checked.files)
    site = site or SiteInfo()
    pages = render(checked.catalogue, site)
    files = {**pages, **exports(checked.catalogue, pages, site)}
    return Generated(checked.catalogue, write(files, out_dir), checked.warnings)
