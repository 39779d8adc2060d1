"""Project settings for the content checks, read from ``[tool.errorguides]`` in pyproject.toml.

Only the lints are configurable; the rules of the content model are not. Example::

    [tool.errorguides.lint]
    stale-after-days = 365     # a guide older than this gets a 'stale' warning
    orphan = "off"             # off | warning | error, per lint code

The ``secret`` lint cannot be turned down: a published key is never acceptable.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .diagnostics import Diagnostic, GeneratorError, Position, Severity

__all__ = ["ALWAYS_ERRORS", "LINT_CODES", "Level", "LintSettings", "read_settings"]

Level = Literal["off", "warning", "error"]

LINT_CODES = ("secret", "stale", "orphan", "sources", "unchecked")
ALWAYS_ERRORS = frozenset({"secret"})


class LintSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    stale_after_days: int = Field(180, alias="stale-after-days", ge=1)
    """A guide reviewed longer ago than this many days gets a 'stale' warning."""
    stale: Level = "warning"
    orphan: Level = "warning"
    sources: Level = "warning"
    unchecked: Level = "warning"
    strict: bool = False
    """Report every warning as an error (`check --strict`)."""

    def severity(self, code: str) -> Severity | None:
        """The severity to report a lint with, or None when it is turned off."""
        if code in ALWAYS_ERRORS:
            return Severity.ERROR
        level = getattr(self, code)
        if level == "off":
            return None
        return Severity.ERROR if level == "error" or self.strict else Severity.WARNING

    def with_overrides(self, overrides: dict[str, str], *, strict: bool = False) -> LintSettings:
        return LintSettings.model_validate({**self.model_dump(), **overrides, "strict": strict or self.strict})


def read_settings(root: Path) -> LintSettings:
    """The lint settings of the project at `root` (defaults when pyproject.toml has none)."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return LintSettings()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("errorguides", {})
        return LintSettings.model_validate(table.get("lint", {}))
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        problem = Diagnostic(path.name, Position(), "settings", f"[tool.errorguides.lint] is invalid: {error}")
        raise SettingsError(problem) from None


class SettingsError(GeneratorError):
    def __init__(self, problem: Diagnostic):
        super().__init__(str(problem))
