"""A third-party call that leaves out what the reference edition has: no
roster, no scan to deliver (a Word file only), no reform items, no quota.
``jiangsu-cases-2023`` (a fictional Jiangsu call for reform cases) is
written here as its data files: what intake makes of an inbox must follow
what the edition asks for, not what the reference edition asks for."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from reform_brand import Edition, Host, hookimpl
from reform_brand.catalogue import Localized
from reform_brand.cli import main
from reform_brand.office import InboxReport, check_inbox
from reform_brand.office._report_html import report_html
from reform_brand.office._roster import roster_xlsx
from reform_brand.registries import EditionRegistry
from tests.inbox import docx_edit as E
from tests.neutral.conftest import mail

NOW = dt.datetime(2023, 5, 8, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

EDITION_TOML = """\
id = "jiangsu-cases-2023"
year = 2023
issued = 2023-03-06
count_mode = "characters"
declare_reform_items = false
reform_items = []
quotas = []
title.zh = "江苏省科协办公室关于征集 2023 年度改革案例的通知"
title.en = "Notice of the Jiangsu association calling for 2023 reform cases"
region.zh = "江苏省"
region.en = "Jiangsu Province"
addressees = ["各设区市科协"]
preamble = ["征集改革案例。"]

[issuer]
name.zh = "江苏省科协办公室"
name.en = "Office of the Jiangsu Association for Science and Technology"
document_number = "苏科协办发〔2023〕6号"
mailbox = "anli@jsast.example.cn"
contacts = []
clause = "三"

[deadline]
at = 2023-05-01T00:00:00+08:00
end = "exclusive"
timezone = "Asia/Shanghai"
notice_text = "4 月 30 日前报送"
late_accepted = false
clause = "二"

[delivery]
channel = "email"
mailbox = "anli@jsast.example.cn"
paper_required = false
clause = "二"

[[delivery.deliverables]]
id = "case-docx"
title.zh = "案例 Word 文件"
title.en = "The case as a Word file"
file_types = ["docx"]
required = true
clause = "二"

[[unit_kinds]]
id = "city"
name.zh = "设区市科协"
name.en = "City association"
role = "applicant"
forms = ["case"]
clause = "一"

[[forms]]
id = "case"
attachment = "附件"
title.zh = "江苏省科协改革案例表"
title.en = "Reform case of the Jiangsu Association for Science and Technology"
role = "applicant"
clause = "附件"

[[forms.fields]]
id = "unit"
label.zh = "报送单位"
label.en = "Unit"
type = "text"
required = true
filled_by = "applicant"
placement = "header"
max_chars = 60
example = "南京市科协"
clause = "附件"

[[forms.fields]]
id = "case_title"
label.zh = "案例名称"
label.en = "Case"
type = "text"
names = "project"
required = true
filled_by = "applicant"
max_chars = 60
example = "社区科协网格化"
clause = "附件"

