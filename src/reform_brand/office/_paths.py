"""Paths kept as their text (:class:`PathList`)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from reform_brand._spool import Spooled
from reform_brand._textlist import TextList

__all__ = ["PathList"]


class PathList(Spooled[Path]):
    """Paths kept as their text, each made a :class:`~pathlib.Path` when it
    is asked for: a folder of 100,000 envelopes keeps no 100,000 ``Path``
    objects (a few hundred bytes each).  With ``under``, each text is a path
    relative to that folder (the folder's text is kept once)."""

    __slots__ = ("_texts", "_under")

    def __init__(
        self, texts: Iterable[str], *, under: str | os.PathLike[str] | None = None
    ) -> None:
        # (A long list sorted on disk stays there.)
        self._texts: Sequence[str] = texts if isinstance(texts, TextList) else tuple(texts)
        self._under = None if under is None else os.fspath(under)
        super().__init__(len(self._texts), lambda i: self._path(self._texts[i]))

    def _path(self, text: str) -> Path:
        return Path(text) if self._under is None else Path(self._under, text)

    def __iter__(self) -> Iterator[Path]:
        return map(self._path, self._texts)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PathList) and self._under == other._under:
            return self._texts == other._texts
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[object, ...]:
        return (_path_list, (tuple(self._texts), self._under))

    def __repr__(self) -> str:
        if self._under is None:
            return f"PathList({list(self._texts)!r})"
        return f"PathList({list(self._texts)!r}, under={self._under!r})"


def _path_list(texts: tuple[str, ...], under: str | None) -> PathList:
    return PathList(texts, under=under)
