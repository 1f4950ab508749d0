"""A text box holding the form's heading, anchored in its table's first row.

Word anchors a floating text box to the paragraph nearest to where it was
drawn, and LibreOffice a frame to the paragraph it was dropped on: the header
line (``申报单位：…　　2022 年 8 月 15 日``) or the title, typed into a text box
over the top of the form, is often anchored in the first cell of its table,
the paragraph under it.  A text box anchored in a cell is read as the cell's
text (a value typed into a text box over its cell); one in the table's first
row that holds the form's title or the label of a header field with its colon
(``申报单位：``, ``日期：``) is the heading the unit sees above the table
instead, and is read as paragraphs before the table.  So is one that holds a
date alone anchored in a cell that holds text of its own (the header's date
set apart at the right of the line, in a text box of its own, over the first
cell's label), where a date alone in a text box over an empty cell is that
cell's value.  Read as the cell's text, the heading was a value typed into
the label cell (a second value of the field: ``read.ambiguous``) or a line
of the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import Any, Final

from reform_brand._text import nfkc
from reform_brand.docxml import TBL, TC, TR, P, child, in_fallback, joined, own, q
from reform_brand.names import strip_invisible
from reform_brand.office._dates import DATE, EN_DATE, ISO_DATE, PARTIAL_DATE
from reform_brand.office._title import is_title, title_keys

__all__ = ["lift_headings"]

_TEXT_BOX: Final = q("txbxContent")
_TRPR, _DEL = q("trPr"), q("del")
#: A date written alone, filled in or partly (``2022 年 8 月 15 日``).
_DATES: Final = (DATE, ISO_DATE, EN_DATE, PARTIAL_DATE)


def lift_headings(
    tables: Sequence[Any],
    heading: Callable[[], tuple[Collection[str], Sequence[re.Pattern[str]]]],
) -> None:
    """Put the content of each text box anchored in the first row of the
    first of the form's ``tables`` that holds its heading before that table,
    where the heading is read (see the module).  ``heading()`` gives the
    squashed titles of the forms and the header fields' label patterns
    (asked only when the row holds a text box).  The first row alone is
    walked."""
    if not tables:
        return
    table = tables[0]
    row = _first_row(table)
    if row is None:
        return
    # (A text box's own, in one of the row: its text box's text.)
    boxes = [
        box
        for box in row.iter(_TEXT_BOX)
        if own(box, row, TR) and next(box.iterancestors(_TEXT_BOX, TR), None) is row
    ]
    if not boxes:
        return
    titles, labels = heading()
    for box in boxes:
        texts = joined(p for p in box.iter(P) if not in_fallback(p))
        if _holds_heading(texts, titles, labels) or (_date_alone(texts) and _beside_text(box)):
            for el in list(box):
                table.addprevious(el)


def _holds_heading(
    texts: Sequence[str], titles: Collection[str], labels: Sequence[re.Pattern[str]]
) -> bool:
    """Whether the paragraphs ``texts`` hold a form's title or a header
    field's label with its colon."""
    if any(rx.search(text) for text in texts for rx in labels):
        return True
    return any(is_title(key, title) for key in title_keys(texts, titles) for title in titles)


def _date_alone(texts: Sequence[str]) -> bool:
    """Whether the paragraphs ``texts`` hold a date and nothing else
    (filled in, or partly)."""
    filled = [folded for text in texts if (folded := nfkc(strip_invisible(text)).strip())]
    return len(filled) == 1 and any(rx.fullmatch(filled[0]) for rx in _DATES)


def _beside_text(box: Any) -> bool:
    """Whether the cell the text box ``box`` is anchored in holds text of its
    own (a label, a value), besides its text boxes."""
    tc = next(box.iterancestors(TC), None)
    if tc is None:
        return False
    own_paragraphs = (
        p for p in tc.iter(P) if own(p, tc, TC) and next(p.iterancestors(_TEXT_BOX, TC), tc) is tc
    )
    return any(text.strip() for text in joined(own_paragraphs))


def _first_row(table: Any) -> Any:
    """The first row of ``table`` read (not deleted as a tracked change), or
    None."""
    for tr in table.iter(TR):
        if not own(tr, table, TBL):
            continue
        pr = child(tr, _TRPR)
        if pr is None or child(pr, _DEL) is None:
            return tr
    return None
