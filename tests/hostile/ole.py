"""OLE compound files (what Word 97-2003 writes, and what Word keeps a .docx
with a password to open it in) of one directory sector, for the tests."""

from __future__ import annotations

import struct

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _entry(name: str) -> bytes:
    raw = (name + "\0").encode("utf-16-le")
    return raw.ljust(64, b"\0") + struct.pack("<H", len(raw)) + b"\0" * 62


def ole(*streams: str, first_directory_sector: int = 0) -> bytes:
    """An OLE compound file of 512-byte sectors whose directory (its first
    sector after the header) names ``streams``."""
    header = bytearray(512)
    header[:8] = _OLE
    header[30:32] = struct.pack("<H", 9)
    header[48:52] = struct.pack("<I", first_directory_sector)
    directory = b"".join(_entry(n) for n in ("Root Entry", *streams)).ljust(512, b"\0")
    return bytes(header) + directory
