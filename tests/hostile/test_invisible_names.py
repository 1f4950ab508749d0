"""Names that look alike, or read as another: ``申报表.docx`` and
``申报表\\u200b.docx`` (a zero-width space) in one inbox, ``a\\u202excod.exe``
(a right-to-left override: it shows as ``aexe.docx``).  Wherever a name is
shown to a person (the text of ``check``, report.html, roster.xlsx) its
invisible and format characters are written out (``\\u200b``, ``\\u202e``),
as its line breaks are in the text (``\\x0a``); the JSON outputs keep it
exact."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reform_brand._text import written_out
from reform_brand.cli import main
from reform_brand.model import Edition
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data
from tests.inbox.test_formats import MANIFEST, PDF

NOW = "2022-08-20T10:00+08:00"
#: The format characters a name may hide (Unicode's Cf), the bidi controls
#: first, as each is written out.
FORMAT = {
    "\u202a": "\\u202a",
    "\u202b": "\\u202b",
    "\u202c": "\\u202c",
    "\u202d": "\\u202d",
    "\u202e": "\\u202e",
    "\u2066": "\\u2066",
    "\u2067": "\\u2067",
    "\u2068": "\\u2068",
    "\u2069": "\\u2069",
    "\u200e": "\\u200e",
    "\u200f": "\\u200f",
    "\u061c": "\\u061c",
    "\u200b": "\\u200b",
    "\u200c": "\\u200c",
    "\u200d": "\\u200d",
    "\u2060": "\\u2060",
    "\ufeff": "\\ufeff",
    "\u00ad": "\\xad",
    "\u180e": "\\u180e",
    "\u2061": "\\u2061",
    "\ufff9": "\\ufff9",
    "\U000e0001": "\\U000e0001",  # (a language tag, beyond the BMP)
}


@pytest.mark.parametrize("ch", sorted(FORMAT))
def test_each_format_character_is_written_out(ch: str) -> None:
    assert written_out(f"申报表{ch}.docx") == f"申报表{FORMAT[ch]}.docx"
    assert written_out(f"申报表{ch}.docx", lines=True) == f"申报表{FORMAT[ch]}.docx"


def test_what_shows_stays_and_line_ends_as_asked() -> None:
    shown = "申报表　（第2版） ①\t№ 𠀀 😀 é.docx"  # (an ideographic space, a tab)
    assert written_out(shown) == shown
    assert written_out("a\nb\r\x85\u2028c\x1b") == "a\\x0ab\\x0d\\x85\\u2028c\\x1b"
    assert written_out("a\nb\r\x85\u2028c\x1b", lines=True) == "a\nb\r\x85\u2028c\\x1b"


TWIN = "申报表\u200b.bin"
REVERSED = "a\u202excod.exe"
WORD = "申报表\u200b.docx"


@pytest.fixture
def inbox(edition: Edition, tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    folder = root / "2022-08-15 济南市科协"
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    (folder / WORD).write_bytes(E.filled(edition, "application", application_data()))
    (folder / "申报表.pdf").write_bytes(PDF)
    (root / "申报表.bin").write_bytes(b"x" * 10)
    (root / TWIN).write_bytes(b"y" * 10)
    (root / REVERSED).write_bytes(b"z" * 10)
    return root


def test_the_text_of_check_tells_the_names_apart(
    inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "shandong-2022", str(inbox), "--now", NOW, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "\u200b" not in out and "\u202e" not in out
    lines = out.splitlines()
    assert sum("inbox.unknown-file 申报表.bin:" in line for line in lines) == 1
    assert sum("inbox.unknown-file 申报表\\u200b.bin:" in line for line in lines) == 1
    assert sum("inbox.unknown-file a\\u202excod.exe:" in line for line in lines) == 1
    assert any(line.startswith("  2022-08-15 济南市科协/申报表\\u200b.docx") for line in lines)


def test_the_json_keeps_the_names_exact(inbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "shandong-2022", str(inbox), "--now", NOW, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    files = {f["file"] for f in report["findings"] if f["code"] == "inbox.unknown-file"}
    assert files == {"申报表.bin", TWIN, REVERSED}
    assert [s["file"] for s in report["submissions"]] == [f"2022-08-15 济南市科协/{WORD}"]


def test_the_report_folder_tells_the_names_apart(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    assert main(["check", "shandong-2022", str(inbox), "--now", NOW, "--report", str(out)]) == 0
    capsys.readouterr()
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "\u200b" not in page and "\u202e" not in page
    # (In the findings and in the list of every file.)
    assert page.count("申报表\\u200b.bin") >= 2 and page.count("a\\u202excod.exe") >= 2
    assert page.count("申报表\\u200b.docx") >= 2  # (its submission, its file)
    book = load_workbook(io.BytesIO((out / "roster.xlsx").read_bytes()))
    cells = [
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    ]
    assert not [c for c in cells if "\u200b" in c or "\u202e" in c]
    assert "2022-08-15 济南市科协/申报表\\u200b.docx" in cells
    assert {"申报表\\u200b.bin", "a\\u202excod.exe", "申报表.bin"} <= set(cells)
    saved = json.loads((out / "report.json").read_text(encoding="utf-8"))
    paths = {f["path"] for f in saved["inbox"]["files"]}
    assert {TWIN, REVERSED, f"2022-08-15 济南市科协/{WORD}"} <= paths
