"""The compact record of a checked submission, which the batch rules see.

A batch is checked one submission at a time: the submission is read, its
submission rules run, its report entry is written out, and only a
:class:`SubmissionRecord` is kept for the batch rules (quotas, versions,
duplicate ids, extra materials).  A record holds what those rules need and
nothing of the form data.  The records of a batch are kept on disk, in a
:class:`RecordStore`: a record is made again each time a rule asks for it,
so that what a batch keeps in memory does not grow with its submissions
(eight bytes each, where to find them).
"""

from __future__ import annotations

import collections
import itertools
import marshal
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar, overload

import attrs
from attrs import field, frozen

from reform_brand._bounded import Bounded
from reform_brand._heap import HeapTrim
from reform_brand._spool import Ints, Spool
from reform_brand.findings import Counts, Finding
from reform_brand.model import Form
from reform_brand.submission import Attachment, Submission, Unit

__all__ = [
    "RecordStore",
    "RecordView",
    "SubmissionRecord",
    "fields_of",
    "record_of",
    "shared_hashes",
]

T = TypeVar("T")


def _text_of(folder: str | os.PathLike[str] | None) -> str | None:
    return None if folder is None else os.fspath(folder)


@frozen(kw_only=True)
class SubmissionRecord:
    """What a batch rule knows of one submission of the batch.

    The members named as on :class:`~reform_brand.submission.Submission`
    mean the same; the form data is left out but for its project name.
    """

    #: Its place in the batch, from 0 (the order the items were given in).
    position: int
    id: str
    #: The file it was read from ("" when given as data).
    file: str = ""
    #: The folder attachment paths are relative to, as its text (None: files
    #: not checked); :attr:`base_dir` gives it as a ``Path``.  A ``Path``
    #: kept for each of 100,000 records took some 450 bytes a record.
    _base_dir: str | None = field(default=None, converter=_text_of)
    #: ``base_dir`` with every symbolic link resolved ("" when not known).
    real_base: str = ""
    #: The attachment paths are names of files found in the folder.
    paths_found: bool = False
    edition: str = ""
    form: str = ""
    unit: Unit = field(factory=Unit)
    #: False when the envelope declares reform items that cannot be read
    #: (no list): not the same as none declared.
    reform_items_readable: bool = True
    #: Whether ``arrived_at`` is present, and its value (a string or None).
    has_arrival: bool = False
    arrived_at: object = None
    attachments: tuple[Attachment, ...] = ()
    #: A materials-only envelope (attachments, no form).
    material_only: bool = False
    #: The project's name in the form data (the form's
    #: :attr:`~reform_brand.model.Form.project_field`) when a string, else "".
    project: str = ""
    #: Whether the rules could look at it (read, an object, this edition).
    usable: bool = False
    #: Its findings by severity, as reported (before versions are marked).
    counts: Counts = field(factory=Counts)
    #: The findings of a materials-only envelope, which join the batch's
    #: findings (empty for any other submission).
    findings: tuple[Finding, ...] = ()

    @property
    def base_dir(self) -> Path | None:
        """The folder attachment paths are relative to (None: files not
        checked)."""
        return None if self._base_dir is None else Path(self._base_dir)

    @classmethod
    def of(
        cls,
        sub: Submission,
        *,
        position: int,
        usable: bool,
        counts: Counts,
        findings: tuple[Finding, ...] = (),
        form: Form | None = None,
    ) -> SubmissionRecord:
        """The record of ``sub``, whose project is named in its ``form``."""
        project = form.project_of(sub.data) if form is not None else None
        return cls(
            position=position,
            id=sub.id,
            file=sub.file,
            base_dir=sub.base_dir,
            real_base=sub.real_base,
            paths_found=sub.paths_found,
            edition=sub.edition,
            form=sub.form,
            unit=sub.unit,
            reform_items_readable=sub.reform_items_readable,
            has_arrival=sub.has_arrival,
            arrived_at=sub.arrived_at if isinstance(sub.arrived_at, str) else None,
            attachments=sub.attachments,
            material_only=sub.material_only,
            # (A longer name is no project key: see the versions.)
            project=project if isinstance(project, str) and len(project) <= 1000 else "",
            usable=usable,
            counts=counts,
            findings=findings if sub.material_only else (),
        )


# -- the records of a batch, on disk ---------------------------------------------

#: The records of a batch kept in memory; those after them are kept on disk.
IN_MEMORY = 8192
#: The values many records share (a unit, the counts, an edition's id) are
#: made once while this many are known; more are made for each record.
_SHARED_MAX: Final = 4096


