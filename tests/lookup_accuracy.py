"""How well the error lookup does on real pasted errors (tests/data/pastes/*.yaml).

Each entry is a paste copied from a public issue, forum thread or docs page, with
the guide that must come first (`expect`, or `none` when no guide covers it) and
any guides that are equally right (`also`). Run it to print the accuracy table:

    .venv/bin/python tests/lookup_accuracy.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
PASTES = REPO / "tests" / "data" / "pastes"
sys.path.insert(0, str(REPO))

from generator import build_catalogue  # noqa: E402
from generator.lookup import Ranking, rank  # noqa: E402


@dataclass(frozen=True)
class Case:
    file: str
    number: int
    paste: str
    expect: str
    also: tuple[str, ...]
    form: str
    kind: str
    source: str

    @property
    def vendor(self) -> str:
        return self.file.removesuffix(".yaml")

    @property
    def name(self) -> str:
        return f"{self.file}#{self.number}"


@dataclass(frozen=True)
class Outcome:
    case: Case
    ranking: Ranking

    @property
    def top1(self) -> bool:
        """The expected guide, or one named in `also` as equally right, comes first, and so does
        any guide that ties with it; for `none`, the lookup says that no guide matches."""
        if self.case.expect == "none":
            return not self.ranking.confident
        if not self.ranking.confident:
            return False
        tied = {match.page.key for match in self.ranking.tied}
        return tied <= {self.case.expect, *self.case.also}

    @property
    def top3(self) -> bool:
        if self.case.expect == "none":
            return not self.ranking.confident
        right = {self.case.expect, *self.case.also}
        return any(match.page.key in right for match in self.ranking.matches[:3])

    def describe(self) -> str:
        got = ", ".join(f"{m.page.key} ({m.score})" for m in self.ranking.matches[:3]) or "nothing"
        verdict = "confident" if self.ranking.confident else "no guide"
        return f"{self.case.name} [{self.case.form}] expected {self.case.expect}; got {verdict}: {got}"


def cases() -> list[Case]:
    found = []
    for path in sorted(PASTES.glob("*.yaml")):
        for number, entry in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [], start=1):
            found.append(
                Case(
                    file=path.name,
                    number=number,
                    paste=entry["paste"],
                    expect=entry["expect"],
                    also=tuple(entry.get("also") or ()),
                    form=entry["form"],
                    kind=entry["kind"],
                    source=entry["source"],
                )
            )
    return found


def evaluate(catalogue=None) -> list[Outcome]:
    catalogue = catalogue or build_catalogue(REPO / "content", root=REPO)
    return [Outcome(case, rank(case.paste, catalogue)) for case in cases()]


def table(outcomes: list[Outcome], key) -> list[str]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome)].append(outcome)
    lines = ["| group | pastes | top-1 | top-3 |", "| --- | ---: | ---: | ---: |"]
    for name in sorted(groups) + ["all"]:
        group = outcomes if name == "all" else groups[name]
        top1 = sum(o.top1 for o in group)
        top3 = sum(o.top3 for o in group)
        lines.append(f"| {name} | {len(group)} | {top1} ({top1 / len(group):.0%}) | {top3} ({top3 / len(group):.0%}) |")
    return lines


def report(outcomes: list[Outcome]) -> str:
    lines = ["By file (vendor):", *table(outcomes, lambda o: o.case.vendor), ""]
    lines += ["By paste form:", *table(outcomes, lambda o: o.case.form), ""]
    misses = [o for o in outcomes if not o.top1]
    lines.append(f"Misses ({len(misses)}):" if misses else "No misses.")
    lines += [f"- {o.describe()}" for o in misses]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(evaluate()))
