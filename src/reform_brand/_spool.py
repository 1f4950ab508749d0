"""Spools: what is kept of each of many files or submissions, on disk.

A :class:`Spool` is byte strings written one after another to a temporary
file and read back by number; :class:`Spooled` shows numbered values read
as they are asked for (from a spool) as a read-only sequence, so that the
writers of a report take a batch of 100,000 submissions, and an inbox its
ledger of 300,000 files, without holding them.
"""

from __future__ import annotations

import os
import tempfile
import weakref
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Final, TypeVar, overload

__all__ = ["Spool", "Spooled"]

T = TypeVar("T")

#: Reading at an offset without moving the file's position (POSIX).
_PREAD: Final[Callable[[int, int, int], bytes] | None] = getattr(os, "pread", None)
#: The spool's write buffer: entries are a few hundred bytes each.
_SPOOL_BUFFER: Final = 1 << 20


class Spool:
    """Byte strings written one after another to a temporary file and read
    back by number."""

    def __init__(self) -> None:
        # Closed by close() (a streamed check's spools, in its finally), or
        # when the spool is no longer used (an inbox's ledger).
        self.fh: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115
            prefix="reform-brand-", buffering=_SPOOL_BUFFER
        )
        self._close = weakref.finalize(self, self.fh.close)
        self.ends = array("q")
        self.size = 0
        self._flushed = False

    def add(self, data: bytes) -> None:
        # (Counted, not asked of the file: tell() would flush its buffer.)
        self._flushed = False
        self.fh.write(data)
        self.size += len(data)
        self.ends.append(self.size)

    def get(self, i: int) -> bytes:
        self._flush()
        start = self.ends[i - 1] if i else 0
        # Read straight from the file: a seek and a buffered read would
        # fill the whole buffer (a megabyte) for each entry of some bytes.
        return _read_at(self.fh, self.fh.fileno(), self.ends[i] - start, start)

    def __len__(self) -> int:
        return len(self.ends)

    def __iter__(self) -> Iterator[bytes]:
        """Every entry in order, read in blocks of up to a megabyte."""
        self._flush()
        fd, ends = self.fh.fileno(), self.ends
        block, at, start = b"", 0, 0  # the block, where it starts, the entry's start
        for end in ends:
            if end > at + len(block):
                block, at = _read_at(self.fh, fd, max(_SPOOL_BUFFER, end - start), start), start
            yield block[start - at : end - at]
            start = end

    def close(self) -> None:
        self._close()

    def _flush(self) -> None:
        if not self._flushed:
            self.fh.flush()
            self._flushed = True


def _read_at(fh: IO[bytes], fd: int, size: int, offset: int) -> bytes:
    if _PREAD is not None:
        return _PREAD(fd, size, offset)
    fh.seek(offset)
    data = fh.read(size)
    fh.seek(0, 2)
    return data


class Spooled(Sequence[T]):
    """``n`` values, the ``i``-th made by ``get(i)`` each time it is asked
    for (nothing is kept): a read-only sequence over a spool."""

    __slots__ = ("_get", "_n")

    def __init__(self, n: int, get: Callable[[int], T]) -> None:
        self._n, self._get = n, get

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self._get(j) for j in range(*i.indices(self._n))]
        j = i + self._n if i < 0 else i
        if not 0 <= j < self._n:
            raise IndexError(i)
        return self._get(j)

    def __iter__(self) -> Iterator[T]:
        return map(self._get, range(self._n))

    def __repr__(self) -> str:
        return f"<Spooled: {self._n} values>"
