"""Opening a checked .docx package for reading: the main document part only.

python-docx's ``Document()`` parses every XML part of a package (styles,
settings, numbering, fonts, the headers...) and builds its object model;
reading a form needs the body of the main part alone.  This parses that part
with python-docx's own parser, so the elements are the ones ``Document()``
would give (the same classes; entities never resolved), at about half the
cost of the full open.  The styles part is read too when a style hides
text or sets a symbol font, and the theme part when a theme font may be
one (:func:`~reform_brand.docstyles.styled`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from reform_brand._zipmember import MAIN_RELATIONSHIPS, RELS_NS
from reform_brand.docstyles import related_part, relationship_targets, styled, styles_part
from reform_brand.docxml import in_fallback, q, transitional
from reform_brand.office._odt_objects import UNREAD_OBJECTS, unread_storage

__all__ = ["MACRO_ENABLED", "open_body", "plain_body"]

_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
#: The main part of a document, a macro-enabled document (.docm) and their
#: templates (.dotx, .dotm): the same WordprocessingML (macros never run).
_MAIN_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)
#: The main part's content types of a macro-enabled document and template.
_MACRO_TYPES = frozenset(t for t in _MAIN_TYPES if ".ms-word." in t)
#: The attribute of the body of a macro-enabled document or template (.docm,
#: .dotm) that says it is one (absent: it is none).
MACRO_ENABLED = "{urn:reform-brand:docx}macro-enabled"


def _main_body(package: bytes) -> Any:
    """The body of the package's main document part (see :func:`plain_body`)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return plain_body(zf.read)


def plain_body(part: Callable[[str], bytes]) -> Any:
    """The body of the main document part of a package whose parts
    ``part(name)`` gives, parsed with python-docx's parser (its element
    classes; entities never resolved), without loading the parts a form is
    not read from (settings, numbering...; styles only for the text they
    hide).  None when the package is not laid out the plain way (the
    caller then lets python-docx open it whole).  Raises what reading a
    part raises."""
    from docx.oxml.parser import parse_xml
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

    safe = etree.XMLParser(resolve_entities=False, no_network=True)
    rels = etree.fromstring(part("_rels/.rels"), safe)
    targets = [
        r.get("Target", "")
        for r in rels.iter(f"{{{RELS_NS}}}Relationship")
        if r.get("Type") in MAIN_RELATIONSHIPS and r.get("TargetMode") != "External"
    ]
    if len(targets) != 1:
        return None
    name = targets[0].lstrip("/")
    types = etree.fromstring(part("[Content_Types].xml"), safe)
    declared = [
        o.get("ContentType")
        for o in types.iter(f"{{{_TYPES_NS}}}Override")
        if o.get("PartName", "").lstrip("/") == name
    ]
    if not declared:  # (no Override: the Default of its extension gives its type)
        extension = PurePosixPath(name).suffix.lstrip(".").lower()
        declared = [
            d.get("ContentType")
            for d in types.iter(f"{{{_TYPES_NS}}}Default")
            if d.get("Extension", "").lower() == extension
        ]
    if len(declared) != 1 or declared[0] not in _MAIN_TYPES:
        return None
    xml = transitional(part(name))
    body = parse_xml(xml).find(q("body"))
    if body is not None:
        styled(body, styles_part(part, name), lambda: related_part(part, name, "theme"), xml)
        if b"OLEObject" in xml:
            _unnamed_equations(body, part, name)
        if declared[0] in _MACRO_TYPES:
            body.set(MACRO_ENABLED, "1")
    return body


_OLE_OBJECT = "{urn:schemas-microsoft-com:office:office}OLEObject"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _unnamed_equations(body: Any, part: Callable[[str], bytes], main: str) -> None:
    """Count in ``body``'s :data:`UNREAD_OBJECTS` its OLE objects that name
    no program (an empty ``ProgID``, as LibreOffice writes back to a .docx
    an equation it kept as an OLE object) whose storage (the part the main
    part ``main`` relates them to) is an equation's of Equation 3.0 or
    MathType, or damaged: one that names its program is counted by the reader."""
    unnamed = [o for o in body.iter(_OLE_OBJECT) if not o.get("ProgID") and not in_fallback(o)]
    if not unnamed:
        return
    targets = relationship_targets(part, main)
    found = 0
    for ole in unnamed:
        target = targets.get(ole.get(_REL_ID, ""))
        try:
            found += target is not None and unread_storage(part(target))
        except Exception:  # (missing, over the limits: not known)
            continue
    if found:
        body.set(UNREAD_OBJECTS, str(int(body.get(UNREAD_OBJECTS) or 0) + found))


def open_body(package: bytes) -> Any:
    """The body element of the document in ``package`` (a .docx already
    checked part by part by :func:`reform_brand.safeopen.docx_package`).

    Only the main part is parsed; a package not laid out the plain way goes
    to python-docx's full open, as every package once did.  Raises what
    python-docx raises for a package it cannot open."""
    try:
        body = _main_body(package)
    except Exception:
        body = None
    if body is not None:
        return body
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = Document(io.BytesIO(package))
    styles = _blob(document, RT.STYLES)
    styled(document.element.body, styles, lambda: _blob(document, RT.THEME))
    return document.element.body


def _blob(document: Any, reltype: str) -> bytes | None:
    """The part of ``reltype`` the main part of python-docx's ``document``
    relates to (None: none)."""
    try:
        blob: bytes = document.part.part_related_by(reltype).blob
    except (KeyError, ValueError):
        return None
    return blob
