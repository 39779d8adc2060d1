"""The content model: one typed record per kind of YAML file.

These classes are the schema. Validation, the JSON Schema for editors and the
documentation of every field all come from here, so each field carries a
docstring. Records are immutable; unknown fields are rejected. The field types
are in fields.py, code samples and their checks in code_samples.py; both are
part of the model, so this module names them too.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .code_samples import CodeSample, MockResponse, SampleCheck, SampleExpectation
from .fields import (
    ApiUrl,
    EnvVar,
    ErrorName,
    GuideRef,
    InlineMarkdown,
    Markdown,
    Model,
    ProductId,
    Slug,
    Text,
    Url,
)

__all__ = [
    "Cause",
    "ChecklistItem",
    "CodeSample",
    "Faq",
    "Fix",
    "FixUse",
    "Guide",
    "InlineFaq",
    "MODELS",
    "MockResponse",
    "Product",
    "RETRY_LABELS",
    "Retry",
    "SampleCheck",
    "SampleExpectation",
    "Source",
    "UNION_TAGS",
]


# --- Shared building blocks ----------------------------------------------------


class Source(Model):
    """A page that backs up the facts in a record."""

    noun: ClassVar[str] = "source"

    title: InlineMarkdown
    """What the page is, e.g. "DeepSeek API docs: Error Codes"."""
    url: Url
    """The page's address (http or https)."""


# --- Record kinds -------------------------------------------------------------------


class Product(Model):
    """A vendor whose API errors the guides explain (content/products/<id>.yaml)."""

    noun: ClassVar[str] = "product"
    id: ProductId
    """The product's id; its hub page is /<id>/."""
    name: InlineMarkdown
    """Display name, e.g. "DeepSeek"."""
    about: Markdown
    """A short paragraph about the vendor's API (Markdown), shown at the end of each guide."""
    api_base_url: ApiUrl
    """The base URL API requests go to."""
    keys_url: Url | None = None
    """Where API keys are created and managed. Leave it out unless an official source gives it."""
    billing_url: Url | None = None
    """Where the balance, plan or payment method is managed. Leave it out unless an official
    source gives it."""
    limits_url: Url | None = None
    """Where the account's rate limits, usage or spend limits are shown and changed. Leave it
    out unless an official source gives it."""
    status_url: Url | None = None
    """The vendor's service status page. Leave it out unless an official source gives it."""
    support: Markdown
    """How to reach the vendor's support (Markdown)."""
    env_var: EnvVar
    """The environment variable the vendor's SDKs and samples read the key from."""
    identifiers: list[Text] = Field(default_factory=list, min_length=1)
    """Text that names this vendor in a pasted error besides its name, env_var and the hosts of
    the URLs above: other hosts (docs, console), SDK package and module names
    ('anthropic.', '@anthropic-ai/sdk', 'google.genai'), header names. The error lookup
    uses them to tell vendors apart when two send the same message."""
    escalation: list[InlineMarkdown] = Field(min_length=1)
    """What to include when contacting support, for every guide of this product."""
    sources: list[Source] = Field(min_length=1)
    """Official pages that back up the facts above."""


class Cause(Model):
    """Why an error happens. Shared causes live in content/causes/<id>.yaml; a guide
    may also define a one-off cause inline with the same fields."""

    noun: ClassVar[str] = "cause"

    id: Slug
    """The cause's id; a shared cause's page is /causes/<id>/."""
    aliases: list[Slug] = Field(default_factory=list, min_length=1)
    """Ids a shared cause was published under before: each old URL (/causes/<old-id>/) keeps
    working and sends readers here. After renaming the file and 'id', add the old id."""
    title: InlineMarkdown
    """A short statement of the cause, e.g. "The API key is wrong or revoked"."""
    explanation: Markdown
    """Why this produces the error and how to recognise it (Markdown)."""


class Fix(Model):
    """A way to resolve an error. Shared fixes live in content/fixes/<id>.yaml; a guide
    may also define a one-off fix inline with the same fields."""

    noun: ClassVar[str] = "fix"

    id: Slug
    """The fix's id; a shared fix's page is /fixes/<id>/."""
    aliases: list[Slug] = Field(default_factory=list, min_length=1)
    """Ids a shared fix was published under before: each old URL (/fixes/<old-id>/) keeps
    working and sends readers here. After renaming the file and 'id', add the old id."""
    title: InlineMarkdown
    """An imperative title, e.g. "Create a new API key"."""
    body: Markdown
    """The steps, in Markdown."""
    code: list[CodeSample] = Field(default_factory=list, min_length=1)
    """Optional code samples, shown as tabs (Python, Node.js, curl, ...)."""
    vendor_page: Literal["keys", "billing", "limits", "status"] | None = None
    """Which of the product's pages this fix uses; guides then link the vendor's page under the fix."""


