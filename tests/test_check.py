"""`python -m generator check`, `new` and `schema`, run as an author runs them."""

import json
from datetime import date

import jsonschema
import pytest
import yaml

from conftest import REPO, cli
from generator.schema import schema_files

SHOWN = "content/guides/acme/invalid-key.yaml"


def run(*args, cwd, **env):
    return cli(*args, cwd=cwd, env={"GITHUB_ACTIONS": "", **env})


def break_and_age(tree):
    """One error (a misspelt field) and one warning (an old review date)."""
    tree.edit("guides/acme/invalid-key.yaml", "summary:", "sumary:")
    tree.edit("guides/acme/no-credit.yaml", "reviewed: 2026-11-01", "reviewed: 2025-01-01")


def test_clean_content_exits_0_with_a_summary(tree):
    result = run("check", cwd=tree.root)

    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings in 7 files\n", "")


def test_problems_are_listed_compiler_style_and_exit_1(tree):
    break_and_age(tree)
    age = (date.today() - date(2025, 1, 1)).days  # the command runs with the real date

    result = run("check", "--stale-after-days", "400", cwd=tree.root)

    assert result.returncode == 1
    assert result.stdout == (
        f"{SHOWN}:1:1: error[missing-field]: missing required field 'summary'\n"
        f"{SHOWN}:8:1: error[unknown-field]: 'sumary' is not a field of guide; did you mean 'summary'?\n"
        f"content/guides/acme/no-credit.yaml:20:1: warning[stale]: last reviewed 2025-01-01, {age} days ago "
        "(the limit is 400); check the guide against its sources and update 'reviewed'\n"
        "2 errors, 1 warning in 7 files\n"
    )


def test_warnings_alone_exit_0_unless_strict(tree):
    tree.edit("guides/acme/no-credit.yaml", "reviewed: 2026-11-01", "reviewed: 2025-01-01")

    assert run("check", cwd=tree.root).returncode == 0
    strict = run("check", "--strict", cwd=tree.root)
    assert strict.returncode == 1
    assert "error[stale]" in strict.stdout
    assert run("check", "--lint", "stale=off", "--strict", cwd=tree.root).stdout == "0 errors, 0 warnings in 7 files\n"


def test_lint_levels_come_from_pyproject(tree):
    tree.edit("guides/acme/no-credit.yaml", "reviewed: 2026-11-01", "reviewed: 2025-01-01")
    (tree.root / "pyproject.toml").write_text('[tool.errorguides.lint]\nstale = "error"\n')

    result = run("check", cwd=tree.root)

    assert result.returncode == 1
    assert "error[stale]" in result.stdout


def test_json_output_for_tools(tree):
    break_and_age(tree)

    result = run("check", "--format", "json", cwd=tree.root)

    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["summary"] == {"errors": 2, "warnings": 1, "files": 7}
    assert report["diagnostics"][1] == {
        "file": SHOWN,
        "line": 8,
        "column": 1,
        "severity": "error",
        "code": "unknown-field",
        "message": "'sumary' is not a field of guide; did you mean 'summary'?",
    }


def test_github_actions_get_workflow_annotations(tree):
    break_and_age(tree)

    result = run("check", cwd=tree.root, GITHUB_ACTIONS="true")

    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations[1] == (
        f"::error file={SHOWN},line=8,col=1,title=unknown-field::'sumary' is not a field of guide; "
        "did you mean 'summary'?"
    )
    assert annotations[2].startswith("::warning file=content/guides/acme/no-credit.yaml,line=20,col=1,title=stale::")


@pytest.mark.parametrize(
    "args, message",
    [
        (("check", "--lint", "stale=loud"), "expected CODE=LEVEL"),
        (("check", "--lint", "secret=off"), "expected CODE=LEVEL"),
        (("check", "--format", "xml"), "'xml' is not one of 'text', 'json'"),
        (("new", "guide", "acme"), "'new guide' takes PRODUCT ID"),
        (("new", "cause", "Bad_Id"), "'Bad_Id' is not an id"),
    ],
)
def test_usage_mistakes_exit_2(tree, args, message):
    result = run(*args, cwd=tree.root)

    assert result.returncode == 2
    assert message in result.stderr


def test_the_shipped_content_checks_clean():
    result = run("check", cwd=REPO)

    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("0 errors, 0 warnings in "), result.stdout


# --- new ----------------------------------------------------------------------------


def test_new_writes_a_skeleton_with_the_schema_line_and_says_what_next(tree):
    result = run("new", "guide", "acme", "context-length-exceeded", cwd=tree.root)

    path = tree.content / "guides/acme/context-length-exceeded.yaml"
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Created content/guides/acme/context-length-exceeded.yaml\n"
        "Next: replace every TODO (your editor completes fields from the schema), then run: make check\n"
    )
    assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=../../../schema/guide.json"


