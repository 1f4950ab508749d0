"""The ``check`` command: validate what arrived against an edition.

    reform-brand check EDITION [PATH...] [--files-from FILE] [--json] [--strict] [--lang zh|en]
                       [--now ISO-8601] [--report DIR] [--export-envelopes DIR] [--jobs N]

A PATH that is a folder is read by intake (docs/inbox.md): Word forms and
their scans, extra materials, manifests and submission JSON envelopes, in
any mix, every file accounted for; a folder is checked on its own.  PATHs
that are files are submission JSON envelopes, and so are the paths listed in
``--files-from FILE`` (``-``: the standard input; :mod:`reform_brand.cli._listed`),
for a batch too large for a command line.  Either way everything forms
one batch (quotas are counted over it) checked by the same rules.
``--report DIR`` writes report.json, report.html, roster.xlsx and the forms
as read into DIR, each atomically; ``--export-envelopes DIR`` writes what
intake read from a folder as JSON envelopes with their files.

Submission JSON files, an inbox folder and a mailbox are checked as a
stream: each submission is read and checked, its entry written to a spool
file, and only a compact record kept for the batch rules, so memory stays
flat however many there are.  With ``--report`` its report and facts are
spooled too, and the report folder is written from the spools, each
submission read back as it is needed.
``--jobs N`` (default: the number of cores) reads and checks the
submissions in N worker processes, with the same report as ``--jobs 1``.

A file that cannot be read or parsed is a finding for that file alone.  Exit
code 1 when any finding is an error, 0 otherwise, 2 for usage errors (an
unknown edition, nothing to check, a PATH that does not exist or, given
alone, is a link to nothing, a list that cannot be read, a malformed
``--now``, an unwritable output folder), 130 when interrupted (Ctrl-C or
SIGTERM: a report folder being written is left as it was).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from reform_brand.cli._check_text import format_report
from reform_brand.cli._core import edition_from_arg
from reform_brand.cli._inputs import looked_at
from reform_brand.cli._intake import export, read_inbox, read_inbox_mails, write_reports
from reform_brand.cli._listed import Given, given_paths
from reform_brand.cli._streamed import check_kept, check_streamed
from reform_brand.engine import EVERY_OPT_IN, Validator, default_jobs
from reform_brand.errors import UsageError
from reform_brand.findings import Finding
from reform_brand.host import Host
from reform_brand.i18n import Texts
from reform_brand.model import Edition
from reform_brand.moments import DAYS_READ, parse_instant
from reform_brand.office import (
    OUTPUT_MARKER,
    REPORT_FILES,
    InboxReport,
    Intake,
    ReceivedMail,
    is_mail_source,
    is_output_dir,
)
from reform_brand.office._inbox import ledger_finding
from reform_brand.office._scan_views import ScanView, ScanViews
from reform_brand.scan import shared_results

__all__ = ["cmd_check", "format_report"]

EXIT_OK, EXIT_DATA = 0, 1


#: The command line's texts ``cli.check.KEY`` of the message catalogue.
_t: Final = Texts("cli.check")


def _parse_now(text: str | None, lang: str) -> dt.datetime | None:
    if text is None:
        return None
    when = parse_instant(text)
    if when is None and _offset_given(text):  # (well written, a day no zone can show)
        raise UsageError(detail=_out_of_range(text, lang))
    if when is None or when.tzinfo is None or when.utcoffset() is None:
        raise UsageError(detail=_t("bad-now", lang))
    if not DAYS_READ[0] <= when.date().isoformat() <= DAYS_READ[1]:
        raise UsageError(detail=_out_of_range(text, lang))  # (as the validator refuses it)
    return when


def _offset_given(text: str) -> bool:
    """Whether ``text`` is a date-time with a UTC offset, whatever its day."""
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return False
    return "T" in text.upper() and when.utcoffset() is not None


def _out_of_range(text: str, lang: str) -> str:
    return _t("now-out-of-range", lang, value=text, first=DAYS_READ[0], last=DAYS_READ[1])


def _inbox_of(
    args: argparse.Namespace, paths: Given, lang: str
) -> tuple[Path | None, tuple[Finding, ...]]:
    """The one of the paths to check that is an inbox, if any: a folder, or a
    mailbox (an .eml file, an Outlook .msg file, an .mbox file or a
    Maildir).  One inbox at most.
    (The paths stay strings, those of a list on disk: a batch of 100,000
    files keeps no 100,000 paths in memory.)  A path given alone is a
    mailbox by its name or by its first bytes; of several files, each is
    opened once, by its check: a mailbox among them is one by its name, and
    one by its content only is read as a submission file (``file.not-json``
    says what it is).  The marker file of one of this program's output
    folders (``out/*.json`` of an export) is no submission: it is passed
    over, listed by the finding ``inbox.own-output`` returned with the inbox."""
    inbox: Path | None = None
    # (One path given again, ``inbox inbox/``: checked as given once.)
    repeated = range(1, len(paths)) if len(paths) > 1 and _one_thing(paths) else range(0)
    paths.skip(repeated)
    alone = len(paths) == 1
    # The files seen (device and inode, as one number), to check a file
    # given twice (a.json beside *.json, a link to it) once.
    seen: set[int] = set()
    again: list[int] = []
    own: list[Finding] = []
    for n, text in enumerate(paths):
        st = looked_at(text, lang, "cli.check.no-path", alone=alone)
        if st is None:
            continue  # a link that leads nowhere among others: a finding of its own
        if stat.S_ISREG(st.st_mode):
            key = st.st_ino << 64 | st.st_dev
            if key in seen:
                again.append(n)
            elif _is_marker(text):
                again.append(n)
                own.append(ledger_finding("inbox.own-output", text))
            seen.add(key)
        if inbox is None and (
            stat.S_ISDIR(st.st_mode) or is_mail_source(text, st, by_content=alone)
        ):
            inbox = Path(text)
    del seen
    paths.skip([*repeated, *again])
    if inbox is not None and not alone:
        raise UsageError(detail=_t("one-inbox", lang, path=str(inbox)))
    if args.export_envelopes and inbox is None:
        raise UsageError(detail=_t("export-files", lang))
    _check_outputs(args, inbox, lang)
    return inbox, tuple(own)


def _one_thing(paths: Given) -> bool:
    """Whether the paths given all name one file or folder (the same inbox
    given twice, ``inbox`` and ``inbox/``, or through a link): read up to
    the first that names another."""
    first: tuple[int, int] | None = None
    for text in paths:
        try:
            st = os.stat(text)
        except (OSError, ValueError):
            return False  # (said by the check of each path)
        if first is None:
            first = (st.st_dev, st.st_ino)
        elif (st.st_dev, st.st_ino) != first:
            return False
    return True


def _is_marker(text: str) -> bool:
    """Whether the file ``text`` is the marker of an output folder."""
    if os.path.basename(text) != OUTPUT_MARKER:
        # (The usual case, told without making a path: ``check`` asks this
        # of every file it is given.  The names differ only for a path
        # ending in a separator or a dot, which is no regular file.)
        return False
    path = Path(text)
    return path.name == OUTPUT_MARKER and is_output_dir(path.parent)


def _received_under(out: Path, inbox: Path) -> bool:
    """Whether the output folder ``out`` is a folder of the folder ``inbox``
    that holds received files: marked as an output, it and they would be
    passed over from then on (a unit's submissions gone from the next
    check).  A new or empty folder, or an output of ours, is not."""
    where, top = os.path.realpath(out), os.path.realpath(inbox)
    if not where.startswith(top.rstrip(os.sep) + os.sep) or is_output_dir(out):
        return False
    try:
        with os.scandir(out) as entries:
            return any(True for _ in entries)
    except OSError:  # (none, or not a folder: said where it is written)
        return False


def _check_outputs(args: argparse.Namespace, inbox: Path | None, lang: str) -> None:
    """The report folder and the export folder: neither the inbox itself
    (what they hold would be read as received files next time), not the same
    folder, and the export's either new, empty or an export of ours (its
    envelopes would mix with other files)."""
    real = os.path.realpath
    report, export = args.report, args.export_envelopes
    if inbox is not None:
        for option, given in (("--report", report), ("--export-envelopes", export)):
            if given and real(given) == real(inbox):
                raise UsageError(detail=_t("output-is-inbox", lang, option=option, path=given))
            if given and _received_under(Path(given), inbox):
                raise UsageError(detail=_t("output-holds-inbox", lang, option=option, path=given))
    if report and export and real(report) == real(export):
        raise UsageError(detail=_t("same-output", lang, path=export))
    if export and os.path.isdir(export) and not is_output_dir(Path(export)):
        with os.scandir(export) as entries:
            if any(True for _ in entries):
                raise UsageError(detail=_t("export-not-empty", lang, path=export))


def cmd_check(args: argparse.Namespace) -> int:
    lang: str = args.lang
    now = _parse_now(args.now, lang)
    with given_paths(args.paths, args.files_from, lang) as paths:
        inbox, own = _inbox_of(args, paths, lang)
        return _check(args, paths, inbox, now, own)


def _check(
    args: argparse.Namespace,
    paths: Given,
    inbox: Path | None,
    now: dt.datetime | None,
    own: tuple[Finding, ...] = (),
) -> int:
    jobs: int = args.jobs or default_jobs()
    host = Host.create()
    edition = edition_from_arg(host, args.edition)
    # The office's check runs every rule, the opt-in ones included.
    validator = Validator.create(edition, host=host, include=EVERY_OPT_IN)
    if args.report:
        return _with_report(args, validator, paths, inbox, now, jobs, own)
    if inbox is not None:
        return _inbox_streamed(args, validator, inbox, now, jobs)
    return _streamed(args, validator, paths, now, jobs, own)  # files: a folder is an inbox


def _with_report(
    args: argparse.Namespace,
    validator: Validator,
    paths: Iterable[str],
    root: Path | None,
    now: dt.datetime | None,
    jobs: int,
    own: tuple[Finding, ...] = (),
) -> int:
    """Submission files, or an inbox folder or mailbox, checked as a stream
    with the whole report kept on disk (``own``: the output markers passed
    over among the files); the report folder written from it,
    then the JSON or text report; the exit code."""
    lang: str = args.lang
    found: Intake | None = None
    mails: tuple[ReceivedMail, ...] = ()
    if root is not None:
        found, mails = read_inbox_mails(validator.edition, root, lang, jobs=jobs)
    try:
        # The scans' results are left in a folder by their content, for the
        # report's pictures, read from there one at a time while the folder
        # lasts (whatever process verified them, and however many).
        with (
            shared_results(for_this_process=False),
            check_kept(
                validator,
                found if found is not None else paths,
                strict=args.strict,
                now=now,
                jobs=jobs,
                as_json=args.json,
                lang=lang,
                mails=mails,
                notes=own,
            ) as kept,
        ):
            scans = None  # a JSON batch's: looked up from the files' names
            if found is not None:
                if args.export_envelopes:
                    export(found, Path(args.export_envelopes))
                # The scans' pictures, from where intake opened them (an
                # archive's or a mail's files are in a private folder).
                scans = ScanViews.of(
                    kept.report, validator.edition, base=found.base, names=found.names
                )
            _write_report(args.report, kept.report, validator.edition, lang, scans=scans, jobs=jobs)
            done = kept.write(sys.stdout)
    finally:
        if found is not None:
            found.close()
    if not args.json and not done.submissions:
        sys.stderr.write(_t("nothing", lang) + "\n")
    return EXIT_DATA if done.counts.error else EXIT_OK


def _streamed(
    args: argparse.Namespace,
    validator: Validator,
    source: Iterable[str] | Intake,
    now: dt.datetime | None,
    jobs: int,
    own: tuple[Finding, ...] = (),
) -> int:
    """Submission files, or what intake read from an inbox, checked as a
    stream (no report folder asked for); the exit code.  ``own``: the
    output markers passed over among the files."""
    # Workers share the scans they verify; nothing here shows them.
    with shared_results(for_this_process=False) if jobs > 1 else contextlib.nullcontext():
        done = check_streamed(
            validator,
            source,
            strict=args.strict,
            now=now,
            jobs=jobs,
            as_json=args.json,
            lang=args.lang,
            out=sys.stdout,
            notes=own,
        )
    if not args.json and not done.submissions:
        sys.stderr.write(_t("nothing", args.lang) + "\n")
    return EXIT_DATA if done.counts.error else EXIT_OK


def _inbox_streamed(
    args: argparse.Namespace,
    validator: Validator,
    root: Path,
    now: dt.datetime | None,
    jobs: int,
) -> int:
    """An inbox folder or mailbox checked as a stream (no report folder
    asked for), then exported when asked."""
    found = read_inbox(validator.edition, root, args.lang, jobs=jobs)
    try:
        code = _streamed(args, validator, found, now, jobs)
        if args.export_envelopes:
            export(found, Path(args.export_envelopes))
    finally:
        found.close()
    return code


def _write_report(
    where: str,
    full: InboxReport,
    edition: Edition,
    lang: str,
    *,
    scans: Mapping[int, ScanView] | None = None,
    jobs: int = 1,
) -> None:
    out = Path(where)
    write_reports(full, edition, out, lang, scans=scans, jobs=jobs)
    # (The report's own files, not a line for each of its forms' pages.)
    for name in REPORT_FILES:
        sys.stderr.write(_t("wrote", lang, path=str(out / name)) + "\n")
