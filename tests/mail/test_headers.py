"""Header values: raw 8-bit text beside RFC 2047 encoded words, and a
sender's encoded name that holds what would end a name."""

from __future__ import annotations

import pytest

from reform_brand import Edition
from reform_brand.office._mail import parse_mail
from reform_brand.office._mail_units import unit_of
from tests.mail.mails import PDF, forward, gbk_word, mail, named


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


@pytest.mark.parametrize(
    "name",
    ["淄博市科协,组织部", "淄博市科协(组织部)", "科协@淄博", "淄博市科协 <办公室>", "淄博市科协"],
)
def test_a_sender_s_encoded_name_never_becomes_the_address(name: str) -> None:
    """An encoded word may hold a comma, parentheses, ``@`` or ``<>``: taken
    apart after decoding, the name was read as the sender's address."""
    d = parse_mail(mail(sender="zbkx@example.cn", sender_name=name), "a.eml")
    assert (d.sender, d.sender_name) == ("zbkx@example.cn", name)
    inner = mail(sender="zbkx@example.cn", sender_name=name, parts=[named("a.pdf", PDF)])
    [fwd] = parse_mail(forward(inner), "f.eml").forwarded
    assert (fwd.sender, fwd.sender_name) == ("zbkx@example.cn", name)


def test_a_sender_encoded_whole_address_and_all() -> None:
    whole = gbk_word("淄博市科协 <zbkx@example.cn>").encode()
    raw = mail(sender="x@example.cn")
    start = raw.index(b"From: ")
    raw = raw[:start] + b"From: " + whole + raw[raw.index(b"\r\n", start) :]
    d = parse_mail(raw, "w.eml")
    assert (d.sender, d.sender_name) == ("zbkx@example.cn", "淄博市科协")


@pytest.mark.parametrize(
    ("written", "name"),
    [
        (gbk_word("淄博市科协").encode(), "淄博市科协"),
        ("淄博市科协".encode("gbk"), "淄博市科协"),
        (b'"Zibo Kexie"', "Zibo Kexie"),
        (gbk_word("淄博市科协").encode() + " 办公室".encode(), "淄博市科协 办公室"),
    ],
)
def test_a_sender_written_as_a_name_alone_is_its_name(
    edition: Edition, written: bytes, name: str
) -> None:
    """``From: 淄博市科协`` (a script's, a gateway's): the name was read as
    the sender's address, and the unit it names was not found."""
    raw = mail(sender="x@example.cn", parts=[named("申报表.pdf", PDF)])
    start = raw.index(b"From: ")
    raw = raw[:start] + b"From: " + written + raw[raw.index(b"\r\n", start) :]
    d = parse_mail(raw, "n.eml")
    assert (d.sender, d.sender_name) == ("", name)
    if name.startswith("淄博市科协"):
        assert (unit_of(edition, d).unit, unit_of(edition, d).how) == ("淄博市科协", "name")
