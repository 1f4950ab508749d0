"""A file uuencoded in the text of a mail (``uuencode 申报表.docx | mail``,
older clients' "uuencode" option) is an attachment of the mail, not text
of its body: read as text, the unit's form would be lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.office._mail import parse_mail
from tests.conftest import REPO
from tests.mail.mails import PDF, Part, forward, mail, uuencode

DEMO = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox" / "2022-08-17 淄博市科协"
NOW = "2022-08-25T00:00:00+08:00"


def _plain(body: bytes, charset: str = "gbk") -> Part:
    return (
        [f"Content-Type: text/plain; charset={charset}", "Content-Transfer-Encoding: 7bit"],
        body,
    )


def _uu_mail(
    body: bytes, *, sender: str = "jnkx@example.cn", sender_name: str = "济南市科协"
) -> bytes:
    raw = mail(sender=sender, sender_name=sender_name)
    # (The mail's one text part, as ``uuencode | mail`` sends it: no MIME.)
    head = raw[: raw.index(b"Content-Type: multipart")]
    return head + b"Content-Type: text/plain; charset=gbk\r\n\r\n" + body


def test_a_uuencoded_file_in_the_body_is_an_attachment() -> None:
    word = (DEMO / "淄博市科协申报表.docx").read_bytes()
    body = (
        "附件请查收。\r\n\r\n".encode("gbk")
        + uuencode("淄博市科协申报表.docx".encode("gbk"), word)
        + uuencode(b"scan.pdf", PDF, backtick=False)
        + "淄博市科协\r\n".encode("gbk")
    )
    d = parse_mail(_uu_mail(body), "u.eml")
    got = [(a.name, a.raw_name, a.part, a.content_type, a.data) for a in d.attachments]
    assert got == [
        (
            "淄博市科协申报表.docx",
            "\\xd7\\xcd\\xb2\\xa9\\xca\\xd0\\xbf\\xc6\\xd0\\xad\\xc9\\xea\\xb1\\xa8\\xb1\\xed.docx",
            "1-uu1",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            word,
        ),
        ("scan.pdf", "scan.pdf", "1-uu2", "application/pdf", PDF),
    ]
    assert "mail.no-attachments" not in [f.code for f in d.findings]
    assert d.body == "附件请查收。\r\n\r\n淄博市科协\r\n"
    rows = [(e.part, e.role, e.status, e.name) for e in d.ledger]
    assert rows == [
        ("", "mail", "used", "改革品牌项目申报材料"),
        ("1-uu1", "attachment", "used", "淄博市科协申报表.docx"),
        ("1-uu2", "attachment", "used", "scan.pdf"),
        ("1", "body", "used", ""),
    ]
    assert d.ledger[-1].size == len(body)


def test_in_a_mime_part_and_in_a_forwarded_mail() -> None:
    inner = mail(parts=[_plain(b"see below\r\n" + uuencode(b"a.pdf", PDF))])
    d = parse_mail(inner, "i.eml")
    assert [(a.name, a.part, a.data) for a in d.attachments] == [("a.pdf", "2-uu1", PDF)]
    d = parse_mail(forward(inner), "f.eml")
    assert [(a.name, a.part, a.forward) for a in d.attachments] == [("a.pdf", "2.2-uu1", "2")]


def test_text_that_only_looks_like_it_stays_text() -> None:
    body = b"begin 644 is how a uuencoded file starts\r\nM86)C\r\nno end line\r\n"
    d = parse_mail(mail(parts=[_plain(body)]), "t.eml")
    assert d.attachments == ()
    assert "mail.no-attachments" in [f.code for f in d.findings]


def test_check_reads_the_form_sent_uuencoded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = b"".join(
        uuencode(name.encode("gbk"), (DEMO / name).read_bytes())
        for name in ("淄博市科协申报表.docx", "淄博市科协申报表.pdf")
    )
    eml = tmp_path / "淄博.eml"
    eml.write_bytes(_uu_mail(body, sender="zbkx@example.cn", sender_name="淄博市科协"))
    main(["check", "shandong-2022", str(eml), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report = json.loads(out.out)
    [sub] = report["inbox"]["submissions"]
    assert sub["unit"] == "淄博市科协"
    assert sub["word"].endswith("/淄博市科协申报表.docx")
    assert sub["scan"].endswith("/淄博市科协申报表.pdf")
    files = {f["path"].rsplit("/", 1)[-1]: f["status"] for f in report["inbox"]["files"]}
    assert files["淄博市科协申报表.docx"] == files["淄博市科协申报表.pdf"] == "used"
