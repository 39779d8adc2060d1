"""Stage 5: writing pages safely into the docs folder."""

import json
import os

import pytest

from generator import ContentError, OutputError, generate
from generator.paths import MANIFEST
from generator.write import output_to

from conftest import TODAY


def write(pages: dict[str, str], out):
    """`pages` written as the pipeline writes them: added one at a time to an Output."""
    with output_to(out) as output:
        for path in sorted(pages):
            output.add(path, pages[path])
    return output.report


def test_only_changed_pages_are_rewritten(tmp_path):
    out = tmp_path / "docs"
    write({"a.md": "A\n", "sub/b.md": "B\n"}, out)
    os.utime(out / "a.md", (1_000_000, 1_000_000))

    report = write({"a.md": "A\n", "sub/b.md": "B changed\n"}, out)

    assert (report.written, report.unchanged) == (["sub/b.md"], ["a.md"])
    assert (out / "a.md").stat().st_mtime == 1_000_000
    assert (out / "sub/b.md").read_text() == "B changed\n"


def test_pages_of_deleted_records_are_removed_with_their_empty_folders(tmp_path):
    out = tmp_path / "docs"
    write({"index.md": "home\n", "gone/page.md": "old\n"}, out)

    report = write({"index.md": "home\n"}, out)

    assert report.removed == ["gone/page.md"]
    assert not (out / "gone").exists()
    assert json.loads((out / MANIFEST).read_text()) == ["index.md"]


def test_files_the_generator_did_not_write_are_kept(tmp_path):
    out = tmp_path / "docs"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "mine.md").write_text("my notes\n")

    write({"index.md": "home\n"}, out)
    write({}, out)

    assert (out / "notes" / "mine.md").read_text() == "my notes\n"


def test_a_file_the_generator_did_not_write_is_never_overwritten(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_text("hand-written home page\n")

    with pytest.raises(OutputError, match=r"1 file\(s\) in .* were not written by the generator"):
        write({"index.md": "generated\n", "other.md": "x\n"}, out)

    assert (out / "index.md").read_text() == "hand-written home page\n"
    assert not (out / "other.md").exists()


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "a/../../b.md"])
def test_nothing_is_written_outside_the_output_folder(tmp_path, path):
    with pytest.raises(OutputError, match="refusing to write outside the output folder"):
        write({path: "x\n"}, tmp_path / "docs")


def test_no_temporary_files_are_left_behind(tmp_path):
    out = tmp_path / "docs"
    write({"a.md": "A\n", "b/c.md": "C\n"}, out)

    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    assert oct((out / "a.md").stat().st_mode & 0o777) == "0o644"


def test_a_failed_run_leaves_the_previous_output_untouched(tree):
    out = tree.root / "docs"
    generate(tree.content, out, root=tree.root, today=TODAY)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    tree.edit("guides/acme/invalid-key.yaml", "summary:", "sumary:")
    tree.remove("guides/acme/no-credit.yaml")

    with pytest.raises(ContentError):
        generate(tree.content, out, root=tree.root, today=TODAY)

    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_deleting_a_yaml_file_removes_its_page_on_the_next_run(tree):
    out = tree.root / "docs"
    generate(tree.content, out, root=tree.root, today=TODAY)
    assert (out / "acme" / "no-credit.md").exists()
    tree.remove("guides/acme/no-credit.yaml")
    tree.edit("guides/acme/invalid-key.yaml", "    guide: no-credit", "    cause: no-credit")

    report = generate(tree.content, out, root=tree.root, today=TODAY).report

    assert "acme/no-credit.md" in report.removed
    assert not (out / "acme" / "no-credit.md").exists()


def test_a_failure_while_writing_leaves_every_previous_page_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "docs"
    write({"a.md": "A\n", "b.md": "B\n"}, out)
    before = {p: p.read_bytes() for p in out.rglob("*")  if p.is_file()}
    real_open, calls = os.open, []

    def disk_full_on_the_third_page(path, *args, **kwargs):
        if str(path).endswith(".tmp"):
            calls.append(path)
            if len(calls) == 3:
                raise OSError(28, "No space left on device")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", disk_full_on_the_third_page)

    with pytest.raises(OutputError, match=r"cannot write the pages to .*docs: No space left on device"):
        write({"a.md": "A2\n", "b.md": "B2\n", "new/c.md": "C\n"}, out)

    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (out / "new").exists()


def test_an_output_folder_that_is_a_file_is_an_error_not_a_traceback(tmp_path):
    (tmp_path / "docs").write_text("not a folder\n")

    with pytest.raises(OutputError, match="cannot write the pages to"):
        write({"a.md": "A\n"}, tmp_path / "docs")


def test_a_page_given_in_pieces_is_written_and_kept_when_unchanged(tmp_path):
    out = tmp_path / "docs"
    write({"llms-full.txt": iter(["# All\n", "one\n", "two\n"])}, out)
    os.utime(out / "llms-full.txt", (1_000_000, 1_000_000))

    same = write({"llms-full.txt": iter(["# All\n", "one\n", "two\n"])}, out)
    changed = write({"llms-full.txt": iter(["# All\n", "one\n", "three\n"]), "a.md": "A\n"}, out)

    assert same.unchanged == ["llms-full.txt"] and same.written == []
    assert changed.written == ["a.md", "llms-full.txt"]
    assert (out / "llms-full.txt").read_text() == "# All\none\nthree\n"
    assert [p.name for p in out.rglob("*.tmp")] == []


def test_a_page_in_pieces_never_overwrites_a_file_the_generator_did_not_write(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "llms-full.txt").write_text("mine\n")

    with pytest.raises(OutputError, match="were not written by the generator"):
        write({"llms-full.txt": iter(["generated\n"])}, out)

    assert (out / "llms-full.txt").read_text() == "mine\n"
    assert [p.name for p in out.rglob("*.tmp")] == []
