"""When a mail arrived, from its headers (:func:`arrival`), and the
``mail.*`` findings (:func:`finding`).

The arrival time is the date of the topmost ``Received:`` header, the one
the office's own server wrote on reception (``fetch-mail`` writes one from
the server's INTERNALDATE): exact to the second, with its zone.  Without a
readable ``Received:`` header, ``Date:`` (the sender's clock) is used with a
finding; without either, the time is unknown (a finding).

A program that fetches mail from the server by POP3 or IMAP into a local
mailbox (fetchmail, getmail) writes a ``Received:`` header of its own on
top, dated when it fetched the mail: days after the server received it,
perhaps, and after the deadline.  Such a header (``... with POP3 ...``,
``with IMAP4-SSL``, ``(fetchmail-6.4)``) is no reception and is passed
over, with a finding.  ``fetch-mail``'s own header carries the server's
reception time and is used.

A mail forwarded as a file (an ``.eml`` or an Outlook ``.msg`` attached to
a mail) is received when the mail that brings it is, as one forwarded as a
``message/rfc822`` part is: :func:`received_with` gives it the forwarding
mail's arrival, its own said in ``mail.forwarded``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Final, Literal

import attrs

from reform_brand.catalogue import CATALOGUE, Localized
from reform_brand.findings import Finding
from reform_brand.office._mail_delivery import Delivery
from reform_brand.office._mail_text import decode_words

__all__ = ["Arrival", "arrival", "finding", "received_with"]

#: When a mail arrived, and which of its headers said so.
Arrival = tuple[dt.datetime | None, Literal["received", "date", "unknown"]]


def finding(code: str, file: str, **params: object) -> Finding:
    """A finding of ``code`` (a ``mail.*`` code of the catalogue) about ``file``."""
    info = CATALOGUE[code]
    return Finding(code=code, severity=info.severity, file=file, rule=info.rule, params=params)


#: A zone the standard's parser does not read: ``+08:00``, ``GMT+8``,
#: ``UTC+08:00`` (what some servers and clients write).
_OFFSET: Final = re.compile(r"(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_COMMENT: Final = re.compile(r"\([^()]*\)")
#: The names of China's time, UTC+8, as servers and programs in China write
#: them: ``CST`` (China Standard Time: Java's dates, ``Sat Aug 20 23:59:59
#: CST 2022``), ``BJT`` (Beijing time), ``HKT`` (Hong Kong time).  The
#: standard's obsolete ``CST`` is US Central time, UTC-6: read so, a mail a
#: city association sent on time would arrive fourteen hours later, past the
#: deadline.  Names inside a comment, ``+0800 (CST)``, are left to it.
_CHINA_ZONES: Final = re.compile(r"(?<![\w(])(?:CST|BJT|HKT)(?![\w)])")


def _zone(stamp: str) -> dt.tzinfo | None:
    """The zone a date ends with when the standard's parser read none."""
    words = _COMMENT.sub(" ", stamp).split()
    last = words[-1] if words else ""
    if last == "-0000":
        # The zone is not known; RFC 5322 reads the time as UTC.
        return dt.UTC
    found = _OFFSET.fullmatch(last)
    if found is None or int(found[2]) > 23 or int(found[3] or 0) > 59:
        return None
    offset = dt.timedelta(hours=int(found[2]), minutes=int(found[3] or 0))
    return dt.timezone(-offset if found[1] == "-" else offset)


