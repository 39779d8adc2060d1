"""``python -m generator new``: write a commented skeleton for a new record.

The skeleton sits where its kind belongs, starts with the schema line for
editors, and holds TODO placeholders that `check` reports one by one with the
field's documentation, so a fresh file tells its author what to fill in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2

from .diagnostics import GeneratorError
from .files import RECORD_FOLDERS
from .page_templates import TEMPLATES_DIR
from .schema import modeline

__all__ = ["KINDS", "ScaffoldError", "scaffold"]

# kind → its folder under content/ (guides add their product's folder).
KINDS = {kind: folder for folder, kind in RECORD_FOLDERS.items()}


class ScaffoldError(GeneratorError):
    pass


def record_path(kind: str, record_id: str, product: str | None = None) -> str:
    """Where a record lives, relative to the content folder."""
    if kind == "guide":
        return f"{KINDS[kind]}/{product}/{record_id}.yaml"
    return f"{KINDS[kind]}/{record_id}.yaml"


def scaffold(
    kind: str, record_id: str, *, content_dir: Path, root: Path, product: str | None = None, today: date
) -> Path:
    """Write the skeleton and return its path; never overwrite an existing file."""
    path = content_dir / record_path(kind, record_id, product)
    shown = _shown(path, root)
    text = _template(kind).render(
        id=record_id, product=product, today=today.isoformat(), modeline=modeline(kind, shown)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{shown} already exists; edit it, or choose another id") from None
    return path


def _template(kind: str) -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "new"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template(f"{kind}.yaml.j2")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
