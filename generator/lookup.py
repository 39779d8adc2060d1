"""Error lookup: rank guides by the evidence in pasted error text.

The ranking rules are data. Each guide gets weighted *terms* about the error
(the fixed parts of its exact messages, its error name and codes, its HTTP
status) and each vendor gets terms that name it (its name, hosts, SDK module
names, key variable). The generator writes both to ``api/lookup.json``; the
site's lookup page (``javascripts/lookup.js``) and ``python -m generator
explain`` apply them the same way:

1. Normalise the pasted text and every term: lower case, runs of whitespace
   (and terminal frames drawn with box-drawing characters) become one space.
2. A term matches where it occurs in the text, unless it is glued to a word
   character there (a term that starts or ends with a letter, digit or
   underscore must not have another one before or after it), so "401" does
   not match "14015" nor "not_found" match "not_found_error".
3. The most specific text wins, and each place counts once: a term does not
   count where a longer term of any guide (vendor) covers every place it occurs.
4. A guide's score is the sum of the weights of its distinct matching terms,
   plus its vendor's: the sum of the vendor's matching terms, at most
   `VENDOR_CAP`. So where two vendors send the same message, the host, SDK or
   error code in the paste decides; where nothing decides, the two score the
   same and are shown as equally likely.
5. Guides are ranked by score, highest first; at equal scores a guide whose
   vendor the text names comes first; then by key. The best match is
   *confident* when it has evidence of the error itself (terms other than the
   status worth at least `CONFIDENT`), or its status and its vendor both
   occur. Otherwise the answer is "no guide matches", with the closest
   candidates marked as such.

Keep ``javascripts/lookup.js`` in step with `rank` below; a browser test
compares the page's ranking with this one.
"""

from __future__ import annotations

import functools
import re
import weakref
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # annotations only: `explain` ranks without loading the models (see explain.py)
    from .catalogue import Catalogue, GuidePage
    from .models import Product

__all__ = [
    "CONFIDENT", "Match", "Ranking", "Term", "VENDOR_CAP", "WEIGHTS",
    "matching_terms", "normalise", "rank", "terms_for", "vendor_terms",
]

# How much each kind of evidence counts. An exact message fragment is the
# strongest; a status code alone is weak, since many guides share it.
WEIGHTS = {
    "fragment": 8,
    "short_message": 6,
    "short_fragment": 4,
    "url": 4,
    "error": 6,
    "code": 6,
    "status": 3,
    # Evidence of the vendor, added to each of its guides:
    "host": 4,
    "identifier": 3,
    "vendor": 2,
}
VENDOR_CAP = 7
"""A vendor's evidence decides between guides with the same message; capped, it never
outweighs a message fragment or error name of another vendor's guide."""
CONFIDENT = 6
"""Strong evidence of the error itself that makes a match confident on its own."""
LONG_FRAGMENT = 32
"""A message fragment gains 2 for every this many characters: a whole long message, matched,
says more than a few short names that match elsewhere in the paste."""
MAX_FRAGMENT_WEIGHT = 16
SHORT_FRAGMENT = 16
"""Message fragments shorter than this many characters count as short."""
MIN_FRAGMENT = 6
"""Shorter fragments are too common to mean anything ("is", "at")."""
REASON_PHRASE_WEIGHT = 1
"""A standard reason phrase ("Not Found") as a guide's error name says little more than its status."""
FEW_WORDS = 3
"""A name or message of this many words or fewer ("Rate limit exceeded") is common
English: it is strong evidence only where it occurs in the same letter case."""

# The variable parts of documented messages: ellipses, masked keys, <model>,
# 'org-…', and any word with a digit in it (limits, versions, model names).
_URL = re.compile(r"(https?://[^\s<>\"'`…]+)")
_PLACEHOLDER = re.compile(r"…|\.\.\.|\*+\w*|<[^>]*>|\b[Xx]{3,}\b|\w*\d\w*")
# Codes are matched in the letter case they are written in: "internal" in a stack frame's
# "node:internal/..." is not Gemini's INTERNAL, nor OpenRouter's permission_denied Gemini's
# PERMISSION_DENIED. A code is a name in capitals or one that reads like code
# (insufficient_quota, anthropic.OverloadedError, RateLimitError).
_CODE = re.compile(r"[A-Z][A-Z0-9_]*[A-Z][A-Z0-9_]*|\S*(?:[_.]|[a-z][A-Z])\S*")
# The standard reason phrases ("Too Many Requests", "Not Found") say no more than the status,
# and nor does one lower-case word ("server", "timeout", an error code that is plain English).
_ONE_WORD = re.compile(r"[a-z]+")
_REASON_PHRASES = frozenset(status.phrase.lower() for status in HTTPStatus)

