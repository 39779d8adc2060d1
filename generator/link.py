"""Stage 3, link: resolve every reference into one catalogue, forward and reverse.

`link()` is a pure function: valid records in, a `Catalogue` plus the problems
found out. It decides which page every record lives on and where every link
points (page and element id), so rendering only has to print. The whole graph
is built before anything is rendered: a cause page needs to know every guide
that mentions it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Generic, TypeVar

from .diagnostics import Diagnostic, closest, did_you_mean
from .models import Cause, ChecklistItem, CodeSample, Faq, Fix, FixUse, Guide, InlineFaq, Product
from .siteinfo import page_path
from .validate import Located, Records

__all__ = [
    "CAUSES_INDEX",
    "Catalogue",
    "CheckItem",
    "ExternalLink",
    "FEED",
    "FIXES_INDEX",
    "GuideCause",
    "GuideFix",
    "GuidePage",
    "HOME",
    "LISTING_SIZE",
    "LOOKUP",
    "Link",
    "Listing",
    "OPENSEARCH",
    "ProductPage",
    "Redirect",
    "SharedPage",
    "StatusPage",
    "TAGS_INDEX",
    "TagPage",
    "alias_page",
    "link",
]

# --- Where pages live (paths inside the generated docs folder) -------------------

HOME = "index.md"
CAUSES_INDEX = "causes/index.md"
FIXES_INDEX = "fixes/index.md"
TAGS_INDEX = "tags/index.md"
LOOKUP = "lookup.md"
FEED = "feed.xml"
"""Atom feed of the guides, newest review first."""
OPENSEARCH = "opensearch.xml"
"""OpenSearch description: browsers send a search (a pasted error) to the lookup page."""


def product_page(product_id: str) -> str:
    return f"{product_id}/index.md"


def guide_page(key: str) -> str:
    return f"{key}.md"


def cause_page(cause_id: str) -> str:
    return f"causes/{cause_id}.md"


def fix_page(fix_id: str) -> str:
    return f"fixes/{fix_id}.md"


def tag_page(tag: str) -> str:
    return f"tags/{tag}.md"


def listing_page(first: str, number: int) -> str:
    """Page `number` of a listing whose first page is `first`: deepseek/index.md,
    deepseek/page/2.md; status/402.md, status/402/page/2.md; tags/billing/page/2.md.
    No guide's page can be one of them: a guide id is one path segment."""
    if number == 1:
        return first
    folder = first.removesuffix("/index.md") if first.endswith("/index.md") else first.removesuffix(".md")
    return f"{folder}/page/{number}.md"


LISTING_SIZE = 50
"""Guides per page of a listing (a vendor's hub, a status, a tag). A listing longer than
this goes on over more pages, so no page grows with the number of guides."""
def alias_page(page: str) -> str:
    """The file at the old URL of a renamed guide, cause or fix: 'acme/old-id.md' was published
    at /acme/old-id/, so the page that sends readers on is 'acme/old-id/index.html'. It is HTML,
    which every builder copies as it is."""
    return f"{page.removesuffix('.md')}/index.html"


CLIENT_SIDE = "client-side"
"""The status pages' name for errors that come with no HTTP response."""


def status_page(status: int | None) -> str:
    return f"status/{status if status else CLIENT_SIDE}.md"


def guide_label(guide: Guide, vendor: str) -> str:
    """How links name a guide, the way readers scan for errors: "DeepSeek 402 Insufficient Balance"."""
    return f"{vendor} {guide.status} {guide.error}" if guide.status else f"{vendor} {guide.error}"


# --- The catalogue -----------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link inside the site: a page, an optional element id on it, and the link text."""

    page: str
    anchor: str | None
    label: str
    kind: str
    """What the link points at: guide, fix, cause or tag."""


@dataclass(frozen=True)
class ExternalLink:
    label: str
    url: str


@dataclass(frozen=True)
class GuideCause:
    """One entry of "Why does this error happen?"."""

    cause: Cause
    anchor: str
    page: str | None
    """The shared cause's own page, or None for a one-off cause."""
    guide: Link | None = None
    """The product's own guide for this cause, when another guide is dedicated to it."""


@dataclass(frozen=True)
class GuideFix:
    """One numbered step of "How to fix it"."""

    fix: Fix
    number: int
    anchor: str
    details: str | None
    page: str | None
    """The shared fix's own page, or None for a one-off fix."""
    vendor_link: ExternalLink | None
    code: tuple[CodeSample, ...]
    """The fix's samples that apply to this guide's product."""


@dataclass(frozen=True)
class CheckItem:
    """One checklist item and what resolves it."""

    check: str
    target: Link


