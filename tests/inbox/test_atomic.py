"""A report folder is swapped in whole: a run killed while it writes leaves
the previous report as it was and no partial file; ``--jobs`` checks an
inbox with the same result as one process."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reform_brand import Edition, Host, Validator
from reform_brand.office import check_intake, inbox_to_json, intake
from tests.conftest import REFERENCE_DATA
from tests.validation.helpers import APPLICATION, PDF, minimal_docx

DEMO = REFERENCE_DATA.parent / "demo_inbox"
NOW = "2022-08-22T09:00:00+08:00"


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and a digest of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _batch(root: Path, n: int) -> list[str]:
    """``n`` envelopes, each a form page of the report."""
    root.mkdir()
    (root / "scan.pdf").write_bytes(PDF)
    (root / "form.docx").write_bytes(minimal_docx())
    files = []
    for i in range(n):
        env = copy.deepcopy(APPLICATION)
        env["id"] = f"s{i}"
        env["data"]["project_name"] = f"项目 {i}"
        path = root / f"{i:04d}.json"
        path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    return files


def _check(files: list[str], out: Path) -> subprocess.Popen[bytes]:
    args = ["check", "shandong-2022", *files, "--now", NOW, "--jobs", "1", "--report", str(out)]
    return subprocess.Popen(
        [sys.executable, "-m", "reform_brand", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "REFORM_BRAND_LANG": "en"},
    )


def _finished(proc: subprocess.Popen[bytes]) -> int:
    _out, err = proc.communicate(timeout=600)
    assert b"Traceback" not in err, err
    return proc.returncode


def _temporary(out: Path) -> list[Path]:
    return [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_run_killed_while_writing_leaves_the_previous_report(
    tmp_path: Path, sig: signal.Signals
) -> None:
    files = _batch(tmp_path / "batch", 120)
    out = tmp_path / "report"
    assert _finished(_check(files[:3], out)) == 0
    before = _tree(out)
    assert "report.json" in before and any(k.startswith("forms/") for k in before)

    proc = _check(files, out)
    deadline = time.monotonic() + 600
    while not _temporary(out):  # the new report being built beside the old
        assert proc.poll() is None, "the run ended before it wrote its report"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(sig)
    assert _finished(proc) == 130
    assert _tree(out) == before
    assert _temporary(out) == []


def test_a_report_folder_of_other_files_keeps_them(tmp_path: Path) -> None:
    files = _batch(tmp_path / "batch", 2)
    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert _finished(_check(files, out)) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["counts"]
    assert _temporary(out) == []


def test_a_forms_folder_of_the_users_own_is_never_replaced(tmp_path: Path) -> None:
    """A folder that is no report of ours may hold a ``forms`` folder of
    its own (the office's blank forms): it is said by its name (exit 2),
    and nothing is moved in, where it was removed with all it held."""
    files = _batch(tmp_path / "batch", 2)
    out = tmp_path / "report"
    (out / "forms").mkdir(parents=True)
    (out / "forms" / "blank.docx").write_bytes(b"mine")
    proc = _check(files, out)
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 2
    assert err.decode().rstrip().endswith("[cli.cannot-write]")
    assert str(out / "forms") in err.decode()
    assert _tree(out) == {"forms/blank.docx": hashlib.sha256(b"mine").hexdigest()}
    assert _temporary(out) == []
    # An empty one is taken, and a report of ours replaces its own forms.
    (out / "forms" / "blank.docx").unlink()
    for _ in range(2):
        assert _finished(_check(files, out)) == 0
        assert len(list((out / "forms").iterdir())) == 2


def test_a_report_of_no_form_in_a_folder_of_other_files_leaves_no_old_form(
    tmp_path: Path,
) -> None:
    """The forms of the report before are not left beside a report that has
    none (its folder keeping the user's other files)."""
    files = _batch(tmp_path / "batch", 2)
    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert _finished(_check(files, out)) == 0
    assert len(list((out / "forms").iterdir())) == 2
    (tmp_path / "empty").mkdir()
    assert _finished(_check([str(tmp_path / "empty")], out)) == 0
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["counts"] == {
        "submissions": 0,
        "error": 0,
        "warning": 0,
        "info": 0,
    }
    assert sorted(p.name for p in out.iterdir()) == [
        "notes.txt",
        "reform-brand-output.json",
        "report.html",
        "report.json",
        "roster.xlsx",
    ]
    assert _temporary(out) == []


def test_jobs_check_an_inbox_as_one_process_does(
    host: Host, edition: Edition, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(DEMO, inbox)
    found = intake(edition, inbox)
    validator = Validator.create(edition, host=host)
    from reform_brand.moments import parse_instant

    now = parse_instant(NOW)
    one = check_intake(found, edition, validator=validator, now=now, jobs=1)
    two = check_intake(found, edition, validator=validator, now=now, jobs=2, parallel_from=1)
    assert inbox_to_json(two) == inbox_to_json(one)
    codes = {f["code"] for s in inbox_to_json(one)["submissions"] for f in s["findings"]}
    assert any(c.startswith("scan.") for c in codes)  # the scans were read in the workers


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_another_thread_receives_waits_for_the_block(sig: signal.Signals) -> None:
    """The temporary folder is made and known, and the report swapped in,
    as one step even when the system gives Ctrl-C or SIGTERM to another
    thread of the process (the OCR engine's): it acts when the step is
    done."""
    import threading

    from reform_brand._held import uninterrupted

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)  # as `check` has it
    # (Ctrl-C as Python has it in a program started from a terminal: a run
    # started in the background has it ignored.)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    done: list[bool] = []

    def step() -> None:
        with uninterrupted():
            other = threading.Thread(target=signal.raise_signal, args=(sig,))
            other.start()
            other.join()
            for _ in range(1000):  # Python looks at its signals between steps
                time.sleep(0)
            done.append(True)

    try:
        with pytest.raises(KeyboardInterrupt):
            step()
        assert done == [True]
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert signal.getsignal(signal.SIGTERM) is stop
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(DEMO / "2022-08-18 滨州市科协", inbox / "2022-08-18 滨州市科协")
    return inbox


def _run(*args: str) -> tuple[int, str]:
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from reform_brand.cli import main

    err = StringIO()
    with redirect_stdout(StringIO()), redirect_stderr(err):
        code = main(["check", "shandong-2022", *args, "--now", NOW, "--jobs", "1"])
    return code, err.getvalue()


def test_a_report_folder_that_holds_the_inbox_keeps_it(tmp_path: Path) -> None:
    """A report folder of ours that also holds other files (here the inbox
    itself) is never replaced whole: the second run used to remove it with
    the old report."""
    inbox = _inbox(tmp_path)
    before = _tree(inbox)
    for _ in range(2):
        code, err = _run(str(inbox), "--report", str(tmp_path))
        assert code in (0, 1), err
        assert _tree(inbox) == before
    assert (tmp_path / "report.json").is_file()
    assert _temporary(tmp_path) == []


def test_an_inbox_named_forms_beside_its_report_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report written into the folder that holds the inbox, the inbox
    named ``forms``: its forms/ would have been replaced and the inbox
    removed with the old pages, the folder being a report of ours.  It is
    said by its name, as given (``forms``, not ``.``), and kept."""
    inbox = _inbox(tmp_path)
    inbox.rename(tmp_path / "forms")
    monkeypatch.chdir(tmp_path)
    before = _tree(tmp_path / "forms")
    marker = '{"format": "reform-brand-output", "version": 1, "what": "report"}'
    for ours in (False, True):
        if ours:  # (an earlier report written there)
            (tmp_path / "reform-brand-output.json").write_text(marker, encoding="utf-8")
        code, err = _run("forms", "--report", ".", "--lang", "en")
        assert code == 2
        assert err.rstrip().endswith(
            "cannot write forms: the folder is not empty [cli.cannot-write]"
        ), err
        assert _tree(tmp_path / "forms") == before


def test_a_note_put_in_a_reports_forms_is_kept(tmp_path: Path) -> None:
    """A report of ours whose forms/ holds a file that is no page of it:
    the report is not replaced, the file not removed with the old pages."""
    files = _batch(tmp_path / "batch", 2)
    out = tmp_path / "report"
    assert _finished(_check(files, out)) == 0
    (out / "forms" / "note.txt").write_text("mine", encoding="utf-8")
    before = _tree(out)
    proc = _check(files, out)
    _out, err = proc.communicate(timeout=600)
    assert (proc.returncode, err.decode().rstrip()[-18:]) == (2, "[cli.cannot-write]")
    assert _tree(out) == before
    assert _temporary(out) == []


@pytest.mark.parametrize(
    "outputs",
    [
        ["--report", "{inbox}"],
        ["--export-envelopes", "{inbox}/"],
        ["--report", "{tmp}/same", "--export-envelopes", "{tmp}/same"],
        ["--export-envelopes", "{tmp}/mine"],
    ],
)
def test_output_folders_that_would_mix_with_other_files_are_refused(
    tmp_path: Path, outputs: list[str]
) -> None:
    """The inbox itself (what is written there would be read as received
    files next time), one folder for both outputs, or an export folder that
    holds files of its own: a usage error, nothing written."""
    inbox = _inbox(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "001.json").write_text("{}", encoding="utf-8")
    before, mine = _tree(inbox), _tree(tmp_path / "mine")
    args = [a.format(inbox=inbox, tmp=tmp_path) for a in outputs]
    code, err = _run(str(inbox), *args, "--lang", "en")
    assert code == 2
    assert err.rstrip().endswith("[cli.usage]")
    assert _tree(inbox) == before and _tree(tmp_path / "mine") == mine
    assert not (tmp_path / "same").exists()


def test_an_export_folder_of_ours_is_written_again(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    out = tmp_path / "export"
    for _ in range(2):
        code, err = _run(str(inbox), "--export-envelopes", str(out))
        assert code in (0, 1), err
    assert (out / "001.json").is_file()


def test_an_old_report_made_read_only_is_removed_after_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old report, swapped out into the temporary folder, is removed even
    when its folders are read-only (as they bind a user who is not root:
    emulated here, the tests may run as root)."""
    import stat as stat_module

    from reform_brand.office import _outputs

    real_unlink, real_rmdir = os.unlink, os.rmdir

    def writable(name: str, dir_fd: int | None) -> bool:
        parent = os.stat(dir_fd) if dir_fd is not None else os.stat(os.path.dirname(name) or ".")
        return bool(parent.st_mode & stat_module.S_IWUSR)

    def unlink(name: str, *, dir_fd: int | None = None) -> None:
        if not writable(name, dir_fd):
            raise PermissionError(13, "Permission denied", name)
        real_unlink(name, dir_fd=dir_fd)

    def rmdir(name: str, *, dir_fd: int | None = None) -> None:
        if not writable(name, dir_fd):
            raise PermissionError(13, "Permission denied", name)
        real_rmdir(name, dir_fd=dir_fd)

    old = tmp_path / "old"
    (old / "forms").mkdir(parents=True)
    (old / "forms" / "page.html").write_text("x", encoding="utf-8")
    (old / "report.json").write_text("{}", encoding="utf-8")
    for folder in (old / "forms", old):
        folder.chmod(0o555)
    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "rmdir", rmdir)
    _outputs.remove_tree(old)
    assert not old.exists()
