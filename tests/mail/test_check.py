"""``check EDITION MAILBOX``: an .mbox, an .eml or a Maildir checked as an
inbox, each mail an e-mail folder with the arrival time of its headers."""

from __future__ import annotations

import datetime as dt
import json
import mailbox
import os
from pathlib import Path
from typing import Any

import pytest

from reform_brand.cli import main
from reform_brand.office import is_mail_source
from tests.mail.mails import (
    CST,
    DEMO,
    DOCX,
    check_report,
    demo_unit_mail,
    forgotten_attachments,
    mail,
    named,
    received_at,
)

NOW = "2022-08-25T00:00:00+08:00"


def _unit_mail(folder: str, stem: str, sender: str, received: dt.datetime) -> bytes:
    # The sender's clock says 8月19日; the office's server says otherwise.
    clock = dt.datetime(2022, 8, 19, 9, 0, tzinfo=CST)
    return demo_unit_mail(folder, stem, sender, received, date=clock)


def _mails() -> list[bytes]:
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    late = dt.datetime(2022, 8, 21, 0, 0, 1, tzinfo=CST)
    return [
        _unit_mail("2022-08-17 淄博市科协", "淄博市科协申报表", "zbkx@example.cn", on_time),
        _unit_mail("2022-08-22 潍坊市科协", "潍坊市科协申报表", "wfkx@example.cn", late),
        b"this is not a mail at all\r\n",
    ]


@pytest.fixture
def mbox(tmp_path: Path) -> Path:
    path = tmp_path / "收件箱.mbox"
    box = mailbox.mbox(path)
    for raw in _mails():
        box.add(raw)
    box.close()
    return path


