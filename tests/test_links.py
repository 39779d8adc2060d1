"""`python -m generator links` (make links): every external URL in the content, requested from a
local HTTP server that answers 200, 301, 302, 403, 404, 500, a 503 that passes, and never."""

from __future__ import annotations

import http.server
import socket
import subprocess
import threading
from collections import Counter

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.linkcheck import Checker, collect, markdown_links, probe, report
from generator.load import load
from generator.validate import validate

from conftest import ContentTree, TODAY, cli


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    hits: Counter
    released: threading.Event


class _Handler(http.server.BaseHTTPRequestHandler):
    ROUTES = {  # path: (status, Location)
        "/ok": (200, None),
        "/moved": (301, "/ok"),
        "/moved-gone": (308, "/gone"),
        "/temporary": (302, "/ok"),
        "/forbidden": (403, None),
        "/gone": (404, None),
        "/broken": (500, None),
        "/api": (404, None),  # an API's base URL: any answer will do
    }

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        if self.path == "/never":
            self.server.released.wait(10)  # answers nothing until the test is over
            return
        if self.path == "/flaky" and self.server.hits[self.path] == 1:
            status, location = 503, None
        else:
            status, location = self.ROUTES.get(self.path, (200, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.hits, httpd.released = Counter(), threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.released.set()
    httpd.shutdown()
    httpd.server_close()


def content(base: str) -> dict[str, str]:
    return {
        "products/acme.yaml": f"""\
            id: acme
            name: Acme
            about: Acme sells an API; see [its docs]({base}/ok).
            api_base_url: {base}/api
            keys_url: {base}/ok
            billing_url: {base}/moved
            support: Write to <{base}/never>.
            env_var: ACME_API_KEY
            escalation:
              - The request id.
            sources:
              - title: Acme docs
                url: {base}/temporary
            """,
        "guides/acme/invalid-key.yaml": f"""\
            id: invalid-key
            product: acme
            title: Acme 401 Invalid Key
            status: 401
            error: invalid_key
            summary: |
              Acme rejects the key ([status]({base}/broken)).
              Its [help centre]({base}/forbidden) says more.
            causes:
              - id: bad-key
                title: The key is wrong
                explanation: See [the keys page]({base}/moved-gone).
            fixes:
              - id: new-key
                title: Create a new key
                body: Make a new key ([how]({base}/flaky)).
            checklist:
              - check: The key is current.
                fix: new-key
            sources:
              - title: Acme errors
                url: {base}/gone
              - title: Acme errors, again
                url: {base}/gone
            reviewed: 2026-11-01
            description: Acme does not accept the key.
            retry:
              verdict: "no"
              reason: The key must change first.
            """,
    }


def run_links(tree: ContentTree, *args: str) -> subprocess.CompletedProcess:
    return cli("links", "--timeout", "0.5", "--retries", "1", *args, cwd=tree.root)


def test_links_reports_exactly_the_dead_ones_in_checks_format(tmp_path, server):
    httpd, base = server
    tree = ContentTree(tmp_path, content(base))

    result = run_links(tree)

    assert result.returncode == 1, result.stderr
    product, guide = "content/products/acme.yaml", "content/guides/acme/invalid-key.yaml"
    assert result.stdout.splitlines() == [
        f"{guide}:7:34: warning[dead-link]: {base}/broken answered 500",
        f"{guide}:12:38: warning[dead-link]: {base}/moved-gone moved permanently to {base}/gone, which answered 404",
        f"{guide}:22:10: warning[dead-link]: {base}/gone answered 404",
        f"{guide}:24:10: warning[dead-link]: {base}/gone answered 404",
        f"{product}:6:14: warning[dead-link]: {base}/moved moved permanently to {base}/ok",
        f"{product}:7:20: warning[dead-link]: {base}/never timed out after 0.5 s (2 tries)",
        "0 errors, 6 warnings in 2 files",
        "10 URLs on 1 host checked, 5 of them dead",
        "1 URL turned the checker away (401, 403, 429); check by hand:",
        f"  {base}/forbidden answered 403",
    ]
    assert httpd.hits["/broken"] == 2 and httpd.hits["/flaky"] == 2  # retried once; the 503 passed
    assert httpd.hits["/gone"] == 2  # once for /gone (listed twice), once for /moved-gone's target


def test_every_url_is_requested_once_with_at_most_two_at_a_time_per_host(tmp_path, server):
    httpd, base = server
    tree = ContentTree(tmp_path, content(base))
    documents, _ = load(tree.content, root=tree.root)
    records, _ = validate(documents, today=TODAY)

    answers = probe([use.url for use in collect(records)], Checker(timeout=0.5, retries=0, concurrency=8))

    assert len(answers) == 10
    assert httpd.hits["/ok"] == 3  # /ok itself, and the ends of /moved and /temporary
    assert answers[f"{base}/temporary"].problem is None
    assert answers[f"{base}/api"].status == 404


def test_an_apis_base_url_only_has_to_answer(tmp_path, server):
    _, base = server
    tree = ContentTree(tmp_path, content(base))

    assert f"{base}/api" not in run_links(tree).stdout


def test_the_urls_are_found_where_they_are_written(tmp_path):
    tree = ContentTree(tmp_path, content("https://acme.test"))
    documents, _ = load(tree.content, root=tree.root)
    records, _ = validate(documents, today=TODAY)

    found = [(use.file.rsplit("/", 1)[1], use.position.line, use.position.column, use.url, use.endpoint) for use in collect(records)]

    assert found == [
        ("invalid-key.yaml", 7, 34, "https://acme.test/broken", False),
        ("invalid-key.yaml", 8, 21, "https://acme.test/forbidden", False),
        ("invalid-key.yaml", 12, 38, "https://acme.test/moved-gone", False),
        ("invalid-key.yaml", 16, 33, "https://acme.test/flaky", False),
        ("invalid-key.yaml", 22, 10, "https://acme.test/gone", False),
        ("invalid-key.yaml", 24, 10, "https://acme.test/gone", False),
        ("acme.yaml", 3, 42, "https://acme.test/ok", False),
        ("acme.yaml", 4, 15, "https://acme.test/api", True),
        ("acme.yaml", 5, 11, "https://acme.test/ok", False),
        ("acme.yaml", 6, 14, "https://acme.test/moved", False),
        ("acme.yaml", 7, 20, "https://acme.test/never", False),
        ("acme.yaml", 13, 10, "https://acme.test/temporary", False),
    ]


def test_a_url_whose_host_the_reader_fills_in_is_not_requested(tmp_path):
    files = content("https://acme.test")
    files["products/acme.yaml"] = files["products/acme.yaml"].replace(
        "api_base_url: https://acme.test/api", "api_base_url: https://YOUR-RESOURCE-NAME.acme.test/v1/"
    ).replace("[its docs](https://acme.test/ok)", "[its docs](https://{region}.acme.test/docs)")
    tree = ContentTree(tmp_path, files)
    documents, _ = load(tree.content, root=tree.root)
    records, _ = validate(documents, today=TODAY)

    urls = [use.url for use in collect(records)]

    assert not [url for url in urls if "YOUR-RESOURCE-NAME" in url or "{region}" in url]
    assert "https://acme.test/ok" in urls  # the keys page on the next line still is


def test_markdown_links_are_inline_links_images_autolinks_and_references():
    text = (
        "See [a](https://a.test/x_(y)) and ![b](<https://b.test/b.png> \"B\"), <https://c.test/>,\n"
        "`[not](https://code.test/)` counts too, mailto:x@y.test and [site](../page.md) do not.\n"
        "[ref]: https://d.test/ref\n"
    )

    assert markdown_links(text) == [
        "https://a.test/x_(y)",
        "https://b.test/b.png",
        "https://c.test/",
        "https://code.test/",
        "https://d.test/ref",
    ]


def test_offline_nothing_is_requested_and_the_command_says_so(tree, monkeypatch):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.chdir(tree.root)

    result = CliRunner().invoke(main, ["links"])

    assert result.exit_code == 3
    assert result.output == (
        "links: no host answered (5 URLs on 3 hosts; https://api.acme.test could not connect: "
        "no address found for api.acme.test (Name or service not known)). "
        "Is this machine offline, or on a network that reaches only a few hosts? Nothing was checked.\n"
    )


def test_a_network_that_reaches_only_a_few_hosts_counts_as_offline(tmp_path, server, monkeypatch):
    """A machine whose network reaches only a package mirror must not call every other link dead."""
    _, base = server
    tree = ContentTree(tmp_path, content(base))
    tree.edit("guides/acme/invalid-key.yaml", f"{base}/gone", "https://docs.acme.test/gone")
    tree.edit("guides/acme/invalid-key.yaml", f"{base}/flaky", "https://help.acme.test/flaky")
    real = socket.getaddrinfo

    def mirror_only(host, *args, **kwargs):
        if host != "127.0.0.1":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", mirror_only)
    monkeypatch.chdir(tree.root)
    result = CliRunner().invoke(main, ["links", "--timeout", "0.5", "--retries", "0"])

    assert result.exit_code == 3
    assert result.output.startswith("links: only 1 of 3 hosts could be reached (")
    assert "dead-link" not in result.output


def test_links_refuses_content_with_errors(tree):
    tree.edit("guides/acme/invalid-key.yaml", "summary:", "sumary:")

    result = run_links(tree)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        "2 errors, 0 warnings in 1 file\n"
        "links: fix the content first (make check); the URLs of invalid records are unknown\n"
    )


def test_the_commands_defaults_are_the_checkers():
    from click.testing import CliRunner

    from generator.cli import main
    from generator.linkcheck import Checker

    options = {param.name: param.default for param in main.commands["links"].params}
    assert (options["concurrency"], options["timeout"], options["retries"]) == (
        Checker.concurrency, Checker.timeout, Checker.retries
    )
    assert CliRunner().invoke(main, ["links", "--help"]).exit_code == 0
