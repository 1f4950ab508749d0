"""lint reads a quota's notice text: the count it quotes is the limit, and a
quota it words 原则上 is soft."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.maint import lint_edition
from reform_brand.maint._quotas import quota_counts
from tests.maint.test_lint import child


def _quota(
    tmp_path: Path, host: Host, limit: int, soft: bool, text: str
) -> list[tuple[str, str, object]]:
    folder = child(
        tmp_path,
        f"""
        [[quotas]]
        id = "city-association"
        limit = {limit}
        soft = {str(soft).lower()}
        notice_text = "{text}"
        """,
    )
    report = lint_edition(folder, host=host)
    return [(f.code, f.pointer, f.params.get("counts")) for f in report.findings]


def test_a_limit_its_text_does_not_quote(tmp_path: Path, reference_host: Host) -> None:
    text = "市级科协原则上申报不超过 3 个品牌项目（含县级科协项目）"
    assert _quota(tmp_path, reference_host, 2, True, text) == [
        ("lint.quota-text-limit", "/quotas/0/limit", ("3",))
    ]


def test_a_hard_quota_worded_in_principle(tmp_path: Path, reference_host: Host) -> None:
    text = "市级科协原则上申报不超过 3 个品牌项目"
    assert _quota(tmp_path, reference_host, 3, False, text) == [
        ("lint.quota-text-soft", "/quotas/0/soft", None)
    ]


@pytest.mark.parametrize(
    "text",
    ["市级科协原则上申报不超过三项品牌项目", "2022 年度每个市级科协原则上申报 ３ 个", "原则上不限"],
)
def test_a_text_that_agrees_or_quotes_no_count(
    tmp_path: Path, reference_host: Host, text: str
) -> None:
    assert _quota(tmp_path, reference_host, 3, True, text) == []


def test_counts_are_read_in_units_of_projects() -> None:
    assert quota_counts("依据二.2，2022 年度不超过 3 个，其中县级一项、两件，十份") == (3, 1, 2, 10)
    assert quota_counts("统一报送，一律不限") == ()
