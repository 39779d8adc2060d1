"""Every code sample in the content, with where it is shown and what it must do.

Reads content/ with the generator's own load and validate stages, so the harness
sees exactly the records the site is built from: the code samples of shared fixes
(content/fixes/) and of one-off fixes inside guides, plus any Python or Node.js
code block fenced in Markdown text (an FAQ answer, a summary). Fenced blocks
cannot state checks, so they are counted but can never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from pydantic import BaseModel

from generator.load import load
from generator.models import CodeSample, Fix, Guide, Product, SampleCheck
from generator.validate import Located, validate

__all__ = ["Block", "Content", "NODE", "PYTHON", "Sample", "collect", "fenced_blocks", "runtime_of"]

PYTHON = frozenset({"python", "py", "python3"})
NODE = frozenset({"javascript", "js", "mjs", "node"})


def runtime_of(language: str) -> str | None:
    """'python' or 'node' for a language the harness runs, else None."""
    language = language.lower()
    return "python" if language in PYTHON else "node" if language in NODE else None


@dataclass(frozen=True)
class Sample:
    """One code sample of a fix, as a reader sees it on one or more pages."""

    file: str
    line: int
    owner: str
    """'fix retry-with-backoff' or 'guide anthropic/api-error, fix collect-request-ids'."""
    shown_on: tuple[str, ...]
    """The guides ('product/guide-id') whose pages show this sample."""
    products: tuple[str, ...]
    """The products the sample is for; every product when it names none."""
    sample: CodeSample

    @property
    def label(self) -> str:
        return self.sample.tab_label

    @property
    def runtime(self) -> str | None:
        return runtime_of(self.sample.language)

    @property
    def checks(self) -> list[SampleCheck]:
        return self.sample.checks

    @property
    def where(self) -> str:
        shown = ""
        if self.shown_on and not self.owner.startswith("guide "):
            more = f" and {len(self.shown_on) - 3} more" if len(self.shown_on) > 3 else ""
            shown = f"; shown on {', '.join(self.shown_on[:3])}{more}"
        return f'{self.file}:{self.line}: {self.owner}, sample "{self.label}"{shown}'


@dataclass(frozen=True)
class Block:
    """A Python or Node.js code block fenced in Markdown text: counted, never runnable."""

    file: str
    line: int
    field: str
    language: str
    code: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}: {self.language} code block in '{self.field}'"


@dataclass(frozen=True)
class Content:
    samples: list[Sample]
    blocks: list[Block]
    products: dict[str, Product]
    problems: list = field(default_factory=list)
    """What loading and validating reported: a record that fails validation has samples no one
    can count, so the run fails until `make check` is clean."""

    def api_host(self, product: str) -> str:
        return urlsplit(self.products[product].api_base_url).hostname or ""

    def env_vars(self, products: tuple[str, ...]) -> list[str]:
        return [self.products[p].env_var for p in products if p in self.products]


def collect(content_dir: Path, root: Path) -> Content:
    """Every sample and fenced block under `content_dir` (file names relative to `root`)."""
    documents, loaded = load(content_dir, root=root)
    records, validated = validate(documents)
    products = {located.record.id: located.record for located in records.products}
    guides = records.guides
    samples: list[Sample] = []
    for located in records.fixes:
        users = tuple(sorted(_key(g.record) for g in guides if located.record.id in _shared_fixes(g.record)))
        samples += _fix_samples(located, located.record, (), f"fix {located.record.id}", users, tuple(products))
    for located in guides:
        guide = located.record
        for index, entry in enumerate(guide.fixes):
            if isinstance(entry, Fix):
                owner = f"guide {_key(guide)}, fix {entry.id}"
                samples += _fix_samples(located, entry, ("fixes", index), owner, (_key(guide),), (guide.product,))
    blocks = [
        block
        for kind in (records.products, records.guides, records.causes, records.fixes, records.faqs)
        for located in kind
        for block in _blocks_in(located)
    ]
    return Content(samples, blocks, products, [*loaded, *validated])


def _key(guide: Guide) -> str:
    return f"{guide.product}/{guide.id}"


def _shared_fixes(guide: Guide) -> set[str]:
    return {entry if isinstance(entry, str) else entry.fix for entry in guide.fixes if not isinstance(entry, Fix)}


def _fix_samples(located: Located, fix: Fix, loc: tuple, owner: str, users: tuple, default_products: tuple) -> list[Sample]:
    found = []
    for index, sample in enumerate(fix.code):
        products = tuple(sample.products) or default_products
        shown = tuple(u for u in users if u.split("/")[0] in products)
        line = located.source.at((*loc, "code", index)).line
        found.append(Sample(located.file, line, owner, shown, products, sample))
    return found


# --- fenced code in Markdown ------------------------------------------------------------

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?\.?(?P<lang>[\w+-]*)[^\n]*$", re.M)


def fenced_blocks(markdown: str) -> Iterator[tuple[int, str, str]]:
    """(line offset, language, code) of every fenced code block in `markdown`."""
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        body, end = [], index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            body.append(lines[end][indent:] if lines[end][:indent].strip() == "" else lines[end])
            end += 1
        yield index, opening["lang"].lower(), "\n".join(body) + "\n"
        index = end + 1


def _blocks_in(located: Located) -> Iterator[Block]:
    for loc, text in _texts(located.record, ()):
        for offset, language, code in fenced_blocks(text):
            if runtime_of(language):
                line = located.source.at(loc).line + offset + 1
                yield Block(located.file, line, ".".join(str(part) for part in loc), language, code)


def _texts(value, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """Every text of a record, except code samples (their code is what the samples are)."""
    if isinstance(value, CodeSample):
        return
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*loc, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
    elif isinstance(value, str) and "\n" in value:
        yield loc, value
