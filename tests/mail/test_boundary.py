"""A multipart whose boundary the parser does not find — none given (a
script folds its header wrong), or another than the one its parts are
between — is read again by the boundary its lines show: its forms are not
one unnamed file of raw text."""

from __future__ import annotations

import pytest

from reform_brand.office._mail import parse_mail
from tests.mail.mails import PDF, mail, named


def _broken(content_type: bytes) -> bytes:
    raw = mail(parts=[named("申报表.pdf", PDF, "application/pdf")], boundary="=_Part_7")
    start = raw.index(b"Content-Type: multipart/mixed")
    end = raw.index(b"\r\n", start)
    return raw[:start] + content_type + raw[end:]


@pytest.mark.parametrize(
    "content_type",
    [
        b"Content-Type: multipart/mixed",  # no boundary
        b'Content-Type: multipart/mixed; boundary="=_part_7"',  # not the parts' one
        b"Content-Type: multipart/mixed;",  # its folded line lost
    ],
)
def test_the_parts_are_read_by_the_boundary_they_are_between(content_type: bytes) -> None:
    d = parse_mail(_broken(content_type), "b.eml")
    assert [(a.name, a.part, a.data) for a in d.attachments] == [("申报表.pdf", "2", PDF)]
    assert d.body == "附件请查收。"
    assert [(e.part, e.role, e.status) for e in d.ledger] == [
        ("", "mail", "used"),
        ("1", "body", "used"),
        ("2", "attachment", "used"),
    ]
    # Still a broken mail, and said so.
    assert "mail.mime-defect" in [f.code for f in d.findings]


def test_text_with_no_closing_boundary_stays_as_it_was() -> None:
    raw = _broken(b"Content-Type: multipart/mixed")
    raw = raw.replace(b"--=_Part_7--", b"")
    d = parse_mail(raw, "c.eml")
    assert [(a.name, a.part) for a in d.attachments] == [("附件-1.bin", "1")]


def test_broken_multiparts_nested_past_the_limit_are_not_read_again() -> None:
    """Each level read again only within the limits: a mail of hundreds of
    nested multiparts without their boundaries costs what a mail of ten does."""
    levels = 300
    body = b"".join(b"--b%d\r\nContent-Type: multipart/mixed\r\n\r\n" % i for i in range(levels))
    body += b"x" * 200_000 + b"\r\n"
    body += b"".join(b"--b%d--\r\n" % i for i in reversed(range(levels)))
    raw = b"From: a@example.cn\r\nContent-Type: multipart/mixed\r\n\r\n" + body
    d = parse_mail(raw, "deep.eml")
    assert d.readable
    codes = [f.code for f in d.findings]
    assert "mail.too-deep" in codes and "mail.mime-defect" in codes
    deepest = max(e.part.count(".") for e in d.ledger if e.part)
    assert deepest <= 11
