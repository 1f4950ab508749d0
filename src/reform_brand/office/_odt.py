"""OpenDocument text forms (.odt, LibreOffice's default) read like Word files.

The tables and paragraphs of an .odt's ``content.xml`` are written out as a
minimal WordprocessingML package — paragraphs with their text, tabs and line
breaks, tables with ``w:gridSpan`` for cells spanning columns and
``w:vMerge`` for cells spanning rows — so that the one form reader
(:func:`reform_brand.office._read.read_form`) reads both formats into the
same submission.  ``content.xml`` and ``styles.xml`` are read under the
same limits as a .docx's parts
(:meth:`reform_brand.safeopen.OpenPackage.part`); tracked deletions,
comments, notes, a picture's alternative text and placeholder text (a
placeholder field, a content control showing its placeholder, an input
field holding Word's placeholder text) are left out,
as for a .docx, and so is hidden text: a hidden paragraph or hidden text
field (``text:hidden-paragraph``, ``text:hidden-text``, unless
``text:is-hidden="false"``), a section shown as ``text:display="none"``,
and text whose style (automatic, in ``content.xml``, or common, in
``styles.xml``, along its parent styles) has ``text:display="none"``; a
paragraph whose style hides it vanishes whole, as it does on the page.  The
paragraphs and tables of a text box or shape in a paragraph are written in
a ``w:txbxContent`` there, as Word keeps them (LibreOffice's ``loext:``
table of a shape as a table), and a Word legacy form field LibreOffice
keeps as a ``field:fieldmark`` as the text it shows (a drop-down's entry,
a check box's ``☑`` or ``☐``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.codes.reasons import known_reason
from reform_brand.docxml import SYMBOL_FONTS, font_key
from reform_brand.office._body import open_body, plain_body
from reform_brand.office._odt_fields import TEXT_INPUT, form_field, input_lines
from reform_brand.office._odt_objects import (
    CONTROL,
    OBJECT,
    OBJECT_OLE,
    UNREAD_OBJECTS,
    object_text,
    ole_equation,
)
from reform_brand.office._odt_styles import Display, Faces
from reform_brand.opened import known_file
from reform_brand.safeopen import (
    MAX_XML_PART_BYTES,
    ODF_CONTENT,
    OpenPackage,
    UnsafeFileError,
    docx_package,
    open_docx,
    slim_package,
    sniff,
)

__all__ = ["form_body", "form_package", "holds_table", "odt_package", "odt_to_document_xml"]

_TEXT: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_LOEXT: Final = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SVG: Final = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
_FIELD: Final = "urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0"
_XML_SPACE: Final = "{http://www.w3.org/XML/1998/namespace}space"
#: A Word legacy form field (a check box, a drop-down) as LibreOffice keeps it.
_FIELDMARK: Final = f"{{{_FIELD}}}fieldmark"
#: The common styles of an OpenDocument text.
ODF_STYLES: Final = "styles.xml"
#: Most times one repeated row or cell is written out (empty rows repeat).
_MAX_REPEAT: Final = 64
#: Most elements and characters an .odt's text may come to once its repeated
#: rows and cells are written out (as much as the largest part parsed): a
#: repeated cell holding a table of repeated cells multiplies at each level.
MAX_ODT_EXPANDED: Final = MAX_XML_PART_BYTES
#: Where counting that size stops (the number shown stays short).
_EXPANDED_CAP: Final = 10**12

_SKIP: Final = frozenset(
    {
        f"{{{_TEXT}}}tracked-changes",
        f"{{{_OFFICE}}}annotation",
        f"{{{_TEXT}}}note",
        f"{{{_TEXT}}}sequence-decls",
        f"{{{_TEXT}}}variable-decls",
        f"{{{_TEXT}}}placeholder",
        f"{{{_TEXT}}}ruby-text",  # (a phonetic guide over its base text)
        f"{{{_SVG}}}title",  # (a picture's or shape's alternative text)
        f"{{{_SVG}}}desc",
    }
)
#: What a text box or shape inside a paragraph holds: paragraphs, lists,
#: tables and sections of its own (a .docx's ``w:txbxContent``).
_BLOCKS: Final = frozenset(
    {
        f"{{{_TEXT}}}p",
        f"{{{_TEXT}}}h",
        f"{{{_TEXT}}}list",
        f"{{{_TEXT}}}section",
        f"{{{_TABLE}}}table",
    }
)

_CONTENT_TYPES: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _t(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _w(parent: Any, tag: str, **attrs: str) -> Any:
    el = etree.SubElement(parent, _t(_W, tag))
    for k, v in attrs.items():
        el.set(_t(_W, k), v)
    return el


def _int(el: Any, ns: str, name: str, default: int = 1) -> int:
    try:
        return max(1, min(int(el.get(_t(ns, name), default)), _MAX_REPEAT))
    except ValueError:
        return default


def _placeholder(el: Any) -> bool:
    """Whether ``el`` is a content control showing its placeholder text
    (what LibreOffice writes for a Word content control left empty)."""
    shown: str | None = el.get(_t(_LOEXT, "showing-place-holder"))
    return el.tag == _t(_LOEXT, "content-control") and shown == "true"


def _run_text(wp: Any, text: str, font: Faces | None = None) -> None:
    """A run of ``text``; in ``font``'s fonts that are symbol fonts (its
    characters are read as the symbols they show, as a .docx's are: the
    Asian one, as a .docx's East Asian font, for a private-use character);
    a non-breaking hyphen is ``-``, a soft hyphen left out."""
    r = _w(wp, "r")
    west, asian = font or (None, None)
    fonts = {"ascii": west, "hAnsi": west} if west and font_key(west) in SYMBOL_FONTS else {}
    fonts |= {"eastAsia": asian} if asian and font_key(asian) in SYMBOL_FONTS else {}
    if fonts:
        _w(_w(r, "rPr"), "rFonts", **fonts)
    t = _w(r, "t")
    t.set(_XML_SPACE, "preserve")
    t.text = text.replace(_NO_BREAK_HYPHEN, "-").replace(_SOFT_HYPHEN, "")


#: A non-breaking hyphen (Ctrl+Shift+- in LibreOffice, as in Word), which an
#: .odt keeps as this character: ``-``, as a .docx's ``w:noBreakHyphen`` is.
_NO_BREAK_HYPHEN: Final = "\u2011"
#: A soft hyphen (Ctrl+- in LibreOffice, as in Word), which an .odt keeps as
#: this character: no text, as a .docx's ``w:softHyphen`` is none.
_SOFT_HYPHEN: Final = "\u00ad"


#: A space, a tab and a line break: text of the paragraph (hidden with it).
_MARKS: Final = frozenset({_t(_TEXT, "s"), _t(_TEXT, "tab"), _t(_TEXT, "line-break")})


def _hidden_field(el: Any) -> bool:
    """Whether ``el`` is a hidden paragraph or hidden text field that hides
    (its condition's result, ``text:is-hidden``, is not "false")."""
    if el.tag not in (_t(_TEXT, "hidden-paragraph"), _t(_TEXT, "hidden-text")):
        return False
    return str(el.get(_t(_TEXT, "is-hidden"), "true")).strip().lower() != "false"


class _Writer:
    """Writes the WordprocessingML of one ``office:text``."""

    def __init__(self, display: Display, part: Callable[[str], bytes] | None = None) -> None:
        self.display = display
        #: The package's parts by name (an embedded object's), None: not at hand.
        self.part = part
        #: How many embedded objects could not be read.
        self.unread = 0

    def paragraph(self, parent: Any, p: Any) -> None:
        if any(c.tag == _t(_TEXT, "hidden-paragraph") and _hidden_field(c) for c in p):
            return  # a hidden paragraph: not on the page at all
        style = p.get(_t(_TEXT, "style-name"))
        hidden = self.display.shown("paragraph", style) is False
        wp = _w(parent, "p")
        if hidden:  # its mark too: it runs on into the next (nothing)
            _w(_w(_w(wp, "pPr"), "rPr"), "vanish")
        self._runs(wp, p, hidden, self.display.font("paragraph", style))

    def _runs(self, wp: Any, el: Any, hidden: bool, font: Faces | None = None) -> None:
        if el.text and not hidden:
            _run_text(wp, el.text, font)
        for child in el:
            tag = child.tag
            if tag in _SKIP or _placeholder(child) or _hidden_field(child):
                pass
            elif tag == _t(_TEXT, "span"):
                name = child.get(_t(_TEXT, "style-name"))
                shown = self.display.shown("text", name)
                own_font = self.display.font("text", name)
                hides = hidden if shown is None else not shown
                self._runs(wp, child, hides, own_font.over(font))
            elif tag in (_FIELDMARK, TEXT_INPUT, OBJECT, OBJECT_OLE, CONTROL) or tag in _BLOCKS:
                self._apart(wp, child, hidden, font)
            elif tag not in _MARKS:
                self._runs(wp, child, hidden, font)
            elif hidden:
                pass
            elif tag == _t(_TEXT, "s"):
                _run_text(wp, " " * _int(child, _TEXT, "c"))
            elif tag == _t(_TEXT, "tab"):
                _w(_w(wp, "r"), "tab")
            elif tag == _t(_TEXT, "line-break"):
                _w(_w(wp, "r"), "br")
            if child.tail and not hidden:
                _run_text(wp, child.tail, font)

    def _apart(self, wp: Any, el: Any, hidden: bool, font: Faces | None) -> None:
        """What a paragraph holds apart from its text: a Word form field
        (``field:fieldmark``), as the text it shows, a Word content control
        around a paragraph (an input field, ``text:text-input``) as its
        lines, an equation (an embedded object) as its text (an older
        editor's, an OLE object, and a form control counted as not read),
        and the paragraphs and tables of a text box or shape, written in a
        ``w:txbxContent`` (lines of their own, as Word keeps them)."""
        if hidden:
            return
        if el.tag == _FIELDMARK:
            _run_text(wp, form_field(el))
        elif el.tag == TEXT_INPUT:
            for n, line in enumerate(input_lines(el)):
                if n:
                    _w(_w(wp, "r"), "br")
                _run_text(wp, line, font)
        elif el.tag == OBJECT:
            text = object_text(el, self.part)
            if text is None:
                self.unread += 1
            elif text:
                _run_text(wp, text)
        elif el.tag == OBJECT_OLE:
            self.unread += ole_equation(el, self.part)
        elif el.tag == CONTROL:
            self.unread += 1
        else:
            self.block(_w(_w(wp, "r"), "txbxContent"), (el,))

    def block(self, parent: Any, el: Any) -> None:
        """Paragraphs, headings, lists, sections and tables, in order."""
        for child in el:
            tag = child.tag
            if tag in _SKIP or str(child.get(_t(_TEXT, "display"), "")).strip() == "none":
                continue  # (a hidden section)
            if tag in (_t(_TEXT, "p"), _t(_TEXT, "h")):
                self.paragraph(parent, child)
            elif tag == _t(_TABLE, "table"):
                self.table(parent, child)
            else:  # text:list, text:list-item, text:section, table:table-rows...
                self.block(parent, child)

    def table(self, parent: Any, table: Any) -> None:
        tbl = _w(parent, "tbl")
        pending: dict[int, list[int]] = {}  # column -> [rows left, span]
        for row in _rows(table):
            tr = _w(tbl, "tr")
            cells = _cells(row)
            col = i = 0
            while i < len(cells):
                cell = cells[i]
                covered = cell.tag == _t(_TABLE, "covered-table-cell")
                merge = pending.get(col)
                if covered and merge is not None and merge[0] > 0:
                    span = merge[1]
                    tc = _w(tr, "tc")
                    props = _w(tc, "tcPr")
                    if span > 1:
                        _w(props, "gridSpan", val=str(span))
                    _w(props, "vMerge")
                    _w(tc, "p")
                    merge[0] -= 1
                    col += span
                    i += span
                    continue
                if covered:  # covered by a cell of this row spanning columns
                    col += 1
                    i += 1
                    continue
                span = _int(cell, _TABLE, "number-columns-spanned")
                rows = _int(cell, _TABLE, "number-rows-spanned")
                tc = _w(tr, "tc")
                props = _w(tc, "tcPr")
                if span > 1:
                    _w(props, "gridSpan", val=str(span))
                if rows > 1:
                    _w(props, "vMerge", val="restart")
                    pending[col] = [rows - 1, span]
                self.block(tc, cell)
                if not len(tc) or tc[-1].tag != _t(_W, "p"):
                    _w(tc, "p")  # a cell ends with a paragraph
                col += 1
                i += 1


def _rows(table: Any) -> list[Any]:
    out: list[Any] = []
    for child in table:
        if child.tag == _t(_TABLE, "table-row"):
            out.extend([child] * _int(child, _TABLE, "number-rows-repeated"))
        elif child.tag in (
            _t(_TABLE, "table-header-rows"),
            _t(_TABLE, "table-rows"),
            _t(_TABLE, "table-row-group"),
        ):
            out.extend(_rows(child))
    return out


def _cells(row: Any) -> list[Any]:
    out: list[Any] = []
    for cell in row:
        if cell.tag in (_t(_TABLE, "table-cell"), _t(_TABLE, "covered-table-cell")):
            out.extend([cell] * _int(cell, _TABLE, "number-columns-repeated"))
    return out


def _expanded(el: Any) -> int:
    """Elements and characters of ``el`` as they are written out: each
    repeated row and cell counted as many times as it is (at most
    :data:`_EXPANDED_CAP`)."""
    total = 1 + len(el.text or "") + len(el.tail or "")
    for child in el:
        tag = child.tag
        times = 1
        if tag == _t(_TABLE, "table-row"):
            times = _int(child, _TABLE, "number-rows-repeated")
        elif tag in (_t(_TABLE, "table-cell"), _t(_TABLE, "covered-table-cell")):
            times = _int(child, _TABLE, "number-columns-repeated")
        total = min(total + times * _expanded(child), _EXPANDED_CAP)
    return total


def _check_expanded(root: Any) -> None:
    """:class:`~reform_brand.safeopen.UnsafeFileError` (``read.unsafe-zip``,
    reason ``expanded``) when the text of ``root`` written out would be
    larger than :data:`MAX_ODT_EXPANDED`: a few hundred bytes of nested
    repeated cells come to billions of cells."""
    size = sum(_expanded(text) for text in root.iterfind(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text"))
    if size > MAX_ODT_EXPANDED:
        raise UnsafeFileError(
            "read.unsafe-zip",
            reason="expanded",
            what="重复的行和单元格展开后的大小",
            what_en="size once its repeated rows and cells are written out",
            value=size,
            limit=MAX_ODT_EXPANDED,
        )


#: The table elements LibreOffice writes in its own namespace for a table
#: in a shape (a Word text box holding the form's table, saved as .odt).
_SHAPE_TABLE: Final = frozenset(
    {
        "table",
        "table-column",
        "table-columns",
        "table-header-rows",
        "table-rows",
        "table-row",
        "table-cell",
        "covered-table-cell",
    }
)


def _shape_tables(root: Any) -> None:
    """Rename the ``loext:`` tables of shapes in ``root`` as the tables they
    are (``table:``), so that they are read as any other."""
    for el in root.iter(_t(_LOEXT, "*")):
        name = etree.QName(el).localname
        if name in _SHAPE_TABLE:
            el.tag = _t(_TABLE, name)


def odt_to_document_xml(
    content: bytes, styles: bytes | None = None, part: Callable[[str], bytes] | None = None
) -> bytes:
    """The ``word/document.xml`` equivalent of an .odt's ``content.xml``
    (``styles``: its ``styles.xml``, for the common styles that hide text;
    ``part``: its parts by name, for its equations; an embedded object that
    cannot be read is counted in the body's :data:`UNREAD_OBJECTS`).
    Raises :class:`~reform_brand.safeopen.UnsafeFileError` when its repeated
    rows and cells would come to more than :data:`MAX_ODT_EXPANDED`."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(content, parser)
    _shape_tables(root)
    _check_expanded(root)
    roots = [root.find(_t(_OFFICE, "automatic-styles")), root.find(_t(_OFFICE, "font-face-decls"))]
    if styles:
        try:
            common = etree.fromstring(styles, parser)
        except etree.XMLSyntaxError:
            common = None  # (the text is read; no common style hides any)
        roots += [common] if common is not None else []
    document = etree.Element(_t(_W, "document"), nsmap={"w": _W})
    body = _w(document, "body")
    texts = root.findall(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    writer = _Writer(Display(*(r for r in roots if r is not None)), part)
    for text in texts:
        writer.block(body, text)
    if writer.unread:
        body.set(UNREAD_OBJECTS, str(writer.unread))
    _w(body, "sectPr")
    out: bytes = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def odt_package(path: Path) -> bytes:
    """A minimal .docx holding the text and tables of the .odt at ``path``.
    Raises :class:`~reform_brand.safeopen.UnsafeFileError`, ``OSError``, or
    ``lxml.etree.XMLSyntaxError`` for XML that does not parse."""
    with open_docx(path, "odt") as opened:
        return _odt_package_of(opened.part(ODF_CONTENT), _odt_styles(opened), opened.part)


#: The manifest of an OpenDocument file, which gives the encryption data of
#: each part a password to open it encrypted (LibreOffice: every XML part).
_MANIFEST: Final = "META-INF/manifest.xml"


def _raise_if_encrypted(opened: OpenPackage) -> None:
    """Raise :class:`~reform_brand.safeopen.UnsafeFileError`
    (``read.unreadable``, the reason ``encrypted``) for an open .odt whose
    content did not read because a password to open it encrypted it: the
    unit is asked to take the password off, as for a .docx with one."""
    if not any(i.filename == _MANIFEST for i in opened.infos):
        return
    if b"encryption-data" in opened.part(_MANIFEST):
        raise UnsafeFileError("read.unreadable", detail=known_reason("encrypted"))


def _odt_styles(opened: OpenPackage) -> bytes | None:
    """The ``styles.xml`` of an open .odt, checked as its content is (None
    when it has none)."""
    if not any(i.filename == ODF_STYLES for i in opened.infos):
        return None
    return opened.part(ODF_STYLES)


def _odt_package_of(
    content: bytes, styles: bytes | None = None, part: Callable[[str], bytes] | None = None
) -> bytes:
    document = odt_to_document_xml(content, styles, part)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return out.getvalue()


def form_body(path: Path, opened: OpenPackage | None = None) -> Any:
    """The body element of the form at ``path``: a .docx read in place (its
    zip opened once, every XML part checked as :func:`form_package` checks
    them, the main part parsed, see :func:`plain_body`), else the body of
    :func:`form_package`'s package.  ``opened``: the file already open (a
    .docx or an .odt, from its sniff), read instead of opening it again;
    the caller closes it.  Raises like :func:`form_package`
    and what opening the package raises (see :func:`open_body`)."""
    if opened is not None:
        return _body_of(opened)
    _raise_if_known_not_a_form(path)
    # (One opening: the type, then the package from it.)
    with open_docx(path, ("docx", "odt")) as fresh:
        return _body_of(fresh)


def _raise_if_known_not_a_form(path: Path) -> None:
    """Raise what :func:`~reform_brand.safeopen.open_docx` would raise for
    the file at ``path`` when this run's sniff of it, in its present
    version, found no .docx or .odt (intake sniffed it first): the reading
    then says why without opening it again."""
    known = known_file(path)
    if known is None or known.sniffed is None:
        return
    kind, code, params, detail = known.sniffed
    if kind in ("docx", "odt"):
        return
    if kind == "unsafe":
        raise UnsafeFileError(code, **params)
    raise UnsafeFileError("read.not-docx", kind=kind, detail=detail)


def _body_of(opened: OpenPackage) -> Any:
    if opened.kind == "odt":
        content = opened.part(ODF_CONTENT)
        try:
            package = _odt_package_of(content, _odt_styles(opened), opened.part)
        except Exception:
            _raise_if_encrypted(opened)
            raise
        return open_body(package)
    try:
        opened.check_parts()
    except UnsafeFileError:
        raise
    except ValueError as exc:  # as docx_package says it
        detail = type(exc).__name__
        raise UnsafeFileError("read.not-docx", kind="zip", detail=detail) from None
    try:
        body = plain_body(opened.part)
    except Exception:
        body = None  # as python-docx opens it whole, below
    if body is not None:
        return body
    return open_body(slim_package(opened))


def form_package(path: Path) -> bytes:
    """The package the form reader opens: a .docx slimmed by
    :func:`~reform_brand.safeopen.docx_package`, or an .odt written out as
    one.  Raises like them."""
    if sniff(path).kind == "odt":
        return odt_package(path)
    return docx_package(path)


def holds_table(opened: OpenPackage) -> bool:
    """Whether the .docx or .odt ``opened`` (from its sniff) holds a table at
    all, as every form does; True when that cannot be told."""
    try:
        if opened.kind == "docx":
            return re.search(rb"<(?:\w+:)?tbl[\s>]", opened.part(opened.main)) is not None
        return b"<table:table" in opened.part(ODF_CONTENT)
    except (UnsafeFileError, OSError, ValueError, KeyError):
        return True
