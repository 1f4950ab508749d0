"""A symbol font a table style sets — its own run properties, or those of
a part of its table (``w:tblStylePr``: the first row, a band...) as the
table's look turns it on — reads as one the run sets itself: ``þ`` in a
cell so formatted is ☑ (a table style's fonts were not looked at)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reform_brand.doctables import cell_of
from reform_brand.docxml import body_of_xml
from reform_brand.model import Edition
from reform_brand.office import read_form
from reform_brand.safeopen import docx_text
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data

_WINGDINGS = {"ascii": "Wingdings", "hAnsi": "Wingdings", "eastAsia": "Wingdings"}
_ROMAN = {"ascii": "Times New Roman", "hAnsi": "Times New Roman", "eastAsia": "宋体"}
_ALL = {f"r{r}c{c}" for r in range(4) for c in range(3)}


def _rpr(fonts: dict[str, str]) -> Any:
    rpr = OxmlElement("w:rPr")
    rfonts = OxmlElement("w:rFonts")
    for slot, font in fonts.items():
        rfonts.set(qn(f"w:{slot}"), font)
    rpr.append(rfonts)
    return rpr


def _part(kind: str, fonts: dict[str, str]) -> Any:
    """A ``w:tblStylePr`` of ``kind`` whose run fonts are ``fonts``."""
    part = OxmlElement("w:tblStylePr")
    part.set(qn("w:type"), kind)
    part.append(_rpr(fonts))
    return part


def _look(**flags: str) -> Any:
    el = OxmlElement("w:tblLook")
    for name, value in flags.items():
        el.set(qn(f"w:{name}"), value)
    return el


def _ticked(
    edition: Edition,
    tmp_path: Path,
    parts: list[Any],
    look: Any | None,
    *,
    own: dict[str, str] | None = None,
    based_on: bool = False,
    para_fonts: dict[str, str] | None = None,
    normal_fonts: bool = False,
) -> set[str]:
    """The cells of a 4×3 table (``r0c0``...) pasted into a value cell whose
    ``þ`` reads ☑: the table's style formats ``parts``, sets the fonts
    ``own`` itself, and its look is ``look``; each cell's paragraph is of a
    paragraph style whose fonts are ``para_fonts``, when given, else of the
    default paragraph style, whose fonts (the form's sets them all) are
    taken out but with ``normal_fonts``: a paragraph style's fonts are over
    its table style's."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        if not normal_fonts:
            rpr = doc.styles["Normal"].element.rPr
            rpr.remove(rpr.rFonts)
        style = doc.styles.add_style("勾选表格", WD_STYLE_TYPE.TABLE)
        if own is not None:
            style.element.append(_rpr(own))
        for part in parts:
            style.element.append(part)
        if based_on:
            child = doc.styles.add_style("派生勾选表格", WD_STYLE_TYPE.TABLE)
            child.base_style = style
            style = child
        para_style = None
        if para_fonts is not None:
            para_style = doc.styles.add_style("单元格段落", WD_STYLE_TYPE.PARAGRAPH)
            para_style.element.append(_rpr(para_fonts))
        nested = E._value_cell(doc, "项目基础").add_table(4, 3)
        nested.style = style
        pr = nested._tbl.tblPr
        for old in pr.findall(qn("w:tblLook")):
            pr.remove(old)
        if look is not None:
            pr.append(look)
        for r in range(4):
            for c in range(3):
                p = nested.cell(r, c).paragraphs[0]
                if para_style is not None:
                    p.style = para_style
                label = p.add_run(f"r{r}c{c}")
                label._r.get_or_add_rPr().append(_rpr(_ROMAN)[0])
                p.add_run("þ")

    path = tmp_path / "f.docx"
    path.write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, path)
    assert result.codes() == []
    value = result.data["project_basis"]
    assert value.startswith(data["project_basis"])
    ticked = set(re.findall(r"(r\dc\d)☑", value))
    assert ticked | set(re.findall(r"(r\dc\d)þ", value)) == _ALL
    assert {c for line in docx_text(path).splitlines() for c in re.findall(r"(r\dc\d)☑", line)} == (
        ticked
    )
    return ticked


