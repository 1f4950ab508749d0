"""A form's Word template for the next year: its title's year changed.

A form is recognised by its title when it is read back, so the template an
edition brings must write the form's title (``render.template-title``).
When ``new-edition`` changes the year in a form's title, the template the
form is rendered with gets the same change: in the paragraphs of its body
that hold the title (the year in each run of text, so that the runs keep
their formatting) and in the document's title property.  Nothing else of
the file changes; a title whose year is split across runs stays as it is,
and loading the new edition then says so.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from typing import Final

__all__ = ["retitled_template"]

_PARAGRAPH: Final = re.compile(r"<w:p(?=[\s>/]).*?</w:p>", re.S)
_TEXT: Final = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
_DOC_TITLE: Final = re.compile(r"(<dc:title>)([^<]*)(</dc:title>)")


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _year_changed(match: re.Match[str], old: str, new: str) -> str:
    start, text, end = match.groups()
    return start + text.replace(old, new) + end


def _document(xml: str, title: str, old: str, new: str) -> str:
    key = _squash(title)

    def paragraph(match: re.Match[str]) -> str:
        p = match.group(0)
        text = "".join(html.unescape(t.group(2)) for t in _TEXT.finditer(p))
        if key not in _squash(text):
            return p
        return _TEXT.sub(lambda t: _year_changed(t, old, new), p)

    return _PARAGRAPH.sub(paragraph, xml)


def retitled_template(data: bytes, title: str, old: str, new: str) -> bytes:
    """The Word template ``data`` of a form titled ``title`` with the year
    ``old`` written ``new`` in that title (and in the document's title);
    ``data`` itself when the title does not name ``old``."""
    if old not in title:
        return data
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            content = zin.read(info)
            if info.filename == "word/document.xml":
                xml = _document(content.decode("utf-8"), title, old, new)
                content = xml.encode("utf-8")
            elif info.filename == "docProps/core.xml":
                xml = _DOC_TITLE.sub(lambda m: _year_changed(m, old, new), content.decode("utf-8"))
                content = xml.encode("utf-8")
            zout.writestr(info, content)
    return out.getvalue()
