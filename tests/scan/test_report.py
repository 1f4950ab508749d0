"""The report shows the signed scans: a thumbnail of the first page, a crop
of each seal found (or of the empty place where it belongs), and the
roster's 盖章 column."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reform_brand import Edition
from reform_brand.office import check_inbox, write_report_dir
from reform_brand.scan import missing_extra, sample_scan
from reform_brand.testing import SubmissionFactory
from tests.inbox.docx_edit import filled, minimal_pdf

NOW = dt.datetime(2022, 8, 25, tzinfo=dt.timezone(dt.timedelta(hours=8)))

pytestmark = pytest.mark.skipif(
    missing_extra() is not None, reason="the scan extra is not installed"
)


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))


def _inbox(tmp_path: Path, edition: Edition) -> Path:
    inbox = tmp_path / "inbox"
    data = SubmissionFactory(edition)("application")["data"]
    data["applicant_unit"] = "济南市科协"
    for folder, scan in (("济南市科协 1", sample_scan()), ("济南市科协 2", minimal_pdf(["x"]))):
        mail = inbox / folder
        mail.mkdir(parents=True)
        data = dict(data, project_name=f"项目 {folder[-1]}")
        (mail / "申报表.docx").write_bytes(filled(edition, "application", data))
        (mail / "申报表.pdf").write_bytes(scan)
    return inbox


def test_the_report_and_roster_show_the_scans(tmp_path: Path, edition: Edition) -> None:
    report = check_inbox(edition, _inbox(tmp_path, edition), now=NOW)
    out = tmp_path / "out"
    write_report_dir(report, edition, out, forms=False)
    page = _Images()
    page.feed((out / "report.html").read_text(encoding="utf-8"))
    classes = [str(img.get("class")) for img in page.images]
    # Both scans have a first page; the stamped one shows its seal, the
    # exported placeholder none.
    assert classes.count("thumb") == 2
    assert classes.count("seal") >= 1
    assert all(str(img.get("src")).startswith("data:image/png;base64,") for img in page.images)
    sheet = load_workbook(out / "roster.xlsx").active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    column = header.index("盖章")
    values = sorted(str(row[column].value) for row in sheet.iter_rows(min_row=2))
    assert values == ["有", "未见"]
