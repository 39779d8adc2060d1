"""What `python -m generator explain` needs, kept between runs.

Loading and validating every record took most of an `explain` (about 2 s at 1,000 guides,
8 s at 5,000). The command needs far less: each vendor's names and hosts, each guide's
status, error name, codes and messages (the lookup's terms are made from those by
`lookup.rank`, as always) and the lines it prints. `ExplainIndex.load` keeps that in
`.cache/errorguides/explain.json`, under a key made of the path, size and modification
time of every content file and of the generator's own code: any change to the content
(or to the rules) builds the index again from a full, validated catalogue, and content
with problems is reported as before.

This module imports neither pydantic nor the pipeline, so a run that finds its index
costs an interpreter start, a walk of the content folder and the ranking.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["CACHE_FILE", "ExplainIndex", "Guide", "Vendor"]

CACHE_FILE = Path(".cache/errorguides/explain.json")
"""Relative to the project root (git ignores .cache/)."""

FORMAT = 3
"""Bumped when the cached fields change."""


@dataclass(frozen=True)
class Vendor:
    """A product, with the fields `lookup.vendor_terms` reads."""

    id: str
    name: str
    api_base_url: str | None
    keys_url: str | None
    billing_url: str | None
    limits_url: str | None
    status_url: str | None
    env_var: str | None
    identifiers: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """A guide's fields `lookup.terms_for` and `lookup.rank` read."""

    status: int | None
    error: str
    codes: tuple[str, ...]
    signatures: tuple[str, ...]
    applies_to: tuple[str, ...]


@dataclass(frozen=True)
class ProductRef:
    id: str


@dataclass(frozen=True)
class Guide:
    """A guide as `lookup.rank` sees it (`key`, `product.id`, `guide`) and as `explain` prints it."""

    key: str
    page: str
    label: str
    product: ProductRef
    guide: Facts
    lines: tuple[str, ...]
    """What `explain` prints below the label and above the URL's line: title, then retry
    verdict, checklist and fixes, in plain text."""
    terms: tuple[str, ...]
    """The text of each of its lookup terms (`lookup.terms_for`), normalised: a guide none of
    which occurs in the normalised paste has no term there, so it can neither score nor cover
    another guide's term, and `rank` need not be given it."""


@dataclass(frozen=True)
class Hub:
    product: Vendor


@dataclass(frozen=True)
class ExplainIndex:
    """Duck-types the parts of a `Catalogue` that `lookup.rank` reads."""

    products: tuple[Hub, ...]
    guides: tuple[Guide, ...]

    def candidates(self, text: str) -> ExplainIndex:
        """The index restricted to the guides that may match `text`; `lookup.rank` ranks them as it
        would rank all (a guide with no term in the text neither scores nor covers another's term)."""
        from .lookup import normalise

        pasted = normalise(text)
        return ExplainIndex(self.products, tuple(guide for guide in self.guides if any(term in pasted for term in guide.terms)))

    @classmethod
    def load(cls, content_dir: Path, root: Path) -> ExplainIndex:
        """The index for the content as it is now: from the cache when nothing changed since it was written."""
        key = _state(content_dir)
        cache = root / CACHE_FILE
        try:
            stored = json.loads(cache.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return cls._from_json(stored)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        index = cls.build(content_dir, root)  # raises ContentError when the content has problems
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_name(f".{cache.name}.{os.getpid()}")
            partial.write_text(json.dumps({"key": key, **index._to_json()}), encoding="utf-8")
            os.replace(partial, cache)
        except OSError:
            pass  # a read-only checkout still explains, only slower
        return index

    @classmethod
    def build(cls, content_dir: Path, root: Path) -> ExplainIndex:
        """From the validated, linked catalogue (the slow path)."""
        from .text import plain_text
        from .lookup import terms_for
        from .pipeline import build_catalogue

        catalogue = build_catalogue(content_dir, root=root)
        products = tuple(Hub(_vendor(hub.product)) for hub in catalogue.products)
        guides = []
        for page in catalogue.guides:
            facts = page.guide
            lines = [facts.title, f"{facts.retry.label}: {plain_text(facts.retry.reason)}", "", "Quick checklist:"]
            lines += [f"  [ ] {plain_text(item.check)}\n      → {plain_text(item.target.label)}" for item in page.checklist]
            lines += ["", "Fixes, in the order to try:"]
            lines += [f"  {fix.number}. {plain_text(fix.fix.title)}" for fix in page.fixes]
            guides.append(
                Guide(
                    key=page.key,
                    page=page.page,
                    label=page.label,
                    product=ProductRef(page.product.id),
                    guide=Facts(facts.status, facts.error, tuple(facts.codes), tuple(facts.signatures), tuple(facts.applies_to)),
                    lines=tuple(lines),
                    terms=tuple(sorted({term.text for term in terms_for(page)})),
                )
            )
        return cls(products, tuple(guides))

    def _to_json(self) -> dict:
        return {"format": FORMAT, "products": [asdict(hub.product) for hub in self.products], "guides": [asdict(g) for g in self.guides]}

    @classmethod
    def _from_json(cls, data: dict) -> ExplainIndex:
        if data["format"] != FORMAT:
            raise ValueError("an index of another format")
        products = tuple(Hub(Vendor(**{**v, "identifiers": tuple(v["identifiers"])})) for v in data["products"])
        guides = tuple(
            Guide(
                key=g["key"],
                page=g["page"],
                label=g["label"],
                product=ProductRef(g["product"]["id"]),
                guide=Facts(**{name: tuple(value) if isinstance(value, list) else value for name, value in g["guide"].items()}),
                lines=tuple(g["lines"]),
                terms=tuple(g["terms"]),
            )
            for g in data["guides"]
        )
        return cls(products, guides)


def _vendor(product) -> Vendor:
    return Vendor(
        id=product.id,
        name=product.name,
        api_base_url=product.api_base_url,
        keys_url=product.keys_url,
        billing_url=product.billing_url,
        limits_url=product.limits_url,
        status_url=product.status_url,
        env_var=product.env_var,
        identifiers=tuple(product.identifiers),
    )


def _state(content_dir: Path) -> str:
    """A digest of every content file's path, size and mtime, and of the generator's code."""
    digest = hashlib.sha256(f"{FORMAT}\0{content_dir.resolve()}".encode())
    for folder in (content_dir, Path(__file__).parent):
        for path, status in sorted(_walk(folder)):
            digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ino}\n".encode())
    return digest.hexdigest()


def _walk(folder: Path):
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                yield from _walk(Path(entry.path))
        else:
            try:
                yield entry.path, entry.stat()
            except OSError:
                yield entry.path, os.stat_result((0,) * 10)
