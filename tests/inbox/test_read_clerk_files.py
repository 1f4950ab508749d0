"""Forms as clerks' files really hold them: characters pasted from a web
page or a chat into the labels, rows split at a page break, blank-looking
cells.  Each used to defeat the reader."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.model import Edition
from reform_brand.office import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data, recommendation_data
from tests.inbox.odt_make import docx_to_odt

#: Characters nobody sees: zero-width space, soft hyphen, byte-order mark,
#: word joiner, zero-width joiner.
INVISIBLE = ["\u200b", "\u00ad", "\ufeff", "\u2060", "\u200d"]


def _read(edition: Edition, tmp_path: Path, data: bytes) -> Any:
    (tmp_path / "f.docx").write_bytes(data)
    return read_form(edition, tmp_path / "f.docx")


def _label_cell(doc: DocxDocument, label: str) -> Any:
    return next(c for c in E._cells(doc) if "".join(c.text.split()) == label)


def _insert(paragraph: Any, label: str, ch: str) -> None:
    """``ch`` into ``label`` in the runs of ``paragraph``: after its second
    character and at its end."""
    for run in paragraph.runs:
        if label in run.text:
            run.text = run.text.replace(label, label[:2] + ch + label[2:] + ch)
            return
    raise KeyError(label)


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_in_labels_and_title(
    edition: Edition, tmp_path: Path, ch: str
) -> None:
    """A label, a sub-label, the header's label and the title with a
    character in them that nobody sees are the same label (they were
    read.missing-label, and the title read.unknown-form)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        for label in ("项目名称", "预期成效", "电子邮箱"):
            _insert(_label_cell(doc, label).paragraphs[0], label, ch)
        header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
        _insert(header, "申报单位", ch)
        title = next(p for p in doc.paragraphs if "申报表" in p.text)
        title.runs[0].text = ch + title.runs[0].text

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.form, result.codes()) == ("application", [])
    assert result.data == data


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_in_a_label_with_its_value(
    edition: Edition, tmp_path: Path, ch: str
) -> None:
    """``项目名称：…`` typed into the label cell, a zero-width space in the
    label: the value typed after it is read (read.value-in-label)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        label = _label_cell(doc, "项目名称")
        label.paragraphs[0].runs[0].text = f"项目{ch}名称：海洋科普联盟"
        for run in E._value_cell(doc, f"项目{ch}名称：海洋科普联盟").paragraphs[0].runs:
            run.text = ""

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.value-in-label", "/data/project_name")
    ]
    assert result.data["project_name"] == "海洋科普联盟"


# -- a row split in two at a page break ---------------------------------------------


def _vmerge(tc: Any, val: str | None) -> None:
    pr = tc.find(qn("w:tcPr"))
    merge = OxmlElement("w:vMerge")
    if val is not None:
        merge.set(qn("w:val"), val)
    pr.append(merge)


def _split_row(label: str, at: int, *, merged: str) -> Callable[[DocxDocument], None]:
    """The row of ``label`` split in two where a page breaks, as clerks do
    when a row may not break across pages: the value's paragraphs from
    ``at`` on move to a new row below.  ``merged``: "label" (the label cell
    merged down), "both" (the value cell too) or "" (a blank label cell)."""

    def step(doc: DocxDocument) -> None:
        tr = _label_cell(doc, label)._tc.getparent()
        below = copy.deepcopy(tr)
        tr.addnext(below)
        (lab1, val1), (lab2, val2) = (row.findall(qn("w:tc")) for row in (tr, below))
        for p in val1.findall(qn("w:p"))[at:]:
            val1.remove(p)
        for p in val2.findall(qn("w:p"))[:at]:
            val2.remove(p)
        for p in lab2.findall(qn("w:p"))[1:]:
            lab2.remove(p)
        for r in lab2.iter(qn("w:r")):
            r.getparent().remove(r)
        if merged:
            _vmerge(lab1, "restart")
            _vmerge(lab2, None)
        if merged == "both":
            for p in val2.findall(qn("w:p"))[1:]:
                val2.remove(p)
            for r in list(val2.iter(qn("w:r"))):
                r.getparent().remove(r)
            _vmerge(val1, "restart")
            _vmerge(val2, None)

    return step


@pytest.mark.parametrize("merged", ["label", ""])
def test_a_row_split_at_a_page_break_reads_as_one_value(
    edition: Edition, tmp_path: Path, merged: str
) -> None:
    """The value goes on in the row below under the label cell merged down
    (it was read.ambiguous) or a blank one (the rest was silently lost); an
    opinion's signature lines in the second row are still not the opinion."""
    data = application_data(
        project_basis="第一段。\n第二段。\n第三段。", recommender_opinion="同意申报。\n理由充分。"
    )
    edited = E.edit(
        E.filled(edition, "application", data),
        _split_row("项目基础", 2, merged=merged),
        _split_row("推荐单位意见", 1, merged=merged),
    )
    result = _read(edition, tmp_path, edited)
    assert (result.codes(), result.data) == ([], data)


