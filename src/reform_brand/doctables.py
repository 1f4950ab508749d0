"""The parts of a table its table style formats apart, shared by the
formatting a style makes direct before a document's text is read: the text
a table style hides (:mod:`reform_brand.docstyles`) and the symbol font it
sets (:mod:`reform_brand.docfonts`).

A table style formats parts of its table apart (``w:tblStylePr``: the first
and last rows and columns, the corner cells, odd and even bands of rows and
of columns), each part as the table's ``w:tblLook`` turns it on (the header
row is no band, nor the first column; bands are ``w:tblStyleRowBandSize``
rows wide), or a row's own (``w:tblPrEx``); where Word marked a row or a
cell with the parts it is in (``w:cnfStyle``), the row's mark says its
rows' parts (the first and last rows, the bands of rows) and the cell's
its columns' parts and corners.  The parts a cell is in are applied as Word
applies them, a later one over an earlier (MS-OI29500 2.1.252): the whole
table, the bands of rows, the bands of columns, the first and last
columns, the first and last rows, the corners.  A row's or a cell's
position is counted in its table's rows and its row's cells (a cell merged
across columns is one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final, TypeVar

from reform_brand.docxml import MAX_CHAIN, RPR, TBL, TC, TR, StyleChains, own, q

__all__ = ["PARTS", "Table", "TableStyles", "cell_of"]

V = TypeVar("V")
_TEXT_BOX: Final = q("txbxContent")

#: The parts of a table a table style formats apart (``w:tblStylePr``), in
#: the order Word applies them: a later one over an earlier.
PARTS: Final = (
    "wholeTable",
    "band1Horz",
    "band2Horz",
    "band1Vert",
    "band2Vert",
    "firstCol",
    "lastCol",
    "firstRow",
    "lastRow",
    "nwCell",
    "neCell",
    "swCell",
    "seCell",
)
#: ``w:tblLook``'s flags and their bits in its older ``w:val``.
_LOOK: Final = {
    "firstRow": 0x0020,
    "lastRow": 0x0040,
    "firstColumn": 0x0080,
    "lastColumn": 0x0100,
    "noHBand": 0x0200,
    "noVBand": 0x0400,
}
_OFF: Final = frozenset({"0", "false", "off"})
#: The parts ``w:cnfStyle`` says a row or a cell is in: by its attributes,
#: in the order of the digits of its older ``w:val``.
_CNF: Final = (
    ("firstRow", "firstRow"),
    ("lastRow", "lastRow"),
    ("firstColumn", "firstCol"),
    ("lastColumn", "lastCol"),
    ("oddVBand", "band1Vert"),
    ("evenVBand", "band2Vert"),
    ("oddHBand", "band1Horz"),
    ("evenHBand", "band2Horz"),
    ("firstRowFirstColumn", "nwCell"),
    ("firstRowLastColumn", "neCell"),
    ("lastRowFirstColumn", "swCell"),
    ("lastRowLastColumn", "seCell"),
)
#: The parts of a row (the first and last rows, the bands of rows), of a
#: column, and the corners.
_ROWPARTS: Final = frozenset({"firstRow", "lastRow", "band1Horz", "band2Horz"})
_COLPARTS: Final = frozenset({"firstCol", "lastCol", "band1Vert", "band2Vert"})
_CORNERS: Final = {
    "nwCell": ("firstRow", "firstCol"),
    "neCell": ("firstRow", "lastCol"),
    "swCell": ("lastRow", "firstCol"),
    "seCell": ("lastRow", "lastCol"),
}


class TableStyles(StyleChains[V]):
    """The styles of a ``w:styles`` part (:class:`StyleChains`) and, of each
    table style, what each part it formats apart (``w:tblStylePr``) sets
    (``own`` of its ``w:rPr``) and its band sizes."""

    def __init__(self, root: Any, own: Callable[[Any], V]) -> None:
        #: table style id -> its parts' own values and band sizes (``row``,
        #: ``col``: ``w:tblStyleRowBandSize``...).
        self._parts: dict[str, dict[str, V]] = {}
        self._sizes: dict[str, dict[str, int]] = {}
        self._own_part = own
        super().__init__(root, own)

    def read(self, kind: str, sid: str, style: Any) -> None:
        if kind == "table":
            self._parts[sid] = {
                part.get(q("type"), ""): self._own_part(part.find(RPR))
                for part in style.iterchildren(q("tblStylePr"))
            }
            self._sizes[sid] = _band_sizes(style.find(q("tblPr")))

    def table_id(self, tbl: Any) -> str:
        """The id of the table style of ``tbl`` (a ``w:tbl``): its own
        ``w:tblStyle`` when the styles part defines it, else the default
        table style ("" for none)."""
        sid = _val(tbl.find(q("tblPr")), "tblStyle")
        if sid is not None and ("table", sid) in self.own:
            return sid
        return self.default.get("table", "")

    def part_chain(self, sid: str, part: str) -> Iterator[V]:
        """What the part ``part`` (``firstRow``...) of the table style
        ``sid`` sets, along its chain, its own first (the styles that do
        not format it left out)."""
        for _ in range(MAX_CHAIN):
            values = self._parts.get(sid, {})
            if part in values:
                yield values[part]
            if ("table", sid) not in self.own:
                return
            sid = self.own[("table", sid)][0]

    def part_values(self) -> Iterator[V]:
        """What every part of every table style sets."""
        for parts in self._parts.values():
            yield from parts.values()

    def band_size(self, sid: str, which: str) -> int:
        """The rows (``row``) or columns (``col``) of a band of the table
        style ``sid``, the nearest along its chain (1 when none says)."""
        for _ in range(MAX_CHAIN):
            size = self._sizes.get(sid, {}).get(which)
            if size is not None or ("table", sid) not in self.own:
                return size or 1
            sid = self.own[("table", sid)][0]
        return 1


def cell_of(p: Any, body: Any) -> tuple[Any, Any, Any] | None:
    """The nearest table of paragraph ``p`` of ``body``, and the row and the
    cell of it ``p`` is in (None for each not found): None outside tables,
    and for a paragraph of a text box (its own story, though anchored in a
    cell)."""
    tc = tr = None
    node = p.getparent()
    while node is not None and node is not body:
        if node.tag == _TEXT_BOX:
            return None
        if node.tag == TC and tc is None:
            tc = node
        elif node.tag == TR and tr is None:
            tr = node
        elif node.tag == TBL:
            return node, tr, tc
        node = node.getparent()
    return None


def _band_sizes(tblpr: Any) -> dict[str, int]:
    """The band sizes a ``w:tblPr`` (or None) sets: ``row``, ``col``."""
    sizes: dict[str, int] = {}
    for which, child in (("row", "tblStyleRowBandSize"), ("col", "tblStyleColBandSize")):
        text = _val(tblpr, child)
        if text is not None and text.strip().isdigit() and int(text) > 0:
            sizes[which] = int(text)
    return sizes


def _look(tblpr: Any) -> dict[str, bool]:
    """The flags of the ``w:tblLook`` of a ``w:tblPr`` (or None): each its
    attribute, else its bit in ``w:val``; none set when there is none."""
    el = tblpr.find(q("tblLook")) if tblpr is not None else None
    if el is None:
        return dict.fromkeys(_LOOK, False)
    try:
        bits = int(el.get(q("val"), "0"), 16)
    except ValueError:
        bits = 0
    look: dict[str, bool] = {}
    for name, bit in _LOOK.items():
        said = el.get(q(name))
        look[name] = said.strip().lower() not in _OFF if said is not None else bool(bits & bit)
    return look


def _cnf(props: Any) -> frozenset[str] | None:
    """The parts the ``w:cnfStyle`` of a ``w:trPr`` or ``w:tcPr`` (or None)
    says its row or cell is in: each its attribute, else its digit in
    ``w:val``; None when there is none."""
    el = props.find(q("cnfStyle")) if props is not None else None
    if el is None:
        return None
    digits = str(el.get(q("val"), "")).strip()
    on: set[str] = set()
    for i, (name, part) in enumerate(_CNF):
        said = el.get(q(name))
        if said is not None:
            yes = said.strip().lower() not in _OFF
        else:
            yes = i < len(digits) and digits[i] == "1"
        if yes:
            on.add(part)
    return frozenset(on)


def _val(props: Any, child: str) -> str | None:
    el = props.find(q(child)) if props is not None else None
    return el.get(q("val")) if el is not None else None


class Table:
    """Where each row and cell of one ``w:tbl`` is, for its style's parts."""

    def __init__(self, tbl: Any, resolved: TableStyles[Any]) -> None:
        self.sid = resolved.table_id(tbl)
        pr = tbl.find(q("tblPr"))
        self.look = _look(pr)
        own_sizes = _band_sizes(pr)
        self.row_band = own_sizes.get("row") or resolved.band_size(self.sid, "row")
        self.col_band = own_sizes.get("col") or resolved.band_size(self.sid, "col")
        self.rows = [tr for tr in tbl.iter(TR) if own(tr, tbl, TBL)]
        self.index = {tr: i for i, tr in enumerate(self.rows)}
        # The header rows: the first, and those marked to repeat after it.
        self.header = 1
        while self.header < len(self.rows) and _repeats(self.rows[self.header]):
            self.header += 1

    def parts(self, tr: Any, tc: Any) -> list[str]:
        """The parts of the table cell ``tc`` of row ``tr`` is in, in
        :data:`PARTS` order: as the row's ``w:cnfStyle`` says for the rows'
        parts, and the cell's for the columns' parts and the corners (Word
        keeps there which apply), else as the table's look turns them on
        (the row's own look, ``w:tblPrEx``, over the table's)."""
        r = self.index.get(tr, 0)
        cells = [c for c in tr.iter(TC) if own(c, tr, TR)]
        c = next((i for i, cell in enumerate(cells) if cell is tc), 0)
        look = self._look_of(tr)
        on = {*self._bands(r, c, look), *self._edges(r, c, len(cells), look)}
        row, cell = _cnf(tr.find(q("trPr"))), _cnf(tc.find(q("tcPr")))
        if row is not None:
            on = (on - _ROWPARTS) | (row & _ROWPARTS) | ((cell or set()) & _ROWPARTS)
        if cell is not None:
            on = (on - _COLPARTS - _CORNERS.keys()) | (cell - _ROWPARTS)
        elif row is not None:  # the corners of the rows' parts said
            on = (on - _CORNERS.keys()) | {k for k, (a, b) in _CORNERS.items() if {a, b} <= on}
        return ["wholeTable", *(part for part in PARTS if part in on)]

    def _look_of(self, tr: Any) -> dict[str, bool]:
        """The look of row ``tr``: its own (``w:tblPrEx``) or its table's."""
        ex = tr.find(q("tblPrEx"))
        if ex is not None and ex.find(q("tblLook")) is not None:
            return _look(ex)
        return self.look

    def _bands(self, r: int, c: int, look: dict[str, bool]) -> list[str]:
        """The bands of rows and of columns row ``r`` and cell ``c`` are in
        (the header rows and the first column are in none when formatted
        apart)."""
        found: list[str] = []
        band = r - (self.header if look["firstRow"] else 0)
        if not look["noHBand"] and band >= 0:
            found.append(f"band{band // self.row_band % 2 + 1}Horz")
        band = c - (1 if look["firstColumn"] else 0)
        if not look["noVBand"] and band >= 0:
            found.append(f"band{band // self.col_band % 2 + 1}Vert")
        return found

    def _edges(self, r: int, c: int, cells: int, look: dict[str, bool]) -> list[str]:
        """The first and last columns and rows and the corners row ``r`` and
        cell ``c`` (of ``cells``) are in."""
        rows = (look["firstRow"] and r < self.header, look["lastRow"] and r == len(self.rows) - 1)
        cols = (look["firstColumn"] and c == 0, look["lastColumn"] and c == cells - 1)
        on = [
            cols[0],
            cols[1],
            rows[0],
            rows[1],
            rows[0] and cols[0],
            rows[0] and cols[1],
            rows[1] and cols[0],
            rows[1] and cols[1],
        ]
        return [name for name, yes in zip(PARTS[5:], on, strict=True) if yes]


def _repeats(tr: Any) -> bool:
    """Whether row ``tr`` repeats as a header row (``w:tblHeader``)."""
    pr = tr.find(q("trPr"))
    el = pr.find(q("tblHeader")) if pr is not None else None
    return el is not None and el.get(q("val"), "true").strip().lower() not in _OFF
