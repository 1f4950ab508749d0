"""Arrival time against the edition's deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from reform_brand.plugin import Finding, RuleContext
from reform_brand.rules._base import BuiltinRule

__all__ = ["DeadlineRule", "parse_instant"]


def parse_instant(value: str) -> dt.datetime | None:
    """An ISO 8601 date-time (naive or not), or None when it is not one."""
    if len(value) > 64:
        return None
    text = value.strip()
    if text[-1:] in ("z", "Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    # A bare date reads as midnight: it is not an arrival time.
    if "T" not in text.upper() and " " not in text:
        return None
    return parsed


class DeadlineRule(BuiltinRule):
    """``arrived_at`` against the deadline (timezone-aware, with the edition's
    inclusive or exclusive end).  An unknown arrival time is a finding, never
    silently on time; an arrival after the evaluation time is suspicious."""

    id = "deadline"
    codes = (
        "deadline.late",
        "deadline.arrival-unknown",
        "deadline.arrival-invalid",
        "deadline.arrival-naive",
        "deadline.arrival-in-future",
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        sub = ctx.submission
        deadline = ctx.edition.deadline
        raw = sub.arrived_at
        if isinstance(raw, str):
            arrived = parse_instant(raw)
            if (
                arrived is not None
                and arrived.utcoffset() is not None
                and deadline.is_on_time(arrived)
                and arrived <= ctx.now
            ):
                return  # the usual case, on time
        where: dict[str, Any] = {"rule": self.id, "submission": sub, "pointer": "/arrived_at"}
        if raw is None:
            yield ctx.finding(
                "deadline.arrival-unknown",
                **where,
                clause=deadline.clause,
                deadline=_show(deadline.at, deadline.timezone),
                reading=deadline.reading,
            )
            return
        if not isinstance(raw, str):
            return  # wrong type: envelope.type
        arrived = parse_instant(raw)
        if arrived is None:
            yield ctx.finding("deadline.arrival-invalid", **where, clause=deadline.clause)
            return
        if arrived.tzinfo is None or arrived.utcoffset() is None:
            yield ctx.finding("deadline.arrival-naive", **where, clause=deadline.clause)
            return
        if not deadline.is_on_time(arrived):
            yield ctx.finding(
                "deadline.late",
                **where,
                severity="warning" if deadline.late_accepted else "error",
                clause=deadline.clause,
                arrived=_show(arrived, deadline.timezone),
                deadline=_show(deadline.at, deadline.timezone),
                end=deadline.end,
                end_zh="不含该时刻" if deadline.end == "exclusive" else "含该时刻",
                notice_text=deadline.notice_text,
            )
        if arrived > ctx.now:
            yield ctx.finding(
                "deadline.arrival-in-future",
                **where,
                clause=deadline.clause,
                arrived=_show(arrived, deadline.timezone),
                now=_show(ctx.now, deadline.timezone),
            )


def _show(instant: dt.datetime, timezone: str) -> str:
    """An instant in the edition's time zone, ISO 8601 with its offset."""
    try:
        from zoneinfo import ZoneInfo

        return instant.astimezone(ZoneInfo(timezone)).isoformat()
    except Exception:
        return instant.isoformat()
