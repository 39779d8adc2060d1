"""The project's own tooling and docs, as a maintainer meets them: `make`, the README and the handbook."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import REPO


def phony_targets() -> list[str]:
    makefile = (REPO / "Makefile").read_text()
    return re.search(r"^\.PHONY: (.*)$", makefile, re.MULTILINE).group(1).split()


def test_make_alone_lists_every_target_with_one_line_each():
    result = subprocess.run(["make", "--no-print-directory"], cwd=REPO, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "make TARGET, one of:"
    listed = [line.split()[0] for line in lines[1:]]
    assert listed == phony_targets()
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines[1:]), "a target without its line"


def test_the_readme_fits_in_10_kb_and_leads_to_the_handbook():
    readme = (REPO / "README.md").read_bytes()

    assert len(readme) <= 10 * 1024
    assert b"](HANDBOOK.md)" in readme


def slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("document", ["README.md", "HANDBOOK.md"])
def test_every_link_to_a_heading_finds_it(document):
    anchors = {
        name: {slug(heading) for heading in re.findall(r"^#+ (.*)$", (REPO / name).read_text(), re.MULTILINE)}
        for name in ("README.md", "HANDBOOK.md")
    }
    text = (REPO / document).read_text()

    links = re.findall(r"\]\((README\.md|HANDBOOK\.md)?#([^)\s]+)\)", text)
    assert links
    for target, anchor in links:
        assert anchor in anchors[target or document], f"{document}: no heading for {target}#{anchor}"


def test_make_check_prints_the_generators_exit_code_since_make_exits_2_on_any_failure(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    guide = tmp_path / "content/guides/groq/bad-gateway.yaml"
    guide.write_text(guide.read_text().replace("\nerror: ", "\nerror "))

    broken = subprocess.run(["make", "-s", "check", f"CONTENT={tmp_path / 'content'}"], cwd=REPO,
                            capture_output=True, text=True)
    clean = subprocess.run(["make", "-s", "check"], cwd=REPO, capture_output=True, text=True)

    assert broken.returncode == 2
    assert "make check: the generator exited 1 (1: content errors; 2: usage); make itself exits 2\n" in broken.stderr
    assert clean.returncode == 0, clean.stderr
    assert "the generator exited" not in clean.stderr


# --- The generator's shape: short modules, stages that do not lean on each other ----------

GENERATOR = REPO / "generator"
MAX_LINES = 400
STAGES = ("load", "validate", "link", "lint", "render", "export", "write")
"""The pipeline's stages; pipeline.py runs them in order and is the only module that joins them."""


def _modules() -> list:
    return sorted(path.relative_to(GENERATOR).as_posix() for path in GENERATOR.rglob("*.py"))


@pytest.mark.parametrize(
    "module",
    _modules(),
)
def test_no_module_of_the_generator_is_over_400_lines(module):
    lines = len((GENERATOR / module).read_text(encoding="utf-8").splitlines())

    assert lines <= MAX_LINES, f"generator/{module} has {lines} lines; split it along its seams"


def _runtime_imports(module: str) -> set[str]:
    """The generator modules `module` imports when it runs: imports under `if TYPE_CHECKING:`
    name the data a stage is handed (its input's types), not helpers, and are left out."""
    import ast

    tree = ast.parse((GENERATOR / f"{module}.py").read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.split(".")[1])
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_imports_another_stage(stage):
    # Shared helpers live in modules that are not stages (paths, catalogue, text, cache, ...),
    # so data flows one way: load → validate → link (+ lint) → render, export → write.
    others = _runtime_imports(stage) & (set(STAGES) - {stage})

    assert not others, f"{stage}.py imports the stage(s) {sorted(others)}; move what it needs to a shared module"


def test_the_import_check_sees_imports():
    # Not vacuous: the orchestrator imports every stage, and a type-only import is left out.
    assert set(STAGES) <= _runtime_imports("pipeline")
    assert "validate" not in _runtime_imports("link")
