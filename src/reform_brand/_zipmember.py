"""Reading the members of a zip archive (a .docx, an .odt, an archive
received): damaged compressed data as a broken archive, the encoding of
an XML part told from its first bytes, names that say they are UTF-8 and
are not (:func:`open_zip`); and what a ``read.unsafe-zip``
finding says of the limit an archive passed (:func:`zip_params`, for a zip
and for a tar alike).  Used by :mod:`reform_brand.safeopen`, which checks
what is read, and :mod:`reform_brand._tarsafe`."""

from __future__ import annotations

import codecs
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Collection
from typing import IO, Final
from xml.etree import ElementTree

__all__ = [
    "MAIN_RELATIONSHIPS",
    "MAX_XML_ELEMENTS",
    "RATIO_FLOOR",
    "RELS_NS",
    "declares_entities",
    "elements_over",
    "is_xml_part",
    "main_in_rels",
    "odf_detail",
    "open_zip",
    "plain_member",
    "read_member",
    "xml_problem",
    "zip_params",
]

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


def _decoder_for(head: bytes) -> codecs.IncrementalDecoder | None:
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


#: What a part in UTF-16 or UTF-32 is decoded by at a time, to look for a
#: document type declaration.
_DECODED: Final = 1 << 16


def declares_entities(data: bytes) -> bool:
    """Whether an XML part's bytes hold ``<!DOCTYPE`` or ``<!ENTITY``: as
    bytes in UTF-8 (and any encoding ASCII is part of), else decoded a
    piece at a time."""
    decoder = _decoder_for(data[:4])
    if decoder is None:
        return b"<!DOCTYPE" in data or b"<!ENTITY" in data
    carry = ""
    for start in range(0, len(data), _DECODED):
        text = carry + decoder.decode(data[start : start + _DECODED])
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            return True
        carry = text[-16:]
    return False


#: Most elements an XML part may hold.  A form holds a few thousand; a part
#: of millions of tiny paragraphs, within the size limit, takes seconds and
#: gigabytes to read.
MAX_XML_ELEMENTS: Final = 200_000
#: The fewest bytes an element takes (``<a/>``).
_ELEMENT_BYTES: Final = 4


def xml_problem(data: bytes) -> tuple[str, dict[str, object]] | None:
    """Why an XML part's bytes must not be parsed, as a finding code and its
    parameters (the part's name apart): ``read.doctype`` for a document
    type declaration (:func:`declares_entities`), ``read.too-complex`` for
    more than :data:`MAX_XML_ELEMENTS` elements; None when they may be."""
    if declares_entities(data):
        return "read.doctype", {}
    count = elements_over(data)
    return ("read.too-complex", {"count": count, "limit": MAX_XML_ELEMENTS}) if count else None


def elements_over(data: bytes, limit: int = MAX_XML_ELEMENTS) -> int:
    """How many elements an XML part's bytes hold (its tags that open one;
    comments and processing instructions count too) when that is over
    ``limit``, else 0.  A part too short to hold that many is not counted."""
    if len(data) <= limit * _ELEMENT_BYTES:
        return 0
    count = data.count(b"<") - data.count(b"</")
    return count if count > limit else 0


try:
    from lzma import LZMAError

    _LZMA: tuple[type[Exception], ...] = (LZMAError,)
except ImportError:  # (a Python built without it reads no LZMA member either)
    _LZMA = ()

#: What a member whose compressed data is damaged raises as it is read
#: (deflate, LZMA; bzip2's is an ``OSError``): no ``zipfile.BadZipFile``.
_DAMAGED: Final[tuple[type[Exception], ...]] = (zlib.error, *_LZMA)


#: A local file header: its signature, then (at 26) the lengths of the
#: name and of the extra field; the data follows them.
_LOCAL_HEADER: Final = 30
_LOCAL_SIGNATURE: Final = b"PK\x03\x04"
_NAME_LENGTHS: Final = struct.Struct("<HH")
#: Encrypted, "compressed patched data", strong encryption: what zipfile
#: refuses or decrypts.
_NOT_PLAIN: Final = 0x1 | 0x20 | 0x40
_UTF8_NAME: Final = 0x800


