"""``python -m generator links``: request every external URL in the content and report the dead ones."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .cli_common import content_option, count, github_annotation
from .diagnostics import summarize
from .progress import Progress

__all__ = ["OFFLINE", "links_command"]

# --- links --------------------------------------------------------------------------

OFFLINE = 3
"""`links`' exit code when no host answered at all: nothing was checked."""


@click.command("links")
@content_option
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
        what = "no host answered" if not reached else f"only {reached} of {count(found.hosts, 'host')} could be reached"
        click.echo(
            f"links: {what} ({count(len(found.answers), 'URL')} on {count(found.hosts, 'host')}; "
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
    click.echo(f"{count(len(found.answers), 'URL')} on {count(found.hosts, 'host')} checked, {dead_urls} of them dead")
    if found.unverified:
        click.echo(f"{count(len(found.unverified), 'URL')} turned the checker away (401, 403, 429); check by hand:")
        for answer in found.unverified:
            click.echo(f"  {answer.url} answered {answer.status}")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for diagnostic in found.dead:
            click.echo(github_annotation(diagnostic))
