"""Hooks for readers: the Atom feed of new and reviewed guides, and the OpenSearch description
that lets a browser send a pasted error to the lookup page."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from generator import build_catalogue, generate
from generator.siteinfo import SiteInfo

from conftest import REPO, TODAY, parsed

SITE = SiteInfo(name="API Error Guides", description="Fixes for API errors.", url="https://errors.example.org/")
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def generated(tree, name: str, site: SiteInfo = SITE) -> str:
    generate(tree.content, tree.root / "docs", root=tree.root, today=TODAY, site=site)
    return (tree.root / "docs" / name).read_text(encoding="utf-8")


def test_the_feed_lists_every_guide_newest_review_first_with_its_date_and_summary(tree):
    tree.edit("guides/acme/no-credit.yaml", "reviewed: 2026-11-01", "reviewed: 2026-11-20")

    feed = feedparser.parse(generated(tree, "feed.xml"))

    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "API Error Guides: new and reviewed guides"
    assert feed.feed.updated == "2026-11-20T00:00:00Z"
    assert [(entry.link, entry.updated) for entry in feed.entries] == [
        ("https://errors.example.org/acme/no-credit/", "2026-11-20T00:00:00Z"),
        ("https://errors.example.org/acme/invalid-key/", "2026-11-01T00:00:00Z"),
    ]
    assert feed.entries[0].title == "Acme 402 No Credit"
    assert feed.entries[0].summary == "The credit is used up. (Reviewed 2026-11-20.)"
    assert feed.entries[0].tags[0].term == "acme"


def test_the_feed_is_the_same_bytes_for_the_same_content(tree):
    first = generated(tree, "feed.xml")
    report = generate(tree.content, tree.root / "docs", root=tree.root, today=TODAY, site=SITE).report

    assert "feed.xml" in report.unchanged
    assert generated(tree, "feed.xml") == first


def test_the_opensearch_description_sends_a_search_to_the_lookup_page(tree):
    description = ElementTree.fromstring(generated(tree, "opensearch.xml"))

    assert description.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert description.find(f"{OPENSEARCH}ShortName").text == "API Error Guides"  # 16 characters at most
    assert len(description.find(f"{OPENSEARCH}Description").text) <= 1024
    urls = {url.get("type"): url.get("template") for url in description.iter(f"{OPENSEARCH}Url")}
    assert urls == {
        "text/html": "https://errors.example.org/lookup/?q={searchTerms}",
        "application/opensearchdescription+xml": "https://errors.example.org/opensearch.xml",
    }


def test_a_long_site_name_is_cut_to_opensearchs_16_characters(tree):
    site = SiteInfo(name="The Great Big Error Guide", url=SITE.url)

    description = ElementTree.fromstring(generated(tree, "opensearch.xml", site))

    assert description.find(f"{OPENSEARCH}ShortName").text == "The Great Big Er"


# --- On the built site ----------------------------------------------------------------


@pytest.mark.build
def test_the_built_feed_lists_every_shipped_guide_newest_first(built_site: Path):
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    guides = build_catalogue(REPO / "content", root=REPO).guides

    assert not feed.bozo, feed.bozo_exception
    assert sorted(entry.link for entry in feed.entries) == sorted(f"http://127.0.0.1:8000/{g.key}/" for g in guides)
    dates = [entry.updated for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.build
def test_every_page_links_the_opensearch_description_and_the_feed(built_site: Path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        url = "http://site/" + path.relative_to(built_site).as_posix()
        head = parsed(path).head
        search = head.find("link", rel="search", type="application/opensearchdescription+xml")
        feed = head.find("link", rel="alternate", type="application/atom+xml")
        assert search and feed, f"{path}: no OpenSearch or feed link"
        if path.name == "404.html":  # served at any depth, so its links start at the site root
            assert (search["href"], feed["href"]) == ("/opensearch.xml", "/feed.xml")
        else:
            assert urljoin(url, search["href"]) == "http://site/opensearch.xml", path
            assert urljoin(url, feed["href"]) == "http://site/feed.xml", path
    assert (built_site / "opensearch.xml").is_file() and (built_site / "feed.xml").is_file()
