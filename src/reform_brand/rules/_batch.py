"""Rules over the whole batch: quotas and duplicate ids.  Each problem is
reported once (per unit, per project, per id), naming every submission
involved; the result does not depend on the order of the batch.  They read
the batch's compact records (``ctx.records``), never the form data."""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterator

from reform_brand._spool import Ints
from reform_brand.engine._records import shared_hashes
from reform_brand.findings import clip
from reform_brand.model import Quota
from reform_brand.moments import parse_arrival
from reform_brand.names import natural_key
from reform_brand.plugin import Finding, RuleContext, SubmissionRecord, TextSorter
from reform_brand.rules._base import BuiltinRule

__all__ = ["DuplicatesRule", "QuotaRule"]


class QuotaRule(BuiltinRule):
    """Submissions per unit against the edition's quotas.

    Units are matched after name normalisation and through the roster's
    aliases; a county project counts under its city.  A soft quota (原则上)
    exceeded is a warning, an error in strict mode; a hard quota exceeded is
    always an error.  A submission that arrived after the deadline is not
    accepted (逾期不再受理), so it counts against no quota, in every mode; the
    deadline rule reports it as late.  In a call that accepts late
    submissions (``late_accepted``) it counts like any other.
    """

    id = "quota"
    codes = ("quota.exceeded",)
    scope = "batch"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        # The submissions of each unit counted first; their ids and files
        # are gathered only for the units over their quota, in a second
        # pass (the records are read from disk, not kept).
        # Each submission's group is kept by its number (four bytes a
        # submission), so the second pass does not work it out again.
        quotas: dict[tuple[str, str], Quota] = {}
        #: The least of the names each unit was sent as (not every name:
        #: a unit written a little differently each time kept them all).
        names: dict[tuple[str, str], str] = {}
        count: collections.Counter[tuple[str, str]] = collections.Counter()
        numbers: dict[tuple[str, str], int] = {}
        of = Ints()
        for sub in ctx.records:
            found = _counted_under(ctx, sub)
            if found is None:
                of.append(-1)
                continue
            quota, key, shown = found
            group = (quota.id, key)
            quotas[group] = quota
            names[group] = min(names.get(group, shown), shown)
            count[group] += 1
            of.append(numbers.setdefault(group, len(numbers)))
        # The ids and the files of each unit over its quota, sorted on disk
        # when there are many (a unit that sent 100,000 submissions is
        # named by a finding that lists them all); the files each once.
        over = [group for group, n in count.items() if n > quotas[group].limit]
        ids = TextSorter.several(len(over), natural_key)
        files = TextSorter.several(len(over), natural_key, unique=True)
        by_number = {numbers[group]: k for k, group in enumerate(over)}
        for sub, number in zip(ctx.records, of, strict=True) if over else ():
            k = by_number.get(number)
            if k is not None:
                ids[k].add(clip(sub.id))
                if sub.file:
                    files[k].add(clip(sub.file))
        for group, k in sorted((group, k) for k, group in enumerate(over)):
            quota = quotas[group]
            yield ctx.finding(
                "quota.exceeded",
                rule=self.id,
                severity="error" if (ctx.strict or not quota.soft) else "warning",
                clause=quota.clause,
                unit=names[group],
                quota=quota.id,
                count=count[group],
                limit=quota.limit,
                soft=quota.soft,
                notice_text=quota.notice_text,
                submissions=ids[k].result(),
                files=files[k].result(),
            )


def _counted_under(ctx: RuleContext, sub: SubmissionRecord) -> tuple[Quota, str, str] | None:
    """The quota ``sub`` counts under, the unit's key and shown name; None
    when it counts under none (late and not accepted, or no quota for its
    unit)."""
    if _refused(ctx, sub):
        return None
    return ctx.index.quota_unit(sub)


def _refused(ctx: RuleContext, sub: SubmissionRecord) -> bool:
    """Whether ``sub`` is known to have arrived too late to be taken in (an
    unknown or unreadable arrival time is not known to be late)."""
    arrived = parse_arrival(sub.arrived_at)
    return arrived is not None and not ctx.edition.deadline.accepts(arrived)


class DuplicatesRule(BuiltinRule):
    """One id used by two submissions.  (The same project sent twice by one
    unit is not a duplicate but a version: the engine keeps the latest; see
    :mod:`reform_brand.engine`.)"""

    id = "duplicates"
    codes = ("batch.duplicate-id",)
    scope = "batch"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        # The ids' hashes first, eight bytes a submission; the ids themselves
        # are gathered only for the submissions whose hash another shares
        # (the ids used twice, and the rare collision): the records are read
        # from disk, and a set of 100,000 ids would grow with the batch.
        every = (ctx.records, ctx.superseded_records)
        shared = shared_hashes(Ints(hash(sub.id) for sub in itertools.chain(*every)))
        by_id: dict[str, list[str]] = {}
        if shared:
            for sub in itertools.chain(*every):
                if hash(sub.id) in shared:
                    by_id.setdefault(sub.id, []).append(sub.file or "-")
        for sub_id, files in sorted(by_id.items()):
            if len(files) < 2:
                continue  # (a hash shared with another id)
            yield ctx.finding(
                "batch.duplicate-id",
                rule=self.id,
                unit="",
                id=sub_id,
                count=len(files),
                files=tuple(sorted(files, key=natural_key)),
            )
