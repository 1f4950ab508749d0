"""What the office's commands write: the report folder (report.json,
report.html, roster.xlsx, the forms as read), and the envelopes exported
from an inbox.

A report folder is built whole in a temporary folder beside it and swapped
in at the end, so a run stopped midway, or two runs writing the same folder
at once, leave a complete report.  Every output folder gets the marker file
:data:`OUTPUT_MARKER`, by which intake knows its own outputs and never reads
them as received files.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import itertools
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Final

from reform_brand._held import uninterrupted
from reform_brand._leftovers import HeldFolder, clear_left, clear_runs_left, held_folder
from reform_brand._stop import stop_if_requested
from reform_brand._textlist import TextList
from reform_brand.model import Edition
from reform_brand.office._inbox import (
    InboxReport,
    write_inbox_json,
)
from reform_brand.office._marker import OUTPUT_MARKER, is_output_dir, mark_output, write_atomic
from reform_brand.office._pages import WrittenPages, form_pages
from reform_brand.office._paths import PathList
from reform_brand.office._report_html import report_html_parts
from reform_brand.office._roster import write_roster_xlsx
from reform_brand.office._scan_views import ScanView, ScanViews

__all__ = [
    "OUTPUT_MARKER",
    "REPORT_FILES",
    "is_output_dir",
    "mark_output",
    "swap_in",
    "write_atomic",
    "write_report_dir",
]

REPORT_FILES: Final = ("report.json", "report.html", "roster.xlsx")


def write_report_dir(
    report: InboxReport,
    edition: Edition,
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
    forms: bool = True,
    scans: Mapping[int, ScanView] | None = None,
    jobs: int = 1,
) -> Sequence[Path]:
    """Write ``report.json``, ``report.html``, ``roster.xlsx`` and (with
    ``forms``) each form as read, as a printable HTML page under ``forms/``,
    into ``out_dir``, with the output marker.

    The report is built whole in a temporary folder beside ``out_dir`` and
    swapped in at the end (:func:`swap_in`): a run stopped midway (Ctrl-C,
    SIGTERM, a full disk) leaves the previous report as it was and no
    partial file.  Returns the paths written (not the marker).  ``scans`` are
    the scans' pictures when taken beforehand (the inbox's files are gone),
    by each submission's place in ``report.submissions``;
    by default they are taken from the inbox now.  With ``jobs`` > 1, the
    pages of the forms of a large batch are rendered by that many worker
    processes (the same pages)."""
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    # (What a run killed midway left: SIGKILL runs no ``finally``.)
    clear_left(f".{out.name}.", ".tmp", out.parent, remove=remove_tree)
    clear_runs_left()
    held: HeldFolder | None = None
    try:
        with uninterrupted():  # the folder is made and known as one step
            held = held_folder(f".{out.name}.", ".tmp", out.parent)
        tmp = held.path
        names = _write_report_files(
            tmp, report, edition, lang=lang, forms=forms, scans=scans, jobs=jobs
        )
        stop_if_requested()  # never a report of a run asked to stop
        swap_in(tmp, out)
    finally:
        if held is not None:
            remove_tree(held.path)
            held.release()
    # (Made a ``Path`` each as asked for: 100,000 pages make no 100,000
    # ``Path`` objects.)
    return PathList(names, under=out)


def _write_report_files(
    out: Path,
    report: InboxReport,
    edition: Edition,
    *,
    lang: str,
    forms: bool,
    scans: Mapping[int, ScanView] | None,
    jobs: int,
) -> TextList:
    mark_output(out, "report")  # first: intake never reads a half-built report
    # Which pages were written (a bit each), and their names on disk: the
    # report's links are made again from them, none kept per submission.
    links = WrittenPages()

    def pages() -> Iterator[str]:
        for n, name in form_pages(report, edition, out / "forms", jobs=jobs) if forms else ():
            links.add(n)
            yield f"forms/{name}"

    # (The report's own files last: the list is read only once all are written.)
    written = TextList(itertools.chain(pages(), REPORT_FILES))
    with open(out / "report.json", "w", encoding="utf-8") as fh:
        # Made and written entry by entry, never as one value or string.
        write_inbox_json(report, fh)
    if scans is None:
        scans = ScanViews.of(report, edition)  # for the report's pictures and the roster
    with open(out / "report.html", "w", encoding="utf-8") as fh:
        fh.writelines(report_html_parts(report, edition, lang=lang, form_links=links, scans=scans))
    write_roster_xlsx(report, edition, out / "roster.xlsx", lang=lang, scans=scans)
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_RENAME_EXCHANGE: Final = 2
_AT_FDCWD: Final = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one step (Linux ``renameat2``);
    False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _replace_entries(tmp: Path, out: Path) -> None:
    """Move what ``tmp`` holds into the folder ``out``, entry by entry, each
    in one rename (a folder that is not a report of ours keeps its other
    files).  The forms of an earlier report there go when the new one has
    none (they are moved into ``tmp``, which the caller removes)."""
    ours = is_output_dir(out)
    names = os.listdir(tmp)
    for name in names:
        _refuse_in_the_way(tmp / name, out / name)
    for name in sorted(names, key=lambda n: n == OUTPUT_MARKER):
        src, dst = tmp / name, out / name
        if src.is_dir() and dst.is_dir() and not dst.is_symlink():
            old = tmp / f".{name}.old"
            os.rename(dst, old)
        os.replace(src, dst)
    forms = out / "forms"
    if ours and "forms" not in names and _pages_only(forms):
        os.rename(forms, tmp / ".forms.old")


def _refuse_in_the_way(src: Path, dst: Path) -> None:
    """A folder where a file of ours goes (or a file where a folder does),
    or a folder where ours goes that holds more than an earlier report's
    pages (the office's own forms/, an inbox named so), is said before any
    is moved in: no report is left half replaced, no file of the user's
    removed with the folder."""
    if dst.is_dir() and not dst.is_symlink() and not src.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(dst))
    if src.is_dir() and (dst.is_symlink() or dst.exists()) and not dst.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(dst))
    if src.is_dir() and dst.is_dir() and not dst.is_symlink() and not _pages_only(dst):
        raise OSError(errno.ENOTEMPTY, os.strerror(errno.ENOTEMPTY), str(dst))


#: The name of a form's page in a report's forms/ (``form_file_name``).
_PAGE: Final = re.compile(r"[0-9]{3,}-[\w-]*\.html")


def _pages_only(folder: Path) -> bool:
    """Whether ``folder`` is a folder (not a link) that holds nothing but
    form pages of a report (files named as :func:`form_file_name` names
    them): one a report may replace."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        with os.scandir(folder) as entries:
            return all(
                _PAGE.fullmatch(e.name) and e.is_file(follow_symlinks=False) for e in entries
            )
    except OSError:
        return False


def remove_tree(path: Path) -> None:
    """Remove the folder ``path`` and all it holds, as far as possible
    (never raises).  A folder in it that is not writable (an old report
    made read-only, swapped out of its place) is made writable first: the
    folder it is in is ours to remove."""

    def writable_then_again(func: Callable[..., object], name: str, _exc: object) -> None:
        with contextlib.suppress(OSError):
            if func in (os.rmdir, os.unlink):  # the folder it is in is read-only
                parent = os.path.dirname(name)
                os.chmod(parent, os.stat(parent).st_mode | stat.S_IRWXU)
                func(name)
            else:  # a folder that cannot be listed
                os.chmod(name, os.stat(name).st_mode | stat.S_IRWXU)
                shutil.rmtree(name, onerror=_ignore)

    shutil.rmtree(path, onerror=writable_then_again)


def _ignore(func: Callable[..., object], name: str, exc: object) -> None:
    pass


#: What a report folder holds (see :func:`_write_report_files`).
_REPORT_ENTRIES: Final = frozenset({OUTPUT_MARKER, *REPORT_FILES, "forms"})


def _only_a_report(out: Path) -> bool:
    """Whether ``out`` is a report of ours and holds nothing else: only then
    may it be replaced whole (a report folder given again that holds other
    files, the inbox itself say, keeps them)."""
    forms = out / "forms"
    return (
        is_output_dir(out)
        and all(name in _REPORT_ENTRIES for name in os.listdir(out))
        and (not (forms.is_symlink() or forms.exists()) or _pages_only(forms))
    )


def swap_in(tmp: Path, out: Path) -> None:
    """Put the finished folder ``tmp`` in the place of ``out``.

    ``out`` absent: ``tmp`` is renamed to it.  ``out`` a report of ours (it
    has the output marker, and holds nothing but a report's files) or an
    empty folder: the two are exchanged in one
    step where the system can (else ``out`` is renamed aside and ``tmp`` in
    its place) and the old report removed; Ctrl-C and SIGTERM wait until the
    swap is done.  Any other folder keeps its other files: each of ours is
    moved in by a rename of its own.  ``tmp`` is left to the caller to
    remove."""
    os.chmod(tmp, 0o777 & ~_umask())
    with uninterrupted():
        _swap(tmp, out)


def _swap(tmp: Path, out: Path) -> None:
    for _attempt in range(50):
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            break
        if not out.exists():
            try:
                os.rename(tmp, out)
                return
            except OSError as exc:
                if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
                continue  # another run put its report there first
        if not (_only_a_report(out) or not any(out.iterdir())):
            break
        if _exchange(tmp, out):
            return  # tmp now holds the old report
        old = tmp.with_name(tmp.name + ".old")
        try:
            os.rename(out, old)
        except FileNotFoundError:
            continue
        try:
            os.rename(tmp, out)
        finally:
            remove_tree(old)
        return
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
    out.mkdir(parents=True, exist_ok=True)
    _replace_entries(tmp, out)