def shared_hashes(hashes: Sequence[int]) -> set[int]:
    """The values of ``hashes`` that occur more than once: what a batch step
    looks at again (the ids, keys or projects some submissions share)
    without a set or a dict of every submission's value.

    Nor a sorted copy (some 40 bytes a value, as Python integers): one bit
    in 16 for each value marks the slot its value falls in, and the values
    whose slot was marked already (every repeat, and some 3 in 100 of the
    others) are counted in a second pass."""
    slots = 16 * len(hashes)
    if slots < 64:
        return {a for a, b in itertools.pairwise(sorted(hashes)) if a == b}
    seen = bytearray((slots + 7) // 8)
    maybe: set[int] = set()
    for h in hashes:
        s = h % slots
        bit = 1 << (s & 7)
        if seen[s >> 3] & bit:
            maybe.add(h)
        else:
            seen[s >> 3] |= bit
    if not maybe:
        return set()
    del seen
    counted = collections.Counter(h for h in hashes if h in maybe)
    return {h for h, n in counted.items() if n > 1}


def fields_of(r: SubmissionRecord) -> tuple[Any, ...]:
    """``r`` as plain values, its findings apart: what ``marshal`` writes to
    the store, and what a worker process sends of it (a plain tuple travels
    faster than the record)."""
    unit, counts = r.unit, r.counts
    return (
        r.position,
        None if r.id == r.file else r.id,
        r.file,
        r._base_dir,
        None if r.real_base == r._base_dir else r.real_base,
        r.edition,
        r.form,
        (unit.name, unit.kind, unit.city),
        r.reform_items_readable,
        r.has_arrival,
        r.arrived_at if isinstance(r.arrived_at, str) else None,
        tuple((a.role, a.path, a.index, a.modified_at) for a in r.attachments),
        r.material_only,
        r.project,
        r.usable,
        (counts.error, counts.warning, counts.info),
        r.paths_found,
    )


def _made(kind: Callable[..., T], values: tuple[Any, ...]) -> T:
    return kind(*values)


def _same(value: T) -> T:
    return value


def record_of(
    values: tuple[Any, ...],
    findings: tuple[Finding, ...] = (),
    made: Callable[[Callable[..., Any], tuple[Any, ...]], Any] = _made,
    one: Callable[[Any], Any] = _same,
) -> SubmissionRecord:
    """The record whose :func:`fields_of` are ``values``, with ``findings``;
    ``made(kind, values)`` makes its unit, attachments and counts, and
    ``one(text)`` gives its folders, edition, form and arrival time (one
    object for many records, in a store)."""
    (
        position,
        id_,
        file,
        base_dir,
        real_base,
        edition,
        form,
        unit,
        items_readable,
        has_arrival,
        arrived_at,
        attachments,
        material_only,
        project,
        usable,
        counts,
        paths_found,
    ) = values
    # (Built by hand: attrs.evolve looks the fields up on every call.)
    base_dir = one(base_dir)
    return SubmissionRecord(
        position=position,
        id=file if id_ is None else id_,
        file=file,
        base_dir=base_dir,
        real_base=base_dir if real_base is None else one(real_base),
        paths_found=paths_found,
        edition=one(edition),
        form=one(form),
        unit=made(_unit, unit),
        reform_items_readable=items_readable,
        has_arrival=has_arrival,
        arrived_at=one(arrived_at),
        attachments=made(_attachments, attachments) if attachments else (),
        material_only=material_only,
        project=project,
        usable=usable,
        counts=made(_counts, counts),
        findings=findings,
    )


def _unit(name: str, kind: str, city: str) -> Unit:
    return Unit(name=name, kind=kind, city=city)


def _attachments(*values: tuple[str, str, int, str]) -> tuple[Attachment, ...]:
    return tuple(
        Attachment(role=role, path=path, index=index, modified_at=modified)
        for role, path, index, modified in values
    )


def _counts(error: int, warning: int, info: int) -> Counts:
    return Counts(error=error, warning=warning, info=info)


class _Records(Sequence[SubmissionRecord]):
    """Records read as they are asked for: equal to any sequence of the
    same records."""

    def _record(self, j: int) -> SubmissionRecord:
        """The ``j``-th record (0 <= j < len)."""
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> SubmissionRecord: ...
    @overload
    def __getitem__(self, i: slice) -> list[SubmissionRecord]: ...
    def __getitem__(self, i: int | slice) -> SubmissionRecord | list[SubmissionRecord]:
        if isinstance(i, slice):
            return [self._record(j) for j in range(*i.indices(len(self)))]
        n = len(self)
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError(i)
        return self._record(j)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self)} records>"


