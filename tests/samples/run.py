"""Runs every code sample's checks and reports what differed.

Each check of a Python or Node.js sample runs in a process of its own (boot.py or
preload.mjs + entry.mjs) against its own mock server, with a timeout; checks run
side by side. A Python check is forked from a zygote (``boot.py --zygote``, one per check
running at once) that has installed the patches and imported the SDKs already;
HARNESS_NO_FORK=1, or no os.fork, starts a fresh interpreter per check instead. A sample
passes when all its checks pass. Shell samples must be `bash -n` clean and call only their
product's API host (a proxy's address is not a URL they call).

The last line printed is always
``samples: R run, P passed, F failed, S skipped (T in the content)``.
"""

from __future__ import annotations

import atexit
import io
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generator.models import SampleCheck

from .collect import Content, Sample, collect
from .mock import MockServer, UntrustedTLS, refused_port

__all__ = ["CheckResult", "Outcome", "Summary", "main", "run_all", "run_check", "summary_line"]

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TIMEOUT = 30.0
"""Seconds one check may take, on top of the mock's delays."""
SHELLS = frozenset({"bash", "sh", "shell"})
_URL = re.compile(r"https?://[^\s\"'`\\)>]+")
_PROXY_SETTING = re.compile(
    r"""(?ix)
    (?:^|(?<=[\s;&|]))  # a word of its own: an assignment or an option, not text inside a URL
    (?: (?:https?|all)_proxy= | (?:-x|--proxy|--preproxy)(?:\s+|=) )  # a proxy variable or curl's proxy option
    (?P<quote>["']?) (?P<value>[^\s"']+) (?P=quote)
    """
)
"""A proxy's address: where the traffic is sent through, not a URL the sample calls."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    problems: list[str]
    detail: str = ""
    """The run's output and traceback, shown when the check failed."""


@dataclass
class Outcome:
    """What happened to one sample (or fenced block)."""

    where: str
    runtime: str
    products: tuple[str, ...]
    status: str
    """'passed', 'failed', 'skipped', or 'not runnable' (a fenced block in Markdown)."""
    checks: list[CheckResult] = field(default_factory=list)
    reason: str = ""

    def report(self) -> str:
        if self.status == "skipped":
            return f"SKIP {self.where}: {self.reason}"
        if self.status == "not runnable":
            return f"FAIL {self.where}: {self.reason}"
        lines = []
        for check in self.checks:
            if check.problems:
                lines.append(f'FAIL {self.where}, check "{check.name}":')
                lines += [f"    {problem}" for problem in check.problems]
                if check.detail:
                    lines += [f"      | {line}" for line in check.detail.rstrip().splitlines()[-15:]]
        return "\n".join(lines)


@dataclass(frozen=True)
class Summary:
    run: int
    passed: int
    failed: int
    skipped: int
    total: int
    shell_failed: int = 0

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.shell_failed == 0 and self.run + self.skipped >= self.total


def summary_line(summary: Summary) -> str:
    return (
        f"samples: {summary.run} run, {summary.passed} passed, {summary.failed} failed, "
        f"{summary.skipped} skipped ({summary.total} in the content)"
    )


# --- one check ---------------------------------------------------------------------------


