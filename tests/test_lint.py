"""Lints: valid content that should not be published as it is."""

import textwrap

import pytest
import yaml

from generator import ContentError, generate

from conftest import MINIMAL_CONTENT, TODAY

GUIDE = "guides/acme/invalid-key.yaml"
SHOWN = "content/guides/acme/invalid-key.yaml"

# Key-shaped strings are assembled here so that no real-looking key sits in the
# repository itself.
RANDOM_32 = "a1b2c3d4e5f6g7h8" * 2
KEYS = {
    "DeepSeek or OpenAI API key": "sk-" + RANDOM_32,
    "OpenAI API key": "sk-proj-" + "Ab12Cd34" * 3 + "T3BlbkFJ" + "Ef56Gh78" * 3,
    "Anthropic API key": "sk-ant-api03-" + "Xy9_Zw8-" * 11 + "AA",
    "Google API key": "AIza" + "Sy0123456789abcdefghijklmnopqrstuvw",
    "Gemini auth key": "AQ." + "Ab3Cd4Ef5Gh6Ij7Kl8Mn9",
}
PLACEHOLDERS = ["<DEEPSEEK_API_KEY>", "sk-xxxxxxxx", "sk-" + "x" * 32, "sk-...", "sk-ant-api03-" + "x" * 95, "AIza..."]


def test_the_minimal_tree_has_no_lint_findings(tree):
    assert tree.diagnostics() == []


@pytest.mark.parametrize("vendor", KEYS)
def test_a_real_shaped_key_is_always_an_error(tree, vendor):
    tree.edit(GUIDE, "summary: Acme rejects the key.", f"summary: Acme rejects the key {KEYS[vendor]}.")

    problems = tree.diagnostics(stale="off", orphan="off", sources="off")

    assert len(problems) == 1
    assert problems[0].startswith(f"{SHOWN}:8:31: error[secret]: this looks like a real {vendor} ('")
    assert KEYS[vendor] not in problems[0]  # the message must not repeat the key


def test_the_secret_message_names_the_placeholder_to_use(tree):
    tree.edit(GUIDE, "summary: Acme rejects the key.", f"summary: {KEYS['Anthropic API key']}")

    assert tree.problems() == [
        f"{SHOWN}:8:10: error[secret]: this looks like a real Anthropic API key ('sk-ant-…'); the site must never "
        "publish a key. Revoke the key at the vendor, then write a placeholder such as <ANTHROPIC_API_KEY> or read "
        "the key from the environment"
    ]


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_placeholders_are_not_secrets(tree, placeholder):
    tree.edit(GUIDE, "summary: Acme rejects the key.", f"summary: 'Acme rejects {placeholder}.'")

    assert tree.diagnostics() == []


def test_a_key_in_a_comment_or_a_broken_file_is_found_too(tree):
    tree.write("causes/leak.yaml", f"# debug key: {KEYS['DeepSeek or OpenAI API key']}\nid: leak\ntitle: [unclosed\n")

    problems = tree.diagnostics()

    assert [p.split(": ")[0] + ": " + p.split(": ")[1].split("]")[0] + "]" for p in problems] == [
        "content/causes/leak.yaml:1:14: error[secret]",
        "content/causes/leak.yaml:4:1: error[yaml-syntax]",
    ]


def test_a_secret_cannot_be_turned_off_and_fails_the_build(tree):
    tree.edit("fixes/new-key.yaml", 'print("hello")', f'print("{KEYS["Google API key"]}")')

    assert [line.split(": ")[1] for line in tree.problems()] == ["error[secret]"]


def test_a_guide_not_reviewed_for_too_long_is_stale(tree):
    tree.edit(GUIDE, "reviewed: 2026-11-01", "reviewed: 2026-01-01")

    assert tree.diagnostics() == [
        f"{SHOWN}:29:1: warning[stale]: last reviewed 2026-01-01, 335 days ago (the limit is 180); "
        "check the guide against its sources and update 'reviewed'"
    ]
    assert tree.diagnostics(stale_after_days=365) == []
    assert tree.diagnostics(stale="off") == []
    assert tree.diagnostics(stale="error")[0].startswith(f"{SHOWN}:29:1: error[stale]")
    assert tree.diagnostics(strict=True)[0].startswith(f"{SHOWN}:29:1: error[stale]")


def test_a_shared_record_no_guide_uses_is_an_orphan(tree):
    tree.write("causes/lonely.yaml", "id: lonely\ntitle: Lonely\nexplanation: Nobody links here.\n")
    tree.write("faqs/unasked.yaml", "id: unasked\nquestion: Why?\nanswer: Because.\n")

    assert tree.diagnostics() == [
        "content/causes/lonely.yaml:1:1: warning[orphan]: shared cause 'lonely' is not used by any guide; "
        "reference it from a guide or delete the file",
        "content/faqs/unasked.yaml:1:1: warning[orphan]: shared FAQ 'unasked' is not used by any guide; "
        "reference it from a guide or delete the file",
    ]


