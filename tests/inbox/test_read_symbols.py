"""Characters a clerk inserts from a symbol font (Insert > Symbol: a
``w:sym`` with ``w:font`` and ``w:char``, no ``w:t``) are read as the
Unicode characters they show."""

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
from reform_brand.office._read import ReadResult, read_form
from reform_brand.safeopen import docx_text
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data
from tests.inbox.odt_make import docx_to_odt


def _with_symbol(font: str, char: str) -> Callable[[DocxDocument], None]:
    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, "项目名称")
        p = cell.paragraphs[0]
        run = p.add_run()
        sym = OxmlElement("w:sym")
        sym.set(qn("w:font"), font)
        sym.set(qn("w:char"), char)
        run._r.append(sym)
        p.add_run("已完成")

    return step


@pytest.mark.parametrize(
    ("font", "char", "shown"),
    [
        ("Wingdings", "F0FE", "☑"),
        ("Wingdings", "F0A8", "☐"),
        ("Wingdings", "F0FC", "✓"),
        ("Wingdings 2", "F052", "☑"),
        ("Wingdings", "F0FD", "☒"),
        ("Wingdings", "F0FB", "✗"),
        ("Wingdings", "F06F", "☐"),
        ("Wingdings", "F071", "☐"),
        ("wingdings", "f072", "☐"),
        ("Wingdings", "F06E", "■"),
        ("Wingdings 2", "F0A3", "☐"),
        ("Wingdings 2", "F051", "☒"),
        ("Wingdings 2", "F053", "☒"),
        ("Wingdings 2", "F054", "☒"),
        ("Wingdings 2", "F050", "✓"),
        ("Wingdings 2", "F04F", "✗"),
        ("Wingdings 2", "F0A2", "■"),
        ("Wingdings 2", "F0A8", "▣"),
        ("Wingdings 2", "F055", "⊗"),
        ("Symbol", "F0B4", "×"),
        ("Symbol", "F0D6", "√"),
        ("Symbol", "D6", "√"),
        ("Webdings", "F0FE", ""),
        ("Wingdings", "zz", ""),
    ],
)
def test_a_symbol_font_character_is_read(
    edition: Edition, tmp_path: Path, font: str, char: str, shown: str
) -> None:
    data = application_data()
    filled = E.edit(E.filled(edition, "application", data), _with_symbol(font, char))
    path = tmp_path / "a.docx"
    path.write_bytes(filled)
    result = read_form(edition, path)
    assert result.codes() == []
    assert result.data["project_name"] == f"{data['project_name']}{shown}已完成"


def _typed_in(fonts: dict[str, str], text: str) -> Callable[[DocxDocument], None]:
    """A run of ``text`` typed (a ``w:t``, no ``w:sym``) in the fonts
    ``fonts`` (``w:rFonts``' attributes), before 已完成."""

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目名称").paragraphs[0]
        run = p.add_run(text)
        rfonts = OxmlElement("w:rFonts")
        for slot, font in fonts.items():
            rfonts.set(qn(f"w:{slot}"), font)
        run._r.get_or_add_rPr().append(rfonts)
        p.add_run("已完成")

    return step


_WINGDINGS = {"ascii": "Wingdings", "hAnsi": "Wingdings"}


