"""Ranking a long form stays cheap: jieba's segmentation, done in one pass,
on the lead sentences of a form's paragraphs, with each run's words cached."""

from __future__ import annotations

import re

from reform_brand import Edition
from reform_brand.suggest import MAX_RANKED_CHARS, form_text, lead_part, ranker_for, suggest_items
from tests.suggest.evalset import load

_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")


def _texts(edition: Edition) -> list[str]:
    projects = load("tune") + load("held_out")
    texts = [form_text(edition, "application", p.data()) for p in projects]
    texts += ["\n".join(it.description) for it in edition.reform_items]
    return [*texts, "LED灯与AR技术，10个APP；ab12c 海洋科普，3D打印"]


def test_the_one_pass_segmentation_is_jiebas(edition: Edition) -> None:
    ranker = ranker_for(edition.reform_items)
    jieba = ranker._tokenizer
    runs = [run for text in _texts(edition) for run in _RUN.findall(text)]
    assert len(runs) > 500
    for run in runs:
        assert ranker.segmenter.segment(run) == jieba.lcut(run, HMM=False), run


def test_a_short_text_is_ranked_whole() -> None:
    text = "第一句。第二句。\n第三句。"
    assert lead_part(text) == text


def test_a_long_text_is_ranked_on_its_paragraphs_openings() -> None:
    paragraphs = [f"开头{i}。" + "细节内容很多。" * 40 for i in range(30)]
    text = "\n".join(paragraphs)
    part = lead_part(text)
    assert len(part.replace("\n", "")) == MAX_RANKED_CHARS
    # Every paragraph's first sentence is in, before any second sentence.
    assert all(f"开头{i}。" in part for i in range(30))
    lines = part.splitlines()
    assert len(lines) == 30 and all(line.startswith(f"开头{i}。") for i, line in enumerate(lines))
    assert lead_part(text, budget=10) == "开头0。\n开头1。\n开头"


def test_a_long_form_is_ranked_on_its_lead_part(edition: Edition) -> None:
    texts = _texts(edition)[:60]
    long = ("\n".join(texts) * 3)[:6000]
    assert [s.item for s in suggest_items(edition, long)] == [
        s.item for s in suggest_items(edition, lead_part(long))
    ]


def test_the_words_of_a_run_are_cached(edition: Edition) -> None:
    ranker = ranker_for(edition.reform_items)
    ranker.forget()
    text = "组建海洋科普联盟，开展海洋知识竞赛"
    first = ranker.rank(text)
    misses = ranker.segmenter.counted.misses
    assert misses == 2  # the text's two runs
    assert ranker.rank(text) == first
    assert ranker.segmenter.counted.misses == misses
    ranker._rankings.cache_clear()  # the text is remembered whole, too
    assert ranker.rank(text) == first
    assert ranker.segmenter.counted.misses == misses
    # Another text of the same runs segments nothing.
    assert ranker.rank("开展海洋知识竞赛；组建海洋科普联盟")[0] == first[0]
    assert ranker.segmenter.counted.misses == misses
    # What a run keeps is what the ranking counts: the terms.
    kept = ranker.segmenter.counted("开展海洋知识竞赛")
    assert kept and set(kept) <= ranker._weights.keys()
    assert set(kept) == {w for w in ranker.tokens("开展海洋知识竞赛") if w in ranker._weights}
