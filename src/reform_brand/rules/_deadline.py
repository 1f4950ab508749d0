"""Arrival time against the edition's deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from reform_brand.moments import (
    DAYS_READ,
    out_of_range,
    parse_date_time,
    parse_instant,
    read_date_time,
    show_deadline,
    show_instant,
)
from reform_brand.plugin import EditionIndex, Finding, Quiet, RuleContext
from reform_brand.rules._base import BuiltinRule
from reform_brand.submission import Submission

__all__ = ["DeadlineRule", "parse_instant"]


class DeadlineRule(BuiltinRule):
    """``arrived_at`` against the deadline (timezone-aware, with the edition's
    inclusive or exclusive end).  An unknown arrival time is a finding, never
    silently on time; an arrival after the evaluation time is suspicious."""

    id = "deadline"
    codes = (
        "deadline.late",
        "deadline.arrival-unknown",
        "deadline.arrival-invalid",
        "deadline.arrival-out-of-range",
        "deadline.arrival-before-issue",
        "deadline.arrival-naive",
        "deadline.arrival-in-future",
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        sub = ctx.submission
        raw = sub.arrived_at
        if isinstance(raw, str):
            arrived = parse_date_time(raw)
            if (
                arrived is not None
                and arrived.utcoffset() is not None
                and ctx.edition.deadline.is_on_time(arrived)
                and arrived <= ctx.now
                and arrived >= ctx.index.derived(_issue_start)
            ):
                return ()  # the usual case, on time
        return self._findings(ctx, sub, raw)

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when the arrival time is a timezone-aware date-time on time,
        not after the evaluation time and not before the call's issue: the
        usual case of :meth:`check`, which reports nothing then.  A missing
        arrival time gives False (``deadline.arrival-unknown``)."""
        deadline = index.edition.deadline
        # The deadline and the issue's start as instants in UTC: two aware
        # times of one zone compare faster than two of different zones.
        # (An arrival is read with a fixed offset, so comparing instants is
        # what the check's comparisons do.)
        at = deadline.at.astimezone(dt.UTC)
        inclusive = deadline.end != "exclusive"
        start = index.derived(_issue_start).astimezone(dt.UTC)
        utc = dt.UTC

        def test(sub: Submission, now: dt.datetime) -> bool:
            raw = sub.arrived_at
            if type(raw) is not str:
                return False
            # (Read afresh: a portal's submission arrives at a time of its own.)
            arrived = read_date_time(raw)
            if arrived is None or arrived.utcoffset() is None:
                return False
            arrived = arrived.astimezone(utc)
            if now.tzinfo is not utc:
                if now.utcoffset() is None:
                    return False
                now = now.astimezone(utc)
            return (arrived <= at if inclusive else arrived < at) and start <= arrived <= now

        return test

    def _findings(self, ctx: RuleContext, sub: Submission, raw: object) -> Iterator[Finding]:
        deadline = ctx.edition.deadline
        where: dict[str, Any] = {"rule": self.id, "submission": sub, "pointer": "/arrived_at"}
        if raw is None:
            yield ctx.finding(
                "deadline.arrival-unknown",
                **where,
                clause=deadline.clause,
                deadline=show_deadline(deadline.at, deadline.timezone, deadline.end),
                reading=deadline.reading,
            )
            return
        if not isinstance(raw, str):
            return  # wrong type: envelope.type
        arrived = parse_date_time(raw)
        # The example of an arrival time: the edition's own deadline.
        example = deadline.at.isoformat(timespec="seconds")
        if arrived is None and out_of_range(raw):
            first, last = DAYS_READ
            yield ctx.finding(
                "deadline.arrival-out-of-range",
                **where,
                clause=deadline.clause,
                first=first,
                last=last,
            )
            return
        if arrived is None:
            yield ctx.finding(
                "deadline.arrival-invalid", **where, clause=deadline.clause, example=example
            )
            return
        if arrived.tzinfo is None or arrived.utcoffset() is None:
            yield ctx.finding(
                "deadline.arrival-naive", **where, clause=deadline.clause, example=example
            )
            return
        if arrived < ctx.index.derived(_issue_start):
            yield ctx.finding(
                "deadline.arrival-before-issue",
                **where,
                clause=deadline.clause,
                arrived=raw,  # as given: a zone's clock of year 1 is no help
                issued=ctx.edition.issued.isoformat(),
            )
            return
        if not deadline.is_on_time(arrived):
            yield ctx.finding(
                "deadline.late",
                **where,
                severity="warning" if deadline.late_accepted else "error",
                clause=deadline.clause,
                arrived=show_instant(arrived, deadline.timezone),
                deadline=show_deadline(deadline.at, deadline.timezone, deadline.end),
                end=deadline.end,
                notice_text=deadline.notice_text,
            )
        if arrived > ctx.now:
            yield ctx.finding(
                "deadline.arrival-in-future",
                **where,
                clause=deadline.clause,
                arrived=show_instant(arrived, deadline.timezone),
                now=show_instant(ctx.now, deadline.timezone),
            )


def _issue_start(index: EditionIndex) -> dt.datetime:
    """:meth:`Edition.issue_start <reform_brand.model.Edition.issue_start>`,
    worked out once per edition: nothing arrives before it."""
    return index.edition.issue_start()
