"""Reading forms laid out otherwise than the template: a frame round the
form, a header line with a partial date, value cells merged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office._read import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data


def _read(edition: Edition, tmp_path: Path, data: bytes) -> tuple[dict[str, object], list[str]]:
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    result = read_form(edition, path)
    return result.data, result.codes()


def _framed(whole: bool) -> Callable[[DocxDocument], None]:
    """The form's table (or the whole form: title, header line and table)
    put in the one cell of a 1×1 table, as a frame round it."""

    def step(doc: DocxDocument) -> None:
        body = doc.element.body
        form_table = doc.tables[0]._tbl
        frame = doc.add_table(1, 1)._tbl
        moved = [el for el in body if el.tag != qn("w:sectPr") and el is not frame]
        if not whole:
            moved = [form_table]
        moved[0].addprevious(frame)
        tc = frame.find(qn("w:tr")).find(qn("w:tc"))
        last = tc.find(qn("w:p"))  # (a cell ends with a paragraph)
        for el in moved:
            last.addprevious(el)

    return step


def test_a_form_in_a_frame_reads_as_the_form(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    for whole in (False, True):
        framed = E.edit(E.filled(edition, "application", data), _framed(whole))
        assert _read(edition, tmp_path, framed) == (data, [])
