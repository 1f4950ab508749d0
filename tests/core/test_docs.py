"""Documentation stays in step with the code."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import attrs
import pytest

from reform_brand import Edition, hookspecs, model
from reform_brand._schemas import load_schema
from tests.conftest import REPO

DOCS = REPO / "docs"


def hook_names() -> list[str]:
    return [
        name
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("reform_brand_")
    ]


def test_every_hook_is_documented_and_tested() -> None:
    hooks_md = (DOCS / "hooks.md").read_text(encoding="utf-8")
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("test_*.py"))
    assert hook_names(), "no hooks found"
    for name in hook_names():
        assert re.search(rf"^## {name}$", hooks_md, re.MULTILINE), (
            f"{name} missing from docs/hooks.md"
        )
        assert f"def test_{name}" in tests, f"{name} has no test named test_{name}"
        assert inspect.getdoc(getattr(hookspecs, name)), f"{name} has no docstring"


def test_every_name_of_the_plugin_module_is_documented() -> None:
    """A maintainer writes a plugin from docs/hooks.md alone: every name
    reform_brand.plugin exports has its own section there."""
    import reform_brand.plugin

    hooks_md = (DOCS / "hooks.md").read_text(encoding="utf-8")
    for name in reform_brand.plugin.__all__:
        assert re.search(rf"^### `{re.escape(name)}`$", hooks_md, re.MULTILINE), (
            f"reform_brand.plugin.{name} missing from docs/hooks.md"
        )


def test_every_reading_of_the_reference_edition_is_documented(edition: Edition) -> None:
    page = (DOCS / "editions" / "shandong-2022.md").read_text(encoding="utf-8")
    for reading in edition.readings:
        assert f"### `{reading.id}`" in page, reading.id


def test_every_loader_problem_code_is_documented() -> None:
    from reform_brand.i18n import MESSAGES

    page = (DOCS / "edition-format.md").read_text(encoding="utf-8")
    for code in MESSAGES:
        if code.startswith("edition.") and code not in ("edition.unknown", "edition.invalid"):
            assert f"`{code}`" in page, code


def _schema_keys(node: dict[str, object]) -> set[str]:
    props = node.get("properties", {})
    assert isinstance(props, dict)
    return set(props)


def test_edition_schema_and_model_agree() -> None:
    """Every attrs field is in the published schema and vice versa."""
    schema = load_schema("edition")
    defs = schema["$defs"]
    pairs = [
        (model.Edition, schema, {"source"}),
        (model.Issuer, schema["properties"]["issuer"], set()),
        (model.Deadline, schema["properties"]["deadline"], set()),
        (model.Delivery, schema["properties"]["delivery"], set()),
        (model.UnitKind, schema["properties"]["unit_kinds"]["items"], set()),
        (model.Quota, schema["properties"]["quotas"]["items"], set()),
        (model.ReformItem, schema["properties"]["reform_items"]["items"], set()),
        (model.Form, schema["properties"]["forms"]["items"], set()),
        (model.ExtraMaterial, schema["properties"]["extra_materials"]["items"], set()),
        (model.RosterUnit, schema["properties"]["roster"]["items"], set()),
        (model.Reading, schema["properties"]["readings"]["items"], set()),
        (model.FormField, defs["field"], set()),
        (model.Block, defs["block"], set()),
        (model.Text, defs["text"], set()),
    ]
    for cls, node, not_data in pairs:
        fields = {f.name for f in attrs.fields(cls)} - not_data
        assert fields == _schema_keys(node), cls.__name__


def test_docs_pages_exist() -> None:
    for page in ("index.md", "concepts.md", "cli.md", "hooks.md", "edition-format.md"):
        assert (DOCS / page).stat().st_size > 500, page
    assert isinstance(Path, type)


def test_the_chinese_findings_reference_is_up_to_date_and_in_step() -> None:
    """docs/findings.zh.md is generated like docs/findings.md, and both list
    the same codes with the same two messages."""
    from reform_brand.catalogue import findings_markdown

    zh = (DOCS / "findings.zh.md").read_text(encoding="utf-8")
    assert zh == findings_markdown(lang="zh"), (
        "docs/findings.zh.md is out of date: run "
        "python -m reform_brand.catalogue --lang zh > docs/findings.zh.md"
    )
    en = (DOCS / "findings.md").read_text(encoding="utf-8")
    rows = re.compile(r"^\| `[a-z0-9.-]+` \|.*$", re.MULTILINE)
    assert rows.findall(zh) == rows.findall(en)
    assert len(rows.findall(zh)) > 50


def test_the_findings_reference_command_picks_the_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reform_brand.catalogue import findings_markdown, main

    assert main(["--lang", "zh"]) == 0
    assert capsys.readouterr().out == findings_markdown(lang="zh")
    assert main([]) == 0
    assert capsys.readouterr().out == findings_markdown()


def _command_options() -> set[str]:
    """Every long option of every ``reform-brand`` command."""
    import argparse

    from reform_brand.cli import build_parser

    found: set[str] = set()

    def walk(parser: argparse.ArgumentParser) -> None:
        for action in parser._actions:
            found.update(o for o in action.option_strings if o.startswith("--"))
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)

    walk(build_parser("en"))
    return found


def _named(text: str, codes: set[str], options: set[str]) -> set[str]:
    """The finding codes, command options and environment variables a page names."""
    words = set(re.findall(r"[a-z][a-z0-9-]*\.[a-z][a-z0-9.-]*", text)) & codes
    words |= set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]+", text)) & options
    return words | set(re.findall(r"\bREFORM_BRAND_[A-Z_]+\b", text))


def test_a_chinese_page_names_every_code_option_and_variable_of_its_english_twin() -> None:
    """Chinese first: a Chinese page never says less than its English twin
    about what a reader types or reads in a report (finding codes, command
    options, environment variables), so an English page that gains one
    fails here until its Chinese twin says it too."""
    from reform_brand.catalogue import CATALOGUE

    codes, options = set(CATALOGUE), _command_options()
    missing = {}
    pairs = 0
    for en in sorted(DOCS.rglob("*.md")):
        zh = en.with_name(en.name.removesuffix(".md") + ".zh.md")
        if en.name.endswith(".zh.md") or not zh.exists():
            continue
        pairs += 1
        said = _named(zh.read_text(encoding="utf-8"), codes, options)
        lacking = _named(en.read_text(encoding="utf-8"), codes, options) - said
        if lacking:
            missing[str(en.relative_to(DOCS))] = sorted(lacking)
    assert pairs > 20
    assert not missing, missing
