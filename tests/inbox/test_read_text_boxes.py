"""Text boxes as Word, WPS and LibreOffice write them around the form's
table: the header line or the title typed into a floating text box over the
top of the form and anchored in the table's first row is the heading above
the table, not the text of the cell it is anchored in (it used to be a
second value of 项目名称, ``read.ambiguous``, or a line of its value)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.docxml import P, T, q
from reform_brand.model import Edition
from reform_brand.office import ReadResult, read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data, recommendation_data
from tests.inbox.odt_make import docx_to_odt, edited_odt

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_V = "urn:schemas-microsoft-com:vml"
_NS = {"w": _W, "mc": _MC, "wps": _WPS, "wp": _WP, "a": _A, "v": _V}
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

#: A floating text box as Word 2010 and later write it: a DrawingML shape
#: (``wps:txbx``) in ``mc:Choice``, and the same text again in a VML text
#: box in ``mc:Fallback`` for older programs.
_WORD_BOX = (
    "<w:r {ns}><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing>"
    "<wp:anchor distT='0' distB='0' distL='114300' distR='114300' simplePos='0'"
    " relativeHeight='251659264' behindDoc='0' locked='0' layoutInCell='1' allowOverlap='1'>"
    "<wp:simplePos x='0' y='0'/>"
    "<wp:positionH relativeFrom='column'><wp:posOffset>-68580</wp:posOffset></wp:positionH>"
    "<wp:positionV relativeFrom='paragraph'><wp:posOffset>-495300</wp:posOffset></wp:positionV>"
    "<wp:extent cx='5334000' cy='358140'/><wp:wrapNone/><wp:docPr id='7' name='文本框 7'/>"
    "<a:graphic><a:graphicData uri='{wps}'><wps:wsp><wps:cNvSpPr txBox='1'/><wps:spPr/>"
    "<wps:txbx><w:txbxContent/></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
    "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
    "<v:shape id='文本框 7' type='#_x0000_t202' filled='f' stroked='f'"
    " style='position:absolute;margin-left:-5.4pt;margin-top:-39pt;width:420pt;height:28.2pt'>"
    "<v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)
#: The same text box as a VML shape alone, as WPS and older Word write it.
_VML_BOX = (
    "<w:r {ns}><w:pict><v:shape id='文本框 7' type='#_x0000_t202' filled='f' stroked='f'"
    " style='position:absolute;margin-top:-39pt;width:420pt;height:28.2pt'>"
    "<v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></w:r>"
)


def _text_box(kind: str, paragraphs: list[Any]) -> Any:
    """A run holding a floating text box of ``kind`` (``word``: Word's
    choice and fallback, both holding the text; ``vml``: a VML one alone)
    whose content is copies of the paragraph elements ``paragraphs``."""
    ns = " ".join(f"xmlns:{k}='{v}'" for k, v in _NS.items())
    xml = (_WORD_BOX if kind == "word" else _VML_BOX).format(ns=ns, wps=_WPS)
    run = etree.fromstring(xml)
    for content in run.iter(q("txbxContent")):
        content.extend(copy.deepcopy(p) for p in paragraphs)
    return run


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(T))


def _boxed(heading: Callable[[str], bool], kind: str, cell: int) -> Callable[[DocxDocument], None]:
    """The paragraphs above the table for which ``heading(text)`` holds,
    cut and pasted into a text box of ``kind`` anchored in the first
    paragraph of cell ``cell`` of the table's first row."""

    def step(doc: DocxDocument) -> None:
        body = doc.element.body
        moved = [p for p in body.iterchildren(P) if heading(_text(p))]
        assert moved
        for p in moved:
            body.remove(p)
        anchor = doc.tables[0].rows[0].cells[cell].paragraphs[0]._p
        anchor.append(_text_box(kind, moved))

    return step


def _read(edition: Edition, tmp_path: Path, form: bytes, name: str = "f.docx") -> ReadResult:
    (tmp_path / name).write_bytes(form)
    return read_form(edition, tmp_path / name)


def _header_line(text: str) -> bool:
    return "申报单位" in text or "推荐部室或单位" in text


@pytest.mark.parametrize("kind", ["word", "vml"])
@pytest.mark.parametrize("cell", [0, 1])
def test_a_header_line_in_a_text_box_in_the_first_row_is_the_header(
    edition: Edition, tmp_path: Path, kind: str, cell: int
) -> None:
    """The header line in a floating text box anchored in the label cell of
    项目名称 (it was a value typed into the label cell besides the value
    cell's: ``read.ambiguous``, 项目名称 lost) or in its value cell (it was
    a line of the project's name), written once or twice (Word's choice and
    fallback): read as the header line, the name as typed."""
    data = application_data()
    form = E.edit(E.filled(edition, "application", data), _boxed(_header_line, kind, cell))
    result = _read(edition, tmp_path, form)
    assert (result.codes(), result.data, result.unit) == ([], data, "济南市科协")


