"""A mail file far past the mail's limit is refused from its size, not read:
alone, in an inbox, in an archive, in a Maildir; in an .mbox, the mail past
the limit is refused and the others are read."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reform_brand.office import _mail, _mail_source, _mbox, read_mail_source
from reform_brand.office._mail import MAX_MAIL_BYTES
from reform_brand.safeopen import MAX_FILE_BYTES
from tests.mail.mails import CST, check_report, demo_unit_mail

_HEAD = b"From: big@example.cn\r\nSubject: big\r\nDate: Sat, 20 Aug 2022 10:00:00 +0800\r\n\r\n"


def _good() -> bytes:
    when = dt.datetime(2022, 8, 17, 10, 0, tzinfo=CST)
    return demo_unit_mail("2022-08-17 淄博市科协", "淄博市科协申报表", "zbkx@example.cn", when)


def _sparse(path: Path, size: int = 2 * MAX_MAIL_BYTES) -> Path:
    """A mail file of a few real header lines, then a hole up to ``size``
    (cheap on disk)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_HEAD)
    os.truncate(path, size)
    return path


class _Counted:
    """A file opened for reading whose reads are counted in ``read``."""

    def __init__(self, fh: Any, read: list[int]) -> None:
        self._fh, self._read = fh, read

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    def __enter__(self) -> _Counted:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()

    def __iter__(self) -> Any:
        return self

    def __next__(self) -> bytes:
        line: bytes = next(self._fh)
        self._read.append(len(line))
        return line

    def _counted(self, name: str) -> Callable[..., Any]:
        method = getattr(self._fh, name)

        def counted(*args: Any) -> Any:
            got = method(*args)
            self._read.append(got if isinstance(got, int) else len(got))
            return got

        return counted

    def read(self, *args: Any) -> Any:
        return self._counted("read")(*args)

    def readline(self, *args: Any) -> Any:
        return self._counted("readline")(*args)

    def readinto(self, *args: Any) -> Any:
        return self._counted("readinto")(*args)


