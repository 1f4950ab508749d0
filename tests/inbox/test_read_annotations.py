"""What Word keeps beside a value and does not print in it: a comment on
the value (its range and its reference mark) and a footnote's reference
mark are no text of the value."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data


def _comment(doc: DocxDocument) -> None:
    """A comment on the project's name, as Word adds it (Review > New
    Comment): its range around the runs, its reference after them."""
    runs = E._value_cell(doc, "项目名称").paragraphs[0].runs
    doc.add_comment(runs, text="名称是否与立项文件一致？", author="审核人", initials="审")


def _footnote(doc: DocxDocument) -> None:
    """A footnote's reference mark after the text of 项目基础."""
    p = E._value_cell(doc, "项目基础").paragraphs[-1]._p
    run = OxmlElement("w:r")
    pr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "FootnoteReference")
    pr.append(style)
    run.append(pr)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), "1")
    run.append(ref)
    p.append(run)


def test_a_comment_and_a_footnote_mark_are_no_text(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    form = E.edit(E.filled(edition, "application", data), _comment, _footnote)
    (tmp_path / "f.docx").write_bytes(form)
    result = read_form(edition, tmp_path / "f.docx")
    assert (result.codes(), result.data) == ([], data)
