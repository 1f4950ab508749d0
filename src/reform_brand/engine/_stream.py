"""A batch checked as a stream, in this process or in worker processes.

:meth:`Validator.stream_batch <reform_brand.engine.Validator.stream_batch>`
gives a :class:`BatchRun`: iterating it reads and checks one submission at a
time (its submission rules) and yields its record and its report, in batch
order; nothing of it is kept but the record.  :meth:`BatchRun.finish` then
marks the versions of resent projects and runs the batch rules over the
records (:class:`BatchOutcome`).

With ``jobs`` > 1 the submissions are read and checked in worker processes
(``fork`` on Linux in a process running one thread, else ``spawn``:
see :mod:`reform_brand._handover`; every function they run is a
module-level one, and the validator travels pickled, its index rebuilt in
each worker), a bounded
number of chunks in flight, results yielded in batch order: the same records
and reports as in this process.  A worker that dies (a crash in a library
reading a file, memory exhausted) breaks the pool: the submissions it held
are retried one at a time in a fresh pool, and the one that kills its worker
again gets ``engine.worker-failed``; the batch goes on.
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar

from attrs import frozen

from reform_brand._bounded import Bounded
from reform_brand._cores import THREADS_ENV, cores, worker_share
from reform_brand._handover import WorkerPool, most_workers
from reform_brand._heap import HeapTrim
from reform_brand._stop import stop_if_requested
from reform_brand.engine._records import (
    RecordStore,
    RecordView,
    SubmissionRecord,
    fields_of,
)
from reform_brand.findings import Finding, SubmissionReport
from reform_brand.model import checked_type
from reform_brand.moments import DAYS_READ


class Validator(Protocol):
    """What of :class:`~reform_brand.engine.Validator` a batch run uses."""

    def check_item(
        self,
        item: object,
        n: int,
        *,
        now: dt.datetime,
        strict: bool,
        base_dir: Path | None,
        folders: Folders,
    ) -> Read: ...

    def failed_item(self, item: object, n: int, *, base_dir: Path | None, error: str) -> Read: ...

    def finish_batch(
        self, records: RecordStore, *, now: dt.datetime, strict: bool
    ) -> BatchOutcome: ...


__all__ = [
    "PARALLEL_FROM",
    "BatchOutcome",
    "BatchRun",
    "Encoder",
    "EnvelopeEncoder",
    "Folders",
    "default_jobs",
]

#: A batch of at least this many items goes to worker processes from the
#: start (with ``jobs`` > 1).  A smaller one is checked in this process
#: until the submissions checked show that the rest is worth the workers'
#: start (see :func:`_worth_workers`): a few cheap submissions cost less than
#: starting a worker, a few scans that each take a second of OCR more.
PARALLEL_FROM: Final = 32
#: What starting the workers costs, in seconds: a worker's start and the
#: validator sent to it (about 0.4 s), and the OCR engine it loads for a
#: scan (about 0.5 s).
_WORKER_START: Final = 1.0
#: Chunks in flight per worker.
_IN_FLIGHT: Final = 4
#: A chunk holds as many submissions as a worker checks in about this much
#: CPU time (measured on the chunks done), at least one and at most
#: :data:`_MAX_CHUNK`: a submission whose scan takes a second of OCR goes
#: alone, so that the workers share the batch evenly, and cheap ones go by
#: the dozen, so that the exchange costs little.
_CHUNK_SECONDS: Final = 0.05
_MAX_CHUNK: Final = 64

#: One checked submission: its record and its report.
Checked = tuple[SubmissionRecord, SubmissionReport]
#: One checked submission and the value it was read as: the envelope parsed
#: from its file (None when the file could not be read), or the item itself
#: when it was given as data.
Read = tuple[SubmissionRecord, SubmissionReport, object]
#: One item of a batch and its number (from 1).
Numbered = tuple[int, object]
#: A checked submission on its way out: its record, or (from a worker) its
#: record's values and findings (see :func:`_values`), and its report or what the
#: encoder made of it.
_Out = tuple["SubmissionRecord | tuple[Any, ...]", Any]
_Result = list[tuple[tuple[Any, ...], Any]]
#: What a worker gives back for a chunk: the CPU time it took, and the results.
_Done = tuple[float, _Result]
#: What :meth:`BatchRun.encoded` makes of each report.
T = TypeVar("T")
#: Turns a report into what the caller keeps of it (its entry in the
#: output, as bytes, say), given the validator; run where the submission was
#: checked, so that from a worker only that travels back.  A module-level
#: function, or a ``functools.partial`` of one, so that it can be sent to the
#: workers.
Encoder = Callable[[SubmissionReport, Any], T]
#: An :data:`Encoder` that is also given the value the submission was read
#: as (see :data:`Read`), so that what it takes from the envelope is not read
#: from the file again: ``encode(report, validator, envelope)``.
EnvelopeEncoder = Callable[[SubmissionReport, Any, object], T]
#: An encoder, and whether it takes the envelope.
_Encoding = tuple[Callable[..., Any], bool] | None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


#: The first and the last day an evaluation time may fall on (:data:`DAYS_READ`).
_FIRST_DAY, _LAST_DAY = (dt.date.fromisoformat(day) for day in DAYS_READ)


def _check_now(now: dt.datetime | None) -> dt.datetime:
    if type(now) is dt.datetime and now.tzinfo is dt.UTC and 1 < now.year < 9999:
        return now  # (the usual case, told at once: a day well within DAYS_READ)
    if now is None:
        return _utcnow()
    if not isinstance(now, dt.datetime):
        raise TypeError(f"now must be a timezone-aware datetime, not {type(now).__name__}")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if not _FIRST_DAY <= now.date() <= _LAST_DAY:
        first, last = DAYS_READ
        # (As an arrival time: some zone could not show it, and a rule
        # comparing it with another instant would fail.)
        raise ValueError(f"now must fall on a day from {first} to {last}, not {now.isoformat()}")
    return now


def _whole(value: int, name: str) -> int:
    """``value`` when it is a whole number (a bool is not); else a
    ``TypeError`` naming the argument."""
    checked_type(value, int, name, "a whole number")
    return value


def _ignored(ignore: Iterable[str]) -> frozenset[str]:
    """``ignore`` as a set: a lone string is refused (its characters would
    be taken for rule ids, and nothing left out), and so is anything else
    than a collection of strings (None, ``[5]``)."""
    if isinstance(ignore, str):
        raise TypeError(f"ignore takes a list of rule ids or codes, not the string {ignore!r}")
    items = tuple(ignore) if isinstance(ignore, Iterable) else None
    if items is None or not all(isinstance(i, str) for i in items):
        raise TypeError(f"ignore takes a list of rule ids or codes (strings), not {ignore!r}")
    return frozenset(items)


def _dir(base_dir: str | os.PathLike[str] | None) -> Path | None:
    if not (base_dir is None or isinstance(base_dir, str | os.PathLike)):
        kind = type(base_dir).__name__
        raise TypeError(f"base_dir takes the path of a folder (a str or a Path), not {kind}")
    return None if base_dir is None else Path(base_dir)


def default_jobs() -> int:
    """The number of cores this process may run on."""
    return cores()


#: Folders whose real paths are kept at once (see :class:`Folders`).
_FOLDERS_KEPT: Final = 1024


class Folders:
    """Each folder of a batch resolved once: the folder as given (one shared
    object) and its real path.

    The files of a folder come one after another, so only the last
    :data:`_FOLDERS_KEPT` folders are kept: a batch of 100,000 submissions
    each in its own folder keeps no entry per folder (one forgotten is
    resolved again)."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: Bounded[Path, tuple[Path, str]] = Bounded(_FOLDERS_KEPT)

    def resolve(self, folder: Path) -> tuple[Path, str]:
        known = self._seen.get(folder)
        if known is None:
            known = self._seen.put(folder, (folder, os.path.realpath(folder)))
        return known


