"""The local mock of a vendor's API that one sample check runs against.

A plain ``http.server`` on 127.0.0.1 (an ephemeral port), so each check gets its
own server and checks can run side by side. It answers the check's responses in
order, the last one repeating, and records every request it receives. The
sample's transport (boot.py, preload.mjs) numbers its attempts in the
``x-harness-attempt`` header, so an attempt the harness refused before it reached
the mock still uses up its response.
"""

from __future__ import annotations

import functools
import json
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from generator.models import MockResponse

__all__ = ["MockServer", "Received", "UntrustedTLS", "refused_port"]


@dataclass(frozen=True)
class Received:
    """One request as the mock saw it."""

    method: str
    path: str
    host: str
    """The host the client addressed (x-harness-host, else the Host header without its port)."""
    headers: dict[str, str]
    body: bytes


@dataclass
class MockServer:
    responses: list[MockResponse]
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def __enter__(self) -> MockServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer_for(self, request: Received) -> MockResponse:
        with self._lock:
            fallback = len(self.received)
            self.received.append(request)
        attempt = request.headers.get("x-harness-attempt", "")
        index = int(attempt) if attempt.isdigit() else fallback
        return self.responses[min(index, len(self.responses) - 1)]


def refused_port() -> tuple[socket.socket, int]:
    """A port bound on 127.0.0.1 where nothing listens: connecting to it is refused.

    Keep the returned socket open for as long as the port must stay refused.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock, sock.getsockname()[1]


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up early (a timeout sample) is not an error of the mock


class UntrustedTLS:
    """A TLS listener on 127.0.0.1 with a self-signed certificate: every client's
    verification fails, as behind a proxy that intercepts TLS with its own certificate."""

    def __init__(self) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*_self_signed())
        self._context = context
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return self._sock.getsockname()[1]

    def __enter__(self) -> UntrustedTLS:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._sock.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._handshake, args=(conn,), daemon=True).start()

    def _handshake(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            with self._context.wrap_socket(conn, server_side=True):
                pass  # the client gives up during the handshake
        except (OSError, ssl.SSLError):
            pass


@functools.cache
def _self_signed() -> tuple[str, str]:
    """(certificate, key) files of a throwaway self-signed certificate, made once per run."""
    folder = Path(tempfile.mkdtemp(prefix="harness-tls-"))
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=harness.invalid"]
    subprocess.run([*command, "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return str(cert), str(key)


def _handler_for(mock: MockServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        server_mock = mock

    return Handler


class _Handler(BaseHTTPRequestHandler):
    server_mock: MockServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the runner reports what matters

    def finish(self) -> None:
        try:
            super().finish()
        except (OSError, ValueError):  # the connection was dropped on purpose
            pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    def _answer(self) -> None:
        request = Received(
            method=self.command,
            path=self.path,
            host=self._host(),
            headers={key.lower(): value for key, value in self.headers.items()},
            body=self._body(),
        )
        answer = self.server_mock.answer_for(request)
        if answer.delay:
            time.sleep(answer.delay)
        if answer.connection:
            self._drop(answer.connection)
        elif answer.events:
            self._stream(answer)
        else:
            self._send(answer)

    def _host(self) -> str:
        host = self.headers.get("x-harness-host") or self.headers.get("host", "")
        return host.rsplit(":", 1)[0] if host.count(":") == 1 else host

    def _body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                chunk = self.rfile.read(size + 2)[:size]
                if size == 0:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def _head(self, answer: MockResponse, defaults: dict[str, str]) -> None:
        self.send_response(answer.status)
        headers = {**defaults, **answer.headers}
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()

    def _send(self, answer: MockResponse) -> None:
        body = _encode(answer.body)
        if answer.cut and not body:
            # Nothing to cut short: a complete empty answer would not be cut at all, so the
            # connection closes before the status line, as a server or proxy that drops it does.
            self._hang_up()
            return
        content_type = "text/plain" if isinstance(answer.body, str) else "application/json"
        self._head(answer, {"content-type": content_type, "content-length": str(len(body))})
        if answer.cut:  # promise the whole body, send half, hang up
            self.wfile.write(body[: len(body) // 2])
            self._hang_up()
            return
        self.wfile.write(body)

    def _stream(self, answer: MockResponse) -> None:
        self._head(answer, {"content-type": "text/event-stream", "transfer-encoding": "chunked", "cache-control": "no-cache"})
        for event in answer.events:
            data = _event(event).encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
        if answer.cut:
            self._hang_up()
            return
        self.wfile.write(b"0\r\n\r\n")

    def _drop(self, how: str) -> None:
        if how == "reset":  # RST instead of FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._hang_up()

    def _hang_up(self) -> None:
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.connection.close()


_EVENT_FIELDS = ("event:", "data:", "id:", "retry:", ":")


def _event(event: str) -> str:
    """One server-sent event: text with SSE fields is sent as written; a bare text is the
    event's data. Bare JSON data with a string `type` is named after it (`event: <type>`),
    as the APIs whose stream events carry a `type` send them (Anthropic's Messages API,
    OpenAI's Responses API) and as their SDKs need: they dispatch on the event's name."""
    if event.startswith(_EVENT_FIELDS):
        return event.rstrip("\n") + "\n\n"
    data = "".join(f"data: {line}\n" for line in event.split("\n"))
    name = _type_of(event)
    return (f"event: {name}\n" if name else "") + data + "\n"


def _type_of(data: str) -> str | None:
    try:
        value = json.loads(data)
    except ValueError:
        return None
    kind = value.get("type") if isinstance(value, dict) else None
    return kind if isinstance(kind, str) and kind else None


def _encode(body) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()
