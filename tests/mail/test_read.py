"""Reading .eml, .mbox and Maildir sources into deliveries."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import mailbox
import os
import quopri
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand.codes._info import Localized
from reform_brand.host import Host
from reform_brand.office import _mail, _mail_source, is_mail_source
from reform_brand.office._mail import parse_mail
from reform_brand.office._mail_source import read_mail_source
from reform_brand.office._mail_text import Decoded, decode_bytes
from reform_brand.office._mail_units import mail_folder, write_mail_folder
from tests.finding_params import localized, texts
from tests.mail.mails import (
    CST,
    PDF,
    a_zip,
    attachment,
    forward,
    gbk_word,
    mail,
    multipart,
    named,
    received_at,
    text_part,
)

ON_TIME = dt.datetime(2022, 8, 20, 23, 59, 59, tzinfo=CST)


def codes(delivery: _mail.Delivery) -> list[str]:
    return [f.code for f in delivery.findings]


def test_gbk_encoded_word_name_and_arrival_from_topmost_received() -> None:
    raw = mail(
        received=[
            received_at(ON_TIME),
            received_at(dt.datetime(2022, 8, 20, 15, 0, 0, tzinfo=dt.UTC), by="relay"),
        ],
        date=dt.datetime(2022, 8, 19, 8, 0, tzinfo=CST),
        parts=[named("济南市科协申报表（盖章）.pdf", PDF, "application/pdf")],
    )
    d = parse_mail(raw, "a.eml")
    assert d.readable
    assert d.arrived_at == ON_TIME
    assert d.arrived_at is not None and d.arrived_at.utcoffset() == dt.timedelta(hours=8)
    assert d.arrival_from == "received"
    assert (d.sender, d.sender_name, d.subject) == (
        "jnkx@example.cn",
        "济南市科协",
        "改革品牌项目申报材料",
    )
    assert d.body == "附件请查收。"
    [a] = d.attachments
    assert a.name == "济南市科协申报表（盖章）.pdf"
    assert a.raw_name.startswith("=?GBK?B?")
    assert a.data == PDF
    assert codes(d) == []


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Content-Disposition: attachment; filename*=gbk''%C9%EA%B1%A8%B1%ED.pdf", "申报表.pdf"),
        (
            "Content-Disposition: attachment; filename*0*=UTF-8''%E7%94%B3%E6%8A%A5;"
            " filename*1*=%E8%A1%A8.pdf",
            "申报表.pdf",
        ),
        (
            'Content-Disposition: attachment; filename="'
            + gbk_word("申报表").replace("GBK", "gb2312")
            + '.pdf"',
            "申报表.pdf",
        ),
        (
            'Content-Disposition: attachment; filename="'
            + "申报表.pdf".encode("gbk").decode("ascii", "surrogateescape")
            + '"',
            "申报表.pdf",
        ),
        (
            'Content-Type: application/pdf; name="'
            + gbk_word("申报表").replace("GBK", "GB18030")
            + '.pdf"',
            "申报表.pdf",
        ),
        ('Content-Disposition: attachment; filename="..\\\\..\\\\evil/申报表.pdf"', "申报表.pdf"),
        # The wrong label: UTF-8 said to be GBK (GB18030 reads it, wrongly),
        # GBK said to be Latin-1 or ASCII.
        ("Content-Disposition: attachment; filename*=gbk''%E6%8A%A5%E8%A1%A8.pdf", "报表.pdf"),
        (
            'Content-Disposition: attachment; filename="=?gb2312?B?'
            + base64.b64encode("报表.docx".encode()).decode()
            + '?="',
            "报表.docx",
        ),
        (
            'Content-Disposition: attachment; filename="=?iso-8859-1?B?'
            + base64.b64encode("淄博市科协申报表（盖章）.pdf".encode("gbk")).decode()
            + '?="',
            "淄博市科协申报表（盖章）.pdf",
        ),
        (
            "Content-Disposition: attachment; filename*=us-ascii''%C9%EA%B1%A8%B1%ED.pdf",
            "申报表.pdf",
        ),
        # Both a plain name (an ASCII stand-in) and the RFC 2231 one.
        (
            'Content-Disposition: attachment; filename="shenbao.pdf";'
            " filename*=utf-8''%E7%94%B3%E6%8A%A5%E8%A1%A8.pdf",
            "申报表.pdf",
        ),
        # An empty RFC 2231 name, after or before a plain one that names the file.
        (
            'Content-Disposition: attachment; filename="=?GBK?B?'
            + base64.b64encode("申报表.pdf".encode("gbk")).decode()
            + "?=\"; filename*=utf-8''",
            "申报表.pdf",
        ),
        (
            "Content-Disposition: attachment; filename*=gbk''; filename=\"shenbao.pdf\"",
            "shenbao.pdf",
        ),
    ],
    ids=[
        "rfc2231-gbk",
        "rfc2231-continued",
        "rfc2047-gb2312",
        "raw-8bit-gbk",
        "ct-name",
        "path",
        "utf8-labelled-gbk",
        "utf8-labelled-gb2312",
        "gbk-labelled-latin1",
        "gbk-labelled-ascii",
        "plain-and-rfc2231",
        "plain-and-empty-rfc2231",
        "empty-rfc2231-and-plain",
    ],
)
def test_attachment_names_as_chinese_clients_write_them(header: str, name: str) -> None:
    d = parse_mail(mail(date=ON_TIME, parts=[attachment(header, PDF)]), "a.eml")
    assert [a.name for a in d.attachments] == [name]
    assert "mail.charset-unknown" not in codes(d)


@pytest.mark.parametrize(
    ("text", "charset"),
    [
        ("Müller und Söhne.pdf", "iso-8859-1"),
        ("élève.pdf", "windows-1252"),
        ("Ééé", "iso-8859-1"),
        ("ÀÉ.pdf", "iso-8859-1"),
        ("créée.pdf", "iso-8859-1"),
        ("申报表（盖章）.pdf", "gbk"),
        ("报表", "gb2312"),
        ("申报表", "utf-8"),
    ],
)
def test_a_label_that_fits_is_believed(text: str, charset: str) -> None:
    assert decode_bytes(text.encode(charset), charset) == Decoded(text)


def test_a_subject_labelled_latin1_in_gbk_is_read_as_chinese() -> None:
    subject = base64.b64encode("济南市科协申报材料".encode("gbk")).decode()
    raw = mail(raw_headers=[], subject="x").replace(
        b"Subject: " + gbk_word("x").encode(), f"Subject: =?ISO-8859-1?B?{subject}?=".encode()
    )
    assert parse_mail(raw, "s.eml").subject == "济南市科协申报材料"


def test_raw_name_of_8bit_name_is_shown_escaped() -> None:
    header = (
        'Content-Disposition: attachment; filename="'
        + "申报.pdf".encode("gbk").decode("ascii", "surrogateescape")
        + '"'
    )
    [a] = parse_mail(mail(parts=[attachment(header, PDF)]), "a.eml").attachments
    assert a.raw_name == "\\xc9\\xea\\xb1\\xa8.pdf"


def test_unknown_charset_gives_a_finding_and_a_guess() -> None:
    header = "Content-Disposition: attachment; filename*=x-klingon''%C9%EA%B1%A8.pdf"
    d = parse_mail(mail(date=ON_TIME, parts=[attachment(header, PDF)]), "a.eml")
    assert [a.name for a in d.attachments] == ["申报.pdf"]
    [f] = [f for f in d.findings if f.code == "mail.charset-unknown"]
    assert f.params["charset"] == "x-klingon"
    assert [e.code for e in d.ledger if e.role == "attachment"] == ["mail.charset-unknown"]


def test_attachment_without_name_is_named_with_a_finding() -> None:
    part = (["Content-Type: application/pdf", "Content-Transfer-Encoding: base64"], b"JVBERg==")
    d = parse_mail(mail(date=ON_TIME, parts=[part]), "a.eml")
    [a] = d.attachments
    assert a.name == "附件-2.pdf"
    assert a.raw_name == ""
    [f] = [f for f in d.findings if f.code == "mail.attachment-unnamed"]
    assert f.params == {"part": "2", "name": "附件-2.pdf"}


@pytest.mark.parametrize("ctype", ["application/ms-tnef", "application/vnd.ms-tnef"])
def test_an_unnamed_outlook_tnef_part_is_winmail_dat(ctype: str) -> None:
    part = ([f"Content-Type: {ctype}", "Content-Transfer-Encoding: base64"], b"eJ8+Ig==")
    d = parse_mail(mail(date=ON_TIME, parts=[part]), "a.eml")
    [a] = d.attachments
    assert (a.name, a.raw_name, a.content_type) == ("winmail.dat", "", ctype)
    [f] = [f for f in d.findings if f.code == "mail.attachment-unnamed"]
    assert f.params == {"part": "2", "name": "winmail.dat"}


def test_same_names_are_made_unique() -> None:
    d = parse_mail(
        mail(parts=[named("a.pdf", PDF), named("a.pdf", b"2"), named("a.pdf", b"3")]), "m"
    )
    assert [a.name for a in d.attachments] == ["a.pdf", "a (2).pdf", "a (3).pdf"]


def test_forward_is_opened_and_accounted_under_it() -> None:
    inner = mail(
        received=[received_at(ON_TIME)],
        parts=[named("济南市科协申报表.docx", b"PK\x03\x04docx")],
    )
    d = parse_mail(forward(inner), "fw.eml")
    [a] = d.attachments
    assert (a.name, a.part, a.forward) == ("济南市科协申报表.docx", "2.2", "2")
    ledger = {(e.part, e.role, e.status) for e in d.ledger}
    assert ("2", "forward", "used") in ledger
    assert ("2.1", "body", "ignored") in ledger
    assert ("2.2", "attachment", "used") in ledger
    assert d.sender == "office2@example.org"


def test_a_forward_says_whose_mail_it_forwards_and_when_that_arrived() -> None:
    """The deadline is judged by the forwarding mail's arrival: the clerk
    is told the original's sender and arrival, to judge a late forward."""
    inner = mail(
        sender="zbkx@example.cn",
        received=[received_at(ON_TIME)],
        parts=[named("申报表.docx", b"PK\x03\x04docx")],
        boundary="inner",
    )
    late = dt.datetime(2022, 8, 22, 9, 0, tzinfo=CST)
    raw = mail(
        sender="office2@example.org",
        received=[received_at(late)],
        parts=[(["Content-Type: message/rfc822"], inner)],
        boundary="outer",
    )
    d = parse_mail(raw, "fw.eml")
    assert d.arrived_at == late
    [note] = [f for f in d.findings if f.code == "mail.forwarded"]
    assert dict(note.params) == {
        "part": "2",
        "where": Localized(zh="第 2 部分", en="part 2"),
        "sender": "zbkx@example.cn",
        "sent": ON_TIME.isoformat(),
    }


