"""JSON text indented as ``json.dumps(value, ensure_ascii=False, indent=2)``
writes it, made faster.

The standard library encodes an indented document with its pure-Python
encoder (its C encoder serves only compact output).  :func:`indented`
builds the same text by appending to a list, with the C functions for
strings; a test compares the two on generated values.  It takes the values
a report is made of: dicts with string keys, lists and tuples (and long
lists of names kept on disk), strings, integers, floats, booleans and None.
"""

from __future__ import annotations

import json
import json.encoder
import math
import re
from collections.abc import Callable, Iterable
from typing import IO, Any, Final, cast

from reform_brand._textlist import TextList

__all__ = ["escaping_surrogates", "indented", "write_indented", "write_list"]

_STEP: Final = "  "
#: The pieces :func:`write_indented` gathers before it writes them.
_PIECES: Final = 4096
#: The standard library's string encoder without ASCII escapes (its C
#: function when available).
_string: Callable[[str], str] = json.encoder.encode_basestring
_float: Callable[[float], str] = float.__repr__


def _floated(value: float) -> str:
    if not math.isfinite(value):
        # As json.dumps writes them (it allows NaN and infinities by default).
        return json.dumps(value)
    return _float(value)


def _put(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_floated(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + _STEP
        sep = "{\n" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"keys must be str, not {type(key).__name__}")
            out.append(sep)
            out.append(_string(key))
            out.append(": ")
            _put(item, inner, out)
            sep = ",\n" + inner
        out.append("\n" + indent + "}")
    elif isinstance(value, list | tuple | TextList):
        if not value:
            out.append("[]")
            return
        inner = indent + _STEP
        sep = "[\n" + inner
        for item in value:
            out.append(sep)
            _put(item, inner, out)
            sep = ",\n" + inner
            if len(out) >= _PIECES and isinstance(out, _Pieces):
                out.flush()
        out.append("\n" + indent + "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def indented(value: Any, prefix: str = "") -> str:
    """``prefix + json.dumps(value, ensure_ascii=False, indent=2)`` with
    ``prefix`` also after every line break: the text of ``value`` as a part
    of a document indented by ``prefix``."""
    out: list[str] = [prefix]
    _put(value, prefix, out)
    return "".join(out)


class _Pieces(list[str]):
    """The pieces of a text, written to ``out`` whenever there are many."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        self.out = out

    def flush(self) -> None:
        self.out.write("".join(self))
        self.clear()


def write_indented(out: IO[str], value: Any, prefix: str = "") -> None:
    """Write :func:`indented` ``(value, prefix)`` to ``out`` a part at a
    time: a list of 100,000 names kept on disk (a
    :class:`~reform_brand._textlist.TextList`) is never one string."""
    pieces = _Pieces(out)
    pieces.append(prefix)
    _put(value, prefix, pieces)
    pieces.flush()


def write_list(
    out: IO[str], entries: Iterable[str | Callable[[IO[str]], None]], indent: str
) -> None:
    """A list of ``entries`` (each as :func:`indented` makes it at the
    list's level, or what writes it so to ``out``) written to ``out`` as
    ``json.dumps(indent=2)`` writes a list whose own line is indented by
    ``indent``: ``[]``, or one entry a line and the closing bracket under
    the list's indentation."""
    first = True
    for entry in entries:
        if isinstance(entry, str):
            out.write(("[\n" if first else ",\n") + entry)
        else:
            out.write("[\n" if first else ",\n")
            entry(out)
        first = False
    out.write("[]" if first else "\n" + indent + "]")


#: A lone surrogate: half a character (a report built by code from a
#: ``"\\ud800"``), or a byte of a file name that is not UTF-8 (as
#: ``os.fsdecode`` gives it), which no UTF-8 file can hold.
_LONE: Final = re.compile("[\ud800-\udfff]")


def _escaped(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


class _Escaping:
    """What writes to ``out`` with each lone surrogate as its JSON escape."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(_LONE.sub(_escaped, text))


def escaping_surrogates(out: IO[str]) -> IO[str]:
    """``out`` for JSON text: each lone surrogate written as its escape
    (``\\ud800``, as ``json.dumps`` with ``ensure_ascii`` writes it, read
    back as the same string), so that a UTF-8 file takes the text whole.
    Only a JSON string can hold one, so the text stays the same JSON.  (Only
    ``write`` is used of what it returns.)"""
    return cast("IO[str]", _Escaping(out))
