"""What a clerk reads: values typed into label cells, versions and their
scans, a form naming another unit, messages without English inside."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument

from reform_brand.model import Edition
from reform_brand.office._read import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data, recommendation_data


def _cells(doc: DocxDocument) -> list[list[Any]]:
    """Each table row's distinct cells (merged cells once)."""
    rows = []
    for table in doc.tables:
        for row in table.rows:
            cells: list[Any] = []
            for cell in row.cells:
                if not any(c._tc is cell._tc for c in cells):
                    cells.append(cell)
            rows.append(cells)
    return rows


def _label_and_value_cells(doc: DocxDocument, label: str) -> tuple[Any, Any]:
    """The label cell and its value cell: the next in the row, or the one
    below for a sub-label of the contact group."""
    rows = _cells(doc)
    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            if "".join(cell.text.split()) != label:
                continue
            if i + 1 < len(row) and row[i + 1]._tc is not row[0]._tc and i > 0:
                below = [c for c in rows[r + 1] if c._tc is not row[0]._tc]
                return cell, below[i - 1]
            return cell, row[i + 1]
    raise KeyError(label)


def _type_in_label(label: str, typed: str, *, clear_value: bool = True) -> Callable[[Any], None]:
    """The unit types ``typed`` into the label cell of ``label`` (and leaves
    the value cell empty)."""

    def step(doc: DocxDocument) -> None:
        cell, value = _label_and_value_cells(doc, label)
        if clear_value:
            for p in value.paragraphs:
                for r in p.runs:
                    r.text = ""
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        p = cell.paragraphs[0]
        for r in p.runs:
            r.text = ""
        if p.runs:
            p.runs[0].text = typed
        else:
            p.add_run(typed)

    return step


def _read(edition: Edition, tmp_path: Path, data: bytes) -> Any:
    path = tmp_path / "form.docx"
    path.write_bytes(data)
    return read_form(edition, path)


@pytest.mark.parametrize(
    "typed", ["项目名称：海洋科普联盟", "项目名称:海洋科普联盟", "项目名称  海洋科普联盟"]
)
def test_value_typed_in_label_cell(edition: Edition, tmp_path: Path, typed: str) -> None:
    base = E.filled(edition, "application", application_data())
    result = _read(edition, tmp_path, E.edit(base, _type_in_label("项目名称", typed)))
    assert result.data["project_name"] == "海洋科普联盟"
    assert [(f.code, f.severity, f.pointer) for f in result.findings] == [
        ("read.value-in-label", "info", "/data/project_name")
    ]


def test_value_in_label_cell_every_field_of_both_forms(edition: Edition, tmp_path: Path) -> None:
    base = E.filled(edition, "application", application_data())
    edited = E.edit(
        base,
        _type_in_label("项目基础", "项目基础：第一段。"),
        _type_in_label("预期成效", "预 期 成 效 ： 形成制度。"),
    )
    result = _read(edition, tmp_path, edited)
    assert result.data["project_basis"] == "第一段。"
    assert result.data["expected_outcomes"] == "形成制度。"
    assert sorted(f.pointer for f in result.findings) == [
        "/data/expected_outcomes",
        "/data/project_basis",
    ]
    assert {f.code for f in result.findings} == {"read.value-in-label"}
    rec = E.filled(edition, "recommendation", recommendation_data())
    result = _read(
        edition, tmp_path, E.edit(rec, _type_in_label("被推荐单位", "被推荐单位：山东省科技馆"))
    )
    assert result.data["recommended_unit"] == "山东省科技馆"
    assert result.codes() == ["read.value-in-label"]


def test_value_in_contact_sub_label(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    base = E.filled(edition, "application", data)
    result = _read(edition, tmp_path, E.edit(base, _type_in_label("姓名", "姓名：王静")))
    assert result.data["contact"]["name"] == "王静"
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.value-in-label", "/data/contact/name")
    ]


def test_value_in_label_and_a_different_one_in_value_cell(edition: Edition, tmp_path: Path) -> None:
    base = E.filled(edition, "application", application_data())
    edited = E.edit(base, _type_in_label("项目名称", "项目名称：另一个名称", clear_value=False))
    result = _read(edition, tmp_path, edited)
    assert "project_name" not in result.data
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.ambiguous", "/data/project_name")
    ]


def test_label_with_empty_value_after_colon_is_still_a_label(
    edition: Edition, tmp_path: Path
) -> None:
    base = E.filled(edition, "application", application_data())
    result = _read(
        edition, tmp_path, E.edit(base, _type_in_label("项目名称", "项目名称：", clear_value=False))
    )
    assert result.codes() == []
    assert result.data == application_data()


def test_opinion_typed_in_its_label_cell_over_the_signature_lines(
    edition: Edition, tmp_path: Path
) -> None:
    data = application_data(recommender_opinion="")
    base = E.filled(edition, "application", data)
    result = _read(
        edition,
        tmp_path,
        E.edit(base, _type_in_label("推荐单位意见", "推荐单位意见：同意申报。", clear_value=False)),
    )
    assert result.data["recommender_opinion"] == "同意申报。"
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.value-in-label", "/data/recommender_opinion")
    ]
