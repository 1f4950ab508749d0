"""A Maildir in an inbox folder (a mail server's folder copied in, or what
``fetch-mail`` wrote) is read as mail, as an .mbox beside it is: each mail
an e-mail delivery shown under the folder, never files of no use."""

from __future__ import annotations

import datetime as dt
import mailbox
from pathlib import Path

import pytest

from reform_brand.model import Edition
from reform_brand.office import check_inbox
from tests.inbox.archives import utf8_zip
from tests.inbox.conftest import NOW
from tests.inbox.test_archives import _unit_mail
from tests.mail.mails import CST


def _maildir(folder: Path, mails: dict[str, bytes]) -> None:
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True)
    for name, raw in mails.items():
        (folder / name).write_bytes(raw)
    (folder / "dovecot.index.log").write_bytes(b"\x01\x02")


def test_a_maildir_in_the_inbox_is_read_as_mail(edition: Edition, tmp_path: Path) -> None:
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    late = dt.datetime(2022, 8, 21, 0, 0, 1, tzinfo=CST)
    _maildir(
        tmp_path / "收件箱",
        {
            "cur/1660702530.M1P1.mx:2,S": _unit_mail(
                edition, "zbkx@example.cn", "淄博市科协", on_time
            ),
            "new/1661011201.M2P2.mx": _unit_mail(edition, "wfkx@example.cn", "潍坊市科协", late),
        },
    )
    _maildir(
        tmp_path / "备份" / "Maildir",
        {
            "cur/1660702531.M3P3.mx:2,S": _unit_mail(
                edition, "dzkx@example.cn", "德州市科协", on_time
            )
        },
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    codes = [f.code for f in report.all_findings()]
    assert "inbox.unknown-file" not in codes
    subs = {s.unit: s for s in report.submissions}
    assert set(subs) == {"淄博市科协", "潍坊市科协", "德州市科协"}
    assert subs["淄博市科协"].word.startswith("收件箱!/2022-08-17-zbkx-")
    assert subs["淄博市科协"].scan.startswith("收件箱!/2022-08-17-zbkx-")
    assert subs["淄博市科协"].arrived_at == "2022-08-17T10:15:30+08:00"
    assert subs["淄博市科协"].on_time is True
    assert subs["潍坊市科协"].on_time is False
    assert subs["德州市科协"].word.startswith("备份/Maildir!/2022-08-17-dzkx-")
    ledger = {f.path: (f.kind, f.status, f.role) for f in report.files}
    assert ledger["收件箱/"] == ("mail", "used", "mailbox")
    assert ledger["备份/Maildir/"] == ("mail", "used", "mailbox")
    # Nothing of the mail server's own files, or of the mails' raw files.
    assert not [p for p in ledger if "/cur/" in p or "/new/" in p or "dovecot" in p]
    assert len(report.mails) == 3


def test_a_folder_called_new_of_received_files_is_no_maildir(
    edition: Edition, tmp_path: Path
) -> None:
    """An e-mail folder whose sub-folder ``new`` holds a Word form is read as
    folders are: its files are files of the inbox."""
    folder = tmp_path / "2022-08-17 淄博市科协" / "new"
    folder.mkdir(parents=True)
    (folder / "说明.txt").write_text("新版材料", encoding="utf-8")
    report = check_inbox(edition, tmp_path, now=NOW)
    assert [f.path for f in report.files] == ["2022-08-17 淄博市科协/new/说明.txt"]


def test_an_mbox_named_as_thunderbird_names_a_folder_is_read_as_mail(
    edition: Edition, tmp_path: Path
) -> None:
    """Thunderbird keeps a local folder as an mbox with no suffix (``Inbox``
    beside its index ``Inbox.msf``): copied into the inbox, it is mail, as
    it is given alone to ``check``.  A text with no suffix whose first line
    merely starts with ``From `` is no mbox."""
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    folder = tmp_path / "Local Folders"
    folder.mkdir()
    box = mailbox.mbox(folder / "Inbox")
    box.add(_unit_mail(edition, "zbkx@example.cn", "淄博市科协", on_time))
    box.close()
    (folder / "说明").write_text("From 2022年起，申报材料以邮件报送。\n", encoding="utf-8")
    (folder / "Inbox.msf").write_bytes(b'// <!-- <mdb:mork:z v="1.4"/> -->\n')
    report = check_inbox(edition, tmp_path, now=NOW)
    (sub,) = report.submissions
    assert sub.unit == "淄博市科协"
    assert sub.word.startswith("Local Folders/Inbox!/2022-08-17-zbkx-")
    ledger = {f.path: (f.kind, f.status, f.role) for f in report.files}
    assert ledger["Local Folders/Inbox"] == ("mail", "used", "mailbox")
    assert ledger["Local Folders/说明"][2] != "mailbox"
    # Thunderbird's index of the folder is no file of no use.
    assert report.file("Local Folders/Inbox.msf").code == "inbox.ignored"


def test_a_maildir_in_a_zip_is_read_as_mail(edition: Edition, tmp_path: Path) -> None:
    """A mailbox zipped as its folder (备份/Maildir/cur/KEY): its mails are
    e-mail deliveries under the archive, never files of no use."""
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    raw = _unit_mail(edition, "zbkx@example.cn", "淄博市科协", on_time)
    (tmp_path / "邮箱备份.zip").write_bytes(
        utf8_zip(
            [
                ("备份/Maildir/cur/1660702530.M1P1.mx:2,S", raw),
                ("备份/Maildir/dovecot-uidlist", b"3 V1 N2\n"),
                ("备份/说明.txt", "邮箱导出".encode()),
            ]
        )
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    (sub,) = report.submissions
    assert sub.unit == "淄博市科协"
    assert sub.word.startswith("邮箱备份.zip!/备份/Maildir!/2022-08-17-zbkx-")
    assert sub.on_time is True
    ledger = {f.path: (f.kind, f.status, f.role) for f in report.files}
    assert ledger["邮箱备份.zip!/备份/Maildir/"] == ("mail", "used", "mailbox")
    assert not [p for p in ledger if "/cur/" in p or "dovecot" in p]
    assert "邮箱备份.zip!/备份/说明.txt" in ledger


@pytest.mark.parametrize(
    "extra",
    [
        [],
        [("__MACOSX/cur/._1660702530.M1P1.mx:2,S", b"\x00\x05\x16\x07"), (".DS_Store", b"\x00")],
    ],
)
def test_a_maildir_at_the_top_of_a_zip_is_read_as_mail(
    edition: Edition, tmp_path: Path, extra: list[tuple[str, bytes]]
) -> None:
    """A mailbox zipped from inside its folder (cur/KEY at the archive's
    top, as a Mac zips it too): its mails are e-mail deliveries shown under
    the archive, as those of a Maildir in a folder of the archive are."""
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    raw = _unit_mail(edition, "zbkx@example.cn", "淄博市科协", on_time)
    (tmp_path / "邮箱备份.zip").write_bytes(
        utf8_zip(
            [
                ("cur/1660702530.M1P1.mx:2,S", raw),
                ("new/", b""),
                ("dovecot-uidlist", b"3 V1 N2\n"),
                *extra,
            ]
        )
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    (sub,) = report.submissions
    assert sub.unit == "淄博市科协"
    assert sub.word.startswith("邮箱备份.zip!/2022-08-17-zbkx-")
    assert sub.on_time is True
    ledger = {f.path: (f.kind, f.status, f.role) for f in report.files}
    assert ledger["邮箱备份.zip!/"] == ("mail", "used", "mailbox")
    assert not [p for p in ledger if p.startswith("邮箱备份.zip!/cur/") or "dovecot" in p]
    assert "inbox.unknown-file" not in [f.code for f in report.all_findings()]
    assert len(report.mails) == 1


def test_a_maildir_whose_cur_leads_out_of_the_inbox_is_not_read(
    edition: Edition, tmp_path: Path
) -> None:
    """``cur/`` a link to a folder outside the inbox: nothing outside is
    read; the link is refused as any link leading out is."""
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "1660702530.M1P1.mx:2,S").write_bytes(
        _unit_mail(edition, "zbkx@example.cn", "淄博市科协", on_time)
    )
    box = tmp_path / "inbox" / "收件箱"
    (box / "new").mkdir(parents=True)
    (box / "cur").symlink_to(outside, target_is_directory=True)
    report = check_inbox(edition, tmp_path / "inbox", now=NOW)
    assert report.submissions == ()
    assert report.file("收件箱/cur").code == "inbox.symlink-outside"


def test_a_mail_saved_under_a_name_no_mail_program_gives_is_read_as_mail(
    edition: Edition, tmp_path: Path
) -> None:
    """A mail's file copied out of a Maildir's ``cur/`` (its name the
    Maildir's, no ``.eml``) is the mail it is; a ``.txt`` holding mail
    headers stays the text it is."""
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    folder = tmp_path / "拷出的邮件"
    folder.mkdir()
    raw = _unit_mail(edition, "zbkx@example.cn", "淄博市科协", on_time)
    (folder / "1660702530.M1P1.mx:2,S").write_bytes(raw)
    (folder / "邮件头.txt").write_bytes(raw[:400])
    report = check_inbox(edition, tmp_path, now=NOW)
    (sub,) = report.submissions
    assert sub.unit == "淄博市科协"
    assert sub.word.startswith("拷出的邮件/1660702530.M1P1.mx:2,S!/2022-08-17-zbkx-")
    ledger = {f.path: (f.kind, f.status, f.role) for f in report.files}
    assert ledger["拷出的邮件/1660702530.M1P1.mx:2,S"] == ("mail", "used", "mailbox")
    assert ledger["拷出的邮件/邮件头.txt"][0] == "text"


def test_a_maildir_zipped_under_a_folder_whose_name_has_a_colon_is_read_as_mail(
    edition: Edition, tmp_path: Path
) -> None:
    """A Mac's ``:`` in a folder's name (a ``/`` typed in it) is written as
    its full-width form: the Maildir under it is read as mail all the same,
    its mails never files of no use."""
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    raw = _unit_mail(edition, "zbkx@example.cn", "淄博市科协", on_time)
    (tmp_path / "邮箱备份.zip").write_bytes(
        utf8_zip(
            [
                ("备份:2022/Maildir/cur/1660702530.M1P1.mx:2,S", raw),
                ("备份:2022/Maildir/dovecot-uidlist", b"3 V1 N2\n"),
                ("备份:2022/说明.txt", "邮箱导出".encode()),
            ]
        )
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    (sub,) = report.submissions
    assert sub.unit == "淄博市科协"
    assert sub.word.startswith("邮箱备份.zip!/备份：2022/Maildir!/2022-08-17-zbkx-")
    ledger = {f.path: (f.kind, f.status, f.role) for f in report.files}
    assert ledger["邮箱备份.zip!/备份：2022/Maildir/"] == ("mail", "used", "mailbox")
    assert not [p for p in ledger if "/cur/" in p or "dovecot" in p]
    assert "邮箱备份.zip!/备份：2022/说明.txt" in ledger