def test_new_refuses_to_overwrite(tree):
    before = (tree.content / "causes/bad-key.yaml").read_text()

    result = run("new", "cause", "bad-key", cwd=tree.root)

    assert result.returncode == 1
    assert result.stderr == "content/causes/bad-key.yaml already exists; edit it, or choose another id\n"
    assert (tree.content / "causes/bad-key.yaml").read_text() == before


def test_a_fresh_skeleton_fails_check_saying_what_to_fill_in(tree):
    run("new", "cause", "quota-gone", cwd=tree.root)

    result = run("check", cwd=tree.root)

    assert result.returncode == 1
    assert result.stdout == (
        "content/causes/quota-gone.yaml:5:1: error[todo]: fill in 'title': A short statement of the cause, "
        'e.g. "The API key is wrong or revoked".\n'
        "content/causes/quota-gone.yaml:6:1: error[todo]: fill in 'explanation': Why this produces the error "
        "and how to recognise it (Markdown).\n"
        "2 errors, 0 warnings in 8 files\n"
    )


@pytest.mark.parametrize("kind, ids", [("guide", ("acme", "new-one")), ("fix", ("new-one",)), ("product", ("zeta",))])
def test_every_skeleton_reports_only_placeholders(tree, kind, ids):
    run("new", kind, *ids, cwd=tree.root)

    result = run("check", cwd=tree.root)

    codes = {line.split(": ")[1] for line in result.stdout.splitlines()[:-1]}
    assert result.returncode == 1
    assert codes == {"error[todo]"}, result.stdout


# --- schema -------------------------------------------------------------------------


def test_the_committed_schema_matches_the_models():
    for name, text in schema_files().items():
        committed = REPO / "schema" / name
        assert committed.read_text() == text, f"schema/{name} is out of date: run `python -m generator schema`"


def _records(kind_folder: str):
    for path in sorted((REPO / "content" / kind_folder).rglob("*.yaml")):
        # JSON has no date type: compare as the editor sees the file, dates as text.
        yield path, json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))


FOLDERS = {"product": "products", "guide": "guides", "cause": "causes", "fix": "fixes", "faq": "faqs"}


@pytest.mark.parametrize("kind", FOLDERS)
def test_every_shipped_file_passes_its_schema_and_names_it(kind):
    validator = jsonschema.Draft202012Validator(json.loads((REPO / "schema" / f"{kind}.json").read_text()))
    files = list(_records(FOLDERS[kind]))
    assert files
    for path, data in files:
        errors = [error.message for error in validator.iter_errors(data)]
        assert errors == [], path
        first_line = path.read_text().splitlines()[0]
        depth = len(path.relative_to(REPO).parts) - 1
        assert first_line == f"# yaml-language-server: $schema={'../' * depth}schema/{kind}.json", path


def test_the_schema_rejects_what_check_rejects():
    validator = jsonschema.Draft202012Validator(json.loads((REPO / "schema" / "guide.json").read_text()))
    _, guide = next(_records("guides"))

    assert not validator.is_valid({**guide, "sumary": "typo"})
    assert not validator.is_valid({**guide, "id": "Bad_Id"})
    assert not validator.is_valid({key: value for key, value in guide.items() if key != "checklist"})


def test_vscode_maps_the_content_folders_to_the_schemas():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text())

    assert settings["yaml.schemas"] == {
        "./schema/product.json": "content/products/*.yaml",
        "./schema/guide.json": "content/guides/*/*.yaml",
        "./schema/cause.json": "content/causes/*.yaml",
        "./schema/fix.json": "content/fixes/*.yaml",
        "./schema/faq.json": "content/faqs/*.yaml",
    }


def test_the_handbook_lists_every_diagnostic_code():
    from generator.diagnostics import CODES

    handbook = (REPO / "HANDBOOK.md").read_text()
    table = handbook.split("### Diagnostic codes", 1)[1].split("\n## ", 1)[0]
    listed = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]

    assert listed == list(CODES)


@pytest.mark.parametrize(
    "product, message",
    [
        ("acmee", "Error: product 'acmee' does not exist (there is no content/products/acmee.yaml); "
                  "did you mean 'acme'? A new product needs its record first: new product acmee\n"),
        ("zeta", "Error: product 'zeta' does not exist (there is no content/products/zeta.yaml); "
                 "a new product needs its record first: new product zeta\n"),
    ],
)
def test_new_guide_refuses_a_product_that_does_not_exist_and_creates_nothing(tree, product, message):
    result = run("new", "guide", product, "rate-limit", cwd=tree.root)

    assert result.returncode == 2
    assert result.stderr.endswith(message), result.stderr
    assert result.stdout == ""
    assert not (tree.content / "guides" / product).exists()
