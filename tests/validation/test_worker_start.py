"""How ``check --jobs`` starts its workers: ``fork`` on Linux in a process
running one thread, ``spawn`` otherwise, with the same report either way,
and signals as a fresh process has them."""

from __future__ import annotations

import copy
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reform_brand import _handover
from reform_brand.cli import main
from tests.validation.helpers import APPLICATION, NOW, stopped_by

NOW_TEXT = NOW.isoformat()
LINUX = sys.platform.startswith("linux")
#: Runs ``check`` with the arguments after it and prints, last, the start
#: methods its pools used.
SCRIPT = """\
import json, sys
from reform_brand import _handover
from reform_brand.cli import main
used = []
chosen = _handover.start_method
def recorded():
    used.append(chosen())
    return used[-1]
_handover.start_method = recorded
if __name__ == "__main__":
    code = main(sys.argv[1:])
    print(json.dumps({"code": code, "used": used}))
"""


def _python(code: str) -> str:
    """What ``python -c code`` prints, in a fresh process seeing this
    package."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    ).stdout


def _batch(folder: Path, n: int = 40) -> list[str]:
    """``n`` envelopes, a few with mistakes and one project sent twice."""
    files = []
    for i in range(n):
        env = copy.deepcopy(APPLICATION)
        env["id"] = f"s{i}"
        if i % 7 == 3:
            del env["data"]["contact"]["email"]
        if i == n - 1:
            env["id"] = "s0"
        path = folder / f"{i:03d}.json"
        path.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    return files


def _args(files: list[str], jobs: int) -> list[str]:
    return ["check", "shandong-2022", *files, "--json", "--now", NOW_TEXT, "--jobs", str(jobs)]


def _here(args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(args)
    return code, out.getvalue()


def _in_fresh_process(folder: Path, args: list[str]) -> tuple[int, list[str], str]:
    script = folder / "run_check.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    *report, last = done.stdout.rstrip("\n").split("\n")
    result = json.loads(last)
    return result["code"], result["used"], "\n".join(report) + "\n"


@pytest.mark.skipif(not LINUX, reason="fork is used on Linux only")
def test_a_process_alone_forks_its_workers_with_the_report_of_one_process(
    tmp_path: Path,
) -> None:
    files = _batch(tmp_path)
    code, used, forked = _in_fresh_process(tmp_path, _args(files, 2))
    assert used == ["fork"]
    assert (code, forked) == _here(_args(files, 1))
    codes = {f["code"] for s in json.loads(forked)["submissions"] for f in s["findings"]}
    assert {"form.required", "batch.superseded"} <= codes


def test_spawned_workers_give_the_report_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _batch(tmp_path)
    one = _here(_args(files, 1))
    monkeypatch.setattr(_handover, "start_method", lambda: "spawn")
    assert _here(_args(files, 2)) == one


def test_a_process_running_threads_spawns_its_workers() -> None:
    """A thread may hold a lock while the process is copied: with one
    running, workers start afresh."""
    done = threading.Event()
    thread = threading.Thread(target=done.wait)
    thread.start()
    try:
        assert _handover.start_method() == "spawn"
    finally:
        done.set()
        thread.join()


@pytest.mark.skipif(not LINUX, reason="fork is used on Linux only")
def test_a_process_alone_on_linux_forks() -> None:
    code = "from reform_brand._handover import start_method; print(start_method())"
    assert _python(code).strip() == "fork"


def _children(pid: int) -> int:
    """How many processes ``pid`` started that still run (Linux's /proc)."""
    n = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        n += fields[1] == str(pid)
    return n


@pytest.mark.skipif(not LINUX, reason="reads Linux's /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_to_the_whole_process_group_stops_a_run_with_workers(
    sig: signal.Signals, tmp_path: Path
) -> None:
    """SIGTERM to the checking process and its workers while they check (a
    service stopped), or SIGHUP (the terminal closed, which left the
    report's temporary folder behind): the run stops as on Ctrl-C, no
    worker stops with a traceback, and no report is left half-written."""
    files = _batch(tmp_path, 2000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reform_brand", *_args(files, 2), "--report", str(tmp_path / "o")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "REFORM_BRAND_LANG": "en"},
    )
    deadline = time.monotonic() + 120
    while _children(proc.pid) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # the workers checking
    assert proc.poll() is None, "the run ended before its workers were seen"
    err = stopped_by(proc, sig)
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err, err.decode()
    assert not (tmp_path / "o").exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_worker_takes_the_signals_of_a_fresh_process() -> None:
    """A forked worker has its parent's handlers: Ctrl-C is ignored there
    (the parent alone stops the pool) and SIGTERM ends it, as it ends a
    process that was never a copy of the command line."""
    code = (
        "import signal\n"
        "from reform_brand._handover import quiet_worker\n"
        "def parents(signum, frame): raise KeyboardInterrupt\n"
        "signal.signal(signal.SIGTERM, parents)\n"
        "signal.signal(signal.SIGINT, parents)\n"
        "quiet_worker()\n"
        "print(signal.getsignal(signal.SIGTERM) is signal.SIG_DFL,"
        " signal.getsignal(signal.SIGINT) is signal.SIG_IGN)\n"
    )
    assert _python(code).split() == ["True", "True"]


@pytest.mark.parametrize(("platform", "most"), [("win32", 61), ("linux", 256)])
def test_on_windows_a_pool_starts_at_most_61_workers(
    platform: str, most: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process pool of Windows takes 61 workers at most: --jobs 62 to
    256 failed as the pool was made (a ValueError, an internal error)."""
    monkeypatch.setattr(sys, "platform", platform)
    pool: _handover.WorkerPool[None] = _handover.WorkerPool(b"", 256, print)
    try:
        assert pool.jobs == most
        assert pool.executor._max_workers == most  # type: ignore[attr-defined]
    finally:
        pool.close()
    assert [_handover.most_workers(n) for n in (1, 61, 62, 256)] == [1, 61, min(62, most), most]
