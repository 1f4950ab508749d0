"""A trivial baseline to measure the ranker against: character bigrams.

Each item's title and description become a set of character bigrams; an item
scores the number of distinct bigrams of the project's text that it shares.
No segmentation, no weighting, no keywords.  Used by the evaluation in the
tests and by benchmarks/bench_suggest.py, never by the checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from reform_brand.model import ReformItem

__all__ = ["bigram_rank", "bigrams"]


def bigrams(text: str) -> set[str]:
    """The distinct bigrams of the runs of letters and CJK characters of ``text``."""
    chars = "".join(c if c.isalnum() else " " for c in text)
    return {a + b for word in chars.split() for a, b in pairwise(word)}


def bigram_rank(items: Sequence[ReformItem], text: str) -> list[int]:
    """Item numbers, best first (ties by item number)."""
    query = bigrams(text)
    scored = [
        (-len(query & bigrams("\n".join([it.title.zh, *it.description]))), it.number)
        for it in items
    ]
    return [number for _, number in sorted(scored)]
