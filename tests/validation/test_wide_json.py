"""JSON with a Chinese (full-width) character where JSON takes an ASCII one
(an input method's “ ” for ", ， for , and ： for :) names the character
and the one to type, in a body, a submission file and a data file for
render, as TOML does; the finding's value keeps the parser's own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand import Validator
from reform_brand.catalogue import CATALOGUE
from reform_brand.cli import main
from reform_brand.engine import validate_body
from reform_brand.findings import finding_to_json
from reform_brand.submission import parse_envelope_bytes

CASES = [
    ('{"version": 1，"id": "s1"}', "，", ",", "Expecting ',' delimiter", (1, 14)),
    ('{"version": 1, "id": “s1”}', "“", '"', "Expecting value", (1, 22)),
    ('{"version"： 1}', "：", ":", "Expecting ':' delimiter", (1, 11)),
    ('{\n  “version": 1}', "“", '"', "Expecting property name enclosed in double quotes", (2, 3)),
]


@pytest.mark.parametrize(("text", "wide", "ascii_ch", "own", "place"), CASES)
def test_a_body_names_the_chinese_character_where_json_takes_an_ascii_one(
    validator: Validator, text: str, wide: str, ascii_ch: str, own: str, place: tuple[int, int]
) -> None:
    [found] = validate_body(validator, text).findings
    assert found.code == "envelope.not-json"
    assert (found.params["line"], found.params["column"]) == place
    zh, en = found.message("zh"), found.message("en")
    assert f"字符「{wide}」" in zh and f"「{ascii_ch}」" in zh
    assert f"'{wide}' is a Chinese (full-width) character: JSON takes the ASCII '{ascii_ch}'" in en
    assert finding_to_json(found, CATALOGUE)["params"]["detail"] == own


@pytest.mark.parametrize(("text", "wide", "ascii_ch", "own", "place"), CASES)
def test_a_submission_file_names_it_too(
    text: str, wide: str, ascii_ch: str, own: str, place: tuple[int, int]
) -> None:
    _value, [(code, params)] = parse_envelope_bytes(text.encode())
    assert code == "file.not-json"
    assert (params["line"], params["column"]) == place
    detail = params["detail"]
    assert getattr(detail, "value", None) == own
    assert f"字符「{wide}」" in str(getattr(detail, "zh", ""))


def test_a_data_file_for_render_names_it_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.json"
    data.write_text('{"project_name": “海洋科普”}', encoding="utf-8")
    args = ["render", "shandong-2022", "application", "--data", str(data)]
    assert main([*args, "-o", str(tmp_path / "x.docx")]) == 2
    assert '字符「“」，JSON 只认英文（半角）的「"」' in capsys.readouterr().err
    assert main(["--lang", "en", *args, "-o", str(tmp_path / "y.docx")]) == 2
    assert "'“' is a Chinese (full-width) character" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "y.docx").exists()


def test_an_ascii_mistake_keeps_the_parser_s_reason(validator: Validator) -> None:
    [found] = validate_body(validator, '{"version": 1,}').findings
    assert found.code == "envelope.not-json"
    assert "全角" not in found.message("zh") and "full-width" not in found.message("en")
