"""The deadline rule: time-zone aware, exclusive end, unknown arrival."""

from __future__ import annotations

import datetime as dt

import pytest

from reform_brand import Validator
from reform_brand.schema import submission_schema
from tests.validation.helpers import NOW, Envelope, pairs


@pytest.mark.parametrize(
    "arrived",
    [
        "2022-08-20T23:59:59+08:00",
        "2022-08-20T15:59:59Z",
        "2022-08-20T15:59:59.999999+00:00",
        "2022-08-11T09:00:00+08:00",
    ],
)
def test_on_time(validator: Validator, application: Envelope, arrived: str) -> None:
    application["arrived_at"] = arrived
    assert pairs(validator.validate(application, now=NOW)) == []


@pytest.mark.parametrize(
    "arrived",
    ["2022-08-21T00:00:00+08:00", "2022-08-20T16:00:00Z", "2022-08-20T12:00:00-04:00"],
)
def test_late(validator: Validator, application: Envelope, arrived: str) -> None:
    application["arrived_at"] = arrived
    report = validator.validate(application, now=NOW)
    assert pairs(report) == [("deadline.late", "/arrived_at")]
    assert report.findings[0].severity == "error"
    assert report.findings[0].clause == "二.4"


def test_unknown_arrival_is_never_silently_on_time(
    validator: Validator, application: Envelope
) -> None:
    del application["arrived_at"]
    report = validator.validate(application, now=NOW)
    assert pairs(report) == [("deadline.arrival-unknown", "/arrived_at")]
    assert report.findings[0].severity == "warning"
    application["arrived_at"] = None
    assert pairs(validator.validate(application, now=NOW)) == [
        ("deadline.arrival-unknown", "/arrived_at")
    ]


@pytest.mark.parametrize(
    ("arrived", "code"),
    [
        ("2022-08-19T10:00:00", "deadline.arrival-naive"),
        ("2022-08-19", "deadline.arrival-invalid"),
        ("yesterday", "deadline.arrival-invalid"),
        ("", "deadline.arrival-invalid"),
        ("9" * 10_000, "deadline.arrival-invalid"),
        # Instants at the calendar's ends that some zone cannot show: out
        # of the days read, not "no RFC 3339 date-time"
        ("9999-12-31T23:59:59-14:00", "deadline.arrival-out-of-range"),
        ("9999-12-31T23:59:59+14:00", "deadline.arrival-out-of-range"),
        ("9999-12-31T23:00:00+00:00", "deadline.arrival-out-of-range"),
        ("9999-12-30T00:00:00+08:00", "deadline.arrival-out-of-range"),
        ("0001-01-01T00:00:00+14:00", "deadline.arrival-out-of-range"),
        ("0001-01-02T23:59:59Z", "deadline.arrival-out-of-range"),
        ("0000-02-29T00:00:00Z", "deadline.arrival-out-of-range"),
        ("9999-12-31T24:59:60+01:00", "deadline.arrival-out-of-range"),
        ("9999-12-32T00:00:00Z", "deadline.arrival-invalid"),
        ("0000-02-30T00:00:00Z", "deadline.arrival-invalid"),
        # ISO 8601 that JSON Schema's date-time (RFC 3339, as ajv reads it) is not
        ("2022-08-19T10:00:00+08:00 ", "deadline.arrival-invalid"),
        (" 2022-08-19T10:00:00+08:00", "deadline.arrival-invalid"),
        ("20220819T100000+0800", "deadline.arrival-invalid"),
        ("2022-08-19T10:00+08:00", "deadline.arrival-invalid"),
        ("2022-08-19T10:00:00,5+08:00", "deadline.arrival-invalid"),
        ("2022-08-19_10:00:00+08:00", "deadline.arrival-invalid"),
        ("2022-08-19T10:00:60+08:00", "deadline.arrival-invalid"),
        ("２０２２-08-19T10:00:00+08:00", "deadline.arrival-invalid"),
    ],
)
def test_malformed_arrival(
    validator: Validator, application: Envelope, arrived: str, code: str
) -> None:
    application["arrived_at"] = arrived
    assert pairs(validator.validate(application, now=NOW)) == [(code, "/arrived_at")]
    # The same, and nothing more, when the envelope's schema is run too
    # (an envelope of another shape than usual).
    application["unit"]["name"] = 5
    assert pairs(validator.validate(application, now=NOW)) == [
        ("envelope.type", "/unit/name"),
        (code, "/arrived_at"),
    ]


