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


# --- Authoring rough edges: each mistake is reported on the line to change, with how ---

def _problems_in(tree, path: str, text: str) -> list[str]:
    tree.write(path, text)
    _, problems = load(tree.content, root=tree.root)
    return [str(p) for p in problems]


def test_a_list_item_indented_too_far_is_not_silently_joined_to_the_item_above(tree):
    text = "id: joined\ntitle: T\nexplanation: x\ntags:\n  - key-not-loaded\n    - wrong-api-key\n"

    assert _problems_in(tree, "causes/joined.yaml", text) == [
        "content/causes/joined.yaml:6:5: error[yaml-syntax]: this list item is indented deeper than the one "
        "above, so YAML reads it as part of that item's text; line it up with the `-` above"
    ]


def test_a_list_started_on_the_keys_own_line_is_reported_where_the_item_is(tree):
    text = "id: joined\ntitle: T\nexplanation: x\ntags: key-not-loaded\n  - wrong-api-key\n"

    assert _problems_in(tree, "causes/joined.yaml", text) == [
        "content/causes/joined.yaml:5:3: error[yaml-syntax]: this list item follows text on the key's own line, "
        "so YAML reads it as part of that text; put the list on the lines below the key, with nothing after its ':'"
    ]


def test_a_missing_colon_is_reported_on_the_line_that_lacks_it(tree):
    for line in ('title "The key"', "title The key"):
        text = f"id: colon\n{line}\nexplanation: x\n"

        assert _problems_in(tree, "causes/colon.yaml", text) == [
            "content/causes/colon.yaml:2:1: error[yaml-syntax]: invalid YAML: this line has no ':' after its key; "
            "add `:` after the key (`title: ...`), or indent the line if it continues the text above"
        ]


def test_a_value_starting_with_a_reserved_character_gets_a_hint_to_quote_it(tree):
    for character in "@`%":
        text = f"id: reserved\ntitle: {character}mention in text\nexplanation: x\n"

        assert _problems_in(tree, "causes/reserved.yaml", text) == [
            f"content/causes/reserved.yaml:2:8: error[yaml-syntax]: invalid YAML: a value cannot start with "
            f"'{character}' (YAML reserves it); put the whole value in quotes"
        ]


def test_a_value_starting_with_a_star_gets_a_hint_to_quote_it(tree):
    for value in ("*bold* text", "*note"):
        assert _problems_in(tree, "causes/star.yaml", f"id: star\ntitle: {value}\n") == [
            "content/causes/star.yaml:2:8: error[yaml-syntax]: invalid YAML: a value cannot start with '*' "
            "(it starts an alias); put the whole value in quotes"
        ]


def test_a_key_indented_less_than_its_siblings_gets_a_hint_to_line_it_up(tree):
    text = "id: under\ntitle: T\nexplanation: x\nretry:\n  verdict: 'yes'\n reason: r\n"

    assert _problems_in(tree, "causes/under.yaml", text) == [
        "content/causes/under.yaml:6:2: error[yaml-syntax]: invalid YAML: this key is indented less than the one "
        "above (column 3); line it up with the key above it"
    ]


def test_a_list_item_indented_less_than_the_one_above_gets_a_hint_to_line_it_up(tree):
    text = "id: under\ntitle: T\nexplanation: x\ntags:\n  - a\n - b\n"

    assert _problems_in(tree, "causes/under.yaml", text) == [
        "content/causes/under.yaml:6:2: error[yaml-syntax]: invalid YAML: this list item is indented less than "
        "the one above (column 3); line it up with the `-` above"
    ]


def test_a_key_indented_deeper_than_its_siblings_gets_a_hint_to_line_it_up(tree):
    for verdict in ("yes", "'yes'"):
        text = f"id: over\ntitle: T\nexplanation: x\nretry:\n  verdict: {verdict}\n    reason: r\n"

        assert _problems_in(tree, "causes/over.yaml", text) == [
            "content/causes/over.yaml:6:5: error[yaml-syntax]: invalid YAML: this key is indented deeper than the "
            "key above (column 3), so YAML reads it as part of that key's value; line it up with its siblings"
        ]


def test_prose_holding_a_colon_still_gets_the_hint_to_quote_it(tree):
    text = "id: prose\ntitle: T\nexplanation: some text\n  that goes on with a note: here\n"

    assert _problems_in(tree, "causes/prose.yaml", text) == [
        "content/causes/prose.yaml:4:27: error[yaml-syntax]: invalid YAML: mapping values are not allowed in "
        "this context; if the value contains ': ', put the whole value in quotes"
    ]


def test_a_content_file_with_a_misspelt_suffix_is_reported_not_ignored(tree):
    for name in ("Foo.YAML", "foo.Yml", "foo.Yaml"):
        path = tree.write(f"causes/{name}", "id: foo\n")

        _, problems = load(tree.content, root=tree.root)

        suffix = name.rpartition(".")[2]
        assert [str(p) for p in problems] == [
            f"content/causes/{name}:1:1: error[file-name]: '{name}' is not read: content files end in '.yaml' "
            f"(lower case), not '.{suffix}'; rename it to '{name.rpartition('.')[0]}.yaml'"
        ]
        path.unlink()


def test_bidirectional_control_characters_are_refused_naming_the_field_and_code_point(tree):
    for character, name in (("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
                            ("\u200f", "RIGHT-TO-LEFT MARK")):
        text = f"id: bidi\ntitle: T\nexplanation: |\n  The key {character}is fine.\n"

        assert _problems_in(tree, "causes/bidi.yaml", text) == [
            f"content/causes/bidi.yaml:3:14: error[control-character]: 'explanation': bidirectional control "
            f"character U+{ord(character):04X} ({name}) is not allowed; remove it"
        ]


def test_an_escaped_bidirectional_control_character_is_refused_too(tree):
    text = 'id: bidi\ntitle: "Key \\u202E fine"\nexplanation: x\n'

    assert _problems_in(tree, "causes/bidi.yaml", text) == [
        "content/causes/bidi.yaml:2:8: error[control-character]: 'title': bidirectional control character "
        "U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed; remove it (it was written as an escape)"
    ]


def test_text_after_a_value_yaml_reads_as_closed_gets_a_hint_to_quote_it(tree):
    cases = {
        "[beta] model": "a value starting with '[' is read as a list, which ends at the first ']', and text "
                        "follows it; put the whole value in quotes",
        "{x} y": "a value starting with '{' is read as a mapping, which ends at the first '}', and text "
                 "follows it; put the whole value in quotes",
        '"quoted" rest': "a value starting with '\"' is read as quoted text, which ends at the next '\"', and "
                         "text follows it; put the whole value in the other kind of quotes",
    }
    for value, message in cases.items():
        text = f"id: closed\ntitle: {value}\nexplanation: x\n"

        assert _problems_in(tree, "causes/closed.yaml", text) == [
            f"content/causes/closed.yaml:2:8: error[yaml-syntax]: invalid YAML: {message}"
        ]


def test_a_value_starting_with_an_ampersand_gets_a_hint_to_quote_it(tree):
    assert _problems_in(tree, "causes/amp.yaml", "id: amp\ntitle: &copy; text\n") == [
        "content/causes/amp.yaml:2:8: error[yaml-syntax]: invalid YAML: a value cannot start with '&' "
        "(it starts an anchor); put the whole value in quotes"
    ]
