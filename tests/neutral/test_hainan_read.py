"""Reading back a filled form of the third-party edition hainan-2024, whose
table holds date fields (起始时间, 结束时间): the reference edition has a
date in its header line only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from docx.document import Document as DocxDocument

from reform_brand import Edition
from reform_brand.model import FormField, Text
from reform_brand.office import check_inbox, read_form
from reform_brand.office._grid import squash
from tests.finding_params import localized
from tests.inbox import docx_edit as E
from tests.inbox.test_read_title import SUFFIXES
from tests.neutral.conftest import NOW, mail, proposal


def _read(
    hainan: Edition, tmp_path: Path, content: bytes
) -> tuple[dict[str, object], list[tuple[str, str]]]:
    path = tmp_path / "申报书.docx"
    path.write_bytes(content)
    result = read_form(hainan, path)
    return result.data, [(f.code, f.pointer) for f in result.findings]


def test_a_rendered_date_of_the_table_reads_back_as_the_same_date(
    hainan: Edition, tmp_path: Path
) -> None:
    data, findings = _read(hainan, tmp_path, E.filled(hainan, "proposal", proposal()))
    assert (data["starts"], data["ends"], data["filled_on"]) == (
        "2024-07-01",
        "2025-06-30",
        "2024-06-01",
    )
    assert findings == []


@pytest.mark.parametrize("day", ["0001-01-01", "0999-12-31", "1000-01-01", "9999-12-31"])
def test_a_date_at_the_calendars_ends_reads_back_as_the_same_date(
    hainan: Edition, tmp_path: Path, day: str
) -> None:
    # A year before 1000 is printed with its four digits (0999 年), as the
    # reader takes a year written in full only.
    content = E.filled(hainan, "proposal", proposal(starts=day, ends=day, filled_on=day))
    data, findings = _read(hainan, tmp_path, content)
    assert (data["starts"], data["ends"], data["filled_on"]) == (day, day, day)
    assert findings == []


def test_dates_of_the_table_as_units_write_them(hainan: Edition, tmp_path: Path) -> None:
    filled = E.edit(
        E.filled(hainan, "proposal", proposal(starts=None, ends=None)),
        E.sign_date("起始时间", "二〇二四年七月一日"),
    )
    data, findings = _read(hainan, tmp_path, filled)
    # A blank 年 月 日 is no value, not a text that is no date.
    assert data["starts"] == "2024-07-01" and "ends" not in data
    assert findings == []


def test_a_date_of_the_table_that_is_none_is_read_bad_date(hainan: Edition, tmp_path: Path) -> None:
    filled = E.edit(
        E.filled(hainan, "proposal", proposal(ends=None)), E.sign_date("结束时间", "2025 年 6 月")
    )
    data, findings = _read(hainan, tmp_path, filled)
    assert "ends" not in data
    assert findings == [("read.bad-date", "/data/ends")]


def test_an_inbox_form_with_dates_in_its_table_has_no_date_error(
    hainan: Edition, tmp_path: Path
) -> None:
    form = E.filled(hainan, "proposal", proposal())
    mail(
        tmp_path / "m",
        "海口市科协",
        "municipal",
        "2024-06-03T10:00:00+08:00",
        {"申报书.docx": form},
    )
    report = check_inbox(hainan, tmp_path, now=NOW)
    [sub] = report.batch.submissions
    codes = {f.code for f in sub.findings}
    assert not codes & {"form.date", "form.required", "read.bad-date"}


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_title_with_a_suffix_is_the_proposal(
    hainan: Edition, tmp_path: Path, suffix: str
) -> None:
    title = squash(hainan.form("proposal").title.zh)

    def step(doc: DocxDocument) -> None:
        p = next(p for p in doc.paragraphs if squash(p.text) == title)
        p.runs[-1].text += suffix

    data, findings = _read(hainan, tmp_path, E.edit(E.filled(hainan, "proposal", proposal()), step))
    assert (data["title"], findings) == (proposal()["title"], [])


def test_no_title_is_taken_for_another_editions_form(
    hainan: Edition, edition: Edition, tmp_path: Path
) -> None:
    """Each edition's titles, with and without a suffix, are no form of the
    other edition, and each names its own form alone."""
    for mine, other in ((hainan, edition), (edition, hainan)):
        for form in mine.forms:
            for suffix in ("", *SUFFIXES):
                path = tmp_path / "f.docx"
                path.write_bytes(E.text_docx(["附件1", form.title.zh + suffix]))
                assert read_form(other, path).codes() == ["read.unknown-form"]
                assert read_form(mine, path).form == form.id


def _typed(label: str, text: str) -> Callable[[DocxDocument], None]:
    """``text`` typed over the whole value cell of ``label``."""

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, label)
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        runs = cell.paragraphs[0].runs
        for r in runs:
            r.text = ""
        runs[0].text = text

    return step


def test_invisible_characters_in_a_number_or_a_date(hainan: Edition, tmp_path: Path) -> None:
    """A zero-width space pasted into 12.5 or into a date: the clerk sees the
    number and the date (they were read.bad-number and read.bad-date)."""
    filled = E.edit(
        E.filled(hainan, "proposal", proposal()),
        _typed("经费预算（万元）", "1\u200b2.5\u00ad"),
        _typed("起始时间", "\ufeff2024\u200b 年 7 月 1 日"),
    )
    data, findings = _read(hainan, tmp_path, filled)
    assert (data["budget"], data["starts"], findings) == (12.5, "2024-07-01", [])


@pytest.mark.parametrize("blank", ["\u200b", "\u3000\u00ad", "\ufeff\n\u200b"])
def test_a_cell_that_looks_empty_is_empty(hainan: Edition, tmp_path: Path, blank: str) -> None:
    """A cell of white space and invisible characters alone is no value in
    any field, as names.is_blank says for the rules: not a number or date
    that is none (read.bad-number, read.bad-date), not a text of a
    zero-width space; the rules then say the field is required."""
    filled = E.edit(
        E.filled(hainan, "proposal", proposal()),
        *(
            _typed(label, blank)
            for label in ("经费预算（万元）", "起始时间", "项目负责人", "项目简介")
        ),
    )
    data, findings = _read(hainan, tmp_path, filled)
    assert findings == []
    assert not {"budget", "starts", "leader", "summary"} & set(data)


def test_a_label_of_its_own_note_with_another_note(hainan: Edition, tmp_path: Path) -> None:
    """经费预算（万元） is the label with its note; a note added after it
    still names it."""

    def step(doc: DocxDocument) -> None:
        label = next(c for c in E._cells(doc) if "".join(c.text.split()) == "经费预算（万元）")
        label.paragraphs[-1].runs[-1].text += "（必填）"

    data, findings = _read(hainan, tmp_path, E.edit(E.filled(hainan, "proposal", proposal()), step))
    assert (data["budget"], findings) == (12.5, [])


@pytest.mark.parametrize(("label", "typed"), [("经费预算", "12.5"), ("经费预算：", "12.5万")])
def test_a_label_without_its_note_keeps_the_unit_of_the_note(
    hainan: Edition, tmp_path: Path, label: str, typed: str
) -> None:
    """A clerk retypes 经费预算（万元） as 经费预算: it is still the field,
    and its value is still in 万元 (12.5万 is 12.5)."""

    def step(doc: DocxDocument) -> None:
        cell = next(c for c in E._cells(doc) if "".join(c.text.split()) == "经费预算（万元）")
        runs = cell.paragraphs[0].runs
        for r in runs[1:]:
            r.text = ""
        runs[0].text = label

    filled = E.edit(
        E.filled(hainan, "proposal", proposal()), _typed("经费预算（万元）", typed), step
    )
    data, findings = _read(hainan, tmp_path, filled)
    assert (data["budget"], findings) == (12.5, [])


def test_two_numbers_in_the_cell_are_not_one(hainan: Edition, tmp_path: Path) -> None:
    """12 and 15 typed on two lines of the budget's cell (or between a tab)
    are not read as 1215 万元 (they were, with no finding of the reading)."""

    def second_line(doc: DocxDocument) -> None:
        E._value_cell(doc, "经费预算（万元）").add_paragraph("15")

    for steps in [
        (_typed("经费预算（万元）", "12"), second_line),
        (_typed("经费预算（万元）", "12\t15"),),
    ]:
        filled = E.edit(E.filled(hainan, "proposal", proposal()), *steps)
        data, findings = _read(hainan, tmp_path, filled)
        assert "budget" not in data and findings == [("read.bad-number", "/data/budget")]


def test_another_unit_than_the_note_s_is_not_converted(hainan: Edition, tmp_path: Path) -> None:
    filled = E.edit(
        E.filled(hainan, "proposal", proposal()), _typed("经费预算（万元）", "125000元")
    )
    data, findings = _read(hainan, tmp_path, filled)
    assert "budget" not in data and findings == [("read.bad-number", "/data/budget")]


@pytest.mark.parametrize(
    ("label", "typed", "code"),
    [
        ("经费预算（元）", "125000", "read.missing-label"),
        ("经费预算（元）：125000", "", "read.missing-label"),
        ("经费预算", "经费预算（元）：125000", "read.bad-number"),
    ],
)
def test_a_label_with_another_note_is_not_the_label_without_one(
    hainan: Edition, tmp_path: Path, label: str, typed: str, code: str
) -> None:
    """经费预算（元） is not 经费预算（万元） retyped without its note: its note
    says another unit, and 125000 is never read as 125000 万元."""

    def step(doc: DocxDocument) -> None:
        cell = next(c for c in E._cells(doc) if "".join(c.text.split()) == "经费预算（万元）")
        runs = cell.paragraphs[0].runs
        for r in runs[1:]:
            r.text = ""
        runs[0].text = label

    filled = E.edit(
        E.filled(hainan, "proposal", proposal()), _typed("经费预算（万元）", typed or " "), step
    )
    data, findings = _read(hainan, tmp_path, filled)
    assert "budget" not in data and findings == [(code, "/data/budget")]


#: 参与人数: a whole number of people (the budget 经费预算 is any number).
STAFF = FormField(
    id="staff",
    label=Text(zh="参与人数", en="Staff"),
    type="integer",
    filled_by="applicant",
    clause="附件1",
)


@pytest.mark.parametrize(
    ("label", "typed", "what", "examples"),
    [
        ("参与人数", "五人", "整数", "120 或 12,000"),
        ("经费预算（万元）", "十二万元", "数字", "120、12.5 或 12,000"),
    ],
)
def test_a_number_not_read_is_told_as_the_field_s_kind_of_number(
    hainan: Edition, tmp_path: Path, label: str, typed: str, what: str, examples: str
) -> None:
    # A whole number is never asked for as 12.5.
    form = hainan.form("proposal")
    edition = attrs.evolve(hainan, forms=(attrs.evolve(form, fields=(*form.fields, STAFF)),))
    filled = E.edit(E.filled(edition, "proposal", proposal(staff=8)), _typed(label, typed))
    (tmp_path / "申报书.docx").write_bytes(filled)
    [bad] = read_form(edition, tmp_path / "申报书.docx").findings
    assert bad.code == "read.bad-number"
    assert (localized(bad, "what").zh, localized(bad, "examples").zh) == (what, examples)


def _header(text: str) -> Callable[[DocxDocument], None]:
    """The header line typed as ``text``, in Word, over the rendered one."""

    def step(doc: DocxDocument) -> None:
        [p] = [p for p in doc.paragraphs if p.text.startswith("申报单位")]
        for r in list(p.runs):
            p._p.remove(r._r)
        p.add_run(text)

    return step


@pytest.mark.parametrize("written", ["待定", "abc", "to be decided"])
def test_a_header_date_that_is_no_date_is_read_bad_date(
    hainan: Edition, tmp_path: Path, written: str
) -> None:
    """Rendered where the date goes (after a tab, no label): not glued to
    the unit's name, not lost."""
    data, findings = _read(
        hainan, tmp_path, E.filled(hainan, "proposal", proposal(filled_on=written))
    )
    assert (data["unit"], "filled_on" in data) == ("海口市科协", False)
    assert findings == [("read.bad-date", "/data/filled_on")]


