"""Pictures, text boxes, shapes and form fields in an .odt form, as
LibreOffice saves a Word form holding them: a picture's alternative text is
no part of a value (it used to be read into it), a text box's paragraphs are
lines of their own (they used to run together), the form's table laid out
in a text box is the form's table, as in a .docx (every label used to be
missing), and a legacy drop-down or check box reads as what it shows (they
were left out)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.model import Edition
from reform_brand.office import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data
from tests.inbox.odt_make import docx_to_odt, edited_odt

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
_LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
_FIELD = "urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0"
_XLINK = "http://www.w3.org/1999/xlink"


def _el(ns: str, tag: str, text: str | None = None, **attrs: str) -> Any:
    el = etree.Element(f"{{{ns}}}{tag}")
    for k, v in attrs.items():
        el.set(k, v)
    el.text = text
    return el


def _odt(edition: Edition, data: dict[str, Any], change: Callable[[Any], None]) -> bytes:
    """The form filled with ``data`` as an .odt whose ``content.xml`` root
    ``change`` edits."""
    return edited_odt(docx_to_odt(E.filled(edition, "application", data)), change)


def _paragraph(root: Any, text: str) -> Any:
    return next(p for p in root.iter(f"{{{_TEXT}}}p") if p.text == text)


def _read(edition: Edition, tmp_path: Path, odt: bytes) -> Any:
    (tmp_path / "f.odt").write_bytes(odt)
    return read_form(edition, tmp_path / "f.odt")


def test_a_pictures_alternative_text_is_no_part_of_a_value(
    edition: Edition, tmp_path: Path
) -> None:
    """A picture pasted into 项目基础, with the title and description Word
    gives it (``svg:title``, ``svg:desc`` of its frame in the .odt)."""
    data = application_data(project_basis="基础")

    def change(root: Any) -> None:
        frame = _el(_DRAW, "frame", **{f"{{{_DRAW}}}name": "图片 1"})
        frame.append(_el(_DRAW, "image", **{f"{{{_XLINK}}}href": "Pictures/1.png"}))
        frame.append(_el(_SVG, "title", "图片标题"))
        frame.append(_el(_SVG, "desc", "图片包含 文本 自动生成的说明"))
        frame.tail = "之后"
        _paragraph(root, "基础").append(frame)

    result = _read(edition, tmp_path, _odt(edition, data, change))
    assert result.codes() == []
    assert result.data["project_basis"] == "基础之后"


@pytest.mark.parametrize("kind", ["text-box", "custom-shape"])
def test_a_text_box_in_a_cell_keeps_its_lines(edition: Edition, tmp_path: Path, kind: str) -> None:
    """A text box (``draw:frame`` / ``draw:text-box``) or a shape with text
    (``draw:custom-shape``, as LibreOffice saves a Word text box) in the
    预期成效 cell: its paragraphs are lines, after the cell's own text, as a
    .docx's text box reads."""
    data = application_data(expected_outcomes="成效")

    def change(root: Any) -> None:
        holder = _el(_DRAW, kind)
        for line in ("框内第一行", "框内第二行"):
            holder.append(_el(_TEXT, "p", line))
        if kind == "text-box":
            frame = _el(_DRAW, "frame")
            frame.append(holder)
            holder = frame
        else:
            holder.append(_el(_DRAW, "enhanced-geometry"))
        _paragraph(root, "成效").append(holder)

    result = _read(edition, tmp_path, _odt(edition, data, change))
    assert result.codes() == []
    assert result.data["expected_outcomes"] == "成效\n框内第一行\n框内第二行"


def test_the_forms_table_in_a_shape(edition: Edition, tmp_path: Path) -> None:
    """The form's table laid out in a text box, saved by LibreOffice as a
    shape holding a table in its own namespace (``loext:table``)."""
    data = application_data()

    def change(root: Any) -> None:
        table = next(root.iter(f"{{{_TABLE}}}table"))
        for el in table.iter(f"{{{_TABLE}}}*"):
            el.tag = f"{{{_LOEXT}}}{etree.QName(el).localname}"
        p = _el(_TEXT, "p")
        shape = _el(_DRAW, "custom-shape")
        table.addprevious(p)
        p.append(shape)
        shape.append(table)

    result = _read(edition, tmp_path, _odt(edition, data, change))
    assert (result.codes(), result.data) == ([], data)


def _fieldmark(kind: str, *params: tuple[str, str]) -> Any:
    mark = _el(_FIELD, "fieldmark", **{f"{{{_FIELD}}}type": f"vnd.oasis.opendocument.field.{kind}"})
    for name, value in params:
        mark.append(
            _el(_FIELD, "param", **{f"{{{_FIELD}}}name": name, f"{{{_FIELD}}}value": value})
        )
    return mark


_ENTRIES = [("Dropdown_ListEntry", e) for e in ("甲项目", "乙项目", "丙项目")]


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ((*_ENTRIES, ("Dropdown_Selected", "1")), "乙项目"),
        (tuple(_ENTRIES), "甲项目"),
        ((*_ENTRIES, ("Dropdown_Selected", "9")), "甲项目"),
    ],
)
def test_a_legacy_drop_down_reads_its_shown_entry(
    edition: Edition, tmp_path: Path, params: tuple[tuple[str, str], ...], shown: str
) -> None:
    """A Word drop-down form field saved by LibreOffice: a ``field:fieldmark``
    whose parameters hold its entries and the one selected, no text."""
    data = application_data(project_name="名称")

    def change(root: Any) -> None:
        p = _paragraph(root, "名称")
        p.text = None
        p.append(_fieldmark("FORMDROPDOWN", *params))

    result = _read(edition, tmp_path, _odt(edition, data, change))
    assert (result.codes(), result.data["project_name"]) == ([], shown)


def test_legacy_check_boxes_read_as_boxes(edition: Edition, tmp_path: Path) -> None:
    """Word check box form fields saved by LibreOffice (the boxes of a
    choice): ``☑`` ticked, ``☐`` not, as in a .docx."""
    data = application_data(project_name="名称")

    def change(root: Any) -> None:
        p = _paragraph(root, "名称")
        p.text = None
        p.append(_fieldmark("FORMCHECKBOX", ("Checkbox_Checked", "true")))
        p[-1].tail = "新建　"
        p.append(_fieldmark("FORMCHECKBOX"))
        p[-1].tail = "延续"

    result = _read(edition, tmp_path, _odt(edition, data, change))
    assert (result.codes(), result.data["project_name"]) == ([], "☑新建　☐延续")
