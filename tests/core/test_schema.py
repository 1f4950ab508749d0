"""Forms as JSON Schema, UI schemas and the submission envelope schema."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from reform_brand import Edition, UnknownFormError, form_schema, submission_schema, ui_schema
from reform_brand.schema import get_form

VALID_APPLICATION: dict[str, Any] = {
    "applicant_unit": "济南市科协",
    "date": "2022-08-15",
    "project_name": "“三长”进驻“两中心”工作机制创新",
    "contact": {
        "name": "张明",
        "title": "办公室主任",
        "office_phone": "0531-82073271",
        "mobile": "13805310000",
        "email": "office@example.cn",
    },
    "project_basis": "第一段。\n第二段。",
    "project_implementation": "实施 & <步骤>",
    "expected_outcomes": "成效",
}

VALID_ENVELOPE: dict[str, Any] = {
    "version": 1,
    "id": "jinan-1",
    "edition": "shandong-2022",
    "form": "application",
    "unit": {"name": "历城区科协", "kind": "county-association", "city": "济南市科协"},
    "reform_items": [1, 16],
    "arrived_at": "2022-08-19T10:00:00+08:00",
    "attachments": [
        {"role": "signed-scan", "path": "scan.pdf"},
        {"role": "word", "path": "form.docx"},
    ],
    "data": VALID_APPLICATION,
}


def errors(schema: dict[str, Any], instance: object) -> list[tuple[str, str]]:
    v = Draft202012Validator(schema, format_checker=FormatChecker())
    return sorted((e.json_path, str(e.validator)) for e in v.iter_errors(instance))


@pytest.mark.parametrize("form_id", ["application", "recommendation"])
def test_form_schemas_are_valid_draft_2020_12(edition: Edition, form_id: str) -> None:
    schema = form_schema(edition, form_id)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False


def test_valid_application_passes(edition: Edition) -> None:
    assert errors(form_schema(edition, "application"), VALID_APPLICATION) == []


def test_issuer_only_field_is_not_asked_of_the_applicant(edition: Edition) -> None:
    schema = form_schema(edition, "application")
    assert "issuer_opinion" not in schema["required"]
    assert schema["properties"]["issuer_opinion"]["readOnly"] is True
    # Left empty (absent, null or blank) as the issuer-only rule accepts it;
    # any text is refused.
    for empty in ("", " \u3000", None):
        assert errors(schema, {**VALID_APPLICATION, "issuer_opinion": empty}) == []
    data = {**VALID_APPLICATION, "issuer_opinion": "同意"}
    assert errors(schema, data) == [("$.issuer_opinion", "pattern")]
    full = form_schema(edition, "application", role="issuer")
    assert "readOnly" not in full["properties"]["issuer_opinion"]


def test_required_fields_and_blank_values(edition: Edition) -> None:
    schema = form_schema(edition, "application")
    assert set(schema["required"]) == {
        "applicant_unit",
        "project_name",
        "contact",
        "project_basis",
        "project_implementation",
        "expected_outcomes",
    }
    data = copy.deepcopy(VALID_APPLICATION)
    data["project_name"] = "　 "  # full-width and half-width spaces only
    del data["contact"]["mobile"]
    assert errors(schema, data) == [("$.contact", "required"), ("$.project_name", "pattern")]


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("office_phone", "0531-82073271", True),
        ("office_phone", "82073208", False),
        ("office_phone", "０５３１-82073271", True),  # full-width digits: read, with a warning
        ("office_phone", "0531 82073271", False),
        ("office_phone", "x0531-82073271", False),  # anchored
        ("mobile", "13805310000", True),
        ("mobile", "1380531000", False),
        ("mobile", "23805310000", False),
        ("mobile", "１３８０５３１００００", True),
        ("mobile", "138 0531 0000", False),
        ("email", "office@example.cn", True),
        ("email", "office@", False),
        ("email", "a b@example.cn", False),
    ],
)
def test_contact_patterns(edition: Edition, field: str, value: str, ok: bool) -> None:
    data = copy.deepcopy(VALID_APPLICATION)
    data["contact"][field] = value
    assert (errors(form_schema(edition, "application"), data) == []) is ok


def test_patterns_are_anchored_and_use_ascii_digit_classes(edition: Edition) -> None:
    text = json.dumps([form_schema(edition, f.id) for f in edition.forms])
    assert "\\\\d" not in text
    for form in edition.forms:
        for _, f in form.walk():
            if f.pattern:
                assert f.pattern.startswith("^") and f.pattern.endswith("$"), f.id


def test_titles_are_chinese_with_english_alongside(edition: Edition) -> None:
    schema = form_schema(edition, "application")
    name = schema["properties"]["project_name"]
    assert name["title"] == "项目名称"
    assert name["x-en"]["title"] == "Project name"
    assert name["x-reform-brand"]["clause"] == "附件1"


def test_ui_schema_order_and_widgets(edition: Edition) -> None:
    ui = ui_schema(edition, "application")
    assert ui["ui:order"][:4] == ["applicant_unit", "date", "project_name", "contact"]
    assert ui["issuer_opinion"] == {"ui:widget": "hidden"}
    assert ui["project_basis"]["ui:widget"] == "textarea"
    assert ui["project_basis"]["ui:options"]["rows"] >= 3
    assert ui["contact"]["ui:order"] == ["name", "title", "office_phone", "mobile", "email"]
    # Help appears once: the schema's description in Chinese; the UI schema
    # carries only the limits.
    schema = form_schema(edition, "application")
    assert schema["properties"]["contact"]["properties"]["office_phone"]["description"].startswith(
        "区号"
    )
    assert "ui:description" not in ui["contact"]["office_phone"]
    assert "ui:help" not in ui["contact"]["office_phone"]
    en = ui_schema(edition, "application", lang="en")
    assert en["project_basis"]["ui:title"] == "Project basis"
    assert en["contact"]["office_phone"]["ui:description"].startswith("Area code")


def test_unknown_form(edition: Edition) -> None:
    with pytest.raises(UnknownFormError) as info:
        get_form(edition, "nope")
    assert "application" in info.value.message("en")


def test_envelope_schema_accepts_a_valid_submission(edition: Edition) -> None:
    schema = submission_schema(edition)
    Draft202012Validator.check_schema(schema)
    assert errors(schema, VALID_ENVELOPE) == []
    Draft202012Validator.check_schema(submission_schema())
    assert errors(submission_schema(), VALID_ENVELOPE) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda e: e["unit"].pop("city"), ("$.unit", "required")),
        (lambda e: e.update(reform_items=[18]), ("$.reform_items[0]", "oneOf")),
        (lambda e: e.update(form="other"), ("$.form", "oneOf")),
        (lambda e: e.update(edition="shandong-2023"), ("$.edition", "const")),
        (lambda e: e.update(arrived_at="2022-08-19 10:00"), ("$.arrived_at", "format")),
        (lambda e: e["data"].pop("project_name"), ("$.data", "required")),
        (lambda e: e["unit"].update(kind="village"), ("$.unit.kind", "oneOf")),
        (lambda e: e.update(extra=1), ("$", "additionalProperties")),
    ],
)
def test_envelope_schema_rejects(edition: Edition, change: Any, expected: tuple[str, str]) -> None:
    env = copy.deepcopy(VALID_ENVELOPE)
    change(env)
    assert expected in errors(submission_schema(edition), env)


def test_extra_materials_are_attachment_roles(edition: Edition) -> None:
    env = copy.deepcopy(VALID_ENVELOPE)
    env["attachments"].append({"role": "city-progress-summary", "path": "summary.txt"})
    assert errors(submission_schema(edition), env) == []
    env["attachments"].append({"role": "photo", "path": "x.jpg"})
    assert ("$.attachments[3].role", "oneOf") in errors(submission_schema(edition), env)


def test_unknown_arrival_is_allowed_by_the_envelope(edition: Edition) -> None:
    env = {**VALID_ENVELOPE, "arrived_at": None}
    assert errors(submission_schema(edition), env) == []


@pytest.mark.parametrize("name", ["edition", "report"])
def test_shipped_schemas_are_valid_draft_2020_12(name: str) -> None:
    from reform_brand._schemas import load_schema

    Draft202012Validator.check_schema(load_schema(name))


def test_the_counted_under_unit_is_titled_in_the_edition_s_words(edition: Edition) -> None:
    """The envelope's ``unit.city`` is titled with the name of the kind units
    are counted under, or in general words when the edition has none."""
    import attrs

    titled = ui_schema(edition, "submission", lang="en")["unit"]["city"]["ui:title"]
    assert titled == "City association"
    flat = attrs.evolve(
        edition, unit_kinds=tuple(attrs.evolve(k, counted_under="") for k in edition.unit_kinds)
    )
    titled = ui_schema(flat, "submission", lang="en")["unit"]["city"]["ui:title"]
    assert titled == "The unit it is counted under"
