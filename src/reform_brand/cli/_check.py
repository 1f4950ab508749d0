"""The ``check`` command: validate what arrived against an edition.

    reform-brand check EDITION PATH... [--json] [--strict] [--lang zh|en] [--now ISO-8601]
                                       [--report DIR] [--export-envelopes DIR]

A PATH that is a folder is read by intake (docs/inbox.md): Word forms and
their scans, extra materials, manifests and submission JSON envelopes, in
any mix, every file accounted for; a folder is checked on its own.  PATHs
that are files are submission JSON envelopes.  Either way everything forms
one batch (quotas are counted over it) checked by the same rules.
``--report DIR`` writes report.json, report.html, roster.xlsx and the forms
as read into DIR, each atomically; ``--export-envelopes DIR`` writes what
intake read from a folder as JSON envelopes with their files.

A file that cannot be read or parsed is a finding for that file alone.  Exit
code 1 when any finding is an error, 0 otherwise, 2 for usage errors (an
unknown edition, a PATH that does not exist, a malformed ``--now``, an
unwritable output folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from reform_brand.cli._core import edition_from_arg
from reform_brand.cli._help import HelpTexts
from reform_brand.cli._intake import export, format_inbox, run_intake, write_reports
from reform_brand.engine import Validator
from reform_brand.errors import UsageError
from reform_brand.findings import BatchReport, Finding, SubmissionReport, report_to_json
from reform_brand.host import Host
from reform_brand.i18n import render
from reform_brand.model import Edition
from reform_brand.moments import parse_instant
from reform_brand.office import (
    InboxReport,
    clean_batch,
    inbox_to_json,
    is_mail_source,
    report_from_batch,
)

EXIT_OK, EXIT_DATA = 0, 1


def _t(key: str, lang: str, **params: object) -> str:
    """The command line's text ``cli.check.KEY`` of the message catalogue."""
    return render(f"cli.check.{key}", params, lang)


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    t = HelpTexts(common, "check")
    p = sub.add_parser(
        "check",
        parents=[common],
        help=t.summary,
        description=t("about"),
    )
    p.add_argument("edition", metavar="EDITION", help=t("edition"))
    p.add_argument(
        "paths",
        metavar="PATH",
        nargs="+",
        help=t("paths"),
    )
    p.add_argument("--json", action="store_true", help=t("json"))
    p.add_argument("--strict", action="store_true", help=t("strict"))
    p.add_argument(
        "--now",
        metavar="ISO-8601",
        help=t("now"),
    )
    p.add_argument(
        "--report",
        metavar="DIR",
        help=t("report"),
    )
    p.add_argument(
        "--export-envelopes",
        metavar="DIR",
        dest="export_envelopes",
        help=t("export-envelopes"),
    )
    p.set_defaults(func=cmd_check)


def _parse_now(text: str | None, lang: str) -> dt.datetime | None:
    if text is None:
        return None
    when = parse_instant(text)
    if when is None or when.tzinfo is None or when.utcoffset() is None:
        raise UsageError(detail=_t("bad-now", lang))
    return when


def _paths_of(args: argparse.Namespace, lang: str) -> tuple[list[Path], list[Path]]:
    """The paths to check, and those that are an inbox: a folder, or a
    mailbox (an .eml file, an .mbox file or a Maildir).  One inbox at most."""
    paths = [Path(p) for p in args.paths]
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise UsageError(detail=_t("no-path", lang, path=str(p)))
    folders = [p for p in paths if p.is_dir() or is_mail_source(p)]
    if folders and len(paths) > 1:
        raise UsageError(detail=_t("one-inbox", lang, path=str(folders[0])))
    if args.export_envelopes and not folders:
        raise UsageError(detail=_t("export-files", lang))
    return paths, folders


