"""Outlook .msg files in an inbox: read as the mail they are, their
attachments taken out under an archive's limits, every problem a finding."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from reform_brand.cli import main
from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox, is_mail_source
from reform_brand.office._mail_source import read_mail_source
from reform_brand.office._mail_text import html_text
from reform_brand.office._msg import MsgError, read_msg
from tests.inbox import msgfile as M
from tests.inbox.conftest import NOW
from tests.inbox.wrapped import ON_TIME, PDF, ledger_of, zibo_form
from tests.mail.mails import mail, named, received_at


def _verdicts(report: InboxReport) -> list[tuple[str, str, tuple[str, ...]]]:
    verdicts = {s.submission: s.verdict for s in report.batch.submissions}
    codes = {
        s.submission: tuple(sorted({f.code for f in s.findings})) for s in report.batch.submissions
    }
    return [(s.unit, verdicts[s.id], codes[s.id]) for s in report.submissions]


def _msg(edition: Edition, **kw: object) -> bytes:
    return M.msg(
        [
            M.attachment(
                zibo_form(edition), long_name="淄博市科协申报表.docx", short_name="SHENBA~1.DOC"
            ),
            M.attachment(
                PDF, short_name="淄博市科协申报表.pdf".encode("gbk"), mime="application/pdf"
            ),
        ],
        subject="申报材料",
        sender="zbkx@example.cn",
        sender_name="淄博市科协",
        delivered=ON_TIME,
        codepage=936,
        **kw,  # type: ignore[arg-type]
    )


def _zibo_mail(edition: Edition) -> bytes:
    """淄博市科协's mail, on time: its Word form and its scan."""
    return mail(
        sender="zbkx@example.cn",
        sender_name="淄博市科协",
        received=[received_at(ON_TIME)],
        parts=[
            named("淄博市科协申报表.docx", zibo_form(edition)),
            named("淄博市科协申报表.pdf", PDF, "application/pdf"),
        ],
        message_id="zbkx",
    )


def test_a_msg_is_judged_as_the_same_mail_saved_as_eml(edition: Edition, tmp_path: Path) -> None:
    as_eml, as_msg = tmp_path / "eml", tmp_path / "msg"
    as_eml.mkdir()
    as_msg.mkdir()
    (as_eml / "转发.eml").write_bytes(_zibo_mail(edition))
    (as_msg / "转发.msg").write_bytes(_msg(edition))
    by_eml = check_inbox(edition, as_eml, now=NOW)
    by_msg = check_inbox(edition, as_msg, now=NOW)
    assert _verdicts(by_msg) == _verdicts(by_eml)
    (sub,) = by_msg.submissions
    assert sub.word.startswith("转发.msg!/") and sub.word.endswith("/淄博市科协申报表.docx")
    assert sub.scan.startswith("转发.msg!/") and sub.scan.endswith("/淄博市科协申报表.pdf")
    ledger = ledger_of(by_msg)
    assert ledger["转发.msg"][:2] == ("used", "mailbox") and ledger["转发.msg"][3] == "msg"
    (row,) = [f for f in by_msg.files if f.path == "转发.msg"]
    assert row.sha256 == hashlib.sha256((as_msg / "转发.msg").read_bytes()).hexdigest()
    (got,) = by_msg.mails
    (want,) = by_eml.mails
    # The same instant: a .msg holds its times in UTC.
    assert got.sender == want.sender
    assert dt.datetime.fromisoformat(str(got.arrived_at)) == dt.datetime.fromisoformat(
        str(want.arrived_at)
    )


def test_gbk_names_by_code_page_and_submit_time_without_delivery(edition: Edition) -> None:
    data = M.msg(
        [M.attachment(b"x", short_name="申报表.pdf".encode("gbk"))],
        subject="申报".encode("gbk"),
        submitted=ON_TIME,
        codepage=936,
    )
    got = read_msg(io.BytesIO(data), len(data), max_attachments=10, max_total=100)
    assert [f.name for f in got.files] == ["申报表.pdf"]
    assert got.subject == "申报" and got.delivered is None and got.submitted == ON_TIME


