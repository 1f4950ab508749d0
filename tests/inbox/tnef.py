"""Outlook winmail.dat (TNEF) streams as MS-OXTNEF lays them out, for the
tests: attributes with their checksums, names in a code page, long names
in a MAPI property list."""

from __future__ import annotations

import struct
from collections.abc import Iterable

SIGNATURE = 0x223E9F78
OEM_CODEPAGE = 0x00069007
ATTACH_REND_DATA = 0x00069002
ATTACH_TITLE = 0x00018010
ATTACH_DATA = 0x0006800F
ATTACHMENT = 0x00069005
TNEF_VERSION = 0x00089006


def attribute(level: int, attr: int, data: bytes, *, checksum: int | None = None) -> bytes:
    """One attribute: level, id, length, data, checksum."""
    total = sum(data) & 0xFFFF if checksum is None else checksum
    return struct.pack("<BII", level, attr, len(data)) + data + struct.pack("<H", total)


def _padded(data: bytes) -> bytes:
    return data + b"\x00" * (-len(data) % 4)


def unicode_prop(pid: int, text: str) -> bytes:
    """A PT_UNICODE property (one value: a count, a length, the text padded)."""
    raw = (text + "\x00").encode("utf-16-le")
    return struct.pack("<HHII", 0x001F, pid, 1, len(raw)) + _padded(raw)


def named_string8_prop(text: bytes) -> bytes:
    """A named PT_STRING8 property (GUID, a name), which the reader skips."""
    name = "x-test\x00".encode("utf-16-le")
    head = struct.pack("<HH", 0x001E, 0x8001) + b"\x11" * 16 + struct.pack("<II", 1, len(name))
    value = struct.pack("<II", 1, len(text) + 1) + _padded(text + b"\x00")
    return head + _padded(name) + value


def long_prop(pid: int, value: int) -> bytes:
    return struct.pack("<HHI", 0x0003, pid, value)


#: The interfaces a PT_OBJECT value starts with: a mail, an OLE object's storage.
IID_IMESSAGE = bytes.fromhex("0703020000000000c000000000000046")
IID_ISTORAGE = bytes.fromhex("0b00000000000000c000000000000046")


def object_prop(pid: int, interface: bytes, data: bytes) -> bytes:
    """A PT_OBJECT property: its interface, then the object's bytes."""
    raw = interface + data
    return struct.pack("<HHII", 0x000D, pid, 1, len(raw)) + _padded(raw)


def props(*items: bytes) -> bytes:
    return struct.pack("<I", len(items)) + b"".join(items)


def attachment(
    data: bytes,
    *,
    title: bytes = b"",
    long_name: str = "",
    embedded: bool = False,
    data_checksum: int | None = None,
    method: int | None = None,
    interface: bytes | None = None,
) -> bytes:
    """The attributes of one attachment: ``method`` (PR_ATTACH_METHOD,
    by default 5 for ``embedded``, else 1; 0 for none), ``interface`` the
    interface of a PT_OBJECT data property (none without it)."""
    out = attribute(2, ATTACH_REND_DATA, struct.pack("<HIIIHI", 1, 0xFFFFFFFF, 0, 0, 0, 0))
    if title:
        out += attribute(2, ATTACH_TITLE, title + b"\x00")
    if not embedded:
        out += attribute(2, ATTACH_DATA, data, checksum=data_checksum)
    if method is None:
        method = 5 if embedded else 1
    items = [named_string8_prop(b"extra")]
    if method:
        items.append(long_prop(0x3705, method))
    if long_name:
        items.append(unicode_prop(0x3707, long_name))
    if interface is not None:
        items.append(object_prop(0x3701, interface, data))
    return out + attribute(2, ATTACHMENT, props(*items))


def tnef(attachments: Iterable[bytes], *, codepage: int = 936) -> bytes:
    """A winmail.dat holding ``attachments`` (see :func:`attachment`)."""
    head = struct.pack("<IH", SIGNATURE, 0x1234)
    head += attribute(1, TNEF_VERSION, struct.pack("<I", 0x00010000))
    head += attribute(1, OEM_CODEPAGE, struct.pack("<II", codepage, 0))
    return head + b"".join(attachments)


def gbk_files(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A winmail.dat of ``files`` named by GBK titles only (code page 936)."""
    return tnef(attachment(data, title=name.encode("gbk")) for name, data in files)
