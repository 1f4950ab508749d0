"""A .docx protected by a password to open it is an OLE compound file, as a
Word 97-2003 document is: it is told apart by the ``EncryptedPackage``
stream its directory names, and read as ``read.unreadable`` (reason
``encrypted``), never as a legacy .doc to be saved as .docx."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.catalogue import Localized
from reform_brand.cli import main
from reform_brand.office import read_form
from reform_brand.safeopen import sniff
from tests.hostile.ole import ole


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


def test_the_inbox_says_the_password_not_the_name(tmp_path: Path) -> None:
    from tests.hostile.cases import CASES
    from tests.hostile.test_corpus import codes_of

    case = next(c for c in CASES if c.id == "inbox-password-docx")
    args = case.build(tmp_path)
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(args) == 1
    codes = codes_of(case, out.getvalue(), "")
    assert "read.unreadable" in codes
    assert not codes & {"read.legacy-doc", "deliverables.misnamed"}
