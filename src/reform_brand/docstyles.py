"""Text a style hides, made direct formatting before a document's text is
read: a filled form (:mod:`reform_brand.office`), or the text of an attached
.docx (:func:`reform_brand.safeopen.docx_text`), alike.

Word hides text through a style too: a character style (``w:rStyle``) or a
paragraph style (``w:pStyle``) or the style of the table a paragraph is in
(``w:tblStyle``) whose run properties hold ``w:vanish`` or
``w:specVanish`` (or the styles it is based on, ``w:basedOn``), or the
document's default run properties.  :func:`hide_styled` resolves them from
the styles part and writes ``w:vanish`` into the properties of each run and
paragraph mark they hide whose own formatting says nothing, so that reading
(:mod:`reform_brand.docxml`) needs no styles.  :func:`styled` does so and
makes the symbol font a style sets direct formatting too
(:mod:`reform_brand.docfonts`): what reading is given.

``w:vanish`` is a toggle property (ECMA-376 Part 1, 17.7.3): a style's value
is the nearest one along its ``w:basedOn`` chain; the default, the table
style, the paragraph style and the character style each turn it over when they set it; direct
formatting is absolute.  A paragraph with no style, or one the styles part
does not define, has the default paragraph style, as in Word.

A table style formats parts of its table apart (``w:tblStylePr``: the first
and last rows and columns, the corner cells, odd and even bands of rows and
of columns), each part as the table's ``w:tblLook`` turns it on (the header
row is no band, nor the first column; bands are ``w:tblStyleRowBandSize``
rows wide), or a row's own (``w:tblPrEx``); where Word marked a row or a
cell with the parts it is in (``w:cnfStyle``), the row's mark says its
rows' parts (the first and last rows, the bands of rows) and the cell's
its columns' parts and corners.  The parts a cell is in are applied as Word applies them, a
later one over an earlier (MS-OI29500 2.1.252): the whole table, the bands
of rows, the bands of columns, the first and last columns, the first and
last rows, the corners; each part's value is the nearest along the
``w:basedOn`` chain, and the table style's value in a cell is the last part
that sets one, else the style's own.  A row's or a cell's position is
counted in its table's rows and its row's cells (a cell merged across
columns is one).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any, Final

from reform_brand.docfonts import symbol_styled
from reform_brand.docxml import (
    MAX_CHAIN,
    RPR,
    TBL,
    TC,
    TR,
    P,
    R,
    StyleChains,
    hidden,
    own,
    q,
    transitional,
)

__all__ = ["hide_styled", "related_part", "styled", "styles_part"]

_RELS_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_PPR: Final = q("pPr")
#: The parts of a table a table style formats apart (``w:tblStylePr``), in
#: the order Word applies them: a later one over an earlier.
_PARTS: Final = (
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
_ROW_PARTS: Final = frozenset({"firstRow", "lastRow", "band1Horz", "band2Horz"})
_COL_PARTS: Final = frozenset({"firstCol", "lastCol", "band1Vert", "band2Vert"})
_CORNERS: Final = {
    "nwCell": ("firstRow", "firstCol"),
    "neCell": ("firstRow", "lastCol"),
    "swCell": ("lastRow", "firstCol"),
    "seCell": ("lastRow", "lastCol"),
}


def _safe_parser() -> Any:
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def styles_part(part: Callable[[str], bytes], main: str) -> bytes | None:
    """The styles part of the main document part ``main`` of a package whose
    parts ``part(name)`` gives, found through the main part's relationships
    (None: none, or it cannot be read, and no style hides text)."""
    return related_part(part, main, "styles")


def related_part(part: Callable[[str], bytes], main: str, kind: str) -> bytes | None:
    """The part of type ``kind`` (``styles``, ``theme``) the main document
    part ``main`` of a package whose parts ``part(name)`` gives relates to
    (None: none, or it cannot be read)."""
    from lxml import etree

    folder, _, name = main.rpartition("/")
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    try:
        rels = etree.fromstring(part(rels_name), _safe_parser())
    except Exception:  # (no relationships, or damaged: no such part)
        return None
    for rel in rels.iter(f"{{{_RELS_NS}}}Relationship"):
        if not rel.get("Type", "").endswith(f"/{kind}") or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        try:
            data: bytes = part(posixpath.normpath(path))
        except Exception:
            return None
        return data
    return None


class _Styles(StyleChains["bool | None"]):
    """Whether each style hides text (``w:vanish`` along its chain)."""

    def __init__(self, root: Any) -> None:
        self._memo: dict[tuple[str, str], bool] = {}
        #: table style id -> its parts' own values (``w:tblStylePr``) and
        #: band sizes (``row``, ``col``: ``w:tblStyleRowBandSize``...).
        self._parts: dict[str, dict[str, bool | None]] = {}
        self._sizes: dict[str, dict[str, int]] = {}
        super().__init__(root, hidden)
        defaults = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{RPR}")
        #: The document's default: on or off (absolute, not a toggle).
        self.base = bool(hidden(defaults))

    def read(self, kind: str, sid: str, style: Any) -> None:
        if kind == "table":
            self._parts[sid] = {
                part.get(q("type"), ""): hidden(part.find(RPR))
                for part in style.iterchildren(q("tblStylePr"))
            }
            self._sizes[sid] = _band_sizes(style.find(q("tblPr")))

    def hides(self, kind: str, sid: str | None) -> bool:
        """Whether the style ``sid`` of ``kind`` (None: the default style)
        turns hidden text over."""
        key = self.key(kind, sid)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = next((v for v in self.chain(key) if v is not None), False)
        return found

    def table_id(self, tbl: Any) -> str:
        """The id of the table style of ``tbl`` (a ``w:tbl``): its own
        ``w:tblStyle`` when the styles part defines it, else the default
        table style ("" for none)."""
        sid = _val(tbl.find(q("tblPr")), "tblStyle")
        if sid is not None and ("table", sid) in self.own:
            return sid
        return self.default.get("table", "")

    def part(self, sid: str, part: str) -> bool | None:
        """The value the part ``part`` (``firstRow``...) of the table style
        ``sid`` gives hidden text, the nearest along its chain (None: none
        sets it)."""
        for _ in range(MAX_CHAIN):
            value = self._parts.get(sid, {}).get(part)
            if value is not None or ("table", sid) not in self.own:
                return value
            sid = self.own[("table", sid)][0]
        return None

    def band_size(self, sid: str, which: str) -> int:
        """The rows (``row``) or columns (``col``) of a band of the table
        style ``sid``, the nearest along its chain (1 when none says)."""
        for _ in range(MAX_CHAIN):
            size = self._sizes.get(sid, {}).get(which)
            if size is not None or ("table", sid) not in self.own:
                return size or 1
            sid = self.own[("table", sid)][0]
        return 1

    def any_hidden(self) -> bool:
        return (
            self.base
            or any(self.hides(*key) for key in self.own)
            or any(any(parts.values()) for parts in self._parts.values())
        )


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


def _hide(holder: Any) -> None:
    """``w:vanish`` written into the run properties of ``holder`` (a
    ``w:r``, or a ``w:pPr`` for the paragraph mark), made if need be."""
    from lxml import etree

    rpr = holder.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        holder.insert(0 if holder.tag == R else len(holder), rpr)
    etree.SubElement(rpr, q("vanish"))


def styled(
    body: Any,
    styles: bytes | None,
    theme: Callable[[], bytes | None] | None = None,
    main: bytes | None = None,
) -> None:
    """Make in ``body`` (a ``w:body``, parsed from ``main`` when that is
    given) the formatting of the styles part ``styles`` that reading looks
    at direct formatting: the text a style hides (:func:`hide_styled`) and
    the symbol font a style, or the theme part ``theme()`` gives (read only
    when needed), sets (:func:`reform_brand.docfonts.symbol_styled`)."""
    hide_styled(body, styles)
    symbol_styled(body, styles, theme, main)


def hide_styled(body: Any, styles: bytes | None) -> None:
    """Mark in ``body`` (a ``w:body``) the runs and paragraph marks hidden
    by the styles part ``styles`` as if formatted so directly (see the
    module).  A styles part that cannot be read hides nothing."""
    if not styles or b"anish" not in styles:  # (w:vanish, w:specVanish)
        return
    from lxml import etree

    try:
        root = etree.fromstring(transitional(styles), _safe_parser())
    except etree.XMLSyntaxError:
        return
    resolved = _Styles(root)
    if not resolved.any_hidden():
        return
    tables = _Tables(resolved)
    for p in body.iter(P):
        ppr = p.find(_PPR)
        para = resolved.base ^ tables.hides(p, body)
        para ^= resolved.hides("paragraph", _val(ppr, "pStyle"))
        mark = ppr.find(RPR) if ppr is not None else None
        if hidden(mark) is None and para ^ resolved.hides("character", _val(mark, "rStyle")):
            if ppr is None:
                ppr = etree.Element(_PPR)
                p.insert(0, ppr)
            _hide(ppr)
        _hide_runs(p, para, resolved)


def _hide_runs(p: Any, para: bool, resolved: _Styles) -> None:
    for r in p.iter(R):
        if not own(r, p, P):
            continue  # (a paragraph of a text box in it: its own styles)
        rpr = r.find(RPR)
        if hidden(rpr) is None and para ^ resolved.hides("character", _val(rpr, "rStyle")):
            _hide(r)


class _Table:
    """Where each row and cell of one ``w:tbl`` is, for its style's parts."""

    def __init__(self, tbl: Any, resolved: _Styles) -> None:
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
        :data:`_PARTS` order: as the row's ``w:cnfStyle`` says for the rows'
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
            on = (on - _ROW_PARTS) | (row & _ROW_PARTS) | ((cell or set()) & _ROW_PARTS)
        if cell is not None:
            on = (on - _COL_PARTS - _CORNERS.keys()) | (cell - _ROW_PARTS)
        elif row is not None:  # the corners of the rows' parts said
            on = (on - _CORNERS.keys()) | {k for k, (a, b) in _CORNERS.items() if {a, b} <= on}
        return ["wholeTable", *(part for part in _PARTS if part in on)]

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
        return [name for name, yes in zip(_PARTS[5:], on, strict=True) if yes]


