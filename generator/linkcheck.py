"""The source-link check: does every external URL the content sends readers to still answer?

Not a pipeline stage: `python -m generator links` runs it on demand (weekly in CI),
since it needs the network and takes seconds to minutes.

- `collect` walks the valid records and returns every external URL with the place
  it is written: sources, the products' pages and every link in Markdown text. The
  models say which fields hold a URL (`Url`) and which hold Markdown, so a new field
  of either type is checked without a change here. Pure: no network. An API's base
  URL (`ApiUrl`) is no page, and answers 404 or 401 to a plain GET: for it, any
  answer will do, and only an unreachable host or a timeout is reported. A URL
  whose host is a placeholder the reader fills in (`YOUR-RESOURCE-NAME.openai.azure.com`,
  `{resource}`, `<name>`) is no address at all and is not requested.
- `probe` requests each distinct URL once (GET, as a reader's browser does), with
  bounded concurrency (at most `per_host` connections to one host), a timeout and
  retries, following redirects by hand to see which are permanent.
- `report` turns the answers into check-style diagnostics (`warning[dead-link]`),
  one for every place a dead URL is written.

A 401, 403 or 429 is a server turning a robot away (many documentation sites do),
not a dead page: such URLs are listed as unverified, not reported.
"""

from __future__ import annotations

import re
import socket
import types
import typing
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from pydantic import BaseModel

from .diagnostics import Diagnostic, Position, Severity
from .fields import ENDPOINT, Markdown, Url
from .progress import Tick
from .sourcemap import Loc
from .validate import Records

__all__ = ["Answer", "Checker", "Report", "UrlUse", "collect", "probe", "report"]


# --- Where the URLs are --------------------------------------------------------------


@dataclass(frozen=True, order=True)
class UrlUse:
    """One external URL, where it is written."""

    file: str
    position: Position
    url: str
    endpoint: bool = False
    """A URL programs call (ApiUrl): any answer will do."""


def collect(records: Records) -> list[UrlUse]:
    """Every external URL in the records, by file and position; each place once."""
    uses: set[UrlUse] = set()
    for located in (*records.products, *records.guides, *records.causes, *records.fixes, *records.faqs):
        for loc, url, kind in _urls(located.record, ()):
            if _has_placeholder_host(url):
                continue
            uses.add(UrlUse(located.file, located.source.find(loc, url), url, endpoint=kind == "endpoint"))
    return sorted(uses)


# A host label written in capitals (YOUR-RESOURCE-NAME) or holding template brackets is
# a placeholder: host names are written in lower case everywhere else in the content.
_PLACEHOLDER_LABEL = re.compile(r"^(?=.*[A-Z])[A-Z0-9_-]+$|[<>{}$]")


def _has_placeholder_host(url: str) -> bool:
    host = urlsplit(url).netloc.rpartition("@")[2].partition(":")[0]
    return any(_PLACEHOLDER_LABEL.search(label) for label in host.split("."))


def _urls(record: BaseModel, loc: Loc) -> Iterator[tuple[Loc, str, str]]:
    """(location, URL, kind) of every URL field and every link in Markdown text of `record`."""
    for name, info in type(record).model_fields.items():
        kind = _text_kind(info.annotation, info.metadata)
        value = getattr(record, name)
        for item_loc, item in _items(value, (*loc, name)):
            if isinstance(item, BaseModel):
                yield from _urls(item, item_loc)
            elif isinstance(item, str) and kind in ("url", "endpoint"):
                yield item_loc, item, kind
            elif isinstance(item, str) and kind == "markdown":
                yield from ((item_loc, url, "url") for url in markdown_links(item))


def _items(value, loc: Loc) -> Iterator[tuple[Loc, object]]:
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield (*loc, index), item
    elif value is not None:
        yield loc, value


# The validators that make a field a URL or Markdown (see models.py), found in a field's metadata.
_URL_CHECK = typing.get_args(Url)[1]
_MARKDOWN_CHECK = typing.get_args(Markdown)[2]


def _text_kind(annotation, metadata: Iterable = ()) -> str | None:
    """'endpoint', 'url' or 'markdown' for a field (or list of them) of those types, else None."""
    found = [*metadata, *_nested_metadata(annotation)]
    if any(item is ENDPOINT for item in found):
        return "endpoint"
    if any(item == _URL_CHECK for item in found):
        return "url"
    if any(item == _MARKDOWN_CHECK for item in found):
        return "markdown"
    return None


