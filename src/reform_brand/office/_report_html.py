"""The inbox report as one self-contained HTML page.

No script, no style sheet, font or image from elsewhere: the page carries a
Content-Security-Policy that forbids any network access, its styles inline,
and its two charts as inline SVG — quota use per unit against its limit, and
submissions per reform item.  Every text that comes from the inbox (file
names, unit names, form values, messages) is escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final

from reform_brand.findings import Finding, SubmissionReport
from reform_brand.model import Edition
from reform_brand.names import RosterIndex, normalise
from reform_brand.office._inbox import InboxReport, InboxSubmission, statuses

__all__ = ["report_html"]

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
        "条形为申报数，竖线为限额；超出限额的单位以红色显示。",
        "Bars are submissions, the tick is the limit; units over their limit are red.",
    ),
    "items-chart": ("各改革重点事项的申报数", "Submissions per reform item"),
    "items-note": (
        "按申报声明的改革重点事项统计；一份申报可声明多个事项。",
        "Counted from the items each submission declares; one may declare several.",
    ),
    "no-quota": ("没有计入限额的申报。", "No submission counts toward a quota."),
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
    "on-time": ("按时", "On time"),
    "verdict": ("结论", "Verdict"),
    "path": ("文件", "File"),
    "status": ("状态", "Status"),
    "role": ("用途", "Role"),
    "code": ("代码", "Code"),
    "count": ("字数", "字"),
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
    "no-unit": ("（单位不明）", "(unit unknown)"),
    "read-form": ("读出的表格", "form as read"),
    "none": ("无", "none"),
}


def _t(key: str, lang: str) -> str:
    zh, en = _T[key]
    return en if lang == "en" else zh


def e(text: object) -> str:
    """``text`` escaped for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


