"""Number and integer fields: edition data, JSON Schema and UI schema,
validation findings, Word / HTML / Markdown rendering and reading back.

The fictional edition ``budget-2022`` (conftest.py) adds 项目经费 (number,
required, 0 - 10000 万元) and 参与人数 (integer, optional, 1 - 500) to the
reference edition's 申报表.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand import Edition, Host, Validator, form_schema, ui_schema
from reform_brand.catalogue import Localized
from reform_brand.maint import lint_edition
from reform_brand.testing import SubmissionFactory
from reform_brand.testing.strategies import form_data, hostile_envelopes
from tests.validation.helpers import NOW

Envelope = dict[str, Any]


def pairs(validator: Validator, env: Envelope) -> list[tuple[str, str]]:
    return [(f.code, f.pointer) for f in validator.validate(env, now=NOW).findings]


# -- the edition data ------------------------------------------------------------


def test_the_fields_load_with_their_bounds_and_unit(budget: Edition) -> None:
    form = budget.form("application")
    budget_field = form.field_at("/budget")
    staff = form.field_at("/staff")
    assert budget_field is not None and staff is not None
    assert (budget_field.type, budget_field.minimum, budget_field.maximum) == ("number", 0, 10000)
    assert isinstance(budget_field.maximum, int)  # kept an int, exported as 10000
    assert budget_field.unit.zh == "万元"
    assert (staff.type, staff.required, staff.minimum, staff.maximum) == ("integer", False, 1, 500)


def _child(tmp_path: Path, field: str) -> Path:
    folder = tmp_path / "child"
    folder.mkdir(parents=True)
    body = 'id = "child-2022"\n[inherit]\nfrom = "shandong-2022"\n\n'
    body += '[[forms]]\nid = "application"\n'
    (folder / "edition.toml").write_text(body + textwrap.dedent(field), encoding="utf-8")
    return folder


def _load_codes(folder: Path, host: Host) -> list[tuple[str, str]]:
    """The loader's problems, as ``lint`` reports them (code, JSON pointer)."""
    report = lint_edition(folder, host=host)
    return [(f.code, f.pointer) for f in report.findings if f.code.startswith("edition.")]


def test_bounds_only_on_number_fields_and_never_an_empty_range(tmp_path: Path, host: Host) -> None:
    text_with_bounds = _child(
        tmp_path,
        """
        [[forms.fields]]
        id = "project_name"
        minimum = 1
        unit.zh = "个"
        """,
    )
    assert _load_codes(text_with_bounds, host) == [
        ("edition.bounds-not-number", "/forms/0/fields/0/minimum"),
        ("edition.bounds-not-number", "/forms/0/fields/0/unit"),
    ]
    empty_range = _child(
        tmp_path / "b",
        """
        [[forms.fields]]
        id = "budget"
        label.zh = "项目经费"
        type = "number"
        filled_by = "applicant"
        minimum = 10
        maximum = 1.5
        clause = "附件1"
        """,
    )
    assert _load_codes(empty_range, host) == [("edition.bad-range", "/forms/0/fields/0/minimum")]


def test_a_bound_must_be_a_number(tmp_path: Path, host: Host) -> None:
    folder = _child(
        tmp_path,
        """
        [[forms.fields]]
        id = "budget"
        label.zh = "项目经费"
        type = "integer"
        filled_by = "applicant"
        maximum = "many"
        clause = "附件1"
        """,
    )
    codes = _load_codes(folder, host)
    assert [path for _, path in codes] == ["/forms/0/fields/0/maximum"]
    assert codes[0][0].startswith("edition.schema.")


