"""parse_envelope / validate_body: any request body gives findings, never an
exception, and never costs more than its caps."""

from __future__ import annotations

import json

import pytest

from reform_brand import Edition, Host, parse_envelope, validate_body
from reform_brand.engine import MAX_BODY_BYTES, MAX_MEMBERS, Validator
from reform_brand.testing import SubmissionFactory


@pytest.fixture(scope="module")
def validator(edition: Edition, host: Host) -> Validator:
    return Validator.create(edition, host=host, ignore={"deliverables", "deadline"})


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "envelope.not-json"),
        (b'{"edition": ', "envelope.not-json"),
        (b"{'a': 1}", "envelope.not-json"),
        (b'{"a": NaN}', "envelope.not-json"),
        (b'{"a": 1e400}', "envelope.not-json"),
        (b'{"a": ' + b"9" * 5000 + b"}", "envelope.not-json"),
        ("申报".encode("gbk"), "envelope.not-json"),
        (b"[" * 10_000 + b"]" * 10_000, "envelope.too-deep"),
        (b"[" * 100 + b"]" * 100, "envelope.too-deep"),
        (b"x" * (MAX_BODY_BYTES + 1), "envelope.too-large"),
    ],
)
def test_refused_bodies(body: bytes, code: str) -> None:
    parsed = parse_envelope(body)
    assert parsed.value is None and not parsed.ok
    assert [f.code for f in parsed.findings] == [code]
    for lang in ("zh", "en"):
        assert parsed.findings[0].message(lang)


def test_a_flood_of_keys_stops_at_the_cap(validator: Validator) -> None:
    body = json.dumps({f"k{i}": 1 for i in range(100_000)}).encode()
    parsed = parse_envelope(body, max_bytes=10 * MAX_BODY_BYTES)
    assert [(f.code, f.params["limit"]) for f in parsed.findings] == [
        ("envelope.too-many-members", MAX_MEMBERS)
    ]
    # Under the cap: one finding per unknown key, capped by the report.
    many = json.dumps({f"k{i}": 1 for i in range(1500)}).encode()
    report = validate_body(validator, many)
    assert report.findings[-1].code == "report.truncated"
    assert len(report.findings) == 200


def test_valid_body_validates(edition: Edition, validator: Validator) -> None:
    envelope = SubmissionFactory(edition)("application")
    body = b"\xef\xbb\xbf" + json.dumps(envelope, ensure_ascii=False).encode()
    report = validate_body(validator, body)
    assert report.ok and report.codes() == []
    broken = dict(envelope, data=dict(envelope["data"], project_name=""))
    report = validate_body(validator, json.dumps(broken))
    assert [(f.code, f.pointer) for f in report.findings] == [("form.empty", "/data/project_name")]


def test_duplicate_keys_warn(edition: Edition, validator: Validator) -> None:
    envelope = SubmissionFactory(edition)("application")
    text = json.dumps(envelope, ensure_ascii=False)
    body = ('{"form": "x", ' + text[1:]).encode()
    report = validate_body(validator, body)
    assert [(f.code, f.severity, f.params["key"]) for f in report.findings] == [
        ("envelope.duplicate-key", "warning", "form")
    ]
    assert report.ok


def test_refusal_is_a_report(validator: Validator) -> None:
    report = validate_body(validator, b"{")
    assert not report.ok and report.codes() == ["envelope.not-json"]


@pytest.mark.parametrize("body", [b"null", b" null\n", "null", b"\xef\xbb\xbfnull"])
def test_a_body_of_json_null_is_no_envelope(validator: Validator, body: bytes | str) -> None:
    """It was read (no parsing finding) and then not validated: the report
    had no finding at all, as a valid submission's."""
    parsed = parse_envelope(body)
    assert parsed.ok and parsed.value is None
    report = validate_body(validator, body)
    assert report.codes() == ["envelope.not-object"] and not report.ok
