"""Text a style hides, made direct formatting before a form is read.

Word hides text through a style too: a character style (``w:rStyle``) or a
paragraph style (``w:pStyle``) or the style of the table a paragraph is in
(``w:tblStyle``) whose run properties hold ``w:vanish`` or
``w:specVanish`` (or the styles it is based on, ``w:basedOn``), or the
document's default run properties.  :func:`hide_styled` resolves them from
the styles part and writes ``w:vanish`` into the properties of each run and
paragraph mark they hide whose own formatting says nothing, so that reading
(:mod:`reform_brand.docxml`) needs no styles.

``w:vanish`` is a toggle property (ECMA-376 Part 1, 17.7.3): a style's value
is the nearest one along its ``w:basedOn`` chain; the default, the table
style, the paragraph style and the character style each turn it over when they set it; direct
formatting is absolute.  A paragraph with no style, or one the styles part
does not define, has the default paragraph style, as in Word.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any, Final

from reform_brand.docxml import RPR, TBL, P, R, hidden, own, q, transitional

__all__ = ["hide_styled", "styles_part"]

_RELS_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_PPR: Final = q("pPr")
#: The most styles followed along one ``w:basedOn`` chain (Word allows no
#: loop; a damaged file may hold one).
_MAX_DEPTH: Final = 64


def _safe_parser() -> Any:
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def styles_part(part: Callable[[str], bytes], main: str) -> bytes | None:
    """The styles part of the main document part ``main`` of a package whose
    parts ``part(name)`` gives, found through the main part's relationships
    (None: none, or it cannot be read, and no style hides text)."""
    from lxml import etree

    folder, _, name = main.rpartition("/")
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    try:
        rels = etree.fromstring(part(rels_name), _safe_parser())
    except Exception:  # (no relationships, or damaged: no styles)
        return None
    for rel in rels.iter(f"{{{_RELS_NS}}}Relationship"):
        if not rel.get("Type", "").endswith("/styles") or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        try:
            data: bytes = part(posixpath.normpath(path))
        except Exception:
            return None
        return data
    return None


class _Styles:
    """Whether each style hides text (``w:vanish`` along its chain)."""

    def __init__(self, root: Any) -> None:
        #: (type, id) -> (basedOn, own value or None)
        self._own: dict[tuple[str, str], tuple[str, bool | None]] = {}
        self._default: dict[str, str] = {}
        self._memo: dict[tuple[str, str], bool] = {}
        for style in root.iterchildren(q("style")):
            kind, sid = style.get(q("type"), "paragraph"), style.get(q("styleId"), "")
            based = style.find(q("basedOn"))
            self._own[(kind, sid)] = (
                based.get(q("val"), "") if based is not None else "",
                hidden(style.find(RPR)),
            )
            if style.get(q("default"), "").lower() in ("1", "true", "on"):
                self._default.setdefault(kind, sid)
        defaults = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{RPR}")
        #: The document's default: on or off (absolute, not a toggle).
        self.base = bool(hidden(defaults))

    def hides(self, kind: str, sid: str | None) -> bool:
        """Whether the style ``sid`` of ``kind`` (None: the default style)
        turns hidden text over."""
        key = (kind, sid if sid is not None and (kind, sid) in self._own else "")
        if not key[1]:
            key = (kind, self._default.get(kind, ""))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._chain(key)
        return found

    def _chain(self, key: tuple[str, str]) -> bool:
        for _ in range(_MAX_DEPTH):
            entry = self._own.get(key)
            if entry is None:
                return False
            based, value = entry
            if value is not None:
                return value
            key = (key[0], based)
        return False

    def table(self, tbl: Any) -> bool:
        """Whether the table style of ``tbl`` (a ``w:tbl``; its own
        ``w:tblStyle``, else the default table style) turns hidden text
        over for the paragraphs in it.  (Its conditional formatting,
        ``w:tblStylePr`` of a first row or column, is not resolved.)"""
        pr = tbl.find(q("tblPr"))
        return self.hides("table", _val(pr, "tblStyle"))

    def any_hidden(self) -> bool:
        return self.base or any(self._chain(key) for key in self._own)


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
    tables: dict[Any, bool] = {}
    for p in body.iter(P):
        ppr = p.find(_PPR)
        para = resolved.base ^ _in_table(p, body, resolved, tables)
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


def _in_table(p: Any, body: Any, resolved: _Styles, tables: dict[Any, bool]) -> bool:
    """Whether the style of the table ``p`` is in (the nearest) turns hidden
    text over, as a paragraph style does (``tables`` remembers each)."""
    node = p.getparent()
    while node is not None and node is not body:
        if node.tag == TBL:
            found = tables.get(node)
            if found is None:
                found = tables[node] = resolved.table(node)
            return found
        node = node.getparent()
    return False
