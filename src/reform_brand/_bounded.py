"""A table that keeps at most a given number of entries, for what a run
learns of each file, folder or value it meets and may meet again soon.

When the table is full and a new key comes, every entry is forgotten at
once; one forgotten is made again the next time it is asked for.  The
tables this serves are met in order (the files of a folder one after
another, the versions of a record next to each other), so the last entries
are what is asked for again and an emptied table refills with them.  This
keeps each look-up a plain ``dict`` look-up (no order kept per entry, as a
least-recently-used table needs) and the memory of a batch of 100,000 files
bounded by the table, not by the batch.
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["Bounded"]

K = TypeVar("K")
V = TypeVar("V")


class Bounded(dict[K, V]):
    """A ``dict`` of at most ``limit`` entries (at least one), filled by
    :meth:`put` and :meth:`keep`: a new key that finds it full empties it
    first.  Reading is a ``dict``'s own."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = max(1, limit)

    def _room(self, key: K) -> None:
        if len(self) >= self.limit and key not in self:
            self.clear()

    def put(self, key: K, value: V) -> V:
        """``self[key] = value``, the table emptied first when full;
        ``value``."""
        self._room(key)
        self[key] = value
        return value

    def keep(self, key: K, value: V) -> V:
        """The value kept for ``key``, else ``value``, kept for it
        (``setdefault``, the table emptied first when full)."""
        found = self.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        return self.put(key, value)


_MISSING = object()