@dataclass(frozen=True)
class GuidePage:
    """A guide with every reference resolved."""

    key: str
    """'product/guide-id', unique across the site."""
    page: str
    source: str
    """The YAML file the guide comes from, as authors see its path."""
    guide: Guide
    product: Product
    product_page: str
    status_page: str
    causes: tuple[GuideCause, ...]
    fixes: tuple[GuideFix, ...]
    faq: tuple[InlineFaq | Faq, ...]
    checklist: tuple[CheckItem, ...]
    related: tuple[GuidePage, ...]
    counterparts: tuple[GuidePage, ...]
    """The same error at other vendors, in both directions."""
    escalation: tuple[str, ...]
    """What to include when contacting support: the product's list, then the guide's."""
    tags: tuple[Link, ...] = ()
    """The guide's tags, each linking to its tag's page."""
    previous: Link | None = None
    next: Link | None = None
    """The vendor's guides in order (status, then id), for paging through them."""

    @property
    def label(self) -> str:
        return guide_label(self.guide, self.product.name)


@dataclass(frozen=True)
class Listing:
    """One page of a listing of guides, at most LISTING_SIZE of them, with its neighbours."""

    page: str
    number: int
    """1 for the listing's first page."""
    count: int
    """How many pages the listing has."""
    guides: tuple[GuidePage, ...]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class StatusPage:
    """Every vendor's guides for one HTTP status (None: client-side errors with no response)."""

    status: int | None
    page: str
    guides: tuple[GuidePage, ...]
    listing: tuple[Listing, ...] = ()
    """The guides, a page at a time; the first is `page`."""


@dataclass(frozen=True)
class StatusCount:
    """How many guides a vendor has for one status, and the hub page where they start."""

    status: int | None
    guides: int
    page: str


@dataclass(frozen=True)
class ProductPage:
    product: Product
    page: str
    guides: tuple[GuidePage, ...]
    listing: tuple[Listing, ...] = ()
    """The guides, a page at a time; the first is `page`."""
    statuses: tuple[StatusCount, ...] = ()


@dataclass(frozen=True)
class TagPage:
    """The guides that carry one tag."""

    tag: str
    page: str
    guides: tuple[GuidePage, ...]
    listing: tuple[Listing, ...] = ()


R = TypeVar("R", Cause, Fix)


@dataclass(frozen=True)
class CodeGroup:
    """A fix's code samples for one set of products; title is None when the fix has one group."""

    title: str | None
    samples: tuple[CodeSample, ...]


@dataclass(frozen=True)
class SharedPage(Generic[R]):
    """A shared cause or fix with the guides that use it (its reverse links)."""

    record: R
    page: str
    guides: tuple[GuidePage, ...]
    code_groups: tuple[CodeGroup, ...] = ()
    """A fix's samples grouped by the products they are for, as its own page shows them."""


@dataclass(frozen=True)
class Redirect:
    """An old URL of a renamed guide, cause or fix; the page there sends readers to `target`."""

    kind: str
    """guide, cause or fix."""
    old_id: str
    """The id it was published under ('product/old-id' for a guide)."""
    key: str
    """Its id now ('product/guide-id' for a guide)."""
    old_page: str
    """The page it was ('acme/old-id.md'), whose URL is the old URL."""
    page: str
    """The file written at the old URL: alias_page(old_page)."""
    target: Link
    """The page it is now, with its title."""


@dataclass(frozen=True)
class Catalogue:
    products: tuple[ProductPage, ...]
    guides: tuple[GuidePage, ...]
    causes: tuple[SharedPage[Cause], ...]
    fixes: tuple[SharedPage[Fix], ...]
    tags: tuple[TagPage, ...]
    """By tag, A-Z."""
    statuses: tuple[StatusPage, ...]
    """By status, ascending; client-side errors (no status) last."""
    redirects: tuple[Redirect, ...] = ()
    """The old URLs of renamed guides, causes and fixes, by the file written there."""


# --- Linking ------------------------------------------------------------------------


def link(records: Records) -> tuple[Catalogue, list[Diagnostic]]:
    """Resolve every reference; return the catalogue and the references that failed."""
    index = _Index(records)
    drafts = [_GuideLinker(index, located).draft() for located in index.guides.values()]
    guides = _finish(drafts)
    return _catalogue(index, guides), index.problems


class _Index:
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


@dataclass
class _Draft:
    """A guide whose own references are resolved; related guides are filled in last."""

    page: GuidePage
    related_keys: list[str]
    counterpart_keys: list[str]


class _GuideLinker:
    """Resolves the references of one guide."""

    def __init__(self, index: _Index, located: Located[Guide]):
        self.index = index
        self.at = located
        self.guide = located.record
        self.key = f"{self.guide.product}/{self.guide.id}"
        self.product_ok = index.exists("product", index.products, self.guide.product, located, ("product",))

    def draft(self) -> _Draft:
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
        return _Draft(page, self._related_keys(), self._counterpart_keys())

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


