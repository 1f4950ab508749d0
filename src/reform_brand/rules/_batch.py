"""Rules over the whole batch: quotas and duplicates.  Each problem is
reported once (per unit, per project, per id), naming every submission
involved; the result does not depend on the order of the batch."""

from __future__ import annotations

from collections.abc import Iterator

from reform_brand.model import Quota
from reform_brand.names import normalise
from reform_brand.plugin import Finding, RuleContext, Submission
from reform_brand.rules._base import BuiltinRule

__all__ = ["DuplicatesRule", "QuotaRule"]


class QuotaRule(BuiltinRule):
    """Submissions per unit against the edition's quotas.

    Units are matched after name normalisation and through the roster's
    aliases; a county project counts under its city.  A soft quota (原则上)
    exceeded is a warning, an error in strict mode; a hard quota exceeded is
    always an error.
    """

    id = "quota"
    codes = ("quota.exceeded",)
    scope = "batch"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        groups: dict[tuple[str, str], tuple[Quota, set[str], list[Submission]]] = {}
        for sub in ctx.submissions:
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
            ids = tuple(sorted(s.id for s in subs))
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
                files=tuple(sorted({s.file for s in subs if s.file})),
            )


class DuplicatesRule(BuiltinRule):
    """The same project sent twice by one unit, and one id used twice."""

    id = "duplicates"
    codes = ("batch.duplicate-submission", "batch.duplicate-id")
    scope = "batch"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        by_id: dict[str, list[Submission]] = {}
        projects: dict[tuple[str, str, str], list[Submission]] = {}
        for sub in ctx.submissions:
            by_id.setdefault(sub.id, []).append(sub)
            name = sub.data.get("project_name") if isinstance(sub.data, dict) else None
            if not isinstance(name, str) or not name.strip() or len(name) > 1000:
                continue
            unit = ctx.index.roster.canonical(sub.unit.name) or normalise(sub.unit.name[:200])
            projects.setdefault((sub.form, unit, normalise(name)), []).append(sub)
        for (_, _, _), subs in sorted(projects.items()):
            if len(subs) < 2:
                continue
            first = min(subs, key=lambda s: s.id)
            yield ctx.finding(
                "batch.duplicate-submission",
                rule=self.id,
                unit=first.unit.name[:200],
                clause="",
                project=first.data["project_name"],
                count=len(subs),
                submissions=tuple(sorted(s.id for s in subs)),
            )
        for sub_id, subs in sorted(by_id.items()):
            if len(subs) < 2:
                continue
            yield ctx.finding(
                "batch.duplicate-id",
                rule=self.id,
                unit="",
                id=sub_id,
                count=len(subs),
                files=tuple(sorted(s.file or "-" for s in subs)),
            )
