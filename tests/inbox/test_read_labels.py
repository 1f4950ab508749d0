"""Labels a clerk's retyped form writes otherwise than the edition: with
a number given to them, without the edition's note in brackets, again in
the value cell; and a file that holds a form more than once."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office._read import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data, recommendation_data


def _read(edition: Edition, tmp_path: Path, data: bytes) -> tuple[dict[str, object], list[str]]:
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    result = read_form(edition, path)
    return result.data, result.codes()


def _relabel(label: str, text: str) -> Callable[[DocxDocument], None]:
    """The label cell ``label`` retyped as ``text``."""

    def step(doc: DocxDocument) -> None:
        cell = next(c for c in E._cells(doc) if "".join(c.text.split()) == label)
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        runs = cell.paragraphs[0].runs
        for r in runs[1:]:
            r.text = ""
        runs[0].text = text

    return step


@pytest.mark.parametrize(
    "numbered",
    [
        "一、项目名称",
        "1.项目名称",
        "1．项目名称",
        "1、项目名称",
        "１、项目名称",
        "（一）项目名称",
        "(1) 项目名称",
        "①项目名称",
        "⑫ 项目名称",
        "①、项目名称",
        "⑴项目名称",
        "⒈项目名称",
        "项目名称①",
        "项目名称 ⑫：",
        "项目名称①＊",
        "第一项 项目名称",
        "一、项目名称：",
        "*1. 项目名称",
    ],
)
def test_a_numbered_label_is_the_label(edition: Edition, tmp_path: Path, numbered: str) -> None:
    filled = E.edit(
        E.filled(edition, "application", application_data()), _relabel("项目名称", numbered)
    )
    data, codes = _read(edition, tmp_path, filled)
    assert codes == []
    assert data["project_name"] == application_data()["project_name"]


@pytest.mark.parametrize(
    "typed",
    [
        "1项目名称",
        "１项目名称",
        "12项目名称",
        "*1项目名称",
        "项目名称1",
        "项目名称１",
        "项目名称12：",
        "项目名称1*",
    ],
)
def test_a_digit_glued_to_a_label_is_no_number(
    edition: Edition, tmp_path: Path, typed: str
) -> None:
    """A number needs its separator (``1.``, ``1、``, ``（1）``, ``①``): a
    digit glued to the label, before or after it, is part of the text, not
    the label (it was read as the label numbered)."""
    filled = E.edit(
        E.filled(edition, "application", application_data()), _relabel("项目名称", typed)
    )
    data, codes = _read(edition, tmp_path, filled)
    assert codes == ["read.missing-label"]
    assert "project_name" not in data


@pytest.mark.parametrize("numbered", ["一、项目名称：", "1. 项目名称 ", "（一）项目名称①："])
def test_a_numbered_label_with_its_value_typed_after_it(
    edition: Edition, tmp_path: Path, numbered: str
) -> None:
    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, "项目名称")
        for p in cell.paragraphs:
            for r in p.runs:
                r.text = ""

    filled = E.edit(
        E.filled(edition, "application", application_data()),
        step,
        _relabel("项目名称", numbered + "海洋科普联盟"),
    )
    data, codes = _read(edition, tmp_path, filled)
    assert codes == ["read.value-in-label"]
    assert data["project_name"] == "海洋科普联盟"


@pytest.mark.parametrize(
    ("label", "typed", "field", "value"),
    [
        ("项目名称", "项目名称：海洋科普联盟", "project_name", "海洋科普联盟"),
        ("项目名称", "1. 项目名称 ∶ 海洋科普联盟", "project_name", "海洋科普联盟"),
        ("项目基础", "项目基础：\n已有基础。", "project_basis", "已有基础。"),
        ("项目名称", "项目名称：", "project_name", None),
    ],
)
def test_the_label_typed_again_in_its_value_cell(
    edition: Edition, tmp_path: Path, label: str, typed: str, field: str, value: str | None
) -> None:
    """The clerk types the label again before the value, in the value
    cell: the value is what follows it."""

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, label)
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        first, *rest = typed.split("\n")
        cell.paragraphs[0].runs[0].text = first
        for r in cell.paragraphs[0].runs[1:]:
            r.text = ""
        for line in rest:
            cell.add_paragraph(line)

    filled = E.edit(E.filled(edition, "application", application_data()), step)
    data, codes = _read(edition, tmp_path, filled)
    assert codes == []
    assert data.get(field) == value


def test_a_value_that_only_starts_like_its_label_is_kept(edition: Edition, tmp_path: Path) -> None:
    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, "项目名称")
        cell.paragraphs[0].runs[0].text = "项目名称规范化试点"
        for r in cell.paragraphs[0].runs[1:]:
            r.text = ""

    filled = E.edit(E.filled(edition, "application", application_data()), step)
    data, codes = _read(edition, tmp_path, filled)
    assert (data["project_name"], codes) == ("项目名称规范化试点", [])


# -- more than one form in a file -----------------------------------------------------


def _one_after_the_other(first: bytes, second: bytes) -> bytes:
    """The body of ``second`` pasted after that of ``first``."""
    doc, more = E.open_docx(first), E.open_docx(second)
    end = doc.element.body[-1]  # (the section properties)
    for el in list(more.element.body):
        if el.tag != qn("w:sectPr"):
            end.addprevious(copy.deepcopy(el))
    return E.save(doc)


def test_a_form_pasted_twice_is_read_once_and_said(edition: Edition, tmp_path: Path) -> None:
    app = E.filled(edition, "application", application_data())
    data, codes = _read(edition, tmp_path, _one_after_the_other(app, app))
    assert codes == ["read.form-repeated"]
    assert data == application_data()


def test_two_projects_in_one_file_are_not_mixed(edition: Edition, tmp_path: Path) -> None:
    app = E.filled(edition, "application", application_data())
    other = E.filled(edition, "application", application_data(project_name="另一个项目"))
    path = tmp_path / "a.docx"
    path.write_bytes(_one_after_the_other(app, other))
    result = read_form(edition, path)
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.form-repeated", ""),
        ("read.ambiguous", "/data/project_name"),
    ]
    assert "project_name" not in result.data and not result.ok


def test_a_shenbao_and_a_tuijian_form_in_one_file(edition: Edition, tmp_path: Path) -> None:
    """Two different forms in one .docx are not split: the file is
    read.ambiguous-form (send one form per file), nothing read from it."""
    both = _one_after_the_other(
        E.filled(edition, "application", application_data()),
        E.filled(edition, "recommendation", recommendation_data()),
    )
    path = tmp_path / "a.docx"
    path.write_bytes(both)
    result = read_form(edition, path)
    assert (result.form, result.codes(), result.data) == (None, ["read.ambiguous-form"], {})
