"""The C heap's free pages given back while a long batch runs.

A check of 100,000 submissions allocates and frees, for each chunk of
submissions, blocks of some tens of kilobytes (a worker's results, a
file's buffers) among small objects that live longer.  glibc's allocator
keeps the freed blocks in its heap, in holes too small or too scattered to
be used again as a whole: the process's memory grew by some 100 bytes a
submission although Python's own objects did not grow at all (measured:
the heap's in-use bytes flat, its free bytes from 3 to 12 MiB).

:class:`HeapTrim` asks the allocator, once every so many submissions, to
give the free pages back to the system (``malloc_trim(0)``: since glibc
2.8 it returns the whole free pages inside the heap, not only at its end).
The batch steps, which go over the records several times after the
checking, trim the same way as the records kept on disk are made again
from it: their peak at 100,000 submissions was some 1.5 MiB higher
without.
That costs well under a millisecond each time, nothing is moved, and where
the C library has no such function (macOS, Windows, musl) nothing is done.
ctypes is imported only when the first trim is due: a short batch never
loads it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Final

__all__ = ["EVERY", "HeapTrim", "trim"]

#: Submissions between two trims.
EVERY: Final = 4096


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's ``malloc_trim`` (looked up once); None when there is
    none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        function: Callable[[int], int] | None = getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (ImportError, OSError):
        return None
    return function


def trim() -> bool:
    """Give the heap's free pages back to the system; whether this C
    library can (glibc's ``malloc_trim``)."""
    function = _malloc_trim()
    if function is None:
        return False
    function(0)
    return True


class HeapTrim:
    """Counts the submissions of a batch and trims the heap once every
    ``every`` of them (:data:`EVERY` when not given) with ``trim_heap``
    (:func:`trim` when not given); see the module."""

    __slots__ = ("_count", "_every", "_trim")

    def __init__(
        self, every: int | None = None, *, trim_heap: Callable[[], object] | None = None
    ) -> None:
        every = EVERY if every is None else every
        if every < 1:
            raise ValueError("every must be at least 1")
        self._every = every
        self._count = 0
        self._trim = trim_heap

    def step(self, n: int = 1) -> None:
        """``n`` more submissions done."""
        self._count += n
        if self._count >= self._every:
            self._count %= self._every
            (self._trim or trim)()
