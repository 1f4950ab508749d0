"""Quota checks of the edition linter that read the notice's own words: the
number its text quotes and whether it says "in principle" (原则上).

A copied edition changes a quota's ``limit`` or ``soft`` and leaves the
``notice_text`` it cites as it was (or the other way round): the check then
counts by one rule and tells submitters the other.  Only numbers counted in
units of projects are read (``3 个``, ``三项``, ``1 个品牌项目``), never a year
or a clause number, so a text that quotes no count says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Final

from reform_brand._text import nfkc
from reform_brand.findings import Finding
from reform_brand.model import Quota

__all__ = ["quota_counts", "quota_texts"]

_NUMERALS: Final = dict(
    zip("〇零一二两三四五六七八九十", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10), strict=True)
)
#: A count: digits or one Chinese numeral, then a measure word of projects.
_COUNT: Final = re.compile(r"([0-9]+|[一二两三四五六七八九十〇零])\s*(?:个|项|件|份)")
#: What the notice writes for a soft quota.
_SOFT_WORDS: Final = ("原则上",)


def quota_counts(text: str) -> tuple[int, ...]:
    """The counts of projects ``text`` quotes, in order (full-width digits
    read as digits)."""
    found = (m.group(1) for m in _COUNT.finditer(nfkc(text)))
    return tuple(int(n) if n.isdigit() else _NUMERALS[n] for n in found)


def quota_texts(quotas: Sequence[Quota], finding: Callable[..., Finding]) -> Iterator[Finding]:
    """``lint.quota-text-limit`` where a quota's text quotes counts and none
    is its limit; ``lint.quota-text-soft`` where a hard quota's text says
    原则上."""
    for i, q in enumerate(quotas):
        counts = quota_counts(q.notice_text)
        if counts and q.limit not in counts:
            yield finding(
                "lint.quota-text-limit",
                f"/quotas/{i}/limit",
                clause=q.clause,
                quota=q.id,
                limit=q.limit,
                counts=tuple(map(str, counts)),
            )
        if not q.soft and any(w in q.notice_text for w in _SOFT_WORDS):
            yield finding("lint.quota-text-soft", f"/quotas/{i}/soft", clause=q.clause, quota=q.id)
