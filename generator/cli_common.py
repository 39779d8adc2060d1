"""What the commands share: their options, the GitHub annotation of a diagnostic, and
how a GeneratorError ends a command (its message, exit 1, never a traceback)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .diagnostics import Diagnostic, GeneratorError

__all__ = [
    "config_option",
    "content_option",
    "count",
    "github_annotation",
    "out_option",
    "quiet_option",
    "reported_errors",
    "site_url_option",
]

content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="content",
    show_default=True,
    help="Folder holding the YAML records.",
)
config_option = click.option(
    "--config-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default="mkdocs.yml",
    show_default=True,
    help="The MkDocs configuration (site name, description and URL are read from it).",
)
site_url_option = click.option(
    "--site-url",
    envvar="SITE_URL",
    help="The public URL of the site, for canonical links and the exports  [env: SITE_URL; default: mkdocs.yml's site_url]",
)
out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="docs",
    show_default=True,
    help="Folder to write the Markdown pages to (the MkDocs docs_dir).",
)

quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="Print only problems: no progress, no summary. (Progress shows only on a terminal.)"
)


def github_annotation(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""

    def escape(text: str, *, property_value: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    where = (
        f"file={escape(diagnostic.file, property_value=True)},line={diagnostic.position.line},"
        f"col={diagnostic.position.column},title={escape(diagnostic.code, property_value=True)}"
    )
    return f"::{diagnostic.severity.value} {where}::{escape(diagnostic.message)}"


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class reported_errors:
    """Print a GeneratorError's message and exit 1, instead of a traceback."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if isinstance(error, GeneratorError):
            click.echo(str(error), err=True)
            sys.exit(1)
        return False
