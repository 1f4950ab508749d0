"""A symbol font named in any spelling (``WINGDINGS``, ``Wingdings2``), or
set through the document's theme (``w:asciiTheme="minorHAnsi"`` on a run,
a style or the defaults, resolved by the theme part's font scheme), reads
as the symbol font a run names itself; the theme part is read only when a
run whose text could be a symbol may take a theme font."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.docfonts import symbol_styled, theme_fonts
from reform_brand.docxml import body_of_xml, paragraphs_in
from reform_brand.model import Edition
from reform_brand.office._read import read_form
from reform_brand.safeopen import docx_text
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_THEME = "word/theme/theme1.xml"


def _themed(docx: bytes, **faces: str) -> bytes:
    """``docx`` with its theme's fonts ``faces`` (``minor_latin="Wingdings"``:
    the typeface of ``a:minorFont/a:latin``) set."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == _THEME:
                root = etree.fromstring(data)
                for key, face in faces.items():
                    which, child = key.split("_")
                    el = root.find(f".//{{{_A}}}{which}Font/{{{_A}}}{child}")
                    el.set("typeface", face)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            dst.writestr(info, data)
    return out.getvalue()


def _rfonts(fonts: dict[str, str]) -> object:
    rfonts = OxmlElement("w:rFonts")
    for slot, font in fonts.items():
        rfonts.set(qn(f"w:{slot}"), font)
    return rfonts


def _typed_in(fonts: dict[str, str], text: str) -> Callable[[DocxDocument], None]:
    """A run of ``text`` in the fonts ``fonts`` before 已完成 in 项目名称."""

    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目名称").paragraphs[0]
        run = p.add_run(text)
        run._r.get_or_add_rPr().append(_rfonts(fonts))
        p.add_run("已完成")

    return step


def _sym(font: str, char: str) -> Callable[[DocxDocument], None]:
    def step(doc: DocxDocument) -> None:
        p = E._value_cell(doc, "项目名称").paragraphs[0]
        sym = OxmlElement("w:sym")
        sym.set(qn("w:font"), font)
        sym.set(qn("w:char"), char)
        p.add_run()._r.append(sym)
        p.add_run("已完成")

    return step


def _styled(fonts: dict[str, str], text: str) -> Callable[[DocxDocument], None]:
    """A run of ``text`` of a character style whose fonts are ``fonts``."""

    def step(doc: DocxDocument) -> None:
        style = doc.styles.add_style("勾选", WD_STYLE_TYPE.CHARACTER)
        style.element.get_or_add_rPr().append(_rfonts(fonts))
        p = E._value_cell(doc, "项目名称").paragraphs[0]
        p.add_run(text, style=style)
        p.add_run("已完成")

    return step


def _read(edition: Edition, tmp_path: Path, docx: bytes) -> str:
    path = tmp_path / "a.docx"
    path.write_bytes(docx)
    result = read_form(edition, path)
    assert result.codes() == []
    assert f"{result.data['project_name']}" in docx_text(path).splitlines()
    return str(result.data["project_name"])


_MINOR = {"asciiTheme": "minorHAnsi", "hAnsiTheme": "minorHAnsi"}


@pytest.mark.parametrize(
    ("step", "faces", "shown"),
    [
        # A symbol font's name, however spelled.
        (_typed_in({"ascii": "WINGDINGS", "hAnsi": "WINGDINGS"}, "þ"), {}, "☑"),
        (_typed_in({"ascii": "Wingdings2", "hAnsi": "Wingdings2"}, "R"), {}, "☑"),
        (_typed_in({"ascii": "wingdings  2", "hAnsi": "wingdings  2"}, "T"), {}, "☒"),
        (_typed_in({"eastAsia": "WingDings"}, "\uf0fe"), {}, "☑"),
        (_sym("WINGDINGS 2", "F052"), {}, "☑"),
        (_sym("Wingdings2", "F0A3"), {}, "☐"),
        (_styled({"ascii": "WINGDINGS", "hAnsi": "WINGDINGS"}, "þ"), {}, "☑"),
        (_styled({"ascii": "WingDings2", "hAnsi": "WingDings2"}, "R"), {}, "☑"),
        # A theme font the theme makes a symbol font: on the run, by a style.
        (_typed_in(_MINOR, "þ"), {"minor_latin": "Wingdings"}, "☑"),
        (_typed_in(_MINOR, "¨"), {"minor_latin": "WINGDINGS"}, "☐"),
        (_typed_in({"asciiTheme": "majorAscii"}, "R"), {"major_latin": "Wingdings 2"}, "☑"),
        (_typed_in({"eastAsiaTheme": "minorEastAsia"}, "\uf0fe"), {"minor_ea": "Wingdings"}, "☑"),
        (_styled(_MINOR, "þ"), {"minor_latin": "Wingdings"}, "☑"),
        # A theme font that is no symbol font, or another than the theme's.
        (_typed_in(_MINOR, "þ"), {}, "þ"),
        (_typed_in(_MINOR, "þ"), {"major_latin": "Wingdings"}, "þ"),
        (_typed_in({"eastAsiaTheme": "minorEastAsia"}, "þ"), {"minor_ea": "Wingdings"}, "þ"),
        # The run's own font over the theme's.
        (
            _typed_in({"ascii": "Times New Roman", "hAnsi": "Times New Roman"}, "þ"),
            {"minor_latin": "Wingdings"},
            "þ",
        ),
    ],
)
def test_a_symbol_font_however_named_is_read(
    edition: Edition,
    tmp_path: Path,
    step: Callable[[DocxDocument], None],
    faces: dict[str, str],
    shown: str,
) -> None:
    data = application_data()
    docx = _themed(E.edit(E.filled(edition, "application", data), step), **faces)
    assert _read(edition, tmp_path, docx) == f"{data['project_name']}{shown}已完成"


