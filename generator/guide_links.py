"""Linking one guide: its causes, fixes, FAQ, checklist, related guides and counterparts.

`GuideLinker` resolves a guide's own references against the `RecordIndex` and
reports those that fail; `finish` fills in what needs every guide linked first
(related guides, counterparts in both directions, the vendor's previous and next).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .catalogue import CheckItem, ExternalLink, GuideCause, GuideFix, GuidePage, Link
from .diagnostics import did_you_mean
from .models import Cause, ChecklistItem, Faq, Fix, FixUse, Guide, InlineFaq, Product
from .paths import cause_page, fix_page, guide_page, product_page, status_page, tag_page
from .record_index import RecordIndex

if TYPE_CHECKING:  # the validate stage's output, read here
    from .validate import Located

__all__ = ["Draft", "GuideLinker", "finish"]


@dataclass
class Draft:
    """A guide whose own references are resolved; related guides are filled in last."""

    page: GuidePage
    related_keys: list[str]
    counterpart_keys: list[str]


class GuideLinker:
    """Resolves the references of one guide."""

    def __init__(self, index: RecordIndex, located: Located[Guide]):
        self.index = index
        self.at = located
        self.guide = located.record
        self.key = f"{self.guide.product}/{self.guide.id}"
        self.product_ok = index.exists("product", index.products, self.guide.product, located, ("product",))

    def draft(self) -> Draft:
        causes = self._causes()
        fixes = self._fixes()
        page = GuidePage(
            key=self.key,
            page=guide_page(self.key),
            source=self.at.file,
            guide=self.guide,
            product=self._product(),
            product_page=product_page(self.guide.product),
            status_page=status_page(self.guide.status),
            causes=causes,
            fixes=fixes,
            faq=self._faq(),
            checklist=self._checklist(causes, fixes),
            related=(),
            counterparts=(),
            escalation=(*self._product().escalation, *self.guide.escalation),
            tags=tuple(Link(tag_page(tag), None, tag, "tag") for tag in self.guide.tags),
        )
        self._check_explains()
        return Draft(page, self._related_keys(), self._counterpart_keys())

    def _product(self) -> Product:
        if self.product_ok:
            return self.index.products[self.guide.product].record
        # The guide is reported already; a stand-in keeps linking going so every
        # other problem is found in the same run.
        return _STAND_IN_PRODUCT

    def _causes(self) -> tuple[GuideCause, ...]:
        found = []
        for position, entry in enumerate(self.guide.causes):
            loc = ("causes", position)
            if isinstance(entry, str):
                if self.index.exists("cause", self.index.causes, entry, self.at, loc):
                    record = self.index.causes[entry].record
                    found.append(GuideCause(record, f"cause-{entry}", cause_page(entry), self._explainer(entry)))
            elif self._is_new_local_id("cause", entry.id, self.index.causes, loc):
                self._no_aliases("cause", entry, loc)
                found.append(GuideCause(entry, f"cause-{entry.id}", None))
        self._report_repeats("cause", [c.cause.id for c in found], "causes")
        return tuple(found)

    def _fixes(self) -> tuple[GuideFix, ...]:
        found = []
        for position, entry in enumerate(self.guide.fixes):
            loc = ("fixes", position)
            if isinstance(entry, Fix):
                if self._is_new_local_id("fix", entry.id, self.index.fixes, loc):
                    self._no_aliases("fix", entry, loc)
                    found.append(self._guide_fix(entry, len(found) + 1, None, False, loc))
                continue
            use = FixUse(fix=entry) if isinstance(entry, str) else entry
            if self.index.exists("fix", self.index.fixes, use.fix, self.at, loc):
                shared = self.index.fixes[use.fix].record
                found.append(self._guide_fix(shared, len(found) + 1, use.details, True, loc))
        self._report_repeats("fix", [f.fix.id for f in found], "fixes")
        return tuple(found)

    def _guide_fix(self, fix: Fix, number: int, details: str | None, shared: bool, loc) -> GuideFix:
        page = fix_page(fix.id) if shared else None
        code = tuple(s for s in fix.code if not s.products or self.guide.product in s.products)
        return GuideFix(fix, number, f"fix-{fix.id}", details, page, self._vendor_link(fix, loc), code)

    def _vendor_link(self, fix: Fix, loc) -> ExternalLink | None:
        if fix.vendor_page is None or not self.product_ok:
            return None
        product = self._product()
        url = {
            "keys": product.keys_url,
            "billing": product.billing_url,
            "limits": product.limits_url,
            "status": product.status_url,
        }[fix.vendor_page]
        if url is None:
            message = (
                f"fix '{fix.id}' links the vendor's {fix.vendor_page} page, but product '{product.id}' "
                f"has no {fix.vendor_page}_url; add it to the product or use another fix"
            )
            self.index.problems.append(self.at.diagnostic(loc, "missing-vendor-page", message))
            return None
        label = {"keys": "API keys", "billing": "billing", "limits": "limits", "status": "status page"}[fix.vendor_page]
        return ExternalLink(f"{product.name} {label}", url)

    def _is_new_local_id(self, kind: str, local_id: str, shared: dict[str, Located], loc) -> bool:
        if local_id not in shared:
            return True
        message = (
            f"one-off {kind} '{local_id}' has the id of a shared {kind}; "
            f"write just '- {local_id}' to use the shared one, or rename this one"
        )
        self.index.problems.append(self.at.diagnostic(loc, "shadowed-id", message))
        return False

    def _no_aliases(self, kind: str, entry: Cause | Fix, loc) -> None:
        if entry.aliases:
            shared = {"cause": "causes", "fix": "fixes"}[kind]
            message = f"'aliases' is for shared {shared}, which have a page; a one-off {kind} has no old URL to keep"
            self.index.problems.append(self.at.diagnostic((*loc, "aliases"), "unknown-field", message))

    def _report_repeats(self, kind: str, ids: list[str], field: str) -> None:
        seen = set()
        for entry_id in ids:
            if entry_id in seen:
                message = f"{kind} '{entry_id}' is listed twice in '{field}'"
                self.index.problems.append(self.at.diagnostic((field,), "duplicate-entry", message))
            seen.add(entry_id)

    def _faq(self) -> tuple[InlineFaq | Faq, ...]:
        found: list[InlineFaq | Faq] = []
        for position, entry in enumerate(self.guide.faq):
            if not isinstance(entry, str):
                found.append(entry)
            elif self.index.exists("faq", self.index.faqs, entry, self.at, ("faq", position)):
                found.append(self.index.faqs[entry].record)
        return tuple(found)

    def _checklist(self, causes: tuple[GuideCause, ...], fixes: tuple[GuideFix, ...]) -> tuple[CheckItem, ...]:
        found = []
        for position, item in enumerate(self.guide.checklist):
            target = self._check_target(item, causes, fixes, ("checklist", position, item.target_kind))
            if target is not None:
                found.append(CheckItem(item.check, target))
        return tuple(found)

    def _check_target(self, item: ChecklistItem, causes, fixes, loc) -> Link | None:
        if item.target_kind == "fix":
            return self._own_fix(item.target_id, fixes, loc)
        if item.target_kind == "guide":
            return self._guide_link(item.target_id, loc)
        return self._cause_link(item.target_id, causes, loc)

    def _own_fix(self, fix_id: str, fixes: tuple[GuideFix, ...], loc) -> Link | None:
        for fix in fixes:
            if fix.fix.id == fix_id:
                return Link(self.page, fix.anchor, f"Fix {fix.number}: {fix.fix.title}", "fix")
        if fix_id in self._shared_fixes_listed():  # listed, but its file is missing: say that, not "add it"
            self.index.exists("fix", self.index.fixes, fix_id, self.at, loc)
            return None
        own = [fix.fix.id for fix in fixes]
        message = (
            f"fix '{fix_id}' is not one of this guide's fixes{did_you_mean(fix_id, own)}; "
            "add it to 'fixes' or point the item at a guide instead"
        )
        self.index.problems.append(self.at.diagnostic(loc, "checklist-target", message))
        return None

    def _shared_fixes_listed(self) -> set[str]:
        return {entry if isinstance(entry, str) else entry.fix for entry in self.guide.fixes if not isinstance(entry, Fix)}

    @property
    def page(self) -> str:
        return guide_page(self.key)

    def _guide_key(self, ref: str) -> str:
        return ref if "/" in ref else f"{self.guide.product}/{ref}"

    def _guide_link(self, ref: str, loc) -> Link | None:
        key = self._guide_key(ref)
        if key == self.key:
            message = f"'{ref}' is this guide itself; link another guide"
            self.index.problems.append(self.at.diagnostic(loc, "self-reference", message))
            return None
        if not self.index.exists("guide", self.index.guides, key, self.at, loc):
            return None
        return self.index.guide_target(key)

    def _explainer(self, cause_id: str) -> Link | None:
        """The product's guide dedicated to the cause, unless that is this guide."""
        explainer = self.index.explainers.get((self.guide.product, cause_id))
        if explainer is None or explainer == self.key:
            return None
        return self.index.guide_target(explainer)

    def _cause_link(self, cause_id: str, causes: tuple[GuideCause, ...], loc) -> Link | None:
        """A cause links to the product's guide for it, else to this page's entry, else its own page."""
        explainer = self._explainer(cause_id)
        if explainer is not None:
            return explainer
        for cause in causes:
            if cause.cause.id == cause_id:
                return Link(self.page, cause.anchor, cause.cause.title, "cause")
        return self._cause_page_link(cause_id, loc)

    def _cause_page_link(self, cause_id: str, loc) -> Link | None:
        if self.index.exists("cause", self.index.causes, cause_id, self.at, loc):
            return Link(cause_page(cause_id), None, self.index.causes[cause_id].record.title, "cause")
        return None

    def _related_keys(self) -> list[str]:
        keys = []
        for position, ref in enumerate(self.guide.related):
            if self._guide_link(ref, ("related", position)) is not None:
                keys.append(self._guide_key(ref))
        return keys

    def _counterpart_keys(self) -> list[str]:
        keys = []
        for position, ref in enumerate(self.guide.counterparts):
            loc = ("counterparts", position)
            if "/" not in ref or ref.partition("/")[0] == self.guide.product:
                message = (
                    f"'{ref}' is not another vendor's guide; counterparts are 'product/guide-id' "
                    f"of other products (use 'related' for {self.guide.product}'s own guides)"
                )
                self.index.problems.append(self.at.diagnostic(loc, "counterpart-product", message))
            elif self._guide_link(ref, loc) is not None:
                keys.append(ref)
        return keys

    def _check_explains(self) -> None:
        if self.guide.explains is not None:
            self.index.exists("cause", self.index.causes, self.guide.explains, self.at, ("explains",))
        for position, product_id in enumerate(self.guide.applies_to):
            self.index.exists("product", self.index.products, product_id, self.at, ("applies_to", position))


