"""A symbol font a style or the theme sets, made direct formatting before
a document's text is read: a filled form (:mod:`reform_brand.office`), or
the text of an attached .docx (:func:`reform_brand.safeopen.docx_text`),
alike.

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

A font set through the theme (``w:asciiTheme="minorHAnsi"``... on a run, a
style or the defaults) is the typeface the theme part gives it
(``a:minorFont``, ``a:majorFont``: ``a:latin`` for the ASCII and high-ANSI
fonts, ``a:ea`` for the East Asian, ``a:cs`` for the complex-script one); a
run's theme font so resolved is written over it as its own font.  A theme
font sets its slot, and stops the search along the styles, as a font
would; one the theme leaves empty (an East Asian font chosen by the
document's language) is no symbol font.  The theme part is read only when
a run whose text could be a symbol font's character (ASCII, U+0080 to
U+00FF, private use) may take a theme font: its own fonts name one, or the
styles part names one and the run's own fonts do not set them all — never
for Chinese text alone.

The style of the table a paragraph is in sets its fonts too, under its
paragraph style and over the defaults (ECMA-376 Part 1, 17.7.2): the table
style's own, under those of the parts of the table its cell is in
(``w:tblStylePr``, as :mod:`reform_brand.doctables` finds them), each slot
the nearest along the style's chain.  A numbering level's fonts (``w:lvl``'s
``w:rPr``) are not looked at: they draw the level's number or bullet alone,
which is not read.

Which of a run's fonts draws a character is chosen by the hint of its fonts
(``w:rFonts``' ``w:hint``) and, for a few characters, its East Asian
language (``w:lang``'s ``w:eastAsia``) too (:mod:`reform_brand.docxml`):
the language is resolved as a font is, the hint from the run's own
formatting and its character style only (Word writes it on the runs it
formats; one a paragraph's style or the defaults set is for the
paragraph's text), and both are written with the fonts into a run whose
fonts so resolved name a symbol font.  A run whose own fonts name a symbol
font and that leaves its hint or language to the styles has them resolved
even when the styles part names no symbol font — only when its text holds a
character of U+00A0 to U+00FF, which the hint may give another font.

A document whose styles part names no symbol font (nearly every one) is not
parsed for it: a search of its bytes decides, so that reading an ordinary
form costs next to nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from reform_brand.doctables import Table, TableStyles, cell_of
from reform_brand.docxml import (
    MAPPABLE,
    RPR,
    SYMBOL_FONTS,
    P,
    R,
    T,
    font_key,
    own,
    q,
    transitional,
)

__all__ = ["symbol_styled", "theme_fonts"]

#: ``w:rFonts``' fonts and the theme attribute that overrides each.
_SLOTS: Final = (
    ("ascii", "asciiTheme"),
    ("hAnsi", "hAnsiTheme"),
    ("eastAsia", "eastAsiaTheme"),
    ("cs", "cstheme"),
)
_THEMES: Final = tuple(q(theme) for _, theme in _SLOTS)
_PLAIN: Final = tuple(q(slot) for slot, _ in _SLOTS)
_RFONTS: Final = q("rFonts")
_PPR: Final = q("pPr")
_RSTYLE: Final = q("rStyle")
_HINT: Final = q("hint")
_LANG: Final = q("lang")
_EAST_ASIA: Final = q("eastAsia")
#: What the name of each symbol font (:data:`SYMBOL_FONTS`) holds, lower
#: case: a styles part (or theme) with none of them is left alone unparsed.
_SCAN: Final = (b"dings", b"ymbol")
#: A character ``w:hint`` may give a run's East Asian font.
_HINTABLE: Final = re.compile("[\xa1-\xff]")
#: A theme font attribute (``w:asciiTheme=``, ``w:cstheme=``) in a part's
#: bytes, lower case or not (``w:themeColor`` is none).
_THEMED: Final = re.compile(rb"heme\s*=")
#: The theme fonts (ST_Theme, lower case): the typeface of the theme's
#: major or minor font that each is.
_THEME_FACES: Final = {"ascii": "latin", "hansi": "latin", "eastasia": "ea", "bidi": "cs"}
#: A theme font as a level's fonts hold it: this, then its name.
_THEME: Final = "\0"
#: A level's fonts: slot -> font name, or a theme font (:data:`_THEME`).
_Fonts = dict[str, str]


def _fonts(rpr: Any) -> _Fonts:
    """The fonts the run properties ``rpr`` (a ``w:rPr``, or None) set, with
    the hint of ``w:rFonts`` (``hint``) and the East Asian language of
    ``w:lang`` (``lang``) that choose among them."""
    if rpr is None:
        return {}
    found: _Fonts = {}
    el = rpr.find(_RFONTS)
    if el is not None:
        for slot, theme in _SLOTS:
            if el.get(q(theme)) is not None:
                found[slot] = _THEME + str(el.get(q(theme)))
            elif el.get(q(slot)) is not None:
                found[slot] = str(el.get(q(slot)))
        if el.get(_HINT) is not None:
            found["hint"] = str(el.get(_HINT))
    lang = rpr.find(_LANG)
    if lang is not None and lang.get(_EAST_ASIA) is not None:
        found["lang"] = str(lang.get(_EAST_ASIA))
    return found


def _symbolic(fonts: _Fonts) -> bool:
    return any(font_key(font) in SYMBOL_FONTS for font in fonts.values())


def _resolved(fonts: _Fonts, themes: dict[str, str]) -> _Fonts:
    """``fonts`` with each theme font the typeface ``themes`` gives it
    ("" for one it does not)."""
    return {
        slot: themes.get(font[1:].lower(), "") if font.startswith(_THEME) else font
        for slot, font in fonts.items()
    }


def theme_fonts(theme: bytes | None) -> dict[str, str]:
    """The typeface of each theme font (``minorhansi``, lower case) of the
    theme part ``theme``, when one of them is a symbol font; else (and for
    a theme that cannot be read) none: a theme font is then no symbol
    font, whatever it is."""
    if not theme or not any(name in theme.lower() for name in _SCAN):
        return {}
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(theme, parser)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, str] = {}
    for which in ("major", "minor"):
        fonts = root.find(f".//{{*}}fontScheme/{{*}}{which}Font")
        for name, child in _THEME_FACES.items():
            face = fonts.find(f"{{*}}{child}") if fonts is not None else None
            if face is not None:
                found[which + name] = str(face.get("typeface", ""))
    return found if _symbolic(found) else {}


class _Styles(TableStyles[_Fonts]):
    """The fonts each style sets, along its ``w:basedOn`` chain, and each
    part of a table style (:mod:`reform_brand.doctables`)."""

    def __init__(self, root: Any) -> None:
        self._memo: dict[tuple[str, str], _Fonts] = {}
        super().__init__(root, _fonts)
        self.base = _fonts(root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{RPR}"))
        #: Whether a table style, or a part of one, sets a font (else no
        #: paragraph's table is looked for).
        self.tabled = any(
            fonts for (kind, _), (_, fonts) in self.own.items() if kind == "table"
        ) or any(self.part_values())

    def fonts(self, kind: str, sid: str | None) -> _Fonts:
        """The fonts the style ``sid`` of ``kind`` sets (None, or one not
        defined: the default style of ``kind``): each slot the nearest
        along the chain that sets it."""
        key = self.key(kind, sid)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = _nearest(self.chain(key))
        return found

    def any_symbolic(self) -> bool:
        return (
            _symbolic(self.base)
            or any(_symbolic(fonts) for _, fonts in self.own.values())
            or any(_symbolic(fonts) for fonts in self.part_values())
        )


def _nearest(chain: Iterable[_Fonts]) -> _Fonts:
    """Each slot the nearest of ``chain`` (its own first) sets."""
    found: _Fonts = {}
    for fonts in chain:
        for slot, font in fonts.items():
            found.setdefault(slot, font)
    return found


class _Cells:
    """The fonts the table style of the cell a paragraph is in sets: its
    own (``w:rPr``), under the parts of the table the cell is in, a later
    part over an earlier (:meth:`reform_brand.doctables.Table.parts`), each
    slot the nearest along the style's chain; each table and cell once."""

    def __init__(self, resolved: _Styles) -> None:
        self.resolved = resolved
        self.tables: dict[Any, Table] = {}
        self.cells: dict[Any, _Fonts] = {}

    def fonts(self, p: Any, body: Any) -> _Fonts:
        """For paragraph ``p`` of ``body``: its nearest table's style's."""
        found = cell_of(p, body)
        if found is None:
            return {}
        tbl, tr, tc = found
        key = tc if tc is not None else tbl
        fonts = self.cells.get(key)
        if fonts is None:
            fonts = self.cells[key] = self._resolve(tbl, tr, tc)
        return fonts

    def _resolve(self, tbl: Any, tr: Any, tc: Any) -> _Fonts:
        table = self.tables.get(tbl)
        if table is None:
            table = self.tables[tbl] = Table(tbl, self.resolved)
        fonts = dict(self.resolved.fonts("table", table.sid or None))
        if tr is not None and tc is not None:
            for part in table.parts(tr, tc):
                fonts.update(_nearest(self.resolved.part_chain(table.sid, part)))
        return fonts


