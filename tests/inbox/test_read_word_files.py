"""Reading back forms as Word and LibreOffice save them: what a content
control left empty shows, and the packages other than a plain .docx."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data
from tests.inbox.odt_make import docx_to_odt

PLACEHOLDER = "单击或点击此处输入文字。"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"


def _rezip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info)))
    return out.getvalue()


def _placeholder_control(label: str, *, block: bool) -> Callable[[DocxDocument], None]:
    """The value cell of ``label`` holding an empty content control, as Word
    shows it: its placeholder text, with ``w:showingPlcHdr``."""

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, label)
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        p = cell.paragraphs[0]._p
        for r in p.findall(qn("w:r")):
            p.remove(r)
        sdt = OxmlElement("w:sdt")
        pr = OxmlElement("w:sdtPr")
        pr.append(OxmlElement("w:showingPlcHdr"))
        sdt.append(pr)
        content = OxmlElement("w:sdtContent")
        sdt.append(content)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = PLACEHOLDER
        run.append(t)
        if block:  # a control around the paragraph
            p.addprevious(sdt)
            content.append(p)
            p.append(run)
        else:  # a control inside the paragraph
            content.append(run)
            p.append(sdt)

    return step


def test_an_empty_content_control_is_not_a_value(edition: Edition, tmp_path: Path) -> None:
    """The placeholder text of a content control nothing was typed into is
    not what the unit wrote: the field is empty, as the form looks."""
    data = application_data()
    edited = E.edit(
        E.filled(edition, "application", data),
        _placeholder_control("项目名称", block=False),
        _placeholder_control("项目实施", block=True),
    )
    (tmp_path / "f.docx").write_bytes(edited)
    result = read_form(edition, tmp_path / "f.docx")
    assert result.codes() == []
    assert "project_name" not in result.data
    assert "project_implementation" not in result.data
    assert result.data["project_basis"] == data["project_basis"]


def test_an_empty_content_control_in_an_odt_is_not_a_value(
    edition: Edition, tmp_path: Path
) -> None:
    """LibreOffice saves a Word form's empty content control as one
    ``showing-place-holder``; a placeholder field is no value either."""
    data = application_data(project_name="名称标记", project_implementation="实施标记")
    control = (
        f'<loext:content-control xmlns:loext="{LOEXT}" '
        f'loext:showing-place-holder="true">{PLACEHOLDER}</loext:content-control>'
    )
    field = '<text:placeholder text:placeholder-type="text">&lt;输入&gt;</text:placeholder>'

    def change(name: str, part: bytes) -> bytes:
        if name != "content.xml":
            return part
        text = part.decode().replace("名称标记", control).replace("实施标记", field)
        return text.encode()

    (tmp_path / "f.odt").write_bytes(
        _rezip(docx_to_odt(E.filled(edition, "application", data)), change)
    )
    result = read_form(edition, tmp_path / "f.odt")
    assert result.codes() == []
    assert "project_name" not in result.data
    assert "project_implementation" not in result.data
    assert result.data["project_basis"] == data["project_basis"]
