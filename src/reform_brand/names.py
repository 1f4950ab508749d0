"""Unit names as people write them: normalisation and the edition's roster.

Quotas are counted per unit, and units are named by people: ``济南市科协``,
``济南市 科协`` and ``济南市科协`` written with full-width letters are one unit.
:func:`normalise` folds such spellings together (Unicode NFKC, which maps
full-width forms to half-width; all whitespace removed, the ideographic space
U+3000 included; invisible characters such as the zero-width space, the
byte-order mark and the soft hyphen removed; case folded).
:class:`RosterIndex` maps a normalised name or alias from the edition's
roster to the roster's own name, and names every closest known name for an
unknown one (``difflib``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from attrs import field, frozen

from reform_brand._portable import INVISIBLE
from reform_brand.model import Edition

__all__ = [
    "CLOSE_ENOUGH",
    "INVISIBLE",
    "MOST_CANDIDATES",
    "RosterIndex",
    "did_you_mean",
    "is_blank",
    "natural_key",
    "normalise",
    "strip_invisible",
]

#: :data:`INVISIBLE` (zero-width space, non-joiner and joiner, the direction
#: marks, word joiner and the invisible operators, the byte-order mark, the
#: soft hyphen, the Mongolian vowel separator and the combining grapheme
#: joiner) are dropped.
_DROP_INVISIBLE: Final = {ord(ch): None for ch in INVISIBLE}


_ANY_INVISIBLE: Final = re.compile("[" + "".join(re.escape(ch) for ch in sorted(INVISIBLE)) + "]")


def strip_invisible(text: str) -> str:
    """``text`` without the :data:`INVISIBLE` characters."""
    if _ANY_INVISIBLE.search(text) is None:
        return text  # the usual case, found far faster than translate() copies
    return text.translate(_DROP_INVISIBLE)


_DIGITS: Final = re.compile(r"([0-9]+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders numbers inside names by value: ``rz-1``,
    ``rz-6``, ``rz-16`` (not ``rz-1``, ``rz-16``, ``rz-6``).  Any text is a
    name: a part made of characters that are digits but no decimal digits
    (``²``, ``①``) is text, not a number."""
    # The split alternates: text, ASCII digits, text, ... (the text parts
    # may be empty, and may still be digits of another script, ``٣``).
    key: list[tuple[int, int | str]] = []
    for i, part in enumerate(_DIGITS.split(text)):
        if i & 1 or part.isdecimal():
            key.append((0, int(part) if len(part) <= _INT_DIGITS else _long_number(part)))
        elif part:
            key.append((1, part))
    return tuple(key)


#: The longest run of digits read with one ``int()`` (Python refuses more
#: than 4,300 digits, against denial of service).
_INT_DIGITS: Final = 4000


def _long_number(digits: str) -> int:
    """The value of a run of more than :data:`_INT_DIGITS` decimal digits,
    read a part at a time."""
    value = 0
    for i in range(0, len(digits), _INT_DIGITS):
        part = digits[i : i + _INT_DIGITS]
        value = value * 10 ** len(part) + int(part)
    return value


def is_blank(text: str) -> bool:
    """Whether ``text`` holds nothing but white space and invisible characters."""
    first = text[:1]
    if first and first not in INVISIBLE and not first.isspace():
        return False  # (the usual case, told by its first character)
    return not strip_invisible(text).strip()


@lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """The key a unit name is compared and counted by."""
    folded = unicodedata.normalize("NFKC", strip_invisible(name))
    # (``split()`` splits at exactly the characters ``isspace`` tells, in C.)
    return "".join(folded.split()).casefold()


