"""The copy of the example inbox a demo run killed by SIGKILL left in the
system's temporary folder is removed by the next run; the copy of a demo
run still going is never."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

from reform_brand.cli import main
from tests.stuck import killed, started

#: A demo run into ``argv[1]`` that stops for good once it has copied the
#: example inbox, saying so by the file ``argv[2]``.
_STUCK = """
import pathlib, sys, time
from reform_brand.cli import _inbox, main
ready = pathlib.Path(sys.argv[2])
def stuck(*args, **kwargs):
    ready.write_text("")
    while True:
        time.sleep(60)
_inbox.run_intake = stuck
main(["demo", "-o", sys.argv[1]])
"""


def _copies(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if (p / "inbox").is_dir())


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_the_inbox_copy_of_a_killed_demo_is_removed_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    ready = tmp_path / "ready"
    proc = started(
        [sys.executable, "-c", _STUCK, str(tmp_path / "demo"), str(ready)],
        ready,
        {**os.environ, "TMPDIR": str(system_tmp)},
    )
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    check = ["check", "shandong-2022", str(inbox), "--now", "2022-08-22T09:00+08:00"]
    try:
        (left,) = _copies(system_tmp)
        # A run going on meanwhile: its copy is left to it.
        assert main(check) == 0
        assert _copies(system_tmp) == [left]
    finally:
        killed(proc)
    assert main(check) == 0
    assert _copies(system_tmp) == []
