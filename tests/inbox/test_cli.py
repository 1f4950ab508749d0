"""The commands: read, check on an inbox with --report, demo; the outputs read
back (report.json against its schema, roster.xlsx with openpyxl, report.html)."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from reform_brand.cli import main
from reform_brand.model import Edition
from tests.hostile.ole import ole
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data

NOW = "2022-08-22T09:00:00+08:00"
HOSTILE_UNIT = '<script>alert("x")</script> & 单位'


def _schema() -> Draft202012Validator:
    text = (files("reform_brand") / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


@pytest.fixture
def small_inbox(edition: Edition, tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    mail = root / "mail"
    mail.mkdir(parents=True)
    (mail / "form.docx").write_bytes(
        E.filled(edition, "application", application_data(applicant_unit=HOSTILE_UNIT))
    )
    (mail / "form.pdf").write_bytes(E.minimal_pdf(["x"]))
    (mail / "manifest.json").write_text(
        json.dumps(
            {
                "arrived_at": "2022-08-16T10:00:00+08:00",
                "unit": {"kind": "city-association"},
                "reform_items": [1, 17],
            }
        ),
        encoding="utf-8",
    )
    return root


def test_read_json(edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.docx"
    path.write_bytes(E.filled(edition, "application", application_data()))
    assert main(["read", "shandong-2022", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["form"] == "application"
    assert out["findings"] == []
    assert out["envelope"]["data"] == application_data()
    assert out["envelope"]["unit"] == {"name": "济南市科协"}


def test_read_text_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.docx"
    path.write_bytes(b"%PDF-1.4 not a form")
    assert main(["read", "shandong-2022", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "read.not-docx" in out


def test_read_missing_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["read", "shandong-2022", str(tmp_path / "nope.docx")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_check_inbox_with_report(
    small_inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    code = main(
        ["check", "shandong-2022", str(small_inbox), "--now", NOW, "--report", str(out_dir)]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.out
    assert "roster.unknown-unit" in captured.out
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "forms",
        "reform-brand-output.json",
        "report.html",
        "report.json",
        "roster.xlsx",
    ]
    assert [p.suffix for p in (out_dir / "forms").iterdir()] == [".html"]
    # No temporary file left behind.
    assert not [p for p in out_dir.rglob("*") if p.name.startswith(".")]

    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert list(_schema().iter_errors(report)) == []
    inbox = report["inbox"]
    assert inbox["version"] == 1
    assert {f["path"]: f["role"] for f in inbox["files"]} == {
        "mail/form.docx": "word",
        "mail/form.pdf": "signed-scan",
        "mail/manifest.json": "manifest",
    }
    (sub,) = inbox["submissions"]
    assert sub["unit"] == HOSTILE_UNIT
    assert sub["reform_items"] == [1, 17]
    assert sub["on_time"] is True

    page = (out_dir / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 单位" in page
    assert 'id="quota-chart"' in page and 'id="items-chart"' in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_roster_reads_back(small_inbox: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out_dir = tmp_path / "out"
    assert (
        main(["check", "shandong-2022", str(small_inbox), "--now", NOW, "--report", str(out_dir)])
        == 0
    )
    wb = load_workbook(out_dir / "roster.xlsx")
    ws = wb["汇总表"]
    assert ws.freeze_panes == "A2"
    # Printed landscape, as wide as the page, the header on each page.
    assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)  # A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    fit = ws.sheet_properties.pageSetUpPr
    assert fit is not None and fit.fitToPage
    assert ws.print_title_rows == "$1:$1"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["序号", "单位", "单位类别"]
    assert ws.column_dimensions["F"].width == 40
    row = {h: c.value for h, c in zip(header, ws[2], strict=True)}
    assert row["单位"] == HOSTILE_UNIT
    assert row["单位类别"] == "市级科协"
    assert row["项目名称"] == application_data()["project_name"]
    assert row["改革事项"] == "1、17"
    assert row["是否按时"] == "按时"
    assert row["结论"] == "有警告"
    contact = row["联系人"]
    assert isinstance(contact, str) and "0531-82073271" in contact
    assert ws.max_row == 2
    findings = wb["问题清单"]
    # The scan is a text PDF (scan.not-scanned); the unit is not on the roster.
    codes = [row[4].value for row in findings.iter_rows(min_row=2)]
    assert "roster.unknown-unit" in codes


def test_roster_keeps_formulas_as_text(edition: Edition, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root = tmp_path / "inbox"
    root.mkdir()
    (root / "f.docx").write_bytes(
        E.filled(edition, "application", application_data(project_name='=HYPERLINK("x")'))
    )
    out_dir = tmp_path / "out"
    main(["check", "shandong-2022", str(root), "--now", NOW, "--report", str(out_dir)])
    ws = load_workbook(out_dir / "roster.xlsx")["汇总表"]
    assert ws["F2"].value == '\'=HYPERLINK("x")'
    assert ws["F2"].data_type == "s"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("+86 531 8207 3271", "+86 531 8207 3271"),
        ("-82073271", "-82073271"),
        ("+86(531)82073271", "+86(531)82073271"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("=1+1", "'=1+1"),
        # A tab or a line break before a formula hides it from the first
        # character only: a spreadsheet reading the CSV drops them.
        ("\t=1+2", "'\t=1+2"),
        ('\r\n=HYPERLINK("x")', '\'\r\n=HYPERLINK("x")'),
        ("\n@SUM(1)", "'\n@SUM(1)"),
        ("\t+86 531 8207 3271", "\t+86 531 8207 3271"),
    ],
)
def test_a_phone_number_is_no_formula(text: str, kept: str) -> None:
    from reform_brand.office._roster import _cell

    assert _cell(text) == kept


def test_report_overwrites_atomically(small_inbox: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "report.json").write_text("old", encoding="utf-8")
    assert (
        main(["check", "shandong-2022", str(small_inbox), "--now", NOW, "--report", str(out_dir)])
        == 0
    )
    assert json.loads((out_dir / "report.json").read_text(encoding="utf-8"))["inbox"]
    assert not [p for p in out_dir.iterdir() if p.name.endswith(".tmp")]


def test_json_output_of_an_inbox(small_inbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "shandong-2022", str(small_inbox), "--now", NOW, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(_schema().iter_errors(data)) == []
    assert data["counts"]["submissions"] == 1


def test_submission_json_folders_still_work_with_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = Path(str(files("reform_brand_shandong_2022") / "examples"))
    out_dir = tmp_path / "out"
    code = main(["check", "shandong-2022", str(examples), "--now", NOW, "--report", str(out_dir)])
    assert code == 1
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert list(_schema().iter_errors(report)) == []
    assert report["counts"]["submissions"] == len(report["inbox"]["submissions"])
    assert (out_dir / "roster.xlsx").stat().st_size > 0


def test_an_inbox_is_checked_alone(small_inbox: Path, tmp_path: Path) -> None:
    other = tmp_path / "x.json"
    other.write_text("{}", encoding="utf-8")
    assert main(["check", "shandong-2022", str(small_inbox), str(other)]) == 2


@pytest.mark.parametrize("option", ["--report", "--export-envelopes"])
def test_an_output_into_a_folder_of_received_files_is_refused(
    small_inbox: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report written into a unit's folder of the inbox marked it as an
    output: from the next check on, that unit's submissions were passed
    over without a word.  It is refused; a new sub-folder is not."""
    checked = ["check", "shandong-2022", str(small_inbox), "--json"]
    before = json.loads(_out(capsys, checked))
    assert before["submissions"]
    base = small_inbox / "mail"
    for lang in ("zh", "en"):
        assert main([*checked, option, str(base), "--lang", lang]) == 2
        err = capsys.readouterr().err
        assert err.rstrip().endswith("[cli.usage]") and str(base) in err, err
    assert json.loads(_out(capsys, checked))["submissions"] == before["submissions"]
    assert main([*checked, option, str(base / "new")]) == main(checked)
    capsys.readouterr()
    assert json.loads(_out(capsys, checked))["submissions"] == before["submissions"]


