"""A date that does not exist is named as such, not as a missing newline."""

from __future__ import annotations

import tomllib

import pytest

from reform_brand.codes.parsers import toml_reason


def _reason(text: str) -> tuple[str, str, str]:
    with pytest.raises(tomllib.TOMLDecodeError) as info:
        tomllib.loads(text)
    reason = toml_reason(info.value, text)
    return reason.zh, reason.en, str(reason.value)


@pytest.mark.parametrize(
    "text",
    [
        "year = 2023\nissued = 2023-13-01\n",
        "[deadline]\nat = 2023-07-16T25:00:00+08:00\n",
    ],
)
def test_an_impossible_date_is_named(text: str) -> None:
    zh, en, value = _reason(text)
    assert "日期或时间不存在" in zh and "换行" not in zh
    assert "the date or time does not exist" in en
    # The JSON value stays tomllib's own text.
    assert value.startswith("Expected newline")


def test_other_errors_are_unchanged() -> None:
    zh, en, _ = _reason("a = 1 b = 2\n")
    assert "一条语句之后应换行" in zh and "date" not in en
    # Without the text nothing is guessed.
    with pytest.raises(tomllib.TOMLDecodeError) as info:
        tomllib.loads("issued = 2023-13-01\n")
    assert "换行" in toml_reason(info.value).zh
