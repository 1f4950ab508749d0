"""The words of a text: jieba's segmentation without HMM, over a small
vocabulary, plus an edition's keywords as whole terms.

Chinese text is segmented with the dictionary that the jieba package ships
(nothing is downloaded), restricted to the words that an edition's items use
(see :func:`read_vocabulary`).  :class:`Segmenter` reproduces
``jieba.Tokenizer.cut(run, HMM=False)`` exactly (the tests compare the two)
without importing jieba: once the vocabulary is read, or read back from the
cache (:mod:`reform_brand.suggest._store`), a ranking needs nothing but it.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import math
import re
import threading
import warnings
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from typing import Any, Final

__all__ = [
    "ASCII_CASES",
    "STOPWORDS",
    "RunWords",
    "Segmenter",
    "import_jieba",
    "jieba_tokenizer",
    "read_vocabulary",
    "vocabulary_tokenizer",
]

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
    具有 借鉴 价值 系统 要求 意见 研究 管理 办法 环境 设备
"""
STOPWORDS: Final = frozenset(_STOP_TEXT.split())

_CJK_OR_WORD: Final = re.compile(r"[\w\u3400-\u9fff]")
#: The longest dictionary word looked for in an edition's items.
_MAX_WORD: Final = 8
_LOCK = threading.Lock()
#: What jieba segments as one run (its ``re_han_default``); anything else
#: (punctuation, spaces, line ends) separates words.
_RUN: Final = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
_ENG: Final = re.compile(r"[a-zA-Z0-9]")
#: A run with a character that jieba may join with its neighbours (ASCII
#: letters and digits) or that may start a word the filter drops.
_NOT_CJK: Final = re.compile(r"[^\u4E00-\u9FD5]")
#: What a segmenter knows of the words that start with two characters (see
#: ``Segmenter._pairs``).
_Pair = tuple[float, bool, float | None, tuple[tuple[str, int, float], ...]]
#: Runs whose words are remembered, per segmenter.
_RUNS_CACHED: Final = 8192


def import_jieba() -> Any:
    """jieba, imported quietly."""
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


def read_vocabulary(text: str) -> tuple[dict[str, int], int]:
    """The words of jieba's own dictionary that occur in ``text`` (an
    edition's items) with their frequencies, every prefix of them (0 when
    it is no word), and the dictionary's total frequency.

    Only words the items use can ever match, so the rest of the dictionary
    (some 350 000 words) is left out: a project's unknown words fall apart
    into single characters, which are dropped, instead of hiding an item's
    word inside a longer one (海洋生物 still gives 海洋).  The dictionary's
    total frequency is kept, so the words weigh against each other as in
    jieba."""
    jieba = import_jieba()
    grams = {
        text[i : i + n].encode("utf-8")
        for n in range(1, _MAX_WORD + 1)
        for i in range(len(text) - n + 1)
    }
    freq: dict[str, int] = {}
    total = 0
    with jieba.Tokenizer().get_dict_file() as fh:
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
    return freq, max(total, 1)


def jieba_tokenizer(freq: Mapping[str, int], total: int) -> Any:
    """A jieba ``Tokenizer`` that knows exactly the vocabulary ``freq`` (and
    the total frequency ``total``): jieba's own segmentation, to compare
    with.  Uses jieba 0.42's fields ``FREQ``, ``total`` and ``initialized``
    (the version is pinned)."""
    jieba = import_jieba()
    tokenizer = jieba.Tokenizer()
    with _LOCK:
        tokenizer.FREQ, tokenizer.total = dict(freq), total
        tokenizer.initialized = True
    return tokenizer


def vocabulary_tokenizer(text: str) -> Any:
    """A jieba tokenizer that knows the words of jieba's own dictionary that
    occur in ``text`` (see :func:`read_vocabulary`)."""
    return jieba_tokenizer(*read_vocabulary(text))


