"""The grid of a Word table: rows of cells with their grid columns and
spans, merged cells read once (by their ``w:tc`` element: the first of a
legacy horizontal merge); labels found in cells, and a value typed into its
label cell (``项目名称：海洋科普联盟``).  A cell's text as a field's value
is :mod:`~reform_brand.office._cell_value`'s."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence, Set
from functools import cached_property, lru_cache
from typing import Any, Final

import attrs
from attrs import frozen

from reform_brand._text import nfkc
from reform_brand.docxml import (
    MC,
    TBL,
    TC,
    TR,
    P,
    in_fallback,
    joined,
    mark_deleted,
    own,
    paragraphs_in,
    q,
)
from reform_brand.docxml import (
    child as child_of,
)
from reform_brand.model import FormField
from reform_brand.names import strip_invisible

__all__ = [
    "COLONS",
    "LABEL_NOTE",
    "REQUIRED_MARKS",
    "Cell",
    "cell_lines",
    "continued_cells",
    "frame",
    "in_table",
    "join_lines",
    "label_and_value",
    "label_key",
    "rows_of",
    "squash",
    "sub_labels",
    "sub_value_cells",
    "top_table",
    "with_bare_labels",
    "without_own_label",
]


#: Colons as typed: full and half width, the ratio sign ``∶`` (GB 2312's
#: A1C3, which Chinese input methods give), the small and vertical forms.
COLONS: Final = "：:∶﹕︓"

#: Texts up to this length are squashed once and remembered: the labels
#: and titles of the editions' forms, met in every form read.
_REMEMBERED: Final = 64
_TRPR: Final = q("trPr")
_DEL: Final = q("del")
_TCPR, _VMERGE, _VAL = q("tcPr"), q("vMerge"), q("val")
_GRID_BEFORE, _GRID_SPAN = q("gridBefore"), q("gridSpan")
_HMERGE: Final = q("hMerge")
_TEXT_BOX: Final = q("txbxContent")


def squash(text: str) -> str:
    """``text`` as labels and titles are compared: NFKC (full width to half
    width), every white space and invisible character (zero-width space,
    soft hyphen, byte-order mark...: :data:`reform_brand.names.INVISIBLE`)
    removed, a trailing colon dropped."""
    if len(text) <= _REMEMBERED:
        return _squash_short(text)
    return _squash(text)


def _squash(text: str) -> str:
    folded = nfkc(strip_invisible(text))
    # split() cuts at exactly the characters isspace() names, in C.
    return "".join(folded.split()).rstrip(COLONS)


_squash_short = lru_cache(maxsize=4096)(_squash)


# (Not slotted: the key is kept in the instance's dictionary.)
@frozen(eq=False, slots=False)
class Cell:
    tc: Any
    row: int
    col: int
    span: int
    paragraphs: tuple[str, ...]

    @cached_property
    def key(self) -> str:
        """Its text squashed (:func:`squash`), as labels are compared: made
        once, when first asked for, where mapping a table asks for it again
        and again (and NFKC of a long answer is not cheap)."""
        return squash("".join(self.paragraphs))

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """Its text as a value: its paragraphs, and a line per row of a
        table nested in it (:func:`cell_lines`); labels are looked for in
        :attr:`paragraphs` alone."""
        if not any(own(t, self.tc, TC) for t in self.tc.iter(TBL)):
            return self.paragraphs
        return tuple(cell_lines(self.tc))

    @cached_property
    def boxed(self) -> frozenset[int]:
        """The indexes in :attr:`lines` of the lines read from a text box
        anchored in the cell: each goes with the line before it that is
        none, the paragraph it is anchored in (a date written over the
        printed ``年 月 日`` in a text box).  None known (empty) in a cell
        holding a table."""
        if next(self.tc.iter(_TEXT_BOX), None) is None or self.lines is not self.paragraphs:
            return frozenset()
        found: set[int] = set()
        n = 0
        joining = False
        for p in (p for p in self.tc.iter(P) if own(p, self.tc, TC)):
            if not joining and next(p.iterancestors(_TEXT_BOX, TC), None) is not self.tc:
                found.add(n)
            joining = mark_deleted(p)
            n += not joining
        return frozenset(found)


#: A short note in brackets at the end of a squashed label cell:
#: ``(30字以内)``, ``(必填)``, ``[必填]``, ``【限500字】``.
LABEL_NOTE: Final = re.compile(r"[(\[【][^()\[\]【】]{1,16}[)\]】]$")
#: Marks of a required field before or after a label (squashed: ``＊`` is
#: ``*``).
REQUIRED_MARKS: Final = "*※★☆"
#: The most notes taken off the end of a label cell.
_MAX_NOTES: Final = 2


#: An enumeration before a label, squashed (NFKC: ``（一）`` is ``(一)``,
#: ``１．`` is ``1.``): ``一、``, ``(一)``, ``1.``, ``1、``, ``1)``,
#: ``第一项`` — a number with its separator: a digit glued to the label
#: (``1项目名称``) is no enumeration; and a circled number after it
#: (``项目名称①``, a note's mark).
_NUMBERED: Final = re.compile(
    r"^(?:第[一二三四五六七八九十0-9]{1,3}[项条]"
    r"|\(?(?:[一二三四五六七八九十]{1,3}|[0-9]{1,2})[)、.])"
)
#: A circled number before a label, squashed (NFKC: ``①`` is ``1``), when
#: the cell's text starts with one (:data:`_CIRCLED_FIRST`).
_CIRCLED: Final = re.compile(r"^[0-9]{1,2}")
#: A cell's text (as typed) that starts with a circled number, after white
#: space and a required field's mark.
_CIRCLED_FIRST: Final = re.compile(rf"[\s{REQUIRED_MARKS}＊]*[①-⑳]")
#: A circled number after a label, squashed, when the cell's text ends with
#: one (:data:`_CIRCLED_LAST`): a digit glued after it (``项目名称1``) is
#: part of the text.
_TRAILING_NUMBER: Final = re.compile(r"[0-9]{1,2}$")
#: A cell's text (as typed) that ends with a circled number, before white
#: space, a colon and a required field's mark.
_CIRCLED_LAST: Final = re.compile(rf"[①-⑳][\s{REQUIRED_MARKS}＊{COLONS}]*$")


def label_key(cell: Cell, keys: Container[str]) -> str | None:
    """The label of ``keys`` (squashed) that ``cell`` is: its text, or its
    text with a short note in brackets after the label (``项目名称（30字以内）``,
    ``项目基础⏎（限500字）``, one or two notes, a colon after them); None
    when it is no label.  A mark of a required field before or after the
    label (``*项目名称``, ``项目名称※``) is not looked at, nor is a
    number given to it with its separator (``一、项目名称``, ``1.项目名称``,
    ``（一）项目名称``, ``①项目名称``, ``第一项项目名称``, ``项目名称①``;
    not ``1项目名称`` nor ``项目名称1``)."""
    key = cell.key
    if key in keys:
        return key
    found = _noted(key, keys)
    if found is not None:
        return found
    bare = key.strip(REQUIRED_MARKS)
    number = _NUMBERED.match(bare)
    # The text as typed is looked at only for a key that starts or ends with
    # a digit: only there can a circled number have been squashed (label_key
    # is asked of every cell, values included).
    circled = _CIRCLED.match(bare) if number is None else None
    typed = ""
    if circled is not None or bare[-1:].isdigit():
        typed = strip_invisible("".join(cell.paragraphs))
    if circled is not None and _CIRCLED_FIRST.match(typed):
        number = circled
    if number is not None:
        bare = bare[number.end() :]
    if typed and _CIRCLED_LAST.search(typed):
        bare = _TRAILING_NUMBER.sub("", bare, count=1)
    return _noted(bare, keys) if bare and bare != key else None


def _noted(key: str, keys: Container[str]) -> str | None:
    """The label of ``keys`` that ``key`` is, with one or two short notes
    after it taken off — but not to reach a label the edition writes with a
    note of its own (:class:`Labels`): ``经费预算（元）`` is not ``经费预算（万元）``
    retyped, its note says another unit."""
    bare = keys.bare if isinstance(keys, Labels) else frozenset()
    key = key.strip(REQUIRED_MARKS).rstrip(COLONS)
    for n in range(_MAX_NOTES + 1):
        if key in keys:
            return key if not (n and key in bare) else None
        if not key.endswith((")", "]", "】")):
            return None
        m = LABEL_NOTE.search(key)
        if m is None or m.start() == 0:
            return None
        key = key[: m.start()].rstrip(COLONS).strip(REQUIRED_MARKS)
    return None


class Labels(dict[str, FormField]):
    """Fields by their squashed labels, with :attr:`bare` the keys that are
    a label without the note in brackets the edition writes after it."""

    bare: frozenset[str] = frozenset()


def with_bare_labels(by_key: Mapping[str, FormField]) -> Labels:
    """``by_key`` (squashed labels) with each label that ends with a note in
    brackets (``经费预算（万元）``) also found without it (``经费预算``), as a
    clerk retypes it — unless that is another field's label, or two labels'
    alike.  What the note says is kept by the field (its unit); a label
    with another note instead is not it (:func:`_noted`)."""
    out = Labels(by_key)
    bare: dict[str, list[FormField]] = {}
    for key, f in by_key.items():
        m = LABEL_NOTE.search(key)
        if m is not None and m.start() > 0:
            bare.setdefault(key[: m.start()], []).append(f)
    for key, fields in bare.items():
        if key not in out and len(fields) == 1:
            out[key] = fields[0]
            out.bare |= {key}
    return out


def _int_attr(el: Any, child: str) -> int:
    if el is None:
        return 0
    sub = child_of(el, child)
    if sub is None:
        return 0
    try:
        return max(0, min(int(sub.get(_VAL, "1")), 64))
    except ValueError:
        return 1


def rows_of(tbl: Any, first_row: int) -> list[list[Cell]]:
    """The rows of a table as lists of distinct cells.  Each ``w:tc`` is one
    cell, however many grid columns it spans; a vertically merged cell
    ("continue") is the cell it continues, read once, and so is a cell of a
    legacy horizontal merge (:func:`_widens`); a row deleted as a
    tracked change is not read (:func:`_deleted`)."""
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    r = -1
    for tr in (x for x in tbl.iter(TR) if own(x, tbl, TBL)):
        trpr = child_of(tr, _TRPR)
        if _deleted(trpr):
            continue
        r += 1
        col = _int_attr(trpr, _GRID_BEFORE)
        row: list[Cell] = []
        for tc in (x for x in tr.iter(TC) if own(x, tr, TR)):
            tcpr = child_of(tc, _TCPR)
            span = max(1, _int_attr(tcpr, _GRID_SPAN))
            if _widens(tcpr, row, col, first_row + r):
                # (A legacy horizontal merge: one cell with the one before.)
                row[-1] = wide = attrs.evolve(row[-1], span=row[-1].span + span)
                for c in range(wide.col, col + span):
                    above[c] = wide
                col += span
                continue
            vmerge = child_of(tcpr, _VMERGE) if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
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


def _widens(tcpr: Any, row: Sequence[Cell], col: int, r: int) -> bool:
    """Whether the cell whose properties are ``tcpr`` (a ``w:tcPr``, or
    None), at grid column ``col`` of row ``r``, goes on with the cell before
    it in ``row``: a legacy horizontal merge (``w:hMerge`` "continue", as
    older Word and other programs write a merge across columns), read as
    one cell spanning both, as ``w:gridSpan`` is."""
    hmerge = child_of(tcpr, _HMERGE) if tcpr is not None else None
    if hmerge is None or hmerge.get(_VAL, "continue") != "continue" or not row:
        return False
    last = row[-1]
    return last.row == r and last.col + last.span == col


def _deleted(trpr: Any) -> bool:
    """Whether a row whose properties are ``trpr`` (a ``w:trPr``, or None)
    is a tracked deletion (``w:del``): the row is gone once the change is
    accepted, whether or not the program that deleted it marked its text
    deleted too (Word does)."""
    return trpr is not None and child_of(trpr, _DEL) is not None


#: A line break in a value, with the white space around it.
_LINE_BREAK: Final = re.compile(r"[^\S\n]*\n\s*")


def join_lines(value: str) -> tuple[str, bool]:
    """``value`` (stripped) with its line breaks taken out, and whether it
    held any: ``济南市⏎科协`` is ``济南市科协``; a space is left between two
    Latin letters or digits (``Jinan⏎Association``)."""
    if "\n" not in value:
        return value, False

    def gap(m: re.Match[str]) -> str:
        before, after = value[m.start() - 1], value[m.end()]
        latin = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
        return " " if latin else ""

    return _LINE_BREAK.sub(gap, value), True


def cell_lines(tc: Any) -> list[str]:
    """The text of a cell, a line per paragraph (deleted paragraph marks
    joined), and for a table nested in the cell a line per row, its cells'
    texts between tabs, as Word's "convert table to text" gives them."""
    lines: list[str] = []
    run: list[Any] = []  # the paragraphs since the last nested table
    for el in tc.iter(P, TBL):
        if not own(el, tc, TC) or in_fallback(el):
            continue
        if el.tag == TBL:
            lines += joined(run)
            run = []
            lines += _table_lines(el)
        else:
            run.append(el)
    return lines + joined(run)


