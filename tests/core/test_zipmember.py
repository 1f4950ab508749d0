"""A zip member read straight from the archive's file (``plain_member``)
gives exactly what ``zipfile`` gives, and leaves to ``zipfile`` every
member it does not read as ``zipfile`` would: compressed otherwise,
encrypted, damaged, misnamed, over the limit, or in an archive in memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reform_brand._zipmember import plain_member

PARTS = {
    "[Content_Types].xml": b"<Types/>" * 50,
    "word/document.xml": "<w:document>申报表</w:document>".encode() * 300,
    "word/空.xml": b"",
    "docProps/核心.xml": b"<cp/>",
}


def _archive(path: Path, compression: int = zipfile.ZIP_DEFLATED, prefix: bytes = b"") -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in PARTS.items():
            zf.writestr(name, data)
    path.write_bytes(prefix + buf.getvalue())
    return path


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
@pytest.mark.parametrize("prefix", [b"", b"MZ" + b"\0" * 500])
def test_a_plain_member_is_what_zipfile_reads(
    tmp_path: Path, compression: int, prefix: bytes
) -> None:
    path = _archive(tmp_path / "a.docx", compression, prefix)
    with open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
        for info in zf.infolist():
            assert plain_member(zf, info, 1 << 20) == zf.read(info) == PARTS[info.filename]


class _Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek in: it writes each member's sizes and
    CRC after its data (a data descriptor, flag bit 3)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.data += b
        return len(b)


def test_members_with_a_data_descriptor_or_zip64_sizes_are_what_zipfile_reads(
    tmp_path: Path,
) -> None:
    out = _Unseekable()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in PARTS.items():
            with zf.open(name, "w", force_zip64=name.endswith("document.xml")) as member:
                member.write(data)
    path = tmp_path / "streamed.docx"
    path.write_bytes(bytes(out.data))
    with open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
        assert all(info.flag_bits & 0x8 for info in zf.infolist())
        for info in zf.infolist():
            assert plain_member(zf, info, 1 << 20) == zf.read(info) == PARTS[info.filename]


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_other_compressions_are_left_to_zipfile(tmp_path: Path, compression: int) -> None:
    path = _archive(tmp_path / "a.docx", compression)
    with open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
        assert all(plain_member(zf, info, 1 << 20) is None for info in zf.infolist())


def test_an_archive_in_memory_and_a_member_over_the_limit_are_left_to_zipfile(
    tmp_path: Path,
) -> None:
    path = _archive(tmp_path / "a.docx")
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as zf:
        assert plain_member(zf, zf.getinfo("word/document.xml"), 1 << 20) is None
    with open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
        info = zf.getinfo("word/document.xml")
        assert plain_member(zf, info, info.file_size - 1) is None
        assert plain_member(zf, info, info.file_size) == PARTS["word/document.xml"]


def _central(data: bytes, name: str) -> int:
    """Where the directory's entry for ``name`` starts."""
    at = data.find(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name.encode())] != name.encode():
        at = data.find(b"PK\x01\x02", at + 1)
    return at


@pytest.mark.parametrize(
    "damage", ["data", "crc", "local-name", "signature", "encrypted", "patched", "strong"]
)
def test_anything_amiss_is_left_to_zipfile_which_refuses_it(tmp_path: Path, damage: str) -> None:
    path = _archive(tmp_path / "a.docx", zipfile.ZIP_STORED)
    name = "word/document.xml"
    data = bytearray(path.read_bytes())
    central = _central(bytes(data), name)
    local = int.from_bytes(data[central + 42 : central + 46], "little")
    if damage == "data":  # the stored bytes changed: the CRC no longer holds
        data[local + 30 + len(name) + 5] ^= 0xFF
    elif damage == "crc":  # the CRC changed, in both headers
        data[local + 14] ^= 0xFF
        data[central + 16] ^= 0xFF
    elif damage == "local-name":
        data[local + 30] = ord("W")
    elif damage == "signature":
        data[local + 3] = 0
    else:  # a flag of the directory's (which zipfile reads)
        data[central + 8] |= {"encrypted": 0x1, "patched": 0x20, "strong": 0x40}[damage]
    path.write_bytes(bytes(data))
    with open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
        info = zf.getinfo(name)
        assert plain_member(zf, info, 1 << 20) is None
        with pytest.raises((zipfile.BadZipFile, RuntimeError, NotImplementedError)):
            zf.read(info)
