"""unit.form-mismatch: the form's 申报单位 names neither the sending unit nor
a unit it may send for."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from reform_brand import Validator
from reform_brand.model import Edition
from reform_brand.rules._unit import unit_field
from tests.validation.helpers import NOW, RECOMMENDATION, Envelope


def _found(validator: Validator, env: Envelope) -> list[tuple[str, str, str]]:
    report = validator.validate(env, now=NOW)
    return [(f.code, f.severity, f.pointer) for f in report.findings if f.code.startswith("unit.")]


@pytest.mark.parametrize(
    ("sender", "kind", "named", "extra"),
    [
        ("济南市科协", "city-association", "济南市科协", {}),
        ("济南市科协", "city-association", "济南市科学技术协会", {}),  # an alias
        ("济南市科协", "city-association", "济 南 市 科 协", {}),  # spacing
        ("济南市科协", "city-association", "历城区科协", {}),  # its county, sent by the city
        ("历城区科协", "county-association", "历城区科协", {"city": "济南市科协"}),
        ("历城区科协", "county-association", "济南市科协", {"city": "济南市科协"}),
    ],
)
def test_the_form_names_the_sender_or_a_unit_it_sends_for(
    validator: Validator,
    make_application: Callable[..., Envelope],
    sender: str,
    kind: str,
    named: str,
    extra: dict[str, str],
) -> None:
    env = make_application("a1", sender, kind, **extra)
    env["data"]["applicant_unit"] = named
    assert _found(validator, env) == []


@pytest.mark.parametrize(
    ("sender", "kind", "named"),
    [
        ("菏泽市科协", "city-association", "枣庄市科协"),  # another city
        ("菏泽市科协", "city-association", "枣庄市科学技术协会"),  # another city's alias
        ("山东省机械工程学会", "provincial-society", "山东省化工学会"),  # no one to send for
    ],
)
def test_another_unit_on_the_form_is_a_warning(
    validator: Validator,
    make_application: Callable[..., Envelope],
    sender: str,
    kind: str,
    named: str,
) -> None:
    env = make_application("a1", sender, kind)
    env["data"]["applicant_unit"] = named
    assert _found(validator, env) == [("unit.form-mismatch", "warning", "/data/applicant_unit")]
    f = next(f for f in validator.validate(env, now=NOW).findings if f.code == "unit.form-mismatch")
    assert f.params["named"] == named and f.params["sender"] == sender


def test_the_recommendation_form_is_checked_by_its_own_unit_field(validator: Validator) -> None:
    env: dict[str, Any] = copy.deepcopy(RECOMMENDATION)
    env["data"]["recommending_unit"] = "省科协组织人事部"
    assert _found(validator, env) == [("unit.form-mismatch", "warning", "/data/recommending_unit")]


def test_the_unit_field_comes_from_the_edition_data(edition: Edition) -> None:
    assert {f.id: getattr(unit_field(f), "id", None) for f in edition.forms} == {
        "application": "applicant_unit",
        "recommendation": "recommending_unit",
    }
