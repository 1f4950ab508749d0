"""The attachments of an Outlook ``winmail.dat`` (TNEF, MS-OXTNEF).

Outlook sending a mail as "Rich Text" packs every attachment into one part,
``winmail.dat`` (``application/ms-tnef``).  :func:`read_tnef` takes the
attachments out of such a stream and nothing else: the message's own
attributes are skipped, but for its code page (``attOemCodepage``), which
the 8-bit names are written in (936, GBK, for a Chinese Outlook).

The stream: a signature (0x223E9F78, little-endian), a 2-byte key, then
attributes, each a level byte (1 the message, 2 an attachment), a 4-byte id
(type << 16 | id), a 4-byte length, the data and a 2-byte checksum (the sum
of the data's bytes modulo 65536, :func:`checksum`).  ``attAttachRendData`` starts an
attachment, ``attAttachTitle`` is its short name, ``attAttachData`` its
bytes and ``attAttachment`` a list of MAPI properties, which may hold its
long file name (preferred over the title) and the attachment's method:
a mail embedded as an attachment (``ATTACH_EMBEDDED_MSG``, or its data a
``PT_OBJECT`` whose interface is ``IID_IMessage``) is told apart from an
OLE object (``ATTACH_OLE``, or a ``PT_OBJECT`` of another interface,
``IID_IStorage``: a picture or a document pasted into a "Rich Text" mail
as an object).  Neither is taken out: the first is a mail, the second a
compound file of the program that made it, no file a unit sends.

Bounds: the stream is read in place (offsets into one ``memoryview``, never
a copy of what remains), so any input is read in linear time; no declared
length is trusted beyond the bytes there are; at most ``max_attachments``
attachments.  A stream that is truncated or malformed raises
:class:`TnefError` with the reason in both languages.  An attachment one of
whose attributes has a wrong checksum is returned with ``problem``
``checksum`` and is not taken out: its bytes may be damaged, and a damaged
form read as a good one would mislead more than a file asked for again.
"""

from __future__ import annotations

import itertools
import struct
import zlib
from typing import Final

from attrs import define, frozen

__all__ = ["SIGNATURE", "TnefError", "TnefFile", "checksum", "read_tnef"]

#: The stream's first four bytes as a little-endian number.
SIGNATURE: Final = 0x223E9F78

_LEVEL_ATTACHMENT: Final = 2
_OEM_CODEPAGE: Final = 0x00069007
_ATTACH_REND_DATA: Final = 0x00069002
_ATTACH_TITLE: Final = 0x00018010
_ATTACH_DATA: Final = 0x0006800F
_ATTACHMENT: Final = 0x00069005

# MAPI properties of an attachment (attAttachment).
_PR_ATTACH_DATA: Final = 0x3701
_PR_ATTACH_EXTENSION: Final = 0x3703
_PR_ATTACH_FILENAME: Final = 0x3704
_PR_ATTACH_METHOD: Final = 0x3705
_PR_ATTACH_LONG_FILENAME: Final = 0x3707
_PR_DISPLAY_NAME: Final = 0x3001
_ATTACH_EMBEDDED_MSG: Final = 5
_ATTACH_OLE: Final = 6
#: The interface a PT_OBJECT value starts with (a GUID as stored) that says
#: it is a mail: IID_IMessage, {00020307-0000-0000-C000-000000000046}.
_IID_IMESSAGE: Final = bytes.fromhex("0703020000000000c000000000000046")

_PT_STRING8: Final = 0x001E
_PT_UNICODE: Final = 0x001F
_PT_BINARY: Final = 0x0102
_PT_OBJECT: Final = 0x000D
_MV: Final = 0x1000
#: The size of each fixed-size MAPI type's value (before padding to 4).
_FIXED: Final[dict[int, int]] = {
    0x0000: 0,  # PT_UNSPECIFIED
    0x0001: 0,  # PT_NULL
    0x0002: 2,  # PT_SHORT
    0x0003: 4,  # PT_LONG
    0x0004: 4,  # PT_FLOAT
    0x0005: 8,  # PT_DOUBLE
    0x0006: 8,  # PT_CURRENCY
    0x0007: 8,  # PT_APPTIME
    0x000A: 4,  # PT_ERROR
    0x000B: 2,  # PT_BOOLEAN
    0x0014: 8,  # PT_I8
    0x0040: 8,  # PT_SYSTIME
    0x0048: 16,  # PT_CLSID
}


