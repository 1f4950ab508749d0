"""Characters a clerk inserts from a symbol font (Insert > Symbol: a
``w:sym`` with ``w:font`` and ``w:char``, no ``w:t``) are read as the
Unicode characters they show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office._read import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data


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