def _repeats(tr: Any) -> bool:
    """Whether row ``tr`` repeats as a header row (``w:tblHeader``)."""
    pr = tr.find(q("trPr"))
    el = pr.find(q("tblHeader")) if pr is not None else None
    return el is not None and el.get(q("val"), "true").strip().lower() not in _OFF


class _Tables:
    """Whether the table style of the cell a paragraph is in turns hidden
    text over, as a paragraph style does (each table and cell once)."""

    def __init__(self, resolved: _Styles) -> None:
        self.resolved = resolved
        self.tables: dict[Any, _Table] = {}
        self.cells: dict[Any, bool] = {}

    def hides(self, p: Any, body: Any) -> bool:
        """For paragraph ``p`` of ``body``: its nearest table's style, in
        the part of the table its cell is in."""
        tc = tr = None
        node = p.getparent()
        while node is not None and node is not body:
            if node.tag == TC and tc is None:
                tc = node
            elif node.tag == TR and tr is None:
                tr = node
            elif node.tag == TBL:
                return self._cell(node, tr, tc)
            node = node.getparent()
        return False

    def _cell(self, tbl: Any, tr: Any, tc: Any) -> bool:
        key = tc if tc is not None else tbl
        found = self.cells.get(key)
        if found is None:
            found = self.cells[key] = self._resolve(tbl, tr, tc)
        return found

    def _resolve(self, tbl: Any, tr: Any, tc: Any) -> bool:
        table = self.tables.get(tbl)
        if table is None:
            table = self.tables[tbl] = _Table(tbl, self.resolved)
        if tr is not None and tc is not None:
            for part in reversed(table.parts(tr, tc)):
                value = self.resolved.part(table.sid, part)
                if value is not None:
                    return value
        return self.resolved.hides("table", table.sid or None)
