"""The link stage's table of records: each kind by id, with the problems of ids found on the way.

Duplicate ids, aliases (the redirects at renamed records' old URLs) and the
guides that explain a cause are settled here, once, before any guide is linked;
`exists` reports a reference to a record that is not there, with did-you-mean.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from .catalogue import Link, Redirect, guide_label
from .diagnostics import Diagnostic, closest, did_you_mean
from .models import Guide
from .paths import alias_page, cause_page, fix_page, guide_page, page_path

if TYPE_CHECKING:  # the validate stage's output, read here
    from .validate import Located, Records

__all__ = ["RecordIndex"]


class RecordIndex:
    """Records by id, with duplicate ids reported."""

    def __init__(self, records: Records):
        self.problems: list[Diagnostic] = []
        self.broken = records.broken
        self.products = self._by_id("product", records.products, lambda r: r.id)
        self.guides = self._by_id("guide", records.guides, lambda r: f"{r.product}/{r.id}")
        self.causes = self._by_id("cause", records.causes, lambda r: r.id)
        self.fixes = self._by_id("fix", records.fixes, lambda r: r.id)
        self.faqs = self._by_id("faq", records.faqs, lambda r: r.id)
        self.redirects = self._redirects()
        self.renamed = {(redirect.kind, redirect.old_id): redirect.key for redirect in self.redirects}
        self.explainers = self._explainers()
        self._check_sample_products()

    def _by_id(self, kind: str, located: list[Located], key) -> dict[str, Located]:
        found: dict[str, Located] = {}
        for item in located:
            record_key = key(item.record)
            if record_key in found:
                message = f"duplicate {kind} id '{record_key}'; also defined in {_where(found[record_key])}"
                self.problems.append(item.diagnostic(("id",), "duplicate-id", message))
            else:
                found[record_key] = item
        return found

    def _redirects(self) -> list[Redirect]:
        """A redirect for each alias of a guide, cause or fix; an alias that clashes is reported."""
        redirects: list[Redirect] = []
        claimed: dict[str, tuple[str, Located]] = {}  # old page → the key of the record that has it, and the record
        kinds = (("guide", self.guides, guide_page), ("cause", self.causes, cause_page), ("fix", self.fixes, fix_page))
        for kind, table, page_of in kinds:
            for key, located in table.items():
                record = located.record
                for position, alias in enumerate(record.aliases):
                    old_id = f"{record.product}/{alias}" if kind == "guide" else alias
                    old_page = page_of(old_id)
                    clash = _alias_clash(kind, key, old_id, old_page, table.get(old_id), claimed.get(old_page))
                    if clash:
                        self.problems.append(located.diagnostic(("aliases", position), "alias-clash", clash))
                        continue
                    claimed[old_page] = (key, located)
                    target = Link(page_of(key), None, record.title, kind)
                    redirects.append(Redirect(kind, old_id, key, old_page, alias_page(old_page), target))
        return sorted(redirects, key=lambda redirect: redirect.page)

    def _check_sample_products(self) -> None:
        for located in self.fixes.values():
            for number, sample in enumerate(located.record.code):
                for position, product_id in enumerate(sample.products):
                    loc = ("code", number, "products", position)
                    self.exists("product", self.products, product_id, located, loc)

    def _explainers(self) -> dict[tuple[str, str], str]:
        """(product, cause) → the key of the product's guide dedicated to that cause."""
        explainers: dict[tuple[str, str], str] = {}
        for key, located in self.guides.items():
            guide = located.record
            if guide.explains is None:
                continue
            slot = (guide.product, guide.explains)
            if slot in explainers:
                message = (
                    f"'explains': guide '{explainers[slot]}' already explains cause '{guide.explains}' "
                    f"for {guide.product}; only one guide per product can be the guide for a cause"
                )
                self.problems.append(located.diagnostic(("explains",), "duplicate-explains", message))
            else:
                explainers[slot] = key
        return explainers

    def guide_target(self, key: str) -> Link:
        guide = self.guides[key].record
        product = self.products.get(guide.product)
        vendor = product.record.name if product else guide.product
        return Link(guide_page(key), None, guide_label(guide, vendor), "guide")

    def exists(self, kind: str, table: dict[str, Located], key: str, at: Located, loc) -> bool:
        """Whether `key` names a record; reports a dangling reference if not."""
        if key in table:
            return True
        if (kind, key) not in self.broken:
            renamed = self.renamed.get((kind, key))
            hint = f"; it was renamed to '{renamed}'" if renamed else _suggestion(key, table)
            message = f"unknown {kind} '{key}'{_missing_file(kind, key, at)}{hint}"
            self.problems.append(at.diagnostic(loc, "unknown-reference", message))
        return False



def _alias_clash(
    kind: str, key: str, old_id: str, old_page: str, live: Located | None, claimed: tuple[str, Located] | None
) -> str | None:
    """Why the alias `old_id` of the record `key` cannot have a redirect, or None if it can."""
    alias = old_id.rpartition("/")[2]
    if old_id == key:
        return f"alias '{alias}' is this {kind}'s own id; list only ids it was published under before"
    if live is not None:
        return (
            f"alias '{alias}' clashes with the live {kind} '{old_id}' ({_where(live)}): /{page_path(old_page)} "
            f"is that {kind}'s page. Remove the alias, or rename that {kind} first"
        )
    if claimed is not None:
        other_key, other = claimed
        return (
            f"alias '{alias}' is also an alias of {kind} '{other_key}' ({_where(other)}); "
            "an old URL can send readers to one page only, so keep it on one of them"
        )
    return None


def _where(located: Located) -> str:
    return f"{located.file}:{located.source.at(('id',)).line}"

_SHARED_FOLDERS = {"cause": "causes", "fix": "fixes", "faq": "faqs"}


def _missing_file(kind: str, key: str, at: Located) -> str:
    """': there is no content/fixes/<id>.yaml', for a shared record: most often its file was
    deleted or renamed. The content folder is the one the referring record sits in."""
    if kind not in _SHARED_FOLDERS:
        return ""
    depth = 3 if isinstance(at.record, Guide) else 2  # content/guides/<product>/x.yaml or content/<folder>/x.yaml
    parents = PurePosixPath(at.file).parents
    content = parents[depth - 1].as_posix() if len(parents) >= depth else "content"
    return f": there is no {content}/{_SHARED_FOLDERS[kind]}/{key}.yaml"


def _suggestion(key: str, table: dict[str, Located]) -> str:
    """did-you-mean over existing ids; guide keys are compared by guide id within the product,
    since every key of a product shares the 'product/' prefix."""
    product, _, guide_id = key.rpartition("/")
    siblings = {other.rpartition("/")[2]: other for other in table if product and other.startswith(f"{product}/")}
    if not siblings:
        return did_you_mean(key, table)
    match = closest(guide_id, siblings)
    return f"; did you mean '{siblings[match]}'?" if match else ""


