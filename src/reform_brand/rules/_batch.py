"""Rules over the whole batch: quotas and duplicate ids.  Each problem is
reported once (per unit, per project, per id), naming every submission
involved; the result does not depend on the order of the batch.  They read
the batch's compact records (``ctx.records``), never the form data."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from reform_brand.model import Quota
from reform_brand.moments import parse_arrival
from reform_brand.names import natural_key
from reform_brand.plugin import Finding, RuleContext, SubmissionRecord
from reform_brand.rules._base import BuiltinRule

__all__ = ["DuplicatesRule", "QuotaRule"]


class QuotaRule(BuiltinRule):
    """Submissions per unit against the edition's quotas.

    Units are matched after name normalisation and through the roster's
    aliases; a county project counts under its city.  A soft quota (原则上)
    exceeded is a warning, an error in strict mode; a hard quota exceeded is
    always an error.  A submission that arrived after the deadline is not
    accepted (逾期不再受理), so it counts against no quota, in every mode; the
    deadline rule reports it as late.
    """

    id = "quota"
    codes = ("quota.exceeded",)
    scope = "batch"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        groups: dict[tuple[str, str], tuple[Quota, set[str], list[SubmissionRecord]]] = {}
        for sub in ctx.records:
            if _late(ctx, sub):
                continue
            found = ctx.index.quota_unit(sub)
            if found is None:
                continue
            quota, key, shown = found
            _, names, subs = groups.setdefault((quota.id, key), (quota, set(), []))
            names.add(shown)
            subs.append(sub)
        for (_, _key), (quota, names, subs) in sorted(groups.items()):
            if len(subs) <= quota.limit:
                continue
            ids = tuple(sorted((s.id for s in subs), key=natural_key))
            unit = min(names)
            yield ctx.finding(
                "quota.exceeded",
                rule=self.id,
                severity="error" if (ctx.strict or not quota.soft) else "warning",
                clause=quota.clause,
                unit=unit,
                quota=quota.id,
                count=len(subs),
                limit=quota.limit,
                soft=quota.soft,
                notice_text=quota.notice_text,
                submissions=ids,
                files=tuple(sorted({s.file for s in subs if s.file}, key=natural_key)),
            )


def _late(ctx: RuleContext, sub: SubmissionRecord) -> bool:
    """Whether ``sub`` is known to have arrived after the deadline (an
    unknown or unreadable arrival time is not known to be late)."""
    arrived = parse_arrival(sub.arrived_at)
    return arrived is not None and not ctx.edition.deadline.is_on_time(arrived)


class DuplicatesRule(BuiltinRule):
    """One id used by two submissions.  (The same project sent twice by one
    unit is not a duplicate but a version: the engine keeps the latest; see
    :mod:`reform_brand.engine`.)"""

    id = "duplicates"
    codes = ("batch.duplicate-id",)
    scope = "batch"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        # The ids used twice first, in a set of the ids (the records' own
        # strings): a list per id would cost a batch of 100,000 submissions
        # tens of megabytes for the few ids that are shared.
        every = (ctx.records, ctx.superseded_records)
        seen: set[str] = set()
        twice: set[str] = set()
        for sub in itertools.chain(*every):
            (twice if sub.id in seen else seen).add(sub.id)
        seen.clear()
        by_id: dict[str, list[SubmissionRecord]] = {sub_id: [] for sub_id in twice}
        for sub in itertools.chain(*every):
            if sub.id in twice:
                by_id[sub.id].append(sub)
        for sub_id, subs in sorted(by_id.items()):
            yield ctx.finding(
                "batch.duplicate-id",
                rule=self.id,
                unit="",
                id=sub_id,
                count=len(subs),
                files=tuple(sorted((s.file or "-" for s in subs), key=natural_key)),
            )
