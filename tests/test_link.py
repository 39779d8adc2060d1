"""Stage 3: references resolved into one catalogue, forward and reverse."""

import textwrap

from conftest import MINIMAL_CONTENT

GUIDE = "guides/acme/invalid-key.yaml"
SHOWN = "content/guides/acme/invalid-key.yaml"


def test_a_dangling_reference_suggests_an_existing_id(tree):
    tree.edit(GUIDE, "causes:\n  - bad-key\n", "causes:\n  - bad-kye\n")

    assert tree.problems() == [f"{SHOWN}:11:5: error[unknown-reference]: unknown cause 'bad-kye': there is no content/causes/bad-kye.yaml; did you mean 'bad-key'?"]


def test_a_reference_to_another_products_guide_is_checked_too(tree):
    tree.edit(GUIDE, "    guide: no-credit", "    guide: other/no-credit")

    assert tree.problems() == [
        f"{SHOWN}:22:5: error[unknown-reference]: unknown guide 'other/no-credit'; did you mean 'acme/no-credit'?"
    ]


def test_a_misspelt_guide_id_is_matched_within_its_product(tree):
    tree.edit(GUIDE, "    guide: no-credit", "    guide: no-credt")

    assert tree.problems() == [
        f"{SHOWN}:22:5: error[unknown-reference]: unknown guide 'acme/no-credt'; did you mean 'acme/no-credit'?"
    ]


def test_a_shared_prefix_alone_is_not_offered_as_a_suggestion(tree):
    tree.edit(GUIDE, "    guide: no-credit", "    guide: invalid-format")

    assert tree.problems() == [f"{SHOWN}:22:5: error[unknown-reference]: unknown guide 'acme/invalid-format'"]


def test_a_duplicate_id_names_both_files(tree):
    tree.write("causes/bad-key-copy.yaml", "id: bad-key\ntitle: Copy\nexplanation: Copy.\n")

    assert tree.problems() == [
        "content/causes/bad-key.yaml:1:1: error[duplicate-id]: duplicate cause id 'bad-key'; "
        "also defined in content/causes/bad-key-copy.yaml:1"
    ]


def test_a_reference_to_a_broken_record_is_not_reported_twice(tree):
    tree.write("causes/bad-key.yaml", "id: bad-key\ntitle: [unclosed\n")

    problems = tree.problems()

    assert len(problems) == 1
    assert problems[0].startswith("content/causes/bad-key.yaml:")


def test_a_checklist_fix_must_be_one_of_the_guides_fixes(tree):
    tree.edit(GUIDE, "    fix: new-key", "    fix: buy-credit")

    assert tree.problems() == [
        f"{SHOWN}:20:5: error[checklist-target]: fix 'buy-credit' is not one of this guide's fixes; "
        "add it to 'fixes' or point the item at a guide instead"
    ]


def test_a_one_off_record_cannot_reuse_a_shared_id(tree):
    tree.edit("guides/acme/no-credit.yaml", "  - id: buy-credit", "  - id: new-key")
    tree.edit("guides/acme/no-credit.yaml", "    fix: buy-credit", "    fix: new-key")

    assert tree.problems() == [
        "content/guides/acme/no-credit.yaml:11:5: error[shadowed-id]: one-off fix 'new-key' has the id of a "
        "shared fix; write just '- new-key' to use the shared one, or rename this one",
        "content/guides/acme/no-credit.yaml:16:5: error[checklist-target]: fix 'new-key' is not one of this "
        "guide's fixes; add it to 'fixes' or point the item at a guide instead",
    ]


def test_only_one_guide_per_product_may_explain_a_cause(tree):
    tree.edit("guides/acme/no-credit.yaml", "explains: no-credit", "explains: bad-key")

    assert tree.problems() == [
        "content/guides/acme/no-credit.yaml:7:1: error[duplicate-explains]: 'explains': guide 'acme/invalid-key' "
        "already explains cause 'bad-key' for acme; only one guide per product can be the guide for a cause"
    ]


def test_checklist_items_link_to_the_fix_anchor_or_the_other_guide(tree):
    guide = tree.catalogue().guides[0]

    assert [(item.target.page, item.target.anchor, item.target.label) for item in guide.checklist] == [
        ("acme/invalid-key.md", "fix-new-key", "Fix 1: Create a new key"),
        ("acme/no-credit.md", None, "Acme 402 no_credit"),
    ]


def test_a_cause_links_to_the_products_guide_for_it_unless_it_is_this_guide(tree):
    tree.edit(GUIDE, "  - bad-key\nfixes:", "  - bad-key\n  - no-credit\nfixes:")

    guide = tree.catalogue().guides[0]

    assert [(cause.cause.id, cause.guide and cause.guide.page) for cause in guide.causes] == [
        ("bad-key", None),  # this guide explains bad-key itself
        ("no-credit", "acme/no-credit.md"),  # the 402 guide explains no-credit
    ]


def test_a_checklist_cause_links_to_this_pages_cause_first(tree):
    tree.edit(GUIDE, "    guide: no-credit", "    cause: bad-key")

    item = tree.catalogue().guides[0].checklist[1]

    assert (item.target.page, item.target.anchor) == ("acme/invalid-key.md", "cause-bad-key")


def test_shared_records_know_which_guides_use_them(tree):
    catalogue = tree.catalogue()

    users = {shared.record.id: [page.key for page in shared.guides] for shared in catalogue.causes}
    assert users == {"bad-key": ["acme/invalid-key"], "no-credit": ["acme/no-credit"]}
    assert [(s.record.id, [p.key for p in s.guides]) for s in catalogue.fixes] == [("new-key", ["acme/invalid-key"])]


