"""Form-field checks of the edition linter: patterns (nested quantifiers,
anchors) and examples that must fit their field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, Final

from reform_brand._portable import pattern_tokens
from reform_brand.codes._info import Localized
from reform_brand.model import FormField

try:  # Python 3.11+: the standard library's regular expression parser
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants
    import sre_parse

__all__ = [
    "anchored",
    "example_problem",
    "nested_quantifiers",
    "parse_pattern",
    "pattern_style",
    "word_classes",
]


_JSON_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def anchored(pattern: str) -> bool:
    """``^...$`` (``\\A`` and ``\\Z`` are Python's only: the loader refuses them)."""
    return pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")


def _reason(zh: str, en: str) -> Localized:
    """A reason in both languages; the JSON form of the finding carries the
    English text, as it did before the reasons were translated."""
    return Localized(zh=zh, en=en, value=en)


def _number_example_problem(f: FormField) -> Localized | None:
    """Why a number field's example does not fit it: not a number written as
    JSON writes one, not whole for an ``integer`` field, or out of range."""
    if not _JSON_NUMBER.fullmatch(f.example):
        return _reason("不是写作 120 或 12.5 这样的数字", "not a number written like 120 or 12.5")
    number = float(f.example)
    if f.type == "integer" and not number.is_integer():
        return _reason("不是整数", "not a whole number")
    if f.minimum is not None and number < f.minimum:
        return _reason(f"小于下限 {f.minimum}", f"less than the minimum {f.minimum}")
    if f.maximum is not None and number > f.maximum:
        return _reason(f"大于上限 {f.maximum}", f"more than the maximum {f.maximum}")
    return None


def example_problem(f: FormField) -> Localized | None:
    """Why the example of ``f`` does not fit the field, in both languages
    (``None`` when it fits)."""
    value = f.example
    if f.is_number:
        return _number_example_problem(f)
    if f.max_chars and len(value) > f.max_chars:
        return _reason(f"超过 {f.max_chars} 个字", f"longer than {f.max_chars} characters")
    if f.type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return _reason("不是写作 YYYY-MM-DD 的日期", "not a date written YYYY-MM-DD")
        return None
    if f.type == "choice":
        values = sorted({c.value for c in f.choices})
        if value in values:
            return None
        return _reason("不是以下选项之一：" + "、".join(values), f"not one of {', '.join(values)}")
    if f.pattern:
        if _nested_count(f.pattern):
            # Matching could take exponential time on a near-miss example
            # (``^(a+)+$`` and ``aaa...a!``): the pattern is reported as
            # lint.pattern-backtracking, its example is not tried.
            return None
        try:
            matched = re.search(f.pattern, value) is not None
        except (re.error, OverflowError):
            return None  # reported as edition.bad-pattern
        if not matched:
            return _reason("不符合规定的格式", "does not match the pattern")
    return None


# -- nested quantifiers ------------------------------------------------------------


def pattern_style(pattern: str) -> Iterator[tuple[str, dict[str, str | Localized]]]:
    """The lint's findings (code, parameters) about a pattern that compiles:
    nested quantifiers, no anchors, ``\\d`` (full-width digits too),
    word classes (:func:`word_classes`)."""
    count = _nested_count(pattern)
    if count:
        yield "lint.pattern-backtracking", {"detail": _nested_reason(count)}
    if not anchored(pattern):
        yield "lint.pattern-unanchored", {}
    if any(token == "\\d" for token, _in_class in pattern_tokens(pattern)):
        yield "lint.pattern-digit-class", {}
    words = word_classes(pattern)
    if words:
        yield "lint.pattern-word-class", {"classes": " ".join(words)}


def word_classes(pattern: str) -> tuple[str, ...]:
    """The escapes of ``pattern`` whose meaning depends on what a word
    character is, in the order first used: ``\\w`` and ``\\W`` anywhere,
    ``\\b`` and ``\\B`` outside a character class (inside one, ``\\b`` is
    a backspace).  Python counts a Chinese character as a word character,
    ECMAScript does not."""
    found: list[str] = []
    for token, in_class in pattern_tokens(pattern):
        if len(token) != 2 or token in found:
            continue
        if token[1] in "wW" or (token[1] in "bB" and not in_class):
            found.append(token)
    return tuple(found)


def parse_pattern(pattern: str) -> Any:
    """``pattern`` read by Python's own parser (a ``SubPattern``); raises
    :class:`re.error`."""
    return sre_parse.parse(pattern)


def nested_quantifiers(pattern: str) -> str:
    """A description of the first nested quantifier in ``pattern`` (``""``
    when there is none): a repeat whose body can itself match a varying
    number of repeats, such as ``(a+)+``, ``(\\w*)*`` or ``(a|b+){2,}``.

    Such patterns can take exponential time on input that almost matches.
    The pattern is read with Python's own regular expression parser.
    """
    count = _nested_count(pattern)
    return _nested_reason(count).en if count else ""


def _nested_reason(count: str) -> Localized:
    """The nested quantifier found, in both languages (the JSON form keeps
    the English text)."""
    en = f"a group repeated {count} that itself repeats"
    return Localized(zh=f"重复 {count} 次的组，其中又有可变次数的重复", en=en, value=en)


def _nested_count(pattern: str) -> str:
    """The count (``{1,}``) of the first repeat of ``pattern`` whose body
    itself repeats a varying number of times; "" when none."""
    try:
        parsed = parse_pattern(pattern)
    except (re.error, OverflowError):
        return ""
    c = sre_constants
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT}
    if hasattr(c, "POSSESSIVE_REPEAT"):
        repeats.add(c.POSSESSIVE_REPEAT)
    unbounded = c.MAXREPEAT

    def inner_repeat(items: Any) -> bool:
        """Whether ``items`` holds a repeat matching a varying count."""
        for op, av in items:
            if op in repeats:
                low, high, body = av
                if high != low or inner_repeat(body):
                    return True
            elif op is c.SUBPATTERN:
                if inner_repeat(av[-1]):
                    return True
            elif op is c.BRANCH:
                if any(inner_repeat(alt) for alt in av[1]):
                    return True
            elif op is getattr(c, "ATOMIC_GROUP", None):
                continue  # an atomic group does not backtrack into its body
        return False

    def search(items: Any) -> str:
        for op, av in items:
            if op in repeats:
                low, high, body = av
                if (
                    (high == unbounded or high > 1)
                    and op != getattr(c, "POSSESSIVE_REPEAT", None)
                    and inner_repeat(body)
                ):
                    return f"{{{low},}}" if high == unbounded else f"{{{low},{high}}}"
                found = search(body)
                if found:
                    return found
            elif op is c.SUBPATTERN:
                found = search(av[-1])
                if found:
                    return found
            elif op is c.BRANCH:
                for alt in av[1]:
                    found = search(alt)
                    if found:
                        return found
            elif op is getattr(c, "ATOMIC_GROUP", None):
                found = search(av)
                if found:
                    return found
        return ""

    return search(parsed)
