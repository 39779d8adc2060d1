"""``python -m generator explain``: find the guide for pasted error text, in the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_common import config_option, content_option, reported_errors, site_url_option
from .siteinfo import SiteInfo, read_site_info

__all__ = ["explain_command"]

@click.command("explain")
@click.argument("error_text")
@content_option
@config_option
@site_url_option
@click.option("--limit", type=click.IntRange(min=1), default=3, show_default=True, help="How many candidates to list.")
def explain_command(error_text: str, content_dir: Path, config_file: Path, site_url: str | None, limit: int) -> None:
    """Find the guide for an error: paste the error text (or '-' to read it from stdin),
    or name a guide as PRODUCT/GUIDE-ID.

    Uses the same ranking rules as the site's error lookup page. Exit 1 when nothing matches.
    """
    from .explain import ExplainIndex
    from .lookup import Match, rank

    text = sys.stdin.read() if error_text == "-" else error_text
    with reported_errors():
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