def _table_lines(tbl: Any) -> list[str]:
    """A nested table as text: a line per row, its cells between tabs."""
    lines: list[str] = []
    for tr in (x for x in tbl.iter(TR) if own(x, tbl, TBL) and not _deleted(x.find(_TRPR))):
        cells = (tc for tc in tr.iter(TC) if own(tc, tr, TR))
        lines.append("\t".join("\n".join(cell_lines(tc)) for tc in cells))
    return lines


def continued_cells(
    row: Sequence[Cell], label: Cell, cells: Sequence[Cell], labels: Set[str]
) -> list[Cell] | None:
    """The cells of ``row`` that go on with the value in ``cells`` of the
    field labelled ``label`` in a row above (a row split in two at a page
    break): those within the value's grid columns, when the row holds no
    label (``labels``, squashed) and nothing outside those columns but the
    label cell merged down (or blank cells).  None when ``row`` is a row of
    its own."""
    if not cells:
        return None
    first = min(c.col for c in cells)
    last = max(c.col + c.span for c in cells)
    out: list[Cell] = []
    for c in row:
        if c is label or any(c is v for v in cells):
            continue  # (merged down from the row above)
        if label_key(c, labels) is not None or label_and_value(c, labels) is not None:
            return None
        if first <= c.col and c.col + c.span <= last:
            out.append(c)
        elif "".join(c.lines).strip():
            return None
    return out


