"""WordprocessingML text: the paragraphs of a ``word/document.xml``.

Every ``w:t`` of a paragraph is read, content controls (``w:sdt``) and
tracked insertions (``w:ins``) included, tracked deletions (``w:del``,
``w:moveFrom``), markup-compatibility fallbacks (one read instead of its
choices is put in their place first:
:func:`reform_brand.docstyles.first_choices`), the phonetic guide over text
(``w:rt``) and the placeholder text of an empty content control
(``w:showingPlcHdr``) left out; a paragraph whose
mark was deleted runs on into the next.  Shared by safe opening
(:func:`reform_brand.safeopen.docx_text`) and reading filled forms back
(:mod:`reform_brand.office`).

Hidden text (``w:vanish``, ``w:specVanish`` in a run's properties) is left
out as Word leaves it out of the page, and a paragraph whose mark is hidden
runs on into the next as Word shows it; ``w:vanish`` with ``w:val="0"`` or
``false`` is shown.  A page or column break reads as a line break and a
positional tab (``w:ptab``) as a tab; a legacy form field's drop-down reads
as its shown entry and its check box as ☑ or ☐ (:func:`_form_field`); the
text of an equation (``m:t``) is read.  A character of a symbol font (``w:sym``: a ticked box
☑ in Wingdings) is read as its Unicode character when it is one of the
common boxes, ticks, crosses and signs, and left out otherwise; so is one
typed as text in a run whose font is a symbol font (``þ`` in Wingdings),
but for one not known, kept as typed unless it is a private-use code point;
the font a typed character is in is the one of the run's fonts Word draws
it in (:func:`_typed_symbols`: by the character, the run's ``w:hint`` and
language, ``w:cs`` and ``w:rtl``).  Only direct
formatting is read here: a style that hides text or sets a symbol font, and
a theme font (``w:asciiTheme``...) that is a symbol font, are made direct
formatting first (:func:`reform_brand.docstyles.styled`); a theme font
attribute is not looked at here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Generic, TypeVar

from reform_brand._fieldmarks import FLD_CHAR as _FLD_CHAR
from reform_brand._fieldmarks import FLD_CHAR_TYPE as _FLD_CHAR_TYPE
from reform_brand._fieldmarks import field_mark, unclosed
from reform_brand._symbolchars import SYMBOL_CHARS as _SYMBOLS

__all__ = [
    "BR",
    "CR",
    "MAPPABLE",
    "MC",
    "RPR",
    "SYMBOL_FONTS",
    "TAB",
    "TBL",
    "TC",
    "TR",
    "P",
    "R",
    "StyleChains",
    "T",
    "W",
    "body_of_xml",
    "child",
    "font_key",
    "hidden",
    "in_fallback",
    "joined",
    "mark_deleted",
    "own",
    "paragraph_text",
    "paragraphs_in",
    "paragraphs_of_xml",
    "q",
    "transitional",
]

W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: The same vocabulary in a Strict Open XML document.
W_STRICT: Final = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def child(el: Any, tag: str) -> Any:
    """The first child ``tag`` of ``el``, or None (``el.find(tag)``, at half
    its cost: no path to parse)."""
    return next(el.iterchildren(tag), None)


def font_key(name: str) -> str:
    """A font's name as fonts are compared: lower case, without spaces
    (``WINGDINGS``, ``wingdings 2`` and ``Wingdings2`` are the fonts
    Wingdings and Wingdings 2, however a style or a run spells them)."""
    return "".join(name.split()).lower()


P, T, TAB, BR, CR, TBL, TR, TC = (q(t) for t in ("p", "t", "tab", "br", "cr", "tbl", "tr", "tc"))
SDT: Final = q("sdt")
R: Final = q("r")
RPR: Final = q("rPr")
_VANISH: Final = q("vanish")
_SPEC_VANISH: Final = q("specVanish")
_NOTE_REFERENCES: Final = (q("footnoteReference"), q("endnoteReference"))
#: ``w:val`` of an on/off property that turns it off (ST_OnOff).
_OFF: Final = frozenset({"0", "false", "off"})
_NO_BREAK_HYPHEN: Final = q("noBreakHyphen")
_SHOWING_PLACEHOLDER: Final = q("showingPlcHdr")
_MOVED: Final = q("moveFrom")
_DEL_MARK: Final = q("del")
_PPR: Final = q("pPr")
_FRAME, _DROP_CAP = q("framePr"), q("dropCap")
_FALLBACK: Final = f"{{{MC}}}Fallback"
_SYM: Final = q("sym")
#: A positional tab (``w:ptab``: a tab to the margin or the centre).
_PTAB: Final = q("ptab")
#: Office Math (an equation typed with Insert > Equation): its text.
M: Final = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MATH_T: Final = f"{{{M}}}t"
#: A legacy form field's data (``w:ffData`` of a field's ``w:fldChar``):
#: a drop-down's entries and a check box, shown outside the text.
_FF_DATA: Final = q("ffData")
_DD_LIST, _CHECK_BOX = q("ddList"), q("checkBox")
_LIST_ENTRY, _RESULT, _DEFAULT, _CHECKED = (
    q(t) for t in ("listEntry", "result", "default", "checked")
)
#: The symbol fonts, by :func:`font_key`: their characters are pictures,
#: not the letters they are stored as (``þ`` in Wingdings is a ticked box).
SYMBOL_FONTS: Final = frozenset({*_SYMBOLS, "wingdings3", "webdings"})
_RFONTS: Final = q("rFonts")
#: A symbol font's characters as a private-use code point (``w:t`` of text
#: pasted or converted: U+F0FE is Wingdings' FE).
_PRIVATE: Final = range(0xF000, 0xF100)
#: Deleted text, fallback content and a phonetic guide over its base text
#: (``w:rt`` of ``w:ruby``: the pinyin over a rare character of a name).
_SKIP_ANCESTORS: Final = frozenset({q("del"), q("moveFrom"), f"{{{MC}}}Fallback", q("rt")})
_NESTED: Final = frozenset({q("txbxContent"), P})
#: What a paragraph's text is read from (:func:`paragraph_text`), and what
#: the elements that are no text read as.
_READ: Final = frozenset({T, TAB, BR, CR, _NO_BREAK_HYPHEN, _PTAB, _MATH_T})
_PLAIN: Final = {TAB: "\t", _PTAB: "\t", BR: "\n", CR: "\n", _NO_BREAK_HYPHEN: "-"}
#: What a paragraph holds when some of its text may be left out or read
#: otherwise: the ancestors :func:`_skipped` looks for, hidden text, a
#: note's mark, a field, a symbol.
_NOT_PLAIN: Final = frozenset({
    *_SKIP_ANCESTORS, q("txbxContent"), SDT, _VANISH, _SPEC_VANISH,
    *_NOTE_REFERENCES, _FLD_CHAR, _SYM,
})  # fmt: skip


# -- text through XPath ---------------------------------------------------------


def _placeholder(node: Any) -> bool:
    """Whether ``node`` is a content control showing its placeholder text
    ("单击或点击此处输入文字。"): nothing was typed into it."""
    if node.tag != SDT:
        return False
    pr = node.find(q("sdtPr"))
    shown = pr.find(_SHOWING_PLACEHOLDER) if pr is not None else None
    # (An on/off property: ``w:val="0"`` says the text is what was typed.)
    return shown is not None and shown.get(q("val"), "true").strip().lower() not in _OFF


def hidden(rpr: Any) -> bool | None:
    """Whether the run properties ``rpr`` (a ``w:rPr``, or None) hide the
    text as direct formatting: True (``w:vanish``, ``w:specVanish``), False
    (``w:vanish w:val="0"``: shown whatever its style says), or None (they
    say nothing: its style decides)."""
    if rpr is None:
        return None
    said: bool | None = None
    for el in rpr.iterchildren(_VANISH, _SPEC_VANISH):
        on = el.get(q("val"), "true").strip().lower() not in _OFF
        if on and el.tag == _SPEC_VANISH:
            return True  # hidden even where hidden text is shown
        if el.tag == _VANISH:
            said = on
    return said


def _custom_mark(run: Any) -> bool:
    """Whether ``run`` is a footnote or endnote reference whose mark is its
    own text (``w:customMarkFollows``, a ``*`` instead of a number): a note
    mark, as a numbered reference, not text."""
    for ref in run.iterchildren(_NOTE_REFERENCES):
        if ref.get(q("customMarkFollows"), "false").strip().lower() not in _OFF:
            return True
    return False


def _skipped(el: Any, stop: Any) -> bool:
    """Whether ``el`` (inside paragraph ``stop``) is deleted text, fallback
    content, placeholder text, hidden text, a note's custom mark or in a
    text box of its own."""
    node = el.getparent()
    while node is not None and node is not stop:
        tag = node.tag
        if tag == R:
            if hidden(child(node, RPR)) or _custom_mark(node):
                return True
        elif tag in _SKIP_ANCESTORS or tag in _NESTED or (tag == SDT and _placeholder(node)):
            return True
        node = node.getparent()
    return False


def _in_placeholder(p: Any) -> bool:
    """Whether paragraph ``p`` is inside a content control (around
    paragraphs, a cell or a row) that shows its placeholder text."""
    return any(_placeholder(node) for node in p.iterancestors(SDT))


def paragraph_text(p: Any) -> str:
    """The text of a ``w:p`` element: every ``w:t`` and ``m:t`` (content
    controls and tracked insertions included), tabs, breaks, non-breaking
    hyphens (``-``) and what a legacy form field shows; deletions, hidden
    text, the placeholder text of an empty content control and the results
    of fields in another field's code (``{ IF { MERGEFIELD … } … }``) left
    out."""
    if _in_placeholder(p):
        return ""
    # One pass, each element as it reads, while nothing is to be left out
    # or read otherwise (no deletion, hidden text, field, symbol...).
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag in _NOT_PLAIN:
            return _marked_text(p)
        if tag in _READ:
            out.append(_PLAIN.get(tag) or _text_of(el))
    return "".join(out)


def _marked_text(p: Any) -> str:
    """:func:`paragraph_text` of a paragraph holding text that may be left
    out (:data:`_NOT_PLAIN`): each element looked at."""
    out: list[str] = []
    #: The fields open at this point, each True while its code is read
    #: (``w:fldChar`` begin to separate): a field's result in another
    #: field's code is no text.
    fields: list[bool] = []
    left_open = unclosed(p)
    for el in p.iter(*_READ, _SYM, _FLD_CHAR):
        if el.tag == _FLD_CHAR:
            if el.get(_FLD_CHAR_TYPE) == "begin" and len(el) and True not in fields:
                out.append(_form_field(el, p))
            if el not in left_open:  # (ended with the paragraph)
                field_mark(fields, el, p)
            continue
        if (fields and True in fields) or _skipped(el, p):
            continue
        if el.tag == T:
            out.append(_typed_symbols(el.text or "", el.getparent()))
        elif el.tag == _MATH_T:
            out.append(el.text or "")
        elif el.tag == _SYM:
            out.append(_symbol(el.get(q("font"), ""), el.get(q("char"), "")))
        elif el.tag == _NO_BREAK_HYPHEN:  # Ctrl+Shift+- in Word
            out.append("-")
        elif el.tag == TAB or el.tag == _PTAB:
            out.append("\t")
        else:  # w:br (a page or column break too: the text after it is apart)
            out.append("\n")
    return "".join(out)


def _text_of(el: Any) -> str:
    """The text of a ``w:t`` (its symbol characters read) or an ``m:t``."""
    text = el.text or ""
    if el.tag != T or MAPPABLE.search(text) is None:
        return text  # (Chinese text: no font's character to look at)
    return _typed_symbols(text, el.getparent())


def _on(el: Any) -> bool:
    """Whether the on/off property ``el`` (ST_OnOff) is on."""
    return str(el.get(q("val"), "true")).strip().lower() not in _OFF


def _form_field(begin: Any, p: Any) -> str:
    """What a legacy form field beginning at ``begin`` (a ``w:fldChar``
    with ``w:ffData``) shows outside its text: a drop-down's selected entry
    (``w:result``, else ``w:default``; the first when none, or when it
    names none of the entries, as Word shows it and an .odt's reads), a
    check box as ☑ or ☐ (``w:checked``, else ``w:default``); "" for any
    other field, or one left out (:func:`_skipped`)."""
    data = begin.find(_FF_DATA)
    if data is None:
        return ""
    shown = ""
    listed = data.find(_DD_LIST)
    box = data.find(_CHECK_BOX)
    if listed is not None:
        entries = [e.get(q("val"), "") for e in listed.iterchildren(_LIST_ENTRY)]
        chosen = listed.find(_RESULT)
        chosen = listed.find(_DEFAULT) if chosen is None else chosen
        try:
            at = int(chosen.get(q("val"), "0")) if chosen is not None else 0
        except ValueError:
            at = 0
        # (An entry that is none, out of the list: Word shows the first.)
        shown = entries[at] if 0 <= at < len(entries) else entries[0] if entries else ""
    elif box is not None:
        said = box.find(_CHECKED)
        said = box.find(_DEFAULT) if said is None else said
        shown = "☑" if said is not None and _on(said) else "☐"
    return shown if shown and not _skipped(begin, p) else ""


def _symbol(font: str, char: str) -> str:
    """The Unicode of the character ``char`` (hex) of the symbol font
    ``font`` (:data:`_SYMBOLS`); "" for one not known (as before: not
    guessed)."""
    try:
        code = int(char, 16)
    except ValueError:
        return ""
    known = _SYMBOLS.get(font_key(font), {})
    return known.get(code - 0xF000 if code >= 0xF000 else code, "")


#: The four fonts of a ``w:rFonts``, by their attributes' qualified names.
_ASCII, _HANSI, _EAST_ASIA, _CS = (q(k) for k in ("ascii", "hAnsi", "eastAsia", "cs"))
_HINT: Final = q("hint")
#: The characters of U+00A0 to U+00FF Word draws in a run's East Asian font
#: when its ``w:hint`` is ``eastAsia`` (MS-OI29500 2.1.88, on ECMA-376 Part 1
#: 17.3.2.26), and those it draws so too when the run's language
#: (``w:lang``'s ``w:eastAsia``) is Chinese; every other one of them, in its
#: high-ANSI font.
_EAST_ASIAN_HINTED: Final = frozenset(
    {0xA1, 0xA4, 0xA7, 0xA8, 0xAA, 0xAD, 0xAF, *range(0xB0, 0xB5), *range(0xB6, 0xBB)}
    | {*range(0xBC, 0xC0), 0xD7, 0xF7}
)
_CHINESE_HINTED: Final = frozenset({0xE0, 0xE1, 0xE8, 0xE9, 0xEA, 0xEC, 0xED, 0xF2, 0xF3})
_CHINESE_HINTED_TOO: Final = frozenset({0xF9, 0xFA, 0xFC})
#: The run properties that draw every character of a run in its
#: complex-script font (``w:cs``, ``w:rtl``).
_COMPLEX: Final = (q("cs"), q("rtl"))
_LANG: Final = q("lang")


class _Fonts:
    """The fonts of a run's direct formatting (``w:rFonts``), by
    :func:`font_key`, when one of them is a symbol font."""

    __slots__ = ("ascii", "cs", "east", "east_asian_hint", "high", "named", "roman")

    def __init__(self, written: tuple[str, ...]) -> None:
        self.ascii, self.high, self.east, self.cs = (font_key(f) for f in written[:4])
        self.named = tuple(
            f for f in (self.ascii, self.high, self.east, self.cs) if f in SYMBOL_FONTS
        )
        self.east_asian_hint = written[4] == "eastAsia"
        #: Word draws every character in the ASCII font when the East Asian
        #: font is Times New Roman and the ASCII and high-ANSI fonts are one.
        self.roman = self.east == "timesnewroman" and self.ascii == self.high


#: What :func:`_run_fonts` made of the fonts a run names, by their names as
#: written: the runs of a document name a few sets of fonts, again and again.
_FONTS_READ: dict[tuple[str, ...], _Fonts | None] = {}
_FONTS_KEPT: Final = 256


def _run_fonts(run: Any) -> _Fonts | None:
    """The fonts of ``run``'s direct formatting (``w:rFonts``, its
    ``w:hint`` with them); None when it names no symbol font."""
    rpr = run.find(RPR) if run is not None and run.tag == R else None
    fonts = rpr.find(_RFONTS) if rpr is not None else None
    if fonts is None:
        return None
    get = fonts.get
    written = (get(_ASCII, ""), get(_HANSI, ""), get(_EAST_ASIA, ""), get(_CS, ""), get(_HINT, ""))
    if written in _FONTS_READ:
        return _FONTS_READ[written]
    read = _Fonts(written)
    found = read if read.named else None
    if len(_FONTS_READ) < _FONTS_KEPT:
        _FONTS_READ[written] = found
    return found


#: A character a symbol font may draw as a symbol: an ASCII one (but the
#: space), one of U+0080 to U+00FF, or a private-use U+F000 to U+F0FF.
MAPPABLE: Final = re.compile("[\x21-\xff\uf000-\uf0ff]")


def _chinese(run: Any) -> bool:
    """Whether the East Asian language of ``run`` (``w:lang``'s
    ``w:eastAsia``, as its own formatting or its styles set it) is Chinese."""
    lang = run.find(f"{RPR}/{_LANG}")
    said = lang.get(_EAST_ASIA) if lang is not None else None
    return said is not None and said.strip().lower().startswith("zh")


def _complex(run: Any) -> bool:
    """Whether ``run``'s own formatting draws it in its complex-script font
    (``w:cs``, ``w:rtl`` on)."""
    rpr = run.find(RPR)
    for el in rpr.iterchildren(_COMPLEX):
        if el.get(q("val"), "true").strip().lower() not in _OFF:
            return True
    return False


def _font_of(code: int, fonts: _Fonts, run: Any) -> str:
    """The font (by :func:`font_key`) Word draws the character ``code``
    (below U+0100) of ``run`` in, when it is not formatted ``w:cs`` or
    ``w:rtl`` (MS-OI29500 2.1.88)."""
    if code < 0x80 or fonts.roman:
        return fonts.ascii
    if fonts.east_asian_hint and (
        code in _EAST_ASIAN_HINTED
        or ((code in _CHINESE_HINTED or code in _CHINESE_HINTED_TOO) and _chinese(run))
    ):
        return fonts.east
    return fonts.high


def _typed_symbols(text: str, run: Any) -> str:
    """``text`` of ``run`` with the characters of a symbol font typed as
    text (not as ``w:sym``) read as :func:`_symbol` reads them: each one in
    the font Word draws it in (:func:`_font_of`: an ASCII character in the
    ASCII font, ``w:ascii``; one of U+0080 to U+00FF in the high-ANSI font,
    ``w:hAnsi``, or the East Asian one, ``w:eastAsia``, as ``w:hint`` says;
    every one in the complex-script font, ``w:cs``, in a run formatted
    ``w:cs`` or ``w:rtl``), a private-use U+F000 to U+F0FF in the symbol
    font the run names.  One not known is kept as typed, but a private-use
    one, which is no text, is left out."""
    if MAPPABLE.search(text) is None:
        return text  # (Chinese text: no font's character to look at)
    fonts = _run_fonts(run)
    if fonts is None:
        return text
    complex_ = _complex(run)
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code in _PRIVATE:
            out.append(_symbol(fonts.named[0], f"{code:X}"))
            continue
        if code > 0xFF:
            out.append(ch)
            continue
        font = fonts.cs if complex_ else _font_of(code, fonts, run)
        shown = _SYMBOLS.get(font, {}).get(code)
        out.append(ch if shown is None else shown)
    return "".join(out)


def mark_deleted(p: Any) -> bool:
    """Whether the paragraph's own mark is a tracked deletion (moved away
    too: ``w:moveFrom``) or hidden, or the paragraph is a drop cap (a
    ``w:framePr`` of ``w:dropCap`` drop or margin: the first letters of the
    next paragraph, in a frame of their own): it then runs on into the next
    paragraph, as Word shows it."""
    ppr = child(p, _PPR)
    if ppr is None:
        return False
    frame = child(ppr, _FRAME)
    if frame is not None and frame.get(_DROP_CAP) in ("drop", "margin"):
        return True
    rpr = child(ppr, RPR)
    if rpr is None:
        return False
    marks = [m.tag for m in rpr.iterchildren(_DEL_MARK, _MOVED, _VANISH, _SPEC_VANISH)]
    return _DEL_MARK in marks or _MOVED in marks or bool(marks and hidden(rpr))


def own(el: Any, container: Any, tag: str) -> bool:
    """Whether the nearest ``tag`` ancestor of ``el`` is ``container``."""
    node = el.getparent()
    while node is not None:
        if node.tag == tag:
            return node is container
        if node.tag == _FALLBACK:
            return False
        node = node.getparent()
    return False


def paragraphs_in(container: Any, owner_tag: str | None) -> list[str]:
    """Paragraph texts of the ``w:p`` elements that belong to ``container``
    (not to a nested cell), deleted paragraph marks joined."""
    if owner_tag is None:
        return joined(p for p in container.iter(P) if not in_fallback(p))
    return joined(p for p in container.iter(P) if own(p, container, owner_tag))


def joined(paragraphs: Iterable[Any]) -> list[str]:
    """The texts of the ``w:p`` elements ``paragraphs``, one a paragraph,
    a paragraph whose mark is deleted (a tracked change) joined with the
    next, as Word shows it."""
    texts: list[str] = []
    pending = ""
    joining = False
    for p in paragraphs:
        text = paragraph_text(p)
        pending = pending + text if joining else text
        joining = mark_deleted(p)
        if not joining:
            texts.append(pending)
    if joining:
        texts.append(pending)
    return texts


def in_fallback(el: Any) -> bool:
    return next(el.iterancestors(_FALLBACK), None) is not None


def transitional(xml: bytes) -> bytes:
    """A main document part of a Strict Open XML document in the namespace
    of an ordinary one (the elements a form is read from are the same); any
    other part as it is."""
    strict = W_STRICT.encode()
    return xml.replace(strict, W.encode()) if strict in xml else xml


def body_of_xml(xml: bytes) -> Any:
    """The body of a ``word/document.xml`` already checked by
    :mod:`reform_brand.safeopen` (the root when it has none), parsed with
    lxml without entities, DTDs or network (python-docx is not needed for
    text alone).  Raises ``ValueError`` for XML that does not parse."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(transitional(xml), parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"XML: {exc}") from None
    body = root.find(q("body"))
    return body if body is not None else root


