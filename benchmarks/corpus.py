"""A synthetic but realistic content tree for the benchmark.

`make_project(root, guides)` writes a site project (mkdocs.yml, content/ and an
empty docs/) with `guides` error guides spread over about 20 products, shaped
like the shipped ones:

- shared causes, fixes (with code tabs, some per product) and FAQs, reused by
  many guides; one-off causes, fixes and questions written inline;
- a checklist whose items point at the guide's own fixes, at other guides and
  at causes; root causes, related guides, counterparts at other vendors, tags;
- guide files of about 4-7 KB, like content/guides/.

The output is deterministic for a given size (a seeded random generator), so
runs are comparable. The records pass `check` with no errors and the pages
build with `mkdocs build --strict`.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

__all__ = ["EDITED_GUIDE", "PRODUCTS", "edit_one_guide", "make_project"]

REPO = Path(__file__).resolve().parent.parent
PRODUCTS = 20
GUIDES_PER_SHARED = 25
"""One shared cause and one shared fix per this many guides (and an FAQ per twice as many):
a growing knowledge base writes new shared records too, so each is used by about 25 guides."""
STATUSES = (400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529)
TAGS = ("authentication", "billing", "rate-limits", "requests", "server-errors", "timeouts", "models", "quotas")

SKIP = "a synthetic sample of the benchmark corpus; it calls no real API"
"""Why the samples are not run by `make samples` (the `unchecked` lint asks for checks or a skip)."""

_WORDS = (
    "the request key limit quota model token account project region response header retry client "
    "server timeout balance billing organization endpoint stream payload schema field parameter "
    "message context window usage tier plan console dashboard SDK library proxy network gateway "
    "deployment version permission scope workspace credential error status minute second batch "
    "prompt output input length format body value setting environment variable service capacity"
).split()


class _Text:
    """Plausible English-shaped Markdown of a given length, from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self, words: int = 14) -> str:
        chosen = [self.rng.choice(_WORDS) for _ in range(self.rng.randint(words - 4, words + 4))]
        if self.rng.random() < 0.3:
            chosen[self.rng.randrange(len(chosen))] = f"`{self.rng.choice(_WORDS)}_{self.rng.choice(_WORDS)}`"
        return " ".join(chosen).capitalize() + "."

    def paragraph(self, sentences: int = 4) -> str:
        return self.wrap(" ".join(self.sentence() for _ in range(sentences)))

    def title(self, words: int = 6) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(words)).capitalize()

    @staticmethod
    def wrap(text: str, width: int = 96) -> str:
        lines, line = [], ""
        for word in text.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        return "\n".join([*lines, line]) + "\n"


def _code(text: _Text, language: str) -> str:
    rng = text.rng
    if language == "python":
        lines = ["import os", "", "from openai import OpenAI", "", 'client = OpenAI(api_key=os.environ["API_KEY"])']
        lines += [f"# {text.sentence(8)}" if i % 3 == 0 else f"value_{i} = client.{rng.choice(_WORDS)}({i})" for i in range(8)]
    elif language == "javascript":
        lines = ['import OpenAI from "openai";', "", "const client = new OpenAI({ apiKey: process.env.API_KEY });"]
        lines += [f"// {text.sentence(8)}" if i % 3 == 0 else f"const value{i} = await client.{rng.choice(_WORDS)}({i});" for i in range(8)]
    else:
        lines = ['curl https://api.example.test/v1/chat/completions \\', '  -H "Authorization: Bearer $API_KEY" \\']
        lines += [f'  -d \'{{"{rng.choice(_WORDS)}": {i}}}\' \\' for i in range(5)] + ["  --fail-with-body"]
    return "\n".join(lines) + "\n"


def _id(kind: str, index: int) -> str:
    return f"shared-{kind}-{index:03d}"


