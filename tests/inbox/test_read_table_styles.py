"""Text hidden by a table style's formatting of a part of its table
(``w:tblStylePr``: the first row, the last column, odd bands of rows...),
as the table's ``w:tblLook`` turns each part on: Word shows none of it, nor
is it read (only the style's formatting of the whole table was looked at)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data

_ALL = {f"r{r}c{c}" for r in range(4) for c in range(3)}


def _part(kind: str, vanish: str | None) -> Any:
    """A ``w:tblStylePr`` of ``kind`` whose run properties set ``w:vanish``
    (``w:val`` ``vanish``; None: on)."""
    part = OxmlElement("w:tblStylePr")
    part.set(qn("w:type"), kind)
    rpr = OxmlElement("w:rPr")
    el = OxmlElement("w:vanish")
    if vanish is not None:
        el.set(qn("w:val"), vanish)
    rpr.append(el)
    part.append(rpr)
    return part


def _flagged(tag: str, **flags: str) -> Any:
    """A ``tag`` element with ``flags`` as its ``w:`` attributes."""
    el = OxmlElement(tag)
    for name, value in flags.items():
        el.set(qn(f"w:{name}"), value)
    return el


def _look(**flags: str) -> Any:
    return _flagged("w:tblLook", **flags)


def _read_cells(
    edition: Edition,
    tmp_path: Path,
    parts: list[Any],
    look: Any | None,
    *,
    based_on: bool = False,
    row_band: int | None = None,
    rows: Callable[[Any], None] | None = None,
) -> set[str]:
    """The cells read of a 4×3 table (``r0c0``...) pasted into a value cell,
    whose table style formats ``parts`` and whose look is ``look``; ``rows``
    changes its rows (the ``w:tbl``) further."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        style = doc.styles.add_style("条件隐藏", WD_STYLE_TYPE.TABLE)
        if row_band is not None:
            pr = OxmlElement("w:tblPr")
            size = OxmlElement("w:tblStyleRowBandSize")
            size.set(qn("w:val"), str(row_band))
            pr.append(size)
            style.element.append(pr)
        for part in parts:
            style.element.append(part)
        if based_on:
            child = doc.styles.add_style("派生表格", WD_STYLE_TYPE.TABLE)
            child.base_style = style
            style = child
        nested = E._value_cell(doc, "项目基础").add_table(4, 3)
        nested.style = style
        pr = nested._tbl.tblPr
        for old in pr.findall(qn("w:tblLook")):
            pr.remove(old)
        if look is not None:
            pr.append(look)
        for r in range(4):
            for c in range(3):
                nested.cell(r, c).paragraphs[0].add_run(f"r{r}c{c}")
        if rows is not None:
            rows(nested._tbl)

    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    result = read_form(edition, tmp_path / "f.docx")
    assert result.codes() == []
    value = result.data["project_basis"]
    assert value.startswith(data["project_basis"])
    return set(re.findall(r"r\dc\d", value))


def _rows(*rows: int) -> set[str]:
    return {f"r{r}c{c}" for r in rows for c in range(3)}


def _cols(*cols: int) -> set[str]:
    return {f"r{r}c{c}" for r in range(4) for c in cols}


ON = {"firstRow": "1", "lastRow": "1", "firstColumn": "1", "lastColumn": "1"}


@pytest.mark.parametrize(
    ("kind", "look", "hidden"),
    [
        ("firstRow", _look(firstRow="1", noHBand="1"), _rows(0)),
        ("firstRow", _look(firstRow="0"), set()),
        ("firstRow", None, set()),
        ("firstRow", _look(val="0020"), _rows(0)),
        ("firstRow", _look(val="0020", firstRow="0"), set()),
        ("lastRow", _look(lastRow="1"), _rows(3)),
        ("firstCol", _look(firstColumn="true"), _cols(0)),
        ("lastCol", _look(lastColumn="1"), _cols(2)),
        ("band1Horz", _look(firstRow="1"), _rows(1, 3)),
        ("band2Horz", _look(firstRow="1"), _rows(2)),
        ("band1Horz", _look(firstRow="0"), _rows(0, 2)),
        ("band1Horz", None, _rows(0, 2)),
        ("band1Horz", _look(noHBand="1"), set()),
        ("band2Vert", _look(firstColumn="0"), _cols(1)),
        ("band1Vert", _look(firstColumn="1"), _cols(1)),
        ("band1Vert", _look(val="0400"), set()),
        ("nwCell", _look(**ON), {"r0c0"}),
        ("seCell", _look(**ON), {"r3c2"}),
        ("wholeTable", None, _ALL),
    ],
)
def test_a_part_of_a_table_hidden_by_its_style_is_not_read(
    edition: Edition, tmp_path: Path, kind: str, look: Any | None, hidden: set[str]
) -> None:
    found = _read_cells(edition, tmp_path, [_part(kind, None)], look)
    assert found == _ALL - hidden


