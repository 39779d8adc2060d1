"""Runs one Python code sample as the reader would, against the local mock API.

Started by the runner as ``python boot.py WORKDIR``. WORKDIR holds ``before.py``,
``sample.py`` and ``after.py``; they run in that order in one ``__main__``
namespace, each compiled under its own name so tracebacks point into the sample.
Before that, this file patches what the sample cannot see:

- the HTTP transports of httpx2 (openai, anthropic, google-genai, mistralai), httpx
  (groq) and botocore (boto3) send every request to the mock on 127.0.0.1, keeping
  the original host in the ``Host`` and ``x-harness-host`` headers;
- ``time.sleep`` and ``asyncio.sleep`` return at once and add up the time asked for,
  so retry loops finish instantly and the wait can still be checked.

When the run ends, ``report.json`` in WORKDIR says how long the run slept, how many
attempts were diverted (refused, or sent to the untrusted TLS port) before reaching the mock, and which exception ended it.
Nothing from the project is imported: the child runs the installed SDKs only.

Started as ``python boot.py --zygote``, it is a zygote instead: it installs the patches and
imports the SDKs once (creating no client, starting no thread), then for each request read
from stdin (one JSON line: workdir, environment, stdout and stderr files) forks a child that
takes that environment, directory and output files and runs the check exactly as above; it
answers with the child's pid, then its exit status. Everything a check reads from the
environment is read after the fork (``_configure``), so the zygote holds no check's values.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.abc
import importlib.machinery
import json
import math
import os
import sys
import threading
import time
import traceback

WORKDIR = ""
MOCK_PORT = 0
REFUSED_PORT = 0
TLS_PORT = 0
PLAN: list = [None]
"""Per attempt: null (ask the mock), "refuse" or "tls"; the last entry repeats."""


def _configure(workdir: str) -> None:
    """Read the check's values: at start in a fresh process, after the fork in a zygote's child."""
    global WORKDIR, MOCK_PORT, REFUSED_PORT, TLS_PORT, PLAN
    WORKDIR = workdir
    MOCK_PORT = int(os.environ["HARNESS_MOCK_PORT"])
    REFUSED_PORT = int(os.environ["HARNESS_REFUSED_PORT"])
    TLS_PORT = int(os.environ.get("HARNESS_TLS_PORT") or 0)
    PLAN = json.loads(os.environ.get("HARNESS_PLAN", "[null]"))

_state = {"slept": 0.0, "attempts": 0, "diverted": 0}
_lock = threading.Lock()


def _next_attempt() -> tuple[int, str | None]:
    with _lock:
        attempt = _state["attempts"]
        _state["attempts"] += 1
        how = PLAN[min(attempt, len(PLAN) - 1)]
        if how:
            _state["diverted"] += 1  # never reaches the mock: counted here
    return attempt, how


def _target(how: str | None) -> tuple[str, int]:
    """The scheme and port on 127.0.0.1 that this attempt goes to."""
    if how == "refuse":
        return "http", REFUSED_PORT
    if how == "tls":
        return "https", TLS_PORT
    return "http", MOCK_PORT


# --- transports ---------------------------------------------------------------------


def _reroute_httpx(request):
    """Point an httpx/httpx2 request at the mock; the Host header keeps the original host.

    Returns a function that puts the request back as the SDK built it: SDKs that retry by
    sending the same Request object again (mistralai) must see their own URL the next time,
    and an error's ``request.url`` must show the URL the reader's code called.
    """
    attempt, how = _next_attempt()
    url = request.url
    request.headers["x-harness-host"] = url.host
    request.headers["x-harness-attempt"] = str(attempt)
    scheme, port = _target(how)
    request.url = url.copy_with(scheme=scheme, host="127.0.0.1", port=port)

    def restore() -> None:
        request.url = url
        for name in ("x-harness-host", "x-harness-attempt"):
            request.headers.pop(name, None)

    return restore


def _patch_httpx(module) -> None:
    if getattr(module.HTTPTransport, "_harness_patched", False):  # httpx2 can alias itself as httpx
        return
    sync_send = module.HTTPTransport.handle_request
    async_send = module.AsyncHTTPTransport.handle_async_request

    def handle_request(self, request):
        restore = _reroute_httpx(request)
        try:
            return sync_send(self, request)
        finally:
            restore()  # the transport has made its own copy of the request by now

    async def handle_async_request(self, request):
        restore = _reroute_httpx(request)
        try:
            return await async_send(self, request)
        finally:
            restore()

    module.HTTPTransport.handle_request = handle_request
    module.HTTPTransport._harness_patched = True
    module.AsyncHTTPTransport.handle_async_request = handle_async_request


def _patch_botocore(module) -> None:
    from urllib.parse import urlsplit, urlunsplit

    URLLib3Session = module.URLLib3Session
    send = URLLib3Session.send

    def rerouted(self, request):
        attempt, how = _next_attempt()
        parts = urlsplit(request.url)
        request.headers["x-harness-host"] = parts.hostname
        request.headers["x-harness-attempt"] = str(attempt)
        scheme, port = _target(how)
        url, request.url = request.url, urlunsplit((scheme, f"127.0.0.1:{port}", parts.path, parts.query, ""))
        try:
            return send(self, request)
        finally:  # as for httpx: the request goes back to what botocore built
            request.url = url
            for name in ("x-harness-host", "x-harness-attempt"):
                request.headers.pop(name, None)

    URLLib3Session.send = rerouted


_PATCHES = {"httpx2": _patch_httpx, "httpx": _patch_httpx, "botocore.httpsession": _patch_botocore}


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches a module right after its first import, so samples that never import it pay nothing."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in _PATCHES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            _PATCHES[fullname](module)

        spec.loader.exec_module = exec_and_patch
        return spec


# --- sleeps -------------------------------------------------------------------------


def _record(seconds) -> None:
    try:
        seconds = float(seconds)
    except (TypeError, ValueError):
        return
    if seconds > 0 and math.isfinite(seconds):
        with _lock:
            _state["slept"] += seconds


_real_sleep = time.sleep
_real_async_sleep = asyncio.sleep


def _sleep(seconds):
    _record(seconds)
    _real_sleep(0)


async def _async_sleep(delay, result=None):
    if not math.isfinite(delay):  # anyio's sleep_forever: a real wait for cancellation
        return await _real_async_sleep(delay, result)
    _record(delay)
    return await _real_async_sleep(0, result)


def _patch_sleeps() -> None:
    time.sleep = _sleep
    asyncio.sleep = _async_sleep
    try:  # anyio (the SDKs' async retries) imported asyncio's sleep by name
        import anyio._backends._asyncio as anyio_asyncio

        anyio_asyncio.sleep = _async_sleep
    except ImportError:
        pass


# --- the run ------------------------------------------------------------------------


def _public_name(cls: type) -> str:
    """'openai.RateLimitError' rather than 'openai._exceptions.RateLimitError' where the package exports it."""
    if cls.__module__ == "builtins":
        return cls.__qualname__
    top = cls.__module__.split(".")[0]
    package = sys.modules.get(top)
    if package is not None and getattr(package, cls.__name__, None) is cls:
        return f"{top}.{cls.__name__}"
    return f"{cls.__module__}.{cls.__qualname__}"


def _resolve(dotted: str):
    """The class named 'package.module.Class' (or a builtin such as 'ValueError'), or None."""
    import builtins

    if "." not in dotted:
        return getattr(builtins, dotted, None)
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            value = getattr(value, name, None)
        return value
    return None


def _error_report(error: BaseException) -> dict:
    expected = os.environ.get("HARNESS_EXPECT_RAISES")
    report = {
        "name": _public_name(type(error)),
        "message": str(error),
        "traceback": "".join(traceback.format_exception(error)),
    }
    if expected:
        cls = _resolve(expected)
        report["expected_found"] = isinstance(cls, type)
        report["matches"] = isinstance(cls, type) and isinstance(error, cls)
    return report


def _run() -> dict | None:
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    sys.path.insert(0, WORKDIR)
    try:
        for part in ("before", "sample", "after"):
            path = os.path.join(WORKDIR, f"{part}.py")
            with open(path, encoding="utf-8") as file:
                source = file.read()
            exec(compile(source, f"<{part}>", "exec"), namespace)
    except BaseException as error:  # noqa: BLE001 - the sample's exception is what is checked
        return _error_report(error)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return None


def _install() -> None:
    """The patches: transports as their modules are imported, sleeps now."""
    sys.meta_path.insert(0, _PatchOnImport())
    _patch_sleeps()


def _run_and_exit() -> None:
    error = _run()
    with open(os.path.join(WORKDIR, "report.json"), "w", encoding="utf-8") as file:
        json.dump({**_state, "error": error}, file)
    os._exit(1 if error else 0)  # skip interpreter teardown: SDK clients closing late are not the sample's doing


def main() -> None:
    _configure(sys.argv[1])
    _install()
    _run_and_exit()


# --- the zygote ---------------------------------------------------------------------

PRELOAD = ("openai", "anthropic", "google.genai", "groq", "mistralai", "boto3", "botocore.httpsession")
"""Imported once by the zygote (patched as they load); a child imports them again for free."""


def _child(request: dict, channels: tuple[int, ...]) -> None:
    """In the forked child: become the check's process, run it as main() does, never return."""
    try:
        for fd in channels:
            os.close(fd)
        os.setsid()  # as the runner's start_new_session: a session of its own
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["workdir"])
        sys.argv = [os.path.abspath(__file__), request["workdir"]]
        _configure(request["workdir"])
        _run_and_exit()
    except BaseException:  # noqa: BLE001 - a harness error: no report, exit 1 as a crashed interpreter would
        try:
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(1)


