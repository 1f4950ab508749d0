"""Header values that mix raw 8-bit text with RFC 2047 encoded words."""

from __future__ import annotations

from reform_brand import Edition
from reform_brand.office._mail import parse_mail
from reform_brand.office._mail_units import unit_of
from tests.mail.mails import gbk_word, mail


def _with_subject(raw_subject: bytes) -> bytes:
    raw = mail(sender="someone@163.com", subject="x")
    start = raw.index(b"Subject: ")
    end = raw.index(b"\r\n", start)
    return raw[:start] + b"Subject: " + raw_subject + raw[end:]


def test_a_gateway_s_raw_tag_before_an_encoded_subject(edition: Edition) -> None:
    """A mail gateway puts its raw ``[外部邮件]`` before the subject the
    client encoded: the encoded words are decoded all the same, and the
    unit the subject names is found."""
    for charset in ("utf-8", "gbk"):
        subject = "[外部邮件] ".encode(charset) + gbk_word("青岛市科协申报材料").encode()
        d = parse_mail(_with_subject(subject), "s.eml")
        assert d.subject == "[外部邮件] 青岛市科协申报材料"
        match = unit_of(edition, d)
        assert (match.unit, match.how) == ("青岛市科协", "subject")


def test_encoded_words_split_around_raw_text_are_each_decoded() -> None:
    subject = (
        "回复：".encode()
        + gbk_word("青岛").encode()
        + b"\r\n "
        + gbk_word("市科协").encode()
        + " 补充".encode()
        + b" =?x-nobody-knows?B?YWJj?="
    )
    d = parse_mail(_with_subject(subject), "s.eml")
    assert d.subject == "回复：青岛市科协 补充 abc"
    assert [
        (f.code, f.params["charset"]) for f in d.findings if f.code == "mail.charset-unknown"
    ] == [("mail.charset-unknown", "x-nobody-knows")]
