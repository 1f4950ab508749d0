"""Fixtures of the rendering tests: hostile values and reading .docx back."""

from __future__ import annotations

import io
from typing import Any

import pytest

from reform_brand import Form

#: Everything that has broken Word templates somewhere: XML specials, Jinja
#: and docxtpl syntax, tabs, newlines and blank lines, CRLF, control
#: characters (removed), leading and trailing spaces, Chinese text.
HOSTILE = (
    "  A & B < C > D \" ' &amp; </w:t> {{ x }} {% if y %} {# c #} "
    "{_{ }_} {_% %_} 中文“引号”（括号）\t制表\r\n第二段\x00\x07\x0c\x1b\n\n第四段  "
)


def normalised(value: str) -> str:
    from reform_brand.render import normalise_text

    return normalise_text(value)


def hostile_data(form: Form) -> dict[str, Any]:
    """A distinct hostile value for every field of ``form`` (issuer's too)."""
    data: dict[str, Any] = {}
    for f in form.fields:
        if f.type == "group":
            data[f.id] = {s.id: f"{s.id}:{HOSTILE}" for s in f.fields}
        elif f.placement == "header":
            # The header line is one paragraph whose date sits after a tab:
            # a tab in a header value would make that line ambiguous to read.
            data[f.id] = f"{f.id}:{HOSTILE.replace(chr(9), ' ')}"
        else:
            data[f.id] = f"{f.id}:{HOSTILE}"
    return data


def read_docx(content: bytes, form: Form) -> dict[str, Any]:
    """The values of a rendered form, read back with python-docx by label:
    header values from the header line, table values from the cell beside
    (or, for a group, below) the label; lines of a cell joined by ``\\n``."""
    import docx

    from reform_brand.render import _layout

    doc = docx.Document(io.BytesIO(content))
    lay = _layout.layout(form)
    out: dict[str, Any] = {}
    header = next(p for p in doc.paragraphs if any(f.label.zh in p.text for f in lay.header_text))
    text = header.text
    head_text, _, date_text = text.rpartition("\t") if lay.header_dates else (text, "", "")
    for f in lay.header_text:
        out[f.id] = head_text.split(f"{f.label.zh}：", 1)[1]
    for f in lay.header_dates:
        out[f.id] = date_text
    (table,) = doc.tables
    rows = []
    for row in table.rows:
        seen: list[Any] = []
        for cell in row.cells:
            if not any(cell._tc is c._tc for c in seen):
                seen.append(cell)
        rows.append(seen)
    by_field = {r.field.id: r.field for r in lay.rows}
    i = 0
    while i < len(rows):
        label = rows[i][0].text.replace("\n", "")
        f = next(f for f in by_field.values() if f.label.zh == label)
        if f.type == "group":
            subs = [c.text for c in rows[i][1:]]
            assert subs == [s.label.zh for s in f.fields]
            out[f.id] = {
                s.id: "\n".join(p.text for p in cell.paragraphs)
                for s, cell in zip(f.fields, rows[i + 1][1:], strict=True)
            }
            i += 2
            continue
        paras = [p.text for p in rows[i][1].paragraphs]
        nblocks = len(_layout.block_lines(f.blocks))
        if nblocks:
            out[f"{f.id}/blocks"] = paras[-nblocks:]
            paras = paras[:-nblocks]
        out[f.id] = "\n".join(paras)
        i += 1
    return out


@pytest.fixture
def read_back() -> Any:
    return read_docx
