"""Eligibility, reform items and the roster."""

from __future__ import annotations

from collections.abc import Callable

from reform_brand import Validator
from reform_brand.catalogue import Localized
from tests.validation.helpers import NOW, Envelope, pairs


def check(validator: Validator, env: Envelope) -> list[tuple[str, str]]:
    return pairs(validator.validate(env, now=NOW))


def test_unknown_unit_kind(validator: Validator, application: Envelope) -> None:
    application["unit"]["kind"] = "university"
    report = validator.validate(application, now=NOW)
    assert pairs(report) == [("eligibility.unknown-kind", "/unit/kind")]
    assert "city-association" in str(report.findings[0].params["available"])


def test_recommender_may_not_use_the_application_form(
    validator: Validator, application: Envelope
) -> None:
    application["unit"] = {"name": "省科协学会部", "kind": "department"}
    application["data"]["applicant_unit"] = "省科协学会部"
    assert check(validator, application) == [("eligibility.wrong-form", "/form")]


def test_applicant_may_not_use_the_recommendation_form(
    validator: Validator, recommendation: Envelope
) -> None:
    recommendation["unit"] = {"name": "山东省计算机学会", "kind": "provincial-society"}
    recommendation["data"]["recommending_unit"] = "山东省计算机学会"
    assert check(validator, recommendation) == [("eligibility.wrong-form", "/form")]


def test_county_project_must_name_its_city(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    env = make_application("c1", "平阴县科协", "county-association")
    assert check(validator, env) == [("eligibility.city-missing", "/unit/city")]
    env = make_application("c1", "平阴县科协", "county-association", city="济南市科协")
    assert check(validator, env) == []


def test_county_city_of_the_wrong_type_is_reported_once(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    env = make_application("c1", "平阴县科协", "county-association")
    env["unit"]["city"] = 3
    assert check(validator, env) == [("envelope.type", "/unit/city")]


def test_reform_items_unknown_and_undeclared(validator: Validator, application: Envelope) -> None:
    application["reform_items"] = [17, 18, 0]
    # 0 is below the envelope's minimum: an envelope finding, not reform-items'
    assert sorted(check(validator, application)) == [
        ("envelope.invalid", "/reform_items/2"),
        ("reform-items.unknown", "/reform_items/1"),
    ]
    # Undeclared: the warning, and the items suggested by the project's text (info).
    undeclared = [
        ("reform-items.undeclared", "/reform_items"),
        ("reform-items.suggested", "/reform_items"),
    ]
    del application["reform_items"]
    assert check(validator, application) == undeclared
    application["reform_items"] = []
    assert check(validator, application) == undeclared
    application["reform_items"] = None
    assert check(validator, application) == [("envelope.type", "/reform_items"), *undeclared]


def test_reform_items_written_with_a_zero_fraction_are_their_numbers(
    validator: Validator, application: Envelope
) -> None:
    """JSON's 18.0 is the integer 18 (JSON Schema, ajv): an unknown item
    however it is written."""
    application["reform_items"] = [17.0, 18.0]
    found = validator.validate(application, now=NOW).findings
    assert [(f.code, f.pointer) for f in found if f.severity == "error"] == [
        ("reform-items.unknown", "/reform_items/1")
    ]
    assert next(f for f in found if f.code == "reform-items.unknown").params["number"] == 18
    application["reform_items"] = [17.0]
    assert check(validator, application) == []


def test_reform_items_of_the_wrong_type_are_envelope_findings(
    validator: Validator, application: Envelope
) -> None:
    application["reform_items"] = "3"
    assert check(validator, application) == [("envelope.type", "/reform_items")]
    application["reform_items"] = ["3", True]
    assert sorted(check(validator, application)) == [
        ("envelope.type", "/reform_items/0"),
        ("envelope.type", "/reform_items/1"),
    ]


def test_roster_knows_names_aliases_and_spacing(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    for name in ("济南市科协", "济南市科学技术协会", " 济南市　科协 ", "济南科协"):
        assert check(validator, make_application("x", name)) == [], name


def test_roster_flags_an_unknown_city_with_a_suggestion(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    report = validator.validate(make_application("x", "淄傅市科协"), now=NOW)
    assert pairs(report) == [("roster.unknown-unit", "/unit/name")]
    assert report.findings[0].severity == "warning"
    assert report.findings[0].params["suggestion"] == "淄博市科协"


def test_roster_checks_the_city_of_a_county_project(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    env = make_application("c", "平阴县科协", "county-association", city="济南市科谢")
    report = validator.validate(env, now=NOW)
    assert pairs(report) == [("roster.unknown-unit", "/unit/city")]
    assert report.findings[0].params["suggestion"] == "济南市科协"


def test_roster_leaves_kinds_it_does_not_list_alone(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    env = make_application("s", "任意名称的学会", "provincial-society")
    assert check(validator, env) == []


def test_no_suggestion_when_nothing_is_close(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    report = validator.validate(make_application("x", "Atlantis City Association"), now=NOW)
    assert pairs(report) == [("roster.unknown-unit", "/unit/name")]
    assert report.findings[0].params["suggestion"] == ""


def test_a_name_close_to_no_unit_lists_none_of_the_roster(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    env = make_application("x", "北京市科协")
    report = validator.validate(env, now=NOW)
    assert pairs(report) == [("roster.unknown-unit", "/unit/name")]
    [found] = report.findings
    assert found.params["candidates"] == () and found.params["suggestion"] == ""
    roster = [u.name for u in validator.edition.roster]
    hint = found.params["did_you_mean"]
    assert isinstance(hint, Localized)
    for lang in ("zh", "en"):
        assert hint.text(lang)  # it says that none is close
        assert not [n for n in roster if n in found.message(lang)], found.message(lang)
    assert "reform-brand show" in hint.en  # where the roster is listed


def test_did_you_mean_names_every_equally_close_unit(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    report = validator.validate(make_application("x", "济男市科协"), now=NOW)
    assert pairs(report) == [("roster.unknown-unit", "/unit/name")]
    assert report.findings[0].params["candidates"] == ("济南市科协", "济宁市科协")
    assert "济南市科协" in report.findings[0].message("zh")
    assert "济宁市科协" in report.findings[0].message("zh")


def test_an_invisible_character_does_not_make_another_unit(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    for name in ("济南\u200b市科协", "\ufeff济南市科协", "济南市\u00ad科协", "济南市科协\u2060"):
        assert check(validator, make_application("x", name)) == [], repr(name)


def test_a_kind_name_starting_with_a_vowel_gets_no_article(
    validator: Validator, recommendation: Envelope
) -> None:
    recommendation["unit"] = {"name": "山东省计算机学会", "kind": "enterprise-association"}
    recommendation["data"]["recommending_unit"] = "山东省计算机学会"
    [finding] = validator.validate(recommendation, now=NOW).findings
    assert (finding.code, finding.pointer) == ("eligibility.wrong-form", "/form")
    assert finding.params["kind_name"] == Localized(
        zh="企事业科协", en="enterprise or institution association"
    )
    assert " a enterprise" not in finding.message("en")
