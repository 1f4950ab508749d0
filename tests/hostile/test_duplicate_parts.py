"""A .docx or .odt holding two parts of one name: which of them a reader
takes is its own choice, so what is checked need not be what Word or
LibreOffice shows.  Such a file is refused as ``read.unsafe-zip`` (reason
``duplicates``), whichever way it comes in."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.office import read_form
from reform_brand.safeopen import UnsafeFileError, check_docx, sniff
from tests.hostile.cases import duplicate_parts
from tests.hostile.odt_bombs import repeated_tables


def _twice(data: bytes, name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # (a name given twice)
            dst.writestr(zipfile.ZipInfo(name), src.read(name))
    return out.getvalue()


def test_a_docx_with_two_main_parts_is_unsafe(tmp_path: Path) -> None:
    path = tmp_path / "form.docx"
    duplicate_parts(path)
    found = sniff(path)
    assert (found.kind, found.code) == ("unsafe", "read.unsafe-zip")
    assert found.params["reason"] == "duplicates"
    assert found.params["value"] == 1
    with pytest.raises(UnsafeFileError) as caught:
        check_docx(path)
    assert caught.value.code == "read.unsafe-zip"
    result = read_form(Host.create(block=()).edition("shandong-2022"), path)
    assert [(f.code, f.params["reason"]) for f in result.findings] == [
        ("read.unsafe-zip", "duplicates")
    ]


def test_an_odt_with_two_contents_is_unsafe(tmp_path: Path) -> None:
    path = tmp_path / "form.odt"
    path.write_bytes(_twice(repeated_tables(1), "content.xml"))
    found = sniff(path)
    assert (found.kind, found.code, found.params["reason"]) == (
        "unsafe",
        "read.unsafe-zip",
        "duplicates",
    )


def test_a_plain_archive_with_two_entries_of_one_name_is_still_opened(tmp_path: Path) -> None:
    # (A received .zip refuses the second entry alone: inbox.archive-entry-refused.)
    path = tmp_path / "files.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "a")
    path.write_bytes(_twice(buf.getvalue(), "a.txt"))
    assert sniff(path).kind == "zip"
