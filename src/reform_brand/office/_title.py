"""A form's title as units write it at the head of the form.

A paragraph (or a cell) names a form when it holds the form's title — both
squashed (:func:`~reform_brand.office._grid.squash`: NFKC, no white space)
— with at most a short prefix (``附件1``) and a short suffix of words in
brackets or after a dash: ``（样表）``, ``(2022)``, ``【修订稿】``,
``- 副本``, ``——修改稿``, one or more.  Other words after the title
(``…申报表填报说明``, ``…申报表汇总表``) make it another heading, not the
title.  A title broken over two lines (Enter pressed to wrap it) is the
two paragraphs read together.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Final

from reform_brand.office._grid import squash

__all__ = ["MAX_PREFIX", "MAX_SUFFIX", "is_title", "title_keys"]

#: The most characters before the title (``附件1``, ``附件 1：``).
MAX_PREFIX: Final = 12
#: The most characters after the title (squashed).
MAX_SUFFIX: Final = 24

_OPEN: Final = "([【〔〈《「『"
_CLOSE: Final = ")]】〕〉》」』"
#: Dashes as typed (NFKC makes the full-width ones half width).
_DASHES: Final = "-‐‑‒–—―~_"
_BRACKETS: Final = re.escape(_OPEN + _CLOSE)
_SUFFIX: Final = re.compile(
    "(?:"
    f"[{re.escape(_OPEN)}][^{_BRACKETS}]{{1,16}}[{re.escape(_CLOSE)}]"
    f"|[{re.escape(_DASHES)}]+[^{re.escape(_DASHES)}{_BRACKETS}]{{1,16}}"
    ")+"
)


def title_keys(paragraphs: Iterable[str], titles: Collection[str]) -> Iterator[str]:
    """The squashed texts the squashed ``titles`` are looked for in: each
    paragraph that is not blank, then each two of them in a row that hold
    no title alone and together are no longer than a title with its prefix
    and suffix."""
    keys = [key for key in map(squash, paragraphs) if key]
    yield from keys
    most = max(map(len, titles), default=0) + MAX_PREFIX + MAX_SUFFIX
    for first, second in itertools.pairwise(keys):
        if len(first) + len(second) > most:
            continue
        if not any(title in first or title in second for title in titles):
            yield first + second


def is_title(key: str, title: str) -> bool:
    """Whether the squashed text ``key`` is the squashed ``title`` with a
    short prefix and a suffix of bracketed or dash-separated words (see the
    module)."""
    start = key.find(title)
    while 0 <= start <= MAX_PREFIX:
        rest = key[start + len(title) :]
        if not rest or (len(rest) <= MAX_SUFFIX and _SUFFIX.fullmatch(rest) is not None):
            return True
        start = key.find(title, start + 1)
    return False
