"""A header value typed over two lines: a long unit's name broken with
Shift+Enter (``济南市⏎科协``), Enter pressed inside it, or two paragraphs
in the cell of a header typed into the table.  The name is read joined, with
``read.value-joined`` so that the clerk checks it (the part after the break
was silently left out)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from reform_brand.model import Edition
from reform_brand.office import read_form
from tests.finding_params import text
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data, recommendation_data


def _read(edition: Edition, tmp_path: Path, data: bytes) -> Any:
    (tmp_path / "f.docx").write_bytes(data)
    return read_form(edition, tmp_path / "f.docx")


def _header(doc: DocxDocument) -> Any:
    return next(p for p in doc.paragraphs if "：" in p.text and "年" in p.text)


def _broken(unit: str, first: str, rest: str) -> Callable[[DocxDocument], None]:
    """The unit's name in the header line as ``first``, a line break,
    ``rest``."""

    def step(doc: DocxDocument) -> None:
        run = next(r for r in _header(doc).runs if r.text == unit)
        run.text = first
        run.add_break()
        run.add_text(rest)

    return step


def _joined(result: Any, field: str) -> list[tuple[str, str, str]]:
    return [
        (f.code, f.pointer, text(f, "value"))
        for f in result.findings
        if f.code == "read.value-joined"
        and f.pointer == f"/data/{field}"
        and f.severity == "warning"
    ]


@pytest.mark.parametrize(
    ("form", "field", "first", "rest", "read"),
    [
        ("application", "applicant_unit", "济南市", "科协", "济南市科协"),
        ("application", "applicant_unit", "济南市 ", "　科协", "济南市科协"),
        ("application", "applicant_unit", "Jinan", "Association", "Jinan Association"),
        ("recommendation", "recommending_unit", "省科协", "科普部", "省科协科普部"),
    ],
)
def test_a_line_break_in_the_header_value_is_joined(
    edition: Edition, tmp_path: Path, form: str, field: str, first: str, rest: str, read: str
) -> None:
    data = application_data() if form == "application" else recommendation_data()
    base = E.filled(edition, form, data)
    result = _read(edition, tmp_path, E.edit(base, _broken(data[field], first, rest)))
    assert result.codes() == ["read.value-joined"]
    assert _joined(result, field) == [("read.value-joined", f"/data/{field}", read)]
    assert result.data == {**data, field: read}
    assert result.unit == read


@pytest.mark.parametrize(
    ("rest", "read"),
    [
        ("填报人：张三", "济南市科协"),  # another label on the next line
        ("（盖章）", "济南市科协"),  # the seal's note
        ("2022 年 8 月 15 日", "济南市科协"),  # the date on the next line
    ],
)
def test_a_line_after_a_break_that_is_no_part_of_the_value(
    edition: Edition, tmp_path: Path, rest: str, read: str
) -> None:
    """What the next line holds that is not the name ends it there, as
    before, without a finding."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        run = next(r for r in _header(doc).runs if r.text == "济南市科协")
        run.add_break()
        run.add_text(rest)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data["applicant_unit"]) == ([], read)
    assert result.data["date"] == "2022-08-15"


def test_enter_pressed_inside_the_header_value(edition: Edition, tmp_path: Path) -> None:
    """``申报单位：济南市`` ⏎ ``科协　　2022 年 8 月 15 日``: one line, the
    name joined, the date read (it was neither)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        header = _header(doc)
        run = next(r for r in header.runs if r.text == "济南市科协")
        run.text = "济南市"
        new = OxmlElement("w:p")
        header._p.addnext(new)
        for r in header.runs[2:]:
            new.append(r._r)
        first = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "科协"
        first.append(t)
        new.insert(0, first)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert _joined(result, "applicant_unit") == [
        ("read.value-joined", "/data/applicant_unit", "济南市科协")
    ]
    assert (result.codes(), result.data) == (["read.value-joined"], data)


def test_two_paragraphs_in_the_header_cell(edition: Edition, tmp_path: Path) -> None:
    """The header typed into the table's first row, the name in two
    paragraphs of its cell: joined."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        header = _header(doc)
        header._p.getparent().remove(header._p)
        row = E.first_row(doc)
        row.cells[0].text = "申报单位：济南市"
        row.cells[0].add_paragraph("科协")
        row.cells[4].text = "2022 年 8 月 15 日"

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert _joined(result, "applicant_unit") == [
        ("read.value-joined", "/data/applicant_unit", "济南市科协")
    ]
    assert (result.codes(), result.data) == (["read.value-joined"], data)


