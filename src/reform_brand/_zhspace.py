"""A Chinese message's parameters set apart as Chinese text sets apart
Latin letters and digits: one space between an ideograph and a letter or
digit where a parameter meets the message's own text.

A message is written once for every value it may show: ``缺少{title}`` reads
缺少申报表 with one title and 缺少WORD 版 with another, and ``的内容是 {detected}``
reads 的内容是 PDF with one kind and 的内容是 未知内容 with another.  So where a
parameter meets the text around it, :func:`format_zh` puts one space
between an ideograph and a Latin letter or a digit (缺少 WORD 版, 内容为 PDF),
and drops a space the message wrote between two ideographs (的内容是未知内容).
The parameters themselves and the message's own text are left as they are
(申报表2.docx, 2022年8月20日), but for a parameter the message quotes
(“{title}”): its own double quotation marks are made single, as Chinese
text nests quotes (“发挥‘三长’作用机制”).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Final

__all__ = ["format_zh", "quoted_within"]

_FORMATTER: Final = string.Formatter()
#: An ideograph (the CJK unified ideographs and their extension A).
_HAN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
#: A Latin letter or a digit (ASCII or full-width text is left alone).
_LATIN: Final = re.compile(r"[A-Za-z0-9]")


#: Double quotation marks as single ones: the quotes of a text quoted within
#: quotes (“发挥‘三长’作用”), as Chinese text nests them.
_INNER: Final = str.maketrans({"“": "‘", "”": "’"})


def quoted_within(text: str) -> str:
    """``text`` to be set within “ ”: its own double quotation marks made
    single (发挥“三长”作用 within quotes reads “发挥‘三长’作用”)."""
    return text.translate(_INNER)


def _apart(left: str, right: str) -> bool:
    """Whether ``left`` (a last character) and ``right`` (a first one) are
    an ideograph and a letter or digit, in either order."""
    return bool(
        (_HAN.match(left) and _LATIN.match(right)) or (_LATIN.match(left) and _HAN.match(right))
    )


def _joined(parts: list[tuple[str, bool]]) -> str:
    """The pieces of a message (text, whether it is a parameter's) joined
    with the spacing of the module."""
    out: list[str] = []
    for n, (text, value) in enumerate(parts):
        if not text:
            continue
        if out:
            before = out[-1]
            if _apart(before[-1], text[0]):
                out.append(" ")
            elif value and before[-1] == " " and len(before) > 1:
                # A space the message wrote before the parameter, between
                # two ideographs: dropped.
                if _HAN.match(before[-2]) and _HAN.match(text[0]):
                    out[-1] = before[:-1]
            elif (
                not value
                and text[0] == " "
                and len(text) > 1
                and parts[n - 1][1]
                and _HAN.match(before[-1])
                and _HAN.match(text[1])
            ):
                text = text[1:]  # after the parameter, alike
        out.append(text)
    return "".join(out)


def format_zh(template: str, values: Mapping[str, object]) -> str:
    """``template.format_map(values)``, with the Chinese spacing of the
    module where a parameter meets the text around it.  Raises what
    ``format_map`` raises."""
    parts: list[tuple[str, bool]] = []
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        if literal:
            parts.append((literal, False))
        if field is None:
            continue
        value, _key = _FORMATTER.get_field(field, (), values)
        value = _FORMATTER.convert_field(value, conversion)
        text = _FORMATTER.format_field(value, spec or "")
        if parts and parts[-1][0].endswith("“"):
            text = quoted_within(text)  # (a value the message quotes)
        parts.append((text, True))
    return _joined(parts)
