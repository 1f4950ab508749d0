"""``similarity`` against its definition: difflib's ratio of the needle and
every stretch of the text of one character fewer, as many, or one more."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand.scan._compare import similarity


def defined(needle: str, haystack: str) -> tuple[float, str]:
    """The best stretch, each one's bounds and ratio asked of difflib."""
    n = len(needle)
    if not n or not haystack:
        return 0.0, ""
    if needle in haystack:
        return 1.0, needle
    best, where = 0.0, ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for size in {max(1, n - 1), n, n + 1}:
        for start in range(max(1, len(haystack) - size + 1)):
            window = haystack[start : start + size]
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, where = ratio, window
    return best, where


#: Few letters, so that stretches share many of them (the bounds pass).
TEXT = st.text(alphabet="济南市科协青岛改革品牌项目ab1", max_size=60)


@settings(max_examples=600, deadline=None)
@given(TEXT, TEXT)
def test_similarity_is_its_definition(needle: str, haystack: str) -> None:
    assert similarity(needle, haystack) == defined(needle, haystack)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12), st.text(max_size=200))
def test_similarity_on_any_text(needle: str, haystack: str) -> None:
    assert similarity(needle, haystack) == defined(needle, haystack)


def test_similarity_of_a_form_line() -> None:
    line = "2022年度山东省科协改革品牌项目申报表申报单位济南市科协项目名称三长进驻两中心"
    assert similarity("青岛市科协", line) == defined("青岛市科协", line)
    assert similarity("三长进驻两中", line) == (1.0, "三长进驻两中")
    score, found = similarity("2022年度山东省科协改革品牌项目推荐表", line)
    assert (score, found) == defined("2022年度山东省科协改革品牌项目推荐表", line)
    assert found.endswith("申报表") and score == 0.9
