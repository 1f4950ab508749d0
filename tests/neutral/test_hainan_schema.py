"""The portal kit of editions unlike the reference one: no unit kind counted
under another (hainan-2024), no reform items, nothing to deliver.  Their
schemas are valid JSON Schema, which an empty ``allOf`` or ``oneOf`` is not
(ajv refuses to compile one)."""

from __future__ import annotations

import attrs
from jsonschema import Draft202012Validator, FormatChecker

from reform_brand import Edition, page_schema, submission_schema
from reform_brand.testing import SubmissionFactory


def test_a_page_without_a_kind_counted_under_another_is_valid(hainan: Edition) -> None:
    page = page_schema(hainan, "proposal")["schema"]
    Draft202012Validator.check_schema(page)
    assert "allOf" not in page
    env = SubmissionFactory(hainan)("proposal")
    for member in ("id", "arrived_at", "attachments"):
        env.pop(member)
    v = Draft202012Validator(page, format_checker=FormatChecker())
    assert [e.json_path for e in v.iter_errors(env)] == []


def _bare(hainan: Edition) -> Edition:
    delivery = attrs.evolve(hainan.delivery, deliverables=())
    return attrs.evolve(
        hainan,
        reform_items=(),
        declare_reform_items=False,
        delivery=delivery,
        extra_materials=(),
    )


def test_the_schemas_of_an_edition_without_reform_items_or_files_are_valid(
    hainan: Edition,
) -> None:
    bare = _bare(hainan)
    envelope = submission_schema(bare)
    page = page_schema(bare, "proposal")["schema"]
    for schema in (envelope, page):
        Draft202012Validator.check_schema(schema)
    env = SubmissionFactory(bare)("proposal")
    assert (env.get("reform_items"), env["attachments"]) == (None, [])
    v = Draft202012Validator(envelope, format_checker=FormatChecker())
    assert [e.json_path for e in v.iter_errors({**env, "reform_items": []})] == []
    refused = {**env, "reform_items": [1], "attachments": [{"role": "x", "path": "a.pdf"}]}
    assert sorted(e.json_path for e in v.iter_errors(refused)) == [
        "$.attachments[0].role",
        "$.reform_items[0]",
    ]


def test_ajv_compiles_them(hainan: Edition) -> None:
    """The portal's own validator (ajv 8, strict) compiles both."""
    from tests.portal._node import ajv_verdicts

    schemas = {
        "page": page_schema(hainan, "proposal")["schema"],
        "bare": submission_schema(_bare(hainan)),
    }
    compiled, _ = ajv_verdicts(schemas, [])
    assert compiled == {"page": None, "bare": None}