def test_a_forward_that_brings_no_file_says_nothing_of_it() -> None:
    inner = mail(parts=[], boundary="inner")
    d = parse_mail(forward(inner), "fw.eml")
    assert "mail.forwarded" not in codes(d)
    assert d.forwarded == ()


@pytest.mark.parametrize("encoding", ["base64", "quoted-printable"])
def test_a_forward_sent_encoded_is_opened(encoding: str) -> None:
    """The standard forbids it and programs do it (Python's own
    ``EmailMessage.add_attachment``): the form in it is not lost."""
    inner = mail(parts=[named("济南市科协申报表.docx", b"PK\x03\x04docx")], boundary="inner")
    d = parse_mail(forward(inner, encoding=encoding), "fw.eml")
    [a] = d.attachments
    assert (a.name, a.data, a.forward) == ("济南市科协申报表.docx", b"PK\x03\x04docx", "2")
    assert "mail.no-attachments" not in codes(d)
    assert "mail.mime-defect" not in codes(d)


@pytest.mark.parametrize("cte", ["Base64 ", "base64 (sent by a webmail)", "\tBASE64"])
def test_a_transfer_encoding_written_loosely_is_read(cte: str) -> None:
    """A space after ``base64``, a comment: the parser gave the base64 text
    itself as the file, the form lost, and as the body."""
    part = (
        [
            "Content-Type: application/pdf",
            'Content-Disposition: attachment; filename="a.pdf"',
            f"Content-Transfer-Encoding: {cte}",
        ],
        base64.encodebytes(PDF),
    )
    [a] = parse_mail(mail(parts=[part]), "cte.eml").attachments
    assert a.data == PDF
    raw = (
        "From: jnkx@example.cn\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: {cte}\r\n\r\n"
    ).encode() + base64.encodebytes("附件请查收。".encode())
    assert parse_mail(raw, "body.eml").body == "附件请查收。"


