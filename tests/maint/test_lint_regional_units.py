"""``lint.regional-text`` tells societies of another place and phones
written with a bracketed area code, and leaves the edition's own alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.codes._info import Localized
from tests.maint.test_lint_regional import (
    _edited_copy,
    _jiangsu_copy,
    _lint_with_own_roster,
    _regional_texts,
)

APPLICANT = "/forms/0/fields/0/example"
UNIT = "a unit not on this edition's roster"
FOREIGN_AREA = "a phone whose area code none of the issuer's contacts has"
PARENTS_AREA = "the parent's phone area code"


@pytest.mark.parametrize(
    ("example", "word"),
    [
        ("浙江省科普作家协会", "浙江省科普作家协会"),
        ("广东省药学会", "广东省药学会"),
        ("如济南市药学会", "济南市药学会"),
        ("济南市科普作家协会推荐", "济南市科普作家协会"),
        ("青岛市老科技工作者研究会", "青岛市老科技工作者研究会"),
        ("北京市科普基金会", "北京市科普基金会"),
        ("广西壮族自治区药学会", "广西壮族自治区药学会"),
        ("山东省济南市海洋学会", "山东省济南市海洋学会"),
        # The district's city is part of the name, not only the district.
        ("济南市历下区科协", "济南市历下区科协"),
        ("南京市科协、徐州市海洋学会", "徐州市海洋学会"),
    ],
)
def test_a_society_of_another_place_is_a_unit_not_on_the_roster(
    tmp_path: Path, reference_host: Host, example: str, word: str
) -> None:
    found = _regional_texts(_jiangsu_copy(tmp_path, example), reference_host)
    assert found[APPLICANT] == ("forms.toml", word, UNIT)


@pytest.mark.parametrize(
    "example",
    [
        "某某市科协",
        "某某省某某学会",
        "XX学会",
        "XX市XX学会",
        "××协会",
        "江苏省××学会",
        "本单位",
        "贵会",
        "学会",
        "科普协会",
        "各省级学会",
        "由省科协推荐学会",
        "中国科普作家协会",
        "中国城市科学研究会",
        "所在社区科协",
        "请向外省科协报送",
        "各地级市科协",
        "该单位所在市科协",
        "由当地县科协推荐",
        "报送上级市科协",
        "同级区科协",
        # The region's own societies, and those of its roster's cities.
        "江苏省海洋学会",
        "江苏省科普作家协会",
        "江苏省南京市海洋学会",
        "南京市药学会",
        "苏州市科普作家协会",
        "南京市鼓楼区科协",
    ],
)
def test_placeholders_generic_words_and_own_societies_are_not_flagged(
    tmp_path: Path, reference_host: Host, example: str
) -> None:
    found = _regional_texts(_jiangsu_copy(tmp_path, example), reference_host)
    assert APPLICANT not in found


def test_the_reference_edition_is_told_of_another_provinces_society(
    tmp_path: Path, reference_host: Host
) -> None:
    copy = _edited_copy(tmp_path, "forms.toml", '"济南市科协"', '"江苏省海洋学会"')
    found = _regional_texts(copy, reference_host)
    assert found == {APPLICANT: ("forms.toml", "江苏省海洋学会", UNIT)}
    # Its own province's society and a district of its own city are its own.
    own = _edited_copy(
        tmp_path / "own", "forms.toml", '"济南市科协"', '"山东省海洋学会、济南市历下区科协"'
    )
    assert _regional_texts(own, reference_host) == {}


@pytest.mark.parametrize(
    "phone", ["(0531)82073271", "（0531）82073271", "0531－82073271", "0531 8207 3271"]
)
def test_a_phone_of_another_area_code_is_flagged_however_written(
    tmp_path: Path, reference_host: Host, phone: str
) -> None:
    found = _regional_texts(_jiangsu_copy(tmp_path, f"电话：{phone}"), reference_host)
    assert found[APPLICANT] == ("forms.toml", phone, FOREIGN_AREA)


@pytest.mark.parametrize(
    "phone",
    [
        "(025)83000000",
        "（025）8300 0000",
        "025－83000000",
        "025 8300 0000",
        "13805310000",
        "138 0531 0000",
    ],
)
def test_the_issuers_own_area_code_and_mobiles_are_not_flagged(
    tmp_path: Path, reference_host: Host, phone: str
) -> None:
    found = _regional_texts(_jiangsu_copy(tmp_path, f"电话：{phone}"), reference_host)
    assert APPLICANT not in found


CHILD = """
[region]
zh = "江苏省"
en = "Jiangsu Province"

[issuer]
name.zh = "江苏省科协办公室"
name.en = "Office of the Jiangsu Association for Science and Technology"

[[issuer.contacts]]
phone = "025-83000000"
phone_full = "025-83000000"
clause = "联系方式"

[[forms]]
id = "application"

  [[forms.fields]]
  id = "applicant_unit"
  example = "{example}"

[[roster]]
name = "南京市科协"
kind = "city-association"
"""


@pytest.mark.parametrize(
    ("example", "word", "whose"),
    [
        ("济南市科普作家协会", "济南市科普作家协会", UNIT),
        ("浙江省药学会", "浙江省药学会", UNIT),
        # The parent's area code, however written.
        ("0531-82073000", "0531-82073000", PARENTS_AREA),
        ("(0531)82073271", "(0531)82073271", PARENTS_AREA),
        ("（0531）8207 3271", "（0531）8207 3271", PARENTS_AREA),
        ("0531 8207 3271", "0531 8207 3271", PARENTS_AREA),
        ("0531—82073271", "0531—82073271", PARENTS_AREA),
        ("(0532)80000000", "(0532)80000000", FOREIGN_AREA),
    ],
)
def test_a_child_for_another_province_is_told_of_societies_and_phones(
    tmp_path: Path, reference_host: Host, example: str, word: str, whose: str
) -> None:
    report = _lint_with_own_roster(tmp_path, reference_host, CHILD.format(example=example))
    [finding] = [
        f for f in report.findings if f.code == "lint.regional-text" and f.pointer == APPLICANT
    ]
    assert finding.file == "edition.toml"
    assert finding.params["word"] == word
    assert isinstance(finding.params["whose"], Localized)
    assert finding.params["whose"].en == whose


@pytest.mark.parametrize(
    "example", ["南京市科普作家协会", "江苏省药学会", "XX学会", "（025）8300 0000"]
)
def test_a_childs_own_societies_and_area_code_are_not_flagged(
    tmp_path: Path, reference_host: Host, example: str
) -> None:
    report = _lint_with_own_roster(tmp_path, reference_host, CHILD.format(example=example))
    assert not [
        f for f in report.findings if f.code == "lint.regional-text" and f.pointer == APPLICANT
    ]
