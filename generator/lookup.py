"""Error lookup: rank guides by the evidence in pasted error text.

The ranking rules are data. Each guide gets weighted *terms* about the error
(the fixed parts of its exact messages, its error name and codes, its HTTP
status) and each vendor gets terms that name it (its name, hosts, SDK module
names, key variable). The generator writes both to ``api/lookup.json``; the
site's lookup page (``javascripts/lookup.js``) and ``python -m generator
explain`` apply them the same way:

1. Normalise the pasted text and every term: lower case, runs of whitespace
   become one space.
2. A term matches when it occurs in the text. A term that starts (ends) with a
   letter or digit must not be glued to another letter or digit there, so
   "401" does not match "14015".
3. A guide's score is the sum of the weights of its distinct matching terms,
   plus its vendor's: the sum of the vendor's matching terms, at most
   `VENDOR_CAP`. So where two vendors send the same message, the host, SDK or
   error code in the paste decides; where nothing decides, the two score the
   same and are shown as equally likely.
4. Guides are ranked by score, highest first, then by key. The best match is
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
_PLACEHOLDER = re.compile(r"…|\.\.\.|\*+\w*|<[^>]*>|\b[Xx]{3,}\b|\d+")


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


def score(text: str, terms: tuple[Term, ...]) -> tuple[int, int, tuple[str, ...]]:
    """Against normalised `text`: the terms' total, the part that is evidence of the error
    (not the status), and the terms that matched."""
    matched = [term for term in terms if _occurs(term.text, text)]
    evidence = sum(term.weight for term in matched if not term.status)
    return sum(term.weight for term in matched), evidence, tuple(term.text for term in matched)


def _occurs(term: str, text: str) -> bool:
    start = text.find(term)
    while start != -1:
        end = start + len(term)
        glued_before = term[0].isalnum() and start > 0 and text[start - 1].isalnum()
        glued_after = term[-1].isalnum() and end < len(text) and text[end].isalnum()
        if not glued_before and not glued_after:
            return True
        start = text.find(term, start + 1)
    return False


def rank(text: str, catalogue: Catalogue, limit: int = 5) -> Ranking:
    """The best-matching guides for pasted error text, best first."""
    pasted = normalise(text)
    vendors = {hub.product.id: score(pasted, vendor_terms(hub.product)) for hub in catalogue.products}
    matches = []
    for page in catalogue.guides:
        points, evidence, matched = score(pasted, terms_for(page))
        if points == 0:
            continue
        vendor_points, _, vendor_matched = vendors.get(page.product.id, (0, 0, ()))
        status_matched = points > evidence
        confident = evidence >= CONFIDENT or (status_matched and vendor_points > 0)
        total = points + min(vendor_points, VENDOR_CAP)
        matches.append(Match(page, total, matched + vendor_matched, confident))
    matches.sort(key=lambda match: (-match.score, match.page.key))
    return Ranking(tuple(matches[:limit]))