def serve() -> None:
    """The zygote's loop: one JSON request a line on stdin, answers ({"pid"}, then {"status"}) on stdout."""
    requests = os.dup(0)  # dup'ed fds are not inherited by what a sample starts
    answers = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)

    def answer(message: dict) -> None:
        os.write(answers, json.dumps(message).encode() + b"\n")

    _install()
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - an SDK that is not installed is imported (and fails) in the child as before
            pass
    if threading.active_count() != 1:  # fork copies one thread only: never fork a process with others
        answer({"ready": False, "why": f"{threading.active_count()} threads after the imports"})
        return
    answer({"ready": True})
    with os.fdopen(requests, "rb", buffering=0) as reader:
        while True:
            line = _read_line(reader)
            if not line:
                return  # the runner is gone
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                _child(request, (requests, answers))
            answer({"pid": pid})
            _, status = os.waitpid(pid, 0)
            answer({"status": os.waitstatus_to_exitcode(status)})


def _read_line(reader) -> bytes:
    """A line read byte by byte: nothing is left buffered in the zygote when it forks."""
    line = bytearray()
    while not line.endswith(b"\n"):
        byte = reader.read(1)
        if not byte:
            return b""
        line += byte
    return bytes(line)


if __name__ == "__main__":
    if sys.argv[1:] == ["--zygote"]:
        serve()
    else:
        main()