def test_an_arrival_out_of_range_says_which_days_are_read(
    validator: Validator, application: Envelope
) -> None:
    application["arrived_at"] = "9999-12-31T23:59:59+14:00"
    (found,) = validator.validate(application, now=NOW).findings
    assert (found.params["first"], found.params["last"]) == ("0001-01-03", "9999-12-29")


@pytest.mark.parametrize(
    "arrived",
    [
        # The calendar's first day read: on time, before any call was issued.
        "0001-01-03T00:00:00+08:00",
        "1970-01-01T00:00:00Z",
        # The last second before the issue date (2022-08-11), on Beijing's clock.
        "2022-08-10T23:59:59+08:00",
        "2022-08-10T15:59:59Z",
    ],
)
def test_an_arrival_before_the_notice_was_issued_is_never_on_time(
    validator: Validator, application: Envelope, arrived: str
) -> None:
    application["arrived_at"] = arrived
    (found,) = validator.validate(application, now=NOW).findings
    assert (found.code, found.pointer, found.severity) == (
        "deadline.arrival-before-issue",
        "/arrived_at",
        "error",
    )
    assert (found.params["arrived"], found.params["issued"]) == (arrived, "2022-08-11")


@pytest.mark.parametrize("arrived", ["2022-08-11T00:00:00+08:00", "2022-08-10T16:00:00Z"])
def test_an_arrival_on_the_issue_date_is_on_time(
    validator: Validator, application: Envelope, arrived: str
) -> None:
    application["arrived_at"] = arrived
    assert pairs(validator.validate(application, now=NOW)) == []


def test_arrival_of_the_wrong_type_is_an_envelope_finding(
    validator: Validator, application: Envelope
) -> None:
    application["arrived_at"] = 20220819
    assert pairs(validator.validate(application, now=NOW)) == [("envelope.type", "/arrived_at")]


def test_the_evaluation_time_is_settable(validator: Validator, application: Envelope) -> None:
    application["arrived_at"] = "2022-08-19T10:00:00+08:00"
    before = dt.datetime(2022, 8, 18, tzinfo=dt.UTC)
    assert pairs(validator.validate(application, now=before)) == [
        ("deadline.arrival-in-future", "/arrived_at")
    ]
    assert pairs(validator.validate(application, now=NOW)) == []


def test_naive_evaluation_time_is_refused(validator: Validator, application: Envelope) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        validator.validate(application, now=dt.datetime(2022, 8, 25))


def test_an_arrival_far_ahead_that_every_zone_shows_is_judged(
    validator: Validator, application: Envelope
) -> None:
    application["arrived_at"] = "9999-12-29T23:00:00+00:00"
    codes = {f.code for f in validator.validate(application, now=NOW).findings}
    assert "deadline.late" in codes
    assert "rule.failed" not in codes