#: The names of the months and days as a mail program in Chinese writes
#: them (``星期三, 17 八月 2022 10:15:00 +0800``): the month's English name.
_MONTHS: Final = dict(
    zip(
        (
            "十一月",
            "十二月",
            "一月",
            "二月",
            "三月",
            "四月",
            "五月",
            "六月",
            "七月",
            "八月",
            "九月",
            "十月",
        ),
        ("Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"),
        strict=True,
    )
)
_WEEKDAY: Final = re.compile(r"^\s*(?:星期|周)[一二三四五六日天]\s*,?\s*")
#: A month by its number, as Java (9 and later) writes it in Chinese:
#: ``周三, 17 8月 2022 10:15:00 +0800``.
_MONTH_NUMBER: Final = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])\s*月")
_ENGLISH_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
#: A zone of hours alone at the end of a date, ``+08`` or ``+8`` (``%z``
#: of some programs, PostgreSQL's ``+08``): RFC 5322's parser reads it as
#: minutes, ``+0008``.
_HOURS_ZONE: Final = re.compile(r"(?<=\s)([+-])(\d{1,2})$")
#: A zone in numbers at the end of a date, its minutes apart: those of
#: ``+0860`` or ``+080`` are no minutes, which the standard's parser reads
#: as an hour and more (``+080`` as UTC+1:20).
_NUMERIC_ZONE: Final = re.compile(r"(?<=\s)[+-]\d{1,2}(\d{2})$")
#: ISO 8601 with its zone, as scripts and scanners write a date:
#: ``2022-08-17 10:15:00 +0800``, ``2022-08-17T10:15:00+08:00``, with a
#: fraction of a second as a language prints an instant (JavaScript's
#: ``2022-08-17T02:15:00.000Z``, Python's ``10:15:00.123456+08:00``).
_ISO: Final = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})",
    re.IGNORECASE,
)
#: A time of day on a 12-hour clock, as a program writes its locale's
#: (``11:59:59 PM``, ``11:59 p.m.``): RFC 5322's parser passes over the
#: mark, and would read an afternoon's time twelve hours early.
_MERIDIEM: Final = re.compile(
    r"(?<![\d:])(\d{1,2})(:\d{2}(?::\d{2})?)\s*([ap])\.?m\.?(?![a-z])", re.IGNORECASE
)


#: The seconds of a time of day with a fraction (``10:00:00.123``, which
#: RFC 5322's parser does not read) or a leap second (``23:59:60``, which no
#: ``datetime`` holds).
_SECONDS: Final = re.compile(r"(?<![\d:])(\d{1,2}:\d{2}):(\d{2})(?:[.,]\d+)?(?=[\s+Zz-]|$)")


def _to_the_second(m: re.Match[str]) -> str:
    """A time of :data:`_SECONDS` to the second, a leap second as :59."""
    return f"{m[1]}:{'59' if m[2] == '60' else m[2]}"


def _on_24_hours(m: re.Match[str]) -> str:
    """A time on a 12-hour clock (:data:`_MERIDIEM`) on the 24-hour one:
    12 AM is 0, 1 to 11 PM are 13 to 23; an hour past 12 is as written."""
    hour, afternoon = int(m[1]), m[3].lower() == "p"
    if hour == 12:
        hour = 12 if afternoon else 0
    elif afternoon and hour < 12:
        hour += 12
    return f"{hour:02d}{m[2]}"


#: A date with its numbers between slashes, the year first, and a zone, as
#: a program writes its locale's date in China: ``2022/8/20 23:59:59
#: +0800``, ``2022/08/20 23:59 GMT+8``, ``Sat, 2022/8/20 15:59:59 UTC``.
#: (One with no zone is no instant, and stays unread.)
_SLASHED: Final = re.compile(
    r"(?:[a-z]{3},?\s*)?(\d{4})/(\d{1,2})/(\d{1,2})[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?:[.,]\d+)?\s*(\S+)",
    re.IGNORECASE,
)
_UTC_NAMES: Final = frozenset({"Z", "UT", "UTC", "GMT"})


def _slashed(bare: str) -> dt.datetime | None:
    """A date of :data:`_SLASHED`'s form (``bare``: its comments left
    out); None for any other, or one that is no date or has no zone."""
    found = _SLASHED.fullmatch(bare)
    if found is None:
        return None
    zone = dt.UTC if found[7].upper() in _UTC_NAMES else _zone(found[7])
    if zone is None:
        return None
    year, month, day, hour, minute = (int(found[i]) for i in range(1, 6))
    try:
        return dt.datetime(year, month, day, hour, minute, int(found[6] or 0), tzinfo=zone)
    except ValueError:
        return None


