"""Hidden text in a filled form: what Word or LibreOffice does not show is
not part of what the unit wrote (it used to be read into the values, the
header line and the title)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office import read_form
from reform_brand.safeopen import docx_text
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data
from tests.inbox.odt_make import docx_to_odt


def _run(text: str, *props: tuple[str, str | None]) -> Any:
    """A ``w:r`` of ``text`` whose run properties are ``props`` (tag, val)."""
    r = OxmlElement("w:r")
    if props:
        rpr = OxmlElement("w:rPr")
        for tag, val in props:
            el = OxmlElement(tag)
            if val is not None:
                el.set(qn("w:val"), val)
            rpr.append(el)
        r.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _first_paragraph(doc: DocxDocument, label: str) -> Any:
    return E._value_cell(doc, label).paragraphs[0]


def _read(edition: Edition, tmp_path: Path, data: bytes, name: str = "f.docx") -> Any:
    (tmp_path / name).write_bytes(data)
    return read_form(edition, tmp_path / name)


@pytest.mark.parametrize(
    ("props", "shown"),
    [
        ((("w:vanish", None),), False),
        ((("w:vanish", "true"),), False),
        ((("w:vanish", "1"),), False),
        ((("w:vanish", "0"),), True),
        ((("w:vanish", "false"),), True),
        ((("w:vanish", "off"),), True),
        ((("w:specVanish", None),), False),
        ((("w:vanish", "0"), ("w:specVanish", None)), False),
        ((("w:webHidden", None),), True),
    ],
    ids=["vanish", "true", "1", "0", "false", "off", "specVanish", "spec-over-0", "webHidden"],
)
def test_a_hidden_run_in_a_value_cell_is_not_read(
    edition: Edition, tmp_path: Path, props: tuple[tuple[str, str | None], ...], shown: bool
) -> None:
    """A run formatted hidden (Ctrl+Shift+H) is not on the page; one whose
    ``w:vanish`` is off is."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        _first_paragraph(doc, "项目名称")._p.append(_run("（旧名称）", *props))
        _first_paragraph(doc, "项目基础")._p.append(_run("批注", *props))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.codes() == []
    name, basis = data["project_name"], data["project_basis"].split("\n")
    if shown:
        name, basis[0] = name + "（旧名称）", basis[0] + "批注"
    assert result.data["project_name"] == name
    assert result.data["project_basis"] == "\n".join(basis)


def test_a_hidden_paragraph_goes_whole(edition: Edition, tmp_path: Path) -> None:
    """A paragraph whose text and mark are hidden is not an empty line: the
    lines around it meet, as on the page."""
    data = application_data(project_basis="第一段。\n第二段。")

    def step(doc: DocxDocument) -> None:
        first = _first_paragraph(doc, "项目基础")
        for r in first.runs:
            r.font.hidden = True
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:vanish"))
        first._p.get_or_add_pPr().append(rpr)
        new = E._value_cell(doc, "项目实施").add_paragraph("隐藏的一段")
        new.runs[0].font.hidden = True
        new._p.get_or_add_pPr().append(OxmlElement("w:rPr"))
        new._p.pPr.find(qn("w:rPr")).append(OxmlElement("w:vanish"))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.codes() == []
    assert result.data["project_basis"] == "第二段。"
    assert result.data["project_implementation"] == data["project_implementation"]


def _styled(kind: str) -> Callable[[DocxDocument], None]:
    """Text hidden by a style: a character style, a character style based on
    one that hides, a paragraph style; a run of a hiding style formatted
    shown is shown."""

    def step(doc: DocxDocument) -> None:
        if kind == "paragraph":
            style = doc.styles.add_style("隐藏段落", WD_STYLE_TYPE.PARAGRAPH)
            style.font.hidden = True
            E._value_cell(doc, "项目名称").add_paragraph("（旧名称）", style=style)
            return
        style = doc.styles.add_style("隐藏文字", WD_STYLE_TYPE.CHARACTER)
        style.font.hidden = True
        if kind == "based-on":
            child = doc.styles.add_style("派生样式", WD_STYLE_TYPE.CHARACTER)
            child.base_style = style
            style = child
        p = _first_paragraph(doc, "项目名称")
        p.add_run("（旧名称）").style = style
        shown = p.add_run("（新）")
        shown.style = style
        shown.font.hidden = False

    return step


@pytest.mark.parametrize("kind", ["character", "based-on", "paragraph"])
def test_text_hidden_by_a_style_is_not_read(edition: Edition, tmp_path: Path, kind: str) -> None:
    data = application_data()
    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), _styled(kind)))
    assert result.codes() == []
    extra = "" if kind == "paragraph" else "（新）"
    assert result.data["project_name"] == data["project_name"] + extra


def test_text_hidden_by_a_table_style_is_not_read(edition: Edition, tmp_path: Path) -> None:
    """A table pasted into a value cell whose table style hides its text
    (the style's run properties): Word shows none of it, nor is it read;
    a paragraph of it formatted shown is read."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        style = doc.styles.add_style("隐藏表格", WD_STYLE_TYPE.TABLE)
        style.font.hidden = True
        cell = E._value_cell(doc, "项目基础")
        nested = cell.add_table(1, 2)
        nested.style = style
        nested.cell(0, 0).paragraphs[0].add_run("旧表")
        nested.cell(0, 1).paragraphs[0].add_run("显示").font.hidden = False

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.codes() == []
    assert result.data["project_basis"] == data["project_basis"] + "\n\t显示"


def test_a_style_that_hides_nothing_in_use_changes_nothing(
    edition: Edition, tmp_path: Path
) -> None:
    """A styles part with a hiding style no text uses (Word's 窗体顶端 has
    one) reads as before."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        doc.styles.add_style("z-窗体顶端", WD_STYLE_TYPE.PARAGRAPH).font.hidden = True

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.codes(), result.data) == ([], data)