def test_a_later_part_of_a_table_style_wins(edition: Edition, tmp_path: Path) -> None:
    """The first column hidden, the first row and the odd bands of rows
    shown: the first column's cell in the first row is shown (the first row
    over the first column), its cells below hidden (the first column over
    the bands of rows)."""
    parts = [_part("firstCol", None), _part("firstRow", "0"), _part("band1Horz", "0")]
    found = _read_cells(edition, tmp_path, parts, _look(firstRow="1", firstColumn="1"))
    assert found == _ALL - {"r1c0", "r2c0", "r3c0"}


def test_a_table_styles_parts_are_inherited(edition: Edition, tmp_path: Path) -> None:
    """A table style based on one that hides its last row hides it too."""
    found = _read_cells(
        edition, tmp_path, [_part("lastRow", None)], _look(lastRow="1"), based_on=True
    )
    assert found == _ALL - _rows(3)


def test_bands_of_rows_are_as_wide_as_the_style_says(edition: Edition, tmp_path: Path) -> None:
    found = _read_cells(
        edition, tmp_path, [_part("band2Horz", None)], _look(noVBand="1"), row_band=2
    )
    assert found == _ALL - _rows(2, 3)


def _row_look(row: int, **flags: str) -> Callable[[Any], None]:
    """Row ``row``'s own look (``w:tblPrEx``)."""

    def change(tbl: Any) -> None:
        ex = OxmlElement("w:tblPrEx")
        ex.append(_look(**flags))
        tbl.tr_lst[row].insert(0, ex)

    return change


def _cnf_style(**flags: str) -> Any:
    return _flagged("w:cnfStyle", **flags)


def _cnf_rows(said: dict[int, dict[str, str]]) -> Callable[[Any], None]:
    """The ``w:cnfStyle`` of rows (by number) in their ``w:trPr``."""

    def change(tbl: Any) -> None:
        for r, flags in said.items():
            tbl.tr_lst[r].get_or_add_trPr().insert(0, _cnf_style(**flags))

    return change


def _cnf_cells(said: dict[tuple[int, int], dict[str, str]]) -> Callable[[Any], None]:
    """The ``w:cnfStyle`` of cells (by row and column) in their ``w:tcPr``."""

    def change(tbl: Any) -> None:
        for (r, c), flags in said.items():
            tbl.tr_lst[r].tc_lst[c].get_or_add_tcPr().insert(0, _cnf_style(**flags))

    return change


@pytest.mark.parametrize(
    ("kind", "look", "rows", "hidden"),
    [
        ("firstRow", _look(firstRow="1"), _row_look(0, firstRow="0"), set()),
        ("lastRow", None, _row_look(3, lastRow="1"), _rows(3)),
        ("lastRow", None, _row_look(2, lastRow="1"), set()),  # not the last row
        ("band1Horz", _look(noHBand="1"), _row_look(2, val="0000"), _rows(2)),
    ],
)
def test_a_rows_own_look_is_its_tables_look_there(
    edition: Edition,
    tmp_path: Path,
    kind: str,
    look: Any | None,
    rows: Callable[[Any], None],
    hidden: set[str],
) -> None:
    """A row's ``w:tblPrEx`` with a ``w:tblLook`` turns the table style's
    parts on and off in that row (only the table's look was read)."""
    found = _read_cells(edition, tmp_path, [_part(kind, None)], look, rows=rows)
    assert found == _ALL - hidden


@pytest.mark.parametrize(
    ("kind", "look", "rows", "hidden"),
    [
        # The bands Word found (its look since changed): row 2's alone.
        (
            "band1Horz",
            _look(firstRow="1"),
            _cnf_rows({0: {"firstRow": "1"}, 1: {}, 2: {"oddHBand": "1"}, 3: {}}),
            _rows(2),
        ),
        ("band1Horz", None, _cnf_rows({r: {"val": "000000000000"} for r in range(4)}), set()),
        ("firstRow", None, _cnf_rows({1: {"val": "100000000000"}}), _rows(1)),
        ("firstRow", _look(firstRow="1"), _cnf_rows({0: {"firstRow": "0"}}), set()),
        (
            "firstCol",
            _look(firstColumn="1"),
            _cnf_cells(
                {
                    (r, c): {"firstColumn": "1" if c == 2 else "0"}
                    for r in range(4)
                    for c in range(3)
                }
            ),
            _cols(2),
        ),
        ("nwCell", None, _cnf_cells({(1, 1): {"firstRowFirstColumn": "1"}}), {"r1c1"}),
        ("lastCol", None, _cnf_cells({(3, 0): {"val": "000100000000"}}), {"r3c0"}),
    ],
)
def test_the_parts_word_marked_a_row_or_cell_in_are_its_parts(
    edition: Edition,
    tmp_path: Path,
    kind: str,
    look: Any | None,
    rows: Callable[[Any], None],
    hidden: set[str],
) -> None:
    """Word keeps in a row's and a cell's ``w:cnfStyle`` which parts of the
    table style apply there: the rows' parts by the row's, the columns'
    parts and the corners by the cell's, over what the look says."""
    found = _read_cells(edition, tmp_path, [_part(kind, None)], look, rows=rows)
    assert found == _ALL - hidden
