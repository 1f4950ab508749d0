"""The office's main job on an inbox of the third-party edition hainan-2024
(tests/neutral/conftest.py): what the reference edition does by its field
ids must follow the edition's own data."""

from __future__ import annotations

from pathlib import Path

from reform_brand import Edition, Host, validate_batch
from reform_brand.catalogue import Localized
from reform_brand.office import check_inbox
from reform_brand.testing import SubmissionFactory
from tests.inbox import docx_edit as E
from tests.neutral.conftest import NOW, mail, proposal


def _codes(report: object, file: str) -> list[tuple[str, str]]:
    [rep] = [s for s in report.batch.submissions if s.file == file]  # type: ignore[attr-defined]
    return [(f.code, f.pointer) for f in rep.findings]


def test_a_revised_form_is_a_version_of_its_project(hainan: Edition, tmp_path: Path) -> None:
    # The project is named in the field 项目名称 (id "title"): the resend
    # replaces the first version, and 海口 stays within its quota of 2.
    first = E.filled(hainan, "proposal", proposal(budget=12))
    again = E.filled(hainan, "proposal", proposal(budget=13))
    other = E.filled(hainan, "proposal", proposal(title="数字科协平台建设"))
    mail(
        tmp_path / "1",
        "海口市科协",
        "municipal",
        "2024-06-03T10:00:00+08:00",
        {"申报书.docx": first},
    )
    mail(
        tmp_path / "2",
        "海口市科协",
        "municipal",
        "2024-06-04T10:00:00+08:00",
        {"申报书（修改版）.docx": again},
    )
    mail(
        tmp_path / "3",
        "海口市科协",
        "municipal",
        "2024-06-05T10:00:00+08:00",
        {"申报书.docx": other},
    )
    report = check_inbox(hainan, tmp_path, now=NOW)
    batch = [f.code for f in report.batch.findings]
    assert "quota.exceeded" not in batch
    assert ("batch.superseded", "") in _codes(report, "1/申报书.docx")
    assert [s.project_name for s in report.submissions] == [
        "热带农业田间课堂进村入企",
        "热带农业田间课堂进村入企",
        "数字科协平台建设",
    ]


def test_a_resent_envelope_is_a_version_and_the_factory_numbers_projects(
    hainan_host: Host, hainan: Edition
) -> None:
    make = SubmissionFactory(hainan)
    first, second = make("proposal"), make("proposal")
    assert first["data"]["title"] != second["data"]["title"]
    resent = make("proposal", data={"title": first["data"]["title"]})
    first["arrived_at"] = "2024-06-03T09:00:00+08:00"
    resent["arrived_at"] = "2024-06-05T09:00:00+08:00"
    report = validate_batch(hainan, [first, second, resent], host=hainan_host, now=NOW)
    [superseded] = [
        s for s in report.submissions if s.findings and s.findings[0].code == "batch.superseded"
    ]
    assert superseded.submission == first["id"]
    assert "quota.exceeded" not in [f.code for f in report.findings]


def test_the_roster_shows_the_project_and_the_contact_of_the_edition_s_form(
    hainan: Edition, tmp_path: Path
) -> None:
    form = E.filled(hainan, "proposal", proposal())
    inbox = tmp_path / "inbox"
    mail(inbox / "m", "海口市科协", "municipal", "2024-06-03T10:00:00+08:00", {"申报书.docx": form})
    report = check_inbox(hainan, inbox, now=NOW)
    [sub] = report.submissions
    # No 联系人 group here: the form's own phone field is the contact.
    assert (sub.project_name, sub.contact) == ("热带农业田间课堂进村入企", "13907560001")


