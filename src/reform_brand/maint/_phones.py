"""Phone numbers a text names, and their area codes.

Offices write one number in many ways: ``0531-82073271``,
``0531－82073271`` (a full-width hyphen), ``(0531)82073271``,
``（0531）82073271`` or ``0531 8207 3271``.  Each is one number of area
code ``0531``; a mobile number (``13800000000``) has none, it begins with
a 1.  The issuer's contacts are read alike: ``025-83000000``,
``(025)83000000``, ``（025）8300 0000``, ``025 83000000`` or
``025—83000000`` are all of area code ``025``.
"""

from __future__ import annotations

import re
from typing import Final

from reform_brand.model import Edition

__all__ = ["area_of", "foreign_phone", "issuer_areas", "phone_of_area"]

#: An area code: a leading 0 and 2 or 3 more digits, never 00.
_AREA: Final = r"0[1-9][0-9]{1,2}"
#: A space, half- or full-width.
_SPACE: Final = "[ \u3000]"
#: What follows an area code: a hyphen (half- or full-width, or a dash)
#: or a space.
_AFTER_AREA: Final = rf"{_SPACE}?[-－—‐]{_SPACE}?|{_SPACE}"
#: The local number: 7 or 8 digits, or two groups (``8207 3271``).
_LOCAL: Final = r"[0-9]{7,8}|[0-9]{3,4}[ \u3000-][0-9]{4}"
#: An area code as an office writes it before the local number, in
#: brackets or followed by a hyphen, a dash or a space; the code is in the
#: first group that took part.
_WITH_AREA: Final = (
    rf"(?:[(（]{_SPACE}?({_AREA}){_SPACE}?[)）]{_SPACE}?|({_AREA})(?:{_AFTER_AREA}))"
)
#: A phone number with its area code, as an office writes it.
_PHONE: Final = re.compile(rf"(?<![0-9])(?<![0-9][ \u3000-]){_WITH_AREA}(?:{_LOCAL})(?![0-9])")
#: A contact's phone with its area code, written any of those ways
#: (``025-83000000``, ``(025)83000000``, ``025 8300 0000``).
_CONTACT: Final = re.compile(rf"{_WITH_AREA}(?:{_LOCAL})(?:[-－—‐][0-9]+)?")


def area_of(phone: str) -> str | None:
    """The area code of a contact's ``phone`` (``025`` of ``(025)83000000``),
    or None for a phone without one (``83000000``, a mobile)."""
    m = _CONTACT.fullmatch(phone.strip())
    return (m.group(1) or m.group(2)) if m is not None else None


def issuer_areas(edition: Edition) -> frozenset[str]:
    """The area codes of the issuer's contacts (``025``)."""
    return frozenset(
        area
        for c in edition.issuer.contacts
        for phone in (c.phone, c.phone_full)
        if (area := area_of(phone)) is not None
    )


def phone_of_area(text: str, areas: frozenset[str]) -> tuple[int, str] | None:
    """Where ``text`` first names a phone of one of the area codes
    ``areas``, however written, and the phone as written; None for none."""
    for m in _PHONE.finditer(text):
        if (m.group(1) or m.group(2)) in areas:
            return m.start(), m.group(0)
    return None


def foreign_phone(text: str, areas: frozenset[str]) -> tuple[int, str] | None:
    """Where ``text`` first names a phone of an area code not in ``areas``,
    and the phone as written; None for none, or when ``areas`` is empty
    (no contact to compare with)."""
    if not areas:
        return None
    for m in _PHONE.finditer(text):
        if (m.group(1) or m.group(2)) not in areas:
            return m.start(), m.group(0)
    return None
