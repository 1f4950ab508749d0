"""The engine: envelope structure and bad files, each a finding for that
file alone while the batch goes on."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reform_brand import Validator, validate_body
from reform_brand.catalogue import Localized
from reform_brand.submission import MAX_DEPTH
from tests.validation.helpers import NOW, PDF, Envelope, minimal_docx, pairs


def test_envelope_structure(validator: Validator, application: Envelope) -> None:
    application["version"] = 2
    application["note"] = "x"
    application["unit"] = {"kind": "city-association", "nickname": "济南"}
    application["id"] = ""
    application["attachments"] = [{"role": "word"}, "scan.pdf"]
    found = sorted(pairs(validator.validate(application, now=NOW)))
    assert found == [
        ("deliverables.missing", "/attachments"),
        ("deliverables.missing", "/attachments"),
        ("envelope.empty", "/id"),
        ("envelope.required", "/attachments/0/path"),
        ("envelope.required", "/unit/name"),
        ("envelope.type", "/attachments/1"),
        ("envelope.unknown-key", "/note"),
        ("envelope.unknown-key", "/unit/nickname"),
        ("envelope.version", "/version"),
    ]


def test_missing_members(validator: Validator) -> None:
    assert sorted(pairs(validator.validate({}, now=NOW))) == [
        ("envelope.required", "/data"),
        ("envelope.required", "/edition"),
        ("envelope.required", "/form"),
        ("envelope.required", "/unit"),
    ]


@pytest.mark.parametrize(
    ("value", "actual"), [([], "array"), ("x", "string"), (None, "null"), (3, "integer")]
)
def test_not_an_object(validator: Validator, value: object, actual: str) -> None:
    report = validator.validate(value, now=NOW)
    assert pairs(report) == [("envelope.not-object", "")]


def test_other_edition_is_not_checked_further(validator: Validator, application: Envelope) -> None:
    application["edition"] = "shandong-2023"
    del application["data"]["project_name"]
    assert pairs(validator.validate(application, now=NOW)) == [
        ("envelope.edition-mismatch", "/edition")
    ]


def test_unknown_form(validator: Validator, application: Envelope) -> None:
    application["form"] = "summary"
    assert pairs(validator.validate(application, now=NOW)) == [("envelope.unknown-form", "/form")]


def test_unknown_form_names_each_form_by_its_title_and_id(
    validator: Validator, application: Envelope
) -> None:
    """The forms an envelope may name are listed by their titles, each with
    the id to write (as the unit kinds are), not by ids alone."""
    application["form"] = "applicaton"
    (finding,) = validator.validate(application, now=NOW).findings
    forms = validator.edition.forms
    assert finding.params["available"] == tuple(f.id for f in forms)
    listed = finding.params["forms"]
    assert isinstance(listed, Localized)
    assert listed.zh.split("、") == [f"{f.attachment}《{f.title.zh}》（{f.id}）" for f in forms]
    assert [item.partition(" (")[0] for item in listed.en.split("), ")] == [f.id for f in forms]
    assert all(f.title.zh in finding.message("zh") for f in forms)


def test_deep_nesting_in_memory(validator: Validator, application: Envelope) -> None:
    deep: object = 1
    for _ in range(10_000):
        deep = [deep]
    application["reform_items"] = [deep, deep]
    assert pairs(validator.validate(application, now=NOW)) == [("envelope.too-deep", "")]
    application["reform_items"] = [1]
    application["data"]["remarks"] = deep
    # Under an unknown key too, as the same envelope is refused as a body
    # or a file (nothing descends into it, but it is measured first).
    assert pairs(validator.validate(application, now=NOW)) == [("envelope.too-deep", "")]
    body = json.dumps({**application, "data": {"remarks": "deep"}})
    body = body.replace('"deep"', "[" * 10_000 + "]" * 10_000)
    assert validate_body(validator, body, now=NOW).codes() == ["envelope.too-deep"]


def test_bad_files_each_give_a_finding_and_the_batch_goes_on(
    validator: Validator, application: Envelope, tmp_path: Path
) -> None:
    good = json.dumps(application, ensure_ascii=False)

    def project(name: str) -> str:
        """The envelope with another project of the same unit: not a version
        of good.json (a resend of one project would leave one version)."""
        data = {**application["data"], "project_name": name}
        return json.dumps(dict(application, data=data), ensure_ascii=False)

    files = {
        "broken.json": b'{"edition": ',
        "gbk.json": good.encode("gbk"),
        "utf16.json": good.encode("utf-16"),
        "bom.json": b"\xef\xbb\xbf" + project("另一个项目").encode("utf-8"),
        "deep.json": b"[" * 10_000 + b"]" * 10_000,
        "nan.json": b'{"edition": NaN}',
        "bigint.json": b"[" + b"9" * 5000 + b"]",
        "dupkey.json": project("第三个项目")[:-1].encode("utf-8") + b', "id": "s1"}',
        "good.json": good.encode("utf-8"),
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    (tmp_path / "scan.pdf").write_bytes(PDF)
    (tmp_path / "form.docx").write_bytes(minimal_docx())
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.write(b'{"data": "')
        fh.write(b"x" * (50 * 1024 * 1024))
        fh.write(b'"}')
    report = validator.check_paths([tmp_path], now=NOW)
    by_file = {Path(s.file).name: [f.code for f in s.findings] for s in report.submissions}
    assert by_file == {
        "big.json": ["file.too-large"],
        "bigint.json": ["file.not-json"],
        "bom.json": ["file.bom"],
        "broken.json": ["file.not-json"],
        "deep.json": ["envelope.too-deep"],
        "dupkey.json": ["file.duplicate-key"],
        "gbk.json": ["file.encoding"],
        "good.json": [],
        "nan.json": ["file.not-json"],
        "utf16.json": ["file.encoding"],
    }
    # attachments are relative to the file's folder, and were read
    assert all(s.files_checked for s in report.submissions if s.submission == "s1")


def test_a_directory_named_json_and_an_unreadable_file(
    validator: Validator, tmp_path: Path
) -> None:
    report = validator.validate_batch([tmp_path / "missing.json"], now=NOW)
    assert [f.code for f in report.submissions[0].findings] == ["file.unreadable"]


def test_findings_are_capped(validator: Validator, application: Envelope) -> None:
    application["data"].update({f"k{i}": i for i in range(500)})
    report = validator.validate(application, now=NOW)
    assert len(report.findings) == 200
    assert report.findings[-1].code == "report.truncated"
    assert report.findings[-1].params["total"] == 500


def test_max_depth_is_generous_for_real_envelopes() -> None:
    assert MAX_DEPTH >= 16


@pytest.mark.parametrize(
    ("modified", "ok"),
    [
        ("2022-08-16T09:00:00+08:00", True),
        ("2022-08-16T01:00:00Z", True),
        ("2022-08-16", False),
        ("2022-08-16T09:00:00", False),
        ("2022-08-16 09:00:00+08:00", True),  # (RFC 3339 allows a space for the T)
        ("2022-08-16T09:00+08:00", False),
        ("", False),
        ("0001-01-01T00:00:00Z", False),
        ("9999-12-31T00:00:00Z", False),
    ],
)
def test_modified_at_is_a_date_time_with_its_offset(
    validator: Validator, application: Envelope, modified: str, ok: bool
) -> None:
    """``modified_at`` is read as ``arrived_at`` is (docs/submission.md); one
    that does not read is an envelope problem, as ajv says of the exported
    schema, not a time silently left out of the tie between versions."""
    application["attachments"] = [
        {"role": "word", "path": "a.docx", "modified_at": modified},
        {"role": "signed-scan", "path": "a.pdf"},
    ]
    report = validator.validate(application, now=NOW)
    found = [(f.code, f.pointer) for f in report.findings if f.code.startswith("envelope.")]
    expected = [] if ok else [("envelope.invalid", "/attachments/0/modified_at")]
    assert found == expected
    if not ok:
        (finding,) = (f for f in report.findings if f.code == "envelope.invalid")
        assert finding.params["keyword"] == "format"


#: Where an integer too long for Python to write out (more than 4,300
#: digits) goes, and the finding any other wrong value there gets.
HUGE_AT: dict[str, tuple[Callable[[Envelope, int], object], tuple[str, str]]] = {
    "version": (lambda e, n: e.update(version=n), ("envelope.version", "/version")),
    "id": (lambda e, n: e.update(id=n), ("envelope.type", "/id")),
    "unit name": (lambda e, n: e["unit"].update(name=n), ("envelope.type", "/unit/name")),
    "data": (lambda e, n: e["data"].update(project_name=n), ("form.type", "/data/project_name")),
    "reform item": (
        lambda e, n: e.update(reform_items=[n]),
        ("reform-items.unknown", "/reform_items/0"),
    ),
}


@pytest.mark.parametrize("where", sorted(HUGE_AT))
@pytest.mark.parametrize("sign", [1, -1])
def test_an_integer_too_long_to_write_out_is_a_wrong_value_there(
    validator: Validator, application: Envelope, where: str, sign: int
) -> None:
    """An envelope built by code may hold an integer of more digits than
    Python writes out (JSON text cannot: it is envelope.not-json); the
    schema's messages write the value out, and the check failed
    (rule.failed). It is the finding a wrong value there gets, and the
    report is written whole."""
    from reform_brand.findings import submission_to_json

    put, expected = HUGE_AT[where]
    put(application, sign * 10**5000)
    report = validator.validate(application, now=NOW)
    found = pairs(report)
    assert "rule.failed" not in {code for code, _ in found}
    if sign == -1 and where == "reform item":  # (an item below 1, as -5 is)
        expected = ("envelope.invalid", "/reform_items/0")
    assert expected in found, found
    text = json.dumps(submission_to_json(report, validator.catalogue), ensure_ascii=False)
    assert "rule.failed" not in text


@pytest.mark.parametrize("modified", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00"])
def test_a_modified_at_on_the_calendar_s_ends_names_the_days_read(
    validator: Validator, application: Envelope, modified: str
) -> None:
    """As deadline.arrival-out-of-range does: not "not in the right form"."""
    application["attachments"][0]["modified_at"] = modified
    (finding,) = (f for f in validator.validate(application, now=NOW).findings)
    problem = finding.params["problem"]
    assert (finding.code, finding.pointer) == ("envelope.invalid", "/attachments/0/modified_at")
    assert isinstance(problem, Localized) and problem.value == "format"
    for text in (problem.zh, problem.en):
        assert "0001-01-03" in text and "9999-12-29" in text


@pytest.mark.parametrize(
    ("encoding", "guess"),
    [("gbk", "GBK"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-16")],
)
def test_a_file_not_utf8_is_told_what_it_looks_like(
    validator: Validator, application: Envelope, tmp_path: Path, encoding: str, guess: str
) -> None:
    """A file Notepad saved as "Unicode" (UTF-16) was said to be perhaps GBK."""
    path = tmp_path / "s.json"
    path.write_bytes(json.dumps(application, ensure_ascii=False).encode(encoding))
    (report,) = validator.check_paths([path], now=NOW).submissions
    (finding,) = report.findings
    detail = finding.params["guess"]
    assert finding.code == "file.encoding" and isinstance(detail, Localized)
    assert detail.value == guess
    assert detail.zh in finding.message("zh") and detail.en in finding.message("en")
