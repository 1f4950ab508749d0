"""Ranking an edition's reform items for a project's text.

Chinese text is segmented into words with jieba's dictionary (see
:mod:`reform_brand.suggest._words`).  Each reform item is one document: its
title (counted twice), its full description and the keywords that the edition
gives it.  The items are ranked for a project's words with BM25
(``rank_bm25.BM25Okapi``: its IDF with a floor and its document statistics).
Each term's weight in each item is computed once per edition, and only the
items a term occurs in are kept for it: a submission costs one look-up per
distinct term and an addition per item that the term occurs in.  Only the
terms are counted: each run's words are cached as the terms among them.

An edition's keywords do two things: they are added to their item's document
(three times), and every keyword of the edition is found in any text as a
whole, whatever jieba makes of it (a term such as 三长 or 银龄 is one term
even where the dictionary splits it).  Keywords are matched the same way in
the items and in the project text, so a keyword that an item's description
already uses counts there too.

jieba and rank_bm25 (with numpy) are imported when the model is built, never
when :mod:`reform_brand.suggest` is imported: a check that asks for no
suggestion does not pay for them.  The model is built once per process and
edition, and kept between processes (:mod:`reform_brand.suggest._store`): a
process that finds it kept imports neither.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, overload

from attrs import frozen

from reform_brand.model import ReformItem
from reform_brand.suggest._fold import fold
from reform_brand.suggest._store import State, read_state, state_key, write_state
from reform_brand.suggest._text import lead_part
from reform_brand.suggest._words import (
    STOPWORDS,
    Segmenter,
    jieba_tokenizer,
    read_vocabulary,
    vocabulary_tokenizer,
)

__all__ = [
    "STOPWORDS",
    "Ranker",
    "Ranking",
    "Suggestion",
    "ranker_for",
    "vocabulary_tokenizer",
]

_TITLE_WEIGHT: Final = 2
_KEYWORD_WEIGHT: Final = 3
#: How many matched words a suggestion shows.
_TERMS_SHOWN: Final = 5
#: Texts whose ranking is remembered, per ranker.
_TEXTS_CACHED: Final = 64


@frozen(kw_only=True)
class Suggestion:
    """One reform item suggested for a project, with why.

    ``score`` is the item's share of the BM25 scores of all items (0-1, the
    scores of all items add up to 1; 0 when no word matched); ``raw`` the
    BM25 score itself; ``terms`` the words that added most to it, best
    first."""

    item: int
    title: str
    title_en: str = ""
    score: float
    raw: float
    rank: int
    terms: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "title": self.title,
            "title_en": self.title_en,
            "score": round(self.score, 4),
            "raw": round(self.raw, 4),
            "rank": self.rank,
            "terms": list(self.terms),
        }


def _keyword(word: str) -> str:
    """A keyword as it is matched: folded, its white space one space."""
    return " ".join(fold(word).split())


def _keywords(items: Sequence[ReformItem]) -> tuple[str, ...]:
    return tuple(sorted({_keyword(k) for it in items for k in it.keywords if len(k.strip()) > 1}))


def _items_text(items: Sequence[ReformItem]) -> str:
    return fold("\n".join("\n".join([it.title.zh, *it.description, *it.keywords]) for it in items))


class Ranker:
    """The reform items of one edition, ready to rank texts against."""

    def __init__(self, items: Sequence[ReformItem]) -> None:
        self.items: tuple[ReformItem, ...] = tuple(items)
        self._numbers = tuple(it.number for it in self.items)
        self._by_number = sorted(range(len(self.items)), key=self._numbers.__getitem__)
        key = state_key(self.items)
        state = read_state(key, len(self.items))
        #: Whether the model was read back from the cache.
        self.from_cache = state is not None
        if state is None:
            state = self._build()
            write_state(key, state)
        self._state = state
        #: term -> its BM25 weight in each item (for a term that occurs once).
        self._weights: dict[str, list[float]] = state.weights
        #: term -> (item index, weight) for the items it occurs in.
        self._rows: dict[str, tuple[tuple[int, float], ...]] = {
            term: tuple((i, w) for i, w in enumerate(row) if w)
            for term, row in state.weights.items()
        }
        #: The lower case of each term with Latin letters (APP), for the
        #: words of a text written in another case (app, App).
        self._cased: dict[str, str] = {}
        for term in sorted(self._rows):
            if term.lower() != term:
                self._cased.setdefault(term.lower(), term)
        #: The words of each run that a ranking counts are cached
        #: (``segmenter.counted``): the terms, and the words in Latin
        #: letters that :meth:`_in_case` may count as one.
        self.segmenter = Segmenter(
            state.freq, state.total, _keywords(self.items), terms=self._rows, counts=self._counts
        )
        #: Each item's terms with their weights in it (nonzero).
        self._item_weights: tuple[dict[str, float], ...] = tuple(
            {t: row[i] for t, row in state.weights.items() if row[i]}
            for i in range(len(self.items))
        )
        #: (term, times in a text) -> what it adds to each item it occurs in.
        self._adds = _Additions(self._rows)
        self._model: Any = None
        self._model_lock = threading.Lock()
        self._rankings = functools.lru_cache(maxsize=_TEXTS_CACHED)(self._ranking)

    def _build(self) -> State:
        """The model from jieba's dictionary and rank_bm25."""
        freq, total = read_vocabulary(_items_text(self.items))
        if not self.items:
            return State(freq=freq, total=total, weights={})
        segmenter = Segmenter(freq, total, _keywords(self.items))
        model = self._bm25([self._document(segmenter, it) for it in self.items])
        return State(freq=freq, total=total, weights=_term_weights(model))

    @staticmethod
    def _bm25(corpus: list[list[str]]) -> Any:
        from rank_bm25 import BM25Okapi

        # Every document gets at least one token: BM25Okapi divides by the
        # average length.
        return BM25Okapi([doc or ["\0"] for doc in corpus])

    @staticmethod
    def _document(segmenter: Segmenter, item: ReformItem) -> list[str]:
        text = "\n".join([item.title.zh] * _TITLE_WEIGHT + list(item.description))
        tokens = segmenter.tokens(fold(text))
        for kw in item.keywords:
            tokens.extend([segmenter.keyword_term(_keyword(kw))] * _KEYWORD_WEIGHT)
        return tokens

    @property
    def model(self) -> Any:
        """The rank_bm25 model the weights come from (None without items);
        built on first use, for comparing with."""
        with self._model_lock:
            if self._model is None and self.items:
                self._model = self._bm25([self._document(self.segmenter, it) for it in self.items])
            return self._model

    @functools.cached_property
    def _tokenizer(self) -> Any:
        """jieba's own tokenizer with this vocabulary, for comparing with."""
        return jieba_tokenizer(self._state.freq, self._state.total)

    def tokens(self, text: str) -> list[str]:
        """The words of ``text`` that count (see :meth:`Segmenter.tokens`)."""
        return self.segmenter.tokens(text)

    def forget(self) -> None:
        """Empty the caches of the runs' words and of the texts ranked (for
        measuring a text never seen)."""
        self.segmenter.cut.cache_clear()
        self.segmenter.counted.cache_clear()
        self._rankings.cache_clear()

    def ranking(self, text: str) -> Ranking:
        """Every item ranked for the lead part of ``text``
        (:func:`reform_brand.suggest.lead_part`), traditional characters
        folded to simplified (:mod:`reform_brand.suggest._fold`); each
        suggestion is made when it is asked for.  The last texts ranked are
        remembered: the check, the report and the roster rank the same form."""
        return self._rankings(text)

    def _ranking(self, text: str) -> Ranking:
        # Traditional characters are folded to simplified, as the items are.
        # Only the terms are counted (and the words _in_case may count as
        # one): each run's are kept so (``segmenter.counted``).
        counts = Counter(
            self.segmenter.words(
                fold(lead_part(text)), self.segmenter.counted.__getitem__, self._counts
            )
        )
        if self._cased and not counts.keys() <= self._rows.keys():
            self._in_case(counts)
        totals = [0.0] * len(self.items)
        # What each term adds to each item it occurs in, in the order of the
        # terms' first places in the text (the order of the additions, so
        # that the sums are the same floats whatever the order of look-ups).
        for i, w in itertools.chain.from_iterable(map(self._adds.__getitem__, counts.items())):
            totals[i] += w
        return Ranking(self, totals, counts)

    def _counts(self, word: str) -> bool:
        """Whether a ranking counts ``word``: a term, or a word in Latin
        letters that :meth:`_in_case` may count as one."""
        return word in self._rows or (word.isascii() and word.lower() in self._cased)

    def _in_case(self, counts: Counter[str]) -> None:
        """The words of ``counts`` in Latin letters that no item writes so
        counted as the term an item writes in another case (app as APP)."""
        rows, cased = self._rows, self._cased
        for word in [w for w in counts if w.isascii() and w not in rows and w.lower() in cased]:
            counts[cased[word.lower()]] += counts.pop(word)

    def rank(self, text: str) -> list[Suggestion]:
        """Every item, best first (ties by item number), for the lead part of
        ``text`` (:func:`reform_brand.suggest.lead_part`)."""
        return list(self.ranking(text))