class RunWords(dict[str, tuple[str, ...]]):
    """run -> its words (``words(run)``), for the last ``size`` runs met,
    the oldest forgotten first.  A plain dict: a text's runs are looked up
    with ``map(cache.__getitem__, runs)`` at C speed, where an
    ``lru_cache`` costs twice as much per run, and a run met before (most
    runs: a form's set phrases) costs one look-up."""

    def __init__(self, words: Callable[[str], tuple[str, ...]], size: int) -> None:
        super().__init__()
        self._words = words
        self._size = size
        #: How many runs were segmented (not found here).
        self.misses = 0

    def __missing__(self, run: str) -> tuple[str, ...]:
        words = self._words(run)
        self.misses += 1
        if len(self) >= self._size:
            # (Another thread may have taken the oldest out meanwhile.)
            with contextlib.suppress(KeyError, StopIteration, RuntimeError):
                del self[next(iter(self))]
        self[run] = words
        return words

    def __call__(self, run: str) -> tuple[str, ...]:
        return self[run]

    def cache_clear(self) -> None:
        """Forget every run, and the count of misses."""
        self.clear()
        self.misses = 0


class Segmenter:
    """The words that count in a text, for one vocabulary and set of keywords."""

    def __init__(
        self,
        freq: Mapping[str, int],
        total: int,
        keywords: tuple[str, ...],
        *,
        terms: Container[str] = frozenset(),
        counts: Callable[[str], bool] | None = None,
    ) -> None:
        """``terms`` and ``counts``: the words that a ranking counts (see
        :attr:`counted`), the terms and any other that ``counts`` keeps."""
        self.freq: dict[str, int] = dict(freq)
        self.total = total
        log_total = math.log(total)
        #: log probability of each dictionary word (jieba's ``calc``); a
        #: character that is no word counts as a frequency of 1.
        self._logp: dict[str, float] = {
            w: math.log(f) - log_total for w, f in self.freq.items() if f
        }
        self._unknown = -log_total
        #: The words of two characters or more by their first two
        #: characters: the first character's log probability and whether it
        #: is a word, the log probability of the two characters as a word
        #: (None when they are none), and the longer words with their length
        #: and log probability, shortest first.
        self._pairs: dict[str, _Pair] = {}
        longer: dict[str, list[tuple[str, int, float]]] = {}
        for w, p in sorted(self._logp.items(), key=lambda wp: len(wp[0])):
            if len(w) > 2:
                longer.setdefault(w[:2], []).append((w, len(w), p))
        for pair in sorted({w[:2] for w in self._logp if len(w) > 1}):
            self._pairs[pair] = (
                self._logp.get(pair[0], self._unknown),
                pair[0] in self._logp,
                self._logp.get(pair),
                tuple(longer.get(pair, ())),
            )
        # Longest first, so that 银龄科普 is found before 银龄.
        self.keywords = tuple(sorted(set(keywords), key=lambda k: (-len(k), k)))
        # Keywords of Chinese characters alone are found in each run; the
        # others (smart city, AI, 5G基站) in the whole text, whatever the
        # case and the spaces, and never inside a longer English word.
        chinese = tuple(k for k in self.keywords if _NOT_CJK.search(k) is None)
        others = tuple(k for k in self.keywords if _NOT_CJK.search(k) is not None)
        # One pattern: at each place the longest keyword wins.
        self._keyword_re: re.Pattern[str] | None = (
            re.compile("(" + _alternatives(chinese) + ")") if chinese else None
        )
        #: Each keyword that is not all Chinese, by its case folded as the
        #: pattern below ignores case (:func:`_case_key`): as the edition
        #: writes it (the first in order, for two written alike).
        self._spelled: dict[str, str] = {}
        for k in others:
            self._spelled.setdefault(_case_key(k), k)
        self._other_re: re.Pattern[str] | None = (
            re.compile("|".join(map(_spanning, others)), re.IGNORECASE) if others else None
        )
        #: A character that any of those keywords starts with, in any case
        #: (the regular expression's own: ſ is an s, K a k): a text without
        #: one, most texts, is not searched for them.
        self._other_start: re.Pattern[str] | None = (
            re.compile("|".join(sorted({re.escape(k[0]) for k in others})), re.IGNORECASE)
            if others
            else None
        )
        #: The same characters, listed, when they are all ASCII letters and
        #: digits (AI, 5G): ``in`` finds each at C speed, where a regular
        #: expression that ignores case reads a character in some 6 ns.
        self._other_chars: tuple[str, ...] | None = _any_case({k[0] for k in others})
        self._terms = terms
        self._counts = counts
        #: The words of a run that count (see :meth:`tokens`), cached.
        self.cut = RunWords(functools.partial(self._cut, False), _RUNS_CACHED)
        #: The words of a run that a ranking counts, cached: those in
        #: ``terms`` (a run of Chinese characters alone, most runs, has no
        #: other), and those ``counts`` keeps.
        self.counted = RunWords(functools.partial(self._cut, True), _RUNS_CACHED)

    def tokens(self, text: str) -> list[str]:
        """The words of ``text`` that count: jieba's words of two characters
        or more that are not stop words, and the edition's keywords found.

        The text is cut into the runs of characters that jieba segments
        apart anyway (its ``re_han_default``: punctuation and spaces end a
        run), and each run's words are kept in a cache: the check, the
        report and the roster rank the same form, and forms repeat their
        set phrases."""
        return list(self.words(text))

    def words(
        self,
        text: str,
        cut: Callable[[str], tuple[str, ...]] | None = None,
        keep: Callable[[str], bool] | None = None,
    ) -> Iterator[str]:
        """The words of :meth:`tokens`, as an iterator (each run's words
        chained, without a list).  With ``cut``, each run's words are
        ``cut(run)`` instead of :attr:`cut`'s (a cache of only the words
        that a ranking counts, say), and a keyword found in the whole text
        is kept when ``keep`` says so."""
        cut = self.cut.__getitem__ if cut is None else cut
        if self._other_re is None or not self._may_have_others(text):
            return itertools.chain.from_iterable(map(cut, _RUN.findall(text)))
        found = [self.keyword_term(m) for m in self._other_re.findall(text)]
        if found:  # most texts have none: no second pass
            text = self._other_re.sub("\n", text)
            if keep is not None:
                found = list(filter(keep, found))
        return itertools.chain(itertools.chain.from_iterable(map(cut, _RUN.findall(text))), found)

    def _may_have_others(self, text: str) -> bool:
        """Whether ``text`` has a character that a keyword that is not all
        Chinese starts with (in any case)."""
        chars = self._other_chars
        if chars is not None:
            return any(map(text.__contains__, chars))
        return self._other_start is not None and self._other_start.search(text) is not None

    def keyword_term(self, keyword: str) -> str:
        """The term of a keyword as found in a text: the edition's own
        spelling of a keyword that is not all Chinese (``Smart City`` for
        ``smart  city``, ``ſmart city``), a Chinese one as it is."""
        return self._spelled.get(_case_key(keyword), keyword)

    def _cut(self, counted: bool, run: str) -> tuple[str, ...]:
        """:attr:`cut`, or with ``counted`` :attr:`counted`, not cached."""
        terms = self._terms if counted else None
        parts = [run]
        found: list[str] = []
        if self._keyword_re is not None:
            # One pass: the parts between the keywords, and the keywords.
            pieces = self._keyword_re.split(run)
            if len(pieces) > 1:
                parts, found = pieces[::2], pieces[1::2]
        chinese = _NOT_CJK.search(run) is None
        words: list[str] = []
        for part in parts:
            if len(part) < 2:
                continue  # a word of one character is dropped anyway
            if chinese or _NOT_CJK.search(part) is None:
                self._path_words(part, terms, words)
            else:
                kept = [
                    w
                    for w in self.segment(part)
                    if len(w) > 1 and w not in STOPWORDS and _CJK_OR_WORD.match(w)
                ]
                words += kept if terms is None else filter(self._counts or terms.__contains__, kept)
        if found:
            words += found if terms is None else filter(terms.__contains__, found)
        return tuple(words)

    def _path_words(self, part: str, terms: Container[str] | None, words: list[str]) -> None:
        """The words of two characters or more on jieba's path through
        ``part`` (Chinese characters only: nothing to join) that are no
        stop word, and are in ``terms`` unless it is None, added to
        ``words``."""
        x = 0
        for k, e in reversed(self._choices(part)):
            if k >= x:
                x = e
                word = part[k:e]
                if word not in STOPWORDS and (terms is None or word in terms):
                    words.append(word)

    def _choices(self, run: str) -> list[tuple[int, int]]:
        """The words of two characters or more on jieba's most probable path
        through ``run`` (ties to the longer word), as (start, end) index
        pairs (``end`` exclusive), last first; every other place is a word of
        one character.

        jieba builds a dictionary of every place's word ends and a tuple per
        candidate; this goes backwards once, and looks at candidates only
        where a longer word can start (:attr:`_pairs`, by the place's two
        characters, which also hold the first character's log probability):
        elsewhere a place's score is its character's plus the next place's.
        The additions and comparisons are jieba's, in its order (the shorter
        word first), so the path is exactly jieba's."""
        n = len(run)
        if n < 2:
            return []
        pairs, logp, unknown = self._pairs, self._logp, self._unknown
        score = [0.0] * (n + 1)
        chosen: list[tuple[int, int]] = []
        last = score[n - 1] = logp.get(run[n - 1], unknown)
        for k in range(n - 2, -1, -1):
            pair = pairs.get(run[k : k + 2])
            if pair is None:
                score[k] = last = logp.get(run[k], unknown) + last
                continue
            best, found, two, words = pair
            best += last
            best_end = k + 1
            if two is not None:
                s = two + score[k + 2]
                if s >= best or not found:
                    best, best_end, found = s, k + 2, True
            for word, size, p in words:
                if run.startswith(word, k):
                    s = p + score[k + size]
                    if s >= best or not found:
                        best, best_end, found = s, k + size, True
            score[k] = last = best
            if best_end > k + 1:
                chosen.append((k, best_end))
        return chosen

    def segment(self, run: str) -> list[str]:
        """jieba's segmentation of one run without HMM (``Tokenizer.cut(run,
        HMM=False)``: the most probable path through the dictionary's words,
        ties to the longer word, single ASCII letters and digits joined)."""
        words: list[str] = []
        buf = ""
        x = 0
        n = len(run)
        chosen = iter([*self._path(run), (n, n)])
        k, e = next(chosen)
        while x < n:
            while k < x:
                k, e = next(chosen)
            y = e if k == x else x + 1
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

    def _path(self, run: str) -> list[tuple[int, int]]:
        """The longer words of :meth:`_choices` that the path goes through."""
        path: list[tuple[int, int]] = []
        x = 0
        for k, e in reversed(self._choices(run)):
            if k >= x:
                path.append((k, e))
                x = e
        return path


