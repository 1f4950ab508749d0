"""What the fields of an .odt show, read as the text of a .docx is: a Word
legacy form field LibreOffice keeps as a ``field:fieldmark`` (a check box,
a drop-down), and a Word content control around a paragraph, which
LibreOffice keeps as a ``text:text-input`` field."""

from __future__ import annotations

import re
from typing import Any, Final

__all__ = ["TEXT_INPUT", "form_field", "input_lines"]

_TEXT: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_FIELD: Final = "urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0"
#: An input field: what LibreOffice makes of a Word content control around a
#: paragraph (its text the paragraph's, the paragraph's mark kept as ``\r``).
TEXT_INPUT: Final = f"{{{_TEXT}}}text-input"
#: The placeholder text Word shows in a content control nothing was typed
#: into (Chinese, simplified and traditional, and English Word, in each
#: version's words); LibreOffice keeps it as the input field's text, and no
#: mark that it is a placeholder.
_PLACEHOLDERS: Final = frozenset(
    "".join(text.split()).casefold()
    for text in (
        "单击或点击此处输入文字。",
        "单击此处输入文字。",
        "单击或点击以输入日期。",
        "单击此处输入日期。",
        "选择一项。",
        "按一下或點選這裡以輸入文字。",
        "按一下這裡以輸入文字。",
        "按一下或點選以輸入日期。",
        "選擇一個項目。",
        "Click or tap here to enter text.",
        "Click here to enter text.",
        "Click or tap to enter a date.",
        "Click here to enter a date.",
        "Choose an item.",
    )
)


def _t(tag: str) -> str:
    return f"{{{_FIELD}}}{tag}"


def input_lines(el: Any) -> list[str]:
    """The lines of the input field ``el`` (``text:text-input``): its text
    without the ``\r`` of the paragraph mark it ends with (another one
    inside it parts two lines); none when the text is the placeholder of a
    content control left empty."""
    text = "".join(el.itertext())
    if "".join(text.split()).casefold() in _PLACEHOLDERS:
        return []
    return text.removesuffix("\r").replace("\r\n", "\r").split("\r")


def form_field(mark: Any) -> str:
    """What a Word legacy form field LibreOffice keeps as a ``field:fieldmark``
    shows, as a .docx's reads (:mod:`reform_brand.docxml`): a check box ``☑``
    when ticked (its ``Checkbox_Checked`` parameter) and ``☐`` when not, a
    drop-down its selected entry (``Dropdown_Selected``, else the first)."""
    kind = str(mark.get(_t("type"), ""))
    params = [
        (p.get(_t("name"), ""), str(p.get(_t("value"), ""))) for p in mark.iterchildren(_t("param"))
    ]
    if kind.endswith("FORMCHECKBOX"):
        ticked = any(n == "Checkbox_Checked" and v.strip() == "true" for n, v in params)
        return "☑" if ticked else "☐"
    if not kind.endswith("FORMDROPDOWN"):
        return ""
    entries = [v for n, v in params if n == "Dropdown_ListEntry"]
    picked = next((v for n, v in params if n == "Dropdown_Selected"), "0").strip()
    at = int(picked) if re.fullmatch("[0-9]{1,9}", picked) else 0
    return entries[at] if at < len(entries) else entries[0] if entries else ""