@pytest.fixture
def read_of_big(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the reads of any file whose name starts with ``big``."""
    read: list[int] = []
    real = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        fh = real(file, *args, **kwargs)
        name = os.path.basename(os.fsdecode(file)) if isinstance(file, (str, os.PathLike)) else ""
        return _Counted(fh, read) if name.startswith("big") else fh

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    return read


def test_an_eml_past_the_limit_alone_is_refused_unread(
    tmp_path: Path, read_of_big: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    eml = _sparse(tmp_path / "big.eml")
    source = read_mail_source(eml)
    [d] = source.deliveries
    assert not d.readable
    assert [f.code for f in d.findings] == ["mail.too-large"]
    assert source.sha256 == ""  # (hashing it would read it whole)
    report = check_report(eml, capsys)
    assert [f["code"] for f in report["findings"]] == ["mail.too-large"]
    assert [(f["status"], f["sha256"]) for f in report["inbox"]["files"]] == [("unreadable", "")]
    assert sum(read_of_big) == 0


def test_an_eml_past_the_limit_in_an_inbox_leaves_the_others_checked(
    tmp_path: Path, read_of_big: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    _sparse(inbox / "big.eml")
    (inbox / "淄博.eml").write_bytes(_good())
    _sparse(inbox / "folder" / "big-too.eml")
    report = check_report(inbox, capsys)
    assert [s["unit"] for s in report["inbox"]["submissions"]] == ["淄博市科协"]
    refused = sorted(f["file"] for f in report["findings"] if f["code"] == "mail.too-large")
    assert len(refused) == 2
    assert refused[0].startswith("big.eml") and refused[1].startswith("folder/big-too.eml")
    assert sum(read_of_big) == 0


def test_a_mail_past_the_limit_in_a_maildir_is_refused_unread(
    tmp_path: Path, read_of_big: list[int]
) -> None:
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "cur" / "1660000000.M1P1.host:2,S").write_bytes(_good())
    _sparse(box / "cur" / "big.1660000001.M1P2.host:2,S")
    source = read_mail_source(box)
    by_name = {d.source: [f.code for f in d.findings] for d in source.deliveries}
    assert by_name["Maildir/big.1660000001.M1P2.host"] == ["mail.too-large"]
    assert [d.readable for d in source.deliveries] == [True, False]
    assert sum(read_of_big) == 0


def test_a_mail_past_the_limit_in_an_mbox_leaves_the_others_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limit made small to keep the test light: the mail past it is
    # refused, and the mail after it is read.
    for module in (_mail, _mail_source, _mbox):
        monkeypatch.setattr(module, "MAX_MAIL_BYTES", 50_000)
    good = _good().replace(b"\r\n", b"\n")
    box = tmp_path / "收件箱.mbox"
    envelope = b"From zbkx@example.cn Sat Aug 20 10:00:00 2022\n"
    box.write_bytes(
        envelope
        + good
        + b"\n"
        + envelope
        + _HEAD.replace(b"\r\n", b"\n")
        + b"A" * 76 * 20_000
        + b"\n\n"
        + envelope
        + good.replace(b"<zbkx@", b"<wfkx@")
        + b"\n"
    )
    source = read_mail_source(box)
    assert [(d.source, d.readable) for d in source.deliveries] == [
        ("收件箱.mbox#1", True),
        ("收件箱.mbox#2", False),
        ("收件箱.mbox#3", True),
    ]
    assert [f.code for f in source.deliveries[1].findings] == ["mail.too-large"]
    assert [a.name for a in source.deliveries[2].attachments] == [
        "淄博市科协申报表.docx",
        "淄博市科协申报表.pdf",
    ]


def _declared(zipped: bytes, name: bytes, size: int) -> bytes:
    """``zipped`` with the entry ``name`` declared ``size`` bytes long."""
    data = bytearray(zipped)
    for signature, at, name_at, length_at in (
        (b"PK\x03\x04", 22, 30, 26),
        (b"PK\x01\x02", 24, 46, 28),
    ):
        start = data.find(signature)
        while start != -1:
            length = struct.unpack_from("<H", data, start + length_at)[0]
            if data[start + name_at : start + name_at + length] == name:
                struct.pack_into("<I", data, start + at, size)
            start = data.find(signature, start + 4)
    return bytes(data)


def test_a_mail_past_the_limit_in_an_archive_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("淄博.eml", _good())
        zf.writestr("big.eml", _HEAD + os.urandom(1 << 20))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # Declared past the limit, the archive's compression plausible: were
    # the entry read, its bytes would not match.
    (inbox / "mails.zip").write_bytes(_declared(buf.getvalue(), b"big.eml", 2 * MAX_MAIL_BYTES))
    report = check_report(inbox, capsys)
    assert [s["unit"] for s in report["inbox"]["submissions"]] == ["淄博市科协"]
    rows = {f["path"]: (f["status"], f["code"]) for f in report["inbox"]["files"]}
    assert rows["mails.zip!/big.eml"] == ("unreadable", "inbox.archive-entry-refused")


def test_an_outlook_msg_past_the_limit_in_an_inbox_is_said_too_large(
    tmp_path: Path, read_of_big: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    """As a .msg given alone: never a file said to be damaged, to be sent
    again saved as .docx."""
    inbox = tmp_path / "inbox"
    _sparse(inbox / "big.msg")
    (inbox / "淄博.eml").write_bytes(_good())
    report = check_report(inbox, capsys)
    assert [s["unit"] for s in report["inbox"]["submissions"]] == ["淄博市科协"]
    rows = {f["path"]: (f["status"], f["code"]) for f in report["inbox"]["files"]}
    assert rows["big.msg"] == ("unreadable", "mail.too-large")
    assert {f["code"] for f in report["findings"] if f["file"] == "big.msg"} == {"mail.too-large"}
    assert sum(read_of_big) == 0


def test_a_thunderbird_folder_larger_than_a_file_is_read_as_its_mails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thunderbird keeps a local folder as an mbox with no suffix (``Inbox``),
    known by its content: one larger than a received file may be is read
    mail by mail as an ``.mbox`` is, not refused as a file too large."""
    for module in (_mail, _mail_source, _mbox):  # (the mail past it made small)
        monkeypatch.setattr(module, "MAX_MAIL_BYTES", 50_000)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    box = inbox / "Inbox"
    envelope = b"From - Wed Aug 17 10:00:00 2022\n"
    box.write_bytes(envelope + _good().replace(b"\r\n", b"\n") + b"\n" + envelope)
    with box.open("ab") as fh:
        fh.write(_HEAD.replace(b"\r\n", b"\n"))
    os.truncate(box, MAX_FILE_BYTES + 1)  # (the second mail a hole: cheap on disk)
    report = check_report(inbox, capsys)
    assert [s["unit"] for s in report["inbox"]["submissions"]] == ["淄博市科协"]
    rows = {f["path"]: (f["kind"], f["status"], f["code"]) for f in report["inbox"]["files"]}
    assert rows["Inbox"] == ("mail", "used", "")
    refused = [f["file"] for f in report["findings"] if f["code"] == "mail.too-large"]
    assert refused == ["Inbox!/Inbox#2/"]


def test_a_thunderbird_folder_larger_than_a_file_is_read_once(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    read_of_big: list[int],
) -> None:
    """An mbox with no suffix over a file's limit is read once, mail by
    mail, its digest taken on the way: it was read whole first for the
    digest of its sniff, then again for its mails.  The findings and the
    ledger's digest are those of the same mbox named ``.mbox``."""
    import hashlib

    for module in (_mail, _mail_source, _mbox):  # (the mail past it made small)
        monkeypatch.setattr(module, "MAX_MAIL_BYTES", 50_000)
    envelope = b"From - Wed Aug 17 10:00:00 2022\n"
    rows = []
    for name in ("bigbox", "big.mbox"):
        inbox = tmp_path / name.replace(".", "-")
        inbox.mkdir()
        box = inbox / name
        box.write_bytes(envelope + _good().replace(b"\r\n", b"\n") + b"\n" + envelope)
        with box.open("ab") as fh:
            fh.write(_HEAD.replace(b"\r\n", b"\n"))
        os.truncate(box, MAX_FILE_BYTES + 1)  # (the second mail a hole: cheap on disk)
        read_of_big.clear()
        report = check_report(inbox, capsys)
        assert sum(read_of_big) == MAX_FILE_BYTES + 1, name
        [row] = [f for f in report["inbox"]["files"] if f["path"] == name]
        assert row["sha256"] == hashlib.sha256(box.read_bytes()).hexdigest()
        found = sorted((f["code"], f["file"].replace(name, "BOX")) for f in report["findings"])
        rows.append((row["kind"], row["status"], found))
    assert rows[0] == rows[1]
    assert rows[0][:2] == ("mail", "used")
