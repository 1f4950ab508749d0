"""Times in messages: the notice's way in Chinese, ISO 8601 in English and JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reform_brand import Validator
from reform_brand.findings import report_to_json
from reform_brand.moments import show_deadline, show_instant, zh_instant
from tests.validation.helpers import NOW, Envelope

CST = dt.timezone(dt.timedelta(hours=8))


def test_an_exclusive_midnight_deadline_is_24_00_of_the_day_before() -> None:
    at = dt.datetime(2022, 8, 21, tzinfo=CST)
    shown = show_deadline(at, "Asia/Shanghai", "exclusive")
    assert shown.zh == "2022年8月20日24:00（北京时间）"
    assert shown.value == "2022-08-21T00:00:00+08:00"


def test_an_inclusive_deadline_says_so() -> None:
    at = dt.datetime(2022, 8, 20, 17, 0, tzinfo=CST)
    assert show_deadline(at, "Asia/Shanghai", "inclusive").zh == (
        "2022年8月20日 17:00（北京时间，含该时刻）"
    )


def test_an_instant_is_shown_in_the_edition_time_zone() -> None:
    utc = dt.datetime(2022, 8, 20, 16, 30, tzinfo=dt.UTC)
    assert zh_instant(utc, "Asia/Shanghai") == "2022年8月21日 00:30（北京时间）"
    assert zh_instant(utc, "Europe/Berlin", year=False) == "8月20日 18:30（UTC+02:00）"
    assert show_instant(utc, "Asia/Shanghai").en == "2022-08-21T00:30:00+08:00"


def test_a_late_message_reads_as_the_notice(
    validator: Validator, make_application: Callable[..., Envelope]
) -> None:
    env = make_application("a", "济南市科协")
    env["arrived_at"] = "2022-08-21T00:00:00+08:00"
    report = validator.validate_batch([env], now=NOW)
    (finding,) = report.submission("a").findings
    assert finding.code == "deadline.late"
    zh = finding.message("zh")
    assert "2022年8月21日 00:00（北京时间）" in zh
    assert "2022年8月20日24:00（北京时间）" in zh
    assert "T00:00" not in zh
    assert "2022-08-21T00:00:00+08:00" in finding.message("en")
    params = report_to_json(report)["submissions"][0]["findings"][0]["params"]
    assert params["arrived"] == "2022-08-21T00:00:00+08:00"
    assert params["deadline"] == "2022-08-21T00:00:00+08:00"