def test_a_row_split_with_both_cells_merged_reads_once(edition: Edition, tmp_path: Path) -> None:
    """Label and value cells both merged down over the two rows: one cell
    each, the value read once."""
    data = application_data()
    edited = E.edit(
        E.filled(edition, "application", data), _split_row("项目实施", 9, merged="both")
    )
    result = _read(edition, tmp_path, edited)
    assert (result.codes(), result.data) == ([], data)


def test_a_row_of_its_own_below_a_value_is_not_its_continuation(
    edition: Edition, tmp_path: Path
) -> None:
    """A row with words of its own outside the value's columns (备注) is no
    part of the value above."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        tr = _label_cell(doc, "预期成效")._tc.getparent()
        extra = copy.deepcopy(tr)
        tr.addnext(extra)
        cells = extra.findall(qn("w:tc"))
        for tc, text in zip(cells, ("备注", "另附材料三份"), strict=True):
            ts = list(tc.iter(qn("w:t")))
            ts[0].text = text
            for t in ts[1:]:
                t.text = ""

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


# -- a note after the label -----------------------------------------------------------


@pytest.mark.parametrize(
    "note", ["（30字以内）", "(必填)：", "\n（限500字）", "【必填】", "（必填）（限500字）"]
)
def test_a_label_with_a_note_in_brackets_is_the_label(
    edition: Edition, tmp_path: Path, note: str
) -> None:
    """A label cell with a short note after the label (``项目基础⏎（限500字）``),
    its value in the next cell: the field (it was read.missing-label, and
    with the note on a line of its own read.ambiguous: the note was taken
    for a value typed after the label)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        for label in ("项目名称", "项目基础", "手机"):
            _label_cell(doc, label).paragraphs[0].runs[0].text += note

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


# -- a label over its value -------------------------------------------------------------


def _label_over_value(label: str, *, rows: int) -> Callable[[DocxDocument], None]:
    """The row of ``label`` retyped as a label row across the table and the
    value in ``rows`` rows below it, across the table too (the paragraphs
    shared out between them)."""

    def step(doc: DocxDocument) -> None:
        tr = _label_cell(doc, label)._tc.getparent()
        lab, val = tr.findall(qn("w:tc"))
        paragraphs = val.findall(qn("w:p"))
        tr.remove(val)
        span = OxmlElement("w:gridSpan")
        span.set(qn("w:val"), "6")
        lab.find(qn("w:tcPr")).append(span)
        at = tr
        for n in range(rows):
            row = OxmlElement("w:tr")
            tc = copy.deepcopy(val)
            for p in tc.findall(qn("w:p")):
                tc.remove(p)
            tc.find(qn("w:tcPr")).find(qn("w:gridSpan")).set(qn("w:val"), "6")
            for p in paragraphs[n::rows]:
                tc.append(copy.deepcopy(p))
            row.append(tc)
            at.addnext(row)
            at = row

    return step


@pytest.mark.parametrize("rows", [1, 2])
def test_a_label_alone_in_its_row_has_its_value_below(
    edition: Edition, tmp_path: Path, rows: int
) -> None:
    """``项目基础`` as a row of its own across the table, the text in the row
    below (or two, split at a page break): the value (it was silently empty,
    and validation then said the field was missing)."""
    data = application_data(project_basis="第一段。\n第二段。")
    edited = E.edit(
        E.filled(edition, "application", data), _label_over_value("项目基础", rows=rows)
    )
    result = _read(edition, tmp_path, edited)
    assert (result.codes(), result.data) == ([], data)


