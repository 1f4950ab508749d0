"""lint.items-none: an edition whose submissions must declare reform items
and that lists none can never be satisfied."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reform_brand import Host
from reform_brand.maint import lint_edition
from tests.conftest import REFERENCE_DATA


@pytest.mark.parametrize(("declare", "found"), [("true", True), ("false", False)])
def test_items_declared_and_none_listed(
    tmp_path: Path, reference_host: Host, declare: str, found: bool
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(REFERENCE_DATA, folder)
    (folder / "items.toml").write_text("reform_items = []\n", encoding="utf-8")
    edition = folder / "edition.toml"
    text = edition.read_text(encoding="utf-8")
    assert "declare_reform_items = true\n" in text
    edition.write_text(
        text.replace("declare_reform_items = true\n", f"declare_reform_items = {declare}\n"),
        encoding="utf-8",
    )
    report = lint_edition(folder, host=reference_host)
    codes = [(f.code, f.file, f.pointer) for f in report.findings]
    assert (("lint.items-none", "edition.toml", "/declare_reform_items") in codes) is found
    assert report.ok is not found


def test_the_reference_edition_lists_its_items(reference_host: Host) -> None:
    codes = {f.code for f in lint_edition("shandong-2022", host=reference_host).findings}
    assert "lint.items-none" not in codes