class Ranking(Sequence[Suggestion]):
    """The items ranked for one text, best first (ties by item number): a
    sequence of :class:`Suggestion`, each made when it is first asked for,
    so that a check that looks at the best item and the declared one does
    not make the other fifteen."""

    def __init__(self, ranker: Ranker, totals: list[float], counts: Mapping[str, int]):
        self._ranker = ranker
        self._totals = totals
        #: The terms of the text and how often each occurs.
        self._counts = counts
        self._whole = sum(totals)
        # Best first; the sort is stable (also reversed), so ties stay in
        # the order of the items' numbers.
        self._order = sorted(ranker._by_number, key=totals.__getitem__, reverse=True)
        self._made: dict[int, Suggestion] = {}

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> Suggestion: ...

    @overload
    def __getitem__(self, index: slice) -> list[Suggestion]: ...

    def __getitem__(self, index: int | slice) -> Suggestion | list[Suggestion]:
        if isinstance(index, slice):
            return [self._make(r) for r in range(len(self._order))[index]]
        n = len(self._order)
        if not -n <= index < n:
            raise IndexError("ranking index out of range")
        return self._make(index % n)

    def __iter__(self) -> Iterator[Suggestion]:
        return (self._make(r) for r in range(len(self._order)))

    @property
    def best_raw(self) -> float:
        """The best item's BM25 score (0.0 without items)."""
        return self._totals[self._order[0]] if self._order else 0.0

    def terms_matched(self, r: int) -> int:
        """How many distinct words of the text the item at index ``r``
        (0: the best) matched, without making its suggestion (whose
        ``terms`` show at most five of them)."""
        return len(self._ranker._item_weights[self._order[r]].keys() & self._counts.keys())

    def place(self, number: int) -> tuple[int, float] | None:
        """The index (0: the best) and BM25 score of item ``number``,
        without making its suggestion; None for an unknown number."""
        numbers = self._ranker._numbers
        for r, i in enumerate(self._order):
            if numbers[i] == number:
                return r, self._totals[i]
        return None

    def item_at(self, r: int) -> tuple[ReformItem, float, float]:
        """The item at index ``r`` (0: the best), its BM25 score and its
        share of all the scores (a suggestion's ``raw`` and ``score``),
        without making its suggestion (whose matched words cost the most)."""
        i = self._order[r]
        raw = self._totals[i]
        return self._ranker.items[i], raw, raw / self._whole if self._whole > 0 else 0.0

    def for_item(self, number: int) -> Suggestion | None:
        """The suggestion for item ``number``, None for an unknown number."""
        found = self.place(number)
        return None if found is None else self._make(found[0])

    def _make(self, r: int) -> Suggestion:
        made = self._made.get(r)
        if made is not None:
            return made
        it, raw, score = self.item_at(r)
        terms: tuple[str, ...] = ()
        if raw > 0:
            # The words that added most, best first, ties by the word.
            weights, counts = self._ranker._item_weights[self._order[r]], self._counts
            best = sorted(
                [(-(weights[t] * _FACTORS[counts[t]]), t) for t in weights.keys() & counts.keys()]
            )
            terms = tuple(t for _, t in best[:_TERMS_SHOWN])
        made = Suggestion(
            item=it.number,
            title=it.title.zh,
            title_en=it.title.en,
            score=score,
            raw=raw,
            rank=r + 1,
            terms=terms,
        )
        self._made[r] = made
        return made


