"""The charts of report.html: quota use per unit against its limit, and
submissions per reform item (drawn by ``templates/quota-chart.html.j2``
and ``templates/charts.html.j2``), and the order unit names are shown in."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from attrs import frozen

from reform_brand.engine import QuotaUnits
from reform_brand.findings import SubmissionReport
from reform_brand.model import Edition
from reform_brand.office._inbox import paired
from reform_brand.office._roster import suggested_items

if TYPE_CHECKING:
    from reform_brand.office._inbox import InboxReport

__all__ = ["TALL_CHART", "Chart", "ItemBar", "QuotaBar", "items_chart", "name_key", "quota_chart"]

#: The most characters of a unit's name (with its tag) the quota chart shows.
LABEL: Final = 16

#: The most bars a chart has with its scale below them only: a taller
#: chart (a batch of many units) has it above them too.
TALL_CHART: Final = 15


def _char_key(c: str) -> bytes:
    try:
        return c.encode("gb2312")
    except UnicodeEncodeError:
        # After every character of GB 2312 (whose bytes never reach 0xFF),
        # by its GB 18030 code: GBK's own characters (a traditional 濟) have
        # codes below GB 2312's and would come before 啊.
        return b"\xff" + c.encode("gb18030", "backslashreplace")


def name_key(name: str) -> tuple[bytes, str]:
    """The order a clerk looks for unit names in: by pinyin, as GB 2312
    orders its common characters (then the rarer ones by radical, and any
    other character after them by its code), the name itself breaking ties,
    so that the order never depends on the order names came in.  (Each
    character's code is whole and none is the start of another, so the
    codes put end to end compare character by character.)"""
    return b"".join(_char_key(c) for c in name), name


@frozen
class QuotaBar:
    unit: str
    count: int
    limit: int
    #: The id of the quota counted.
    quota: str = ""
    #: What tells the bar apart from the unit's other quotas, shown after its
    #: name (``（附件 2）``): empty when the unit has one quota.
    tag: str = ""

    @property
    def over(self) -> bool:
        return self.count > self.limit

    @property
    def label(self) -> str:
        """The name as the chart shows it, its tag after it, in at most
        :data:`LABEL` characters: a longer name keeps its start and its end
        around an ellipsis, so that long names that begin alike (units of
        one body, ``…研究会``) are still told apart."""
        room = max(LABEL - len(self.tag), 6)
        if len(self.unit) <= room:
            return self.unit + self.tag
        tail = (room - 1) // 2
        return self.unit[: room - 1 - tail] + "…" + self.unit[-tail:] + self.tag


@frozen
class ItemBar:
    number: int
    title: str
    #: Submissions that declare the item.
    count: int
    #: Submissions that declare no item and whose best suggestion it is.
    suggested: int = 0


@frozen
class Chart:
    bars: Sequence[QuotaBar] | Sequence[ItemBar]
    #: The largest value drawn: the scale's end.
    top: int
    #: Of the quota chart, the roster's units that have a quota and no
    #: submission counted toward it (none sent, or only late ones), in the
    #: order of :func:`name_key`; of the items chart, the submissions (their
    #: units) that declare reform items that cannot be read, counted nowhere.
    missing: Sequence[str] = ()

    @property
    def ticks(self) -> range:
        """The values the scale is marked at: from 0 to :attr:`top` by 1, 2
        or 5 times a power of ten, at most ten steps."""
        steps = (m * 10**k for k in itertools.count() for m in (1, 2, 5))
        step = next(n for n in steps if self.top <= 10 * n)
        return range(0, self.top + 1, step)

    @property
    def tall(self) -> bool:
        """Whether the chart is taller than a screen: its scale is drawn
        above the bars too, not only below the last of them."""
        return len(self.bars) > TALL_CHART


def _replaced(_k: int, rep: SubmissionReport) -> bool:
    return bool(rep.superseded_by)


def _replaced_and_best(_k: int, rep: SubmissionReport) -> tuple[bool, tuple[str, ...]]:
    return bool(rep.superseded_by), tuple(suggested_items(rep)[:1])


def quota_chart(report: InboxReport, edition: Edition, lang: str = "zh") -> Chart:
    """Submissions per quota and unit, as the quota rule counts them: a late
    submission (unless the call accepts late ones) or an earlier version
    counts nowhere, a unit's spellings are
    one unit, and a unit under two quotas (its applications under one, its
    recommendations under another) has a bar for each, tagged with the
    quota's forms (else its unit kinds, else its id) in ``lang``, and a
    unit that may send none (a limit of 0) has its bar, over the limit, first;
    and the
    roster's units with a quota that have none counted toward it, which a
    clerk asks after (tagged alike)."""
    units = QuotaUnits.build(edition)
    refused = not edition.deadline.late_accepted
    counts: Counter[tuple[str, str]] = Counter()
    limits: dict[tuple[str, str], int] = {}
    names: dict[tuple[str, str], str] = {}
    for s, replaced in paired(report, _replaced):
        if (s.on_time is False and refused) or replaced:
            continue
        if s.quota and s.quota_unit:
            # The unit's key as the engine gives it (the quota rule counts
            # by it), from what the submission says, not from the name shown.
            found = units.quota_unit(s.unit_kind, s.form, s.unit, s.city)
            group = (s.quota, found[1] if found is not None else s.quota_unit)
            counts[group] += 1
            limits.setdefault(group, s.quota_limit)
            names[group] = min(names.get(group, s.quota_unit), s.quota_unit)
    missing = list(
        dict.fromkeys(
            (q, u.name)
            for q, kinds in _quota_kinds(edition)
            for u in edition.roster
            if u.kind in kinds and (q, u.name) not in counts
        )
    )
    tags = _tags(edition, lang, [*counts, *missing])
    bars = [QuotaBar(names[g], counts[g], limits[g], g[0], tags.get(g, "")) for g in counts]
    bars.sort(key=lambda b: (-_use(b), name_key(b.unit), b.tag))
    missing.sort(key=lambda g: (name_key(g[1]), tags.get(g, "")))
    return Chart(
        bars,
        max((max(b.count, b.limit) for b in bars), default=0),
        [unit + tags.get((q, unit), "") for q, unit in missing],
    )


def _use(bar: QuotaBar) -> float:
    """How much of its limit a bar uses: a submission under a limit of 0
    (units that may send none) uses more than any other."""
    return bar.count / bar.limit if bar.limit else math.inf


def _quota_kinds(edition: Edition) -> list[tuple[str, frozenset[str]]]:
    """Each quota with a limit and the unit kinds whose units it counts, as
    the quota rule looks quotas up (a kind and form the first quota that
    names them; a kind it includes counts under another unit)."""
    first: dict[tuple[str, str], str] = {}
    for q in edition.quotas:
        for form in q.forms:
            for kind in (*q.unit_kinds, *q.includes):
                first.setdefault((kind, form), q.id)
    return [
        (q.id, frozenset(k for k in q.unit_kinds if q.id in {first[k, f] for f in q.forms}))
        for q in edition.quotas
        if q.limit > 0
    ]


def _tags(
    edition: Edition, lang: str, groups: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """The tag of each (quota, unit) of a unit under more than one quota:
    the quota's forms (附件 1), or where they are the same for the unit's
    quotas its unit kinds, or else its id."""
    quotas = {q.id: q for q in edition.quotas}
    forms = {f.id: f for f in edition.forms}
    kinds = {k.id: k for k in edition.unit_kinds}
    comma, left, right = (", ", " (", ")") if lang == "en" else ("、", "（", "）")

    def labels(quota_id: str) -> tuple[str, str, str]:
        q = quotas.get(quota_id)
        if q is None:
            return quota_id, quota_id, quota_id
        return (
            comma.join(forms[f].attachment_in(lang) if f in forms else f for f in q.forms),
            comma.join(kinds[k].name.get(lang) if k in kinds else k for k in q.unit_kinds),
            quota_id,
        )

    by_unit: dict[str, set[str]] = {}
    for quota_id, unit in groups:
        by_unit.setdefault(unit, set()).add(quota_id)
    tags: dict[tuple[str, str], str] = {}
    for unit, ids in by_unit.items():
        if len(ids) < 2:
            continue
        each = {i: labels(i) for i in ids}
        # The first way of naming them that tells them all apart.
        n = next(n for n in range(3) if len({each[i][n] for i in ids}) == len(ids))
        for i in ids:
            tags[i, unit] = left + each[i][n] + right
    return tags


def items_chart(edition: Edition, report: InboxReport, lang: str) -> Chart:
    """Declared items, and the best suggestion of each submission that
    declares none, counted apart; as in the quota chart, a late submission
    (unless the call accepts late ones) and an earlier version count
    nowhere (a project resent after the deadline beside its on-time version
    is one project)."""
    declared: Counter[int] = Counter()
    suggested: Counter[int] = Counter()
    unreadable: list[str] = []
    # Of each one's report: whether it was replaced, its best suggestion.
    for s, seen in paired(report, _replaced_and_best):
        replaced, best = seen or (False, ())
        if replaced or (s.on_time is False and not edition.deadline.late_accepted):
            continue
        declared.update(s.reform_items)
        if not s.reform_items_readable:
            # Declared, and not readable: no "none declared" to suggest for.
            unreadable.append(s.unit or s.id)
        elif not s.reform_items:
            suggested.update(int(i) for i in best if i.isdigit())
    bars = [
        ItemBar(
            item.number,
            item.title.get(lang),
            declared.get(item.number, 0),
            suggested.get(item.number, 0),
        )
        for item in edition.reform_items
    ]
    return Chart(bars, max([*(b.count + b.suggested for b in bars), 1]), unreadable)