def test_lint_checks_number_examples(tmp_path: Path, host: Host) -> None:
    for n, (example, reason) in enumerate(
        [("12,000", "not a number"), ("2.5", "not a whole number"), ("0", "less than")]
    ):
        folder = _child(
            tmp_path / str(n),
            f"""
            [[forms.fields]]
            id = "staff"
            label.zh = "参与人数"
            label.en = "People"
            type = "integer"
            filled_by = "applicant"
            minimum = 1
            example = "{example}"
            clause = "附件1"
            """,
        )
        report = lint_edition(folder, host=host)
        found = [f for f in report.findings if f.code == "lint.example-mismatch"]
        assert [f.pointer for f in found] == ["/forms/0/fields/0/example"]
        reason_param = found[0].params["reason"]
        assert isinstance(reason_param, Localized)
        assert reason_param.en.startswith(reason)


def test_lint_reports_an_empty_range_with_the_loader_code(tmp_path: Path, host: Host) -> None:
    folder = _child(
        tmp_path,
        """
        [[forms.fields]]
        id = "budget"
        label.zh = "项目经费"
        type = "number"
        filled_by = "applicant"
        minimum = 5
        maximum = 1
        clause = "附件1"
        """,
    )
    report = lint_edition(folder, host=host)
    assert [(f.code, f.pointer) for f in report.findings] == [
        ("edition.bad-range", "/forms/0/fields/0/minimum")
    ]


def test_the_budget_edition_lints_without_number_findings(budget_host: Host) -> None:
    report = lint_edition("budget-2022", host=budget_host)
    assert not [f for f in report.findings if f.pointer.startswith("/forms/0/fields/")]
    assert not [f for f in report.findings if f.pointer.startswith("/forms/0/fields/10")]


# -- JSON Schema and UI schema -------------------------------------------------------


def test_form_schema_exports_json_numbers(budget: Edition) -> None:
    schema = form_schema(budget, "application")
    props = schema["properties"]
    assert props["budget"]["type"] == "number"
    assert (props["budget"]["minimum"], props["budget"]["maximum"]) == (0, 10000)
    assert props["budget"]["examples"] == [120.5]
    assert props["budget"]["x-reform-brand"]["unit"] == "万元"
    assert "budget" in schema["required"]
    # Optional: null (or left out) when blank.
    assert props["staff"]["type"] == ["integer", "null"]
    assert props["staff"]["examples"] == [12]
    assert "staff" not in schema["required"]
    checker = jsonschema.Draft202012Validator(schema)
    base = _valid_data(budget)
    assert not list(checker.iter_errors({**base, "budget": 0, "staff": None}))
    assert list(checker.iter_errors({**base, "budget": "120"}))
    assert list(checker.iter_errors({**base, "staff": 1.5}))
    json.dumps(schema, allow_nan=False)


def test_ui_schema_gives_a_number_widget_and_the_range(budget: Edition) -> None:
    zh = ui_schema(budget, "application")
    assert zh["budget"]["ui:widget"] == "updown"
    assert "0 - 10000 万元" in zh["budget"]["ui:help"]
    assert "整数" in zh["staff"]["ui:help"] and "1 - 500" in zh["staff"]["ui:help"]
    en = ui_schema(budget, "application", lang="en")
    assert "1 - 500" in en["staff"]["ui:help"]
    assert "budget" in zh["ui:order"] and "staff" in zh["ui:order"]


# -- validation ------------------------------------------------------------------------


def test_a_valid_envelope_has_no_findings(budget_validator: Validator, envelope: Envelope) -> None:
    assert pairs(budget_validator, envelope) == []
    envelope["data"]["budget"] = 0
    envelope["data"]["staff"] = None
    assert pairs(budget_validator, envelope) == []
    del envelope["data"]["staff"]
    envelope["data"]["budget"] = 10000.0
    assert pairs(budget_validator, envelope) == []