def test_a_quoted_printable_written_loosely_is_read() -> None:
    text = "说明：见申报表\r\n".encode()
    part = (
        [
            "Content-Type: text/plain; charset=utf-8",
            'Content-Disposition: attachment; filename="a.txt"',
            "Content-Transfer-Encoding: Quoted-Printable ",
        ],
        quopri.encodestring(text),
    )
    [a] = parse_mail(mail(parts=[part]), "qp.eml").attachments
    assert a.data == text


def test_zip_stays_one_attachment() -> None:
    z = a_zip(**{"申报表.docx": b"PK", "盖章.pdf": PDF})
    d = parse_mail(mail(parts=[named("材料.zip", z, "application/zip")]), "z.eml")
    [a] = d.attachments
    assert (a.name, a.content_type, a.data) == ("材料.zip", "application/zip", z)


def test_html_copy_and_inline_picture_are_ignored_in_the_ledger() -> None:
    alt = multipart(
        [
            text_part("正文"),
            (["Content-Type: text/html; charset=utf-8"], "<p>正文</p>".encode()),
        ],
        "alt",
        "alternative",
    )
    logo = (["Content-Type: image/png", "Content-Disposition: inline"], b"png")
    raw = mail(parts=[alt, logo, named("a.pdf", PDF)])
    d = parse_mail(raw, "h.eml")
    rows = [(e.part, e.role, e.status, e.code) for e in d.ledger]
    assert ("2", "container", "used", "") in rows
    assert ("2.2", "body", "ignored", "mail.part-ignored") in rows
    assert ("3", "other", "ignored", "mail.part-ignored") in rows
    assert [a.name for a in d.attachments] == ["a.pdf"]


