"""A second third-party edition, guizhou-2025 (tests/neutral/guizhou_edition):
three forms, choice, integer, number and date fields, a deadline of 18:00
inclusive that accepts late submissions, no reform items, English left out
where it is optional.  What the core does must follow its data."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reform_brand import Edition, Host, page_schema, validate_batch
from reform_brand.cli import main
from reform_brand.office import check_inbox, read_form
from reform_brand.office._charts import QuotaBar, quota_chart
from reform_brand.office._report_html import report_html
from reform_brand.office._roster import roster_xlsx
from reform_brand.schema import form_schema, submission_schema, ui_schema
from tests.inbox import docx_edit as E
from tests.neutral.conftest import GUIZHOU, mail

NOW = dt.datetime(2025, 12, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ENTERPRISE = "贵州Ａ＆Ｂ能源集团有限公司（总部）科学技术协会"

DATA: dict[str, dict[str, Any]] = {
    "application": {
        "unit": "黔东南苗族侗族自治州科学技术协会",
        "brand": "苗岭科普（Ｓ＆Ｔ）大篷车",
        "category": "popular",
        "members": 120,
        "budget": 12.5,
        "starts": "2025-12-01",
        "summary": "以流动科普车为载体，深入苗寨侗寨开展科普活动。\n第二段：每月两次。",
        "mobile": "13985000001",
        "opinion": "同意申报。",
    },
    "plan": {
        "unit": "黔东南苗族侗族自治州科学技术协会",
        "brand": "苗岭科普（Ｓ＆Ｔ）大篷车",
        "steps": "一、调研；二、实施；三、总结。",
        "done_by": "2026-06-30",
    },
    "recommendation": {
        "recommender": "贵州省中医药学会",
        "brand": "苗医药科普进村寨",
        "level": "A",
        "reason": "特色鲜明，基础扎实。",
    },
}


def _application(brand: str, arrived: str, **changes: Any) -> dict[str, Any]:
    data = DATA["application"] | {"unit": ENTERPRISE, "brand": brand} | changes
    return {
        "version": 1,
        "id": brand,
        "edition": "guizhou-2025",
        "form": "application",
        "unit": {"name": ENTERPRISE, "kind": "enterprise"},
        "arrived_at": arrived,
        "attachments": [{"role": "docx", "path": f"{brand}.docx"}],
        "data": data,
    }


@pytest.mark.parametrize("form", sorted(DATA))
def test_each_form_reads_back_as_the_data_it_was_rendered_from(
    guizhou: Edition, tmp_path: Path, form: str
) -> None:
    path = tmp_path / f"{form}.docx"
    path.write_bytes(E.filled(guizhou, form, DATA[form]))
    read = read_form(guizhou, path)
    assert (read.form, list(read.findings), read.data) == (form, [], DATA[form])


def test_late_submissions_of_a_call_that_accepts_them_count_against_the_quota(
    guizhou_host: Host, guizhou: Edition
) -> None:
    # late_accepted = true: a late application is a warning and is taken
    # in, so two of them from one enterprise are over its quota of 1.
    late = "2025-11-29T09:00:00+08:00"
    subs = [_application("能源科技志愿服务队", late), _application("电力安全科普", late)]
    report = validate_batch(guizhou, subs, host=guizhou_host, now=NOW)
    assert [(f.code, f.severity) for s in report.submissions for f in s.findings] == [
        ("deadline.late", "warning"),
        ("deadline.late", "warning"),
    ]
    [over] = [f for f in report.findings if f.code == "quota.exceeded"]
    assert over.params["quota"] == "enterprise" and over.params["count"] == 2


def test_a_late_resend_in_a_call_that_accepts_it_replaces_the_first_version(
    guizhou_host: Host, guizhou: Edition
) -> None:
    first = _application("能源科技志愿服务队", "2025-11-20T09:00:00+08:00")
    again = _application("能源科技志愿服务队", "2025-11-29T09:00:00+08:00", members=31)
    again["id"] = "resend"
    report = validate_batch(guizhou, [first, again], host=guizhou_host, now=NOW)
    [replaced] = [s for s in report.submissions if s.superseded_by]
    assert (replaced.submission, replaced.superseded_by) == ("能源科技志愿服务队", "resend")
    assert "quota.exceeded" not in [f.code for f in report.findings]


def test_an_inbox_of_late_mails_counts_them_in_the_quota_and_its_chart(
    guizhou: Edition, tmp_path: Path
) -> None:
    files = {
        f"{brand}.docx": E.filled(
            guizhou, "application", DATA["application"] | {"unit": ENTERPRISE, "brand": brand}
        )
        for brand in ("能源科技志愿服务队", "电力安全科普")
    }
    mail(tmp_path / "1", ENTERPRISE, "enterprise", "2025-11-29T09:00:00+08:00", files)
    report = check_inbox(guizhou, tmp_path, now=NOW)
    [over] = [f for f in report.batch.findings if f.code == "quota.exceeded"]
    assert (over.params["quota"], over.params["count"]) == ("enterprise", 2)
    bars = [b for b in quota_chart(report, guizhou).bars if isinstance(b, QuotaBar)]
    assert [(b.unit, b.count, b.limit) for b in bars if b.quota == "enterprise"] == [
        (ENTERPRISE, 2, 1)
    ]
    page = report_html(report, guizhou, lang="en")
    assert "The call accepts late submissions, so they count" in page
    assert "Late submissions and earlier versions" not in page
    # No reform items: no chart of submissions per item.
    assert "Submissions per reform item" not in page


def test_an_arrival_a_second_after_an_inclusive_deadline_shows_its_seconds(
    guizhou_host: Host, guizhou: Edition
) -> None:
    on_time = _application("甲", "2025-11-28T18:00:00+08:00")
    late = _application("乙", "2025-11-28T18:00:01+08:00")
    report = validate_batch(guizhou, [on_time, late], host=guizhou_host, now=NOW)
    assert [[f.code for f in s.findings] for s in report.submissions] == [[], ["deadline.late"]]
    [finding] = report.submissions[1].findings
    assert "2025年11月28日 18:00:01（北京时间）" in finding.message("zh")
    assert "18:00:01+08:00" in finding.message("en")


def _x_en(schema: Any) -> list[Any]:
    """Every x-en annotation of ``schema``, however deep."""
    if isinstance(schema, dict):
        own = [schema["x-en"]] if "x-en" in schema else []
        return own + [x for v in schema.values() for x in _x_en(v)]
    if isinstance(schema, list):
        return [x for v in schema for x in _x_en(v)]
    return []


def test_a_title_without_english_has_no_empty_english_title_in_the_schemas(
    guizhou: Edition,
) -> None:
    envelope = submission_schema(guizhou)
    kinds = envelope["properties"]["unit"]["properties"]["kind"]["oneOf"]
    assert [("x-en" in k, k["const"]) for k in kinds] == [
        (True, "prefecture"),
        (False, "enterprise"),
        (True, "society"),
    ]
    forms = {f["const"]: f for f in envelope["properties"]["form"]["oneOf"]}
    assert "x-en" not in forms["plan"] and "x-en" in forms["application"]
    plan = form_schema(guizhou, "plan")
    for schema in (envelope, plan):
        assert all(x and all(x.values()) for x in _x_en(schema))


def test_an_exported_pdf_is_told_as_the_edition_s_scan_and_no_signature_is_asked(
    guizhou: Edition, tmp_path: Path
) -> None:
    # The edition's scan (盖章扫描件) shows a seal only: no word of a
    # signed form in the finding, no "not seen" signature in the roster.
    files = {
        "申报书.docx": E.filled(guizhou, "application", DATA["application"]),
        "申报书（盖章）.pdf": E.minimal_pdf(["贵州省科协 2025 年度改革品牌申报书"]),
    }
    unit = DATA["application"]["unit"]
    mail(tmp_path / "1", unit, "prefecture", "2025-11-27T09:00:00+08:00", files)
    report = check_inbox(guizhou, tmp_path, now=NOW)
    [sub] = report.batch.submissions
    [scan] = [f for f in sub.findings if f.code.startswith("scan.")]
    assert (scan.code, scan.pointer) == ("scan.not-scanned", "/attachments/1/path")
    assert "盖章扫描件" in scan.message("zh") and "签名" not in scan.message("zh")
    assert "Stamped scan" in scan.message("en") and "signed" not in scan.message("en")
    sheet = openpyxl.load_workbook(io.BytesIO(roster_xlsx(report, guizhou, lang="en")))["Roster"]
    header, row = sheet.iter_rows(values_only=True)
    marks = dict(zip(header, row, strict=True))
    # No deliverable's scan shows a signature: no column that none could fill.
    assert (marks["Scan"], "Signature" in marks) == ("1/申报书（盖章）.pdf", False)


def test_show_says_an_edition_has_no_reform_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(GUIZHOU), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[out.index("Reform key items:") + 1] == "  (none)"
    assert main(["show", str(GUIZHOU)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[out.index("改革重点事项：") + 1] == "  （无）"


def test_a_label_ending_with_its_unit_in_brackets_breaks_before_the_bracket(
    guizhou: Edition,
) -> None:
    # 经费（万元） does not fit one line of the label column: "经费" /
    # "（万元）", never a line ending with the opening bracket.
    doc = E.open_docx(E.filled(guizhou, "application", DATA["application"]))
    labels = [row.cells[0].text for table in doc.tables for row in table.rows]
    assert "经费\n（万元）" in labels
    assert not [label for label in labels if "（\n" in label]


def test_a_choice_field_shows_no_example_as_if_chosen(guizhou: Edition) -> None:
    """RJSF shows a select's placeholder as its empty option: the example's
    label there (服务创新) read as chosen while nothing was, and its value
    (service) as an option that is none. A select shows no example; other
    fields do."""
    for lang in ("zh", "en"):
        ui = ui_schema(guizhou, "application", lang=lang)
        assert ui["category"]["ui:widget"] == "select"
        assert "ui:placeholder" not in ui["category"]
        assert ui["members"]["ui:placeholder"] == "25"
        assert "ui:placeholder" not in ui_schema(guizhou, "recommendation", lang=lang)["level"]


def test_the_page_asks_nothing_the_edition_has_no_use_for(guizhou: Edition) -> None:
    """guizhou-2025 has no reform items and no kind counted under another:
    its page showed 所属改革重点事项 over no checkbox and asked 所属上级单位
    with no help; both are hidden, in both languages, as in the envelope's
    UI schema. The reference edition still asks both."""
    assert not guizhou.reform_items
    assert not [k for k in guizhou.unit_kinds if k.counted_under]
    for lang in ("zh", "en"):
        for ui in (
            page_schema(guizhou, "application", lang=lang)["uiSchema"],
            ui_schema(guizhou, "submission", lang=lang),
        ):
            assert ui["reform_items"]["ui:widget"] == "hidden"
            assert ui["unit"]["city"]["ui:widget"] == "hidden"
    reference = Host.create(block=()).edition("shandong-2022")
    ui = page_schema(reference, "application")["uiSchema"]
    assert ui["reform_items"]["ui:widget"] == "checkboxes"
    assert "ui:widget" not in ui["unit"]["city"]
