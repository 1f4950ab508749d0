"""Escaping a value for the page it is written into: HTML or Markdown.

Used by the template environments (:mod:`reform_brand.render._jinja`) as
their ``finalize``, so that every value a template prints is escaped unless
the template marks it safe; free of Jinja so that it can be imported cheaply.
"""

from __future__ import annotations

import html
import re
from typing import Final

from reform_brand._text import printable

__all__ = ["html_escape", "md_escape"]

_MD_INLINE: Final = re.compile(r"([\\`*_\[\]<>|~#!&])")
_MD_LINE_START: Final = re.compile(r"^( *)([-+=]|[0-9]+[.)])")
#: White space at the start of a line that would make it an indented code
#: block (four columns: a tab, or four spaces), where the escapes would show.
_MD_CODE_INDENT: Final = re.compile(r"^ {0,3}\t[ \t]*|^ {4,}[ \t]*")


def html_escape(text: object) -> str:
    """``text`` escaped for HTML text and attribute values (``& < > " '``),
    with what a page must not print as it is written as a visible escape
    (``\\x1b``, ``\\u202e``: :func:`reform_brand._text.printable`)."""
    return printable(html.escape(str(text), quote=True))


def md_escape(text: str) -> str:
    """One line of ``text`` as Markdown that shows it literally (CommonMark):
    inline markup characters are backslash-escaped, and so is a list, heading
    or rule marker at the start of the line; white space at its start that
    would make it an indented code block is written as character references
    (``&#9;``, ``&#32;``), so the line stays text and its escapes stay
    unseen.  What a page must not print as it is (a mark that would show
    the rest of the line, the header's date too, right to left) is written
    as a visible escape, as on the HTML page (``\\u202e``:
    :func:`reform_brand._text.printable`)."""
    text = _MD_INLINE.sub(r"\\\1", printable(text))
    indent = _MD_CODE_INDENT.match(text)
    if indent is not None:
        refs = "".join(f"&#{ord(ch)};" for ch in indent.group())
        text = refs + text[indent.end() :]
    m = _MD_LINE_START.match(text)
    if m is not None:
        marker = m[2]
        escaped = "\\" + marker if marker in "-+=" else marker[:-1] + "\\" + marker[-1]
        text = text[: m.start(2)] + escaped + text[m.end(2) :]
    return text
