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
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, Final, TypeVar, overload

__all__ = ["Ints", "Spool", "Spooled", "read_at"]

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
        #: Where each entry ends (on disk too, but for the last ones).
        self.ends = Ints()
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
        return read_at(self.fh, self.fh.fileno(), self.ends[i] - start, start)

    def __len__(self) -> int:
        return len(self.ends)

    def __iter__(self) -> Iterator[bytes]:
        """Every entry in order, read in blocks of up to a megabyte."""
        self._flush()
        fd, ends = self.fh.fileno(), self.ends
        block, at, start = b"", 0, 0  # the block, where it starts, the entry's start
        for end in ends:
            if end > at + len(block):
                block, at = read_at(self.fh, fd, max(_SPOOL_BUFFER, end - start), start), start
            yield block[start - at : end - at]
            start = end

    def close(self) -> None:
        self._close()
        self.ends.close()

    def _flush(self) -> None:
        if not self._flushed:
            self.fh.flush()
            self._flushed = True


#: The integers :class:`Ints` writes at once (64 KiB)...
_INTS_BLOCK: Final = 8192
#: ... and reads at once (8 KiB): one value asked for out of order costs
#: no more.
_INTS_READ: Final = 1024


class Ints(Sequence[int]):
    """Integers (of 64 bits) appended one at a time, kept on disk in blocks
    of 8,192: in memory only the block being filled and the last part read
    (1,024 values), so that positions and offsets kept for each of 100,000
    submissions do not grow with the batch.  Read in order, each part is
    read once."""

    __slots__ = ("__weakref__", "_block", "_close", "_fh", "_read", "_stored", "_tail")

    def __init__(self, values: Iterable[int] = ()) -> None:
        self._fh: IO[bytes] | None = None
        self._close: weakref.finalize[..., Any] | None = None
        self._stored = 0
        self._tail = array("q")
        self._block = -1
        self._read = array("q")
        for v in values:
            self.append(v)

    def append(self, value: int) -> None:
        tail = self._tail
        tail.append(value)
        if len(tail) == _INTS_BLOCK:
            if self._fh is None:
                self._fh = tempfile.TemporaryFile(prefix="reform-brand-", buffering=0)  # noqa: SIM115
                self._close = weakref.finalize(self, self._fh.close)
            self._fh.write(tail.tobytes())
            self._stored += _INTS_BLOCK
            self._tail = array("q")

    def __len__(self) -> int:
        return self._stored + len(self._tail)

    def _stored_block(self, b: int) -> array[int]:
        if b != self._block:
            assert self._fh is not None
            size = _INTS_READ * 8
            block = array("q")
            block.frombytes(read_at(self._fh, self._fh.fileno(), size, b * size))
            self._block, self._read = b, block
        return self._read

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> list[int]: ...
    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        j = i + len(self) if i < 0 else i
        if not 0 <= j < len(self):
            raise IndexError(i)
        if j >= self._stored:
            return self._tail[j - self._stored]
        return self._stored_block(j // _INTS_READ)[j % _INTS_READ]

    def __iter__(self) -> Iterator[int]:
        for b in range(self._stored // _INTS_READ):
            yield from self._stored_block(b)
        yield from self._tail[:]

    def __repr__(self) -> str:
        return f"<Ints: {len(self)} values>"

    def close(self) -> None:
        if self._close is not None:
            self._close()


def read_at(fh: IO[bytes], fd: int, size: int, offset: int) -> bytes:
    """``size`` bytes of ``fh`` (whose descriptor is ``fd``) from ``offset``,
    the file's position left at its end."""
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
