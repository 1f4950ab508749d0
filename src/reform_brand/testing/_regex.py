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

__all__ = ["example_for_pattern", "examples_for_pattern", "has_positive_lookaround"]

_PREFERRED = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: The kinds of character a mixed example takes one of each of, in turn.
_KINDS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
#: How many times a mixed example repeats an open-ended item.
_MIXED_REPEAT = 8
#: The longest text made for a pattern (longer than any field holds).
_LONGEST = 100_000


def example_for_pattern(pattern: str) -> str | None:
    """A short string that ``re.search(pattern, s)`` matches, or ``None``
    when the pattern uses constructs this generator does not handle.

    Lookarounds (``(?=.*[0-9])``) are left out of the generated text; when the
    shortest string does not satisfy them, a mixed one is tried, whose
    characters take a digit, a lower-case and an upper-case letter (and the
    ends of the ranges a class names) in turn, from the first or the second
    choice on.  Whatever is returned matches the pattern: it is checked."""
    return next(iter(examples_for_pattern(pattern)), None)


def examples_for_pattern(pattern: str) -> list[str]:
    """The strings :func:`example_for_pattern` tries that match ``pattern``,
    shortest first, without repeats (none when it handles no construct)."""
    try:
        tree = parse_pattern(pattern)
        texts = [_Gen().gen(tree), *(_Gen(mixed=True, turn=t).gen(tree) for t in (0, 1))]
    except (re.error, _Unsupported, RecursionError):
        return []
    return list(dict.fromkeys(t for t in texts if re.search(pattern, t)))


def has_positive_lookaround(pattern: str) -> bool:
    """Whether ``pattern`` holds a positive lookahead or lookbehind (``(?=``,
    ``(?<=``), which Hypothesis's ``from_regex`` draws as text of its own;
    ``False`` for a pattern Python does not read.  (A negative one, such as the
    ``(?![\\s\\S])`` that ends a form's JSON Schema pattern, it draws as
    nothing, which the pattern then checks.)"""
    try:
        tree = parse_pattern(pattern)
    except (re.error, RecursionError):
        return False
    return _asserts(tree)


def _asserts(node: Any) -> bool:
    c = sre_constants
    if isinstance(node, tuple | list) or type(node).__name__ == "SubPattern":
        items = list(node)
        # Opcodes are named constants: compared by identity, not as numbers.
        if len(items) == 2 and items[0] is c.ASSERT:
            return True
        return any(_asserts(x) for x in items)
    return False


class _Unsupported(Exception):
    pass


def _inside(ranges: list[tuple[int, int]], ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in ranges)


def _choices(ranges: list[tuple[int, int]], negated: bool) -> list[str]:
    """Characters of the set (of its complement when ``negated``): the first
    preferred one, then one of each kind, then the ends of each range."""
    picked = [ch for ch in _PREFERRED if _inside(ranges, ch) != negated][:1]
    for kind in _KINDS:
        picked += [ch for ch in kind if _inside(ranges, ch) != negated][:1]
    if not negated:
        picked += [chr(end) for lo_hi in ranges for end in lo_hi]
    if not picked:
        raise _Unsupported
    return list(dict.fromkeys(picked))


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


def _set_ranges(items: Any) -> tuple[list[tuple[int, int]], bool]:
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
    return ranges, negated


class _Gen:
    """Text for a parsed pattern: the shortest (each class gives its first
    choice, each item repeats its least number of times), or ``mixed`` (the
    classes' choices in turn, open-ended items repeated a few times)."""

    def __init__(self, *, mixed: bool = False, turn: int = 0) -> None:
        self.mixed = mixed
        self.turn = turn

    def pick(self, choices: list[str]) -> str:
        if not self.mixed:
            return choices[0]
        self.turn += 1
        return choices[(self.turn - 1) % len(choices)]

    def repeat(self, low: int, high: int, item: Any) -> str:
        times = max(low, 0)
        if self.mixed:
            times = max(times, min(high, _MIXED_REPEAT))
        shortest = item.getwidth()[0] if hasattr(item, "getwidth") else 0
        if shortest * times > _LONGEST:
            raise _Unsupported  # known before writing any of it
        out: list[str] = []
        size = 0
        for _ in range(times):
            out.append(self.gen(item))
            size += len(out[-1])
            if size > _LONGEST:  # ((a{1000}){1000}){1000}: no example to write
                raise _Unsupported
        return "".join(out)

    def gen(self, sub: Any) -> str:
        c = sre_constants
        out: list[str] = []
        for op, av in sub:
            if op is c.LITERAL:
                out.append(chr(av))
            elif op is c.NOT_LITERAL:
                out.append(self.pick([ch for ch in "ab0A" if ord(ch) != av]))
            elif op is c.ANY:
                out.append(self.pick(["a", "0", "A"]))
            elif op is c.IN:
                out.append(self.pick(_choices(*_set_ranges(av))))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
                out.append(self.repeat(*av))
            elif op is c.SUBPATTERN:
                out.append(self.gen(av[-1]))
            elif op is getattr(c, "ATOMIC_GROUP", None):
                out.append(self.gen(av))
            elif op is c.BRANCH:
                out.append(self.gen(av[1][0]))
            elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue  # anchors and lookarounds: the result is checked
            elif op is c.CATEGORY:
                out.append(self.pick(_choices(_category(av), False)))
            else:
                raise _Unsupported
        return "".join(out)
