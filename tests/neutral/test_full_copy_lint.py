"""A full copy of the reference edition made into another province's
(``new-edition --from shandong-2022`` without ``--inherit``): what lint
tells of the texts that still name Shandong covers the texts the check's
findings quote, not only the titles and the forms' help."""

from __future__ import annotations

import shutil
from pathlib import Path

from reform_brand.maint import lint_edition
from reform_brand.testing import isolated_host
from tests.conftest import REFERENCE_DATA


def test_the_issuer_and_a_quota_s_words_naming_the_old_province_are_told(tmp_path: Path) -> None:
    """The issuer's name is in every ``issuer-field.filled`` message and a
    quota's words in ``quota.exceeded``: left as 山东省科协办公室, each
    message of the new call named the old province."""
    copy = tmp_path / "data"
    shutil.copytree(REFERENCE_DATA, copy)
    path = copy / "edition.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('region.zh = "山东省"', 'region.zh = "浙江省"', 1)
    text = text.replace('notice_text = "每个部室', 'notice_text = "山东省每个部室', 1)
    path.write_text(text, encoding="utf-8")
    report = lint_edition(copy, host=isolated_host(installed=["shandong-2022"]))
    found = {f.pointer for f in report.findings if f.code == "lint.regional-text"}
    assert {"/issuer/name/zh", "/issuer/name/en", "/quotas/3/notice_text"} <= found
    assert "/deadline/notice_text" not in found  # (发送至省科协办公室邮箱: no province)