def _set_fonts(r: Any, fonts: _Fonts) -> None:
    """``fonts`` written into the ``w:rFonts`` of run ``r``, for the slots
    its own formatting leaves unset or sets through the theme (made if need
    be)."""
    rpr = r.find(RPR)
    if rpr is None:
        rpr = r.makeelement(RPR, {})
        r.insert(0, rpr)
    el = rpr.find(_RFONTS)
    if el is None:
        el = rpr.makeelement(_RFONTS, {})
        rpr.insert(1 if rpr.find(_RSTYLE) is not None else 0, el)
    own_fonts = _fonts(rpr)
    for (slot, theme), attr in zip(_SLOTS, _PLAIN, strict=True):
        font = fonts.get(slot, "")
        if font and own_fonts.get(slot, _THEME).startswith(_THEME):
            el.attrib.pop(q(theme), None)
            el.set(attr, font)
    if "hint" in fonts and "hint" not in own_fonts:
        el.set(_HINT, fonts["hint"])
    if "lang" in fonts and "lang" not in own_fonts:
        lang = rpr.find(_LANG)
        if lang is None:
            lang = rpr.makeelement(_LANG, {})
            rpr.append(lang)
        lang.set(_EAST_ASIA, fonts["lang"])


def _may_be_themed(body: Any, themed_styles: bool, main: bytes | None) -> bool:
    """Whether a run of ``body`` whose text could be a symbol font's
    character may take a theme font: it names one, or (``themed_styles``:
    the styles part names one) its own fonts do not set them all.  The
    main part's bytes ``main``, when at hand, spare looking at its runs
    when no theme font is named anywhere."""
    if not themed_styles and main is not None and _THEMED.search(main) is None:
        return False
    for t in body.iter(T):
        if t.text and MAPPABLE.search(t.text) is not None:
            r = t.getparent()
            if r is not None and r.tag == R and _themable(r, themed_styles):
                return True
    return False