class Faq(Model):
    """A question readers ask, with its answer (content/faqs/<id>.yaml)."""

    noun: ClassVar[str] = "FAQ"

    id: Slug
    """The question's id."""
    question: InlineMarkdown
    """The question, as a reader would ask it."""
    answer: Markdown
    """The answer (Markdown). A question without an answer is an error."""


class Retry(Model):
    """Whether to retry the error, and why."""

    noun: ClassVar[str] = "retry verdict"

    verdict: Literal["yes", "after-delay", "no", "not-documented"]
    """yes: safe to retry with backoff; after-delay: retry only after the wait the response
    states (retry-after, RetryInfo); no: the request or account must change first;
    not-documented: the vendor does not say and the guide cannot tell."""
    reason: InlineMarkdown
    """One line: the source or the reasoning for the verdict."""

    @property
    def label(self) -> str:
        """How pages and tools name the verdict."""
        return RETRY_LABELS[self.verdict]


RETRY_LABELS = {
    "yes": "Retry with backoff",
    "after-delay": "Retry after the stated wait",
    "no": "Do not retry",
    "not-documented": "Retry: not documented",
}


class InlineFaq(Model):
    """A question asked only in one guide."""

    noun: ClassVar[str] = "FAQ entry"

    question: InlineMarkdown
    """The question, as a reader would ask it."""
    answer: Markdown
    """The answer (Markdown). A question without an answer is an error."""


class FixUse(Model):
    """A shared fix used by a guide, with notes that apply to this guide only."""

    noun: ClassVar[str] = "fix reference"

    fix: Slug
    """The id of a shared fix (content/fixes/<id>.yaml)."""
    details: Markdown | None = None
    """Markdown shown after the shared fix's body, e.g. the vendor-specific step."""


class ChecklistItem(Model):
    """One quick check; it links to what resolves it (exactly one of fix, guide, cause)."""

    noun: ClassVar[str] = "checklist item"

    check: InlineMarkdown
    """What to check, phrased so it can be ticked off."""
    fix: Slug | None = None
    """The id of one of this guide's fixes that resolves the check."""
    guide: GuideRef | None = None
    """Another guide that resolves it: 'guide-id' (same product) or 'product/guide-id'."""
    cause: Slug | None = None
    """A cause the check rules out: one of this guide's causes, or a shared cause."""

    @model_validator(mode="after")
    def _names_one_target(self) -> ChecklistItem:
        named = [name for name in ("fix", "guide", "cause") if getattr(self, name) is not None]
        if not named:
            raise PydanticCustomError(
                "checklist_target", "names nothing that resolves it; add 'fix', 'guide' or 'cause'"
            )
        if len(named) > 1:
            raise PydanticCustomError(
                "checklist_target",
                "names {names}; name exactly one of 'fix', 'guide' or 'cause'",
                {"names": " and ".join(f"'{name}'" for name in named)},
            )
        return self

    @property
    def target_kind(self) -> str:
        return next(name for name in ("fix", "guide", "cause") if getattr(self, name) is not None)

    @property
    def target_id(self) -> str:
        return getattr(self, self.target_kind)


# A list entry is either a shared record's id or a one-off record written inline.
# The tag names never collide with field names, so validate.py can drop them
# from error locations.
UNION_TAGS = frozenset({"shared", "shared with details", "one-off"})


def _entry_shape(value: Any) -> str | None:
    if isinstance(value, str):
        return "shared"
    if isinstance(value, dict):
        return "shared with details" if "fix" in value else "one-off"
    return None


def _entries(*options: Any, what: str) -> Any:
    return Annotated[
        Union[options],
        Discriminator(
            _entry_shape,
            custom_error_type="entry_shape",
            custom_error_message=f"must be {what}",
        ),
    ]


CauseEntry = _entries(
    Annotated[Slug, Tag("shared")],
    Annotated[Cause, Tag("one-off")],
    what="a shared cause id, or a one-off cause with 'id', 'title' and 'explanation'",
)
FixEntry = _entries(
    Annotated[Slug, Tag("shared")],
    Annotated[FixUse, Tag("shared with details")],
    Annotated[Fix, Tag("one-off")],
    what="a shared fix id, a mapping with 'fix' and 'details', or a one-off fix with 'id', 'title' and 'body'",
)
FaqEntry = _entries(
    Annotated[Slug, Tag("shared")],
    Annotated[InlineFaq, Tag("one-off")],
    what="a shared FAQ id, or a one-off question with 'question' and 'answer'",
)


