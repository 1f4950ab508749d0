"""Reading the members of a zip archive (a .docx, an .odt, an archive
received): damaged compressed data as a broken archive, and the encoding of
an XML part told from its first bytes; and what a ``read.unsafe-zip``
finding says of the limit an archive passed (:func:`zip_params`, for a zip
and for a tar alike).  Used by :mod:`reform_brand.safeopen`, which checks
what is read, and :mod:`reform_brand._tarsafe`."""

from __future__ import annotations

import codecs
import zipfile
import zlib
from typing import IO, Final

__all__ = ["RATIO_FLOOR", "decoder_for", "is_xml_part", "read_member", "zip_params"]

#: Entries smaller than this are never refused for their compression ratio
#: (a small file of one repeated byte is no bomb).
RATIO_FLOOR: Final = 1024 * 1024

#: What each ``read.unsafe-zip`` reason measures, in words a clerk reads.
_ZIP_REASONS: Final = {
    "entries": ("文件个数", "number of entries"),
    "size": ("解压后字节数", "uncompressed bytes"),
    "ratio": ("压缩比", "compression ratio"),
    "duplicates": ("重名的部分", "parts named twice"),
}


def zip_params(reason: str, value: int, limit: int) -> dict[str, object]:
    """The parameters of a ``read.unsafe-zip`` finding: what ``reason``
    measures, its ``value`` and its ``limit``."""
    zh, en = _ZIP_REASONS[reason]
    return {"reason": reason, "what": zh, "what_en": en, "value": value, "limit": limit}


def is_xml_part(name: str) -> bool:
    """Whether the part ``name`` of a package is XML (``.xml``, ``.rels``,
    ``.vml``)."""
    low = name.lower()
    return low.endswith((".xml", ".rels", ".vml"))


def decoder_for(head: bytes) -> codecs.IncrementalDecoder | None:
    """A decoder when the part is UTF-16 or UTF-32 (a byte scan for
    ``<!DOCTYPE`` would miss it), else None (UTF-8 and ASCII-compatible)."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return codecs.getincrementaldecoder(enc)("replace")
    if head[:2] == b"<\x00":
        return codecs.getincrementaldecoder("utf-16-le")("replace")
    if head[:2] == b"\x00<":
        return codecs.getincrementaldecoder("utf-16-be")("replace")
    return None


try:
    from lzma import LZMAError

    _LZMA: tuple[type[Exception], ...] = (LZMAError,)
except ImportError:  # (a Python built without it reads no LZMA member either)
    _LZMA = ()

#: What a member whose compressed data is damaged raises as it is read
#: (deflate, LZMA; bzip2's is an ``OSError``): no ``zipfile.BadZipFile``.
_DAMAGED: Final[tuple[type[Exception], ...]] = (zlib.error, *_LZMA)


def read_member(member: IO[bytes], size: int, name: str) -> bytes:
    """Up to ``size`` bytes of an opened zip member; damaged compressed data
    is a broken archive (``zipfile.BadZipFile``), as a bad CRC is."""
    try:
        return member.read(size)
    except _DAMAGED as exc:
        raise zipfile.BadZipFile(f"damaged data in {name}: {exc}") from None
