"""The public functions: suggestions for a submission, form data or a text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from reform_brand.model import Edition, checked_edition
from reform_brand.submission import Submission
from reform_brand.suggest._rank import Ranking, Suggestion, ranker_for
from reform_brand.suggest._text import form_text, submission_text

__all__ = [
    "MIN_SUGGEST",
    "MIN_SUGGEST_ONE_WORD",
    "confident",
    "rank_text",
    "suggest_for_data",
    "suggest_items",
]


def suggest_items(
    edition: Edition,
    submission_or_text: Submission | Mapping[str, Any] | str,
    *,
    top: int | None = None,
) -> list[Suggestion]:
    """The edition's reform items ranked for a submission (its form data's
    describing fields, see :func:`reform_brand.suggest.submission_text`),
    a submission envelope as a dict (its ``form`` and ``data``) or a plain
    text, best first; the first ``top`` only when given.  Anything else is
    a ``TypeError`` that names what was given.

    ``top`` is a whole number (below 1: none) or None, else a
    ``TypeError``.  An empty text (or an edition without reform items)
    gives ``[]``; the first call loads jieba's dictionary (well under a
    second; see docs/suggestions.md), later calls reuse it.

        >>> from reform_brand import Host
        >>> host = Host.create()
        >>> edition = host.edition(host.editions.ids()[0])  # an installed edition
        >>> len(suggest_items(edition, "组建海洋科普联盟，开展海洋知识竞赛", top=1))
        1
    """
    _check_top(top)
    checked_edition(edition)
    if isinstance(submission_or_text, Submission):
        text = submission_text(edition, submission_or_text)
    elif isinstance(submission_or_text, Mapping):
        form = submission_or_text.get("form")
        data = submission_or_text.get("data")
        text = form_text(edition, form, data) if isinstance(form, str) else ""
    elif isinstance(submission_or_text, str):
        text = submission_or_text
    else:
        kind = type(submission_or_text).__name__
        raise TypeError(
            f"suggest_items() takes a Submission, an envelope dict or a str, not {kind}"
        )
    ranking = rank_text(edition, text)
    if ranking is None:
        return []
    return list(ranking) if top is None else ranking[: max(top, 0)]


def _check_top(top: object) -> None:
    if top is not None and (isinstance(top, bool) or not isinstance(top, int)):
        raise TypeError(f"top must be a whole number or None, not {type(top).__name__}")


def rank_text(edition: Edition, text: str) -> Ranking | None:
    """The edition's reform items ranked for ``text`` as
    :func:`suggest_items` ranks them, each :class:`Suggestion` made only
    when it is looked at (the checks look at two or three of them); None
    for an empty text or an edition without reform items."""
    if not text.strip() or not edition.reform_items:
        return None
    return ranker_for(edition.reform_items).ranking(text)


#: The best item's BM25 score below which a text says too little to suggest
#: anything (a form holding only boilerplate such as 同意推荐).
MIN_SUGGEST: Final = 2.0

#: The best item's BM25 score needed when it matched a single word of the
#: text.  A form about something else (档案整理, 交通整治, a recommender's
#: 研究同意) shares one word by chance, a description word that weighs about
#: 2 (集中, 规范, 党组); a project of an item shares two words or more even
#: in one sentence.  A lone word of 4 or more is an item's own (三长, 银龄,
#: 模范机关, 数字化: keywords and title words; 5 of the reference edition's
#: 430 other words weigh that much), and is enough, as a clerk would say.
MIN_SUGGEST_ONE_WORD: Final = 4.0


def confident(ranked: Sequence[Suggestion]) -> bool:
    """Whether a ranking says enough to suggest items at all: the best
    item's score at least ``MIN_SUGGEST`` on two distinct words or more,
    or at least ``MIN_SUGGEST_ONE_WORD`` on one."""
    if not ranked or ranked[0].raw < MIN_SUGGEST:
        return False
    if ranked[0].raw >= MIN_SUGGEST_ONE_WORD:
        return True
    if isinstance(ranked, Ranking):
        return ranked.terms_matched(0) > 1
    return len(ranked[0].terms) > 1


def suggest_for_data(
    edition: Edition, form_id: str, data: Any, *, top: int | None = 3
) -> list[Suggestion]:
    """Suggestions for form data as read from a Word form (or an envelope's
    ``data``) of form ``form_id``: the top three by default, leaving out
    items that matched no word; ``[]`` when the data has no describing text
    or says too little (see :func:`confident`), as in the check's
    ``reform-items.suggested``.  This is what a report or a roster calls for
    each submission."""
    _check_top(top)
    text = form_text(edition, form_id, data)
    ranked = suggest_items(edition, text) if text else []
    if not confident(ranked):
        return []
    matched = [s for s in ranked if s.raw > 0]
    return matched if top is None else matched[: max(top, 0)]
