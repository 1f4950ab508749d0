"""Intake that cannot be fooled (copies of the bundled demo inbox, with what
happens on an office's shared drive): its own report inside the inbox, run
twice; names that are not UTF-8; a JSON attachment from a unit; a name of
255 bytes; deep nesting; two runs writing one report folder at once.  Each
result equals the clean run's, or carries the right finding, with no
traceback and no partial file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REFERENCE_DATA

DEMO = REFERENCE_DATA.parent / "demo_inbox"
NOW = "2022-08-22T09:00:00+08:00"
LEDGER = ("inbox.",)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "REFORM_BRAND_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "reform_brand", *args],
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
        cwd=cwd,
    )


def check_json(inbox: Path, *extra: str) -> dict[str, Any]:
    proc = run("check", "shandong-2022", str(inbox), "--json", "--now", NOW, *extra)
    assert b"Traceback" not in proc.stdout + proc.stderr, proc.stderr.decode(errors="replace")
    assert proc.returncode == 1, proc.stderr.decode(errors="replace")
    proc.stdout.decode("utf-8")  # valid UTF-8
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def findings(report: dict[str, Any], *, ledger: bool = False) -> Counter[tuple[str, str, str]]:
    """(code, pointer, unit) of every finding; ledger codes only if asked."""
    out: Counter[tuple[str, str, str]] = Counter()
    for s in report["submissions"]:
        out.update((f["code"], f["pointer"], f["unit"]) for f in s["findings"])
    out.update((f["code"], f["pointer"], f["unit"]) for f in report["findings"])
    if not ledger:
        out = Counter({k: v for k, v in out.items() if not k[0].startswith(LEDGER)})
    return out


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    inbox = tmp_path_factory.mktemp("clean") / "inbox"
    shutil.copytree(DEMO, inbox)
    return check_json(inbox)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    shutil.copytree(DEMO, root)
    return root


def test_report_inside_the_inbox_run_twice(inbox: Path, clean: dict[str, Any]) -> None:
    out = inbox / "out"
    first = check_json(inbox, "--report", str(out))
    second = check_json(inbox, "--report", str(out))
    assert findings(first, ledger=True) == findings(clean, ledger=True)
    assert findings(second) == findings(clean)
    assert len(second["submissions"]) == len(clean["submissions"]) == 27
    skipped = [f for f in second["inbox"]["files"] if f["path"] == "out/"]
    assert skipped == [
        {
            "path": "out/",
            "size": 0,
            "sha256": "",
            "kind": "directory",
            "status": "ignored",
            "role": "",
            "submission": "",
            "code": "inbox.own-output",
        }
    ]
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["inbox"]


def test_a_json_attachment_from_a_unit(inbox: Path, clean: dict[str, Any]) -> None:
    folder = inbox / "2022-08-17 淄博市科协"
    (folder / "data.json").write_text('{"项目": "x", "金额": 3}', encoding="utf-8")
    (folder / "manifest.json").write_text("[]", encoding="utf-8")  # beside manifest.toml
    report = check_json(inbox)
    assert findings(report) == findings(clean)
    files = {f["path"]: f for f in report["inbox"]["files"]}
    assert files["2022-08-17 淄博市科协/data.json"]["code"] == "inbox.unknown-file"
    assert files["2022-08-17 淄博市科协/data.json"]["kind"] == "json"


def test_a_json_envelope_received_beside_word_files(inbox: Path, clean: dict[str, Any]) -> None:
    examples = REFERENCE_DATA.parent / "examples"
    folder = inbox / "portal"
    (folder / "files").mkdir(parents=True)
    for name in ("scan.pdf", "form.doc", "form.docx"):
        shutil.copy(examples / "files" / name, folder / "files" / name)
    shutil.copy(examples / "ok-society.json", folder / "ok-society.json")
    report = check_json(inbox)
    # The envelope is one more submission, the files it names are its own, and
    # the Word file it does not name is one more (unreadable as a form).
    assert len(report["submissions"]) == 29
    files = {f["path"]: f for f in report["inbox"]["files"]}
    assert files["portal/ok-society.json"]["role"] == "submission"
    assert files["portal/files/scan.pdf"]["role"] == "signed-scan"
    assert files["portal/files/form.doc"]["role"] == "word"
    # A file the envelope does not name is a received file like any other.
    assert files["portal/files/form.docx"]["submission"] == "portal/files/form.docx"
    society = [s for s in report["submissions"] if s["id"] == "society-1"]
    assert [f["code"] for f in society[0]["findings"]] == []


def _gbk(text: str) -> bytes:
    return text.encode("gbk")


def test_names_that_are_not_utf8(inbox: Path, clean: dict[str, Any], tmp_path: Path) -> None:
    root = os.fsencode(inbox)
    old = os.fsencode(inbox / "2022-08-19 山东省科技馆")
    new_folder = root + b"/2022-08-19 " + _gbk("山东省科技馆")
    os.rename(old, new_folder)
    for name in os.listdir(new_folder):
        if name.endswith(b".docx"):
            os.rename(new_folder + b"/" + name, new_folder + b"/" + _gbk("推荐表") + b".docx")
    os.mkdir(root + b"/\xff\xfe-odd")
    with open(root + b"/\xff\xfe-odd/\x80.txt", "wb") as fh:
        fh.write(b"x")
    out = tmp_path / "out"
    report = check_json(inbox, "--report", str(out))
    assert findings(report) == findings(clean)
    shown = {f["path"] for f in report["inbox"]["files"]}
    assert "2022-08-19 山东省科技馆/推荐表.docx" in shown
    assert "\\xff\\xfe-odd/\\x80.txt" in shown
    names = [f for f in report["findings"] if f["code"] == "inbox.name-encoding"]
    assert {(f["file"], f["params"]["encoding"]) for f in names} >= {
        ("2022-08-19 山东省科技馆", "gb18030"),
        ("2022-08-19 山东省科技馆/推荐表.docx", "gb18030"),
        ("\\xff\\xfe-odd", "escaped"),
    }
    for written in ("report.json", "report.html"):
        (out / written).read_bytes().decode("utf-8")
    assert (out / "roster.xlsx").stat().st_size > 0
    text = run("check", "shandong-2022", str(inbox), "--now", NOW)
    assert b"Traceback" not in text.stderr and text.returncode == 1
    text.stdout.decode("utf-8")


def test_a_name_of_255_bytes_and_deep_nesting(inbox: Path, clean: dict[str, Any]) -> None:
    folder = inbox / "2022-08-20 浪潮集团科协"
    long_name = "长" * 83 + "xy.pdf"  # 83 * 3 + 6 bytes
    assert len(long_name.encode("utf-8")) == 255
    (folder / long_name).write_bytes(b"%PDF-1.4\n%%EOF\n")
    deep = inbox / "deep"
    path = deep
    for i in range(40):
        path = path / f"d{i}"
    path.mkdir(parents=True)
    (path / "x.txt").write_text("x", encoding="utf-8")
    report = check_json(inbox)
    got = findings(report, ledger=True)
    assert ("inbox.too-deep", "", "") in got
    assert findings(report) == findings(clean)
    files = {f["path"]: f for f in report["inbox"]["files"]}
    long_file = files[f"2022-08-20 浪潮集团科协/{long_name}"]
    assert (long_file["kind"], long_file["code"]) == ("pdf", "inbox.unmatched-scan")
    assert len(long_file["sha256"]) == 64  # opened and read


def test_two_runs_writing_one_report_folder(inbox: Path, clean: dict[str, Any]) -> None:
    out = inbox.parent / "out"
    env = {**os.environ, "REFORM_BRAND_LANG": "en"}
    args = [sys.executable, "-m", "reform_brand", "check", "shandong-2022", str(inbox)]
    procs = [
        subprocess.Popen(
            [*args, "--now", NOW, "--report", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(2)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=600)
        assert p.returncode == 1 and b"Traceback" not in err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert findings(report, ledger=True) == findings(clean, ledger=True)
    (out / "report.html").read_bytes().decode("utf-8")
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_submission_file_named_in_gbk(tmp_path: Path) -> None:
    examples = REFERENCE_DATA.parent / "examples"
    folder = tmp_path / "in"
    shutil.copytree(examples / "files", folder / "files")
    name = os.fsencode(folder) + b"/" + _gbk("济南") + b".json"
    with open(name, "wb") as fh:
        fh.write((examples / "ok-jinan.json").read_bytes())
    out = tmp_path / "out"
    proc = run(
        "check", "shandong-2022", os.fsdecode(name), "--json", "--now", NOW, "--report", str(out)
    )
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    report = json.loads(proc.stdout.decode("utf-8"))
    assert report["submissions"][0]["file"].endswith("/济南.json")
    written = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert written["inbox"]["submissions"][0]["read"] is True
    assert len(list((out / "forms").glob("*.html"))) == 1
