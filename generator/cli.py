"""The command line: ``python -m generator <command>``.

- ``check``: validate and lint all content, print compiler-style diagnostics.
- ``generate``: write the Markdown pages (no MkDocs needed).
- ``build``: generate, then ``mkdocs build --strict`` (or ProperDocs, Zensical); the site is swapped in only on success.
- ``explain``: find the guide for pasted error text (or print one guide) in the terminal.
- ``links``: request every external URL in the content and report the dead ones.
- ``new``: write a commented skeleton for a new record.
- ``schema``: write the JSON Schema files editors use.

A thin adapter over the pipeline. Exit codes: 0 success, 1 content problems
(a message on stderr, never a traceback) or dead links, 2 usage mistakes (click's
rule), 3 when `links` could reach no host at all (offline).
"""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import date
from pathlib import Path

import click

from .cli_common import (
    config_option,
    content_option,
    github_annotation,
    out_option,
    quiet_option,
    reported_errors,
    site_url_option,
)
from .cli_explain import explain_command
from .cli_links import OFFLINE, links_command
from .diagnostics import Diagnostic, summarize
from .files import RECORD_FOLDERS
from .progress import Progress
from .settings import ALWAYS_ERRORS, LINT_CODES, read_settings
from .site import BUILDERS, build_site
from .siteinfo import read_site_info

# The pipeline, the models and the lookup are imported by the commands that use them:
# `explain` answers from its cached index (explain.py) without loading the models.

__all__ = ["OFFLINE", "main"]


@click.group()
def main() -> None:
    """Turn YAML error-guide records into a browsable MkDocs site."""


main.add_command(explain_command)
main.add_command(links_command)


# --- check --------------------------------------------------------------------------

_TUNABLE_LINTS = sorted(set(LINT_CODES) - ALWAYS_ERRORS)


def _lint_levels(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    levels = {}
    for value in values:
        code, _, level = value.partition("=")
        if code not in _TUNABLE_LINTS or level not in ("off", "warning", "error"):
            raise click.BadParameter(
                f"'{value}': expected CODE=LEVEL with CODE one of {', '.join(_TUNABLE_LINTS)} "
                "and LEVEL one of off, warning, error"
            )
        levels[code] = level
    return levels


@main.command("check")
@content_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Report every warning as an error (exit 1).")
@click.option(
    "--lint",
    "lint_levels",
    multiple=True,
    callback=_lint_levels,
    metavar="CODE=LEVEL",
    help=f"Set a lint's level for this run, e.g. --lint stale=off ({', '.join(_TUNABLE_LINTS)}).",
)
@click.option("--stale-after-days", type=click.IntRange(min=1), help="Age after which a guide is stale.")
def check_command(
    content_dir: Path, output_format: str, strict: bool, lint_levels: dict[str, str], stale_after_days: int | None
) -> None:
    """Check all content without building: one problem a line, then a summary.

    Exit 0 when there are no errors, 1 when there are.
    """
    from .pipeline import check

    with reported_errors():
        settings = read_settings(Path.cwd())
        overrides = {**lint_levels, **({"stale_after_days": stale_after_days} if stale_after_days else {})}
        checked = check(content_dir, settings=settings.with_overrides(overrides, strict=strict))
    if output_format == "json":
        click.echo(json.dumps(_as_json(checked), indent=2))
    else:
        for diagnostic in checked.diagnostics:
            click.echo(str(diagnostic))
        click.echo(summarize(checked.diagnostics, checked.files))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for diagnostic in checked.diagnostics:
            click.echo(github_annotation(diagnostic))
    sys.exit(1 if checked.errors else 0)


def _as_json(checked) -> dict:
    return {
        "diagnostics": [
            {
                "file": d.file,
                "line": d.position.line,
                "column": d.position.column,
                "severity": d.severity.value,
                "code": d.code,
                "message": d.message,
            }
            for d in checked.diagnostics
        ],
        "summary": {"errors": len(checked.errors), "warnings": len(checked.warnings), "files": checked.files},
    }


# --- generate and build -------------------------------------------------------------


@main.command("generate")
@content_option
@out_option
@config_option
@site_url_option
@quiet_option
def generate_command(content_dir: Path, out_dir: Path, config_file: Path, site_url: str | None, quiet: bool) -> None:
    """Validate the content and write the Markdown pages and exports (no MkDocs needed)."""
    from .pipeline import generate

    with reported_errors():
        site = read_site_info(config_file, site_url=site_url)
        generated = generate(content_dir, out_dir, site=site, progress=None if quiet else Progress())
    _print_warnings(generated.warnings)
    if not quiet:
        click.echo(f"{out_dir}: {generated.report}")


@main.command("build")
@content_option
@out_option
@config_option
@site_url_option
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="site",
    show_default=True,
    help="Where the HTML site goes; replaced only when the build succeeds.",
)
@click.option(
    "--builder",
    type=click.Choice(BUILDERS),
    default="mkdocs",
    show_default=True,
    help="The site builder that reads mkdocs.yml (HANDBOOK.md says what differs).",
)
@quiet_option
def build_command(
    content_dir: Path, out_dir: Path, config_file: Path, site_url: str | None, site_dir: Path, builder: str, quiet: bool
) -> None:
    """Generate the pages, then run `<builder> build --strict`; the site is replaced only on success."""
    from .pipeline import generate

    with reported_errors():
        site = read_site_info(config_file, site_url=site_url)
        generated = generate(content_dir, out_dir, site=site, progress=None if quiet else Progress())
        _print_warnings(generated.warnings)
        if not quiet:
            click.echo(f"{out_dir}: {generated.report}")
        build_site(config_file, site_dir, builder=builder, quiet=quiet)
    if not quiet:
        click.echo(f"Site built in {site_dir}/")


