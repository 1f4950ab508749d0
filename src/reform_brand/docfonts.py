"""A symbol font a style sets, made direct formatting before a document's
text is read: a filled form (:mod:`reform_brand.office`), or the text of an
attached .docx (:func:`reform_brand.safeopen.docx_text`), alike.

A character of a symbol font (``þ`` in Wingdings: a ticked box) is read as
the symbol it is drawn as when its run's own fonts (``w:rFonts``) name the
symbol font (:mod:`reform_brand.docxml`).  Word sets a run's fonts through
its styles too: the run properties of its character style (``w:rStyle``),
of its paragraph's style (``w:pStyle``; with none, the default paragraph
style), each along its ``w:basedOn`` chain, over the document's default run
properties (``w:docDefaults``).  :func:`symbol_styled` resolves them from
the styles part, each of ``w:rFonts``' fonts apart (``w:ascii``,
``w:hAnsi``, ``w:eastAsia``, ``w:cs``: the nearest that sets it), and where
a run's fonts so resolved name a symbol font, writes the fonts its own
formatting does not set into its ``w:rFonts``, so that reading needs no
styles.  A run whose own ``w:rFonts`` sets a font keeps it (a normal font
over a symbol style reads as typed).  Fonts are compared by
:func:`~reform_brand.docxml.font_key` (``WINGDINGS``, ``Wingdings2``).

Theme fonts (``w:asciiTheme``...) are not resolved: a font set through the
theme is never taken for a symbol font, and one that sets it stops the
search along the styles as a font would.  A table style's fonts and a
numbering level's are not looked at.

A document whose styles part names no symbol font (nearly every one) is not
parsed for it: a search of its bytes decides, so that reading an ordinary
form costs next to nothing more.
"""

from __future__ import annotations

from typing import Any, Final

from reform_brand.docxml import (
    RPR,
    SYMBOL_FONTS,
    P,
    R,
    StyleChains,
    font_key,
    own,
    q,
    transitional,
)

__all__ = ["symbol_styled"]

#: ``w:rFonts``' fonts and the theme attribute that overrides each.
_SLOTS: Final = (
    ("ascii", "asciiTheme"),
    ("hAnsi", "hAnsiTheme"),
    ("eastAsia", "eastAsiaTheme"),
    ("cs", "cstheme"),
)
_RFONTS: Final = q("rFonts")
_PPR: Final = q("pPr")
_RSTYLE: Final = q("rStyle")
#: What the name of each symbol font (:data:`SYMBOL_FONTS`) holds, lower
#: case: a styles part with none of them (in any case) is left alone
#: unparsed (two searches of its bytes, as cheap as can be).
_SCAN: Final = (b"dings", b"ymbol")
#: A level's fonts: slot -> font name ("" for a theme font, not resolved).
_Fonts = dict[str, str]


def _fonts(rpr: Any) -> _Fonts:
    """The fonts the run properties ``rpr`` (a ``w:rPr``, or None) set."""
    el = rpr.find(_RFONTS) if rpr is not None else None
    if el is None:
        return {}
    found: _Fonts = {}
    for slot, theme in _SLOTS:
        if el.get(q(theme)) is not None:
            found[slot] = ""
        elif el.get(q(slot)) is not None:
            found[slot] = str(el.get(q(slot)))
    return found


def _symbolic(fonts: _Fonts) -> bool:
    return any(font_key(font) in SYMBOL_FONTS for font in fonts.values())


class _Styles(StyleChains[_Fonts]):
    """The fonts each style sets, along its ``w:basedOn`` chain."""

    def __init__(self, root: Any) -> None:
        self._memo: dict[tuple[str, str], _Fonts] = {}
        super().__init__(root, _fonts)
        self.base = _fonts(root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{RPR}"))

    def fonts(self, kind: str, sid: str | None) -> _Fonts:
        """The fonts the style ``sid`` of ``kind`` sets (None, or one not
        defined: the default style of ``kind``): each slot the nearest
        along the chain that sets it."""
        key = self.key(kind, sid)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = {}
            for fonts in self.chain(key):
                for slot, font in fonts.items():
                    found.setdefault(slot, font)
        return found

    def any_symbolic(self) -> bool:
        return _symbolic(self.base) or any(_symbolic(fonts) for _, fonts in self.own.values())


def _set_fonts(r: Any, fonts: _Fonts) -> None:
    """``fonts`` written into the ``w:rFonts`` of run ``r``, for the slots
    its own formatting leaves unset (made if need be)."""
    rpr = r.find(RPR)
    if rpr is None:
        rpr = r.makeelement(RPR, {})
        r.insert(0, rpr)
    el = rpr.find(_RFONTS)
    if el is None:
        el = rpr.makeelement(_RFONTS, {})
        rpr.insert(1 if rpr.find(_RSTYLE) is not None else 0, el)
    own_fonts = _fonts(rpr)
    for slot, font in fonts.items():
        if slot not in own_fonts and font:
            el.set(q(slot), font)


def symbol_styled(body: Any, styles: bytes | None) -> None:
    """Make in ``body`` (a ``w:body``) the fonts of the runs whose styles
    set a symbol font direct formatting (see the module).  A styles part
    that names no symbol font, or cannot be read, changes nothing."""
    low = styles.lower() if styles else b""
    if not styles or not any(name in low for name in _SCAN):
        return
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(transitional(styles), parser)
    except etree.XMLSyntaxError:
        return
    resolved = _Styles(root)
    if not resolved.any_symbolic():
        return
    for p in body.iter(P):
        ppr = p.find(_PPR)
        pstyle = ppr.find(q("pStyle")) if ppr is not None else None
        para = {**resolved.base, **resolved.fonts("paragraph", _val(pstyle))}
        for r in p.iter(R):
            if not own(r, p, P):
                continue  # (a paragraph of a text box in it: its own styles)
            rpr = r.find(RPR)
            rstyle = rpr.find(_RSTYLE) if rpr is not None else None
            fonts = {**para, **resolved.fonts("character", _val(rstyle))}
            if _symbolic(fonts):
                _set_fonts(r, fonts)


def _val(el: Any) -> str | None:
    return el.get(q("val")) if el is not None else None
