"""The records of a batch (``RecordStore``), the first kept in memory and
the others on disk: each record made again exactly as it was written, read
in order or by number, some of them through a view, and nothing of those on
disk kept in memory."""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest

from reform_brand.engine._records import RecordStore, RecordView
from reform_brand.findings import Counts, Finding
from reform_brand.plugin import SubmissionRecord
from reform_brand.submission import Attachment, Unit


def _records() -> list[SubmissionRecord]:
    material = Finding(code="material.unknown", severity="warning", submission="s-3", rule="r")
    return [
        SubmissionRecord(
            position=0,
            id="/in/a/1.json",
            file="/in/a/1.json",
            base_dir="/in/a",
            real_base="/in/a",
            edition="shandong-2022",
            form="application",
            unit=Unit(name="济南市科协", kind="city-association"),
            has_arrival=True,
            arrived_at="2022-08-19T10:00:00+08:00",
            attachments=(
                Attachment(role="signed-scan", path="scan.pdf", index=0),
                Attachment(
                    role="word", path="表.docx", index=1, modified_at="2022-08-01T00:00:00Z"
                ),
            ),
            project="改革品牌项目",
            usable=True,
            counts=Counts(error=1, warning=2, info=3),
        ),
        SubmissionRecord(
            position=1,
            id="s-2",
            file="",
            base_dir=None,
            unit=Unit(name="县科协", kind="county-association", city="济南市"),
            has_arrival=True,
            arrived_at=None,
        ),
        SubmissionRecord(
            position=2,
            id="s-3",
            file="/in/link/3.json",
            base_dir="/in/link",
            real_base="/in/real",
            edition="shandong-2022",
            material_only=True,
            attachments=(Attachment(role="progress-summary", path="s.txt", index=0),),
            usable=True,
            findings=(material,),
        ),
        SubmissionRecord(position=3, id="\ud800 lone", file="", project="x" * 1000),
    ]


@pytest.mark.parametrize("in_memory", [0, 2, 100])
def test_every_record_is_made_again_as_it_was_written(in_memory: int) -> None:
    records = _records()
    store = RecordStore(records, in_memory=in_memory)
    assert len(store) == len(records)
    assert list(store) == records
    assert [store[i] for i in range(len(store))] == records
    assert store[-1] == records[-1] and store[1:3] == records[1:3]
    assert store == records and records == list(store)
    assert store != records[:2] and store != [*records[:3], records[0]]
    assert store[2].findings == records[2].findings and store[0].findings == ()
    assert list(store.findings()) == list(records[2].findings)
    assert store[2].real_base == "/in/real" and store[0].base_dir is not None
    with pytest.raises(IndexError):
        store[len(records)]
    with pytest.raises(TypeError):
        hash(store)


@pytest.mark.parametrize("in_memory", [0, 2, 100])
def test_the_usable_records_are_known_without_reading_them(in_memory: int) -> None:
    store = RecordStore(_records(), in_memory=in_memory)
    assert list(store.usable) == [0, 2]


@pytest.mark.parametrize("in_memory", [0, 2, 100])
def test_a_record_sent_as_its_values_is_stored_as_the_record(in_memory: int) -> None:
    """A worker sends a record as its values and findings: the store makes
    the same record (returned, and read back), knows it usable once, and
    keeps what records share as one object."""
    import pickle

    from reform_brand.engine._records import fields_of

    def sent(r: SubmissionRecord) -> tuple[Any, ...]:
        # (Pickled, as it travels: equal values, objects of their own.)
        values: tuple[Any, ...] = pickle.loads(pickle.dumps((fields_of(r), r.findings)))
        return values

    records = _records()
    store = RecordStore(in_memory=in_memory)
    taken = [store.take(sent(r)) for r in records]
    assert taken == records and list(store) == records
    assert list(store.usable) == [0, 2]
    assert list(store.findings()) == list(records[2].findings)
    again = RecordStore(in_memory=in_memory)
    first, second = (again.take(sent(records[0])) for _ in range(2))
    if in_memory >= 2:
        assert first.unit is second.unit and first.attachments is second.attachments
        assert first.edition is second.edition and first.counts is second.counts


@pytest.mark.parametrize("in_memory", [0, 5, 100_000])
@pytest.mark.parametrize("n", [10, 1000])
def test_a_view_shows_the_records_at_its_positions(n: int, in_memory: int) -> None:
    """Read in order (a view of most of the store) or one by one (a few of
    them, or out of order): the same records."""
    records = [
        SubmissionRecord(position=i, id=f"s{i}", unit=Unit(name=f"unit {i % 7}")) for i in range(n)
    ]
    store = RecordStore(records, in_memory=in_memory)
    for positions in ([], [0], list(range(1, n)), list(range(0, n, 3)), [n - 1, 0]):
        view = RecordView(store, positions)
        assert list(view) == [records[p] for p in positions]
        assert len(view) == len(positions)
        if positions:
            assert view[-1] == records[positions[-1]]
            assert view[: len(positions)] == [records[p] for p in positions]


def test_records_past_the_first_are_not_kept_in_memory() -> None:
    """20,000 records past the first 100 cost the store its write buffer and
    eight bytes each, not the some 450 bytes of each record."""
    n = 20_000
    unit = Unit(name="济南市科协", kind="city-association")
    tracemalloc.start()
    try:
        store = RecordStore(in_memory=100)
        before, _ = tracemalloc.get_traced_memory()
        for i in range(n):
            folder = f"/inbox/{i:06d}"
            store.append(
                SubmissionRecord(
                    position=i,
                    id=f"{folder}/submission.json",
                    file=f"{folder}/submission.json",
                    base_dir=folder,
                    real_base=folder,
                    unit=unit,
                    attachments=(Attachment(role="word", path=f"{i}.docx", index=0),),
                    project=f"改革品牌项目 {i}",
                    usable=True,
                )
            )
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < (1 << 20) + 100 * 1000 + 40 * n
    assert store[n - 1].project == f"改革品牌项目 {n - 1}"
    assert sum(1 for _ in store) == n
