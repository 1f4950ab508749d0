"""The paper layout of a form, computed from its data.

Shared by the Word template builder and the HTML and Markdown renderers so
that all three show the same form: the attachment heading ("附件 1"), the
title, a header line (text fields as "label：value", a date field at the right
as "年 月 日"), then a table with one row per body field.  A group field (the
contact person) takes two rows: its sub-labels, then their values, under one
label cell merged across both.  A long text is a tall row, ``FormField.lines``
lines high; signature, seal and date blocks sit at the foot of their field's
cell.  Lines are sized so that a blank form fits on one A4 page.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Final

from attrs import frozen

from reform_brand.model import Form, FormField, block_lines

__all__ = ["Layout", "Row", "block_lines", "label_lines", "layout"]

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 25.0
MARGIN_BOTTOM_MM = 22.0
MARGIN_LEFT_MM = 26.0
MARGIN_RIGHT_MM = 24.0
#: From the foot of the page to the foot of the page number.
FOOTER_MM = 12.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM

#: Font sizes in points: "附件 1" (三号), title (小二), header line and labels
#: (四号), values (小四).
ATTACHMENT_PT = 16.0
TITLE_PT = 18.0
HEADER_PT = 14.0
LABEL_PT = 14.0
VALUE_PT = 12.0
#: The page number at the foot of each page (四号, as GB/T 9704 has it).
PAGE_NUMBER_PT = 14.0
#: The cells of a group row (10 pt, a little under 五号): five narrow columns
#: must hold an e-mail address or an office phone on one line.
GROUP_PT = 10.0

LABEL_WIDTH_MM = 30.0
#: Left plus right cell margins of Word's default table style.
CELL_MARGINS_MM = 3.8
SINGLE_ROW_MM = 11.0
GROUP_ROW_MM = 9.0
BLOCK_LINE_MM = 8.0
MAX_LINE_MM = 8.0
MIN_LINE_MM = 5.0
#: Room kept free on the page for what the estimate does not see.
SLACK_MM = 10.0

_PT_MM = 25.4 / 72
_WEIGHTS = {"text": 1.1, "email": 1.6, "phone": 1.35, "mobile": 1.2, "date": 1.2}


@frozen(kw_only=True)
class Row:
    """One body field and the height of its row (two rows for a group)."""

    field: FormField
    #: Height in mm: the minimum, a cell grows with its text.
    height_mm: float


@frozen(kw_only=True)
class Layout:
    form: Form
    #: Header fields printed as "label：value", in order.
    header_text: tuple[FormField, ...]
    #: Header date fields printed at the right as "年 月 日".
    header_dates: tuple[FormField, ...]
    rows: tuple[Row, ...]
    #: Column widths in mm: the label column, then the value columns.
    columns_mm: tuple[float, ...]
    #: Height of one line of a long text, in mm.
    line_mm: float

    @property
    def value_columns(self) -> int:
        return len(self.columns_mm) - 1


def label_lines(label: str) -> list[str]:
    """A row label broken into the lines of the label column, as the notice
    does: "推荐单位" / "意见", "省科协" / "意见", "推荐部室或" / "单位意见"
    (a trailing "意见" on a line of its own whenever the rest fits one line,
    even if the whole label would; else balanced lines).  A Latin letter or
    digit takes half the width of a Chinese character, as in the form's
    font, and a word of them is never broken unless it is wider than a
    line ("Email地址", "ICP备案号")."""
    per_line = max(1, int((LABEL_WIDTH_MM - CELL_MARGINS_MM) / (LABEL_PT * _PT_MM)))
    if label.endswith("意见") and 0 < _width(label[:-2]) <= per_line:
        return [label[:-2], "意见"]
    if _width(label) <= per_line:
        return [label]
    # A unit in brackets at the end ("经费" / "（万元）") on a line of its
    # own: a line must not end with an opening bracket ("经费（" / "万元）").
    unit = _UNIT.fullmatch(label)
    if unit is not None and _width(unit[2]) <= per_line:
        return [*_balanced(unit[1], per_line), unit[2]]
    return _balanced(label, per_line)


#: A label ending with a bracketed part: "经费（万元）", "Budget (yuan)".
_UNIT: Final = re.compile(r"(.*?\S)\s*([（(][^（()）]*[）)])")


def _char_width(ch: str) -> float:
    """A character's width in the label's font, a Chinese character's
    being 1: East Asian wide and full-width characters 1, others 1/2."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


def _width(text: str) -> float:
    return sum(_char_width(ch) for ch in text)