class _Factors(dict[int, float]):
    """times -> how many times a term that occurs that many times in a
    text counts: ``1 + log(times)`` (1.0 for once, without a logarithm),
    each computed once.  A text is at most a few thousand characters, so
    there are that many at most."""

    def __missing__(self, qtf: int) -> float:
        factor = self[qtf] = 1.0 if qtf == 1 else 1.0 + math.log(qtf)
        return factor


_FACTORS: Final = _Factors()


#: The most times in a text for which a term's additions are kept.
_TIMES_KEPT: Final = 32


class _Additions(dict[tuple[str, int], tuple[tuple[int, float], ...]]):
    """(term, times it occurs in a text) -> (item index, what it adds to
    the item's score) for each item the term occurs in: the term's weight
    times :data:`_FACTORS`, computed once (for up to ``_TIMES_KEPT`` times)
    instead of once per text."""

    def __init__(self, rows: Mapping[str, tuple[tuple[int, float], ...]]) -> None:
        super().__init__(((term, 1), row) for term, row in rows.items())
        self._rows = rows

    def __missing__(self, key: tuple[str, int]) -> tuple[tuple[int, float], ...]:
        term, qtf = key
        factor = _FACTORS[qtf]
        adds = tuple((i, w * factor) for i, w in self._rows[term])
        if qtf <= _TIMES_KEPT:
            self[key] = adds
        return adds


