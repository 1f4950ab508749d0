"""roster.xlsx as a file: the same report gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import attrs
import pytest

from reform_brand import BatchReport, Edition, Finding, SubmissionReport
from reform_brand.office import InboxReport, InboxSubmission
from reform_brand.office._roster import roster_xlsx, write_roster_xlsx
from tests.inbox.test_report_html import arrivals_report

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


def _one(submission: InboxSubmission, *findings: Finding) -> InboxReport:
    """A report of ``submission`` alone (``s1``, its form ``f/申报表.docx``)
    with ``findings`` on it."""
    return InboxReport(
        root="inbox",
        batch=BatchReport(
            edition="shandong-2022",
            strict=False,
            evaluated_at=NOW,
            submissions=(
                SubmissionReport(submission="s1", file="f/申报表.docx", findings=findings),
            ),
        ),
        files=(),
        submissions=(submission,),
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


def test_characters_xml_cannot_hold_are_written_out_in_the_cells(edition: Edition) -> None:
    """A manifest's unit with the non-characters U+FFFE and U+FFFF (which
    JSON lets through) or a lone surrogate still gives a workbook, each
    written out as report.html writes it: left out, a file ``a\\x01b.docx``
    was named as another, ``ab.docx``."""
    from openpyxl import load_workbook

    report = _one(
        InboxSubmission(
            id="s1",
            folder="f",
            unit="单位\ufffe\uffff\x07名",
            project_name="项目\ud800名",
            sender="a\x0bb@example.cn",
        )
    )
    sheet = load_workbook(io.BytesIO(roster_xlsx(report, edition))).worksheets[0]
    assert [sheet["B2"].value, sheet["F2"].value, sheet["J2"].value] == [
        "单位\\ufffe\\uffff\\x07名",
        "项目\\ud800名",
        "a\\x0bb@example.cn",
    ]


def test_both_sheets_have_a_frozen_header_and_a_filter(edition: Edition) -> None:
    """The clerk sorts and filters the findings by unit, severity or code as
    the submissions."""
    from openpyxl import load_workbook

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
        ("汇总表", "A2", "A1:S2"),
        ("问题清单", "A2", "A1:H3"),
    ]


def test_the_arrival_is_an_excel_date_on_the_office_clock(edition: Edition) -> None:
    """A clerk sorts and filters by arrival: it is a date and time (a
    number Excel shows as one), on the deadline's clock whatever offset the
    mail server wrote; what is no arrival time stays as it was."""
    from openpyxl import load_workbook
    from openpyxl.cell import Cell

    report = arrivals_report(
        edition,
        "2022-08-20T23:59:30+08:00",
        "2022-08-20T16:30:00Z",
        "2022-08-19T22:05:00-04:00",
        "2022-08-19",
        None,
    )
    content = roster_xlsx(report, edition)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("到达时间") + 1
    cells: list[Cell] = []
    for r in range(2, 7):
        cell = sheet.cell(row=r, column=column)
        assert isinstance(cell, Cell)  # not a merged one
        cells.append(cell)
    assert [c.value for c in cells[:3]] == [
        dt.datetime(2022, 8, 20, 23, 59, 30),
        dt.datetime(2022, 8, 21, 0, 30),
        dt.datetime(2022, 8, 20, 10, 5),
    ]
    assert all(c.is_date and c.number_format == "yyyy-mm-dd hh:mm" for c in cells[:3])
    assert cells[0].alignment.wrap_text
    assert [c.value for c in cells[3:]] == ["2022-08-19", None]
    assert not any(c.is_date for c in cells[3:])
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    # Stored as Excel's serial number (days since 1899-12-30), not as text.
    [(kind, serial)] = re.findall(r'<c r="K2"[^>]* t="(\w+)"><v>([^<]*)</v>', xml)
    assert kind == "n"
    assert abs(float(serial) - (44793 + (23 * 3600 + 59 * 60 + 30) / 86400)) < 1e-9
    assert roster_xlsx(report, edition) == content


def test_an_arrival_before_1900_stays_the_text_it_was(edition: Edition) -> None:
    """Excel shows no date before 1900: such an arrival (a mail's Date
    header as its sender wrote it) was written as a serial number below 1,
    read back as a time of day (or below 0, shown as ``####``); it stays
    the text it was, and the first day Excel shows is a date."""
    from openpyxl import load_workbook

    report = arrivals_report(
        edition, "1899-12-31T10:00:00+08:00", "1800-01-01T00:00:00Z", "1900-03-01T12:00:00+08:00"
    )
    sheet = load_workbook(io.BytesIO(roster_xlsx(report, edition))).worksheets[0]
    column = [c.value for c in sheet[1]].index("到达时间") + 1
    cells = [sheet.cell(row=r, column=column) for r in (2, 3, 4)]
    assert [c.value for c in cells[:2]] == ["1899-12-31T10:00:00+08:00", "1800-01-01T00:00:00Z"]
    assert [c.data_type for c in cells[:2]] == ["s", "s"]
    # (Shanghai kept its local mean time, +08:05:43, until 1901.)
    first = cells[2].value
    assert isinstance(first, dt.datetime) and first.date() == dt.date(1900, 3, 1)


def test_a_text_named_as_an_excel_error_is_text(edition: Edition) -> None:
    """openpyxl types a text that is one of Excel's error values (``#REF!``,
    ``#N/A``) as that error: a project or unit so named is a text cell, as
    it was written, on both sheets."""
    from openpyxl import load_workbook

    finding = Finding(code="roster.unknown-unit", severity="warning", submission="s1", unit="#N/A")
    report = _one(InboxSubmission(id="s1", folder="f", unit="#N/A", project_name="#REF!"), finding)
    book = load_workbook(io.BytesIO(roster_xlsx(report, edition)))
    cells = [book.worksheets[0]["B2"], book.worksheets[0]["F2"], book.worksheets[1]["A2"]]
    assert [(c.value, c.data_type) for c in cells] == [("#N/A", "s"), ("#REF!", "s"), ("#N/A", "s")]


def test_a_long_text_beyond_the_basic_plane_fits_in_a_cell(edition: Edition) -> None:
    """Excel holds 32,767 characters in a cell, counting one beyond U+FFFF
    (an emoji, a rare CJK character) as two UTF-16 units: a project name of
    40,000 such characters was cut to 32,000 of them, 64,000 units, more
    than a cell holds; it is cut to what a cell holds, whole characters."""
    from openpyxl import load_workbook

    report = _one(
        InboxSubmission(id="s1", folder="f", unit="\U00020000" * 40_000, project_name="项目")
    )
    value = load_workbook(io.BytesIO(roster_xlsx(report, edition))).worksheets[0]["B2"].value
    assert isinstance(value, str) and set(value) == {"\U00020000"}
    assert 30_000 <= len(value.encode("utf-16-le")) // 2 <= 32_767


def test_a_sheet_holds_no_more_rows_than_excel_does(
    edition: Edition, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel holds 1,048,576 rows in a sheet, and repairs a file with more
    (dropping them): a batch of 100,000 submissions with a dozen findings
    each had more on its 问题清单.  The sheet stops at the last row Excel
    holds, which says how many rows more there are (here the limit is made
    five rows)."""
    from openpyxl import load_workbook

    from reform_brand.office import _roster

    monkeypatch.setattr(_roster, "_MOST_ROWS", 5)
    findings = tuple(
        Finding(code=f"code.{k}", severity="warning", submission="s1") for k in range(10)
    )
    report = _one(InboxSubmission(id="s1", folder="f", unit="济南市科协"), *findings)
    sheet = load_workbook(io.BytesIO(roster_xlsx(report, edition, lang="en"))).worksheets[1]
    assert sheet.max_row == 5
    assert [sheet.cell(row=r, column=5).value for r in (2, 3, 4)] == ["code.0", "code.1", "code.2"]
    last = sheet["A5"].value
    assert isinstance(last, str) and last.startswith("7 ")
    assert sheet.auto_filter.ref == "A1:H5"


def test_arrivals_are_shown_on_another_editions_clock(
    edition: Edition,
) -> None:
    """The office's zone is the edition's deadline zone, not Beijing time."""
    import attrs
    from openpyxl import load_workbook

    deadline = attrs.evolve(edition.deadline, timezone="Asia/Urumqi")
    other = attrs.evolve(edition, deadline=deadline)
    report = arrivals_report(other, "2022-08-20T12:00:00+08:00")
    sheet = load_workbook(io.BytesIO(roster_xlsx(report, other))).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("到达时间") + 1).value == dt.datetime(
        2022, 8, 20, 10, 0
    )


