"""Numbers as people type them into a Word form's cells."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Final

from reform_brand.names import strip_invisible

__all__ = ["parse_number"]

#: Longer text is no number the renderer prints for a float (``5e-324`` is
#: 326 characters, ``-1.8e308`` 310) nor one anyone typed (and ``int()``
#: refuses 4300 digits).
_MAX_NUMBER_CHARS: Final = 330
_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_GROUPED: Final = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
#: A space that groups thousands (``12 000``, ``1 200 000``): before three
#: digits and no more.
_SPACE_GROUPING: Final = re.compile(r"(?<=[0-9]) (?=[0-9]{3}(?![0-9]))")
#: Digits parted by other white space: two numbers (``12⏎15``, ``12⇥15``,
#: ``1 2``), never one.
_PARTED: Final = re.compile(r"[0-9]\s+[0-9]")


def _units(unit: str, unit_en: str) -> list[str]:
    """The units a number of the field may be followed by: its own, and for
    a unit of a multiple of 元 (``万元``), the multiple alone (``12万`` in a
    万元 field is 12 万元, as people say it).  Another unit (``120000元``)
    is not converted: a number in the wrong unit is a slip the unit confirms."""
    units = [
        "".join(ch for ch in unicodedata.normalize("NFKC", u) if not ch.isspace())
        for u in (unit, unit_en)
    ]
    zh = units[0]
    if len(zh) > 1 and zh.endswith("元"):
        units.append(zh[:-1])
    return units


def parse_number(text: str, unit: str = "", unit_en: str = "") -> int | float | None:
    """A number as a person types it into a Word cell: ``12.5``, full-width
    ``１２``, grouped ``12,000`` or ``12，000``, followed by the field's own
    unit (``12 万元``; ``12万`` in a 万元 field, :func:`_units`), its
    thousands grouped by commas or spaces (``12 000``).  A whole
    number gives an ``int``, one with decimals a ``float``.  None when the
    text is anything else (words, another unit, two numbers): the reader
    then reports it instead of guessing.  Invisible characters (a
    zero-width space) are not looked at."""
    folded = unicodedata.normalize("NFKC", strip_invisible(text))
    if _PARTED.search(_SPACE_GROUPING.sub("", folded)):
        return None
    compact = "".join(ch for ch in folded if not ch.isspace())
    compact = compact.replace("−", "-")
    for u in _units(unit, unit_en):
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