def _other_forms(stamp: str) -> dt.datetime | None:
    """A date written as RFC 5322 does not: in ISO 8601 with a zone."""
    found = _ISO.fullmatch(_COMMENT.sub(" ", stamp).strip())
    if found is None:
        return None
    zone = "+00:00" if found[3].upper() == "Z" else found[3][:3] + ":" + found[3][-2:]
    try:
        # (To the second, as every other form is read.)
        return dt.datetime.fromisoformat(f"{found[1]}T{found[2]}{zone}")
    except ValueError:
        return None


#: The year of a date as RFC 5322 writes it: three digits or more, none a
#: time's (``23:59:59``) or a zone's (``+0800``).
_YEAR: Final = re.compile(r"(?<![\d:+-])\d{3,}(?![\d:])")
#: The first year of a date (RFC 5322, 3.3: "any numeric year 1900 or
#: later"): a year before is no arrival of a mail (``0000``).
_FIRST_YEAR: Final = 1900
#: The time 0 of a program's clock (Unix's), which one that had no time to
#: give wrote as a date (``Thu, 01 Jan 1970 00:00:00 +0000``, or ``08:00:00
#: +0800``): no time the mail was sent or received.
_CLOCK_ZERO: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _as_written(when: dt.datetime, stamp: str) -> dt.datetime | None:
    """``when``, the standard's parser's reading of ``stamp``, in the year
    ``stamp`` writes: the parser takes a year under 100 for one of two digits
    even when four are written (``0000`` is 2000 there).  Four digits are
    the year as written; three are years past 1900 (RFC 5322, 4.3)."""
    found = _YEAR.search(_COMMENT.sub(" ", stamp))
    if found is None:
        return when
    written = int(found[0])
    if when.year not in (written, written + 1900, written + 2000):
        return when  # (not the year the parser read: a zone without its sign)
    year = written + (1900 if len(found[0]) == 3 else 0)
    try:
        return when.replace(year=year)
    except ValueError:
        return None  # (no year 0, no 29 February in it)


def _date(text: str) -> dt.datetime | None:
    """The instant a date header gives; None for one that cannot be read,
    or that has no zone to read (a time without one is no instant).  Beside
    RFC 5322's form, the date may be written in ISO 8601 with its zone, or
    with its numbers between slashes and a zone (``2022/8/20 23:59:59
    +0800``), or with the month and the day named in Chinese, or its time
    on a 12-hour clock; a fraction of a second is left out, a leap second
    (``23:59:60``) read as 23:59:59."""
    # (Raw 8-bit bytes, as the parser keeps them, read as UTF-8 or GB18030.)
    stamp = _WEEKDAY.sub("", decode_words(text).text.strip())
    for chinese, english in _MONTHS.items():
        stamp = stamp.replace(chinese, english)
    stamp = _MONTH_NUMBER.sub(lambda m: _ENGLISH_MONTHS[int(m[1]) - 1], stamp)
    stamp = _MERIDIEM.sub(_on_24_hours, stamp)
    stamp = _SECONDS.sub(_to_the_second, stamp)
    bare = _COMMENT.sub(" ", stamp).strip()
    if _HOURS_ZONE.search(bare):
        stamp = _HOURS_ZONE.sub(lambda m: f"{m[1]}{int(m[2]):02d}00", bare)
    stamp = _CHINA_ZONES.sub("+0800", stamp)
    if _SLASHED.match(bare):
        return _slashed(_COMMENT.sub(" ", stamp).strip())
    try:
        when = email.utils.parsedate_to_datetime(stamp)
    except (TypeError, ValueError, IndexError, OverflowError):
        return _other_forms(stamp)
    numeric = _NUMERIC_ZONE.search(_COMMENT.sub(" ", stamp).strip())
    if numeric is not None and int(numeric[1]) > 59:
        return None  # (no zone: the parser would read the minutes as hours)
    if when.tzinfo is None:
        zone = _zone(stamp)
        if zone is None:
            return None
        when = when.replace(tzinfo=zone)
    return _as_written(when, stamp)


