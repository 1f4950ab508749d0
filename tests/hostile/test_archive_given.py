"""An archive given to check where a submission JSON file is read (alone,
or among other files): said to be an archive to put in an inbox, never a
text that is not UTF-8 or not JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.safeopen import MAX_ZIP_ENTRIES
from reform_brand.submission import read_envelope
from tests.hostile.cases import EXAMPLES
from tests.inbox.archives import compressed, tar_archive, utf8_zip

NOW = "2022-08-22T09:00+08:00"
_TAR = tar_archive([("材料/申报表.json", b"{}")])

ARCHIVES = {
    "收件箱.tar": _TAR,
    "收件箱.tar.gz": compressed(_TAR, ".gz"),
    "收件箱.tar.bz2": compressed(_TAR, ".bz2"),
    "收件箱.tar.xz": compressed(_TAR, ".xz"),
    "收件箱.zip": utf8_zip([("申报表.json", b"{}")]),
    "收件箱.7z": b"7z\xbc\xaf\x27\x1c" + bytes(32),
    "收件箱.rar": b"Rar!\x1a\x07\x01\x00" + bytes(32),
}


@pytest.mark.parametrize("name", sorted(ARCHIVES))
def test_an_archive_is_not_a_submission_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(ARCHIVES[name])
    value, problems = read_envelope(path)
    assert value is None
    assert [code for code, _params in problems] == ["file.not-a-submission"]


def test_an_envelope_with_the_tar_mark_inside_is_read(tmp_path: Path) -> None:
    """The tar's mark at byte 257 of a JSON text is no tar archive."""
    env = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    text = json.dumps(env, ensure_ascii=True)
    raw = '{"x": "' + "a" * (257 - len('{"x": "')) + 'ustar", ' + text[1:]
    assert raw.encode()[257:262] == b"ustar"
    path = tmp_path / "s.json"
    path.write_text(raw, encoding="utf-8")
    value, problems = read_envelope(path)
    assert isinstance(value, dict) and problems == []


def test_an_archive_given_alone_gets_its_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "收件箱.tar.gz"
    path.write_bytes(ARCHIVES["收件箱.tar.gz"])
    assert main(["check", "shandong-2022", str(path), "--json", "--now", NOW]) == 1
    report = json.loads(capsys.readouterr().out)
    codes = [f["code"] for s in report["submissions"] for f in s["findings"]]
    assert codes == ["file.not-a-submission"]
    assert path.read_bytes() == ARCHIVES["收件箱.tar.gz"]


@pytest.mark.parametrize(
    "raw",
    [
        rb"{\rtf1\ansi\ansicpg936 {\fonttbl{\f0 SimSun;}}\f0 x\par}",
        b'<?xml version="1.0"?>\n<?mso-application progid="Word.Document"?>\n<w:wordDocument/>',
        b'<?xml version="1.0"?>\n<office:document xmlns:office="urn:x" office:version="1.3"/>',
    ],
    ids=["rtf", "word-xml", "fodt"],
)
def test_a_form_saved_as_another_document_is_not_a_submission_file(
    tmp_path: Path, raw: bytes
) -> None:
    """A form saved as RTF, Word XML or a flat .fodt given where a submission
    file is is named as what it is, not as JSON that does not parse."""
    path = tmp_path / "申报表.doc"
    path.write_bytes(raw)
    value, problems = read_envelope(path)
    assert value is None
    assert [code for code, _params in problems] == ["file.not-a-submission"]


