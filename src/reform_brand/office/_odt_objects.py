"""Equations in an .odt, read as a .docx's are (their text).

LibreOffice keeps an equation (Insert > Object > Formula, or a Word
equation saved as .odt) as an embedded object: a ``draw:object`` whose
``xlink:href`` names a folder of the package (``./Object 1``) holding the
equation as MathML (``Object 1/content.xml``, often with its StarMath
source as an annotation).  Its text is the text of the MathML's tokens, as
a .docx's equation reads as the text of its ``m:t`` (``E=mc2``), the
annotation left out.  An object that is no equation (a chart, a
spreadsheet) is no text, as in a .docx; one that cannot be read (its part
missing, over the limits, not XML, or an equation too long to be a value's)
is counted, so that the reader says so instead of losing it silently.  So
is an equation LibreOffice keeps as the OLE object it was in the .docx (a
``draw:object-ole`` of Equation 3.0 or MathType: binary data and a picture,
no text), as a .docx's such equation is; LibreOffice writes no
``draw:class-id`` for it, and the class is read from the OLE storage it
keeps in the package as it was (its root entry's class id); an OLE object
whose storage's class cannot be read (damaged) is counted too.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import unquote

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand.safeopen import UnsafeFileError

__all__ = [
    "CONTROL",
    "MAX_EQUATION_CHARS",
    "OBJECT",
    "OBJECT_OLE",
    "UNREAD_OBJECTS",
    "object_text",
    "ole_equation",
    "storage_class",
    "unread_storage",
]

_DRAW: Final = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_XLINK: Final = "http://www.w3.org/1999/xlink"
_MATHML: Final = "http://www.w3.org/1998/Math/MathML"
#: An embedded object in a paragraph (an equation, a chart...).
OBJECT: Final = f"{{{_DRAW}}}object"
#: A form control (a text box, check box or list of LibreOffice's form
#: controls, or a .docx's ActiveX control): its value is kept apart from the
#: text (``office:forms``), and is not read.
CONTROL: Final = f"{{{_DRAW}}}control"
#: An OLE object kept as it was (binary data, no text): what LibreOffice
#: makes of a .docx's equation of Equation 3.0 or MathType it does not convert.
OBJECT_OLE: Final = f"{{{_DRAW}}}object-ole"
#: The OLE class ids of the older equation editors: Equation 3.0's
#: (``Equation.3``) and MathType's (``Equation.DSMT4``...).
_EQUATION_CLASSES: Final = frozenset({
    "0002ce02-0000-0000-c000-000000000046",
    "0002ce03-0000-0000-c000-000000000046",
})  # fmt: skip
_MATH: Final = f"{{{_MATHML}}}math"
#: What of an equation is no text of it: its source in another notation.
_NOT_TEXT: Final = frozenset({f"{{{_MATHML}}}annotation", f"{{{_MATHML}}}annotation-xml"})
#: The attribute of the body written out from an .odt that says how many of
#: its objects could not be read (absent: none).
UNREAD_OBJECTS: Final = "{urn:reform-brand:odt}unread-objects"
#: The longest equation read into a value (characters of its text): longer
#: is no equation typed into a form's cell.
MAX_EQUATION_CHARS: Final = 2000


def object_text(el: Any, part: Callable[[str], bytes] | None) -> str | None:
    """The text of the equation the embedded object ``el`` shows (its MathML
    inline, or in the package's ``part(name)``); "" for an object that is
    no equation or not in the package (a linked file); None when it cannot
    be read."""
    inline = el.find(_MATH)
    if inline is not None:
        return _math_text(inline)
    href = str(el.get(f"{{{_XLINK}}}href", "")).strip()
    name = unquote(href.removeprefix("./")).strip("/")  # (``Object%201``: ``Object 1``)
    if not name or part is None or ":" in name or name.startswith("../"):
        return ""
    try:
        content = part(f"{name}/content.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(content, parser)
    except (UnsafeFileError, etree.XMLSyntaxError):
        return None
    return _math_text(root) if root.tag == _MATH else ""


def ole_equation(el: Any, part: Callable[[str], bytes] | None) -> bool:
    """Whether the OLE object ``el`` (``draw:object-ole``) is an equation of
    Equation 3.0 or MathType: its ``draw:class-id`` (with or without
    braces), else the class of the OLE storage its ``xlink:href`` names in
    the package (``part(name)``); False when neither says so."""
    found = str(el.get(f"{{{_DRAW}}}class-id", "")).strip().strip("{}").lower()
    if found or part is None:
        return found in _EQUATION_CLASSES
    name = unquote(str(el.get(f"{{{_XLINK}}}href", "")).strip().removeprefix("./"))
    try:
        data = part(name) if name else None
    except UnsafeFileError:
        return False  # (not in the package, over the limits: not known)
    return data is not None and unread_storage(data)


#: How an OLE storage (a compound file) begins.
_COMPOUND_FILE: Final = bytes.fromhex("D0CF11E0A1B11AE1")


def unread_storage(data: bytes) -> bool:
    """Whether the OLE object whose storage is ``data`` is not read: an
    equation's of Equation 3.0 or MathType (:func:`storage_class`), or one
    whose class cannot be read (damaged: what it shows is not known)."""
    return storage_class(data) in (*_EQUATION_CLASSES, None)


#: The name of a compound file's root entry, its length in bytes as the
#: entry gives it (with its terminating NUL), and the root's type.
_ROOT_NAME: Final = "Root Entry\0".encode("utf-16-le")
_ROOT: Final = 5


def storage_class(data: bytes) -> str | None:
    """The class id of the OLE storage (a compound file) ``data``, lower
    case: that of its root entry, the first of its directory; None when
    that cannot be read (no compound file, its header or directory damaged:
    the byte order mark, the sector size, the root entry's name and type)."""
    if not data.startswith(_COMPOUND_FILE) or len(data) < 512 or data[0x1C:0x1E] != b"\xfe\xff":
        return None
    shift = int.from_bytes(data[0x1E:0x20], "little")  # (the sector size)
    if not 7 <= shift <= 12:
        return None
    at = (int.from_bytes(data[0x30:0x34], "little") + 1) << shift  # (the directory)
    root = data[at : at + 0x60]
    if (
        len(root) < 0x60
        or root[: len(_ROOT_NAME)].upper() != _ROOT_NAME.upper()
        or int.from_bytes(root[0x40:0x42], "little") != len(_ROOT_NAME)
        or root[0x42] != _ROOT
    ):
        return None
    return str(uuid.UUID(bytes_le=root[0x50:0x60]))


def _math_text(math: Any) -> str | None:
    """The text of the MathML ``math``'s tokens (its leaves), its
    annotations left out (None when it is too long)."""
    out: list[str] = []
    size = 0
    stack = [math]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or el.tag in _NOT_TEXT:
            continue  # (a comment, a processing instruction; the source)
        if len(el):
            stack.extend(reversed(el))
            continue
        text = (el.text or "").strip()
        size += len(text)
        if size > MAX_EQUATION_CHARS:
            return None
        out.append(text)
    return "".join(out)
