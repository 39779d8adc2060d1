"""Problems found in content, and the exceptions the pipeline raises.

Every stage reports what is wrong with the content as `Diagnostic` values
instead of raising on the first problem, so an author sees every mistake in
one run. The pipeline raises `ContentError` once, with all of them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum
from typing import Iterable

from .characters import FORBIDDEN_SET

__all__ = [
    "CODES",
    "ContentError",
    "Diagnostic",
    "GeneratorError",
    "OutputError",
    "Position",
    "Severity",
    "closest",
    "did_you_mean",
    "format_diagnostics",
    "summarize",
]


# Every diagnostic code, with one line on what it means. Codes are stable: tools
# and tests rely on them, and the handbook's table (HANDBOOK.md) is checked against this list.
CODES = {
    # Reading files
    "no-content": "the content folder does not exist",
    "unknown-location": "a YAML file outside the folders records go in",
    "not-a-file": "a path ending in .yaml that is a folder, a named pipe or a device, not a file",
    "file-name": "a content file ending in .YAML, .Yml or another spelling than .yaml or .yml, which is not read",
    "symlink": "a symbolic link that leads outside the content folder, nowhere, or to a folder",
    "unreadable": "the file cannot be read (permissions, I/O error)",
    "too-large": "a file over 256 KiB, or whose YAML holds more than 10,000 values, aliases expanded",
    "encoding": "the file is not UTF-8",
    "control-character": "a control character (such as NUL or ESC) or a bidirectional control (such as U+202E) in the file or in a value",
    "yaml-syntax": "the YAML cannot be parsed (with the parser's line and column, and a hint)",
    "duplicate-key": "a key appears twice in one mapping; YAML would silently keep the last",
    "too-deep": "lists and mappings nested more than 20 levels deep (aliases expanded), or folders more than 8",
    "too-long": "a text longer than 20,000 characters",
    # One record against its model
    "not-a-mapping": "the file is empty or is not a mapping of fields",
    "unknown-field": "a field the record does not have (with did-you-mean)",
    "missing-field": "a required field is missing",
    "empty": "a field or list is empty (an empty section is never rendered)",
    "todo": "a placeholder from `new` is still there; the message says what to write",
    "wrong-type": "a value of the wrong type, e.g. text where a number or list belongs",
    "invalid-value": "a value out of range or not one of the allowed values",
    "bad-id": "an id that is not a lowercase slug, or a reserved one",
    "invalid-url": "a URL that is not http(s), or holds a character it must percent-encode",
    "unsafe-link": "a Markdown link or image to a javascript:, data:, vbscript: or other non-http(s) URL",
    "checklist-target": "a checklist item that names no target, several, or a fix the guide lacks",
    "wrong-folder": "a guide in another product's folder",
    "future-date": "a 'reviewed' date in the future",
    # References between records
    "duplicate-id": "two records of one kind share an id",
    "unknown-reference": "a reference to a record that does not exist (with did-you-mean)",
    "shadowed-id": "a one-off cause or fix with the id of a shared one",
    "duplicate-entry": "the same cause or fix listed twice in one guide",
    "duplicate-explains": "two guides of a product both claim to explain one cause",
    "self-reference": "a guide that links to itself",
    "counterpart-product": "a counterpart that is not another vendor's guide",
    "missing-vendor-page": "a fix links the vendor's keys/billing/status page, but the product has none",
    "alias-clash": "an alias (an old id) that is a live page's id, the record's own id, or another record's alias",
    # Lints (severity set in [tool.errorguides.lint])
    "secret": "a value shaped like a real API key (always an error)",
    "stale": "a guide not reviewed for longer than stale-after-days (default 180)",
    "orphan": "a shared cause, fix or FAQ that no guide uses",
    "sources": "a guide none of whose sources is on the vendor's own sites",
    "unchecked": "a Python or Node.js code sample with neither checks nor skip (see `make samples`)",
    # The source-link check (`links`, not part of `check`)
    "dead-link": "an external URL that answers 404 or 5xx, times out, cannot be reached or moved permanently",
    # Project settings
    "settings": "[tool.errorguides.lint] in pyproject.toml is invalid",
}


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one content file, printed compiler-style.

    `code` is a stable identifier (e.g. ``unknown-field``) that tools and tests
    can rely on; `message` is the human sentence, naming the field.
    """

    file: str
    position: Position
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code!r}; add it to diagnostics.CODES")
        # File names and messages repeat what content holds; a control character in
        # them must not reach a terminal or a CI log as itself.
        object.__setattr__(self, "file", _printable(self.file))
        object.__setattr__(self, "message", _printable(self.message))

    def __str__(self) -> str:
        where = f"{self.file}:{self.position.line}:{self.position.column}"
        return f"{where}: {self.severity.value}[{self.code}]: {self.message}"


def format_diagnostics(diagnostics: Iterable[Diagnostic], files: int | None = None) -> str:
    """All diagnostics, sorted by file and line, then a summary line.

    `files` is how many files were checked; by default, how many have problems.
    """
    ordered = sorted(diagnostics)
    return "\n".join([*map(str, ordered), summarize(ordered, files)])


def summarize(diagnostics: list[Diagnostic], files: int | None = None) -> str:
    """'3 errors, 1 warning in 42 files'."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.file for d in diagnostics}) if files is None else files
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix, or an empty string if nothing is close."""
    match = closest(word, choices)
    return f"; did you mean '{match}'?" if match else ""


def closest(word: str, choices: Iterable[str]) -> str | None:
    # 0.75 keeps typos ('sumary' → 'summary') and drops mere shared prefixes
    # ('invalid-format' is not a typo of 'invalid-api-key').
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.75)
    return matches[0] if matches else None


# Control characters (bidirectional ones included, which reorder what a terminal
# shows), and the lone surrogates that stand for undecodable bytes in file names.
_UNPRINTABLE = re.compile(f"[\t\n{FORBIDDEN_SET}\ud800-\udfff]")


def _printable(text: str) -> str:
    """`text` with every control character written as an escape, e.g. ``\\x1b``."""
    return _UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], text)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class GeneratorError(Exception):
    """Base class for errors the CLI and the MkDocs plugin report without a traceback."""


class ContentError(GeneratorError):
    """The content has problems; nothing was written."""

    def __init__(self, diagnostics: Iterable[Diagnostic], files: int | None = None):
        self.diagnostics = sorted(diagnostics)
        super().__init__(format_diagnostics(self.diagnostics, files))


class OutputError(GeneratorError):
    """The output folder cannot be written safely; nothing was written."""
