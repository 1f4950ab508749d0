"""Reform items suggested from a submission's text (info findings only).

A submission that declares no reform item gets ``reform-items.suggested``
with the top three, ranked on all its describing text (project name
included).  A declared item that ranks far below the best gets
``reform-items.ranks-low``; that is judged on the long-text fields alone
(项目基础, 项目实施, 预期成效, 推荐理由; never the signed opinions), since
a project name or a unit name is too short to contradict the applicant's choice.  Both are
information for the clerk, never an error or a warning: the ranking reads
words, not intent.  jieba and the ranking model are loaded on the first
submission that has text to rank.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

from reform_brand._zhspace import quoted_within
from reform_brand.engine._context import RuleContext
from reform_brand.findings import Finding
from reform_brand.rules._base import BuiltinRule
from reform_brand.submission import Submission
from reform_brand.suggest import (
    Ranking,
    Suggestion,
    confident,
    form_text,
    rank_text,
    submission_text,
)

__all__ = [
    "ReformItemSuggestionsRule",
    "low_place",
    "ranks_low",
    "suggestion_for",
    "top_suggestions",
]

#: Suggestions named in ``reform-items.suggested``.
TOP: Final = 3
#: The best item's BM25 score from which a declared item may be called a
#: poor fit, the distinct words it must match, and how far below the best
#: the declared item must be.
MIN_CONTRADICT: Final = 6.0
MIN_TERMS: Final = 3
LOW_RATIO: Final = 0.25


def ranks_low(ranked: Sequence[Suggestion], number: int) -> Suggestion | None:
    """The suggestion for declared item ``number`` when it ranks far below
    the best: the best clearly matched (a score of at least
    ``MIN_CONTRADICT`` on ``MIN_TERMS`` distinct words), and the declared
    item scores under a quarter of it and is outside the top three (or
    matched no word at all); else None."""
    if not ranked:
        return None
    if isinstance(ranked, Ranking):
        r = low_place(ranked, number)
        return None if r is None else ranked[r]
    best_raw, best_terms = ranked[0].raw, len(ranked[0].terms)
    place = next(((r, s.raw) for r, s in enumerate(ranked) if s.item == number), None)
    if best_raw < MIN_CONTRADICT or best_terms < MIN_TERMS or place is None:
        return None
    return ranked[place[0]] if _far_below(place, best_raw) else None


def low_place(ranked: Ranking, number: int) -> int | None:
    """The index in ``ranked`` of declared item ``number`` when it ranks
    far below the best (see :func:`ranks_low`), else None; read from the
    scores, without making any suggestion, and the words the best item
    matched are counted last, when all else says the item ranks low."""
    best_raw = ranked.best_raw
    place = ranked.place(number) if best_raw >= MIN_CONTRADICT else None
    if place is None or not _far_below(place, best_raw):
        return None
    return place[0] if ranked.terms_matched(0) >= MIN_TERMS else None


def _far_below(place: tuple[int, float], best_raw: float) -> bool:
    """Whether an item at index ``place[0]`` (0: the best) with BM25 score
    ``place[1]`` ranks far below a best item of score ``best_raw``: under a
    quarter of it and outside the top three (or matching no word at all)."""
    r, raw = place
    return raw < LOW_RATIO * best_raw and (r >= TOP or raw == 0)


def top_suggestions(ranked: Sequence[Suggestion], n: int = TOP) -> list[Suggestion]:
    """The first ``n`` suggestions that matched at least one word."""
    return [s for s in ranked[:n] if s.raw > 0]


def suggestion_for(ctx: RuleContext) -> list[Suggestion]:
    """The items suggested for an undeclared submission, as in
    ``reform-items.suggested``: the top three that matched, or ``[]`` when
    the text says too little.  Ranked once: the words of a text are cached."""
    ranked = rank_text(ctx.edition, submission_text(ctx.edition, ctx.submission))
    return top_suggestions(ranked) if ranked is not None and confident(ranked) else []


def _listing(ranked: Sequence[Suggestion], lang: str) -> str:
    if lang == "en":
        return "; ".join(f"{s.item} {s.title_en or s.title} ({s.score:.2f})" for s in ranked)
    return "；".join(f"{s.item}“{quoted_within(s.title)}”（{s.score:.2f}）" for s in ranked)


class ReformItemSuggestionsRule(BuiltinRule):
    """Suggests reform items from the form's text; see docs/suggestions.md."""

    id = "reform-item-suggestions"
    codes = ("reform-items.suggested", "reform-items.ranks-low")
    #: Information for the office, at most of a valid call's cost: a
    #: portal's ``validate()`` asks for it (``include``), the office's
    #: ``check`` always runs it.
    opt_in = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        sub = ctx.submission
        if not ctx.edition.reform_items or not isinstance(sub.data, dict):
            return
        raw = sub.envelope.get("reform_items") if isinstance(sub.envelope, dict) else None
        if raw is not None and not isinstance(raw, list):
            return  # wrong type: envelope.type
        if sub.reform_items:
            yield from self._declared(ctx, sub)
            return
        top = suggestion_for(ctx)
        if not top:
            return
        yield ctx.finding(
            "reform-items.suggested",
            rule=self.id,
            submission=sub,
            pointer="/reform_items",
            clause=ctx.edition.reform_items[0].clause,
            suggestions=_listing(top, "zh"),
            suggestions_en=_listing(top, "en"),
            items=tuple(str(s.item) for s in top),
            scores=tuple(f"{s.score:.2f}" for s in top),
        )

    def _declared(self, ctx: RuleContext, sub: Submission) -> Iterator[Finding]:
        body = form_text(ctx.edition, sub.form, sub.data, body_only=True)
        ranked = rank_text(ctx.edition, body)
        if ranked is None or not ranked:
            return
        seen: set[int] = set()
        for i, number in enumerate(sub.reform_items or ()):
            if isinstance(number, bool) or not isinstance(number, int) or number in seen:
                continue  # an envelope finding says so (envelope.duplicate-items)
            seen.add(number)
            r = low_place(ranked, number)
            if r is None:
                continue  # a good fit, or an unknown item (reform-items.unknown)
            # Read from the ranking: the suggestions' matched words are not
            # shown here, so no suggestion is made.
            low, _, low_score = ranked.item_at(r)
            best, _, best_score = ranked.item_at(0)
            yield ctx.finding(
                "reform-items.ranks-low",
                rule=self.id,
                submission=sub,
                pointer=f"/reform_items/{i}",
                clause=ctx.edition.reform_items[0].clause,
                number=low.number,
                title=low.title.zh,
                title_en=low.title.en or low.title.zh,
                rank=r + 1,
                score=f"{low_score:.2f}",
                best=best.number,
                best_title=best.title.zh,
                best_title_en=best.title.en or best.title.zh,
                best_score=f"{best_score:.2f}",
            )
