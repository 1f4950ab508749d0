"""Dates as people write them on a Chinese form: ``2022 年 8 月 15 日``,
with half- or full-width digits or Chinese numerals, read as ISO dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from reform_brand._text import nfkc
from reform_brand.model import Edition
from reform_brand.moments import parse_arrival, parse_instant
from reform_brand.names import strip_invisible

__all__ = [
    "BLANK_DATE",
    "DATE",
    "EN_DATE",
    "ISO_DATE",
    "LOOSE_DATE",
    "PARTIAL_DATE",
    "as_rfc3339",
    "cell_date",
    "office_clock",
    "office_zone",
    "on_time",
    "parse_zh_date",
    "written_date",
]

#: Chinese numerals, with the circles an input method offers for 〇 (``○``
#: U+25CB, ``◯`` U+25EF: ``二○二二年``, as many type the year).
_ZH_DIGITS: Final = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "○": 0,
    "◯": 0,
    "两": 2,
}
_NUM: Final = r"[0-9〇○◯零一二三四五六七八九十两]{1,4}"
DATE: Final = re.compile(rf"({_NUM})\s*年\s*({_NUM})\s*月\s*({_NUM})\s*[日号]")
BLANK_DATE: Final = re.compile(r"年\s*月\s*日")
#: A year as written before 年: four digits or Chinese numerals, at most two
#: spaces from it (a unit's name ending in a numeral, before a blank
#: ``年 月 日``, is not a year).
_YEAR: Final = r"(?:[0-9]{4}|[〇○◯零一二三四五六七八九]{4}) {0,2}年"
#: A date with some of its numbers written and some not: ``2022 年 8 月``,
#: ``2022 年　月　日``, ``年 8 月 15 日`` (a year, or a month, or a day
#: before 日, filled in); searched in NFKC-folded text.
PARTIAL_DATE: Final = re.compile(
    rf"(?:{_YEAR}\s*(?:{_NUM}\s*)?月|年\s*{_NUM}\s*月|年\s*月\s*{_NUM}\s*[日号])"
    rf"(?:\s*(?:{_NUM}\s*)?[日号])?"
)
#: The months as written in English, whole or cut short (``Aug``, ``Sept``).
_MONTHS: Final = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_EN_DAY: Final = r"[0-9]{1,2}(?:st|nd|rd|th)?"
#: A date written in a way that is none the reader reads, typed after the
#: unit's name where the header's date goes, after white space and at the
#: end of its line: without its year (``8月15日``, ``八月十五日``,
#: ``Aug 15``), its year short (``22.8.15``, ``Aug 15, 22``), its day left out
#: (``2022.8``, ``2022年``, ``August 2022``), or its numbers run together
#: (``20220815``); searched in NFKC-folded text.
LOOSE_DATE: Final = re.compile(
    r"(?<=\s)(?:[0-9]{1,4}[-./][0-9]{1,2}[-./][0-9]{1,4}|[0-9]{4}[-./][0-9]{1,2}"
    rf"|(?:{_YEAR}\s*)?{_NUM}\s*月(?:\s*{_NUM}\s*[日号]?)?|{_YEAR}(?:\s*{_NUM})?"
    r"|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    rf"|(?i:(?:{_EN_DAY}[\s.-]*(?:{_MONTHS})|(?:{_MONTHS})\.?[\s-]*{_EN_DAY})(?![a-z])"
    rf"(?:[\s,.-]*[0-9]{{2}})?|(?:{_MONTHS})\.?[\s,-]*[0-9]{{4}}|[0-9]{{4}}[\s,.-]*(?:{_MONTHS})\.?))"
    r"[^\S\n]*$",
    re.MULTILINE,
)
#: How many digits or Chinese numerals a year is written with.
_YEAR_DIGITS: Final = 4
ISO_DATE: Final = re.compile(r"([0-9]{4})\s*[-./]\s*([0-9]{1,2})\s*[-./]\s*([0-9]{1,2})")
#: A day of the week written before an English date (``Monday, ``).
_WEEKDAY: Final = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*)?"
#: A date written in English, its month's name in letters (``Aug 15, 2022``,
#: ``15 August 2022``, ``15-Aug-2022``, ``2022-Aug-15``, after the day of the
#: week or not), as a unit using an English Word or an English keyboard
#: types it; searched in NFKC-folded text (no white space needed, for a line
#: squashed of it).
EN_DATE: Final = re.compile(
    rf"(?<![a-z0-9]){_WEEKDAY}(?:"
    rf"({_EN_DAY})[\s.-]*({_MONTHS})\.?(?![a-z])[\s,.-]*([0-9]{{4}})"
    rf"|({_MONTHS})\.?[\s-]*({_EN_DAY})(?![a-z])[\s,.-]*([0-9]{{4}})"
    rf"|([0-9]{{4}})[\s,.-]*({_MONTHS})\.?[\s.-]*({_EN_DAY})(?![a-z])"
    r")(?![0-9])",
    re.IGNORECASE,
)


def _zh_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if "十" not in text:
        if all(ch in _ZH_DIGITS for ch in text):
            return int("".join(str(_ZH_DIGITS[ch]) for ch in text))
        return None
    tens, _, ones = text.partition("十")
    if (tens and tens not in _ZH_DIGITS) or (ones and ones not in _ZH_DIGITS):
        return None
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


def parse_zh_date(text: str) -> str | None:
    """``2022 年 8 月 15 日`` (or full-width digits, ``二〇二二年八月十五日``,
    ``2022-8-15``, ``2022.8.15``, ``Aug 15, 2022``, ``15 August 2022``) as
    ``2022-08-15``; None when ``text``
    holds no valid date, or one whose year is not written in full (``22 年``
    is not the year 22, and its century is not guessed).  Invisible
    characters (a zero-width space) are not looked at."""
    folded = nfkc(strip_invisible(text))
    m = DATE.search(folded) or ISO_DATE.search(folded)
    if m is None:
        return _en_date(folded)
    if len(m.group(1)) != _YEAR_DIGITS:
        return None
    parts = [_zh_number(g) for g in m.groups()]
    if any(p is None for p in parts):
        return None
    year, month, day = (int(p) for p in parts if p is not None)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _en_date(folded: str) -> str | None:
    """The first date written in English in ``folded`` (``Aug 15, 2022``)
    as an ISO date; None when there is none, or it is no valid date."""
    m = EN_DATE.search(folded)
    if m is None:
        return None
    day = m.group(1) or m.group(5) or m.group(9)
    name = (m.group(2) or m.group(4) or m.group(8)).lower()
    year = m.group(3) or m.group(6) or m.group(7)
    month = next(i for i, rx in enumerate(_MONTHS.split("|"), 1) if re.fullmatch(rx, name))
    try:
        return dt.date(int(year), month, int(day.rstrip("stndrh"))).isoformat()
    except ValueError:
        return None


def cell_date(text: str) -> str | None:
    """The date a table cell holds, as an ISO date: ``2024 年 7 月 1 日``
    (as a form prints a date, in any of :func:`parse_zh_date`'s ways) or
    ``2024-07-01``; "" for a blank date (the form's ``年 月 日`` left
    empty, or a cell of white space and invisible characters alone); None
    when the cell holds anything else than one valid date."""
    folded = nfkc(strip_invisible(text)).strip()
    if not folded or BLANK_DATE.fullmatch(folded):
        return ""
    if any(rx.fullmatch(folded) for rx in (DATE, ISO_DATE, EN_DATE)):
        return parse_zh_date(folded)
    return None


def written_date(example: str, fallback: dt.date) -> str:
    """A date as a form's filler writes it, for messages: the field's
    ``example`` (an ISO date) or else ``fallback`` (the edition's issue
    date), as ``2024 年 6 月 1 日``."""
    try:
        day = dt.date.fromisoformat(example)
    except ValueError:
        day = fallback
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def office_zone(edition: Edition) -> dt.tzinfo | None:
    """The office's time zone: the deadline's (its offset when the zone is
    unknown here)."""
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(edition.deadline.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return edition.deadline.at.tzinfo


def office_clock(value: str | None, zone: dt.tzinfo | None) -> dt.datetime | None:
    """An arrival time (ISO 8601 with an offset) as the office's clock in
    ``zone`` showed it; None when it is none (absent, no date-time, no
    offset, or beyond what the zone can show)."""
    instant = parse_arrival(value) if value else None
    if instant is None:
        return None
    try:
        return instant.astimezone(zone) if zone is not None else instant
    except OverflowError:
        return None


def as_rfc3339(value: object) -> object:
    """A manifest's arrival time as an envelope has it (RFC 3339, as a
    portal's ajv reads ``date-time``): a clerk types ``2022-08-15 16:42+08:00``
    (no seconds) or pads it with spaces, which ISO 8601 allows; any time
    with its offset is written out in full, anything else left as it is
    (the deadline rule says what is wrong with it)."""
    if not isinstance(value, str):
        return value
    parsed = parse_instant(value)
    if parsed is None or parsed.utcoffset() is None:
        return value
    return parsed.isoformat()


def on_time(edition: Edition, arrived: str) -> bool | None:
    """Whether ``arrived`` (RFC 3339 with an offset) is before the deadline,
    None when it is not such a time.  For the roster's column; the deadline
    rule is what judges: an arrival it cannot read (a time without its
    seconds, a day at the calendar's ends such as 9999-12-31) is unknown
    here too, and counts toward the quota chart as the quota rule counts it;
    so is an arrival before the call was issued, which the rule says is no
    arrival time (``deadline.arrival-before-issue``), never on time."""
    when = parse_arrival(arrived)
    if when is None or when < edition.issue_start():
        return None
    return edition.deadline.is_on_time(when)
