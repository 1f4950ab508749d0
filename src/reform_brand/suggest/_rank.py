"""Ranking an edition's reform items for a project's text.

Chinese text is segmented into words with jieba, using the dictionary that
the jieba package ships (nothing is downloaded).  Each reform item is one
document: its title (counted twice), its full description and the keywords
that the edition gives it.  The items are ranked for a project's words with
BM25 (``rank_bm25.BM25Okapi``: its IDF with a floor and its document
statistics; the per-word weights are computed once per edition, so that a
submission costs one look-up per distinct word).

An edition's keywords do two things: they are added to their item's document
(three times), and every keyword of the edition is found in any text as a
whole, whatever jieba makes of it (a term such as 三长 or 银龄 is one term
even where the dictionary splits it).  Keywords are matched the same way in
the items and in the project text, so a keyword that an item's description
already uses counts there too.

jieba and rank_bm25 (with numpy) are imported on the first ranking, never
when :mod:`reform_brand.suggest` is imported: a check that asks for no
suggestion does not pay for them.  jieba's dictionary is read once per
edition, keeping only the words the edition's items use (see
:func:`vocabulary_tokenizer`).
"""

from __future__ import annotations

import functools
import logging
import math
import re
import threading
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Final

from attrs import frozen

from reform_brand.model import ReformItem
from reform_brand.suggest._text import lead_part

__all__ = ["STOPWORDS", "Ranker", "Suggestion", "ranker_for", "vocabulary_tokenizer"]

#: Words that every project text and many items use; they say nothing about
#: which item a project belongs to.  Single characters are dropped anyway.
_STOP_TEXT: Final = """
    一个 一些 一批 一是 二是 三是 四是 以及 通过 进行 开展 推动 推进 加强 进一步 不断 积极 有效
    有关 相关 方面 工作 项目 单位 我们 我市 我省 本市 本省 全省 全市 各级 各类 各地 形成 建立 健全
    完善 提升 提高 打造 搭建 探索 创新 改革 新路径 新模式 路径 模式 机制 方式 形式 内容 经验 做法
    实施 组织 开展 服务 发展 重点 重要 主要 作用 能力 水平 质量 高质量 特色 品牌 优势 资源 成果 成效
    预期 基础 目标 任务 措施 计划 推广 复制 可复制 总结 示范 体系 平台 活动 科协 全面 充分 持续 已经
    已有 年度 今年 明年 以来 目前 同时 其中 结合 围绕 聚焦 依托 利用 发挥 实现 带动 促进 助力 参与
    多个 多次 万余 余人 余名 余场 余次 人次 场次 次数 比如 例如 等等 如何 这个 这些 那些 为了
"""
STOPWORDS: Final = frozenset(_STOP_TEXT.split())

_TITLE_WEIGHT: Final = 2
_KEYWORD_WEIGHT: Final = 3
#: How many matched words a suggestion shows.
_TERMS_SHOWN: Final = 5
_CJK_OR_WORD: Final = re.compile(r"[\w\u3400-\u9fff]")

#: The longest dictionary word looked for in an edition's items.
_MAX_WORD: Final = 8
_LOCK = threading.Lock()
#: What jieba segments as one run (its ``re_han_default``); anything else
#: (punctuation, spaces, line ends) separates words.
_RUN: Final = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
_ENG: Final = re.compile(r"[a-zA-Z0-9]")
#: Runs whose words are remembered, per ranker.
_RUNS_CACHED: Final = 8192


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


def _import_jieba() -> Any:
    # jieba 0.42 compiles regular expressions with invalid escape sequences
    # ("\." in a non-raw string): Python reports a SyntaxWarning (older
    # versions a DeprecationWarning) when the module is compiled, and it
    # uses pkg_resources-era idioms that newer setuptools warn about.  These
    # are jieba's, not ours, and the tests turn warnings into errors: ignore
    # exactly these categories, from jieba's modules, for the import only.
    with warnings.catch_warnings():
        for category in (SyntaxWarning, DeprecationWarning, PendingDeprecationWarning):
            warnings.filterwarnings("ignore", category=category, module=r"jieba(\.|$)")
            warnings.filterwarnings("ignore", category=category, message=r".*invalid escape")
        import jieba

    # jieba logs "Building prefix dict ..." at DEBUG through its own stderr
    # handler; only its real problems should reach a user.
    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return jieba


