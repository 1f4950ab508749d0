"""Fuzzy comparison of the text read from a scan with the Word form's title,
unit and project name.  OCR errs, so a value counts as present when some
stretch of the scan's text is close enough to it; short values (a unit's
name) must match exactly, since one character is all that tells 济南市科协
from 青岛市科协."""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable, Sequence

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
    about its length (both normalised), and that stretch."""
    n = len(needle)
    if not n or not haystack:
        return 0.0, ""
    if needle in haystack:
        return 1.0, needle
    best, where = 0.0, ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for size in {max(1, n - 1), n, n + 1}:
        for start in range(max(1, len(haystack) - size + 1)):
            window = haystack[start : start + size]
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, where = ratio, window
    return best, where


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
