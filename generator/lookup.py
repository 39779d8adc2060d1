"""Error lookup: rank guides by how well pasted error text matches them.

The ranking rules are data: each guide gets weighted *terms* (its status code,
its error name, its vendor's host and name, and the fixed parts of its exact
error messages). The generator writes them to ``api/lookup.json``; the site's
lookup page (``javascripts/lookup.js``) and ``python -m generator explain`` both
apply them the same way:

1. Normalise the pasted text and every term: lower case, runs of whitespace
   become one space.
2. A term matches when it occurs in the text. A term that starts (ends) with a
   letter or digit must not be glued to another letter or digit there, so
   "401" does not match "14015".
3. A guide's score is the sum of the weights of its distinct matching terms.
   Guides are ranked by score, highest first, then by key.

Keep ``javascripts/lookup.js`` in step with `score` below; a browser test
compares the page's ranking with this one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .link import Catalogue, GuidePage

__all__ = ["Match", "Term", "WEIGHTS", "normalise", "rank", "terms_for"]

# How much each kind of evidence counts. An exact message fragment is the
# strongest; a status code alone is weak, since many guides share it.
WEIGHTS = {
    "fragment": 8,
    "short_fragment": 4,
    "error": 6,
    "host": 4,
    "vendor": 2,
    "status": 2,
}
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


@dataclass(frozen=True)
class Match:
    page: GuidePage
    score: int
    matched: tuple[str, ...]


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def terms_for(page: GuidePage) -> tuple[Term, ...]:
    """The weighted terms of one guide, strongest first, each text once."""
    guide, product = page.guide, page.product
    candidates = [Term(str(guide.status), WEIGHTS["status"])] if guide.status else []
    candidates.append(Term(guide.error, WEIGHTS["error"]))
    host = _host(product.api_base_url)
    if host:
        candidates.append(Term(host, WEIGHTS["host"]))
    candidates.append(Term(product.name, WEIGHTS["vendor"]))
    for signature in guide.signatures:
        for fragment in _PLACEHOLDER.split(signature):
            fragment = normalise(fragment).strip(" .,:;()'\"`")
            if len(fragment) >= MIN_FRAGMENT:
                kind = "fragment" if len(fragment) >= SHORT_FRAGMENT else "short_fragment"
                candidates.append(Term(fragment, WEIGHTS[kind]))
    # A text that is evidence of two kinds (an error name that is also the whole
    # message, e.g. "Model Not Exist") counts for both, but only once per kind.
    weights: dict[str, set[int]] = {}
    for term in candidates:
        key = normalise(term.text)
        if key:
            weights.setdefault(key, set()).add(term.weight)
    terms = [Term(text, sum(kinds)) for text, kinds in weights.items()]
    return tuple(sorted(terms, key=lambda term: (-term.weight, term.text)))


@functools.lru_cache(maxsize=256)  # a handful of products, asked for by every guide
def _host(url: str) -> str | None:
    return urlsplit(url).hostname


def score(text: str, terms: tuple[Term, ...]) -> tuple[int, tuple[str, ...]]:
    """The score of normalised `text` against one guide's terms, and the terms that matched."""
    matched = tuple(term.text for term in terms if _occurs(term.text, text))
    return sum(term.weight for term in terms if term.text in matched), matched


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


def rank(text: str, catalogue: Catalogue, limit: int = 5) -> list[Match]:
    """The best-matching guides for pasted error text, best first."""
    pasted = normalise(text)
    matches = []
    for page in catalogue.guides:
        points, matched = score(pasted, terms_for(page))
        if points > 0:
            matches.append(Match(page, points, matched))
    matches.sort(key=lambda match: (-match.score, match.page.key))
    return matches[:limit]
