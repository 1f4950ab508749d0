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
from tests.inbox.make_demo import DEMO_DIR, build

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _calc_installed() -> bool:
    """LibreOffice Calc's library beside soffice (Debian: libreoffice-calc-nogui)."""
    if SOFFICE is None:
        return False
    program = Path(SOFFICE).resolve().parent
    return (program / "libsclo.so").exists() or any(program.glob("libsc*lo.*"))


def test_demo_inbox_is_what_the_maker_builds(edition: Edition) -> None:
    expected = build(edition)
    shipped = {
        p.relative_to(DEMO_DIR).as_posix(): p.read_bytes()
        for p in sorted(DEMO_DIR.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert sorted(shipped) == sorted(expected), "run: python -m tests.inbox.make_demo"
    for name, data in expected.items():
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
    assert len(list((demo_out / "forms").glob("*.html"))) == 17


def test_demo_findings(demo_report: dict[str, object]) -> None:
    assert ("deadline.late", "/arrived_at") in _codes_of(demo_report, "潍坊")
    assert ("read.unreadable", "") in _codes_of(demo_report, "临沂")
    assert ("roster.unknown-unit", "/unit/name") in _codes_of(demo_report, "威海")
    assert ("contact.full-width", "/data/contact/office_phone") in _codes_of(demo_report, "淄博")
    assert ("inbox.kind-unknown", "/unit/kind") in _codes_of(demo_report, "机械工程学会")
    for clean in ("济南市科协/申报表-三长", "历城区", "德州", "山东省科技馆", "浪潮", "烟台"):
        assert _codes_of(demo_report, clean) == set(), clean
    batch = demo_report["findings"]
    assert isinstance(batch, list)
    quota = [f for f in batch if f["code"] == "quota.exceeded"]
    assert [f["unit"] for f in quota] == ["青岛市科协"]
    assert len(quota[0]["params"]["submissions"]) == 4
    too_long = [f for f in batch if f["code"] == "material.too-long"]
    assert [f["unit"] for f in too_long] == ["烟台市科协"]


def test_demo_accounts_for_every_file(demo_report: dict[str, object]) -> None:
    inbox = demo_report["inbox"]
    assert isinstance(inbox, dict)
    shipped = {
        p.relative_to(DEMO_DIR).as_posix()
        for p in DEMO_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert {f["path"] for f in inbox["files"]} == shipped
    ignored = {f["path"]: f["code"] for f in inbox["files"] if f["status"] == "ignored"}
    assert ignored == {
        "2022-08-20 浪潮集团科协/Thumbs.db": "inbox.ignored",
        "2022-08-20 浪潮集团科协/~$潮集团科协申报表.docx": "inbox.ignored",
        "2022-08-20 浪潮集团科协/现场照片.jpg": "inbox.unknown-file",
        "收件说明.txt": "inbox.unknown-file",
    }


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
    assert len(lines) == 1 + 18
    assert any("青岛市科协" in line and "海洋科技社团联合体建设" in line for line in lines)