class Guide(Model):
    """One error guide (content/guides/<product>/<id>.yaml); its page is /<product>/<id>/."""

    noun: ClassVar[str] = "guide"

    id: Slug
    """The guide's id, unique within its product."""
    aliases: list[Slug] = Field(default_factory=list, min_length=1)
    """Ids this guide was published under before: each old URL (/<product>/<old-id>/) keeps
    working and sends readers here. After renaming the file and 'id', add the old id."""
    product: Slug
    """The id of the product whose API returns this error; the file sits in content/guides/<product>/."""
    title: InlineMarkdown
    """The page title, e.g. "DeepSeek API 401 Authentication Fails: how to fix it"."""
    status: int | None = Field(default=None, ge=100, le=599)
    """The HTTP status code the API returns. Leave it out for a client-side error that comes
    with no HTTP response (a connection error, a client timeout, a cut stream)."""
    error: ErrorName
    """The vendor's name or type for the error, e.g. "Authentication Fails" or "rate_limit_error"."""
    signatures: list[Text] = Field(default_factory=list, min_length=1)
    """The exact error messages users see, as they appear in logs and SDK exceptions.
    Leave it out rather than guess when the vendor's exact text is not documented."""
    applies_to: list[ProductId] = Field(default_factory=list, min_length=1)
    """Other products whose calls raise this same error because readers make them with this
    product's SDK: the OpenAI SDKs' connection errors also happen on calls to DeepSeek, Groq,
    OpenRouter and xAI. Their hubs list the guide, and the error lookup counts their names and
    hosts as evidence for it."""
    codes: list[Text] = Field(default_factory=list, min_length=1)
    """Other names this error carries in pasted text, besides `error`: the body's type, code or
    status strings and the SDK's exception classes ('insufficient_quota', 'RESOURCE_EXHAUSTED',
    'anthropic.OverloadedError'). Only names specific to this error (not 'invalid_request_error',
    which many errors share); the error lookup weighs them like the error's name."""
    description: InlineMarkdown
    """One line for tables that list the guide (hub, status and tag pages): what the error
    means, standing on its own (no "below")."""
    summary: Markdown
    """The intro: what the error means and the usual way out (Markdown)."""
    retry: Retry
    """Whether retrying helps: a verdict and the one-line reason for it."""
    explains: Slug | None = None
    """The shared cause this guide is the dedicated guide for; other guides of the product link here for it."""
    causes: list[CauseEntry] = Field(min_length=1)
    """Why does this error happen? Shared cause ids or one-off causes, most likely first."""
    fixes: list[FixEntry] = Field(min_length=1)
    """How to fix it, in the order to try: shared fix ids, shared fixes with details, or one-off fixes."""
    tip: Markdown | None = None
    """A tip shown after the fixes (Markdown)."""
    faq: list[FaqEntry] = Field(default_factory=list, min_length=1)
    """Frequently asked questions: shared FAQ ids or one-off questions with answers."""
    checklist: list[ChecklistItem] = Field(min_length=1)
    """Quick diagnostic checks; each links to the fix, guide or cause that resolves it."""
    escalation: list[InlineMarkdown] = Field(default_factory=list, min_length=1)
    """What to include when contacting support, in addition to the product's list."""
    related: list[GuideRef] = Field(default_factory=list, min_length=1)
    """Related guides: 'guide-id' (same product) or 'product/guide-id'."""
    counterparts: list[GuideRef] = Field(default_factory=list, min_length=1)
    """The same error at other vendors, as 'product/guide-id'. Listing one side is enough:
    the other guide links back automatically."""
    tags: list[Slug] = Field(default_factory=list, min_length=1)
    """Tags for the tag index, e.g. authentication, billing, rate-limits."""
    sources: list[Source] = Field(min_length=1)
    """Official pages (and issue threads for message strings) the guide's facts come from."""
    reviewed: date
    """When the guide was last checked against its sources (YYYY-MM-DD)."""

    def cause_ids_used(self) -> set[str]:
        """The causes this guide uses by id: listed in 'causes', ruled out by a checklist item, or
        the one it explains. The one definition behind a cause page's guides and the orphan lint;
        a one-off cause's id is never a shared cause's (shadowed-id), so among shared causes
        these are exactly the ones used."""
        listed = {entry for entry in self.causes if isinstance(entry, str)}
        checked = {item.cause for item in self.checklist if item.cause}
        return listed | checked | ({self.explains} - {None})

    def fix_ids_used(self) -> set[str]:
        """The shared fixes this guide uses, with or without details."""
        return {entry if isinstance(entry, str) else entry.fix for entry in self.fixes if not isinstance(entry, Fix)}


# The model for each kind of record, keyed as load.RECORD_FOLDERS names them.
MODELS: dict[str, type[Model]] = {"product": Product, "guide": Guide, "cause": Cause, "fix": Fix, "faq": Faq}
