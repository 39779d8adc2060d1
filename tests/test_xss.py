"""End to end: script in content never runs in the built site.

A guide whose every text field carries an attack (raw HTML, event handlers,
attribute lists, Markdown-wrapped variants, title breakouts) is built with the
real `mkdocs build --strict`; the HTML a reader gets must hold none of it as
live markup. Links to javascript:, data: and vbscript: URLs fail the build.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_CONTENT, REPO, ContentTree, mkdocs_build

pytestmark = pytest.mark.build

# Every attack calls alert() with its own number, so a failure names the one that got through.
ATTACKS = [
    "<script>alert(101)</script>",
    "<img src=x onerror=alert(102)>",
    "<svg onload=alert(103)>",
    '<a href="javascript:alert(104)">click</a>',
    "**<script>alert(105)</script>**",
    "[<img src=x onerror=alert(106)>](https://acme.test/)",
    "`code` <script>alert(107)</script> `more`",
    "a ` b <img src=x onerror=alert(108)> ` c",
    "<!-- x --><script>alert(109)</script>",
    '<div markdown="1"><script>alert(110)</script></div>',
    '<kbd onclick="alert(111)">K</kbd>',
    "{ onclick=alert(112) }",
    "&lt;script&gt;alert(113)&lt;/script&gt;",
    '"><script>alert(114)</script>',
    "</title><script>alert(115)</script>",
    "&lt;/title&gt;&lt;script&gt;alert(116)&lt;/script&gt;",
    "<iframe src=https://evil.test/ onload=alert(117)></iframe>",
    "<style>body{display:none}</style><b style=x onmouseover=alert(118)>",
]
ONE_LINE = " ".join(ATTACKS)
BLOCK_ATTACKS = [
    "a ` b\n`<script>alert(201)</script>` c",
    "x\n\n`a\n# <img src=x onerror=alert(202)>`",
    "# Heading { onclick=alert(203) }",
    "Paragraph\n{: onclick=alert(204) }",
    '!!! note "<img src=x onerror=alert(205)>"\n\n    <script>alert(206)</script>',
    '=== "<img src=x onerror=alert(207)>"\n\n    tab <script>alert(208)</script>',
    "```{ .python onclick=alert(209) }\nprint(1)\n```",
    "    <script>alert(210)</script>",
    "> <script>alert(211)</script>",
    "| a | <script>alert(212)</script> |\n| --- | --- |\n| `x | <img src=x onerror=alert(213)>` | y |",
]
BLOCK = "\n\n".join([ONE_LINE, *BLOCK_ATTACKS])


def hostile_guide() -> str:
    one_line = json.dumps(ONE_LINE)
    block = json.dumps(BLOCK)
    return f"""\
id: invalid-key
product: acme
title: {one_line}
status: 401
error: "invalid_key &lt;script&gt;alert(301)&lt;/script&gt;"
signatures:
  - {one_line}
summary: {block}
explains: bad-key
causes:
  - bad-key
  - id: hostile-cause
    title: {one_line}
    explanation: {block}
fixes:
  - fix: new-key
    details: {block}
  - id: hostile-fix
    title: {one_line}
    body: {block}
    code:
      - language: html
        label: {one_line}
        code: "</code></pre><script>alert(302)</script>"
tip: {block}
faq:
  - which-key
  - question: {one_line}
    answer: {block}
checklist:
  - check: {one_line}
    fix: hostile-fix
  - check: The credit is not used up.
    guide: no-credit
escalation:
  - {one_line}
sources:
  - title: {one_line}
    url: https://docs.acme.test/errors
reviewed: 2026-11-01
description: {one_line}
retry:
  verdict: "no"
  reason: {one_line}