def _out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    main(argv)
    return capsys.readouterr().out


def test_unwritable_report_dir(small_inbox: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["check", "shandong-2022", str(small_inbox), "--report", str(blocker / "out")]) == 2


# -- progress on a terminal only ---------------------------------------------------


def _big_inbox(root: Path) -> Path:
    for i in range(25):
        (root / f"junk{i:02d}.bin").write_bytes(b"junk")
    return root


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    root = _big_inbox(tmp_path)
    (root / "a.pdf").write_bytes(b"%PDF-1.4")
    proc = subprocess.run(
        [sys.executable, "-m", "reform_brand", "check", "shandong-2022", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "\r" not in proc.stderr
    assert "读取" not in proc.stderr


def test_progress_on_a_terminal(tmp_path: Path) -> None:
    root = _big_inbox(tmp_path)
    (root / "a.pdf").write_bytes(b"%PDF-1.4")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reform_brand", "check", "shandong-2022", str(root), "--lang", "en"],
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert "reading 26/26" in text


@pytest.mark.parametrize("given", [".", "./", "sub/..", ".."])
def test_an_inbox_given_as_a_relative_path_reads_every_file_where_it_is(
    tmp_path: Path,
    given: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every file of an inbox given as ``.`` (or any path with ``./`` or
    ``..`` in it) is read under its own name, in sub-folders too."""
    from tests.conftest import REFERENCE_DATA

    example = REFERENCE_DATA.parent / "examples" / "ok-society.json"
    root = tmp_path / "inbox"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "sub" / "deeper" / "a.json").write_bytes(example.read_bytes())
    (root / "b.json").write_bytes(example.read_bytes())
    monkeypatch.chdir(root if given != ".." else root / "sub")
    main(["check", "shandong-2022", given, "--json", "--now", "2022-08-25T00:00:00+08:00"])
    report = json.loads(capsys.readouterr().out)
    files = sorted(f["path"] for f in report["inbox"]["files"])
    assert files == ["b.json", "sub/deeper/a.json"]
    codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert "file.unreadable" not in codes


def test_every_file_kind_of_the_ledger_is_in_the_report_schema(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "inbox"
    root.mkdir()
    contents = {
        "a.7z": b"7z\xbc\xaf\x27\x1c" + bytes(32),
        "a.rar": b"Rar!\x1a\x07\x00" + bytes(32),
        "a.jpg": b"\xff\xd8\xff\xe0" + bytes(32),
        "a.png": b"\x89PNG\r\n\x1a\n" + bytes(32),
        "a.gif": b"GIF89a" + bytes(32),
        "a.tif": b"II*\x00" + bytes(32),
        "winmail.dat": b"\x78\x9f\x3e\x22" + bytes(32),
        "a.bin": bytes(range(1, 40)),
        "a.txt": "说明".encode(),
        "a.xls": ole("Workbook"),
        "a.ppt": ole("PowerPoint Document"),
        "a.xlsx": _office("xl/workbook.xml"),
        "a.pptx": _office("ppt/presentation.xml"),
    }
    for name, data in contents.items():
        (root / name).write_bytes(data)
    main(["check", "shandong-2022", str(root), "--now", NOW, "--json"])
    report = json.loads(capsys.readouterr().out)
    kinds = {f["path"]: f["kind"] for f in report["inbox"]["files"]}
    assert kinds == {
        "a.7z": "7z",
        "a.rar": "rar",
        "a.jpg": "jpeg",
        "a.png": "png",
        "a.gif": "gif",
        "a.tif": "tiff",
        "winmail.dat": "tnef",
        "a.bin": "unknown",
        "a.txt": "text",
        "a.xls": "xls",
        "a.ppt": "ppt",
        "a.xlsx": "xlsx",
        "a.pptx": "pptx",
    }
    assert [e.message for e in _schema().iter_errors(report)] == []


def _office(main: str) -> bytes:
    """An Office Open XML package whose main part is ``main``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(main, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize("json_batch", [False, True])
def test_the_check_line_gives_its_time_on_the_offices_clock(
    small_inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], json_batch: bool
) -> None:
    """The first line of `check` gives the time of the check on the
    office's clock (the deadline's zone, +08:00), whatever zone --now was
    written in: in Chinese as the notice writes a time, in English as ISO
    8601; for an inbox and a JSON batch."""
    if json_batch:
        out = tmp_path / "envelopes"
        main(["check", "shandong-2022", str(small_inbox), "--export-envelopes", str(out)])
        capsys.readouterr()
        paths = [
            str(p) for p in sorted(out.rglob("*.json")) if p.name != "reform-brand-output.json"
        ]
    else:
        paths = [str(small_inbox)]
    main(["check", "shandong-2022", *paths, "--now", "2022-08-22T01:00:00+00:00"])
    first = capsys.readouterr().out.splitlines()[0]
    assert "2022年8月22日 09:00（北京时间）" in first, first
    args = ["check", "shandong-2022", *paths, "--now", "2022-08-22T01:00:00+00:00", "--lang", "en"]
    main(args)
    first = capsys.readouterr().out.splitlines()[0]
    assert "2022-08-22T09:00:00+08:00" in first, first


def test_an_inbox_given_twice_is_checked_once(
    small_inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "link"
    link.symlink_to(small_inbox, target_is_directory=True)
    for again in (str(small_inbox), f"{small_inbox}/", str(link)):
        code = main(["check", "shandong-2022", str(small_inbox), again, "--now", NOW, "--json"])
        out = capsys.readouterr()
        assert code == 0, out.err
        data = json.loads(out.out)
        assert data["inbox"]["root"] == str(small_inbox)
        assert data["counts"]["submissions"] == 1
    # Given with another path, it is still checked alone.
    other = tmp_path / "x.json"
    other.write_text("{}", encoding="utf-8")
    assert main(["check", "shandong-2022", str(small_inbox), str(small_inbox), str(other)]) == 2
