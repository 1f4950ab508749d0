"""Arguments of the wrong kind given to the validation API: a clear
``TypeError`` at once, never a value read as something else (a string's
characters taken as rule ids or as a batch's items, an int as a body of that
many NUL bytes) nor an ``AttributeError`` from deep inside."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from reform_brand import (
    Host,
    Validator,
    get_validator,
    parse_envelope,
    report_to_json,
    validate_batch,
    validate_body,
    validate_submission,
)
from reform_brand.catalogue import Localized
from reform_brand.submission import SURROGATE_DETAIL
from tests.validation.helpers import NOW, Envelope


def test_a_lone_string_is_no_list_of_rules_to_ignore(host: Host, validator: Validator) -> None:
    with pytest.raises(TypeError, match="'deadline'"):
        get_validator("shandong-2022", host=host, ignore="deadline")
    with pytest.raises(TypeError, match="'deadline'"):
        Validator(validator.edition, ignore="deadline")
    assert get_validator("shandong-2022", host=host, ignore=["deadline"]).ignore == {"deadline"}
    for odd in (None, 5, [5], ["deadline", None]):
        with pytest.raises(TypeError, match=r"^ignore takes a list of rule ids or codes"):
            get_validator("shandong-2022", host=host, ignore=odd)  # type: ignore[arg-type]
    ignored = get_validator("shandong-2022", host=host, ignore=(i for i in ["deadline"])).ignore
    assert ignored == {"deadline"}


@pytest.mark.parametrize("strict", ["no", "false", 0, 1, None])
def test_strict_is_true_or_false(host: Host, validator: Validator, strict: object) -> None:
    """A string such as "no" was taken as true: soft quotas made errors, silently."""
    with pytest.raises(TypeError, match=r"^strict takes True or False"):
        validate_batch("shandong-2022", [], host=host, strict=strict)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^strict takes True or False"):
        validator.stream_batch([], strict=strict, now=NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("misspelt", "closest"),
    [
        ("deadlne", "'deadline'"),
        ("signed_scan", "'signed-scan'"),
        ("scan.no-sael", "'scan.no-seal'"),
    ],
)
def test_an_unknown_rule_id_or_code_to_ignore_is_a_value_error_naming_the_closest(
    host: Host, validator: Validator, misspelt: str, closest: str
) -> None:
    """A misspelt id would leave its rule running, silently."""
    pattern = f"'{re.escape(misspelt)}'.*{re.escape(closest)}"
    with pytest.raises(ValueError, match=pattern):
        get_validator("shandong-2022", host=host, ignore=[misspelt])
    with pytest.raises(ValueError, match=pattern):
        Validator(validator.edition, ignore=["deadline", misspelt])
    with pytest.raises(ValueError, match=pattern):
        validate_batch("shandong-2022", [], host=host, ignore=[misspelt])
    with pytest.raises(ValueError, match=pattern):
        validate_submission("shandong-2022", {}, host=host, ignore=[misspelt])


@pytest.mark.parametrize("items", ["abc", b"abc", {"edition": "shandong-2022"}])
def test_a_batch_is_no_string_nor_one_envelope(
    validator: Validator, items: object, application: Envelope
) -> None:
    with pytest.raises(TypeError, match="batch"):
        validator.validate_batch(items, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="batch"):
        validator.stream_batch(application, now=NOW)


@pytest.mark.parametrize("now", [dt.date(2022, 8, 25), "2022-08-25T00:00:00+00:00", 0])
def test_now_is_a_datetime(validator: Validator, application: Envelope, now: object) -> None:
    with pytest.raises(TypeError, match="now"):
        validator.validate(application, now=now)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="now"):
        validator.validate_batch([application], now=now)  # type: ignore[arg-type]


@pytest.mark.parametrize("body", [b"{", b"[]", b"x" * (2 << 20)])
def test_a_naive_now_is_refused_whatever_the_body(validator: Validator, body: bytes) -> None:
    """Not only once a body reads as an envelope: a portal's tests of bad
    bodies would pass, and its first good one fail."""
    with pytest.raises(ValueError, match="timezone-aware"):
        validate_body(validator, body, now=dt.datetime(2022, 8, 25))


@pytest.mark.parametrize("raw", [5, None, {"edition": "shandong-2022"}, io.BytesIO(b"{}")])
def test_a_body_is_bytes_or_text(validator: Validator, raw: object) -> None:
    with pytest.raises(TypeError, match="body"):
        parse_envelope(raw)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="body"):
        validate_body(validator, raw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"edition": "\\ud800"}', 1, 14),
        ('{\n "form": "a\\udc00b"}', 2, 12),
        ('{"\\ud83d": 1}', 1, 3),
    ],
)
def test_an_unpaired_surrogate_escape_is_no_json_text(
    validator: Validator, text: str, line: int, column: int
) -> None:
    """As a submission file is read (``file.not-json``): a string no UTF-8
    text holds never reaches the rules nor the messages a portal sends on."""
    parsed = parse_envelope(text.encode())
    assert parsed.value is None
    assert [(f.code, f.params["line"], f.params["column"]) for f in parsed.findings] == [
        ("envelope.not-json", line, column)
    ]
    report = validate_body(validator, text)
    assert report.codes() == ["envelope.not-json"]
    assert "\\uD800-\\uDFFF" in report.findings[0].message("en")
    # Given as text holding the surrogate itself, not as its escape.
    (finding,) = parse_envelope(text.encode().decode("unicode_escape")).findings
    assert (finding.code, finding.params["detail"]) == ("envelope.not-json", SURROGATE_DETAIL)


def test_a_surrogate_pair_escape_is_one_character(validator: Validator) -> None:
    parsed = parse_envelope(b'{"edition": "\\ud83d\\ude00", "x": "\\\\ud800"}')
    assert parsed.ok and parsed.value == {"edition": "\U0001f600", "x": "\\ud800"}
    assert json.loads(json.dumps(parsed.value)) == parsed.value


@pytest.mark.parametrize("what", ["submission", "none"])
def test_report_to_json_takes_a_batch_report(
    validator: Validator, application: Envelope, what: str
) -> None:
    report = validator.validate(application, now=NOW) if what == "submission" else None
    with pytest.raises(TypeError, match="takes a BatchReport"):
        report_to_json(report)  # type: ignore[arg-type]
    batch = report_to_json(validator.validate_batch([application], now=NOW))
    assert [s["id"] for s in batch["submissions"]] == [application["id"]]


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        ('{"unit":\n {"name": "济南市科协"}}'.encode("gbk"), 2, 12),
        ('{"a": "济"}\n'.encode() + b"\xff", 2, 1),
        (b'{"edition": \n  ', 2, 3),
        # One byte order mark is dropped; the parser names a second in English.
        (b"\xef\xbb\xbf\xef\xbb\xbf{}", 1, 1),
        (b'{"a": "1' + b"0" * 5000 + b'",\n "b": 1' + b"0" * 5000 + b"}", 2, 7),
    ],
)
def test_a_body_not_json_says_where_and_why_in_both_languages(
    raw: bytes, line: int, column: int
) -> None:
    """Not line 0, column 0 and no reason in Chinese (GBK text)."""
    (finding,) = parse_envelope(raw).findings
    assert (finding.code, finding.params["line"], finding.params["column"]) == (
        "envelope.not-json",
        line,
        column,
    )
    detail = finding.params["detail"]
    assert isinstance(detail, Localized) and detail.zh in finding.message("zh")
    assert detail.en in finding.message("en")


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("attachments", [1] * 50_000),
        ("reform_items", [1] * 50_000),
        ("data", {"project_basis": [[0] * 1_000] * 3}),
    ],
)
def test_a_flood_of_array_items_is_refused_as_one_of_keys(
    validator: Validator, application: Envelope, member: str, value: object
) -> None:
    """Each item was checked against the schema, and each wrong one made a
    finding: 500,000 items in a 1 MiB body took half a minute of CPU."""
    body = json.dumps({**application, member: value}).encode()
    assert validate_body(validator, body).codes() == ["envelope.too-many-members"]
    # Arrays as a real envelope has them are read.
    assert parse_envelope(json.dumps(application).encode()).ok


@pytest.mark.parametrize(
    "raw", [b'{"a": NaN}', b'{"a": -Infinity}', b'{"a": 1e400}', b'{"a": ' + b"9" * 5000 + b"}"]
)
def test_a_number_json_has_not_is_refused_in_both_languages(raw: bytes) -> None:
    (finding,) = parse_envelope(raw).findings
    detail = finding.params["detail"]
    assert finding.code == "envelope.not-json" and isinstance(detail, Localized)
    assert detail.zh in finding.message("zh") and detail.en in finding.message("en")


#: A number JSON has not, after strings that hold its letters, and where.
_PLACED = [
    ('{"a": "NaN", "b": [1, 2.5e3,\n  NaN]}', 2, 3),
    ('{"k\\"": "Infinity",\n"v": -Infinity}', 2, 6),
    ('{\n  "x": [0.5, 1e999]}', 2, 14),
    ('{"y": -1E+400}', 1, 7),
    ('{"申报": "项目",\n\t"z": ' + "9" * 5000 + "}", 2, 7),
]


@pytest.mark.parametrize(("text", "line", "column"), _PLACED)
def test_a_number_json_has_not_is_refused_where_it_is(
    validator: Validator, tmp_path: Path, text: str, line: int, column: int
) -> None:
    """Python's parser says no place for them: the finding said line 0,
    column 0.  As a body (text or bytes) and as a submission file."""
    for raw in (text, text.encode()):
        (finding,) = parse_envelope(raw).findings
        assert (finding.code, finding.params["line"], finding.params["column"]) == (
            "envelope.not-json",
            line,
            column,
        )
        assert f"{line}" in finding.message("zh") and f"{column}" in finding.message("en")
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    (report,) = validator.check_paths([path], now=NOW).submissions
    assert [(f.code, f.params["line"], f.params["column"]) for f in report.findings] == [
        ("file.not-json", line, column)
    ]


def _nested(depth: int) -> list[object]:
    top: list[object] = []
    inner = top
    for _ in range(depth):
        deeper: list[object] = []
        inner.append(deeper)
        inner = deeper
    return top


@pytest.mark.parametrize(
    ("where", "value", "code"),
    [
        ("reform_items", list(range(500_000)), "envelope.too-many-members"),
        ("attachments", [{"role": "scan"}] * 500_000, "envelope.too-many-members"),
        ("contact", [1] * 500_000, "envelope.too-many-members"),
        ("contact", {f"k{i}": "x" for i in range(3_000)}, "envelope.too-many-members"),
        ("project_basis", [[0] * 1_000] * 3, "envelope.too-many-members"),
        ("contact", _nested(100_000), "envelope.too-deep"),
    ],
)
def test_a_flood_in_a_parsed_envelope_is_refused_before_it_is_checked(
    validator: Validator,
    application: Envelope,
    tmp_path: Path,
    where: str,
    value: object,
    code: str,
) -> None:
    """Given parsed (a portal's own JSON parser) or read from a file, each
    item was checked against the schema and each wrong one reported before
    the report was cut to 200 findings: half a minute for 500,000 items."""
    if where in application:
        application[where] = value
    else:
        application["data"][where] = value
    assert validator.validate(application, now=NOW).codes() == [code]
    (batch,) = validator.validate_batch([application], now=NOW).submissions
    assert batch.codes() == [code]
    if code == "envelope.too-many-members":  # (a deep file: deep.json, test_envelope_and_files)
        path = tmp_path / "s.json"
        path.write_text(json.dumps(application), encoding="utf-8")
        (read,) = validator.check_paths([path], now=NOW).submissions
        assert read.codes() == [code]


def test_an_envelope_of_many_but_fewer_members_than_the_cap_is_checked(
    validator: Validator, application: Envelope
) -> None:
    application["reform_items"] = [1] * 1_500
    assert "envelope.too-many-members" not in validator.validate(application, now=NOW).codes()


@pytest.mark.parametrize(
    ("where", "key", "value", "pointer"),
    [
        ("data", "project_name", "项目\ud800", "/data/project_name"),
        ("unit", "name", "\udc00济南市科协", "/unit/name"),
        ("data", "k\ud800", "x", "/data"),
        ("data", "a/b~", {"x": ["ok", "\udfff"]}, "/data/a~1b~0/x/1"),
        ("", "\ud83d", 1, ""),
    ],
)
def test_a_lone_surrogate_in_a_parsed_envelope_is_no_text(
    validator: Validator,
    application: Envelope,
    where: str,
    key: str,
    value: object,
    pointer: str,
) -> None:
    """A portal's own JSON reader (Python's json takes ``"\\ud800"``) gave
    a string no UTF-8 holds: in a field's value it passed as valid, and no
    report quoting it could be written as UTF-8."""
    # A character past U+FFFF is text (json.loads reads "\ud83d\ude00" as one).
    application["data"]["project_name"] = "表情\U0001f600"
    assert "envelope.not-text" not in validator.validate(application, now=NOW).codes()
    (application[where] if where else application)[key] = value
    report = validator.validate(application, now=NOW)
    assert [(f.code, f.pointer) for f in report.findings] == [("envelope.not-text", pointer)]
    batch = validator.validate_batch([application], now=NOW)
    assert json.dumps(report_to_json(batch), ensure_ascii=False).encode("utf-8")


def test_check_paths_takes_a_list_of_paths(validator: Validator, tmp_path: Path) -> None:
    """A lone path's characters were each a path: "/" the whole disk."""
    for lone in (str(tmp_path), tmp_path, bytes(tmp_path)):
        with pytest.raises(TypeError, match=r"^paths takes a list of paths"):
            validator.check_paths(lone)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^paths holds paths"):
        validator.check_paths([None])  # type: ignore[list-item]
    assert validator.check_paths([tmp_path], now=NOW).submissions == ()


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14))),
        dt.datetime(1, 1, 2, 12, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-14))),
    ],
)
def test_now_at_the_calendar_s_ends_is_refused(
    validator: Validator, application: Envelope, now: dt.datetime
) -> None:
    """A rule comparing it with the deadline failed (rule.failed)."""
    with pytest.raises(ValueError, match=r"^now must fall on a day from 0001-01-03 to 9999-12-29"):
        validator.validate(application, now=now)
    with pytest.raises(ValueError, match=r"^now must fall on a day"):
        validator.validate_batch([application], now=now)


