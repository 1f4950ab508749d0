"""Forms as an office receives them from a hundred units: what Word, WPS
Office and LibreOffice leave in a filled form that a reader must not
misread.  Each case here used to be read wrong."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.model import Edition
from reform_brand.office import read_form
from reform_brand.office._dates import cell_date, parse_zh_date
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data


def _read(edition: Edition, tmp_path: Path, data: bytes) -> Any:
    (tmp_path / "f.docx").write_bytes(data)
    return read_form(edition, tmp_path / "f.docx")


# -- a year written short -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["22年8月15日", "二二年八月十五日", "22-8-15", "922 年 8 月 15 日"]
)
def test_a_year_not_written_in_full_is_no_date(text: str) -> None:
    """``22年8月15日`` is not the year 22 (it was read as 0022-08-15): the
    century is not guessed either."""
    assert parse_zh_date(text) is None
    assert cell_date(text) is None


def test_a_header_date_with_a_short_year_is_a_bad_date(edition: Edition, tmp_path: Path) -> None:
    data = application_data()

    def step(doc: DocxDocument) -> None:
        header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
        header.runs[-1].text = "22年8月15日"

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert [(f.code, f.pointer) for f in result.findings] == [("read.bad-date", "/data/date")]
    assert "date" not in result.data
    assert result.data["applicant_unit"] == "济南市科协"


# -- a date in English ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        *("Aug 15, 2022", "15 August 2022", "15-Aug-2022", "August 15th, 2022", "aug. 15 2022"),
        *("2022-Aug-15", "2022 August 15", "Monday, August 15, 2022", "Mon 15 Aug 2022"),
    ],
)
def test_a_date_in_english_is_read(text: str) -> None:
    assert parse_zh_date(text) == "2022-08-15"
    assert cell_date(text) == "2022-08-15"


@pytest.mark.parametrize("text", ["Aug 32, 2022", "Feb 30, 2022", "Augusta 15, 2022", "May 2022"])
def test_what_is_no_date_in_english(text: str) -> None:
    assert parse_zh_date(text) is None
    assert cell_date(text) is None


# -- a row deleted as a tracked change ------------------------------------------------------


def _row_replaced(doc: DocxDocument) -> None:
    """The 预期成效 row deleted as a tracked change, as a program that marks
    the row alone writes it (its text not marked deleted), and a copy with
    the new text inserted below it."""
    tr = next(c for c in E._cells(doc) if c.text == "预期成效")._tc.getparent()
    new = copy.deepcopy(tr)
    tr.addnext(new)
    for t in new.iter(qn("w:t")):
        t.text = "新的成效。" if t.text == "形成一套制度文件。" else t.text
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        tr.insert(0, trpr)
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "90")
    deleted.set(qn("w:author"), E.W_AUTHOR)
    trpr.append(deleted)


def test_a_row_deleted_as_a_tracked_change_is_not_read(edition: Edition, tmp_path: Path) -> None:
    """The deleted row's value is not read (it was, and the field was
    read.ambiguous between the old value and the new)."""
    data = application_data()
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), _row_replaced))
    assert (result.codes(), result.data) == ([], {**data, "expected_outcomes": "新的成效。"})


# -- 〇 typed as a circle -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["二○二二年八月十五日", "二◯二二年八月十五日", "二〇二二年八月十五日"]
)
def test_a_year_with_a_circle_for_zero(text: str) -> None:
    """``二○二二年`` with the circle U+25CB (or U+25EF) an input method
    offers for 〇 is the year 2022 (it was no date: read.bad-date)."""
    assert parse_zh_date(text) == "2022-08-15"
    assert cell_date(text) == "2022-08-15"


def test_a_header_date_with_a_circle_for_zero(edition: Edition, tmp_path: Path) -> None:
    data = application_data()

    def step(doc: DocxDocument) -> None:
        header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
        header.runs[-1].text = "二○二二年八月十五日"

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


# -- a content control that says it shows no placeholder -------------------------------------


@pytest.mark.parametrize(
    ("val", "read"), [("0", True), ("false", True), ("off", True), ("1", False)]
)
def test_a_content_control_whose_placeholder_is_turned_off(
    edition: Edition, tmp_path: Path, val: str, read: bool
) -> None:
    """``w:showingPlcHdr w:val="0"`` (an on/off property, as other programs
    than Word write it) says the control holds what was typed: it is read
    (it was left out as placeholder text)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        shown = OxmlElement("w:showingPlcHdr")
        shown.set(qn("w:val"), val)
        E.wrap_runs(E._value_cell(doc, "项目名称").paragraphs[0]._p, shown)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.data.get("project_name") == (data["project_name"] if read else None)