def test_the_recommendation_forms_header_line_in_a_text_box(
    edition: Edition, tmp_path: Path
) -> None:
    """The same for the 推荐表's header line (推荐部室或单位：…)."""
    data = recommendation_data()
    form = E.edit(E.filled(edition, "recommendation", data), _boxed(_header_line, "word", 0))
    result = _read(edition, tmp_path, form)
    assert (result.codes(), result.data) == ([], data)


def test_the_title_and_the_header_line_in_a_text_box(edition: Edition, tmp_path: Path) -> None:
    """The title and the header line, both cut into one text box anchored
    in the first cell: the form is recognised, once, and read."""
    data = application_data()

    def heading(text: str) -> bool:
        return "申报表" in text or _header_line(text)

    form = E.edit(E.filled(edition, "application", data), _boxed(heading, "word", 0))
    result = _read(edition, tmp_path, form)
    assert (result.form, result.codes(), result.data) == ("application", [], data)


def test_a_header_line_in_a_text_box_still_says_another_unit(
    edition: Edition, tmp_path: Path
) -> None:
    """A text box in the first row holding a header line that names
    another unit than the line above the table: the unit is
    ``read.ambiguous``, as for two such lines, and 项目名称 is read."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        line = next(p for p in doc.element.body.iterchildren(P) if _header_line(_text(p)))
        other = copy.deepcopy(line)
        next(t for t in other.iter(T) if "济南市科协" in (t.text or "")).text = "青岛市科协"
        doc.tables[0].rows[0].cells[0].paragraphs[0]._p.append(_text_box("word", [other]))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.ambiguous", "/data/applicant_unit")
    ]
    assert result.data["project_name"] == data["project_name"]


def test_an_odt_header_line_in_a_text_box_in_the_first_cell(
    edition: Edition, tmp_path: Path
) -> None:
    """The header line in a LibreOffice text box (``draw:frame`` /
    ``draw:text-box``) anchored to the paragraph of the first cell."""
    data = application_data()

    def change(root: Any) -> None:
        text = f"{{{_TEXT}}}p"
        line = next(p for p in root.iter(text) if "申报单位" in "".join(p.itertext()))
        line.getparent().remove(line)
        frame = etree.SubElement(
            next(p for p in root.iter(text) if "".join(p.itertext()) == "项目名称"),
            f"{{{_DRAW}}}frame",
        )
        etree.SubElement(frame, f"{{{_DRAW}}}text-box").append(line)

    odt = edited_odt(docx_to_odt(E.filled(edition, "application", data)), change)
    result = _read(edition, tmp_path, odt, "f.odt")
    assert (result.codes(), result.data) == ([], data)


def _paragraph(text: str) -> Any:
    return etree.fromstring(f"<w:p xmlns:w='{_W}'><w:r><w:t>{text}</w:t></w:r></w:p>")


@pytest.mark.parametrize("unit_boxed", [True, False])
def test_the_header_date_in_a_text_box_of_its_own(
    edition: Edition, tmp_path: Path, unit_boxed: bool
) -> None:
    """The header's date alone in a text box anchored in the first cell (set
    apart at the right of the line), the unit's line in another text box
    there or typed above the table: the date is the header's (it was a
    value typed into the label cell of 项目名称, ``read.ambiguous``, and no
    date was read)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        body = doc.element.body
        line = next(p for p in body.iterchildren(P) if _header_line(_text(p)))
        unit = _paragraph("申报单位：济南市科协")
        anchor = doc.tables[0].rows[0].cells[0].paragraphs[0]._p
        if unit_boxed:
            body.remove(line)
            anchor.append(_text_box("word", [unit]))
        else:
            line.addprevious(unit)
            body.remove(line)
        anchor.append(_text_box("word", [_paragraph("2022 年 8 月 15 日")]))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def test_a_date_in_a_text_box_over_an_empty_cell_is_its_value(
    edition: Edition, tmp_path: Path
) -> None:
    """A date alone in a text box over the first row's value cell left
    empty is that cell's value, not the header's date."""
    data = application_data(project_name="2022 年 8 月 15 日")

    def step(doc: DocxDocument) -> None:
        cell = doc.tables[0].rows[0].cells[1]
        for run in cell.paragraphs[0].runs:
            run.text = ""
        cell.paragraphs[0]._p.append(_text_box("word", [_paragraph(data["project_name"])]))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