def _base_env(home: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "NO_PROXY": "*",
        "NODE_NO_WARNINGS": "1",
        # boto3 signs requests: fixed fake credentials, and no instance-metadata look-up.
        "AWS_ACCESS_KEY_ID": "harness-access-key",
        "AWS_SECRET_ACCESS_KEY": "harness-secret-key",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def _child_env(content: Content, sample: Sample, check: SampleCheck, workdir: Path) -> dict[str, str]:
    """A clean environment: nothing of the caller's (no real keys, no proxies)."""
    env = _base_env(str(workdir))
    env["HARNESS_WORKDIR"] = str(workdir)
    for var in content.env_vars(sample.products):
        env[var] = "sample-harness-key-1234"
    env.update(check.env)
    return env


def _plan(check: SampleCheck) -> str:
    diverted = ("refuse", "tls")
    return json.dumps([response.connection if response.connection in diverted else None for response in check.responses])


def _command(sample: Sample, check: SampleCheck, workdir: Path) -> list[str]:
    parts = {"before": check.before or "", "sample": sample.sample.code, "after": check.after or ""}
    if sample.runtime == "python":
        for name, code in parts.items():
            (workdir / f"{name}.py").write_text(code, encoding="utf-8")
        return [sys.executable, str(HERE / "boot.py"), str(workdir)]
    # One ES module, so `after` sees what the sample declares; imports are hoisted, so
    # `before` may use what the sample imports (and must not import it again).
    module = "\n".join(f"// --- {name}\n{code}" for name, code in parts.items() if code)
    (workdir / "sample.mjs").write_text(module, encoding="utf-8")
    (workdir / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    preload = (HERE / "preload.mjs").as_uri()
    return ["node", "--import", preload, str(HERE / "entry.mjs"), str(workdir / "sample.mjs")]


def run_check(content: Content, sample: Sample, check: SampleCheck) -> CheckResult:
    """Run one check of one sample in a fresh process; the problems found, if any."""
    needs_tls = any(response.connection == "tls" for response in check.responses)
    with (
        tempfile.TemporaryDirectory(prefix="sample-") as temp,
        MockServer(list(check.responses)) as mock,
        UntrustedTLS() if needs_tls else nullcontext() as tls,
    ):
        workdir = Path(temp)
        refused, refused_at = refused_port()
        env = _child_env(content, sample, check, workdir)
        env.update(
            HARNESS_MOCK_PORT=str(mock.port),
            HARNESS_REFUSED_PORT=str(refused_at),
            HARNESS_TLS_PORT=str(tls.port if tls else 0),
            HARNESS_PLAN=_plan(check),
            HARNESS_EXPECT_RAISES=check.expect.raises or "",
        )
        timeout = TIMEOUT + sum(response.delay for response in check.responses)
        try:
            command = _command(sample, check, workdir)
            done = None
            if sample.runtime == "python" and _forking():
                done = _run_forked(command, workdir, env, timeout)
            if done is None:
                done = subprocess.run(
                    command,
                    cwd=workdir,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    start_new_session=True,
                )
        except subprocess.TimeoutExpired as expired:
            output = _text(expired.stdout) + _text(expired.stderr)
            return CheckResult(check.name, [f"did not finish within {timeout:g} s"], output)
        finally:
            refused.close()
        report_path = workdir / "report.json"
        report = json.loads(report_path.read_text()) if report_path.exists() else None
        return _judge(check, done, report, mock)


# --- the zygotes --------------------------------------------------------------------------


class ZygoteError(Exception):
    """The zygote could not run the check (it did not start, or died): the check runs fresh."""


class _Zygote:
    """A ``boot.py --zygote`` process: it forks one child per check it is given, one at a time."""

    START_TIMEOUT = 120.0

    def __init__(self) -> None:
        home = tempfile.gettempdir()
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "boot.py"), "--zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=home,
            env=_base_env(home),
            start_new_session=True,
        )
        self.pending = b""
        ready = self._receive(time.monotonic() + self.START_TIMEOUT)
        if not (ready and ready.get("ready")):
            self.close()
            raise ZygoteError(f"the zygote did not start: {ready.get('why') if ready else 'no answer'}")

    def _receive(self, deadline: float | None) -> dict | None:
        """The zygote's next answer; None when the deadline passed first."""
        fd = self.process.stdout.fileno()
        while b"\n" not in self.pending:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([fd], [], [], wait)[0]:
                return None
            data = os.read(fd, 65536)
            if not data:
                raise ZygoteError("the zygote exited")
            self.pending += data
        line, self.pending = self.pending.split(b"\n", 1)
        return json.loads(line)

    def run(self, workdir: Path, env: dict[str, str], timeout: float, outputs: Path) -> int | None:
        """Run a check in a forked child: its exit code, or None if it was killed on timeout.

        Its stdout and stderr go to files in `outputs` (not in the workdir, which the sample may list).
        """
        request = {"workdir": str(workdir), "env": env, "stdout": str(outputs / "stdout"), "stderr": str(outputs / "stderr")}
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
        except OSError as error:
            raise ZygoteError(f"the zygote exited: {error}") from error
        started = self._receive(time.monotonic() + self.START_TIMEOUT)
        if started is None:
            raise ZygoteError("the zygote did not fork")
        pid = started["pid"]
        try:
            finished = self._receive(time.monotonic() + timeout)
            if finished is not None:
                return finished["status"]
            _kill(pid)  # not reaped yet (the zygote waits for it), so still this child
            self._receive(None)  # the zygote reaps it and answers
            return None
        except ZygoteError:  # the child ran (and may still run): never run the check a second time
            _kill(pid)
            return -signal.SIGKILL

    def close(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


_idle: list[_Zygote] = []
_idle_lock = threading.Lock()
_no_zygote = threading.Event()
"""Set when a zygote could not start: every later Python check starts a fresh interpreter."""


def _forking() -> bool:
    return hasattr(os, "fork") and not os.environ.get("HARNESS_NO_FORK") and not _no_zygote.is_set()


def _run_forked(command: list[str], workdir: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess | None:
    """The check run by a zygote's child, as subprocess.run would report it; None if no zygote could run it."""
    with _idle_lock:
        zygote = _idle.pop() if _idle else None
    with tempfile.TemporaryDirectory(prefix="sample-output-") as temp:
        outputs = Path(temp)
        try:
            if zygote is None:
                zygote = _Zygote()
            code = zygote.run(workdir, env, timeout, outputs)
        except ZygoteError as error:  # nothing was forked: the check has not run
            if zygote is not None:
                zygote.close()
            else:
                _no_zygote.set()
            print(f"samples: {error}; the check runs in a fresh interpreter", file=sys.stderr)
            return None
        if zygote.process.poll() is None:
            with _idle_lock:
                _idle.append(zygote)
        else:
            zygote.close()
        stdout, stderr = ((outputs / name).read_bytes() if (outputs / name).exists() else b"" for name in ("stdout", "stderr"))
    if code is None:
        raise subprocess.TimeoutExpired(command, timeout, output=stdout, stderr=stderr)
    return subprocess.CompletedProcess(command, code, _decoded(stdout), _decoded(stderr))


def _decoded(data: bytes) -> str:
    """As subprocess.run(text=True) decodes a stream: the locale's encoding, universal newlines."""
    return io.TextIOWrapper(io.BytesIO(data)).read()


def close_zygotes() -> None:
    """End the idle zygotes (the next Python check starts a new one)."""
    with _idle_lock:
        zygotes = _idle[:]
        _idle.clear()
    for zygote in zygotes:
        zygote.close()


atexit.register(close_zygotes)


def _text(data) -> str:
    return data.decode(errors="replace") if isinstance(data, bytes) else (data or "")


def _judge(check: SampleCheck, done: subprocess.CompletedProcess, report: dict | None, mock: MockServer) -> CheckResult:
    expect = check.expect
    if report is None:
        detail = done.stdout + done.stderr
        return CheckResult(check.name, [f"the run crashed before it could report (exit code {done.returncode})"], detail)
    problems = []
    error = report["error"]
    if expect.raises:
        if error is not None and error.get("expected_found") is False:
            problems.append(f"raises: {expect.raises} names no class the sample's program can import")
        elif error is None:
            problems.append(f"raises: expected {expect.raises}, got none (the run ended normally)")
        elif not _matches(expect.raises, error):
            problems.append(f"raises: expected {expect.raises}, got {error['name']}: {_first_line(error['message'])}")
    elif error is not None:
        problems.append(f"raises: expected no error, got {error['name']}: {_first_line(error['message'])}")
    requests = len(mock.received) + report["diverted"]
    if expect.requests is not None and requests != expect.requests:
        problems.append(f"requests: expected {expect.requests}, got {requests}")
    if expect.host is not None:
        hosts = sorted({request.host for request in mock.received})
        if hosts != [expect.host]:
            problems.append(f"host: expected {expect.host}, got {', '.join(hosts) or 'no request'}")
    if expect.waits_at_least is not None and report["slept"] + 1e-6 < expect.waits_at_least:
        problems.append(f"waits_at_least: expected {expect.waits_at_least:g} s, got {report['slept']:.3g} s")
    problems += _missing("output", expect.output, done.stdout)
    problems += _missing("stderr", expect.stderr, done.stderr)
    detail = ""
    if problems:
        detail = "\n".join(
            part
            for part in (
                done.stdout and f"stdout:\n{done.stdout}",
                done.stderr and f"stderr:\n{done.stderr}",
                error and error["traceback"],
            )
            if part
        )
    return CheckResult(check.name, problems, detail)


def _matches(expected: str, error: dict) -> bool:
    if "matches" in error:  # Python: isinstance against the class the name resolves to
        return bool(error["matches"])
    return expected in error.get("names", [error["name"]])  # Node.js: a class name in the prototype chain


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 160 else line[:157] + "..."


def _missing(stream: str, texts: list[str], printed: str) -> list[str]:
    shown = _first_line(printed) if printed.strip() else "nothing"
    return [f"{stream}: expected {text!r} in it, got {shown!r}" for text in texts if text not in printed]


# --- one sample --------------------------------------------------------------------------


def run_sample(content: Content, sample: Sample, pool: ThreadPoolExecutor) -> list:
    """Futures of the sample's check results (empty when it is skipped or has no checks)."""
    return [pool.submit(run_check, content, sample, check) for check in sample.checks]


def check_shell(content: Content, sample: Sample) -> list[str]:
    """Problems of a shell sample: syntax (bash -n), and URLs off the product's API host."""
    problems = []
    done = subprocess.run(["bash", "-n"], input=sample.sample.code, capture_output=True, text=True)
    if done.returncode != 0:
        problems.append(f"bash -n: {done.stderr.strip()}")
    hosts = {content.api_host(product) for product in sample.products if product in content.products}
    code = "\n".join(line for line in sample.sample.code.splitlines() if not line.lstrip().startswith("#"))
    for url in called_urls(code):
        host = urlsplit(url).hostname
        if host not in hosts:
            problems.append(f"URL {url} is not on {' or '.join(sorted(hosts))}")
    return problems


def called_urls(code: str) -> list[str]:
    """The URLs a shell sample calls: every URL in it except the value of a proxy setting
    (HTTPS_PROXY=..., export ALL_PROXY=..., curl -x/--proxy ...). A proxy relays the request
    to the URL called, so its address is the reader's network, never an API host."""
    return _URL.findall(_PROXY_SETTING.sub(" ", code))


def run_all(content: Content, workers: int | None = None) -> tuple[list[Outcome], list[str], Summary]:
    """Run every sample of `content`: the outcomes, the shell problems, the counts."""
    workers = workers or max(2, (os.cpu_count() or 2) + 1)
    outcomes: list[Outcome] = []
    shell_problems: list[str] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        for sample in content.samples:
            if sample.sample.language in SHELLS:
                shell_problems += [f"FAIL {sample.where}: {problem}" for problem in check_shell(content, sample)]
                continue
            if sample.runtime is None:
                continue
            outcome = Outcome(sample.where, sample.runtime, sample.products, "skipped")
            outcomes.append(outcome)
            if sample.sample.skip:
                outcome.reason = sample.sample.skip
            elif not sample.checks:
                outcome.status, outcome.reason = "not runnable", "no checks and no skip: state what it must do (see CONTENT-RULES.md)"
            else:
                pending.append((outcome, run_sample(content, sample, pool)))
        try:
            for outcome, futures in pending:
                outcome.checks = [future.result() for future in futures]
                outcome.status = "failed" if any(check.problems for check in outcome.checks) else "passed"
        finally:
            pool.shutdown()
            close_zygotes()
    for block in content.blocks:
        reason = "a code block in Markdown cannot state checks: move it to a fix's code samples"
        outcomes.append(Outcome(block.where, block.language, (), "not runnable", reason=reason))
    count = Counter(outcome.status for outcome in outcomes)
    summary = Summary(
        run=count["passed"] + count["failed"],
        passed=count["passed"],
        failed=count["failed"],
        skipped=count["skipped"],
        total=len(outcomes),
        shell_failed=len(shell_problems),
    )
    return outcomes, shell_problems, summary


def vendor_table(outcomes: list[Outcome]) -> list[str]:
    """Run / passed / skipped per product (a sample for several products counts for each)."""
    rows: dict[str, Counter] = defaultdict(Counter)
    for outcome in outcomes:
        for product in outcome.products or ("(none)",):
            rows[product][outcome.status] += 1
    lines = [f"{'product':<14} {'run':>4} {'passed':>7} {'failed':>7} {'skipped':>8} {'not runnable':>13}"]
    for product in sorted(rows):
        row = rows[product]
        run = row["passed"] + row["failed"]
        counts = f"{run:>4} {row['passed']:>7} {row['failed']:>7} {row['skipped']:>8} {row['not runnable']:>13}"
        lines.append(f"{product:<14} {counts}")
    return lines


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.samples", description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=REPO / "content", help="the content folder (default: content/)")
    parser.add_argument("--jobs", type=int, default=None, help="checks run at once (default: cores + 1)")
    args = parser.parse_args(argv)
    if shutil.which("node") is None or not (REPO / "node_modules").is_dir():
        print("node and node_modules/ are needed for the Node.js samples: run `npm ci`", file=sys.stderr)
    content = collect(args.content, REPO)
    if content.problems:  # invalid records' samples cannot be counted, let alone run
        for problem in content.problems:
            print(problem)
        print(f"samples: not run: {len(content.problems)} content problems (run `make check`)")
        return 1
    outcomes, shell_problems, summary = run_all(content, args.jobs)
    for outcome in outcomes:
        if outcome.status in ("failed", "not runnable", "skipped"):
            print(outcome.report())
    for problem in shell_problems:
        print(problem)
    print("\n".join(vendor_table(outcomes)))
    shells = sum(1 for sample in content.samples if sample.sample.language in SHELLS)
    print(f"shell samples: {shells} checked (bash -n, API host), {len(shell_problems)} problems")
    print(summary_line(summary))
    return 0 if summary.ok else 1
