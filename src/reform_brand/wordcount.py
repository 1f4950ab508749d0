"""Counting 字 the way the edition says.

The notice limits the city progress summary to "不超过 2000 字".  The edition
chooses how 字 are counted (``Edition.count_mode``):

``"word-compatible"`` (the reference edition)
    Word's 字数 statistic: each CJK character and each full-width punctuation
    mark counts 1; each run of other non-space characters (Latin letters,
    digits and the half-width punctuation joined to them, such as ``e-mail``,
    ``0531-82073271`` or ``v2.0``) counts 1, as Word counts one non-Chinese
    word; whitespace counts 0.  "Wide" means a character of East Asian width
    W or F, or a punctuation mark of ambiguous width used as Chinese
    punctuation (“ ” ‘ ’ … — ·).
``"characters"``
    Every character except line breaks (Word's 字符数, spaces included).
``"non-whitespace"``
    Every character that is not whitespace (Word's 字符数, spaces excluded).

Counting is linear in the text and never raises on any ``str``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

from reform_brand.model import CountMode

__all__ = ["COUNT_MODES", "count", "count_characters", "count_non_whitespace", "count_words"]

COUNT_MODES: Final[tuple[CountMode, ...]] = ("word-compatible", "characters", "non-whitespace")

_LINE_BREAKS: Final = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


@lru_cache(maxsize=4096)
def _is_wide(ch: str) -> bool:
    width = unicodedata.east_asian_width(ch)
    if width in ("W", "F"):
        return True
    return width == "A" and unicodedata.category(ch).startswith("P")


def count_words(text: str) -> int:
    """字 counted as Word's 字数: CJK and full-width characters 1 each, each
    run of other non-space characters 1, whitespace 0."""
    total = 0
    in_run = False
    for ch in text:
        if ch.isspace():
            in_run = False
        elif ch.isascii():
            if not in_run:
                total += 1
                in_run = True
        elif _is_wide(ch):
            total += 1
            in_run = False
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            # Combining marks and format characters belong to what they follow.
            continue
        elif not in_run:
            total += 1
            in_run = True
    return total


def count_characters(text: str) -> int:
    """Every character except line breaks."""
    return len(text) - sum(1 for ch in text if ch in _LINE_BREAKS)


def count_non_whitespace(text: str) -> int:
    """Every character that is not whitespace."""
    return sum(1 for ch in text if not ch.isspace())


def count(text: str, mode: CountMode = "word-compatible") -> int:
    """The length of ``text`` in 字 under ``mode`` (see the module docs)."""
    if mode == "word-compatible":
        return count_words(text)
    if mode == "characters":
        return count_characters(text)
    if mode == "non-whitespace":
        return count_non_whitespace(text)
    raise ValueError(f"unknown count mode {mode!r}; expected one of {', '.join(COUNT_MODES)}")
