"""Long lists of names, sorted and kept on disk.

A batch finding may name every submission of a batch (a unit far over its
quota sent them all): 100,000 ids and as many file names.  Kept as tuples
they would make a check's memory grow with its batch.  A :class:`TextSorter`
takes the names one at a time and sorts them in runs written to a temporary
file, merged at the end (a stable sort, as :func:`sorted` gives); the
result is a tuple when it is short, else a :class:`TextList`: a read-only
sequence of strings kept in a temporary file (one for the lists of a rule)
and read back in chunks as it is gone through.

A :class:`TextList` equals the tuple of the same strings, and pickled
(sent to another process, copied) it becomes that tuple.
"""

from __future__ import annotations

import heapq
import marshal
import tempfile
import weakref
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, Final, overload

from reform_brand._spool import read_at

__all__ = ["SHORT", "AsTuple", "TextList", "TextSorter"]

#: The most names a sorted list gives as a tuple; a longer one is a TextList.
SHORT: Final = 8192
#: Names a chunk of a list's file holds.
_CHUNK: Final = 256
#: The names the sorters made together (:meth:`TextSorter.several`) keep in
#: memory between them.
_BUDGET: Final = 8192
_BUFFER: Final = 64 * 1024


def _temporary() -> IO[bytes]:
    return tempfile.TemporaryFile(prefix="reform-brand-", buffering=_BUFFER)


class _Chunks:
    """Chunks of names written one after another to a temporary file (made
    when the first is written): where each starts, and the end of the last.
    Closed when no list reads it any more."""

    def __init__(self) -> None:
        self._fh: IO[bytes] | None = None
        self.bounds = array("q", [0])

    @property
    def fh(self) -> IO[bytes]:
        if self._fh is None:
            self._fh = fh = _temporary()
            weakref.finalize(self, fh.close)
        return self._fh

    def write(self, names: Iterable[str]) -> tuple[int, int, int]:
        """Write ``names``; the range of their chunks, and how many."""
        first, n = len(self.bounds) - 1, 0
        block: list[str] = []
        for name in names:
            block.append(name)
            if len(block) == _CHUNK:
                self._put(block)
                n += _CHUNK
                block = []
        if block:
            self._put(block)
            n += len(block)
        if self._fh is not None:
            self._fh.flush()
        return first, len(self.bounds) - 1, n

    def _put(self, block: list[str]) -> None:
        data = marshal.dumps(tuple(block))
        self.fh.write(data)
        self.bounds.append(self.bounds[-1] + len(data))

    def chunk(self, k: int) -> tuple[str, ...]:
        names: tuple[str, ...] = marshal.loads(
            read_at(self.fh, self.fh.fileno(), self.bounds[k + 1] - self.bounds[k], self.bounds[k])
        )
        return names

    def read(self, first: int, end: int) -> Iterator[str]:
        for k in range(first, end):
            yield from self.chunk(k)


