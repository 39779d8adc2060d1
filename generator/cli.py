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

from .diagnostics import Diagnostic, GeneratorError, summarize
from .load import RECORD_FOLDERS
from .progress import Progress
from .settings import ALWAYS_ERRORS, LINT_CODES, read_settings
from .site import BUILDERS, build_site
from .siteinfo import SiteInfo, read_site_info

# The pipeline, the models and the lookup are imported by the commands that use them:
# `explain` answers from its cached index (explain.py) without loading the models.

__all__ = ["main"]

_content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="content",
    show_default=True,
    help="Folder holding the YAML records.",
)
_config_option = click.option(
    "--config-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default="mkdocs.yml",
    show_default=True,
    help="The MkDocs configuration (site name, description and URL are read from it).",
)
_site_url_option = click.option(
    "--site-url",
    envvar="SITE_URL",
    help="The public URL of the site, for canonical links and the exports  [env: SITE_URL; default: mkdocs.yml's site_url]",
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
@_content_option
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

    with _reported_errors():
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
            click.echo(_github_annotation(diagnostic))
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


def _github_annotation(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""

    def escape(text: str, *, property_value: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    where = (
        f"file={escape(diagnostic.file, property_value=True)},line={diagnostic.position.line},"
        f"col={diagnostic.position.column},title={escape(diagnostic.code, property_value=True)}"
    )
    return f"::{diagnostic.severity.value} {where}::{escape(diagnostic.message)}"


# --- links --------------------------------------------------------------------------

OFFLINE = 3
"""`links`' exit code when no host answered at all: nothing was checked."""


@main.command("links")
@_content_option
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=8,  # linkcheck.Checker's defaults (a test holds them equal); linkcheck loads only for `links`
    show_default=True,
    help="Requests at once (at most 2 to one host).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=15.0,
    show_default=True,
    help="Seconds to wait to connect, and for each answer.",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=2,
    show_default=True,
    help="More tries after a timeout, a dropped connection or a 429/5xx answer.",
)
def links_command(content_dir: Path, concurrency: int, timeout: float, retries: int) -> None:
    """Request every external URL in the content (sources, product pages, links in text) and
    report the dead ones in check's format: 404 or 5xx, timed out, unreachable, moved permanently.

    Exit 0 when every URL answers, 1 when some are dead, 3 when no host answered at all
    (this machine is offline: nothing was checked).
    """
    from .diagnostics import format_diagnostics
    from .linkcheck import Checker, probe, report
    from .pipeline import external_urls

    uses, errors = external_urls(content_dir)
    if errors:
        click.echo(format_diagnostics(errors), err=True)
        click.echo("links: fix the content first (make check); the URLs of invalid records are unknown", err=True)
        sys.exit(1)
    checker = Checker(concurrency=concurrency, timeout=timeout, retries=retries)
    found = report(uses, probe((use.url for use in uses), checker, progress=Progress().stage("Checking links")))
    if found.offline:
        first = next(answer for _, answer in sorted(found.answers.items()) if not answer.connected)
        reached = found.hosts - found.unreachable_hosts
        what = "no host answered" if not reached else f"only {reached} of {_count(found.hosts, 'host')} could be reached"
        click.echo(
            f"links: {what} ({_count(len(found.answers), 'URL')} on {_count(found.hosts, 'host')}; "
            f"{first.url} {first.error}). "
            "Is this machine offline, or on a network that reaches only a few hosts? Nothing was checked.",
            err=True,
        )
        sys.exit(OFFLINE)
    _print_link_report(found, files=len({use.file for use in uses}))
    sys.exit(1 if found.dead else 0)


def _print_link_report(found, files: int) -> None:
    """`found` is a linkcheck.Report."""
    for diagnostic in found.dead:
        click.echo(str(diagnostic))
    click.echo(summarize(found.dead, files))
    dead_urls = len({diagnostic.message.split(" ", 1)[0] for diagnostic in found.dead})
    click.echo(f"{_count(len(found.answers), 'URL')} on {_count(found.hosts, 'host')} checked, {dead_urls} of them dead")
    if found.unverified:
        click.echo(f"{_count(len(found.unverified), 'URL')} turned the checker away (401, 403, 429); check by hand:")
        for answer in found.unverified:
            click.echo(f"  {answer.url} answered {answer.status}")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for diagnostic in found.dead:
            click.echo(_github_annotation(diagnostic))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- generate and build -------------------------------------------------------------


_quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="Print only problems: no progress, no summary. (Progress shows only on a terminal.)"
)


@main.command("generate")
@_content_option
@_out_option
@_config_option
@_site_url_option
@_quiet_option
def generate_command(content_dir: Path, out_dir: Path, config_file: Path, site_url: str | None, quiet: bool) -> None:
    """Validate the content and write the Markdown pages and exports (no MkDocs needed)."""
    from .pipeline import generate

    with _reported_errors():
        site = read_site_info(config_file, site_url=site_url)
        generated = generate(content_dir, out_dir, site=site, progress=None if quiet else Progress())
    _print_warnings(generated.warnings)
    if not quiet:
        click.echo(f"{out_dir}: {generated.report}")


@main.command("build")
@_content_option
@_out_option
@_config_option
@_site_url_option
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
@_quiet_option
def build_command(
    content_dir: Path, out_dir: Path, config_file: Path, site_url: str | None, site_dir: Path, builder: str, quiet: bool
) -> None:
    """Generate the pages, then run `<builder> build --strict`; the site is replaced only on success."""
    from .pipeline import generate

    with _reported_errors():
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


# --- explain ------------------------------------------------------------------------


@main.command("explain")
@click.argument("error_text")
@_content_option
@_config_option
@_site_url_option
@click.option("--limit", type=click.IntRange(min=1), default=3, show_default=True, help="How many candidates to list.")
def explain_command(error_text: str, content_dir: Path, config_file: Path, site_url: str | None, limit: int) -> None:
    """Find the guide for an error: paste the error text (or '-' to read it from stdin),
    or name a guide as PRODUCT/GUIDE-ID.

    Uses the same ranking rules as the site's error lookup page. Exit 1 when nothing matches.
    """
    from .explain import ExplainIndex
    from .lookup import Match, rank

    text = sys.stdin.read() if error_text == "-" else error_text
    with _reported_errors():
        index = ExplainIndex.load(content_dir, Path.cwd())
    site = read_site_info(config_file, site_url=site_url)
    named = next((guide for guide in index.guides if guide.key == text.strip()), None)
    if named:
        click.echo(_explained(Match(named, 0, ()), site, ranked=False))
        return
    ranking = rank(text, index.candidates(text), limit=limit)
    if not ranking.confident:
        click.echo("no guide matches this error", err=True)
        if ranking.matches:
            click.echo("\nClosest candidates (not a match):", err=True)
            for match in ranking.matches:
                click.echo(f"  {_candidate(match, site)}", err=True)
        sys.exit(1)
    tied = ranking.tied
    if len(tied) > 1:
        click.echo(f"{len(tied)} guides are equally likely; the text does not say which vendor sent it:\n")
        for match in tied:
            click.echo(f"  {_candidate(match, site)}")
        click.echo("")
    click.echo(_explained(ranking.matches[0], site, ranked=True))
    others = ranking.matches[len(tied):] if len(tied) > 1 else ranking.matches[1:]
    if others:
        click.echo("\nOther candidates:")
        for match in others:
            click.echo(f"  {_candidate(match, site)}")


def _candidate(match, site: SiteInfo) -> str:
    return f"{match.page.label}  (score {match.score})  {site.page_url(match.page.page)}"


def _explained(match, site: SiteInfo, *, ranked: bool) -> str:
    """The guide's title, URL, retry verdict, checklist and fixes (explain.Guide.lines)."""
    page = match.page
    score = f"  (score {match.score}: {', '.join(repr(term) for term in match.matched)})" if ranked else ""
    title, *rest = page.lines
    return "\n".join([f"{page.label}{score}", title, site.page_url(page.page), *rest])


# --- new and schema -----------------------------------------------------------------


def _slug(ctx, param, value: str | None) -> str | None:
    from .models import SLUG_PATTERN

    if value is not None and not re.fullmatch(SLUG_PATTERN, value):
        raise click.BadParameter(f"'{value}' is not an id; ids are lowercase words joined by hyphens")
    return value


@main.command("new")
@click.argument("kind", type=click.Choice(sorted(RECORD_FOLDERS.values())))
@click.argument("ids", nargs=-1, required=True, metavar="[PRODUCT] ID")
@_content_option
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
    with _reported_errors():
        path = scaffold(kind, record_id, product=product, content_dir=content_dir, root=Path.cwd(), today=date.today())
    click.echo(f"Created {path.as_posix()}")
    if product and not (content_dir / "products" / f"{product}.yaml").exists():
        click.echo(f"Note: product '{product}' does not exist yet; create it with: new product {product}")
    click.echo("Next: replace every TODO (your editor completes fields from the schema), then run: make check")


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


class _reported_errors:
    """Print a GeneratorError's message and exit 1, instead of a traceback."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if isinstance(error, GeneratorError):
            click.echo(str(error), err=True)
            sys.exit(1)
        return False
