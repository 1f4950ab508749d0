"""A mail file or an mbox that passed through a text editor or a script: a UTF-8
byte-order mark (Notepad) or blank lines before its headers.  Read as the
mail it is: else its headers are taken for its body, and it is no mail."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.office._mail import parse_mail
from reform_brand.office._mail_source import mail_file_kind, read_mail_source
from tests.mail.mails import CST, PDF, mail, named, received_at

WHEN = dt.datetime(2022, 8, 20, 23, 59, 59, tzinfo=CST)
NOW = "2022-08-25T00:00:00+08:00"


def _mail() -> bytes:
    return mail(received=[received_at(WHEN)], parts=[named("申报表.pdf", PDF, "application/pdf")])


@pytest.mark.parametrize("lead", [b"\xef\xbb\xbf", b"\r\n", b"\n\n", b"\xef\xbb\xbf\r\n", b"  "])
def test_what_comes_before_the_headers_is_no_part_of_the_mail(lead: bytes) -> None:
    d = parse_mail(lead + _mail(), "a.eml")
    assert d.readable
    assert (d.sender, d.arrived_at, d.arrival_from) == ("jnkx@example.cn", WHEN, "received")
    assert [(a.name, a.data) for a in d.attachments] == [("申报表.pdf", PDF)]
    assert [f.code for f in d.findings] == []


def test_check_reads_an_eml_saved_with_a_byte_order_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eml = tmp_path / "济南.eml"
    eml.write_bytes(b"\xef\xbb\xbf" + _mail())
    main(["check", "shandong-2022", str(eml), "--json", "--now", NOW])
    report = json.loads(capsys.readouterr().out)
    rows = {f["path"]: f["status"] for f in report["inbox"]["files"]}
    assert rows["2022-08-20-jnkx-1/申报表.pdf"] == "used"
    assert not any(f["code"] == "mail.unreadable" for f in report["findings"])


def test_an_mbox_saved_with_a_byte_order_mark_keeps_its_first_mail(tmp_path: Path) -> None:
    """Its first ``From`` line behind the mark was not seen: the first mail
    was taken for what comes before the first mail, and left out unsaid."""
    first = _mail().replace(b"\r\n", b"\n")
    second = first.replace(b"Message-ID: <", b"Message-ID: <2.")
    line = b"From jnkx@example.cn Sat Aug 20 23:59:59 2022\n"
    content = b"\xef\xbb\xbf" + line + first + b"\n" + line + second
    named_box = tmp_path / "收件箱.mbox"
    unnamed_box = tmp_path / "收件箱"
    for path in (named_box, unnamed_box):
        path.write_bytes(content)
        src = read_mail_source(path)
        assert src.kind == "mbox"
        assert [(d.source, len(d.attachments)) for d in src.deliveries] == [
            (f"{path.name}#1", 1),
            (f"{path.name}#2", 1),
        ]
        assert src.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("name", ["邮件", "message", "1660702530.M1P2Q3.host:2,S"])
def test_a_mail_saved_as_text_with_no_suffix_is_a_mail_alone_as_in_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """A mail saved as text under a name no mail program gives is read as
    the mail it is in an inbox folder: given alone, it is the same mail
    source, not a submission file that is no JSON."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / name).write_bytes(_mail())
    alone = tmp_path / name
    alone.write_bytes(_mail())
    assert read_mail_source(alone).kind == "eml"
    rows: list[dict[str, str]] = []
    for given in (folder, alone):
        main(["check", "shandong-2022", str(given), "--json", "--now", NOW])
        report = json.loads(capsys.readouterr().out)
        assert not any(f["code"] == "file.not-json" for f in report["findings"])
        rows.append({f["path"]: f["status"] for f in report["inbox"]["files"]})
    assert rows[0][f"{name}!/2022-08-20-jnkx-1/申报表.pdf"] == "used"
    assert rows[1]["2022-08-20-jnkx-1/申报表.pdf"] == "used"


@pytest.mark.parametrize("name", ["邮件.txt", "说明.md", "form.json"])
def test_a_mail_saved_as_text_under_a_text_or_form_name_is_no_mail_alone_as_in_a_folder(
    tmp_path: Path, name: str
) -> None:
    """A file named as a text or a form is read as what its name says, in a
    folder as alone."""
    path = tmp_path / name
    path.write_bytes(_mail())
    assert mail_file_kind(str(path)) is None


def test_a_mail_whose_line_ends_were_doubled_is_read_as_sent() -> None:
    """A CRLF mail saved again as text on Windows (a script's text-mode
    write, a transfer in ASCII mode) has its lines end ``\\r\\r\\n``: read with
    its headers and its attachments as sent, not as a mail of one header
    whose files are lost in its body."""
    d = parse_mail(_mail().replace(b"\r\n", b"\r\r\n"), "a.eml")
    assert d.readable
    assert (d.sender, d.arrived_at, d.arrival_from) == ("jnkx@example.cn", WHEN, "received")
    assert [(a.name, a.data) for a in d.attachments] == [("申报表.pdf", PDF)]
    assert [f.code for f in d.findings] == []


def test_an_mbox_whose_line_ends_were_doubled_keeps_its_mails_apart(tmp_path: Path) -> None:
    first = _mail()
    second = first.replace(b"Message-ID: <", b"Message-ID: <2.")
    line = b"From jnkx@example.cn Sat Aug 20 23:59:59 2022\r\n"
    content = (line + first + b"\r\n" + line + second).replace(b"\r\n", b"\r\r\n")
    path = tmp_path / "收件箱.mbox"
    path.write_bytes(content)
    src = read_mail_source(path)
    assert [(d.source, d.sender, [a.data for a in d.attachments]) for d in src.deliveries] == [
        ("收件箱.mbox#1", "jnkx@example.cn", [PDF]),
        ("收件箱.mbox#2", "jnkx@example.cn", [PDF]),
    ]
