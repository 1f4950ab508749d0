"""The inbox side of ``check``: intake of a folder with progress on a
terminal, the line that accounts for its files, and the report folder."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final, TextIO

from reform_brand._text import written_out
from reform_brand.cli._folders import removed_on_failure
from reform_brand.codes.reasons import output_reason
from reform_brand.engine import EVERY_OPT_IN, Validator
from reform_brand.errors import ReformBrandError
from reform_brand.host import Host
from reform_brand.i18n import Texts
from reform_brand.model import Edition
from reform_brand.office import (
    InboxFile,
    InboxReport,
    Intake,
    ReceivedMail,
    check_intake,
    check_mail,
    export_envelopes,
    intake,
    is_mail_source,
    mail_intake,
    statuses,
    write_report_dir,
)
from reform_brand.office._scan_views import ScanView
from reform_brand.opened import pdfs_not_kept

__all__ = [
    "PROGRESS_FROM",
    "export",
    "files_line",
    "format_inbox",
    "read_inbox",
    "read_inbox_mails",
    "run_inbox",
    "run_intake",
    "write_reports",
]

#: Show progress on a terminal from this many files on.
PROGRESS_FROM: Final = 20


#: The command line's texts ``cli.intake.KEY`` of the message catalogue.
_t: Final = Texts("cli.intake")


#: Back to the start of the line, and the line cleared.
_CLEAR: Final = "\r\x1b[K"


class _TtyProgress:
    """Progress on stderr, on one line, only when stderr is a terminal and the
    inbox is large."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        self.stream = stream
        #: Where the line's own control (back to its start, cleared) is
        #: written: past the escaping of what names may hold, if any.
        self.control: TextIO = getattr(stream, "unescaped", stream)
        self.lang = lang
        self.shown = False

    def __call__(self, done: int, total: int, path: str) -> None:
        if total < PROGRESS_FROM:
            return
        shown = written_out(path)  # (a line break, a zero-width space: see _check_text)
        name = shown if len(shown) <= 50 else "…" + shown[-49:]
        line = _t("progress", self.lang, done=done, total=total, path=name)
        self.control.write(_CLEAR)
        self.stream.write(line)
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.control.write(_CLEAR)
            self.control.flush()


def run_intake(
    edition: Edition,
    root: Path,
    *,
    host: Host,
    strict: bool,
    now: dt.datetime | None,
    lang: str,
    jobs: int = 1,
) -> tuple[Intake, InboxReport]:
    """Intake of the folder or mailbox ``root`` (with progress on a terminal)
    and its check (``jobs``: worker processes)."""
    validator = Validator.create(edition, host=host, include=EVERY_OPT_IN)
    if is_mail_source(root):
        progress = _TtyProgress(sys.stderr, lang) if sys.stderr.isatty() else None
        try:
            return check_mail(
                edition,
                root,
                validator=validator,
                strict=strict,
                now=now,
                progress=progress,
                jobs=jobs,
            )
        finally:
            if progress is not None:
                progress.close()
    found = read_inbox(edition, root, lang, jobs=jobs)
    report = check_intake(found, edition, validator=validator, strict=strict, now=now, jobs=jobs)
    return found, report


def read_inbox(edition: Edition, root: Path, lang: str, *, jobs: int = 1) -> Intake:
    """Intake of the folder or mailbox ``root``, with progress on a terminal."""
    return read_inbox_mails(edition, root, lang, jobs=jobs)[0]


def read_inbox_mails(
    edition: Edition, root: Path, lang: str, *, jobs: int = 1
) -> tuple[Intake, tuple[ReceivedMail, ...]]:
    """Intake of the folder or mailbox ``root``, with progress on a
    terminal, and the mails as the report shows them (none for a folder).
    With ``jobs`` over 1 the scans are verified by worker processes: intake
    keeps no scan's content for a verification here."""
    progress = _TtyProgress(sys.stderr, lang) if sys.stderr.isatty() else None
    try:
        with pdfs_not_kept() if jobs > 1 else contextlib.nullcontext():
            return _read(edition, root, progress)
    finally:
        if progress is not None:
            progress.close()


def _read(
    edition: Edition, root: Path, progress: _TtyProgress | None
) -> tuple[Intake, tuple[ReceivedMail, ...]]:
    if is_mail_source(root):
        return mail_intake(edition, root, progress=progress)
    found = intake(edition, root, progress=progress)
    return found, found.mails


def run_inbox(
    edition: Edition,
    root: Path,
    *,
    host: Host,
    strict: bool,
    now: dt.datetime | None,
    lang: str,
) -> InboxReport:
    """Check the inbox ``root``, with progress on a terminal."""
    return run_intake(edition, root, host=host, strict=strict, now=now, lang=lang)[1]


def format_inbox(report: InboxReport, lang: str) -> str:
    """The line that accounts for the inbox's files."""
    return files_line(report.root, report.files, lang)


def files_line(root: str, files: Sequence[InboxFile], lang: str) -> str:
    """The line that accounts for the files of the inbox ``root``."""
    st = statuses(files)
    return (
        _t(
            "files",
            lang,
            root=root,
            n=len(files),
            used=st["used"],
            ignored=st["ignored"],
            unreadable=st["unreadable"],
        )
        + "\n"
    )


def _cannot_write(out: Path, exc: OSError) -> ReformBrandError:
    """``cli.cannot-write`` for ``out``, or for the file in it that is in
    the way (``report.json`` a folder)."""
    named = exc.filename if isinstance(exc.filename, str) else ""
    if named.startswith(str(out) + os.sep) or (named and Path(named).parent == out):
        out = Path(named)  # (out / name is only name when out is ".")
    return ReformBrandError("cli.cannot-write", path=str(out), detail=output_reason(exc, out))


def write_reports(
    report: InboxReport,
    edition: Edition,
    out: Path,
    lang: str,
    *,
    scans: Mapping[int, ScanView] | None = None,
    jobs: int = 1,
) -> Sequence[Path]:
    """Write the report files; an unwritable folder is a usage error.  The
    folders made above ``out`` go again when it fails."""
    try:
        with removed_on_failure(out):
            return write_report_dir(report, edition, out, lang=lang, scans=scans, jobs=jobs)
    except OSError as exc:
        raise _cannot_write(out, exc) from None


def export(found: Intake, out: Path) -> list[Path]:
    """Export what intake read as envelopes; an unwritable folder is a usage
    error.  The folders made above ``out`` go again when it fails."""
    try:
        with removed_on_failure(out, whole=True):
            return export_envelopes(found, out)
    except OSError as exc:
        raise _cannot_write(out, exc) from None