def test_the_roster_has_no_city_column_where_no_unit_counts_under_another(
    hainan: Edition, edition: Edition, tmp_path: Path
) -> None:
    """所属市 is the reference edition's column (a county's project counts
    under its city): named after that kind there, left out of an edition
    whose units count under none."""
    import io

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from reform_brand.office._roster import roster_xlsx

    form = E.filled(hainan, "proposal", proposal())
    inbox = tmp_path / "inbox"
    mail(inbox / "m", "海口市科协", "municipal", "2024-06-03T10:00:00+08:00", {"申报书.docx": form})
    report = check_inbox(hainan, inbox, now=NOW)
    ws = load_workbook(io.BytesIO(roster_xlsx(report, hainan)))["汇总表"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["序号", "单位", "单位类别", "表格"]
    row = dict(zip(header, (c.value for c in ws[2]), strict=True))
    assert row["单位"] == "海口市科协" and row["项目名称"] == "热带农业田间课堂进村入企"
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(header))}2"
    reference = load_workbook(io.BytesIO(roster_xlsx(report, edition)))["汇总表"]
    assert [c.value for c in reference[1]][3] == "所属市级科协"


def test_a_unit_written_another_way_is_headed_by_its_roster_name(
    hainan: Edition, tmp_path: Path
) -> None:
    """The report's section of a unit that wrote its name as an alias, with a
    space, is headed by the roster's name (as the text report's group is),
    and holds its submissions under both spellings."""
    from reform_brand.office._report_html import _unit_sections

    first = E.filled(hainan, "proposal", proposal(unit="海口市 科学技术协会"))
    again = E.filled(hainan, "proposal", proposal(title="数字科协平台建设"))
    mail(
        tmp_path / "1",
        "海口市 科学技术协会",
        "municipal",
        "2024-06-03T10:00:00+08:00",
        {"a.docx": first},
    )
    mail(tmp_path / "2", "海口市科协", "municipal", "2024-06-04T10:00:00+08:00", {"b.docx": again})
    report = check_inbox(hainan, tmp_path, now=NOW)
    units, _ = _unit_sections(report, hainan, "zh", {}, {})
    assert [(u.name, len(u.numbers)) for u in units] == [("海口市科协", 2)]


def test_a_word_document_that_is_no_form_is_named_without_the_reference_s_forms(
    hainan: Edition, tmp_path: Path
) -> None:
    note = E.text_docx(["热带农业田间课堂项目简介", "本项目面向全省市县。"])
    mail(
        tmp_path / "m",
        "海口市科协",
        "municipal",
        "2024-06-03T10:00:00+08:00",
        {
            "申报书.docx": E.filled(hainan, "proposal", proposal()),
            "申报书.pdf": E.minimal_pdf(["scan"]),
            "项目简介.docx": note,
        },
    )
    report = check_inbox(hainan, tmp_path, now=NOW)
    [found] = [f for f in report.batch.findings if f.code == "inbox.unknown-file"]
    assert found.file == "m/项目简介.docx"
    detected = found.params["detected"]
    assert isinstance(detected, Localized)
    assert "申报表" not in detected.zh and "申报表" not in found.message("zh")


def test_several_forms_are_said_to_be_unpaired_with_a_manifest_or_without(
    hainan: Edition, tmp_path: Path
) -> None:
    files = {
        "申报书.docx": E.filled(hainan, "proposal", proposal()),
        "另一个.docx": E.filled(hainan, "proposal", proposal(title="数字科协平台建设")),
        "扫描件.pdf": E.minimal_pdf(["scan"]),
    }
    # A manifest that names the unit and pairs nothing ([[submissions]]).
    mail(tmp_path / "m", "海口市科协", "municipal", "2024-06-03T10:00:00+08:00", files)
    bare = tmp_path / "n"
    bare.mkdir()
    for name, content in files.items():
        (bare / name).write_bytes(content)
    report = check_inbox(hainan, tmp_path, now=NOW)
    found = [f for f in report.batch.findings if f.code == "inbox.several-forms"]
    assert [(f.file, f.params["count"]) for f in found] == [("m/", 2), ("n/", 2)]
    # Said of a folder with a manifest, "without a manifest" would be untrue.
    assert not [f for f in found if "without a manifest" in f.message("en")]