def _pieces(text: str, per_line: int) -> list[str]:
    """``text`` cut where a line may break: before a wide character (one of
    its own) and before a word (narrow characters that are not spaces), the
    spaces after either kept with it (dropped at the end of a line); a
    word wider than a line is cut into pieces as wide as a line."""
    pieces: list[str] = []
    for ch in text:
        if pieces and (ch.isspace() or (_char_width(ch) < 1 and _in_word(pieces[-1]))):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    out: list[str] = []
    for piece in pieces:
        while _width(piece.rstrip()) > per_line:
            cut, width = 0, 0.0
            while width + _char_width(piece[cut]) <= per_line:
                width += _char_width(piece[cut])
                cut += 1
            out.append(piece[: max(1, cut)])
            piece = piece[max(1, cut) :]
        out.append(piece)
    return out


def _in_word(piece: str) -> bool:
    """Whether a narrow character may join ``piece``: a word not ended by a
    space."""
    last = piece[-1]
    return not last.isspace() and _char_width(last) < 1


def _wrapped(pieces: list[str], width: float) -> list[str]:
    """``pieces`` put on lines of at most ``width``, each as full as it can be."""
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and _width((line + piece).rstrip()) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _balanced(text: str, per_line: int) -> list[str]:
    """``text`` in lines of at most ``per_line`` (in Chinese characters'
    widths), as few as can be and as even as they can be: the narrowest
    width that needs no more lines than ``per_line`` does."""
    pieces = _pieces(text, per_line)
    count = len(_wrapped(pieces, per_line))
    width = max(_width(piece.rstrip()) for piece in pieces)
    while width < per_line and len(_wrapped(pieces, width)) > count:
        width += 0.5
    return _wrapped(pieces, width)


def _title_lines(form: Form) -> int:
    per_line = max(1, int(TEXT_WIDTH_MM / (TITLE_PT * _PT_MM)))
    return max(1, math.ceil(len(form.title.zh) / per_line))


def _columns(body: tuple[FormField, ...]) -> tuple[float, ...]:
    """Column widths: the label column, then the widest group's sub-columns
    (weighted by type) or one value column."""
    widest = max((f for f in body if f.type == "group"), key=lambda f: len(f.fields), default=None)
    value_width = TEXT_WIDTH_MM - LABEL_WIDTH_MM
    if widest is None or not widest.fields:
        return (LABEL_WIDTH_MM, value_width)
    weights = [_WEIGHTS.get(s.type, 1.0) for s in widest.fields]
    total = sum(weights)
    return (LABEL_WIDTH_MM, *(round(value_width * w / total, 1) for w in weights))


def _line_mm(form: Form, header: tuple[FormField, ...], body: tuple[FormField, ...]) -> float:
    """The height of one line of the long texts: fixed rows first, then what
    is left shared among the lines of the long texts, so that the blank form
    fits one page."""
    head_mm = (
        ATTACHMENT_PT * _PT_MM * 1.6
        + _title_lines(form) * TITLE_PT * _PT_MM * 1.4
        + 10.0
        + (HEADER_PT * _PT_MM * 1.6 if header else 0.0)
    )
    fixed = 0.0
    lines = 0
    for f in body:
        if f.type == "group":
            fixed += 2 * GROUP_ROW_MM
        elif f.lines > 1:
            lines += f.lines
            fixed += len(block_lines(f.blocks)) * BLOCK_LINE_MM
        else:
            fixed += SINGLE_ROW_MM + len(block_lines(f.blocks)) * BLOCK_LINE_MM
    free = TEXT_HEIGHT_MM - head_mm - SLACK_MM - fixed
    line_mm = MAX_LINE_MM if lines == 0 else min(MAX_LINE_MM, max(MIN_LINE_MM, free / lines))
    return round(line_mm, 1)


def _row_height(f: FormField, line_mm: float) -> float:
    extra = len(block_lines(f.blocks)) * BLOCK_LINE_MM
    if f.type == "group":
        return GROUP_ROW_MM
    if f.lines > 1:
        return f.lines * line_mm + extra
    return SINGLE_ROW_MM + extra


def layout(form: Form) -> Layout:
    """The layout of ``form`` (see the module docstring)."""
    header = tuple(f for f in form.fields if f.placement == "header")
    body = tuple(f for f in form.fields if f.placement != "header")
    line_mm = _line_mm(form, header, body)
    return Layout(
        form=form,
        header_text=tuple(f for f in header if f.type != "date"),
        header_dates=tuple(f for f in header if f.type == "date"),
        rows=tuple(Row(field=f, height_mm=round(_row_height(f, line_mm), 1)) for f in body),
        columns_mm=_columns(body),
        line_mm=line_mm,
    )
