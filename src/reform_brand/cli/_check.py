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
from typing import Any, Final

from reform_brand.cli._core import edition_from_arg
from reform_brand.cli._intake import export, format_inbox, run_intake, write_reports
from reform_brand.engine import Validator
from reform_brand.errors import UsageError
from reform_brand.findings import BatchReport, Finding, SubmissionReport, report_to_json
from reform_brand.host import Host
from reform_brand.model import Edition
from reform_brand.office import InboxReport, clean_batch, inbox_to_json, report_from_batch
from reform_brand.rules._deadline import parse_instant

EXIT_OK, EXIT_DATA = 0, 1

_TEXT: Final = {
    "no-path": ("路径不存在：{path}", "no such file or folder: {path}"),
    "bad-now": (
        "--now 应为带时区的 ISO 8601 时间，如 2022-08-20T12:00:00+08:00",
        "--now must be an ISO 8601 date-time with a UTC offset, e.g. 2022-08-20T12:00:00+08:00",
    ),
    "header": (
        "{edition}：检查 {n} 份申报（校验时间 {now}{strict}）",
        "{edition}: {n} submission(s) checked (evaluated at {now}{strict})",
    ),
    "strict": ("，严格模式", ", strict"),
    "no-unit": ("（单位不明）", "(unit unknown)"),
    "batch": ("（整批）", "(batch)"),
    "ok": ("通过", "ok"),
    "warnings": ("有警告", "warnings"),
    "errors": ("有错误", "errors"),
    "error": ("错误", "ERROR"),
    "warning": ("警告", "WARNING"),
    "info": ("提示", "INFO"),
    "summary": (
        "合计：{n} 份申报，{bad} 份有错误，{warned} 份仅有警告；错误 {e}，警告 {w}，提示 {i}",
        "Total: {n} submission(s), {bad} with errors, {warned} with warnings only; "
        "{e} error(s), {w} warning(s), {i} info",
    ),
    "nothing": (
        "未找到申报（Word 表格、扫描件或 *.json 信封）",
        "no submissions found (Word forms, scans or *.json envelopes)",
    ),
    "one-inbox": (
        "收件目录只能单独检查：{path}",
        "an inbox is checked on its own, not with other paths: {path}",
    ),
    "export-files": (
        "--export-envelopes 只用于收件目录（文件夹）",
        "--export-envelopes needs an inbox (a folder)",
    ),
    "wrote": ("已写入 {path}", "wrote {path}"),
}


def _t(key: str, lang: str, **params: object) -> str:
    zh, en = _TEXT[key]
    return (en if lang == "en" else zh).format(**params)


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "check",
        parents=[common],
        help="check submissions / 校验申报",
        description="Check what arrived against EDITION as one batch: one inbox folder "
        "(Word forms, scans, extra materials, manifests and JSON envelopes, in any mix; "
        "docs/inbox.md) or submission JSON files. Exit code 1 when any finding is an error.",
    )
    p.add_argument("edition", metavar="EDITION", help="an installed edition id")
    p.add_argument(
        "paths",
        metavar="PATH",
        nargs="+",
        help="one inbox folder (docs/inbox.md), or submission JSON files",
    )
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p.add_argument(
        "--strict", action="store_true", help="soft quotas (原则上) are errors, not warnings"
    )
    p.add_argument(
        "--now",
        metavar="ISO-8601",
        help="evaluation time, e.g. 2022-08-20T12:00:00+08:00 (default: now)",
    )
    p.add_argument(
        "--report",
        metavar="DIR",
        help="write report.json, report.html, roster.xlsx and the forms as read into DIR",
    )
    p.add_argument(
        "--export-envelopes",
        metavar="DIR",
        dest="export_envelopes",
        help="write what was read from the inbox as JSON envelopes, with their files, into DIR",
    )
    p.set_defaults(func=cmd_check)


def _parse_now(text: str | None, lang: str) -> dt.datetime | None:
    if text is None:
        return None
    when = parse_instant(text)
    if when is None or when.tzinfo is None or when.utcoffset() is None:
        raise UsageError(detail=_t("bad-now", lang))
    return when


def cmd_check(args: argparse.Namespace) -> int:
    lang: str = args.lang
    now = _parse_now(args.now, lang)
    paths = [Path(p) for p in args.paths]
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise UsageError(detail=_t("no-path", lang, path=str(p)))
    folders = [p for p in paths if p.is_dir()]
    if folders and len(paths) > 1:
        raise UsageError(detail=_t("one-inbox", lang, path=str(folders[0])))
    if args.export_envelopes and not folders:
        raise UsageError(detail=_t("export-files", lang))
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
