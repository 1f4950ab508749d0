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

A table style hides the parts of its table it formats apart as
:mod:`reform_brand.doctables` finds them, each part's value the nearest
along the ``w:basedOn`` chain; the table style's value in a cell is the
last part that sets one, else the style's own.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any, Final

from reform_brand._zipmember import RELS_NS
from reform_brand.docfonts import symbol_styled
from reform_brand.doctables import Table, TableStyles, cell_of
from reform_brand.docxml import MC, RPR, P, R, hidden, own, q, transitional

__all__ = [
    "first_choices",
    "hide_styled",
    "related_part",
    "relationship_targets",
    "styled",
    "styles_part",
]

_PPR: Final = q("pPr")


def _safe_parser() -> Any:
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def styles_part(part: Callable[[str], bytes], main: str) -> bytes | None:
    """The styles part of the main document part ``main`` of a package whose
    parts ``part(name)`` gives, found through the main part's relationships
    (None: none, or it cannot be read, and no style hides text)."""
    return related_part(part, main, "styles")


def relationship_targets(part: Callable[[str], bytes], main: str) -> dict[str, str]:
    """The parts the main document part ``main`` of a package whose parts
    ``part(name)`` gives relates to, by relationship id (none when its
    relationships cannot be read; external targets left out)."""
    from lxml import etree

    folder, _, name = main.rpartition("/")
    try:
        rels = etree.fromstring(
            part(posixpath.join(folder, "_rels", f"{name}.rels")), _safe_parser()
        )
    except Exception:  # (no relationships, or damaged: no such part)
        return {}
    out: dict[str, str] = {}
    for rel in rels.iter(f"{{{RELS_NS}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External":
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[rel.get("Id", "")] = posixpath.normpath(path)
    return out


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
    for rel in rels.iter(f"{{{RELS_NS}}}Relationship"):
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


class _Styles(TableStyles["bool | None"]):
    """Whether each style hides text (``w:vanish`` along its chain)."""

    def __init__(self, root: Any) -> None:
        self._memo: dict[tuple[str, str], bool] = {}
        super().__init__(root, hidden)
        defaults = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{RPR}")
        #: The document's default: on or off (absolute, not a toggle).
        self.base = bool(hidden(defaults))

    def hides(self, kind: str, sid: str | None) -> bool:
        """Whether the style ``sid`` of ``kind`` (None: the default style)
        turns hidden text over."""
        key = self.key(kind, sid)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = next((v for v in self.chain(key) if v is not None), False)
        return found

    def part(self, sid: str, part: str) -> bool | None:
        """The value the part ``part`` (``firstRow``...) of the table style
        ``sid`` gives hidden text, the nearest along its chain (None: none
        sets it)."""
        return next((v for v in self.part_chain(sid, part) if v is not None), None)

    def any_hidden(self) -> bool:
        return self.base or any(self.hides(*key) for key in self.own) or any(self.part_values())


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
    when needed), sets (:func:`reform_brand.docfonts.symbol_styled`).  Of
    content given in several alternatives, the one reading understands is
    kept (:func:`first_choices`)."""
    if main is None or b"Choice" in main:
        first_choices(body)
    hide_styled(body, styles)
    symbol_styled(body, styles, theme, main)


#: One alternative of an ``mc:AlternateContent``.
_CHOICE: Final = f"{{{MC}}}Choice"
_FALLBACK: Final = f"{{{MC}}}Fallback"
#: The namespaces a choice may require that reading understands: Word's
#: (and Office Math's), Word 2010's and 2013's additions to them, and the
#: shapes, groups and canvases whose text boxes (``w:txbxContent``) it reads.
_UNDERSTOOD: Final = frozenset({
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/word/2012/wordml",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
})  # fmt: skip


def _understood(choice: Any) -> bool:
    """Whether reading understands every namespace the ``mc:Choice``
    ``choice`` requires (``Requires``: prefixes, declared where it is)."""
    declared = choice.nsmap
    return all(declared.get(name) in _UNDERSTOOD for name in choice.get("Requires", "").split())


def first_choices(body: Any) -> None:
    """Keep in ``body`` of every ``mc:AlternateContent`` the alternative
    reading reads, as ECMA-376 Part 3 (10.2) has a consumer choose: the first
    ``mc:Choice`` whose required namespaces it understands (the others
    taken out: the text of a second choice was read as well), else the
    ``mc:Fallback``, put in its place (a choice requiring what reading does
    not understand was read instead of it)."""
    for alternate in list(body.iter(f"{{{MC}}}AlternateContent")):
        choices = [el for el in alternate if el.tag == _CHOICE]
        chosen = next((el for el in choices if _understood(el)), None)
        for other in choices:
            if other is not chosen:
                alternate.remove(other)
        fallback = next(alternate.iterchildren(_FALLBACK), None)
        parent = alternate.getparent()
        if chosen is None and fallback is not None and parent is not None:
            at = parent.index(alternate)
            parent[at : at + 1] = list(fallback)


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


class _Tables:
    """Whether the table style of the cell a paragraph is in turns hidden
    text over, as a paragraph style does (each table and cell once)."""

    def __init__(self, resolved: _Styles) -> None:
        self.resolved = resolved
        self.tables: dict[Any, Table] = {}
        self.cells: dict[Any, bool] = {}

    def hides(self, p: Any, body: Any) -> bool:
        """For paragraph ``p`` of ``body``: its nearest table's style, in
        the part of the table its cell is in."""
        found = cell_of(p, body)
        return self._cell(*found) if found is not None else False

    def _cell(self, tbl: Any, tr: Any, tc: Any) -> bool:
        key = tc if tc is not None else tbl
        found = self.cells.get(key)
        if found is None:
            found = self.cells[key] = self._resolve(tbl, tr, tc)
        return found

    def _resolve(self, tbl: Any, tr: Any, tc: Any) -> bool:
        table = self.tables.get(tbl)
        if table is None:
            table = self.tables[tbl] = Table(tbl, self.resolved)
        if tr is not None and tc is not None:
            for part in reversed(table.parts(tr, tc)):
                value = self.resolved.part(table.sid, part)
                if value is not None:
                    return value
        return self.resolved.hides("table", table.sid or None)