@pytest.mark.parametrize(
    ("amount", "staff", "expected"),
    [
        ("120", 12, [("form.number", "/data/budget")]),
        (120, "12", [("form.number", "/data/staff")]),
        (120, "", [("form.number", "/data/staff")]),
        ("", 12, [("form.empty", "/data/budget")]),
        (None, 12, [("form.empty", "/data/budget")]),
        (True, 12, [("form.number", "/data/budget")]),
        (120, 12.5, [("form.integer", "/data/staff")]),
        (120, 12.0, []),
        (-0.5, 0, [("form.minimum", "/data/budget"), ("form.minimum", "/data/staff")]),
        (10000.01, 501, [("form.maximum", "/data/budget"), ("form.maximum", "/data/staff")]),
        (10**40, 12, [("form.maximum", "/data/budget")]),
        (float("nan"), 12, [("form.number", "/data/budget")]),
        (120, float("inf"), [("form.number", "/data/staff")]),
        ([120], 12, [("form.number", "/data/budget")]),
    ],
)
def test_number_findings(
    budget_validator: Validator, envelope: Envelope, amount: Any, staff: Any, expected: list[Any]
) -> None:
    envelope["data"]["budget"] = amount
    envelope["data"]["staff"] = staff
    assert sorted(pairs(budget_validator, envelope)) == sorted(expected)


def test_a_missing_required_number(budget_validator: Validator, envelope: Envelope) -> None:
    del envelope["data"]["budget"]
    assert pairs(budget_validator, envelope) == [("form.required", "/data/budget")]


def test_range_findings_carry_the_bound_and_unit(
    budget_validator: Validator, envelope: Envelope
) -> None:
    envelope["data"]["budget"] = 20000
    envelope["data"]["staff"] = 0
    report = budget_validator.validate(envelope, now=NOW)
    by_code = {f.code: f for f in report.findings}
    high = by_code["form.maximum"]
    assert high.params["maximum"] == "10000"
    suffix = high.params["unit_suffix"]
    assert isinstance(suffix, Localized) and suffix.zh == " 万元"
    assert high.unit == "济南市科协"  # the submitting unit, not the field's unit
    low = by_code["form.minimum"]
    assert low.params["minimum"] == "1"
    assert low.params["unit_suffix"] in ("", Localized(zh="", en=""))
    for f in report.findings:
        assert f.message("zh") != f.code and "{" not in f.message("zh")
        assert "{" not in f.message("en")


def test_a_json_file_with_numbers_validates_like_the_api(
    tmp_path: Path, budget_validator: Validator, envelope: Envelope
) -> None:
    envelope["data"]["budget"] = 1e5
    path = tmp_path / "s.json"
    path.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    report = budget_validator.validate_batch([path], now=NOW)
    found = [(f.code, f.pointer) for f in report.submissions[0].findings]
    assert [p for p in found if p[0].startswith("form.")] == [("form.maximum", "/data/budget")]


def _valid_data(edition: Edition) -> dict[str, Any]:
    return SubmissionFactory(edition).data("application")


def test_the_factory_makes_valid_numbers(budget: Edition, budget_validator: Validator) -> None:
    factory = SubmissionFactory(budget)
    data = factory.data("application")
    assert data["budget"] == 120.5 and data["staff"] == 12
    env = factory("application")
    assert [f.code for f in budget_validator.validate(env, now=NOW).findings] == []


@settings(max_examples=60, deadline=None)
@given(draw=st.data())
def test_generated_form_data_is_valid_and_in_range(
    draw: st.DataObject, budget: Edition, budget_validator: Validator
) -> None:
    data = draw.draw(form_data(budget, "application", max_text=20))
    value = data["budget"]
    assert isinstance(value, int | float) and not isinstance(value, bool)
    assert 0 <= value <= 10000
    staff = data.get("staff")
    assert staff is None or (isinstance(staff, int) and 1 <= staff <= 500)
    env = SubmissionFactory(budget)("application")
    env["data"] = {**env["data"], "budget": value, "staff": staff}
    found = [f.code for f in budget_validator.validate(env, now=NOW).findings]
    assert not [c for c in found if c.startswith("form.")]


@settings(max_examples=60, deadline=None)
@given(draw=st.data())
def test_hostile_envelopes_never_raise(
    draw: st.DataObject, budget: Edition, budget_validator: Validator
) -> None:
    env = draw.draw(hostile_envelopes(budget))
    budget_validator.validate(env, now=NOW)
