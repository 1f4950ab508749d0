"""Numbers of a JSON text as the readers of submissions take them, and the
place of the one they refuse.

Python's parser reads ``NaN``, ``Infinity`` and ``1e999`` (infinity) unless
told not to, and says no place for a value it or its hooks refuse: the
readers pass :func:`finite_float` as its hook, and find the refused value
with :func:`refused_number_at`.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

__all__ = ["finite_float", "pairs_hook", "place", "refuse_constant", "refused_number_at"]


def _clip(text: str) -> str:
    """``text`` cut to 40 characters for a message."""
    return text if len(text) <= 40 else text[:39] + "…"


def finite_float(text: str) -> float:
    """A JSON number with a fraction or an exponent, refused (a
    ``ValueError``) when no float holds it: ``1e999`` would be infinity."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number out of range: {_clip(text)}")
    return value


def refuse_constant(name: str) -> Any:
    """The parser's ``parse_constant`` hook: ``NaN``, ``Infinity`` and
    ``-Infinity`` are no JSON (a ``ValueError``)."""
    raise ValueError(f"{name} is not allowed in JSON")


def pairs_hook(duplicates: list[str], most: int = 20) -> Any:
    """An ``object_pairs_hook`` that builds each object as the parser does
    (the last value of a key kept) and appends to ``duplicates`` each key
    an object gives twice (at most ``most`` of them): the parser drops the
    earlier values without a word."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out and len(duplicates) < most:
                duplicates.append(key)
            out[key] = value
        return out

    return hook


#: A JSON string, constant or number, as the parser reads them.
_TOKEN: Final = re.compile(
    r'"(?:[^"\\]+|\\.)*"|-?Infinity|NaN|-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?'
)


def refused_number_at(text: str) -> dict[str, int]:
    """Where the first value of the JSON ``text`` that is no finite number
    Python reads (``NaN``, ``Infinity``, ``-Infinity``, ``1e999``, an integer
    of 5,000 digits) is: ``line`` and ``column``, from 1, as an editor counts
    them (the parser refuses it with a ``ValueError`` that says no place).
    Line 0, column 0 when there is none."""
    for m in _TOKEN.finditer(text):
        token = m.group()
        if token[0] == '"':
            continue
        if token[-1] in "yN" or _out_of_range(token, fraction=bool(m.group(1) or m.group(2))):
            return place(text, m.start())
    return {"line": 0, "column": 0}


def _out_of_range(token: str, *, fraction: bool) -> bool:
    try:
        # (An integer of more digits than Python converts, 4,300, is refused
        # by the parser itself.)
        finite_float(token) if fraction else int(token)
    except ValueError:
        return True
    return False


def place(text: str, at: int) -> dict[str, int]:
    """Line and column (from 1) of the character at index ``at`` of ``text``."""
    return {"line": text.count("\n", 0, at) + 1, "column": at - (text.rfind("\n", 0, at) + 1) + 1}
