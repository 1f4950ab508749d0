"""The fields of a WordprocessingML paragraph, followed by their marks
(``w:fldChar`` begin, separate, end): where a field's code is, whose text
is no text of the page, and where its result is.  Used by
:mod:`reform_brand.docxml`."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["FLD_CHAR", "FLD_CHAR_TYPE", "field_mark", "unclosed"]

_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
FLD_CHAR: Final = f"{{{_W}}}fldChar"
FLD_CHAR_TYPE: Final = f"{{{_W}}}fldCharType"
#: Where a mark is no mark of the paragraph's own fields: a text box's
#: paragraph in it, and fallback content.
_APART: Final = frozenset({f"{{{_W}}}txbxContent", f"{{{_W}}}p", f"{{{_MC}}}Fallback"})


def field_mark(fields: list[bool], mark: Any, p: Any) -> None:
    """Follow the field character ``mark`` of paragraph ``p`` in ``fields``
    (each open field, True while its code is read), unless it is in a text
    box of its own or fallback content; a mark without its field's
    beginning is let be."""
    node = mark.getparent()
    while node is not None and node is not p:
        if node.tag in _APART:
            return
        node = node.getparent()
    kind = mark.get(FLD_CHAR_TYPE)
    if kind == "begin":
        fields.append(True)
    elif kind == "separate" and fields:
        fields[-1] = False
    elif kind == "end" and fields:
        fields.pop()


def unclosed(p: Any) -> set[Any]:
    """The beginnings of the fields of paragraph ``p`` left with neither
    their separator nor their end in it (a damaged or hand-edited file):
    Word ends such a field with its paragraph and shows the text after it,
    which :func:`field_mark` alone takes for the field's code."""
    fields: list[bool] = []
    begins: list[Any] = []  # (the beginning of each of ``fields``)
    for mark in p.iter(FLD_CHAR):
        field_mark(fields, mark, p)
        begins = begins[: len(fields)] + [mark] * (len(fields) - len(begins))
    return {begin for begin, code in zip(begins, fields, strict=True) if code}