@pytest.mark.parametrize(
    ("fonts", "typed", "shown"),
    [
        (_WINGDINGS, "þ", "☑"),
        (_WINGDINGS, "¨", "☐"),
        (_WINGDINGS, "o", "☐"),
        (_WINGDINGS, "x", "☒"),
        (_WINGDINGS, "ý", "☒"),
        (_WINGDINGS, "\uf0fe", "☑"),
        (_WINGDINGS, "þ 是", "☑ 是"),
        ({"ascii": "Wingdings 2", "hAnsi": "Wingdings 2"}, "R", "☑"),
        ({"ascii": "Wingdings 2", "hAnsi": "Wingdings 2"}, "T", "☒"),
        ({"ascii": "Wingdings 2", "hAnsi": "Wingdings 2"}, "£", "☐"),
        ({"ascii": "Symbol", "hAnsi": "Symbol"}, "Ö", "√"),
        ({"ascii": "Symbol", "hAnsi": "Symbol"}, "12", "12"),  # not known: as typed
        ({"eastAsia": "Wingdings"}, "\uf0a8", "☐"),  # named by any of its fonts
        ({"ascii": "Webdings", "hAnsi": "Webdings"}, "\uf0fe", ""),  # no text
        ({"ascii": "Wingdings 3", "hAnsi": "Wingdings 3"}, "þ", "þ"),
        # The font a character is drawn in: ASCII in w:ascii, þ in w:hAnsi.
        ({"ascii": "Wingdings", "hAnsi": "Times New Roman"}, "þ", "þ"),
        ({"ascii": "Times New Roman", "hAnsi": "Wingdings"}, "o", "o"),
        ({"ascii": "Times New Roman", "hAnsi": "SimSun"}, "þ", "þ"),
    ],
)
def test_a_symbol_font_character_typed_as_text_is_read(
    edition: Edition, tmp_path: Path, fonts: dict[str, str], typed: str, shown: str
) -> None:
    """A symbol font's character typed as text (pasted, or converted from
    another format) in a run whose font is the symbol font reads as the one
    ``w:sym`` gives: it was read as the letter it is stored as."""
    data = application_data()
    filled = E.edit(E.filled(edition, "application", data), _typed_in(fonts, typed))
    path = tmp_path / "a.docx"
    path.write_bytes(filled)
    result = read_form(edition, path)
    assert result.codes() == []
    assert result.data["project_name"] == f"{data['project_name']}{shown}已完成"


def test_an_attached_documents_text_reads_a_typed_symbol(edition: Edition, tmp_path: Path) -> None:
    """The text of an attached .docx (:func:`docx_text`) is read alike."""
    data = application_data()
    filled = E.edit(E.filled(edition, "application", data), _typed_in(_WINGDINGS, "þ"))
    path = tmp_path / "a.docx"
    path.write_bytes(filled)
    assert f"{data['project_name']}☑已完成" in docx_text(path).splitlines()


