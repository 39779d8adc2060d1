"""Stage 2 against hostile records: unsafe text, links, ids and URLs.

Text fields are Markdown; raw HTML in them is escaped and links may only go to
http(s), mailto or the site itself. Ids are slugs, so no record can name a page
outside the output folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ContentError, generate

from conftest import TODAY

GUIDE = "guides/acme/invalid-key.yaml"
SHOWN = "content/guides/acme/invalid-key.yaml"


def rewrite(tree, path: str, loc: tuple, value: Any) -> None:
    """Set the value at `loc` in the file at `path` (re-dumped as YAML)."""
    data = yaml.safe_load((tree.content / path).read_text())
    target = data
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = value
    (tree.content / path).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


# --- Raw HTML is escaped -------------------------------------------------------------------


def test_raw_html_in_a_text_field_is_escaped(tree):
    tree.edit(GUIDE, "summary: Acme rejects the key.", "summary: Acme <script>alert(1)</script> rejects <img src=x onerror=alert(2)>.")

    guide = next(page.guide for page in tree.catalogue().guides if page.key == "acme/invalid-key")

    assert guide.summary == "Acme &lt;script>alert(1)&lt;/script> rejects &lt;img src=x onerror=alert(2)>."


def test_every_text_field_is_escaped_not_only_the_summary(tree):
    for path, old in [
        ("products/acme.yaml", "name: Acme"),
        ("causes/bad-key.yaml", "title: The key is wrong"),
        ("fixes/new-key.yaml", "body: Make a new key in the console."),
        ("faqs/which-key.yaml", "question: Which key do I use?"),
        (GUIDE, "  - check: The key is current."),
        (GUIDE, "  - title: Acme errors"),
    ]:
        tree.edit(path, old, old + " <b onclick=x>")

    catalogue = tree.catalogue()

    guide = catalogue.guides[0]
    shown = [
        guide.product.name, catalogue.causes[0].record.title, catalogue.fixes[0].record.body,
        guide.faq[0].question, guide.checklist[0].check, guide.guide.sources[0].title,
    ]
    assert all(text.endswith(" &lt;b onclick=x>") for text in shown), shown


def test_attribute_lists_cannot_be_written(tree):
    tree.edit(GUIDE, "title: Acme 401 Invalid Key", "title: Acme 401 { onclick=alert(1) }")

    guide = tree.catalogue().guides[0].guide

    assert guide.title == "Acme 401 &#123; onclick=alert(1) }"


def test_code_spans_still_show_angle_brackets(tree):
    tree.edit(GUIDE, "summary: Acme rejects the key.", "summary: 'Send `Bearer <key>` and `plain`.'")

    guide = tree.catalogue().guides[0].guide

    assert guide.summary == "Send <code>Bearer &#60;key&#62;</code> and `plain`."


def test_a_few_inline_tags_are_kept_without_attributes(tree):
    tree.edit(GUIDE, "summary: Acme rejects the key.", 'summary: Press <kbd onclick="x">Ctrl</kbd>+<KBD>C<br/>')

    guide = tree.catalogue().guides[0].guide

    assert guide.summary == "Press <kbd>Ctrl</kbd>+<kbd>C<br></kbd>"


# --- Unsafe links are refused ------------------------------------------------------------------

UNSAFE_LINKS = [
    ("[x](javascript:alert(1))", "javascript"),
    ("[x](JaVaScRiPt:alert(1))", "javascript"),
    ("[x]( <javascript:alert(1)> )", "javascript"),
    ("[x](&#106;avascript:alert(1))", "javascript"),
    ("[x](&#x6A;&#x61;vascript&colon;alert(1))", "javascript"),
    ("[x](&amp;#106;avascript:alert(1))", "javascript"),
    ("[x](java&Tab;script:alert(1))", "javascript"),
    ("[x](\u0001javascript:alert(1))", None),  # a control character is refused before links are looked at
    ("![x](data:image/svg+xml;base64,PHN2Zz4=)", "data"),
    ("[x](vbscript:msgbox(1))", "vbscript"),
    ("[x][ref] and\n\n[ref]: javascript:alert(1)", "javascript"),
    ("**[x](javascript:alert(1))**", "javascript"),
    ("`[x](javascript:alert(1))`", "javascript"),  # even in code: too close to call, so refused
    ("<javascript:alert(1)>", "javascript"),
    ("[x](file:///etc/passwd)", "file"),
]


@pytest.mark.parametrize(("text", "scheme"), UNSAFE_LINKS)
def test_links_to_unsafe_schemes_are_refused_with_a_diagnostic(tree, text, scheme):
    rewrite(tree, GUIDE, ("summary",), text)

    problems = tree.problems()

    if scheme is None:
        assert problems == [f"{SHOWN}:8:10: error[control-character]: 'summary': control character U+0001 is not allowed; "
                            "remove it (it was written as an escape)"]
    else:
        assert problems == [
            f"{SHOWN}:8:1: error[unsafe-link]: 'summary' links to a '{scheme}:' URL; links may only go to "
            "http(s) or mailto addresses, or to pages of this site"
        ]


@pytest.mark.parametrize(
    "text",
    ["[x](https://a.test/)", "[x](mailto:a@b.test)", "[x](../other/)", "[x](#anchor)", "<https://a.test/x>",
     "The data: field", "javascript: is not a link here", "[note]: see below"],
)
def test_safe_links_and_prose_pass(tree, text):
    rewrite(tree, GUIDE, ("summary",), text)

    assert tree.catalogue().guides[0].guide.summary == text


# --- Ids are slugs, so nothing is written outside the output folder -----------------------------

NO_CREDIT = "guides/acme/no-credit.yaml"
# (file, location of an id-bearing field, how to wrap the hostile id there)
ID_FIELDS = [
    (GUIDE, ("id",), None),
    (GUIDE, ("product",), None),
    (GUIDE, ("explains",), None),
    (GUIDE, ("causes", 0), None),
    (GUIDE, ("fixes", 0), None),
    (GUIDE, ("faq", 0), None),
    (GUIDE, ("checklist", 0, "fix"), None),
    (GUIDE, ("checklist", 1, "guide"), None),
    (GUIDE, ("related",), "list"),
    (GUIDE, ("counterparts",), "list"),
    (GUIDE, ("tags",), "list"),
    (NO_CREDIT, ("causes", 0), "cause"),
    (NO_CREDIT, ("fixes", 0, "id"), None),
    (NO_CREDIT, ("fixes", 0), "fix use"),
    (NO_CREDIT, ("checklist", 0), "checklist cause"),
    ("products/acme.yaml", ("id",), None),
    ("causes/bad-key.yaml", ("id",), None),
    ("fixes/new-key.yaml", ("id",), None),
    ("fixes/new-key.yaml", ("code", 0, "language"), None),
    ("fixes/new-key.yaml", ("code", 0, "products"), "list"),
    ("faqs/which-key.yaml", ("id",), None),
]
WRAP = {
    None: lambda bad: bad,
    "list": lambda bad: [bad],
    "cause": lambda bad: {"id": bad, "title": "A cause", "explanation": "Why."},
    "fix use": lambda bad: {"fix": bad, "details": "More."},
    "checklist cause": lambda bad: {"check": "Checked.", "cause": bad},
}
# Where the bad value sits, once wrapped.
INNER = {None: (), "list": (0,), "cause": ("id",), "fix use": ("fix",), "checklist cause": ("cause",)}
HOSTILE_IDS = ["../../escape", "/etc/passwd", "..", "a/../../b", "C:\\Windows\\x", "%2e%2e%2fx", "x" * 130]


@pytest.mark.parametrize("bad", HOSTILE_IDS)
@pytest.mark.parametrize(("path", "loc", "wrap"), ID_FIELDS, ids=[f"{p.split('/')[-1]}:{l}" for p, l, _ in ID_FIELDS])
def test_a_path_in_any_id_field_is_a_bad_id_and_nothing_is_written(tree, path, loc, wrap, bad):
    rewrite(tree, path, loc, WRAP[wrap](bad))
    out = tree.root / "site-docs" / "docs"

    with pytest.raises(ContentError) as raised:
        generate(tree.content, out, root=tree.root, today=TODAY)

    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in (*loc, *INNER[wrap])).lstrip(".")
    bad_ids = [d for d in raised.value.diagnostics if d.code == "bad-id"]
    assert [d.file for d in bad_ids] == [f"content/{path}"]
    assert bad_ids[0].message.startswith(f"{field}: '{bad[:20]}")
    assert not (tree.root / "site-docs").exists()
    assert sorted(p.name for p in tree.root.iterdir()) == ["content"]


def test_the_id_message_suggests_a_slug(tree):
    rewrite(tree, "causes/bad-key.yaml", ("id",), "../../Escape Me")

    assert "content/causes/bad-key.yaml:1:1: error[bad-id]: id: '../../Escape Me' is not a valid id; ids are " \
        "lowercase words joined by hyphens (they become URLs), e.g. 'escape-me'" in tree.problems()


def test_an_id_too_long_for_a_file_name_is_refused(tree):
    rewrite(tree, "causes/bad-key.yaml", ("id",), "a" * 300)

    assert "content/causes/bad-key.yaml:1:1: error[bad-id]: id: 'aaaaaaaaaaaaaaaaaaaa…' is 300 characters long; " \
        "ids become URLs and file names, so keep them to 64" in tree.problems()


# --- URLs and names that could break out of their Markdown ----------------------------------------


@pytest.mark.parametrize(
    ("url", "character", "encoded"),
    [
        ("https://a.test/x) <img src=x onerror=alert(1)>", "' '", "%20"),
        ('https://a.test/"onmouseover="alert(1)', "'\"'", "%22"),
        ("https://a.test/a)b", "')'", "%29"),
        ("https://a.test/`x`", "'`'", "%60"),
        ("https://a.test/{x}", "'{'", "%7B"),
    ],
)
def test_a_url_that_could_end_its_link_early_is_refused(tree, url, character, encoded):
    rewrite(tree, GUIDE, ("sources", 0, "url"), url)

    assert tree.problems() == [
        f"{SHOWN}:28:3: error[invalid-url]: sources[0].url: '{url}' contains {character}; "
        f"write it percent-encoded ({encoded})"
    ]


def test_the_error_name_is_plain_text(tree):
    rewrite(tree, GUIDE, ("error",), "x` <script>alert(1)</script> `y")

    assert tree.problems() == [
        f"{SHOWN}:5:1: error[invalid-value]: 'error' may not contain '`'; write the vendor's error name as plain text"
    ]


def test_a_title_is_one_line(tree):
    rewrite(tree, GUIDE, ("title",), "Acme\n\n<script>alert(1)</script>")

    assert tree.problems() == [
        f"{SHOWN}:3:1: error[invalid-value]: 'title' must be one line; it is shown in a heading, list item or link"
    ]
