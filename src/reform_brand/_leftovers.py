"""Temporary folders held by the run that made them (:func:`held_folder`),
and those of runs that are gone removed by a later run (:func:`clear_left`).

A run killed by SIGKILL or by the out-of-memory killer runs no ``finally``
and no exit handler: the folder it was building a report in (``.out.x1y2.tmp``
beside the report) or reading an inbox or scans in (``reform-brand-*`` in
the system's temporary folder) is left behind.  The run that made a folder
holds an exclusive ``flock`` on it (on the folder's own descriptor) for as
long as it lives; the kernel lets go of the lock when the process ends, in
whatever way it ends.  A folder of such a name that nobody holds is a dead
run's, and the next run removes it; one held is a live run's, and is left.
(A recorded PID, checked with ``kill(pid, 0)``, could name another process
once the dead run's number is taken again, or a process of another PID
namespace or host sharing the folder: the lock is the kernel's own account
of who is alive.)

Between making a folder and locking it, a folder is nobody's: making and
locking are done under a shared lock on the folder they are in, which the
clearing takes exclusive (not waiting: when a run is making one at that
moment, the leftovers wait for the next run).  Where the file system locks
nothing (``flock`` fails), or on Windows, which has no ``flock``, nothing is
removed.

A temporary file a run writes and then gives its name (``os.replace``: a
cache entry, an envelope of an export) is held the same way
(:func:`held_file`): locked on its own descriptor from its making until
after its rename, and :func:`clear_left_files` removes the files of such a
name that nobody holds.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Final

if sys.platform != "win32":
    import fcntl

__all__ = [
    "INBOX_STAGE",
    "LEFT_TMP",
    "POOL_STATE",
    "SHARED_SCANS",
    "HeldFolder",
    "clear_left",
    "clear_left_files",
    "clear_runs_left",
    "held_file",
    "held_folder",
    "locked_now",
]

#: The names (prefix, suffix) of the folders a run makes in the system's
#: temporary folder: an inbox's stage (``office._stage``), the scans'
#: results shared with its worker processes (``scan.shared_results``)...
INBOX_STAGE: Final = ("reform-brand-inbox-", ".held")
SHARED_SCANS: Final = ("reform-brand-scans-", ".held")
#: ... and the state a pool's workers start with (``_handover``).
POOL_STATE: Final = ("reform-brand-state-", ".held")
#: The random part :func:`tempfile.mkstemp` gives a name, as a pattern.
LEFT_TMP: Final = "[a-z0-9_]{8}"


class HeldFolder:
    """A temporary folder (:attr:`path`) held by this process until
    :meth:`release` (or its end): no other run takes it for a leftover."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    def release(self) -> None:
        """Let go of the folder (it is removed, or given its place, first).
        The lock goes with the last descriptor: a worker process forked
        meanwhile holds it until it ends too."""
        fd, self._fd = self._fd, -1
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)


@contextlib.contextmanager
def _on(parent: str, how: int) -> Iterator[bool]:
    """A ``flock`` of ``how`` on the folder ``parent`` within the block:
    whether it was taken."""
    try:
        fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, how)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def locked_now(fd: int) -> bool | None:
    """Whether this process took the exclusive ``flock`` of ``fd`` now
    (True) or a live process holds it (False); None where that cannot be
    told (Windows, which has no ``flock``; a file system without locks)."""
    if sys.platform == "win32":
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None
    return True