@frozen
class BatchOutcome:
    """What the batch rules and the versions made of a batch."""

    #: The batch's findings: the batch rules', then the materials-only
    #: envelopes' own.
    findings: tuple[Finding, ...]
    #: The report of each earlier version of a resent project, by position:
    #: it keeps only ``batch.superseded``.
    replaced: Mapping[int, SubmissionReport]
    #: The record of every item of the batch, in order (on disk: each made
    #: again when it is asked for).
    records: Sequence[SubmissionRecord]

    def records_at(self, positions: Iterable[int]) -> Sequence[SubmissionRecord]:
        """The records at ``positions`` (ascending: read in order)."""
        if isinstance(self.records, RecordStore):
            return RecordView(self.records, positions)
        return [self.records[p] for p in positions]

    def final(self, record: SubmissionRecord, report: SubmissionReport) -> SubmissionReport:
        """The report of ``record`` as the batch report shows it."""
        return self.replaced.get(record.position, report)


class BatchRun:
    """A batch on its way through the engine (see the module's text)."""

    def __init__(
        self,
        validator: Validator,
        items: Iterable[object],
        *,
        strict: bool,
        now: dt.datetime,
        base_dir: Path | None,
        jobs: int = 1,
        parallel_from: int = PARALLEL_FROM,
    ) -> None:
        if isinstance(items, str | bytes | bytearray | Mapping):
            # One envelope (or a text) is no batch: its keys or characters
            # would each be read as a submission.
            raise TypeError(
                f"a batch is an iterable of envelopes or paths, not a {type(items).__name__}"
            )
        _whole(jobs, "jobs"), _whole(parallel_from, "parallel_from")
        if not isinstance(strict, bool):
            # "no" or "false" would be true: soft quotas made errors, silently.
            raise TypeError(f"strict takes True or False, not {type(strict).__name__}")
        self.validator = validator
        self.strict = strict
        self.now = now
        self.base_dir = base_dir
        self._items = items
        # (The workers that run: their share of the cores is taken from it.)
        self._jobs = most_workers(jobs)
        self._parallel_from = parallel_from
        #: The records of the batch, on disk.
        self._records = RecordStore()
        self._started = False

    def __iter__(self) -> Iterator[Checked]:
        return self._out(None)

    def encoded(self, encode: Encoder[T]) -> Iterator[tuple[SubmissionRecord, T]]:
        """Iterating the run, each report replaced by ``encode(report,
        validator)`` (see :data:`Encoder`), computed in the worker that
        checked it: with ``jobs`` > 1 the reports themselves never travel to
        this process."""
        return self._out((encode, False))

    def encoded_with_envelope(
        self, encode: EnvelopeEncoder[T]
    ) -> Iterator[tuple[SubmissionRecord, T]]:
        """:meth:`encoded`, the encoder also given the value each submission
        was read as (see :data:`EnvelopeEncoder`): a file is read once, for
        its check and for what the encoder takes from it."""
        return self._out((encode, True))

    def _out(self, encode: _Encoding) -> Iterator[tuple[SubmissionRecord, Any]]:
        if self._started:
            raise RuntimeError("a batch run is iterated once")
        self._started = True
        take = self._records.take
        heap = HeapTrim()
        for given, value in self._checked(encode):
            stop_if_requested()  # (one a library swallowed stops the batch here)
            heap.step()
            # A record from a worker comes as its values (see _values): made
            # once, as it is kept.
            yield take(given), value

    def _checked(self, encode: _Encoding) -> Iterator[_Out]:
        items: Iterable[object] = self._items
        if self._jobs > 1:
            # Only as many items as it takes to know whether workers pay are
            # taken at once: the rest is read as the workers need it.
            rest = iter(items)
            head = list(itertools.islice(rest, self._parallel_from))
            if len(head) < self._parallel_from:
                yield from _small(self, head, encode)
                return
            items = itertools.chain(head, rest)
            state = _pickled(self.validator)
            if state is not None:
                yield from _in_workers(self, state, enumerate(items, start=1), encode)
                return
        yield from _here(self, enumerate(items, start=1), encode)

    def finish(self) -> BatchOutcome:
        """Versions and batch rules over the records (after iterating)."""
        if not self._started:
            for _ in self:
                pass
        return self.validator.finish_batch(self._records, now=self.now, strict=self.strict)


