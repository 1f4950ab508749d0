"""An edition for another region is told which regional data is still the parent's."""

from __future__ import annotations

import shutil
from pathlib import Path

from reform_brand import Host
from reform_brand.codes._info import Localized
from reform_brand.maint import LintReport, lint_edition
from tests.conftest import REFERENCE_DATA

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


def _lint_with_own_roster(tmp_path: Path, host: Host, body: str) -> LintReport:
    """The lint of the child edition ``body`` that replaces its parent's roster."""
    head = HEAD.replace('from = "shandong-2022"', 'from = "shandong-2022"\nreplace = ["roster"]')
    (tmp_path / "edition.toml").write_text(head + body, encoding="utf-8")
    return lint_edition(tmp_path, host=host)


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


def test_next_years_call_that_writes_its_region_again_is_not_warned(
    tmp_path: Path, reference_host: Host
) -> None:
    """The same office's next call may write its region and issuer again,
    as they are: it is no edition for another region."""
    region = 'region.zh = "山东省"\nregion.en = "Shandong Province"\n'
    issuer = '\n[issuer]\nname.zh = "山东省科协办公室"\n'
    (tmp_path / "edition.toml").write_text(region + HEAD + issuer, encoding="utf-8")
    report = lint_edition(tmp_path, host=reference_host)
    assert "lint.parent-regional-data" not in report.codes()
    # Another province's name is still another region.
    other = region.replace("山东省", "江苏省")
    (tmp_path / "edition.toml").write_text(other + HEAD + issuer, encoding="utf-8")
    report = lint_edition(tmp_path, host=reference_host)
    assert "lint.parent-regional-data" in report.codes()


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
    report = _lint_with_own_roster(tmp_path, reference_host, body)
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


def _texts(tmp_path: Path, host: Host, body: str) -> dict[str, tuple[str, object]]:
    (tmp_path / "edition.toml").write_text(HEAD + body, encoding="utf-8")
    report = lint_edition(tmp_path, host=host)
    return {
        f.pointer: (f.file, f.params["word"])
        for f in report.findings
        if f.code == "lint.regional-text"
    }


def test_inherited_titles_help_and_examples_naming_the_parents_region_are_flagged(
    tmp_path: Path, reference_host: Host
) -> None:
    found = _texts(tmp_path, reference_host, '\n[region]\nzh = "江苏省"\nen = "Jiangsu Province"\n')
    assert found["/title/zh"] == ("edition.toml (shandong-2022)", "山东省")
    assert found["/title/en"] == ("edition.toml (shandong-2022)", "Shandong")
    assert found["/forms/0/title/zh"] == ("forms.toml (shandong-2022)", "山东省")
    # 申报单位's example, the office phone's help and example, 被推荐单位's example
    assert found["/forms/0/fields/0/example"] == ("forms.toml (shandong-2022)", "济南市科协")
    assert found["/forms/0/fields/3/fields/2/help/zh"][1] == "0531-82073271"
    assert found["/forms/0/fields/3/fields/2/example"][1] == "0531-82073271"
    assert found["/forms/1/fields/2/example"][1] == "山东省"


def test_inherited_readings_naming_the_parents_phone_are_flagged_not_their_time_zone(
    tmp_path: Path, reference_host: Host
) -> None:
    """A reading of a clause is text the child's users read too: one that
    gives the parent's phone as its example is flagged; 北京时间 and
    Asia/Shanghai, the time of all China, name no other province."""
    found = _texts(tmp_path, reference_host, '\n[region]\nzh = "江苏省"\nen = "Jiangsu Province"\n')
    readings = {p: v for p, v in found.items() if p.startswith("/readings/")}
    edition = reference_host.edition("shandong-2022")
    phone = next(i for i, r in enumerate(edition.readings) if "0531-" in r.reading.zh)
    zone = next(i for i, r in enumerate(edition.readings) if "北京时间" in r.reading.zh)
    assert readings[f"/readings/{phone}/reading/zh"] == (
        "edition.toml (shandong-2022)",
        "0531-82073271",
    )
    assert f"/readings/{phone}/reading/en" in readings
    assert not {p for p in readings if p.startswith(f"/readings/{zone}/")}
    # The child's own reading, written for its region (its issuer's phone),
    # is not flagged.
    own = """
[region]
zh = "江苏省"
en = "Jiangsu Province"

[[issuer.contacts]]
phone = "025-83000000"
phone_full = "025-83000000"
clause = "联系方式"

[[readings]]
id = "contacts"
clause = "联系方式"
notice_text = "联系人"
reading.zh = "办公电话写作区号-号码，如 025-83000000。"
reading.en = "The office phone as area code-number, e.g. 025-83000000."
why.zh = "按通知的写法。"
why.en = "As the notice writes it."
"""
    found = _texts(tmp_path, reference_host, own)
    assert not any(v[1] == "025-83000000" for v in found.values())


def test_the_childs_own_regional_data_in_a_text_is_not_flagged(
    tmp_path: Path, reference_host: Host
) -> None:
    body = """
[region]
zh = "江苏省"
en = "Jiangsu Province"

[[forms]]
id = "application"
title.zh = "2023 年度江苏省科协改革品牌项目申报表"
title.en = "Jiangsu application form"

  [[forms.fields]]
  id = "applicant_unit"
  example = "南京市科协"

[[roster]]
name = "南京市科协"
kind = "city-association"
"""
    report = _lint_with_own_roster(tmp_path, reference_host, body)
    pointers = {f.pointer for f in report.findings if f.code == "lint.regional-text"}
    assert not {"/forms/0/title/zh", "/forms/0/title/en", "/forms/0/fields/0/example"} & pointers
    assert "/title/zh" in pointers  # the notice's title is still the parent's


