"""``lint.regional-text`` tells phones however their area code is written,
and leaves the edition's own alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.codes._info import Localized
from tests.maint.test_lint_regional import _jiangsu_copy, _lint_with_own_roster, _regional_texts

APPLICANT = "/forms/0/fields/0/example"
FOREIGN_AREA = "a phone whose area code none of the issuer's contacts has"


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
        ("(0531)82073271", "(0531)82073271", FOREIGN_AREA),
        ("0531 8207 3271", "0531 8207 3271", FOREIGN_AREA),
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


@pytest.mark.parametrize("example", ["（025）8300 0000", "025 8300 0000"])
def test_a_childs_own_societies_and_area_code_are_not_flagged(
    tmp_path: Path, reference_host: Host, example: str
) -> None:
    report = _lint_with_own_roster(tmp_path, reference_host, CHILD.format(example=example))
    assert not [
        f for f in report.findings if f.code == "lint.regional-text" and f.pointer == APPLICANT
    ]
