"""One engine: the demo inbox, exported as JSON envelopes and checked as a
JSON batch, gives the same findings as the inbox check."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from reform_brand.cli import main
from reform_brand.model import Edition
from reform_brand.office import check_intake, export_envelopes, intake
from tests.closed import refuse_realpath
from tests.inbox.conftest import NOW
from tests.inbox.make_demo import DEMO_DIR

ISO_NOW = NOW.isoformat()


def _findings(report: dict[str, Any], skip: set[str]) -> Counter[tuple[str, str, str]]:
    out: Counter[tuple[str, str, str]] = Counter()
    for s in report["submissions"]:
        for f in s["findings"]:
            if s["id"] in skip and (
                f["pointer"].startswith("/data")
                or f["pointer"] == "/unit/kind"
                or (
                    f["code"] in ("envelope.required", "envelope.empty")
                    and f["pointer"] in ("/form", "/unit/name")
                )
            ):
                continue  # what intake noted instead (read.*, inbox.kind-unknown)
            out[(f["code"], f["pointer"], f["unit"])] += 1
    out.update((f["code"], f["pointer"], f["unit"]) for f in report["findings"])
    # What intake noted about files and mails, which envelopes do not carry.
    return Counter(
        {k: v for k, v in out.items() if not k[0].startswith(("inbox.", "read.", "mail."))}
    )


def test_the_demo_inbox_exported_gives_the_same_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(DEMO_DIR, inbox, ignore=shutil.ignore_patterns("__pycache__"))
    exported = tmp_path / "exported"
    args = ["check", "shandong-2022", "--json", "--now", ISO_NOW]
    assert main([*args[:2], str(inbox), *args[2:], "--export-envelopes", str(exported)]) == 1
    from_inbox = json.loads(capsys.readouterr().out)
    assert main([*args[:2], str(exported), *args[2:]]) == 1
    from_json = json.loads(capsys.readouterr().out)
    # The export is a batch of JSON envelopes: every file in it is used.
    ledger = from_json["inbox"]["files"]
    assert [f["path"] for f in ledger if f["status"] != "used"] == ["reform-brand-output.json"]
    roles = Counter(f["role"] for f in ledger if f["status"] == "used")
    assert roles["submission"] == 27 + len(from_inbox["inbox"]["materials"])
    assert len(from_json["submissions"]) == len(from_inbox["submissions"]) == 27
    unread = {
        s["id"]
        for s in from_inbox["submissions"]
        if any(
            f["code"].startswith("read.") or f["code"] == "inbox.kind-unknown"
            for f in s["findings"]
        )
    }
    exported_ids = {s["id"] for s in from_json["submissions"]}
    assert unread <= exported_ids
    # A Word form cannot declare reform items: where items are suggested,
    # the inbox check leaves out the warning that a JSON envelope (which
    # could declare them) keeps.
    from_word = _findings(from_inbox, set())
    expected = _findings(from_json, unread)
    for code, pointer, unit in list(expected):
        if (code, pointer) == ("reform-items.undeclared", "/reform_items") and (
            "reform-items.suggested",
            pointer,
            unit,
        ) in from_word:
            del expected[(code, pointer, unit)]
    assert expected == from_word
    assert ("material.too-long", "", "烟台市科协") in _findings(from_json, unread)


def test_export_through_the_python_api(edition: Edition, tmp_path: Path) -> None:
    found = intake(edition, DEMO_DIR)
    assert len([e for e in found.envelopes if "form" in e]) == 27
    written = export_envelopes(found, tmp_path / "out")
    assert len(written) == len(found.envelopes)
    again = intake(edition, tmp_path / "out")
    assert len(again.received) == len(found.envelopes)
    report = check_intake(again, edition, now=NOW)
    assert len(report.batch.submissions) == 27


def test_an_export_written_again_holds_only_the_new_envelopes(
    edition: Edition, tmp_path: Path
) -> None:
    """The second export into the same folder takes away what the first
    wrote (an envelope left from it would be read with the new ones), and
    keeps what someone else put there since."""
    from tests.conftest import REFERENCE_DATA

    demo = REFERENCE_DATA.parent / "demo_inbox"
    inbox = tmp_path / "inbox"
    for name in ("2022-08-15 济南市科协", "2022-08-18 滨州市科协"):
        shutil.copytree(demo / name, inbox / name)
    out = tmp_path / "out"
    first = export_envelopes(intake(edition, inbox), out)
    assert len([p for p in first if p.suffix == ".json"]) >= 2
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    shutil.rmtree(inbox / "2022-08-15 济南市科协")
    second = export_envelopes(intake(edition, inbox), out)
    envelopes = sorted(p.name for p in out.glob("*.json") if p.name[0].isdigit())
    assert envelopes == sorted(p.name for p in second if p.parent == out)
    assert len(envelopes) < len([p for p in first if p.parent == out])
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    found = check_intake(intake(edition, out), edition)
    assert len(found.batch.submissions) == len(envelopes)


def test_an_export_stopped_midway_is_taken_away_by_the_next(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk stops the first export after its first envelope: its
    marker still names what it wrote, so that the next export into the
    folder leaves nothing of it to be read with the new envelopes."""
    import errno

    from reform_brand.office import _export
    from reform_brand.office._marker import write_atomic
    from tests.conftest import REFERENCE_DATA

    demo = REFERENCE_DATA.parent / "demo_inbox"
    inbox = tmp_path / "inbox"
    for name in ("2022-08-15 济南市科协", "2022-08-18 滨州市科协"):
        shutil.copytree(demo / name, inbox / name)
    out = tmp_path / "out"
    real = write_atomic
    calls: list[Path] = []

    def filling(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(_export, "write_atomic", filling)
    with pytest.raises(OSError, match="No space"):
        export_envelopes(intake(edition, inbox), out)
    monkeypatch.undo()
    left = {p.name for p in out.iterdir()} - {"reform-brand-output.json"}
    assert "001.json" in left and "2022-08-15 济南市科协" in left
    shutil.rmtree(inbox / "2022-08-15 济南市科协")
    second = export_envelopes(intake(edition, inbox), out)
    now = {p.name for p in out.iterdir()} - {"reform-brand-output.json"}
    assert "2022-08-15 济南市科协" not in now
    marker = json.loads((out / "reform-brand-output.json").read_text(encoding="utf-8"))
    assert now == set(marker["entries"])
    envelopes = sorted(p.name for p in out.glob("*.json") if p.name[0].isdigit())
    assert envelopes == sorted(p.name for p in second if p.parent == out)


def test_an_attachment_path_whose_way_may_not_be_looked_into_is_not_copied(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An envelope's attachment path leading through a folder that may not
    be looked into (another user's, ``../../proc/1/cwd/x``) cannot be
    resolved: it stopped the export (cannot write, permission denied); it
    is not copied, as a path leading out of the inbox is not, and the
    envelope is."""

    from tests.validation.helpers import APPLICATION

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    envelope = {**APPLICATION, "attachments": [{"role": "word", "path": "../closed/x.docx"}]}
    (inbox / "a.json").write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    refuse_realpath(monkeypatch, "closed")
    written = export_envelopes(intake(edition, inbox), tmp_path / "out")
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == [
        "received/a.json"
    ]


@pytest.mark.parametrize("option", ["--export-envelopes", "--report"])
def test_the_marker_of_an_output_given_as_a_file_is_listed_not_checked(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.validation.helpers import APPLICATION

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "a.json").write_text(json.dumps(APPLICATION, ensure_ascii=False), "utf-8")
    args = ["--json", "--now", ISO_NOW]
    main(["check", "shandong-2022", str(inbox), option, str(out), *args])
    capsys.readouterr()
    marker = out / "reform-brand-output.json"
    given = [str(marker), str(inbox / "a.json")]
    for extra in ([], ["--report", str(tmp_path / "report")]):
        main(["check", "shandong-2022", *given, *args, *extra])
        report = json.loads(capsys.readouterr().out)
        assert [s["file"] for s in report["submissions"]] == [str(inbox / "a.json")]
        assert [(f["code"], f["file"], f["severity"]) for f in report["findings"]] == [
            ("inbox.own-output", str(marker), "info")
        ]
    # Alone, nothing is checked and nothing is an error.
    assert main(["check", "shandong-2022", str(marker), *args]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["submissions"] == [] and report["counts"]["error"] == 0
    assert [f["code"] for f in report["findings"]] == ["inbox.own-output"]


def test_a_file_named_as_the_marker_that_is_none_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "reform-brand-output.json"
    fake.write_text('{"format": "something else"}', "utf-8")
    assert main(["check", "shandong-2022", str(fake), "--json", "--now", ISO_NOW]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [s["file"] for s in report["submissions"]] == [str(fake)]
    assert report["findings"] == []


#: An export of the inbox ``argv[1]`` into ``argv[2]`` killed by SIGKILL
#: halfway through copying its first file.
_KILLED = """
import os, pathlib, signal, sys
from reform_brand import load_edition
from reform_brand.office import _export, export_envelopes, intake
def half(src, dst):
    data = pathlib.Path(src).read_bytes()
    with open(dst, "wb") as fh:
        fh.write(data[: len(data) // 2])
    os.kill(os.getpid(), signal.SIGKILL)
_export.shutil.copyfile = half
export_envelopes(intake(load_edition("shandong-2022"), pathlib.Path(sys.argv[1])), sys.argv[2])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGKILL")
def test_a_file_an_export_killed_midway_half_copied_is_copied_whole_by_the_next(
    edition: Edition, tmp_path: Path
) -> None:
    """SIGKILL runs no ``finally``: the marker names what the export was to
    write before it writes, so that the next export takes its files away
    instead of keeping the half-copied one as copied."""
    from tests.conftest import REFERENCE_DATA

    unit = "2022-08-17 淄博市科协"
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(REFERENCE_DATA.parent / "demo_inbox" / unit, inbox / unit)
    run = subprocess.run([sys.executable, "-c", _KILLED, str(inbox), str(out)], check=False)
    assert run.returncode == -signal.SIGKILL
    (half,) = (p for p in (out / unit).iterdir())
    assert half.stat().st_size < (inbox / unit / half.name).stat().st_size
    export_envelopes(intake(edition, inbox), out)
    copied = sorted((out / unit).iterdir())
    assert len(copied) > 1
    for p in copied:
        assert p.read_bytes() == (inbox / unit / p.name).read_bytes(), p.name


def test_an_inbox_folder_named_as_an_envelope_is_copied_beside_the_envelopes(
    edition: Edition, tmp_path: Path
) -> None:
    """An inbox's folders named ``001.json`` and ``002.json`` (as a mail
    program may save what came): the export gave its first envelope the
    name of the folder its files were copied to, and stopped (``002.json``
    a folder); the envelopes take names no file is copied under."""
    from tests.inbox import docx_edit as E
    from tests.inbox.conftest import application_data
    from tests.validation.helpers import PDF

    inbox = tmp_path / "inbox"
    for folder, unit in (("001.json", "济南市科协"), ("002.JSON", "青岛市科协")):
        (inbox / folder).mkdir(parents=True)
        data = application_data(applicant_unit=unit, project_name=f"{unit}的项目")
        (inbox / folder / "申报表.docx").write_bytes(E.filled(edition, "application", data))
        (inbox / folder / "申报表.pdf").write_bytes(PDF)
    out = tmp_path / "out"
    written = export_envelopes(intake(edition, inbox), out)
    assert [p.name for p in written] == ["003.json", "004.json"]
    assert all(p.is_file() for p in written)
    assert (out / "001.json" / "申报表.pdf").is_file()
    envelopes = [json.loads(p.read_text(encoding="utf-8")) for p in written]
    assert [sorted(a["path"] for a in e["attachments"]) for e in envelopes] == [
        ["001.json/申报表.docx", "001.json/申报表.pdf"],
        ["002.JSON/申报表.docx", "002.JSON/申报表.pdf"],
    ]
    report = check_intake(intake(edition, out), edition, now=NOW)
    assert len(report.batch.submissions) == 2
