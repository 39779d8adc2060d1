"""The project's own tooling, as a maintainer meets it: `make` and its targets."""

from __future__ import annotations

import re
import subprocess

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