def _themable(r: Any, themed_styles: bool) -> bool:
    """Whether run ``r`` may take a theme font: its own fonts name one, or
    (``themed_styles``) do not set all four."""
    rpr = r.find(RPR)
    el = rpr.find(_RFONTS) if rpr is not None else None
    if el is None:
        return themed_styles
    get = el.get
    if any(get(a) for a in _THEMES):
        return True
    return themed_styles and not all(get(a) is not None for a in _PLAIN)


def symbol_styled(
    body: Any,
    styles: bytes | None,
    theme: Callable[[], bytes | None] | None = None,
    main: bytes | None = None,
) -> None:
    """Make in ``body`` (a ``w:body``) the fonts of the runs whose styles
    or theme set a symbol font direct formatting (see the module); the
    theme part is ``theme()``, asked for only when needed, and ``main`` the
    bytes ``body`` was parsed from, when at hand (a search of them spares
    looking at the runs of a document that names no theme font).  A styles
    part that names no symbol font (and a theme that names none), or cannot
    be read, changes nothing."""
    low = styles.lower() if styles else b""
    named = any(name in low for name in _SCAN)
    themed_styles = _THEMED.search(low) is not None
    themes: dict[str, str] = {}
    if theme is not None and _may_be_themed(body, themed_styles, main):
        themes = theme_fonts(theme())
    if not named and not themes and not _inherits_hint(body, low, main):
        return
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root: Any = None
    if styles:
        try:
            root = etree.fromstring(transitional(styles), parser)
        except etree.XMLSyntaxError:
            root = None
    resolved = _Styles(root if root is not None else etree.Element(q("styles")))
    if not themes and not resolved.any_symbolic() and not _inherits_hint(body, low, main):
        return
    _write_fonts(body, resolved, themes)


