"""The lookup on real pasted errors: top-1 ≥ 95% and top-3 ≥ 99%, every miss listed.

The pastes (tests/data/pastes/) were copied from public issues, forums and docs
pages; see tests/data/pastes/README.md. `python tests/lookup_accuracy.py` prints
the table by vendor and by paste form.
"""

from __future__ import annotations

import pytest

from conftest import REPO
from generator import build_catalogue
from generator.lookup import rank
from lookup_accuracy import cases, evaluate, report

CATALOGUE = build_catalogue(REPO / "content", root=REPO)
GUIDES = {page.key for page in CATALOGUE.guides}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate(CATALOGUE)


def test_the_set_is_large_and_sourced():
    found = cases()
    assert len(found) >= 80
    assert all(case.source.startswith("https://") for case in found)


def test_every_expected_guide_exists():
    expected = {key for case in cases() for key in (case.expect, *case.also)} - {"none"}
    assert expected <= GUIDES, sorted(expected - GUIDES)


def test_real_pastes_find_their_guide(outcomes):
    top1 = sum(o.top1 for o in outcomes) / len(outcomes)
    top3 = sum(o.top3 for o in outcomes) / len(outcomes)
    print(report(outcomes))

    assert top1 >= 0.95, report(outcomes)
    assert top3 >= 0.99, report(outcomes)


def test_errors_no_guide_covers_get_no_guide(outcomes):
    wrong = [o.describe() for o in outcomes if o.case.expect == "none" and not o.top1]
    assert not wrong, "\n".join(wrong)


def test_every_exact_message_finds_its_guide_on_its_own():
    """Each signature, pasted alone, ranks its guide first (or equally first). A few are too
    common to be evidence alone ("fetch failed", "Internal server error"): those must still come
    in the top three, and the lookup may answer "no guide" for them."""
    misses, unconfident = [], []
    signatures = [(page.key, signature) for page in CATALOGUE.guides for signature in page.guide.signatures]
    for key, signature in signatures:
        ranking = rank(signature, CATALOGUE)
        keys = [match.page.key for match in ranking.matches]
        if not ranking.confident or key not in [match.page.key for match in ranking.tied]:
            unconfident.append(f"{key}: {signature}")
        if keys and key not in keys[:3]:
            misses.append(f"{key}: {signature} -> {keys[:3]}")

    assert not misses, "\n".join(misses)
    assert len(unconfident) <= 0.05 * len(signatures), "\n".join(unconfident)
