"""``lint.regional-text`` and ``lint.parent-regional-data`` read places
with or without their levels (山东 is 山东省, 济南 is 济南市), a province's
name with what is around it (吉林市 is a city of 吉林省; 幸福建设 names no
province), and phones, the issuer's contacts included, however their area
code is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.maint import LintReport, lint_edition
from tests.maint.test_lint_regional import (
    HEAD,
    _edited_copy,
    _jiangsu_copy,
    _lint_with_own_roster,
    _regional_texts,
)

APPLICANT = "/forms/0/fields/0/example"
PROVINCE = "another province than the edition's region"
CITY = "a city of another province than the edition's region"
UNIT = "a unit not on this edition's roster"
FOREIGN_AREA = "a phone whose area code none of the issuer's contacts has"


@pytest.mark.parametrize(
    ("region", "issuer"), [("山东", ""), ("", "山东科协办公室"), ("山东", "山东科协办公室")]
)
def test_the_same_region_written_without_its_level_is_no_other_region(
    tmp_path: Path, reference_host: Host, region: str, issuer: str
) -> None:
    """Next year's call of the same office writing 山东 for 山东省: not an
    edition for another region, so nothing is the parent's regional data."""
    head = f'region.zh = "{region}"\n' if region else ""
    tail = f'\n[issuer]\nname.zh = "{issuer}"\n' if issuer else ""
    (tmp_path / "edition.toml").write_text(head + HEAD + tail, encoding="utf-8")
    report = lint_edition(tmp_path, host=reference_host)
    assert not [c for c in report.codes() if c.startswith("edition.")]
    assert "lint.parent-regional-data" not in report.codes()
    assert "lint.regional-text" not in report.codes()


CITY_CHILD = """
[region]
zh = "{region}"
en = "Jinan"

[issuer]
name.zh = "济南市科协办公室"
name.en = "Office of the Jinan Association for Science and Technology"

[[issuer.contacts]]
phone = "{phone}"
phone_full = "{phone}"
clause = "联系方式"

[[forms]]
id = "application"

  [[forms.fields]]
  id = "applicant_unit"
  example = "{example}"

[[roster]]
name = "历下区科协"
kind = "city-association"
"""


def _city_child(tmp_path: Path, host: Host, **values: str) -> LintReport:
    fields = {"region": "济南市", "phone": "0531-86000000", "example": "济南市科协"} | values
    tmp_path.mkdir(parents=True, exist_ok=True)
    return _lint_with_own_roster(tmp_path, host, CITY_CHILD.format(**fields))


def _applicant(report: LintReport) -> tuple[object, object] | None:
    for f in report.findings:
        if f.code == "lint.regional-text" and f.pointer == APPLICANT:
            whose = f.params["whose"]
            return f.params["word"], getattr(whose, "en", whose)
    return None


@pytest.mark.parametrize("region", ["济南市", "济南"])
@pytest.mark.parametrize("example", ["济南市科协", "济南科协", "济南市科学技术协会"])
def test_a_unit_of_the_childs_own_city_is_its_own(
    tmp_path: Path, reference_host: Host, region: str, example: str
) -> None:
    """A child for 济南 (a city of the parent's province), written with or
    without its level: the parent's 济南市科协 is a unit of its own region."""
    report = _city_child(tmp_path, reference_host, region=region, example=example)
    assert _applicant(report) is None


def test_a_unit_of_another_city_of_the_parent_is_still_the_parents(
    tmp_path: Path, reference_host: Host
) -> None:
    report = _city_child(tmp_path, reference_host, region="济南", example="青岛科协")
    assert _applicant(report) == ("青岛科协", "a unit on the parent's roster")


