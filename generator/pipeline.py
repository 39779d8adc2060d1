"""The whole pipeline, in order: load → validate → link → render → write.

Content problems from the first three stages are collected and raised
together, before anything is rendered or written, so a failed run leaves the
output folder exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .diagnostics import ContentError, Diagnostic, Position, Severity
from .link import Catalogue, link
from .load import load
from .render import render
from .validate import validate
from .write import WriteReport, write

__all__ = ["Generated", "build_catalogue", "generate"]


def build_catalogue(content_dir: Path, *, root: Path | None = None, today: date | None = None) -> Catalogue:
    """Load, validate and link all content; raise ContentError listing every problem."""
    if not content_dir.is_dir():
        raise ContentError([Diagnostic(str(content_dir), Position(), "no-content", "content folder not found")])
    documents, problems = load(content_dir, root=root)
    records, invalid = validate(documents, today=today)
    catalogue, unresolved = link(records)
    problems = [*problems, *invalid, *unresolved]
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise ContentError(problems)
    return catalogue


@dataclass(frozen=True)
class Generated:
    catalogue: Catalogue
    report: WriteReport


def generate(content_dir: Path, out_dir: Path, *, root: Path | None = None, today: date | None = None) -> Generated:
    """Turn the YAML under `content_dir` into Markdown pages under `out_dir`."""
    catalogue = build_catalogue(content_dir, root=root, today=today)
    return Generated(catalogue, write(render(catalogue), out_dir))