def test_an_mbox_is_checked_as_an_inbox_with_the_server_times(
    mbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert is_mail_source(mbox)
    report = check_report(mbox, capsys)
    inbox = report["inbox"]
    assert isinstance(inbox, dict)
    assert inbox["root"] == str(mbox)
    subs = {s["unit"]: s for s in inbox["submissions"]}
    assert set(subs) == {"淄博市科协", "潍坊市科协"}
    assert subs["淄博市科协"]["arrived_at"] == "2022-08-17T10:15:30+08:00"
    assert subs["淄博市科协"]["sender"] == "zbkx@example.cn"
    assert subs["潍坊市科协"]["on_time"] is False
    codes = {s["unit"]: {f["code"] for f in s["findings"]} for s in report["submissions"]}
    assert "deadline.late" in codes["潍坊市科协"]
    assert "deadline.late" not in codes["淄博市科协"]


def test_every_mail_is_in_the_ledger_and_a_broken_one_is_a_finding(
    mbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = check_report(mbox, capsys)
    inbox = report["inbox"]
    assert isinstance(inbox, dict)
    mails = [f for f in inbox["files"] if f["kind"] == "mail"]
    assert len(mails) == 3
    words = [f for f in inbox["files"] if f["path"].endswith(".docx")]
    assert len(words) == 2 and all(f["status"] == "used" for f in words)
    batch_codes = {f["code"] for f in report["findings"]}
    assert batch_codes & {"mail.unreadable", "mail.no-attachments", "mail.arrival-unknown"}


def test_one_eml_and_a_maildir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _mails()[0]
    eml = tmp_path / "淄博.eml"
    eml.write_bytes(first)
    report = _check_ok(eml, capsys)
    assert [s["unit"] for s in report["inbox"]["submissions"]] == ["淄博市科协"]
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(first)
    report = _check_ok(tmp_path / "Maildir", capsys)
    assert [s["arrived_at"] for s in report["inbox"]["submissions"]] == [
        "2022-08-17T10:15:30+08:00"
    ]


def _check_ok(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert is_mail_source(path)
    main(["check", "shandong-2022", str(path), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report = json.loads(out.out)
    assert isinstance(report, dict)
    return report


def test_nothing_is_written_next_to_the_mailbox(
    mbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in mbox.parent.iterdir())
    check_report(mbox, capsys)
    assert sorted(p.name for p in mbox.parent.iterdir()) == before


def test_the_report_shows_who_sent_each_submission(
    mbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    main(["check", "shandong-2022", str(mbox), "--now", NOW, "--report", str(out)])
    capsys.readouterr()
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "zbkx@example.cn" in page and "wfkx@example.cn" in page
    assert "发件人" in page


def test_the_mails_files_stay_readable_for_the_report_and_the_export(
    mbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The scans' pictures and the exported envelopes are taken from the
    mails' attachments after the check, while the command runs."""
    out, exported = tmp_path / "out", tmp_path / "envelopes"
    main(
        [
            "check",
            "shandong-2022",
            str(mbox),
            "--now",
            NOW,
            "--report",
            str(out),
            "--export-envelopes",
            str(exported),
        ]
    )
    err = capsys.readouterr().err
    assert "Traceback" not in err
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('class="thumb"') == 2  # both mailed scans
    docx = sorted(p.name for p in exported.rglob("*.docx"))
    assert docx == ["淄博市科协申报表.docx", "潍坊市科协申报表.docx"]


def test_a_mailbox_is_known_by_its_content_and_a_pipe_is_never_opened(tmp_path: Path) -> None:
    first = _mails()[0]
    named_anyhow = tmp_path / "收件箱.txt"
    named_anyhow.write_bytes(b"From zbkx@example.cn Wed Aug 17 10:15:30 2022\n" + first)
    assert is_mail_source(named_anyhow)
    assert is_mail_source(str(named_anyhow), os.stat(named_anyhow))  # as check asks it
    envelope = tmp_path / "submission.json"
    envelope.write_text("{}", encoding="utf-8")
    assert not is_mail_source(envelope)
    assert not is_mail_source(str(envelope), os.stat(envelope))
    short = tmp_path / "short"
    short.write_bytes(b"Fro")
    assert not is_mail_source(short)
    pipe = tmp_path / "inbox.mbox.fifo"
    os.mkfifo(pipe)
    assert not is_mail_source(pipe)  # not a regular file: never opened, never waited on
    assert not is_mail_source(tmp_path / "missing.eml")


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n"], ids=["0 bytes", "blank lines"])
def test_an_empty_eml_is_no_mail(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a mail from an unknown sender, with no attachments and no time."""
    eml = tmp_path / "空.eml"
    eml.write_bytes(content)
    code = main(["check", "shandong-2022", str(eml), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert code == 0 and "Traceback" not in out.err
    report = json.loads(out.out)
    assert [f["code"] for f in report["findings"]] == ["mail.empty"]
    rows = [(f["kind"], f["status"], f["code"]) for f in report["inbox"]["files"]]
    assert rows == [("mail", "unreadable", "mail.empty")]
    # In an inbox, beside other files, the same.
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "空.eml").write_bytes(content)
    main(["check", "shandong-2022", str(inbox), "--json", "--now", NOW])
    report = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in report["findings"]] == ["mail.empty"]


@pytest.mark.parametrize("inside", [False, True], ids=["mailbox", "in an inbox"])
def test_a_mail_of_a_known_unit_with_no_submission_is_that_units(
    inside: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A unit that forgot its attachments: the finding is under the unit."""
    eml = forgotten_attachments(tmp_path / "inbox")
    main(["check", "shandong-2022", str(eml.parent if inside else eml), "--json", "--now", NOW])
    report = json.loads(capsys.readouterr().out)
    units = {f["code"]: f["unit"] for f in report["findings"]}
    assert units == {"mail.no-attachments": "淄博市科协", "mail.unit-guessed": "淄博市科协"}


def test_a_long_chinese_attachment_name_is_cut_to_fit_a_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """120 characters of Chinese are 360 bytes, more than a file name holds
    (255): the name is cut to fit, never an internal error."""
    stem = "济南市科协改革品牌项目申报表" * 7  # 98 characters, 294 bytes
    folder = DEMO / "2022-08-15 济南市科协"
    path = tmp_path / "a.eml"
    path.write_bytes(
        mail(
            received=[received_at(dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST))],
            parts=[
                named(f"{stem}.docx", (folder / "申报表-科技志愿服务.docx").read_bytes(), DOCX),
                named(
                    f"{stem}（盖章）.pdf",
                    (folder / "申报表-科技志愿服务（盖章）.pdf").read_bytes(),
                    "application/pdf",
                ),
            ],
        )
    )
    code = main(["check", "shandong-2022", str(path), "--json", "--now", NOW])
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    names = {
        f["path"].rsplit("/", 1)[-1]: f["status"]
        for f in report["inbox"]["files"]
        if f["path"].endswith((".docx", ".pdf"))
    }
    assert sorted(n.rsplit(".", 1)[-1] for n in names) == ["docx", "pdf"]
    assert all(len(n.encode()) <= 200 for n in names)
    assert set(names.values()) == {"used"}
    [sub] = report["submissions"]
    assert sub["form"] == "application"


def test_an_empty_mail_of_an_mbox_is_said_of_that_mail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An mbox whose first mail is empty (a From line and nothing else) and
    whose second is a unit's: the warning names the empty mail's row, not
    the mbox, which did hold a mail."""
    sent = forgotten_attachments(tmp_path / "x").read_bytes().replace(b"\r\n", b"\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    stamp = b"From zbkx@example.cn Wed Aug 17 10:00:00 2022\n"
    (inbox / "收件箱.mbox").write_bytes(stamp + b"\n" + stamp + sent)
    main(["check", "shandong-2022", str(inbox), "--json", "--now", NOW])
    report = json.loads(capsys.readouterr().out)
    empty = [f["file"] for f in report["findings"] if f["code"] == "mail.empty"]
    assert empty == ["收件箱.mbox!/收件箱.mbox#1/"]
    rows = {f["path"]: f["code"] for f in report["inbox"]["files"]}
    assert rows["收件箱.mbox!/收件箱.mbox#1/"] == "mail.empty"
    assert "mail.no-attachments" in {f["code"] for f in report["findings"]}
