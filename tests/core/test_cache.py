"""The cache of checked editions: used when the files are unchanged, never
stale, and passed over when it cannot be written or read."""

from __future__ import annotations

import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

from reform_brand import _cache, loader
from reform_brand._leftovers import held_file
from reform_brand.errors import EditionDataError
from reform_brand.loader import load_edition
from tests.conftest import REFERENCE_DATA

EDITION_ID = "shandong-2022"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the reference edition's data folder."""
    folder = tmp_path / "data"
    shutil.copytree(REFERENCE_DATA, folder)
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(_cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time an edition's files are checked (not served from
    the cache)."""
    seen: list[str] = []
    real = loader._load_checked

    def counting(*args: object, **kwargs: object) -> object:
        seen.append(str(args[0]))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_load_checked", counting)
    return seen


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "editions").glob("*.pickle")) if cache.exists() else []


def test_a_second_load_comes_from_the_cache(data: Path, cache: Path, checks: list[str]) -> None:
    first = load_edition(data, expected_id=EDITION_ID)
    assert len(_entries(cache)) == 1
    second = load_edition(data, expected_id=EDITION_ID)
    assert checks == [str(data)]  # checked once, then read back
    assert second == first
    assert second.source == first.source
    assert [f.id for f in second.forms] == [f.id for f in first.forms]


def test_a_changed_data_file_is_loaded_afresh(data: Path, cache: Path, checks: list[str]) -> None:
    before = load_edition(data, expected_id=EDITION_ID)
    forms = data / "forms.toml"
    text = forms.read_text(encoding="utf-8")
    assert before.forms[0].title.zh in text
    forms.write_text(text.replace(before.forms[0].title.zh, "改过的标题", 1), encoding="utf-8")
    after = load_edition(data, expected_id=EDITION_ID)
    assert after.forms[0].title.zh == "改过的标题"
    assert len(checks) == 2


def test_a_changed_template_or_other_file_is_a_new_key(
    data: Path, cache: Path, checks: list[str]
) -> None:
    load_edition(data, expected_id=EDITION_ID)
    (data / "notice.txt").write_bytes((data / "notice.txt").read_bytes() + b"\n")
    load_edition(data, expected_id=EDITION_ID)
    assert len(checks) == 2


def test_a_broken_file_is_reported_not_served(data: Path, cache: Path) -> None:
    load_edition(data, expected_id=EDITION_ID)
    (data / "items.toml").write_text("this is [ not toml", encoding="utf-8")
    with pytest.raises(EditionDataError) as info:
        load_edition(data, expected_id=EDITION_ID)
    assert "edition.syntax" in {p.code for p in info.value.problems}


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong-object"])
def test_a_corrupt_entry_falls_back_to_the_files(
    data: Path, cache: Path, checks: list[str], damage: str
) -> None:
    good = load_edition(data, expected_id=EDITION_ID)
    (entry,) = _entries(cache)
    raw = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x80\x05not a pickle at all")
    elif damage == "truncated":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        import pickle

        entry.write_bytes(pickle.dumps(("x", "y", {"not": "an edition"})))
    again = load_edition(data, expected_id=EDITION_ID)
    assert again == good
    assert len(checks) == 2
    # The entry was rewritten and serves the next load.
    load_edition(data, expected_id=EDITION_ID)
    assert len(checks) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_in_place_of_an_entry_falls_back_to_the_files(
    data: Path, cache: Path, checks: list[str]
) -> None:
    """A named pipe where an entry is (of the edition cache, and of the
    suggestion model and scan stores, opened the same way) was opened and
    waited on for ever: it is an entry that cannot be read."""
    good = load_edition(data, expected_id=EDITION_ID)
    (entry,) = _entries(cache)
    entry.unlink()
    os.mkfifo(entry)
    assert load_edition(data, expected_id=EDITION_ID) == good
    assert len(checks) == 2
    assert entry.is_file()  # (rewritten: it serves the next load)


def test_an_unwritable_cache_folder_is_passed_over(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checks: list[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(_cache.CACHE_ENV, str(blocker))
    first = load_edition(data, expected_id=EDITION_ID)
    second = load_edition(data, expected_id=EDITION_ID)
    assert first == second
    assert len(checks) == 2  # nothing kept, nothing raised


def test_writing_failures_never_raise(
    data: Path, cache: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr("reform_brand._leftovers.tempfile.mkstemp", refuse)
    load_edition(data, expected_id=EDITION_ID)
    load_edition(data, expected_id=EDITION_ID)
    assert len(checks) == 2
    assert _entries(cache) == []


@pytest.mark.parametrize("value", ["off", "0", "", "no"])
def test_the_cache_can_be_turned_off(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checks: list[str], value: str
) -> None:
    monkeypatch.setenv(_cache.CACHE_ENV, value)
    assert _cache.cache_dir() is None
    load_edition(data, expected_id=EDITION_ID)
    load_edition(data, expected_id=EDITION_ID)
    assert len(checks) == 2


def test_the_default_folder_is_the_users_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(_cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = _cache.cache_dir()
    assert folder is not None
    if os.name == "posix" and os.uname().sysname != "Darwin":
        assert folder == tmp_path / "xdg" / "reform-brand" / "editions"


def test_a_folder_edition_without_an_id_is_not_kept(data: Path, cache: Path) -> None:
    """A maintainer's work in progress (load_directory) is always checked."""
    load_edition(data)
    assert _entries(cache) == []


