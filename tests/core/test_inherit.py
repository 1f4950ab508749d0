"""Edition inheritance (an edition as another plus changes) and `diff`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reform_brand import EditionDataError, Host, hookimpl
from reform_brand.cli import main
from reform_brand.inherit import merge
from reform_brand.maint import lint_edition
from reform_brand.maint._diff import diff_editions
from reform_brand.registries import EditionRegistry

CHILD_2023 = """
id = "shandong-2023"
year = 2023
issued = 2023-07-20

[inherit]
from = "shandong-2022"
remove = { reform_items = [16, 17] }

[deadline]
at = 2023-08-01T00:00:00+08:00

[[quotas]]
id = "city-association"
limit = 2

[[reform_items]]
number = 3
clause = "一; 附件3"
title.zh = "科协系统宣传工作机制创新（2023）"
description = ["新的说明。"]
"""


def host_with(sources: dict[str, Path]) -> Host:
    class Plugin:
        __name__ = "children"

        @hookimpl
        def reform_brand_editions(self, registry: EditionRegistry) -> None:
            for edition_id, path in sources.items():
                registry.add_source(edition_id, path)

    return Host.create(plugins=[Plugin()], block=())


def write(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "edition.toml").write_text(text, encoding="utf-8")
    return directory


def test_child_is_parent_plus_changes(tmp_path: Path) -> None:
    host = host_with({"shandong-2023": write(tmp_path / "c", CHILD_2023)})
    parent = host.edition("shandong-2022")
    child = host.edition("shandong-2023")
    assert child.year == 2023
    assert child.deadline.at.isoformat() == "2023-08-01T00:00:00+08:00"
    # Only the instant changed; the rest of the table is inherited.
    assert child.deadline.end == "exclusive" and child.deadline.timezone == "Asia/Shanghai"
    assert [i.number for i in child.reform_items] == list(range(1, 16))
    assert child.reform_item(3).title.zh.endswith("（2023）")
    assert child.reform_item(3).title.en == parent.reform_item(3).title.en
    assert {q.id: q.limit for q in child.quotas}["city-association"] == 2
    assert {q.id: q.soft for q in child.quotas}["city-association"] is True
    assert child.forms == parent.forms
    assert child.roster == parent.roster


def test_diff_shows_items_quotas_and_dates(tmp_path: Path) -> None:
    host = host_with({"shandong-2023": write(tmp_path / "c", CHILD_2023)})
    changes = {
        (c.path, c.kind)
        for c in diff_editions(host.edition("shandong-2022"), host.edition("shandong-2023"))
    }
    assert ("reform_items[16]", "removed") in changes
    assert ("reform_items[17]", "removed") in changes
    assert ("reform_items[3].title.zh", "changed") in changes
    assert ("reform_items[3].description", "changed") in changes
    assert ("quotas[city-association].limit", "changed") in changes
    assert ("deadline.at", "changed") in changes
    assert ("issued", "changed") in changes
    assert not any(path.startswith("forms") for path, _ in changes)


def test_diff_of_form_fields(tmp_path: Path) -> None:
    child = (
        CHILD_2023
        + """
[[forms]]
id = "application"

[[forms.fields]]
id = "contact"

  [[forms.fields.fields]]
  id = "wechat"
  label.zh = "微信"
  type = "text"
  filled_by = "applicant"
  clause = "附件1"

  [[forms.fields.fields]]
  id = "mobile"
  required = false
"""
    )
    host = host_with({"shandong-2023": write(tmp_path / "c", child)})
    new = host.edition("shandong-2023")
    assert [f.id for f in new.form("application").fields[3].fields][-1] == "wechat"
    changes = {(c.path, c.kind) for c in diff_editions(host.edition("shandong-2022"), new)}
    assert ("forms[application].fields[contact].fields[wechat]", "added") in changes
    assert ("forms[application].fields[contact].fields[mobile].required", "changed") in changes


def test_diff_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    child = write(tmp_path / "c", CHILD_2023)
    assert main(["diff", "shandong-2022", str(child), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["a"] == "shandong-2022" and report["b"] == "shandong-2023"
    removed = [c for c in report["changes"] if c["kind"] == "removed"]
    assert [c["path"] for c in removed] == ["reform_items[16]", "reform_items[17]"]
    assert removed[0]["before"] == "科技助力乡村振兴新路径"
    assert main(["diff", "shandong-2022", str(child), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "quotas[city-association].limit: 3 -> 2" in out
    assert main(["diff", "shandong-2022", "shandong-2022"]) == 0
    assert "没有差异" in capsys.readouterr().out


@pytest.mark.parametrize("broken", ["a", "b"])
def test_diff_names_the_folder_of_the_edition_whose_data_has_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: str
) -> None:
    """Both editions' files are named edition.toml: the folder tells which."""
    folders = {
        name: write(tmp_path / name, CHILD_2023.replace("limit = 2", 'limit = "two"'))
        if name == broken
        else write(tmp_path / name, CHILD_2023)
        for name in ("a", "b")
    }
    assert main(["diff", str(folders["a"]), str(folders["b"]), "--lang", "en"]) == 2
    [line] = [x for x in capsys.readouterr().err.splitlines() if x.startswith("  ")]
    assert line.startswith(f"  {folders[broken] / 'edition.toml'}: quotas[0].limit: ")
    assert line.endswith("[edition.schema.type]")


