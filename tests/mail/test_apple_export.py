"""A mailbox Apple Mail exported (a folder ``X.mbox/`` holding the mails in
its file ``mbox`` beside ``table_of_contents`` and ``Info.plist``), in an
inbox and zipped: its mails are read, its own bookkeeping is ignored, not
unknown files."""

from __future__ import annotations

import json
import mailbox
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reform_brand.cli import main
from tests.mail.test_check import NOW, _mails

OWN = {"table_of_contents": b"\x00\x00\x00\x02toc", "Info.plist": b"<?xml version='1.0'?><plist/>"}


def _mbox_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "made.mbox"
    box = mailbox.mbox(path)
    for raw in _mails()[:2]:
        box.add(raw)
    box.close()
    data = path.read_bytes()
    path.unlink()
    return data


def _files(inbox: Path, capsys: pytest.CaptureFixture[str]) -> tuple[list[str], dict[str, Any]]:
    main(["check", "shandong-2022", str(inbox), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report = json.loads(out.out)["inbox"]
    units = sorted(s["unit"] for s in report["submissions"])
    return units, {f["path"]: (f["status"], f["role"], f.get("code", "")) for f in report["files"]}


def test_an_exported_mbox_folder_is_read_and_its_bookkeeping_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "收件"
    export = inbox / "收件箱.mbox"
    export.mkdir(parents=True)
    (export / "mbox").write_bytes(_mbox_bytes(tmp_path))
    for name, data in OWN.items():
        (export / name).write_bytes(data)
    # The same names in a folder of no exported mailbox are what they are.
    (inbox / "资料").mkdir()
    (inbox / "资料" / "Info.plist").write_bytes(OWN["Info.plist"])
    units, files = _files(inbox, capsys)
    assert units == ["淄博市科协", "潍坊市科协"]
    assert files["收件箱.mbox/mbox"][:2] == ("used", "mailbox")
    for name in OWN:
        assert files[f"收件箱.mbox/{name}"] == ("ignored", "", "inbox.ignored")
    assert files["资料/Info.plist"][2] == "inbox.unknown-file"


def test_a_zipped_exported_mbox_folder_is_read_and_its_bookkeeping_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "收件"
    inbox.mkdir()
    with zipfile.ZipFile(inbox / "邮箱导出.zip", "w") as zf:
        zf.writestr("收件箱.mbox/mbox", _mbox_bytes(tmp_path))
        for name, data in OWN.items():
            zf.writestr(f"收件箱.mbox/{name}", data)
        zf.writestr("其他.mbox/Info.plist", OWN["Info.plist"])
    units, files = _files(inbox, capsys)
    assert units == ["淄博市科协", "潍坊市科协"]
    assert files["邮箱导出.zip!/收件箱.mbox/mbox"][:2] == ("used", "mailbox")
    for name in OWN:
        assert files[f"邮箱导出.zip!/收件箱.mbox/{name}"] == ("ignored", "", "inbox.ignored")
    # (No mbox beside it: no exported mailbox.)
    assert files["邮箱导出.zip!/其他.mbox/Info.plist"][2] == "inbox.unknown-file"
