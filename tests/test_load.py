"""Stage 1: finding and parsing YAML files, with positions."""

from datetime import date

from generator.diagnostics import Position
from generator.load import load


def test_every_record_folder_is_read_in_a_stable_order(tree):
    documents, problems = load(tree.content, root=tree.root)

    assert problems == []
    assert [(d.kind, d.file) for d in documents] == [
        ("cause", "content/causes/bad-key.yaml"),
        ("cause", "content/causes/no-credit.yaml"),
        ("faq", "content/faqs/which-key.yaml"),
        ("fix", "content/fixes/new-key.yaml"),
        ("guide", "content/guides/acme/invalid-key.yaml"),
        ("guide", "content/guides/acme/no-credit.yaml"),
        ("product", "content/products/acme.yaml"),
    ]


def test_positions_point_at_keys_and_list_items(tree):
    documents, _ = load(tree.content, root=tree.root)
    guide = next(d for d in documents if d.file.endswith("invalid-key.yaml"))

    assert guide.source.at(("status",)) == Position(4, 1)
    assert guide.source.at(("faq", 1)) == Position(16, 5)
    assert guide.source.at(("faq", 1, "answer")) == Position(17, 5)
    # A place with no position of its own falls back to its nearest ancestor.
    assert guide.source.at(("faq", 1, "missing")) == Position(16, 5)
    assert guide.data["reviewed"] == date(2026, 11, 1)


def test_malformed_yaml_is_reported_with_the_parsers_line_and_column(tree):
    tree.write("causes/broken.yaml", "id: broken\ntitle: The key: wrong\n")

    _, problems = load(tree.content, root=tree.root)

    assert [str(p) for p in problems] == [
        "content/causes/broken.yaml:2:15: error[yaml-syntax]: invalid YAML: mapping values are not "
        "allowed in this context; if the value contains ': ', put the whole value in quotes"
    ]


def test_a_duplicate_key_is_an_error_instead_of_silently_keeping_the_last(tree):
    tree.write("causes/twice.yaml", "id: twice\ntitle: First\nexplanation: x\ntitle: Second\n")

    _, problems = load(tree.content, root=tree.root)

    assert [str(p) for p in problems] == [
        "content/causes/twice.yaml:4:1: error[duplicate-key]: duplicate key 'title' (first at line 2); "
        "YAML would silently keep only the last one"
    ]


def test_tabs_get_a_hint_to_indent_with_spaces(tree):
    tree.write("causes/tabs.yaml", "id: tabs\nexplanation:\n\t- x\n")

    _, problems = load(tree.content, root=tree.root)

    assert len(problems) == 1
    assert problems[0].code == "yaml-syntax"
    assert problems[0].message.endswith("; indent with spaces, not tabs")
    assert problems[0].position.line == 3


def test_a_file_that_is_not_utf8_is_reported_not_crashed_on(tree):
    (tree.content / "causes" / "latin1.yaml").write_bytes(b"id: latin\ntitle: caf\xe9\n")

    _, problems = load(tree.content, root=tree.root)

    assert [str(p) for p in problems] == [
        "content/causes/latin1.yaml:2:1: error[encoding]: file is not valid UTF-8; save it as UTF-8"
    ]


def test_a_file_in_an_unknown_place_says_where_records_go(tree):
    tree.write("guides/stray.yaml", "id: stray\n")

    _, problems = load(tree.content, root=tree.root)

    assert [p.code for p in problems] == ["unknown-location"]
    assert problems[0].message.startswith("don't know what kind of record 'stray.yaml' holds; put products in")


def test_python_tags_are_refused_by_the_safe_loader(tree):
    tree.write("causes/evil.yaml", "id: !!python/object/apply:os.system ['true']\n")

    _, problems = load(tree.content, root=tree.root)

    assert [str(p) for p in problems] == [
        "content/causes/evil.yaml:1:5: error[yaml-syntax]: invalid YAML: tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; content files use plain YAML only"
    ]


def test_other_files_and_hidden_folders_are_ignored(tree):
    tree.write("README.md", "# notes\n")
    tree.write(".drafts/causes/x.yaml", "not: [valid\n")

    documents, problems = load(tree.content, root=tree.root)

    assert problems == []
    assert len(documents) == 7
