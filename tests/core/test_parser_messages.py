"""What tomllib and re say of an edition's data, and JSON type names, are
given in the message's language: Chinese in a Chinese message (the line and
column kept), Python's own text in English and in the JSON output."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import TypedDict

import pytest

from reform_brand.catalogue import Localized
from reform_brand.cli import main
from reform_brand.codes.parsers import pattern_reason, toml_reason, type_names
from reform_brand.errors import EditionDataError
from reform_brand.i18n import render
from reform_brand.loader import load_edition
from reform_brand.model import Edition
from reform_brand.render import RenderDataError, render_form
from tests.conftest import REFERENCE_DATA

#: An ASCII word (what may not be left in a Chinese text).
_WORD = re.compile(r"[A-Za-z]{2,}")


def _english_words(text: str) -> list[str]:
    """The English words of ``text``, but for names quoted from the data."""
    text = re.sub(r"'[^']*'", "", text)
    return [w for w in _WORD.findall(text) if w not in ("TOML",)]


@pytest.fixture
def edition_dir(tmp_path: Path) -> Path:
    target = tmp_path / "edition"
    shutil.copytree(REFERENCE_DATA, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class _LintFinding(TypedDict):
    """A finding of ``reform-brand lint --json``: the members read here."""

    code: str
    file: str
    pointer: str
    params: dict[str, str]
    message: dict[str, str]


class _LintReport(TypedDict):
    findings: list[_LintFinding]


def _lint_json(directory: Path, capsys: pytest.CaptureFixture[str]) -> _LintReport:
    assert main(["lint", str(directory), "--json"]) == 1
    data: _LintReport = json.loads(capsys.readouterr().out)
    return data


def test_a_toml_syntax_error_is_told_in_chinese_with_its_line_and_column(
    edition_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(edition_dir / "edition.toml", "year = 2022\n", "year = 2024 =\n")
    data = _lint_json(edition_dir, capsys)
    [found] = data["findings"]
    assert (found["code"], found["file"], found["pointer"]) == (
        "edition.syntax",
        "edition.toml",
        "",
    )
    # The JSON keeps tomllib's own words, the English message too.
    own = found["params"]["detail"]
    assert own.startswith("Expected newline or end of document") and "line 7, column 13" in own
    assert own in found["message"]["en"]
    zh = found["message"]["zh"]
    assert "第 7 行第 13 列" in zh
    assert _english_words(zh) == [], zh


@pytest.mark.parametrize(
    ("old", "new", "wide", "ascii_ch", "place"),
    [
        ('id = "shandong-2022"', "id = “shandong-2022”", "“", '"', (6, 6)),
        ('id = "shandong-2022"', "id = 「shandong-2022」", "「", '"', (6, 6)),
        ("year = 2022", "year ＝ 2022", "＝", "=", (7, 6)),
        ("year = 2022", "year = ２０２２", "２", "2", (7, 8)),
    ],
)
def test_a_chinese_character_typed_for_toml_s_ascii_one_is_named(
    edition_dir: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    wide: str,
    ascii_ch: str,
    place: tuple[int, int],
) -> None:
    """A Chinese input method's quotation marks or full-width forms: not
    "invalid value (text must be quoted)" of a text that is quoted."""
    _edit(edition_dir / "edition.toml", old, new)
    [found] = _lint_json(edition_dir, capsys)["findings"]
    assert (found["code"], found["file"]) == ("edition.syntax", "edition.toml")
    line, col = place
    assert f"line {line}, column {col}" in found["params"]["detail"]
    zh, en = found["message"]["zh"], found["message"]["en"]
    assert (
        f"第 {line} 行第 {col} 列" in zh
        and f"字符「{wide}」，" in zh
        and zh.endswith(f"「{ascii_ch}」")
    )
    assert "引号）" not in zh and _english_words(zh) == [], zh
    assert en.endswith(
        f"'{wide}' is a Chinese (full-width) character: TOML takes the ASCII '{ascii_ch}'"
    )


@pytest.mark.parametrize(
    "text",
    [
        "a = 1 =",
        "a",
        "[a",
        "[[a]",
        'a = "x',
        "a = '''x",
        "a = [1,",
        "a = {b = 1",
        'a = "\\q"',
        "a = bad",
        "中文 = 1",
        "[a]\n[a]",
        "a = {b = 1, b = 2}",
        "a = 1\na = 2",
        "a = 2022-02-30",
        'a = "\\uD800"',
        'a = "x\x01"',
        "a.b = 1\na = 2",
    ],
)
def test_every_usual_toml_error_has_its_chinese(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as info:
        tomllib.loads(text)
    reason = toml_reason(info.value)
    assert reason.value == reason.en == str(info.value)
    assert _english_words(reason.zh) == [], reason.zh
    at = re.search(r"line (\d+), column (\d+)", str(info.value))
    if at:
        assert f"第 {at[1]} 行第 {at[2]} 列" in reason.zh
    else:
        assert "文件末尾" in reason.zh


def test_an_unknown_toml_message_is_kept_after_its_place() -> None:
    reason = toml_reason("Something new (at line 2, column 5)")
    assert reason.zh == "第 2 行第 5 列，Something new"
    assert reason.value == "Something new (at line 2, column 5)"


@pytest.mark.parametrize(
    "pattern",
    [
        "^1[0-9{10}$",
        "^(a$",
        "^a)$",
        "^*a$",
        "^\\q$",
        "^[z-a]$",
        "^(?<x)$",
        "^(?P<1>a)$",
        "^(?<=a+)b$",
        "^a**$",
        "^a{3,1}$",
        "^(?P=zz)$",
        "^\\1(a)$",
        "a\\",
        "^(?P<a$",
        "^a{99999999999}$",
    ],
)
def test_a_pattern_that_does_not_compile_is_told_in_chinese(
    edition_dir: Path, pattern: str, capsys: pytest.CaptureFixture[str]
) -> None:
    literal = pattern.replace("\\", "\\\\")
    _edit(edition_dir / "forms.toml", 'pattern = "^1[0-9]{10}$"', f'pattern = "{literal}"')
    data = _lint_json(edition_dir, capsys)
    [found] = data["findings"]
    assert (found["code"], found["file"], found["pointer"]) == (
        "edition.bad-pattern",
        "forms.toml",
        "/forms/0/fields/3/fields/3/pattern",
    )
    try:
        re.compile(pattern)
    except (re.error, OverflowError) as exc:
        own = str(exc)
    assert found["params"]["detail"] == own
    assert own in found["message"]["en"]
    assert _english_words(found["message"]["zh"]) == [], found["message"]["zh"]


def test_a_pattern_reason_counts_the_place_from_one() -> None:
    with pytest.raises(re.error) as info:
        re.compile("ab(c")
    assert pattern_reason(info.value).zh == "缺少右括号 )，分组没有结束（在第 3 个字符处）"


def test_a_wrong_type_is_named_in_chinese(edition_dir: Path) -> None:
    _edit(edition_dir / "edition.toml", "limit = 3", 'limit = "3"')
    with pytest.raises(EditionDataError) as info:
        load_edition(edition_dir)
    [problem] = info.value.problems
    assert (problem.file, problem.path, problem.code) == (
        "edition.toml",
        "quotas[2].limit",
        "edition.schema.type",
    )
    assert problem.params["expected"] == Localized(zh="整数", en="integer", value="integer")
    assert problem.params["actual"] == Localized(zh="字符串", en="string", value="string")
    zh = render(problem.code, problem.params, "zh")
    assert _english_words(zh) == [], zh
    assert "expected integer, got string" in problem.message("en")


def test_an_inherit_table_of_the_wrong_type_is_named_in_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "child"
    folder.mkdir()
    (folder / "edition.toml").write_text(
        'id = "child-2022"\ninherit = "shandong-2022"\n', encoding="utf-8"
    )
    with pytest.raises(EditionDataError) as info:
        load_edition(folder, resolve_parent=lambda _id: ({}, {}))
    [problem] = info.value.problems
    assert (problem.path, problem.code) == ("inherit", "edition.schema.type")
    assert "应为表，实际为字符串" in problem.message("zh")
    assert "expected table, got string" in problem.message("en")


def test_json_type_names() -> None:
    assert type_names(["string", "integer"]).zh == "字符串/整数"
    assert type_names("array").to_json() == "array"
    assert type_names("thing").zh == "thing"


def test_form_data_of_the_wrong_type_is_named_in_chinese(edition: Edition) -> None:
    with pytest.raises(RenderDataError) as info:
        render_form(edition, "application", {"project_name": [1], "date": {}}, fmt="md")
    codes = {(p.path, p.code) for p in info.value.problems}
    assert codes == {
        ("/project_name", "render.bad-value"),
        ("/date", "render.bad-value"),
    }
    for p in info.value.problems:
        zh = render(p.code, p.params, "zh")
        assert _english_words(zh) == [], zh
    actual = {p.path: p.params["actual"] for p in info.value.problems}
    assert actual["/project_name"] == type_names("array")
    assert actual["/date"] == type_names("object")


@pytest.mark.parametrize(
    ("old", "new", "path", "zh"),
    [
        ("year = 2022", "year = 1900", "year", "取值 1900 应不小于 1949"),
        (
            'document_number = "鲁科协办发〔2022〕10号"',
            'document_number = ""',
            "issuer.document_number",
            "不能为空",
        ),
        (
            'verify = ["seal", "signature", "form"]',
            'verify = ["seal", "seal"]',
            None,
            "各项不得重复",
        ),
    ],
)
def test_other_schema_errors_of_an_edition_are_told_in_chinese(
    edition_dir: Path, old: str, new: str, path: str | None, zh: str
) -> None:
    _edit(edition_dir / "edition.toml", old, new)
    with pytest.raises(EditionDataError) as info:
        load_edition(edition_dir)
    [problem] = [p for p in info.value.problems if p.code == "edition.schema.other"]
    assert problem.file == "edition.toml"
    if path is not None:
        assert problem.path == path
    detail = problem.params["detail"]
    assert isinstance(detail, Localized)
    assert detail.zh == zh
    message = render(problem.code, problem.params, "zh")
    assert _english_words(message) == [], message
    # English (and the value a finding carries) keep jsonschema's own words.
    assert detail.en == detail.value
    assert detail.en in problem.message("en")