def cmd_check(args: argparse.Namespace) -> int:
    lang: str = args.lang
    now = _parse_now(args.now, lang)
    paths, folders = _paths_of(args, lang)
    host = Host.create()
    edition = edition_from_arg(host, args.edition)
    validator = Validator.create(edition, host=host)
    inbox: InboxReport | None = None
    if folders:
        found, inbox = run_intake(
            edition, folders[0], host=host, strict=args.strict, now=now, lang=lang
        )
        report = inbox.batch
        if args.export_envelopes:
            export(found, Path(args.export_envelopes))
    else:
        raw = validator.check_paths(paths, strict=args.strict, now=now)
        report = clean_batch(raw)  # names shown decoded: every output is UTF-8
    if args.report:
        # A JSON batch's facts are read from the files under their exact names.
        _write_report(args.report, inbox or report_from_batch(edition, raw), edition, lang)
    if args.json:
        data = inbox_to_json(inbox) if inbox is not None else report_to_json(report)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_report(report, validator, lang))
        if inbox is not None:
            sys.stdout.write(format_inbox(inbox, lang))
        if not report.submissions:
            sys.stderr.write(_t("nothing", lang) + "\n")
    return EXIT_DATA if report.counts.error else EXIT_OK


def _write_report(where: str, full: InboxReport, edition: Edition, lang: str) -> None:
    out = Path(where)
    for written in write_reports(full, edition, out, lang):
        if written.parent == out:
            sys.stderr.write(_t("wrote", lang, path=str(written)) + "\n")


def _group_name(validator: Validator, name: str) -> str:
    if not name.strip():
        return ""
    return validator.index.roster.canonical(name) or name.strip()


def _finding_line(f: Finding, validator: Validator, lang: str, indent: str) -> str:
    # A finding about a file of an inbox that belongs to no submission names it.
    where = f" {f.pointer}" if f.pointer else ""
    if not where and f.file and not f.submission:
        where = f" {f.file}"
    clause = f"  [{f.clause}]" if f.clause else ""
    text = f.message(lang, validator.catalogue).replace("\n", " ")
    return f"{indent}{_t(f.severity, lang)} {f.code}{where}: {text}{clause}\n"


def format_report(report: BatchReport, validator: Validator, lang: str = "zh") -> str:
    """The report as readable text, grouped by unit, with a summary line."""
    groups: dict[str, tuple[list[SubmissionReport], list[Finding]]] = {}
    for s in report.submissions:
        groups.setdefault(_group_name(validator, s.unit), ([], []))[0].append(s)
    for f in report.findings:
        groups.setdefault(_group_name(validator, f.unit), ([], []))[1].append(f)
    out = [
        _t(
            "header",
            lang,
            edition=report.edition,
            n=len(report.submissions),
            now=report.evaluated_at.isoformat(timespec="seconds"),
            strict=_t("strict", lang) if report.strict else "",
        )
        + "\n"
    ]
    for name in sorted(groups, key=lambda g: (g == "", g)):
        subs, batch = groups[name]
        out.append("\n" + (name or _t("no-unit", lang)) + "\n")
        for s in subs:
            label = s.file or s.submission
            if s.file and s.submission != s.file:
                label = f"{s.file} ({s.submission})"
            form = f" [{s.form}]" if s.form else ""
            out.append(f"  {label}{form}: {_t(s.verdict, lang)}\n")
            out.extend(_finding_line(f, validator, lang, "    ") for f in s.findings)
        if batch:
            out.append(f"  {_t('batch', lang)}\n")
            out.extend(_finding_line(f, validator, lang, "    ") for f in batch)
    c = report.counts
    bad = sum(1 for s in report.submissions if s.counts.error)
    warned = sum(1 for s in report.submissions if not s.counts.error and s.counts.warning)
    out.append(
        "\n"
        + _t(
            "summary",
            lang,
            n=len(report.submissions),
            bad=bad,
            warned=warned,
            e=c.error,
            w=c.warning,
            i=c.info,
        )
        + "\n"
    )
    return "".join(out)
