"""Stage 4: Markdown pages, checked against golden files a reviewer can read.

Regenerate the golden files after an intended change with `make golden`
(pytest tests/test_render.py --update-golden) and review the diff.
"""

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from generator import build_catalogue, generate
from generator.catalogue import Link
from generator.page_templates import environment, relative_link
from generator.render import plan, render_pages
from generator.siteinfo import SiteInfo

from conftest import REPO, TODAY

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = [
    "deepseek/invalid-api-key.md",
    "deepseek/index.md",
    "causes/wrong-base-url.md",
    "fixes/retry-with-backoff.md",
    "index.md",
]


def render(catalogue) -> dict[str, str]:
    """Every page, as the pipeline renders them: planned, then rendered one at a time."""
    return dict(render_pages(plan(catalogue)))


@pytest.fixture(scope="module")
def shipped_pages() -> dict[str, str]:
    return render(build_catalogue(REPO / "content", root=REPO, today=TODAY))


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_shipped_pages_match_their_golden_files(shipped_pages, page, request):
    golden = GOLDEN / page
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(shipped_pages[page], encoding="utf-8")
    assert shipped_pages[page] == golden.read_text(encoding="utf-8"), f"run `make golden` if {page} changed on purpose"


def test_no_page_has_a_heading_without_content(shipped_pages):
    for path, text in shipped_pages.items():
        body = _without_front_matter(text)
        blocks = re.split(r"^(#{1,6} .*)$", body, flags=re.MULTILINE)
        # blocks alternate: text, heading, text, heading, text ...
        for heading, following in zip(blocks[1::2], blocks[2::2]):
            next_is_subheading = following.strip() == "" and heading.startswith("## ")
            assert following.strip() or next_is_subheading, f"{path}: empty section {heading!r}"


def test_sections_without_content_are_left_out(tree):
    pages = render(tree.catalogue())
    no_credit = pages["acme/no-credit.md"]

    assert "## Frequently asked questions" not in no_credit
    assert "## Related errors" not in no_credit
    assert "!!! tip" not in no_credit
    assert "## The error message" not in no_credit
    assert "## How to fix it { #how-to-fix }\n\n### 1. Buy credit { #fix-buy-credit }" in no_credit


def test_a_checklist_item_is_a_task_linking_to_what_resolves_it(tree):
    page = render(tree.catalogue())["acme/invalid-key.md"]

    assert "- [ ] The key is current. → [Fix 1: Create a new key](#fix-new-key)\n" in page
    assert "- [ ] The credit is not used up. → [Acme 402 no_credit](no-credit.md)\n" in page


def test_code_samples_become_content_tabs(tree):
    page = render(tree.catalogue())["acme/invalid-key.md"]

    assert '=== "Python"\n\n    ```python\n    print("hello")\n    ```\n' in page


def test_a_code_block_fence_outgrows_backticks_in_the_code(tree):
    tree.edit("fixes/new-key.yaml", 'code: print("hello")', "code: print('```')")

    page = render(tree.catalogue())["acme/invalid-key.md"]

    assert "    ````python\n    print('```')\n    ````\n" in page


def test_a_faq_answer_is_indented_inside_its_collapsible_block(tree):
    tree.edit("faqs/which-key.yaml", "answer: The one from the console.", "answer: |\n  First line.\n\n  Second paragraph.")

    page = render(tree.catalogue())["acme/invalid-key.md"]

    assert '??? question "Which key do I use?"\n\n    First line.\n\n    Second paragraph.\n' in page


def test_indexes_with_nothing_to_list_are_left_out(tree):
    for path in ("fixes/new-key.yaml", "causes/bad-key.yaml", "causes/no-credit.yaml", "faqs/which-key.yaml"):
        tree.remove(path)
    tree.write("guides/acme/invalid-key.yaml", _ONE_OFF_GUIDE)
    tree.remove("guides/acme/no-credit.yaml")

    pages = render(tree.catalogue())

    assert sorted(pages) == [
        "acme/index.md", "acme/invalid-key.md", "feed.xml", "index.md", "lookup.md", "opensearch.xml", "status/401.md"
    ]
    assert "Browse by cause" not in pages["index.md"]


_ONE_OFF_GUIDE = """\
id: invalid-key
product: acme
title: Acme 401 Invalid Key
status: 401
error: invalid_key
summary: Acme rejects the key.
causes:
  - id: typo
    title: A typo in the key
    explanation: The key was mistyped.
fixes:
  - id: paste
    title: Paste the key again
    body: Copy it from the console.
checklist:
  - check: The key was pasted, not typed.
    fix: paste
sources:
  - title: Acme errors
    url: https://docs.acme.test/errors
reviewed: 2026-11-01
description: Acme does not accept the key.
retry:
  verdict: "no"
  reason: The key must change first.
"""


def test_rendering_is_deterministic(tree):
    assert render(tree.catalogue()) == render(tree.catalogue())


@pytest.mark.parametrize(
    ("from_page", "target", "expected"),
    [
        ("acme/a.md", Link("acme/a.md", "fix-x", "x", "fix"), "#fix-x"),
        ("acme/a.md", Link("acme/b.md", None, "b", "guide"), "b.md"),
        ("acme/a.md", Link("causes/c.md", None, "c", "cause"), "../causes/c.md"),
        ("index.md", "acme/index.md", "acme/index.md"),
        ("causes/c.md", "index.md", "../index.md"),
    ],
)
def test_links_are_relative_so_mkdocs_can_check_them(from_page, target, expected):
    assert relative_link(from_page, target) == expected


def _without_front_matter(text: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)


# --- Determinism ---------------------------------------------------------------------------


def _generated(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_content_gives_byte_identical_pages_in_any_file_system_order(tmp_path, monkeypatch, seed):
    generate(REPO / "content", tmp_path / "sorted", root=REPO, today=TODAY)
    rng, real_walk = random.Random(seed), os.walk

    def shuffled_walk(top, *args, **kwargs):
        for folder, dirnames, filenames in real_walk(top, *args, **kwargs):
            rng.shuffle(dirnames)
            rng.shuffle(filenames)
            yield folder, dirnames, filenames

    monkeypatch.setattr(os, "walk", shuffled_walk)
    generate(REPO / "content", tmp_path / "shuffled", root=REPO, today=TODAY)

    assert _generated(tmp_path / "shuffled") == _generated(tmp_path / "sorted")


def test_the_same_content_gives_byte_identical_pages_in_any_environment(project):
    outputs = []
    for number, environment in enumerate([
        {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C"},
        {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8"},
    ]):
        out = f"out{number}"
        command = [sys.executable, "-m", "generator", "generate", "--out", out]
        result = subprocess.run(command, cwd=project, env={**os.environ, **environment}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        outputs.append(_generated(project / out))

    assert outputs[0] == outputs[1]


def test_a_template_that_writes_html_escapes_what_it_prints():
    env = environment(SiteInfo())
    env.loader = jinja2.DictLoader({"page.html.j2": "{{ text }}", "feed.xml.j2": "{{ text }}", "page.md.j2": "{{ text }}"})

    assert env.get_template("page.html.j2").render(text="<b>") == "&lt;b&gt;"
    assert env.get_template("feed.xml.j2").render(text="<b>") == "&lt;b&gt;"
    # Markdown templates print text the models already made safe (see test_validate_hostile.py).
    assert env.get_template("page.md.j2").render(text="&lt;b>") == "&lt;b>"