_STAND_IN_PRODUCT = Product.model_construct(name="(unknown product)", escalation=[])


def finish(drafts: list[Draft]) -> list[GuidePage]:
    """Fill in related guides and counterparts, now that every guide page exists."""
    by_key = {draft.page.key: draft.page for draft in drafts}
    # Counterparts go both ways, so an author lists a pair on one side only.
    counterparts: dict[str, set[str]] = defaultdict(set)
    for draft in drafts:
        for key in draft.counterpart_keys:
            counterparts[draft.page.key].add(key)
            counterparts[key].add(draft.page.key)
    finished = {}
    for draft in drafts:
        related = tuple(by_key[key] for key in draft.related_keys)
        others = sorted((by_key[key] for key in counterparts[draft.page.key]), key=_guide_order)
        finished[draft.page.key] = replace(draft.page, related=related, counterparts=tuple(others))
    return _paged(sorted(finished.values(), key=_guide_order))


def _paged(guides: list[GuidePage]) -> list[GuidePage]:
    """Link each guide to the vendor's previous and next guide."""
    paged = []
    for index, page in enumerate(guides):
        before = guides[index - 1] if index > 0 else None
        after = guides[index + 1] if index + 1 < len(guides) else None
        paged.append(
            replace(
                page,
                previous=_page_link(before) if before and before.guide.product == page.guide.product else None,
                next=_page_link(after) if after and after.guide.product == page.guide.product else None,
            )
        )
    return paged


def _page_link(page: GuidePage) -> Link:
    return Link(page.page, None, page.label, "guide")


def _guide_order(page: GuidePage) -> tuple:
    return (page.guide.product, page.guide.status or 0, page.guide.id)