@pytest.mark.parametrize(
    "now",
    [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:00:00Z",
        # Instants, but on days the validator reads no arrival time on
        "0001-01-02T12:00:00Z",
        "9999-12-30T12:00:00Z",
    ],
)
def test_an_evaluation_time_no_zone_can_show_is_a_usage_error(
    now: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from reform_brand.cli import main
    from tests.conftest import REFERENCE_DATA

    example = REFERENCE_DATA.parent / "examples" / "ok-society.json"
    assert main(["check", "shandong-2022", str(example), "--now", now, "--lang", "en"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("[cli.usage]")


@pytest.mark.parametrize(
    "arrived",
    [
        "2022-08-19 10:00:00+08:00",
        "2022-08-19t02:00:00z",
        "2022-08-19T10:00:00.123456789+0800",
        "2022-08-19T10:00:00+08",
        # A leap second's spelling, within the call (2016-12-31 is before it).
        "2022-08-19T23:59:60Z",
    ],
)
def test_rfc_3339_arrival_spellings_are_read(
    validator: Validator, application: Envelope, arrived: str
) -> None:
    application["arrived_at"] = arrived
    assert pairs(validator.validate(application, now=NOW)) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-08-19T10:00:00+08:00", dt.datetime(2022, 8, 19, 2, tzinfo=dt.UTC)),
        ("2022-08-19T10:00:00.5-01:30", dt.datetime(2022, 8, 19, 11, 30, 0, 500000, tzinfo=dt.UTC)),
        ("2016-12-31T23:59:60Z", dt.datetime(2016, 12, 31, 23, 59, 59, tzinfo=dt.UTC)),
        # ajv takes a leap second written at the hour past the clock's: 23:59:60 UTC.
        ("2016-12-31T24:59:60+01:00", dt.datetime(2016, 12, 31, 23, 59, 59, tzinfo=dt.UTC)),
        ("2022-02-29T10:00:00Z", None),
        ("2022-08-19T10:00:61Z", None),
        ("2022-08-19T10:00:00+24:00", None),
    ],
)
def test_an_rfc_3339_date_time_is_the_instant_it_names(
    value: str, expected: dt.datetime | None
) -> None:
    from reform_brand.moments import parse_date_time

    parsed = parse_date_time(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset() is not None


@pytest.mark.parametrize("arrived", ["20220819T100000+0800", "2022-08-19T10:00+08:00"])
def test_an_iso_8601_arrival_is_refused_for_the_standard_it_is_read_by(
    validator: Validator, application: Envelope, arrived: str
) -> None:
    # Valid ISO 8601, not RFC 3339: the message names the standard the value
    # fails, as the exported schema's title of arrived_at does.
    assert dt.datetime.fromisoformat(arrived).utcoffset() is not None
    application["arrived_at"] = arrived
    [found] = validator.validate(application, now=NOW).findings
    assert found.code == "deadline.arrival-invalid"
    for lang in ("zh", "en"):
        assert "RFC 3339" in found.message(lang)
        assert "ISO 8601" not in found.message(lang)
    title = submission_schema(validator.edition)["properties"]["arrived_at"]["x-en"]["title"]
    assert "RFC 3339" in title and "ISO 8601" not in title


@pytest.mark.parametrize(
    "value",
    [
        "2022-08-19T10:00:01+08:00",
        "2022-08-19T10:00:01-00:00",
        "2022-08-19T23:59:59+23:59",
        "2022-08-19T10:00:01-23:59",
        "2022-08-19T10:00:60+08:00",
        "2016-12-31T23:59:60+00:00",
        "2022-08-19T24:00:00+08:00",
        "2022-08-19T10:60:00+08:00",
        "2022-08-19T10:00:01+08:60",
        "2022-08-19T10:00:01+24:00",
        "2022-02-29T10:00:00+08:00",
        "2024-02-29T10:00:00+08:00",
        "0001-01-02T10:00:00+08:00",
        "0001-01-03T00:00:00+08:00",
        "9999-12-29T10:00:00-08:00",
        "9999-12-30T10:00:00+08:00",
        "0000-01-01T10:00:00+08:00",
        "2022-13-01T10:00:00+08:00",
    ],
)
def test_a_plain_arrival_is_read_as_any_other_is(value: str) -> None:
    # The usual spelling is read by a shorter way: the same instant, offset
    # and refusals as the general reading.
    from reform_brand.moments import _read_date_time, parse_date_time, read_date_time

    parsed, general = parse_date_time(value), _read_date_time(value)
    assert parsed == general == read_date_time(value)
    if parsed is not None and general is not None:
        assert parsed.utcoffset() == general.utcoffset()
        assert parsed.isoformat() == general.isoformat()