# -- a note mark after a label --------------------------------------------------------


def _note_reference(kind: str, mark: str | None) -> Any:
    """A run holding a footnote or endnote reference: Word's number, or a
    custom mark (``*``) typed as the run's text."""
    run = OxmlElement("w:r")
    ref = OxmlElement(f"w:{kind}Reference")
    ref.set(qn("w:id"), "1")
    run.append(ref)
    if mark is not None:
        ref.set(qn("w:customMarkFollows"), "1")
        t = OxmlElement("w:t")
        t.text = mark
        run.append(t)
    return run


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
@pytest.mark.parametrize("mark", [None, "*", "注"])
def test_a_note_reference_is_no_part_of_a_label_or_value(
    edition: Edition, tmp_path: Path, kind: str, mark: str | None
) -> None:
    """A footnote on a label or a value, numbered or with a custom mark
    (``项目名称*``): the mark is the note's, not the label's (the label was
    read.missing-label) nor the value's."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        _label_cell(doc, "项目名称").paragraphs[0]._p.append(_note_reference(kind, mark))
        E._value_cell(doc, "预期成效").paragraphs[0]._p.append(_note_reference(kind, mark))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


# -- colons as input methods type them ----------------------------------------------

COLONS = ["∶", "﹕", "︓", "："]


@pytest.mark.parametrize("colon", COLONS, ids=[f"U+{ord(c):04X}" for c in COLONS])
def test_a_colon_of_any_form_after_a_label(edition: Edition, tmp_path: Path, colon: str) -> None:
    """``项目名称∶`` with the ratio sign many input methods give for a colon
    (GB 2312 A1C3), or a small or vertical colon: after a label, a sub-label
    and the header's label (they were read.missing-label)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        for label in ("项目名称", "手机"):
            _label_cell(doc, label).paragraphs[0].runs[0].text += colon
        header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
        header.runs[0].text = header.runs[0].text.replace("：", colon)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.unit, result.data) == ([], "济南市科协", data)


@pytest.mark.parametrize("colon", COLONS, ids=[f"U+{ord(c):04X}" for c in COLONS])
def test_a_value_after_a_colon_of_any_form_in_the_label_cell(
    edition: Edition, tmp_path: Path, colon: str
) -> None:
    data = application_data()

    def step(doc: DocxDocument) -> None:
        _label_cell(doc, "预期成效").paragraphs[0].runs[0].text += f"{colon}形成制度"
        for run in E._value_cell(doc, f"预期成效{colon}形成制度").paragraphs[0].runs:
            run.text = ""

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.value-in-label", "/data/expected_outcomes")
    ]
    assert result.data["expected_outcomes"] == "形成制度"


# -- the header's date on a line of its own ---------------------------------------------


def _date_apart(text: str, *, before: bool = False) -> Callable[[DocxDocument], None]:
    """The header line with the unit alone, ``text`` in a paragraph of its
    own right after it (or before it)."""

    def step(doc: DocxDocument) -> None:
        header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
        for run in header.runs[2:]:
            run.text = ""
        new = OxmlElement("w:p")
        (header._p.addprevious if before else header._p.addnext)(new)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        run.append(t)
        new.append(run)

    return step


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("2022 年 8 月 15 日", False),
        ("２０２２年８月１５日", True),
        ("日期：2022 年 8 月 15 日", False),
        ("填报日期：二〇二二年八月十五日", False),
    ],
)
def test_the_header_date_on_a_line_of_its_own(
    edition: Edition, tmp_path: Path, text: str, before: bool
) -> None:
    """The date under (or above) the unit's line, alone or after its label:
    the header date (it was silently left out)."""
    data = application_data()
    edited = E.edit(E.filled(edition, "application", data), _date_apart(text, before=before))
    result = _read(edition, tmp_path, edited)
    assert (result.codes(), result.data) == ([], data)


def test_a_bad_header_date_on_a_line_of_its_own(edition: Edition, tmp_path: Path) -> None:
    edited = E.edit(
        E.filled(edition, "application", application_data()), _date_apart("2022 年 8 月")
    )
    result = _read(edition, tmp_path, edited)
    assert [(f.code, f.pointer) for f in result.findings] == [("read.bad-date", "/data/date")]
    assert "date" not in result.data