def _held(path: str) -> bool | None:
    """Whether a live process holds the folder ``path``; None when it
    cannot be told (not ours to open, gone, a file system without locks)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        took = locked_now(fd)
    finally:
        os.close(fd)  # (the lock taken goes with it)
    return None if took is None else not took


def held_folder(prefix: str, suffix: str = "", dir: str | Path | None = None) -> HeldFolder:  # noqa: A002
    """A new folder made as :func:`tempfile.mkdtemp` makes it, held by this
    process (see the module)."""
    parent = str(dir) if dir is not None else tempfile.gettempdir()
    if sys.platform == "win32":
        return HeldFolder(Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=parent)), -1)
    with _on(parent, fcntl.LOCK_SH):
        path = tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=parent)
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        with contextlib.suppress(OSError):  # (a file system without locks)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return HeldFolder(Path(path), fd)


def held_file(prefix: str, suffix: str, dir: str | Path) -> tuple[int, str]:  # noqa: A002
    """A new file made as :func:`tempfile.mkstemp` makes it (its descriptor
    and path), held by this process while the descriptor is open: it is
    renamed before the descriptor is closed, so that no other run takes it
    for a leftover (see the module)."""
    if sys.platform == "win32":
        return tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=dir)
    # (Not waiting: a folder a run holds, its report being built, is no
    # folder another run clears, and the run's own lock would never let go.
    # Made while a run clears, the file may be taken before it is locked:
    # held by the clearing run, or gone once locked (no link left), another
    # is made.)
    while True:
        with _on(str(dir), fcntl.LOCK_SH | fcntl.LOCK_NB):
            fd, path = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=dir)
            if locked_now(fd) is False:  # (taken by a run clearing the folder)
                os.close(fd)
                continue
        if os.fstat(fd).st_nlink > 0:
            break
        os.close(fd)
    return fd, path


def _remove_unheld(path: Path) -> None:
    """Remove the regular file ``path`` when no live process holds it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.unlink(path)  # (while held: nobody takes it meanwhile)
    except OSError:  # (held: BlockingIOError; gone; a file system without locks)
        pass
    finally:
        os.close(fd)


def clear_left_files(
    pattern: str,
    dir: str | Path,  # noqa: A002
    names: Iterable[str] | None = None,
) -> None:
    """Remove the files of :func:`held_file` in ``dir`` whose names match
    ``pattern`` (a regular expression of the whole name) that no live run
    holds: what a run killed while writing them left.  ``names``: those
    of ``dir`` the caller has just listed; when none of them matches,
    ``dir`` is not listed again.  Never raises."""
    if sys.platform == "win32":
        return
    made = re.compile(pattern)
    if names is not None and not any(map(made.fullmatch, names)):
        return
    with _on(str(dir), fcntl.LOCK_EX | fcntl.LOCK_NB) as alone:
        if not alone:
            return
        try:
            names = [n for n in os.listdir(dir) if made.fullmatch(n)]
        except OSError:
            return
        for name in names:
            _remove_unheld(Path(dir) / name)


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def clear_left(
    prefix: str,
    suffix: str = "",
    dir: str | Path | None = None,  # noqa: A002
    *,
    remove: Callable[[Path], None] = _remove,
) -> None:
    """Remove the folders of :func:`held_folder`'s ``prefix`` and ``suffix``
    in ``dir`` that no live run holds, and the earlier outputs a dead run
    had put aside for them (their name and ``.old``).  Never raises."""
    _clear_left([(prefix, suffix)], dir, remove)


def _clear_left(
    names: list[tuple[str, str]],
    folder: str | Path | None,
    remove: Callable[[Path], None],
) -> None:
    """:func:`clear_left` for the folders of each (prefix, suffix) of
    ``names``, the folder ``folder`` listed once."""
    if sys.platform == "win32":
        return
    parent = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    # (The random part tempfile gives a name: no other folder is taken.)
    made = re.compile(
        "(?:"
        + "|".join(re.escape(p) + r"[a-z0-9_]{8}" + re.escape(s) for p, s in names)
        + r")(\.old)?"
    )
    with _on(str(parent), fcntl.LOCK_EX | fcntl.LOCK_NB) as alone:
        if not alone:
            return
        try:
            found = [m for m in map(made.fullmatch, os.listdir(parent)) if m is not None]
        except OSError:
            return
        # (The ``.old`` ones last: after the folder each was put aside for.)
        for m in sorted(found, key=lambda m: m[1] is not None):
            path = parent / m[0]
            # An earlier output put aside (``.old``) goes once the folder it
            # was put aside for is gone: given its place, or removed.
            aside = m[1] is not None and os.path.lexists(path.with_suffix(""))
            if not aside and _held(str(path)) is False:
                remove(path)


def clear_runs_left() -> None:
    """:func:`clear_left` for each folder a run makes in the system's
    temporary folder: whichever a run makes, it removes what dead runs left
    of all of them (a run of one job, which shares no scans, too)."""
    _clear_left([INBOX_STAGE, SHARED_SCANS, POOL_STATE], None, _remove)
