"""Escaping a value for the page it is written into: HTML or Markdown.

Used by the template environments (:mod:`reform_brand.render._jinja`) as
their ``finalize``, so that every value a template prints is escaped unless
the template marks it safe; free of Jinja so that it can be imported cheaply.
"""

from __future__ import annotations

import html
import re
from typing import Final

__all__ = ["html_escape", "md_escape"]

_MD_INLINE: Final = re.compile(r"([\\`*_\[\]<>|~#!&])")
_MD_LINE_START: Final = re.compile(r"^( *)([-+=]|[0-9]+[.)])")
#: White space at the start of a line that would make it an indented code
#: block (four columns: a tab, or four spaces), where the escapes would show.
_MD_CODE_INDENT: Final = re.compile(r"^ {0,3}\t[ \t]*|^ {4,}[ \t]*")


#: What a page must not print as it is: the control characters but the tab
#: and the line ends, and the C1 controls (invalid in HTML); the
#: noncharacters U+FFFE and U+FFFF; lone surrogates (no UTF-8 page holds
#: one: a name in a report built by code, a file name not in UTF-8); and
#: the marks that set the order in which a line is shown (a unit name typed
#: with one reads as another): the embeddings, overrides and isolates, and
#: the single marks LRM, RLM and the Arabic letter mark (Unicode's
#: Bidi_Control characters).
_ODD: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _shown(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def html_escape(text: object) -> str:
    """``text`` escaped for HTML text and attribute values (``& < > " '``),
    with what a page must not print as it is (:data:`_ODD`) written as a
    visible escape (``\\x1b``, ``\\u202e``)."""
    return _ODD.sub(_shown, html.escape(str(text), quote=True))


def md_escape(text: str) -> str:
    """One line of ``text`` as Markdown that shows it literally (CommonMark):
    inline markup characters are backslash-escaped, and so is a list, heading
    or rule marker at the start of the line; white space at its start that
    would make it an indented code block is written as character references
    (``&#9;``, ``&#32;``), so the line stays text and its escapes stay
    unseen.  What a page must not print as it is (:data:`_ODD`: a mark that
    would show the rest of the line, the header's date too, right to left)
    is written as a visible escape, as on the HTML page (``\\u202e``)."""
    text = _MD_INLINE.sub(r"\\\1", _ODD.sub(_shown, text))
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