STRONG, STATUS, WEAK, CODE = 0, 1, 2, 3
"""How a term counts: strong evidence of the error; only its HTTP status (not evidence
alone); weak (common words: strong only where it occurs in the case written, `exact`);
a code (strong, matching only in the case written)."""


@dataclass(frozen=True)
class Term:
    text: str
    """Normalised: what is looked for in the normalised paste."""
    weight: int
    strength: int = STRONG
    exact: str | None = None
    """The text as written, for WEAK and CODE terms."""
    message: bool = False
    """Part of an exact message (a signature), not a name, code or status."""

    @property
    def common(self) -> bool:
        """Common words ("rate limit exceeded"): evidence only for a vendor the paste names, or
        when it names none, unless they occur capitalised as written ("Insufficient Balance")."""
        return self.strength == WEAK


@dataclass(frozen=True)
class Match:
    page: GuidePage
    score: int
    matched: tuple[str, ...]
    """The guide's and its vendor's terms that occur in the text."""
    confident: bool = True
    named: bool = False
    """Whether the text names the guide's vendor; it decides between equal scores."""


@dataclass(frozen=True)
class Ranking:
    """The candidates for a paste, best first."""

    matches: tuple[Match, ...]

    @property
    def confident(self) -> bool:
        """Whether the best candidate is a guide for this error, not just the closest one."""
        return bool(self.matches) and self.matches[0].confident

    @property
    def tied(self) -> tuple[Match, ...]:
        """The candidates that share the best score (and naming of their vendor): equally likely,
        when more than one."""
        best = self.matches[0] if self.matches else None
        return tuple(m for m in self.matches if (m.score, m.named) == (best.score, best.named))


def normalise(text: str) -> str:
    return _collapsed(text).lower()


def _collapsed(text: str) -> str:
    """Runs of whitespace as one space; the box-drawing frames of terminal tools (gemini-cli,
    Claude Code) count as whitespace, since they cut messages in two."""
    return " ".join(text.translate(_BOX_DRAWING).split())


_BOX_DRAWING = {code: " " for code in range(0x2500, 0x2580)}


def terms_for(page: GuidePage) -> tuple[Term, ...]:
    """The weighted terms of one guide's error, strongest first, each text once."""
    guide = page.guide
    candidates = [_term("status", str(guide.status))] if guide.status else []
    candidates.append(_term("error", guide.error))
    candidates += [_term("code", code) for code in guide.codes]
    for signature in guide.signatures:
        candidates += _signature_terms(signature)
    return _merged(candidates)


def _signature_terms(signature: str) -> list[tuple[str, Term]]:
    """The fixed parts of a message, and each URL in it on its own: a URL in a message
    ("visit https://openrouter.ai/settings/credits") tells two messages apart where the
    words around it vary."""
    terms = []
    pieces = _URL.split(signature)
    for piece in pieces:
        if _URL.fullmatch(piece):
            terms.append(_term("url", piece.rstrip(".,;:)'\"`")))
            continue
        fragments = _PLACEHOLDER.split(piece)
        for fragment in fragments:
            fragment = _collapsed(fragment).strip(" .,:;()'\"`")
            if len(fragment) >= MIN_FRAGMENT:
                whole = len(fragments) == 1 and len(pieces) == 1
                terms.append(_term(_fragment_kind(fragment, whole=whole), fragment))
    return terms


def _fragment_kind(fragment: str, *, whole: bool) -> str:
    if len(fragment) >= SHORT_FRAGMENT:
        return "fragment"
    # A short message with no variable part ("Overloaded") is the whole message, not a piece of one.
    return "short_message" if whole else "short_fragment"