_STAND_IN_PRODUCT = Product.model_construct(name="(unknown product)", escalation=[])


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


def _finish(drafts: list[_Draft]) -> list[GuidePage]:
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


def _catalogue(index: _Index, guides: list[GuidePage]) -> Catalogue:
    return Catalogue(
        products=tuple(_product_pages(index, guides)),
        guides=tuple(guides),
        causes=tuple(_shared_pages(index.causes, guides, _cause_ids, cause_page)),
        fixes=tuple(_with_code_groups(page, index) for page in _shared_pages(index.fixes, guides, _fix_ids, fix_page)),
        tags=tuple(
            TagPage(tag, tag_page(tag), tagged, _listing(tag_page(tag), tagged))
            for tag, tagged in _grouped(guides, lambda page: page.guide.tags)
        ),
        statuses=_status_pages(guides),
        redirects=tuple(index.redirects),
    )


def _listing(first: str, guides: tuple[GuidePage, ...]) -> tuple[Listing, ...]:
    """`guides` split into pages of LISTING_SIZE; the first page is `first` (and exists even if empty)."""
    count = max(1, -(-len(guides) // LISTING_SIZE))
    pages = [listing_page(first, number) for number in range(1, count + 1)]
    return tuple(
        Listing(
            page,
            number + 1,
            count,
            guides[number * LISTING_SIZE : (number + 1) * LISTING_SIZE],
            pages[number - 1] if number else None,
            pages[number + 1] if number + 1 < count else None,
        )
        for number, page in enumerate(pages)
    )


def _status_pages(guides: list[GuidePage]) -> tuple[StatusPage, ...]:
    by_status = _users(guides, lambda page: [page.guide.status or 0])
    ordered = sorted(by_status, key=lambda status: (status == 0, status))
    return tuple(
        StatusPage(status or None, status_page(status or None), by_status[status], _listing(status_page(status or None), by_status[status]))
        for status in ordered
    )


def _product_pages(index: _Index, guides: list[GuidePage]):
    by_product = _users(guides, lambda page: [page.guide.product])
    for product_id in sorted(index.products):
        own = by_product.get(product_id, ())
        listing = _listing(product_page(product_id), own)
        yield ProductPage(index.products[product_id].record, product_page(product_id), own, listing, _status_counts(listing))


def _status_counts(listing: tuple[Listing, ...]) -> tuple[StatusCount, ...]:
    """A vendor's statuses in guide order (status, then id), each with the hub page it starts on."""
    counts: dict[int | None, list] = {}
    for part in listing:
        for page in part.guides:
            counts.setdefault(page.guide.status, [0, part.page])[0] += 1
    return tuple(StatusCount(status, number, page) for status, (number, page) in counts.items())


def _cause_ids(page: GuidePage) -> set[str]:
    shared = {cause.cause.id for cause in page.causes if cause.page}
    return shared | ({page.guide.explains} - {None})


def _fix_ids(page: GuidePage) -> set[str]:
    return {fix.fix.id for fix in page.fixes if fix.page}


def _shared_pages(table: dict[str, Located], guides: list[GuidePage], ids_of, page_of):
    users = _users(guides, ids_of)
    for record_id in sorted(table):
        yield SharedPage(table[record_id].record, page_of(record_id), users.get(record_id, ()))


def _users(guides: list[GuidePage], ids_of) -> dict[str, tuple[GuidePage, ...]]:
    """Record id → the guides that use it, in guide order: one pass over the guides
    (asking every record about every guide would grow with records × guides)."""
    users: dict[str, list[GuidePage]] = defaultdict(list)
    for page in guides:
        for record_id in ids_of(page):
            users[record_id].append(page)
    return {record_id: tuple(pages) for record_id, pages in users.items()}


def _with_code_groups(page: SharedPage[Fix], index: _Index) -> SharedPage[Fix]:
    groups: dict[tuple[str, ...], list[CodeSample]] = defaultdict(list)
    for sample in page.record.code:
        groups[tuple(sample.products)].append(sample)
    names = {key: located.record.name for key, located in index.products.items()}

    def title(products: tuple[str, ...]) -> str:
        if not products:
            return "Any vendor"
        shown = [names.get(product, product) for product in products]
        return " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)

    ordered = sorted(groups, key=lambda products: (bool(products), title(products)))
    single = len(ordered) == 1
    return replace(page, code_groups=tuple(CodeGroup(None if single else title(p), tuple(groups[p])) for p in ordered))


def _grouped(guides: list[GuidePage], keys_of) -> tuple:
    groups: dict = defaultdict(list)
    for page in guides:
        for key in keys_of(page):
            groups[key].append(page)
    return tuple((key, tuple(groups[key])) for key in sorted(groups))