def vocabulary_tokenizer(text: str) -> Any:
    """A jieba tokenizer that knows the words of jieba's own dictionary that
    occur in ``text`` (an edition's items), with their frequencies.

    Only words the items use can ever match, so the rest of the dictionary
    (some 350 000 words) is left out: reading it this way costs about a
    third of loading the whole of it, writes no cache file, and a project's
    unknown words fall apart into single characters, which are dropped,
    instead of hiding an item's word inside a longer one (海洋生物 still
    gives 海洋).  The dictionary's total frequency is kept, so the words
    weigh against each other as in jieba.  Uses jieba 0.42's ``Tokenizer``
    fields ``FREQ``, ``total`` and ``initialized`` (the version is pinned).
    """
    jieba = _import_jieba()
    grams = {
        text[i : i + n].encode("utf-8")
        for n in range(1, _MAX_WORD + 1)
        for i in range(len(text) - n + 1)
    }
    tokenizer = jieba.Tokenizer()
    freq: dict[str, int] = {}
    total = 0
    with tokenizer.get_dict_file() as fh:
        for line in fh:
            parts = line.split(b" ", 2)
            if len(parts) < 2 or not parts[1].strip().isdigit():
                continue
            count = int(parts[1])
            total += count
            if parts[0] in grams:
                freq[parts[0].decode("utf-8")] = count
    for word in list(freq):
        for i in range(1, len(word)):
            freq.setdefault(word[:i], 0)
    with _LOCK:
        tokenizer.FREQ, tokenizer.total = freq, max(total, 1)
        tokenizer.initialized = True
    return tokenizer


