"""Turns YAML error-guide records into Markdown pages for MkDocs.

The pipeline (see pipeline.py) runs one stage per module:
load → validate → link → render → write. Nothing here imports MkDocs; the
MkDocs plugin in mkdocs_plugin/ is a thin adapter around `generate`.
"""

from .diagnostics import ContentError, Diagnostic, GeneratorError, OutputError
from .pipeline import build_catalogue, generate

__all__ = ["ContentError", "Diagnostic", "GeneratorError", "OutputError", "build_catalogue", "generate"]
