"""Phone numbers a text names, and their area codes.

Offices write one number in many ways: ``0531-82073271``,
``0531－82073271`` (a full-width hyphen), ``(0531)82073271``,
``（0531）82073271`` or ``0531 8207 3271``.  Each is one number of area
code ``0531``; a mobile number (``13800000000``) has none, it begins with
a 1.  The issuer's contacts write theirs as the edition's schema has them:
``025-83000000``.
"""

from __future__ import annotations

import re
from typing import Final

from reform_brand.model import Edition

__all__ = ["foreign_phone", "issuer_areas"]

#: An area code: a leading 0 and 2 or 3 more digits, never 00.
_AREA: Final = r"0[1-9][0-9]{1,2}"
#: A space, half- or full-width.
_SPACE: Final = "[ \u3000]"
#: What follows an area code: a hyphen (half- or full-width, or a dash)
#: or a space.
_AFTER_AREA: Final = rf"{_SPACE}?[-－—‐]{_SPACE}?|{_SPACE}"
#: The local number: 7 or 8 digits, or two groups (``8207 3271``).
_LOCAL: Final = r"[0-9]{7,8}|[0-9]{3,4}[ \u3000-][0-9]{4}"
#: A phone number with its area code, as an office writes it; the area
#: code is in the first group that took part.
_PHONE: Final = re.compile(
    rf"(?<![0-9])(?<![0-9][ \u3000-])"
    rf"(?:[(（]{_SPACE}?({_AREA}){_SPACE}?[)）]{_SPACE}?|({_AREA})(?:{_AFTER_AREA}))"
    rf"(?:{_LOCAL})(?![0-9])"
)
#: The area code a contact's phone begins with: the edition's schema has
#: contacts write half-width digits and hyphens (``025-83000000``).
_LEADING_AREA: Final = re.compile(rf"^({_AREA})-")


def issuer_areas(edition: Edition) -> frozenset[str]:
    """The area codes of the issuer's contacts (``025``)."""
    return frozenset(
        m.group(1)
        for c in edition.issuer.contacts
        for phone in (c.phone, c.phone_full)
        if (m := _LEADING_AREA.match(phone.strip())) is not None
    )


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
