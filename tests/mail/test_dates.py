"""Dates of mail headers written as programs in China write them: a zone
of hours alone, a month by its number in Chinese."""

from __future__ import annotations

import datetime as dt
import email.utils
from pathlib import Path

import pytest

from reform_brand.office._mail import parse_mail
from reform_brand.office._mail_source import read_mail_source
from tests.inbox.msgfile import attachment, msg
from tests.mail.mails import CST, mail

ON_TIME = dt.datetime(2022, 8, 20, 23, 59, 59, tzinfo=CST)


@pytest.mark.parametrize(
    "stamp",
    [
        "Sat, 20 Aug 2022 23:59:59 +08",
        "Sat, 20 Aug 2022 23:59:59 +8",
        "Sat, 20 Aug 2022 23:59:59 +08 (CST)",
        "2022-08-20 23:59:59 +08",
    ],
)
def test_a_zone_of_hours_alone_is_hours_not_minutes(stamp: str) -> None:
    """``+08`` (PostgreSQL's, some programs' ``%z``) is UTC+8: read as
    ``+0008``, a mail sent on time would be read as sent eight hours later."""
    d = parse_mail(mail(received=[f"by x; {stamp}"]), "r.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    assert d.arrived_at is not None and d.arrived_at.utcoffset() == dt.timedelta(hours=8)
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")


def test_a_zone_of_hours_alone_west_of_greenwich() -> None:
    d = parse_mail(mail(received=["by x; Sat, 20 Aug 2022 10:59:59 -5"]), "r.eml")
    assert d.arrived_at == ON_TIME
    assert d.arrived_at is not None and d.arrived_at.utcoffset() == dt.timedelta(hours=-5)


@pytest.mark.parametrize(
    "stamp",
    ["周六, 20 8月 2022 23:59:59 +0800", "星期六, 20 08月 2022 23:59:59 +0800 (CST)"],
)
def test_a_month_by_its_number_in_chinese_is_read(stamp: str) -> None:
    """Java 9 and later write a date in Chinese as ``周六, 20 8月 2022``."""
    for charset in ("utf-8", "gbk"):
        d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode(charset)]), "d.eml")
        assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")
    d = parse_mail(mail(received=[f"by x; {stamp}"]), "r.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")


def test_december_by_its_number() -> None:
    d = parse_mail(mail(raw_headers=["Date: 周五, 30 12月 2022 08:00:00 +0800".encode()]), "d.eml")
    assert d.arrived_at == dt.datetime(2022, 12, 30, 8, tzinfo=CST)


