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
