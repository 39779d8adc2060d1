"""Error lookup: rank guides by the evidence in pasted error text.

The ranking rules are data. Each guide gets weighted *terms* about the error
(the fixed parts of its exact messages, its error name and codes, its HTTP
status) and each vendor gets terms that name it (its name, hosts, SDK module
names, key variable). The generator writes both to ``api/lookup.json``; the
site's lookup page (``javascripts/lookup.js``) and ``python -m generator
explain`` apply them the same way:

1. Normalise the pasted text and every term: lower case, runs of whitespace
   become one space.
2. A term matches where it occurs in the text, unless it is glued to a word
   character there (a term that starts or ends with a letter, digit or
   underscore must not have another one before or after it), so "401" does
   not match "14015" nor "not_found" match "not_found_error".
3. The most specific message wins: a term does not count for a guide (vendor)
   where a longer term of another guide (vendor) covers every place it occurs.
4. A guide's score is the sum of the weights of its distinct matching terms,
   plus its vendor's: the sum of the vendor's matching terms, at most
   `VENDOR_CAP`. So where two vendors send the same message, the host, SDK or
   error code in the paste decides; where nothing decides, the two score the
   same and are shown as equally likely.
5. Guides are ranked by score, highest first, then by key. The best match is
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
from dataclasses import dataclass
from urllib.parse import urlsplit

from .link import Catalogue, GuidePage
from .models import Product

__all__ = [
    "CONFIDENT",
    "Match",
    "Ranking",
    "Term",
    "VENDOR_CAP",
    "WEIGHTS",
    "normalise",
    "rank",
    "terms_for",
    "vendor_terms",
]

# How much each kind of evidence counts. An exact message fragment is the
# strongest; a status code alone is weak, since many guides share it.
WEIGHTS = {
    "fragment": 8,
    "short_message": 6,
    "short_fragment": 4,
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
"""Evidence of the error itself (message fragments, error names, codes) that makes a match confident."""
SHORT_FRAGMENT = 16
"""Message fragments shorter than this many characters count as short."""
MIN_FRAGMENT = 6
"""Shorter fragments are too common to mean anything ("is", "at")."""

# The variable parts of documented messages: ellipses, masked keys, <model>,
# 'org-…', numbers (limits change between versions).
_PLACEHOLDER = re.compile(r"…|\.\.\.|\*+\w*|<[^>]*>|\b[Xx]{3,}\b|\w*\d\w*")


@dataclass(frozen=True)
class Term:
    text: str
    weight: int
    status: bool = False
    """Whether this is only the guide's HTTP status, which alone is not evidence enough."""


@dataclass(frozen=True)
class Match:
    page: GuidePage
    score: int
    matched: tuple[str, ...]
    """The guide's and its vendor's terms that occur in the text."""
    confident: bool = True


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
        """The candidates that share the best score: equally likely, when more than one."""
        return tuple(m for m in self.matches if self.matches and m.score == self.matches[0].score)


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def terms_for(page: GuidePage) -> tuple[Term, ...]:
    """The weighted terms of one guide's error, strongest first, each text once."""
    guide = page.guide
    candidates = [_term("status", str(guide.status))] if guide.status else []
    candidates.append(_term("error", guide.error))
    candidates += [_term("code", code) for code in guide.codes]
    for signature in guide.signatures:
        fragments = _PLACEHOLDER.split(signature)
        for fragment in fragments:
            fragment = normalise(fragment).strip(" .,:;()'\"`")
            if len(fragment) >= MIN_FRAGMENT:
                candidates.append(_term(_fragment_kind(fragment, whole=len(fragments) == 1), fragment))
    return _merged(candidates)


def _term(kind: str, text: str) -> tuple[str, Term]:
    return kind, Term(text, WEIGHTS[kind])


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


def _merged(candidates: list[tuple[str, Term]]) -> tuple[Term, ...]:
    """One term per text. A text that is evidence of two kinds (an error name that is also
    the whole message, e.g. "Model Not Exist") counts for both, but only once per kind."""
    kinds: dict[str, dict[str, int]] = {}
    for kind, term in candidates:
        key = normalise(term.text)
        if key:
            kinds.setdefault(key, {})[kind] = term.weight
    terms = [Term(text, sum(by_kind.values()), set(by_kind) == {"status"}) for text, by_kind in kinds.items()]
    return tuple(sorted(terms, key=lambda term: (-term.weight, term.text)))


@functools.lru_cache(maxsize=256)  # a handful of products, asked for by every guide
def _host(url: str) -> str | None:
    return urlsplit(url).hostname


def _spans(term: str, text: str) -> list[tuple[int, int]]:
    """Where `term` occurs in `text`, skipping places where it is glued to a word character
    (a letter, digit or underscore) before or after: "401" is not in "14015", "not_found"
    is not in "not_found_error"."""
    spans = []
    start = text.find(term)
    while start != -1:
        end = start + len(term)
        glued_before = _word(term[0]) and start > 0 and _word(text[start - 1])
        glued_after = _word(term[-1]) and end < len(text) and _word(text[end])
        if not glued_before and not glued_after:
            spans.append((start, end))
        start = text.find(term, start + 1)
    return spans


def _word(character: str) -> bool:
    return character.isalnum() or character == "_"


def matching_terms(owners: dict[str, tuple[Term, ...]], text: str) -> dict[str, tuple[Term, ...]]:
    """Each owner's (guide's or vendor's) terms that occur in normalised `text`.

    The most specific message wins: a term does not count for an owner where a longer
    term of another owner covers every place it occurs. "invalid authentication" (OpenAI)
    does not count inside "invalid authentication credentials" (Anthropic's message), nor
    OpenAI's quota message inside Gemini's longer one.
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    holders: dict[str, set[str]] = {}
    for owner, terms in owners.items():
        for term in terms:
            if term.text not in spans:
                spans[term.text] = _spans(term.text, text)
            if spans[term.text]:
                holders.setdefault(term.text, set()).add(owner)
    longest_first = sorted(holders, key=len, reverse=True)

    def covered(term: str, owner: str) -> bool:
        wider = [other for other in longest_first if len(other) > len(term) and owner not in holders[other]]
        return all(any(a <= start and end <= b for other in wider for a, b in spans[other]) for start, end in spans[term])

    return {
        owner: tuple(term for term in terms if term.text in holders and not covered(term.text, owner))
        for owner, terms in owners.items()
    }


def rank(text: str, catalogue: Catalogue, limit: int = 5) -> Ranking:
    """The best-matching guides for pasted error text, best first."""
    pasted = normalise(text)
    vendors = matching_terms({hub.product.id: vendor_terms(hub.product) for hub in catalogue.products}, pasted)
    guides = matching_terms({page.key: terms_for(page) for page in catalogue.guides}, pasted)
    matches = []
    for page in catalogue.guides:
        matched = guides[page.key]
        if not matched:
            continue
        points = sum(term.weight for term in matched)
        evidence = sum(term.weight for term in matched if not term.status)
        vendor = vendors.get(page.product.id, ())
        vendor_points = sum(term.weight for term in vendor)
        confident = evidence >= CONFIDENT or (points > evidence and vendor_points > 0)
        total = points + min(vendor_points, VENDOR_CAP)
        matches.append(Match(page, total, tuple(term.text for term in (*matched, *vendor)), confident))
    matches.sort(key=lambda match: (-match.score, match.page.key))
    return Ranking(tuple(matches[:limit]))
