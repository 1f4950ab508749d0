"""Units and phones a text names that are not the edition's own.

A full copy of another province's edition (``new-edition X --from Y``
without ``--inherit``) has no parent to compare with: once its maintainer
has written the new roster and issuer contacts, a field's example or help
that still names a unit of the old roster (``南京市科协``) or a phone of the
old office's area code (``025-83000000``, ``(025)83000000``) is told apart
by what the edition itself lists.
"""

from __future__ import annotations

import re
from typing import Final

from reform_brand.maint._phones import foreign_phone
from reform_brand.model import Edition

__all__ = ["OwnUnits", "foreign_unit_or_phone"]

#: A unit's level and the association it ends with: ``市科协``,
#: ``省科学技术协会``...; the place before it is read separately.
_UNIT_TAIL: Final = re.compile(r"[省市县区](?:科协|科学技术协会)")
#: A Chinese character of a place name before a unit's level.
_HAN: Final = re.compile(r"[\u4e00-\u9fff]")
#: Characters that end the place before a unit's level: another level
#: (``江苏省各市科协``), or a word that is no place (``本市``, ``各市``...).
_NOT_PLACE: Final = frozenset("省市县区、的各本该全每")
#: Words a text writes before a unit's name (``如南京市科协``, ``…科协或徐州市科协``).
_LEADING: Final = frozenset("如例即由向在和与及或请填写报至为是等均经从协")
#: What a placeholder of a place writes (``某某市科协``); ``XX`` and ``××``
#: are no Chinese characters, so never a place.
_PLACEHOLDER: Final = "某"
#: The longest place read before a unit's level (``乌鲁木齐``).
_PLACE_MAX: Final = 4


class OwnUnits:
    """The units an edition names as its own: its roster's names and
    aliases, its issuer, and its region's own association."""

    def __init__(self, edition: Edition) -> None:
        self.names: frozenset[str] = frozenset(
            name for unit in edition.roster for name in (unit.name, *unit.aliases) if name
        )
        self.issuer = edition.issuer.name.zh
        region = edition.region.zh.strip()
        short = re.sub(r"(?:省|市|自治区|特别行政区)$", "", region)
        self.region = tuple(w for w in {region, short} if len(w) >= 2)

    def owns(self, name: str) -> bool:
        return (
            name in self.names
            or (bool(self.issuer) and name in self.issuer)
            or any(name.startswith(w) and len(name) - len(w) <= 8 for w in self.region)
        )


def _place_before(text: str, end: int) -> str:
    """The Chinese characters right before ``end`` that may be a place."""
    start = end
    while start > 0 and end - start < _PLACE_MAX + 2:
        ch = text[start - 1]
        if not _HAN.match(ch) or ch in _NOT_PLACE:
            break
        start -= 1
    return text[start:end]


def _trimmed(place: str) -> str:
    """``place`` after the last word no place begins with (``如``, ``或``,
    the ``协`` of a unit before) that leaves two characters or more."""
    for i in range(len(place) - 3, -1, -1):
        if place[i] in _LEADING:
            return place[i + 1 :]
    return place


def _foreign_unit(text: str, units: OwnUnits) -> tuple[int, str] | None:
    for m in _UNIT_TAIL.finditer(text):
        place = _place_before(text, m.start())
        if len(place) < 2 or _PLACEHOLDER in place:
            continue
        tail = m.group(0)
        if any(units.owns(place[-k:] + tail) for k in range(2, len(place) + 1)):
            continue
        place = _trimmed(place)[-_PLACE_MAX:]
        return m.start() - len(place), place + tail
    return None


def foreign_unit_or_phone(
    text: str, units: OwnUnits, areas: frozenset[str]
) -> tuple[str | None, str]:
    """The first unit ``text`` names that is not the edition's own
    (``"unit"``), or phone of an area code none of its issuer's contacts has
    (``"foreign-area"``); ``(None, "")`` for none."""
    unit, phone = _foreign_unit(text, units), foreign_phone(text, areas)
    if unit is not None and (phone is None or unit[0] <= phone[0]):
        return unit[1], "unit"
    if phone is not None:
        return phone[1], "foreign-area"
    return None, ""
