"""Which reform item is this project?  The edition's reform items ranked for a
project's text, with the words that matched (see docs/suggestions.md).

    >>> from reform_brand import Host
    >>> from reform_brand.suggest import suggest_items
    >>> host = Host.create()
    >>> edition = host.edition(host.editions.ids()[0])  # an installed edition
    >>> best = suggest_items(edition, "为社区老年人开设银龄科普课堂", top=3)[0]
    >>> best.item, best.terms  # the item's number, the words that matched  # doctest: +SKIP

Layer 4 (beside the default rules): it reads a submission's form data, never a
file.  jieba and rank_bm25 are imported when an edition's ranking model is
built, never on import, and not at all when the model is read back from the
cache (see :mod:`reform_brand.suggest._store`).
"""

from __future__ import annotations

from reform_brand.suggest._api import (
    MIN_SUGGEST,
    MIN_SUGGEST_ONE_WORD,
    confident,
    rank_text,
    suggest_for_data,
    suggest_items,
)
from reform_brand.suggest._baseline import bigram_rank
from reform_brand.suggest._rank import Ranker, Ranking, Suggestion, ranker_for
from reform_brand.suggest._text import (
    MAX_RANKED_CHARS,
    form_text,
    lead_part,
    submission_text,
    text_fields,
)

__all__ = [
    "MAX_RANKED_CHARS",
    "MIN_SUGGEST",
    "MIN_SUGGEST_ONE_WORD",
    "Ranker",
    "Ranking",
    "Suggestion",
    "bigram_rank",
    "confident",
    "form_text",
    "lead_part",
    "rank_text",
    "ranker_for",
    "submission_text",
    "suggest_for_data",
    "suggest_items",
    "text_fields",
]
