"""Lints: content that is valid but should not be published as it is.

Runs beside link (it reads the loaded documents and the validated records) and
reports each finding at the severity the project's settings give its code:

- ``secret``: a value shaped like a real API key. Always an error, and checked
  in the raw text of every file, comments and broken files included.
- ``stale``: a guide not reviewed for longer than the configured age.
- ``orphan``: a shared cause, fix or FAQ that no guide uses.
- ``sources``: a guide none of whose sources is on the vendor's own sites.
- ``unchecked``: a Python or Node.js code sample that states neither ``checks`` (what it
  must do against the mock API, run by ``make samples``) nor ``skip``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import urlsplit

from .diagnostics import Diagnostic, Position
from .models import CodeSample, Fix, Product
from .settings import LintSettings
from .sourcemap import Loc

if TYPE_CHECKING:  # the load and validate stages' output, read here
    from .load import Document
    from .validate import Records

__all__ = ["lint"]


def lint(documents: list[Document], records: Records, settings: LintSettings, today: date) -> list[Diagnostic]:
    found = [
        *_secrets(documents, {located.record.id: located.record.env_var for located in records.products}),
        *_stale(records, settings.stale_after_days, today),
        *_orphans(records),
        *_unofficial_sources(records),
        *_unchecked_samples(records),
    ]
    problems = []
    for problem in found:
        severity = settings.severity(problem.code)
        if severity is not None:
            problems.append(Diagnostic(problem.file, problem.position, problem.code, problem.message, severity))
    return problems


# --- secret ----------------------------------------------------------------------


@dataclass(frozen=True)
class _KeyShape:
    vendor: str
    pattern: re.Pattern[str]
    prefix: str
    """The fixed start of the key, the only part a message repeats."""
    placeholder: str | None
    """None when the shape does not tell the vendor: the file's product then says which."""


def _shape(vendor: str, prefix: str, body: str, placeholder: str | None) -> _KeyShape:
    pattern = re.compile(rf"(?<![\w-]){re.escape(prefix)}(?P<body>{body})")
    return _KeyShape(vendor, pattern, prefix, placeholder)


# Most specific first: an Anthropic key also starts with 'sk-'. Shapes are from
# the fact sheet (gitleaks and TruffleHog rules); see ../shared/reference.
_KEY_SHAPES = (
    _shape("Anthropic API key", "sk-ant-", r"[a-z]+\d\d-[\w-]{20,}", "<ANTHROPIC_API_KEY>"),
    _shape("OpenAI API key", "sk-", r"(?:proj-|svcacct-|admin-)?[\w-]*T3BlbkFJ[\w-]*", "<OPENAI_API_KEY>"),
    _shape("OpenAI API key", "sk-", r"(?:proj|svcacct|admin)-[\w-]{20,}", "<OPENAI_API_KEY>"),
    _shape("DeepSeek or OpenAI API key", "sk-", r"[A-Za-z0-9]{32,}(?![\w-])", None),
    _shape("Google API key", "AIza", r"[\w-]{35}", "<GEMINI_API_KEY>"),
    _shape("Gemini auth key", "AQ.", r"[\w-]{20,}", "<GEMINI_API_KEY>"),
)


_KEY_PREFIXES = re.compile("|".join(sorted({re.escape(shape.prefix) for shape in _KEY_SHAPES})))


def _looks_random(body: str) -> bool:
    """Real keys mix letters and digits; placeholders such as 'sk-xxxx…xxxx' do not."""
    return len(set(body)) >= 8 and any(c.isdigit() for c in body) and any(c.isalpha() for c in body)


# For a key whose shape does not name its vendor, in a file of no product (a shared record).
_ANY_VENDOR_PLACEHOLDER = "<OPENAI_API_KEY> (or <DEEPSEEK_API_KEY>)"


def _secrets(documents: list[Document], env_vars: dict[str, str]) -> list[Diagnostic]:
    """`env_vars`: each product's key variable, for the placeholder a message suggests."""
    problems = []
    for document in documents:
        text = document.text or ""
        env_var = env_vars.get(_product_of(document))
        fallback = f"<{env_var}>" if env_var else _ANY_VENDOR_PLACEHOLDER
        if _KEY_PREFIXES.search(text):  # most files hold no key prefix at all
            for number, line in enumerate(text.splitlines(), start=1):
                problems += [
                    _secret(document.file, Position(number, start + 1), shape, fallback)
                    for start, _, shape in _keys_in(line)
                ]
        if "\\" not in text:
            continue
        # A key the raw text does not show, because it was written with escapes
        # ("sk\x2d…") or split across lines with a '\' in double quotes, is still in
        # the parsed value. Without a backslash, every value's text is in the file as it is.
        for loc, value in _strings(document.data, ()):
            for _, key, shape in _keys_in(value):
                if key not in text:
                    problems.append(_secret(document.file, document.source.at(loc), shape, fallback))
    return problems


def _product_of(document: Document) -> str | None:
    """The product a guide or product file belongs to; None for shared records."""
    data = document.data if isinstance(document.data, dict) else {}
    if document.kind == "product":
        product = data.get("id")
    elif document.kind == "guide":
        product = data.get("product", document.folder)
    else:
        return None
    return product if isinstance(product, str) else None