def _term_weights(model: Any) -> dict[str, list[float]]:
    """term -> its BM25 weight in each document (rank_bm25's Okapi formula,
    for a query term that occurs once).

    rank_bm25 floors a negative IDF at a quarter of the average IDF, which
    is itself 0 or negative when the items are very few: every word of an
    edition with one item, and every word of one of two items, would weigh
    nothing or count against the item.  Such a term gets Lucene's IDF
    instead, ``log(1 + (N - n + 0.5) / (n + 0.5))``, which is always
    positive; with three items or more rank_bm25's floor is positive and
    nothing changes."""
    k1, b, avgdl = model.k1, model.b, model.avgdl
    norms = [k1 * (1 - b + b * dl / avgdl) for dl in model.doc_len]
    weights: dict[str, list[float]] = {}
    for term, idf in model.idf.items():
        if term == "\0":
            continue
        if idf <= 0:
            n = sum(1 for freqs in model.doc_freqs if term in freqs)
            idf = math.log(1 + (model.corpus_size - n + 0.5) / (n + 0.5))
        row = []
        for freqs, norm in zip(model.doc_freqs, norms, strict=True):
            f = freqs.get(term, 0)
            row.append(float(idf) * f * (k1 + 1) / (f + norm) if f else 0.0)
        weights[term] = row
    return weights


@functools.lru_cache(maxsize=8)
def _cached(items: tuple[ReformItem, ...]) -> Ranker:
    return Ranker(items)


_LOCK = threading.Lock()
#: The last items asked for and their ranker: an edition passes the same
#: tuple every time, found by identity without hashing the items.
_last: tuple[object, Ranker] | None = None


def ranker_for(items: Iterable[ReformItem]) -> Ranker:
    """The ranker for these items, built once per process and set of items."""
    global _last
    last = _last
    if last is not None and last[0] is items:
        return last[1]
    with _LOCK:
        ranker = _cached(tuple(items))
    if isinstance(items, tuple):
        _last = (items, ranker)
    return ranker