def test_a_line_with_a_date_and_more_is_not_the_header_date(
    edition: Edition, tmp_path: Path
) -> None:
    """A paragraph after the unit's line that holds more than a date (a
    sentence) and no date label gives no header date."""
    data = application_data()
    edited = E.edit(E.filled(edition, "application", data), _date_apart("2022 年 8 月 15 日前报送"))
    result = _read(edition, tmp_path, edited)
    assert result.codes() == []
    assert "date" not in result.data


# -- the seal's note after the unit ---------------------------------------------------


@pytest.mark.parametrize("note", ["（盖章）", " (公章)", "（单位盖章）", "（签字盖章）"])
@pytest.mark.parametrize("form", ["application", "recommendation"])
def test_a_seal_note_after_the_unit_is_no_part_of_its_name(
    edition: Edition, tmp_path: Path, note: str, form: str
) -> None:
    """``申报单位：济南市科协（盖章）``, the note typed after the name instead of
    after the label: the unit is 济南市科协 (the note was part of the name,
    which then matched no unit of the roster)."""
    data = application_data() if form == "application" else recommendation_data()
    unit = next(f for f in edition.form(form).fields if f.placement == "header").id

    def step(doc: DocxDocument) -> None:
        header = next(p for p in doc.paragraphs if data[unit] in p.text)
        run = next(r for r in header.runs if data[unit] in r.text)
        run.text = run.text.replace(data[unit], data[unit] + note)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, form, data), step))
    assert (result.codes(), result.unit, result.data) == ([], data[unit], data)


# -- a required field's mark ------------------------------------------------------------


@pytest.mark.parametrize("mark", ["*{}", "{}*", "＊{}：", "※{}", "★{}（必填）"])
def test_a_required_mark_on_a_label_is_not_looked_at(
    edition: Edition, tmp_path: Path, mark: str
) -> None:
    """``*项目名称`` as forms from online systems mark a required field, on a
    label and a sub-label (they were read.missing-label)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        for label in ("项目名称", "姓名"):
            run = _label_cell(doc, label).paragraphs[0].runs[0]
            run.text = mark.format(run.text)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def test_a_required_mark_before_a_label_with_its_value(edition: Edition, tmp_path: Path) -> None:
    data = application_data()

    def step(doc: DocxDocument) -> None:
        _label_cell(doc, "预期成效").paragraphs[0].runs[0].text = "*预期成效：形成制度"
        for run in E._value_cell(doc, "*预期成效：形成制度").paragraphs[0].runs:
            run.text = ""

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.codes() == ["read.value-in-label"]
    assert result.data["expected_outcomes"] == "形成制度"


def test_the_header_typed_into_the_tables_first_row(edition: Edition, tmp_path: Path) -> None:
    """``申报单位：济南市科协 | … | 2022 年 8 月 15 日`` as a first row of the
    table: the unit and the date of the next cell."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
        header._p.getparent().remove(header._p)
        row = E.first_row(doc)
        row.cells[0].text = "申报单位：济南市科协"
        row.cells[4].text = "2022 年 8 月 15 日"

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


@pytest.mark.parametrize(
    ("cells", "codes"),
    [
        ({0: "申报单位：济南市科协", 4: "待定"}, ["read.bad-date"]),
        ({0: "申报单位", 1: "济南市科协", 4: "待定"}, ["read.bad-date"]),
        ({0: "申报单位：济南市科协", 3: "日期", 4: "待定"}, ["read.bad-date"]),
        ({0: "申报单位：济南市科协", 3: "日期：待定"}, ["read.bad-date"]),
        # (Another field's label and value, or the date's label alone: no date.)
        ({0: "申报单位：济南市科协", 3: "联系电话", 4: "123"}, []),
        ({0: "申报单位：济南市科协", 4: "日期"}, []),
        ({0: "申报单位：济南市科协", 3: "日期", 4: ""}, []),
    ],
)
def test_text_in_the_date_cell_of_the_header_typed_into_the_table(
    edition: Edition, tmp_path: Path, cells: dict[int, str], codes: list[str]
) -> None:
    """``申报单位：济南市科协 | … | 待定`` as a first row of the table: what is
    written where the date goes is the date's, read.bad-date as on the
    header line (the date was lost without a word)."""
    data = application_data()
    del data["date"]

    def step(doc: DocxDocument) -> None:
        header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
        header._p.getparent().remove(header._p)
        E.first_row(doc, cells)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert [(f.code, f.pointer) for f in result.findings] == [(c, "/data/date") for c in codes]
    assert result.data == data


