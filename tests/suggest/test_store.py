"""The ranking model kept between processes: read back when nothing it is
built from changed, never stale, and passed over when it cannot be written
or read (as the edition cache, tests/core/test_cache.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from reform_brand import Edition, _cache
from reform_brand._leftovers import held_file
from reform_brand.suggest import Ranker, _store

TEXTS = ("组建海洋科普联盟，开展海洋知识竞赛", "银龄科普课堂进社区", "发挥“三长”作用")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(_cache.CACHE_ENV, str(folder))
    return folder / "suggest"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


def _same(a: Ranker, b: Ranker) -> None:
    assert a._weights == b._weights
    assert a.segmenter.freq == b.segmenter.freq
    for text in TEXTS:
        assert a.rank(text) == b.rank(text)


def test_a_second_ranker_is_read_back(edition: Edition, cache: Path) -> None:
    first = Ranker(edition.reform_items)
    assert not first.from_cache
    assert len(_entries(cache)) == 1
    second = Ranker(edition.reform_items)
    assert second.from_cache
    _same(first, second)


def test_other_items_are_another_key(edition: Edition, cache: Path) -> None:
    Ranker(edition.reform_items)
    items = list(edition.reform_items)
    items[10] = attrs.evolve(items[10], keywords=(*items[10].keywords, "剪纸"))
    tuned = Ranker(items)
    assert not tuned.from_cache
    assert len(_entries(cache)) == 2
    assert "剪纸" in tuned._weights


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong-object", "short-row"])
def test_a_corrupt_entry_is_rebuilt(edition: Edition, cache: Path, damage: str) -> None:
    good = Ranker(edition.reform_items)
    (entry,) = _entries(cache)
    raw = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x80\x05 not json at all")
    elif damage == "truncated":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "wrong-object":
        entry.write_text(json.dumps({"format": "1", "freq": [], "total": "x"}))
    else:
        value = json.loads(raw)
        value["weights"][next(iter(value["weights"]))] = [1.0]
        entry.write_text(json.dumps(value), encoding="utf-8")
    again = Ranker(edition.reform_items)
    assert not again.from_cache
    _same(good, again)
    # Rewritten, and serves the next one.
    assert Ranker(edition.reform_items).from_cache


def test_an_unwritable_cache_folder_is_passed_over(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(_cache.CACHE_ENV, str(blocker))
    first = Ranker(edition.reform_items)
    second = Ranker(edition.reform_items)
    assert not first.from_cache and not second.from_cache
    _same(first, second)


def test_writing_failures_never_raise(
    edition: Edition, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr("reform_brand._leftovers.tempfile.mkstemp", refuse)
    assert not Ranker(edition.reform_items).from_cache
    assert not Ranker(edition.reform_items).from_cache
    assert _entries(cache) == []


@pytest.mark.parametrize("value", ["off", "0", ""])
def test_the_cache_can_be_turned_off(
    edition: Edition, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(_cache.CACHE_ENV, value)
    assert _store.store_dir() is None
    Ranker(edition.reform_items)
    assert not Ranker(edition.reform_items).from_cache


def test_the_folder_is_beside_the_edition_cache(cache: Path) -> None:
    folder = _cache.cache_dir()
    assert folder is not None
    assert _store.store_dir() == folder.parent / "suggest" == cache


def test_old_entries_are_pruned(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_store, "MAX_ENTRIES", 2)
    state = _store.State(freq={"海洋": 5}, total=10, weights={"海洋": [1.0]})
    for i in range(4):
        assert _store.write_state(f"k{i}", state)
        os.utime(cache / f"k{i}.json", ns=(i * 10**9, i * 10**9))
    assert _store.write_state("k9", state)
    assert [p.stem for p in _entries(cache)] == ["k3", "k9"]
    assert _store.read_state("k9", 1) == state
    assert _store.read_state("k9", 2) is None  # made for another number of items


def test_a_held_temporary_file_is_no_entry_kept(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run's model being written (its held ``.tmp-*.json``, the
    newest file) does not count among the entries kept, nor is it
    removed."""
    monkeypatch.setattr(_store, "MAX_ENTRIES", 2)
    state = _store.State(freq={"海洋": 5}, total=10, weights={"海洋": [1.0]})
    assert _store.write_state("k0", state)
    fd, tmp = held_file(".tmp-", ".json", cache)
    try:
        assert _store.write_state("k1", state)
        os.utime(cache / "k0.json", ns=(0, 0))
        os.utime(cache / "k1.json", ns=(10**9, 10**9))
        assert _store.write_state("k2", state)
        names = sorted(p.name for p in cache.iterdir())
        assert names == sorted([Path(tmp).name, "k1.json", "k2.json"])
    finally:
        os.close(fd)


def test_a_process_that_finds_the_model_imports_neither_jieba_nor_rank_bm25(
    edition: Edition, cache: Path
) -> None:
    Ranker(edition.reform_items)  # kept
    code = (
        "import sys\n"
        "from reform_brand import Host\n"
        "from reform_brand.suggest import suggest_items, ranker_for\n"
        "edition = Host.create().edition('shandong-2022')\n"
        "best = suggest_items(edition, '组建海洋科普联盟，开展海洋知识竞赛', top=1)[0]\n"
        "assert ranker_for(edition.reform_items).from_cache\n"
        "print(best.item, 'jieba' in sys.modules, 'rank_bm25' in sys.modules, "
        "'numpy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, _cache.CACHE_ENV: str(cache.parent)},
    )
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout.split() == ["13", "False", "False", "False"]