# -- a field inside another field's code -----------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _field_run(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def _code_run(code: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'


def _text_run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


#: ``{ IF { MERGEFIELD 项目名称 } = "" "（未填）" "{ MERGEFIELD 项目名称 }" }`` as a
#: mail merge leaves it, each field's last result kept: the inner fields'
#: results are part of the outer field's code, only its own result is shown.
_NESTED_FIELDS = (
    _field_run("begin")
    + _code_run(" IF ")
    + _field_run("begin")
    + _code_run(" MERGEFIELD 项目名称 ")
    + _field_run("separate")
    + _text_run("海洋科普联盟")
    + _field_run("end")
    + _code_run(' = "" "（未填）" "')
    + _field_run("begin")
    + _code_run(" MERGEFIELD 项目名称 ")
    + _field_run("separate")
    + _text_run("海洋科普联盟")
    + _field_run("end")
    + _code_run('" ')
    + _field_run("separate")
    + _text_run("海洋科普联盟")
    + _field_run("end")
)


@pytest.mark.parametrize(
    ("runs", "read"),
    [
        (_NESTED_FIELDS, "海洋科普联盟"),
        # A field's result, and text around it, as before.
        (
            _text_run("（")
            + _field_run("begin")
            + _code_run(" FORMTEXT ")
            + _field_run("separate")
            + _text_run("海洋")
            + _field_run("end")
            + _text_run("）"),
            "（海洋）",
        ),
        # A field left without its result (never updated): nothing shown.
        (
            _text_run("海洋")
            + _field_run("begin")
            + _code_run(" DOCPROPERTY x ")
            + _field_run("end")
            + _text_run("联盟"),
            "海洋联盟",
        ),
    ],
    ids=["nested", "result", "no-result"],
)
def test_the_results_of_fields_inside_a_fields_code_are_not_read(
    edition: Edition, tmp_path: Path, runs: str, read: str
) -> None:
    """Only what a field shows is read (the results of the fields in its
    code were read too: the name three times)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目名称").paragraphs[0]._p
        for r in list(p.iterchildren(qn("w:r"))):
            p.remove(r)
        for r in etree.fromstring(f'<w:p xmlns:w="{_W}">{runs}</w:p>'):
            p.append(r)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], {**data, "project_name": read})


# -- a paragraph moved as a tracked change ---------------------------------------------------


def _moved(doc: DocxDocument) -> None:
    """The second paragraph of 项目实施 moved to its end with tracked
    changes on, as Word records it: its runs and its mark ``w:moveFrom``
    where it was, ``w:moveTo`` where it went."""
    ps = E._value_cell(doc, "项目实施").paragraphs
    source = ps[1]._p
    moved = copy.deepcopy(source)
    for tag, p in (("w:moveFrom", source), ("w:moveTo", moved)):
        for n, r in enumerate(list(p.iterchildren(qn("w:r")))):
            wrapper = OxmlElement(tag)
            wrapper.set(qn("w:id"), str(100 + n))
            wrapper.set(qn("w:author"), E.W_AUTHOR)
            r.addprevious(wrapper)
            wrapper.append(r)
    ppr = source.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    mark = OxmlElement("w:moveFrom")
    mark.set(qn("w:id"), "99")
    mark.set(qn("w:author"), E.W_AUTHOR)
    rpr.append(mark)
    ps[-1]._p.addnext(moved)


def test_a_paragraph_moved_as_a_tracked_change_leaves_no_blank_line(
    edition: Edition, tmp_path: Path
) -> None:
    """Where the paragraph was, its mark moved with it: no empty line is
    left (one was)."""
    data = application_data(
        project_implementation="一是完善组织体系。\n二是创新工作方法。\n三是加强宣传。"
    )
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), _moved))
    moved = "一是完善组织体系。\n三是加强宣传。\n二是创新工作方法。"
    assert (result.codes(), result.data) == ([], {**data, "project_implementation": moved})
