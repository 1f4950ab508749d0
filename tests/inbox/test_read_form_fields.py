"""What a value holds besides its text runs: a page or column break and a
positional tab (read as a line break and a tab, as ``w:br`` and ``w:tab``
are), a legacy form field's drop-down or check box (shown outside the text)
and the text of an equation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.model import Edition
from reform_brand.office import read_form
from reform_brand.safeopen import docx_text
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data

_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _read(edition: Edition, tmp_path: Path, data: bytes) -> Any:
    (tmp_path / "f.docx").write_bytes(data)
    return read_form(edition, tmp_path / "f.docx")


def _header(doc: DocxDocument) -> Any:
    return next(p for p in doc.paragraphs if "：" in p.text and "年" in p.text)


def _element(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _after_unit(make: Callable[[], Any], rest: str) -> Callable[[DocxDocument], None]:
    """The unit's name in the header line, then ``make()`` in its run, then
    ``rest``."""

    def step(doc: DocxDocument) -> None:
        run = next(r for r in _header(doc).runs if r.text == "济南市科协")
        run._r.append(make())
        run.add_text(rest)

    return step


_BREAKS = {
    "page": lambda: _element("w:br", type="page"),
    "column": lambda: _element("w:br", type="column"),
    "ptab": lambda: _element("w:ptab", relativeTo="margin", alignment="right", leader="none"),
}


@pytest.mark.parametrize("kind", list(_BREAKS))
def test_a_break_or_positional_tab_before_another_label_ends_the_value(
    edition: Edition, tmp_path: Path, kind: str
) -> None:
    """``济南市科协`` + a page break + ``填报人：张三``: the other label is
    on a line of its own and no part of the unit (the two ran together)."""
    data = application_data()
    step = _after_unit(_BREAKS[kind], "填报人：张三")
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


@pytest.mark.parametrize(("kind", "between"), [("page", "\n"), ("column", "\n"), ("ptab", "\t")])
def test_a_break_or_positional_tab_keeps_the_words_apart(
    edition: Edition, tmp_path: Path, kind: str, between: str
) -> None:
    data = application_data()
    step = _after_unit(_BREAKS[kind], "项目")
    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, "application", data), step))
    assert f"济南市科协{between}项目" in docx_text(tmp_path / "f.docx")


def test_a_page_break_in_a_text_area_is_a_line(edition: Edition, tmp_path: Path) -> None:
    data = application_data(project_basis="第一段")

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目基础").paragraphs[0]
        p.runs[-1]._r.append(_element("w:br", type="page"))
        p.add_run("第二段")

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.data["project_basis"] == "第一段\n第二段"


# -- legacy form fields and equations ------------------------------------------------------


def _field_runs(ff_data: str) -> list[Any]:
    """The runs of a legacy form field (begin with ``ff_data``, its code,
    end), as Word writes a drop-down or a check box: no result text."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    begin = etree.fromstring(
        f'<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="begin">'
        f'<w:ffData><w:name w:val="F"/><w:enabled/>{ff_data}</w:ffData>'
        "</w:fldChar></w:r>"
    )
    code = etree.fromstring(
        f'<w:r xmlns:w="{w}"><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r>'
    )
    end = etree.fromstring(f'<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="end"/></w:r>')
    return [begin, code, end]


def _in_project_name(*elements: Any) -> Callable[[DocxDocument], None]:
    """``elements`` typed into the project name's cell, in place of its text."""

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目名称").paragraphs[0]
        for r in p.runs:
            r._r.getparent().remove(r._r)
        for el in elements:
            p._p.append(el)

    return step


_ENTRIES = '<w:listEntry w:val="甲项目"/><w:listEntry w:val="乙项目"/><w:listEntry w:val="丙项目"/>'


