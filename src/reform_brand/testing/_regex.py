"""The shortest plain string a regular expression matches, for example values.

Deterministic (no randomness): the factory of valid submissions uses it for
fields with a ``pattern`` and no usable ``example``.  It reads the pattern
with the standard library's own parser (see :func:`reform_brand.maint._lint.parse_pattern`).
"""

from __future__ import annotations

import re
from typing import Any

from reform_brand.maint._patterns import parse_pattern

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants

__all__ = ["example_for_pattern"]

_PREFERRED = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def example_for_pattern(pattern: str) -> str | None:
    """A short string that ``re.search(pattern, s)`` matches, or ``None``
    when the pattern uses constructs this generator does not handle."""
    try:
        text = _gen(parse_pattern(pattern))
    except (re.error, _Unsupported, RecursionError):
        return None
    return text if re.search(pattern, text) else None


class _Unsupported(Exception):
    pass


def _pick(ranges: list[tuple[int, int]], negated: bool) -> str:
    def inside(ch: str) -> bool:
        return any(lo <= ord(ch) <= hi for lo, hi in ranges)

    for ch in _PREFERRED:
        if inside(ch) != negated:
            return ch
    if not negated and ranges:
        return chr(ranges[0][0])
    raise _Unsupported


def _category(cat: Any) -> list[tuple[int, int]]:
    c = sre_constants
    table = {
        c.CATEGORY_DIGIT: [(48, 57)],
        c.CATEGORY_WORD: [(48, 57), (65, 90), (97, 122), (95, 95)],
        c.CATEGORY_SPACE: [(32, 32)],
    }
    if cat in table:
        return table[cat]
    negations = {
        c.CATEGORY_NOT_DIGIT: [(97, 122)],
        c.CATEGORY_NOT_WORD: [(45, 45)],
        c.CATEGORY_NOT_SPACE: [(97, 122)],
    }
    if cat in negations:
        return negations[cat]
    raise _Unsupported


def _set(items: Any) -> str:
    c = sre_constants
    ranges: list[tuple[int, int]] = []
    negated = False
    for op, av in items:
        if op is c.NEGATE:
            negated = True
        elif op is c.LITERAL:
            ranges.append((av, av))
        elif op is c.RANGE:
            ranges.append(av)
        elif op is c.CATEGORY:
            ranges.extend(_category(av))
        else:
            raise _Unsupported
    return _pick(ranges, negated)


def _gen(sub: Any) -> str:
    c = sre_constants
    out: list[str] = []
    for op, av in sub:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op is c.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op is c.ANY:
            out.append("a")
        elif op is c.IN:
            out.append(_set(av))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _high, item = av
            out.append(_gen(item) * max(low, 0))
        elif op is c.SUBPATTERN:
            out.append(_gen(av[-1]))
        elif op is getattr(c, "ATOMIC_GROUP", None):
            out.append(_gen(av))
        elif op is c.BRANCH:
            out.append(_gen(av[1][0]))
        elif op is c.AT:
            continue
        elif op is c.CATEGORY:
            out.append(_pick(_category(av), False))
        else:
            raise _Unsupported
    return "".join(out)