"""


def hostile_project(root: Path) -> ContentTree:
    tree = ContentTree(root, MINIMAL_CONTENT)
    tree.write("guides/acme/invalid-key.yaml", hostile_guide())
    for path, old in [("products/acme.yaml", "name: Acme"), ("causes/bad-key.yaml", "title: The key is wrong")]:
        tree.edit(path, old, f"{old.split(':')[0]}: {json.dumps('Acme ' + ONE_LINE)}")
    tree.edit("products/acme.yaml", "about: Acme sells an API.", f"about: {json.dumps(BLOCK)}")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "docs").mkdir()
    return tree


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    hostile_project(root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_the_hostile_guide_is_published(hostile_site):
    page = (hostile_site / "acme" / "invalid-key" / "index.html").read_text()

    # The attacks show as text: escaped, not dropped.
    assert "&lt;script&gt;alert(101)&lt;/script&gt;" in page
    assert "</code></pre><script>alert(302)</script>" in BeautifulSoup(page, "html.parser").get_text()  # a code sample


def test_no_attack_is_live_markup_anywhere_in_the_site(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(hostile_site)
        # Parsers differ at the edges (a browser ends <title> at the first '</title>'),
        # so first the raw text: no attack's tag is there as a tag.
        for opener in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<kbd onclick", "<div markdown",
                       "<style>body", "<b style"):
            assert opener not in text, f"{where}: {opener}"
        soup = BeautifulSoup(text, "html.parser")
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                assert not name.lower().startswith("on"), f"{where}: <{element.name} {name}={value!r}>"
                if name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                    assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), where
            if element.name == "script" and element.get("type") == "application/ld+json":
                json.loads(element.get_text())  # a data block, never run: it must stay one piece of JSON
            elif element.name == "script":
                assert "alert(" not in element.get_text(), f"{where}: live script {element}"
            if element.name == "img":
                assert element.get("src") != "x", f"{where}: {element}"
        # The theme has a <style> in its head; the content has none of these at all.
        article = soup.find("article")
        for name in ("script", "iframe", "object", "embed", "style", "form", "img", "svg"):
            found = [] if article is None else article.find_all(name)
            # The guide's own JSON-LD is the one script allowed: data, checked above.
            found = [tag for tag in found if tag.get("type") != "application/ld+json"]
            assert found == [], f"{where}: <{name}> in the content"


def test_page_titles_are_plain_text_with_no_angle_bracket_to_decode(hostile_site):
    # Themes print the title as HTML, and some decode its entities first (Jinja's
    # striptags): a title without '<' in any spelling is safe in either case.
    page = BeautifulSoup((hostile_site / "acme" / "invalid-key" / "index.html").read_text(), "html.parser")

    title = page.find("title").get_text()
    assert "<" not in title and "\u2039script\u203aalert(101)" in title


def test_the_search_index_holds_the_text_readers_see_never_markup(hostile_site):
    # Pagefind stores each page's text (gzipped JSON after a signature); the search box
    # shows it as text (javascripts/search.js). Whatever the index holds, the page shows as text.
    fragments = [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in (hostile_site / "pagefind" / "fragment").iterdir()
    ]
    guide = next(fragment for fragment in fragments if fragment["url"] == "/acme/invalid-key/")
    page = BeautifulSoup((hostile_site / "acme" / "invalid-key" / "index.html").read_text(), "html.parser")
    seen = " ".join(page.find("article").get_text(" ").split())

    for tag in ("<script", "<img", "<svg", "<iframe", "<style", "<kbd onclick"):
        assert guide["content"].count(tag) <= seen.count(tag), tag
    assert "alert(101)" in guide["content"]


@pytest.mark.parametrize(
    "link",
    ["[x](javascript:alert(1))", "[x](JAVA&#83;CRIPT:alert(1))", "![x](data:text/html,<script>alert(1)</script>)",
     "[x](vbscript:msgbox)", "[x][r]\n\n[r]: javascript:alert(1)"],
)
def test_a_link_to_an_unsafe_url_fails_the_build(tmp_path, link):
    tree = hostile_project(tmp_path)
    tree.edit("guides/acme/no-credit.yaml", "summary: The credit is used up.", f"summary: {json.dumps(link)}")

    result = mkdocs_build(tmp_path)

    assert result.returncode == 1
    assert "content/guides/acme/no-credit.yaml:6:1: error[unsafe-link]: 'summary' links to a '" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
