"""An Outlook ``.msg`` file read as a mail (MS-OXMSG).

A mail dragged out of Outlook, or forwarded "as attachment", is a ``.msg``:
an OLE2 compound file (MS-CFB, read with :mod:`olefile`) whose streams hold
the mail's MAPI properties.  :func:`read_msg` reads what intake needs — the
subject, the sender, the transport headers, the delivery time (else the
client's submit time), the body and the attachments — and :func:`as_mail`
writes them as an RFC 822 mail, so that a ``.msg`` is then read exactly as
an ``.eml`` in its place would be (:mod:`reform_brand.office._archive`, and
:mod:`reform_brand.office._mail_source` for a ``.msg`` given alone).  The
body is the plain text ``PR_BODY`` (``1000``), with the HTML ``PR_HTML``
(``1013``, binary in the code page ``PR_INTERNET_CPID`` names) as its
alternative, or alone when there is no plain text; a mail with neither has
the text of its Rich Text body ``PR_RTF_COMPRESSED`` (``1009``,
:mod:`reform_brand.office._rtf`), if it can be read.

The properties: a string or binary property is the stream
``__substg1.0_PPPPTTTT`` (id ``PPPP``, type ``TTTT``: ``001F`` UTF-16LE,
``001E`` 8-bit in the message's code page ``PR_MESSAGE_CODEPAGE``, 936 for
a Chinese Outlook, ``0102`` binary); fixed-size properties are 16-byte
records of the ``__properties_version1.0`` stream (after a 32-byte header
for the message, 8 for an attachment or an embedded message).  Each
attachment is a storage ``__attach_version1.0_#0000000N``: its long file
name ``3707``, short name ``3704``, data ``37010102``, MIME type ``370E``,
Content-ID ``3712`` (a picture the HTML body shows);
a mail embedded as an attachment is a storage ``__substg1.0_3701000D`` and
is not opened (it is listed as ignored: a form is sent as a file, and a
mail inside a mail inside an inbox is one nesting too many to judge); so is
an OLE object (the same storage, the attachment's method ``3705``
``ATTACH_OLE``: a picture or a document pasted into a "Rich Text" mail),
listed as what it is.

Bounds: the file is at most ``max_bytes`` (checked before reading it); at
most ``max_attachments`` attachments (else :class:`MsgError`); the size of
every stream is read from the directory before the stream is, and an
attachment larger than ``max_entry`` or past ``max_total`` in all is not
read but returned with a problem (``size``, ``total``).  A file that is
not a compound file, or is truncated or damaged, raises :class:`MsgError`
with the reason in both languages.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import email.policy
import email.utils
import hashlib
import io
import os
import re
import struct
from email.errors import HeaderParseError
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any, Final

import attrs
import olefile
from attrs import frozen

from reform_brand._kinds import WEB_PAGE_REACH, document_format, saved_by_word
from reform_brand.office._rtf import RtfError, decompress, rtf_text
from reform_brand.office._tnef import decode_name
from reform_brand.safeopen import MAX_FILE_BYTES, open_regular

__all__ = [
    "EMBEDDED",
    "OLE",
    "MailText",
    "MsgError",
    "MsgFile",
    "MsgMail",
    "as_mail",
    "is_mail_text",
    "read_msg",
    "read_msg_file",
]

#: Why a mail embedded in a .msg is not opened: (zh, en).
EMBEDDED: Final = ("邮件中夹带的另一封邮件，未打开", "a mail attached to the .msg file; not opened")
#: Why an OLE object of a .msg or a winmail.dat is not taken out: (zh, en).
OLE: Final = (
    "邮件中嵌入的对象（以对象形式粘贴到“富文本”格式邮件正文中的图片或文档），未取出；"
    "如果它是申报材料，请单位作为普通附件发送",
    "an OLE object embedded in the mail (a picture or a document pasted into a Rich Text "
    "mail's body); not taken out: if it is an application file, ask for it as a plain "
    "attachment",
)

_ATTACH_PREFIX: Final = "__attach_version1.0_#"
_PROPS: Final = "__properties_version1.0"
_SUBJECT: Final = 0x0037
_SENDER_ADDRESS: Final = 0x0C1F
_SENDER_SMTP: Final = 0x5D01
_SENDER_NAME: Final = 0x0C1A
_HEADERS: Final = 0x007D
_BODY: Final = 0x1000
#: PR_HTML (binary in the code page of PR_INTERNET_CPID, or a string).
_HTML: Final = 0x1013
_RTF: Final = "__substg1.0_10090102"
_INTERNET_CPID: Final = 0x3FDE0003
_DELIVERY_TIME: Final = 0x0E060040
_SUBMIT_TIME: Final = 0x00390040
_CODEPAGE: Final = 0x3FFD0003
_LONG_NAME: Final = 0x3707
_SHORT_NAME: Final = 0x3704
_DISPLAY_NAME: Final = 0x3001
_MIME: Final = 0x370E
_CONTENT_ID: Final = 0x3712
_METHOD: Final = 0x37050003
#: PR_ATTACH_METHOD of an OLE object (a storage, not a mail, in ``_EMBEDDED``).
_ATTACH_OLE: Final = 6
_DATA: Final = "__substg1.0_37010102"
_EMBEDDED: Final = "__substg1.0_3701000D"
#: The largest text property read (a subject, a name, the transport headers).
_MAX_TEXT: Final = 1024 * 1024
#: The largest HTML body read, and the most of a Rich Text body decompressed
#: (every byte a step: :mod:`reform_brand.office._rtf`).
_MAX_HTML: Final = 8 * 1024 * 1024
_MAX_RTF: Final = 512 * 1024
#: Errors olefile raises on a damaged compound file.
_OLE_ERRORS: Final = (OSError, ValueError, IndexError, KeyError, struct.error, TypeError)


class MsgError(ValueError):
    """A file that is not an Outlook mail, or is damaged: why, in Chinese
    and in English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