def vendor_terms(product: Product) -> tuple[Term, ...]:
    """The weighted terms that name a vendor: its name, hosts, identifiers and key variable."""
    candidates = [_term("vendor", product.name)]
    urls = (product.api_base_url, product.keys_url, product.billing_url, product.limits_url, product.status_url)
    candidates += [_term("host", host) for host in map(_host, filter(None, urls)) if host]
    candidates += [_term("identifier", text) for text in (product.env_var, *product.identifiers)]
    return _merged(candidates)


_MESSAGE_KINDS = frozenset({"fragment", "short_message", "short_fragment", "url"})


def _term(kind: str, text: str) -> tuple[str, Term]:
    if kind == "vendor" or kind in ("host", "identifier"):
        return kind, Term(normalise(text), WEIGHTS[kind])
    if normalise(text) in _REASON_PHRASES or _ONE_WORD.fullmatch(text):
        return "status", Term(normalise(text), REASON_PHRASE_WEIGHT, STATUS)
    weight = WEIGHTS[kind]
    if kind == "fragment":  # the longer the exact text, the more specific: it outweighs pieces
        weight = min(weight + 2 * (len(text) // LONG_FRAGMENT), MAX_FRAGMENT_WEIGHT)
    return kind, Term(normalise(text), weight, _strength(kind, text), text, kind in _MESSAGE_KINDS)


def _strength(kind: str, text: str) -> int:
    if kind == "status":
        return STATUS
    if _CODE.fullmatch(text):
        return CODE
    if len(text.split()) > FEW_WORDS:
        return STRONG
    return WEAK


def _merged(candidates: list[tuple[str, Term]]) -> tuple[Term, ...]:
    """One term per text (and, for a code, per spelling). A text that is evidence of two
    kinds (an error name that is also the whole message, e.g. "Model Not Exist") counts for
    both, but only once per kind; it is as strong as the strongest of them."""
    kinds: dict[tuple[str, str | None], dict[str, Term]] = {}
    for kind, term in candidates:
        if term.text:
            kinds.setdefault(_key(term), {})[kind] = term
    terms = [_one_term(list(by_kind.values())) for by_kind in kinds.values()]
    return tuple(sorted(terms, key=lambda term: (-term.weight, term.text, term.exact or "")))


def _key(term: Term) -> tuple[str, str | None]:
    """Where a term is looked for: its text, and for a code the spelling it must have."""
    return term.text, term.exact if term.strength == CODE else None


def _one_term(terms: list[Term]) -> Term:
    weight = sum(term.weight for term in terms)
    for strength in (CODE, STRONG, WEAK, STATUS):
        same = [term for term in terms if term.strength == strength]
        if same:
            exact = same[0].exact if strength in (CODE, WEAK) else None
            return Term(same[0].text, weight, strength, exact, any(term.message for term in terms))
    raise AssertionError("a term has at least one kind")


@functools.lru_cache(maxsize=256)  # a handful of products, asked for by every guide
def _host(url: str) -> str | None:
    return urlsplit(url).hostname


def _spans(term: Term, text: str, original: str) -> list[tuple[int, int]]:
    """Where `term` occurs in normalised `text`, skipping places where it is glued to a word
    character (a letter, digit or underscore) before or after: "401" is not in "14015",
    "not_found" is not in "not_found_error". A CODE term counts only where `original`
    (the collapsed paste) has it in the case it is written in."""
    spans = []
    needle = term.text
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        glued_before = _word(needle[0]) and start > 0 and _word(text[start - 1])
        glued_after = _word(needle[-1]) and end < len(text) and _word(text[end])
        if not glued_before and not glued_after and (term.strength != CODE or _as_written(term, original, start)):
            spans.append((start, end))
        start = text.find(needle, start + 1)
    return spans


def _as_written(term: Term, original: str, start: int) -> bool:
    """Whether the paste has the term in the letter case it is written in at `start`
    (anywhere, if lower-casing changed the paste's length)."""
    if len(original) != len(original.lower()):
        return term.exact in original
    return original.startswith(term.exact, start)


def _word(character: str) -> bool:
    return character.isalnum() or character == "_"


def matching_terms(owners: dict[str, tuple[Term, ...]], pasted: str) -> dict[str, tuple[Term, ...]]:
    """Each owner's (guide's or vendor's) terms that occur in the pasted text, and how:
    a WEAK term that occurs as written comes back STRONG.

    The most specific text wins, and each place in the paste counts once: a term does not
    count where a longer term (of any owner) covers every place it occurs. "invalid
    authentication" (OpenAI) does not count inside "invalid authentication credentials"
    (Anthropic's message), nor OpenAI's quota message inside Gemini's longer one, nor a
    guide's "does not exist" inside its own longer message.
    """
    original = _collapsed(pasted)
    text = original.lower()
    spans: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
    holders: dict[tuple[str, str | None], set[str]] = {}
    for owner, terms in owners.items():
        for term in terms:
            key = _key(term)
            if key not in spans:
                spans[key] = _spans(term, text, original)
            if spans[key]:
                holders.setdefault(key, set()).add(owner)
    longest_first = sorted(holders, key=lambda key: len(key[0]), reverse=True)

    def covered(key: tuple[str, str | None]) -> bool:
        wider = [other for other in longest_first if len(other[0]) > len(key[0])]
        return all(any(a <= start and end <= b for other in wider for a, b in spans[other]) for start, end in spans[key])

    def as_found(term: Term) -> Term:
        """A WEAK term with capitals ("Insufficient Balance") that occurs as written is strong."""
        if term.strength != WEAK or term.exact == term.exact.lower():
            return term
        if any(_as_written(term, original, start) for start, _ in spans[_key(term)]):
            return replace(term, strength=STRONG, exact=None)  # as written: no longer common
        return term

    return {
        owner: tuple(as_found(t) for t in terms if _key(t) in holders and not covered(_key(t)))
        for owner, terms in owners.items()
    }


def rank(text: str, catalogue: Catalogue, limit: int = 5) -> Ranking:
    """The best-matching guides for pasted error text, best first."""
    vendor_owners, guide_owners = _owners(catalogue)
    vendors = matching_terms(vendor_owners, text)
    named = {vendor for vendor, terms in vendors.items() if terms}
    guides = matching_terms(guide_owners, text)
    matches = []
    for page in catalogue.guides:
        matched = guides[page.key]
        products = (page.product.id, *page.guide.applies_to)
        if named and named.isdisjoint(products):
            matched = _for_another_vendor(matched)
        if not matched:
            continue
        vendor = max((vendors.get(product, ()) for product in products), key=_total)
        total = sum(term.weight for term in matched) + min(sum(term.weight for term in vendor), VENDOR_CAP)
        terms = tuple(term.text for term in (*matched, *vendor))
        matches.append(Match(page, total, terms, _confident(matched, vendor), bool(vendor)))
    matches.sort(key=lambda match: (-match.score, not match.named, match.page.key))
    return Ranking(tuple(matches[:limit]))


_OWNERS: dict[int, tuple[dict, dict]] = {}


def _owners(catalogue: Catalogue) -> tuple[dict[str, tuple[Term, ...]], dict[str, tuple[Term, ...]]]:
    """Every vendor's and guide's terms, worked out once per catalogue (explain and the tests
    rank many pastes against one). Kept by the catalogue's id while it lives."""
    key = id(catalogue)
    if key not in _OWNERS:
        vendors = {hub.product.id: vendor_terms(hub.product) for hub in catalogue.products}
        _OWNERS[key] = (vendors, {page.key: terms_for(page) for page in catalogue.guides})
        weakref.finalize(catalogue, _OWNERS.pop, key, None)
    return _OWNERS[key]


def _total(terms: tuple[Term, ...]) -> int:
    return sum(term.weight for term in terms)


def _for_another_vendor(matched: tuple[Term, ...]) -> tuple[Term, ...]:
    """In a paste that names other vendors, only this vendor's exact messages (and the status)
    say it is this vendor's error: its error names and codes are often other vendors' too
    (invalid_request_error), and common words ("Resource not found") anybody's."""
    return tuple(term for term in matched if term.strength == STATUS or (term.message and not term.common))


def _confident(matched: tuple[Term, ...], vendor: tuple[Term, ...]) -> bool:
    """Strong evidence of the error; or some evidence corroborated by the status, the vendor
    or more weak evidence; or the status and the vendor."""
    strong = sum(term.weight for term in matched if term.strength in (STRONG, CODE))
    weak = [term for term in matched if term.strength == WEAK]
    status = any(term.strength == STATUS for term in matched)
    corroborated = status or bool(vendor) or len(weak) > 1
    return strong >= CONFIDENT or (bool(strong or weak) and corroborated) or (status and bool(vendor))
