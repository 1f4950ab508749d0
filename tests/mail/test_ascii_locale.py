"""Mails checked where the file system's encoding is ASCII (the C locale
without Python's UTF-8 mode: a minimal server, a container without
locales): an attachment named in Chinese is still written, read and shown
by its name."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reform_brand.office._names import shown_path
from tests.inbox.batches import DEMO
from tests.mail.mails import CST, PDF, mail, named, received_at

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX locale")

NAME = "济南市科协申报表.pdf"


def _check(source: Path, out: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    env |= {"LC_ALL": "C", "PYTHONUTF8": "0"}
    argv: list[str | bytes] = ["check", "shandong-2022", os.fsencode(source), "--report"]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "reform_brand",
            *argv,
            os.fsencode(out),
            "--now",
            "2022-08-20T12:00+08:00",
        ],
        capture_output=True,
        check=False,
        timeout=120,
        env=env,
    )


def _paths(out: Path) -> set[str]:
    report = json.loads((out / "report.json").read_text("utf-8"))
    return {f["path"] for f in report["inbox"]["files"]}


@pytest.mark.parametrize("inside", [True, False], ids=["in-an-inbox", "the-mail-itself"])
def test_a_chinese_attachment_name_in_an_ascii_locale(tmp_path: Path, inside: bool) -> None:
    """The attachment's file could not be made (UnicodeEncodeError): the
    whole check failed, an internal error (exit 3)."""
    sent = mail(
        parts=[named(NAME, PDF, "application/pdf")],
        received=[received_at(dt.datetime(2022, 8, 18, 10, 0, tzinfo=CST))],
    )
    eml = tmp_path / "inbox" / "jinan.eml"
    eml.parent.mkdir()
    eml.write_bytes(sent)
    (eml.parent / "收件说明.txt").write_bytes(b"")
    out = tmp_path / "out"
    done = _check(eml.parent if inside else eml, out)
    assert done.returncode in (0, 1), done.stderr
    assert any(p.endswith(f"/{NAME}") for p in _paths(out)), _paths(out)
    report = json.loads((out / "report.json").read_text("utf-8"))
    # (A UTF-8 name read in an ASCII locale was said to be GB18030, and shown so.)
    assert "inbox.name-encoding" not in {f["code"] for f in report["findings"]}
    if inside:
        assert "收件说明.txt" in _paths(out)


def test_a_utf8_name_read_in_an_ascii_locale_is_shown_as_it_is() -> None:
    """What listing a folder gives for a UTF-8 name in an ASCII locale: each
    byte over 127 a lone surrogate."""
    listed = "".join(chr(0xDC00 + b) if b > 127 else chr(b) for b in NAME.encode())
    assert shown_path(f"a/{listed}") == (f"a/{NAME}", "")
    gbk = "".join(chr(0xDC00 + b) if b > 127 else chr(b) for b in NAME.encode("gbk"))
    assert shown_path(gbk) == (NAME, "gb18030")


def _findings(report: object) -> list[tuple[str, str, str]]:
    """Every finding of a report (JSON), as code, file and submission."""
    found: list[tuple[str, str, str]] = []
    todo = [report]
    while todo:
        o = todo.pop()
        if isinstance(o, dict):
            if "code" in o and "severity" in o:
                found.append((o["code"], o.get("file", ""), o.get("submission", "")))
            todo.extend(o.values())
        elif isinstance(o, list):
            todo.extend(o)
    return sorted(found)


def _demo(out: Path, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "reform_brand", "demo", "-o", os.fsencode(out)],
        capture_output=True,
        check=False,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "report.json").read_text("utf-8"))
    found = _findings(report)
    files = sorted((f["path"], f["status"], f.get("code", "")) for f in report["inbox"]["files"])
    return {"findings": found, "files": files, "forms": sorted(os.listdir(out / "forms"))}


def test_the_demo_in_an_ascii_locale_finds_what_it_finds_in_utf8(tmp_path: Path) -> None:
    """The sample inbox in an ASCII locale: the mails' attachments could not
    be written (exit 3); then, names read as bytes, a manifest's files were
    not there, a zip's entries could not be taken out, 修改版 and 进展 in a
    name were not seen.  It finds what a UTF-8 locale finds, file by file."""
    plain = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    utf8 = _demo(tmp_path / "utf8", {**plain, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"})
    ascii_ = _demo(tmp_path / "ascii", {**plain, "LC_ALL": "C", "PYTHONUTF8": "0"})
    assert ascii_ == utf8


def test_an_export_in_an_ascii_locale_is_written_and_checked_as_in_utf8(tmp_path: Path) -> None:
    """--export-envelopes in an ASCII locale copied a file named in Chinese:
    an internal error (exit 3).  It writes the files a UTF-8 locale writes
    (their names' bytes the same), and the export, checked there, finds
    what it finds in UTF-8 (an envelope's file named in Chinese made its
    rules fail: rule.failed)."""
    plain = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    envs = {
        "ascii": {**plain, "LC_ALL": "C", "PYTHONUTF8": "0"},
        "utf8": {**plain, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"},
    }
    now = ["--now", "2022-08-25T00:00+08:00"]
    trees, checked = {}, {}
    for name, env in envs.items():
        out = tmp_path / name
        argv: list[str | Path] = ["check", "shandong-2022", DEMO, "--export-envelopes", out, *now]
        done = subprocess.run(
            [sys.executable, "-m", "reform_brand", *map(os.fsencode, argv)],
            capture_output=True,
            check=False,
            timeout=300,
            env=env,
        )
        assert done.returncode == 1, done.stderr
        trees[name] = sorted(os.fsencode(p.relative_to(out)) for p in out.rglob("*"))
    for name, env in envs.items():
        argv = ["check", "shandong-2022", tmp_path / "ascii", "--json", *now]
        done = subprocess.run(
            [sys.executable, "-m", "reform_brand", *map(os.fsencode, argv)],
            capture_output=True,
            check=False,
            timeout=300,
            env=env,
        )
        assert done.returncode == 1, done.stderr
        checked[name] = _findings(json.loads(done.stdout))
    assert trees["ascii"] == trees["utf8"]
    assert "rule.failed" not in {code for code, _file, _sub in checked["ascii"]}
    assert checked["ascii"] == checked["utf8"]