class Ranker:
    """The reform items of one edition, ready to rank texts against."""

    def __init__(self, items: Sequence[ReformItem]) -> None:
        from rank_bm25 import BM25Okapi

        self.items: tuple[ReformItem, ...] = tuple(items)
        self._tokenizer = vocabulary_tokenizer(
            "\n".join("\n".join([it.title.zh, *it.description, *it.keywords]) for it in self.items)
        )
        kws = {k.strip() for it in self.items for k in it.keywords if len(k.strip()) > 1}
        # Longest first, so that 银龄科普 is found before 银龄.
        self._keywords: tuple[str, ...] = tuple(sorted(kws, key=lambda k: (-len(k), k)))
        total = math.log(self._tokenizer.total)
        #: log probability of each dictionary word (jieba's ``calc``); a
        #: character that is no word counts as a frequency of 1.
        self._logp: dict[str, float] = {
            w: math.log(f) - total for w, f in self._tokenizer.FREQ.items() if f
        }
        self._unknown = -total
        # One pattern, longest first: at each place the longest keyword wins.
        self._keyword_re: re.Pattern[str] | None = (
            re.compile("|".join(map(re.escape, self._keywords))) if self._keywords else None
        )
        self._run_tokens = functools.lru_cache(maxsize=_RUNS_CACHED)(self._cut)
        corpus = [self._document(it) for it in self.items]
        #: The rank_bm25 model the weights come from (None without items).
        self.model: Any = None
        if not self.items:
            self._weights: dict[str, list[float]] = {}
            return
        # Every document gets at least one token: BM25Okapi divides by the
        # average length.
        self.model = BM25Okapi([doc or ["\0"] for doc in corpus])
        self._weights = _term_weights(self.model)

    def _document(self, item: ReformItem) -> list[str]:
        text = "\n".join([item.title.zh] * _TITLE_WEIGHT + list(item.description))
        tokens = self.tokens(text)
        for kw in item.keywords:
            tokens.extend([kw.strip()] * _KEYWORD_WEIGHT)
        return tokens

    def tokens(self, text: str) -> list[str]:
        """The words of ``text`` that count: jieba's words of two characters
        or more that are not stop words, and the edition's keywords found.

        The text is cut into the runs of characters that jieba segments
        apart anyway (its ``re_han_default``: punctuation and spaces end a
        run), and each run's words are kept in a cache: the check, the
        report and the roster rank the same form, and forms repeat their
        set phrases."""
        found: list[str] = []
        for run in _RUN.findall(text):
            found.extend(self._run_tokens(run))
        return found

    def forget(self) -> None:
        """Empty the cache of the runs' words (for measuring a text never seen)."""
        self._run_tokens.cache_clear()

    def _cut(self, run: str) -> tuple[str, ...]:
        found: list[str] = []
        rest = run
        if self._keyword_re is not None:
            found = self._keyword_re.findall(run)
            if found:
                rest = self._keyword_re.sub("\n", run)
        words = [
            w
            for part in rest.split("\n")
            for w in self._segment(part)
            if len(w) > 1 and w not in STOPWORDS and _CJK_OR_WORD.match(w)
        ]
        return tuple(words + found)

    def _segment(self, run: str) -> list[str]:
        """jieba's segmentation of one run without HMM (``Tokenizer.cut(run,
        HMM=False)``: the most probable path through the dictionary's words,
        ties to the longer word, single ASCII letters and digits joined), in
        one backward pass over the run.  jieba builds a dictionary of every
        place's word ends and a tuple per candidate; this skips at once the
        places where no dictionary word starts, which are most of a project's
        text with the edition's small vocabulary, and is about three times
        as fast.  The tests compare it with jieba's own ``cut``."""
        freq, logp, unknown = self._tokenizer.FREQ, self._logp, self._unknown
        n = len(run)
        score = [0.0] * (n + 1)
        end = list(range(n + 1))
        for k in range(n - 1, -1, -1):
            frag = run[k]
            if frag not in freq:
                score[k] = unknown + score[k + 1]
                continue
            best, best_i = unknown + score[k + 1], k
            found = False
            i = k
            while i < n and frag in freq:
                p = logp.get(frag)
                if p is not None:
                    s = p + score[i + 1]
                    if not found or s >= best:
                        best, best_i, found = s, i, True
                i += 1
                frag = run[k : i + 1]
            score[k], end[k] = best, best_i
        words: list[str] = []
        buf = ""
        x = 0
        while x < n:
            y = end[x] + 1
            word = run[x:y]
            if y == x + 1 and _ENG.match(word):
                buf += word
            else:
                if buf:
                    words.append(buf)
                    buf = ""
                words.append(word)
            x = y
        if buf:
            words.append(buf)
        return words

    def rank(self, text: str) -> list[Suggestion]:
        """Every item, best first (ties by item number), for the lead part of
        ``text`` (:func:`reform_brand.suggest.lead_part`)."""
        counts = Counter(t for t in self.tokens(lead_part(text)) if t in self._weights)
        n = len(self.items)
        totals = [0.0] * n
        contrib: dict[str, list[float]] = {}
        for term, qtf in counts.items():
            factor = 1.0 + math.log(qtf)
            row = [w * factor for w in self._weights[term]]
            contrib[term] = row
            for i in range(n):
                totals[i] += row[i]
        whole = sum(totals)
        order = sorted(range(n), key=lambda i: (-totals[i], self.items[i].number))
        out: list[Suggestion] = []
        for rank, i in enumerate(order, start=1):
            it = self.items[i]
            best = sorted(
                (t for t in contrib if contrib[t][i] > 0), key=lambda t: (-contrib[t][i], t)
            )
            out.append(
                Suggestion(
                    item=it.number,
                    title=it.title.zh,
                    title_en=it.title.en,
                    score=totals[i] / whole if whole > 0 else 0.0,
                    raw=totals[i],
                    rank=rank,
                    terms=tuple(best[:_TERMS_SHOWN]) if totals[i] > 0 else (),
                )
            )
        return out


def _term_weights(model: Any) -> dict[str, list[float]]:
    """term -> its BM25 weight in each document (rank_bm25's Okapi formula,
    for a query term that occurs once)."""
    k1, b, avgdl = model.k1, model.b, model.avgdl
    norms = [k1 * (1 - b + b * dl / avgdl) for dl in model.doc_len]
    weights: dict[str, list[float]] = {}
    for term, idf in model.idf.items():
        if term == "\0":
            continue
        row = []
        for freqs, norm in zip(model.doc_freqs, norms, strict=True):
            f = freqs.get(term, 0)
            row.append(float(idf) * f * (k1 + 1) / (f + norm) if f else 0.0)
        weights[term] = row
    return weights


@functools.lru_cache(maxsize=8)
def _cached(items: tuple[ReformItem, ...]) -> Ranker:
    return Ranker(items)


def ranker_for(items: Iterable[ReformItem]) -> Ranker:
    """The ranker for these items, built once per process and set of items."""
    return _cached(tuple(items))