@pytest.mark.parametrize(
    ("dd_list", "shown"),
    [
        (f'<w:ddList><w:result w:val="1"/>{_ENTRIES}</w:ddList>', "乙项目"),
        (f'<w:ddList><w:result w:val="2"/><w:default w:val="1"/>{_ENTRIES}</w:ddList>', "丙项目"),
        (f'<w:ddList><w:default w:val="1"/>{_ENTRIES}</w:ddList>', "乙项目"),
        (f"<w:ddList>{_ENTRIES}</w:ddList>", "甲项目"),
        (f'<w:ddList><w:result w:val="3"/>{_ENTRIES}</w:ddList>', "甲项目"),
        (f'<w:ddList><w:result w:val="-1"/>{_ENTRIES}</w:ddList>', "甲项目"),
        (f'<w:ddList><w:default w:val="9"/>{_ENTRIES}</w:ddList>', "甲项目"),
    ],
    ids=[
        "result",
        "result-over-default",
        "default",
        "first",
        "past-end",
        "negative",
        "default-past-end",
    ],
)
def test_a_legacy_drop_down_reads_its_shown_entry(
    edition: Edition, tmp_path: Path, dd_list: str, shown: str
) -> None:
    data = application_data()
    step = _in_project_name(*_field_runs(dd_list))
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], {**data, "project_name": shown})


def test_a_drop_down_in_a_deleted_run_is_not_read(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    runs = _field_runs(f'<w:ddList><w:result w:val="1"/>{_ENTRIES}</w:ddList>')
    deleted = _element("w:del", id="1", author="a", date="2022-08-15T09:00:00Z")
    deleted.append(runs[0])
    typed = OxmlElement("w:r")
    typed.append(OxmlElement("w:t"))
    typed[0].text = "甲项目"
    step = _in_project_name(deleted, runs[1], runs[2], typed)
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.data["project_name"] == "甲项目"


def _math(*texts: str) -> Any:
    xml = "".join(f"<m:r><m:t>{t}</m:t></m:r>" for t in texts)
    return etree.fromstring(f'<m:oMath xmlns:m="{_M}">{xml}</m:oMath>')


def test_equation_text_in_a_value_is_read(edition: Edition, tmp_path: Path) -> None:
    data = application_data()

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目名称").paragraphs[0]
        p._p.append(_math("E", "=", "m", "c"))
        p.add_run("公式科普")

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.data["project_name"] == f"{data['project_name']}E=mc公式科普"


def _run(xml: str) -> Any:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return etree.fromstring(f'<w:r xmlns:w="{w}">{xml}</w:r>')


@pytest.mark.parametrize(
    ("marks", "shown"),
    [
        (["begin"], "海洋科普联盟"),
        (["begin", "separate"], "海洋科普联盟"),
        (["begin", "separate", "end"], "海洋科普联盟"),
        (["begin", "end"], "海洋"),
    ],
    ids=["unclosed", "no-end", "closed", "code-only"],
)
def test_a_field_left_open_ends_with_its_paragraph(
    edition: Edition, tmp_path: Path, marks: list[str], shown: str
) -> None:
    """``海洋`` + a field's beginning and code, left without its end (a file
    damaged or edited by hand) + ``科普联盟``: Word closes the field at the
    end of its paragraph and shows the text after it, which was lost."""
    runs = [_run("<w:t>海洋</w:t>"), _run('<w:fldChar w:fldCharType="begin"/>')]
    runs.append(_run("<w:instrText> PAGE </w:instrText>"))
    if "separate" in marks:
        runs.append(_run('<w:fldChar w:fldCharType="separate"/>'))
    if marks == ["begin", "end"]:
        runs.append(_run("<w:t>科普联盟</w:t>"))  # (the field's code: no text)
    runs.append(_run('<w:fldChar w:fldCharType="end"/>') if "end" in marks else _run(""))
    if marks != ["begin", "end"]:
        runs.append(_run("<w:t>科普联盟</w:t>"))
    data = application_data()
    result = _read(
        edition, tmp_path, E.edit(E.filled(edition, "application", data), _in_project_name(*runs))
    )
    assert (result.codes(), result.data["project_name"]) == ([], shown)
