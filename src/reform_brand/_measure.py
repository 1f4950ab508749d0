"""Measuring a JSON value given already parsed, before anything is read
from it: how deep it nests, how many object members and array items it
holds, and whether a string (or a key) holds half a character.

One walk, not a recursion (the value may be as deep as JSON allows), that
stops at the first size limit passed; it costs a few microseconds on an
envelope, since most of its strings are ASCII (known at once) and the rest
are told by one encoding each.
"""

from __future__ import annotations

import re
from codecs import utf_16_le_encode
from collections.abc import Iterable
from typing import Final, Literal

__all__ = ["HALF", "is_half", "measured"]

#: A lone surrogate that stands for no byte of a file name (``os.fsdecode``
#: gives U+DC80-U+DCFF for those): half a character, as a JSON ``"\ud800"``.
HALF: Final = re.compile("[\ud800-\udc7f\udd00-\udfff]")


#: What holds other values (a tuple of types: ``isinstance`` takes it
#: faster than a union).
_CONTAINERS: Final = (dict, list, tuple)
_SEQUENCES: Final = (list, tuple)


def is_half(text: str) -> bool:
    """Whether ``text`` holds half a character (see :data:`HALF`)."""
    if text.isascii():
        return False
    try:
        # (UTF-16 refuses a lone surrogate as UTF-8 does, with less work
        # on Chinese text, and its codec is called directly, not looked up
        # by its name.)
        utf_16_le_encode(text)
    except UnicodeEncodeError:  # (a surrogate: half a character, or a byte)
        return HALF.search(text) is not None
    return False


def measured(
    value: object, max_depth: int, max_members: int
) -> tuple[Literal["deep", "many"] | None, bool]:
    """The first size limit ``value`` passes (``deep``: nested deeper than
    ``max_depth``; ``many``: more than ``max_members`` members and items in
    all) or None, and whether a string or key of it holds half a character
    (looked for until a limit is passed)."""
    count = 0
    # (The strings that are not ASCII, looked at once, joined, at the end:
    # one look costs less than one a string.)
    texts: list[str] = [value] if isinstance(value, str) and not value.isascii() else []
    todo: list[tuple[object, int]] = [(value, 0)]
    while todo:
        v, depth = todo.pop()
        if isinstance(v, dict):
            children: Iterable[object] = v.values()
            for k in v:
                if isinstance(k, str) and not k.isascii():
                    texts.append(k)
        elif isinstance(v, _SEQUENCES):
            children = v
        else:
            continue
        if depth >= max_depth:
            return "deep", _any_half(texts)
        count += len(v)
        if count > max_members:
            return "many", _any_half(texts)
        for c in children:
            if isinstance(c, str):
                if not c.isascii():
                    texts.append(c)
            elif isinstance(c, _CONTAINERS):
                todo.append((c, depth + 1))
    return None, _any_half(texts)


def _any_half(texts: list[str]) -> bool:
    """Whether one of ``texts`` holds half a character."""
    return bool(texts) and is_half("".join(texts))
