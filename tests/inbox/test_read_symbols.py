"""Characters a clerk inserts from a symbol font (Insert > Symbol: a
``w:sym`` with ``w:font`` and ``w:char``, no ``w:t``) are read as the
Unicode characters they show."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office._read import read_form
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
                    '<style:text-properties fo:font-family="SimSun"/></style:style>',
                )
                for marker, span in spans.items():
                    assert marker in text
                    text = text.replace(marker, span)
            dst.writestr(info, text.encode())
    return out.getvalue()


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
