"""lint.stale-year tells a year that names the period a summary or a report
covers (the year before the call: what this year's call asks a summary of)
from a stale copy of last year's call text."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand import Host
from tests.maint.test_lint import child, pairs

#: An edition of 2023 whose facts are brought up to date.
_HEAD = 'issued = 2023-07-20\nyear = 2023\npreamble = ["开展 2023 年度改革品牌项目遴选工作。"]\n'
_FRESH = """
[issuer]
document_number = "鲁科协办发〔2023〕7号"

[deadline]
at = 2023-08-16T00:00:00+08:00

[[extra_materials]]
id = "city-progress-summary"
title.zh = "{title}"
"""


@pytest.mark.parametrize(
    "title",
    [
        "2022 年度改革工作总结",
        "2022年度工作总结",
        "2022 年度总结",
        "2022 年度科协改革工作情况报告",
    ],
)
def test_last_years_summary_is_no_stale_year(
    tmp_path: Path, reference_host: Host, title: str
) -> None:
    folder = child(tmp_path, _FRESH.format(title=title), head=_HEAD)
    assert ("lint.stale-year", "/extra_materials/0/title/zh") not in pairs(folder, reference_host)


@pytest.mark.parametrize(
    "title",
    [
        # A stale copy of last year's call text.
        "2022 年度改革品牌项目遴选工作进展情况",
        # A summary of a year before the last: no period this call reports on.
        "2021 年度改革工作总结",
        # A summary named apart from the year (punctuation between).
        "2022 年度改革品牌项目遴选，工作总结",
    ],
)
def test_a_stale_copy_of_last_years_text_is_still_a_stale_year(
    tmp_path: Path, reference_host: Host, title: str
) -> None:
    folder = child(tmp_path, _FRESH.format(title=title), head=_HEAD)
    assert ("lint.stale-year", "/extra_materials/0/title/zh") in pairs(folder, reference_host)


_FORM = """
[issuer]
document_number = "鲁科协办发〔2023〕7号"

[deadline]
at = 2023-08-16T00:00:00+08:00

[[forms]]
id = "application"
title.zh = "{zh}"
title.en = "{en}"
"""


@pytest.mark.parametrize(
    ("zh", "en", "stale"),
    [
        # Last year's work summary, named for the year it covers.
        ("2022 年度工作总结表", "Work summary of 2022", []),
        ("2022年度改革工作总结表", "2022 reform work summary form", []),
        # A form copied from last year's call, and a summary of a year before.
        ("2022 年度改革品牌项目申报表", "Application form 2022", ["zh", "en"]),
        ("2021 年度工作总结表", "Work summary of 2021", ["zh", "en"]),
    ],
)
def test_a_form_titled_for_last_years_summary_is_no_stale_year(
    tmp_path: Path, reference_host: Host, zh: str, en: str, stale: list[str]
) -> None:
    folder = child(tmp_path, _FORM.format(zh=zh, en=en), head=_HEAD)
    found = pairs(folder, reference_host)
    assert [
        lang for lang in ("zh", "en") if ("lint.stale-year", f"/forms/0/title/{lang}") in found
    ] == stale
