"""Apple Mail's .emlx: a line with the byte count of the mail, the mail,
then Mail's own property list; read as the mail it holds, alone, in an
inbox folder and zipped."""

from __future__ import annotations

import email
import email.policy
import json
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reform_brand.cli import main
from reform_brand.office import is_mail_source
from reform_brand.office._mail_source import read_mail_source
from tests.mail.test_check import NOW, _mails

PLIST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE plist>\n<plist version="1.0">\n<dict>\n'
    b"\t<key>flags</key>\n\t<integer>8590195713</integer>\n</dict>\n</plist>\n"
)


def _emlx(raw: bytes) -> bytes:
    return f"{len(raw)}       \n".encode() + raw + PLIST


def _report(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    main(["check", "shandong-2022", str(path), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report = json.loads(out.out)
    assert isinstance(report, dict)
    return report


def _inbox(report: dict[str, object]) -> tuple[list[str], dict[str, tuple[str, str]]]:
    inbox = report["inbox"]
    assert isinstance(inbox, dict)
    units = [s["unit"] for s in inbox["submissions"]]
    return units, {f["path"]: (f["status"], f["role"]) for f in inbox["files"]}


def test_an_emlx_is_the_mail_it_counts(tmp_path: Path) -> None:
    raw = _mails()[0]
    path = tmp_path / "12345.emlx"
    path.write_bytes(_emlx(raw))
    assert is_mail_source(path)
    src = read_mail_source(path)
    assert src.kind == "eml" and not src.findings
    (d,) = src.deliveries
    assert d.sender == "zbkx@example.cn"
    assert d.arrived_at is not None and d.arrived_at.isoformat() == "2022-08-17T10:15:30+08:00"
    assert sorted(a.name for a in d.attachments) == [
        "淄博市科协申报表.docx",
        "淄博市科协申报表.pdf",
    ]
    # A .partial.emlx (attachments kept apart by Mail) is one too.
    assert read_mail_source(path.rename(tmp_path / "7.partial.emlx")).deliveries[0].sender


def test_an_emlx_given_alone_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "12345.emlx"
    path.write_bytes(_emlx(_mails()[0]))
    units, _files = _inbox(_report(path, capsys))
    assert units == ["淄博市科协"]


def test_emlx_files_in_an_inbox_folder_and_zipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "收件"
    inbox.mkdir()
    first, late = _mails()[:2]
    (inbox / "12345.emlx").write_bytes(_emlx(first))
    with zipfile.ZipFile(inbox / "Mail.zip", "w") as zf:
        zf.writestr("Messages/678.emlx", _emlx(late))
    units, files = _inbox(_report(inbox, capsys))
    assert sorted(units) == ["淄博市科协", "潍坊市科协"]
    assert files["12345.emlx"] == ("used", "mailbox")
    assert files["Mail.zip!/Messages/678.emlx"] == ("used", "mailbox")
    assert not any(p.endswith("plist") for p in files)


def _partial(raw: bytes) -> tuple[bytes, bytes]:
    """The mail ``raw`` as Apple Mail keeps it in a .partial.emlx (its PDF
    part's body kept apart: its headers left, with ``X-Apple-Content-Length``),
    and the PDF."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    (pdf,) = [p for p in msg.walk() if p.get_content_type() == "application/pdf"]
    data = pdf.get_payload(decode=True)
    assert isinstance(data, bytes)
    pdf.set_payload("")
    pdf["X-Apple-Content-Length"] = str(len(data))
    return _emlx(msg.as_bytes()), data


def _sizes(report: dict[str, Any]) -> dict[str, tuple[str, str, int]]:
    inbox = report["inbox"]
    return {f["path"]: (f["status"], f["role"], f["size"]) for f in inbox["files"]}


@pytest.mark.parametrize("zipped", [False, True])
def test_a_partial_emlx_is_joined_to_the_attachments_mail_kept_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], zipped: bool
) -> None:
    """Apple Mail keeps a large attachment apart from its mail
    (``Attachments/ID/PART/NAME`` beside ``Messages/ID.partial.emlx``): the
    mail is read with it, in a folder as zipped, and the file kept apart is
    used as the mail's attachment, never an unmatched scan of its own."""
    emlx, pdf = _partial(_mails()[0])
    inbox = tmp_path / "收件"
    inbox.mkdir()
    files = {
        "Messages/7.partial.emlx": emlx,
        "Attachments/7/3/淄博市科协申报表.pdf": pdf,
    }
    if zipped:
        with zipfile.ZipFile(inbox / "Mail.zip", "w") as zf:
            for name, data in files.items():
                zf.writestr(name, data)
        top = "Mail.zip!"
    else:
        for name, data in files.items():
            (inbox / "Mail" / name).parent.mkdir(parents=True, exist_ok=True)
            (inbox / "Mail" / name).write_bytes(data)
        top = "Mail"
    report = _report(inbox, capsys)
    units, _files = _inbox(report)
    assert units == ["淄博市科协"]
    sizes = _sizes(report)
    assert sizes[f"{top}/Attachments/7/3/淄博市科协申报表.pdf"] == ("used", "attachment", len(pdf))
    folder = f"{top}/Messages/7.partial.emlx!/2022-08-17-zbkx-1"
    assert sizes[f"{folder}/淄博市科协申报表.pdf"] == ("used", "signed-scan", len(pdf))
    findings = report["findings"]
    assert isinstance(findings, list)
    assert "inbox.unmatched-scan" not in [f["code"] for f in findings]


def test_a_partial_emlx_read_alone_is_joined_too(tmp_path: Path) -> None:
    """Read as a mail source, a part's file found by its name (a Mac writes
    it decomposed) or as its folder's one file; a part whose file is not
    there stays as the mail has it."""
    emlx, pdf = _partial(_mails()[0])
    path = tmp_path / "Messages" / "7.partial.emlx"
    path.parent.mkdir()
    path.write_bytes(emlx)
    assert read_mail_source(path).joined == ()
    kept = tmp_path / "Attachments" / "7" / "3"
    kept.mkdir(parents=True)
    (kept / unicodedata.normalize("NFD", "淄博市科协申报表.pdf")).write_bytes(pdf)
    (kept / "其他.pdf").write_bytes(b"%PDF-1.4 other")
    src = read_mail_source(path)
    (d,) = src.deliveries
    (found,) = [a for a in d.attachments if a.name.endswith(".pdf")]
    assert found.data == pdf
    assert [Path(p).relative_to(tmp_path).parts[:3] for p in src.joined] == [
        ("Attachments", "7", "3")
    ]


def test_a_partial_emlx_follows_no_link_to_its_attachments(tmp_path: Path) -> None:
    """``Attachments/`` (or a folder in it) a link, perhaps leading out of
    the inbox: nothing is read through it."""
    emlx, pdf = _partial(_mails()[0])
    path = tmp_path / "box" / "Messages" / "7.partial.emlx"
    path.parent.mkdir(parents=True)
    path.write_bytes(emlx)
    outside = tmp_path / "outside" / "7" / "3"
    outside.mkdir(parents=True)
    (outside / "淄博市科协申报表.pdf").write_bytes(pdf)
    (tmp_path / "box" / "Attachments").symlink_to(tmp_path / "outside")
    assert read_mail_source(path).joined == ()
    (tmp_path / "box" / "Attachments").unlink()
    (tmp_path / "box" / "Attachments" / "7").mkdir(parents=True)
    (tmp_path / "box" / "Attachments" / "7" / "3").symlink_to(outside)
    assert read_mail_source(path).joined == ()


def test_an_attachment_kept_apart_and_not_there_is_no_empty_file(tmp_path: Path) -> None:
    """A .partial.emlx whose attachment's file did not come with it (its
    ``Messages/`` folder alone): the attachment is a skipped part with
    ``mail.attachment-kept-apart``, never an empty PDF taken as the scan."""
    emlx, _pdf = _partial(_mails()[0])
    path = tmp_path / "Messages" / "7.partial.emlx"
    path.parent.mkdir()
    path.write_bytes(emlx)
    src = read_mail_source(path)
    (d,) = src.deliveries
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]
    (note,) = [f for f in d.findings if f.code == "mail.attachment-kept-apart"]
    assert note.params["folder"] == "Attachments/7/3/"
    (row,) = [e for e in d.ledger if e.code == "mail.attachment-kept-apart"]
    assert (row.part, row.role, row.status) == ("3", "attachment", "skipped")
    # An .emlx of a whole mail has no part kept apart.
    whole = tmp_path / "Messages" / "8.emlx"
    whole.write_bytes(_emlx(_mails()[0]))
    (d,) = read_mail_source(whole).deliveries
    assert len(d.attachments) == 2
    assert "mail.attachment-kept-apart" not in [f.code for f in d.findings]


def test_an_inbox_reads_nothing_outside_it_for_a_partial_emlx(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An inbox that is Mail's ``Messages/`` folder: the attachments beside
    it, outside the inbox, are not read (the part is one kept apart and not
    there); read as a mail source, the same mail is joined to them."""
    emlx, pdf = _partial(_mails()[0])
    inbox = tmp_path / "Messages"
    inbox.mkdir()
    (inbox / "7.partial.emlx").write_bytes(emlx)
    (tmp_path / "Attachments" / "7" / "3").mkdir(parents=True)
    (tmp_path / "Attachments" / "7" / "3" / "淄博市科协申报表.pdf").write_bytes(pdf)
    report = _report(inbox, capsys)
    findings = report["findings"]
    assert isinstance(findings, list)
    assert "mail.attachment-kept-apart" in [f["code"] for f in findings]
    assert not [p for p in _sizes(report) if p.endswith("!/2022-08-17-zbkx-1/淄博市科协申报表.pdf")]
    assert len(read_mail_source(inbox / "7.partial.emlx").joined) == 1
