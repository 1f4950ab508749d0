"""The roster (汇总表) of an inbox as an Excel workbook.

One row per submission — unit, kind, city, project name, contact, reform
items, arrival, on time or late, verdict and counts — with a frozen header,
set column widths and a filter; a second sheet lists every finding, with
its header frozen and a filter too.  Built
with openpyxl (imported here only, when a roster is written) in its
write-only mode, each row written out as it is made, with fixed document
dates so that the same report gives the same workbook.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import os
import re
import shutil
import zipfile
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any, Final

from attrs import frozen

from reform_brand._text import printable, written_out
from reform_brand.catalogue import CodeInfo
from reform_brand.findings import Finding, SubmissionReport
from reform_brand.model import Edition
from reform_brand.names import RosterIndex, is_blank
from reform_brand.office._dates import office_clock, office_zone
from reform_brand.office._inbox import FolderUnits, paired
from reform_brand.office._scan_views import (
    SEAL_STATUS,
    ScanView,
    ScanViews,
    seal_status,
    signature_status,
)

if TYPE_CHECKING:
    from _typeshed import SizedBuffer
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from reform_brand.office._inbox import InboxReport, InboxSubmission

__all__ = [
    "COLUMNS",
    "NO_UNIT",
    "FindingUnits",
    "project_heading",
    "roster_xlsx",
    "suggested_items",
    "write_roster_xlsx",
]

#: A unit of none (or of invisible characters alone), as report.html says it.
NO_UNIT: Final = ("（单位不明）", "(unit unknown)")

#: (header zh, header en, width in characters)
COLUMNS: Final[tuple[tuple[str, str, int], ...]] = (
    ("序号", "No.", 6),
    ("单位", "Unit", 26),
    ("单位类别", "Kind", 14),
    ("所属市", "City", 14),
    ("表格", "Form", 10),
    ("项目名称", "Project", 40),
    ("联系人", "Contact", 44),
    ("改革事项", "Reform items", 12),
    ("建议事项", "Suggested items", 12),
    ("发件人", "Sender", 26),
    ("到达时间", "Arrived", 22),
    ("是否按时", "On time", 10),
    ("结论", "Verdict", 10),
    ("错误", "Errors", 7),
    ("警告", "Warnings", 7),
    ("Word 文件", "Word file", 36),
    ("扫描件", "Scan", 36),
    ("盖章", "Seal", 8),
    ("签名", "Signature", 10),
)
_FINDING_COLUMNS: Final[tuple[tuple[str, str, int], ...]] = (
    ("单位", "Unit", 24),
    ("申报", "Submission", 36),
    ("文件", "File", 36),
    ("级别", "Severity", 8),
    ("代码", "Code", 28),
    ("位置", "Pointer", 24),
    ("条款", "Clause", 10),
    ("说明", "Message", 80),
)
_VERDICT: Final = {
    "ok": ("通过", "ok"),
    "warnings": ("有警告", "warnings"),
    "errors": ("有错误", "errors"),
}
_SUPERSEDED: Final = ("（已被新版本取代，不计）", " (replaced by a later version; counts nowhere)")
_SEVERITY: Final = {
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
}
#: A telephone number as units write it (``+86 531 8207 3271``,
#: ``-82073271``): it starts like a formula but is none, in any program.
_PHONE: Final = re.compile(r"[+\-]?[0-9][0-9 ()\-]*")


#: The most characters a cell is given (Excel holds 32,767 at most, counted
#: in UTF-16 units; a longer text is cut).
_MOST_IN_CELL: Final = 32000


def _cell(text: object) -> Any:
    """A value safe for a cell: those characters a cell must not show as
    they are (XML cannot hold some) written out as report.html writes them
    (:func:`~reform_brand._text.printable`: left out, a file ``a\x01b.docx``
    was named as ``ab.docx``, which is another file or none), and a
    text that starts like a formula kept as text (an apostrophe before it,
    so that it stays text in a copy saved as CSV too), after tabs and line
    breaks too (a spreadsheet reading the CSV drops them first); a
    telephone number is kept as it is."""
    if not isinstance(text, str):
        return text
    clean = printable(text)[:_MOST_IN_CELL]
    if len(clean) > _MOST_IN_CELL // 2 and len(clean.encode("utf-16-le")) > 2 * _MOST_IN_CELL:
        # Excel counts a character beyond U+FFFF (an emoji, a rare CJK
        # character) as two: cut to as many UTF-16 units.
        units = clean.encode("utf-16-le")[: 2 * _MOST_IN_CELL]
        clean = units.decode("utf-16-le", errors="ignore")
    lead = clean.lstrip("\t\r\n")
    if lead[:1] in ("=", "+", "-", "@") and not _PHONE.fullmatch(lead):
        return "'" + clean
    return clean


def suggested_items(rep: SubmissionReport | None) -> tuple[str, ...]:
    """The reform items the check suggested for a submission that declares
    none (the ``reform-items.suggested`` finding's items, best first)."""
    if rep is None:
        return ()
    for f in rep.findings:
        items = f.params.get("items")
        if f.code == "reform-items.suggested" and isinstance(items, tuple):
            return items
    return ()


#: How the roster shows an arrival time (an Excel date and time).
_ARRIVED_FORMAT: Final = "yyyy-mm-dd hh:mm"


#: The first year Excel shows a date of: a time before 1900 is a serial
#: number below 1 (shown as a time of 1900-01-00) or below 0 (``####``).
_EXCEL_FIRST_YEAR: Final = 1900


def _arrival(value: str | None, zone: dt.tzinfo | None) -> dt.datetime | str:
    """An arrival time as the office's clock showed it (the deadline's time
    zone), naive, as Excel holds a date and time: a clerk sorts and filters
    by it.  An arrival that is not a date-time with an offset (or that the
    zone cannot show, or Excel: before 1900) stays the text it was; none is
    empty."""
    local = office_clock(value, zone)
    if local is None or local.year < _EXCEL_FIRST_YEAR:
        return value or ""
    return local.replace(tzinfo=None)


def _on_time(on_time: bool | None, i: int) -> str:
    if on_time is None:
        return ("不明", "unknown")[i]
    return ("按时", "on time")[i] if on_time else ("逾期", "late")[i]


#: Reform items were declared that cannot be read (roster cell).
_UNREADABLE: Final = ("（无法读取）", "(not readable)")
#: Between a cell's reform items, in the roster's language.
_AND: Final = ("、", ", ")


def _items_cell(s: InboxSubmission, i: int) -> str:
    """The declared reform items, and whether some could not be read: an
    empty cell says that none were declared."""
    shown = _AND[i].join(str(x) for x in s.reform_items)
    if s.reform_items_readable:
        return shown
    return f"{shown} {_UNREADABLE[i]}" if shown else _UNREADABLE[i]


def _row(
    n: int,
    s: InboxSubmission,
    rep: SubmissionReport | None,
    names: _Names,
    i: int,
    view: ScanView | None = None,
) -> list[object]:
    """The roster row of the ``n``-th submission ``s`` (``rep``: its report)."""
    verdict = rep.verdict if rep is not None else "ok"
    return [
        n,
        NO_UNIT[i] if is_blank(s.unit) else s.unit,
        names.kinds.get(s.unit_kind, s.unit_kind),
        s.city,
        names.forms.get(s.form, s.form),
        s.project_name,
        s.contact,
        _items_cell(s, i),
        _AND[i].join(suggested_items(rep)),
        s.sender,
        _arrival(s.arrived_at, names.zone),
        _on_time(s.on_time, i),
        _VERDICT.get(verdict, (verdict, verdict))[i]
        + (_SUPERSEDED[i] if rep is not None and rep.superseded_by else ""),
        rep.counts.error if rep is not None else 0,
        rep.counts.warning if rep is not None else 0,
        written_out(s.word, lines=True),
        written_out(s.scan, lines=True),
        SEAL_STATUS.get(seal_status(s.scan, view), ("", ""))[i] if "seal" in names.marks else "",
        SEAL_STATUS.get(signature_status(s.scan, view), ("", ""))[i]
        if "signature" in names.marks
        else "",
    ]


class FindingUnits:
    """The unit a finding is about, for the roster's 单位 column: its own, else
    that of its submission, of the submission its file belongs to, of the
    other submissions and materials of the nearest folder above its file
    that holds them for one unit only (the e-mail's manifest or mailbox),
    else the one roster unit its path names.  A finding about no file, or
    about a file at the inbox's top or of a folder shared by several units,
    gets none of the folder's: as intake places it (``_intake.placed``)."""

    def __init__(self, report: InboxReport, edition: Edition) -> None:
        self.report = report
        self.roster = RosterIndex.build(edition)
        self._by_sub: dict[str, str] | None = None
        self.by_file: dict[str, str] = {}
        self.folders = FolderUnits()

    def _index(self) -> dict[str, str]:
        """The units by submission, file and folder, made when a finding
        about no unit first asks (most findings name theirs)."""
        if self._by_sub is not None:
            return self._by_sub
        report = self.report
        by_sub = self._by_sub = {s.id: s.unit for s in report.submissions if s.unit}
        for rep in report.batch.submissions:
            if rep.unit:
                by_sub.setdefault(rep.submission, rep.unit)
        self.by_file = {
            f.path: by_sub[f.submission] for f in report.files if f.submission in by_sub
        }
        for s in report.submissions:
            self.folders.add(s.folder, s.unit)
        for m in report.materials:
            if m.unit:
                self.by_file.setdefault(m.path, m.unit)
            self.folders.add(m.path.rpartition("/")[0], m.unit)
        return by_sub

    def __call__(self, f: Finding) -> str:
        if f.unit:
            return f.unit
        found = self._index().get(f.submission) or self.by_file.get(f.file)
        if found:
            return found
        path = f.file or f.submission
        return self.folders.above(path) or self.roster.unit_named_in(path)


def _finding_row(
    f: Finding, catalogue: Mapping[str, CodeInfo], lang: str, i: int, unit: str, file: str
) -> list[object]:
    """A row of the 问题清单: the finding's submission is told apart from
    another of its id (``batch.duplicate-id``) by its file, the finding's
    own or else ``file``, that of its submission (its Word file or scan).
    A unit of white space and invisible characters alone is none, as on the
    first sheet; a finding of no unit has an empty cell."""
    name = unit or f.unit
    return [
        NO_UNIT[i] if name and is_blank(name) else name,
        written_out(f.submission, lines=True),
        written_out(f.file or file, lines=True),
        _SEVERITY.get(f.severity, (f.severity, f.severity))[i],
        f.code,
        written_out(f.pointer, lines=True),
        f.clause,
        written_out(f.message(lang, catalogue), lines=True),
    ]


#: The place of the column of the unit a submission is counted under.
_CITY: Final = 3
#: The place of the project's column (项目名称).
_PROJECT: Final = 5
#: The places of the columns of the reform items (then those suggested) and
#: of the scan (then whether it shows a seal, a signature).
_ITEMS: Final = 7
_SCAN: Final = 16
#: The project column's heading when the forms do not agree on one.
_PROJECT_HEADING: Final = COLUMNS[_PROJECT][:2]


def project_heading(edition: Edition) -> tuple[str, str]:
    """The heading of the project column (Chinese, English): the label of
    the field that names the project (:attr:`Form.project_field`, e.g. a
    品牌名称 marked ``names = "project"``) when every form that has one
    labels it alike, else 项目名称 / Project.  An English label the edition
    does not give is ``Project``."""
    labels = [
        field.label
        for form in edition.forms
        if form.project_field and (field := form.field_at(f"/{form.project_field}")) is not None
    ]
    zh = {"".join(label.zh.split()) for label in labels}
    if len(zh) != 1 or not next(iter(zh)):
        return _PROJECT_HEADING
    en = next((label.en for label in labels if label.en), _PROJECT_HEADING[1])
    return labels[0].zh.strip(), en


def _columns(edition: Edition, i: int) -> tuple[tuple[tuple[str, str, int], ...], bool]:
    """The 汇总表's columns for ``edition``, and whether it has the column of
    the unit a submission is counted under (所属市 in the reference edition,
    where a county's project counts under its city): named after the kind
    units are counted under, left out when no kind is counted under
    another."""
    project = (*project_heading(edition), COLUMNS[_PROJECT][2])
    columns = (*COLUMNS[:_PROJECT], project, *COLUMNS[_PROJECT + 1 :])
    under = {k.counted_under for k in edition.unit_kinds if k.counted_under}
    if not under:
        return columns[:_CITY] + columns[_CITY + 1 :], False
    kinds = {k.id: k for k in edition.unit_kinds}
    kind = kinds.get(next(iter(under))) if len(under) == 1 else None
    if kind is None:
        header = ("所属单位", "Counted under", COLUMNS[_CITY][2])
    else:
        # (An edition that gives the kind no English name: the generic one.)
        header = (f"所属{kind.name.zh}", kind.name.en or "Counted under", COLUMNS[_CITY][2])
    return (*columns[:_CITY], header, *columns[_CITY + 1 :]), True


def _unasked(edition: Edition, names: _Names) -> frozenset[int]:
    """The places (in :data:`COLUMNS`) of the columns that ``edition`` asks
    nothing of, which no data of it could fill: 改革事项 and 建议事项 without
    reform items, 扫描件 when no deliverable is a PDF, 盖章 and 签名 when no
    deliverable's scan must show a seal or a signature."""
    scan = any("pdf" in d.file_types for d in edition.delivery.deliverables)
    return frozenset(
        k
        for k, asked in (
            (_ITEMS, bool(edition.reform_items)),
            (_ITEMS + 1, bool(edition.reform_items)),
            (_SCAN, scan),
            (_SCAN + 1, "seal" in names.marks),
            (_SCAN + 2, "signature" in names.marks),
        )
        if not asked
    )


def _asked(
    edition: Edition, names: _Names, i: int, rows: Iterable[list[object]]
) -> tuple[tuple[tuple[str, str, int], ...], Iterable[list[object]]]:
    """The 汇总表's columns for ``edition`` (:func:`_columns`) and ``rows``
    made of :func:`_row`'s cells, without the columns it asks nothing of
    (:func:`_unasked`)."""
    columns, city = _columns(edition, i)
    if not city:
        rows = (row[:_CITY] + row[_CITY + 1 :] for row in rows)
    unasked = {k - (not city and k > _CITY) for k in _unasked(edition, names)}
    if not unasked:
        return columns, rows
    kept = [k for k in range(len(columns)) if k not in unasked]
    return tuple(columns[k] for k in kept), ([row[k] for k in kept] for row in rows)


@frozen
class _Names:
    """What unit kinds and forms are called in the roster's language."""

    kinds: dict[str, str]
    forms: dict[str, str]
    #: The office's time zone, the arrival times are shown in.
    zone: dt.tzinfo | None = None
    #: What the edition has a scan show (``seal``, ``signature``): a mark
    #: it does not ask for is no "not seen" (its cell is left empty).
    marks: frozenset[str] = frozenset({"seal", "signature"})


#: The most rows an Excel sheet holds, its header's among them.
_MOST_ROWS: Final = 1_048_576
#: The last row of a sheet of more rows than Excel holds.
_LEFT_OUT: Final = (
    "另有 {n} 行未列出（超出 Excel 工作表的行数上限），全部见 report.json",
    "{n} more rows not listed (more than an Excel sheet holds): report.json has them all",
)


def _sheet(
    ws: WriteOnlyWorksheet,
    columns: tuple[tuple[str, str, int], ...],
    rows: Iterable[list[object]],
    i: int,
) -> int:
    """Fill ``ws``: a styled header of ``columns`` (in language ``i``) with
    set widths, then ``rows``, each cell wrapped; the header row frozen and
    printed on every page of a landscape print as wide as the page.
    The rows are written to disk as they come (openpyxl's write-only mode):
    a roster of many thousand submissions is never held as cells; rows
    beyond those Excel holds are counted in a last row.  Returns the
    number of rows written below the header."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    # The widths and the frozen row first: they are written before the rows.
    widths = ws.column_dimensions  # type: ignore[attr-defined]  # (not in the stubs)
    for col, (_zh, _en, width) in enumerate(columns, start=1):
        widths[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    # Printed: landscape, as wide as the page, the header on every page.
    ws.page_setup.orientation = "landscape"  # type: ignore[attr-defined]
    ws.page_setup.paperSize = 9  # type: ignore[attr-defined]  # (A4)
    ws.page_setup.fitToWidth = 1  # type: ignore[attr-defined]
    ws.page_setup.fitToHeight = 0  # type: ignore[attr-defined]
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]
    ws.print_title_rows = "1:1"
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    header_align = Alignment(vertical="center")
    header = []
    for zh, en, _width in columns:
        cell = WriteOnlyCell(ws, value=(zh, en)[i])
        cell.font, cell.fill, cell.alignment = header_font, header_fill, header_align
        header.append(cell)
    ws.append(header)
    # Every cell is wrapped: the style is registered once, on a first cell,
    # and its numbers copied to each cell (setting ``alignment`` on each
    # looked the style up again, hashing it: a third of the roster's time).
    first = WriteOnlyCell(ws)
    first.alignment = Alignment(wrap_text=True, vertical="top")
    wrapped = copy.copy(first._style)  # type: ignore[attr-defined]  # (not in the stubs)
    # A date and time (an arrival) is shown as one, to the minute.
    first.number_format = _ARRIVED_FORMAT
    dated = first._style  # type: ignore[attr-defined]
    n = 0
    left = iter(rows)
    for values in left:
        if n == _MOST_ROWS - 2:
            # (A sheet of more rows than Excel holds is a file it repairs,
            # dropping them: the last row says how many more there are.)
            more = 1 + sum(1 for _ in left)
            ws.append([_LEFT_OUT[i].format(n=more)])
            return n + 1
        cells = []
        for value in values:
            cell = WriteOnlyCell(ws, value=_cell(value))
            if cell.data_type == "e":
                # (openpyxl types a text such as ``#REF!`` or ``#N/A`` as
                # Excel's error value: a project so named is text.)
                cell.data_type = "s"
            style = dated if isinstance(value, dt.datetime) else wrapped
            cell._style = copy.copy(style)  # type: ignore[attr-defined]
            cells.append(cell)
        ws.append(cells)
        n += 1
    return n


def roster_xlsx(
    report: InboxReport,
    edition: Edition,
    *,
    lang: str = "zh",
    scans: Mapping[int, ScanView] | None = None,
) -> bytes:
    """The roster workbook as .xlsx bytes; ``scans`` gives the 盖章 and 签名 columns
    (by each submission's place; by default looked up here)."""
    out = io.BytesIO()
    write_roster_xlsx(report, edition, out, lang=lang, scans=scans)
    return out.getvalue()


def write_roster_xlsx(
    report: InboxReport,
    edition: Edition,
    out: str | os.PathLike[str] | IO[bytes],
    *,
    lang: str = "zh",
    scans: Mapping[int, ScanView] | None = None,
) -> None:
    """The roster workbook (see :func:`roster_xlsx`) written to ``out``, a
    path or a binary file, row by row: a batch's workbook is never held
    whole in memory."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    i = 1 if lang == "en" else 0
    wb = Workbook(write_only=True)
    evaluated = report.batch.evaluated_at
    # (openpyxl writes a naive time as UTC.)
    when = evaluated.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "reform-brand"
    wb.properties.title = ("汇总表", "Roster")[i]
    ws = wb.create_sheet(("汇总表", "Roster")[i])
    names = _Names(
        kinds={k.id: k.name.get(lang) for k in edition.unit_kinds},
        # By its attachment line (附件 1), as the page names it: a title
        # would wrap every row of the narrow column to many lines.
        forms={f.id: f.attachment_in(lang) or f.title.get(lang) for f in edition.forms},
        zone=office_zone(edition),
        marks=frozenset(v for d in edition.delivery.deliverables for v in d.verify),
    )
    # The place of each one's report: a batch's reports may be read from
    # disk, one at a time.  Its scan's pictures are by its own place (two
    # submissions of one id each have their own).
    subs = report.batch.submissions
    views = ScanViews.of(report, edition) if scans is None else scans
    rows = (
        _row(n, s, subs[k] if k is not None else None, names, i, views.get(n - 1))
        for n, (s, k) in enumerate(paired(report, lambda k, _r: k), start=1)
    )
    columns, cells = _asked(edition, names, i, rows)
    n = _sheet(ws, columns, cells, i)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"

    cat = report.batch.catalogue
    unit_of = FindingUnits(report, edition)
    every = itertools.chain(
        ((f, s.file) for s in subs for f in s.findings), ((f, "") for f in report.batch.findings)
    )
    findings = (_finding_row(f, cat, lang, i, unit_of(f), file) for f, file in every)
    ws = wb.create_sheet(("问题清单", "Findings")[i])
    n = _sheet(ws, _FINDING_COLUMNS, findings, i)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(_FINDING_COLUMNS))}{n + 1}"
    # Not wb.save(), which dates the document and each part of the zip with
    # the time it is written: the same report gives the same bytes.
    with _DatedZip(out, evaluated) as archive:
        ExcelWriter(wb, archive).write_data()


#: The earliest time a zip entry can carry.
_ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)


class _DatedZip(zipfile.ZipFile):
    """A zip being written whose every entry carries the time ``when`` (as
    its clock showed it), whenever and from whatever file it is written."""

    def __init__(self, file: str | os.PathLike[str] | IO[bytes], when: dt.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._when = max(when.timetuple()[:6], _ZIP_EPOCH)

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: str | os.PathLike[str],
        arcname: str | os.PathLike[str] | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """A file (a worksheet openpyxl spooled) copied in as it is read."""
        info = self._info(os.fspath(arcname if arcname is not None else filename))
        info.file_size = os.path.getsize(filename)
        with open(filename, "rb") as src, self.open(info, "w") as dest:
            shutil.copyfileobj(src, dest, 1 << 16)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, self._when)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info
