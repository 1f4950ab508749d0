"""Reading forms laid out otherwise than the template: a frame round the
form, a header line with a partial date, value cells merged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office._read import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data


def _read(edition: Edition, tmp_path: Path, data: bytes) -> tuple[dict[str, object], list[str]]:
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    result = read_form(edition, path)
    return result.data, result.codes()


def _framed(whole: bool) -> Callable[[DocxDocument], None]:
    """The form's table (or the whole form: title, header line and table)
    put in the one cell of a 1×1 table, as a frame round it."""

    def step(doc: DocxDocument) -> None:
        body = doc.element.body
        form_table = doc.tables[0]._tbl
        frame = doc.add_table(1, 1)._tbl
        moved = [el for el in body if el.tag != qn("w:sectPr") and el is not frame]
        if not whole:
            moved = [form_table]
        moved[0].addprevious(frame)
        tc = frame.find(qn("w:tr")).find(qn("w:tc"))
        last = tc.find(qn("w:p"))  # (a cell ends with a paragraph)
        for el in moved:
            last.addprevious(el)

    return step


def test_a_form_in_a_frame_reads_as_the_form(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    for whole in (False, True):
        framed = E.edit(E.filled(edition, "application", data), _framed(whole))
        assert _read(edition, tmp_path, framed) == (data, [])


def _header_line(text: str) -> Callable[[DocxDocument], None]:
    def step(doc: DocxDocument) -> None:
        [p] = [p for p in doc.paragraphs if p.text.startswith("申报单位")]
        for r in list(p.runs):
            p._p.remove(r._r)
        p.add_run(text)

    return step


@pytest.mark.parametrize(
    "line",
    [
        "申报单位：济南市科协　　2022年8月",
        "申报单位：济南市科协　　2022 年 8 月　　日",
        "申报单位：济南市科协　　2022年　　月　　日",
        "申报单位：济南市科协　　二〇二二年八月",
        "申报单位：济南市科协\t　　年 8 月 15 日",
    ],
)
def test_a_date_partly_filled_in_is_not_part_of_the_unit(
    edition: Edition, tmp_path: Path, line: str
) -> None:
    """The unit's name ends before the date, and a date not wholly
    filled in is read.bad-date (not dropped without a word)."""
    form = E.edit(E.filled(edition, "application", application_data()), _header_line(line))
    data, codes = _read(edition, tmp_path, form)
    assert data["applicant_unit"] == "济南市科协"
    assert "date" not in data
    assert codes == ["read.bad-date"]


@pytest.mark.parametrize(
    "unit", ["济南市科协\t科普部", "\t济南市科协", "㈱济南\t科协", "ﬁ科协", "济南市科协\t\t"]
)
@pytest.mark.parametrize("date", ["2022-08-15", None])
def test_a_header_value_with_a_tab_reads_back_whole(
    edition: Edition, tmp_path: Path, unit: str, date: str | None
) -> None:
    """The tab before the header's date is no end of the unit's name: a
    name holding a tab (or a character NFKC folds into several) is read
    as rendered, stripped, and the date is not part of it."""
    data = application_data(applicant_unit=unit, date=date)
    if date is None:
        del data["date"]
    read, codes = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert (read["applicant_unit"], read.get("date"), codes) == (unit.strip(), date, [])


@pytest.mark.parametrize("unit", ["济\u200b南市科协", "济南市科协\u00ad", "\ufeff济南市科协"])
def test_a_header_value_keeps_its_invisible_characters(
    edition: Edition, tmp_path: Path, unit: str
) -> None:
    """As a value of the table does: validation, not reading, says what is
    wrong with them (the unit's name is matched to the roster by them)."""
    data = application_data(applicant_unit=unit, project_name=unit)
    read, codes = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert (read["applicant_unit"], read["project_name"], codes) == (unit, unit, [])


@pytest.mark.parametrize(
    "line",
    [
        "申\u200b报单位\u200b：济南市科协\t2022年\u200b8月15日",
        "申报单位：\u200b济南市科协\u200b\t2022年8月15日\u200b",
    ],
)
def test_invisible_characters_in_the_header_label_and_date_are_not_looked_at(
    edition: Edition, tmp_path: Path, line: str
) -> None:
    form = E.edit(E.filled(edition, "application", application_data()), _header_line(line))
    data, codes = _read(edition, tmp_path, form)
    unit = line.split("：")[1].split("\t")[0]
    assert (data["applicant_unit"], data["date"], codes) == (unit, "2022-08-15", [])


def test_a_header_value_of_invisible_characters_is_not_given(
    edition: Edition, tmp_path: Path
) -> None:
    line = "申报单位：\u200b\u00ad\t2022年8月15日"
    form = E.edit(E.filled(edition, "application", application_data()), _header_line(line))
    data, _ = _read(edition, tmp_path, form)
    assert "applicant_unit" not in data


@pytest.mark.parametrize(
    "line",
    [
        "申报单位：济南市科协\t\t填报人：张三\t2022年8月15日",
        "申报单位：济南市科协\t填报人：张三",
    ],
)
def test_other_words_after_a_tab_in_the_header_are_not_the_unit(
    edition: Edition, tmp_path: Path, line: str
) -> None:
    form = E.edit(E.filled(edition, "application", application_data()), _header_line(line))
    data, _ = _read(edition, tmp_path, form)
    assert data["applicant_unit"] == "济南市科协"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("申报单位：济南市科协　　2022年8月15日", "2022-08-15"),
        ("申报单位：济南市科协　　年　　月　　日", None),
        ("申报单位：青少年月刊社　　年　月　日", None),
    ],
)
def test_a_whole_or_blank_date_is_no_finding(
    edition: Edition, tmp_path: Path, line: str, date: str | None
) -> None:
    form = E.edit(E.filled(edition, "application", application_data()), _header_line(line))
    data, codes = _read(edition, tmp_path, form)
    assert data["applicant_unit"] == line.split("：")[1].split("　")[0]
    assert data.get("date") == date
    assert codes == []


