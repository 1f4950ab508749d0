"""The grid of a Word table: rows of cells with their grid columns and
spans, vertically merged cells read once (by their ``w:tc`` element)."""

from __future__ import annotations

import unicodedata
from typing import Any

from attrs import frozen

from reform_brand.docxml import TBL, TC, TR, own, paragraphs_in, q

__all__ = ["Cell", "rows_of", "squash"]


def squash(text: str) -> str:
    """``text`` as labels and titles are compared: NFKC (full width to half
    width), every white space removed, a trailing colon dropped."""
    folded = unicodedata.normalize("NFKC", text)
    # split() cuts at exactly the characters isspace() names, in C.
    return "".join(folded.split()).rstrip(":")


@frozen(eq=False)
class Cell:
    tc: Any
    row: int
    col: int
    span: int
    paragraphs: tuple[str, ...]

    @property
    def key(self) -> str:
        return squash("".join(self.paragraphs))


def _int_attr(el: Any, child: str) -> int:
    if el is None:
        return 0
    sub = el.find(q(child))
    if sub is None:
        return 0
    try:
        return max(0, min(int(sub.get(q("val"), "1")), 64))
    except ValueError:
        return 1


def rows_of(tbl: Any, first_row: int) -> list[list[Cell]]:
    """The rows of a table as lists of distinct cells.  Each ``w:tc`` is one
    cell, however many grid columns it spans; a vertically merged cell
    ("continue") is the cell it continues, read once."""
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    for r, tr in enumerate(x for x in tbl.iter(TR) if own(x, tbl, TBL)):
        col = _int_attr(tr.find(q("trPr")), "gridBefore")
        row: list[Cell] = []
        for tc in (x for x in tr.iter(TC) if own(x, tr, TR)):
            tcpr = tc.find(q("tcPr"))
            span = max(1, _int_attr(tcpr, "gridSpan"))
            vmerge = tcpr.find(q("vMerge")) if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(q("val"), "continue") == "continue"
            origin = above.get(col) if continued else None
            if origin is not None:
                cell = origin
            else:
                cell = Cell(
                    tc=tc,
                    row=first_row + r,
                    col=col,
                    span=span,
                    paragraphs=tuple(paragraphs_in(tc, TC)),
                )
            for c in range(col, col + span):
                above[c] = cell
            if not any(existing is cell for existing in row):
                row.append(cell)
            col += span
        rows.append(row)
    return rows
