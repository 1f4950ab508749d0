"""The quota a submission counts toward and the unit it counts under: the
one key the quota rule counts by and the report's quota chart draws by."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from reform_brand.model import Edition, Quota
from reform_brand.names import RosterIndex, normalise, strip_invisible

__all__ = ["QuotaUnits"]


@frozen(kw_only=True)
class QuotaUnits:
    """Each (unit kind, form)'s quota, and the roster its units are known by."""

    roster: RosterIndex
    #: (unit kind, form) -> (quota, counted under the unit's city)
    quotas: Mapping[tuple[str, str], tuple[Quota, bool]]

    @classmethod
    def build(cls, edition: Edition, roster: RosterIndex | None = None) -> QuotaUnits:
        quotas: dict[tuple[str, str], tuple[Quota, bool]] = {}
        for q in edition.quotas:
            for form_id in q.forms:
                for kind in q.unit_kinds:
                    quotas.setdefault((kind, form_id), (q, False))
                for kind in q.includes:
                    quotas.setdefault((kind, form_id), (q, True))
        return cls(roster=roster or RosterIndex.build(edition), quotas=quotas)

    def quota_unit(
        self, kind: str, form: str, name: str, city: str = ""
    ) -> tuple[Quota, str, str] | None:
        """The quota a submission of ``form`` by the unit ``name`` of
        ``kind`` (in ``city``) counts toward: (quota, unit key, unit name as
        shown).  The key is the roster's name when the roster knows the
        unit, else the normalised name (the name shown then the name
        without its invisible characters); a county project counts under
        its city."""
        entry = self.quotas.get((kind, form))
        if entry is None:
            return None
        quota, via_city = entry
        name = city if via_city else name
        if not name or len(name) > 200:
            return None
        known = self.roster.canonical(name)
        if known is not None:
            return quota, known, known
        # (Shown as the report shows a unit's name, without the invisible
        # characters that are no part of its key: a zero-width space typed
        # into one spelling was quoted by the quota's message and chart.)
        return quota, normalise(name), strip_invisible(name).strip()