def test_next_years_call_of_the_same_province_has_no_regional_text(
    tmp_path: Path, reference_host: Host
) -> None:
    body = '\n[region]\nzh = "山东省"\nen = "Shandong Province"\n'
    assert _texts(tmp_path, reference_host, body) == {}
    assert _texts(tmp_path, reference_host, '\n[issuer]\ndocument_number = "x"\n') == {}


def test_a_full_copy_for_another_province_is_told_of_the_old_province_in_its_titles(
    tmp_path: Path, reference_host: Host
) -> None:
    copy = _edited_copy(tmp_path, "edition.toml", 'region.zh = "山东省"', 'region.zh = "江苏省"')
    report = lint_edition(copy, host=reference_host)
    found = {
        f.pointer: (f.file, f.params["word"])
        for f in report.findings
        if f.code == "lint.regional-text"
    }
    assert found["/title/zh"] == ("edition.toml", "山东")
    assert found["/forms/0/title/zh"] == ("forms.toml", "山东")
    assert found["/forms/1/title/zh"] == ("forms.toml", "山东")
    # The reference edition itself names no other province.
    assert "lint.regional-text" not in lint_edition(REFERENCE_DATA, host=reference_host).codes()


JIANGSU_ROSTER = """
[[roster]]
name = "南京市科协"
kind = "city-association"
aliases = ["南京市科学技术协会"]

[[roster]]
name = "苏州市科协"
kind = "city-association"
"""


def _edited_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A full copy of the reference edition's data with ``old`` made ``new``
    in its file ``name``."""
    copy = tmp_path / "copy"
    shutil.copytree(REFERENCE_DATA, copy)
    path = copy / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return copy


def _jiangsu_copy(tmp_path: Path, example: str = "济南市科协", phone: str = "025-83000000") -> Path:
    """A full copy of the reference edition (no parent) whose region, issuer
    and roster are Jiangsu's, its forms still the reference's."""
    copy = tmp_path / "copy"
    shutil.copytree(REFERENCE_DATA, copy)
    edition = copy / "edition.toml"
    text = edition.read_text(encoding="utf-8")
    text = text.replace('region.zh = "山东省"', 'region.zh = "江苏省"')
    text = text.replace('region.en = "Shandong Province"', 'region.en = "Jiangsu Province"')
    text = text.replace('name.zh = "山东省科协办公室"', 'name.zh = "江苏省科协办公室"')
    text = text.replace('"0531-82073271"', f'"{phone}"').replace('"0531-82073208"', f'"{phone}"')
    edition.write_text(text, encoding="utf-8")
    (copy / "roster.toml").write_text(JIANGSU_ROSTER, encoding="utf-8")
    forms = copy / "forms.toml"
    text = forms.read_text(encoding="utf-8")
    forms.write_text(text.replace('"济南市科协"', f'"{example}"'), encoding="utf-8")
    return copy


def _en(whose: object) -> str:
    assert isinstance(whose, Localized)
    return whose.en


def _regional_texts(path: Path, host: Host) -> dict[str, tuple[str, object, object]]:
    report = lint_edition(path, host=host)
    return {
        f.pointer: (f.file, f.params["word"], _en(f.params["whose"]))
        for f in report.findings
        if f.code == "lint.regional-text"
    }


def test_a_full_copy_is_told_of_units_and_area_codes_not_its_own(
    tmp_path: Path, reference_host: Host
) -> None:
    found = _regional_texts(_jiangsu_copy(tmp_path), reference_host)
    unit = found["/forms/0/fields/0/example"]
    assert unit[:2] == ("forms.toml", "济南市科协")
    assert unit[2] == "a unit not on this edition's roster"
    for pointer in ("help/zh", "help/en", "example"):
        phone = found["/forms/0/fields/3/fields/2/" + pointer]
        assert phone[:2] == ("forms.toml", "0531-82073271")
        assert phone[2] == "a phone whose area code none of the issuer's contacts has"
    # A mobile phone, 由省科协填写 and 省科协科普部 are no finding; 山东省科技馆
    # is another province's.
    assert not {"/forms/0/fields/3/fields/3/example", "/forms/0/fields/8/help/zh"} & set(found)
    assert {p: w for p, (_, w, _) in found.items() if p.startswith("/forms/1/fields")} == {
        "/forms/1/fields/2/example": "山东"
    }


def test_a_copys_own_units_and_placeholders_are_not_flagged(
    tmp_path: Path, reference_host: Host
) -> None:
    for i, example in enumerate(
        (
            "南京市科协",
            "南京市科学技术协会",
            "江苏省科协",
            "某某市科协",
            "XX市科协",
            "××市科协",
            "本市科协",
        )
    ):
        found = _regional_texts(_jiangsu_copy(tmp_path / str(i), example), reference_host)
        assert "/forms/0/fields/0/example" not in found, example


def test_phones_are_not_judged_without_the_issuers_area_code(
    tmp_path: Path, reference_host: Host
) -> None:
    found = _regional_texts(_jiangsu_copy(tmp_path, phone="83000000"), reference_host)
    assert not [p for p in found if p.startswith("/forms/0/fields/3/")]
    assert found["/forms/0/fields/0/example"][1] == "济南市科协"


def test_the_reference_edition_names_only_its_own_units_and_area_code(
    reference_host: Host,
) -> None:
    assert _regional_texts(REFERENCE_DATA, reference_host) == {}


def test_the_unit_named_is_the_one_off_the_roster(tmp_path: Path, reference_host: Host) -> None:
    copy = _jiangsu_copy(tmp_path, example="如南京市科协或徐州市科协")
    found = _regional_texts(copy, reference_host)
    assert found["/forms/0/fields/0/example"][1] == "徐州市科协"
