"""Paths kept as their text (:class:`PathList`)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

__all__ = ["PathList"]


class PathList(Sequence[Path]):
    """Paths kept as their text, each made a :class:`~pathlib.Path` when it
    is asked for: a folder of 100,000 envelopes keeps no 100,000 ``Path``
    objects (a few hundred bytes each).  With ``under``, each text is a path
    relative to that folder (the folder's text is kept once)."""

    __slots__ = ("_texts", "_under")

    def __init__(
        self, texts: Iterable[str], *, under: str | os.PathLike[str] | None = None
    ) -> None:
        self._texts = tuple(texts)
        self._under = None if under is None else os.fspath(under)

    def _path(self, text: str) -> Path:
        return Path(text) if self._under is None else Path(self._under, text)

    def __len__(self) -> int:
        return len(self._texts)

    @overload
    def __getitem__(self, index: int) -> Path: ...

    @overload
    def __getitem__(self, index: slice) -> list[Path]: ...

    def __getitem__(self, index: int | slice) -> Path | list[Path]:
        if isinstance(index, slice):
            return [self._path(t) for t in self._texts[index]]
        return self._path(self._texts[index])

    def __iter__(self) -> Iterator[Path]:
        return map(self._path, self._texts)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PathList) and self._under == other._under:
            return self._texts == other._texts
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self._under is None:
            return f"PathList({list(self._texts)!r})"
        return f"PathList({list(self._texts)!r}, under={self._under!r})"