@pytest.mark.parametrize(
    ("streams", "kind"),
    [
        (("Workbook",), ("unknown", "xls")),
        (("PowerPoint Document", "Current User"), ("unknown", "ppt")),
        (("EncryptionInfo", "EncryptedPackage"), ("doc", "encrypted")),
        (("WordDocument", "1Table"), ("doc", "")),
    ],
    ids=["xls", "ppt", "docx-with-a-password", "doc"],
)
def test_an_ole_file_given_is_named_by_its_streams(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    streams: tuple[str, ...],
    kind: tuple[str, str],
) -> None:
    """An Excel or PowerPoint 97-2003 file (or a .docx with a password)
    given where a submission file is is named as what its streams say it
    is, as the inbox names it: it was "a Word 97-2003 or WPS file"."""
    from reform_brand.safeopen import kind_name
    from tests.hostile.ole import ole

    path = tmp_path / "汇总表.xls"
    path.write_bytes(ole(*streams))
    value, problems = read_envelope(path)
    assert value is None
    [(code, params)] = problems
    expected = (
        kind_name(*kind) if kind[1] else ("Word 97-2003 或 WPS 文件", "a Word 97-2003 or WPS file")
    )
    assert (code, params["kind"], params["kind_en"]) == ("file.not-a-submission", *expected)
    assert main(["check", "shandong-2022", str(path), "--json", "--now", NOW]) == 1
    report = json.loads(capsys.readouterr().out)
    codes = [f["code"] for s in report["submissions"] for f in s["findings"]]
    assert codes == ["file.not-a-submission"]


def _xlsx() -> bytes:
    """An Excel workbook as Excel saves it (openpyxl)."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "单位"  # type: ignore[index]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _package(main: str) -> bytes:
    """An Office Open XML package whose main part is ``main``."""
    return utf8_zip([("[Content_Types].xml", b"<Types/>"), (main, b"<x/>")])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (_xlsx, ("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)")),
        (
            lambda: _package("ppt/presentation.xml"),
            ("PowerPoint 演示文稿（.pptx）", "a PowerPoint presentation (.pptx)"),
        ),
        (
            lambda: _package("xl/workbook.bin"),
            ("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"),
        ),
        (
            lambda: utf8_zip([("申报表.json", b"{}")]),
            ("Word 文件或压缩包", "a Word form or a zip archive"),
        ),
        (
            lambda: utf8_zip(
                [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<x/>")]
            ),
            ("Word 文件或压缩包", "a Word form or a zip archive"),
        ),
        (  # (its directory not read: more entries than a file may have)
            lambda: utf8_zip(
                [("[Content_Types].xml", b""), ("xl/workbook.xml", b"")]
                + [(f"x/{n}", b"") for n in range(MAX_ZIP_ENTRIES)]
            ),
            ("Word 文件或压缩包", "a Word form or a zip archive"),
        ),
    ],
    ids=["xlsx", "pptx", "xlsb", "zip", "docx", "too-many-entries"],
)
def test_an_office_package_given_is_named_by_its_parts(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    raw: Callable[[], bytes],
    expected: tuple[str, str],
) -> None:
    """An Excel workbook or a PowerPoint presentation given where a
    submission file is (alone, or as a .json of an inbox) is named as
    what its [Content_Types].xml and main part say it is, as an .xls is:
    it was "a Word form or a zip archive", whatever its name."""
    path = tmp_path / "汇总表.json"
    path.write_bytes(raw())
    value, problems = read_envelope(path)
    assert value is None
    [(code, params)] = problems
    assert (code, params["kind"], params["kind_en"]) == ("file.not-a-submission", *expected)
    assert main(["check", "shandong-2022", str(path), "--json", "--now", NOW]) == 1
    report = json.loads(capsys.readouterr().out)
    [finding] = [f for s in report["submissions"] for f in s["findings"]]
    assert (finding["code"], finding["params"]["kind"]["en"]) == (
        "file.not-a-submission",
        expected[1],
    )
    assert main(["check", "shandong-2022", str(tmp_path), "--json", "--now", NOW]) == 1
    report = json.loads(capsys.readouterr().out)
    [finding] = [f for s in report["submissions"] for f in s["findings"]]
    assert (finding["code"], finding["params"]["kind"]["en"]) == (
        "file.not-a-submission",
        expected[1],
    )
