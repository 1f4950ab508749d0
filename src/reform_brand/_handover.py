"""What a worker process (``spawn``) is started with, kept small.

A worker is sent its start-up data through a pipe: the parent's
``sys.argv`` and ``sys.path``, and the pool's initializer with its
arguments.  When that is more than the pipe holds (64 KiB on Linux), the
parent waits on the write until the worker reads it; a worker that dies
while it starts (a Ctrl-C from the terminal reaches the whole process
group) then leaves its parent waiting for ever, and a parent stopped midway
leaves the worker half the data to read (a traceback).  So the state a
worker rebuilds (a pickled validator or edition, some 80 KiB) goes in a
private file that the worker reads (:class:`Handover`), and ``sys.argv``
(100,000 paths given to ``check``) is the program's name alone while a
worker may be started (:func:`small_start`).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Iterator

__all__ = ["Handover", "load", "quiet_worker", "small_start"]


class Handover:
    """``state`` in a file only this user can read, for the workers of one
    pool; removed by :meth:`close`."""

    def __init__(self, state: bytes) -> None:
        fd, self.path = tempfile.mkstemp(prefix="reform-brand-state-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(state)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def load(path: str) -> object:
    """The state a :class:`Handover` holds (in a worker)."""
    with open(path, "rb") as fh:
        return pickle.load(fh)  # written by this user's own parent process


@contextlib.contextmanager
def small_start() -> Iterator[None]:
    """Within the block a worker started gets ``sys.argv`` as the program's
    name alone (workers never read their arguments), and Ctrl-C blocked:
    a terminal's Ctrl-C reaches the whole process group, and a worker still
    starting would stop with a traceback.  It is pending in the worker until
    the pool's initializer ignores it (:func:`quiet_worker`), and in this
    process until the block ends."""
    argv = sys.argv
    sys.argv = argv[:1]
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is not None:
        mask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        sys.argv = argv
        if mask is not None:
            mask(signal.SIG_UNBLOCK, {signal.SIGINT})


def quiet_worker() -> None:
    """In a worker, first thing: Ctrl-C is ignored (the parent alone handles
    it: it stops the pool), a Ctrl-C pending since the worker started is
    dropped, and it is no longer blocked."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is not None:
        mask(signal.SIG_UNBLOCK, {signal.SIGINT})
