"""A .docx protected by a password to open it is an OLE compound file, as a
Word 97-2003 document is: it is told apart by the ``EncryptedPackage``
stream its directory names, and read as ``read.unreadable`` (reason
``encrypted``), never as a legacy .doc to be saved as .docx."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.catalogue import Localized
from reform_brand.office import read_form
from reform_brand.safeopen import sniff

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


@pytest.fixture(scope="module")
def host() -> Host:
    return Host.create(block=())


def test_a_password_protected_docx_is_not_a_legacy_doc(host: Host, tmp_path: Path) -> None:
    path = tmp_path / "申报表.docx"
    path.write_bytes(ole("EncryptionInfo", "EncryptedPackage"))
    assert (sniff(path).kind, sniff(path).detail) == ("doc", "encrypted")
    result = read_form(host.edition("shandong-2022"), path)
    assert [f.code for f in result.findings] == ["read.unreadable"]
    detail = result.findings[0].params["detail"]
    assert isinstance(detail, Localized) and detail.value == "encrypted"


def test_a_word_97_document_is_still_a_legacy_doc(host: Host, tmp_path: Path) -> None:
    path = tmp_path / "申报表.doc"
    path.write_bytes(ole("WordDocument", "1Table"))
    assert (sniff(path).kind, sniff(path).detail) == ("doc", "")
    result = read_form(host.edition("shandong-2022"), path)
    assert [f.code for f in result.findings] == ["read.legacy-doc"]


@pytest.mark.parametrize("sector", [0xFFFFFFFE, 0xFFFFFFF0, 10_000_000])
def test_a_directory_out_of_the_file_is_a_legacy_doc(
    host: Host, tmp_path: Path, sector: int
) -> None:
    path = tmp_path / "x.doc"
    path.write_bytes(ole("EncryptedPackage", first_directory_sector=sector))
    assert sniff(path).kind == "doc"
    assert read_form(host.edition("shandong-2022"), path).findings[0].code == "read.legacy-doc"
