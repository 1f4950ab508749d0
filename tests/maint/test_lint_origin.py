"""A lint finding in an inherited edition names the file that holds the datum."""

from __future__ import annotations

from pathlib import Path

from reform_brand import Host
from reform_brand.inherit import origin_of
from reform_brand.maint import lint_edition

CHILD = """
id = "jiangsu-2023"
year = 2023
issued = 2023-06-10

[inherit]
from = "shandong-2022"

[deadline]
at = 2023-07-16T00:00:00+08:00

[[forms]]
id = "application"
title.zh = "2023 年度江苏省科协改革品牌项目申报表"

[[forms.fields]]
id = "project_name"
example = "2022 年度项目"
"""


def test_an_inherited_field_of_a_form_the_child_changes_is_in_the_parents_file(
    tmp_path: Path, reference_host: Host
) -> None:
    (tmp_path / "edition.toml").write_text(CHILD, encoding="utf-8")
    report = lint_edition(tmp_path, host=reference_host)
    files = {f.pointer: f.file for f in report.findings if f.code == "lint.stale-year"}
    # The date field's example is the parent's, in its forms.toml, though the
    # child writes a [[forms]] entry of the same id.
    assert files["/forms/0/fields/1/example"] == "forms.toml (shandong-2022)"
    # The project name's example is the child's own, its first field there.
    assert files["/forms/0/fields/0/example"] == "edition.toml"
    assert files["/preamble/0"] == "edition.toml (shandong-2022)"


def test_origin_of_takes_the_deepest_recorded_part() -> None:
    origin = {"forms": "edition.toml", "/forms/0/fields/1": "forms.toml (p)"}
    assert origin_of(origin, "/forms/0/fields/1/example", "x") == "forms.toml (p)"
    assert origin_of(origin, "/forms/0/fields/10", "x") == "edition.toml"
    assert origin_of(origin, "/quotas/0", "x") == "x"
    assert origin_of(origin, "", "x") == "x"


def test_a_plain_array_the_child_writes_is_the_childs(tmp_path: Path) -> None:
    """``forms = ["application"]`` in a unit kind is a list of ids, not of
    entries with an identity: what the child writes there is all its own."""
    from reform_brand.loader import load_raw

    (tmp_path / "edition.toml").write_text(
        CHILD + '\n[[unit_kinds]]\nid = "city-association"\nforms = ["application"]\n',
        encoding="utf-8",
    )
    _, origin = load_raw(tmp_path, Host.create().editions.raw)
    assert origin_of(origin, "/unit_kinds/2/forms/0", "") == "edition.toml"
    assert origin_of(origin, "/unit_kinds/2/clause", "") == "edition.toml (shandong-2022)"
