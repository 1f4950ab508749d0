"""The bundled example inbox: in sync with its maker, and the demo command
gives the findings it was built to show."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.model import Edition
from tests.inbox.demo_more import REAL_SCANS
from tests.inbox.make_demo import DEMO_DIR, build

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _calc_installed() -> bool:
    """LibreOffice Calc's library beside soffice (Debian: libreoffice-calc-nogui)."""
    if SOFFICE is None:
        return False
    program = Path(SOFFICE).resolve().parent
    return (program / "libsclo.so").exists() or any(program.glob("libsc*lo.*"))


def _image_only_pdf(data: bytes) -> bool:
    """A scanner's PDF: JPEG page images, no fonts (no text layer)."""
    return data.startswith(b"%PDF-") and b"/DCTDecode" in data and b"/Font" not in data


def test_demo_inbox_is_what_the_maker_builds(edition: Edition) -> None:
    expected = build(edition, real_scans=False)
    shipped = {
        p.relative_to(DEMO_DIR).as_posix(): p.read_bytes()
        for p in sorted(DEMO_DIR.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert sorted(shipped) == sorted(expected), "run: python -m tests.inbox.make_demo"
    for name, data in expected.items():
        if name in REAL_SCANS:  # printed and rasterised: not byte-for-byte repeatable
            assert _image_only_pdf(shipped[name]), f"{name}: run: python -m tests.inbox.make_demo"
            continue
        assert shipped[name] == data, f"{name} differs; run: python -m tests.inbox.make_demo"


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "demo-out"
    assert main(["demo", "-o", str(out), "--lang", "en"]) == 0
    return out


@pytest.fixture(scope="module")
def demo_report(demo_out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((demo_out / "report.json").read_text(encoding="utf-8"))
    return data


def _codes_of(report: dict[str, object], needle: str) -> set[tuple[str, str]]:
    subs = report["submissions"]
    assert isinstance(subs, list)
    return {(f["code"], f["pointer"]) for s in subs if needle in s["id"] for f in s["findings"]}


def test_demo_writes_every_output(demo_out: Path) -> None:
    assert {p.name for p in demo_out.iterdir()} == {
        "reform-brand-output.json",
        "report.json",
        "report.html",
        "roster.xlsx",
        "forms",
    }
    assert len(list((demo_out / "forms").glob("*.html"))) == 26


def test_demo_report_json_follows_its_schema(demo_report: dict[str, object]) -> None:
    """Every file kind the demo's inbox holds (an .odt form, an .mbox's mails
    and their bodies) is one the schema names."""
    from importlib.resources import files

    from jsonschema import Draft202012Validator

    text = (files("reform_brand") / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    errors = Draft202012Validator(json.loads(text)).iter_errors(demo_report)
    assert [(e.json_path, e.message) for e in errors] == []
    inbox = demo_report["inbox"]
    assert isinstance(inbox, dict)
    assert {"odt", "mail", "mail-body"} <= {f["kind"] for f in inbox["files"]}


def test_demo_findings(demo_report: dict[str, object]) -> None:
    assert ("deadline.late", "/arrived_at") in _codes_of(demo_report, "潍坊")
    assert ("read.unreadable", "") in _codes_of(demo_report, "临沂")
    assert ("roster.unknown-unit", "/unit/name") in _codes_of(demo_report, "威海")
    assert ("contact.full-width", "/data/contact/office_phone") in _codes_of(demo_report, "淄博")
    assert ("inbox.kind-unknown", "/unit/kind") in _codes_of(demo_report, "机械工程学会")
    # Clean but for the scans: the demo's scans are PDFs with a text layer
    # standing in for a scanner's output (scan.not-scanned).
    exported = {("scan.not-scanned", "/attachments/1/path")}
    for clean in (
        "济南市科协/申报表-三长",
        "历城区",
        "德州",
        "山东省科技馆",
        "浪潮",
        "2022-08-19 烟台",
        "泰安市科协申报材料.zip!/泰安市科协申报表.docx",
    ):
        assert _codes_of(demo_report, clean) <= exported, clean
    batch = demo_report["findings"]
    assert isinstance(batch, list)
    quota = [f for f in batch if f["code"] == "quota.exceeded"]
    assert [f["unit"] for f in quota] == ["青岛市科协"]
    assert len(quota[0]["params"]["submissions"]) == 4
    too_long = [f for f in batch if f["code"] == "material.too-long"]
    assert [f["unit"] for f in too_long] == ["烟台市科协"]


def test_demo_holds_what_its_help_says(demo_report: dict[str, object]) -> None:
    """``demo --help`` and docs/cli.md describe the example inbox: twenty
    units (the misspelled one among them), two late mails, one city over its
    quota, one broken file."""
    subs = demo_report["submissions"]
    assert isinstance(subs, list)
    assert len({s["unit"] for s in subs}) == 20
    late = sorted(s["unit"] for s in subs for f in s["findings"] if f["code"] == "deadline.late")
    assert late == ["潍坊市科协", "烟台市科协"]
    broken = [s["unit"] for s in subs for f in s["findings"] if f["code"] == "read.unreadable"]
    assert broken == ["临沂市科协"]


def _facts(report: dict[str, object]) -> dict[str, dict[str, object]]:
    inbox = report["inbox"]
    assert isinstance(inbox, dict)
    return {s["id"]: s for s in inbox["submissions"]}


def test_demo_reads_archives_odt_mail_and_real_scans(demo_report: dict[str, object]) -> None:
    facts = _facts(demo_report)
    taian = facts["2022-08-18 泰安市科协/泰安市科协申报材料.zip!/泰安市科协申报表.docx"]
    assert taian["read"] and taian["unit"] == "泰安市科协"
    assert (
        taian["scan"]
        == "2022-08-18 泰安市科协/泰安市科协申报材料.zip!/泰安市科协申报表（盖章）.pdf"
    )
    rizhao = facts["2022-08-17 日照市科协/日照市科协申报表.odt"]
    assert rizhao["read"] and rizhao["project_name"] == "海洋科普研学基地建设"
    assert not {c for c, _p in _codes_of(demo_report, "日照") if c.startswith(("read.", "deliv"))}
    mailed = {s["unit"]: s for s in facts.values() if str(s["id"]).startswith("收件箱导出.mbox!/")}
    assert set(mailed) == {"菏泽市科协", "枣庄市科协"}
    assert mailed["枣庄市科协"]["arrived_at"] == "2022-08-20T22:47:31+08:00"
    assert mailed["枣庄市科协"]["sender"] == "zzkx@example.cn"
    assert ("deadline.late", "/arrived_at") in _codes_of(demo_report, "2022-08-21 烟台")
    assert ("scan.no-seal", "/attachments/1/path") in _codes_of(demo_report, "聊城")
    assert ("scan.mismatch", "/attachments/1/path") in _codes_of(demo_report, "滨州")
    revised = facts["2022-08-19 东营市科协/东营市科协申报表(修改版).docx"]
    assert revised["scan"] == "2022-08-19 东营市科协/东营市科协申报表(修改版)-盖章.pdf"


def test_demo_accounts_for_every_file(demo_report: dict[str, object]) -> None:
    inbox = demo_report["inbox"]
    assert isinstance(inbox, dict)
    shipped = {
        p.relative_to(DEMO_DIR).as_posix()
        for p in DEMO_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    listed = {f["path"] for f in inbox["files"]}
    assert shipped <= listed
    # The rest are the entries of the archive and the mails of the mailbox.
    assert {p.split("!/", 1)[0] for p in listed - shipped} == {
        "2022-08-18 泰安市科协/泰安市科协申报材料.zip",
        "收件箱导出.mbox",
    }
    mails = [f for f in inbox["files"] if f["kind"] == "mail" and f["role"] == "mail"]
    assert len(mails) == 2
    ignored = {f["path"]: f["code"] for f in inbox["files"] if f["status"] == "ignored"}
    assert ignored == {
        "2022-08-20 浪潮集团科协/Thumbs.db": "inbox.ignored",
        "2022-08-20 浪潮集团科协/~$潮集团科协申报表.docx": "inbox.ignored",
        "2022-08-20 浪潮集团科协/现场照片.jpg": "inbox.unknown-file",
        "收件说明.txt": "inbox.unknown-file",
    }


def test_file_findings_name_the_unit_of_their_folder(demo_report: dict[str, object]) -> None:
    """A finding about a file of a unit's e-mail folder (or of a mail whose
    unit was guessed) is grouped under that unit in every output; a file at
    the inbox's top stays about no unit."""
    findings = demo_report["findings"]
    assert isinstance(findings, list)
    units = {(f["code"], f["file"]): f.get("unit", "") for f in findings if f.get("file")}
    assert units[("inbox.ignored", "2022-08-20 浪潮集团科协/Thumbs.db")] == "浪潮集团科协"
    assert units[("inbox.unknown-file", "2022-08-20 浪潮集团科协/现场照片.jpg")] == "浪潮集团科协"
    assert units[("mail.unit-guessed", "收件箱导出.mbox!/2022-08-18-hzkx-1/")] == "菏泽市科协"
    assert units[("inbox.unknown-file", "收件说明.txt")] == ""


@pytest.mark.skipif(
    not _calc_installed(),
    reason="LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui)",
)
def test_roster_opens_in_libreoffice(demo_out: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(demo_out / "roster.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    lines = (tmp_path / "roster.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("No.,Unit,Kind")
    assert len(lines) == 1 + 27
    assert any("青岛市科协" in line and "海洋科技社团联合体建设" in line for line in lines)


def test_demo_report_shows_the_seals_of_the_real_scans(demo_out: Path) -> None:
    import openpyxl

    sheet = openpyxl.load_workbook(demo_out / "roster.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    unit, seal = header.index("Unit"), header.index("Seal")
    seals = {row[unit].value: row[seal].value for row in sheet.iter_rows(min_row=2)}
    assert seals["滨州市科协"] == "found"  # stamped, but a scan of another project
    assert seals["聊城市科协"] == "not seen"
    html = (demo_out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 2


def test_scans_inside_an_archive_or_a_mail_have_pictures_too(demo_out: Path) -> None:
    """泰安's scan is in a .zip and 菏泽's and 枣庄's come in an .mbox: the
    roster says whether a seal was seen on each, as for any other scan."""
    import openpyxl

    sheet = openpyxl.load_workbook(demo_out / "roster.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    unit, seal = header.index("Unit"), header.index("Seal")
    seals = {row[unit].value: row[seal].value for row in sheet.iter_rows(min_row=2)}
    for name in ("泰安市科协", "菏泽市科协", "枣庄市科协"):
        assert seals[name] in ("found", "not seen"), (name, seals[name])


def test_an_earlier_version_is_marked_as_counting_nowhere(
    demo_out: Path, demo_report: dict[str, object]
) -> None:
    """The 东营 form's first version, replaced by its revision, says so in the
    roster and on the page, not only in report.json's superseded_by."""
    from openpyxl import load_workbook

    subs = demo_report["submissions"]
    assert isinstance(subs, list)
    replaced = {s["file"] for s in subs if s.get("superseded_by")}
    assert replaced == {"2022-08-19 东营市科协/东营市科协申报表.docx"}
    ws = load_workbook(demo_out / "roster.xlsx").worksheets[0]
    header = [c.value for c in ws[1]]
    verdict, word = header.index("Verdict"), header.index("Word file")
    marked = {r[word].value for r in ws.iter_rows(min_row=2) if "replaced" in str(r[verdict].value)}
    assert marked == replaced
    page = (demo_out / "report.html").read_text(encoding="utf-8")
    assert page.count("replaced by a later version; counts nowhere") == 1


def test_the_mails_of_an_mbox_in_the_inbox_have_their_section(demo_out: Path) -> None:
    """The demo's 收件箱导出.mbox sits in the inbox folder: its two mails are
    listed in the page's mail section, and each submission that came in one
    links its mail."""
    page = (demo_out / "report.html").read_text(encoding="utf-8")
    section = page.split("<h2>Mails</h2>", 1)[1].split("<h2>", 1)[0]
    assert section.count('id="mail-') == 2
    assert "hzkx@example.cn" in section and "zzkx@example.cn" in section
    assert page.count('<a href="#mail-1">') == page.count('<a href="#mail-2">') == 1
