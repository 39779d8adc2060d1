"""Code samples in fixes, and how each is checked: runs against a local mock of the
vendor's API (`make samples`) that must behave as the sample's checks state.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from .fields import Code, InlineMarkdown, Model, ProductId, Slug

__all__ = ["CodeSample", "MockResponse", "SampleCheck", "SampleExpectation"]


class MockResponse(Model):
    """One answer of the local mock API that a code sample is run against."""

    noun: ClassVar[str] = "mock response"

    status: int = Field(ge=100, le=599)
    """The HTTP status the mock answers with."""
    headers: dict[str, str] = Field(default_factory=dict)
    """Response headers, e.g. {retry-after: "2"}."""
    body: dict[str, Any] | list[Any] | str | None = None
    """The body: a mapping or list is sent as JSON, a string as it is. Copy the vendor's
    documented error body."""
    events: list[str] = Field(default_factory=list)
    """For a streamed answer: the server-sent events' data lines, sent one by one. An
    event written with its fields ("event: message_start\ndata: {...}") is sent as written;
    bare JSON data with a string `type` is sent as an event of that name, as the Anthropic
    Messages API and the OpenAI Responses API name theirs."""
    cut: bool = False
    """Close the connection after the events (or mid-body) without finishing the answer,
    as a dropped stream does. With neither body nor events there is nothing to cut short:
    the connection closes before the status line, as a dropped connection does."""
    delay: float = Field(default=0, ge=0, le=30)
    """Seconds to wait before answering, e.g. to make a short client timeout fire."""
    connection: Literal["refuse", "close", "reset", "tls"] | None = None
    """Instead of answering: refuse the connection (nothing listens), close it without a
    word, reset it, or answer TLS with a self-signed certificate the client does not trust
    (as an intercepting proxy does); the status is then never sent. For connection-error samples."""


class SampleExpectation(Model):
    """What a code sample must do against the mock; every field given is checked."""

    noun: ClassVar[str] = "expectation"

    raises: str | None = None
    """The exception the run must end with: 'openai.RateLimitError' in Python, the error
    class's name ('RateLimitError') in Node.js. Leave it out when the run must succeed."""
    requests: int | None = Field(default=None, ge=0)
    """How many requests the mock must receive (1 = no retry)."""
    output: list[str] = Field(default_factory=list)
    """Texts the run must print (standard output), each somewhere in it."""
    stderr: list[str] = Field(default_factory=list)
    """Texts the run must print to standard error (console.error, logging), each somewhere
    in it. The traceback of an error that ends the run is not part of it."""
    host: str | None = None
    """The host the requests must be addressed to, e.g. api.deepseek.com."""
    waits_at_least: float | None = Field(default=None, ge=0)
    """The run must sleep at least this many seconds in all (e.g. honours retry-after)."""


class SampleCheck(Model):
    """One run of a code sample against a local mock of the vendor's API."""

    noun: ClassVar[str] = "sample check"

    name: InlineMarkdown
    """What the run shows, e.g. "does not retry insufficient_quota"."""
    responses: list[MockResponse] = Field(min_length=1)
    """The mock's answers in order; the last one repeats."""
    env: dict[str, str] = Field(default_factory=dict)
    """Environment variables for the run (the vendor's key variable is always set)."""
    before: Code | None = None
    """Code run before the sample, in the same program: what the snippet takes as given
    (a client, MODEL, messages). Never shown to readers. In Node.js, before, sample and after
    are one ES module: imports are hoisted, so `before` may use what the sample imports and
    must not import the same names again."""
    after: Code | None = None
    """Code run after the sample, in the same program: calls what the sample defines."""
    expect: SampleExpectation
    """What the run must do."""


_TAB_LABELS = {"bash": "curl", "javascript": "Node.js", "python": "Python", "shell": "Shell", "typescript": "TypeScript"}


class CodeSample(Model):
    """One code sample; a fix's samples render as tabs, one per sample."""

    noun: ClassVar[str] = "code sample"

    language: Slug
    """The language for syntax highlighting: python, javascript, bash, ..."""
    label: InlineMarkdown | None = None
    """The tab's title. Defaults to a name for the language (bash → curl, javascript → Node.js)."""
    code: Code
    """The code. Show keys only as placeholders or read them from the environment."""
    products: list[ProductId] = Field(default_factory=list, min_length=1)
    """Show this sample only on the guides of these products (a shared fix's own page shows
    every sample). Leave it out for code that works with every vendor."""
    checks: list[SampleCheck] = Field(default_factory=list, min_length=1)
    """Python and Node.js samples: runs against a local mock of the vendor's API that must
    behave as stated (`make samples`)."""
    skip: InlineMarkdown | None = None
    """Why this sample cannot be run offline (e.g. it needs a real account); it is then
    counted as skipped."""

    @property
    def tab_label(self) -> str:
        return self.label or _TAB_LABELS.get(self.language, self.language.title())