@pytest.mark.parametrize(
    "stamp",
    [
        "Sat, 20 Aug 2022 23:59:59.123 +0800",
        "Sat, 20 Aug 2022 23:59:59,5 +0800 (CST)",
        "Sat, 20 Aug 2022 15:59:59.000001 GMT",
        "Sat, 20 Aug 2022 23:59:60 +0800",  # a leap second: as :59
        "Sat, 20 Aug 2022 15:59:60.25 +0000",
        "2022/8/20 23:59:60 +0800",
        "2022-08-20T23:59:60+08:00",
    ],
)
def test_a_date_with_a_fraction_of_a_second_or_a_leap_second_is_read(stamp: str) -> None:
    received = [f"from mail.example.cn by mx.office.example.org; {stamp}"]
    d = parse_mail(mail(received=received), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")


def test_a_second_past_a_leap_second_is_no_time() -> None:
    d = parse_mail(mail(raw_headers=[b"Date: Sat, 20 Aug 2022 23:59:61 +0800"]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (None, "unknown")


@pytest.mark.parametrize(
    "stamp",
    [
        "2022-08-20T15:59:59.000Z",  # JavaScript's toISOString()
        "2022-08-20 23:59:59.123456+08:00",  # Python's isoformat(" ") of now()
        "2022-08-20T23:59:59,5+0800",
    ],
)
def test_an_iso_date_with_a_fraction_of_a_second_is_read(stamp: str) -> None:
    """A script writes the date as its language prints an instant, with
    milliseconds or microseconds: read, to the second, not unknown."""
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")


@pytest.mark.parametrize(
    ("stamp", "hour"),
    [
        ("Sat, 20 Aug 2022 11:59:59 PM +0800", 23),
        ("Sat, 20 Aug 2022 11:59:59 pm +0800", 23),
        ("Sat, 20 Aug 2022 11:59:59 P.M. +0800", 23),
        ("Sat, 20 Aug 2022 12:59:59 PM +0800", 12),
        ("Sat, 20 Aug 2022 12:59:59 AM +0800", 0),
        ("Sat, 20 Aug 2022 11:59:59 AM +0800", 11),
    ],
)
def test_a_time_of_the_afternoon_written_with_pm_is_read_so(stamp: str, hour: int) -> None:
    """A program writing its locale's clock (``11:59:59 PM``): read twelve
    hours early, a mail sent after a deadline of the afternoon was on time."""
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert d.arrived_at == dt.datetime(2022, 8, 20, hour, 59, 59, tzinfo=CST)
    d = parse_mail(mail(received=[f"by x; {stamp}"]), "r.eml")
    assert d.arrived_at == dt.datetime(2022, 8, 20, hour, 59, 59, tzinfo=CST)


@pytest.mark.parametrize("zone", ["+0860", "+080", "-0575"])
def test_a_zone_whose_minutes_are_no_minutes_is_no_zone(zone: str) -> None:
    """``+0860`` or ``+080`` (minutes past 59): the standard's parser reads
    eighty minutes as an hour and twenty, a time off by hours and said
    nowhere; such a date is one that cannot be read, and the next header
    tells the time."""
    stamp = f"Sat, 20 Aug 2022 23:59:59 {zone}"
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (None, "unknown")
    good = "Sat, 20 Aug 2022 23:59:59 +0800"
    d = parse_mail(mail(received=[f"by x; {stamp}", f"by y; {good}"]), "r.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    assert "mail.received-unreadable" in [f.code for f in d.findings]


@pytest.mark.parametrize(
    "stamp",
    [
        "2022/8/20 23:59:59 +0800",
        "2022/08/20 23:59:59 +08:00",
        "2022/8/20 23:59:59 GMT+8",
        "2022/8/20 23:59:59 CST",
        "2022/8/20 23:59:59 +08 (CST)",
        "2022/8/20 11:59:59 PM +0800",
        "Sat, 2022/8/20 15:59:59 UTC",
        "2022/8/20 15:59:59 Z",
    ],
)
def test_a_date_between_slashes_with_its_zone_is_read(stamp: str) -> None:
    """A program writing its locale's date in China (``2022/8/20``) with a
    zone: read, not left unknown."""
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")
    d = parse_mail(mail(received=[f"by x; {stamp}"]), "r.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")


@pytest.mark.parametrize(
    "stamp", ["2022/8/20 23:59:59", "2022/8/20 23:59:59 (CST)", "2022/2/30 23:59:59 +0800"]
)
def test_a_date_between_slashes_with_no_zone_or_no_day_stays_unread(stamp: str) -> None:
    """A time with no zone is no instant (nor is the 30th of February)."""
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (None, "unknown")
    assert "mail.arrival-unknown" in [f.code for f in d.findings]


@pytest.mark.parametrize(
    "stamp",
    ["Fri, 31 Dec 9999 23:59:59 -1200", "9999-12-31T23:59:59-01:00", "9999/12/31 23:59:59 -0800"],
)
def test_a_date_past_the_calendar_in_utc_is_none_read(stamp: str) -> None:
    """In UTC it is in the year 10000: the deadline rule called the mail's
    arrival time "not an RFC 3339 date-time"; the next header is read."""
    d = parse_mail(
        mail(received=[f"by x; {stamp}", "by y; Sat, 20 Aug 2022 23:59:59 +0800"]), "r.eml"
    )
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    assert "mail.received-unreadable" in {f.code for f in d.findings}
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (None, "unknown")
    assert "mail.arrival-unknown" in {f.code for f in d.findings}


@pytest.mark.parametrize(
    ("headers", "arrived"),
    [
        # The office's server received it on time; Outlook took it by POP3 on the 22nd.
        (
            f"Received: by mx.office.example.org; {email.utils.format_datetime(ON_TIME)}\r\n",
            ON_TIME,
        ),
        ("From: zbkx@example.cn\r\n", dt.datetime(2022, 8, 22, 9, 0, tzinfo=CST)),
        ("", dt.datetime(2022, 8, 22, 9, 0, tzinfo=CST)),
    ],
)
def test_a_msg_arrived_when_the_server_received_it(
    tmp_path: Path, headers: str, arrived: dt.datetime
) -> None:
    """The delivery time of a .msg is when Outlook took the mail: it was put
    above the server's Received: header of the transport headers, and the
    mail judged late."""
    path = tmp_path / "申报.msg"
    path.write_bytes(
        msg(
            [attachment(b"%PDF-1.4\n", long_name="申报表.pdf")],
            sender="zbkx@example.cn",
            headers=headers,
            delivered=dt.datetime(2022, 8, 22, 9, 0, tzinfo=CST),
        )
    )
    [d] = read_mail_source(path).deliveries
    assert (d.arrived_at, d.arrival_from) == (arrived, "received")
    assert [a.name for a in d.attachments] == ["申报表.pdf"]


@pytest.mark.parametrize(
    "stamp",
    [
        "Mon, 15 Aug 0000 10:00:00 +0800",
        "Sat, 20 Aug 0022 23:59:59 +0800",
        "Sat, 20 Aug 1899 23:59:59 +0800",
        "0001-08-20T23:59:59+08:00",
        "1899/8/20 23:59:59 +0800",
        "Thu, 01 Jan 1970 00:00:00 +0000",
        "Thu, 01 Jan 1970 08:00:00 +0800",
    ],
)
def test_a_year_before_1900_or_the_clocks_zero_is_no_arrival(stamp: str) -> None:
    """The standard's parser took ``0000`` and ``0022`` for two-digit years
    (2000, 2022): a mail's arrival time read from a year no mail was sent
    in.  A date before 1900 (RFC 5322's first year) cannot be read, nor the
    time 0 of Unix's clock that a program with no time wrote (a mail sent in
    1970 was on time), and the next header tells the time."""
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (None, "unknown")
    assert "mail.arrival-unknown" in {f.code for f in d.findings}
    d = parse_mail(
        mail(received=[f"by x; {stamp}", "by y; Sat, 20 Aug 2022 23:59:59 +0800"]), "r.eml"
    )
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    assert "mail.received-unreadable" in {f.code for f in d.findings}


def test_a_year_of_three_digits_is_past_1900() -> None:
    """RFC 5322's obsolete year of three digits (``122``, as a program that
    wrote C's ``tm_year`` did) is 2022, not the year 122."""
    d = parse_mail(mail(raw_headers=[b"Date: Sat, 20 Aug 122 23:59:59 +0800"]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")


def test_a_zone_without_its_sign_is_not_taken_for_the_year() -> None:
    """``0800`` after the time is the zone, not the year 800."""
    d = parse_mail(mail(raw_headers=[b"Date: Sat, 20 Aug 22 23:59:59 0800"]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")
