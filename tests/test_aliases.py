"""Stable URLs: a renamed guide, cause or fix lists the ids it had (`aliases`), and each old URL
keeps working. Checked as data here; the browser test follows a real redirect."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from generator import generate
from generator.siteinfo import SiteInfo

from conftest import TODAY

GUIDE = "guides/acme/no-credit.yaml"
SHOWN = "content/guides/acme/no-credit.yaml"
SITE = SiteInfo(url="https://errors.example.org/")


def rename_the_402_guide(tree) -> None:
    """What the README tells a maintainer to do: rename the file and the id, add the old id."""
    text = (tree.content / GUIDE).read_text()
    tree.remove(GUIDE)
    tree.write("guides/acme/out-of-credit.yaml", text.replace("id: no-credit\n", "id: out-of-credit\naliases:\n  - no-credit\n", 1))
    tree.edit("guides/acme/invalid-key.yaml", "    guide: no-credit", "    guide: out-of-credit")


def test_a_renamed_guide_redirects_from_its_old_page(tree):
    rename_the_402_guide(tree)

    redirect, = tree.catalogue().redirects

    assert (redirect.kind, redirect.old_id, redirect.key) == ("guide", "acme/no-credit", "acme/out-of-credit")
    assert redirect.page == "acme/no-credit/index.html"
    assert redirect.target.page == "acme/out-of-credit.md"


def test_the_old_page_sends_readers_on_and_keeps_search_engines_on_the_new_one(tree):
    rename_the_402_guide(tree)

    generate(tree.content, tree.root / "docs", root=tree.root, today=TODAY, site=SITE)
    page = BeautifulSoup((tree.root / "docs" / "acme" / "no-credit" / "index.html").read_text(), "html.parser")

    assert page.find("link", rel="canonical")["href"] == "https://errors.example.org/acme/out-of-credit/"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../out-of-credit/"
    assert page.find("script").string == 'location.replace("../out-of-credit/" + location.search + location.hash)'
    assert page.find("a")["href"] == "../out-of-credit/"
    assert page.body.get_text(" ", strip=True) == "This guide has moved to Acme 402 No Credit ."


def test_the_catalogue_lists_the_move(tree):
    rename_the_402_guide(tree)

    generate(tree.content, tree.root / "docs", root=tree.root, today=TODAY, site=SITE)
    catalogue = json.loads((tree.root / "docs" / "api" / "catalogue.json").read_text())

    assert catalogue["moved"] == [
        {
            "kind": "guide",
            "old_id": "acme/no-credit",
            "old_url": "https://errors.example.org/acme/no-credit/",
            "id": "acme/out-of-credit",
            "url": "https://errors.example.org/acme/out-of-credit/",
        }
    ]


def test_shared_causes_and_fixes_keep_their_old_urls_too(tree):
    tree.edit("causes/bad-key.yaml", "id: bad-key\n", "id: bad-key\naliases: [wrong-key]\n")
    tree.edit("fixes/new-key.yaml", "id: new-key\n", "id: new-key\naliases: [rotate-key, replace-key]\n")

    pages = {(r.kind, r.old_id): r.page for r in tree.catalogue().redirects}

    assert pages == {
        ("cause", "wrong-key"): "causes/wrong-key/index.html",
        ("fix", "rotate-key"): "fixes/rotate-key/index.html",
        ("fix", "replace-key"): "fixes/replace-key/index.html",
    }


def test_an_alias_that_clashes_with_a_live_page_is_refused(tree):
    tree.edit(GUIDE, "id: no-credit\n", "id: no-credit\naliases:\n  - invalid-key\n")

    assert tree.problems() == [
        f"{SHOWN}:3:5: error[alias-clash]: alias 'invalid-key' clashes with the live guide 'acme/invalid-key' "
        "(content/guides/acme/invalid-key.yaml:1): /acme/invalid-key/ is that guide's page. "
        "Remove the alias, or rename that guide first"
    ]


def test_an_old_url_can_lead_to_one_page_only(tree):
    tree.edit(GUIDE, "id: no-credit\n", "id: no-credit\naliases: [old-error]\n")
    tree.edit("guides/acme/invalid-key.yaml", "id: invalid-key\n", "id: invalid-key\naliases: [old-error]\n")

    assert tree.problems() == [
        f"{SHOWN}:2:11: error[alias-clash]: alias 'old-error' is also an alias of guide 'acme/invalid-key' "
        "(content/guides/acme/invalid-key.yaml:1); an old URL can send readers to one page only, "
        "so keep it on one of them"
    ]


def test_an_alias_is_not_the_records_own_id(tree):
    tree.edit("causes/bad-key.yaml", "id: bad-key\n", "id: bad-key\naliases: [bad-key]\n")

    assert tree.problems() == [
        "content/causes/bad-key.yaml:2:11: error[alias-clash]: alias 'bad-key' is this cause's own id; "
        "list only ids it was published under before"
    ]


def test_a_one_off_fix_has_no_old_url_to_keep(tree):
    tree.edit(GUIDE, "  - id: buy-credit\n", "  - id: buy-credit\n    aliases: [top-up]\n")

    assert tree.problems() == [
        f"{SHOWN}:12:5: error[unknown-field]: 'aliases' is for shared fixes, which have a page; "
        "a one-off fix has no old URL to keep"
    ]


def test_a_reference_to_an_old_id_names_the_new_one(tree):
    rename_the_402_guide(tree)
    tree.edit("guides/acme/invalid-key.yaml", "    guide: out-of-credit", "    guide: no-credit")

    assert tree.problems() == [
        "content/guides/acme/invalid-key.yaml:22:5: error[unknown-reference]: unknown guide 'acme/no-credit'; "
        "it was renamed to 'acme/out-of-credit'"
    ]
