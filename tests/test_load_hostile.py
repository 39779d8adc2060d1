"""Stage 1 against hostile input: broken and malicious files under content/.

Every file in tests/hostile/ is dropped into a valid content tree, and the
test asserts the exact diagnostic an author gets: one line naming the file,
never a traceback. Cases git cannot store (a 50 MB file, symbolic links, a
folder named x.yaml, a named pipe) are made by the tests themselves.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.load import load

HOSTILE = Path(__file__).parent / "hostile"
TOO_DEEP = (
    "error[too-deep]: lists and mappings are nested more than 20 levels deep here (aliases included); "
    "a record needs only a few levels"
)
NOT_UTF8 = "error[encoding]: file is not valid UTF-8; save it as UTF-8"
EMPTY = "error[empty]: file is empty; a cause file is a mapping of fields (key: value)"


def tag_refused(tag: str) -> str:
    return f"error[yaml-syntax]: invalid YAML: tag '{tag}' is not allowed; content files use plain YAML only"


# Each stored file, as content/causes/<name>, and the one diagnostic it gets ("{file}" is its path).
CORPUS = {
    "empty.yaml": f"{{file}}:1:1: {EMPTY}",
    "only-comments.yaml": f"{{file}}:1:1: {EMPTY}",
    "binary.yaml": f"{{file}}:1:1: {NOT_UTF8}",
    "latin1.yaml": f"{{file}}:2:1: {NOT_UTF8}",
    "utf16.yaml": f"{{file}}:1:1: {NOT_UTF8}",
    "nul-byte.yaml": "{file}:2:14: error[control-character]: control character U+0000 is not allowed; "
    "remove it (is this a binary file?)",
    "escaped-control.yaml": "{file}:2:8: error[control-character]: 'title': control character U+001B is not allowed; "
    "remove it (it was written as an escape)",
    "list.yaml": "{file}:1:1: error[not-a-mapping]: a cause file must be a mapping of fields (key: value), got a list",
    "text.yaml": "{file}:1:1: error[not-a-mapping]: a cause file must be a mapping of fields (key: value), got text",
    "deep-block.yaml": f"{{file}}:21:41: {TOO_DEEP}",
    "deep-flow.yaml": f"{{file}}:1:1004: {TOO_DEEP}",
    "alias-bomb.yaml": "{file}:6:8: error[too-large]: alias '*d' makes the file expand to more than 10,000 values "
    "(an alias repeats its anchor's content); write the values out instead",
    "alias-loop.yaml": "{file}:2:15: error[yaml-syntax]: invalid YAML: alias '*self' is used inside its own "
    "anchor '&self', so it would repeat forever",
    "python-object.yaml": "{file}:1:5: " + tag_refused("tag:yaml.org,2002:python/object/apply:os.system"),
    "python-name.yaml": "{file}:1:5: " + tag_refused("tag:yaml.org,2002:python/name:os.system"),
    "python-mapping.yaml": "{file}:1:1: " + tag_refused("tag:yaml.org,2002:python/object/new:subprocess.Popen"),
    "binary-tag.yaml": "{file}:2:8: " + tag_refused("tag:yaml.org,2002:binary"),
    "set-tag.yaml": "{file}:2:8: " + tag_refused("tag:yaml.org,2002:set"),
    "local-tag.yaml": "{file}:2:8: " + tag_refused("!include") + "; if it is text, put the whole value in quotes",
    "huge-number.yaml": "{file}:1:5: error[invalid-value]: 'id': 9999999999999999999999999999999999999999… "
    "(5,000 characters) has too many digits to be a number; put it in quotes if it is text",
    "impossible-date.yaml": "{file}:2:11: error[invalid-value]: 'reviewed': 2026-02-30 is not a valid date "
    "(day is out of range for month); write YYYY-MM-DD",
    "list-as-key.yaml": "{file}:1:3: error[yaml-syntax]: invalid YAML: a key must be a name, not a list or mapping",
    "two-documents.yaml": "{file}:2:1: error[yaml-syntax]: invalid YAML: a second document starts here; "
    "a file holds one record",
    "unclosed.yaml": "{file}:3:1: error[yaml-syntax]: invalid YAML: did not find expected ',' or ']' "
    "(while parsing a flow sequence)",
}


def test_the_corpus_is_complete():
    assert sorted(CORPUS) == sorted(path.name for path in HOSTILE.glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_hostile_file_gets_one_diagnostic_naming_it(tree, name):
    shutil.copy(HOSTILE / name, tree.content / "causes" / name)

    assert tree.diagnostics() == [CORPUS[name].format(file=f"content/causes/{name}")]


# --- Cases made at test time ------------------------------------------------------------


def test_a_50_mb_file_is_refused_without_reading_it(tree):
    big = tree.content / "causes" / "big.yaml"
    with big.open("wb") as stream:
        stream.write(b"id: big\n")
        stream.truncate(50 * 1024 * 1024)

    assert tree.diagnostics() == [
        "content/causes/big.yaml:1:1: error[too-large]: file is 50.0 MiB; a content file may be at most 256 KiB "
        "(a guide is usually under 10 KB), so split it or remove what does not belong"
    ]


def test_a_text_longer_than_the_limit_is_refused(tree):
    tree.write("causes/long.yaml", "id: long\ntitle: " + "a" * 20_001 + "\n")

    assert tree.diagnostics() == [
        "content/causes/long.yaml:2:8: error[too-long]: a text of 20,001 characters; "
        "texts may be at most 20,000 characters long"
    ]


def test_a_file_with_too_many_values_is_refused(tree):
    tree.write("causes/many.yaml", "id: many\ntitle: [" + ", ".join(["x"] * 10_000) + "]\n")

    assert tree.diagnostics() == [
        "content/causes/many.yaml:2:29994: error[too-large]: the file holds more than 10,000 values; "
        "a record needs far fewer, so split it"
    ]


def test_aliases_cannot_nest_deeper_than_the_limit(tree):
    chain = "a0: &a0 [[[[[[x]]]]]]\n" + "".join(f"a{i}: &a{i} [[[[[[*a{i - 1}]]]]]]\n" for i in range(1, 5))
    tree.write("causes/chain.yaml", chain)

    assert tree.diagnostics() == [f"content/causes/chain.yaml:4:15: {TOO_DEEP}"]


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("/etc/passwd", "/etc/passwd"),
        ("../../outside.yaml", "../../outside.yaml"),
    ],
)
def test_a_symlink_leading_outside_content_is_refused_and_not_read(tree, target, shown):
    (tree.root / "outside.yaml").write_text("id: outside\ntitle: Secret\nexplanation: x\n")
    (tree.content / "causes" / "evil.yaml").symlink_to(target)

    documents, problems = load(tree.content, root=tree.root)

    assert [str(p) for p in problems] == [
        f"content/causes/evil.yaml:1:1: error[symlink]: is a symbolic link to '{shown}', outside the content "
        "folder; content is read only from content/, so copy the record in instead"
    ]
    evil = next(d for d in documents if d.file == "content/causes/evil.yaml")
    assert (evil.parsed, evil.text) == (False, None)


def test_a_symlink_inside_content_is_read_like_its_target(tree):
    (tree.content / "causes" / "again.yaml").symlink_to("bad-key.yaml")

    assert tree.diagnostics() == [
        "content/causes/bad-key.yaml:1:1: error[duplicate-id]: duplicate cause id 'bad-key'; "
        "also defined in content/causes/again.yaml:1"
    ]


@pytest.mark.parametrize("target", ["nowhere.yaml", "loop.yaml"])
def test_a_symlink_that_leads_nowhere_is_refused(tree, target):
    (tree.content / "causes" / "loop.yaml").symlink_to(target)

    assert tree.diagnostics() == [
        "content/causes/loop.yaml:1:1: error[symlink]: is a symbolic link that leads nowhere (or to itself)"
    ]


def test_a_linked_folder_is_refused_not_followed(tree):
    (tree.content / "causes" / "more").symlink_to("/etc", target_is_directory=True)

    assert tree.diagnostics() == [
        "content/causes/more:1:1: error[symlink]: is a symbolic link to a folder; linked folders are not read, "
        "so move the records into content/ itself"
    ]


def test_a_folder_named_like_a_yaml_file_is_refused(tree):
    (tree.content / "causes" / "x.yaml").mkdir()
    (tree.content / "causes" / "x.yaml" / "inner.yaml").write_text("id: inner\n")

    assert tree.diagnostics() == [
        "content/causes/x.yaml:1:1: error[not-a-file]: 'x.yaml' is a folder, not a YAML file; a record is one file"
    ]


def test_folders_nested_a_thousand_deep_are_not_walked(tree):
    folders = [tree.content / "guides"]
    for _ in range(1000):  # deeper than Python's recursion limit, which os.walk would meet
        folders.append(folders[-1] / "a")
        folders[-1].mkdir()
    (folders[-1] / "x.yaml").write_text("id: x\n")
    try:
        assert tree.diagnostics() == [
            "content/guides/a/a/a/a/a/a/a/a:1:1: error[too-deep]: folders nest more than 8 levels below the content "
            "folder here; records sit at most two levels down, so nothing deeper is read"
        ]
    finally:  # removed here, deepest first: a recursive clean-up would meet the same limit
        (folders[-1] / "x.yaml").unlink()
        for folder in reversed(folders[1:]):
            folder.rmdir()


def test_a_named_pipe_does_not_hang_the_build(tree):
    os.mkfifo(tree.content / "causes" / "pipe.yaml")

    assert tree.diagnostics() == [
        "content/causes/pipe.yaml:1:1: error[not-a-file]: is a named pipe, not a YAML file; a record is a plain file"
    ]


def test_an_unreadable_file_is_reported(tree, monkeypatch):
    # Tests run as root in CI, where file permissions do not apply: refuse the open itself.
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if str(path).endswith("bad-key.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)

    assert tree.diagnostics() == [
        "content/causes/bad-key.yaml:1:1: error[unreadable]: cannot read the file: Permission denied"
    ]


def test_a_file_name_with_control_characters_is_printed_escaped(tree):
    name = os.fsencode(tree.content / "causes") + b"/caf\xe9\x1b[31m.yaml"
    with open(name, "wb") as stream:
        stream.write(b"id: cafe\ntitle: Cafe\n")

    assert tree.diagnostics() == [
        "content/causes/caf\\udce9\\x1b[31m.yaml:1:1: error[missing-field]: missing required field 'explanation'"
    ]


# --- The whole corpus through the command line --------------------------------------------


def _limit_memory() -> None:
    one_gib = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (one_gib, one_gib))


def test_the_whole_corpus_at_once_exits_1_with_every_file_named_and_no_traceback(tree):
    for name in CORPUS:
        shutil.copy(HOSTILE / name, tree.content / "causes" / name)
    (tree.content / "causes" / "evil.yaml").symlink_to("/etc/passwd")
    (tree.content / "causes" / "x.yaml").mkdir()
    with (tree.content / "causes" / "big.yaml").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)

    # Under a 1 GiB address-space limit: expanding the alias bomb would need far more.
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=tree.root, capture_output=True, text=True, preexec_fn=_limit_memory, timeout=120,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for name in [*CORPUS, "evil.yaml", "x.yaml", "big.yaml"]:
        assert f"content/causes/{name}:" in result.stdout, name
    assert result.stdout.endswith(f"{len(CORPUS) + 3} errors, 0 warnings in {7 + len(CORPUS) + 3} files\n")