@pytest.mark.parametrize(
    "line",
    [
        "申报单位：海口市科协\t待定",  # the date's label deleted, as rendered
        "申报单位：海口市科协\t\t填报日期：待定",  # after the date's label
        "申报单位：海口市科协\t填报日期 待定",  # its label without a colon
        "申报单位：海口市科协　　待定",  # spaces typed for the tab
        "申报单位：海口市科协    待定",
        "申报单位：海口市科协　　填报日期：待定",
    ],
)
def test_a_header_date_replaced_by_text_in_word_is_read_bad_date(
    hainan: Edition, tmp_path: Path, line: str
) -> None:
    filled = E.edit(E.filled(hainan, "proposal", proposal()), _header(line))
    data, findings = _read(hainan, tmp_path, filled)
    assert (data["unit"], "filled_on" in data) == ("海口市科协", False)
    assert findings == [("read.bad-date", "/data/filled_on")]


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("申报单位：海口市科协\t（盖章）", "海口市科协"),  # the seal's note, no date
        ("申报单位：海口市科协\t＿＿＿＿", "海口市科协"),  # the line to write it on
        ("申报单位：海口市 科协", "海口市 科协"),  # one space is no gap
        ("申报单位：海口市科协\t科普部\t", "海口市科协\t科普部"),  # nothing where the date goes
    ],
)
def test_no_text_where_the_header_date_goes_is_no_bad_date(
    hainan: Edition, tmp_path: Path, line: str, unit: str
) -> None:
    filled = E.edit(E.filled(hainan, "proposal", proposal()), _header(line))
    data, findings = _read(hainan, tmp_path, filled)
    assert (data["unit"], "filled_on" in data, findings) == (unit, False, [])


def test_an_inbox_form_with_no_date_in_the_header_says_so(hainan: Edition, tmp_path: Path) -> None:
    """The unit is the sender's (no unit.form-mismatch), and the date not
    read is said to be so, then missing (required)."""
    form = E.filled(hainan, "proposal", proposal(filled_on="待定"))
    mail(
        tmp_path / "m",
        "海口市科协",
        "municipal",
        "2024-06-03T10:00:00+08:00",
        {"申报书.docx": form},
    )
    report = check_inbox(hainan, tmp_path, now=NOW)
    [sub] = report.batch.submissions
    codes = [(f.code, f.pointer) for f in sub.findings]
    assert ("read.bad-date", "/data/filled_on") in codes
    assert not {c for c, _ in codes} & {"unit.form-mismatch", "form.date"}