def _merge_under(first: str, last: str, text: str | None = None) -> Callable[[DocxDocument], None]:
    """Merge the value cells under the sub-labels ``first`` … ``last``."""

    def step(doc: DocxDocument) -> None:
        table = doc.tables[0]
        for r, row in enumerate(table.rows):
            labels = ["".join(c.text.split()) for c in row.cells]
            if first in labels:
                values = table.rows[r + 1].cells
                merged = values[labels.index(first)].merge(values[labels.index(last)])
                if text is not None:
                    for p in merged.paragraphs[1:]:
                        p._p.getparent().remove(p._p)
                    merged.paragraphs[0].text = text
                return
        raise KeyError(first)

    return step


def test_merged_group_values_are_ambiguous(edition: Edition, tmp_path: Path) -> None:
    """手机 and 电子邮箱 typed into one merged cell: which line is whose is
    not guessed; both fields are read.ambiguous and left out."""
    data = application_data()
    for text in (None, "13805310000", "13805310000 office@example.cn"):
        form = E.edit(
            E.filled(edition, "application", data), _merge_under("手机", "电子邮箱", text)
        )
        path = tmp_path / "merged.docx"
        path.write_bytes(form)
        result = read_form(edition, path)
        assert [(f.code, f.pointer) for f in result.findings] == [
            ("read.ambiguous", "/data/contact/mobile"),
            ("read.ambiguous", "/data/contact/email"),
        ]
        contact = result.data["contact"]
        assert isinstance(contact, dict)
        assert "mobile" not in contact and "email" not in contact
        assert contact["name"] == data["contact"]["name"]


def test_merged_group_values_left_empty_are_no_finding(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    data["contact"] = {k: v for k, v in data["contact"].items() if k not in ("mobile", "email")}
    form = E.edit(E.filled(edition, "application", data), _merge_under("手机", "电子邮箱"))
    assert _read(edition, tmp_path, form) == (data, [])


@pytest.mark.parametrize("written", ["待定", "abc"])
def test_a_rendered_header_date_that_is_no_date_is_read_bad_date(
    edition: Edition, tmp_path: Path, written: str
) -> None:
    data = application_data(date=written)
    read, codes = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert (read["applicant_unit"], "date" in read, codes) == (
        "济南市科协",
        False,
        ["read.bad-date"],
    )


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("申报单位：济南市科协\t待定", "济南市科协"),
        ("申报单位：济南市科协\t\t日期：待定", "济南市科协"),
        ("申报单位：济南市科协　　待定", "济南市科协"),
        ("申报单位：济南市科协  abc", "济南市科协"),
        ("申报单位：济南市科协\t科普部\t待定", "济南市科协\t科普部"),
    ],
)
def test_text_where_the_header_date_goes_is_not_the_unit(
    edition: Edition, tmp_path: Path, line: str, unit: str
) -> None:
    """A date replaced by text in Word, with or without its label, a tab or
    spaces before it: read.bad-date, and the unit's name keeps its own
    text (a tab in it included)."""
    form = E.edit(E.filled(edition, "application", application_data()), _header_line(line))
    data, codes = _read(edition, tmp_path, form)
    assert (data["applicant_unit"], "date" in data, codes) == (unit, False, ["read.bad-date"])
