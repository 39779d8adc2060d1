"""The command line, run as a user runs it: real files, through click's CliRunner in this process
(tests/test_build.py runs `python -m generator build` as a real process)."""

import re
import textwrap
from datetime import date

from conftest import REPO, cli as run


def test_generate_writes_the_pages_and_says_what_it_did(tree):
    result = run("generate", cwd=tree.root)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "docs: 28 written, 0 unchanged, 0 removed\n"
    assert (tree.root / "docs" / "acme" / "invalid-key.md").is_file()


def test_content_errors_are_listed_with_a_summary_and_no_traceback(tree):
    tree.edit("guides/acme/invalid-key.yaml", "summary:", "sumary:")
    tree.edit("causes/bad-key.yaml", "explanation: Acme does not know the key.", "explanation: ''")

    result = run("generate", cwd=tree.root)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "content/causes/bad-key.yaml:3:1: error[empty]: 'explanation' is empty\n"
        "content/guides/acme/invalid-key.yaml:1:1: error[missing-field]: missing required field 'summary'\n"
        "content/guides/acme/invalid-key.yaml:8:1: error[unknown-field]: 'sumary' is not a field of guide; "
        "did you mean 'summary'?\n"
        "3 errors, 0 warnings in 7 files\n"
    )
    assert not (tree.root / "docs").exists()


def test_a_missing_content_folder_is_a_clear_error(tmp_path):
    result = run("generate", "--content", "nowhere", cwd=tmp_path)

    assert result.returncode == 1
    assert "nowhere:1:1: error[no-content]: content folder not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_usage_mistake_exits_with_2(tmp_path):
    result = run("generate", "--no-such-option", cwd=tmp_path)

    assert result.returncode == 2
    assert "No such option '--no-such-option'" in result.stderr


def test_the_readme_walkthrough_gives_the_error_it_shows(project):
    """The README's "Adding a guide" example, run as written, prints the README's output."""
    readme = (REPO / "README.md").read_text()
    example = re.search(r"```yaml\n(.*?)```", readme, re.DOTALL).group(1)
    shown_output = re.search(r"```text\n(.*?)```", readme, re.DOTALL).group(1)
    # The README's date ages; the example must stay fresh, not become a 'stale' warning.
    example = re.sub(r"reviewed: .*", f"reviewed: {date.today().isoformat()}", textwrap.dedent(example))

    assert run("new", "guide", "anthropic", "conflict-error", cwd=project).returncode == 0
    (project / "content" / "guides" / "anthropic" / "conflict-error.yaml").write_text(example)
    result = run("check", cwd=project)

    assert result.returncode == 1
    # The file count grows with the content; the README shows it as of when it was written.
    files = re.compile(r"in \d+ files$", re.MULTILINE)
    assert files.sub("in N files", result.stdout) == files.sub("in N files", textwrap.dedent(shown_output))


def test_explain_keeps_its_index_and_follows_every_change_to_the_content(tree):
    first = run("explain", "HTTP 401 invalid_key: Invalid key: ****abcd", cwd=tree.root)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Acme 401 invalid_key")
    assert (tree.root / ".cache" / "errorguides" / "explain.json").is_file()
    assert run("explain", "HTTP 401 key_revoked", cwd=tree.root).returncode == 1

    tree.edit("guides/acme/invalid-key.yaml", "error: invalid_key", "error: key_revoked")
    edited = run("explain", "HTTP 401 key_revoked", cwd=tree.root)
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout.startswith("Acme 401 key_revoked")

    tree.edit("guides/acme/invalid-key.yaml", "summary:", "sumary:")
    broken = run("explain", "HTTP 401 key_revoked", cwd=tree.root)
    assert broken.returncode == 1
    assert "error[unknown-field]" in broken.stderr and "Traceback" not in broken.stderr
