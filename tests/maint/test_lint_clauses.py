"""lint checks numbered clauses against the notice beside the data."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.codes.reasons import too_large_reason
from reform_brand.maint import lint_edition
from reform_brand.maint._clauses import MAX_NOTICE_BYTES, notice_text, unknown_clause_parts

REFERENCE = Path(__file__).parents[2] / "plugins" / "reform_brand_shandong_2022" / "data"

CHILD = """
id = "jiangsu-2023"
year = 2022

[inherit]
from = "shandong-2022"

[[quotas]]
id = "recommender"
clause = "二.9"
"""


@pytest.mark.parametrize(
    ("clause", "unknown"),
    [
        ("一; 附件3", []),
        ("二.2; 二.3", []),
        ("三.2", []),
        ("联系方式", []),
        ("二.9", ["二.9"]),
        ("四", ["四"]),
        ("附件1；附件4", ["附件4"]),
        # Part 三 has two items; the numbered reform items of 附件3 are not its.
        ("三.3", ["三.3"]),
    ],
)
def test_numbered_clauses_are_looked_up_in_the_notice(clause: str, unknown: list[str]) -> None:
    notice = notice_text(str(REFERENCE))
    assert notice is not None
    assert unknown_clause_parts(clause, notice) == unknown


#: A notice that names its annexes only in the list at its end, each on a
#: line of its own (full-width points, blank lines between them).
LISTED = """一、目标
二、申报
三、报送

附件：1．申报书

      2．品牌培育实施计划表
      3、推荐意见表

贵州省科协办公室
4. 不是附件
"""


@pytest.mark.parametrize(
    ("clause", "unknown"),
    [("附件1", []), ("附件2; 二", []), ("附件 3", []), ("附件4", ["附件4"]), ("四", ["四"])],
)
def test_annexes_named_only_in_the_list_at_the_end_are_clauses(
    clause: str, unknown: list[str]
) -> None:
    assert unknown_clause_parts(clause, LISTED) == unknown


#: Items numbered as an official document's second level: （一）, (二).
SECOND_LEVEL = """一、目标
二、申报要求
（一）申报主体。
(二)限额。
（十一）其他。
三、报送
1．按时报送。
"""


@pytest.mark.parametrize(
    ("clause", "unknown"),
    [
        ("二.1", []),
        ("二.2", []),
        ("二.11", []),
        ("二.3", ["二.3"]),
        ("三.1", []),
        ("三.2", ["三.2"]),
    ],
)
def test_items_numbered_in_chinese_numerals_are_clauses(clause: str, unknown: list[str]) -> None:
    assert unknown_clause_parts(clause, SECOND_LEVEL) == unknown


def test_a_clause_the_notice_does_not_have_is_a_warning(
    tmp_path: Path, reference_host: Host
) -> None:
    (tmp_path / "edition.toml").write_text(CHILD, encoding="utf-8")
    # Without the notice nothing can be checked.
    assert "lint.clause-unknown" not in lint_edition(tmp_path, host=reference_host).codes()
    (tmp_path / "notice.txt").write_text(
        (REFERENCE / "notice.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = lint_edition(tmp_path, host=reference_host)
    [found] = [f for f in report.findings if f.code == "lint.clause-unknown"]
    assert (found.severity, found.pointer, found.file) == (
        "warning",
        "/quotas/0/clause",  # the child's own quota, fourth in the merged data
        "edition.toml",
    )
    assert "“二.9”" in found.message("zh") and "'二.9'" in found.message("en")
    assert not re.search(r"\{\w+\}", found.message("zh"))


def test_a_placeholder_clause_is_quoted_in_the_message(
    tmp_path: Path, reference_host: Host
) -> None:
    (tmp_path / "edition.toml").write_text(
        CHILD.replace('clause = "二.9"', 'clause = "待定"'), encoding="utf-8"
    )
    [found] = [
        f
        for f in lint_edition(tmp_path, host=reference_host).findings
        if f.code == "lint.clause-placeholder"
    ]
    assert found.message("zh") == "出处条款“待定”是占位符"
    assert found.message("en") == "the clause '待定' is a placeholder"


def _gbk(path: Path) -> None:
    path.write_bytes("一、通知".encode("gbk"))


def _fifo(path: Path) -> None:
    import os

    os.mkfifo(path)


#: A notice.txt that is there but cannot be read, and the reason said.
UNREAD: dict[str, tuple[Callable[[Path], object], str]] = {
    "folder": (Path.mkdir, "it is a folder"),
    "link to nothing": (lambda p: p.symlink_to(p.parent / "gone.txt"), "link to nothing"),
    "pipe": (_fifo, "not a regular file"),
    "not UTF-8": (_gbk, "not UTF-8 text"),
}


@pytest.mark.parametrize("case", sorted(UNREAD))
def test_a_notice_that_cannot_be_read_is_said(
    case: str, tmp_path: Path, reference_host: Host
) -> None:
    """A notice.txt that is a folder (a pipe, not UTF-8...) left the clauses
    unchecked without a word; it is a warning that says why."""
    (tmp_path / "edition.toml").write_text(CHILD, encoding="utf-8")
    make, reason = UNREAD[case]
    make(tmp_path / "notice.txt")
    report = lint_edition(tmp_path, host=reference_host)
    [found] = [f for f in report.findings if f.code == "lint.notice-unreadable"]
    assert (found.severity, found.file, found.pointer) == ("warning", "notice.txt", "")
    assert reason in found.message("en")
    assert "notice.txt" in found.message("zh") and reason not in found.message("zh")
    assert "lint.clause-unknown" not in report.codes()


def test_no_notice_or_a_readable_one_is_not_said(tmp_path: Path, reference_host: Host) -> None:
    (tmp_path / "edition.toml").write_text(CHILD, encoding="utf-8")
    assert "lint.notice-unreadable" not in lint_edition(tmp_path, host=reference_host).codes()
    (tmp_path / "notice.txt").write_text("一、通知", encoding="utf-8")
    assert "lint.notice-unreadable" not in lint_edition(tmp_path, host=reference_host).codes()


def test_a_notice_larger_than_a_data_file_may_be_is_not_read(
    tmp_path: Path, reference_host: Host
) -> None:
    """A wrong file saved as notice.txt (tens of megabytes) kept lint busy
    for minutes; past the data files' limit it is said, not read."""
    (tmp_path / "edition.toml").write_text(CHILD, encoding="utf-8")
    line = "一、通知\n".encode()
    (tmp_path / "notice.txt").write_bytes(line * (MAX_NOTICE_BYTES // len(line) + 1))
    report = lint_edition(tmp_path, host=reference_host)
    [found] = [f for f in report.findings if f.code == "lint.notice-unreadable"]
    assert found.params["detail"] == too_large_reason(MAX_NOTICE_BYTES)
    assert "lint.clause-unknown" not in report.codes()
