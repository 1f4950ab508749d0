"""Folders of a mailbox that hold no received mail: a Maildir++ tree's
sub-folders (Sent, Drafts, Trash, Junk, and the clerk's own) are not read
as the inbox and the ones that may hold applications are named; a source
that is a folder of sent, draft, deleted or junk mail says so; a Maildir's
``tmp/`` (mail being delivered) is never read."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand.office._mail_source import read_mail_source
from tests.mail.test_copies import LATE, ON_TIME, _zibo


def _maildir(path: Path, *mails: bytes) -> Path:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True)
    for n, raw in enumerate(mails, 1):
        (path / "cur" / f"{n}.host:2,S").write_bytes(raw)
    return path


def _codes(path: Path) -> dict[str, object]:
    return {f.code: dict(f.params) for f in read_mail_source(path).findings}


def test_a_maildir_tree_reads_its_inbox_and_names_the_folders_left(tmp_path: Path) -> None:
    root = _maildir(tmp_path / "Maildir", _zibo(ON_TIME, "a"))
    for name in (".Sent", ".Trash", ".Drafts", ".Junk", ".&ZTmXaVTBckx1M2Kl-"):
        _maildir(root / name, _zibo(LATE, name))
    (root / "tmp" / "3.host").write_bytes(_zibo(LATE, "being-delivered"))
    src = read_mail_source(root)
    assert [d.source for d in src.deliveries] == ["Maildir/1.host"]
    [note] = src.findings
    assert (note.code, note.severity, note.params["folders"]) == (
        "mail.subfolders-not-read",
        "warning",
        ("改革品牌申报",),
    )


def test_a_maildir_with_only_folders_of_sent_and_deleted_mail_says_nothing(
    tmp_path: Path,
) -> None:
    root = _maildir(tmp_path / "Maildir", _zibo(ON_TIME))
    _maildir(root / ".Sent", _zibo(LATE, "b"))
    _maildir(root / ".INBOX.Trash", _zibo(LATE, "c"))
    assert _codes(root) == {}


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("Trash", "Trash"),
        ("Sent.mbox", "Sent"),
        ("垃圾邮件.mbox", "垃圾邮件"),
        ("Drafts", "Drafts"),
    ],
)
def test_an_mbox_of_sent_or_deleted_mail_says_so(tmp_path: Path, name: str, folder: str) -> None:
    # Thunderbird's local folders are mbox files without a suffix.
    path = tmp_path / name
    path.write_bytes(b"From - Sat Aug 20 23:59:00 2022\n" + _zibo(ON_TIME).replace(b"\r\n", b"\n"))
    assert _codes(path) == {"mail.folder-not-received": {"folder": folder}}


def test_a_maildir_of_deleted_mail_says_so(tmp_path: Path) -> None:
    path = _maildir(tmp_path / "Maildir" / ".Trash", _zibo(ON_TIME))
    assert _codes(path) == {"mail.folder-not-received": {"folder": "Trash"}}


def test_an_inbox_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "收件箱.mbox"
    path.write_bytes(b"From - Sat Aug 20 23:59:00 2022\n" + _zibo(ON_TIME).replace(b"\r\n", b"\n"))
    assert _codes(path) == {}


@pytest.mark.parametrize(
    "line",
    [
        b"From - Thu Jan 01 00:00:00 1970",  # Thunderbird
        b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
        b"From zbkx@example.cn  Sat, 20 Aug 2022 23:59:00 +0800",
        b'From "/O=FIRST ORGANIZATION/CN=ZBKX" Sat Aug 20 23:59:00 2022',  # readpst
        b"From ",
    ],
)
def test_the_from_line_of_an_mbox_says_nothing_of_the_arrival(tmp_path: Path, line: bytes) -> None:
    path = tmp_path / "收件箱.mbox"
    raw = _zibo(LATE).replace(b"\r\n", b"\n")
    # (A bare "From " starts the file's first mail only: a later mail starts
    # at a line that looks like an envelope line.)
    later = line if line.strip() != b"From" else b"From - Thu Jan 01 00:00:00 1970"
    path.write_bytes(line + b"\n" + raw + b"\n" + later + b"\n" + _zibo(ON_TIME, "b"))
    first, second = read_mail_source(path).deliveries
    assert (first.arrived_at, second.arrived_at) == (LATE, ON_TIME)
    assert (first.arrival_from, len(first.attachments), len(second.attachments)) == (
        "received",
        2,
        2,
    )
