"""How worker processes are started, and what they are started with, kept
small.

On Linux a process running a single thread starts its workers with
``fork``: a copy of itself, with everything it has imported, so a worker
checks its first submission at once instead of starting an interpreter and
importing the package again (about a quarter of a second of CPU each).
Elsewhere, or when the process runs other threads (an OCR engine's, a
program's own: a thread may hold a lock while the process is copied),
workers are started with ``spawn`` (:func:`start_method`).  Either way the
state they rebuild is sent pickled, as below, and the signals are set as a
fresh process has them.

A ``spawn`` worker is sent its start-up data through a pipe: the parent's
``sys.argv`` and ``sys.path``, and the pool's initializer with its
arguments.  When that is more than the pipe holds (64 KiB on Linux), the
parent waits on the write until the worker reads it; a worker that dies
while it starts (a Ctrl-C from the terminal reaches the whole process
group) then leaves its parent waiting for ever, and a parent stopped midway
leaves the worker half the data to read (a traceback).  So the state a
worker rebuilds (a pickled validator or edition, some 80 KiB) goes in a
private file that the worker reads (:class:`Handover`), and ``sys.argv``
(100,000 paths given to ``check``) is the program's name alone while a
worker may be started (:func:`small_start`).  :class:`WorkerPool` is a
process pool started so, whose initializer is given the state itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from reform_brand._leftovers import POOL_STATE, clear_runs_left, held_folder

#: What a worker's task gives back.
R = TypeVar("R")

__all__ = [
    "WINDOWS_MAX_WORKERS",
    "Handover",
    "WorkerPool",
    "load",
    "most_workers",
    "quiet_worker",
    "small_start",
    "start_method",
]

#: The most worker processes a process pool takes on Windows, where it
#: waits on its workers' handles with the system's call for at most 63
#: (two of them the pool's own); more is a ValueError.
WINDOWS_MAX_WORKERS = 61


def most_workers(jobs: int) -> int:
    """The worker processes a pool of ``jobs`` starts: ``jobs``, at most
    :data:`WINDOWS_MAX_WORKERS` on Windows (``check --jobs 256`` there
    failed as the pool was made)."""
    return min(jobs, WINDOWS_MAX_WORKERS) if sys.platform == "win32" else jobs


class Handover:
    """``state`` in a file only this user can read, for the workers of one
    pool; removed by :meth:`close`.  The file is in a folder this process
    holds (:func:`~reform_brand._leftovers.held_folder`): one a run killed
    outright left is removed by the next."""

    def __init__(self, state: bytes) -> None:
        clear_runs_left()
        self._held = held_folder(*POOL_STATE)
        self.path = str(self._held.path / "state.pickle")
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(state)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        shutil.rmtree(self._held.path, ignore_errors=True)
        self._held.release()


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


def start_method() -> str:
    """``fork`` on Linux in a process running one thread, else ``spawn``
    (see the module's text)."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return "spawn"
    try:
        alone = len(os.listdir("/proc/self/task")) == 1  # threads of C libraries too
    except OSError:
        return "spawn"
    return "fork" if alone else "spawn"


def quiet_worker() -> None:
    """In a worker, first thing: Ctrl-C is ignored (the parent alone handles
    it: it stops the pool), a Ctrl-C pending since the worker started is
    dropped, and it is no longer blocked; SIGTERM ends it, as it ends a
    fresh process (a worker started with ``fork`` has its parent's handler,
    which would stop it with a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):  # (a closed terminal: the parent stops the pool)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is not None:
        mask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start(path: str, init: Callable[..., None], *args: object) -> None:
    """A worker's initializer: Ctrl-C quiet, then ``init(state, *args)``."""
    quiet_worker()
    init(load(path), *args)


#: (:func:`_start`, as the pool's typing takes an initializer of any arguments.)
_starter: Callable[..., object] = _start


#: How long an ended worker is waited for, in seconds, before it is killed.
_END_WAIT = 5.0


def _ready() -> bool:
    return True


class WorkerPool(Generic[R]):
    """``jobs`` worker processes (:func:`start_method`; at most
    :func:`most_workers`), each started by
    ``init(state, *args)`` with the object ``state`` (pickled) stands for,
    handed over in a file; a submission may start a worker, with little
    data (:func:`small_start`).  :meth:`renew` replaces a pool a dead
    worker broke; :meth:`close` ends it and removes the file."""

    def __init__(self, state: bytes, jobs: int, init: Callable[..., None], *args: object) -> None:
        self.handover = Handover(state)
        self.jobs = most_workers(jobs)
        self._start_args: tuple[Any, ...] = (self.handover.path, init, *args)
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context(start_method()),
            initializer=_starter,
            initargs=self._start_args,
        )

    def submit(self, fn: Callable[..., R], *args: Any) -> Future[R]:
        with small_start():
            return self.executor.submit(fn, *args)

    def renew(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()

    def starts(self) -> bool:
        """Whether a worker of this pool starts at all: a task that does
        nothing, waited for.  After a dead worker broke the pool, this tells
        a task that killed its worker from workers that die before they
        take any (their state cannot be loaded there, or a program run
        without ``if __name__ == "__main__":`` runs itself again in each)."""
        try:
            with small_start():
                ready = self.executor.submit(_ready)
            return ready.result() is True
        except BrokenProcessPool:
            return False

    def close(self, *, wait: bool = True) -> None:
        """End the pool.  Called while an exception is on its way (an
        interruption, the batch left midway), the workers are ended first
        (:meth:`_end_workers`)."""
        try:
            if sys.exc_info()[1] is not None:
                self._end_workers()
            self.executor.shutdown(wait=wait, cancel_futures=True)
        finally:
            self.handover.close()

    def _end_workers(self) -> None:
        """End the workers now, their results no longer wanted.  A worker
        that a signal ended while it wrote a result (SIGTERM to the whole
        process group) leaves the pool's reader waiting for the rest of it,
        and the pool's shutdown waiting on that reader for ever: once the
        workers are ended, this process's end of their results' pipe is
        closed too, so that the reader finds the pipe closed."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(_END_WAIT)
                if process.is_alive():
                    process.kill()
                    process.join()
        results = getattr(self.executor, "_result_queue", None)
        writer = getattr(results, "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError):
                writer.close()