def _symbol_style(doc: DocxDocument, kind: str) -> Any:
    """A style of ``kind`` (character or paragraph) whose font is Wingdings;
    for a paragraph, one based on it that sets no font."""
    if kind == "character":
        style = doc.styles.add_style("勾选", WD_STYLE_TYPE.CHARACTER)
        style.font.name = "Wingdings"
        return style
    base = doc.styles.add_style("勾选段落", WD_STYLE_TYPE.PARAGRAPH)
    base.font.name = "Wingdings"
    child = doc.styles.add_style("派生勾选", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    return child


def _styled_symbols(
    kind: str, override: dict[str, str] | None = None
) -> Callable[[DocxDocument], None]:
    """``þ`` 是 ``¨`` 否 in a symbol font set by a style of ``kind``: a run
    of a character style before 已完成 in 项目名称, or a paragraph of a
    paragraph style after 项目基础's; the own fonts of the runs of ¨ 否
    ``override``."""

    def step(doc: DocxDocument) -> None:
        style = _symbol_style(doc, kind)
        if kind == "character":
            p = E._value_cell(doc, "项目名称").paragraphs[0]
            runs = [p.add_run(text, style=style) for text in ("þ", "是", "¨", "否")]
            p.add_run("已完成")
        else:
            p = E._value_cell(doc, "项目基础").add_paragraph(style=style)
            runs = [p.add_run(text) for text in ("þ", "是", "¨", "否")]
        for run in runs[2:] if override else ():
            rfonts = OxmlElement("w:rFonts")
            for slot, font in (override or {}).items():
                rfonts.set(qn(f"w:{slot}"), font)
            run._r.get_or_add_rPr().append(rfonts)

    return step


def _read_styled(
    edition: Edition, tmp_path: Path, kind: str, override: dict[str, str] | None = None
) -> tuple[dict[str, Any], ReadResult]:
    """A filled form with the symbols of :func:`_styled_symbols`, and how
    it reads."""
    data = application_data()
    filled = E.edit(E.filled(edition, "application", data), _styled_symbols(kind, override))
    path = tmp_path / "a.docx"
    path.write_bytes(filled)
    return data, read_form(edition, path)


@pytest.mark.parametrize("kind", ["character", "paragraph"])
def test_a_symbol_font_a_style_sets_is_read(edition: Edition, tmp_path: Path, kind: str) -> None:
    """A symbol font set through a character style, or a paragraph style
    based on one that sets it, reads as the one a run sets itself: it was
    read as the letters it is stored as (þ 是 ¨ 否)."""
    data, result = _read_styled(edition, tmp_path, kind)
    assert result.codes() == []
    if kind == "character":
        assert result.data["project_name"] == f"{data['project_name']}☑是☐否已完成"
    else:
        assert result.data["project_basis"] == f"{data['project_basis']}\n☑是☐否"
    assert result.data["expected_outcomes"] == data["expected_outcomes"]


@pytest.mark.parametrize(
    "override",
    [
        {"ascii": "Times New Roman", "hAnsi": "Times New Roman"},
        {"asciiTheme": "minorHAnsi", "hAnsiTheme": "minorHAnsi"},
    ],
    ids=["font", "theme"],
)
@pytest.mark.parametrize("kind", ["character", "paragraph"])
def test_a_runs_own_font_over_a_symbol_style_reads_as_typed(
    edition: Edition, tmp_path: Path, kind: str, override: dict[str, str]
) -> None:
    """A run whose own fonts set a normal font (or a theme font) over a
    symbol font its style sets is read as typed (¨), the others of the
    style as symbols (þ)."""
    data, result = _read_styled(edition, tmp_path, kind, override)
    assert result.codes() == []
    if kind == "character":
        assert result.data["project_name"] == f"{data['project_name']}☑是¨否已完成"
    else:
        assert result.data["project_basis"] == f"{data['project_basis']}\n☑是¨否"


@pytest.mark.parametrize("kind", ["character", "paragraph"])
def test_an_attached_documents_text_reads_a_styled_symbol(
    edition: Edition, tmp_path: Path, kind: str
) -> None:
    """The text of an attached .docx (:func:`docx_text`) resolves a symbol
    font a style sets as the form reader does."""
    data = application_data()
    filled = E.edit(E.filled(edition, "application", data), _styled_symbols(kind))
    path = tmp_path / "a.docx"
    path.write_bytes(filled)
    lines = docx_text(path).splitlines()
    if kind == "character":
        assert f"{data['project_name']}☑是☐否已完成" in lines
    else:
        assert "☑是☐否" in lines


def test_a_symbol_font_of_the_document_default_is_read(tmp_path: Path) -> None:
    """The document's default fonts (``w:docDefaults``) a symbol font: its
    characters read as symbols, but for a run set in a normal font, or one
    whose style sets one."""
    doc = Document()
    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is not None:
        rpr.remove(rfonts)
    rfonts = OxmlElement("w:rFonts")
    rfonts.set(qn("w:ascii"), "Wingdings")
    rfonts.set(qn("w:hAnsi"), "Wingdings")
    rpr.insert(0, rfonts)
    normal = doc.styles.add_style("正文字体", WD_STYLE_TYPE.CHARACTER)
    normal.font.name = "Times New Roman"
    doc.add_paragraph("þ 是")
    doc.add_paragraph().add_run("þ 否").font.name = "Times New Roman"
    doc.add_paragraph().add_run("o 否", style=normal)
    doc.save(str(tmp_path / "d.docx"))
    assert docx_text(tmp_path / "d.docx").splitlines() == ["☑ 是", "þ 否", "o 否"]


_ODF_NS = (
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
)


def _odt_with_symbols(odt: bytes, spans: dict[str, str]) -> bytes:
    """``odt`` with symbol fonts' styles (a font face and an automatic
    style in content.xml; a common style, by its font family, and one
    based on it, in styles.xml) and each marker of ``spans`` replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            text = src.read(info).decode()
            if info.filename == "styles.xml":
                text = text.replace(
                    "<office:document-styles ", f"<office:document-styles {_ODF_NS}"
                )
                text = text.replace(
                    "<office:styles>",
                    '<office:styles><style:style style:name="勾" style:family="text">'
                    "<style:text-properties fo:font-family=\"'Wingdings 2'\"/></style:style>"
                    '<style:style style:name="勾2" style:family="text" '
                    'style:parent-style-name="勾"/>',
                )
            elif info.filename == "content.xml":
                text = text.replace(
                    "<office:document-content ", f"<office:document-content {_ODF_NS}"
                )
                text = text.replace(
                    "<office:automatic-styles>",
                    '<office:font-face-decls><style:font-face style:name="WD" '
                    'svg:font-family="Wingdings"/></office:font-face-decls>'
                    '<office:automatic-styles><style:style style:name="T1" style:family="text">'
                    '<style:text-properties style:font-name="WD"/></style:style>'
                    '<style:style style:name="T2" style:family="text">'
                    '<style:text-properties fo:font-family="SimSun"/></style:style>'
                    '<style:style style:name="T3" style:family="text">'
                    '<style:text-properties style:font-name-asian="WD"/></style:style>'
                    '<style:style style:name="T4" style:family="text">'
                    '<style:text-properties style:font-family-asian="Wingdings"/></style:style>',
                )
                for marker, span in spans.items():
                    assert marker in text
                    text = text.replace(marker, span)
            dst.writestr(info, text.encode())
    return out.getvalue()


def test_a_symbol_font_set_as_the_asian_font_in_an_odt(edition: Edition, tmp_path: Path) -> None:
    """A symbol font set only as the Asian font (``style:font-name-asian``,
    as LibreOffice saves a .docx's East Asian font) draws a private-use
    character: read as the symbol, as in the .docx (it was kept as the
    private-use character); a Latin letter is drawn in the Western font."""
    data = application_data(project_name="名称标记")
    odt = _odt_with_symbols(
        docx_to_odt(E.filled(edition, "application", data)),
        {
            "名称标记": '<text:span text:style-name="T3">\uf0fe</text:span>是'
            '<text:span text:style-name="T4">\uf0a8</text:span>否'
            '<text:span text:style-name="T1"><text:span text:style-name="T4">þ</text:span></text:span>'
            '<text:span text:style-name="T3">þ</text:span>',
        },
    )
    path = tmp_path / "f.odt"
    path.write_bytes(odt)
    result = read_form(edition, path)
    assert result.codes() == []
    assert result.data["project_name"] == "☑是☐否☑þ"


def test_a_symbol_font_character_in_an_odt_is_read(edition: Edition, tmp_path: Path) -> None:
    """In an .odt, a symbol font's character is text in a span whose style
    (automatic or common, through its parent) sets a symbol font, by its
    font face or its family: read as in a .docx, not as its letter."""
    data = application_data(project_name="名称标记", expected_outcomes="成效标记")
    odt = _odt_with_symbols(
        docx_to_odt(E.filled(edition, "application", data)),
        {
            "名称标记": '<text:span text:style-name="T1">þ</text:span>是'
            '<text:span text:style-name="T1">\uf0a8</text:span>否'
            '<text:span text:style-name="T1"><text:span text:style-name="T2">þ</text:span></text:span>',
            "成效标记": '<text:span text:style-name="勾2">R</text:span>达到'
            '<text:span text:style-name="勾">T</text:span>未达到 þ',
        },
    )
    path = tmp_path / "f.odt"
    path.write_bytes(odt)
    result = read_form(edition, path)
    assert result.codes() == []
    assert result.data["project_name"] == "☑是☐否þ"
    assert result.data["expected_outcomes"] == "☑达到☒未达到 þ"