class TnefError(ValueError):
    """A stream that is not TNEF, or is truncated or malformed: why, in
    Chinese and in English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


_TRUNCATED: Final = ("文件不完整（提前结束）", "it ends too early (incomplete)")


@frozen
class TnefFile:
    """One attachment: its name as meant (not yet checked as a path), its
    bytes, and ``problem``: "" when it may be taken out, ``embedded`` for a
    mail embedded as an attachment (not opened), ``ole`` for an OLE object
    (not taken out), ``checksum`` for one whose attributes do not add up."""

    name: str
    data: bytes
    problem: str = ""


@define
class _Attachment:
    title: bytes = b""
    long_name: str = ""
    extension: str = ""
    data: memoryview | None = None
    props_data: memoryview | None = None
    #: PR_ATTACH_METHOD, 0 when not given.
    method: int = 0
    #: The interface of a PT_OBJECT data (its first 16 bytes), None for none.
    interface: bytes | None = None
    checksum_ok: bool = True
    #: PR_DISPLAY_NAME: the name of an attachment that has no other.
    display: str = ""


class _Cursor:
    """Offsets into one buffer; every read checks the bytes are there."""

    def __init__(self, buf: memoryview, pos: int = 0, end: int | None = None) -> None:
        self.buf = buf
        self.pos = pos
        self.end = len(buf) if end is None else end

    def left(self) -> int:
        return self.end - self.pos

    def take(self, n: int) -> memoryview:
        if n < 0 or n > self.end - self.pos:
            raise TnefError(*_TRUNCATED)
        part = self.buf[self.pos : self.pos + n]
        self.pos += n
        return part

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        return int(struct.unpack_from("<H", self.take(2))[0])

    def u32(self) -> int:
        return int(struct.unpack_from("<I", self.take(4))[0])


#: The chunk whose byte sum zlib's Adler-32 gives exactly: its A is 1 plus
#: the sum modulo 65521, and 1 + 256 * 255 = 65281 is below 65521.
_CHUNK: Final = 256
#: Below this many bytes the plain sum is as quick.
_PLAIN: Final = 4096
_CHUNKS: Final = struct.Struct(f"{_CHUNK}s")


def checksum(value: memoryview | bytes) -> int:
    """The sum of the bytes of ``value`` modulo 65536, as an attribute's
    checksum is.  ``sum()`` takes a Python step for each byte (about 0.3 to
    1 s for the 64 MiB a file may have); this takes one step for each 256
    bytes, all in C: Adler-32 of each chunk (its low 16 bits, A, are 1 plus
    the chunk's sum, exact for 256 bytes, and its high 16 bits, B, are a
    multiple of 65536 that the modulo drops), so about ten times faster."""
    size = len(value)
    if size < _PLAIN:
        return sum(value) & 0xFFFF
    whole = size - size % _CHUNK
    view = memoryview(value)
    sums = sum(itertools.starmap(zlib.adler32, _CHUNKS.iter_unpack(view[:whole])))
    return (sums - whole // _CHUNK + sum(view[whole:])) & 0xFFFF


def decode_name(raw: bytes, codepage: int) -> str:
    """An 8-bit name in the message's code page; without one (or one Python
    does not know), UTF-8 if it is, else GBK (GB18030), as a Chinese Outlook
    writes."""
    raw = raw.split(b"\x00", 1)[0]
    tries: list[str] = []
    if codepage == 936:
        tries.append("gb18030")
    elif codepage in (65001, 0):
        pass
    else:
        tries.append(f"cp{codepage}")
    tries += ["utf-8", "gb18030"]
    for encoding in tries:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("gb18030", "replace")


def read_tnef(data: bytes, *, max_attachments: int) -> list[TnefFile]:
    """The attachments of the TNEF stream ``data`` (see the module)."""
    cur = _Cursor(memoryview(data))
    if len(data) < 6 or cur.u32() != SIGNATURE:
        raise TnefError("不是邮件程序的附件包（标识不符）", "not a TNEF stream (wrong signature)")
    cur.u16()  # the legacy key
    codepage = 0
    found: list[_Attachment] = []
    while cur.left():
        level = cur.u8()
        attr = cur.u32()
        size = cur.u32()
        value = cur.take(size)
        good = checksum(value) == cur.u16()
        if attr == _OEM_CODEPAGE and size >= 4:
            codepage = int(struct.unpack_from("<I", value)[0])
        if level != _LEVEL_ATTACHMENT:
            continue
        if attr == _ATTACH_REND_DATA or not found:
            if len(found) >= max_attachments:
                raise TnefError(
                    f"附件数超过上限 {max_attachments}",
                    f"it holds more than {max_attachments} attachments",
                )
            found.append(_Attachment())
        att = found[-1]
        att.checksum_ok = att.checksum_ok and good
        if attr == _ATTACH_TITLE:
            att.title = bytes(value)
        elif attr == _ATTACH_DATA:
            att.data = value
        elif attr == _ATTACHMENT:
            _properties(att, value, codepage)
    return [_file(att, n, codepage) for n, att in enumerate(found, start=1)]


def _file(att: _Attachment, n: int, codepage: int) -> TnefFile:
    name = att.long_name or (decode_name(att.title, codepage) if att.title else att.display)
    if not name:
        name = f"附件{n}{att.extension}"
    kind = _object_kind(att)
    if kind:
        return TnefFile(name, b"", kind)
    data = bytes(att.data) if att.data is not None else b""
    return TnefFile(name, data, "" if att.checksum_ok else "checksum")


def _object_kind(att: _Attachment) -> str:
    """``embedded`` for a mail embedded as an attachment, ``ole`` for an OLE
    object, "" for a file: by the attachment's method, else by the interface
    of its PT_OBJECT data."""
    if att.method == _ATTACH_EMBEDDED_MSG:
        return "embedded"
    if att.method == _ATTACH_OLE:
        return "ole"
    if att.interface is None:
        return ""
    return "embedded" if att.interface == _IID_IMESSAGE else "ole"


def _properties(att: _Attachment, value: memoryview, codepage: int) -> None:
    """Read the MAPI property list ``value`` of an attachment."""
    cur = _Cursor(value)
    count = cur.u32()
    for _ in range(count):
        if not cur.left():
            raise TnefError(*_TRUNCATED)
        ptype = cur.u16()
        pid = cur.u16()
        if pid >= 0x8000:  # a named property: its GUID and its name or number
            cur.take(16)
            if cur.u32() == 1:
                cur.take(_padded(cur.u32()))
            else:
                cur.u32()
        values = _values(cur, ptype)
        if values:
            _take(att, pid, ptype, values[0], codepage)


def _take(att: _Attachment, pid: int, ptype: int, first: memoryview, codepage: int) -> None:
    """What the property ``pid`` (its first value ``first``) says of ``att``."""
    if pid == _PR_ATTACH_LONG_FILENAME or (pid == _PR_ATTACH_FILENAME and not att.long_name):
        att.long_name = _text(first, ptype, codepage) or att.long_name
    elif pid == _PR_ATTACH_EXTENSION:
        att.extension = _text(first, ptype, codepage)
    elif pid == _PR_ATTACH_METHOD and ptype == 0x0003:
        att.method = int(struct.unpack_from("<I", first)[0])
    elif pid == _PR_ATTACH_DATA and ptype == _PT_BINARY and att.data is None:
        att.data = first
    elif pid == _PR_ATTACH_DATA and ptype == _PT_OBJECT:
        att.interface = bytes(first[:16])
    elif pid == _PR_DISPLAY_NAME:
        att.display = _text(first, ptype, codepage)


def _values(cur: _Cursor, ptype: int) -> list[memoryview]:
    base = ptype & ~_MV
    variable = base in (_PT_STRING8, _PT_UNICODE, _PT_BINARY, _PT_OBJECT)
    if base not in _FIXED and not variable:
        raise TnefError("文件已损坏（属性类型不明）", f"it is damaged (property type {ptype:#x})")
    count = cur.u32() if ptype & _MV or variable else 1
    if count * 4 > cur.left():  # (every value takes four bytes at least)
        raise TnefError(*_TRUNCATED)
    out: list[memoryview] = []
    for _ in range(count):
        if variable:
            size = cur.u32()
            part = cur.take(_padded(size))[:size]
        else:
            size = _FIXED[base]
            part = cur.take(_padded(size))[:size]
        out.append(part)
    return out


def _padded(size: int) -> int:
    return size + (-size % 4)


def _text(value: memoryview, ptype: int, codepage: int) -> str:
    if ptype & ~_MV == _PT_UNICODE:
        return bytes(value).decode("utf-16-le", "replace").split("\x00", 1)[0]
    if ptype & ~_MV == _PT_STRING8:
        return decode_name(bytes(value), codepage)
    return ""
