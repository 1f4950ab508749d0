"""Zip members whose compressed data is damaged (a flipped byte in the
deflate stream): zlib's own error is a broken file like a bad CRC, a finding
for that file alone, never the end of the batch."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.office._pairing import document_modified
from reform_brand.safeopen import UnsafeFileError, check_docx
from tests.validation.helpers import APPLICATION, NOW, PDF, minimal_docx


def damaged(data: bytes, member: str) -> bytes:
    """``data`` (a zip file) with the first byte of ``member``'s deflate
    stream set to a block type that does not exist."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    name_len, extra_len = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    out = bytearray(data)
    out[start] = 0xFF
    return bytes(out)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _check(*args: str) -> tuple[int, dict[str, object]]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "shandong-2022", *args, "--json", "--now", NOW.isoformat()])
    return code, json.loads(out.getvalue())


def test_a_docx_with_damaged_data_is_no_docx(tmp_path: Path) -> None:
    path = tmp_path / "form.docx"
    path.write_bytes(damaged(minimal_docx(), "word/document.xml"))
    with pytest.raises(UnsafeFileError) as caught:
        check_docx(path)
    assert caught.value.code == "read.not-docx"


def test_a_damaged_core_part_gives_no_modified_time(tmp_path: Path) -> None:
    data = _zip({"word/document.xml": b"<w:document/>", "docProps/core.xml": b"<cp/>" * 50})
    path = tmp_path / "form.docx"
    path.write_bytes(damaged(data, "docProps/core.xml"))
    assert document_modified(path) == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_attachment_with_damaged_data_is_a_finding_of_its_submission(
    tmp_path: Path, jobs: str
) -> None:
    (tmp_path / "scan.pdf").write_bytes(PDF)
    (tmp_path / "form.docx").write_bytes(damaged(minimal_docx(), "word/document.xml"))
    good = tmp_path / "good"
    good.mkdir()
    (good / "scan.pdf").write_bytes(PDF)
    (good / "form.docx").write_bytes(minimal_docx())
    paths = []
    for i, folder in enumerate((tmp_path, good)):
        env = json.loads(json.dumps(APPLICATION))
        env["id"] = f"s{i}"
        env["data"]["project_name"] = f"项目{i}"  # (two projects, not two versions)
        path = folder / f"{i}.json"
        path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    code, report = _check(*paths, "--jobs", jobs)
    assert code == 1
    subs = {s["id"]: s for s in report["submissions"]}  # type: ignore[attr-defined]
    bad = {(f["code"], f["pointer"]) for f in subs["s0"]["findings"]}
    fine = {f["pointer"] for f in subs["s1"]["findings"]}
    assert any(p.startswith("/attachments/") for _c, p in bad), bad
    assert not any(p.startswith("/attachments/") for p in fine), fine


def test_inbox_files_with_damaged_data_are_unreadable_and_the_rest_is_read(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "申报表.docx").write_bytes(damaged(minimal_docx(), "word/document.xml"))
    archive = _zip({"内/申报表.docx": minimal_docx() * 3, "内/说明.txt": "收件说明".encode()})
    (inbox / "收件.zip").write_bytes(damaged(archive, "内/申报表.docx"))
    code, report = _check(str(inbox))
    assert code == 1
    files = {f["path"]: f for f in report["inbox"]["files"]}  # type: ignore[index]
    assert files["申报表.docx"]["code"] == "inbox.unreadable"
    assert files["收件.zip!/内/申报表.docx"]["code"] == "inbox.unreadable"
    assert files["收件.zip!/内/说明.txt"]["status"] != "unreadable"