_CSS: Final = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--err:#c81e1e;
--warn:#b7791f;--info:#2b6cb0;--ok:#2f855a;--bar:#3e7cb1}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",
"PingFang SC",sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1120px;margin:0 auto;padding:28px 32px 64px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:36px 0 10px;padding-bottom:6px;
border-bottom:2px solid var(--line)}h3{font-size:16px;margin:22px 0 6px}
.meta{color:var(--muted);margin:0 0 18px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;
min-width:130px}.card b{display:block;font-size:26px;line-height:1.2}
.card.err b{color:var(--err)}.card.warn b{color:var(--warn)}.card.ok b{color:var(--ok)}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 18px}
.note{color:var(--muted);font-size:13px;margin:4px 0 10px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7;font-weight:600}td.num{text-align:right;white-space:nowrap}.nw{white-space:nowrap}
.sev{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;color:#fff;
white-space:nowrap}.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}
.sev.info{background:var(--info)}.v-ok{color:var(--ok)}.v-warnings{color:var(--warn)}
.v-errors{color:var(--err)}.late{color:var(--err);font-weight:600}
code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12.5px;color:#334e68}
ul.f{list-style:none;padding:0;margin:4px 0 10px}ul.f li{padding:4px 0;
border-bottom:1px dashed var(--line)}.where{color:var(--muted);font-size:12.5px}
.unit{background:#fff;border:1px solid var(--line);border-radius:8px;padding:4px 16px 8px;
margin:12px 0}.sub{margin:8px 0 0}.sub .file{font-weight:600;word-break:break-all}
svg text{font-family:inherit}
"""


def _chart_quota(subs: Sequence[InboxSubmission], lang: str) -> str:
    counts: dict[str, list[int]] = {}
    for s in subs:
        if s.quota_unit and s.quota_limit:
            entry = counts.setdefault(s.quota_unit, [0, s.quota_limit])
            entry[0] += 1
    if not counts:
        return f'<p class="note">{e(_t("no-quota", lang))}</p>'
    units = sorted(counts, key=lambda u: (-counts[u][0] / counts[u][1], u))
    top = max(max(c, lim) for c, lim in counts.values())
    label_w, bar_w, row_h = 230, 560, 28
    width = label_w + bar_w + 90
    height = row_h * len(units) + 40
    scale = bar_w / max(top, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="quota-chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{e(_t("quota-chart", lang))}">'
    ]
    for n in range(0, top + 1):
        x = label_w + n * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 24}" stroke="#e4e7eb"/>'
            f'<text x="{x:.1f}" y="{height - 8}" font-size="11" fill="#616e7c" '
            f'text-anchor="middle">{n}</text>'
        )
    for i, unit in enumerate(units):
        c, lim = counts[unit]
        y = 8 + i * row_h
        over = c > lim
        colour = "#c81e1e" if over else "#3e7cb1"
        name = unit if len(unit) <= 16 else unit[:15] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" font-size="13" text-anchor="end" '
            f'fill="#1f2933">{e(name)}<title>{e(unit)}</title></text>'
            f'<rect class="bar{" over" if over else ""}" x="{label_w}" y="{y + 3}" '
            f'width="{c * scale:.1f}" height="{row_h - 10}" rx="3" fill="{colour}">'
            f"<title>{e(unit)}: {c} / {lim}</title></rect>"
            f'<line class="limit" x1="{label_w + lim * scale:.1f}" y1="{y}" '
            f'x2="{label_w + lim * scale:.1f}" y2="{y + row_h - 4}" stroke="#1f2933" '
            f'stroke-width="2.5"/>'
            f'<text x="{label_w + max(c, lim) * scale + 8:.1f}" y="{y + 15}" font-size="12" '
            f'fill="{colour}">{c} / {lim}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _chart_items(edition: Edition, subs: Sequence[InboxSubmission], lang: str) -> str:
    counter: Counter[int] = Counter()
    for s in subs:
        counter.update(s.reform_items)
    items = edition.reform_items
    if not items:
        return ""
    top = max([*counter.values(), 1])
    label_w, bar_w, row_h = 360, 420, 24
    width = label_w + bar_w + 50
    height = row_h * len(items) + 12
    scale = bar_w / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="items-chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{e(_t("items-chart", lang))}">'
    ]
    for i, item in enumerate(items):
        y = 6 + i * row_h
        title = item.title.get(lang)
        short = title if len(title) <= 24 else title[:23] + "…"
        c = counter.get(item.number, 0)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 14}" font-size="12.5" text-anchor="end" '
            f'fill="#1f2933">{item.number}. {e(short)}<title>{e(title)}</title></text>'
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{max(c * scale, 0):.1f}" '
            f'height="{row_h - 8}" rx="3" fill="#3e7cb1"><title>{item.number}. {e(title)}: '
            f"{c}</title></rect>"
            f'<text x="{label_w + c * scale + 6:.1f}" y="{y + 14}" font-size="12" '
            f'fill="#616e7c">{c}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _sev(f: Finding, lang: str) -> str:
    return f'<span class="sev {e(f.severity)}">{e(_t(f.severity, lang))}</span>'


def _findings_list(findings: Iterable[Finding], report: InboxReport, lang: str) -> str:
    cat = report.batch.catalogue
    items = []
    for f in findings:
        where = " · ".join(x for x in (f.file, f.pointer, f.clause and f"[{f.clause}]") if x)
        items.append(
            f"<li>{_sev(f, lang)} <code>{e(f.code)}</code> {e(f.message(lang, cat))}"
            + (f' <span class="where">{e(where)}</span>' if where else "")
            + "</li>"
        )
    if not items:
        return f'<p class="note">{e(_t("no-findings", lang))}</p>'
    return '<ul class="f">' + "".join(items) + "</ul>"


def _when(arrived: str | None) -> str:
    """``2022-08-15T16:42:00+08:00`` as ``2022-08-15 16:42 +08:00``."""
    if not arrived:
        return ""
    text = arrived.replace("T", " ", 1)
    if len(text) >= 19 and text[16:19] == ":00":
        text = text[:16] + (" " + text[19:] if text[19:] else "")
    return text


def _on_time(s: InboxSubmission, lang: str) -> str:
    if s.on_time is None:
        return e(_t("unknown", lang))
    if s.on_time:
        return e(_t("yes", lang))
    return f'<span class="late">{e(_t("no", lang))}</span>'


def report_html(
    report: InboxReport,
    edition: Edition,
    *,
    lang: str = "zh",
    form_links: dict[str, str] | None = None,
) -> str:
    """The report as an HTML page (a str).  ``form_links`` maps submission ids
    to relative links of the forms as read (rendered beside the report)."""
    links = form_links or {}
    batch = report.batch
    subs = report.submissions
    by_id = {s.submission: s for s in batch.submissions}
    n_err = sum(1 for s in batch.submissions if s.counts.error)
    n_warn = sum(1 for s in batch.submissions if not s.counts.error and s.counts.warning)
    n_late = sum(1 for s in subs if s.on_time is False)
    n_unknown = sum(1 for s in subs if s.on_time is None)
    st = statuses(report.files)
    c = batch.counts
    title = f"{edition.title.get(lang)} — {_t('title', lang)}"
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{e(_t('title', lang))}</h1>",
        f'<p class="meta">{e(edition.title.get(lang))}<br>{e(edition.issuer.document_number)}'
        f" · {e(_t('evaluated', lang))} {e(batch.evaluated_at.isoformat(timespec='seconds'))}"
        + (f" · {e(_t('strict', lang))}" if batch.strict else "")
        + f" · {e(_t('inbox', lang))} <code>{e(report.root)}</code></p>",
        '<div class="cards">',
        f'<div class="card"><b>{len(subs)}</b>{e(_t("submissions", lang))}</div>',
        f'<div class="card {"err" if n_err else "ok"}"><b>{n_err}</b>'
        f"{e(_t('with-errors', lang))}</div>",
        f'<div class="card {"warn" if n_warn else "ok"}"><b>{n_warn}</b>'
        f"{e(_t('with-warnings', lang))}</div>",
        f'<div class="card {"err" if n_late else "ok"}"><b>{n_late}</b>{e(_t("late", lang))}</div>',
        f'<div class="card {"warn" if n_unknown else "ok"}"><b>{n_unknown}</b>'
        f"{e(_t('unknown-arrival', lang))}</div>",
        f'<div class="card"><b>{len(report.files)}</b>{e(_t("files", lang))}: '
        f"{st['used']} {e(_t('used', lang))}, {st['ignored']} {e(_t('ignored', lang))}, "
        f"{st['unreadable']} {e(_t('unreadable', lang))}</div>",
        f'<div class="card"><b>{c.error} / {c.warning} / {c.info}</b>'
        f"{e(_t('error', lang))} / {e(_t('warning', lang))} / {e(_t('info', lang))}</div>",
        "</div>",
        f"<h2>{e(_t('quota-chart', lang))}</h2>",
        f'<div class="panel"><p class="note">{e(_t("quota-note", lang))}</p>'
        f"{_chart_quota(subs, lang)}</div>",
        f"<h2>{e(_t('items-chart', lang))}</h2>",
        f'<div class="panel"><p class="note">{e(_t("items-note", lang))}</p>'
        f"{_chart_items(edition, subs, lang)}</div>",
        f"<h2>{e(_t('roster', lang))}</h2>",
        "<table><thead><tr>"
        + "".join(
            f"<th>{e(_t(k, lang))}</th>"
            for k in ("unit", "kind", "form", "project", "arrived", "on-time", "verdict")
        )
        + "</tr></thead><tbody>",
    ]
    kinds = {k.id: k.name.get(lang) for k in edition.unit_kinds}
    forms = {f.id: f.attachment for f in edition.forms}
    form_titles = {f.id: f.title.get(lang) for f in edition.forms}
    for s in subs:
        rep = by_id.get(s.id)
        verdict = rep.verdict if rep is not None else "ok"
        project = e(s.project_name)
        if s.id in links:
            project = f'<a href="{e(links[s.id])}">{project or e(_t("read-form", lang))}</a>'
        out.append(
            f"<tr><td>{e(s.unit or _t('no-unit', lang))}</td>"
            f"<td>{e(kinds.get(s.unit_kind, s.unit_kind))}</td>"
            f'<td class="nw" title="{e(form_titles.get(s.form, s.form))}">'
            f"{e(forms.get(s.form, s.form))}</td><td>{project}</td>"
            f'<td class="nw">{e(_when(s.arrived_at))}</td><td class="nw">{_on_time(s, lang)}</td>'
            f'<td class="v-{e(verdict)}">{e(_t(verdict, lang))}</td></tr>'
        )
    out.append("</tbody></table>")

    out.append(f"<h2>{e(_t('findings', lang))}</h2>")
    # One section per unit (spellings folded, as quotas count them): its
    # submissions with their findings, then the batch's findings about it
    # (quota, materials).  Findings about no unit follow at the end.
    roster = RosterIndex.build(edition)

    def key(name: str) -> str:
        return roster.canonical(name) or normalise(name[:200])

    names: dict[str, str] = {}
    groups: dict[str, list[SubmissionReport]] = {}
    unit_of = {s.id: s.unit for s in subs}
    for rep in batch.submissions:
        name = unit_of.get(rep.submission, rep.unit)
        names.setdefault(key(name), name)
        groups.setdefault(key(name), []).append(rep)
    about: dict[str, list[Finding]] = {}
    loose: list[Finding] = []
    for f in batch.findings:
        if f.unit.strip():
            names.setdefault(key(f.unit), f.unit)
            about.setdefault(key(f.unit), []).append(f)
        else:
            loose.append(f)
    for k in sorted(names, key=lambda k: (names[k] == "", names[k])):
        out.append(f'<section class="unit"><h3>{e(names[k] or _t("no-unit", lang))}</h3>')
        for rep in groups.get(k, []):
            out.append(
                f'<div class="sub"><span class="file">{e(rep.file or rep.submission)}</span> '
                f'<span class="v-{e(rep.verdict)}">{e(_t(rep.verdict, lang))}</span>'
                f"{_findings_list(rep.findings, report, lang)}</div>"
            )
        if about.get(k):
            out.append(
                f'<div class="sub"><span class="file">{e(_t("unit-batch", lang))}</span>'
                f"{_findings_list(about[k], report, lang)}</div>"
            )
        out.append("</section>")
    out.append(f"<h2>{e(_t('batch', lang))}</h2>")
    out.append(_findings_list(loose, report, lang))

    if report.materials:
        mats = {m.id: m.title.get(lang) for m in edition.extra_materials}
        out.append(f"<h2>{e(_t('materials', lang))}</h2><table><thead><tr>")
        out.append(
            "".join(
                f"<th>{e(_t(k, lang))}</th>" for k in ("material", "unit", "path", "count", "limit")
            )
        )
        out.append("</tr></thead><tbody>")
        for m in report.materials:
            over = m.count is not None and m.limit and m.count > m.limit
            count = "—" if m.count is None else str(m.count)
            out.append(
                f"<tr><td>{e(mats.get(m.material, m.material))}</td><td>{e(m.unit)}</td>"
                f"<td>{e(m.path)}</td>"
                f'<td class="num{" late" if over else ""}">{e(count)}</td>'
                f'<td class="num">{e(m.limit or "")}</td></tr>'
            )
        out.append("</tbody></table>")

    out.append(f"<h2>{e(_t('all-files', lang))}</h2><table><thead><tr>")
    out.append(
        "".join(f"<th>{e(_t(k, lang))}</th>" for k in ("path", "kind", "status", "role", "code"))
    )
    out.append("</tr></thead><tbody>")
    for entry in report.files:
        out.append(
            f"<tr><td>{e(entry.path)}</td><td>{e(entry.kind)}</td>"
            f"<td>{e(_t(entry.status, lang))}</td>"
            f"<td>{e(entry.role)}</td><td><code>{e(entry.code)}</code></td></tr>"
        )
    out.append("</tbody></table></main></body></html>")
    return "\n".join(out) + "\n"
