"""Crafted mails for the tests, written as Chinese mail clients write them."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import io
import json
import quopri
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import pytest

from reform_brand.cli import main
from tests.conftest import REPO

CST = dt.timezone(dt.timedelta(hours=8))

Part = tuple[Sequence[str], bytes]


def gbk_word(text: str) -> str:
    """``text`` as an RFC 2047 encoded word in GBK."""
    return f"=?GBK?B?{base64.b64encode(text.encode('gbk')).decode()}?="


def stamp(when: dt.datetime) -> str:
    return email.utils.format_datetime(when)


def attachment(name_header: str, data: bytes, ctype: str = "application/octet-stream") -> Part:
    """An attachment part: ``name_header`` is the whole Content-Disposition."""
    body = base64.encodebytes(data)
    head = [name_header, "Content-Transfer-Encoding: base64"]
    if not name_header.lower().startswith("content-type:"):
        head.insert(0, f"Content-Type: {ctype}")
    return (head, body)


def named(name: str, data: bytes, ctype: str = "application/octet-stream") -> Part:
    """An attachment whose name is a GBK encoded word (Foxmail, 网易 mail)."""
    return attachment(f'Content-Disposition: attachment; filename="{gbk_word(name)}"', data, ctype)


def text_part(text: str, charset: str = "utf-8") -> Part:
    body = base64.encodebytes(text.encode("gb18030" if charset.lower() == "gbk" else charset))
    return (
        [f"Content-Type: text/plain; charset={charset}", "Content-Transfer-Encoding: base64"],
        body,
    )


def multipart(parts: Sequence[Part], boundary: str, subtype: str = "mixed") -> Part:
    out = io.BytesIO()
    for headers, body in parts:
        out.write(f"--{boundary}\r\n".encode())
        out.write("".join(h + "\r\n" for h in headers).encode("utf-8", "surrogateescape"))
        out.write(b"\r\n" + body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return ([f'Content-Type: multipart/{subtype}; boundary="{boundary}"'], out.getvalue())


def mail(
    *,
    sender: str = "jnkx@example.cn",
    sender_name: str = "济南市科协",
    subject: str = "改革品牌项目申报材料",
    received: Sequence[str] = (),
    date: dt.datetime | None = None,
    parts: Sequence[Part] = (),
    message_id: str = "",
    raw_headers: Sequence[bytes] = (),
    boundary: str = "=_reform_brand_1",
) -> bytes:
    """A mail: ``received`` are the Received headers' values, topmost first."""
    head: list[bytes] = [f"Received: {r}".encode() for r in received]
    head.append(f"From: {gbk_word(sender_name)} <{sender}>".encode())
    head.append(b"To: office@example.org")
    head.append(f"Subject: {gbk_word(subject)}".encode())
    if date is not None:
        head.append(f"Date: {stamp(date)}".encode())
    head.append(f"Message-ID: <{message_id or sender + '.' + subject[:4]}@test>".encode())
    head.append(b"MIME-Version: 1.0")
    head.extend(raw_headers)
    ctype, body = multipart([text_part("附件请查收。"), *parts], boundary)
    head.extend(h.encode() for h in ctype)
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def received_at(when: dt.datetime, by: str = "mx.office.example.org") -> str:
    return f"from mail.example.cn by {by}; {stamp(when)}"


def forgotten_attachments(inbox: Path) -> Path:
    """淄博市科协's mail of 17 August without its attachments, written as
    ``淄博.eml`` in the new folder ``inbox``."""
    forgot = mail(
        sender="zbkx@example.cn",
        sender_name="淄博市科协",
        subject="淄博市科协改革品牌项目申报材料",
        received=[received_at(dt.datetime(2022, 8, 17, 10, 0, tzinfo=CST))],
    )
    eml = inbox / "淄博.eml"
    eml.parent.mkdir()
    eml.write_bytes(forgot)
    return eml


