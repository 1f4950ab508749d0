"""Places a text names: provinces by their names, and names compared
without the levels of their places.

A place is written with its level (江苏省, 南京市, 广西壮族自治区) or
without it (江苏, 南京, 广西): either is the same place, and a unit's name
is the same with or without it (南京市科协, 南京科协).  A province's name
in a text is that province, read with what is around it:

* before 市, the name of a province that is no municipality is a city's
  (吉林市, a city of 吉林省); 北京市 is the province itself;
* a name is part of another word when that word begins before it: a text
  is read from its start, each place taking the longest province's name or
  other word found there (``provinces.json``'s ``not_places``), so
  浙江西部 names 浙江, not 江西, 辽宁夏季 names 辽宁, and 幸福建设,
  隆重庆祝, 中山西路 or 延吉林业局 name none;
* the edition's own province, and its cities, are its own.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from reform_brand.maint._units import not_places, province_levels, provinces
from reform_brand.model import Text

__all__ = ["bare", "own_provinces", "province_named"]

#: The levels a region's name ends in, longest first.
_LEVEL: Final = r"(?:壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|省|市)"
#: A level right after a place of two characters or more.
_INNER_LEVEL: Final = re.compile(rf"(?<=[\u4e00-\u9fff]{{2}}){_LEVEL}")


def bare(name: str) -> str:
    """``name`` without the levels after its places, to compare it with
    another spelling of the same (``江苏`` of ``江苏省``, ``南京科协`` of
    ``南京市科协``)."""
    return _INNER_LEVEL.sub("", name.strip())


def own_provinces(region: Text) -> frozenset[str]:
    """The province (its short name, and its English name) ``region`` is
    in: ``江苏`` of ``江苏省``, of ``江苏`` and of ``吉林市``'s ``吉林``;
    empty when it names none."""
    own = {(zh, en) for zh, en in provinces() if zh in region.zh}
    if not own and not region.zh.strip():
        own = {(zh, en) for zh, en in provinces() if en in region.en}
    return frozenset(w for pair in own for w in pair)


@functools.cache
def _words() -> tuple[str, ...]:
    """Province names and other words holding one, longest first."""
    return tuple(sorted({zh for zh, _ in provinces()} | set(not_places()), key=lambda w: -len(w)))


def _chinese(text: str, own: frozenset[str]) -> tuple[int, str, str] | None:
    levels = province_levels()
    i = 0
    while i < len(text):
        word = next((w for w in _words() if text.startswith(w, i)), None)
        if word is None:
            i += 1
            continue
        if word in levels and word not in own:
            if text.startswith("市", i + len(word)) and levels[word] != "市":
                return i, word + "市", "city"
            return i, word, "province"
        i += len(word)
    return None


def province_named(text: str, own: frozenset[str]) -> tuple[int, str, str] | None:
    """Where ``text`` first names a province other than ``own``, the word
    and what it is: ``"province"`` (``江苏``, ``Jiangsu``) or ``"city"``
    (``吉林市``, a city of another province); None for none.  An English
    name counts only as a whole word."""
    found = _chinese(text, own)
    for zh, en in provinces():
        if zh in own:
            continue
        m = re.search(r"(?<![A-Za-z])" + re.escape(en) + r"(?![A-Za-z])", text)
        if m is not None and (found is None or m.start() < found[0]):
            found = m.start(), en, "province"
    return found