def test_diff_names_the_data_folder_of_an_installed_edition_with_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write(tmp_path / "a", 'id = "a"\n[inherit]\nfrom = "b"\n')
    b = write(tmp_path / "b", 'id = "b"\n[inherit]\nfrom = "a"\n')
    host = host_with({"a": a, "b": b})
    monkeypatch.setattr("reform_brand.cli._maint._host", lambda: host)
    assert main(["diff", "shandong-2022", "a"]) == 2
    [line] = [x for x in capsys.readouterr().err.splitlines() if x.startswith("  ")]
    assert line.startswith(f"  {a / 'edition.toml'}: inherit.from: ")
    assert line.endswith("[edition.inherit-cycle]")


def test_show_path_resolves_the_parent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    child = write(tmp_path / "c", CHILD_2023)
    assert main(["show", str(child), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["reform_items"]) == 15


def test_inheritance_cycle_is_an_error(tmp_path: Path) -> None:
    a = write(tmp_path / "a", 'id = "a"\n[inherit]\nfrom = "b"\n')
    b = write(tmp_path / "b", 'id = "b"\n[inherit]\nfrom = "a"\n')
    host = host_with({"a": a, "b": b})
    with pytest.raises(EditionDataError) as info:
        host.edition("a")
    [problem] = info.value.problems
    assert problem.code == "edition.inherit-cycle"
    assert problem.params["chain"] == "a -> b -> a"


@pytest.mark.parametrize(
    ("inherit", "code", "path"),
    [
        (
            'from = "shandong-2022"\nremove = { reform_items = [99] }',
            "edition.inherit-remove-unknown",
            "inherit.remove.reform_items",
        ),
        (
            'from = "shandong-2022"\nremove = { issuer = ["x"] }',
            "edition.inherit-bad-remove",
            "inherit.remove.issuer",
        ),
        # A field, block, choice or deliverable is inside a form or a table:
        # no top-level array of that name holds it.
        (
            'from = "shandong-2022"\nremove = { fields = ["project_name"] }',
            "edition.inherit-bad-remove",
            "inherit.remove.fields",
        ),
        (
            'from = "shandong-2022"\nremove = { reform_items = 16 }',
            "edition.schema.type",
            "inherit.remove.reform_items",
        ),
        # A misspelled or nested array to replace would silently be merged.
        (
            'from = "shandong-2022"\nreplace = ["rostr"]',
            "edition.schema.enum",
            "inherit.replace[0]",
        ),
        (
            'from = "shandong-2022"\nreplace = ["roster", "deliverables"]',
            "edition.schema.enum",
            "inherit.replace[1]",
        ),
        ('from = "shandong-2022"\nfrm = "x"', "edition.schema.additional", "inherit.frm"),
        ("remove = {}", "edition.schema.required", "inherit.from"),
        # Written, but not an edition's id: not "missing".
        ("from = 2022", "edition.schema.type", "inherit.from"),
        ('from = ["shandong-2022"]', "edition.schema.type", "inherit.from"),
        ('from = ""', "edition.schema.other", "inherit.from"),
    ],
)
def test_bad_inherit_tables(tmp_path: Path, inherit: str, code: str, path: str) -> None:
    child = write(tmp_path / "c", f'id = "shandong-2023"\n[inherit]\n{inherit}\n')
    host = host_with({"shandong-2023": child})
    with pytest.raises(EditionDataError) as info:
        host.edition("shandong-2023")
    assert [(p.code, p.path) for p in info.value.problems] == [(code, path)]
    assert main(["show", str(child)]) == 2


def test_unknown_parent_lists_installed(tmp_path: Path) -> None:
    child = write(tmp_path / "c", 'id = "x"\n[inherit]\nfrom = "nowhere-2020"\n')
    host = host_with({"x": child})
    with pytest.raises(EditionDataError) as info:
        host.edition("x")
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("edition.inherit-unavailable", "inherit.from")
    assert problem.params["parent"] == "nowhere-2020"
    assert "shandong-2022" in str(problem.params["available"])


def test_child_problems_name_the_child_file(tmp_path: Path) -> None:
    child = write(tmp_path / "c", CHILD_2023.replace("limit = 2", 'limit = "two"'))
    host = host_with({"shandong-2023": child})
    with pytest.raises(EditionDataError) as info:
        host.edition("shandong-2023")
    assert [(p.file, p.path, p.code) for p in info.value.problems] == [
        # The child's first quota (the merged data's third).
        ("edition.toml", "quotas[0].limit", "edition.schema.type")
    ]


def test_merge_rules() -> None:
    parent = {"t": {"a": 1, "b": 2}, "quotas": [{"id": "x", "limit": 1}], "tags": [1, 2]}
    child = {
        "t": {"b": 3},
        "quotas": [{"id": "y", "limit": 2}, {"id": "x", "limit": 5}],
        "tags": [9],
    }
    assert merge(parent, child) == {
        "t": {"a": 1, "b": 3},
        "quotas": [{"id": "x", "limit": 5}, {"id": "y", "limit": 2}],
        "tags": [9],
    }
    assert parent["quotas"] == [{"id": "x", "limit": 1}]  # the parent is not modified


def _problems(host: Host, edition_id: str) -> list[tuple[str, str, str]]:
    with pytest.raises(EditionDataError) as info:
        host.edition(edition_id)
    return [(p.file, p.path, p.code) for p in info.value.problems]


_EXTRA_QUOTA = """
[[quotas]]
id = "extra"
unit_kinds = ["{kind}"]
limit = 1
forms = ["recommendation"]
soft = true
notice_text = "x"
clause = "二.2"
"""


def test_a_fault_is_placed_in_the_file_and_at_the_index_of_the_edition_that_holds_it(
    tmp_path: Path,
) -> None:
    """Removing the parent's first quota shifts its others; the child's new
    quota comes after them: neither is where the merged data has it."""
    head = (
        'id = "child-2023"\nyear = 2023\n\n[inherit]\nfrom = "shandong-2022"\n'
        'remove = { unit_kinds = ["department"], quotas = ["provincial-society"] }\n'
    )
    child = write(tmp_path / "c", head + _EXTRA_QUOTA.format(kind="nope"))
    assert _problems(host_with({"child-2023": child}), "child-2023") == [
        # The parent's recommender quota (merged: quotas[2]) names the removed kind.
        ("edition.toml (shandong-2022)", "quotas[3].unit_kinds[0]", "edition.unknown-unit-kind"),
        # The child's one quota (merged: quotas[3]).
        ("edition.toml", "quotas[0].unit_kinds[0]", "edition.unknown-unit-kind"),
    ]


def test_a_field_the_child_adds_to_a_parents_form_is_at_the_childs_index(
    tmp_path: Path,
) -> None:
    body = """
[[forms]]
id = "recommendation"

  [[forms.fields]]
  id = "recommended_unit"
  pattern = "^[0-9]+$"

  [[forms.fields]]
  id = "staff"
  type = "text"
  label.zh = "人数"
  filled_by = "recommender"
  required = false
  pattern = "(unclosed"
  clause = "附件2"
"""
    head = 'id = "child-2023"\nyear = 2023\n\n[inherit]\nfrom = "shandong-2022"\n'
    child = write(tmp_path / "c", head + body)
    # Merged, the form is forms[1] and the field the form's last.
    assert _problems(host_with({"child-2023": child}), "child-2023") == [
        ("edition.toml", "forms[0].fields[1].pattern", "edition.bad-pattern")
    ]


def test_a_fault_in_the_middle_editions_data_is_placed_in_its_file(tmp_path: Path) -> None:
    middle = write(tmp_path / "m", CHILD_2023 + _EXTRA_QUOTA.format(kind="department"))
    grandchild = write(
        tmp_path / "g",
        'id = "shandong-2024"\nyear = 2024\n\n[inherit]\nfrom = "shandong-2023"\n'
        'remove = { unit_kinds = ["department"], quotas = ["provincial-society"] }\n',
    )
    host = host_with({"shandong-2023": middle, "shandong-2024": grandchild})
    assert _problems(host, "shandong-2024") == [
        ("edition.toml (shandong-2022)", "quotas[3].unit_kinds[0]", "edition.unknown-unit-kind"),
        # shandong-2023 writes city-association, then extra.
        ("edition.toml (shandong-2023)", "quotas[1].unit_kinds[0]", "edition.unknown-unit-kind"),
    ]


_HEAD_2023 = 'id = "child-2023"\nyear = 2023\n\n[inherit]\nfrom = "shandong-2022"\n'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Two changes to one of the parent's quotas: the second was folded
        # into the first, silently.
        (
            '[[quotas]]\nid = "city-association"\nlimit = 2\n\n'
            '[[quotas]]\nid = "city-association"\nlimit = 5\n',
            [("edition.toml", "quotas[1].id", "city-association", "quotas[0].id")],
        ),
        # Two new reform items numbered alike.
        (
            "".join(
                f'[[reform_items]]\nnumber = 18\ntitle.zh = "新{n}"\ndescription = ["x"]\n'
                'clause = "一"\n\n'
                for n in (1, 2)
            ),
            [("edition.toml", "reform_items[1].number", 18, "reform_items[0].number")],
        ),
        # Within a form merged into the parent's: its fields.
        (
            '[[forms]]\nid = "application"\n\n'
            '  [[forms.fields]]\n  id = "project_name"\n  help.zh = "一"\n\n'
            '  [[forms.fields]]\n  id = "project_name"\n  help.zh = "二"\n',
            [("edition.toml", "forms[0].fields[1].id", "project_name", "forms[0].fields[0].id")],
        ),
    ],
    ids=["quota", "reform-item", "field"],
)
def test_an_id_written_twice_in_a_child_is_a_duplicate_not_a_merge(
    tmp_path: Path, body: str, expected: list[tuple[str, str, object, str]]
) -> None:
    child = write(tmp_path / "c", _HEAD_2023 + "\n" + body)
    with pytest.raises(EditionDataError) as info:
        host_with({"child-2023": child}).edition("child-2023")
    assert [
        (p.file, p.path, p.params["id"], p.params["other"]) for p in info.value.problems
    ] == expected
    assert {p.code for p in info.value.problems} == {"edition.duplicate-id"}


