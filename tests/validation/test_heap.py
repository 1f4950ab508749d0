"""The C heap trimmed as a long batch runs (reform_brand._heap): how often,
that a batch does it in this process and in its workers, and as its records
are made again from disk, and that it does
nothing where the C library cannot."""

from __future__ import annotations

import platform

import pytest

from reform_brand import Validator, _heap
from reform_brand._cores import THREADS_ENV
from reform_brand._heap import HeapTrim, trim
from reform_brand.engine import _stream
from reform_brand.engine._records import RecordStore
from reform_brand.plugin import SubmissionRecord
from tests.validation.helpers import NOW, batch_envelope


def _counter() -> tuple[list[int], HeapTrim, int]:
    calls: list[int] = []
    every = 5
    return calls, HeapTrim(every, trim_heap=lambda: calls.append(1)), every


def test_trims_once_every_so_many_submissions() -> None:
    calls, heap, every = _counter()
    for _ in range(every - 1):
        heap.step()
    assert calls == []
    heap.step()
    assert len(calls) == 1
    for _ in range(3 * every):
        heap.step()
    assert len(calls) == 4


def test_a_chunk_counts_its_submissions() -> None:
    calls, heap, every = _counter()
    heap.step(every - 2)
    assert calls == []
    heap.step(every + 3)  # past two boundaries at once: one trim, the rest carried
    assert len(calls) == 1
    heap.step(every - 1)
    assert len(calls) == 2


@pytest.mark.parametrize("every", [0, -3])
def test_every_must_be_positive(every: int) -> None:
    with pytest.raises(ValueError, match="every"):
        HeapTrim(every)


def test_trims_where_the_c_library_can() -> None:
    glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert trim() is glibc
    assert trim() is glibc  # (looked up once, called again)


def test_does_nothing_without_malloc_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_heap, "_malloc_trim", lambda: None)
    assert trim() is False


def _count_trims(monkeypatch: pytest.MonkeyPatch, every: int) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(_heap, "EVERY", every)

    def counted() -> bool:
        calls.append(1)
        return True

    monkeypatch.setattr(_heap, "trim", counted)
    return calls


def test_a_batch_trims_this_process_heap(
    validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_trims(monkeypatch, 4)
    items = [batch_envelope(i, f"s{i}") for i in range(13)]
    report = validator.validate_batch(items, now=NOW)
    assert len(report.submissions) == 13
    assert len(calls) == 3


def test_a_worker_trims_its_heap_by_its_chunks(
    validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a worker runs for each chunk, in this process (the pool's
    # processes keep their own counter and C library).
    calls: list[int] = []
    monkeypatch.setattr(_stream, "_worker_heap", HeapTrim(3, trim_heap=lambda: calls.append(1)))
    monkeypatch.setattr(_stream, "_worker", [])
    monkeypatch.setattr(_stream, "_worker_folders", [])
    monkeypatch.setenv(THREADS_ENV, "1")  # (what starting a worker sets)
    _stream._init_worker(validator)
    items: list[tuple[int, object]] = [(i + 1, batch_envelope(i, f"s{i}")) for i in range(7)]
    _spent, results = _stream._work(items[:2], NOW, False, None)
    assert len(results) == 2
    assert calls == []
    _stream._work(items[2:], NOW, False, None)
    assert len(calls) == 1


def _records(n: int) -> list[SubmissionRecord]:
    return [SubmissionRecord(position=i, id=f"s{i}", usable=True) for i in range(n)]


def test_records_made_again_from_disk_trim_the_heap(monkeypatch: pytest.MonkeyPatch) -> None:
    # The batch steps go over the records several times, each past the
    # first in memory made again from the store's file.
    calls = _count_trims(monkeypatch, 4)
    store = RecordStore(_records(6), in_memory=2)
    assert calls == []
    assert len(list(store)) == 6  # four made again: one trim
    assert len(calls) == 1
    assert [r.id for r in store.at([3, 4, 5])] == ["s3", "s4", "s5"]
    assert [store[j].id for j in (0, 1)] == ["s0", "s1"]  # (kept in memory: none made)
    assert len(calls) == 1
    assert store[2].id == "s2"  # the eighth made again
    assert len(calls) == 2
