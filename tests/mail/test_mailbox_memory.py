"""A mailbox's mails are read one at a time: each mail's attachments are
written out as it is read, so that an .mbox of many mails is checked as
the same mails saved as .eml files are, never holding them all at once."""

from __future__ import annotations

import datetime as dt
import mailbox
import re
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from reform_brand.office._mail_source import read_mail_source
from tests.mail.mails import CST, check_report, demo_unit_mail, mail, named


def _mails() -> list[bytes]:
    zibo = demo_unit_mail(
        "2022-08-17 淄博市科协",
        "淄博市科协申报表",
        "zbkx@example.cn",
        dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST),
    )
    weifang = demo_unit_mail(
        "2022-08-22 潍坊市科协",
        "潍坊市科协申报表",
        "wfkx@example.cn",
        dt.datetime(2022, 8, 21, 0, 0, 1, tzinfo=CST),
    )
    # The second Zibo mail is a copy of the first (one Message-ID, one content).
    return [zibo, weifang, b"this is not a mail at all\r\n", zibo]


def _seen(report: dict[str, Any], prefix: str) -> dict[str, Any]:
    """What the report says, each path without the mail file it is under."""

    def bare(path: str) -> str:
        # (The mails are numbered within their file: ``2022-08-17-zbkx-1/``.)
        path = path.split("!/", 1)[1] if path.startswith(prefix) else path
        return re.sub(r"^([^/]*)-[0-9]+/", r"\1/", path)

    inbox = report["inbox"]
    return {
        "findings": sorted(f["code"] for f in report["findings"]),
        "submissions": sorted(
            (s["unit"], s["arrived_at"], s["on_time"], s["sender"]) for s in inbox["submissions"]
        ),
        "codes": sorted(
            (s["unit"], sorted(f["code"] for f in s["findings"])) for s in report["submissions"]
        ),
        "ledger": sorted(
            (bare(f["path"]), f["status"], f["code"], f["size"])
            for f in inbox["files"]
            if f["kind"] != "mail"
        ),
        # (The mail file itself, an .mbox or each .eml, is used as a whole.)
        "mails": sorted(
            (f["status"], f["code"]) for f in inbox["files"] if f["kind"] == "mail" and f["code"]
        ),
    }


def test_an_mbox_gives_the_findings_and_ledger_of_its_mails_as_eml_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    boxed, saved = tmp_path / "mbox", tmp_path / "eml"
    boxed.mkdir()
    saved.mkdir()
    box = mailbox.mbox(boxed / "收件箱.mbox")
    for n, raw in enumerate(_mails(), start=1):
        box.add(raw)
        (saved / f"{n}.eml").write_bytes(raw)
    box.close()
    from_box = _seen(check_report(boxed, capsys), "收件箱.mbox!/")
    from_files = _seen(check_report(saved, capsys), "")
    assert "mail.copy" in from_box["findings"]
    assert {u for u, *_ in from_box["submissions"]} == {"淄博市科协", "潍坊市科协"}
    assert len(from_box["ledger"]) > 4
    assert from_box == from_files


def _mbox_of(path: Path, mails: int, size: int) -> Path:
    box = mailbox.mbox(path)
    for n in range(mails):
        data = bytes([n]) * size
        box.add(
            mail(
                sender=f"u{n}@example.cn",
                parts=[named(f"{n}.pdf", data, "application/pdf")],
                message_id=f"m{n}",
            )
        )
    box.close()
    return path


def test_a_mails_attachments_are_written_out_as_it_is_read(tmp_path: Path) -> None:
    spill = tmp_path / "spill"
    spill.mkdir()
    src = read_mail_source(_mbox_of(tmp_path / "a.mbox", 3, 1000), spill=spill)
    files = [a for d in src.deliveries for a in d.attachments]
    assert [a.data for a in files] == [b"", b"", b""]
    assert [a.content() for a in files] == [bytes([n]) * 1000 for n in range(3)]
    assert {Path(a.spilled).parent for a in files} == {spill}


def _peak(path: Path, spill: Path) -> int:
    tracemalloc.start()
    try:
        src = read_mail_source(path, spill=spill)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert all(not d.left_out for d in src.deliveries)


def test_an_earlier_mails_attachments_are_not_held_when_the_next_is_read(
    tmp_path: Path,
) -> None:
    size = 1 << 20
    few = _mbox_of(tmp_path / "few.mbox", 2, size)
    many = _mbox_of(tmp_path / "many.mbox", 10, size)
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    # Eight more mails of 1 MiB each hold no more than one more mail would.
    assert _peak(many, tmp_path / "2") - _peak(few, tmp_path / "1") < 2 * size
