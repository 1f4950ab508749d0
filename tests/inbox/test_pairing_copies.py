"""A form and a scan downloaded twice (申报表 (1).docx, 申报表 - 副本.pdf):
each form pairs with its own scan, whichever copy is the latest."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from reform_brand.model import Edition
from reform_brand.office import check_inbox
from reform_brand.office._pairing import Candidate, copy_key, is_copy, pair_scans
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data
from tests.inbox.test_clerk import _mail, _scan_of, _version

_EARLY = dt.datetime(2022, 8, 15, 9, 0, tzinfo=dt.UTC)
_LATE = dt.datetime(2022, 8, 16, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("copy_later", [True, False])
def test_a_form_and_its_scan_downloaded_twice_pair_as_named(
    edition: Edition, tmp_path: Path, copy_later: bool
) -> None:
    first, copy = (_EARLY, _LATE) if copy_later else (_LATE, _EARLY)
    _mail(
        tmp_path,
        "2022-08-16 济南市科协",
        {
            "申报表.docx": _version(edition, "下载的内容", first),
            "申报表 (1).docx": _version(edition, "再次下载的内容", copy),
            "申报表.pdf": E.minimal_pdf(["scan"]),
            "申报表 - 副本.pdf": E.minimal_pdf(["scan again"]),
        },
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    assert _scan_of(report, "/申报表.pdf").endswith("/申报表.docx")
    assert _scan_of(report, "/申报表 - 副本.pdf").endswith("/申报表 (1).docx")
    assert "inbox.unmatched-scan" not in [f.code for f in report.all_findings()]


@pytest.mark.parametrize("copy_later", [True, False])
def test_one_scan_of_two_copies_goes_with_the_one_that_counts(
    edition: Edition, tmp_path: Path, copy_later: bool
) -> None:
    """Two copies of the form and one scan: the copies are versions, and the
    scan goes with the latest, the one that counts, named as it or not."""
    first, copy = (_EARLY, _LATE) if copy_later else (_LATE, _EARLY)
    _mail(
        tmp_path,
        "2022-08-16 济南市科协",
        {
            "申报表.docx": _version(edition, "下载的内容", first),
            "申报表 (1).docx": _version(edition, "再次下载的内容", copy),
            "申报表.pdf": E.minimal_pdf(["scan"]),
        },
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    latest = "/申报表 (1).docx" if copy_later else "/申报表.docx"
    assert _scan_of(report, "/申报表.pdf").endswith(latest)
    (counted,) = [s for s in report.batch.submissions if not s.superseded_by]
    assert counted.submission.endswith(latest)
    assert "deliverables.missing" not in counted.codes()


def _words(*paths: str, modified: str = "") -> list[Candidate]:
    return [Candidate(path=p, project="application\x00p", modified=modified) for p in paths]


@pytest.mark.parametrize(
    ("forms", "scans", "expected"),
    [
        (
            ("a/申报表.docx", "a/申报表 (1).docx"),
            ("a/申报表 - 副本.pdf", "a/申报表.pdf"),
            {"a/申报表.pdf": 0, "a/申报表 - 副本.pdf": 1},
        ),
        (
            ("a/申报表.docx", "a/申报表(1).docx"),
            ("a/申报表(1).pdf", "a/申报表.pdf"),
            {"a/申报表.pdf": 0, "a/申报表(1).pdf": 1},
        ),
        (
            ("a/申报表 - Copy.docx", "a/申报表.docx"),
            ("a/申报表 - Copy (2).pdf", "a/申报表（盖章）.pdf"),
            {"a/申报表（盖章）.pdf": 1, "a/申报表 - Copy (2).pdf": 0},
        ),
        (
            ("a/复件 申报表.docx", "a/申报表.docx"),
            ("a/扫描.pdf", "a/申报表.pdf"),
            {"a/申报表.pdf": 1, "a/扫描.pdf": 0},
        ),
    ],
)
def test_copies_pair_by_their_names(
    forms: tuple[str, ...], scans: tuple[str, ...], expected: dict[str, int]
) -> None:
    """Whatever the order of the scans and which copy would be the latest
    (the natural order of the names: no other mark tells them apart)."""
    for order in (scans, tuple(reversed(scans))):
        pairs, left = pair_scans(_words(*forms), order, lambda _s: None, folder=True)
        assert {scan: i for i, scan in pairs} == expected
        assert left == []


def test_a_text_layer_still_says_which_copy_a_scan_shows() -> None:
    words = [
        Candidate(path="申报表.docx", project="p", data={"a": "第一稿的实施内容"}),
        Candidate(path="申报表 (1).docx", project="p", data={"a": "第二稿的实施内容"}),
    ]
    pairs, _left = pair_scans(words, ["申报表.pdf"], lambda _s: "第二稿的实施内容", folder=True)
    assert pairs == [(1, "申报表.pdf")]


def test_a_revised_version_is_no_copy() -> None:
    """申报表（修改版）.docx is a later version: a scan named as no version
    goes with the latest, as before."""
    words = _words("申报表.docx", "申报表 (1).docx", "申报表（修改版）.docx")
    pairs, _left = pair_scans(words, ["申报表.pdf"], lambda _s: None, folder=True)
    assert pairs == [(2, "申报表.pdf")]


@pytest.mark.parametrize(
    ("name", "key", "copy"),
    [
        ("申报表 (1).docx", "申报表", True),
        ("申报表（2）.pdf", "申报表", True),
        ("申报表 - 副本.pdf", "申报表", True),
        ("申报表 copy.pdf", "申报表", True),
        ("Copy of 申报表.docx", "申报表", True),
        ("申报表_1.pdf", "申报表1", False),
        ("申报表(2022).pdf", "申报表2022", False),
        ("(1).pdf", "1", False),
    ],
)
def test_the_marks_of_a_second_download(name: str, key: str, copy: bool) -> None:
    assert (copy_key(name), is_copy(name)) == (key, copy)


def test_a_scan_named_with_its_form_s_suffix_pairs_with_it(
    edition: Edition, tmp_path: Path
) -> None:
    """A PDF printed or exported from 申报表.docx is often 申报表.docx.pdf:
    loose at the top of the inbox, it still pairs with its form by name."""
    for unit in ("济南市科协", "淄博市科协"):
        data = application_data(applicant_unit=unit, project_name=f"{unit}项目")
        (tmp_path / f"{unit}-申报表.docx").write_bytes(E.filled(edition, "application", data))
        (tmp_path / f"{unit}-申报表.docx.pdf").write_bytes(E.minimal_pdf(["scan"]))
    report = check_inbox(edition, tmp_path, now=NOW)
    scans = {s.word: s.scan for s in report.submissions}
    assert scans == {
        "济南市科协-申报表.docx": "济南市科协-申报表.docx.pdf",
        "淄博市科协-申报表.docx": "淄博市科协-申报表.docx.pdf",
    }
    assert "inbox.unmatched-scan" not in [f.code for f in report.all_findings()]


def test_names_not_in_utf8_pair_as_they_read(edition: Edition, tmp_path: Path) -> None:
    """Loose files whose names a Windows share left in GBK pair by the names
    as shown (盖章 and 副本 read in them), as the same names in UTF-8 do."""

    def gbk(name: str) -> Path:
        return tmp_path / os.fsdecode(name.encode("gbk"))

    for unit in ("济南市科协", "淄博市科协"):
        data = application_data(applicant_unit=unit, project_name=f"{unit}项目")
        gbk(f"{unit}-申报表.docx").write_bytes(E.filled(edition, "application", data))
        gbk(f"{unit}-申报表（盖章） - 副本.pdf").write_bytes(E.minimal_pdf(["scan"]))
    report = check_inbox(edition, tmp_path, now=NOW)
    scans = {s.word: s.scan for s in report.submissions}
    assert scans == {
        "济南市科协-申报表.docx": "济南市科协-申报表（盖章） - 副本.pdf",
        "淄博市科协-申报表.docx": "淄博市科协-申报表（盖章） - 副本.pdf",
    }
    assert "inbox.unmatched-scan" not in [f.code for f in report.all_findings()]


def test_a_revision_mark_is_read_in_a_name_not_in_utf8() -> None:
    def gbk(name: str) -> str:
        return os.fsdecode(name.encode("gbk"))

    words = _words(gbk("申报表.docx"), gbk("申报表（修改版）.docx"))
    scans = [gbk("申报表（修改版）（盖章）.pdf"), gbk("申报表（盖章）.pdf")]
    pairs, _left = pair_scans(words, scans, lambda _s: None, folder=False)
    assert sorted(pairs) == [(0, scans[1]), (1, scans[0])]
