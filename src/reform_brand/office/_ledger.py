"""The ledger of an inbox kept on disk: :class:`Ledger`."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from reform_brand._spool import Spool
from reform_brand.office._inbox import InboxFile

__all__ = ["Ledger"]


def _encoded(f: InboxFile) -> bytes:
    return pickle.dumps(
        (f.path, f.size, f.sha256, f.kind, f.status, f.role, f.submission, f.code),
        protocol=pickle.HIGHEST_PROTOCOL,
    )


def _decoded(data: bytes) -> InboxFile:
    path, size, sha256, kind, status, role, submission, code = pickle.loads(data)
    return InboxFile(
        path=path,
        size=size,
        sha256=sha256,
        kind=kind,
        status=status,
        role=role,
        submission=submission,
        code=code,
    )


class Ledger(Sequence[InboxFile]):
    """Every file of an inbox and what became of it, in a temporary file,
    each entry read back as it is asked for: the ledger of an inbox of
    300,000 files keeps some bytes a file in memory, where the entries
    themselves (a path, a size, a SHA-256, the role and the submission) take
    some 400.  It compares equal to any sequence of the same entries, and is
    pickled as a tuple."""

    __slots__ = ("_spool",)

    def __init__(self, files: Iterable[InboxFile] = ()) -> None:
        self._spool = Spool()
        for f in files:
            self._spool.add(_encoded(f))

    def __len__(self) -> int:
        return len(self._spool)

    @overload
    def __getitem__(self, index: int) -> InboxFile: ...

    @overload
    def __getitem__(self, index: slice) -> list[InboxFile]: ...

    def __getitem__(self, index: int | slice) -> InboxFile | list[InboxFile]:
        n = len(self)
        if isinstance(index, slice):
            return [_decoded(self._spool.get(j)) for j in range(*index.indices(n))]
        j = index + n if index < 0 else index
        if not 0 <= j < n:
            raise IndexError(index)
        return _decoded(self._spool.get(j))

    def __iter__(self) -> Iterator[InboxFile]:
        return map(_decoded, self._spool)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self),))

    def __repr__(self) -> str:
        return f"<Ledger: {len(self)} files>"
