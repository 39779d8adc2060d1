"""Progress of long runs: shown on a terminal, silent in logs and with --quiet."""

import io
import re
import subprocess
import sys

from generator import generate
from generator.progress import Progress

from conftest import TODAY, cli


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_files_loaded_and_pages_written(tree):
    terminal = Terminal()

    generate(tree.content, tree.root / "docs", root=tree.root, today=TODAY, progress=Progress(terminal, interval=0))

    shown = re.sub(r"\x1b\[\?25[lh]", "", terminal.getvalue())  # click hides the cursor while it draws
    # Each stage redraws one line in place (\r) and ends it when it is done.
    assert "\rLoading content files: 1/7" in shown
    assert "\rLoading content files: 7/7\n" in shown
    assert shown.endswith("\rWriting pages: 28/28\n")
    assert shown.count("\n") == 2


def test_a_log_or_pipe_gets_no_progress(tree):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate"], cwd=tree.root, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == "docs: 28 written, 0 unchanged, 0 removed\n"


def test_quiet_prints_nothing_when_all_is_well(tree):
    result = cli("generate", "--quiet", cwd=tree.root)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (tree.root / "docs" / "acme" / "invalid-key.md").is_file()
