"""roster.xlsx as a file: the same report gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import pytest

from reform_brand import BatchReport, Edition, SubmissionReport
from reform_brand.office import InboxReport, InboxSubmission
from reform_brand.office._roster import roster_xlsx, write_roster_xlsx

NOW = dt.datetime(2022, 8, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _report() -> InboxReport:
    return InboxReport(
        root="inbox",
        batch=BatchReport(
            edition="shandong-2022",
            strict=False,
            evaluated_at=NOW,
            submissions=(SubmissionReport(submission="s1", file="济南/申报表.docx"),),
        ),
        files=(),
        submissions=(
            InboxSubmission(id="s1", folder="济南", word="济南/申报表.docx", unit="济南市科协"),
        ),
    )


def test_the_same_report_gives_the_same_workbook(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the document's dates nor its zip entries' carry the time it
    was written: they are the report's evaluation time."""
    first = roster_xlsx(_report(), edition)
    later = time.time() + 86400 * 400
    monkeypatch.setattr(time, "time", lambda: later)
    write_roster_xlsx(_report(), edition, tmp_path / "roster.xlsx")
    assert (tmp_path / "roster.xlsx").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2022, 8, 22, 9, 0, 0)}
        assert "xl/worksheets/sheet1.xml" in z.namelist()
        core = z.read("docProps/core.xml").decode()
    # 09:00 at +08:00 is 01:00 UTC.
    assert core.count("2022-08-22T01:00:00Z") == 2, core


def test_characters_xml_cannot_hold_are_left_out_of_the_cells(edition: Edition) -> None:
    """A manifest's unit with the non-characters U+FFFE and U+FFFF (which
    JSON lets through) or a lone surrogate still gives a workbook."""
    from openpyxl import load_workbook

    report = InboxReport(
        root="inbox",
        batch=BatchReport(
            edition="shandong-2022",
            strict=False,
            evaluated_at=NOW,
            submissions=(SubmissionReport(submission="s1", file="f/申报表.docx"),),
        ),
        files=(),
        submissions=(
            InboxSubmission(
                id="s1",
                folder="f",
                unit="单位\ufffe\uffff\x07名",
                project_name="项目\ud800名",
                sender="a\x0bb@example.cn",
            ),
        ),
    )
    sheet = load_workbook(io.BytesIO(roster_xlsx(report, edition))).worksheets[0]
    assert [sheet["B2"].value, sheet["F2"].value, sheet["J2"].value] == [
        "单位名",
        "项目名",
        "ab@example.cn",
    ]


def test_both_sheets_have_a_frozen_header_and_a_filter(edition: Edition) -> None:
    """The clerk sorts and filters the findings by unit, severity or code as
    the submissions."""
    from openpyxl import load_workbook

    from reform_brand import Finding

    report = _report()
    finding = Finding(code="inbox.unknown-file", severity="warning", file="济南/x.bin")
    report = InboxReport(
        root=report.root,
        batch=BatchReport(
            edition=report.batch.edition,
            strict=False,
            evaluated_at=NOW,
            submissions=report.batch.submissions,
            findings=(finding, finding),
        ),
        files=(),
        submissions=report.submissions,
    )
    book = load_workbook(io.BytesIO(roster_xlsx(report, edition)))
    assert [(ws.title, ws.freeze_panes, ws.auto_filter.ref) for ws in book.worksheets] == [
        ("汇总表", "A2", "A1:R2"),
        ("问题清单", "A2", "A1:G3"),
    ]