def _keys_in(text: str) -> list[tuple[int, str, _KeyShape]]:
    """(start, key, shape) of every real-shaped key in `text`."""
    if not _KEY_PREFIXES.search(text):  # the common case, checked once instead of per shape
        return []
    found, taken = [], set()
    for shape in _KEY_SHAPES:
        for match in shape.pattern.finditer(text):
            if match.start() in taken or not _looks_random(match["body"]):
                continue
            taken.add(match.start())
            found.append((match.start(), match.group(), shape))
    return found


def _secret(file: str, position: Position, shape: _KeyShape, fallback: str) -> Diagnostic:
    message = (
        f"this looks like a real {shape.vendor} ('{shape.prefix}…'); the site must never publish a key. "
        f"Revoke the key at the vendor, then write a placeholder such as {shape.placeholder or fallback} "
        "or read the key from the environment"
    )
    return Diagnostic(file, position, "secret", message)


def _strings(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every text in a parsed document, keys included, with its location."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*loc, key), key
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))
    elif isinstance(data, str):
        yield loc, data


# --- stale -------------------------------------------------------------------------


def _stale(records: Records, max_age: int, today: date) -> list[Diagnostic]:
    problems = []
    for located in records.guides:
        age = (today - located.record.reviewed).days
        if age > max_age:
            message = (
                f"last reviewed {located.record.reviewed.isoformat()}, {age} days ago (the limit is {max_age}); "
                "check the guide against its sources and update 'reviewed'"
            )
            problems.append(located.diagnostic(("reviewed",), "stale", message))
    return problems


# --- orphan ------------------------------------------------------------------------


def _orphans(records: Records) -> list[Diagnostic]:
    if any(kind == "guide" for kind, _ in records.broken):
        return []  # a broken guide's references are unknown; its records would look unused
    guides = [located.record for located in records.guides]
    used = {
        "cause": set().union(*(guide.cause_ids_used() for guide in guides)),
        "fix": set().union(*(guide.fix_ids_used() for guide in guides)),
        "FAQ": {entry for guide in guides for entry in guide.faq if isinstance(entry, str)},
    }
    problems = []
    for noun, located_records in (("cause", records.causes), ("fix", records.fixes), ("FAQ", records.faqs)):
        for located in located_records:
            if located.record.id not in used[noun]:
                message = (
                    f"shared {noun} '{located.record.id}' is not used by any guide; "
                    "reference it from a guide or delete the file"
                )
                problems.append(located.diagnostic(("id",), "orphan", message))
    return problems


# --- sources -----------------------------------------------------------------------


def _unofficial_sources(records: Records) -> list[Diagnostic]:
    products = {located.record.id: located.record for located in records.products}
    problems = []
    for located in records.guides:
        product = products.get(located.record.product)
        if product is None:
            continue  # reported by link
        official = _official_domains(product)
        if not any(_domain(source.url) in official for source in located.record.sources):
            message = (
                f"none of the guide's sources is on {product.name}'s own sites ({', '.join(sorted(official))}); "
                "add the official page its facts come from"
            )
            problems.append(located.diagnostic(("sources",), "sources", message))
    return problems


def _official_domains(product: Product) -> set[str]:
    urls = [product.api_base_url, product.keys_url, product.billing_url, product.status_url]
    urls += [source.url for source in product.sources]
    return {_domain(url) for url in urls if url}


@functools.lru_cache(maxsize=4096)  # guides cite the same few pages again and again
def _domain(url: str) -> str:
    """The registrable part of a host, roughly: 'api-docs.deepseek.com' → 'deepseek.com'."""
    host = urlsplit(url).hostname or ""
    return ".".join(host.split(".")[-2:])



# --- unchecked ---------------------------------------------------------------------

_RUNNABLE = {"python": "Python", "py": "Python", "javascript": "Node.js", "js": "Node.js", "mjs": "Node.js"}
"""Languages whose samples the sample harness runs (tests/samples), with the name messages use."""


def _unchecked_samples(records: Records) -> list[Diagnostic]:
    problems = []
    for located in records.fixes:
        problems += _unchecked_in(located, located.record, ())
    for located in records.guides:
        for index, entry in enumerate(located.record.fixes):
            if isinstance(entry, Fix):
                problems += _unchecked_in(located, entry, ("fixes", index))
    return problems


def _unchecked_in(located, fix: Fix, loc: Loc) -> list[Diagnostic]:
    problems = []
    for index, sample in enumerate(fix.code):
        runtime = _RUNNABLE.get(sample.language.lower())
        if runtime and not sample.checks and not sample.skip:
            problems.append(located.diagnostic((*loc, "code", index), "unchecked", _unchecked_message(runtime, sample)))
    return problems


def _unchecked_message(runtime: str, sample: CodeSample) -> str:
    return (
        f"the {runtime} sample '{sample.tab_label}' states nothing it must do; add 'checks' (the mock API's "
        "responses and what the run must do, run by `make samples`), or 'skip' with why it cannot run offline"
    )