@pytest.mark.parametrize(
    "phone",
    ["0531-86000000", "0531 86000000", "(0531)86000000", "（0531）8600 0000", "0531—86000000"],
)
def test_a_child_with_the_parents_area_code_however_its_contacts_write_it(
    tmp_path: Path, reference_host: Host, phone: str
) -> None:
    """The child's contacts have the parent's area code (0531, its city's):
    a phone of that area code in a text is its own, however either is
    written; the contact is no schema error."""
    for i, example in enumerate(("0531-86001234", "(0531)86001234", "0531 8600 1234")):
        report = _city_child(tmp_path / str(i), reference_host, phone=phone, example=example)
        assert not [c for c in report.codes() if c.startswith("edition.")], phone
        assert _applicant(report) is None, (phone, example)


def test_the_parents_area_code_is_the_parents_however_written(
    tmp_path: Path, reference_host: Host
) -> None:
    """Another area code in the child's contacts: the parent's, in any of
    the usual forms, is told."""
    for i, example in enumerate(
        ("0531-86001234", "(0531)86001234", "0531 8600 1234", "0531—86001234")
    ):
        report = _city_child(
            tmp_path / str(i), reference_host, phone="(0532)86000000", example=example
        )
        assert _applicant(report) == (example, "the parent's phone area code")


@pytest.mark.parametrize(
    "phone", ["(025)83000000", "（025）8300 0000", "025 83000000", "025—83000000"]
)
def test_the_issuers_contacts_may_write_the_area_code_in_brackets(
    tmp_path: Path, reference_host: Host, phone: str
) -> None:
    """A full copy for Jiangsu whose contacts write (025)83000000: the
    edition loads, its own area code is known, 0531 is another's."""
    own = _jiangsu_copy(tmp_path / "own", example="电话：025-83001234", phone=phone)
    report = lint_edition(own, host=reference_host)
    assert not [c for c in report.codes() if c.startswith("edition.")]
    assert APPLICANT not in _regional_texts(own, reference_host)
    other = _jiangsu_copy(tmp_path / "other", example="电话：0531-83001234", phone=phone)
    found = _regional_texts(other, reference_host)
    assert found[APPLICANT][1:] == ("0531-83001234", FOREIGN_AREA)


@pytest.mark.parametrize(
    ("example", "word", "whose"),
    [
        ("如吉林市", "吉林市", CITY),
        ("吉林市科协", "吉林市科协", UNIT),
        ("吉林省科技馆", "吉林", PROVINCE),
        ("由吉林推荐", "吉林", PROVINCE),
        ("北京市科技馆", "北京", PROVINCE),
        ("浙江西部", "浙江", PROVINCE),
        ("辽宁夏季", "辽宁", PROVINCE),
    ],
)
def test_a_province_is_read_with_what_is_around_it(
    tmp_path: Path, reference_host: Host, example: str, word: str, whose: str
) -> None:
    """In the reference edition (山东省): 吉林 before 市 is the city of
    吉林省, a municipality before 市 is itself, and of two names that
    overlap the first is named."""
    copy = _edited_copy(tmp_path, "forms.toml", '"济南市科协"', f'"{example}"')
    assert _regional_texts(copy, reference_host)[APPLICANT][1:] == (word, whose)


@pytest.mark.parametrize("example", ["幸福建设", "隆重庆祝", "中山东路", "中山西路", "延吉林业局"])
def test_a_word_holding_a_provinces_name_names_none(
    tmp_path: Path, reference_host: Host, example: str
) -> None:
    found = _regional_texts(_jiangsu_copy(tmp_path, example), reference_host)
    assert APPLICANT not in found


@pytest.mark.parametrize("region", ["吉林省", "吉林", "吉林市"])
@pytest.mark.parametrize("example", ["吉林市", "吉林市科协", "吉林省科技馆", "长春市"])
def test_jilins_own_city_is_its_own(
    tmp_path: Path, reference_host: Host, region: str, example: str
) -> None:
    """An edition for 吉林省, or for its city 吉林市: 吉林 is its own."""
    copy = _edited_copy(tmp_path, "edition.toml", 'region.zh = "山东省"', f'region.zh = "{region}"')
    forms = copy / "forms.toml"
    text = forms.read_text(encoding="utf-8").replace('"济南市科协"', f'"{example}"')
    forms.write_text(text, encoding="utf-8")
    assert APPLICANT not in _regional_texts(copy, reference_host)