@pytest.mark.parametrize(
    ("lang", "forms"), [("zh", ["附件 1", "附件 2"]), ("en", ["Annex 1", "Annex 2"])]
)
def test_the_form_column_names_each_form_on_one_line(
    edition: Edition, lang: str, forms: list[str]
) -> None:
    """The 表格 column, as narrow as the page's, names the form by its
    attachment line (附件 1) as the page does, not by a title that would
    wrap every row of the roster to many lines."""
    import unicodedata

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    subs = tuple(
        InboxSubmission(id=f"s{n}", folder=f"f{n}", unit="济南市科协", form=form)
        for n, form in enumerate(("application", "recommendation"))
    )
    report = InboxReport(
        root="inbox",
        batch=BatchReport(edition=edition.id, strict=False, evaluated_at=NOW),
        files=(),
        submissions=subs,
    )
    sheet = load_workbook(io.BytesIO(roster_xlsx(report, edition, lang=lang))).worksheets[0]
    column = [c.value for c in sheet[1]].index(("表格", "Form")[lang == "en"]) + 1
    cells = [str(sheet.cell(row=r, column=column).value) for r in (2, 3)]
    assert cells == forms
    width = sheet.column_dimensions[get_column_letter(column)].width
    shown = [sum(1 + (unicodedata.east_asian_width(ch) in "WF") for ch in c) for c in cells]
    assert max(shown) <= width