@pytest.mark.parametrize(
    ("limits", "error"),
    [
        ({"max_bytes": None}, TypeError),
        ({"max_bytes": "1000"}, TypeError),
        ({"max_bytes": True}, TypeError),
        ({"max_members": 1.5}, TypeError),
        ({"max_members": -1}, ValueError),
        ({"max_bytes": -1}, ValueError),
    ],
)
def test_the_limits_of_a_body_are_whole_numbers(
    validator: Validator, limits: dict[str, object], error: type[Exception]
) -> None:
    (name,) = limits
    with pytest.raises(error, match=f"^{name} "):
        parse_envelope(b"{}", **limits)  # type: ignore[arg-type]
    with pytest.raises(error, match=f"^{name} "):
        validate_body(validator, b"{}", **limits)  # type: ignore[arg-type]


@pytest.mark.parametrize("jobs", ["2", 2.5, None, True])
def test_jobs_is_a_whole_number(validator: Validator, application: Envelope, jobs: object) -> None:
    with pytest.raises(TypeError, match=r"^jobs takes a whole number"):
        validator.validate_batch([application], now=NOW, jobs=jobs)  # type: ignore[arg-type]


@pytest.mark.parametrize("base_dir", [5, b"/tmp", ["files"]])
def test_base_dir_is_a_folder_s_path(
    validator: Validator, application: Envelope, base_dir: object
) -> None:
    """Not pathlib's "expected str, bytes or os.PathLike object", which
    names no argument."""
    with pytest.raises(TypeError, match=r"^base_dir takes the path of a folder"):
        validator.validate(application, now=NOW, base_dir=base_dir)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^base_dir takes the path of a folder"):
        validator.validate_batch([application], now=NOW, base_dir=base_dir)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^base_dir takes the path of a folder"):
        validate_body(validator, b"{", now=NOW, base_dir=base_dir)  # type: ignore[arg-type]
