"""The contacts rule, and its boundary with form-data."""

from __future__ import annotations

import pytest

from reform_brand import Validator
from tests.validation.helpers import NOW, Envelope, pairs


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("office_phone", "0531-82073271"),
        ("office_phone", "010-12345678"),
        ("office_phone", "0633-1234567"),
        ("office_phone", "0531-82073271-801"),
        ("mobile", "13805310000"),
        ("email", "zhang.ming+brand@sd-kx.example.cn"),
    ],
)
def test_good_contacts(validator: Validator, application: Envelope, field: str, value: str) -> None:
    application["data"]["contact"][field] = value
    assert pairs(validator.validate(application, now=NOW)) == []


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("office_phone", "82073208", "contact.office-phone"),
        ("office_phone", "0531 82073271", "contact.office-phone"),
        ("office_phone", "（0531）82073271", "contact.office-phone"),
        ("office_phone", "０５３１-８２０７３２７１", "contact.full-width"),
        ("office_phone", "0531－82073271", "contact.full-width"),
        ("office_phone", "0531—82073271", "contact.full-width"),
        ("office_phone", "0531-82073271-", "contact.office-phone"),
        ("mobile", "1380531000", "contact.mobile"),
        ("mobile", "23805310000", "contact.mobile"),
        ("mobile", "１３８０５３１００００", "contact.full-width"),
        ("email", "office.example.cn", "contact.email"),
        ("email", "office@example", "contact.email"),
        ("email", "office＠example.cn", "contact.full-width"),
    ],
)
def test_bad_contacts(
    validator: Validator, application: Envelope, field: str, value: str, code: str
) -> None:
    application["data"]["contact"][field] = value
    report = validator.validate(application, now=NOW)
    assert pairs(report) == [(code, f"/data/contact/{field}")]
    assert report.findings[0].params["example"]


def test_a_contact_problem_is_reported_once(validator: Validator, application: Envelope) -> None:
    contact = application["data"]["contact"]
    contact["mobile"] = "138053100001"  # over the cap and out of format: the format
    contact["office_phone"] = ""  # empty: form-data's
    contact["email"] = 5  # wrong type: form-data's
    assert sorted(pairs(validator.validate(application, now=NOW))) == [
        ("contact.mobile", "/data/contact/mobile"),
        ("form.empty", "/data/contact/office_phone"),
        ("form.type", "/data/contact/email"),
    ]


@pytest.mark.parametrize("mobile", ["139 5351 0088", "1395351008812", "１３９ ５３５１ ００８８"])
def test_format_is_judged_before_length(
    validator: Validator, application: Envelope, mobile: str
) -> None:
    application["data"]["contact"]["mobile"] = mobile
    assert pairs(validator.validate(application, now=NOW)) == [
        ("contact.mobile", "/data/contact/mobile")
    ]


def test_in_format_once_folded_but_over_the_cap_is_too_long(
    validator: Validator, application: Envelope
) -> None:
    # Read as 13805310000 (in format), but 13 characters where 11 fit.
    application["data"]["contact"]["mobile"] = "\u3000１３８０５３１００００\u3000"
    assert sorted(pairs(validator.validate(application, now=NOW))) == [
        ("contact.full-width", "/data/contact/mobile"),
        ("form.too-long", "/data/contact/mobile"),
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("office_phone", "０５３１－８２０７３２７１"),
        ("office_phone", "0531—82073271-801"),
        ("office_phone", "0531\u200b-8207\u200d3271"),
        ("mobile", "１３８０５３１００００"),
        ("email", "ｏｆｆｉｃｅ＠ｅｘａｍｐｌｅ．ｃｎ"),
    ],
)
def test_exported_pattern_accepts_what_the_server_reads(
    validator: Validator, application: Envelope, field: str, value: str
) -> None:
    from jsonschema import Draft202012Validator

    from reform_brand import form_schema

    application["data"]["contact"][field] = value
    assert pairs(validator.validate(application, now=NOW)) == [
        ("contact.full-width", f"/data/contact/{field}")
    ]
    schema = form_schema(validator.edition, "application")
    assert list(Draft202012Validator(schema).iter_errors(application["data"])) == []


def test_message_says_what_is_expected(validator: Validator, application: Envelope) -> None:
    application["data"]["contact"]["office_phone"] = "82073208"
    finding = validator.validate(application, now=NOW).findings[0]
    assert "0531-82073271" in finding.message("zh")
    assert "0531-82073271" in finding.message("en")


@pytest.mark.parametrize(
    ("field", "value", "normalised"),
    [
        ("office_phone", "０５３１－８２０７３２７１－８０１", "0531-82073271-801"),
        ("office_phone", "\u30000531-82073271\u200b", "0531-82073271"),
        ("mobile", "１３８０５３１００００", "13805310000"),
        ("email", "ＯＦＦＩＣＥ＠ｅｘａｍｐｌｅ．ｃｎ", "OFFICE@example.cn"),
    ],
)
def test_a_full_width_contact_is_a_warning_that_shows_the_value_read(
    validator: Validator, application: Envelope, field: str, value: str, normalised: str
) -> None:
    application["data"]["contact"][field] = value
    report = validator.validate(application, now=NOW)
    assert pairs(report) == [("contact.full-width", f"/data/contact/{field}")]
    assert report.findings[0].severity == "warning"
    assert report.findings[0].params["normalised"] == normalised
    assert report.ok
