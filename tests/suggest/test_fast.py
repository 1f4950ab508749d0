"""The fast ranking gives exactly what a straightforward computation gives:
jieba's own segmentation of every run, every item scored term by term, every
suggestion made; and the scores are rank_bm25's own ``get_scores``."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from typing import Any

import pytest

from reform_brand import Edition
from reform_brand.suggest import Ranker, Ranking, Suggestion, lead_part, rank_text, ranker_for
from reform_brand.suggest._words import _CJK_OR_WORD, STOPWORDS
from tests.suggest.evalset import load

_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")


def _texts(edition: Edition, n: int = 400, seed: int = 13) -> list[str]:
    """Realistic texts (the evaluation projects, the items' descriptions)
    and ``n`` generated ones: pieces of those cut and joined anywhere,
    strings of their characters, ASCII words, keywords next to each other,
    and long forms (ranked on their lead part)."""
    real = [p.name + "\n" + p.text for part in ("tune", "held_out", "fresh") for p in load(part)]
    real += ["\n".join(it.description) for it in edition.reform_items]
    keywords = [k for it in edition.reform_items for k in it.keywords]
    chars = "".join(real)
    rng = random.Random(seed)
    out = list(real)
    for _ in range(n):
        kind = rng.randrange(5)
        if kind == 0:
            text = "".join(rng.choice(chars) for _ in range(rng.randint(1, 300)))
        elif kind == 1:
            text = "".join(
                rng.choice(keywords + list("的和，。")) for _ in range(rng.randint(1, 30))
            )
        elif kind == 2:
            pieces = [rng.choice(real) for _ in range(rng.randint(8, 20))]
            text = "\n".join(pieces)  # longer than the lead part
        else:
            pieces = [rng.choice(real) for _ in range(rng.randint(1, 4))]
            text = "".join(p[rng.randrange(len(p)) :][: rng.randint(1, 400)] for p in pieces)
        if rng.random() < 0.25:
            text = text.replace("，", " LED屏AB12c ", 2).replace("。", "3D打印APP；", 2)
        out.append(text)
    return out


def _reference_tokens(ranker: Ranker, text: str) -> list[str]:
    """The words of a text as the ranking is documented: the edition's
    keywords found first in each run (longest first), jieba's own
    ``cut(HMM=False)`` of the rest, words of two characters or more that are
    not stop words; a keyword that is not all Chinese (APP) is found first
    in the whole text, in any case and not inside a longer English word,
    and comes after the other words."""
    jieba = ranker._tokenizer
    keywords = sorted(ranker.segmenter.keywords, key=lambda k: (-len(k), k))
    chinese = [k for k in keywords if re.fullmatch(r"[\u4E00-\u9FD5]+", k)]
    others = [k for k in keywords if k not in chinese]
    spelled = []
    if others:
        latin = "|".join(r"\s+".join(map(re.escape, k.split())) for k in others)
        other_re = re.compile(rf"(?<![A-Za-z0-9])(?:{latin})(?![A-Za-z0-9])", re.IGNORECASE)
        spelled = [
            next(k for k in others if k.lower() == " ".join(m.split()).lower())
            for m in other_re.findall(text)
        ]
        text = other_re.sub("\n", text)
    pattern = re.compile("|".join(map(re.escape, chinese)))
    found: list[str] = []
    for run in _RUN.findall(text):
        kws = pattern.findall(run)
        rest = pattern.sub("\n", run) if kws else run
        for part in rest.split("\n"):
            found += [
                w
                for w in jieba.lcut(part, HMM=False)
                if len(w) > 1 and w not in STOPWORDS and _CJK_OR_WORD.match(w)
            ]
        found += kws
    return found + spelled


def _reference_rank(ranker: Ranker, text: str) -> list[Suggestion]:
    """Every item scored with every term (dense rows), every suggestion made."""
    weights = ranker._weights
    counts = Counter(t for t in _reference_tokens(ranker, lead_part(text)) if t in weights)
    n = len(ranker.items)
    totals = [0.0] * n
    contrib: dict[str, list[float]] = {}
    for term, qtf in counts.items():
        factor = 1.0 + math.log(qtf)
        row = [w * factor for w in weights[term]]
        contrib[term] = row
        for i in range(n):
            totals[i] += row[i]
    whole = sum(totals)
    order = sorted(range(n), key=lambda i: (-totals[i], ranker.items[i].number))
    out = []
    for rank, i in enumerate(order, start=1):
        it = ranker.items[i]
        best = sorted((t for t in contrib if contrib[t][i] > 0), key=lambda t: (-contrib[t][i], t))
        out.append(
            Suggestion(
                item=it.number,
                title=it.title.zh,
                title_en=it.title.en,
                score=totals[i] / whole if whole > 0 else 0.0,
                raw=totals[i],
                rank=rank,
                terms=tuple(best[:5]) if totals[i] > 0 else (),
            )
        )
    return out


@pytest.fixture(scope="module")
def texts(edition: Edition) -> list[str]:
    return _texts(edition)


def test_the_fast_ranking_is_the_straightforward_one(edition: Edition, texts: list[str]) -> None:
    ranker = ranker_for(edition.reform_items)
    ranker.forget()
    assert len(texts) > 450
    matched = 0
    for text in texts:
        got = ranker.rank(text)
        assert got == _reference_rank(ranker, text), text[:60]  # floats equal, not close
        assert ranker.tokens(text) == _reference_tokens(ranker, text), text[:60]
        matched += got[0].raw > 0
    assert matched > 400  # the texts do match words


def test_the_scores_are_rank_bm25s(edition: Edition, texts: list[str]) -> None:
    """Each term's weight is rank_bm25's score for it; a term that occurs
    ``n`` times counts ``1 + log(n)`` times."""
    ranker = ranker_for(edition.reform_items)
    model = ranker.model
    for text in texts[::3]:
        counts = Counter(t for t in ranker.tokens(lead_part(text)) if t in ranker._weights)
        expected = [0.0] * len(ranker.items)
        for term, qtf in counts.items():
            for i, s in enumerate(model.get_scores([term])):
                expected[i] += (1.0 + math.log(qtf)) * float(s)
        by_item = {s.item: s.raw for s in ranker.rank(text)}
        got = [by_item[it.number] for it in ranker.items]
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-12), text[:60]


def test_a_ranking_makes_what_it_is_asked_for(edition: Edition) -> None:
    text = "组建海洋科普联盟，开展海洋知识竞赛，建设银龄科普课堂"
    ranking = rank_text(edition, text)
    assert isinstance(ranking, Ranking)
    whole = ranker_for(edition.reform_items).rank(text)
    assert len(ranking) == len(whole) == len(edition.reform_items)
    assert ranking[0] == whole[0] and ranking[-1] == whole[-1]
    assert ranking[2:5] == whole[2:5]
    assert ranking.best_raw == whole[0].raw
    for r, s in enumerate(whole):
        assert ranking.for_item(s.item) == s
        assert ranking.place(s.item) == (r, s.raw)
        assert min(ranking.terms_matched(r), 5) == len(s.terms)
    assert ranking.for_item(99) is None and ranking.place(99) is None
    assert list(ranking) == whole
    with pytest.raises(IndexError):
        ranking[len(whole)]
    assert rank_text(edition, " \n") is None


def test_a_ranking_of_no_items_is_empty(edition: Edition) -> None:
    import attrs

    assert rank_text(attrs.evolve(edition, reform_items=()), "海洋科普") is None


def _run_words(ranker: Ranker, run: str) -> Any:
    return ranker.segmenter.segment(run), ranker._tokenizer.lcut(run, HMM=False)


def test_the_segmentation_is_jiebas_on_generated_runs(edition: Edition, texts: list[str]) -> None:
    ranker = ranker_for(edition.reform_items)
    runs = [run for text in texts for run in _RUN.findall(text)]
    assert len(runs) > 5000
    for run in runs:
        mine, jiebas = _run_words(ranker, run)
        assert mine == jiebas, run


def test_the_rule_judges_a_lean_ranking_as_the_whole_list(edition: Edition) -> None:
    """``ranks_low`` and the top three read the same from a ``Ranking`` as
    from the list of every suggestion."""
    from reform_brand.rules._suggest import ranks_low, top_suggestions

    numbers = [it.number for it in edition.reform_items]
    flagged = 0
    for p in load("held_out") + load("tune"):
        lean = rank_text(edition, p.text)
        assert lean is not None
        whole = list(ranker_for(edition.reform_items).rank(p.text))
        assert top_suggestions(lean) == top_suggestions(whole)
        for number in [*numbers, 99]:
            ranker_for(edition.reform_items).forget()  # a ranking with nothing made yet
            fresh = rank_text(edition, p.text)
            assert fresh is not None
            got = ranks_low(fresh, number)
            assert got == ranks_low(whole, number)
            # Only what it returns is made.
            assert len(fresh._made) == (got is not None)
            flagged += got is not None
    assert flagged > 100
