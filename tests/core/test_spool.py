"""Spools, the ledger kept on disk, paths kept as text, and the batch
record's folder kept as text: each reads back exactly what was put in."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import attrs
import pytest

from reform_brand._spool import Ints, Spool, Spooled
from reform_brand._textlist import SHORT, TextList
from reform_brand.office import InboxFile, Ledger, PathList
from reform_brand.plugin import SubmissionRecord


def test_ints_kept_on_disk_read_back_by_number_and_in_order() -> None:
    values = [(i * 7919) % 1_000_003 - 500_000 for i in range(20_000)] + [2**63 - 1, -(2**63)]
    ints = Ints(values)
    assert len(ints) == len(values)
    assert list(ints) == values
    # Across the blocks on disk and the one in memory, back and forth.
    for i in (0, 8191, 8192, 16_383, 16_384, 20_001, -1, -20_002, 5, 19_000, 3):
        assert ints[i] == values[i]
    assert ints[8190:8194] == values[8190:8194]
    with pytest.raises(IndexError):
        ints[len(values)]
    ints.append(42)  # after a read
    assert ints[-1] == 42 and list(ints)[-2:] == [-(2**63), 42]
    ints.close()


def test_spool_reads_back_every_entry_by_number_and_in_order() -> None:
    # Entries across the read blocks' edges: many small ones, then some
    # larger than a block, then small ones again.
    entries = [os.urandom(i % 97) for i in range(30_000)]
    entries += [b"x" * (1 << 20) + bytes([i]) for i in range(3)]
    entries += [bytes([i % 256]) * 5 for i in range(1000)]
    spool = Spool()
    try:
        for e in entries:
            spool.add(e)
        assert len(spool) == len(entries)
        assert list(spool) == entries
        assert [spool.get(i) for i in (0, 29_999, 30_001, len(entries) - 1)] == [
            entries[0],
            entries[29_999],
            entries[30_001],
            entries[-1],
        ]
        spool.add(b"late")  # written after a read: read back too
        assert spool.get(len(entries)) == b"late"
        assert list(spool)[-1] == b"late"
    finally:
        spool.close()


def test_a_spool_not_closed_is_closed_when_no_longer_used() -> None:
    spool = Spool()
    spool.add(b"a")
    fh = spool.fh
    del spool
    assert fh.closed


def test_spooled_is_a_read_only_sequence() -> None:
    seq = Spooled(5, lambda i: i * 10)
    assert list(seq) == [0, 10, 20, 30, 40]
    assert seq[-1] == 40 and seq[1:3] == [10, 20]
    with pytest.raises(IndexError):
        seq[5]


def _files(n: int) -> list[InboxFile]:
    return [
        InboxFile(
            path=f"单位{i:05d}/申报表.docx",
            size=i * 7,
            sha256=f"{i:064x}",
            kind="docx" if i % 3 else "pdf",
            status="used" if i % 5 else "ignored",
            role="application" if i % 2 else "",
            submission=f"s{i}" if i % 2 else "",
            code="" if i % 5 else "inbox.unknown-file",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(("in_memory", "on_disk"), [(None, False), (2500, False), (2499, True)])
def test_the_ledger_holds_the_entries_it_was_given(in_memory: int | None, on_disk: bool) -> None:
    files = _files(2500)
    ledger = Ledger(iter(files), in_memory=in_memory)
    assert ledger.on_disk is on_disk
    assert len(ledger) == 2500
    assert list(ledger) == files
    assert ledger == files and ledger == tuple(files) and files == list(ledger)
    assert ledger[0] == files[0] and ledger[-1] == files[-1] and ledger[10:13] == files[10:13]
    assert ledger != files[:-1] and ledger != [*files[:-1], attrs.evolve(files[-1], code="x")]
    with pytest.raises(IndexError):
        ledger[2500]
    with pytest.raises(TypeError):
        hash(ledger)
    # Pickled (to a worker process) as the tuple of its entries.
    assert pickle.loads(pickle.dumps(ledger)) == tuple(files)
    assert Ledger() == () and list(Ledger()) == []


@pytest.mark.parametrize("in_memory", [1, 2])
def test_a_large_inbox_ledger_is_kept_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_memory: int
) -> None:
    from reform_brand import Host
    from reform_brand.office import _ledger, intake

    monkeypatch.setattr(_ledger, "IN_MEMORY", in_memory)
    (tmp_path / "a.txt").write_text("说明", "utf-8")
    (tmp_path / "b.json").write_text("{}", "utf-8")
    found = intake(Host.create().edition("shandong-2022"), tmp_path)
    assert isinstance(found.files, Ledger) and found.files.on_disk is (in_memory == 1)
    assert [f.path for f in found.files] == ["a.txt", "b.json"]
    assert [f.code for f in found.files] == ["inbox.unknown-file", "inbox.unknown-file"]


def test_paths_kept_as_text_under_a_folder(tmp_path: Path) -> None:
    paths = PathList(["forms/1.html", "report.json"], under=tmp_path)
    assert list(paths) == [tmp_path / "forms/1.html", tmp_path / "report.json"]
    assert paths[-1] == tmp_path / "report.json" and paths[:1] == [tmp_path / "forms/1.html"]
    assert paths == [tmp_path / "forms/1.html", tmp_path / "report.json"]
    assert paths != PathList(["forms/1.html", "report.json"])
    assert PathList(["a", "b"]) == PathList(["a", "b"]) == [Path("a"), Path("b")]
    again = pickle.loads(pickle.dumps(paths))
    assert isinstance(again, PathList) and again == paths and again[0] == tmp_path / "forms/1.html"


def test_paths_sorted_on_disk_stay_there(tmp_path: Path) -> None:
    texts = TextList(f"f{i}/{i}.json" for i in range(SHORT + 1))
    paths = PathList(texts, under=tmp_path)
    assert paths._texts is texts  # not copied into memory
    assert len(paths) == SHORT + 1 and paths[-1] == tmp_path / f"f{SHORT}/{SHORT}.json"
    assert list(paths)[:2] == [tmp_path / "f0/0.json", tmp_path / "f1/1.json"]
    assert paths == PathList(tuple(texts), under=tmp_path)
    again = pickle.loads(pickle.dumps(paths))
    assert again == paths and again[1] == tmp_path / "f1/1.json"


def test_a_record_keeps_its_folder_as_text_and_gives_it_as_a_path(tmp_path: Path) -> None:
    record = SubmissionRecord(position=0, id="s1", base_dir=tmp_path)
    assert record.base_dir == tmp_path and isinstance(record.base_dir, Path)
    assert record == SubmissionRecord(position=0, id="s1", base_dir=str(tmp_path))
    assert SubmissionRecord(position=0, id="s1").base_dir is None
    moved = attrs.evolve(record, base_dir=tmp_path / "x")
    assert moved.base_dir == tmp_path / "x"
    assert pickle.loads(pickle.dumps(record)) == record