def _rows(*rows: int) -> set[str]:
    return {f"r{r}c{c}" for r in rows for c in range(3)}


def _cols(*cols: int) -> set[str]:
    return {f"r{r}c{c}" for r in range(4) for c in cols}


@pytest.mark.parametrize(
    ("parts", "look", "ticked"),
    [
        ([_part("wholeTable", _WINGDINGS)], None, _ALL),
        ([_part("firstRow", _WINGDINGS)], _look(firstRow="1"), _rows(0)),
        ([_part("firstRow", _WINGDINGS)], _look(firstRow="0"), set()),
        ([_part("lastCol", _WINGDINGS)], _look(lastColumn="1"), _cols(2)),
        ([_part("band1Horz", _WINGDINGS)], _look(firstRow="1"), _rows(1, 3)),
        ([_part("nwCell", _WINGDINGS)], _look(firstRow="1", firstColumn="1"), {"r0c0"}),
        # A later part over an earlier: the first row in a normal font.
        (
            [_part("wholeTable", _WINGDINGS), _part("firstRow", _ROMAN)],
            _look(firstRow="1"),
            _ALL - _rows(0),
        ),
        # The part sets the East Asian font alone: ¨ hinted, þ not.
        ([_part("wholeTable", {"eastAsia": "Wingdings"})], None, set()),
    ],
)
def test_a_symbol_font_a_part_of_a_table_style_sets_is_read(
    edition: Edition, tmp_path: Path, parts: list[Any], look: Any | None, ticked: set[str]
) -> None:
    assert _ticked(edition, tmp_path, parts, look) == ticked


def test_a_symbol_font_a_table_style_sets_is_read(edition: Edition, tmp_path: Path) -> None:
    """The table style's own fonts, and a part's, along its chain."""
    assert _ticked(edition, tmp_path, [], None, own=_WINGDINGS) == _ALL
    parts = [_part("firstRow", _WINGDINGS)]
    assert _ticked(edition, tmp_path, parts, _look(firstRow="1"), based_on=True) == _rows(0)
    # The table style's own fonts under a part's normal ones.
    parts = [_part("firstCol", _ROMAN)]
    assert _ticked(edition, tmp_path, parts, _look(firstColumn="1"), own=_WINGDINGS) == (
        _ALL - _cols(0)
    )


def test_a_paragraph_style_over_a_table_style(edition: Edition, tmp_path: Path) -> None:
    """A paragraph style's fonts are over its table style's (ECMA-376 Part 1
    17.7.2), the other way round too."""
    whole = [_part("wholeTable", _WINGDINGS)]
    assert _ticked(edition, tmp_path, whole, None, para_fonts=_ROMAN) == set()
    assert _ticked(edition, tmp_path, [], None, own=_ROMAN, para_fonts=_WINGDINGS) == _ALL
    assert _ticked(edition, tmp_path, whole, None, normal_fonts=True) == set()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_a_text_box_in_a_cell_is_not_in_its_table() -> None:
    """A paragraph of a text box anchored in a cell is its own story: the
    cell's table style neither sets its fonts nor hides it."""
    xml = (
        f'<w:document xmlns:w="{_W}"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:pict>'
        "<w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>"
        "</w:pict></w:r><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:body></w:document>"
    ).encode()
    body = body_of_xml(xml)
    cell_p, box_p = body.iter(f"{{{_W}}}p")
    found = cell_of(cell_p, body)
    assert found is not None
    tbl, tr, tc = found
    assert (tbl.tag, tr.tag, tc.tag) == (f"{{{_W}}}tbl", f"{{{_W}}}tr", f"{{{_W}}}tc")
    assert cell_of(box_p, body) is None