def plain_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The bytes of a member of ``zf`` read straight from the archive's
    file: its compressed data in one read and inflated in one call, with
    the checks ``zipfile`` makes (the local header's signature and name,
    the size and the CRC the directory gives); None for any member that is
    not stored or deflated and unencrypted, a ``zf`` not read from a file,
    inflated data over ``limit`` bytes, or anything amiss, which
    ``zipfile`` then reads (and refuses) as it does.  Reading a small
    member through ``ZipFile.open`` costs more than inflating it."""
    if info.flag_bits & _NOT_PLAIN or info.compress_type not in (
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
    ):
        return None
    try:
        fd = zf.fp.fileno() if zf.fp is not None else -1
        name = info.orig_filename.encode("utf-8" if info.flag_bits & _UTF8_NAME else "cp437")
        head = os.pread(fd, _LOCAL_HEADER + len(name), info.header_offset)
        if head[:4] != _LOCAL_SIGNATURE or head[_LOCAL_HEADER:] != name:
            return None
        named, extra = _NAME_LENGTHS.unpack_from(head, 26)
        start = info.header_offset + _LOCAL_HEADER + named + extra
        raw = os.pread(fd, info.compress_size, start)
        data = raw
        if info.compress_type == zipfile.ZIP_DEFLATED:
            data = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, limit + 1)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation, zlib.error):
        return None  # (io.UnsupportedOperation: a file in memory)
    if len(raw) != info.compress_size or len(data) != info.file_size or len(data) > limit:
        return None
    return data if zlib.crc32(data) == info.CRC else None


def read_member(member: IO[bytes], size: int, name: str) -> bytes:
    """Up to ``size`` bytes of an opened zip member; damaged compressed data
    is a broken archive (``zipfile.BadZipFile``), as a bad CRC is."""
    try:
        return member.read(size)
    except _DAMAGED as exc:
        raise zipfile.BadZipFile(f"damaged data in {name}: {exc}") from None


#: The manifest of an OpenDocument file, which gives the encryption data of
#: each part a password to open it encrypted (LibreOffice: every XML part),
#: and how much of it is looked through (its first parts' entries).
_ODF_MANIFEST: Final = "META-INF/manifest.xml"
_MANIFEST_LOOKED: Final = 1024 * 1024


def odf_detail(zf: zipfile.ZipFile) -> str:
    """The detail of the sniff of the OpenDocument text ``zf``:
    ``encrypted`` when a password to open it encrypted its parts (its
    manifest gives their encryption data), else "" (no manifest, or one
    that cannot be read: reading the file says what is wrong)."""
    try:
        info = zf.getinfo(_ODF_MANIFEST)
        with zf.open(info) as member:
            manifest = read_member(member, _MANIFEST_LOOKED, info.filename)
    except (KeyError, zipfile.BadZipFile, EOFError, NotImplementedError, OSError, ValueError):
        return ""
    return "encrypted" if b"encryption-data" in manifest else ""


#: The namespace of a package's relationships (``_rels/*.rels``).
RELS_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
#: The type of a package's main part (Transitional, and Strict Open XML).
MAIN_RELATIONSHIPS: Final = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    }
)
_WORD_PART: Final = re.compile(r"word/[^/]+\.xml")


def main_in_rels(rels: bytes, names: Collection[str]) -> str:
    """The Word part of ``names`` that a package's relationships ``rels``
    (its ``_rels/.rels``, already checked: no DOCTYPE) name as its main
    part: Word for the web saves ``word/document2.xml``, where Word saves
    ``word/document.xml``; "" when they name none."""
    try:
        root = ElementTree.fromstring(rels)
    except ElementTree.ParseError:
        return ""
    for rel in root.iter(f"{{{RELS_NS}}}Relationship"):
        target = rel.get("Target", "").lstrip("/")
        if (
            rel.get("Type") in MAIN_RELATIONSHIPS
            and rel.get("TargetMode") != "External"
            and _WORD_PART.fullmatch(target)
            and target in names
        ):
            return target
    return ""


def open_zip(fh: IO[bytes]) -> zipfile.ZipFile:
    """The zip archive of the opened file ``fh``.  An entry whose name is
    marked UTF-8 (flag bit 11) and is not (GBK bytes, as some Windows
    zippers write them), which ``zipfile`` refuses, is read as a name with
    no such mark (:class:`_NamesAsWritten`); raises as ``zipfile.ZipFile``
    does otherwise."""
    try:
        return zipfile.ZipFile(fh)
    except UnicodeDecodeError:
        fh.seek(0)
        return zipfile.ZipFile(_NamesAsWritten(fh))


#: The central directory's record of an entry: its signature, where its
#: flags are, its size before the name and where the lengths are.
_CENTRAL_SIGNATURE: Final = b"PK\x01\x02"
_CENTRAL_HEADER: Final = 46
_CENTRAL_LENGTHS: Final = struct.Struct("<HHH")


class _NamesAsWritten:
    """A zip archive's file, as ``zipfile`` reads it, with the UTF-8 mark
    (flag bit 11) taken off every name that is not UTF-8, in the central
    directory and in the entry's local header alike: ``zipfile`` then reads
    the name's bytes as they are (``cp437``), which
    :func:`~reform_brand.safeopen.entry_name` reads as GBK."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def seekable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fh.fileno()

    def close(self) -> None:
        self._fh.close()

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        if data.startswith(_CENTRAL_SIGNATURE):
            return _central_unmarked(data)
        if len(data) == _LOCAL_HEADER and data.startswith(_LOCAL_SIGNATURE):
            named = _NAME_LENGTHS.unpack_from(data, 26)[0]
            at = self._fh.tell()
            name = self._fh.read(named)
            self._fh.seek(at)
            return _unmarked(data, 6, name)
        return data


def _central_unmarked(data: bytes) -> bytes:
    """The central directory ``data`` with the UTF-8 mark taken off each
    name that is not UTF-8."""
    out = bytearray(data)
    at = 0
    while data.startswith(_CENTRAL_SIGNATURE, at) and at + _CENTRAL_HEADER <= len(data):
        named, extra, comment = _CENTRAL_LENGTHS.unpack_from(data, at + 28)
        name = data[at + _CENTRAL_HEADER : at + _CENTRAL_HEADER + named]
        out[at : at + _CENTRAL_HEADER] = _unmarked(data[at : at + _CENTRAL_HEADER], 8, name)
        at += _CENTRAL_HEADER + named + extra + comment
    return bytes(out)


def _unmarked(header: bytes, flags_at: int, name: bytes) -> bytes:
    """``header`` with the UTF-8 mark in its flags (at ``flags_at``) taken
    off when ``name`` is not UTF-8."""
    (flags,) = struct.unpack_from("<H", header, flags_at)
    if not flags & _UTF8_NAME:
        return header
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        out = bytearray(header)
        struct.pack_into("<H", out, flags_at, flags & ~_UTF8_NAME)
        return bytes(out)
    return header