class AsTuple:
    """For a read-only sequence kept elsewhere (on disk): it compares equal
    to any sequence of the same items (not a text), and pickled or copied
    it becomes the tuple of them."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(self, Sequence):
            return NotImplemented
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        assert isinstance(self, Sequence)
        return (tuple, (tuple(self),))


class TextList(AsTuple, Sequence[str]):
    """Strings kept in a temporary file, in chunks read back as they are
    asked for; nothing but where the chunks start is kept in memory.  The
    lists of one batch rule share one file."""

    __slots__ = ("_chunks", "_end", "_first", "_n")

    def __init__(self, names: Iterable[str], *, _into: _Chunks | None = None) -> None:
        self._chunks = _Chunks() if _into is None else _into
        self._first, self._end, self._n = self._chunks.write(names)

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[str, ...]: ...
    def __getitem__(self, i: int | slice) -> str | tuple[str, ...]:
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(self._n)))
        j = i + self._n if i < 0 else i
        if not 0 <= j < self._n:
            raise IndexError(i)
        return self._chunks.chunk(self._first + j // _CHUNK)[j % _CHUNK]

    def __iter__(self) -> Iterator[str]:
        return self._chunks.read(self._first, self._end)

    def __repr__(self) -> str:
        return f"<TextList: {self._n} strings>"

    def mapped(self, fn: Callable[[str], str]) -> TextList:
        """The list with ``fn`` applied to each string (kept on disk too)."""
        return TextList(map(fn, self))


class _Shared:
    """What the sorters of one rule share: the names they keep in memory
    between them, the file their sorted runs go to, the file their long
    results go to, and how many names they were given in all."""

    def __init__(self, in_memory: int) -> None:
        self.in_memory = in_memory
        self.held = 0
        #: (Weakly: a sorter whose result is never asked for is let go of
        #: with its run, and refers to this, not this to it.)
        self.sorters: weakref.WeakSet[TextSorter] = weakref.WeakSet()
        self.runs = _Chunks()
        self.results = _Chunks()
        self.given = 0


class TextSorter:
    """Strings sorted by ``key`` (stably), without all of them in memory.

    :meth:`add` them one at a time; :meth:`result` (once) gives them sorted, as a
    tuple when the sorters made together (:meth:`several`) were given at
    most :data:`SHORT` strings in all, else as a :class:`TextList`.  With
    ``unique``, a string given again is left out (its first place kept, as
    in ``sorted(dict.fromkeys(values), key=key)``).

    The sorters made together keep ``in_memory`` strings between them;
    then each sorts those it holds and writes them to disk as one run, so
    that a result merges few runs (one for each ``in_memory`` strings given
    in all)."""

    def __init__(
        self,
        key: Callable[[str], Any],
        *,
        unique: bool = False,
        in_memory: int = _BUDGET,
        _shared: _Shared | None = None,
    ) -> None:
        self._key, self._unique = key, unique
        self._shared = _Shared(max(1, in_memory)) if _shared is None else _shared
        self._shared.sorters.add(self)
        self._run: list[str] = []
        #: The chunks of each of its runs on disk (first, end, first, end...).
        self._runs = array("q")

    @classmethod
    def several(
        cls, n: int, key: Callable[[str], Any], *, unique: bool = False
    ) -> list[TextSorter]:
        """``n`` sorters that keep :data:`_BUDGET` strings in memory between
        them and share their files."""
        shared = _Shared(_BUDGET)
        return [cls(key, unique=unique, _shared=shared) for _ in range(n)]

    def add(self, value: str) -> None:
        self._run.append(value)
        shared = self._shared
        shared.given += 1
        shared.held += 1
        if shared.held >= shared.in_memory:
            for sorter in shared.sorters:
                if sorter._run:
                    sorter._spill()
            shared.held = 0

    def _spill(self) -> None:
        self._run.sort(key=self._key)
        first, end, _n = self._shared.runs.write(self._run)
        self._runs.extend((first, end))
        self._run = []

    def result(self) -> tuple[str, ...] | TextList:
        shared = self._shared
        shared.held -= len(self._run)
        if not self._runs:
            names = self._once(sorted(self._run, key=self._key))
        else:
            if self._run:
                self._spill()
            runs = shared.runs
            bounds = self._runs
            names = self._once(
                heapq.merge(
                    *(runs.read(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)),
                    key=self._key,
                )
            )
        self._run, self._runs = [], array("q")
        shared.sorters.discard(self)
        if shared.given <= SHORT:
            return tuple(names)
        return TextList(names, _into=shared.results)

    def _once(self, names: Iterable[str]) -> Iterator[str]:
        """``names`` (sorted) with a repeated string left out, with
        ``unique``: equal strings have equal keys, so only the strings of
        one key are remembered."""
        if not self._unique:
            yield from names
            return
        key, seen, group = self._key, set[str](), object()
        for name in names:
            k = key(name)
            if k != group:
                group, seen = k, set()
            if name not in seen:
                seen.add(name)
                yield name
