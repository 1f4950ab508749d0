"""The private folder of one intake (:class:`Stage`): the entries of the
inbox's archives and mail files taken out, beside hard links to (or copies
of) its other files, so that intake and the rules open every file at the
same relative path (:mod:`reform_brand.office._archive`)."""

from __future__ import annotations

import os
import shutil
import stat
import weakref
from pathlib import Path

from reform_brand._leftovers import INBOX_STAGE, HeldFolder, clear_runs_left, held_folder
from reform_brand.codes.reasons import error_reason
from reform_brand.office._inbox import unreadable_code
from reform_brand.office._walk import Walk
from reform_brand.safeopen import MAX_FILE_BYTES, UnsafeFileError, open_regular

__all__ = ["Stage", "copy_in"]


def _removed(held: HeldFolder) -> None:
    shutil.rmtree(held.path, ignore_errors=True)
    held.release()


class Stage:
    """A private temporary folder holding the files of one intake.  Removed
    by :meth:`close`, or when nothing refers to it any more, or at exit."""

    def __init__(self) -> None:
        # (What a run killed midway left: SIGKILL runs no finalizer.)
        clear_runs_left()
        held = held_folder(*INBOX_STAGE)
        self.path = held.path
        self._cleanup = weakref.finalize(self, _removed, held)

    def close(self) -> None:
        self._cleanup()


def copy_in(w: Walk, stage: Path, rel: str) -> bool:
    """Put an inbox file into the stage: a hard link to it where the stage
    is on the inbox's file system (the same file: nothing is read, and what
    intake learned of it holds by its identity), else a copy (a file over
    the size limit becomes an empty file of its size, which is refused as
    it would be).  Nothing in the stage is ever written through: an entry
    that would take a linked file's name is refused (``_Expander.add_file``)."""
    source, target = w.root / rel, stage / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        st = os.lstat(source)
        if stat.S_ISREG(st.st_mode) and _linked(source, target):
            return True
        if st.st_size > MAX_FILE_BYTES:
            with open(target, "wb") as out:
                out.truncate(st.st_size)
            return True
        with open_regular(source) as fh, open(target, "wb") as out:
            shutil.copyfileobj(fh, out, 1 << 20)
    except (OSError, UnsafeFileError) as exc:
        code = unreadable_code(exc)
        w.files.change(rel, status="unreadable", code=code)
        w.note(code, rel, detail=error_reason(exc))
        return False
    return True


def _linked(source: Path, target: Path) -> bool:
    """Whether ``target`` could be made a hard link to the regular file
    ``source`` (never following a link: a file swapped for a symbolic link
    meanwhile is linked as the link, which every reading refuses)."""
    if os.link not in os.supports_follow_symlinks:
        return False  # (a link that could follow a swapped-in symbolic link: copied)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:  # another file system, links not allowed, ...
        return False
    return True