def _theme_default(doc: DocxDocument) -> None:
    """The document's default fonts (``w:docDefaults``) the theme's minor
    fonts, as Word sets them."""
    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    rpr.insert(0, _rfonts({**_MINOR, "eastAsiaTheme": "minorEastAsia", "cstheme": "minorBidi"}))


def test_a_theme_font_of_the_document_default_is_read(tmp_path: Path) -> None:
    """The document's default fonts set through the theme: read as the
    theme's typefaces, a symbol font's characters as symbols, but for a
    run set in a normal font."""
    doc = Document()
    _theme_default(doc)
    doc.add_paragraph("þ 是")
    doc.add_paragraph().add_run("þ 否").font.name = "Times New Roman"
    doc.add_paragraph("项目")
    out = io.BytesIO()
    doc.save(out)
    (tmp_path / "d.docx").write_bytes(_themed(out.getvalue(), minor_latin="Wingdings"))
    (tmp_path / "plain.docx").write_bytes(out.getvalue())
    assert docx_text(tmp_path / "d.docx").splitlines() == ["☑ 是", "þ 否", "项目"]
    assert docx_text(tmp_path / "plain.docx").splitlines() == ["þ 是", "þ 否", "项目"]


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _body(runs: str) -> object:
    return body_of_xml(
        f'<w:document xmlns:w="{_W}"><w:body><w:p>{runs}</w:p></w:body></w:document>'.encode()
    )


_THEMED_RUN = '<w:r><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"/></w:rPr><w:t>{}</w:t></w:r>'
_STYLES = (
    f'<w:styles xmlns:w="{_W}"><w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>'
    "</w:rPr></w:rPrDefault></w:docDefaults></w:styles>"
).encode()
_WINGDINGS_THEME = (
    f'<a:theme xmlns:a="{_A}"><a:themeElements><a:fontScheme name="x">'
    '<a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>'
    '<a:minorFont><a:latin typeface="Wingdings"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>'
    "</a:fontScheme></a:themeElements></a:theme>"
).encode()


@pytest.mark.parametrize(
    ("runs", "styles", "asked"),
    [
        (_THEMED_RUN.format("申报单位名称"), None, False),  # Chinese text alone
        (_THEMED_RUN.format("申报单位名称"), _STYLES, False),
        ("<w:r><w:t>申报单位</w:t></w:r>", _STYLES, False),
        (
            '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman"/></w:rPr><w:t>þ</w:t></w:r>',
            None,
            False,
        ),
        (
            '<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/>'
            "</w:rPr><w:t>þ</w:t></w:r>",
            _STYLES,
            False,
        ),
        (_THEMED_RUN.format("þ"), None, True),
        ("<w:r><w:t>þ</w:t></w:r>", _STYLES, True),
    ],
)
def test_the_theme_is_read_only_for_a_run_that_may_be_a_symbol(
    runs: str, styles: bytes | None, asked: bool
) -> None:
    """The theme part is asked for only when a run whose text could be a
    symbol font's character may take a theme font: never for Chinese text,
    nor a run whose own fonts set every font."""
    calls: list[int] = []

    def theme() -> bytes:
        calls.append(1)
        return _WINGDINGS_THEME

    body = _body(runs)
    xml = f"<x>{runs}{styles.decode() if styles else ''}</x>".encode()
    symbol_styled(body, styles, theme, xml)
    assert bool(calls) is asked
    if asked:
        assert paragraphs_in(body, None) == ["☑"]


def test_a_theme_without_a_symbol_font_is_not_resolved() -> None:
    assert theme_fonts(_WINGDINGS_THEME) == {
        "majorascii": "Calibri",
        "majorhansi": "Calibri",
        "majoreastasia": "",
        "majorbidi": "",
        "minorascii": "Wingdings",
        "minorhansi": "Wingdings",
        "minoreastasia": "",
        "minorbidi": "",
    }
    assert theme_fonts(_WINGDINGS_THEME.replace(b"Wingdings", b"Cambria")) == {}
    assert theme_fonts(b"<a:theme Wingdings") == {}
    assert theme_fonts(None) == {}
