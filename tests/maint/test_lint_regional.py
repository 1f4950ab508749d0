"""An edition for another region is told which regional data is still the parent's."""

from __future__ import annotations

from pathlib import Path

from reform_brand import Host
from reform_brand.maint import lint_edition

HEAD = """
id = "jiangsu-2023"
year = 2022

[inherit]
from = "shandong-2022"
"""


def _regional(tmp_path: Path, host: Host, body: str) -> dict[str, str]:
    (tmp_path / "edition.toml").write_text(HEAD + body, encoding="utf-8")
    report = lint_edition(tmp_path, host=host)
    return {f.pointer: f.file for f in report.findings if f.code == "lint.parent-regional-data"}


def test_another_province_keeping_the_parents_roster_and_contacts(
    tmp_path: Path, reference_host: Host
) -> None:
    found = _regional(
        tmp_path,
        reference_host,
        '\n[region]\nzh = "江苏省"\nen = "Jiangsu Province"\n\n[issuer]\nmailbox = "a@jskx.cn"\n',
    )
    assert found == {
        "/roster": "roster.toml (shandong-2022)",
        "/issuer/contacts": "edition.toml (shandong-2022)",
        "/delivery/mailbox": "edition.toml (shandong-2022)",
    }


def test_next_years_call_of_the_same_province_is_not_warned(
    tmp_path: Path, reference_host: Host
) -> None:
    body = '\n[issuer]\ndocument_number = "鲁科协办发〔2023〕7号"\n'
    assert _regional(tmp_path, reference_host, body) == {}


def test_another_province_that_rewrote_its_regional_data_is_not_warned(
    tmp_path: Path, reference_host: Host
) -> None:
    body = """
[issuer]
name.zh = "江苏省科协办公室"
name.en = "Office of the Jiangsu Association for Science and Technology"
mailbox = "a@jskx.cn"

[[issuer.contacts]]
phone = "025-83000000"
phone_full = "025-83000000"
clause = "联系方式"

[delivery]
mailbox = "a@jskx.cn"

[[roster]]
name = "南京市科协"
kind = "city-association"
"""
    head = HEAD.replace('from = "shandong-2022"', 'from = "shandong-2022"\nreplace = ["roster"]')
    (tmp_path / "edition.toml").write_text(head + body, encoding="utf-8")
    report = lint_edition(tmp_path, host=reference_host)
    assert "lint.parent-regional-data" not in report.codes()


def test_the_message_names_the_data_in_either_language(
    tmp_path: Path, reference_host: Host
) -> None:
    (tmp_path / "edition.toml").write_text(
        HEAD + '\n[region]\nzh = "江苏省"\nen = "Jiangsu"\n', encoding="utf-8"
    )
    report = lint_edition(tmp_path, host=reference_host)
    [roster] = [f for f in report.findings if f.pointer == "/roster"]
    assert "单位名单" in roster.message("zh")
    assert "takes the roster of units from its parent" in roster.message("en")


def test_a_roster_merged_into_the_parents_is_still_the_parents(
    tmp_path: Path, reference_host: Host
) -> None:
    body = '\n[region]\nzh = "江苏省"\nen = "Jiangsu"\n\n[[roster]]\nname = "南京市科协"\nkind = "city-association"\n'
    assert "/roster" in _regional(tmp_path, reference_host, body)