def _instant(text: str) -> dt.datetime | None:
    """:func:`_date`, and None for a date that is no instant in UTC's
    calendar (``Fri, 31 Dec 9999 23:59:59 -1200`` is in the year 10000 there)
    or is before :data:`_FIRST_YEAR`, or is :data:`_CLOCK_ZERO`: the deadline
    could not be judged by it."""
    when = _date(text)
    if when is not None and (when.year < _FIRST_YEAR or when == _CLOCK_ZERO):
        return None
    if when is not None:
        try:
            when.astimezone(dt.UTC)
        except OverflowError:
            return None
    return when


#: A ``Received:`` header that a program fetching mail from the server wrote:
#: ``by host with POP3 (fetchmail-6.4.37)``, ``with IMAP4-SSL (getmail 6.18)``.
_FETCHED: Final = re.compile(
    r"\bwith\s+(?:POP3?|IMAP4?)(?:S|-SSL)?\b|\(fetchmail\b|\bgetmail\b", re.IGNORECASE
)


def arrival(
    headers: dict[str, list[str]], source: str
) -> tuple[dt.datetime | None, Literal["received", "date", "unknown"], list[Finding]]:
    """The arrival time: the topmost readable ``Received:`` date that is no
    fetch by POP3 or IMAP, else ``Date:``."""
    found: list[Finding] = []
    fetched = 0
    for n, received in enumerate(headers.get("received", ())):
        if _FETCHED.search(received):
            fetched += 1
            continue
        _, sep, stamp = received.rpartition(";")
        when = _instant(stamp) if sep else None
        if when is not None:
            if n - fetched:
                found.append(finding("mail.received-unreadable", source, skipped=n - fetched))
            if fetched:
                found.append(finding("mail.received-fetched", source, skipped=fetched))
            return when, "received", found
    if fetched:
        found.append(finding("mail.received-fetched", source, skipped=fetched))
    when = next((w for w in map(_instant, headers.get("date", ())) if w is not None), None)
    if when is not None:
        found.append(finding("mail.arrival-from-date", source))
        return when, "date", found
    found.append(finding("mail.arrival-unknown", source))
    return None, "unknown", found


#: What a mail's own headers say of its arrival.
_ARRIVAL_CODES: Final = frozenset(
    {
        "mail.arrival-from-date",
        "mail.arrival-unknown",
        "mail.received-unreadable",
        "mail.received-fetched",
    }
)
_UNKNOWN: Final = Localized(zh="未知", en="unknown")


def received_with(
    d: Delivery,
    arrived: dt.datetime | None,
    how: Literal["received", "date", "unknown"],
    name: str,
) -> Delivery:
    """``d``, a mail forwarded as the file ``name`` (an .eml, a .msg) by a
    mail that arrived at ``arrived`` (told by ``how``), as received then:
    the office received it with the forwarding mail.  Its own arrival is
    said in ``mail.forwarded`` (its findings about its own headers'
    times are no more about when it was received)."""
    if d.left_out:
        return d
    sent: object = d.arrived_at.isoformat() if d.arrived_at is not None else _UNKNOWN
    where = {"where": f"附件 {name}", "where_en": f"the attachment {name}"}
    sender = d.sender or "-"
    note = finding("mail.forwarded", d.source, part=name, **where, sender=sender, sent=sent)
    kept = tuple(f for f in d.findings if f.code not in _ARRIVAL_CODES)
    return attrs.evolve(d, arrived_at=arrived, arrival_from=how, findings=(*kept, note))
