"""Names Windows refuses in an archive's entries and a winmail.dat's
attachments: written with their full-width forms, as a mail's attachment is
(a Mac writes ``:`` for a ``/`` typed in a name); a path that leaves the
archive (``..``, absolute, a drive) is still refused."""

from __future__ import annotations

from pathlib import Path

from reform_brand.model import Edition
from reform_brand.office import check_inbox
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
