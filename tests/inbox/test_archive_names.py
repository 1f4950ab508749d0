"""Names Windows refuses in an archive's entries and a winmail.dat's
attachments: written with their full-width forms, as a mail's attachment is
(a Mac writes ``:`` for a ``/`` typed in a name); a path that leaves the
archive (``..``, absolute, a drive) is still refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand.catalogue import Localized
from reform_brand.model import Edition
from reform_brand.office import check_inbox
from reform_brand.office._archive_why import REFUSED as WHY
from tests.inbox import tnef as T
from tests.inbox.archives import gbk_zip, utf8_zip
from tests.inbox.conftest import NOW
from tests.inbox.wrapped import PDF, ledger_of

REFUSED = ("unreadable", "", "inbox.archive-entry-refused")


def test_zip_entries_are_named_as_attachments_are(edition: Edition, tmp_path: Path) -> None:
    (tmp_path / "mac.zip").write_bytes(
        utf8_zip(
            [
                ('材料/关于"改革品牌"项目:终稿?.pdf', PDF),
                ("说明<1>|2*.txt", b"x"),
                ("CON.txt", b"x"),
                ("aux/x.txt", b"x"),
                ("C:/evil.txt", b"x"),
                ("c:evil.txt", b"x"),
                ("../up.txt", b"x"),
                ("a/../../up2.txt", b"x"),
            ]
        )
    )
    (tmp_path / "win.zip").write_bytes(gbk_zip([("D:\\evil.txt", b"x"), ("项目:终稿.pdf", PDF)]))
    ledger = ledger_of(check_inbox(edition, tmp_path, now=NOW))
    for path in (
        "mac.zip!/材料/关于＂改革品牌＂项目：终稿？.pdf",
        "mac.zip!/说明＜1＞｜2＊.txt",
        "mac.zip!/_CON.txt",
        "mac.zip!/_aux/x.txt",
        "win.zip!/项目：终稿.pdf",
    ):
        assert path in ledger and ledger[path][:3] != REFUSED, path
    assert ledger["mac.zip!/材料/关于＂改革品牌＂项目：终稿？.pdf"][3] == "pdf"
    for path in (
        "mac.zip!/C:/evil.txt",
        "mac.zip!/c:evil.txt",
        "mac.zip!/../up.txt",
        "mac.zip!/a/../../up2.txt",
        "win.zip!/D:/evil.txt",
    ):
        assert ledger[path][:3] == REFUSED, path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mac.zip", "win.zip"]


def test_winmail_dat_attachments_are_named_as_attachments_are(
    edition: Edition, tmp_path: Path
) -> None:
    (tmp_path / "winmail.dat").write_bytes(
        T.tnef(
            [
                T.attachment(PDF, long_name="项目:终稿?.pdf"),
                T.attachment(b"x", long_name="PRN.txt"),
                T.attachment(b"x", long_name="C:evil.txt"),
            ]
        )
    )
    ledger = ledger_of(check_inbox(edition, tmp_path, now=NOW))
    assert ledger["winmail.dat!/项目：终稿？.pdf"][3] == "pdf"
    assert ledger["winmail.dat!/项目：终稿？.pdf"][:3] != REFUSED
    assert ledger["winmail.dat!/_PRN.txt"][:3] != REFUSED
    assert ledger["winmail.dat!/C:evil.txt"][:3] == REFUSED


def test_zip_entries_lose_the_dots_and_spaces_their_names_end_with(
    edition: Edition, tmp_path: Path
) -> None:
    """Windows drops the dots and spaces a name ends with: an entry (or a
    folder of its path) so named is taken out as Windows names it; two that
    are then one name are told apart from two entries of one name, the
    second refused either way."""
    files = [
        ("材料. /申报表.pdf. ", PDF),
        ("说明.txt", b"a"),
        ("说明.txt.", b"b"),
        ("项目?.txt", b"a"),
        ("项目？.txt", b"b"),
        ("同名.txt", b"a"),
        ("同名.txt", b"b"),
    ]
    with pytest.warns(UserWarning, match="Duplicate name"):
        (tmp_path / "mac.zip").write_bytes(utf8_zip(files))
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = ledger_of(report)
    assert ledger["mac.zip!/材料/申报表.pdf"][3] == "pdf"
    assert ledger["mac.zip!/材料/申报表.pdf"][:3] != REFUSED
    assert not [p for p in ledger if p.endswith((".", " ")) or ". /" in p]
    for path in ("mac.zip!/说明.txt", "mac.zip!/项目？.txt", "mac.zip!/同名.txt"):
        rows = [f for f in report.files if f.path == path]
        assert [f.code == REFUSED[2] for f in rows] == [False, True], path
    reasons = {
        f.file: f.params["reason"]
        for f in report.all_findings()
        if f.code == "inbox.archive-entry-refused"
    }
    assert reasons == {
        "mac.zip!/说明.txt": Localized(
            zh=WHY["renamed-duplicate"][0], en=WHY["renamed-duplicate"][1]
        ),
        "mac.zip!/项目？.txt": Localized(
            zh=WHY["renamed-duplicate"][0], en=WHY["renamed-duplicate"][1]
        ),
        "mac.zip!/同名.txt": Localized(zh=WHY["duplicate"][0], en=WHY["duplicate"][1]),
    }


def test_an_entry_named_like_an_archive_beside_it_is_a_duplicate(
    edition: Edition, tmp_path: Path
) -> None:
    """An entry ``a.zip!`` beside the archive ``a.zip``: the archive's own
    entries, shown ``a.zip!/…``, are refused as named twice (as when an
    inbox folder is so named), not unreadable as if the file system had
    refused them; the rest of the archive is read."""
    inner = utf8_zip([("申报表.pdf", PDF)])
    (tmp_path / "材料.zip").write_bytes(
        utf8_zip([("a.zip", inner), ("a.zip!", b"x"), ("扫描.pdf", PDF)])
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    rows = [(f.status, f.code) for f in report.files if f.path == "材料.zip!/a.zip!/申报表.pdf"]
    assert rows == [REFUSED[::2]]
    [finding] = [f for f in report.all_findings() if f.file == "材料.zip!/a.zip!/申报表.pdf"]
    assert finding.code == "inbox.archive-entry-refused"
    assert finding.params["reason"] == Localized(zh=WHY["duplicate"][0], en=WHY["duplicate"][1])
    assert ledger_of(report)["材料.zip!/扫描.pdf"][3] == "pdf"


def test_a_dot_in_an_entry_s_path_is_no_hidden_folder(edition: Edition, tmp_path: Path) -> None:
    """``./申报表.pdf``, as some zippers write an entry: the unit's file, not
    a hidden one ignored."""
    (tmp_path / "a.zip").write_bytes(utf8_zip([("./申报表.pdf", PDF), ("材料/./说明.txt", b"x")]))
    ledger = ledger_of(check_inbox(edition, tmp_path, now=NOW))
    entries = sorted(p for p in ledger if p.startswith("a.zip!/"))
    assert entries == ["a.zip!/材料/说明.txt", "a.zip!/申报表.pdf"]
    assert not [row for row in ledger.values() if row[2] == "inbox.ignored"]


def test_a_name_too_long_for_a_disk_is_shortened_as_an_attachment_s(
    edition: Edition, tmp_path: Path
) -> None:
    """A Mac names a file in up to 255 characters, a disk here holds 255
    bytes (85 Chinese characters): the entry is taken out under a name cut
    as a mail's attachment's is, its extension kept, not left unreadable."""
    long = "关于改革品牌项目申报的说明" * 10  # 130 characters, 390 bytes
    (tmp_path / "mac.zip").write_bytes(utf8_zip([(f"{long}/{long}.pdf", PDF)]))
    (tmp_path / "winmail.dat").write_bytes(T.tnef([T.attachment(PDF, long_name=f"{long}.pdf")]))
    ledger = ledger_of(check_inbox(edition, tmp_path, now=NOW))
    for archive in ("mac.zip", "winmail.dat"):
        [(path, row)] = [(p, r) for p, r in ledger.items() if p.startswith(f"{archive}!/")]
        assert row[2:] == ("inbox.unmatched-scan", "pdf"), path
        for part in path.removeprefix(f"{archive}!/").split("/"):
            assert len(part.encode()) <= 200 and part.startswith("关于改革品牌"), part
        assert path.endswith(".pdf")