# -- worker processes -----------------------------------------------------------

_worker: list[Validator] = []
_worker_folders: list[Folders] = []
#: A worker's heap, trimmed as it checks (see reform_brand._heap).
_worker_heap = HeapTrim()


def _pickled(validator: Validator) -> bytes | None:
    """The validator for the workers; None when it cannot travel (a rule
    defined inside a function): the batch is then checked in process."""
    try:
        return pickle.dumps(validator, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return None


def _init_worker(validator: Validator, threads: int = 1) -> None:
    # (Ctrl-C is the parent's alone: see reform_brand._handover.)  The
    # workers share the cores: each one's own threads (the OCR engine's)
    # are its share.
    os.environ[THREADS_ENV] = str(threads)
    _worker[:] = [validator]
    _worker_folders[:] = [Folders()]


def _here(run: BatchRun, items: Iterable[Numbered], encode: _Encoding) -> Iterator[_Out]:
    """Numbered items checked in this process."""
    folders = Folders()
    v = run.validator
    for n, item in items:
        read = v.check_item(
            item, n, now=run.now, strict=run.strict, base_dir=run.base_dir, folders=folders
        )
        yield _encoded(read, v, encode)


def _worth_workers(costs: list[float], left: int, jobs: int) -> bool:
    """Whether the ``left`` submissions still to check are worth starting
    workers for, given what each submission checked so far cost (its CPU
    time on one core, see :func:`_one_core_cost`):
    the time the workers would save (the cheaper of the last two, so that
    one submission that loaded a model or read a scan the others share does
    not count, times those left, less their share in this process) is more
    than their start."""
    if len(costs) < 2 or left < 2:
        return False
    workers = min(jobs, left)
    return min(costs[-2:]) * left * (1 - 1 / workers) > _WORKER_START


def _one_core_cost(cpu: float, wall: float, jobs: int) -> float:
    """What a submission checked here costs as :func:`_worth_workers`
    counts it: its CPU time, for a check that ran on one core.  A check
    that ran on several threads here (the OCR engine takes every core of a
    process checking alone) costs less: workers share the cores, and cannot
    save what the threads already saved.  So the cost ``e`` counted is the
    one for which ``e * (1 - 1 / jobs)``, what workers would save on a
    one-core check, is its wall time here less its CPU time shared among
    the workers (never below 0)."""
    if jobs < 2:
        return cpu
    return max(0.0, (wall - cpu / jobs) / (1 - 1 / jobs))


def _small(run: BatchRun, head: list[object], encode: _Encoding) -> Iterator[_Out]:
    """A batch under :data:`PARALLEL_FROM` items: checked in this process,
    and the rest given to the workers from the point where it is worth their
    start (:func:`_worth_workers`)."""
    folders = Folders()
    v = run.validator
    costs: list[float] = []
    may_travel = True
    numbered = list(enumerate(head, start=1))
    for k, (n, item) in enumerate(numbered):
        if may_travel and _worth_workers(costs, len(numbered) - k, run._jobs):
            state = _pickled(v)
            if state is not None:
                yield from _in_workers(run, state, iter(numbered[k:]), encode)
                return
            may_travel = False  # a rule that cannot travel: all of it here
        start, began = time.process_time(), time.perf_counter()
        read = v.check_item(
            item, n, now=run.now, strict=run.strict, base_dir=run.base_dir, folders=folders
        )
        cpu, wall = time.process_time() - start, time.perf_counter() - began
        costs.append(_one_core_cost(cpu, wall, run._jobs))
        yield _encoded(read, v, encode)


def _encoded(read: Read, validator: Validator, encode: _Encoding) -> _Out:
    record, report, envelope = read
    return record, _encode_report(report, envelope, validator, encode)


def _encode_report(
    report: SubmissionReport, envelope: object, validator: Validator, encode: _Encoding
) -> Any:
    if encode is None:
        return report
    fn, with_envelope = encode
    return fn(report, validator, envelope) if with_envelope else fn(report, validator)


def _values(record: SubmissionRecord) -> tuple[tuple[Any, ...], tuple[Finding, ...]]:
    """What a worker sends of a record: its values (a plain tuple travels
    faster than the record) and its findings."""
    return fields_of(record), record.findings


def _work(
    chunk: list[Numbered],
    now: dt.datetime,
    strict: bool,
    base_dir: Path | None,
    encode: _Encoding = None,
) -> _Done:
    v, folders = _worker[0], _worker_folders[0]
    out: _Result = []
    start = time.process_time()
    for n, item in chunk:
        record, report, envelope = v.check_item(
            item, n, now=now, strict=strict, base_dir=base_dir, folders=folders
        )
        out.append((_values(record), _encode_report(report, envelope, v, encode)))
    _worker_heap.step(len(chunk))
    return time.process_time() - start, out


class _Pace:
    """How many submissions the next chunk holds: as many as the workers
    have checked, on average, in :data:`_CHUNK_SECONDS` of CPU time (one
    until a chunk is done)."""

    __slots__ = ("done", "spent")

    def __init__(self) -> None:
        self.spent = 0.0
        self.done = 0

    def add(self, spent: float, done: int) -> None:
        self.spent += spent
        self.done += done

    def size(self) -> int:
        if not self.done:
            return 1
        if self.spent <= 0:
            return _MAX_CHUNK
        return max(1, min(_MAX_CHUNK, int(_CHUNK_SECONDS * self.done / self.spent)))


class _Pool(WorkerPool[_Done]):
    """The workers of a batch: the validator handed over, each worker taking
    its share of the cores."""

    def __init__(self, state: bytes, jobs: int) -> None:
        super().__init__(state, jobs, _init_worker, worker_share(jobs))


def _in_workers(
    run: BatchRun,
    state: bytes,
    numbered: Iterator[Numbered],
    encode: _Encoding,
) -> Iterator[_Out]:
    pool = _Pool(state, run._jobs)

    def submit(chunk: list[Numbered]) -> Future[_Done]:
        try:
            return pool.submit(_work, chunk, run.now, run.strict, run.base_dir, encode)
        except BrokenProcessPool as exc:
            # A worker died while chunks were being sent: this one is lost
            # with those in flight, and is checked again with them when its
            # turn comes.
            lost: Future[_Done] = Future()
            lost.set_exception(exc)
            return lost

    window: collections.deque[tuple[list[Numbered], Future[_Done]]] = collections.deque()
    pace = _Pace()
    try:
        while True:
            while len(window) < run._jobs * _IN_FLIGHT and (
                chunk := list(itertools.islice(numbered, pace.size()))
            ):
                window.append((chunk, submit(chunk)))
            if not window:
                return
            chunk, future = window.popleft()
            try:
                spent, results = future.result()
                pace.add(spent, len(chunk))
                yield from results
            except BrokenProcessPool:
                # Every chunk in flight is lost with the pool: each of their
                # submissions again, alone, in a fresh pool; all that is left
                # in this process when no worker starts any more.
                lost = itertools.chain.from_iterable([chunk, *(c for c, _f in window)])
                window.clear()
                pool.renew()
                try:
                    for item in lost:
                        yield _alone(run, pool, item, encode)
                except _NoWorkers as stopped:
                    yield from _here(run, itertools.chain([stopped.item], lost, numbered), encode)
                    return
            except Exception:
                # Not a crash (a value that could not travel): in process.
                yield from _here(run, chunk, encode)
    finally:
        pool.close()


class _NoWorkers(Exception):
    """No worker of the pool starts: ``item`` and the rest are checked in
    this process."""

    def __init__(self, item: Numbered) -> None:
        super().__init__()
        self.item = item


def _alone(run: BatchRun, pool: _Pool, item: Numbered, encode: _Encoding) -> _Out:
    """``item`` checked alone in the pool; a finding when it kills its worker
    (:class:`_NoWorkers` when no worker starts)."""
    if not pool.starts():
        raise _NoWorkers(item)
    try:
        done = pool.submit(_work, [item], run.now, run.strict, run.base_dir, encode)
        return done.result()[1][0]
    except BrokenProcessPool as exc:
        pool.renew()
        n, value = item
        failed = run.validator.failed_item(
            value, n, base_dir=run.base_dir, error=type(exc).__name__
        )
        return _encoded(failed, run.validator, encode)
