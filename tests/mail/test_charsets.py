"""A charset label that names no charset — a codec of bytes to bytes a
client wrote in its place (``base64``, ``quoted-printable``), a label with
a NUL in it — is an unknown charset, never a mail that cannot be read."""

from __future__ import annotations

import base64

import pytest

from reform_brand.i18n import render
from reform_brand.office._mail import parse_mail
from tests.mail.mails import PDF, attachment, mail, named

LABELS = ["base64", "quoted-printable", "zlib", "hex", "rot13", "gb\x002312", "gb\x1b[0m2312"]
#: Each label as its finding shows it: a control character escaped.
SHOWN = {"gb\x002312": "gb\\x002312", "gb\x1b[0m2312": "gb\\x1b[0m2312"}


@pytest.mark.parametrize("label", LABELS)
def test_the_body_s_label(label: str) -> None:
    raw = mail(parts=[named("a.pdf", PDF, "application/pdf")])
    raw = raw.replace(b"charset=utf-8", b'charset="' + label.encode() + b'"', 1)
    d = parse_mail(raw, "b.eml")
    assert d.readable
    assert [a.name for a in d.attachments] == ["a.pdf"]
    assert d.body == "附件请查收。"
    unknown = [f.params["charset"] for f in d.findings if f.code == "mail.charset-unknown"]
    assert unknown == [SHOWN.get(label, label)]
    [f] = [f for f in d.findings if f.code == "mail.charset-unknown"]
    for lang in ("zh", "en"):
        assert render(f.code, f.params, lang).isprintable()


@pytest.mark.parametrize("label", LABELS)
def test_a_name_s_and_a_subject_s_label(label: str) -> None:
    word = f"=?{label}?B?{base64.b64encode('申报表'.encode()).decode()}?="
    part = attachment(f'Content-Disposition: attachment; filename="{word}.pdf"', PDF)
    raw = mail(parts=[part])
    start = raw.index(b"Subject: ")
    raw = raw[:start] + b"Subject: " + word.encode() + raw[raw.index(b"\r\n", start) :]
    d = parse_mail(raw, "n.eml")
    assert d.readable
    assert d.subject == "申报表"
    assert [a.name for a in d.attachments] == ["申报表.pdf"]
    unknown = [f.params["charset"] for f in d.findings if f.code == "mail.charset-unknown"]
    assert unknown and set(unknown) == {SHOWN.get(label, label)}


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        ("x-big5", "淄博市科協申報表.pdf", "big5"),
        ("cn-big5", "淄博市科協申報表.pdf", "big5"),
        ("windows-950", "淄博市科協申報表.pdf", "big5"),
        ("x-mac-chinesetrad", "淄博市科協申報表.pdf", "big5"),
        ("windows-936", "淄博市科协申报表.pdf", "gbk"),
        ("csgb2312", "淄博市科协申报表.pdf", "gbk"),
        ("x-mac-chinesesimp", "淄博市科协申报表.pdf", "gbk"),
    ],
)
def test_other_names_of_chinese_charsets_are_known(label: str, text: str, codec: str) -> None:
    """Big5 under a name Python does not know was read as GB18030, the
    wrong characters; GBK's other names were said to be unknown."""
    word = f"=?{label}?B?{base64.b64encode(text.encode(codec)).decode()}?="
    raw = mail(
        subject="x", parts=[attachment(f'Content-Disposition: attachment; filename="{word}"', PDF)]
    )
    raw = raw.replace(b"Subject: =?GBK?B?eA==?=", f"Subject: {word}".encode())
    d = parse_mail(raw, "c.eml")
    assert ([a.name for a in d.attachments], d.subject) == ([text], text)
    assert "mail.charset-unknown" not in {f.code for f in d.findings}


def test_raw_big5_is_read_as_big5() -> None:
    """A client in Taiwan or Hong Kong that writes its headers in raw Big5:
    read as GBK they would be kana and private-use characters."""
    part = attachment('Content-Disposition: attachment; filename="X"', PDF)
    raw = mail(parts=[part], subject="SUBJECT")
    raw = raw.replace(b'filename="X"', b'filename="' + "淄博市科協申報表.pdf".encode("big5") + b'"')
    start = raw.index(b"Subject: ")
    end = raw.index(b"\r\n", start)
    raw = raw[:start] + b"Subject: " + "濟南市科協申報".encode("big5") + raw[end:]
    d = parse_mail(raw, "b.eml")
    assert (d.subject, [a.name for a in d.attachments]) == (
        "濟南市科協申報",
        ["淄博市科協申報表.pdf"],
    )
    # GBK stays GBK, whatever Big5 would make of it.
    gbk = parse_mail(
        raw.replace("濟南市科協申報".encode("big5"), "济南市科协申报".encode("gbk")), "g"
    )
    assert gbk.subject == "济南市科协申报"


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        ("GBK*zh-CN", "淄博市科协申报表.pdf", "gbk"),
        ("gb18030*zh", "淄博市科协申报表.pdf", "gb18030"),
        ("big5*zh-TW", "淄博市科協申報表.pdf", "big5"),
        ("UTF-8*zh-Hans", "淄博市科协申报表.pdf", "utf-8"),
    ],
)
def test_an_encoded_word_that_names_its_language_is_read_in_its_charset(
    label: str, text: str, codec: str
) -> None:
    """RFC 2231 (5) lets an encoded word name the language after its
    charset, ``=?GBK*zh-CN?B?...?=``: the charset is the part before ``*``,
    never an unknown one."""
    word = f"=?{label}?B?{base64.b64encode(text.encode(codec)).decode()}?="
    raw = mail(
        subject="x", parts=[attachment(f'Content-Disposition: attachment; filename="{word}"', PDF)]
    )
    raw = raw.replace(b"Subject: =?GBK?B?eA==?=", f"Subject: {word}".encode())
    raw = raw.replace(b"From: =?GBK?B?", f"From: {word} =?GBK?B?".encode(), 1)
    d = parse_mail(raw, "c.eml")
    assert ([a.name for a in d.attachments], d.subject) == ([text], text)
    assert d.sender_name.startswith(text)
    assert "mail.charset-unknown" not in {f.code for f in d.findings}
