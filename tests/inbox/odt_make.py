"""OpenDocument text forms made with odfpy, for the tests and the demo inbox.

:func:`docx_to_odt` writes a filled Word form as LibreOffice would save it
as .odt: the paragraphs, and the tables with cells spanning columns
(``number-columns-spanned`` and covered cells) and rows
(``number-rows-spanned``).  The archive is repacked with a fixed time, so
that the same form gives the same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs
from odf import teletype
from odf.opendocument import OpenDocumentText
from odf.table import CoveredTableCell, Table, TableColumn, TableRow
from odf.table import TableCell as OdfCell
from odf.text import P

from reform_brand.docxml import TBL, TC, TR, own, paragraph_text, q
from tests.inbox.archives import FIXED
from tests.inbox.docx_edit import open_docx


def _int(el: Any, child: str) -> int:
    if el is None or el.find(q(child)) is None:
        return 0
    return int(el.find(q(child)).get(q("val"), "1"))


def _grid(tbl: Any) -> list[list[tuple[int, int, str, Any]]]:
    """Per row: (grid column, span, vMerge state, w:tc)."""
    rows = []
    for tr in (x for x in tbl.iter(TR) if own(x, tbl, TR) or x.getparent() is tbl):
        col = 0
        row = []
        for tc in (x for x in tr.iter(TC) if own(x, tr, TR)):
            props = tc.find(q("tcPr"))
            span = max(1, _int(props, "gridSpan"))
            vm = props.find(q("vMerge")) if props is not None else None
            state = "" if vm is None else vm.get(q("val"), "continue")
            row.append((col, span, state, tc))
            col += span
        rows.append(row)
    return rows


def _paragraphs(el: Any, owner: str) -> list[str]:
    return [paragraph_text(p) for p in el.iter(q("p")) if own(p, el, owner)]


def _table(doc: OpenDocumentText, tbl: Any) -> Table:
    grid = _grid(tbl)
    width = max((c + s for row in grid for c, s, _st, _tc in row), default=1)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=width))
    for r, row in enumerate(grid):
        tr = TableRow()
        for col, span, state, tc in row:
            if state == "continue":
                for _ in range(span):
                    tr.addElement(CoveredTableCell())
                continue
            rows = 1
            if state == "restart":
                for below in grid[r + 1 :]:
                    if any(c == col and st == "continue" for c, _s, st, _tc in below):
                        rows += 1
                    else:
                        break
            cell = OdfCell(numbercolumnsspanned=span, numberrowsspanned=rows, valuetype="string")
            for text in _paragraphs(tc, TC) or [""]:
                p = P()
                teletype.addTextToElement(p, text)
                cell.addElement(p)
            tr.addElement(cell)
            for _ in range(span - 1):
                tr.addElement(CoveredTableCell())
        table.addElement(tr)
    return table


def _fixed_time(data: bytes) -> bytes:
    """The archive with every entry dated :data:`FIXED` and its XML in
    canonical form (mimetype first, stored, as OpenDocument requires)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED)
            fixed.compress_type = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            fixed.external_attr = 0o100644 << 16
            data = src.read(info)
            if info.filename.endswith(".xml"):
                # odfpy declares the namespaces it has met so far, in any order.
                root = etree.fromstring(data)
                etree.cleanup_namespaces(root)
                data = etree.tostring(root, method="c14n")
            dst.writestr(fixed, data)
    return out.getvalue()


def docx_to_odt(docx: bytes) -> bytes:
    """The filled Word form ``docx`` saved as an OpenDocument text."""
    body = open_docx(docx).element.body
    doc = OpenDocumentText()
    for child in body:
        if child.tag == q("p"):
            p = P()
            teletype.addTextToElement(p, paragraph_text(child))
            doc.text.addElement(p)
        elif child.tag == TBL:
            doc.text.addElement(_table(doc, child))
    buf = io.BytesIO()
    doc.write(buf)
    return _fixed_time(buf.getvalue())


def edited_odt(odt: bytes, change: Callable[[Any], None], parts: Mapping[str, bytes] = {}) -> bytes:
    """``odt`` with its ``content.xml`` root edited by ``change``, and the
    package's extra ``parts`` (name -> bytes) added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "content.xml":
                root = etree.fromstring(part)
                change(root)
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            dst.writestr(info, part)
        for name, extra in parts.items():
            dst.writestr(name, extra)
    return out.getvalue()