def _inherits_hint(body: Any, styles: bytes, main: bytes | None) -> bool:
    """Whether a run of ``body`` whose own fonts name a symbol font holds a
    character of U+00A0 to U+00FF (which ``w:hint`` may give its East Asian
    font) and leaves its hint or its East Asian language (``w:lang``) to
    the styles part (``styles``, lower case), which sets one.  The main
    part's bytes ``main``, when at hand, spare looking at the runs of a
    document with no such character: in UTF-8 each begins with the byte C2
    or C3, which no other character holds (a character reference, ``&#``,
    may be one too)."""
    if b"hint" not in styles and b"lang" not in styles:
        return False
    if main is not None and not (
        b"\xc2" in main or b"\xc3" in main or (b"&" in main and b"&#" in main)
    ):
        return False
    for t in body.iter(T):
        if t.text and _HINTABLE.search(t.text) is not None:
            r = t.getparent()
            if r is None or r.tag != R:
                continue
            fonts = _fonts(r.find(RPR))
            if _symbolic(fonts) and ("hint" not in fonts or "lang" not in fonts):
                return True
    return False


def _write_fonts(body: Any, resolved: _Styles, themes: dict[str, str]) -> None:
    cells = _Cells(resolved) if resolved.tabled else None
    for p in body.iter(P):
        ppr = p.find(_PPR)
        pstyle = ppr.find(q("pStyle")) if ppr is not None else None
        table = cells.fonts(p, body) if cells is not None else {}
        para = {**resolved.base, **table, **resolved.fonts("paragraph", _val(pstyle))}
        # Only a hint of the run's own or of its character style is applied:
        # Word writes the hint on the runs it formats, and one that reaches a
        # run from its paragraph's style or the defaults (this project's forms
        # set one there) is for the paragraph's text; a run given a symbol
        # font with no hint of its own was given it by a program that meant
        # the symbol (python-docx's ``font.name``).
        para.pop("hint", None)
        for r in p.iter(R):
            if not own(r, p, P):
                continue  # (a paragraph of a text box in it: its own styles)
            rpr = r.find(RPR)
            rstyle = rpr.find(_RSTYLE) if rpr is not None else None
            fonts = {**para, **resolved.fonts("character", _val(rstyle)), **_fonts(rpr)}
            fonts = _resolved(fonts, themes)
            if _symbolic(fonts):
                _set_fonts(r, fonts)


def _val(el: Any) -> str | None:
    return el.get(q("val")) if el is not None else None