class MailText(MsgError):
    """A mail saved as text (what an ``.eml`` holds: its header lines, then
    its body) under a ``.msg`` name: ``data`` holds its bytes, to be read as
    the ``.eml`` it is."""

    def __init__(self, data: bytes) -> None:
        super().__init__("以文本保存的邮件", "a mail saved as text")
        self.data = data


#: The start of a mail saved as text: a header line, and among the first
#: lines one a mail has (``From:``, ``Received:``, ``MIME-Version:``...).
_HEADER_LINE: Final = re.compile(rb"[A-Za-z][A-Za-z0-9-]{0,76}:[ \t]?[^\r\n]*\r?\n")
_MAIL_HEADER: Final = re.compile(
    rb"^(?:from|received|return-path|message-id|mime-version|subject|date|x-[a-z-]+):",
    re.IGNORECASE | re.MULTILINE,
)


#: Names whose file is never taken for a mail saved as text, whatever it
#: holds: a text (.txt, .md) and a file read as what its name says (a Word
#: form, a JSON envelope or manifest).
NEVER_MAIL_TEXT: Final = (".txt", ".md", ".docx", ".doc", ".odt", ".wps", ".json")


def is_mail_text(data: bytes) -> bool:
    """Whether ``data`` is a mail saved as text (no compound file): not a
    form Word or WPS saved as a single-file web page (.mht), which starts
    with a mail's header lines too (:func:`~reform_brand._kinds.saved_by_word`)."""
    head = data[:8192].removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")
    if _HEADER_LINE.match(head) is None or _MAIL_HEADER.search(head) is None:
        return False
    return saved_by_word(document_format(head), data[:WEB_PAGE_REACH]) != "word-mht"


@frozen
class MsgFile:
    """One attachment: its name as meant (not yet checked as a path), its
    bytes, its MIME type, and ``problem``: "" when it may be taken out,
    ``embedded`` for a mail embedded as an attachment (not opened), ``ole``
    for an OLE object (not taken out), ``size`` or ``total`` for one not
    read for the limits."""

    name: str
    data: bytes
    mime: str = ""
    size: int = 0
    problem: str = ""
    #: Its Content-ID (PR_ATTACH_CONTENT_ID): the HTML body shows it as a
    #: picture (``cid:``), "" when none.
    cid: str = ""


@frozen
class MsgMail:
    """What intake reads of a ``.msg``."""

    subject: str
    sender: str
    sender_name: str
    #: The transport headers as received, "" for a mail never sent.
    headers: str
    #: The plain-text body (its links to large attachments are looked for).
    body: str
    delivered: dt.datetime | None
    submitted: dt.datetime | None
    files: tuple[MsgFile, ...]
    #: The SHA-256 of the file, from its one reading.
    sha256: str = ""
    #: The HTML body (PR_HTML) as stored, and the charset it is in ("" when
    #: not known): b"" when none.
    html: bytes = b""
    html_charset: str = ""
    #: The text of the Rich Text body (PR_RTF_COMPRESSED), read only for a
    #: mail with neither a plain-text nor an HTML body; "" otherwise.
    rtf: str = ""


