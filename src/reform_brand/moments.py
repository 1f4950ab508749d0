"""Instants as the notice writes them.

A Chinese message shows a time the way the notice does — ``2022年8月20日24:00
（北京时间）`` — never as an ISO 8601 instant; English messages and JSON keep
ISO 8601 with its offset.  An exclusive deadline at midnight is the end of the
day before (``8月21日 00:00`` exclusive is ``8月20日24:00``), which is how a
notice that says "8月20日前" is read.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reform_brand.catalogue import Localized

__all__ = [
    "DAYS_READ",
    "out_of_range",
    "parse_arrival",
    "parse_date_time",
    "parse_instant",
    "read_date_time",
    "show_deadline",
    "show_instant",
    "zh_instant",
]


@functools.lru_cache(maxsize=4096)
def parse_instant(value: str) -> dt.datetime | None:
    """An ISO 8601 date-time (naive or not), or None when it is not one (or
    when, with its offset, it lies within a day of either end of the
    calendar, where some zone could not show it).  The last values read are
    remembered: the batch rules read each submission's arrival time on
    several passes, and the submissions of one e-mail share theirs."""
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
    if parsed.utcoffset() is not None:
        # An instant that not every zone can show (9999-12-31T23:59-14:00
        # is in the year 10000 in UTC) can be neither compared nor shown:
        # it is no instant.
        try:
            if not _EARLIEST <= parsed.astimezone(dt.UTC) <= _LATEST:
                return None
        except OverflowError:
            return None
    return parsed


#: The instants every zone can show (a day from either end of the calendar;
#: offsets are shorter than a day, and reach at most 14 hours).
_EARLIEST: Final = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
_LATEST: Final = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)


#: JavaScript's ``\s``: what ajv-formats takes between the date and the time.
_JS_SPACE: Final = (
    "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
#: RFC 3339 ``date-time`` as ajv-formats (full mode) reads it; the offset is
#: optional here only so that a missing one can be named.
_DATE_TIME: Final = re.compile(
    "([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt" + _JS_SPACE + "]"
    "([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]+))?"
    "(?:[zZ]|([+-])([0-9]{2})(?::?([0-9]{2}))?)?"
)


def _clock_ok(hour: int, minute: int, second: int, sign: int, off_h: int, off_m: int) -> bool:
    """ajv-formats' check of a time: a second 60 only at 23:59 UTC."""
    if hour <= 23 and minute <= 59 and second < 60:
        return True
    utc_min = minute - off_m * sign
    utc_hour = hour - off_h * sign - (1 if utc_min < 0 else 0)
    return utc_hour in (23, -1) and utc_min in (59, -1) and second < 61


#: The zones read so far, by their offset in minutes (a zone is made once).
_ZONES: dict[int, dt.timezone] = {}


def _zone(minutes: int) -> dt.timezone:
    zone = _ZONES.get(minutes)
    if zone is None:
        zone = _ZONES.setdefault(minutes, dt.timezone(dt.timedelta(minutes=minutes)))
    return zone


#: The days an instant may fall on, its ends excluded (see :func:`parse_date_time`).
_FIRST_DAY: Final = (1, 1, 2)
_LAST_DAY: Final = (9999, 12, 30)

#: The date-time a portal nearly always sends (``2022-08-19T10:00:01+08:00``:
#: no fraction, an offset of hours and minutes each in range), which
#: :meth:`datetime.datetime.fromisoformat` reads as :func:`parse_date_time`
#: does, and faster.
_PLAIN: Final = re.compile(
    "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]"
)


@functools.lru_cache(maxsize=4096)
def parse_date_time(value: str) -> dt.datetime | None:
    """An RFC 3339 date-time, read exactly as the portal's ajv reads JSON
    Schema's ``date-time`` (no surrounding space, seconds required, a leap
    second read as the second before), naive when it has no offset; None
    when ajv would reject it for another reason, or when its own date is
    within two days of either end of the calendar, where with its offset some
    zone might not show it (the exported schema's pattern says the same).
    The 4,096 values read last are remembered (:func:`read_date_time` reads
    a value afresh)."""
    return read_date_time(value)


def read_date_time(value: str) -> dt.datetime | None:
    """:func:`parse_date_time` of a value read once: read afresh, not
    remembered (a value met once costs less read so)."""
    if _PLAIN.fullmatch(value) is not None:
        # Clock and date in range: the same instant and offset as below
        # (a leap second, a 30 February or a date at the calendar's ends
        # are read below).
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and _FIRST_DAY < (parsed.year, parsed.month, parsed.day) < _LAST_DAY:
            return parsed
    return _read_date_time(value)


#: The first and the last day an instant may fall on (:func:`parse_date_time`).
DAYS_READ: Final = ("0001-01-03", "9999-12-29")


