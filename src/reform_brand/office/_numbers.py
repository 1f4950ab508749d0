"""Numbers as people type them into a Word form's cells."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Final

from reform_brand.names import strip_invisible

__all__ = ["parse_number"]

#: Longer text is not a number anyone typed (and ``int()`` refuses 4300 digits).
_MAX_NUMBER_CHARS: Final = 40
_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_GROUPED: Final = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


def parse_number(text: str, unit: str = "", unit_en: str = "") -> int | float | None:
    """A number as a person types it into a Word cell: ``12.5``, full-width
    ``１２``, grouped ``12,000`` or ``12，000``, followed by the field's own
    unit (``12 万元``).  A whole number gives an ``int``, one with decimals a
    ``float``.  None when the text is anything else (words, another unit,
    two numbers): the reader then reports it instead of guessing.
    Invisible characters (a zero-width space) are not looked at."""
    folded = unicodedata.normalize("NFKC", strip_invisible(text))
    compact = "".join(ch for ch in folded if not ch.isspace())
    compact = compact.replace("−", "-")
    for u in (unit, unit_en):
        u = "".join(ch for ch in unicodedata.normalize("NFKC", u) if not ch.isspace())
        if u and compact.endswith(u):
            compact = compact[: -len(u)]
            break
    if len(compact) > _MAX_NUMBER_CHARS:
        return None
    if _GROUPED.fullmatch(compact):
        compact = compact.replace(",", "")
    elif not _NUMBER.fullmatch(compact):
        return None
    if "." not in compact:
        return int(compact)
    number = float(compact)
    return number if math.isfinite(number) else None