class RecordStore(_Records):
    """The records of a batch, in order: the first ``in_memory`` kept as
    they are, the others written to a temporary file as they come and made
    again from it whenever one is asked for.  A batch of any size keeps at
    most ``in_memory`` records (some 450 bytes each), eight bytes for each
    other record, the positions of the usable ones, and the findings of its
    materials-only envelopes (few)."""

    def __init__(
        self, records: Iterable[SubmissionRecord] = (), *, in_memory: int | None = None
    ) -> None:
        self._head: list[SubmissionRecord] = []
        self._in_memory = IN_MEMORY if in_memory is None else in_memory
        self._spool: Spool | None = None
        self._findings: dict[int, tuple[Finding, ...]] = {}
        #: The positions (in the store) of the records whose ``usable`` is true.
        self.usable = Ints()
        self._shared: Bounded[object, Any] = Bounded(_SHARED_MAX)
        #: The C heap trimmed as records are made again from the file: the
        #: batch steps go over them several times (see reform_brand._heap).
        self._heap = HeapTrim()
        for r in records:
            self.append(r)

    def take(self, given: SubmissionRecord | tuple[Any, ...]) -> SubmissionRecord:
        """Store a record given as one, or (from a worker process) as its
        :func:`fields_of` values and its findings; the record.  A record kept
        in memory is made once, with the values it shares with others as
        one object each (see :meth:`_kept`)."""
        if isinstance(given, SubmissionRecord):
            self.append(given)
            return given
        values, findings = given
        n = len(self)
        if n >= self._in_memory:
            record = record_of(values, findings)
            self._stored(n, record, values)
            return record
        record = record_of(values, findings, self._made_once, self._one)
        if record.usable:
            self.usable.append(n)
        self._head.append(record)
        return record

    def append(self, record: SubmissionRecord) -> None:
        n = len(self)
        if n >= self._in_memory:
            self._stored(n, record, fields_of(record))
            return
        if record.usable:
            self.usable.append(n)
        self._head.append(self._kept(record))

    def _stored(self, n: int, record: SubmissionRecord, values: tuple[Any, ...]) -> None:
        """Record ``n`` (past those kept in memory), whose :func:`fields_of`
        are ``values``, written to the store's file."""
        if record.usable:
            self.usable.append(n)
        if self._spool is None:
            self._spool = Spool()
        self._spool.add(marshal.dumps(values))
        if record.findings:
            self._findings[n] = record.findings

    def findings(self) -> Iterator[Finding]:
        """The materials-only envelopes' findings, in batch order."""
        for r in self._head:
            yield from r.findings
        for n in sorted(self._findings):
            yield from self._findings[n]

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()

    def __len__(self) -> int:
        return len(self._head) + (len(self._spool) if self._spool is not None else 0)

    def _record(self, j: int) -> SubmissionRecord:
        head = len(self._head)
        if j < head:
            return self._head[j]
        assert self._spool is not None
        return self._made(j, self._spool.get(j - head))

    def __iter__(self) -> Iterator[SubmissionRecord]:
        yield from self._head
        if self._spool is not None:
            head = len(self._head)
            for j, data in enumerate(self._spool, start=head):
                yield self._made(j, data)

    def at(self, positions: Sequence[int]) -> Iterator[SubmissionRecord]:
        """The records at ``positions`` (ascending), the file read in order,
        in blocks, and only the records asked for made again."""
        # (The positions gone through in order: those of a view are on
        # disk, and read by number each would be looked up in its blocks.)
        head, wanted = len(self._head), iter(positions)
        k = next(wanted, None)
        while k is not None and k < head:
            yield self._head[k]
            k = next(wanted, None)
        if k is None or self._spool is None:
            return
        for j, data in enumerate(self._spool, start=head):
            if j == k:
                yield self._made(j, data)
                k = next(wanted, None)
                if k is None:
                    return

    def _kept(self, r: SubmissionRecord) -> SubmissionRecord:
        """``r`` with the values many records share (a folder, a unit, the
        attachments' names, the counts) as one object each: a record from a
        worker comes with copies of its own."""
        one = self._one
        return attrs.evolve(
            r,
            base_dir=one(r._base_dir),
            real_base=one(r.real_base),
            edition=one(r.edition),
            form=one(r.form),
            unit=one(r.unit),
            arrived_at=one(r.arrived_at),
            attachments=one(r.attachments),
            counts=one(r.counts),
        )

    def _one(self, value: Any) -> Any:
        """``value``, or the equal one made for an earlier record."""
        return self._shared.keep(value, value)

    def _made(self, j: int, data: bytes) -> SubmissionRecord:
        self._heap.step()
        return record_of(marshal.loads(data), self._findings.get(j, ()), self._made_once)

    def _made_once(self, kind: Callable[..., T], values: tuple[Any, ...]) -> T:
        """``kind(*values)`` (a unit, the attachments, the counts: frozen),
        one object for the records that share them."""
        key = (kind, values)
        made: T | None = self._shared.get(key)
        if made is None:
            made = self._shared.put(key, kind(*values))
        return made


class RecordView(_Records):
    """Some records of a :class:`RecordStore`, by their positions in it
    (kept on disk, :class:`~reform_brand._spool.Ints`): what a batch rule
    is given as ``ctx.records``."""

    def __init__(self, store: RecordStore, positions: Iterable[int]) -> None:
        self.store = store
        self.positions = positions if isinstance(positions, Ints) else Ints(positions)
        self._ascending = all(a < b for a, b in itertools.pairwise(self.positions))

    def __len__(self) -> int:
        return len(self.positions)

    def _record(self, j: int) -> SubmissionRecord:
        return self.store._record(self.positions[j])

    def __iter__(self) -> Iterator[SubmissionRecord]:
        store, positions = self.store, self.positions
        if len(positions) * 8 < len(store) or not self._ascending:
            for j in positions:
                yield store[j]
            return
        # Most of the store: read in order, in blocks, the others passed over.
        yield from store.at(positions)
