"""The ledger of an inbox kept on disk: :class:`Ledger`."""

from __future__ import annotations

import itertools
import operator
import pickle
from collections.abc import Iterable, Iterator
from typing import Final

import attrs

from reform_brand._spool import Spool, Spooled
from reform_brand._textlist import AsTuple
from reform_brand.office._inbox import InboxFile

__all__ = ["Ledger", "decoded", "encoded"]


#: Every field of an entry, in order (a field added to ``InboxFile`` is
#: kept too).
_FIELDS: Final = tuple(f.name for f in attrs.fields(InboxFile))
_values = operator.attrgetter(*_FIELDS)


def encoded(f: InboxFile) -> bytes:
    """An entry as bytes (every field, in order)."""
    return pickle.dumps(_values(f), protocol=pickle.HIGHEST_PROTOCOL)


def decoded(data: bytes) -> InboxFile:
    """The entry :func:`encoded` made."""
    return InboxFile(**dict(zip(_FIELDS, pickle.loads(data), strict=True)))


#: A ledger of up to this many entries is kept in memory: a temporary file
#: is open for as long as a ledger on disk is used, and a program that keeps
#: many small reports should not hold a file for each.
IN_MEMORY: Final = 4096


class Ledger(AsTuple, Spooled[InboxFile]):
    """Every file of an inbox and what became of it.  Past ``in_memory``
    entries (default :data:`IN_MEMORY`) it is kept in a temporary file, each
    entry read back as it is asked for: the ledger of an inbox of 300,000
    files keeps some bytes a file in memory, where the entries themselves (a
    path, a size, a SHA-256, the role and the submission) take some 400.  It
    compares equal to any sequence of the same entries, and is pickled as a
    tuple."""

    __slots__ = ("_spool",)

    def __init__(self, files: Iterable[InboxFile] = (), *, in_memory: int | None = None) -> None:
        most = IN_MEMORY if in_memory is None else in_memory
        entries = iter(files)
        kept = list(itertools.islice(entries, most + 1))
        self._spool: Spool | None = None
        if len(kept) <= most:
            entries_kept = tuple(kept)
            super().__init__(len(entries_kept), entries_kept.__getitem__)
            return
        spool = self._spool = Spool()
        for f in itertools.chain(kept, entries):
            spool.add(encoded(f))
        del kept
        super().__init__(len(spool), lambda i: decoded(spool.get(i)))

    @property
    def on_disk(self) -> bool:
        """Whether the entries are in a temporary file."""
        return self._spool is not None

    def __iter__(self) -> Iterator[InboxFile]:
        if self._spool is None:
            return super().__iter__()
        return map(decoded, self._spool)  # (read in blocks, not entry by entry)

    def __repr__(self) -> str:
        return f"<Ledger: {len(self)} files>"