#: The characters besides its two cases that a regular expression that
#: ignores case takes for an ASCII letter (İ and ı for i, the Kelvin sign
#: for k, the long s for s); the tests check this against ``re``.
ASCII_CASES: Final = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


#: What :meth:`str.casefold` keeps apart from an i that a regular expression
#: ignoring case takes for one: the dotless ı, and the dotted İ (whose lower
#: case is two characters, an i and a combining dot).
_DOTTED_I: Final = str.maketrans({"\u0130": "i", "\u0131": "i"})


def _case_key(keyword: str) -> str:
    """``keyword`` as found in a text, or as the edition writes it, folded
    so that two spellings a regular expression ignoring case takes for each
    other are one (``SMART  City``, ``ſmart city``, ``\u212aey lab``, ``aİ``):
    its white space one space, its case folded (the long s and the Kelvin
    sign are an s and a k), the dotted and dotless i an i."""
    return " ".join(keyword.split()).translate(_DOTTED_I).casefold()


def _any_case(chars: Iterable[str]) -> tuple[str, ...] | None:
    """Every character that a regular expression that ignores case takes
    for one of ``chars``, when they are all ASCII letters and digits; else
    None."""
    out: set[str] = set()
    for c in chars:
        if not (c.isascii() and c.isalnum()):
            return None
        out.update((c.lower(), c.upper(), *ASCII_CASES.get(c.lower(), "")))
    return tuple(sorted(out)) or None


def _spanning(keyword: str) -> str:
    """A regular expression for a keyword that is not all Chinese: its
    words apart by any white space, and not inside a longer English word or
    number."""
    body = r"\s+".join(map(re.escape, keyword.split()))
    before = r"(?<![A-Za-z0-9])" if _ENG.match(keyword[0]) else ""
    after = r"(?![A-Za-z0-9])" if _ENG.match(keyword[-1]) else ""
    return before + body + after


def _alternatives(words: Iterable[str]) -> str:
    """A regular expression that matches, at a place, the longest of
    ``words`` that starts there: the words as a tree of their common
    prefixes (a word that continues is tried before one that ends), which
    the regular expression engine walks much faster than a list of
    alternatives."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _pattern(tree)


def _pattern(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body