@pytest.mark.parametrize(
    "cut", ["truncated", "short", "signature", "word", "count", "deep", "many"]
)
def test_a_damaged_msg_is_unreadable_with_a_finding(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: str
) -> None:
    data = _msg(edition)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    if cut == "truncated":
        data = data[: len(data) // 3]
    elif cut == "short":  # never taken for the name of a file to open
        good, data = data, data[:8] + b"msg-short-name"
        monkeypatch.chdir(tmp_path)
        (tmp_path / os.fsdecode(data)).write_bytes(good)
    elif cut == "signature":
        data = b"PK\x03\x04" + data[4:]
    elif cut == "word":  # a Word 97-2003 file named .msg: a compound file, no mail
        data = M.cfb({"WordDocument": b"\x00" * 600, "1Table": b"\x00" * 5000})
    elif cut == "deep":  # a tree olefile's recursive walk cannot follow
        data = M.msg([M.attachment(b"x", long_name=f"{n}.txt") for n in range(1500)], chained=True)
    elif cut == "many":  # more attachments than an archive may hold entries
        data = M.msg([M.attachment(b"x", long_name=f"{n}.txt") for n in range(2001)])
    else:
        monkeypatch.setattr("reform_brand.office._archive.MAX_ZIP_ENTRIES", 1)
    (inbox / "a.msg").write_bytes(data)
    report = check_inbox(edition, inbox, now=NOW)
    ledger = ledger_of(report)
    assert ledger["a.msg"][:3] == ("unreadable", "", "inbox.msg-unreadable"), cut
    assert [f.file for f in report.batch.findings if f.code == "inbox.msg-unreadable"] == ["a.msg"]
    assert not [p for p in ledger if p.startswith("a.msg!/")]
    if cut != "count":
        with pytest.raises(MsgError):
            read_msg(io.BytesIO(data), len(data), max_attachments=2000, max_total=10**9)


def test_dot_dot_names_embedded_mails_and_the_total_limit(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reform_brand.office._archive.MAX_ZIP_TOTAL", 5000)
    (tmp_path / "a.msg").write_bytes(
        M.msg(
            [
                M.attachment(b"x", long_name="../../escape.txt"),
                M.attachment(b"", long_name="转发的邮件", embedded={}),
                M.attachment(b"y" * 6000, long_name="big.pdf"),
                M.attachment(b"fine", long_name="说明.txt"),
            ],
            sender="zbkx@example.cn",
            delivered=ON_TIME,
        )
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = ledger_of(report)
    assert ledger["a.msg!/转发的邮件.msg"][:3] == ("ignored", "", "inbox.ignored")
    assert ledger["a.msg!/big.pdf"][:3] == ("unreadable", "", "inbox.archive-entry-refused")
    assert [p for p in ledger if p.endswith("/说明.txt")]
    assert not [p for p in ledger if "/escape.txt" in p and ledger[p][0] == "used"]
    assert not (tmp_path.parent / "escape.txt").exists()


def test_an_ole_object_of_a_msg_is_listed_as_what_it_is_not_as_a_mail(
    edition: Edition, tmp_path: Path
) -> None:
    """Its storage is where an embedded mail's is; its method says it is an
    OLE object (a picture or a document pasted into a Rich Text mail)."""
    data = M.msg(
        [
            M.attachment(b"", long_name="图片", embedded={"\x01Ole": b"\x00" * 20}, method=6),
            M.attachment(b"", long_name="转发的邮件", embedded={}, method=5),
        ],
        sender="zbkx@example.cn",
        delivered=ON_TIME,
    )
    got = read_msg(io.BytesIO(data), len(data), max_attachments=10, max_total=100)
    assert [(f.name, f.problem) for f in got.files] == [
        ("图片", "ole"),
        ("转发的邮件.msg", "embedded"),
    ]
    (tmp_path / "a.msg").write_bytes(data)
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = ledger_of(report)
    assert ledger["a.msg!/图片"][:3] == ("ignored", "", "inbox.ignored")
    why = {f.file: f.params for f in report.batch.findings if f.code == "inbox.ignored"}
    assert str(getattr(why["a.msg!/图片"]["reason"], "en", "")).startswith("an OLE object")
    assert str(getattr(why["a.msg!/转发的邮件.msg"]["reason"], "en", "")).startswith("a mail")


def test_a_msg_attached_to_a_mail_is_opened_as_a_mail_of_its_own(
    edition: Edition, tmp_path: Path
) -> None:
    (tmp_path / "转发.eml").write_bytes(
        mail(
            sender="clerk@example.cn",
            sender_name="办公室",
            received=[received_at(ON_TIME)],
            parts=[named("转发.msg", _msg(edition), "application/vnd.ms-outlook")],
            message_id="fwd",
        )
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    (sub,) = report.submissions
    assert sub.unit == "淄博市科协"
    assert sub.word.startswith("转发.eml!/") and "/转发.msg!/" in sub.word
    assert sub.word.endswith("/淄博市科协申报表.docx")
    ledger = ledger_of(report)
    (msg_row,) = [p for p in ledger if p.endswith("/转发.msg")]
    assert ledger[msg_row][3] == "msg"


def test_the_body_of_a_msg_is_read_for_files_sent_as_links(
    edition: Edition, tmp_path: Path
) -> None:
    (tmp_path / "a.msg").write_bytes(
        M.msg(
            [],
            sender="zbkx@example.cn",
            delivered=ON_TIME,
            body="附件请查收。\r\n下载：https://mail.163.com/large-attachment-download/index.html"
            "?p=X&file=abc\r\n",
        )
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    assert "mail.attachment-linked" in {f.code for f in report.batch.findings}


def _check_alone(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    main(["check", "shandong-2022", str(path), "--json", "--now", NOW.isoformat(), *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report: dict[str, Any] = json.loads(out.out)
    return report


def _files(report: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    return {f["path"]: (f["kind"], f["status"], f["code"]) for f in report["inbox"]["files"]}


def test_a_msg_given_alone_is_checked_as_the_same_mail_saved_as_eml_given_alone(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a submission file (a compound file, taken for a Word 97-2003 one):
    the mail it is, laid out as an .eml given alone is."""
    eml, msg = tmp_path / "转发.eml", tmp_path / "转发.msg"
    eml.write_bytes(_zibo_mail(edition))
    msg.write_bytes(_msg(edition))
    assert is_mail_source(msg) and is_mail_source(str(msg), os.stat(msg), by_content=False)
    by_eml, by_msg = _check_alone(eml, capsys), _check_alone(msg, capsys)
    assert by_msg["inbox"]["root"] == str(msg)
    codes = {f["code"] for s in by_msg["submissions"] for f in s["findings"]}
    assert not codes & {"file.not-a-submission", "read.legacy-doc", "file.not-json"}

    def verdicts(report: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
        return [
            (s["unit"], s["verdict"], sorted({f["code"] for f in s["findings"]}))
            for s in report["submissions"]
        ]

    assert verdicts(by_msg) == verdicts(by_eml)
    files = _files(by_msg)
    (sub,) = by_msg["inbox"]["submissions"]
    assert sub["word"] == "2022-08-17-zbkx-1/淄博市科协申报表.docx"
    assert sub["scan"] == "2022-08-17-zbkx-1/淄博市科协申报表.pdf"
    # The same instant: a .msg holds its times in UTC.
    assert dt.datetime.fromisoformat(sub["arrived_at"]) == ON_TIME
    assert files["2022-08-17-zbkx-1/"] == ("mail", "used", "")
    assert {p for p in files if not p.startswith("2022-08-17-zbkx-1/[")} == {
        p for p in _files(by_eml) if not p.startswith("2022-08-17-zbkx-1/[")
    }
    source = read_mail_source(msg)
    assert source.kind == "msg"
    assert source.sha256 == hashlib.sha256(msg.read_bytes()).hexdigest()


def test_a_msg_given_alone_lists_what_it_did_not_take_out(
    edition: Edition,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("reform_brand.office._mail_source.MAX_ATTACHMENT_BYTES", 5000)
    path = tmp_path / "a.msg"
    path.write_bytes(
        M.msg(
            [
                M.attachment(b"", long_name="转发的邮件", embedded={}),
                M.attachment(b"y" * 6000, long_name="big.pdf"),
                M.attachment(b"fine", long_name="说明.txt"),
            ],
            sender="zbkx@example.cn",
            delivered=ON_TIME,
        )
    )
    report = _check_alone(path, capsys)
    files = _files(report)
    (folder,) = [p for p, row in files.items() if row[0] == "mail"]
    assert files[f"{folder}[msg-1] 转发的邮件.msg"] == (
        "mail-attachment",
        "ignored",
        "inbox.ignored",
    )
    assert files[f"{folder}[msg-2] big.pdf"] == (
        "mail-attachment",
        "ignored",
        "mail.parts-too-large",
    )
    assert not files[f"{folder}说明.txt"][0].startswith("mail")  # taken out, as a file
    found = {(f["code"], f["file"]) for f in report["findings"]}
    assert ("mail.parts-too-large", folder) in found and ("inbox.ignored", folder) in found


@pytest.mark.parametrize("cut", ["truncated", "word"])
def test_a_damaged_msg_given_alone_is_an_unreadable_mail(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str], cut: str
) -> None:
    data = _msg(edition)
    if cut == "truncated":
        data = data[: len(data) // 3]
    else:  # a Word 97-2003 file named .msg
        data = M.cfb({"WordDocument": b"\x00" * 600, "1Table": b"\x00" * 5000})
    path = tmp_path / "a.msg"
    path.write_bytes(data)
    report = _check_alone(path, capsys)
    assert _files(report) == {"a.msg/": ("mail", "unreadable", "inbox.msg-unreadable")}
    (f,) = report["findings"]
    assert (f["code"], f["severity"], f["file"]) == ("inbox.msg-unreadable", "error", "a.msg")
    assert not report["submissions"]


def test_a_msg_among_other_paths_is_a_mailbox_to_check_alone(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As an .eml among them: one inbox at most, and never a submission file."""
    msg = tmp_path / "a.msg"
    msg.write_bytes(_msg(edition))
    other = tmp_path / "b.json"
    other.write_text("{}", encoding="utf-8")
    assert main(["check", "shandong-2022", str(other), str(msg)]) == 2
    assert "a.msg" in capsys.readouterr().err


PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)
LOGO = "image001.png@01D8B1A2.3C4D5E60"
HTML = (
    "<html><head><style>p { color: red }</style></head><body>"
    "<p>各位好：</p><p>附件是淄博市科协的申报材料，请查收。<br>"
    f'<img src="cid:{LOGO}" width="120"></p>'
    '<p><a href="https://mail.163.com/large-attachment-download/index.html?p=X&amp;file=abc">'
    "项目视频.mp4（超大附件）</a></p></body></html>"
)


def _html_msg(edition: Edition, **kw: object) -> bytes:
    return M.msg(
        [
            M.attachment(zibo_form(edition), long_name="淄博市科协申报表.docx"),
            M.attachment(PNG, long_name="image001.png", mime="image/png", cid=LOGO),
        ],
        sender="zbkx@example.cn",
        sender_name="淄博市科协",
        delivered=ON_TIME,
        codepage=936,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("stored", ["binary", "unicode"])
def test_the_html_body_of_a_msg_without_plain_text_is_its_body(
    edition: Edition, tmp_path: Path, stored: str
) -> None:
    """As an .eml's HTML-only body: its text (no markup, no style sheet),
    its links to large attachments looked for, its pictures the body's."""
    if stored == "binary":  # in the code page PR_INTERNET_CPID names
        data = _html_msg(edition, html=HTML.encode("gbk"), html_codepage=936)
    else:
        data = _html_msg(edition, html=HTML)
    found = read_msg(io.BytesIO(data), len(data), max_attachments=10, max_total=10**7)
    assert found.body == "" and found.html_charset == ("gbk" if stored == "binary" else "utf-8")
    path = tmp_path / "a.msg"
    path.write_bytes(data)
    (d,) = read_mail_source(path).deliveries
    assert d.body == html_text(HTML)
    assert "附件是淄博市科协的申报材料，请查收。" in d.body and "color" not in d.body
    assert "mail.attachment-linked" in {f.code for f in d.findings}
    rows = {(e.role, e.status, e.content_type, e.code) for e in d.ledger}
    assert ("body", "used", "text/html", "") in rows
    # The logo the HTML shows is the body's, never a received file.
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]
    (logo,) = [e for e in d.ledger if e.name == "image001.png"]
    assert (logo.status, logo.code) == ("ignored", "mail.part-ignored")
    # In an inbox, the same.
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.msg").write_bytes(data)
    report = check_inbox(edition, inbox, now=NOW)
    (mail_,) = report.mails
    assert mail_.body == d.body
    (row,) = [f for f in report.files if f.path.endswith("image001.png")]
    assert (row.status, row.code, row.kind) == ("ignored", "mail.part-ignored", "mail-other")


def test_a_msg_with_plain_text_and_html_has_the_plain_text_as_its_body(
    edition: Edition, tmp_path: Path
) -> None:
    """The HTML is then the body's copy, as in an .eml sent by Outlook; its
    links are looked for all the same."""
    data = _html_msg(edition, body="附件请查收。\r\n", html=HTML.encode("gbk"), html_codepage=936)
    path = tmp_path / "a.msg"
    path.write_bytes(data)
    (d,) = read_mail_source(path).deliveries
    assert d.body.strip() == "附件请查收。"
    rows = {(e.role, e.status, e.content_type, e.code) for e in d.ledger}
    assert ("body", "used", "text/plain", "") in rows
    assert ("body", "ignored", "text/html", "mail.part-ignored") in rows
    assert "mail.attachment-linked" in {f.code for f in d.findings}
    assert [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]


RTF = (
    rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}"
    rb"{\colortbl;\red0\green0\blue0;}{\*\generator Riched20 10.0;}\viewkind4\uc1"
    rb"\pard\f0\fs20 \'b8\'f7\'ce\'bb\'ba\'c3\'a3\'ba\par "
    rb"\u38468?\u20214?\'ca\'c7\'c9\'ea\'b1\'a8\'b2\'c4\'c1\'cf\'a3\'ac\'c7\'eb\'b2\'e9"
    rb"\'ca\'d5\'a1\'a3\par{\pict\wmetafile8\picw10 0100090000}\par}"
)


@pytest.mark.parametrize("crc", [None, 12345], ids=["good", "wrong CRC"])
def test_the_rich_text_body_of_a_msg_with_no_other_is_its_body(
    edition: Edition, tmp_path: Path, crc: int | None
) -> None:
    """A "Rich Text" mail Outlook kept with no plain text nor HTML: the text
    of its compressed RTF, in the code page it names; one that cannot be
    read is no body, and the mail is read all the same."""
    path = tmp_path / "a.msg"
    path.write_bytes(
        M.msg(
            [M.attachment(zibo_form(edition), long_name="淄博市科协申报表.docx")],
            sender="zbkx@example.cn",
            delivered=ON_TIME,
            rtf=M.rtf_compressed(RTF, crc=crc),
        )
    )
    (d,) = read_mail_source(path).deliveries
    assert d.readable and [a.name for a in d.attachments] == ["淄博市科协申报表.docx"]
    assert d.body.replace("\r\n", "\n").strip() == (
        "各位好：\n附件是申报材料，请查收。" if crc is None else ""
    )
