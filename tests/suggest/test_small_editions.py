"""Editions with few reform items, items without descriptions, and the
keywords a third-party edition gives its items."""

from __future__ import annotations

import attrs
import pytest

from reform_brand import Edition
from reform_brand.suggest import suggest_items


def _with_items(edition: Edition, numbers: tuple[int, ...]) -> Edition:
    items = tuple(it for it in edition.reform_items if it.number in numbers)
    return attrs.evolve(edition, reform_items=items)


@pytest.mark.parametrize("numbers", [(13,), (1, 13)])
def test_an_edition_with_one_or_two_items_never_scores_below_zero(
    edition: Edition, numbers: tuple[int, ...]
) -> None:
    # BM25's IDF is negative for a word of every item (one item) and 0 for a
    # word of one item in two: the item the text is about must still come
    # first, with the words it matched.
    small = _with_items(edition, numbers)
    ranked = suggest_items(small, "组建海洋科普联盟，开展海洋知识竞赛")
    assert ranked[0].item == 13
    assert ranked[0].raw > 0 and "海洋" in ranked[0].terms
    assert all(s.raw >= 0 and 0 <= s.score <= 1 for s in ranked)


def test_items_without_descriptions_are_ranked_on_titles_and_keywords(
    edition: Edition,
) -> None:
    bare = tuple(attrs.evolve(it, description=()) for it in edition.reform_items)
    ranked = suggest_items(attrs.evolve(edition, reform_items=bare), "组建海洋科普联盟", top=1)
    assert ranked[0].item == 13 and ranked[0].raw > 0
