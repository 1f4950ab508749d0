"""What a cell's text is as a value: an opinion's own last line against the
signature, seal and date lines the form prints under it, cells merged the
legacy way (``w:hMerge``), a contact's cell over two lines, and a value
that is only its field's label."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office._read import ReadResult, read_form
from tests.finding_params import text
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data


def _read(edition: Edition, tmp_path: Path, data: bytes) -> ReadResult:
    path = tmp_path / "f.docx"
    path.write_bytes(data)
    return read_form(edition, path)


def _found(result: ReadResult) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity, f.pointer) for f in result.findings]


def _opinion_lines(*replace: tuple[str, str]) -> Callable[[DocxDocument], None]:
    """In the 推荐单位意见 cell, each paragraph whose text (white space
    removed) starts with the first of a pair made the second (its runs
    after the first emptied)."""

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, "推荐单位意见")
        for start, new in replace:
            p = next(p for p in cell.paragraphs if "".join(p.text.split()).startswith(start))
            p.runs[0].text = new
            for r in p.runs[1:]:
                r.text = ""

    return step


# -- an opinion's last line and the lines printed under it ------------------------------


@pytest.mark.parametrize(
    "opinion",
    ["同意推荐。\n2022年8月15日", "同意推荐。\n2022-08-15", "同意推荐。\n二〇二二年八月十五日"],
)
def test_a_date_typed_as_the_opinion_s_last_line_is_the_opinion_s(
    edition: Edition, tmp_path: Path, opinion: str
) -> None:
    """The form prints the signature and seal line, then the date line; a
    date the writer typed above them is the opinion's (it was dropped as if
    it were the signing date)."""
    data = application_data(recommender_opinion=opinion)
    result = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert (result.codes(), result.data) == ([], data)


def test_the_signing_date_filled_in_is_no_part_of_the_opinion(
    edition: Edition, tmp_path: Path
) -> None:
    """The signer's name and date written on the printed lines are left out;
    the date typed in the opinion is kept."""
    data = application_data(recommender_opinion="同意推荐。\n2022年8月15日")
    step = _opinion_lines(
        ("主要负责人", "主要负责人（签章）：王刚　　（单位公章）"), ("年", "2022年8月16日")
    )
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def test_signature_and_seal_on_lines_of_their_own_are_left_out(
    edition: Edition, tmp_path: Path
) -> None:
    """A form retyped with the seal's note under the signature line, and the
    date line deleted: both printed lines go, the opinion stays whole."""
    data = application_data(recommender_opinion="同意推荐。\n2022年8月15日")

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, "推荐单位意见")
        date = next(p for p in cell.paragraphs if p.text.strip().startswith("年"))
        date.runs[0].text = "（单位公章）"
        _opinion_lines(("主要负责人", "主要负责人（签章）"))(doc)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


@pytest.mark.parametrize(
    "signed",
    ["2022年　　月　　日", "2022年8月", "8月15日", "2022年8月15", "Aug 15, 2022", "15 August"],
)
def test_a_signing_date_partly_filled_in_is_no_part_of_the_opinion(
    edition: Edition, tmp_path: Path, signed: str
) -> None:
    """The year typed on the date line and the rest left to the pen, or the
    date typed without its year, or in English: it is still the date line
    (the signature and seal line above it were read as the opinion's last
    lines)."""
    data = application_data(recommender_opinion="同意推荐。")
    step = E.sign_date("推荐单位意见", signed)
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


@pytest.mark.parametrize(
    ("line", "opinion"),
    [
        ("同意推荐。主要负责人（签章）　　（单位公章）", "同意推荐。"),
        ("同意推荐　　主要负责人（签章）　　（单位公章）", "同意推荐"),
        ("同意推荐！（单位公章）", "同意推荐！"),
        # (A word glued to the label is the label retyped, not an opinion.)
        ("单位主要负责人（签章）　　（单位公章）", None),
        ("　　主要负责人（签章）：王刚　　（单位公章）", None),
    ],
)
def test_an_opinion_typed_at_the_start_of_the_signature_line_is_kept(
    edition: Edition, tmp_path: Path, line: str, opinion: str | None
) -> None:
    """The blank form's opinion cell, its first line left empty and the
    opinion typed where the cursor landed, before 主要负责人（签章）: it is the
    opinion (the whole line went as the signature's, and the opinion with
    it, with no finding)."""
    data = application_data(recommender_opinion=None)
    result = _read(
        edition,
        tmp_path,
        E.edit(E.filled(edition, "application", data), _opinion_lines(("主要负责人", line))),
    )
    assert result.codes() == []
    assert result.data.get("recommender_opinion") == opinion


# -- cells merged across columns the legacy way (w:hMerge) --------------------------------


def _hmerge_under(first: str, last: str, text: str) -> Callable[[DocxDocument], None]:
    """The value cells under the sub-labels ``first`` … ``last`` merged with
    ``w:hMerge`` (restart, then continue), each keeping its own grid column:
    ``text`` in the first, the others empty."""

    def step(doc: DocxDocument) -> None:
        table = doc.tables[0]
        for r, row in enumerate(table.rows):
            labels = ["".join(c.text.split()) for c in row.cells]
            if first not in labels:
                continue
            tcs = list(table.rows[r + 1]._tr.iterchildren(qn("w:tc")))
            for n, tc in enumerate(tcs[labels.index(first) : labels.index(last) + 1]):
                merge = OxmlElement("w:hMerge")
                if n == 0:
                    merge.set(qn("w:val"), "restart")
                tc.get_or_add_tcPr().append(merge)
                for t in tc.iter(qn("w:t")):
                    t.text = ""
                if n == 0 and text:
                    next(tc.iter(qn("w:t"))).text = text
            return
        raise KeyError(first)

    return step


def test_a_legacy_merge_under_two_sub_labels_is_ambiguous(edition: Edition, tmp_path: Path) -> None:
    """手机 and 电子邮箱 typed into one cell merged with ``w:hMerge``: the
    same as one cell spanning both columns (``w:gridSpan``), which line is
    whose is not guessed (it was read as 手机 only)."""
    data = application_data()
    step = _hmerge_under("手机", "电子邮箱", "13805310000")
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.ambiguous", "/data/contact/mobile"),
        ("read.ambiguous", "/data/contact/email"),
    ]
    contact: Any = result.data["contact"]
    assert "mobile" not in contact and "email" not in contact
    assert contact["name"] == data["contact"]["name"]


def test_a_legacy_merge_left_empty_is_no_finding(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    data["contact"] = {k: v for k, v in data["contact"].items() if k not in ("mobile", "email")}
    step = _hmerge_under("手机", "电子邮箱", "")
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


# -- a contact's cell over two lines ---------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "typed", "read"),
    [
        ("name", "张明\n王静", "张明 王静"),
        ("mobile", "13805310000\n13905310000", "13805310000 13905310000"),
        ("title", "办公室\n主任", "办公室 主任"),
    ],
)
def test_a_contact_cell_over_two_lines_is_one_line(
    edition: Edition, tmp_path: Path, key: str, typed: str, read: str
) -> None:
    """A sub-field of the contact is one line: two lines of its cell (two
    values, mostly) are read as one, kept apart by a space, with
    read.value-joined so that the clerk checks it (the line break was kept,
    which no name or number holds)."""
    data = application_data()
    data["contact"] = {**data["contact"], key: typed}
    result = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert _found(result) == [("read.value-joined", "warning", f"/data/contact/{key}")]
    assert text(result.findings[0], "value") == read
    assert result.data["contact"] == {**data["contact"], key: read}


_SECOND = {
    "name": "王静",
    "title": "副主任",
    "office_phone": "0531-82073272",
    "mobile": "13905310000",
    "email": "wang@example.cn",
}


@pytest.mark.parametrize("merged", [True, False])
def test_a_second_contact_in_a_row_added_under_the_first(
    edition: Edition, tmp_path: Path, merged: bool
) -> None:
    """A row added under the contact's values (Insert > Row Below) for a
    second contact, the 联系人 cell merged down over it or left blank: each
    sub-field reads both values, as two lines of its cell do, with
    read.value-joined (the second contact was left out without a word)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        cell = next(c for c in E._cells(doc) if c.text == data["contact"]["name"])
        tr = cell._tc.getparent()
        new = copy.deepcopy(tr)
        tr.addnext(new)
        first, *values = new.iterchildren(qn("w:tc"))
        if not merged:
            first.tcPr.remove(first.tcPr.find(qn("w:vMerge")))
        for tc, typed in zip(values, _SECOND.values(), strict=True):
            next(tc.iter(qn("w:t"))).text = typed

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert _found(result) == [
        ("read.value-joined", "warning", f"/data/contact/{key}") for key in _SECOND
    ]
    assert result.data["contact"] == {k: f"{v} {_SECOND[k]}" for k, v in data["contact"].items()}