def out_of_range(value: str) -> bool:
    """Whether :func:`parse_date_time` refuses ``value`` only for its day:
    an RFC 3339 date-time on a day out of :data:`DAYS_READ`."""
    if parse_date_time(value) is not None:
        return False
    # (Year 0, which Python has not, as the leap year 4.)
    text = "0004" + value[4:] if value.startswith("0000") else value
    try:
        return _read_date_time(text, whole_calendar=True) is not None
    except OverflowError:  # a leap second past the calendar's end
        return True


def _read_date_time(value: str, *, whole_calendar: bool = False) -> dt.datetime | None:
    """:func:`parse_date_time` of any text (of any day, ``whole_calendar``)."""
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return None
    y, mo, d, h, mi, s, fraction, sign_text, off_h_text, off_m_text = match.groups()
    year, month, day, hour, minute, second = int(y), int(mo), int(d), int(h), int(mi), int(s)
    off_h = int(off_h_text) if off_h_text else 0
    off_m = int(off_m_text) if off_m_text else 0
    sign = -1 if sign_text == "-" else 1
    if off_h > 23 or off_m > 59 or not _clock_ok(hour, minute, second, sign, off_h, off_m):
        return None
    if not (whole_calendar or _FIRST_DAY < (year, month, day) < _LAST_DAY):
        return None
    tz = None
    if sign_text is not None or value[-1] in "zZ":
        tz = _zone(sign * (off_h * 60 + off_m))
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    try:
        if hour <= 23 and minute <= 59:
            return dt.datetime(year, month, day, hour, minute, min(second, 59), micro, tzinfo=tz)
        # A leap second ajv takes at an hour or minute past the clock's
        # (24:59:60+01:00 is 23:59:60 UTC): as many hours and minutes
        # after midnight.
        midnight = dt.datetime(year, month, day, tzinfo=tz)
    except ValueError:
        return None
    return midnight + dt.timedelta(
        hours=hour, minutes=minute, seconds=min(second, 59), microseconds=micro
    )


def parse_arrival(value: object) -> dt.datetime | None:
    """A timezone-aware arrival time from an envelope's ``arrived_at``, or
    None (absent, not an RFC 3339 date-time, or without an offset)."""
    if not isinstance(value, str):
        return None
    parsed = parse_date_time(value)
    if parsed is None or parsed.utcoffset() is None:
        return None
    return parsed


#: IANA zones whose local time is called 北京时间 (China Standard Time).
_BEIJING: Final = frozenset(
    {"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "PRC"}
)


def _local(instant: dt.datetime, timezone: str) -> tuple[dt.datetime, str]:
    """``instant`` in ``timezone`` (its own offset when the zone is unknown),
    and the zone's name in Chinese."""
    try:
        local = instant.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        local = instant
        timezone = ""
    if timezone in _BEIJING:
        return local, "北京时间"
    offset = local.strftime("%z")
    return local, f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def zh_instant(
    instant: dt.datetime,
    timezone: str,
    *,
    year: bool = True,
    end_of_day: bool = False,
) -> str:
    """``2022年8月20日 17:30（北京时间）``, the seconds written when there are
    any (``17:30:05``); with ``end_of_day`` a midnight is written as 24:00 of
    the day before (``2022年8月20日24:00``)."""
    local, zone = _local(instant, timezone)
    day = local
    clock = f" {local:%H:%M}"
    if local.second or local.microsecond:
        # The seconds when there are any: an arrival at 18:00:01 written
        # 18:00 would read as on time for a deadline of 18:00 inclusive.
        clock = f" {local:%H:%M:%S}"
    if end_of_day and (local.hour, local.minute, local.second) == (0, 0, 0):
        day = local - dt.timedelta(days=1)
        clock = "24:00"
    date = f"{day.year}年{day.month}月{day.day}日" if year else f"{day.month}月{day.day}日"
    return f"{date}{clock}（{zone}）"


def show_instant(instant: dt.datetime, timezone: str, *, year: bool = True) -> Localized:
    """A message parameter: the notice's way in Chinese, ISO 8601 in English
    and in JSON (in the edition's time zone)."""
    local, _zone = _local(instant, timezone)
    iso = local.isoformat()
    return Localized(zh=zh_instant(instant, timezone, year=year), en=iso, value=iso)


def show_deadline(
    at: dt.datetime, timezone: str, end: Literal["inclusive", "exclusive"]
) -> Localized:
    """A deadline as a message parameter: an exclusive midnight is 24:00 of the
    day before; any other end says whether the instant itself is in time (an
    arrival at 17:30 is late for an exclusive 17:30, as the English says)."""
    local, _zone = _local(at, timezone)
    iso = local.isoformat()
    zh = zh_instant(at, timezone, end_of_day=end == "exclusive")
    if end == "inclusive":
        zh = zh[:-1] + "，含该时刻）"
        en = f"{iso} (inclusive)"
    else:
        if (local.hour, local.minute, local.second) != (0, 0, 0):
            zh = zh[:-1] + "，不含该时刻）"
        en = f"{iso} (exclusive)"
    return Localized(zh=zh, en=en, value=iso)
