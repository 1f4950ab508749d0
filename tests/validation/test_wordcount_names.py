"""字 counting and unit names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reform_brand.names import RosterIndex, normalise
from reform_brand.wordcount import count, count_characters, count_non_whitespace, count_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("   \n\t", 0),
        ("改革品牌", 4),
        ("改革，品牌。", 6),
        ("“三长”", 4),
        ("Word 2022", 2),
        ("e-mail", 1),
        ("0531-82073271", 1),
        ("使用Word统计", 5),
        ("ＡＢＣ", 3),
        ("改革\u3000品牌", 4),
        ("v2.0 版本", 3),
        ("……", 2),
    ],
)
def test_word_compatible_count(text: str, expected: int) -> None:
    assert count_words(text) == expected
    assert count(text, "word-compatible") == expected


def test_other_modes() -> None:
    assert count_characters("改革 品牌\n") == 5
    assert count_non_whitespace("改革 品牌\n") == 4
    assert count("a b", "characters") == 3
    assert count("a b", "non-whitespace") == 2
    with pytest.raises(ValueError, match="unknown count mode"):
        count("x", "lines")  # type: ignore[arg-type]


@given(st.text())
def test_counts_never_raise_and_are_bounded(text: str) -> None:
    n = count_words(text)
    assert 0 <= n <= count_non_whitespace(text) <= len(text)


@pytest.mark.parametrize(
    "spelling", ["济南市科协", "济南市 科协", " 济南市科协 ", "济南市\u3000科协", "济南市科协\n"]
)
def test_normalise_folds_spellings(spelling: str) -> None:
    assert normalise(spelling) == normalise("济南市科协")


def test_normalise_full_width_letters() -> None:
    assert normalise("ＡＢＣ科协") == normalise("abc科协")


def test_roster_index(edition: object) -> None:
    from reform_brand import Edition

    assert isinstance(edition, Edition)
    idx = RosterIndex.build(edition)
    assert idx.canonical("青岛市科学技术协会") == "青岛市科协"
    assert idx.canonical("青岛 科协") == "青岛市科协"
    assert idx.canonical("北京市科协") is None
    assert idx.suggest("青岛市科协会", "city-association") == "青岛市科协"
    assert idx.kinds == {"city-association"}