def test_arrival_from_date_and_unknown() -> None:
    d = parse_mail(mail(date=ON_TIME), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")
    assert "mail.arrival-from-date" in codes(d)
    d = parse_mail(mail(), "n.eml")
    assert (d.arrived_at, d.arrival_from) == (None, "unknown")
    assert "mail.arrival-unknown" in codes(d)


def test_topmost_received_without_date_falls_to_the_next() -> None:
    d = parse_mail(mail(received=["by broken.example", received_at(ON_TIME)]), "r.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    [f] = [f for f in d.findings if f.code == "mail.received-unreadable"]
    assert f.params["skipped"] == 1


FETCHED_LATE = "Mon, 22 Aug 2022 09:00:00 +0800 (CST)"


@pytest.mark.parametrize(
    "fetched",
    [
        "from mail.example.org [192.0.2.7]\r\n\tby localhost with POP3 (fetchmail-6.4.37)\r\n"
        f"\tfor <office@localhost> (single-drop); {FETCHED_LATE}",
        f"from imap.example.org (192.0.2.7) by office-pc with IMAP4-SSL (getmail 6.18); {FETCHED_LATE}",
        f"from pop.example.org by office-pc with pop3s; {FETCHED_LATE}",
    ],
    ids=["fetchmail", "getmail", "pop3s"],
)
def test_a_fetching_program_s_received_is_no_reception(fetched: str) -> None:
    """fetchmail dated its header when it fetched the mail, after the
    deadline: the server's reception below it is the arrival time."""
    d = parse_mail(mail(received=[fetched, received_at(ON_TIME)]), "f.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    [f] = [f for f in d.findings if f.code == "mail.received-fetched"]
    assert dict(f.params) == {"skipped": 1}
    assert "mail.received-unreadable" not in codes(d)


def test_only_a_fetching_program_s_received_leaves_the_date() -> None:
    d = parse_mail(mail(received=[f"by h with POP3; {FETCHED_LATE}"], date=ON_TIME), "f.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")
    assert {"mail.received-fetched", "mail.arrival-from-date"} <= set(codes(d))


def test_fetch_mail_s_own_received_is_the_server_s_reception() -> None:
    ours = (
        "from imap.example.org by reform-brand fetch-mail\r\n"
        f" (IMAP UIDVALIDITY 1660000000 UID 42); {received_at(ON_TIME).rpartition('; ')[2]}"
    )
    d = parse_mail(mail(received=[ours]), "ours.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    assert not {"mail.received-fetched", "mail.received-unreadable"} & set(codes(d))


def test_received_with_unknown_zone_is_utc() -> None:
    d = parse_mail(mail(received=["by x; Sat, 20 Aug 2022 16:00:00 -0000"]), "z.eml")
    assert d.arrived_at == dt.datetime(2022, 8, 20, 16, 0, tzinfo=dt.UTC)


def test_broken_mime_gives_a_finding_and_what_can_be_read() -> None:
    raw = (
        b"From: a@example.cn\r\nSubject: x\r\nDate: Sat, 20 Aug 2022 10:00:00 +0800\r\n"
        b"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0x=====\r\n"
    )
    d = parse_mail(raw, "b.eml")
    assert d.readable
    [f] = [f for f in d.findings if f.code == "mail.mime-defect"]
    assert "CloseBoundaryNotFoundDefect" in texts(f, "defects")
    assert [a.name for a in d.attachments] == ["a.pdf"]


@pytest.mark.parametrize(
    "body",
    [
        b"JVBERi0xLjQK\r\nJVBERg==\r\n",  # as written by every client
        b"JVBERi0xLjQKJVBERg==",  # one line, no line end
        b"JVBERi0xLjQK\nJVBERg==\n\n",  # LF line ends, a blank line after
        b"JVBERi0xLjQKJVBERg\r\n",  # the padding left out
        b"JVBERi0xLjQK JVBE*Rg==\r\n",  # what is no base64 in it
        b"JVBERi0x=====\r\n",  # padding past the end
        b"JVBE=Ri0xLjQK\r\n",  # padding in the middle
        b"JVBERi0xL\r\n",  # one letter too many
        "JVBERi0x\u00e9LjQK\r\n".encode(),  # an 8-bit byte
    ],
)
def test_base64_reads_as_the_standard_parser_reads_it(body: bytes) -> None:
    raw = (
        b"From: a@example.cn\r\nSubject: x\r\nDate: Sat, 20 Aug 2022 10:00:00 +0800\r\n"
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + body
    )
    part = email.message_from_bytes(raw, policy=email.policy.default)
    expected = part.get_payload(decode=True)
    defects = sorted(type(d).__name__ for d in part.defects)
    d = parse_mail(raw, "b.eml")
    assert [a.data for a in d.attachments] == [expected]
    found = [texts(f, "defects") for f in d.findings if f.code == "mail.mime-defect"]
    assert sorted(found[0] if found else ()) == defects


@given(st.binary(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_any_bytes_give_a_delivery(raw: bytes) -> None:
    d = parse_mail(raw, "fuzz.eml")
    assert d.ledger and d.ledger[0].role == "mail"


def test_too_many_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_mail, "MAX_PARTS", 5)
    d = parse_mail(mail(parts=[named(f"{i}.pdf", PDF + bytes([i])) for i in range(8)]), "bomb.eml")
    assert "mail.too-many-parts" in codes(d)
    skipped = [e for e in d.ledger if e.status == "skipped"]
    assert [e.code for e in skipped] == ["mail.too-many-parts"] * 5
    assert len(d.attachments) == 3


def test_too_deep() -> None:
    part = named("deep.pdf", PDF)
    for level in range(_mail.MAX_DEPTH + 2):
        part = multipart([part], f"b{level}")
    d = parse_mail(mail(parts=[part]), "deep.eml")
    assert "mail.too-deep" in codes(d)
    assert d.attachments == ()
    assert any(e.status == "skipped" and e.code == "mail.too-deep" for e in d.ledger)


def test_attachments_too_large_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_mail, "MAX_ATTACHMENT_BYTES", 1000)
    d = parse_mail(mail(parts=[named("a.pdf", b"a" * 600), named("b.pdf", b"b" * 600)]), "l.eml")
    assert [a.name for a in d.attachments] == ["a.pdf"]
    assert [e.part for e in d.ledger if e.code == "mail.parts-too-large"] == ["3"]


def test_mail_too_large_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_mail, "MAX_MAIL_BYTES", 100)
    d = parse_mail(mail(parts=[named("a.pdf", PDF)]), "big.eml")
    assert not d.readable
    assert codes(d) == ["mail.too-large"]
    assert [(e.status, e.code) for e in d.ledger] == [("unreadable", "mail.too-large")]
    # Only the limit is said: the mail was read to one byte past it, so its
    # size is not known.
    [finding] = d.findings
    assert dict(finding.params) == {"limit": 100}


def test_a_mail_holds_attachments_at_their_limit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The limits as they are, made 512 times smaller to keep the test light.
    attachment, whole = _mail.MAX_ATTACHMENT_BYTES // 512, _mail.MAX_MAIL_BYTES // 512
    monkeypatch.setattr(_mail, "MAX_ATTACHMENT_BYTES", attachment)
    monkeypatch.setattr(_mail, "MAX_MAIL_BYTES", whole)
    monkeypatch.setattr(_mail_source, "MAX_MAIL_BYTES", whole)
    data = (b"%PDF-1.4\n" + bytes(range(256)) * (attachment // 256 + 1))[:attachment]
    eml = tmp_path / "big.eml"
    eml.write_bytes(mail(parts=[named("扫描件.pdf", data, "application/pdf")]))
    assert eml.stat().st_size > attachment * 4 // 3  # (in base64, with its line ends)
    [d] = read_mail_source(eml).deliveries
    assert d.readable and "mail.too-large" not in codes(d)
    assert [(a.name, a.data) for a in d.attachments] == [("扫描件.pdf", data)]


def test_every_part_is_in_the_ledger() -> None:
    inner = mail(parts=[named("x.pdf", PDF)], boundary="inner")
    raw = mail(parts=[named("a.pdf", PDF), (["Content-Type: message/rfc822"], inner)])
    d = parse_mail(raw, "all.eml")
    # A forward's entry stands for the message/rfc822 part and the mail in it.
    parts = list(email.message_from_bytes(raw).walk())
    forwards = [p for p in parts if p.get_content_type() == "message/rfc822"]
    assert len(d.ledger) == len(parts) - len(forwards)
    assert [e.role for e in d.ledger].count("forward") == 1


# -- sources -------------------------------------------------------------------------


def test_eml_file(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    path.write_bytes(mail(received=[received_at(ON_TIME)], parts=[named("a.pdf", PDF)]))
    src = read_mail_source(path)
    assert src.kind == "eml"
    [d] = src.deliveries
    assert d.source == "one.eml"
    assert d.arrived_at == ON_TIME


def test_mbox_with_a_broken_mail_among_others(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(path)
    box.add(mail(sender="a@example.cn", parts=[named("a.pdf", PDF)]))
    box.add(b"\x00\xff garbage that is no mail")
    box.add(mail(sender="b@example.cn", parts=[named("b.pdf", PDF)]))
    box.close()
    src = read_mail_source(path)
    assert src.kind == "mbox"
    assert [d.source for d in src.deliveries] == ["inbox.mbox#1", "inbox.mbox#2", "inbox.mbox#3"]
    assert [d.sender for d in src.deliveries] == ["a@example.cn", "", "b@example.cn"]
    assert [a.data for a in src.deliveries[2].attachments] == [PDF]
    assert {e.source for e in src.ledger} == {d.source for d in src.deliveries}


def test_mbox_recognised_without_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "Inbox"
    box = mailbox.mbox(path)
    box.add(mail())
    box.close()
    assert read_mail_source(path).kind == "mbox"


def test_maildir(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(mail(sender="a@example.cn"))
    msg = mailbox.MaildirMessage(mail(sender="b@example.cn"))
    msg.set_subdir("cur")
    box.add(msg)
    src = read_mail_source(tmp_path / "Maildir")
    assert src.kind == "maildir"
    assert sorted(d.sender for d in src.deliveries) == ["a@example.cn", "b@example.cn"]
    assert all(d.source.startswith("Maildir/") for d in src.deliveries)


@pytest.mark.parametrize("only", ["cur", "new"])
def test_a_maildir_without_its_other_folder_is_read(tmp_path: Path, only: str) -> None:
    """A Maildir copied or unzipped without its empty ``new/`` (or ``cur/``)
    is still a Maildir: its mails are read, not one ``mail.unreadable``."""
    folder = tmp_path / "Maildir" / only
    folder.mkdir(parents=True)
    (folder / "1660000000.1.host:2,S").write_bytes(mail(sender="a@example.cn"))
    (folder / "1660000001.2.host").write_bytes(mail(sender="b@example.cn"))
    src = read_mail_source(tmp_path / "Maildir")
    assert src.kind == "maildir"
    assert src.findings == ()
    assert [(d.source, d.sender) for d in src.deliveries] == [
        ("Maildir/1660000000.1.host", "a@example.cn"),
        ("Maildir/1660000001.2.host", "b@example.cn"),
    ]


def test_maildir_symlink_is_not_followed(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(mail(sender="a@example.cn"))
    secret = tmp_path / "secret.eml"
    secret.write_bytes(mail(sender="secret@example.cn"))
    (tmp_path / "Maildir" / "cur" / "link.eml").symlink_to(secret)
    src = read_mail_source(tmp_path / "Maildir")
    by_source = {d.source: d for d in src.deliveries}
    assert by_source["Maildir/link.eml"].readable is False
    assert [f.code for f in by_source["Maildir/link.eml"].findings] == ["mail.unreadable"]
    # (Its reason was lost: "cannot read the mail: it cannot be read".)
    (unread,) = by_source["Maildir/link.eml"].findings
    assert localized(unread, "detail").value == "symbolic link"
    assert "secret@example.cn" not in {d.sender for d in src.deliveries}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_in_a_maildir_is_an_unreadable_mail_not_waited_on(tmp_path: Path) -> None:
    """A named pipe among a Maildir's mails was opened and waited on for
    ever (no one writes to it): it is a mail that cannot be read, and the
    others are read."""
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(mail(sender="a@example.cn"))
    os.mkfifo(tmp_path / "Maildir" / "cur" / "pipe.eml")
    src = read_mail_source(tmp_path / "Maildir")
    by_source = {d.source: d for d in src.deliveries}
    assert by_source["Maildir/pipe.eml"].readable is False
    assert [f.code for f in by_source["Maildir/pipe.eml"].findings] == ["mail.unreadable"]
    (unread,) = by_source["Maildir/pipe.eml"].findings
    assert localized(unread, "detail").value == "not a regular file"
    assert "a@example.cn" in {d.sender for d in src.deliveries}


def test_a_maildir_mail_that_may_not_be_read_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mail of a Maildir this computer may not read (another user's file)
    was "cannot read the mail: it cannot be read": the reason is the
    system's (a permission), in both languages."""
    import errno

    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(mail(sender="a@example.cn"))
    locked = tmp_path / "Maildir" / "cur" / "locked.eml"
    locked.write_bytes(mail(sender="b@example.cn"))
    real = Path.open

    def refusing(path: Path, *args: object, **kwargs: object) -> object:
        if path.name == "locked.eml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refusing)
    src = read_mail_source(tmp_path / "Maildir")
    by_source = {d.source: d for d in src.deliveries}
    (unread,) = by_source["Maildir/locked.eml"].findings
    assert unread.code == "mail.unreadable"
    assert localized(unread, "detail").value == os.strerror(errno.EACCES)
    assert "a@example.cn" in {d.sender for d in src.deliveries}


def test_folder_of_eml_files(tmp_path: Path) -> None:
    for n in (10, 2, 1):
        (tmp_path / f"m{n}.eml").write_bytes(mail(sender=f"u{n}@example.cn"))
    (tmp_path / "notes.txt").write_text("x")
    src = read_mail_source(tmp_path)
    assert src.kind == "eml-folder"
    assert [d.sender for d in src.deliveries] == [
        "u1@example.cn",
        "u2@example.cn",
        "u10@example.cn",
    ]


def test_too_many_mails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_mail_source, "MAX_MAILS", 2)
    for n in range(3):
        (tmp_path / f"m{n}.eml").write_bytes(mail())
    src = read_mail_source(tmp_path)
    assert len(src.deliveries) == 2
    assert [f.code for f in src.findings] == ["mail.too-many-mails"]


def test_not_a_mail_source(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK")
    src = read_mail_source(path)
    assert src.deliveries == ()
    assert [f.code for f in src.all_findings()] == ["mail.unreadable"]


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xffno From line, no mail\n" * 50, b"just some text\nover lines\n"],
    ids=["empty", "binary", "text"],
)
def test_an_mbox_with_no_mail_says_so(tmp_path: Path, content: bytes) -> None:
    """The wrong file exported, or an empty one: a warning, not silence."""
    path = tmp_path / "inbox.mbox"
    path.write_bytes(content)
    src = read_mail_source(path)
    assert src.deliveries == ()
    assert [(f.code, f.severity, f.file) for f in src.findings] == [
        ("mail.empty", "warning", "inbox.mbox")
    ]


def test_an_empty_maildir_says_so_and_one_with_mail_does_not(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Maildir")
    assert [f.code for f in read_mail_source(tmp_path / "Maildir").findings] == ["mail.empty"]
    box.add(mail(sender="a@example.cn"))
    assert read_mail_source(tmp_path / "Maildir").findings == ()


def test_a_file_with_no_mail_headers_in_a_maildir_is_no_mail(tmp_path: Path) -> None:
    """A note or a stray file in cur/ or new/ is one unreadable file, not a
    mail of an unknown sender, with no date and no attachments."""
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(mail(sender="a@example.cn"))
    (tmp_path / "Maildir" / "cur" / "notes.txt").write_bytes("记得周五前汇总\n".encode())
    (tmp_path / "Maildir" / "new" / "junk").write_bytes(bytes(range(1, 200)))
    src = read_mail_source(tmp_path / "Maildir")
    readable = [d for d in src.deliveries if d.readable]
    assert len(readable) == 1
    refused = sorted(
        (d.source.rsplit("/", 1)[-1], codes(d)) for d in src.deliveries if not d.readable
    )
    assert refused == [("junk", ["mail.unreadable"]), ("notes.txt", ["mail.unreadable"])]
    [note] = [d for d in src.deliveries if d.source.endswith("notes.txt")]
    assert localized(note.findings[0], "detail").value == "no mail headers"
    # A mail with a header or two and no body is still a mail.
    assert parse_mail(b"From: a@example.cn\r\n\r\n", "x.eml").readable


@pytest.mark.parametrize(
    "stamp",
    [
        "Sat, 20 Aug 2022 23:59:59 +08:00",
        "Sat, 20 Aug 2022 23:59:59 GMT+8",
        "Sat, 20 Aug 2022 23:59:59 GMT+08:00",
        "Sat, 20 Aug 2022 23:59:59 UTC+0800",
        "Sat, 20 Aug 2022 23:59:59 GMT+08:00 (China Standard Time)",
        "Sat, 20 Aug 2022 23:59:59 +0800 (GMT+08:00)",
    ],
)
def test_a_zone_written_otherwise_is_that_zone_not_utc(stamp: str) -> None:
    d = parse_mail(mail(received=[f"by x; {stamp}"]), "z.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")


@pytest.mark.parametrize(
    "stamp",
    [
        "2022-08-20 23:59:59 +0800",
        "2022-08-20T23:59:59+08:00",
        "2022-08-20T15:59:59Z",
        "星期六, 20 八月 2022 23:59:59 +0800",
        "周六, 20 八月 2022 23:59:59 +0800 (CST)",
    ],
)
def test_a_date_in_iso_8601_or_in_chinese_is_read(stamp: str) -> None:
    """Scripts and scanners write ISO 8601, a mail program in Chinese names
    the month and the day in Chinese (raw 8-bit, in UTF-8 or GBK)."""
    for charset in ("utf-8", "gbk"):
        d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode(charset)]), "d.eml")
        assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")
    d = parse_mail(mail(received=[f"by x; {stamp}"]), "r.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")


@pytest.mark.parametrize(
    "stamp",
    [
        "Sat, 20 Aug 2022 23:59:59 CST",
        "Sat Aug 20 23:59:59 CST 2022",
        "Sat, 20 Aug 2022 23:59:59 BJT",
        "Sat, 20 Aug 2022 23:59:59 HKT",
    ],
)
def test_cst_is_china_standard_time_not_us_central(stamp: str) -> None:
    """A server in China writes its time as CST (Java's dates): read as US
    Central time, a mail sent on time would arrive after the deadline."""
    d = parse_mail(mail(received=[f"by x; {stamp}"]), "r.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "date")


@pytest.mark.parametrize("stamp", ["2022-08-20 23:59:59", "2022-13-20 23:59:59 +0800"])
def test_an_iso_date_without_a_zone_or_impossible_is_none(stamp: str) -> None:
    d = parse_mail(mail(raw_headers=[f"Date: {stamp}".encode()]), "d.eml")
    assert (d.arrived_at, d.arrival_from) == (None, "unknown")


@pytest.mark.parametrize("zone", ["", "XYZ", "(CST)", "+24:00"])
def test_a_time_without_a_zone_is_no_arrival_time(zone: str) -> None:
    stamp = f"Sat, 20 Aug 2022 23:59:59 {zone}".strip()
    d = parse_mail(mail(received=[f"by x; {stamp}", received_at(ON_TIME)]), "z.eml")
    assert (d.arrived_at, d.arrival_from) == (ON_TIME, "received")
    assert "mail.received-unreadable" in codes(d)
    d = parse_mail(
        mail(received=[f"by x; {stamp}"], raw_headers=[f"Date: {stamp}".encode()]), "u.eml"
    )
    assert (d.arrived_at, d.arrival_from) == (None, "unknown")
    assert "mail.arrival-unknown" in codes(d)


def test_an_attachment_named_as_the_manifest_keeps_every_other() -> None:
    d = parse_mail(
        mail(
            parts=[
                named("附件-manifest.json", b'{"a": 1}', "application/json"),
                named("Manifest.json", b'{"b": 2}', "application/json"),
                named("manifest.toml", b"c = 3", "text/plain"),
            ]
        ),
        "m.eml",
    )
    names = {a.name: a.data for a in d.attachments}
    assert names == {
        "附件-manifest.json": b'{"a": 1}',
        "附件-Manifest (2).json": b'{"b": 2}',
        "附件-manifest.toml": b"c = 3",
    }


def test_no_attachment_is_lost_in_the_mail_folder(tmp_path: Path) -> None:
    raw = mail(
        parts=[
            named("附件-manifest.json", b'{"a": 1}', "application/json"),
            named("manifest.json", b'{"b": 2}', "application/json"),
        ]
    )
    folder = mail_folder(Host.create().edition("shandong-2022"), parse_mail(raw, "m.eml"))
    write_mail_folder(folder, tmp_path / "m")
    files = {p.name: p.read_bytes() for p in (tmp_path / "m").iterdir()}
    assert files["附件-manifest.json"] == b'{"a": 1}'
    assert b'{"b": 2}' in files.values()
    assert len(files) == 3  # and the folder's own manifest


def test_a_maildir_keeps_its_servers_files_and_its_subfolders(tmp_path: Path) -> None:
    """Dovecot's and Courier's own files and a Maildir++ folder beside
    ``cur/`` and ``new/``: still a Maildir."""
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(mail(sender="a@example.cn"))
    for name in ("dovecot-uidlist", "dovecot.index.cache", "maildirfolder", "subscriptions"):
        (tmp_path / "Maildir" / name).write_bytes(b"x")
    (tmp_path / "Maildir" / ".Sent" / "cur").mkdir(parents=True)
    (tmp_path / "Maildir" / ".reform-brand-fetch.json").write_text("{}", encoding="utf-8")
    assert _mail_source.is_maildir(tmp_path / "Maildir")
    assert read_mail_source(tmp_path / "Maildir").kind == "maildir"


@pytest.mark.parametrize(
    "beside", ["济南市科协/申报表.docx", "申报表.docx", None], ids=["folder", "file", "alone"]
)
def test_a_folder_of_received_files_with_a_new_subfolder_is_no_maildir(
    tmp_path: Path, beside: str | None
) -> None:
    """An office's folder that has a sub-folder called ``new`` (or ``cur``)
    for the files received lately is no Maildir: its files beside it, or
    the Word forms and PDFs in it, say so."""
    inbox = tmp_path / "inbox"
    (inbox / "new").mkdir(parents=True)
    (inbox / "new" / "烟台市科协申报表.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    if beside is not None:
        (inbox / beside).parent.mkdir(parents=True, exist_ok=True)
        (inbox / beside).write_bytes(b"PK\x05\x06" + bytes(18))
    assert not _mail_source.is_maildir(inbox)
    assert _mail_source.mail_source_kind(inbox) is None
    # check takes it as an inbox, not as a mail source.
    assert not is_mail_source(inbox)
