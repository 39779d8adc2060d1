"""The command line: ``python -m generator generate`` and ``python -m generator build``.

A thin adapter over the pipeline: it maps GeneratorError to exit code 1 and a
message on stderr, never a traceback. Usage mistakes exit with 2 (click's rule).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .diagnostics import GeneratorError
from .pipeline import generate
from .site import build_site

__all__ = ["main"]

_content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="content",
    show_default=True,
    help="Folder holding the YAML records.",
)
_out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="docs",
    show_default=True,
    help="Folder to write the Markdown pages to (the MkDocs docs_dir).",
)


@click.group()
def main() -> None:
    """Turn YAML error-guide records into a browsable MkDocs site."""


@main.command("generate")
@_content_option
@_out_option
def generate_command(content_dir: Path, out_dir: Path) -> None:
    """Validate the content and write the Markdown pages (no MkDocs needed)."""
    with _reported_errors():
        generated = generate(content_dir, out_dir)
    click.echo(f"{out_dir}: {generated.report}")


@main.command("build")
@_content_option
@_out_option
@click.option(
    "--config-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default="mkdocs.yml",
    show_default=True,
    help="The MkDocs configuration to build with.",
)
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="site",
    show_default=True,
    help="Where the HTML site goes; replaced only when the build succeeds.",
)
def build_command(content_dir: Path, out_dir: Path, config_file: Path, site_dir: Path) -> None:
    """Generate the pages, then run `mkdocs build --strict`; the site is replaced only on success."""
    with _reported_errors():
        generated = generate(content_dir, out_dir)
        click.echo(f"{out_dir}: {generated.report}")
        build_site(config_file, site_dir)
    click.echo(f"Site built in {site_dir}/")


class _reported_errors:
    """Print a GeneratorError's message and exit 1, instead of a traceback."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if isinstance(error, GeneratorError):
            click.echo(str(error), err=True)
            sys.exit(1)
        return False
