"""Stage 2: typed validation, with messages that name the file, line and field."""

GUIDE = "guides/acme/invalid-key.yaml"
SHOWN = "content/guides/acme/invalid-key.yaml"


def test_the_minimal_tree_is_valid(tree):
    catalogue = tree.catalogue()

    assert [page.key for page in catalogue.guides] == ["acme/invalid-key", "acme/no-credit"]


def test_an_unknown_field_suggests_the_closest_field(tree):
    tree.edit(GUIDE, "summary:", "sumary:")

    assert tree.problems() == [
        f"{SHOWN}:1:1: error[missing-field]: missing required field 'summary'",
        f"{SHOWN}:8:1: error[unknown-field]: 'sumary' is not a field of guide; did you mean 'summary'?",
    ]


def test_an_unknown_field_in_a_nested_record_names_that_record(tree):
    tree.edit(GUIDE, "  - check: The key is current.", "  - chek: The key is current.")

    assert tree.problems() == [
        f"{SHOWN}:19:5: error[missing-field]: missing required field 'check' in checklist[0]",
        f"{SHOWN}:19:5: error[unknown-field]: 'chek' is not a field of checklist item; did you mean 'check'?",
    ]


def test_a_faq_question_without_an_answer_is_an_error(tree):
    tree.edit(GUIDE, "    answer: No, that is a 402.\n", "")

    assert tree.problems() == [f"{SHOWN}:16:5: error[missing-field]: missing required field 'answer' in faq[1]"]


def test_an_empty_answer_is_an_error_too(tree):
    tree.edit(GUIDE, "    answer: No, that is a 402.", "    answer:")

    assert tree.problems() == [f"{SHOWN}:17:5: error[empty]: 'faq[1].answer' is empty"]


def test_an_empty_list_where_a_heading_would_show_is_an_error(tree):
    tree.edit(
        GUIDE,
        "checklist:\n  - check: The key is current.\n    fix: new-key\n"
        "  - check: The credit is not used up.\n    guide: no-credit\n",
        "checklist: []\n",
    )

    problems = tree.problems()

    assert problems == [f"{SHOWN}:18:1: error[empty]: 'checklist' is empty; add at least one item"]


def test_an_empty_optional_list_must_be_filled_or_removed(tree):
    tree.edit(GUIDE, "escalation:\n  - The time of the failed request.\n  - The key's last four characters.\n", "escalation:\n")

    assert tree.problems() == [f"{SHOWN}:23:1: error[empty]: 'escalation' is empty; add at least one item or remove it"]


def test_ids_must_be_url_slugs(tree):
    tree.edit("causes/bad-key.yaml", "id: bad-key", "id: Bad_Key")

    assert tree.problems() == [
        "content/causes/bad-key.yaml:1:1: error[bad-id]: id: 'Bad_Key' is not a valid id; ids are lowercase "
        "words joined by hyphens (they become URLs), e.g. 'bad-key'"
    ]


def test_product_ids_cannot_take_a_url_the_site_uses(tree):
    tree.edit("products/acme.yaml", "id: acme", "id: causes")

    problems = tree.problems()

    assert problems[0] == (
        "content/products/acme.yaml:1:1: error[bad-id]: id: 'causes' is reserved (/causes/ is used by the "
        "site itself); choose another id"
    )


def test_a_wrong_type_names_the_field_and_the_expected_type(tree):
    tree.edit(GUIDE, "status: 401", "status: four-oh-one")

    assert tree.problems() == [
        f"{SHOWN}:4:1: error[wrong-type]: 'status' input should be a valid integer, unable to parse string as an integer"
    ]


def test_a_checklist_item_must_name_exactly_one_target(tree):
    tree.edit(GUIDE, "    fix: new-key\n  - check: The credit", "    fix: new-key\n    cause: bad-key\n  - check: The credit")

    assert tree.problems() == [
        f"{SHOWN}:19:5: error[checklist-target]: checklist[0] names 'fix' and 'cause'; "
        "name exactly one of 'fix', 'guide' or 'cause'"
    ]


def test_a_checklist_item_that_resolves_to_nothing_is_an_error(tree):
    tree.edit(GUIDE, "  - check: The key is current.\n    fix: new-key\n", "  - check: The key is current.\n")

    assert tree.problems() == [
        f"{SHOWN}:19:5: error[checklist-target]: checklist[0] names nothing that resolves it; "
        "add 'fix', 'guide' or 'cause'"
    ]


def test_source_urls_must_be_http(tree):
    tree.edit(GUIDE, "url: https://docs.acme.test/errors", "url: docs.acme.test/errors")

    assert tree.problems() == [
        f"{SHOWN}:28:5: error[invalid-url]: sources[0].url: 'docs.acme.test/errors' is not an http(s) URL"
    ]


def test_a_review_date_in_the_future_is_an_error(tree):
    tree.edit(GUIDE, "reviewed: 2026-11-01", "reviewed: 2027-01-01")

    assert tree.problems() == [
        f"{SHOWN}:29:1: error[future-date]: 'reviewed' is 2027-01-01, which is in the future; "
        "use the date you checked the sources"
    ]


def test_a_guide_must_sit_in_its_products_folder(tree):
    tree.edit("guides/acme/no-credit.yaml", "product: acme", "product: other")

    problems = tree.problems()

    assert (
        "content/guides/acme/no-credit.yaml:2:1: error[wrong-folder]: guide is in content/guides/acme/ but says "
        "product 'other'; move the file to content/guides/other/ or correct 'product'"
    ) in problems


def test_a_file_that_is_a_list_is_reported(tree):
    tree.write("causes/listed.yaml", "- id: a\n- id: b\n")

    assert tree.problems() == [
        "content/causes/listed.yaml:1:1: error[not-a-mapping]: a cause file must be a mapping of fields "
        "(key: value), got a list"
    ]


def test_an_entry_of_the_wrong_shape_explains_both_shapes(tree):
    tree.edit(GUIDE, "causes:\n  - bad-key\n", "causes:\n  - 42\n")

    assert tree.problems() == [
        f"{SHOWN}:11:5: error[wrong-type]: 'causes[0]' must be a shared cause id, or a one-off cause "
        "with 'id', 'title' and 'explanation'"
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(tree):
    tree.edit(GUIDE, "summary:", "sumary:")
    tree.edit("causes/bad-key.yaml", "title: The key is wrong\n", "")
    tree.write("faqs/broken.yaml", "question: [unclosed\n")

    problems = tree.problems()

    assert [problem.split(": ")[0] for problem in problems] == [
        "content/causes/bad-key.yaml:1:1",
        "content/faqs/broken.yaml:2:1",
        f"{SHOWN}:1:1",
        f"{SHOWN}:8:1",
    ]