# -- what else a header line holds around the unit's name ----------------------------------


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        # Another label after white space: its first words are not the name.
        ("申报单位：济南市科协　　填报日期：2022年8月15日", "济南市科协"),
        ("申报单位：济南市科协  联系电话：82073271　2022年8月15日", "济南市科协"),
        # The seal's note typed after the colon, before the name.
        ("申报单位：（盖章）济南市科协　2022年8月15日", "济南市科协"),
        ("申报单位：(单位公章)　济南市科协　2022年8月15日", "济南市科协"),
        # The line the name was written on, typed as underscores.
        ("申报单位：____济南市科协____　　2022年8月15日", "济南市科协"),
        ("申报单位：＿＿济南市科协＿＿　　2022年8月15日", "济南市科协"),
        # A note in brackets with a colon in it is part of the name.
        ("申报单位：济南市科协 (注:原科技协会)　2022年8月15日", "济南市科协 (注:原科技协会)"),
    ],
)
def test_the_unit_in_a_header_line_as_units_retype_it(
    edition: Edition, tmp_path: Path, line: str, unit: str
) -> None:
    data = application_data(applicant_unit=unit)
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), _line(line)))
    assert (result.codes(), result.data) == ([], data)


def _line(text: str) -> Callable[[DocxDocument], None]:
    def step(doc: DocxDocument) -> None:
        header = _header(doc)
        for run in header.runs[1:]:
            run.text = ""
        header.runs[0].text = text

    return step


@pytest.mark.parametrize("blank", ["＿＿＿＿＿＿", "________", "（盖章）"])
def test_a_header_left_blank_on_its_line_gives_no_unit(
    edition: Edition, tmp_path: Path, blank: str
) -> None:
    """The underscores of a blank retyped header, or the seal's note alone,
    are no unit's name (they were read as the unit)."""
    data = application_data()
    edited = E.edit(
        E.filled(edition, "application", data), _line(f"申报单位：{blank}　　年　月　日")
    )
    result = _read(edition, tmp_path, edited)
    assert "applicant_unit" not in result.data
    assert result.unit == ""


# -- the header typed into a row of the table ----------------------------------------------


def _header_row(*cells: tuple[int, str]) -> Callable[[DocxDocument], None]:
    """The header line taken out and typed into a first row of the table,
    ``cells`` as (column, text)."""

    def step(doc: DocxDocument) -> None:
        header = _header(doc)
        header._p.getparent().remove(header._p)
        E.first_row(doc, dict(cells))

    return step


@pytest.mark.parametrize(
    "cells",
    [
        ((0, "申报单位："), (1, "济南市科协"), (4, "2022 年 8 月 15 日")),
        ((0, "申报单位"), (1, "济南市科协"), (4, "2022 年 8 月 15 日")),
        ((0, "申报单位（盖章）"), (1, "济南市科协"), (3, "日期"), (4, "2022 年 8 月 15 日")),
        ((0, "申报单位"), (1, "济南市科协"), (3, "填报日期："), (4, "2022年8月15日")),
        ((0, "申报单位："), (1, "济南市科协"), (2, "联系人：张三"), (4, "2022年8月15日")),
        (
            (0, "申报单位："),
            (1, "济南市科协"),
            (2, "联系电话（办公）：82073271"),
            (4, "2022年8月15日"),
        ),
    ],
    ids=["colon", "no-colon", "date-label", "date-label-colon", "other-label", "noted-label"],
)
def test_the_header_in_a_row_of_label_and_value_cells(
    edition: Edition, tmp_path: Path, cells: tuple[tuple[int, str], ...]
) -> None:
    """The unit's label in a cell of its own, with or without a colon, its
    name in the next cell, the date in another cell of the row (the unit
    was not read: nothing, or read.missing-label without the colon)."""
    data = application_data()
    result = _read(
        edition, tmp_path, E.edit(E.filled(edition, "application", data), _header_row(*cells))
    )
    assert (result.codes(), result.data) == ([], data)


# -- a one-line field of the table over two lines ------------------------------------------