def test_marks_that_reverse_a_line_are_shown_as_the_page_shows_them(edition: Edition) -> None:
    """A unit typed with a right-to-left override reads as another name in
    a cell: the roster writes the mark out (``\\u202e``) as report.html
    does, on both sheets; a C1 control too."""
    from openpyxl import load_workbook

    unit = "济南市科协\u202e协科市南济\u2066x\u2069\u200f1\u200e\u061c"
    finding = Finding(code="roster.unknown-unit", severity="warning", submission="s1", unit=unit)
    report = _one(
        InboxSubmission(id="s1", folder="f", unit=unit, project_name="项目\x85名"), finding
    )
    book = load_workbook(io.BytesIO(roster_xlsx(report, edition)))
    shown = "济南市科协\\u202e协科市南济\\u2066x\\u2069\\u200f1\\u200e\\u061c"
    assert [book.worksheets[0]["B2"].value, book.worksheets[0]["F2"].value] == [
        shown,
        "项目\\x85名",
    ]
    assert book.worksheets[1]["A2"].value == shown


def test_the_counted_under_column_is_headed_in_english_without_an_english_name(
    edition: Edition,
) -> None:
    """An edition that gives its kinds no English names heads the column of
    the unit a submission counts under in English all the same."""
    import attrs
    from openpyxl import load_workbook

    kinds = tuple(attrs.evolve(k, name=attrs.evolve(k.name, en="")) for k in edition.unit_kinds)
    plain = attrs.evolve(edition, unit_kinds=kinds)
    english = load_workbook(io.BytesIO(roster_xlsx(_report(), plain, lang="en"))).worksheets[0]
    chinese = load_workbook(io.BytesIO(roster_xlsx(_report(), plain))).worksheets[0]
    assert [c.value for c in english[1]][3] == "Counted under"
    assert [c.value for c in chinese[1]][3] == "所属市级科协"


@pytest.mark.parametrize(("lang", "shown"), [("zh", "（单位不明）"), ("en", "(unit unknown)")])
def test_a_unit_of_invisible_characters_alone_is_said_unknown_as_on_the_page(
    edition: Edition, lang: str, shown: str
) -> None:
    """A unit typed as a zero-width space (a BOM, a soft hyphen) alone, or
    left empty, is none: its 单位 cell says so as report.html's row does,
    where it was a cell that shows nothing."""
    from openpyxl import load_workbook

    from tests.inbox.test_report_html import _plain_report

    units = ("\u200b", "", "济南市科协", "\ufeff\u00ad", "\u3000")
    subs = tuple(InboxSubmission(id=f"s{n}", folder=f"f{n}", unit=u) for n, u in enumerate(units))
    sheet = load_workbook(
        io.BytesIO(roster_xlsx(_plain_report(edition, subs), edition, lang=lang))
    ).worksheets[0]
    assert [sheet.cell(row=r, column=2).value for r in range(2, 7)] == [
        shown,
        shown,
        "济南市科协",
        shown,
        shown,
    ]


