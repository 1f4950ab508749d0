"""Fuzzy comparison of the text read from a scan with the Word form's title,
unit and project name.  OCR errs, so a value counts as present when some
stretch of the scan's text is close enough to it; short values (a unit's
name) must match exactly, since one character is all that tells 济南市科协
from 青岛市科协."""

from __future__ import annotations

import collections
import difflib
import functools
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence

from attrs import frozen

__all__ = ["Expected", "Mismatch", "compare", "normalise", "similarity"]


@frozen(kw_only=True)
class Expected:
    """A value the scan must show: the form's title or a field's value."""

    key: str
    label: str
    label_en: str
    value: str
    #: Values the scan may show instead, which it must be closer to
    #: ``value`` than to: the titles of the edition's other forms, for a
    #: form's title (…申报表 and …推荐表 are 90 % alike).
    rivals: tuple[str, ...] = ()


@frozen(kw_only=True)
class Mismatch:
    key: str
    label: str
    label_en: str
    expected: str
    #: The closest stretch of the scan's text (normalised), possibly empty.
    found: str
    score: float


@functools.lru_cache(maxsize=512)
def normalise(text: str) -> str:
    """Letters, digits and CJK characters only (NFKC; case folded): spaces,
    punctuation and quotes are what OCR reads least reliably.  The last
    texts are remembered: a scan's lines and a Word form's text are compared
    with every submission that names them."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def _threshold(n: int) -> float:
    if n <= 6:
        return 0.99
    if n <= 12:
        return 0.85
    return 0.8


def similarity(needle: str, haystack: str) -> tuple[float, str]:
    """The best ratio of ``needle`` against a stretch of ``haystack`` of
    about its length (both normalised), and that stretch: difflib's
    ``ratio``, computed only for the stretches whose upper bounds
    (``real_quick_ratio``, ``quick_ratio``) pass the best found so far."""
    n = len(needle)
    if not n or not haystack:
        return 0.0, ""
    if needle in haystack:
        return 1.0, needle
    best, where = 0.0, ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    wanted = collections.Counter(needle)
    for size in {max(1, n - 1), n, n + 1}:
        length = min(size, len(haystack))
        # (difflib's own bounds, as it computes them: the same floats.)
        total = length + n
        longest = 2.0 * min(length, n) / total
        for start, matches in _windows(haystack, size, wanted):
            if longest <= best or 2.0 * matches / total <= best:
                continue
            window = haystack[start : start + size]
            matcher.set_seq1(window)
            ratio = matcher.ratio()
            if ratio > best:
                best, where = ratio, window
    return best, where


def _windows(text: str, size: int, wanted: Mapping[str, int]) -> Iterator[tuple[int, int]]:
    """For each stretch of ``text`` of ``size`` characters (the whole text,
    when shorter), where it starts and how many of its characters ``wanted``
    holds (each at most as many times as there): what difflib's
    ``quick_ratio`` counts, kept as the stretch moves on one character
    rather than counted again for each."""
    held: dict[str, int] = {}
    matches = 0
    for ch in text[:size]:
        have = held.get(ch, 0)
        if have < wanted.get(ch, 0):
            matches += 1
        held[ch] = have + 1
    yield 0, matches
    for start in range(1, len(text) - size + 1):
        gone, come = text[start - 1], text[start + size - 1]
        if gone != come:
            have = held[gone]
            if have <= wanted.get(gone, 0):
                matches -= 1
            held[gone] = have - 1
            have = held.get(come, 0)
            if have < wanted.get(come, 0):
                matches += 1
            held[come] = have + 1
        yield start, matches


def _rival_shown(item: Expected, needle: str, whole: str, score: float) -> bool:
    """Whether the text shows one of ``item``'s rivals at least as well as
    ``item`` (scored ``score``): another form's title read as this one's."""
    rivals = {normalise(r) for r in item.rivals} - {needle, ""}
    return any(similarity(r, whole)[0] >= score for r in rivals)


def compare(lines: Iterable[str], expected: Sequence[Expected]) -> list[Mismatch]:
    """The expected values the text does not show (in the order given)."""
    texts = [normalise(t) for t in lines]
    whole = "".join(texts)
    out = []
    for item in expected:
        needle = normalise(item.value)
        if not needle:
            continue
        score, found = similarity(needle, whole)
        if score < _threshold(len(needle)) or _rival_shown(item, needle, whole, score):
            out.append(
                Mismatch(
                    key=item.key,
                    label=item.label,
                    label_en=item.label_en,
                    expected=item.value,
                    found=found,
                    score=round(score, 2),
                )
            )
    return out
