"""Property-based tests: random and mutated content never crashes the pipeline.

Hypothesis feeds random YAML documents, random bytes and random mutations of
the shipped records to the loader and validator (and on to link, lint and
render). The only acceptable outcomes are a valid catalogue or structured
diagnostics. A last property renders random Markdown-like text, once made safe,
with the site's own Markdown extensions and checks that nothing in the HTML
can run script.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import CODES
from generator.link import link
from generator.lint import lint
from generator.load import RECORD_FOLDERS, load
from generator.models import MODELS
from generator.pipeline import check
from generator.render import plan, render_pages
from generator.sanitize import SAFE_SCHEMES, UnsafeMarkdown, safe_markdown
from generator.settings import LintSettings
from generator.validate import validate
from generator.siteinfo import load_mkdocs_yaml

from conftest import MINIMAL_CONTENT, REPO, TODAY, ContentTree

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FOLDERS = ["products", "causes", "fixes", "faqs", "guides/acme"]
FIELD_NAMES = sorted({name for model in MODELS.values() for name in model.model_fields})
HOSTILE_TEXT = [
    "", " ", "TODO", "../../etc/passwd", "/etc/passwd", "index", "a" * 300, "<script>alert(1)</script>",
    "[x](javascript:alert(1))", "{ onclick=alert(1) }", "`", "```", "\u202e", "sk-" + "a1b2c3d4" * 4,
    "https://a.test/x) <img src=x onerror=alert(1)>", "acme/invalid-key", "new-key", "bad-key", "2026-02-30",
]


@pytest.fixture(scope="module")
def fuzz_tree(tmp_path_factory) -> ContentTree:
    return ContentTree(tmp_path_factory.mktemp("fuzz"), MINIMAL_CONTENT)


def assert_structured(tree: ContentTree, fuzzed: str) -> None:
    """Check the tree: a catalogue, or diagnostics that are all registered and located."""
    checked = check(tree.content, root=tree.root, today=TODAY, settings=LintSettings())
    assert (checked.catalogue is None) == bool(checked.errors)
    for diagnostic in checked.diagnostics:
        assert diagnostic.code in CODES and diagnostic.position.line >= 1 and diagnostic.position.column >= 1
        assert diagnostic.file.startswith("content/")
    if checked.catalogue is not None:
        dict(render_pages(plan(checked.catalogue)))
    else:
        assert any(d.file == fuzzed for d in checked.errors)


# --- Random documents and bytes ---------------------------------------------------------------

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.dates() | st.text(max_size=30) | st.sampled_from(HOSTILE_TEXT)
keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=12)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=25,
)


@BOUNDED
@given(folder=st.sampled_from(FOLDERS), data=documents)
def test_random_yaml_documents_give_a_catalogue_or_diagnostics(fuzz_tree, folder, data):
    path = fuzz_tree.content / folder / "fuzz.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        assert_structured(fuzz_tree, f"content/{folder}/fuzz.yaml")
    finally:
        path.unlink()


@BOUNDED
@given(folder=st.sampled_from(FOLDERS), raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bytes_give_diagnostics(fuzz_tree, folder, raw):
    path = fuzz_tree.content / folder / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        checked = check(fuzz_tree.content, root=fuzz_tree.root, today=TODAY, settings=LintSettings())
        assert all(d.code in CODES for d in checked.diagnostics)
    finally:
        path.unlink()


# --- Mutations of the shipped records ----------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    documents, problems = load(REPO / "content", root=REPO)
    assert problems == []
    return documents


def _places(data: Any, loc: tuple = ()) -> list[tuple]:
    """Every location in a document (mapping keys and list items), its root included."""
    places = [loc]
    if isinstance(data, dict):
        for key, value in data.items():
            places += _places(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            places += _places(value, (*loc, index))
    return places


def _mutate(data: Any, loc: tuple, action: str, value: Any) -> Any:
    if not loc:
        return value if action == "replace" else data
    parent = data
    for part in loc[:-1]:
        parent = parent[part]
    last = loc[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    return data


@settings(BOUNDED, max_examples=100)  # each example validates and links all 78 shipped records
@given(choice=st.data())
def test_random_mutations_of_the_shipped_records_give_a_catalogue_or_diagnostics(shipped, choice):
    documents = list(shipped)
    index = choice.draw(st.integers(0, len(documents) - 1), label="document")
    original = documents[index]
    data = copy.deepcopy(original.data)
    for _ in range(choice.draw(st.integers(1, 3), label="mutations")):
        loc = choice.draw(st.sampled_from(_places(data)), label="where")
        action = choice.draw(st.sampled_from(["replace", "delete", "duplicate", "rename"]), label="action")
        data = _mutate(data, loc, action, choice.draw(documents_or_hostile, label="value"))
    documents[index] = type(original)(original.file, original.kind, data, original.source, original.folder, text=original.text)

    records, problems = validate(documents, today=TODAY)
    catalogue, unresolved = link(records)
    linted = lint(documents, records, LintSettings(), TODAY)
    diagnostics = [*problems, *unresolved, *linted]
    assert all(d.code in CODES for d in diagnostics)
    # Rendering all 80 pages per example would dominate the run; the random
    # documents above are rendered whenever they make a valid catalogue.
    assert isinstance(catalogue.guides, tuple)


documents_or_hostile = st.sampled_from(HOSTILE_TEXT) | documents


@BOUNDED
@given(choice=st.data())
def test_random_edits_of_a_shipped_file_give_a_catalogue_or_diagnostics(fuzz_tree, shipped, choice):
    guide = choice.draw(st.sampled_from([d for d in shipped if d.kind == "guide"]), label="guide")
    text = guide.text
    for _ in range(choice.draw(st.integers(1, 4), label="edits")):
        at = choice.draw(st.integers(0, len(text)), label="at")
        cut = choice.draw(st.integers(0, 20), label="cut")
        insert = choice.draw(st.text(alphabet=":-[]{}&*!|>'\"#%@`\t\n ?,<\\", max_size=4), label="insert")
        text = text[:at] + insert + text[at + cut :]
    path = fuzz_tree.content / "guides" / "acme" / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        assert_structured(fuzz_tree, "content/guides/acme/fuzz.yaml")
    finally:
        path.unlink()


# --- Safe Markdown, checked with the site's own Markdown --------------------------------------


def _site_markdown() -> markdown.Markdown:
    config = load_mkdocs_yaml((REPO / "mkdocs.yml").read_text())
    extensions, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        extensions.append(name)
        if options:
            configs[name] = options
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


SITE_MARKDOWN = _site_markdown()
PIECES = [
    "<", ">", "`", "``", "{", "}", "[", "]", "(", ")", "!", ":", "\n", "\n\n", " ", "    ", "# ", "*", "_", "\\",
    "&", ";", "&#", "x6A", "106", "&lt;", "&colon;", "javascript", "JaVaScript", "data", "vbscript", "script",
    "img", "svg", "kbd", "br", "sup", "style", "iframe", " onerror=", " onclick=", "alert(1)", " src=x", " href=",
    "\"", "'", "/", "|", "-", "=", "a", "!!! note ", "=== ", "```", "~~~", "- [ ] ", "> ", ".", "@", "http://a.test",
    "{: ", "markdown=1",
]
# Whole attacks, so that short texts combine them with the syntax around them.
ATTACKS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{ onclick=alert(1) }", "{: onclick=alert(1) }",
    "[x](javascript:alert(1))", "[x](&#106;avascript:alert(1))", "<kbd onclick=alert(1)>", "<div markdown=1>",
    "`<b onclick=x>`", "<https://a.test/ onclick=x>", "![x](data:image/png;base64,AA)", "<!-- -->", "\n# ",
]
LIVE_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "textarea", "button", "select",
             "meta", "link", "base", "template", "frame", "frameset", "audio", "video", "source", "noscript"}


def _live_markup(html: str) -> list[str]:
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name in LIVE_TAGS:
            found.append(f"<{element.name}>")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on") or name.lower() in ("style", "formaction", "srcdoc"):
                found.append(f"{element.name}[{name}]")
            if name.lower() in ("href", "src"):
                scheme = re.match(r"\s*([a-zA-Z][\w+.-]*):", re.sub(r"[\t\n\r]", "", value))
                if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                    found.append(f"{element.name}[{name}={value!r}]")
    return found


# Where an attack may sit: the start of a paragraph, heading, list item, quote, admonition, table cell.
BLOCK_STARTS = ["", "# ", "### ", "- ", "1. ", "> ", "!!! note\n\n    ", "| a |\n| - |\n| ", "=== \"t\"\n\n    "]
noise = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
markdownish = st.tuples(st.sampled_from(BLOCK_STARTS), noise, st.sampled_from(ATTACKS), noise, st.booleans()).map(
    lambda parts: parts[0] + parts[1] + parts[2] + (parts[3] if parts[4] else "")
)


@settings(max_examples=300, deadline=None)
@given(markdownish | st.lists(st.sampled_from(PIECES + ATTACKS), max_size=30).map("".join))
def test_safe_markdown_never_renders_live_markup(text):
    try:
        safe = safe_markdown(text)
    except UnsafeMarkdown:
        return
    assert safe_markdown(safe) == safe  # records can be validated again (e.g. read back from JSON)
    for context in (safe, f"### {safe} {{ #anchor }}", f"- [ ] {safe}", f'??? question "{safe}"\n\n    x'):
        SITE_MARKDOWN.reset()
        html = SITE_MARKDOWN.convert(context)
        assert _live_markup(html) == [], (text, context, html)
