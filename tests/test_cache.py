"""Reruns in a long-lived process (`mkdocs serve`) reuse a Cache; they must give
exactly the pages and problems a fresh run gives."""

import os

from generator import generate
from generator.pipeline import Cache, check

from conftest import TODAY


def fresh_pages(tree, out):
    generate(tree.content, out, root=tree.root, today=TODAY)
    return written_files(out)


def cached_pages(tree, out, cache):
    generate(tree.content, out, root=tree.root, today=TODAY, cache=cache)
    return written_files(out)


def written_files(out):
    """Every page and export (JSON, llms.txt, assets) by path."""
    return {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}


def test_an_edit_shows_on_every_page_that_shows_the_edited_text(tree, tmp_path):
    cache = Cache()
    cached_pages(tree, tmp_path / "cached", cache)

    tree.edit("guides/acme/no-credit.yaml", "title: Acme 402 No Credit", "title: Acme 402 Out Of Credit")
    tree.edit("causes/bad-key.yaml", "The key is wrong", "The key is not right")

    cached, fresh = cached_pages(tree, tmp_path / "cached", cache), fresh_pages(tree, tmp_path / "fresh")
    assert "Out Of Credit" in cached["api/catalogue.json"]
    assert any("Out Of Credit" in text for path, text in cached.items() if path.startswith("api/lookup/guides/"))
    assert cached == fresh


def test_only_the_edited_page_is_rewritten(tree, tmp_path):
    cache, out = Cache(), tmp_path / "docs"
    generate(tree.content, out, root=tree.root, today=TODAY, cache=cache)
    tree.edit("guides/acme/no-credit.yaml", "Buy credit in the console.", "Buy credit in the Acme console.")

    report = generate(tree.content, out, root=tree.root, today=TODAY, cache=cache).report

    # The page, and llms-full.txt, which carries every guide's text; the JSON exports hold no fix bodies.
    assert report.written == ["acme/no-credit.md", "llms-full.txt"]


def test_a_file_edited_within_the_same_second_is_read_again(tree, tmp_path):
    cache = Cache()
    cached_pages(tree, tmp_path / "cached", cache)
    path = tree.content / "guides/acme/no-credit.yaml"
    stat = path.stat()

    tree.edit("guides/acme/no-credit.yaml", "Buy credit in the console.", "Buy more credit.")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime; the size differs

    assert "Buy more credit." in cached_pages(tree, tmp_path / "cached", cache)["acme/no-credit.md"]


def test_deleted_and_broken_files_are_reported_as_in_a_fresh_run(tree):
    cache = Cache()
    check(tree.content, root=tree.root, today=TODAY, cache=cache)
    tree.remove("faqs/which-key.yaml")
    tree.edit("guides/acme/no-credit.yaml", "summary:", "sumary:")

    again = check(tree.content, root=tree.root, today=TODAY, cache=cache)
    fresh = check(tree.content, root=tree.root, today=TODAY)

    assert [str(d) for d in again.diagnostics] == [str(d) for d in fresh.diagnostics]
    assert any("unknown faq 'which-key'" in str(d) for d in again.diagnostics)