def _product(index: int, text: _Text) -> dict:
    product_id = f"vendor{index:02d}"
    domain = f"{product_id}.example.com"
    return {
        "id": product_id,
        "name": f"Vendor {index:02d}",
        "about": text.paragraph(4),
        "api_base_url": f"https://api.{domain}",
        "keys_url": f"https://console.{domain}/keys",
        "billing_url": f"https://console.{domain}/billing",
        "status_url": f"https://status.{domain}",
        "support": text.paragraph(2),
        "env_var": f"VENDOR{index:02d}_API_KEY",
        "escalation": [text.sentence() for _ in range(3)],
        "sources": [{"title": f"Vendor {index:02d} docs: {text.title(3)}", "url": f"https://docs.{domain}/errors"}],
    }


def _shared_fix(index: int, text: _Text, product_ids: list[str]) -> dict:
    code = [
        {"language": "python", "label": "Python", "code": _code(text, "python"), "skip": SKIP},
        {"language": "javascript", "code": _code(text, "javascript"), "skip": SKIP},
        {"language": "bash", "code": _code(text, "bash")},
    ]
    if index % 4 == 0:  # some samples only apply to a few vendors, like the shipped fixes
        code[0]["products"] = product_ids[index % 5 :: 5]
    fix = {"id": _id("fix", index), "title": text.title(5), "body": text.paragraph(4), "code": code}
    if index % 10 == 0:
        fix["vendor_page"] = ("keys", "billing", "status")[index // 10 % 3]
    return fix


@dataclass(frozen=True)
class _Shared:
    """How many shared records of each kind the corpus has."""

    causes: int
    fixes: int
    faqs: int

    @classmethod
    def for_size(cls, guides: int) -> _Shared:
        return cls(max(8, guides // GUIDES_PER_SHARED), max(8, guides // GUIDES_PER_SHARED), max(4, guides // (2 * GUIDES_PER_SHARED)))


def _guide(product: str, number: int, serial: int, per_product: int, shared: _Shared, text: _Text, reviewed: date) -> dict:
    """Guide `number` of `product`; `serial` counts guides across products, to spread shared records."""
    rng = text.rng
    causes = [_id("cause", (serial + k * (shared.causes // 2)) % shared.causes) for k in range(2)]
    fixes = [_id("fix", (serial + k * (shared.fixes // 2)) % shared.fixes) for k in range(2)]
    status = STATUSES[number % len(STATUSES)]
    guide_id = f"error-{number:04d}"
    one_off_fix = {
        "id": f"local-fix-{number:04d}",
        "title": text.title(6),
        "body": text.paragraph(3),
        "code": [{"language": "python", "code": _code(text, "python"), "skip": SKIP}],
    }
    others = [n for n in (number - 1, number + 1, number + 2) if 0 <= n < per_product and n != number]
    guide = {
        "id": guide_id,
        "product": product,
        "title": f"{product} API {status} {text.title(3)}: how to fix it",
        "status": status,
        "error": f"{rng.choice(_WORDS)}_{rng.choice(_WORDS)}_{number}",
        "signatures": [text.sentence(10), text.sentence(8)],
        "description": text.sentence(12),
        "summary": text.paragraph(5),
        "retry": {"verdict": ("yes", "after-delay", "no", "not-documented")[number % 4], "reason": text.sentence(10)},
        "causes": [
            *causes,
            {"id": f"local-cause-{number:04d}", "title": text.title(7), "explanation": text.paragraph(3)},
        ],
        "fixes": [
            {"fix": fixes[0], "details": text.paragraph(2)},
            fixes[1],
            one_off_fix,
        ],
        "tip": text.paragraph(2),
        "faq": [
            _id("faq", serial % shared.faqs),
            {"question": text.sentence(9).rstrip(".") + "?", "answer": text.paragraph(2)},
            {"question": text.sentence(9).rstrip(".") + "?", "answer": text.paragraph(2)},
        ],
        "checklist": [
            {"check": text.sentence(10), "fix": fixes[0]},
            {"check": text.sentence(10), "fix": fixes[1]},
            {"check": text.sentence(10), "fix": one_off_fix["id"]},
            {"check": text.sentence(10), "cause": causes[0]},
            *({"check": text.sentence(10), "guide": f"error-{n:04d}"} for n in others[:1]),
        ],
        "escalation": [text.sentence()],
        "tags": sorted({TAGS[number % len(TAGS)], TAGS[(number * 3 + 1) % len(TAGS)]}),
        "sources": [
            {"title": f"{product} docs: errors", "url": f"https://docs.{product}.example.com/errors"},
            {"title": f"{product} docs: {text.title(3)}", "url": f"https://docs.{product}.example.com/{guide_id}"},
        ],
        "reviewed": reviewed,
    }
    # Root causes are listed with the causes (shared ones link their own guide or page).
    root_cause = _id("cause", (serial + shared.causes // 4) % shared.causes)
    if root_cause not in guide["causes"]:
        guide["causes"].insert(len(causes), root_cause)
    if others:
        guide["related"] = [f"error-{n:04d}" for n in others]
    if number < shared.causes:  # a product's first guides are the guides for one shared cause each
        guide["explains"] = _id("cause", number)
        if guide["explains"] not in guide["causes"]:
            guide["causes"].insert(0, guide["explains"])
    return guide


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes multi-line text as `|` blocks, the way authors write it."""


def _text_block(dumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_block)


def _dump(path: Path, record: dict, schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"# yaml-language-server: $schema=../../schema/{schema}.json\n{body}", encoding="utf-8")


def make_project(root: Path, guides: int, *, products: int = PRODUCTS, seed: int = 7) -> Path:
    """Write a project with `guides` guides under `root` (which is emptied first); return root."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    rng = random.Random(seed)
    text = _Text(rng)
    products = min(products, max(1, guides))
    product_records = [_product(i, text) for i in range(products)]
    product_ids = [p["id"] for p in product_records]
    for record in product_records:
        _dump(content / "products" / f"{record['id']}.yaml", record, "product")
    shared = _Shared.for_size(guides)
    for i in range(shared.causes):
        cause = {"id": _id("cause", i), "title": text.title(6), "explanation": text.paragraph(4)}
        _dump(content / "causes" / f"{cause['id']}.yaml", cause, "cause")
    for i in range(shared.fixes):
        fix = _shared_fix(i, text, product_ids)
        _dump(content / "fixes" / f"{fix['id']}.yaml", fix, "fix")
    for i in range(shared.faqs):
        faq = {"id": _id("faq", i), "question": text.sentence(9).rstrip(".") + "?", "answer": text.paragraph(3)}
        _dump(content / "faqs" / f"{faq['id']}.yaml", faq, "faq")
    reviewed = date.today() - timedelta(days=30)
    per_product = [guides // products + (1 if i < guides % products else 0) for i in range(products)]
    serial = 0
    for index, product in enumerate(product_ids):
        for number in range(per_product[index]):
            guide = _guide(product, number, serial, per_product[index], shared, text, reviewed)
            serial += 1
            # The same error at the next vendor, listed on one side only.
            neighbour = product_ids[(index + 1) % products]
            if neighbour != product and number < per_product[(index + 1) % products] and number % 3 == 0:
                guide["counterparts"] = [f"{neighbour}/error-{number:04d}"]
            _dump(content / "guides" / product / f"{guide['id']}.yaml", guide, "guide")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "docs").mkdir()
    return root


EDITED_GUIDE = "vendor00/error-0003"


def edit_one_guide(root: Path) -> Path:
    """Retitle one guide's one-off cause, as an author would; return the file.

    Only that guide's page shows the title, so only that page should be rewritten.
    """
    path = root / "content" / "guides" / f"{EDITED_GUIDE}.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("title: ", text.index("id: local-cause-0003"))
    end = text.index("\n", start)
    path.write_text(f"{text[:end]} (edited){text[end:]}", encoding="utf-8")
    return path
