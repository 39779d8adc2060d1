"""Turns YAML error-guide records into Markdown pages for MkDocs.

The pipeline (see pipeline.py) runs one stage per module:
load → validate → link → render → write. Nothing here imports MkDocs; the
MkDocs plugin in mkdocs_plugin/ is a thin adapter around `generate`.
"""

from .diagnostics import ContentError, Diagnostic, GeneratorError, OutputError

__all__ = ["ContentError", "Diagnostic", "GeneratorError", "OutputError", "build_catalogue", "generate"]


def __getattr__(name: str):
    # Imported on first use, so `python -m generator explain` need not load the pipeline.
    if name in ("build_catalogue", "generate"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