def _nested_metadata(annotation) -> Iterator:
    """The metadata of Annotated types inside an annotation (Optional, list), not inside models."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        yield from metadata
        yield from _nested_metadata(base)
    elif typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            yield from _nested_metadata(argument)


# Inline links and images, autolinks and reference definitions to http(s) URLs. A URL may hold
# balanced parentheses, as Markdown allows.
_MARKDOWN_LINK = re.compile(
    r"\]\(\s*<?(?P<inline>https?://(?:[^\s()<>]|\([^\s()<>]*\))+)"
    r"|<(?P<auto>https?://[^\s<>]+)>"
    r"|^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<reference>https?://[^\s<>]+)",
    re.MULTILINE,
)


def markdown_links(text: str) -> list[str]:
    """The http(s) URLs that links in Markdown `text` point to, in order."""
    if "http" not in text:
        return []
    return [match.group(match.lastgroup) for match in _MARKDOWN_LINK.finditer(text)]


# --- Asking the servers --------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What requesting one URL gave: a status (after any redirects), or an error."""

    url: str
    status: int | None = None
    moved_to: str | None = None
    """Where the URL redirects permanently (301 or 308), if it does."""
    error: str | None = None
    """Why there is no status: 'timed out after …', 'could not connect: …'."""
    connected: bool = True
    """False when no server answered at all (no DNS, refused): what an offline machine gets."""

    @property
    def unverified(self) -> bool:
        """The server turned the robot away; the page may well be there."""
        return self.status in _TURNED_AWAY and self.moved_to is None

    @property
    def problem(self) -> str | None:
        """What is wrong, as the diagnostic says it after the URL, or None."""
        if self.error:
            return self.error
        answered = None if self.status is None or self.status < 400 or self.unverified else f"answered {self.status}"
        if self.moved_to:
            return f"moved permanently to {self.moved_to}" + (f", which {answered}" if answered else "")
        return answered


_TURNED_AWAY = frozenset({401, 403, 429})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
USER_AGENT = "errorguides-links/1 (checks the sources of an API error guide site)"


@dataclass(frozen=True)
class Checker:
    """How to ask: in parallel with `concurrency` threads, at most `per_host` connections to a
    host, `timeout` seconds for connecting and for each read, `retries` more tries after a
    timeout, a dropped connection or a 429/5xx answer (waiting `backoff` × 2ⁿ seconds)."""

    concurrency: int = 8
    per_host: int = 2
    timeout: float = 15.0
    retries: int = 2
    backoff: float = 1.0

    def pool(self) -> urllib3.PoolManager:
        # block=True: a thread waits for one of the host's `per_host` connections.
        return urllib3.PoolManager(
            num_pools=64, maxsize=self.per_host, block=True, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"}
        )

    def retry(self) -> urllib3.Retry:
        return urllib3.Retry(
            total=self.retries,
            redirect=False,
            status_forcelist=_RETRIED_STATUSES,
            backoff_factor=self.backoff,
            raise_on_status=False,
            respect_retry_after_header=False,  # a Retry-After of an hour would stall the run
        )


def probe(urls: Iterable[str], checker: Checker = Checker(), progress: Tick | None = None) -> dict[str, Answer]:
    """Each distinct URL's answer. Each host's name is looked up once first: the URLs of a
    host without an address are not requested (and offline, nothing is)."""
    distinct = sorted(set(urls))
    with ThreadPoolExecutor(max_workers=checker.concurrency) as executor:
        hosts = sorted({urlsplit(url).hostname or "" for url in distinct})
        unknown = {host: error for host, error in zip(hosts, executor.map(_lookup, hosts)) if error}
        answers = {
            url: Answer(url, error=f"could not connect: {unknown[host]}", connected=False)
            for url in distinct
            if (host := urlsplit(url).hostname or "") in unknown
        }
        asked = [url for url in distinct if url not in answers]
        with checker.pool() as pool:
            for number, answer in enumerate(executor.map(lambda url: _ask(pool, url, checker), asked), start=1):
                answers[answer.url] = answer
                if progress:
                    progress(number, len(asked))
    return dict(sorted(answers.items()))


