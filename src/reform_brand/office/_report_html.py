"""The inbox report as one self-contained HTML page.

Nothing from elsewhere: the page forbids any network access (its CSP), its
styles inline, its two charts inline SVG (quotas; submissions per item).

The page is the template ``templates/report.html.j2`` (charts: macros of
``templates/charts.html.j2``), rendered in the sandboxed page environment:
every text from the inbox is escaped when printed and never evaluated.
This module gathers what the page shows, in the report's language, names
and messages with their invisible characters written out (_text.written_out).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
from attrs import frozen

from reform_brand._text import written_out
from reform_brand.catalogue import CodeInfo
from reform_brand.findings import Finding
from reform_brand.model import Edition
from reform_brand.names import RosterIndex, is_blank, normalise
from reform_brand.office._charts import TALL_CHART, items_chart, name_key, quota_chart
from reform_brand.office._dates import office_zone
from reform_brand.office._inbox import paired
from reform_brand.office._pages import WrittenPages
from reform_brand.office._report_mails import MailRef, mail_sections, when
from reform_brand.office._roles import kind_names, role_names
from reform_brand.office._roster import NO_UNIT, FindingUnits, project_heading
from reform_brand.office._scan_views import ScanView, ScanViews

if TYPE_CHECKING:
    from reform_brand.office._inbox import InboxReport, InboxSubmission

__all__ = ["LONG_LIST", "TALL_CHART", "FormLinks", "report_html", "report_html_parts", "tally"]

#: The links of the forms' pages: relative links by submission id, or the
#: pages a report folder holds (each submission's own, by its place).
FormLinks = Mapping[str, str] | WrittenPages

#: The page's words: (Chinese, English).
_T: Final[dict[str, tuple[str, str]]] = {
    "title": ("收件检查报告", "Inbox report"),
    "evaluated": ("校验时间", "Evaluated at"),
    "inbox": ("收件目录", "Inbox"),
    "strict": ("严格模式", "strict mode"),
    "submissions": ("份申报", "submissions"),
    "with-errors": ("份有错误", "with errors"),
    "with-warnings": ("份仅有警告", "with warnings only"),
    "late": ("份逾期", "late"),
    "unknown-arrival": ("份到达时间不明", "arrival unknown"),
    "files": ("个文件", "files"),
    "used": ("已使用", "used"),
    "ignored": ("已忽略", "ignored"),
    "unreadable": ("无法读取", "unreadable"),
    "quota-chart": ("各单位限额使用情况", "Quota use per unit"),
    "quota-note": (
        "条形为申报数，竖线为限额；超出限额的单位以红色显示。逾期申报和被新版本取代的旧版本不计入限额。",
        "Bars are submissions, the tick is the limit; units over their limit are red. "
        "Late submissions and earlier versions of a resent project count nowhere.",
    ),
    "items-chart": ("各改革重点事项的申报数", "Submissions per reform item"),
    "scan-page": ("扫描件第一页", "First page of the scan"),
    "seal": ("找到的印章", "Seal found"),
    "no-seal-here": ("应盖章处（未见印章）", "Where the seal belongs (none seen)"),
    "signature": ("找到的签名", "Signature found"),
    "declared": ("申报时注明", "declared"),
    "suggested": ("未注明，按内容建议", "not declared; suggested from the text"),
    "items-unreadable": (
        "以下申报注明的改革重点事项无法读取（不是事项编号的列表），未计入上图，也不按内容建议：",
        "These submissions declare reform items that cannot be read (not a list of item "
        "numbers); they are counted nowhere above and get no suggestion:",
    ),
    "items-note": (
        "实心条为申报声明的改革重点事项（一份申报可声明多个事项）；"
        "斜线条为未声明事项的申报按其内容建议的首选事项，仅供参考。逾期申报和被新版本取代的旧版本不计。",
        "Solid bars count the items each submission declares (one may declare several); "
        "hatched bars count, for a submission that declares none, the item its text "
        "suggests first, for information only. Late submissions and earlier versions "
        "count nowhere.",
    ),
    # In a call that accepts late submissions (late_accepted), they count.
    "quota-note-late-accepted": (
        "条形为申报数，竖线为限额；超出限额的单位以红色显示。通知接受逾期申报，逾期申报照常计入；"
        "被新版本取代的旧版本不计入限额。",
        "Bars are submissions, the tick is the limit; units over their limit are red. "
        "The call accepts late submissions, so they count; earlier versions of a resent "
        "project count nowhere.",
    ),
    "items-note-late-accepted": (
        "实心条为申报声明的改革重点事项（一份申报可声明多个事项）；"
        "斜线条为未声明事项的申报按其内容建议的首选事项，仅供参考。被新版本取代的旧版本不计。",
        "Solid bars count the items each submission declares (one may declare several); "
        "hatched bars count, for a submission that declares none, the item its text "
        "suggests first, for information only. Earlier versions count nowhere.",
    ),
    "not-counted-late-accepted": (
        "名单中有限额、但没有计入限额的申报（未申报）的单位：",
        "Units of the roster with a quota and no submission counted toward it (none sent):",
    ),
    "no-quota": ("没有计入限额的申报。", "No submission counts toward a quota."),
    "not-counted": (
        "名单中有限额、但没有计入限额的申报（未申报，或仅有逾期申报）的单位：",
        "Units of the roster with a quota and no submission counted toward it "
        "(none sent, or only late ones):",
    ),
    "roster": ("申报一览", "Submissions"),
    "findings": ("问题（按单位）", "Findings per unit"),
    "batch": ("收件目录", "The inbox"),
    "unit-batch": ("限额与其他材料", "Quota and extra materials"),
    "materials": ("其他材料", "Extra materials"),
    "all-files": ("全部文件", "Every file"),
    "unit": ("单位", "Unit"),
    "kind": ("类别", "Kind"),
    "form": ("表格", "Form"),
    "project": ("项目名称", "Project"),
    "arrived": ("到达时间", "Arrived"),
    "sender": ("发件人", "Sender"),
    "on-time": ("按时", "On time"),
    "verdict": ("结论", "Verdict"),
    "path": ("文件", "File"),
    "status": ("状态", "Status"),
    "role": ("用途", "Role"),
    "code": ("代码", "Code"),
    "count": ("字数", "字"),
    "tally": ("按代码统计", "Count per code"),
    "severity": ("级别", "Severity"),
    "times": ("条数", "Findings"),
    "limit": ("上限", "Limit"),
    "material": ("材料", "Material"),
    "yes": ("按时", "on time"),
    "no": ("逾期", "late"),
    "unknown": ("不明", "unknown"),
    "ok": ("通过", "ok"),
    "warnings": ("有警告", "warnings"),
    "errors": ("有错误", "errors"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "info"),
    "no-findings": ("无问题。", "Nothing found."),
    "no-unit": NO_UNIT,
    "superseded": ("已被新版本取代，不计", "replaced by a later version; counts nowhere"),
    "read-form": ("读出的表格", "form as read"),
    "none": ("无", "none"),
    "mails": ("邮件", "Mails"),
    "mail": ("邮件", "Mail"),
    "subject": ("主题", "Subject"),
    "received": ("收到时间", "Received"),
    "from-received": ("服务器收到时间，取自 Received 头", "the server's, from the Received header"),
    "from-date": ("仅有发信时间，取自 Date 头", "only the sending time, from the Date header"),
    "from-unknown": ("邮件未注明时间", "the mail gives no time"),
    "message-id": ("邮件标识", "Message-ID"),
    "body": ("正文", "Body"),
    "chars": ("字", "characters"),
    "no-subject": ("（无主题）", "(no subject)"),
    "no-body": ("（无文字正文）", "(no text body)"),
    "mail-files": ("随邮件收到的文件和部分", "Files and parts of the mail"),
    "unreadable-mail": ("无法读取的邮件", "unreadable mail"),
    "copy-mail": ("同一封邮件的副本，只算一次：", "a copy of the same mail, counted once:"),
    "deleted-mail": ("已删除的邮件，不算收到", "a deleted mail, not counted as received"),
}


def _words(lang: str) -> dict[str, str]:
    return {k: en if lang == "en" else zh for k, (zh, en) in _T.items()}


@frozen
class _FindingRow:
    severity: str
    code: str
    message: str
    #: File, pointer and clause, as far as known.
    where: str


def _finding_rows(
    findings: Iterable[Finding], catalogue: Mapping[str, CodeInfo], lang: str
) -> list[_FindingRow]:
    return [
        _FindingRow(
            f.severity,
            f.code,
            written_out(f.message(lang, catalogue), lines=True),
            written_out(
                " · ".join(x for x in (f.file, f.pointer, f.clause and f"[{f.clause}]") if x),
                lines=True,
            ),
        )
        for f in findings
    ]


@frozen(kw_only=True)
class _RosterRow:
    unit: str
    kind: str
    #: The form's attachment line (附件 1), and its title.
    form: str
    form_title: str
    project: str
    #: The link to the form as read, if written.
    link: str
    #: Who sent it (the mail's sender, or the manifest's).
    sender: str
    arrived: str
    on_time: bool | None
    verdict: str
    #: Replaced by a later version of the same project: counts nowhere.
    superseded: bool = False


def _roster(
    report: InboxReport, edition: Edition, lang: str, links: FormLinks
) -> Iterator[_RosterRow]:
    """The roster's rows, made as the page is written: each links the page
    of its own form (by its place), or the one ``links`` names for its id."""
    kinds = {k.id: k.name.get(lang) for k in edition.unit_kinds}
    forms = {f.id: f for f in edition.forms}
    zone = office_zone(edition)
    link_of: Callable[[int, InboxSubmission], str] = (
        links.link if isinstance(links, WrittenPages) else lambda _n, s: links.get(s.id, "")
    )
    verdicts = paired(report, lambda _k, r: (r.verdict, bool(r.superseded_by)))
    for n, (s, verdict) in enumerate(verdicts, start=1):
        form = forms.get(s.form)
        yield _RosterRow(
            # (A unit of invisible characters alone is none, as everywhere.)
            unit="" if is_blank(s.unit) else s.unit,
            kind=kinds.get(s.unit_kind, s.unit_kind),
            form=form.attachment_in(lang) if form is not None else s.form,
            form_title=form.title.get(lang) if form is not None else s.form,
            # (A project or a subject of invisible characters alone is
            # none: a link that shows nothing is no link to follow.)
            project="" if is_blank(s.project_name) else s.project_name,
            link=link_of(n, s),
            sender=s.sender,
            arrived=when(s.arrived_at, zone),
            on_time=s.on_time,
            verdict=(verdict or ("ok", False))[0],
            superseded=(verdict or ("ok", False))[1],
        )


@frozen
class _SubmissionPart:
    file: str
    verdict: str
    findings: list[_FindingRow]
    #: The pictures of its signed scan, if any.
    scan: ScanView | None = None
    #: The mail it came with, if it came by mail.
    mail: MailRef | None = None


@frozen
class _UnitSection:
    name: str
    #: Makes the part of the batch's ``i``-th submission.
    part: Callable[[int], _SubmissionPart]
    #: The numbers of its submissions in the batch, whose parts (the
    #: findings' messages among them) are made as the page is written, one
    #: at a time, from their reports (which a large batch reads from disk).
    numbers: array[int] = attrs.field(factory=lambda: array("q"))
    #: The batch's findings about the unit (quota, materials).
    findings: list[_FindingRow] = attrs.field(factory=list)

    @property
    def submissions(self) -> Iterator[_SubmissionPart]:
        return map(self.part, self.numbers)


#: A findings list longer than this is summed up by code above it.
LONG_LIST: Final = 20


def tally(findings: Sequence[_FindingRow]) -> list[tuple[str, str, int]]:
    """A long list's findings counted by code, most first (severity, code,
    count); none for a list a clerk reads through at a glance."""
    if len(findings) <= LONG_LIST:
        return []
    counts = Counter((f.code, f.severity) for f in findings)
    rank = {"error": 0, "warning": 1, "info": 2}
    ordered = sorted(counts.items(), key=lambda kv: (rank.get(kv[0][1], 3), -kv[1], kv[0][0]))
    return [(severity, code, n) for (code, severity), n in ordered]


def _unit_sections(
    report: InboxReport,
    edition: Edition,
    lang: str,
    views: Mapping[int, ScanView],
    mails: Mapping[str, MailRef],
) -> tuple[list[_UnitSection], list[_FindingRow]]:
    """One section per unit (spellings folded, as quotas count them): its
    submissions with their findings, then the batch's findings about it.
    Also the findings about no unit (that even the roster's fallback cannot
    place), which follow at the end."""
    batch = report.batch
    cat = batch.catalogue
    roster = RosterIndex.build(edition)

    def key(name: str) -> str:
        return roster.canonical(name) or normalise(name[:200])

    sections: dict[str, _UnitSection] = {}
    # The place of the facts a report is shown with where not its own (-1: none).
    facts_at: dict[int, int] = {}

    def part(i: int) -> _SubmissionPart:
        rep = batch.submissions[i]
        return _SubmissionPart(
            written_out(rep.file or rep.submission, lines=True),
            rep.verdict,
            _finding_rows(rep.findings, cat, lang),
            views.get(facts_at.get(i, i)),
            mails.get(rep.submission),
        )

    def section(name: str) -> _UnitSection:
        # Headed by the roster's name, as the text report's groups are; a
        # name of invisible characters alone is none (an empty heading).
        heading = roster.canonical(name) or ("" if is_blank(name) else name)
        return sections.setdefault(key(name), _UnitSection(heading, part))

    # Each report under its own submission's unit, with its scan's pictures
    # (two of one id each their own); one of no submission under its unit.
    placed = bytearray(len(batch.submissions))
    for j, (s, i) in enumerate(paired(report, lambda k, _r: k)):
        if i is not None and not placed[i]:
            placed[i] = 1
            if i != j:
                facts_at[i] = j
            section(s.unit).numbers.append(i)
    for i in (k for k, done in enumerate(placed) if not done):
        if i < len(report.submissions):  # (past them no place has pictures)
            facts_at[i] = -1
        section(batch.submissions[i].unit).numbers.append(i)
    del placed
    # A finding about no unit goes to the unit the roster's 问题清单 gives
    # it (its submission's, its file's, its e-mail folder's, or the roster
    # unit its path names), so that the page and the roster agree.
    finding_unit = FindingUnits(report, edition)
    loose: list[Finding] = []
    for f in batch.findings:
        unit = finding_unit(f)
        if not is_blank(unit):
            section(unit).findings.extend(_finding_rows([f], cat, lang))
        else:
            loose.append(f)
    ordered = sorted(sections.values(), key=lambda u: (u.name == "", name_key(u.name)))
    return ordered, _finding_rows(loose, cat, lang)


@frozen(kw_only=True)
class _MaterialRow:
    title: str
    unit: str
    path: str
    #: 字 counted ("—": the text could not be read) and the limit ("": none).
    count: str
    limit: str
    over: bool


def _materials(report: InboxReport, titles: Mapping[str, str]) -> list[_MaterialRow]:
    return [
        _MaterialRow(
            title=titles.get(m.material, m.material),
            unit=m.unit,
            path=written_out(m.path, lines=True),
            count="—" if m.count is None else str(m.count),
            limit=str(m.limit or ""),
            over=bool(m.count is not None and m.limit and m.count > m.limit),
        )
        for m in report.materials
    ]


def _cards(report: InboxReport) -> dict[str, int]:
    """The numbers of the cards at the top of the page."""
    subs = report.batch.submissions
    status = Counter(f.status for f in report.files)
    return {
        "submissions": len(report.submissions),
        "errors": sum(1 for s in subs if s.counts.error),
        "warnings": sum(1 for s in subs if not s.counts.error and s.counts.warning),
        "late": sum(1 for s in report.submissions if s.on_time is False),
        "unknown": sum(1 for s in report.submissions if s.on_time is None),
        "files": len(report.files),
        "used": status["used"],
        "ignored": status["ignored"],
        "unreadable": status["unreadable"],
    }


def report_html(
    report: InboxReport,
    edition: Edition,
    *,
    lang: str = "zh",
    form_links: FormLinks | None = None,
    scans: Mapping[int, ScanView] | None = None,
) -> str:
    """The report as an HTML page (a str).  ``form_links`` maps submission ids
    to relative links of the forms as read (rendered beside the report), or
    is the :class:`~reform_brand.office._pages.WrittenPages` of a report
    folder; ``scans`` the pictures of their signed scans, by each one's place
    (by default looked up here, see :class:`~reform_brand.office._scan_views.ScanViews`)."""
    return "".join(
        report_html_parts(report, edition, lang=lang, form_links=form_links, scans=scans)
    )


def report_html_parts(
    report: InboxReport,
    edition: Edition,
    *,
    lang: str = "zh",
    form_links: FormLinks | None = None,
    scans: Mapping[int, ScanView] | None = None,
) -> Iterator[str]:
    """The page of :func:`report_html` in the parts the template yields, to
    be written as they come (the page of a large batch is never one
    string)."""
    from reform_brand.render._jinja import page_environment

    batch = report.batch
    views = ScanViews.of(report, edition) if scans is None else scans
    words = _words(lang)
    # The project column is headed as the edition's forms label the field.
    words["project"] = project_heading(edition)[1 if lang == "en" else 0]
    if edition.deadline.late_accepted:
        for key in ("quota-note", "items-note", "not-counted"):
            words[key] = words[f"{key}-late-accepted"]
    roles = role_names(edition, lang)
    kinds = kind_names(lang)
    mails, file_rows, mail_of = mail_sections(report, words, roles, kinds, office_zone(edition))
    units, loose = _unit_sections(report, edition, lang, views, mail_of)
    context: dict[str, Any] = {
        "t": words,
        "html_lang": "en" if lang == "en" else "zh-CN",
        "edition_title": edition.title.get(lang),
        "document_number": edition.issuer.document_number,
        "evaluated_at": when(
            batch.evaluated_at.isoformat(timespec="seconds"), office_zone(edition)
        ),
        "strict": batch.strict,
        "root": written_out(report.root, lines=True),
        "cards": _cards(report),
        "counts": batch.counts,
        "quota": quota_chart(report, edition, lang),
        "items": items_chart(edition, report, lang),
        # (An edition with no reform items has no chart of them.)
        "has_items": bool(edition.reform_items),
        # (Nor one of quota use, an edition that sets no quota.)
        "has_quotas": bool(edition.quotas),
        "roster": _roster(report, edition, lang, form_links or {}),
        "units": units,
        "loose": loose,
        "tally": tally,
        "materials": _materials(report, roles),
        "files": file_rows,
        "mails": mails,
    }
    env = page_environment("reform_brand.office")
    return env.get_template("report.html.j2").generate(context)