@pytest.mark.parametrize(
    ("form", "label", "field", "split"),
    [
        ("application", "项目名称", "project_name", 6),
        ("recommendation", "被推荐单位", "recommended_unit", 3),
    ],
)
@pytest.mark.parametrize("how", ["break", "paragraph"])
def test_a_one_line_field_of_the_table_over_two_lines_is_joined(
    edition: Edition, tmp_path: Path, form: str, label: str, field: str, split: int, how: str
) -> None:
    """A long name broken with Shift+Enter or Enter to fit its cell is one
    name, joined, with read.value-joined (it kept the line break, which a
    project's or a unit's name cannot hold)."""
    data = application_data() if form == "application" else recommendation_data()
    name = data[field]

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, label)
        run = cell.paragraphs[0].runs[0]
        run.text = name[:split]
        if how == "break":
            run.add_break()
            run.add_text(name[split:])
        else:
            cell.add_paragraph(name[split:])

    result = _read(edition, tmp_path, E.edit(E.filled(edition, form, data), step))
    assert _joined(result, field) == [("read.value-joined", f"/data/{field}", name)]
    assert (result.codes(), result.data) == (["read.value-joined"], data)


def test_a_text_area_keeps_its_lines(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    result = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert (result.codes(), result.data["project_basis"]) == ([], data["project_basis"])


# -- the date's own label before it, without a colon ---------------------------------------


def _two_paragraphs(first: str, second: str) -> Callable[[DocxDocument], None]:
    def step(doc: DocxDocument) -> None:
        header = _header(doc)
        _line(first)(doc)
        new = copy.deepcopy(header._p)
        header._p.addnext(new)
        runs = new.findall(qn("w:r"))
        for r in runs[1:]:
            new.remove(r)
        runs[0].find(qn("w:t")).text = second

    return step


@pytest.mark.parametrize(
    "step",
    [
        _line("申报单位：济南市科协　填表日期 2022年8月15日"),
        _line("申报单位：济南市科协\n填表日期 2022年8月15日"),
        _two_paragraphs("申报单位：济南市科协", "填表日期 2022年8月15日"),
        _two_paragraphs("申报单位：济南市科协", "申报时间　2022年8月15日"),
    ],
    ids=["same-line", "line-break", "next-paragraph", "time"],
)
def test_a_date_label_without_a_colon_is_no_part_of_the_unit(
    edition: Edition, tmp_path: Path, step: Callable[[DocxDocument], None]
) -> None:
    """``填表日期`` before the date, without a colon, is the date's label,
    not the end of the unit's name."""
    data = application_data()
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def test_a_sentence_with_a_date_under_the_header_is_not_its_line(
    edition: Edition, tmp_path: Path
) -> None:
    """A note under a header line without a date is no part of the unit's
    name, nor its date the header's."""
    data = application_data()
    step = _two_paragraphs("申报单位：济南市科协", "（此表请于2022年8月20日前报送）")
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.codes() == []
    assert (result.data["applicant_unit"], "date" in result.data) == ("济南市科协", False)


# -- the unit's name on the paragraph under its label ---------------------------------------


def _paragraphs_after(first: str, *below: str) -> Callable[[DocxDocument], None]:
    """The header line as ``first``, then a paragraph for each of ``below``."""

    def step(doc: DocxDocument) -> None:
        header = _header(doc)
        _line(first)(doc)
        at = header._p
        for typed in below:
            new = copy.deepcopy(header._p)
            at.addnext(new)
            runs = new.findall(qn("w:r"))
            for r in runs[1:]:
                new.remove(r)
            runs[0].find(qn("w:t")).text = typed
            at = new

    return step


@pytest.mark.parametrize(
    "label", ["申报单位：", "申报单位（盖章）：", "申报单位：＿＿＿＿", "申报单位：　　"]
)
def test_the_unit_on_the_paragraph_under_its_label(
    edition: Edition, tmp_path: Path, label: str
) -> None:
    """``申报单位：`` ⏎ ``济南市科协``, no date: the name is read, joined,
    with ``read.value-joined`` (no unit was read)."""
    data = application_data()
    step = _paragraphs_after(label, "济南市科协")
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert _joined(result, "applicant_unit") == [
        ("read.value-joined", "/data/applicant_unit", "济南市科协")
    ]
    assert (result.data["applicant_unit"], result.unit) == ("济南市科协", "济南市科协")
    assert "date" not in result.data


def test_the_unit_under_its_label_and_the_date_under_it(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    step = _paragraphs_after("申报单位：", "济南市科协", "2022 年 8 月 15 日")
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == (["read.value-joined"], data)


@pytest.mark.parametrize(
    "below",
    [
        "填报人：张三",  # another label
        "2022 年 8 月 15 日",  # the date
        "（盖章）",  # the seal's note
        "（请填写单位全称）",  # a note
        "＿＿＿＿＿＿",  # the writing line
        "请于8月20日前报送纸质材料，逾期不予受理。",  # a sentence
    ],
)
def test_what_is_no_unit_under_its_label(edition: Edition, tmp_path: Path, below: str) -> None:
    data = application_data()
    step = _paragraphs_after("申报单位：", below)
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert "applicant_unit" not in result.data
    assert "read.value-joined" not in result.codes()


def test_a_paragraph_after_the_table_is_no_unit(edition: Edition, tmp_path: Path) -> None:
    """The label alone right before the table: the first paragraph after
    the table is not its value."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        _line("申报单位：")(doc)
        table = doc.tables[0]._tbl
        for el in list(table.itersiblings()):
            if el.tag == qn("w:p"):
                el.getparent().remove(el)
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "济南市科协"
        r.append(t)
        p.append(r)
        table.addnext(p)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert "applicant_unit" not in result.data
    assert "read.value-joined" not in result.codes()


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("申报单位：济南市科协（2022年8月15日）", "济南市科协"),
        ("申报单位：济南市科协，2022年8月15日", "济南市科协"),
        ("申报单位：济南市科协 、 2022-08-15", "济南市科协"),
        ("申报单位：山东省科协（学会部）2022年8月15日", "山东省科协（学会部）"),
    ],
)
def test_what_parts_the_unit_from_the_date_is_no_part_of_it(
    edition: Edition, tmp_path: Path, line: str, unit: str
) -> None:
    """The date after a comma, or in brackets, on the unit's line: the
    comma and the opening bracket are no part of the unit's name (it was
    read as ``济南市科协（``, which matches no unit of the roster)."""

    def step(doc: DocxDocument) -> None:
        runs = _header(doc).runs
        runs[0].text = line
        for r in runs[1:]:
            r._r.getparent().remove(r._r)

    result = _read(
        edition, tmp_path, E.edit(E.filled(edition, "application", application_data()), step)
    )
    assert result.codes() == []
    assert (result.unit, result.data["date"]) == (unit, "2022-08-15")


@pytest.mark.parametrize(
    "date",
    [
        *("\t8月15日", "　　八月十五日", " 22.8.15", "\t2022.8", "　　20220815", "\t15/08/2022"),
        *("    Aug 15", "　　Aug 15, 22", "\tAugust 2022", "    Aug 32, 2022", "\t2022 August"),
    ],
)
def test_a_date_not_read_after_the_unit_is_no_part_of_its_name(
    edition: Edition, tmp_path: Path, date: str
) -> None:
    """A date written in a way that is none the reader reads (no year, a
    short year, no day, its numbers run together), where the header's date
    goes: the unit is 济南市科协 and the date read.bad-date (the unit was
    read as ``济南市科协⇥8月15日``, the date left out without a word)."""

    def step(doc: DocxDocument) -> None:
        runs = _header(doc).runs
        runs[0].text = "申报单位：济南市科协" + date
        for r in runs[1:]:
            r._r.getparent().remove(r._r)

    result = _read(
        edition, tmp_path, E.edit(E.filled(edition, "application", application_data()), step)
    )
    assert [(f.code, f.pointer) for f in result.findings] == [("read.bad-date", "/data/date")]
    assert (result.unit, "date" in result.data) == ("济南市科协", False)


@pytest.mark.parametrize(
    "line",
    [
        "申报单位（盖章）：济南市科协    日期：Aug 15, 2022",
        "申报单位：济南市科协    Aug 15, 2022",
        "申报单位：济南市科协　　15 August 2022",
        "申报单位：济南市科协\t15-Aug-2022",
        "申报单位：济南市科协　　August 15th, 2022",
        "申报单位：济南市科协　　2022-Aug-15",
        "申报单位：济南市科协　　Monday, August 15, 2022",
        "申报单位：济南市科协　　2022/8/15",
    ],
)
def test_a_header_date_written_in_english_is_read(
    edition: Edition, tmp_path: Path, line: str
) -> None:
    """A date typed in English after the unit (its month's name in letters)
    is the header's date (it was read as part of the unit's name, or, after
    ``日期：``, left out without a word)."""

    def step(doc: DocxDocument) -> None:
        runs = _header(doc).runs
        runs[0].text = line
        for r in runs[1:]:
            r._r.getparent().remove(r._r)

    data = application_data()
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.unit, result.data) == ([], "济南市科协", data)


@pytest.mark.parametrize("unit", ["济南市第2中学", "济南市科协 2号楼", "山东省科技馆 3.0"])
def test_a_unit_s_name_ending_in_numbers_is_no_date(
    edition: Edition, tmp_path: Path, unit: str
) -> None:
    data = application_data(applicant_unit=unit)
    result = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert (result.codes(), result.unit, result.data) == ([], unit, data)


@pytest.mark.parametrize(
    "foot", ["申报单位（盖章）：", "申报单位：＿＿＿＿＿＿", "申报单位（盖章）：\t\t年　　月　　日"]
)
def test_the_label_again_as_a_line_to_stamp_under_the_table_is_no_other_value(
    edition: Edition, tmp_path: Path, foot: str
) -> None:
    """``申报单位（盖章）：`` left blank at the foot of the form, for the seal:
    the unit is the header's (it was read.ambiguous, and no unit read)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        doc.add_paragraph(foot)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.unit, result.data) == ([], data["applicant_unit"], data)


def _header_and_below(first: str, below: str) -> Callable[[DocxDocument], None]:
    """The header line as ``first`` and a paragraph ``below`` it."""

    def step(doc: DocxDocument) -> None:
        header = _header(doc)
        _line(first)(doc)
        new = copy.deepcopy(header._p)
        for r in new.findall(qn("w:r")):
            new.remove(r)
        header._p.addnext(new)
        Paragraph(new, header._parent).add_run(below)

    return step


@pytest.mark.parametrize("below", ["2022 年 8 月 15 日", "日期：2022 年 8 月 15 日"])
def test_a_unit_with_a_tab_keeps_it_when_its_date_is_on_the_next_line(
    edition: Edition, tmp_path: Path, below: str
) -> None:
    """What is after the tab is where the date goes only when the date is
    not written elsewhere: here it is the unit's own."""
    data = application_data(applicant_unit="济南市科协\t科普部")
    step = _header_and_below("申报单位：济南市科协\t科普部", below)
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def test_text_where_the_date_goes_and_no_date_elsewhere_is_read_bad_date(
    edition: Edition, tmp_path: Path
) -> None:
    step = _header_and_below("申报单位：济南市科协\t科普部", "附：项目材料")
    form = E.edit(E.filled(edition, "application", application_data()), step)
    result = _read(edition, tmp_path, form)
    assert result.codes() == ["read.bad-date"]
    assert (result.data["applicant_unit"], "date" in result.data) == ("济南市科协", False)


@pytest.mark.parametrize(
    ("below", "codes"),
    [
        ("日期：待定", ["read.bad-date"]),
        ("填报日期：待定", ["read.bad-date"]),
        ("日期：", []),
        ("日期：（盖章）", []),
        ("日期：＿＿＿＿", []),
    ],
)
def test_text_after_the_dates_label_on_a_line_under_the_unit(
    edition: Edition, tmp_path: Path, below: str, codes: list[str]
) -> None:
    """``申报单位：济南市科协`` ⏎ ``日期：待定``: what is written after the
    date's label on the line of its own under the unit is the date's,
    read.bad-date as on the header line (the date was lost without a word)."""

    def step(doc: DocxDocument) -> None:
        header = _header(doc)
        header.runs[0].text = "申报单位：济南市科协"
        for r in header.runs[1:]:
            r._r.getparent().remove(r._r)
        new = copy.deepcopy(header._p)
        header._p.addnext(new)
        Paragraph(new, header._parent).runs[0].text = below

    data = application_data()
    del data["date"]
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert [(f.code, f.pointer) for f in result.findings] == [(c, "/data/date") for c in codes]
    assert result.data == data
