"""A symbol font named in any spelling (``WINGDINGS``, ``Wingdings2``)
reads as the symbol font a run names itself."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

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