@pytest.mark.parametrize(
    ("cells", "date", "codes"),
    [
        ({3: "日期", 4: "2022 年 8 月 15 日"}, "2022-08-15", []),
        ({3: "日期：2022年8月15日"}, "2022-08-15", []),
        ({3: "日期", 4: "待定"}, None, ["read.bad-date"]),
        ({3: "日期", 4: ""}, None, []),
    ],
)
def test_the_date_typed_into_the_tables_first_row_under_the_unit(
    edition: Edition, tmp_path: Path, cells: dict[int, str], date: str | None, codes: list[str]
) -> None:
    """``申报单位：济南市科协`` above the table, ``日期 | 2022 年 8 月 15 日`` as
    its first row: the date is read (it was lost without a word, as was
    text there that is no date)."""
    data = application_data()
    del data["date"]

    def step(doc: DocxDocument) -> None:
        header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
        header.runs[0].text = "申报单位：济南市科协"
        for run in header.runs[1:]:
            run._r.getparent().remove(run._r)
        E.first_row(doc, cells)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert [(f.code, f.pointer) for f in result.findings] == [(c, "/data/date") for c in codes]
    assert result.data == data | ({"date": date} if date else {})


# -- a phonetic guide ---------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RUBY = (
    f'<w:ruby xmlns:w="{_W}"><w:rubyPr/><w:rt><w:r><w:t>zhāng</w:t></w:r></w:rt>'
    "<w:rubyBase><w:r><w:t>张</w:t></w:r></w:rubyBase></w:ruby>"
)


def test_a_phonetic_guide_is_no_part_of_a_value(edition: Edition, tmp_path: Path) -> None:
    """The pinyin over a name's character (拼音指南, ``w:ruby``) is shown
    above it, not typed into the name (it was read as zhāng张明)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        p = next(c for c in E._cells(doc) if c.text == "张明").paragraphs[0]
        p.runs[0].text = "明"
        p.runs[0]._r.addprevious(etree.fromstring(_RUBY))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def test_a_phonetic_guide_in_an_odt_is_no_part_of_a_value(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    odt = docx_to_odt(E.filled(edition, "application", data))
    ruby = "<text:ruby><text:ruby-base>张</text:ruby-base><text:ruby-text>zhāng</text:ruby-text></text:ruby>"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "content.xml":
                part = part.replace(
                    "<text:p>张明</text:p>".encode(), f"<text:p>{ruby}明</text:p>".encode()
                )
            dst.writestr(info, part)
    (tmp_path / "f.odt").write_bytes(out.getvalue())
    result = read_form(edition, tmp_path / "f.odt")
    assert (result.codes(), result.data) == ([], data)


# -- a group retyped a sub-label a row ----------------------------------------------------

_CONTACT = (
    ("姓名", "name"),
    ("职务", "title"),
    ("办公电话", "office_phone"),
    ("手机", "mobile"),
    ("电子邮箱", "email"),
)


def _retyped(edition: Edition, data: dict[str, Any], layout: str) -> bytes:
    """The 申报表 retyped with its contact group as one row a sub-label
    (``联系人`` merged down, ``姓名 | 张明`` ...) or as one row of sub-labels
    each followed by its value, the next field's row right below."""
    doc = Document()
    doc.add_paragraph(edition.form("application").title.zh)
    doc.add_paragraph(f"申报单位：{data['applicant_unit']}    2022 年 8 月 15 日")
    contact_rows = 5 if layout == "column" else 1
    table = doc.add_table(rows=5 + contact_rows, cols=11 if layout == "row" else 3)
    rows = table.rows
    width = len(rows[0].cells)
    rows[0].cells[0].text = "项目名称"
    rows[0].cells[1].merge(rows[0].cells[width - 1]).text = data["project_name"]
    rows[1].cells[0].merge(rows[contact_rows].cells[0]).text = "联系人"
    for n, (label, key) in enumerate(_CONTACT):
        row, col = (rows[1 + n], 1) if layout == "column" else (rows[1], 1 + 2 * n)
        row.cells[col].text = label
        row.cells[col + 1].text = data["contact"][key]
    fields = ("project_basis", "project_implementation", "expected_outcomes", "recommender_opinion")
    labels = ("项目基础", "项目实施", "预期成效", "推荐单位意见")
    for r, (label, key) in enumerate(zip(labels, fields, strict=True), start=1 + contact_rows):
        rows[r].cells[0].text = label
        value = rows[r].cells[1].merge(rows[r].cells[width - 1])
        lines = data[key].split("\n")
        value.text = lines[0]
        for line in lines[1:]:
            value.add_paragraph(line)
    return E.save(doc)


