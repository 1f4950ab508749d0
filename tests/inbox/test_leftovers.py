"""What a run killed by SIGKILL (or the out-of-memory killer) leaves, the
report being built beside its folder and the inbox's and the scans'
temporary folders, is removed by a later run; what a run still going holds
is never."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from reform_brand.office import OUTPUT_MARKER
from tests.stuck import killed, started
from tests.validation.helpers import PDF, minimal_docx

NOW = "2022-08-22T09:00:00+08:00"

#: A check whose run stops for good once its report's files are written,
#: before they are put in place, saying so by the file given first.
_STUCK = """
import pathlib, sys, time
from reform_brand.cli import main
from reform_brand.office import _outputs
ready, written = pathlib.Path(sys.argv[1]), _outputs._write_report_files
def stuck(*args, **kwargs):
    written(*args, **kwargs)
    ready.write_text("")
    while True:
        time.sleep(60)
_outputs._write_report_files = stuck
sys.exit(main(sys.argv[2:]))
"""


def _inbox(root: Path) -> Path:
    """An inbox of one zip (taken out into the inbox's temporary folder), whose
    bare Word file is no form read (the check ends with 1)."""
    inbox = root / "inbox"
    inbox.mkdir()
    with zipfile.ZipFile(inbox / "济南市科协.zip", "w") as z:
        z.writestr("申报表.docx", minimal_docx())
        z.writestr("申报表（盖章）.pdf", PDF)
    return inbox


def _args(inbox: Path, out: Path, jobs: str = "2") -> list[str]:
    """``check`` with ``--report out`` (none for ``out`` empty)."""
    # (Two jobs: the scans' results are shared in a temporary folder.)
    report = ["--report", str(out)] if out.name else []
    return ["check", "shandong-2022", str(inbox), "--now", NOW, "--jobs", jobs, *report]


def _env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "TMPDIR": str(tmp), "REFORM_BRAND_LANG": "en"}


def _stuck(inbox: Path, out: Path, tmp: Path) -> subprocess.Popen[bytes]:
    """A run stopped with its report written and not in place."""
    ready = out.parent / "ready"
    return started([sys.executable, "-c", _STUCK, str(ready), *_args(inbox, out)], ready, _env(tmp))


def _run(inbox: Path, out: Path, tmp: Path, jobs: str = "2") -> int:
    done = subprocess.run(
        [sys.executable, "-m", "reform_brand", *_args(inbox, out, jobs)],
        capture_output=True,
        env=_env(tmp),
        check=False,
    )
    assert b"Traceback" not in done.stderr, done.stderr
    return done.returncode


def _left(out: Path, tmp: Path) -> list[str]:
    """The temporary folders beside ``out`` and in ``tmp``."""
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    return sorted(beside + [p.name for p in tmp.iterdir() if p.name.startswith("reform-brand-")])


def _complete(out: Path) -> bool:
    names = {p.name for p in out.iterdir()}
    return {OUTPUT_MARKER, "report.json", "report.html", "roster.xlsx"} <= names


def test_what_a_killed_run_left_is_removed_by_the_next(tmp_path: Path) -> None:
    inbox, out, tmp = _inbox(tmp_path), tmp_path / "report", tmp_path / "tmp"
    tmp.mkdir()
    killed(_stuck(inbox, out, tmp))
    left = _left(out, tmp)
    assert any(n.startswith(".report.") for n in left)
    assert any(n.startswith("reform-brand-inbox-") for n in left)
    assert any(n.startswith("reform-brand-scans-") for n in left)
    # (A run of one job with no report shares no scans, and still removes
    # their folder.)
    assert _run(inbox, Path(), tmp, "1") == 1
    assert [n for n in _left(out, tmp) if not n.startswith(".report.")] == []
    assert _run(inbox, out, tmp) == 1
    assert _left(out, tmp) == []
    assert _complete(out)


def test_what_a_live_run_holds_is_left_to_it(tmp_path: Path) -> None:
    inbox, out, tmp = _inbox(tmp_path), tmp_path / "report", tmp_path / "tmp"
    tmp.mkdir()
    proc = _stuck(inbox, out, tmp)
    try:
        held = _left(out, tmp)
        assert len(held) == 3
        assert _run(inbox, out, tmp) == 1
        assert _left(out, tmp) == held
        assert _complete(out)
    finally:
        killed(proc)
    # Once it is gone, the next run removes what it held.
    assert _run(inbox, out, tmp) == 1
    assert _left(out, tmp) == []


def test_only_the_folders_a_dead_run_made_are_removed(tmp_path: Path) -> None:
    """An old report a dead run put aside (``.old``) goes with its folder;
    a folder of another name, or one a live run holds, stays."""
    from reform_brand._leftovers import clear_left, held_folder

    live = held_folder(".report.", ".tmp", tmp_path)
    try:
        (tmp_path / f"{live.path.name}.old").mkdir()  # aside, for the live run's
        (tmp_path / ".report.abcd1234.tmp.old").mkdir()  # aside, its own run gone
        (tmp_path / ".report.abcd5678.tmp").mkdir()  # a dead run's
        (tmp_path / ".report.mine.tmp").mkdir()  # no name a run makes
        (tmp_path / ".report.abcd9999.tmp").write_text("")  # a file
        clear_left(".report.", ".tmp", tmp_path)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [live.path.name, f"{live.path.name}.old", ".report.mine.tmp", ".report.abcd9999.tmp"]
        )
    finally:
        live.release()
    clear_left(".report.", ".tmp", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".report.abcd9999.tmp",
        ".report.mine.tmp",
    ]


def test_the_state_a_killed_runs_workers_started_with_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reform_brand._handover import Handover

    code = "import sys, time\nfrom reform_brand._handover import Handover\n"
    code += "print(Handover(b'state').path, flush=True)\ntime.sleep(600)\n"
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, env=_env(tmp_path)
    )
    assert proc.stdout is not None
    left = Path(proc.stdout.readline().decode().strip())
    killed(proc)
    proc.stdout.close()
    assert left.read_bytes() == b"state"
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    handover = Handover(b"new")
    try:
        assert not left.exists()
    finally:
        handover.close()
    assert list(tmp_path.iterdir()) == []