def test_a_choice_written_twice_in_a_child_is_left_to_lint(tmp_path: Path) -> None:
    """A repeated choice is lint.choice-duplicate in any edition, not a load error."""
    body = (
        '\n[[forms]]\nid = "application"\n\n  [[forms.fields]]\n  id = "extra_kind"\n'
        '  type = "choice"\n  label.zh = "类别"\n  filled_by = "applicant"\n'
        '  required = false\n  clause = "附件1"\n'
        '  choices = [{ value = "a", label.zh = "甲" }, { value = "a", label.zh = "乙" }]\n'
    )
    child = write(tmp_path / "c", _HEAD_2023 + body)
    host = host_with({"child-2023": child})
    host.edition("child-2023")
    assert "lint.choice-duplicate" in lint_edition("child-2023", host=host).codes()


def test_a_fault_in_the_middle_editions_inherit_table_is_placed_in_its_file(
    tmp_path: Path,
) -> None:
    middle = write(
        tmp_path / "m",
        'id = "shandong-2023"\nyear = 2023\n\n[inherit]\nfrom = "shandong-2022"\n'
        "remove = { reform_items = [99] }\n",
    )
    grandchild = write(tmp_path / "g", 'id = "shandong-2024"\n[inherit]\nfrom = "shandong-2023"\n')
    host = host_with({"shandong-2023": middle, "shandong-2024": grandchild})
    assert _problems(host, "shandong-2024") == [
        (
            "edition.toml (shandong-2023)",
            "inherit.remove.reform_items",
            "edition.inherit-remove-unknown",
        )
    ]
    assert _problems(host, "shandong-2023") == [
        ("edition.toml", "inherit.remove.reform_items", "edition.inherit-remove-unknown")
    ]


def test_a_cycle_is_told_at_the_inherit_from_of_the_edition_in_it_or_of_its_parent(
    tmp_path: Path,
) -> None:
    a = write(tmp_path / "a", 'id = "a"\n[inherit]\nfrom = "b"\n')
    b = write(tmp_path / "b", 'id = "b"\n[inherit]\nfrom = "a"\n')
    c = write(tmp_path / "c", 'id = "c"\n[inherit]\nfrom = "a"\n')
    s = write(tmp_path / "s", 'id = "s"\n[inherit]\nfrom = "s"\n')
    host = host_with({"a": a, "b": b, "c": c, "s": s})
    cycle = "edition.inherit-cycle"
    assert _problems(host, "a") == [("edition.toml", "inherit.from", cycle)]
    assert _problems(host, "s") == [("edition.toml", "inherit.from", cycle)]
    # c is out of the cycle: its parent's from leads round it.
    assert _problems(host, "c") == [("edition.toml (a)", "inherit.from", cycle)]
    assert main(["lint", str(a), "--json"]) == 1
