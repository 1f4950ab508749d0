"""The form-data and issuer-only rules: codes and pointers."""

from __future__ import annotations

import attrs

from reform_brand import Edition, Host, Validator
from tests.validation.helpers import NOW, Envelope, pairs


def check(validator: Validator, env: Envelope) -> list[tuple[str, str]]:
    return pairs(validator.validate(env, now=NOW))


def test_valid_application_and_recommendation_give_nothing(
    validator: Validator, application: Envelope, recommendation: Envelope
) -> None:
    assert check(validator, application) == []
    assert check(validator, recommendation) == []


def test_each_missing_required_field_is_its_own_finding(
    validator: Validator, application: Envelope
) -> None:
    data = application["data"]
    del data["project_name"], data["expected_outcomes"]
    del data["contact"]["email"], data["contact"]["mobile"]
    found = check(validator, application)
    assert sorted(found) == [
        ("form.required", "/data/contact/email"),
        ("form.required", "/data/contact/mobile"),
        ("form.required", "/data/expected_outcomes"),
        ("form.required", "/data/project_name"),
    ]


def test_a_missing_group_is_one_finding(validator: Validator, application: Envelope) -> None:
    del application["data"]["contact"]
    assert check(validator, application) == [("form.required", "/data/contact")]


def test_types_lengths_blank_empty_date(validator: Validator, application: Envelope) -> None:
    data = application["data"]
    data["contact"]["name"] = ["张明"]
    data["project_name"] = "名" * 101
    data["project_basis"] = " \n\t"
    data["project_implementation"] = ""
    data["date"] = "2022/08/15"
    assert sorted(check(validator, application)) == [
        ("form.blank", "/data/project_basis"),
        ("form.date", "/data/date"),
        ("form.empty", "/data/project_implementation"),
        ("form.too-long", "/data/project_name"),
        ("form.type", "/data/contact/name"),
    ]


def test_one_finding_per_field_even_when_several_keywords_fail(
    validator: Validator, application: Envelope
) -> None:
    # "" fails minLength and the not-blank pattern: only form.empty.
    application["data"]["project_name"] = ""
    assert check(validator, application) == [("form.empty", "/data/project_name")]


def test_unknown_fields_are_each_named(validator: Validator, application: Envelope) -> None:
    application["data"]["remarks"] = "x"
    application["data"]["contact"]["fax"] = "0531-1"
    assert sorted(check(validator, application)) == [
        ("form.unknown-field", "/data/contact/fax"),
        ("form.unknown-field", "/data/remarks"),
    ]


def test_a_huge_value_is_not_echoed_and_patterns_are_not_tried(
    validator: Validator, application: Envelope
) -> None:
    huge = "1" * 5_000_000
    application["data"]["contact"]["mobile"] = huge
    application["data"]["project_basis"] = "字" * 20_001
    report = validator.validate(application, now=NOW)
    assert sorted(pairs(report)) == [
        ("form.too-long", "/data/contact/mobile"),
        ("form.too-long", "/data/project_basis"),
    ]
    for f in report.findings:
        assert all(len(str(v)) < 300 for v in f.params.values())
        assert len(f.message("zh")) < 300 and len(f.message("en")) < 300
    mobile = next(f for f in report.findings if f.pointer == "/data/contact/mobile")
    assert mobile.params["length"] == 5_000_000
    assert mobile.params["limit"] == 11


def test_data_that_is_not_an_object_is_an_envelope_type_finding(
    validator: Validator, application: Envelope
) -> None:
    application["data"] = "全文"
    assert check(validator, application) == [("envelope.type", "/data")]


def test_field_pointer_helper(validator: Validator, application: Envelope) -> None:
    del application["data"]["contact"]["email"]
    report = validator.validate(application, now=NOW)
    assert list(report.by_field()) == ["/contact/email"]
    assert report.findings[0].field == "/contact/email"


def test_issuer_only_field_filled_is_flagged_once(
    validator: Validator, application: Envelope
) -> None:
    application["data"]["issuer_opinion"] = "同意立项。"
    assert check(validator, application) == [("issuer-field.filled", "/data/issuer_opinion")]


def test_issuer_only_field_left_empty_is_accepted(
    validator: Validator, application: Envelope
) -> None:
    application["data"]["issuer_opinion"] = "  "
    assert check(validator, application) == []
    application["data"]["issuer_opinion"] = None
    assert check(validator, application) == []


def test_issuer_only_field_of_another_type_is_flagged(
    validator: Validator, application: Envelope
) -> None:
    application["data"]["issuer_opinion"] = {"text": "同意"}
    assert check(validator, application) == [("issuer-field.filled", "/data/issuer_opinion")]


def test_control_characters_in_a_field_are_a_warning_with_its_pointer() -> None:
    from reform_brand import Host, validate_submission
    from reform_brand.testing import SubmissionFactory

    edition = Host.create(block=()).edition("shandong-2022")
    env = SubmissionFactory(edition)(
        "application", data={"project_name": "a\x00b", "contact": {"name": "张\x1b明"}}
    )
    env["data"]["project_basis"] = "tab\tand\nnewline are fine\r\n"
    report = validate_submission(edition, env)
    pairs = sorted(
        (f.code, f.pointer, f.severity) for f in report.findings if f.code == "form.control-chars"
    )
    assert pairs == [
        ("form.control-chars", "/data/contact/name", "warning"),
        ("form.control-chars", "/data/project_name", "warning"),
    ]


def test_an_issuer_only_field_of_a_recommender_s_form_does_not_speak_to_applicants(
    host: Host, edition: Edition, recommendation: Envelope
) -> None:
    # An edition whose recommendation form also has the issuer's opinion.
    [application, form] = edition.forms
    [opinion] = [f for f in application.fields if f.filled_by == "issuer"]
    own = attrs.evolve(form, fields=(*form.fields, opinion))
    other = attrs.evolve(edition, forms=(application, own))
    validator = Validator(other, host.rules.for_edition(edition.id))
    recommendation["data"]["issuer_opinion"] = "同意推荐。"
    [found] = validator.validate(recommendation, now=NOW).findings
    assert (found.code, found.pointer) == ("issuer-field.filled", "/data/issuer_opinion")
    assert "申报单位" not in found.message("zh")
