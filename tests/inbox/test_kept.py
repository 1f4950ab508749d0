"""``check --report DIR``: the batch is checked as a stream with its whole
report kept on disk, and the report folder written from it is the one the
whole-batch check makes (``check_intake`` for an inbox or a mailbox,
``report_from_batch`` for submission files), with workers or without; the
report on stdout is the streamed one.  While the folder is written, the
reports and facts are read from disk, not held."""

from __future__ import annotations

import io
import json
import tracemalloc
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reform_brand import Edition, Host, Validator
from reform_brand._spool import Spooled
from reform_brand.cli import main
from reform_brand.cli._streamed import check_kept
from reform_brand.office import (
    InboxReport,
    check_intake,
    check_mail,
    inbox_to_json,
    intake,
    report_from_batch,
    write_report_dir,
)
from reform_brand.office._scan_views import scan_views
from tests.inbox.batches import envelopes as _envelopes
from tests.inbox.batches import traced_peak, write_mbox
from tests.validation.helpers import NOW

TEXT_FILES = ("report.json", "report.html")


def _cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "shandong-2022", *args, "--now", NOW.isoformat(), "--lang", "zh"])
    return code, out.getvalue()


def _cells(path: Path) -> list[list[list[object]]]:
    wb = load_workbook(path, read_only=True)
    try:
        return [[list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets]
    finally:
        wb.close()


def _same_folder(got: Path, expected: Path) -> None:
    names = sorted(p.relative_to(expected).as_posix() for p in expected.rglob("*"))
    assert sorted(p.relative_to(got).as_posix() for p in got.rglob("*")) == names
    for name in names:
        if name.endswith(".html") or name.endswith(".json"):
            assert (got / name).read_bytes() == (expected / name).read_bytes(), name
    assert _cells(got / "roster.xlsx") == _cells(expected / "roster.xlsx")


def _expected(report: InboxReport, edition: Edition, out: Path, **kw: object) -> str:
    write_report_dir(report, edition, out, lang="zh", **kw)  # type: ignore[arg-type]
    return json.dumps(inbox_to_json(report), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("name", ["files", "mixed", "demo"])
def test_the_report_folder_of_an_inbox_is_the_whole_checks(
    host: Host, edition: Edition, inboxes: dict[str, Path], name: str, tmp_path: Path
) -> None:
    root = inboxes[name]
    validator = Validator.create(edition, host=host)
    found = intake(edition, root)
    whole = check_intake(found, edition, validator=validator, now=NOW)
    scans = scan_views(whole, edition, base=found.base, names=found.names)
    expected_json = _expected(whole, edition, tmp_path / "expected", scans=scans)
    # What the batch is about, so that agreeing means something.
    codes = {f.code for f in whole.all_findings()}
    if name != "demo":
        assert {"batch.superseded", "batch.duplicate-id", "file.not-json"} <= codes
    else:
        assert any(s.word for s in whole.submissions) and whole.materials
    assert list((tmp_path / "expected" / "forms").iterdir())
    for jobs in ("1", "2"):
        out = tmp_path / f"report-{jobs}"
        code, stdout = _cli(str(root), "--json", "--report", str(out), "--jobs", jobs)
        assert code == 1
        assert stdout == expected_json, jobs
        _same_folder(out, tmp_path / "expected")


def test_the_report_folder_of_a_mailbox_is_the_whole_checks(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    path = write_mbox(tmp_path / "收件箱.mbox")
    validator = Validator.create(edition, host=host)
    found, whole = check_mail(edition, path, validator=validator, now=NOW)
    assert whole.mails
    scans = scan_views(whole, edition, base=found.base, names=found.names)
    _expected(whole, edition, tmp_path / "expected", scans=scans)
    out = tmp_path / "report"
    code, _text = _cli(str(path), "--report", str(out))
    assert code == 1 and "mail" in (out / "report.html").read_text(encoding="utf-8")
    _same_folder(out, tmp_path / "expected")


def test_the_report_folder_of_submission_files_is_the_whole_checks(
    host: Host, edition: Edition, inboxes: dict[str, Path], tmp_path: Path
) -> None:
    paths = sorted(str(p) for p in inboxes["files"].rglob("*.json"))
    validator = Validator.create(edition, host=host)
    batch = validator.check_paths(paths, now=NOW)
    whole = report_from_batch(edition, batch)
    assert {"file.not-json", "batch.superseded"} <= {f.code for f in whole.all_findings()}
    assert len(whole.files) == len(whole.submissions) == len(paths) - 1  # a material's
    write_report_dir(whole, edition, tmp_path / "expected", lang="zh")
    for jobs in ("1", "2"):
        out = tmp_path / f"report-{jobs}"
        code, _text = _cli(*paths, "--report", str(out), "--jobs", jobs)
        assert code == 1
        _same_folder(out, tmp_path / "expected")


def test_the_kept_report_reads_each_submission_from_disk(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    """The kept report's reports and facts are sequences read as they are
    asked for: the check keeps none, and each read gives a new value equal
    to the last."""
    root = tmp_path / "inbox"
    _envelopes(root, 30)
    validator = Validator.create(edition, host=host)
    found = intake(edition, root)
    whole = check_intake(found, edition, validator=validator, now=NOW)
    with check_kept(
        validator, intake(edition, root), strict=False, now=NOW, jobs=1, as_json=True, lang="zh"
    ) as kept:
        report = kept.report
        subs, facts = report.batch.submissions, report.submissions
        assert isinstance(subs, Spooled) and isinstance(facts, Spooled)
        assert list(subs) == list(whole.batch.submissions)
        assert list(facts) == list(whole.submissions)
        assert subs[-1] == whole.batch.submissions[-1] and subs[-1] is not subs[-1]
        assert subs[2:4] == list(whole.batch.submissions[2:4])
        with pytest.raises(IndexError):
            subs[len(subs)]
        assert report.batch.findings == whole.batch.findings
        assert report.files == whole.files and report.root == whole.root


def _writing_peak(edition: Edition, validator: Validator, root: Path, out: Path) -> int:
    """The traced memory's peak while the report folder of the kept check
    of ``root`` is written, above what it was before: the smaller of two
    writings.  A table of the interpreter's own that grows once in a while
    (the interned strings', which ``pathlib`` adds to: some MB at once
    after a long session) falls in one of them at most, and is no memory
    of the batch's."""
    with check_kept(
        validator, intake(edition, root), strict=False, now=NOW, jobs=1, as_json=True, lang="zh"
    ) as kept:
        return min(
            traced_peak(lambda: write_report_dir(kept.report, edition, out, scans={}))
            for _ in range(2)
        )


def test_writing_the_report_folder_holds_no_report_of_a_submission(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    """Writing the folder grows with the batch by what the page and the
    roster index by submission (its verdict, its unit, its form's link),
    not by the reports and facts (some KB each, as the whole check keeps
    them)."""
    validator = Validator.create(edition, host=host)
    small, large = tmp_path / "small", tmp_path / "large"
    _envelopes(small, 60)
    _envelopes(large, 300)
    peaks = [
        _writing_peak(edition, validator, root, tmp_path / f"out-{root.name}")
        for root in (small, large)
    ]
    per_submission = (peaks[1] - peaks[0]) / 240
    tracemalloc.start()
    try:
        whole = check_intake(intake(edition, large), edition, validator=validator, now=NOW)
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(whole.submissions) == 302
    assert per_submission < 1_000, per_submission
    assert held / 300 > per_submission + 1_000