@pytest.mark.parametrize("layout", ["column", "row"])
def test_a_contact_group_retyped_with_its_values_beside_the_sub_labels(
    edition: Edition, tmp_path: Path, layout: str
) -> None:
    """A sub-label whose value is the next cell of its row, the row below
    another field's (项目基础): the value is the cell beside it (电子邮箱 was
    read from 项目基础's text below it)."""
    data = application_data()
    result = _read(edition, tmp_path, _retyped(edition, data, layout))
    assert (result.codes(), result.data) == ([], data)


# -- the form laid out in a text box ------------------------------------------------------

_SHAPES = (
    f'xmlns:w="{_W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
_BOXED = (
    f'<w:p {_SHAPES}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    "<wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent/></wps:txbx>"
    "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict>"
    "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
)


def test_the_forms_table_in_a_text_box(edition: Edition, tmp_path: Path) -> None:
    """The table laid out in a text box (as PDF-to-Word converters and some
    clerks do), with Word's fallback copy beside it: read once (every label
    was read.missing-label)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        table = doc.tables[0]._tbl
        box = etree.fromstring(_BOXED)
        table.addprevious(box)
        choice, fallback = box.iter(qn("w:txbxContent"))
        fallback.append(copy.deepcopy(table))
        fallback.append(OxmlElement("w:p"))
        choice.append(table)
        choice.append(OxmlElement("w:p"))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


# -- what the reader already reads as the clerk sees it -------------------------------------


def _row_in_a_content_control(doc: DocxDocument) -> None:
    tr = _label_cell(doc, "项目基础")._tc.getparent()
    sdt = OxmlElement("w:sdt")
    sdt.append(OxmlElement("w:sdtPr"))
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    tr.addprevious(sdt)
    content.append(tr)


def _value_in_a_text_box(doc: DocxDocument) -> None:
    p = E._value_cell(doc, "预期成效").paragraphs[0]
    text = p.text
    for run in p.runs:
        run.text = ""
    box = etree.fromstring(_BOXED)
    run = box.find(qn("w:r"))
    for content in run.iter(qn("w:txbxContent")):
        inner = OxmlElement("w:p")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        r.append(t)
        inner.append(r)
        content.append(inner)
    p._p.append(run)


def _break_and_tab(doc: DocxDocument) -> None:
    p = E._value_cell(doc, "项目实施").paragraphs[0]
    p.runs[-1].add_break()
    p.add_run("附：")
    p.runs[-1].add_tab()
    p.add_run("表一")


def test_what_already_reads_as_the_clerk_sees_it(edition: Edition, tmp_path: Path) -> None:
    """A row inside a content control, a value in a text box in its cell
    (Word's fallback copy not read twice), a line break and a tab in a
    value (kept as ``\\n`` and ``\\t``)."""
    data = application_data()
    edited = E.edit(
        E.filled(edition, "application", data),
        _row_in_a_content_control,
        _value_in_a_text_box,
        _break_and_tab,
    )
    result = _read(edition, tmp_path, edited)
    first, rest = data["project_implementation"].split("\n", 1)
    data["project_implementation"] = f"{first}\n附：\t表一\n{rest}"
    assert (result.codes(), result.data) == ([], data)
