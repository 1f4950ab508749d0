"""The text report of ``check``: grouped by unit, with a summary line.

Written whole by :func:`format_report`, or piece by piece by the streamed
check (:mod:`reform_brand.cli._streamed`): both use the same pieces, so the
two give the same text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from reform_brand._text import written_out
from reform_brand.engine import Validator
from reform_brand.findings import BatchReport, Counts, Finding, SubmissionReport
from reform_brand.i18n import Texts
from reform_brand.moments import zh_instant
from reform_brand.names import is_blank, strip_invisible
from reform_brand.office._charts import name_key
from reform_brand.office._dates import office_zone

__all__ = [
    "batch_text",
    "format_report",
    "group_name",
    "header_text",
    "no_unit",
    "submission_text",
    "summary_text",
    "unit_order",
]


#: The command line's texts ``cli.check.KEY`` of the message catalogue.
_t: Final = Texts("cli.check")

# Every name, id, pointer and message a line shows is written out
# (reform_brand._text.written_out: ``\x0a``, ``\u200b``, ``\u202e``), so
# that no line of the report is made by a sender, and two names that look
# alike, or one that reads as another, are told apart.


def group_name(validator: Validator, name: str) -> str:
    """The unit a report is grouped under: the roster's name when known,
    else the name without its invisible characters (a zero-width space in
    it is one unit to the quotas, and one group, as on report.html); a
    name of nothing but white space and invisible characters is none."""
    if is_blank(name):
        return ""
    return validator.index.roster.canonical(name) or written_out(strip_invisible(name).strip())


def no_unit(lang: str) -> str:
    return _t("no-unit", lang)


def _finding_line(f: Finding, validator: Validator, lang: str, indent: str) -> str:
    # A finding about a file of an inbox that belongs to no submission names it.
    where = f" {f.pointer}" if f.pointer else ""
    if not where and f.file and not f.submission:
        where = f" {f.file}"
    clause = f"  [{f.clause}]" if f.clause else ""
    text = written_out(f.message(lang, validator.catalogue).replace("\n", " "))
    return f"{indent}{_t(f.severity, lang)} {f.code}{written_out(where)}: {text}{clause}\n"


def submission_text(s: SubmissionReport, validator: Validator, lang: str) -> str:
    """One submission: its file, verdict and findings."""
    label = s.file or s.submission
    if s.file and s.submission != s.file:
        label = f"{s.file} ({s.submission})"
    form = f" [{s.form}]" if s.form else ""
    out = [f"  {written_out(label + form)}: {_t(s.verdict, lang)}\n"]
    out.extend(_finding_line(f, validator, lang, "    ") for f in s.findings)
    return "".join(out)


def batch_text(findings: Iterable[Finding], validator: Validator, lang: str) -> str:
    """The batch's findings about one unit (nothing when there are none)."""
    lines = [_finding_line(f, validator, lang, "    ") for f in findings]
    return f"  {_t('batch', lang)}\n" + "".join(lines) if lines else ""


def header_text(
    edition: str,
    n: int,
    now: dt.datetime,
    strict: bool,
    lang: str,
    zone: dt.tzinfo | None = None,
    timezone: str = "",
) -> str:
    """The first line: the edition, how many submissions, and the time of the
    check on the office's clock (``zone``: the deadline's zone), as the
    report's pages show it; in Chinese as the notice writes a time
    (``2022年8月22日 09:00（北京时间）``, ``timezone``: the deadline's zone's
    name), never as an ISO 8601 instant."""
    shown = now.astimezone(zone) if zone is not None and now.utcoffset() is not None else now
    when = shown.isoformat(timespec="seconds")
    if lang != "en" and timezone and now.utcoffset() is not None:
        when = zh_instant(now, timezone)
    return (
        _t(
            "header",
            lang,
            edition=edition,
            n=n,
            now=when,
            strict=_t("strict", lang) if strict else "",
        )
        + "\n"
    )


def summary_text(n: int, bad: int, warned: int, c: Counts, lang: str) -> str:
    return (
        "\n"
        + _t("summary", lang, n=n, bad=bad, warned=warned, e=c.error, w=c.warning, i=c.info)
        + "\n"
    )


def unit_order(names: Iterable[str]) -> list[str]:
    """Units in the order report.html lists them: by pinyin (GB 2312's
    order), the submissions of no unit ("") last."""
    return sorted(names, key=lambda g: (g == "", name_key(g)))


def format_report(report: BatchReport, validator: Validator, lang: str = "zh") -> str:
    """The report as readable text, grouped by unit (by pinyin, as
    report.html orders them), with a summary line."""
    groups: dict[str, tuple[list[SubmissionReport], list[Finding]]] = {}
    for s in report.submissions:
        groups.setdefault(group_name(validator, s.unit), ([], []))[0].append(s)
    for f in report.findings:
        groups.setdefault(group_name(validator, f.unit), ([], []))[1].append(f)
    out = [
        header_text(
            report.edition,
            len(report.submissions),
            report.evaluated_at,
            report.strict,
            lang,
            office_zone(validator.edition),
            validator.edition.deadline.timezone,
        )
    ]
    for name in unit_order(groups):
        subs, batch = groups[name]
        out.append("\n" + (name or no_unit(lang)) + "\n")
        out.extend(submission_text(s, validator, lang) for s in subs)
        out.append(batch_text(batch, validator, lang))
    bad = sum(1 for s in report.submissions if s.counts.error)
    warned = sum(1 for s in report.submissions if not s.counts.error and s.counts.warning)
    out.append(summary_text(len(report.submissions), bad, warned, report.counts, lang))
    return "".join(out)