def test_a_cause_used_only_by_a_checklist_is_not_an_orphan(tree):
    tree.write("causes/lonely.yaml", "id: lonely\ntitle: Lonely\nexplanation: Only a checklist links here.\n")
    tree.edit(GUIDE, "    guide: no-credit", "    cause: lonely")

    assert tree.diagnostics() == []


def test_a_guide_without_an_official_source_is_flagged(tree):
    tree.edit(GUIDE, "url: https://docs.acme.test/errors", "url: https://github.com/someone/issue/1")

    assert tree.diagnostics() == [
        f"{SHOWN}:26:1: warning[sources]: none of the guide's sources is on Acme's own sites (acme.test); "
        "add the official page its facts come from"
    ]


def _string_fields(data, loc=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _string_fields(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _string_fields(value, (*loc, index))
    elif isinstance(data, str):
        yield loc


# Every text field of every record kind in the minimal tree, as (file, location).
ALL_FIELDS = [
    (path, loc)
    for path, text in sorted(MINIMAL_CONTENT.items())
    for loc in _string_fields(yaml.safe_load(textwrap.dedent(text)))
]


@pytest.mark.parametrize(("path", "loc"), ALL_FIELDS, ids=[f"{p}:{'.'.join(map(str, l))}" for p, l in ALL_FIELDS])
def test_a_real_shaped_key_in_any_field_fails_the_build(tree, path, loc):
    data = yaml.safe_load((tree.content / path).read_text())
    target = data
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = f"see {KEYS['OpenAI API key']} here"
    (tree.content / path).write_text(yaml.safe_dump(data, sort_keys=False))

    with pytest.raises(ContentError) as raised:
        generate(tree.content, tree.root / "docs", root=tree.root, today=TODAY)

    assert [d.code for d in raised.value.diagnostics if d.severity.value == "error"].count("secret") == 1
    assert not (tree.root / "docs").exists()


@pytest.mark.parametrize(
    "written",
    [
        '"s\\x6b-' + RANDOM_32 + '"',  # an escape hides the key from the raw text
        '"sk-' + RANDOM_32[:10] + '\\\n  ' + RANDOM_32[10:] + '"',  # so does a line continuation
    ],
)
def test_a_key_hidden_from_the_raw_text_is_found_in_the_parsed_value(tree, written):
    tree.edit(GUIDE, "summary: Acme rejects the key.", f"summary: {written}")

    assert tree.problems() == [
        f"{SHOWN}:8:1: error[secret]: this looks like a real DeepSeek or OpenAI API key ('sk-…'); the site must "
        "never publish a key. Revoke the key at the vendor, then write a placeholder such as <ACME_API_KEY> "
        "or read the key from the environment"
    ]


def test_a_python_or_node_sample_without_checks_or_skip_is_unchecked(tree):
    tree.write(
        "fixes/new-key.yaml",
        """\
        id: new-key
        title: Create a new key
        body: Make a new key in the console.
        vendor_page: keys
        code:
          - language: python
            code: print("hello")
            skip: it needs a real account
          - language: javascript
            label: Node.js (Acme SDK)
            code: console.log("hello")
          - language: bash
            code: echo hello
        """,
    )

    assert tree.diagnostics() == [
        "content/fixes/new-key.yaml:9:5: warning[unchecked]: the Node.js sample 'Node.js (Acme SDK)' states nothing "
        "it must do; add 'checks' (the mock API's responses and what the run must do, run by `make samples`), "
        "or 'skip' with why it cannot run offline",
    ]
    assert tree.diagnostics(unchecked="off") == []


def test_a_key_of_unknown_vendor_gets_the_placeholder_of_the_files_product(tree):
    tree.edit(GUIDE, "summary: Acme rejects the key.", f"summary: {KEYS['DeepSeek or OpenAI API key']}")

    assert tree.problems() == [
        f"{SHOWN}:8:10: error[secret]: this looks like a real DeepSeek or OpenAI API key ('sk-…'); the site must "
        "never publish a key. Revoke the key at the vendor, then write a placeholder such as <ACME_API_KEY> "
        "or read the key from the environment"
    ]


def test_a_key_of_unknown_vendor_in_a_shared_record_gets_both_placeholders(tree):
    tree.edit("causes/bad-key.yaml", "id: bad-key\n", f"id: bad-key\n# {KEYS['DeepSeek or OpenAI API key']}\n")

    assert tree.problems() == [
        "content/causes/bad-key.yaml:2:3: error[secret]: this looks like a real DeepSeek or OpenAI API key ('sk-…'); "
        "the site must never publish a key. Revoke the key at the vendor, then write a placeholder such as "
        "<OPENAI_API_KEY> (or <DEEPSEEK_API_KEY>) or read the key from the environment"
    ]
