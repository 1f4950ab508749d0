"""Unit names as people write them: normalisation and the edition's roster.

Quotas are counted per unit, and units are named by people: ``济南市科协``,
``济南市 科协`` and ``济南市科协`` written with full-width letters are one unit.
:func:`normalise` folds such spellings together (Unicode NFKC, which maps
full-width forms to half-width; all whitespace removed, the ideographic space
U+3000 included; case folded).  :class:`RosterIndex` maps a normalised name or
alias from the edition's roster to the roster's own name, and suggests the
closest known name for an unknown one (``difflib``).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from attrs import frozen

from reform_brand.model import Edition

__all__ = ["RosterIndex", "normalise"]


@lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """The key a unit name is compared and counted by."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in folded if not ch.isspace()).casefold()


@frozen(kw_only=True)
class RosterIndex:
    """The roster of an edition, indexed by normalised name and alias."""

    #: normalised name or alias -> roster name
    by_key: dict[str, str]
    #: unit kind -> normalised keys of that kind (names and aliases)
    keys_by_kind: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, edition: Edition) -> RosterIndex:
        by_key: dict[str, str] = {}
        keys_by_kind: dict[str, list[str]] = {}
        for unit in edition.roster:
            for spelling in (unit.name, *unit.aliases):
                key = normalise(spelling)
                by_key.setdefault(key, unit.name)
                keys_by_kind.setdefault(unit.kind, []).append(key)
        return cls(by_key=by_key, keys_by_kind={k: tuple(v) for k, v in keys_by_kind.items()})

    @property
    def kinds(self) -> frozenset[str]:
        """Unit kinds the roster lists (other kinds are not checked against it)."""
        return frozenset(self.keys_by_kind)

    def canonical(self, name: str) -> str | None:
        """The roster name of ``name`` (any spelling or alias), or None."""
        return self.by_key.get(normalise(name))

    def suggest(self, name: str, kind: str | None = None) -> str | None:
        """The roster name closest to ``name`` (among ``kind``'s units), or None."""
        keys: Iterable[str] = (
            self.keys_by_kind.get(kind, ()) if kind is not None else self.by_key.keys()
        )
        # Long input cannot be close to a short name; do not spend time on it.
        probe = normalise(name[:200])
        close = difflib.get_close_matches(probe, list(keys), n=1, cutoff=0.6)
        return self.by_key[close[0]] if close else None