def sub_labels(
    row: Sequence[Cell], start: int, subs: Mapping[str, FormField]
) -> list[tuple[int, FormField, tuple[str, list[str]] | None]]:
    """The sub-label cells of a group's row from ``start`` on, by index,
    each with its sub-field and the value typed after the label in the
    cell, if any."""
    out: list[tuple[int, FormField, tuple[str, list[str]] | None]] = []
    for k, cell in enumerate(row[start:], start=start):
        key = label_key(cell, subs)
        sub = subs[key] if key is not None else None
        inline = label_and_value(cell, subs) if sub is None else None
        sub = subs[inline[0]] if inline is not None else sub
        if sub is not None:
            out.append((k, sub, inline))
    return out


def sub_value_cells(
    row: Sequence[Cell],
    k: int,
    below: Sequence[Cell],
    subs: Mapping[str, FormField],
    group_cell: Cell,
) -> list[Cell]:
    """The value cell of the sub-label ``row[k]``: the cell below it (at its
    grid column, else the merged cell that spans it) or, retyped side by
    side (姓名 | 张明 | 职务 | 主任 ...), the next cell of its row."""
    col = row[k].col
    under = [c for c in below if c.col == col and c is not group_cell] or [
        c for c in below if c.col < col < c.col + c.span and c is not group_cell
    ]
    # (A value cell that is the sub-label's own label again is its value,
    # typed as the label: read.value-is-label.)
    if under and label_key(under[0], subs) in (None, label_key(row[k], subs)):
        return under[:1]
    nxt = row[k + 1] if k + 1 < len(row) else None
    return [nxt] if nxt is not None and label_key(nxt, subs) is None else []