[[forms.fields]]
id = "body"
label.zh = "案例内容"
label.en = "The case"
type = "textarea"
required = true
filled_by = "applicant"
max_chars = 5000
lines = 10
clause = "附件"
"""


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    data = tmp_path_factory.mktemp("jiangsu-cases-2023")
    (data / "edition.toml").write_text(EDITION_TOML, encoding="utf-8")

    class CasesPlugin:
        __name__ = "jiangsu-cases-2023"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            registry.add_source("jiangsu-cases-2023", data)

    host = Host.create(plugins=[CasesPlugin()], load_entry_points=False, block=())
    return host.edition("jiangsu-cases-2023")


def _case(edition: Edition, unit: str) -> bytes:
    return E.filled(
        edition, "case", {"unit": unit, "case_title": "社区科协网格化", "body": "做法。"}
    )


JPEG = b"\xff\xd8\xff\xe0" + bytes(64)


def test_a_pdf_or_photo_in_a_call_that_asks_for_no_scan_is_a_file_of_no_use(
    cases: Edition, tmp_path: Path
) -> None:
    # The call asks for the Word file alone: a PDF (or one photo) beside it
    # is no scan of the submission, whose envelope carries none.
    arrived = "2023-04-20T09:00:00+08:00"
    mail(
        tmp_path / "1",
        "南京市科协",
        "city",
        arrived,
        {"案例.docx": _case(cases, "南京市科协"), "案例（盖章）.pdf": E.minimal_pdf(["案例"])},
    )
    mail(
        tmp_path / "2",
        "苏州市科协",
        "city",
        arrived,
        {"案例.docx": _case(cases, "苏州市科协"), "照片.jpg": JPEG},
    )
    report = check_inbox(cases, tmp_path, now=NOW)
    files = {f.path: (f.status, f.code, f.submission) for f in report.files}
    assert files["1/案例（盖章）.pdf"] == ("ignored", "inbox.unknown-file", "")
    assert files["2/照片.jpg"] == ("ignored", "inbox.unknown-file", "")
    assert [(s.word, s.scan) for s in report.submissions] == [
        ("1/案例.docx", ""),
        ("2/案例.docx", ""),
    ]
    unknown = sorted(f.file for f in report.batch.findings if f.code == "inbox.unknown-file")
    assert unknown == ["1/案例（盖章）.pdf", "2/照片.jpg"]
    assert [[f.code for f in s.findings] for s in report.batch.submissions] == [[], []]


def test_a_unit_of_unknown_kind_is_not_told_of_a_roster_the_edition_has_none_of(
    cases: Edition, tmp_path: Path
) -> None:
    # No manifest: the kind cannot be known, and with no roster nothing was
    # looked up, so no "no name on the roster is close to it".
    folder = tmp_path / "1"
    folder.mkdir()
    (folder / "案例.docx").write_bytes(_case(cases, "苏州市科协"))
    report = check_inbox(cases, tmp_path, now=NOW)
    [sub] = report.batch.submissions
    [found] = [f for f in sub.findings if f.code == "inbox.kind-unknown"]
    assert (found.pointer, found.params["candidates"]) == ("/unit/kind", ())
    assert str(found.params["did_you_mean"]) == ""
    assert isinstance(found.params["why"], Localized)
    for words in ("not on the roster", "reform-brand show"):
        assert words not in found.message("en")


def _one_case_checked(cases: Edition, tmp_path: Path) -> InboxReport:
    """The check of an inbox of one mail from 南京市科协 with its case."""
    mail(
        tmp_path / "1",
        "南京市科协",
        "city",
        "2023-04-20T09:00:00+08:00",
        {"案例.docx": _case(cases, "南京市科协")},
    )
    return check_inbox(cases, tmp_path, now=NOW)


def test_the_roster_has_no_column_the_edition_asks_nothing_of(
    cases: Edition, tmp_path: Path
) -> None:
    # No reform items, no scan, no city: none of their columns, and the
    # filter spans the columns there are.
    report = _one_case_checked(cases, tmp_path)
    ws = openpyxl.load_workbook(io.BytesIO(roster_xlsx(report, cases)))["汇总表"]
    header = [c.value for c in ws[1]]
    for absent in ("所属市", "改革事项", "建议事项", "扫描件", "盖章", "签名"):
        assert absent not in header
    row = dict(zip(header, (c.value for c in ws[2]), strict=True))
    assert (row["单位"], row["案例名称"], row["Word 文件"]) == (
        "南京市科协",
        "社区科协网格化",
        "1/案例.docx",
    )
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(header))}2"


def test_the_page_has_no_chart_of_quotas_or_items_the_edition_has_none_of(
    cases: Edition, tmp_path: Path
) -> None:
    report = _one_case_checked(cases, tmp_path)
    for lang, chart in (("en", "Quota use per unit"), ("zh", "各单位限额使用情况")):
        page = report_html(report, cases, lang=lang)
        assert chart not in page and 'id="quota-chart"' not in page
        assert "南京市科协" in page


def test_a_pdf_sent_without_a_word_form_still_tells_of_a_submission_without_it(
    cases: Edition, tmp_path: Path
) -> None:
    # Not a file of no use: the unit sent its form as a PDF, and no Word
    # file came (with a manifest, its submission lacks the Word file).
    pdf = E.minimal_pdf(["江苏省科协改革案例表"])
    mail(tmp_path / "1", "南京市科协", "city", "2023-04-20T09:00:00+08:00", {"案例.pdf": pdf})
    (tmp_path / "2").mkdir()
    (tmp_path / "2" / "案例.pdf").write_bytes(pdf)
    report = check_inbox(cases, tmp_path, now=NOW)
    [sub] = report.batch.submissions
    assert [(f.code, f.pointer) for f in sub.findings] == [("deliverables.missing", "/attachments")]
    batch = [(f.code, f.file) for f in report.batch.findings]
    assert ("inbox.no-form", "2/") in batch and ("inbox.unknown-file", "2/案例.pdf") not in batch


def test_no_message_names_a_scan_the_call_does_not_ask_for(cases: Edition, tmp_path: Path) -> None:
    """PDFs that make no submission, and a zip given where a submission
    file is read: what is said of them names no scan, which this call does
    not ask for (it was "PDF 扫描件", "put forms, scans and archives")."""
    from reform_brand import Validator

    (tmp_path / "2").mkdir()
    for name in ("2/a.pdf", "2/b.pdf", "loose.pdf"):
        (tmp_path / name).write_bytes(E.minimal_pdf(["江苏省科协改革案例表"]))
    report = check_inbox(cases, tmp_path, now=NOW)
    (tmp_path / "cases.zip").write_bytes(b"PK\x03\x04" + bytes(26))
    batch = Validator.create(cases).check_paths([tmp_path / "cases.zip"], now=NOW)
    found = [*report.all_findings(), *batch.all_findings()]
    codes = {f.code for f in found}
    assert {"inbox.no-form", "inbox.unmatched-scan", "file.not-a-submission"} <= codes
    for f in found:
        assert "扫描" not in f.message("zh"), f.code
        assert "scan" not in f.message("en").lower(), f.code


def test_show_says_the_issuer_gives_no_phone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "edition.toml").write_text(EDITION_TOML, encoding="utf-8")
    for lang, line, none in (("zh", "联系电话", "（无）"), ("en", "Phone", "(none)")):
        assert main(["show", str(tmp_path), "--lang", lang]) == 0
        [shown] = [s for s in capsys.readouterr().out.splitlines() if s.startswith(f"  {line}:")]
        assert shown.split(":")[1].split()[0] == none