class _Reader:
    def __init__(self, ole: Any, limit_text: int) -> None:
        self.ole: Any = ole
        self.limit = limit_text
        self.codepage = 0

    def size(self, path: str) -> int | None:
        if not self.ole.exists(path):
            return None
        if self.ole.get_type(path) != olefile.STGTY_STREAM:
            return None
        return int(self.ole.get_size(path))

    def stream(self, path: str, limit: int) -> bytes | None:
        size = self.size(path)
        if size is None or size > limit:
            return None
        with self.ole.openstream(path) as fh:
            data = bytes(fh.read(size))
        if len(data) != size:
            raise MsgError(*_TRUNCATED)
        return data

    def text(self, where: str, pid: int) -> str:
        raw = self.stream(f"{where}__substg1.0_{pid:04X}001F", self.limit)
        if raw is not None:
            return raw.decode("utf-16-le", "replace").split("\x00", 1)[0]
        raw = self.stream(f"{where}__substg1.0_{pid:04X}001E", self.limit)
        return decode_name(raw, self.codepage) if raw is not None else ""

    def html(self, codepage: int) -> tuple[bytes, str]:
        """The HTML body and its charset: PR_HTML binary (in the code page
        ``codepage``, PR_INTERNET_CPID), else as a string property."""
        raw = self.stream(f"__substg1.0_{_HTML:04X}0102", _MAX_HTML)
        if raw is not None:
            return raw, _charset(codepage)
        raw = self.stream(f"__substg1.0_{_HTML:04X}001F", _MAX_HTML)
        if raw is not None:
            text = raw.decode("utf-16-le", "replace").split("\x00", 1)[0]
            return text.encode("utf-8"), "utf-8"
        raw = self.stream(f"__substg1.0_{_HTML:04X}001E", _MAX_HTML)
        if raw is not None:
            return raw.split(b"\x00", 1)[0], _charset(self.codepage)
        return b"", ""

    def rtf(self) -> str:
        """The text of the Rich Text body; "" when none or unreadable."""
        raw = self.stream(_RTF, _MAX_HTML)
        if raw is None:
            return ""
        try:
            return rtf_text(decompress(raw, limit=_MAX_RTF), limit=_MAX_TEXT)
        except RtfError:
            return ""  # (a body that cannot be read: no reason to refuse the mail)

    def fixed(self, where: str, header: int) -> dict[int, bytes]:
        """The fixed-size properties of ``where``: tag -> its 8 value bytes."""
        raw = self.stream(f"{where}{_PROPS}", self.limit) or b""
        out: dict[int, bytes] = {}
        for pos in range(header, len(raw) - 15, 16):
            tag = int(struct.unpack_from("<I", raw, pos)[0])
            out[tag] = raw[pos + 8 : pos + 16]
        return out


_TRUNCATED: Final = ("文件不完整（提前结束）", "it ends too early (incomplete)")


#: Charsets of code pages that Python names otherwise (or GBK as a mail
#: labels it, which the mail reader takes as GB18030).
_CHARSETS: Final = {936: "gbk", 65001: "utf-8", 20127: "us-ascii", 1200: "utf-16-le"}


def _charset(codepage: int) -> str:
    """The charset a code page is, as a mail labels it; "" when none or
    one Python does not know (the text is then read as UTF-8, else GBK)."""
    if not codepage:
        return ""
    name = _CHARSETS.get(codepage)
    if name is None and 28591 <= codepage <= 28605:
        name = f"iso-8859-{codepage - 28590}"
    name = name or f"cp{codepage}"
    try:
        codecs.lookup(name)
    except LookupError:
        return ""
    return name