_GROUP = (
    "<w:r {ns}><mc:AlternateContent><mc:Choice Requires='wpg'><w:drawing><wp:anchor>"
    "<a:graphic><a:graphicData uri='{wpg}'><wpg:wgp>{shapes}</wpg:wgp></a:graphicData>"
    "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
    "<v:group><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>济南市科学技术协会</w:t></w:r>"
    "</w:p></w:txbxContent></v:textbox></v:shape></v:group></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)
_WPG = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"


def _seal() -> Any:
    """A seal drawn with shapes (a group of two text boxes: the unit's name
    and a star), as Word writes it: the group in ``mc:Choice``, VML in
    ``mc:Fallback``."""
    ns = " ".join(f"xmlns:{k}='{v}'" for k, v in {**_NS, "wpg": _WPG}.items())
    shapes = "".join(
        f"<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></wps:wsp>"
        for text in ("济南市科学技术协会", "★")
    )
    return etree.fromstring(_GROUP.format(ns=ns, wpg=_WPG, shapes=shapes))


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("年", lambda: _text_box("word", [_paragraph("2022 年 8 月 15 日")])),
        ("年", lambda: _text_box("vml", [_paragraph("2022.8.15")])),
        ("签章", lambda: _text_box("word", [_paragraph("王五"), _paragraph("（已盖章）")])),
        ("签章", _seal),
    ],
    ids=["date", "dotted-date", "name", "seal"],
)
def test_what_is_written_over_a_printed_line_in_a_text_box_is_no_opinion(
    edition: Edition, tmp_path: Path, line: str, written: Callable[[], Any]
) -> None:
    """A date written in a text box over the opinion cell's printed date
    line, a name over its signature line, a seal drawn with shapes there —
    each anchored in that line — is written on it, as text typed on the line
    is: the printed lines and it are no part of the opinion (they were, the
    text box's lines being the cell's last ones)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, "推荐单位意见")
        anchor = next(p for p in cell.paragraphs if line in p.text)
        anchor._p.append(written())

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def test_an_opinion_in_a_text_box_over_a_printed_line_is_kept(
    edition: Edition, tmp_path: Path
) -> None:
    """The opinion itself typed into a text box anchored in the signature
    line (a sentence: no signer's writing) is not taken for what is written
    on the line: it is read."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, "推荐单位意见")
        for run in cell.paragraphs[0].runs:
            run.text = ""
        anchor = next(p for p in cell.paragraphs if "签章" in p.text)
        anchor._p.append(_text_box("word", [_paragraph("同意申报。")]))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.codes() == []
    assert result.data["recommender_opinion"].splitlines()[-1] == "同意申报。"


@pytest.mark.parametrize("label", ["项目名称", "项目基础"])
def test_a_text_box_holding_the_label_over_its_label_cell(
    edition: Edition, tmp_path: Path, label: str
) -> None:
    """The label written again in a text box over its printed label (as a
    form converted from a PDF lays it out), anchored in the label cell: no
    value typed into the label cell, no second value of the field (it was
    ``read.ambiguous``, the value lost)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        cell = next(c for c in E._cells(doc) if "".join(c.text.split()) == label)
        cell.paragraphs[0]._p.append(_text_box("word", [_paragraph(label)]))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def test_a_header_line_in_a_text_box_of_a_form_laid_out_in_a_text_box(
    edition: Edition, tmp_path: Path
) -> None:
    """The form's table laid out in a text box (as PDF-to-Word converters
    leave it, Word's fallback copy beside it), the header line in a text box
    anchored in its first cell: the header line, as above."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        _boxed(_header_line, "word", 0)(doc)
        table = doc.tables[0]._tbl
        holder = etree.Element(P)
        holder.append(_text_box("word", []))
        table.addprevious(holder)
        choice, fallback = holder.iter(q("txbxContent"))
        fallback.append(copy.deepcopy(table))
        choice.append(table)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def test_an_odt_date_in_a_text_box_over_the_printed_date_line(
    edition: Edition, tmp_path: Path
) -> None:
    """The same in an .odt: a LibreOffice text box (``draw:frame`` /
    ``draw:text-box``) anchored in the opinion cell's date line."""
    data = application_data()

    def change(root: Any) -> None:
        text = f"{{{_TEXT}}}p"
        line = [p for p in root.iter(text) if "".join(p.itertext()).startswith("年")][-1]
        frame = etree.SubElement(line, f"{{{_DRAW}}}frame")
        etree.SubElement(
            etree.SubElement(frame, f"{{{_DRAW}}}text-box"), text
        ).text = "2022年8月15日"

    odt = edited_odt(docx_to_odt(E.filled(edition, "application", data)), change)
    result = _read(edition, tmp_path, odt, "f.odt")
    assert (result.codes(), result.data) == ([], data)