@frozen(kw_only=True)
class RosterIndex:
    """The roster of an edition, indexed by normalised name and alias."""

    #: normalised name or alias -> roster name
    by_key: dict[str, str]
    #: unit kind -> normalised keys of that kind (names and aliases)
    keys_by_kind: dict[str, tuple[str, ...]]
    #: each name and alias as the roster writes it -> roster name (what
    #: ``by_key`` gives for it: the usual spelling is told without
    #: normalising it)
    by_spelling: dict[str, str] = field(factory=dict)

    @classmethod
    def build(cls, edition: Edition) -> RosterIndex:
        by_key: dict[str, str] = {}
        keys_by_kind: dict[str, list[str]] = {}
        spellings: list[tuple[str, str]] = []
        for unit in edition.roster:
            for spelling in (unit.name, *unit.aliases):
                key = normalise(spelling)
                by_key.setdefault(key, unit.name)
                keys_by_kind.setdefault(unit.kind, []).append(key)
                spellings.append((spelling, key))
        return cls(
            by_key=by_key,
            keys_by_kind={k: tuple(v) for k, v in keys_by_kind.items()},
            by_spelling={spelling: by_key[key] for spelling, key in spellings},
        )

    @property
    def kinds(self) -> frozenset[str]:
        """Unit kinds the roster lists (other kinds are not checked against it)."""
        return frozenset(self.keys_by_kind)

    def canonical(self, name: str) -> str | None:
        """The roster name of ``name`` (any spelling or alias), or None."""
        known = self.by_spelling.get(name)
        return known if known is not None else self.by_key.get(normalise(name))

    def unit_named_in(self, text: str) -> str:
        """The roster unit whose name or an alias ``text`` holds, when it
        holds one unit's only; else ""."""
        key = normalise(text)
        found = {name for k, name in self.by_key.items() if k and k in key}
        return found.pop() if len(found) == 1 else ""

    def suggest(self, name: str, kind: str | None = None) -> str | None:
        """The roster name closest to ``name`` (among ``kind``'s units), or
        None; when several are equally close, the first in roster order (see
        :meth:`candidates` for all of them)."""
        found = self.candidates(name, kind)
        return found[0] if found else None

    def candidates(self, name: str, kind: str | None = None) -> tuple[str, ...]:
        """Every roster name at the closest distance from ``name`` (among
        ``kind``'s units), in roster order; empty when none is close.  ``济男市
        科协`` gives both ``济南市科协`` and ``济宁市科协``: a tie is never
        broken by code point.  Close is a similarity above
        :data:`CLOSE_ENOUGH` (``difflib``'s ratio) shared by at most
        :data:`MOST_CANDIDATES` names: ``北京市科协`` is as close to every
        ``…市科协`` as to any (what they share is what every name has), and
        is close to none."""
        keys: Iterable[str] = (
            self.keys_by_kind.get(kind, ()) if kind is not None else self.by_key.keys()
        )
        # Long input cannot be close to a short name; do not spend time on it.
        probe = normalise(name[:200])
        matcher = difflib.SequenceMatcher(b=probe, autojunk=False)
        best = CLOSE_ENOUGH
        found: list[str] = []
        for key in keys:
            matcher.set_seq1(key)
            if matcher.real_quick_ratio() < best or matcher.quick_ratio() < best:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, found = ratio, []
            if ratio >= best and self.by_key[key] not in found:
                found.append(self.by_key[key])
        if best <= CLOSE_ENOUGH or len(found) > MOST_CANDIDATES:
            return ()
        return tuple(found)


#: A roster name is offered for an unknown one only above this similarity
#: (``difflib.SequenceMatcher.ratio``; ``get_close_matches``' cutoff).
CLOSE_ENOUGH: Final = 0.6
#: More equally close names than this are none: the likeness is in what
#: the roster's names share (``市科协``), not in the name given.
MOST_CANDIDATES: Final = 3


def did_you_mean(found: tuple[str, ...], lang: str, *, looked: bool = True) -> str:
    """``；是否为“A”或“B”？`` / ``; did you mean 'A' or 'B'?`` for the
    roster names ``found`` (:meth:`RosterIndex.candidates`: every equally
    close one named).  For none, that none is close and where the whole
    roster is listed (never every name of it); "" when no name was looked
    up (``looked`` false: a blank or overlong name)."""
    if not found:
        if not looked:
            return ""
        if lang == "en":
            return "; no name on the roster is close to it (reform-brand show lists the roster)"
        return "；名单中没有与之相近的名称（完整名单见版本说明中的单位名单）"
    if lang == "en":
        return "; did you mean " + " or ".join(f"'{n}'" for n in found) + "?"
    return "；是否为" + "或".join(f"“{n}”" for n in found) + "？"