def test_other_renderers_are_another_key(data: Path, cache: Path, checks: list[str]) -> None:
    class Checker:
        id = "strict"

        def check_template(self, edition: object, form: object) -> list[object]:
            return []

    load_edition(data, expected_id=EDITION_ID)
    load_edition(data, expected_id=EDITION_ID, renderers=[Checker()])
    assert len(checks) == 2


def test_the_installed_edition_is_served_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the host, as the commands load it."""
    from reform_brand import Host

    first = Host.create(block=()).edition(EDITION_ID)
    assert len(_entries(cache)) == 1
    calls: list[object] = []
    monkeypatch.setattr(loader, "_load_checked", lambda *a, **k: calls.append(a))
    second = Host.create(block=()).edition(EDITION_ID)
    assert calls == []
    assert second == first


def test_old_entries_are_pruned(data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_cache, "MAX_ENTRIES", 2)
    folder = cache / "editions"
    folder.mkdir(parents=True)
    for i in range(3):
        stale = folder / f"stale{i}.pickle"
        stale.write_bytes(b"x")
        os.utime(stale, (1_000_000 + i, 1_000_000 + i))
    load_edition(data, expected_id=EDITION_ID)
    left = sorted(p.name for p in _entries(cache))
    assert len(left) == 2
    assert "stale2.pickle" in left  # the newest stale one, and the new entry


@pytest.mark.parametrize(("suffix", "pattern"), [(".pickle", "*.pickle"), (".json", "*.json")])
@pytest.mark.parametrize("newest", [True, False])
def test_pruning_leaves_a_held_temporary_file_out(
    suffix: str, pattern: str, newest: bool, tmp_path: Path
) -> None:
    """A run's temporary file (``.tmp-*``, held while it is written) is no
    entry: it neither counts among those kept (``newest``: the newest,
    where an entry was removed for it) nor is removed (the oldest, where
    the run's write then failed)."""
    entries = [tmp_path / f"k{i}{suffix}" for i in range(2)]
    fd, tmp = held_file(".tmp-", suffix, tmp_path)
    try:
        for i, path in enumerate([*entries, Path(tmp)]):
            path.touch()
            at = 1_000_000 + (i if newest or path.name != Path(tmp).name else -1)
            os.utime(path, (at, at))
        _cache.prune(tmp_path, pattern, keep=2)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [Path(tmp).name, *(p.name for p in entries)]
        )
    finally:
        os.close(fd)


def test_a_file_past_the_budget_is_never_read_into_memory(
    data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A video of gigabytes left in a data folder was read whole, by every
    command, only to find the folder too large to keep."""
    monkeypatch.setattr(_cache, "_MAX_BYTES", 1024 * 1024)
    with (data / "video.mp4").open("wb") as fh:
        fh.truncate(64 * 1024 * 1024)  # sparse: no disk taken
    tracemalloc.start()
    try:
        key = _cache.edition_key(EDITION_ID, [str(data)], [])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert key is None
    assert peak < 8 * 1024 * 1024
    load_edition(data, expected_id=EDITION_ID)
    assert _entries(cache) == []