def _lookup(host: str) -> str | None:
    """Why `host` has no address, or None if it has one."""
    try:
        socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        return f"no address found for {host} ({getattr(error, 'strerror', None) or error})"
    return None


def _ask(pool: urllib3.PoolManager, url: str, checker: Checker) -> Answer:
    """GET `url`, following up to MAX_REDIRECTS redirects; the first hop decides whether it moved."""
    current, moved_to = url, None
    for hop in range(MAX_REDIRECTS + 1):
        try:
            response = pool.request(
                "GET",
                current,
                redirect=False,
                retries=checker.retry(),
                timeout=urllib3.Timeout(connect=checker.timeout, read=checker.timeout),
                preload_content=False,
            )
            response.drain_conn()
            response.release_conn()
        except urllib3.exceptions.MaxRetryError as error:
            return _failed(url, error.reason, checker, moved_to, reached=hop > 0)
        except (urllib3.exceptions.HTTPError, OSError) as error:
            return _failed(url, error, checker, moved_to, reached=hop > 0)
        location = response.headers.get("Location")
        if response.status not in _REDIRECTS or not location:
            return Answer(url, response.status, moved_to)
        current = urljoin(current, location)
        if hop == 0 and response.status in _PERMANENT:
            moved_to = current
    return Answer(url, error=f"redirects more than {MAX_REDIRECTS} times", moved_to=moved_to)


def _failed(url: str, reason, checker: Checker, moved_to: str | None, *, reached: bool) -> Answer:
    """The answer for a request that got no response; `reached`: an earlier hop got one."""
    tries = f"{checker.retries + 1} tries" if checker.retries else "1 try"
    # urllib3's NewConnectionError is a kind of ConnectTimeoutError: ask about it first.
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        host = getattr(reason, "conn", None) and reason.conn.host or urlsplit(url).hostname
        return Answer(url, error=f"could not connect: no address found for {host}", moved_to=moved_to, connected=reached)
    if isinstance(reason, (urllib3.exceptions.NewConnectionError, ConnectionRefusedError)):
        return Answer(url, error="could not connect: connection refused", moved_to=moved_to, connected=reached)
    if isinstance(reason, (urllib3.exceptions.TimeoutError, TimeoutError)):
        return Answer(url, error=f"timed out after {checker.timeout:g} s ({tries})", moved_to=moved_to)
    if isinstance(reason, urllib3.exceptions.SSLError):
        return Answer(url, error=f"TLS failed: {_first_line(reason)}", moved_to=moved_to)
    return Answer(url, error=f"could not be read: {_first_line(reason)}", moved_to=moved_to)


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


# --- The report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """What `links` prints: the dead links, and what could not be told."""

    dead: list[Diagnostic]
    """A warning for every place a dead URL is written, sorted like check's output."""
    answers: dict[str, Answer]
    unverified: list[Answer]
    """Pages whose server turned the checker away (401, 403, 429): to check by hand."""

    @property
    def offline(self) -> bool:
        """No host, or at most half of them, could be reached: the machine is offline or on a
        network that reaches only a few hosts (a package mirror). Then "dead" would mostly mean
        "not reachable from here", so nothing is reported as dead."""
        return bool(self.answers) and self.unreachable_hosts * 2 >= self.hosts

    @property
    def hosts(self) -> int:
        return len({urlsplit(url).hostname for url in self.answers})

    @property
    def unreachable_hosts(self) -> int:
        """Hosts no request reached at all (no address, refused)."""
        reached = {urlsplit(url).hostname for url, answer in self.answers.items() if answer.connected}
        return self.hosts - len(reached)


def report(uses: list[UrlUse], answers: dict[str, Answer]) -> Report:
    dead, pages = [], set()
    for use in uses:
        answer = answers[use.url]
        problem = answer.error if use.endpoint else answer.problem
        if problem:
            dead.append(Diagnostic(use.file, use.position, "dead-link", f"{use.url} {problem}", Severity.WARNING))
        if not use.endpoint:
            pages.add(use.url)
    unverified = [answers[url] for url in sorted(pages) if answers[url].unverified]
    return Report(dead, answers, unverified)
