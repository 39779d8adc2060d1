"""JSON Schema for every record kind, generated from the typed models.

Editors (VS Code with the YAML extension, any yaml-language-server client) use
these files to complete field names and underline mistakes as authors type.
They are written by ``python -m generator schema`` and committed; a test keeps
them in sync with models.py, so they are never edited by hand.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from .models import MODELS

__all__ = ["SCHEMA_DIR", "modeline", "schema_files", "write_schemas"]

SCHEMA_DIR = "schema"
"""Where the schema files live, relative to the project root."""

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_files() -> dict[str, str]:
    """{file name: JSON text} for every record kind, e.g. 'guide.json'."""
    files = {}
    for kind, model in MODELS.items():
        schema = {"$schema": _DIALECT, **model.model_json_schema()}
        schema["title"] = f"errorguides {kind} record"
        files[f"{kind}.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return files


def write_schemas(root: Path) -> list[Path]:
    """Write the schema files under root/schema/; return the paths written."""
    folder = root / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def modeline(kind: str, record_path: str) -> str:
    """The first line of a content file, pointing editors at its schema.

    `record_path` is the file's path relative to the project root, e.g.
    'content/guides/deepseek/invalid-api-key.yaml'.
    """
    relative = posixpath.relpath(f"{SCHEMA_DIR}/{kind}.json", posixpath.dirname(record_path))
    return f"# yaml-language-server: $schema={relative}"