def paragraphs_of_xml(xml: bytes) -> list[str]:
    """The paragraphs of a ``word/document.xml`` (:func:`body_of_xml`), as
    its direct formatting shows them (styles not looked at)."""
    return paragraphs_in(body_of_xml(xml), None)


#: What a style sets of the text in its ``w:rPr`` (whether it hides it, the
#: fonts it names...).
V = TypeVar("V")
#: The most styles followed along one ``w:basedOn`` chain (Word allows no
#: loop; a damaged file may hold one).
MAX_CHAIN: Final = 64


class StyleChains(Generic[V]):
    """The styles of a ``w:styles`` part: what each sets of its text (``own``
    of its ``w:rPr``) along its ``w:basedOn`` chain, and the default style of
    each kind (paragraph, character, table)."""

    def __init__(self, root: Any, own: Callable[[Any], V]) -> None:
        #: (type, id) -> (basedOn, own value)
        self.own: dict[tuple[str, str], tuple[str, V]] = {}
        self.default: dict[str, str] = {}
        for style in root.iterchildren(q("style")):
            kind, sid = style.get(q("type"), "paragraph"), style.get(q("styleId"), "")
            based = style.find(q("basedOn"))
            self.own[(kind, sid)] = (
                based.get(q("val"), "") if based is not None else "",
                own(style.find(RPR)),
            )
            if style.get(q("default"), "").lower() in ("1", "true", "on"):
                self.default.setdefault(kind, sid)
            self.read(kind, sid, style)

    def read(self, kind: str, sid: str, style: Any) -> None:
        """What a subclass reads of each style besides its ``w:rPr``."""

    def key(self, kind: str, sid: str | None) -> tuple[str, str]:
        """The style ``sid`` of ``kind``; the default style of ``kind`` for
        None or a style not defined."""
        if sid is not None and (kind, sid) in self.own:
            return (kind, sid)
        return (kind, self.default.get(kind, ""))

    def chain(self, key: tuple[str, str]) -> Iterator[V]:
        """The own values along the chain of ``key``, its own first."""
        for _ in range(MAX_CHAIN):
            entry = self.own.get(key)
            if entry is None:
                return
            based, value = entry
            yield value
            key = (key[0], based)