@pytest.mark.parametrize(("lang", "shown"), [("zh", ("1、17", "3、8")), ("en", ("1, 17", "3, 8"))])
def test_reform_items_are_listed_as_the_roster_s_language_lists(
    edition: Edition, lang: str, shown: tuple[str, str]
) -> None:
    """Declared and suggested items are listed with 、 in Chinese, with a
    comma in English (the English roster listed them with 、)."""
    from openpyxl import load_workbook

    suggested = Finding(
        code="reform-items.suggested",
        severity="info",
        submission="s1",
        params={"items": ("3", "8")},
    )
    declared = _one(InboxSubmission(id="s1", folder="f", reform_items=(1, 17)), suggested)
    sheet = load_workbook(io.BytesIO(roster_xlsx(declared, edition, lang=lang))).worksheets[0]
    head = [c.value for c in sheet[1]]
    row = dict(zip(head, [c.value for c in sheet[2]], strict=True))
    items = ("改革事项", "建议事项") if lang == "zh" else ("Reform items", "Suggested items")
    assert (row[items[0]], row[items[1]]) == shown


@pytest.mark.parametrize(
    ("lang", "head"), [("zh", ("申报", "文件")), ("en", ("Submission", "File"))]
)
def test_the_findings_sheet_tells_apart_two_submissions_of_one_id(
    edition: Edition, lang: str, head: tuple[str, str]
) -> None:
    """Two submissions of one id (``batch.duplicate-id``), of one unit: the
    问题清单 named both by the id alone, and a clerk could not tell whose a
    finding was.  Its 文件 column gives the file: the finding's own (a
    scan's), else its submission's; a file of no submission has none."""
    from openpyxl import load_workbook

    def form_error(scan: str = "") -> Finding:
        return Finding(code="envelope.required", severity="error", submission="dup", file=scan)

    loose = Finding(code="inbox.unknown-file", severity="warning", file="济南/x.bin")
    report = InboxReport(
        root="inbox",
        batch=BatchReport(
            edition="shandong-2022",
            strict=False,
            evaluated_at=NOW,
            submissions=(
                SubmissionReport(submission="dup", file="济南/a.json", findings=(form_error(),)),
                SubmissionReport(
                    submission="dup",
                    file="济南/b.json",
                    findings=(form_error(), form_error("济南/b\u200b.pdf")),
                ),
            ),
            findings=(loose,),
        ),
        files=(),
        submissions=(
            InboxSubmission(id="dup", folder="济南", unit="济南市科协"),
            InboxSubmission(id="dup", folder="济南", unit="济南市科协"),
        ),
    )
    sheet = load_workbook(io.BytesIO(roster_xlsx(report, edition, lang=lang))).worksheets[1]
    header = [c.value for c in sheet[1]]
    assert header[1:3] == list(head)
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    submission, file = head
    assert [(r[submission], r[file], r[header[4]]) for r in rows] == [
        ("dup", "济南/a.json", "envelope.required"),
        ("dup", "济南/b.json", "envelope.required"),
        ("dup", "济南/b\\u200b.pdf", "envelope.required"),
        (None, "济南/x.bin", "inbox.unknown-file"),
    ]
    # Every other column kept, in its place.
    kept = {
        "zh": ("单位", "级别", "代码", "位置", "条款", "说明"),
        "en": ("Unit", "Severity", "Code", "Pointer", "Clause", "Message"),
    }
    assert tuple(header[k] for k in (0, 3, 4, 5, 6, 7)) == kept[lang]


@pytest.mark.parametrize(("lang", "shown"), [("zh", "（单位不明）"), ("en", "(unit unknown)")])
def test_a_finding_of_a_unit_of_invisible_characters_alone_is_said_unknown_too(
    edition: Edition, lang: str, shown: str
) -> None:
    """The 问题清单's 单位 cell of a finding whose unit is a zero-width space
    alone looked empty, where the first sheet says the unit is unknown: it
    says so too; a finding of no unit at all keeps an empty cell."""
    from openpyxl import load_workbook

    unit = "\u200b"
    of_unit = Finding(code="roster.unknown-unit", severity="warning", submission="s1", unit=unit)
    report = _one(InboxSubmission(id="s1", folder="f", unit=unit), of_unit)
    report = attrs.evolve(
        report,
        batch=attrs.evolve(
            report.batch, findings=(Finding(code="quota.exceeded", severity="warning"),)
        ),
    )
    book = load_workbook(io.BytesIO(roster_xlsx(report, edition, lang=lang)))
    assert book.worksheets[0]["B2"].value == shown
    findings = book.worksheets[1]
    assert [findings["A2"].value, findings["A3"].value] == [shown, None]
