"""A mail signed with S/MIME in one part (``smime.p7m``, Outlook's "opaque"
signing) is opened: its attachments are the mail's, as a clear-signed
mail's are.  An encrypted one is said to be so (``mail.encrypted``), never
an unknown file of the submission."""

from __future__ import annotations

import base64
import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.office._mail import parse_mail
from reform_brand.office._mail_smime import smime_content
from tests.conftest import REPO
from tests.mail.mails import CST, PDF, cms_enveloped, cms_signed, received_at

DEMO = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox" / "2022-08-17 淄博市科协"
NOW = "2022-08-25T00:00:00+08:00"


def _content(*files: tuple[str, bytes]) -> bytes:
    """The signed content: a MIME entity with the text and the files."""
    inner = EmailMessage()
    inner.set_content("附件请查收。")
    for name, data in files:
        maintype, subtype = (
            ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        )
        inner.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return inner.as_bytes()


def _p7m_mail(
    p7m: bytes, *, ctype: str = "application/pkcs7-mime; smime-type=signed-data"
) -> bytes:
    import datetime as dt

    head = [
        f"Received: {received_at(dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST))}",
        "From: =?utf-8?B?5reE5Y2a5biC56eR5Y2P?= <zbkx@example.cn>",
        "Subject: =?utf-8?B?5reE5Y2a5biC56eR5Y2P55Sz5oql?=",
        "Message-ID: <p7m@test>",
        "MIME-Version: 1.0",
        f'Content-Type: {ctype}; name="smime.p7m"',
        'Content-Disposition: attachment; filename="smime.p7m"',
        "Content-Transfer-Encoding: base64",
    ]
    return "\r\n".join(head).encode() + b"\r\n\r\n" + base64.encodebytes(p7m)


@pytest.mark.parametrize("indefinite", [False, True])
@pytest.mark.parametrize("ctype", ["application/pkcs7-mime", "application/x-pkcs7-mime"])
def test_a_signed_mail_in_one_part_is_opened(indefinite: bool, ctype: str) -> None:
    p7m = cms_signed(_content(("申报表.pdf", PDF)), indefinite=indefinite)
    d = parse_mail(_p7m_mail(p7m, ctype=ctype), "s.eml")
    assert [(a.name, a.part, a.data) for a in d.attachments] == [("申报表.pdf", "1.1.2", PDF)]
    assert d.body.strip() == "附件请查收。"
    rows = [(e.part, e.role, e.status, e.code) for e in d.ledger]
    assert rows == [
        ("", "mail", "used", ""),
        ("1", "container", "used", ""),  # the p7m
        ("1.1", "container", "used", ""),  # the signed mail's own multipart
        ("1.1.1", "body", "used", ""),
        ("1.1.2", "attachment", "used", ""),
    ]
    assert "mail.no-attachments" not in [f.code for f in d.findings]


def test_a_signed_mail_as_a_part_of_a_mail() -> None:
    """A signed mail forwarded, or a p7m beside the text: opened where it is."""
    p7m = cms_signed(_content(("申报表.pdf", PDF)))
    outer = EmailMessage()
    outer["From"] = "zbkx@example.cn"
    outer.set_content("见附件")
    outer.add_attachment(p7m, maintype="application", subtype="pkcs7-mime", filename="smime.p7m")
    d = parse_mail(outer.as_bytes(), "o.eml")
    assert [(a.name, a.part) for a in d.attachments] == [("申报表.pdf", "2.1.2")]


def test_an_encrypted_mail_is_said_to_be_so() -> None:
    d = parse_mail(_p7m_mail(cms_enveloped(), ctype="application/pkcs7-mime"), "e.eml")
    assert d.attachments == ()
    codes = [f.code for f in d.findings]
    assert "mail.encrypted" in codes and "mail.no-attachments" not in codes
    [row] = [e for e in d.ledger if e.part]
    assert (row.part, row.status, row.code, row.name) == (
        "1",
        "unreadable",
        "mail.encrypted",
        "smime.p7m",
    )


def test_a_p7m_that_is_no_cms_is_the_file_it_is() -> None:
    d = parse_mail(_p7m_mail(b"not CMS at all"), "g.eml")
    assert [(a.name, a.data) for a in d.attachments] == [("smime.p7m", b"not CMS at all")]


def test_a_file_signed_on_its_own_stays_the_file_it_is() -> None:
    """A ``.p7m`` that signs a file, not a mail (``申报表.pdf.p7m``), holds
    no MIME entity: it is not read as a mail."""
    signed = cms_signed(PDF)
    outer = EmailMessage()
    outer["From"] = "zbkx@example.cn"
    outer.set_content("见附件")
    outer.add_attachment(
        signed, maintype="application", subtype="octet-stream", filename="申报表.pdf.p7m"
    )
    d = parse_mail(outer.as_bytes(), "f.eml")
    assert [(a.name, a.data) for a in d.attachments] == [("申报表.pdf.p7m", signed)]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x30\x80" * 2000,  # nested past any depth CMS has
        b"\x30\x84\xff\xff\xff\xff",  # a length past the end
        b"\x30\x80" + b"\x04\x00" * 200_000,  # no end of contents
        cms_signed(b"x" * 100)[:-3],  # cut short
    ],
)
def test_damaged_cms_is_unreadable_not_an_error(data: bytes) -> None:
    assert smime_content(data) == ("unreadable", None)


def test_check_reads_the_forms_of_a_signed_mail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [
        (n, (DEMO / n).read_bytes()) for n in ("淄博市科协申报表.docx", "淄博市科协申报表.pdf")
    ]
    eml = tmp_path / "淄博.eml"
    eml.write_bytes(_p7m_mail(cms_signed(_content(*files), indefinite=True)))
    main(["check", "shandong-2022", str(eml), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report = json.loads(out.out)
    [sub] = report["inbox"]["submissions"]
    assert (sub["unit"], sub["arrived_at"]) == ("淄博市科协", "2022-08-17T10:15:30+08:00")
    assert sub["word"].endswith("/淄博市科协申报表.docx")
    assert sub["scan"].endswith("/淄博市科协申报表.pdf")
    assert not any(f["code"] == "inbox.unknown-file" for f in report["findings"])
