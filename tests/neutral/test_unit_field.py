"""The field in which a form names its unit is the edition's to say: a call
whose form asks for the 申报单位 in its table (not on the line above it)
marks that field ``names = "unit"``, and a form read back names its unit
from there, as the reference edition's does from its header."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand import Edition, Host, page_schema
from reform_brand.maint import lint_edition
from reform_brand.office import check_inbox, read_form
from reform_brand.suggest import text_fields
from tests.inbox import docx_edit as E
from tests.neutral.conftest import NOW, mail, proposal
from tests.neutral.test_project_field import CHILD, _child, _host

#: The hainan-2024 proposal whose 申报单位 is the first row of its table.
IN_TABLE = """
    [[forms.fields]]
    id = "unit"
    placement = "body"
    names = "unit"
"""


@pytest.fixture(scope="module")
def in_table(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    folder = _child(tmp_path_factory.mktemp("unit") / "data", IN_TABLE)
    host: Host = _host(folder)
    return host.edition(CHILD)


def test_a_form_read_back_names_its_unit_from_the_marked_field(in_table: Edition) -> None:
    form = in_table.form("proposal")
    assert form.named("unit") is form.fields[0]
    read = read_form(in_table, E.filled(in_table, "proposal", proposal()))
    assert (read.unit, read.findings) == ("海口市科协", ())


def test_an_e_mail_without_a_manifest_is_of_the_unit_its_form_names(
    in_table: Edition, tmp_path: Path
) -> None:
    (tmp_path / "申报书.docx").write_bytes(E.filled(in_table, "proposal", proposal()))
    report = check_inbox(in_table, tmp_path, now=NOW)
    [sub] = report.submissions
    assert (sub.unit, sub.unit_kind) == ("海口市科协", "municipal")
    [rep] = report.batch.submissions
    assert [f.code for f in rep.findings if f.code.startswith(("envelope.", "inbox.kind"))] == []


def test_a_form_naming_another_unit_than_its_sender_is_told(
    in_table: Edition, tmp_path: Path
) -> None:
    form = E.filled(in_table, "proposal", proposal(unit="三亚市科协"))
    mail(tmp_path / "m", "海口市科协", "municipal", "2024-06-03T10:00:00+08:00", {"a.docx": form})
    [rep] = check_inbox(in_table, tmp_path, now=NOW).batch.submissions
    assert ("unit.form-mismatch", "/data/unit") in [(f.code, f.pointer) for f in rep.findings]


def test_the_portal_fills_the_marked_field_from_the_unit(in_table: Edition) -> None:
    page = page_schema(in_table, "proposal")
    assert page["mirror"] == {"/data/unit": "/unit/name"}
    # The unit's name says nothing of what the project is about.
    assert "unit" not in text_fields(in_table.form("proposal"))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # 申报单位 in the table, unmarked: no form read back would name its unit.
        (
            '[[forms.fields]]\nid = "unit"\nplacement = "body"\n',
            [("lint.no-unit-field", "/forms/0")],
        ),
        # 项目名称 called 品牌名称, unmarked: a revision would count as a project.
        (
            '[[forms.fields]]\nid = "title"\nlabel.zh = "品牌名称"\n',
            [("lint.no-project-field", "/forms/0")],
        ),
        (IN_TABLE, []),
    ],
)
def test_lint_tells_of_a_form_that_names_no_unit_or_no_project(
    tmp_path: Path, fields: str, expected: list[tuple[str, str]]
) -> None:
    folder = _child(tmp_path / "data", fields)
    report = lint_edition(folder, host=_host(folder))
    assert [
        (f.code, f.pointer) for f in report.findings if f.code.startswith("lint.no-")
    ] == expected