def test_a_cause_ruled_out_only_by_a_checklist_item_is_used_by_that_guide(tree):
    # One definition of "the causes a guide uses" (Guide.cause_ids_used) for the cause's
    # page and for the orphan lint: the cause's page lists the guide that links to it.
    tree.edit("guides/acme/no-credit.yaml", "    fix: buy-credit", "    cause: bad-key")

    catalogue = tree.catalogue()

    users = {shared.record.id: [page.key for page in shared.guides] for shared in catalogue.causes}
    assert users["bad-key"] == ["acme/invalid-key", "acme/no-credit"]


def test_a_fix_that_uses_the_vendors_key_page_links_it(tree):
    fix = tree.catalogue().guides[0].fixes[0]

    assert (fix.vendor_link.label, fix.vendor_link.url) == ("Acme API keys", "https://console.acme.test/keys")


def test_a_fix_that_needs_a_vendor_page_the_product_lacks_is_an_error(tree):
    tree.edit("fixes/new-key.yaml", "vendor_page: keys", "vendor_page: status")

    assert tree.problems() == [
        f"{SHOWN}:13:5: error[missing-vendor-page]: fix 'new-key' links the vendor's status page, but product "
        "'acme' has no status_url; add it to the product or use another fix"
    ]


def test_guides_are_indexed_by_status_and_tag(tree):
    tree.edit(GUIDE, "reviewed:", "tags:\n  - auth\nreviewed:")

    catalogue = tree.catalogue()

    assert [(s.status, s.page, [p.key for p in s.guides]) for s in catalogue.statuses] == [
        (401, "status/401.md", ["acme/invalid-key"]),
        (402, "status/402.md", ["acme/no-credit"]),
    ]
    assert [(tag.tag, [p.key for p in tag.guides]) for tag in catalogue.tags] == [("auth", ["acme/invalid-key"])]


def _add_second_vendor(tree) -> None:
    product = textwrap.dedent(MINIMAL_CONTENT["products/acme.yaml"]).replace("id: acme", "id: zeta")
    tree.write("products/zeta.yaml", product.replace("name: Acme", "name: Zeta"))
    guide = textwrap.dedent(MINIMAL_CONTENT["guides/acme/no-credit.yaml"]).replace("product: acme", "product: zeta")
    tree.write("guides/zeta/no-credit.yaml", guide)


def test_a_counterpart_listed_on_one_side_links_both_ways(tree):
    _add_second_vendor(tree)
    tree.edit("guides/acme/no-credit.yaml", "reviewed:", "counterparts:\n  - zeta/no-credit\nreviewed:")

    pages = {page.key: [other.key for other in page.counterparts] for page in tree.catalogue().guides}

    assert pages == {"acme/invalid-key": [], "acme/no-credit": ["zeta/no-credit"], "zeta/no-credit": ["acme/no-credit"]}


def test_a_counterpart_must_belong_to_another_vendor(tree):
    tree.edit("guides/acme/no-credit.yaml", "reviewed:", "counterparts:\n  - acme/invalid-key\nreviewed:")

    assert tree.problems() == [
        "content/guides/acme/no-credit.yaml:21:5: error[counterpart-product]: 'acme/invalid-key' is not another "
        "vendor's guide; counterparts are 'product/guide-id' of other products (use 'related' for acme's own guides)"
    ]


def test_a_guide_shows_only_the_samples_for_its_product(tree):
    _add_second_vendor(tree)
    tree.edit(
        "fixes/new-key.yaml",
        '    code: print("hello")\n',
        '    code: print("hello")\n  - language: bash\n    code: curl zeta\n    products: [zeta]\n',
    )

    fix = tree.catalogue().guides[0].fixes[0]

    assert [sample.language for sample in fix.code] == ["python"]


def test_a_sample_for_an_unknown_product_is_an_error(tree):
    tree.edit("fixes/new-key.yaml", '    code: print("hello")\n', '    code: print("hello")\n    products: [acne]\n')

    assert tree.problems() == [
        "content/fixes/new-key.yaml:8:16: error[unknown-reference]: unknown product 'acne'; did you mean 'acme'?"
    ]


def test_a_deleted_shared_fix_is_one_error_per_use_naming_the_missing_file(tree):
    tree.remove("fixes/new-key.yaml")

    assert tree.problems() == [
        f"{SHOWN}:13:5: error[unknown-reference]: unknown fix 'new-key': there is no content/fixes/new-key.yaml",
        f"{SHOWN}:20:5: error[unknown-reference]: unknown fix 'new-key': there is no content/fixes/new-key.yaml",
    ]


def test_a_deleted_shared_cause_is_one_error_per_use_naming_the_missing_file(tree):
    tree.remove("causes/bad-key.yaml")
    missing = "unknown cause 'bad-key': there is no content/causes/bad-key.yaml"

    assert tree.problems() == [f"{SHOWN}:9:1: error[unknown-reference]: {missing}",
                               f"{SHOWN}:11:5: error[unknown-reference]: {missing}"]


def test_a_missing_shared_record_suggests_an_existing_id(tree):
    tree.edit(GUIDE, "faq:\n  - which-key\n", "faq:\n  - which-kye\n")

    assert tree.problems() == [
        "content/faqs/which-key.yaml:1:1: warning[orphan]: shared FAQ 'which-key' is not used by any guide; "
        "reference it from a guide or delete the file",
        f"{SHOWN}:15:5: error[unknown-reference]: unknown faq 'which-kye': there is no "
        "content/faqs/which-kye.yaml; did you mean 'which-key'?"
    ]