# -- the form's tables in the body ---------------------------------------------------


def frame(t: Any) -> bool:
    """Whether the table ``t`` is a frame drawn round the form: one row of
    one cell that holds a table (the form's table, or the whole form).  Its
    content is read as if the frame were not there."""
    rows = [tr for tr in t.iter(TR) if own(tr, t, TBL)]
    if len(rows) != 1:
        return False
    cells = [tc for tc in rows[0].iter(TC) if own(tc, rows[0], TR)]
    return len(cells) == 1 and any(own(inner, cells[0], TC) for inner in cells[0].iter(TBL))


def in_table(p: Any, body: Any, frames: Set[Any]) -> bool:
    """Whether the paragraph ``p`` of ``body`` is in a table (not a frame)."""
    node = p.getparent()
    while node is not None and node is not body:
        if node.tag == TBL and node not in frames:
            return True
        node = node.getparent()
    return False


def top_table(t: Any, body: Any, frames: Set[Any]) -> bool:
    """Whether ``t`` is a table of the form: in no other table but a frame,
    and no fallback copy (a table in a text box is one: the form laid out
    in a text box)."""
    node = t.getparent()
    while node is not None and node is not body:
        if node.tag == TBL and node in frames:
            node = node.getparent()
            continue
        if node.tag == TBL or node.tag == f"{{{MC}}}Fallback":
            return False
        node = node.getparent()
    return True


