"""Two submissions of one id (``batch.duplicate-id``, a warning: the run goes
on) each keep their own report in every output: the verdict, the counts, the
unit section, the charts.  The check keeps one order for a batch's reports
and the submissions' facts; an id names more than one of them."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

from reform_brand import BatchReport, Edition, Finding, SubmissionReport
from reform_brand.office import InboxReport, InboxSubmission
from reform_brand.office._charts import ItemBar, QuotaBar, items_chart, quota_chart
from reform_brand.office._inbox import inbox_to_json, write_inbox_json
from reform_brand.office._report_html import report_html
from reform_brand.office._roster import roster_xlsx

NOW = dt.datetime(2022, 8, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
UNITS = ("济南市科协", "青岛市科协", "烟台市科协")


def _report() -> InboxReport:
    """Three submissions of the id ``dup``, each of its own unit: the first
    has an error, the second none, the third was replaced by a later
    version (``s9``).  Each declares its own reform item (1, 2, 3)."""
    error = Finding(
        code="reform-items.unknown", severity="error", submission="dup", pointer="/reform_items/0"
    )
    reports = (
        SubmissionReport(submission="dup", file="a.json", unit=UNITS[0], findings=(error,)),
        SubmissionReport(submission="dup", file="b.json", unit=UNITS[1]),
        SubmissionReport(submission="dup", file="c.json", unit=UNITS[2], superseded_by="s9"),
    )
    facts = tuple(
        InboxSubmission(
            id="dup",
            folder=f"f{n}",
            unit=unit,
            unit_kind="city-association",
            form="application",
            project_name=f"项目{n}",
            reform_items=(n,),
            on_time=True,
            quota="city-association",
            quota_unit=unit,
            quota_limit=3,
        )
        for n, unit in enumerate(UNITS, start=1)
    )
    return InboxReport(
        root="inbox",
        batch=BatchReport(
            edition="shandong-2022",
            strict=False,
            evaluated_at=NOW,
            submissions=reports,
        ),
        files=(),
        submissions=facts,
    )


def test_the_roster_gives_each_its_own_verdict_and_counts(edition: Edition) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(roster_xlsx(_report(), edition, scans={}))).worksheets[0]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [(r["单位"], r["结论"], r["错误"]) for r in rows] == [
        (UNITS[0], "有错误", 1),
        (UNITS[1], "通过", 0),
        (UNITS[2], "通过（已被新版本取代，不计）", 0),
    ]


def test_the_json_gives_each_its_own_verdict(edition: Edition) -> None:
    report = _report()
    expected = [(UNITS[0], "errors"), (UNITS[1], "ok"), (UNITS[2], "ok")]
    whole = inbox_to_json(report)["inbox"]["submissions"]
    assert [(s["unit"], s["verdict"]) for s in whole] == expected
    out = io.StringIO()
    write_inbox_json(report, out)
    written = json.loads(out.getvalue())["inbox"]["submissions"]
    assert [(s["unit"], s["verdict"]) for s in written] == expected


def test_the_page_gives_each_its_own_verdict_and_unit(edition: Edition) -> None:
    page = report_html(_report(), edition, scans={})
    roster = page[page.index("<tbody>") : page.index("</tbody>")]
    verdicts = re.findall(r'class="nw v-(\w+)"', roster)
    assert verdicts == ["errors", "ok", "ok"]
    # One section per unit, each with its own submission's file.
    sections = re.findall(
        r'<section class="unit"><h3>([^<]*)</h3>\s*<div class="sub">'
        r'<span class="file">([^<]*)</span> <span class="v-(\w+)">',
        page,
    )
    assert sorted(sections) == sorted(
        [(UNITS[0], "a.json", "errors"), (UNITS[1], "b.json", "ok"), (UNITS[2], "c.json", "ok")]
    )


def test_the_charts_leave_out_only_the_replaced_one(edition: Edition) -> None:
    report = _report()
    bars = items_chart(edition, report, "zh").bars
    items = {bar.number: bar.count for bar in bars if isinstance(bar, ItemBar)}
    assert (items[1], items[2], items[3]) == (1, 1, 0)
    counted = {
        bar.unit: bar.count
        for bar in quota_chart(report, edition).bars
        if isinstance(bar, QuotaBar)
    }
    assert counted == {UNITS[0]: 1, UNITS[1]: 1}
