"""A JSON string with an unpaired surrogate escape (``"\\ud800"``) is no
text: it cannot be written as UTF-8 and names no file.  The file that holds
one gets ``file.not-json`` where the escape is, and the batch goes on."""

from __future__ import annotations

import datetime as dt
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reform_brand import Edition, Validator
from reform_brand.cli import main
from reform_brand.findings import BatchReport, Finding, SubmissionReport
from reform_brand.office import (
    InboxReport,
    InboxSubmission,
    inbox_to_json,
    write_inbox_json,
    write_report_dir,
)
from reform_brand.office._names import clean_text
from reform_brand.submission import read_envelope
from tests.conftest import REFERENCE_DATA

EXAMPLES = REFERENCE_DATA.parent / "examples"
NOW = "2022-08-25T00:00:00+08:00"


def _check(*paths: Path, jobs: int = 1) -> tuple[int, dict[str, object]]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(
            [
                "check",
                "shandong-2022",
                *map(str, paths),
                "--json",
                "--now",
                NOW,
                "--jobs",
                str(jobs),
            ]
        )
    return code, json.loads(out.getvalue())


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_lone_surrogate_fails_its_file_alone(tmp_path: Path, jobs: int) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1,\n "id": "x\\ud800", "edition": "shandong-2022"}', "utf-8")
    good = EXAMPLES / "ok-society.json"
    code, report = _check(bad, good, jobs=jobs)
    assert code == 1
    subs = {Path(s["file"]).name: s for s in report["submissions"]}  # type: ignore[attr-defined]
    assert subs["ok-society.json"]["verdict"] == "ok"
    (finding,) = subs["bad.json"]["findings"]
    assert finding["code"] == "file.not-json"
    assert (finding["params"]["line"], finding["params"]["column"]) == (2, 10)


@pytest.mark.parametrize(
    ("text", "lone"),
    [
        ('{"id": "\\ud83d\\ude00"}', False),  # a pair: one character
        ('{"id": "\\\\ud800"}', False),  # an escaped backslash, then "ud800"
        ('{"id": "\\ud800\\\\udc00"}', True),  # a high half, then text
        ('{"id": "\\udc00\\ud800"}', True),  # halves in the wrong order
        ('{"\\ud800": 1}', True),  # in a key
        ('{"a": [[{"b": "\\udfff"}]]}', True),  # deep in a value
    ],
)
def test_only_unpaired_surrogates_are_refused(tmp_path: Path, text: str, lone: bool) -> None:
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    value, problems = read_envelope(path)
    codes = [code for code, _ in problems]
    assert ("file.not-json" in codes) is lone
    assert (value is None) is lone


def test_an_attachment_path_that_names_nothing_is_a_finding() -> None:
    """Given as data (a portal's dict), such a path is no text, as in a
    file (envelope.not-text where it is), never a rule's crash; a lone
    surrogate that stands for a byte of a name that is not UTF-8 (as
    ``os.fsdecode`` gives it) is a name, looked for as any other."""
    env = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    env["attachments"][0]["path"] = "files/\ud800.pdf"
    v = Validator.create("shandong-2022")
    now = dt.datetime.fromisoformat(NOW)
    found = v.validate(env, now=now, base_dir=EXAMPLES).findings
    assert [(f.code, f.pointer) for f in found] == [("envelope.not-text", "/attachments/0/path")]
    env["attachments"][0]["path"] = "files/\udcff.pdf"
    codes = {f.code for f in v.validate(env, now=now, base_dir=EXAMPLES).findings}
    assert "deliverables.file-missing" in codes
    assert not codes & {"envelope.not-text", "rule.failed"}


def test_a_surrogate_that_stands_for_no_byte_is_shown_escaped() -> None:
    assert clean_text("单位\ud800") == "单位\\ud800"
    assert clean_text("\udcff") == "\\xff"  # a byte of a name that is not UTF-8


def _report_with_lone_surrogates() -> InboxReport:
    """An inbox report built by code whose names hold lone surrogates."""
    finding = Finding(
        code="roster.unknown-unit",
        severity="warning",
        submission="s\ud800",
        params={"name": "x\udcff"},
    )
    batch = BatchReport(
        edition="shandong-2022",
        strict=False,
        evaluated_at=dt.datetime(2022, 8, 22, tzinfo=dt.UTC),
        submissions=(
            SubmissionReport(submission="s\ud800", file="f/\ud800.docx", findings=(finding,)),
        ),
        findings=(finding,),
    )
    facts = InboxSubmission(id="s\ud800", folder="f", unit="济南市科协\ud800")
    return InboxReport(root="in\udcffbox", batch=batch, files=(), submissions=(facts,))


def test_a_report_built_by_code_with_a_lone_surrogate_is_written_escaped(
    tmp_path: Path, edition: Edition
) -> None:
    """write_inbox_json (and check --json's writer) writes a lone surrogate
    as its escape: a UTF-8 file takes the whole report, read back as the
    same strings; the report folder is written whole, its page showing the
    surrogate written out."""
    report = _report_with_lone_surrogates()
    path = tmp_path / "report.json"
    with path.open("w", encoding="utf-8") as fh:
        write_inbox_json(report, fh)
    text = path.read_text(encoding="utf-8")
    assert "\\ud800" in text and "\\udcff" in text
    assert json.loads(text) == json.loads(json.dumps(inbox_to_json(report)))
    out = tmp_path / "out"
    write_report_dir(report, edition, out)
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["inbox"]["root"] == (
        "in\udcffbox"
    )
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "济南市科协\\ud800" in page


def test_half_a_character_is_told_as_by_an_encoding_to_utf8() -> None:
    """``is_half`` tells a lone surrogate by an encoding to UTF-16: the same
    verdict as the encoding to UTF-8 (and the search) that it replaced, on
    every surrogate alone and among ASCII, Chinese and characters beyond
    the BMP."""
    import random

    from reform_brand._measure import HALF, is_half

    def by_utf8(text: str) -> bool:
        try:
            text.encode()
        except UnicodeEncodeError:
            return HALF.search(text) is not None
        return False

    rng = random.Random(6)
    pool = ["a", "中", "文", "\U0001f600", "\U00020000", "\xe9", " ", "\ud800", "\udbff"]
    pool += ["\udc00", "\udc80", "\udcff", "\udd00", "\udfff"]
    texts = [chr(c) for c in range(0xD700, 0xE100)]
    texts += ["".join(rng.choices(pool, k=rng.randint(1, 40))) for _ in range(3000)]
    halves = 0
    for text in texts:
        assert is_half(text) == by_utf8(text), ascii(text)
        halves += is_half(text)
    assert min(halves, len(texts) - halves) > 500  # both verdicts, often