def a_zip(**files: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def forward(inner: bytes, *, sender: str = "office2@example.org", encoding: str = "") -> bytes:
    """A mail that forwards ``inner`` as a message/rfc822 attachment (sent in
    ``encoding``, ``base64`` or ``quoted-printable``, as some programs do)."""
    head = ["Content-Type: message/rfc822", "Content-Disposition: inline"]
    if encoding == "base64":
        inner = base64.encodebytes(inner)
    elif encoding:
        inner = quopri.encodestring(inner)
    if encoding:
        head.append(f"Content-Transfer-Encoding: {encoding}")
    part: Part = (head, inner)
    return mail(
        sender=sender,
        sender_name="转发人",
        subject="转发：改革品牌项目申报材料",
        parts=[part],
        message_id="forward.1",
        boundary="=_reform_brand_forward",
    )


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def uuencode(name: bytes, data: bytes, *, mode: bytes = b"644", backtick: bool = True) -> bytes:
    """``data`` uuencoded as ``uuencode`` writes it (``begin MODE NAME`` ...
    ``end``), CRLF lines; ``backtick`` for a zero-length line written ```` ` ````."""
    lines = [b"begin " + mode + b" " + name]
    lines += [
        binascii.b2a_uu(data[i : i + 45], backtick=backtick).rstrip(b"\n")
        for i in range(0, len(data), 45)
    ]
    lines += [b"`" if backtick else b" ", b"end"]
    return b"\r\n".join(lines) + b"\r\n"


def _ber(tag: int, content: bytes, *, indefinite: bool = False) -> bytes:
    """One BER element: definite length (DER's), or indefinite (Outlook's)."""
    if indefinite:
        return bytes([tag, 0x80]) + content + b"\0\0"
    n = len(content)
    size = bytes([n]) if n < 0x80 else bytes([0x80 | 4]) + n.to_bytes(4, "big")
    return bytes([tag]) + size + content


_OID_DATA = bytes.fromhex("06092a864886f70d010701")
_OID_SIGNED = bytes.fromhex("06092a864886f70d010702")
_OID_ENVELOPED = bytes.fromhex("06092a864886f70d010703")


def cms_signed(content: bytes, *, indefinite: bool = False) -> bytes:
    """An S/MIME ``smime.p7m`` of a signed mail holding ``content`` (CMS
    SignedData, no signer: nothing reads the signature); ``indefinite`` as
    Outlook writes it, indefinite lengths and the content in pieces."""
    if indefinite:
        pieces = b"".join(_ber(0x04, content[i : i + 1000]) for i in range(0, len(content), 1000))
        octets = _ber(0x24, pieces, indefinite=True)
    else:
        octets = _ber(0x04, content)
    encap = _ber(0x30, _OID_DATA + _ber(0xA0, octets, indefinite=indefinite), indefinite=indefinite)
    signed = _ber(
        0x30,
        _ber(0x02, b"\x01") + _ber(0x31, b"") + encap + _ber(0x31, b""),
        indefinite=indefinite,
    )
    return _ber(
        0x30, _OID_SIGNED + _ber(0xA0, signed, indefinite=indefinite), indefinite=indefinite
    )


def cms_enveloped() -> bytes:
    """An S/MIME ``smime.p7m`` of an encrypted mail (CMS EnvelopedData)."""
    return _ber(0x30, _OID_ENVELOPED + _ber(0xA0, _ber(0x30, _ber(0x02, b"\x00"))))


#: The reference edition's example inbox, whose forms and scans the mails
#: of these tests carry.
DEMO: Final = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox"
DOCX: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def demo_unit_mail(
    folder: str, stem: str, sender: str, received: dt.datetime, *, date: dt.datetime | None = None
) -> bytes:
    """The mail of the unit whose form and scan are ``stem``.docx and .pdf
    in the example inbox's ``folder``, from ``sender`` (named as the form's
    unit), received at ``received`` (``date``: the sender's own clock)."""
    return mail(
        sender=sender,
        sender_name=stem.removesuffix("申报表"),
        date=date,
        received=[received_at(received)],
        parts=[
            named(f"{stem}.docx", (DEMO / folder / f"{stem}.docx").read_bytes(), DOCX),
            named(f"{stem}.pdf", (DEMO / folder / f"{stem}.pdf").read_bytes(), "application/pdf"),
        ],
        message_id=sender,
    )


def check_report(
    path: Path, capsys: pytest.CaptureFixture[str], now: str = "2022-08-25T00:00:00+08:00"
) -> dict[str, Any]:
    """``reform-brand check shandong-2022 PATH --json`` at ``now``: its
    report, the check having found problems (exit 1) without a traceback."""
    code = main(["check", "shandong-2022", str(path), "--json", "--now", now])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert code == 1
    report = json.loads(out.out)
    assert isinstance(report, dict)
    return report