def _header(doc: DocxDocument) -> Any:
    return next(p for p in doc.paragraphs if p.text.startswith("申报单位"))


def test_hidden_text_in_the_header_line_is_not_read(edition: Edition, tmp_path: Path) -> None:
    """An old unit's name and a second date left hidden on the header line
    are neither the unit nor a second date."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        header = _header(doc)
        header.runs[1]._r.addprevious(_run("历下区科协", ("w:vanish", None)))
        header._p.append(_run("2021 年 9 月 1 日", ("w:vanish", None)))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.codes() == []
    assert (result.unit, result.data["date"]) == ("济南市科协", "2022-08-15")


def test_hidden_text_in_the_title_is_not_read(edition: Edition, tmp_path: Path) -> None:
    """A title with hidden words in it is still the title, and a hidden
    paragraph holding the other form's title names no second form."""
    data = application_data()
    other = edition.form("recommendation").title.zh

    def step(doc: DocxDocument) -> None:
        title = next(p for p in doc.paragraphs if "申报表" in p.text)
        last = title.runs[-1]
        last._r.addprevious(_run("（内部）", ("w:vanish", None)))
        title._p.addnext(OxmlElement("w:p"))
        title._p.getnext().append(_run(other, ("w:vanish", None)))

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert result.codes() == []
    assert (result.form, result.data) == ("application", data)


# -- LibreOffice ------------------------------------------------------------------

_STYLE_NS = 'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
_TEXT_NS = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '


def _rezip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info)))
    return out.getvalue()


def _odt_change(name: str, part: bytes) -> bytes:
    text = part.decode()
    if name == "styles.xml":
        styles = (
            '<style:style style:name="隐藏" style:family="text">'
            '<style:text-properties text:display="none"/></style:style>'
            '<style:style style:name="派生" style:family="text" '
            'style:parent-style-name="隐藏"/>'
            '<style:style style:name="藏段" style:family="paragraph">'
            '<style:text-properties text:display="none"/></style:style>'
        )
        root = f"<office:document-styles {_STYLE_NS}{_TEXT_NS}"
        text = text.replace("<office:document-styles ", root)
        text = text.replace("<office:styles>", "<office:styles>" + styles)
        return text.encode()
    if name != "content.xml":
        return part
    auto = (
        '<office:automatic-styles><style:style style:name="T1" style:family="text">'
        '<style:text-properties text:display="none"/></style:style>'
    )
    text = text.replace("<office:document-content ", f"<office:document-content {_STYLE_NS}")
    text = text.replace("<office:automatic-styles>", auto)
    replaced = {
        "名称标记": '名称<text:span text:style-name="派生">（旧）</text:span>',
        "基础标记": '基础<text:span text:style-name="T1">批注</text:span>',
        "成效标记": (
            '成效<text:hidden-text text:condition="ooow:1" text:string-value="秘密" '
            'text:is-hidden="true">秘密</text:hidden-text>'
            '<text:hidden-text text:condition="ooow:0" text:string-value="，可见" '
            'text:is-hidden="false">，可见</text:hidden-text>'
        ),
        "<text:p>实施标记</text:p>": (
            "<text:p>实施</text:p>"
            '<text:p><text:hidden-paragraph text:condition="ooow:1" text:is-hidden="true"/>'
            "隐藏段落</text:p>"
            '<text:p text:style-name="藏段">样式藏段</text:p>'
            '<text:section text:name="s" text:display="none"><text:p>隐藏区段</text:p>'
            "</text:section><text:p>末段</text:p>"
        ),
    }
    for old, new in replaced.items():
        assert old in text
        text = text.replace(old, new)
    return text.encode()


def test_hidden_text_in_an_odt_is_not_read(edition: Edition, tmp_path: Path) -> None:
    """LibreOffice hides text by a hidden paragraph or hidden text field, a
    hidden section, or a style (automatic or common, through its parent)
    with ``text:display="none"``."""
    data = application_data(
        project_name="名称标记",
        project_basis="基础标记",
        expected_outcomes="成效标记",
        project_implementation="实施标记",
    )
    odt = _rezip(docx_to_odt(E.filled(edition, "application", data)), _odt_change)
    result = _read(edition, tmp_path, odt, "f.odt")
    assert result.codes() == []
    assert result.data["project_name"] == "名称"
    assert result.data["project_basis"] == "基础"
    assert result.data["expected_outcomes"] == "成效，可见"
    assert result.data["project_implementation"] == "实施\n末段"


@pytest.mark.parametrize("kind", ["character", "based-on", "paragraph"])
def test_text_a_style_hides_is_not_in_a_documents_text(
    edition: Edition, tmp_path: Path, kind: str
) -> None:
    """The text of an attached .docx (``docx_text``, what rules look for
    words in) leaves out the text a style hides, as the form reader does
    (it left out only text hidden directly)."""
    data = application_data()
    edited = E.edit(E.filled(edition, "application", data), _styled(kind))
    (tmp_path / "f.docx").write_bytes(edited)
    text = docx_text(tmp_path / "f.docx")
    assert data["project_name"] in text
    assert "（旧名称）" not in text
    assert ("（新）" in text) is (kind != "paragraph")


def test_text_hidden_by_the_document_default_is_not_in_its_text(tmp_path: Path) -> None:
    """Text the document's default run properties hide, and a run of it
    formatted shown."""
    doc = Document()
    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    rpr.append(OxmlElement("w:vanish"))
    doc.add_paragraph("默认隐藏")
    doc.add_paragraph().add_run("显示").font.hidden = False
    doc.save(str(tmp_path / "d.docx"))
    assert docx_text(tmp_path / "d.docx") == "显示"
