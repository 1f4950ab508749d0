"""report.html is written in the parts its template yields: a batch of
thousands of units (quota bars, sections) is never one string."""

from __future__ import annotations

import datetime as dt

from reform_brand import BatchReport, Edition, SubmissionReport
from reform_brand.office import InboxReport, InboxSubmission
from reform_brand.office._report_html import report_html, report_html_parts

NOW = dt.datetime(2022, 8, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _report(n: int) -> InboxReport:
    """``n`` provincial societies, each its own quota unit with one project."""
    units = [f"山东省第{i}学会" for i in range(n)]
    subs = tuple(
        InboxSubmission(
            id=f"s{i}",
            folder=f"s{i}",
            unit=unit,
            unit_kind="provincial-society",
            form="application",
            project_name=f"项目 {i}",
            on_time=True,
            quota="provincial-society",
            quota_unit=unit,
            quota_limit=1,
        )
        for i, unit in enumerate(units)
    )
    reports = tuple(
        SubmissionReport(submission=f"s{i}", form="application", unit=unit)
        for i, unit in enumerate(units)
    )
    return InboxReport(
        root="inbox",
        batch=BatchReport(
            edition="shandong-2022", strict=False, evaluated_at=NOW, submissions=reports
        ),
        files=(),
        submissions=subs,
    )


def test_a_quota_chart_of_many_units_is_written_bar_by_bar(edition: Edition) -> None:
    report = _report(600)
    parts = list(report_html_parts(report, edition, lang="en", scans={}))
    page = "".join(parts)
    assert page == report_html(report, edition, lang="en", scans={})
    chart = page[
        page.index('id="quota-chart"') : page.index("</svg>", page.index('id="quota-chart"'))
    ]
    assert chart.count('<rect class="bar"') == 600
    # Each bar is some 700 characters: the chart was one part of 400,000.
    assert max(map(len, parts)) < 20_000