# -- a value that is only its label --------------------------------------------------------


def test_a_value_that_is_its_own_label_is_told(edition: Edition, tmp_path: Path) -> None:
    """``项目名称`` typed as the project's name (it was lost without a word,
    validation then saying only that the field is missing): a warning says
    the field held its own label, and no value is read."""
    data = application_data(project_name="项目名称")
    result = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert _found(result) == [("read.value-is-label", "warning", "/data/project_name")]
    assert "project_name" not in result.data


@pytest.mark.parametrize("typed", ["姓名", "＊姓　名"])
def test_a_contact_value_that_is_its_own_sub_label_is_told(
    edition: Edition, tmp_path: Path, typed: str
) -> None:
    data = application_data()
    data["contact"] = {**data["contact"], "name": typed}
    result = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert _found(result) == [("read.value-is-label", "warning", "/data/contact/name")]
    contact: Any = result.data["contact"]
    assert "name" not in contact and contact["title"] == data["contact"]["title"]


def test_a_label_typed_twice_before_its_value_is_still_ambiguous(
    edition: Edition, tmp_path: Path
) -> None:
    """The label in two cells and the name in a third: not a value that is
    its label (the label retyped twice; its cells do not say which is the
    value)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, "项目名称")
        p = cell.paragraphs[0]
        p.runs[0].text = "项目名称"
        for r in p.runs[1:]:
            r.text = ""
        tr = cell._tc.getparent()
        new = OxmlElement("w:tc")
        new_p = OxmlElement("w:p")
        new_r = OxmlElement("w:r")
        new_t = OxmlElement("w:t")
        new_t.text = data["project_name"]
        new_r.append(new_t)
        new_p.append(new_r)
        new.append(new_p)
        tr.append(new)

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert _found(result) == [("read.ambiguous", "error", "/data/project_name")]


def test_the_clerk_is_told_why_a_required_field_is_missing(
    edition: Edition, tmp_path: Path
) -> None:
    """In the inbox's report the field's own label is said next to the
    required field's error, at the same pointer."""
    from reform_brand.office import check_inbox
    from tests.inbox.conftest import NOW

    folder = tmp_path / "inbox" / "2022-08-15 济南市科协"
    folder.mkdir(parents=True)
    data = application_data(project_name="项目名称")
    (folder / "申报表.docx").write_bytes(E.filled(edition, "application", data))
    report = check_inbox(edition, tmp_path / "inbox", now=NOW)
    [sub] = report.submissions
    found = [
        (f.code, f.severity)
        for f in report.report_of(sub.id).findings
        if f.pointer == "/data/project_name"
    ]
    assert ("read.value-is-label", "warning") in found
    assert ("form.required", "error") in found


def test_a_text_area_that_is_its_own_label_is_told(edition: Edition, tmp_path: Path) -> None:
    data = application_data(project_basis="项目基础")
    result = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert _found(result) == [("read.value-is-label", "warning", "/data/project_basis")]
    assert "project_basis" not in result.data


def test_a_value_that_starts_with_its_label_is_a_value(edition: Edition, tmp_path: Path) -> None:
    data = application_data(project_name="项目名称库建设")
    result = _read(edition, tmp_path, E.filled(edition, "application", data))
    assert (result.codes(), result.data) == ([], data)