# -- a value typed into its label cell ---------------------------------------------


#: A number given to a label at the start of a cell, as typed (not squashed).
_NUMBER_BEFORE: Final = (
    r"(?:第\s*[一二三四五六七八九十0-9０-９]{1,3}\s*[项条]"
    r"|[（(]?\s*(?:[一二三四五六七八九十]{1,3}|[0-9０-９]{1,2})\s*[）)、.．]"
    r"|[①-⑳])"
)


#: A circled number and a short note in brackets after a label, as typed.
_NOTE_AFTER: Final = r"[①-⑳]?(?:\s*[（(][^）)\n]{0,12}[）)])?"


@lru_cache(maxsize=256)
def _inline_pattern(key: str, noted: bool = True) -> re.Pattern[str]:
    """A label (its squashed ``key``) at the start of a cell, with any white
    space between its characters and an optional short note in brackets
    (unless not ``noted``: a label without the edition's note, :class:`Labels`),
    then a separator — ``：``, ``:`` or white space — and the value."""
    chars = r"\s*".join(_either_width(ch) for ch in key)
    mark = f"(?:[{REQUIRED_MARKS}＊]\\s*)?(?:{_NUMBER_BEFORE}\\s*)?"
    note = _NOTE_AFTER if noted else "[①-⑳]?"
    # One white-space quantifier at each place, so that a cell of a label
    # and a long run of blanks fails in linear time.
    colon = f"[{COLONS}]"
    return re.compile(
        r"\s*" + mark + chars + note + rf"(?:\s*{colon}\s*|\s+)([^\s{COLONS}].*)", re.DOTALL
    )


@lru_cache(maxsize=256)
def _own_label_pattern(key: str, noted: bool) -> re.Pattern[str]:
    """A label (its squashed ``key``) at the start of a value, then a colon
    and the rest (which may be nothing); a note after it as in
    :func:`_inline_pattern`."""
    chars = r"\s*".join(_either_width(ch) for ch in key)
    mark = f"(?:[{REQUIRED_MARKS}＊]\\s*)?(?:{_NUMBER_BEFORE}\\s*)?"
    note = _NOTE_AFTER if noted else "[①-⑳]?"
    return re.compile(r"\s*" + mark + chars + note + rf"\s*[{COLONS}]\s*(.*)", re.DOTALL)


def without_own_label(f: FormField, lines: Sequence[str]) -> list[str]:
    """``lines`` of a value cell without the field's own label typed again
    before the value, with a colon (``项目名称：海洋科普联盟`` in the cell
    after 项目名称; ``项目基础：`` as a first line): the clerk's value is
    what follows.  (A label without its note in brackets too.)"""
    text = strip_invisible("\n".join(lines))
    key = squash(f.label.zh)
    m = LABEL_NOTE.search(key)
    for k in (key, key[: m.start()] if m is not None and m.start() > 0 else ""):
        found = _own_label_pattern(k, k == key).fullmatch(text) if k else None
        if found is not None:
            return found.group(1).split("\n")
    return list(lines)


def _either_width(ch: str) -> str:
    """``ch`` (half width, as :func:`squash` leaves it) or its full-width form."""
    if "!" <= ch <= "~":
        return f"[{re.escape(ch)}{re.escape(chr(ord(ch) + 0xFEE0))}]"
    return re.escape(ch)


def label_and_value(cell: Cell, keys: Iterable[str]) -> tuple[str, list[str]] | None:
    """``(key, paragraphs)`` when ``cell`` holds one of the labels ``keys``
    (squashed) followed by a value, as units type it when they fill the form
    in the label cell: ``项目名称：海洋科普联盟``, ``项目名称 海洋科普联盟``.
    The longest label wins; None when the cell holds no such label and value.
    (Invisible characters are not looked at, as in :func:`squash`.)"""
    text = strip_invisible("\n".join(cell.paragraphs))
    bare = keys.bare if isinstance(keys, Labels) else frozenset()
    for key in sorted((k for k in keys if k), key=len, reverse=True):
        m = _inline_pattern(key, key not in bare).fullmatch(text)
        if m is not None:
            return key, m.group(1).split("\n")
    return None