def _time(value: bytes | None) -> dt.datetime | None:
    """A FILETIME (100 ns since 1601, UTC), or None when none or absurd."""
    if value is None or len(value) != 8:
        return None
    ticks = int(struct.unpack("<Q", value)[0])
    if not ticks:
        return None
    try:
        return dt.datetime(1601, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=ticks // 10)
    except OverflowError:
        return None


def read_msg_file(path: Path, *, max_attachments: int, max_total: int) -> tuple[MsgMail, bytes]:
    """The ``.msg`` at ``path`` (opened once, as a regular file no larger
    than a file may be) and it written as a mail (:func:`as_mail`);
    :class:`MsgError`, :class:`~reform_brand.safeopen.UnsafeFileError` or
    ``OSError``."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        found = read_msg(fh, size, max_attachments=max_attachments, max_total=max_total)
    return found, as_mail(found)


def read_msg(
    fh: IO[bytes],
    size: int,
    *,
    max_attachments: int,
    max_total: int,
    max_bytes: int = MAX_FILE_BYTES,
    max_entry: int = MAX_FILE_BYTES,
) -> MsgMail:
    """The mail of the ``.msg`` open as ``fh`` (``size`` bytes; see the module)."""
    if size > max_bytes:
        raise MsgError(f"文件超过 {max_bytes} 字节", f"it is larger than {max_bytes} bytes")
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # (it grew since)
        raise MsgError(f"文件超过 {max_bytes} 字节", f"it is larger than {max_bytes} bytes")
    if not data.startswith(olefile.MAGIC):
        if is_mail_text(data):
            raise MailText(data)
        raise MsgError(
            "不是邮件程序保存的邮件（标识不符）", "not an Outlook mail (wrong signature)"
        )
    try:
        # (A file object: olefile takes bytes shorter than 1536 for a file
        # name to open.)
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            found = _read(_Reader(ole, _MAX_TEXT), max_attachments, max_entry, max_total)
    except MsgError:
        raise
    except _OLE_ERRORS as exc:
        raise MsgError("文件已损坏或不完整", f"it is damaged or incomplete ({exc})") from None
    except RecursionError:  # (olefile walks the directory's tree recursively)
        raise MsgError("文件目录的层次过深", "its directory's tree is too deep to read") from None
    return attrs.evolve(found, sha256=hashlib.sha256(data).hexdigest())


def _read(r: _Reader, max_attachments: int, max_entry: int, max_total: int) -> MsgMail:
    if not r.ole.exists(_PROPS):  # (a Word 97-2003 file is a compound file too)
        raise MsgError(
            "不是邮件程序保存的邮件（其中没有邮件的内容）",
            "not an Outlook mail (no mail properties inside)",
        )
    props = r.fixed("", 32)
    page = props.get(_CODEPAGE)
    r.codepage = int(struct.unpack_from("<I", page)[0]) if page else 0
    storages = sorted({e[0] for e in r.ole.listdir(streams=True, storages=True) if len(e) > 1})
    attached = [s for s in storages if s.startswith(_ATTACH_PREFIX)]
    if len(attached) > max_attachments:
        raise MsgError(
            f"附件数超过上限 {max_attachments}", f"it holds more than {max_attachments} attachments"
        )
    files: list[MsgFile] = []
    used = 0
    for n, storage in enumerate(attached, start=1):
        found = _attachment(r, f"{storage}/", n, max_entry, max_total - used)
        used += len(found.data)
        files.append(found)
    body = r.text("", _BODY)
    cpid = props.get(_INTERNET_CPID)
    html, charset = r.html(int(struct.unpack_from("<I", cpid)[0]) if cpid else r.codepage)
    return MsgMail(
        subject=r.text("", _SUBJECT),
        sender=r.text("", _SENDER_SMTP) or r.text("", _SENDER_ADDRESS),
        sender_name=r.text("", _SENDER_NAME),
        headers=r.text("", _HEADERS),
        body=body,
        delivered=_time(props.get(_DELIVERY_TIME)),
        submitted=_time(props.get(_SUBMIT_TIME)),
        files=tuple(files),
        html=html,
        html_charset=charset,
        rtf=r.rtf() if not body.strip() and not html.strip() else "",
    )


def _attachment(r: _Reader, where: str, n: int, max_entry: int, room: int) -> MsgFile:
    name = (
        r.text(where, _LONG_NAME)
        or r.text(where, _SHORT_NAME)
        or r.text(where, _DISPLAY_NAME)
        or f"附件{n}"
    )
    mime = r.text(where, _MIME)
    cid = r.text(where, _CONTENT_ID).strip().strip("<>")
    if r.ole.exists(f"{where}{_EMBEDDED}"):
        method = r.fixed(where, 8).get(_METHOD)
        if method is not None and struct.unpack_from("<I", method)[0] == _ATTACH_OLE:
            return MsgFile(name, b"", mime, 0, "ole")
        return MsgFile(name if "." in name else f"{name}.msg", b"", mime, 0, "embedded")
    size = r.size(f"{where}{_DATA}") or 0
    if size > max_entry:
        return MsgFile(name, b"", mime, size, "size")
    if size > room:
        return MsgFile(name, b"", mime, size, "total")
    data = r.stream(f"{where}{_DATA}", max_entry) or b""
    return MsgFile(name, data, mime, size, cid=cid)


#: Transport headers that describe the body Outlook received, not the one
#: written here.
_BODY_HEADERS: Final = ("content-", "mime-version")


def as_mail(msg: MsgMail) -> bytes:
    """``msg`` as an RFC 822 mail: its transport headers (but those of the
    body), a ``Received:`` header with the delivery time when there is one
    (the arrival, when the transport headers hold no ``Received:`` of the
    server's), else ``Date:`` with the submit time, its body, and its
    attachments that may be taken out (the others are left out).

    The body is as Outlook would have sent it: the plain text, and the HTML
    beside it as its alternative (the mail's HTML copy); the HTML alone for
    a mail with no plain text (read then as an .eml's HTML-only body is);
    the text of the Rich Text body for a mail with neither.  An attachment
    keeps its Content-ID, so that a picture the HTML shows (a signature's
    logo, ``cid:image001.png@…``) is the body's, as in an .eml."""
    out = EmailMessage(policy=email.policy.SMTP)
    parsed = email.message_from_string(msg.headers or "\n", policy=email.policy.compat32)
    for key, value in parsed.items():
        if not key.lower().startswith(_BODY_HEADERS):
            _put(out, key, str(value))
    if msg.delivered is not None:
        # Below the server's own (the transport headers'): Outlook's time is
        # when it took the mail, by POP3 maybe days later.
        stamp = email.utils.format_datetime(msg.delivered)
        _put(out, "Received", f"by Outlook (delivery time of the .msg file); {stamp}")
    if "from" not in out and msg.sender:
        try:
            _put(out, "From", email.utils.formataddr((msg.sender_name, msg.sender)))
        except UnicodeError:  # (an address not in ASCII: as it is)
            _put(out, "From", msg.sender)
    if "subject" not in out and msg.subject:
        _put(out, "Subject", msg.subject)
    sent = msg.submitted or msg.delivered
    if "date" not in out and sent is not None:
        _put(out, "Date", email.utils.format_datetime(sent))
    _body(out, msg)
    for f in msg.files:
        if not f.problem:
            _attach(out, f)
    try:
        return out.as_bytes()
    except (ValueError, IndexError, TypeError, HeaderParseError) as exc:
        raise MsgError("文件已损坏（邮件头无法读取）", f"its headers are damaged ({exc})") from None


#: A MIME type as a mail may name it.
_MIME_TYPE: Final = re.compile(r"[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+")
#: A Content-ID as a header may hold it (printable ASCII, no brackets).
_CID: Final = re.compile(r"[!-;=?-~]{1,250}")


def _attach(out: EmailMessage, f: MsgFile) -> None:
    """The attachment ``f`` added to ``out``: its type as named, its
    Content-ID kept (a text, a mail or a multipart is taken as a file)."""
    mime = f.mime.lower() if _MIME_TYPE.fullmatch(f.mime) else ""
    main, _, sub = (mime or "application/octet-stream").partition("/")
    if main in ("multipart", "message", "text"):
        main, sub = "application", "octet-stream"
    cid = f"<{f.cid}>" if f.cid and _CID.fullmatch(f.cid) else None
    out.add_attachment(f.data, maintype=main, subtype=sub, filename=f.name, cid=cid)


def _body(out: EmailMessage, msg: MsgMail) -> None:
    """The body of ``out`` (see :func:`as_mail`)."""
    text = (msg.body or msg.rtf).replace("\r\n", "\n")
    params = {"charset": msg.html_charset} if msg.html_charset else None
    if text.strip() or not msg.html.strip():
        out.set_content(text)
        if msg.html.strip():
            out.add_alternative(msg.html, maintype="text", subtype="html", params=params)
        return
    out.set_content(msg.html, maintype="text", subtype="html", params=params)


def _put(out: EmailMessage, key: str, value: str) -> None:
    """Add the header ``key``; one Python's parser refuses is left out, as a
    mail's own reading would not use it either."""
    if not key.isascii() or not key.isprintable():
        return
    with contextlib.suppress(ValueError, IndexError, TypeError, HeaderParseError):
        out[key] = value.replace("\r", " ").replace("\n", " ")
