"""The same mail twice in one source (saved twice, delivered to two of the
office's addresses, exported from two folders) is one mail: the copy that
arrived first is checked, not two submissions of which the later one
counts."""

from __future__ import annotations

import datetime as dt
import json
import mailbox
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.office._mail_source import read_mail_source
from tests.conftest import REPO
from tests.mail.mails import CST, mail, named, received_at

DEMO = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox" / "2022-08-17 淄博市科协"
STEM = "淄博市科协申报表"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOW = "2022-08-25T00:00:00+08:00"
ON_TIME = dt.datetime(2022, 8, 20, 23, 59, 0, tzinfo=CST)
LATE = dt.datetime(2022, 8, 21, 0, 30, 0, tzinfo=CST)


def _zibo(received: dt.datetime, message_id: str = "zibo-1", form: bytes = b"") -> bytes:
    return mail(
        sender="zbkx@example.cn",
        sender_name="淄博市科协",
        subject="淄博市科协申报材料",
        received=[received_at(received)],
        parts=[
            named(f"{STEM}.docx", form or (DEMO / f"{STEM}.docx").read_bytes(), DOCX),
            named(f"{STEM}.pdf", (DEMO / f"{STEM}.pdf").read_bytes(), "application/pdf"),
        ],
        message_id=message_id,
    )


def _mbox(tmp_path: Path, *mails: bytes) -> Path:
    path = tmp_path / "收件箱.mbox"
    box = mailbox.mbox(path)
    for raw in mails:
        box.add(raw)
    box.close()
    return path


def test_the_copy_that_arrived_first_is_the_mail(tmp_path: Path) -> None:
    # (The copy delivered to the office's second address came in later.)
    src = read_mail_source(_mbox(tmp_path, _zibo(LATE), _zibo(ON_TIME)))
    late, on_time = src.deliveries
    assert on_time.copy_of == "" and len(on_time.attachments) == 2
    assert late.copy_of == "收件箱.mbox#2" and late.attachments == ()
    [entry] = late.ledger
    assert (entry.role, entry.status, entry.code) == ("mail", "ignored", "mail.copy")
    [note] = late.findings
    assert (note.code, dict(note.params)) == ("mail.copy", {"first": "收件箱.mbox#2"})


def test_a_mail_sent_again_or_another_with_its_id_is_another_mail(tmp_path: Path) -> None:
    again = _zibo(LATE, message_id="zibo-2")
    # The same Message-ID (a program that reuses them) with other files.
    other = _zibo(LATE, form=b"PK\x03\x04another form")
    src = read_mail_source(_mbox(tmp_path, _zibo(ON_TIME), again, other))
    assert [d.copy_of for d in src.deliveries] == ["", "", ""]


def test_a_copy_is_checked_once_on_its_first_arrival(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _mbox(tmp_path, _zibo(LATE), _zibo(ON_TIME))
    main(["check", "shandong-2022", str(path), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report = json.loads(out.out)
    [sub] = report["inbox"]["submissions"]
    assert (sub["unit"], sub["arrived_at"], sub["on_time"]) == (
        "淄博市科协",
        ON_TIME.isoformat(),
        True,
    )
    codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert not codes & {"deadline.late", "batch.superseded"}
    [row] = [f for f in report["inbox"]["files"] if f["path"] == "收件箱.mbox#1/"]
    assert (row["kind"], row["status"], row["code"]) == ("mail", "ignored", "mail.copy")


def test_the_copies_of_an_mbox_in_an_inbox_are_one_mail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _mbox(inbox, _zibo(LATE), _zibo(ON_TIME))
    main(["check", "shandong-2022", str(inbox), "--json", "--now", NOW])
    report = json.loads(capsys.readouterr().out)
    [sub] = report["inbox"]["submissions"]
    assert sub["arrived_at"] == ON_TIME.isoformat()
    codes = {f["code"] for f in report["findings"]}
    assert "mail.copy" in codes


def test_the_report_says_which_mail_a_copy_is_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _mbox(tmp_path, _zibo(LATE), _zibo(ON_TIME))
    out = tmp_path / "out"
    main(["check", "shandong-2022", str(path), "--now", NOW, "--report", str(out)])
    assert "Traceback" not in capsys.readouterr().err
    html = (out / "report.html").read_text(encoding="utf-8")
    first, second = html.split('id="mail-2"')
    assert "收件箱.mbox#2" in first.split('id="mail-1"')[1].split("</h3>")[0]
    assert "收件箱.mbox#" not in second.split("</h3>")[0]


def test_the_same_mail_in_two_sources_of_an_inbox_is_one_mail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two exports of one mailbox, or an .mbox and the same mail saved as an
    .eml: the mail of the source read first is checked, the other is a copy
    of it; a mail only one source holds is a mail of its own."""
    inbox = tmp_path / "inbox"
    (inbox / "8月18日导出").mkdir(parents=True)
    (inbox / "8月21日导出").mkdir()
    _mbox(inbox / "8月18日导出", _zibo(ON_TIME))
    _mbox(inbox / "8月21日导出", _zibo(ON_TIME), _zibo(LATE, message_id="zibo-2"))
    (inbox / "淄博.eml").write_bytes(_zibo(ON_TIME))
    main(["check", "shandong-2022", str(inbox), "--json", "--now", NOW])
    report = json.loads(capsys.readouterr().out)
    subs = report["inbox"]["submissions"]
    assert sorted(s["arrived_at"] for s in subs) == [ON_TIME.isoformat(), LATE.isoformat()]
    copies = [f for f in report["findings"] if f["code"] == "mail.copy"]
    sources = {"8月18日导出/收件箱.mbox", "8月21日导出/收件箱.mbox", "淄博.eml"}
    copied = {f["file"].split("!/")[0] for f in copies}  # (said of the copy's own row)
    [kept] = sources - copied
    assert len(copies) == 2 and copied < sources
    # Each copy names the e-mail folder of the mail that is checked.
    [first] = {f["params"]["first"] for f in copies}
    assert first.startswith(f"{kept}!/")
    [checked] = [s for s in subs if s["arrived_at"] == ON_TIME.isoformat()]
    assert checked["folder"].rstrip("/") == first