def _print_warnings(warnings: list[Diagnostic]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


# --- new and schema -----------------------------------------------------------------


def _slug(ctx, param, value: str | None) -> str | None:
    from .fields import SLUG_PATTERN

    if value is not None and not re.fullmatch(SLUG_PATTERN, value):
        raise click.BadParameter(f"'{value}' is not an id; ids are lowercase words joined by hyphens")
    return value


@main.command("new")
@click.argument("kind", type=click.Choice(sorted(RECORD_FOLDERS.values())))
@click.argument("ids", nargs=-1, required=True, metavar="[PRODUCT] ID")
@content_option
def new_command(kind: str, ids: tuple[str, ...], content_dir: Path) -> None:
    """Write a commented skeleton for a new record.

    \b
      new guide PRODUCT ID    e.g. new guide deepseek context-length-exceeded
      new cause ID | new fix ID | new faq ID | new product ID
    """
    from .scaffold import scaffold

    expected = 2 if kind == "guide" else 1
    if len(ids) != expected:
        usage = "PRODUCT ID" if kind == "guide" else "ID"
        raise click.UsageError(f"'new {kind}' takes {usage}, e.g. 'new {kind} {'deepseek ' * (expected - 1)}my-id'")
    for value in ids:
        _slug(None, None, value)
    product, record_id = (ids[0], ids[1]) if kind == "guide" else (None, ids[0])
    if product is not None:
        _check_product_exists(product, content_dir)
    with reported_errors():
        path = scaffold(kind, record_id, product=product, content_dir=content_dir, root=Path.cwd(), today=date.today())
    click.echo(f"Created {path.as_posix()}")
    click.echo("Next: replace every TODO (your editor completes fields from the schema), then run: make check")


def _check_product_exists(product: str, content_dir: Path) -> None:
    """A guide's product must exist: a typo would otherwise create a folder (and a product) by mistake."""
    from .diagnostics import did_you_mean

    products_dir = content_dir / "products"
    known = sorted(path.stem for path in products_dir.glob("*.y*ml")) if products_dir.is_dir() else []
    if product not in known:
        suggestion = did_you_mean(product, known)
        first = "A new" if suggestion else "a new"
        raise click.UsageError(
            f"product '{product}' does not exist (there is no {products_dir.as_posix()}/{product}.yaml){suggestion}"
            f"{' ' if suggestion else '; '}{first} product needs its record first: new product {product}"
        )


@main.command("schema")
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=".",
    show_default=True,
    help="Project root; the files go to <root>/schema/.",
)
def schema_command(root: Path) -> None:
    """Write the JSON Schema of every record kind (generated from the models) for editors."""
    from .schema import write_schemas

    for path in write_schemas(root):
        click.echo(f"wrote {path.as_posix()}")
