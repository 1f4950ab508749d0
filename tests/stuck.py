"""Runs stopped for good at a chosen step, for the tests of what a run
killed by SIGKILL (or the OOM killer) leaves behind and what the next run
does with it.

A test's script patches the step it stops at with its ``stuck``, which
writes the ready file the test waits for and then sleeps for ever; the test
looks at what the live run holds, then kills it with :func:`killed`.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["killed", "started"]


def started(
    argv: Sequence[str], ready: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """The process of ``argv``, once it has written ``ready`` (it has
    reached the step its script stops at)."""
    proc = subprocess.Popen(
        list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    while not ready.exists() and proc.poll() is None:
        time.sleep(0.01)
    if not ready.exists():
        raise AssertionError(f"the run ended (exit {proc.returncode}) before the step it stops at")
    return proc


def killed(proc: subprocess.Popen[bytes]) -> None:
    """Kill ``proc`` as the OOM killer would (SIGKILL: no ``finally``, no
    handler) and wait for it."""
    proc.send_signal(signal.SIGKILL)
    proc.wait()
