"""Apple Mail's .emlx: a line with the byte count of the mail, the mail,
then Mail's own property list; read as the mail it holds, alone, in an
inbox folder and zipped."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

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
