"""The line of an edition's TOML file that a JSON pointer into its data
names, for the linter's text and JSON output (``edition.toml:17``).

Python's TOML reader keeps no positions, so the file is read again line by
line: table headers (``[issuer]``, ``[[forms]]``, ``[[forms.fields]]``,
each array of tables counted as it goes) and keys (``title.zh = ...``),
skipping the lines of multi-line strings and arrays.  A pointer is placed on
the line of its longest part written in the file: ``/quotas/0/unit_kinds/1``
on ``unit_kinds = [...]``, an entry's member that is not written on the
entry's header.  A pointer of which nothing is written in the file (a key
that is missing) has no line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

__all__ = ["path_to_pointer", "pointer_line", "toml_places"]

_HEADER: Final = re.compile(r"^\s*(\[\[?)\s*([^\[\]=]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY: Final = re.compile(
    r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)
_PART: Final = re.compile(r"[A-Za-z0-9_-]+|\"([^\"]*)\"|'([^']*)'")
#: The strings and the comment of a line, which hold no bracket of the value.
_NOT_BRACKETS: Final = re.compile(r"\"(?:\\.|[^\"\\])*\"|'[^']*'|#.*$")


def _parts(text: str) -> list[str]:
    return [
        m[1] if m[1] is not None else m[2] if m[2] is not None else m[0]
        for m in _PART.finditer(text)
    ]


def _depth(text: str) -> int:
    """How many ``[`` of a value ``text`` opens and leaves open."""
    bare = _NOT_BRACKETS.sub("", text)
    return bare.count("[") - bare.count("]")


def _multi(rest: str) -> str | None:
    """The quotes of a multi-line string that ``rest`` opens and leaves open."""
    for quotes in ('"""', "'''"):
        if rest.count(quotes) % 2 == 1:
            return quotes
    return None


class _Reader:
    """Where each table and key of a TOML text is (by line, from 1)."""

    def __init__(self) -> None:
        self.places: dict[tuple[str, ...], int] = {}
        self.last: dict[tuple[str, ...], int] = {}
        self.table: tuple[str, ...] = ()

    def header(self, double: bool, name: str, n: int) -> None:
        parts = _parts(name)
        path: list[str] = []
        for part in parts[:-1]:
            path.append(part)
            if tuple(path) in self.last:
                path.append(str(self.last[tuple(path)]))
        path.append(parts[-1] if parts else "")
        if double:
            index = self.last.get(tuple(path), -1) + 1
            self.last[tuple(path)] = index
            path.append(str(index))
        self.table = tuple(path)
        self.places.setdefault(self.table, n)

    def key(self, name: str, n: int) -> None:
        self.places.setdefault((*self.table, *_parts(name)), n)


def toml_places(text: str) -> dict[tuple[str, ...], int]:
    """Each table and key of the TOML ``text``, as the parts of its JSON
    pointer (array entries by index), and the line it is written on."""
    reader = _Reader()
    closing: str | None = None
    depth = 0
    for n, line in enumerate(text.splitlines(), 1):
        if closing is not None:
            if line.count(closing) % 2 == 1:
                closing = None
            continue
        if depth > 0:
            depth += _depth(line)
            continue
        key = _KEY.match(line)
        header = None if key else _HEADER.match(line)
        if header is not None:
            reader.header(header[1] == "[[", header[2], n)
        elif key is not None:
            reader.key(key[1], n)
            rest = line[key.end() :]
            closing = _multi(rest)
            depth = 0 if closing else max(_depth(rest), 0)
    return reader.places


def pointer_line(places: Mapping[tuple[str, ...], int], pointer: str) -> int | None:
    """The line of ``pointer`` (``/forms/0/fields/2/names``) by ``places``:
    that of its longest part written in the file; None when none is, and in
    a file that inherits (``[inherit]``), whose entries are numbered in the
    data merged with its parent's, not as the file lists them: there only a
    pointer without an entry's number has one."""
    parts = tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:])
    if any(key[0] == "inherit" for key in places) and any(p.isdigit() for p in parts):
        return None
    for end in range(len(parts), 0, -1):
        line = places.get(parts[:end])
        if line is not None:
            return line
    return None


_PATH_PART = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


def path_to_pointer(path: str) -> str:
    """``forms[0].fields[2]`` -> ``/forms/0/fields/2``."""
    parts = [
        m.group(1) if m.group(1) is not None else m.group(2) for m in _PATH_PART.finditer(path)
    ]
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)
