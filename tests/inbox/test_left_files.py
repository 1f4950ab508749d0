"""The temporary files a run killed by SIGKILL left while writing them (an
export's ``.001.json.x1y2z3w4.tmp``, a cache entry's ``.tmp-x1y2z3w4.pickle``,
a kept scan's ``.tmp-x1y2z3w4.part``, a ranking model's
``.tmp-x1y2z3w4.json``) are removed by a later run; the file a run still
going is writing is never."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reform_brand.model import Edition
from reform_brand.office import export_envelopes, intake, mark_output
from tests.stuck import killed, started

#: A run that stops for good while it writes ``argv[2]`` with ``argv[1]``
#: (``office`` for the export's write_atomic, ``cache`` for an edition
#: kept in the cache, ``scan`` for a scan's result kept, ``suggest`` for a
#: ranking model kept), saying so by the file ``argv[3]``.
_STUCK = """
import os, pathlib, sys, time
ready = pathlib.Path(sys.argv[3])
def stuck(*args, **kwargs):
    ready.write_text("")
    while True:
        time.sleep(60)
if sys.argv[1] == "office":
    from reform_brand.office._marker import write_atomic
    os.fsync = stuck
    write_atomic(pathlib.Path(sys.argv[2]), b"{}")
elif sys.argv[1] == "scan":
    import pickle
    from reform_brand.scan._store import write_result
    from reform_brand.scan._types import ScanLimits, ScanResult
    pickle.dump = stuck
    write_result(b"killed", ScanLimits(), "", ScanResult(status="ok"), ocr=False)
elif sys.argv[1] == "suggest":
    from reform_brand.suggest._store import State, write_state
    os.replace = stuck
    write_state("killed", State(freq={"a": 1}, total=1, weights={"a": [0.5]}))
else:
    import pickle
    from reform_brand import load_edition
    pickle.dump = stuck
    load_edition("shandong-2022")  # (kept in the cache: REFORM_BRAND_CACHE_DIR)
"""


def _stuck(how: str, target: Path, tmp: Path) -> subprocess.Popen[bytes]:
    ready = tmp / "ready"
    return started([sys.executable, "-c", _STUCK, how, str(target), str(ready)], ready)


def _tmp_files(folder: Path, suffix: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(suffix))


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_an_export_s_file_a_killed_run_was_writing_is_removed_by_the_next(
    edition: Edition, tmp_path: Path
) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    out.mkdir()
    mark_output(out, "export")
    proc = _stuck("office", out / "001.json", tmp_path)
    try:
        (left,) = _tmp_files(out, ".tmp")
        assert left.startswith(".001.json.")
        # A run going on while it writes: its file is left to it.
        export_envelopes(intake(edition, inbox), out)
        assert _tmp_files(out, ".tmp") == [left]
    finally:
        killed(proc)
    export_envelopes(intake(edition, inbox), out)
    assert _tmp_files(out, ".tmp") == []


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_a_cache_entry_a_killed_run_was_writing_is_removed_by_the_next(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reform_brand import _cache

    monkeypatch.setenv(_cache.CACHE_ENV, str(tmp_path / "cache"))
    folder = _cache.cache_dir()
    assert folder is not None
    folder.mkdir(parents=True)
    data = Path(__file__).parents[2] / "plugins" / "reform_brand_shandong_2022" / "data"
    proc = _stuck("cache", data, tmp_path)
    try:
        (left,) = _tmp_files(folder, ".pickle")
        assert left.startswith(".tmp-")
        assert _cache.write_edition(data, edition, [str(data)], [])
        assert left in _tmp_files(folder, ".pickle")
    finally:
        killed(proc)
    assert _cache.write_edition(data, edition, [str(data)], [])
    assert not [n for n in _tmp_files(folder, ".pickle") if n.startswith(".tmp-")]
    assert os.listdir(folder)  # (the entry written)


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_a_kept_scan_a_killed_run_was_writing_is_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reform_brand.scan._store import STORE_ENV, write_result
    from reform_brand.scan._types import ScanLimits, ScanResult

    folder = tmp_path / "scans"
    monkeypatch.setenv(STORE_ENV, str(folder))
    proc = _stuck("scan", folder, tmp_path)

    def write() -> bool:
        return write_result(b"next", ScanLimits(), "", ScanResult(status="ok"), ocr=False)

    try:
        (left,) = _tmp_files(folder, ".part")
        assert left.startswith(".tmp-")
        assert write()
        assert _tmp_files(folder, ".part") == [left]
    finally:
        killed(proc)
    assert write()
    assert _tmp_files(folder, ".part") == []
    assert len(_tmp_files(folder, ".pickle")) == 1  # (the entry written)


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_a_ranking_model_a_killed_run_was_writing_is_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reform_brand import _cache
    from reform_brand.suggest._store import State, store_dir, write_state

    monkeypatch.setenv(_cache.CACHE_ENV, str(tmp_path / "cache"))
    folder = store_dir()
    assert folder is not None
    state = State(freq={"a": 1}, total=1, weights={"a": [0.5]})
    proc = _stuck("suggest", folder, tmp_path)
    try:
        (left,) = _tmp_files(folder, ".json")
        assert left.startswith(".tmp-")
        assert write_state("next", state)
        assert left in _tmp_files(folder, ".json")
    finally:
        killed(proc)
    assert write_state("next", state)
    assert _tmp_files(folder, ".json") == ["next.json"]


def test_a_file_a_clearing_run_took_before_it_was_held_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run clearing the folder may take a file just made before its maker
    holds it (and remove it): the maker makes another and holds that one,
    instead of writing a file about to be removed."""
    import fcntl
    import tempfile

    from reform_brand import _leftovers

    made: list[str] = []
    taken: list[int] = []
    real = tempfile.mkstemp

    def mkstemp(**kwargs: object) -> tuple[int, str]:
        fd, path = real(**kwargs)  # type: ignore[call-overload]
        made.append(path)
        if len(made) == 1:  # (the clearing run takes the first one)
            other = os.open(path, os.O_RDONLY)
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            taken.append(other)
        return fd, path

    monkeypatch.setattr("reform_brand._leftovers.tempfile.mkstemp", mkstemp)
    try:
        fd, path = _leftovers.held_file(".tmp-", ".part", tmp_path)
        try:
            assert path == made[1]
            probe = os.open(path, os.O_RDONLY)
            try:
                with pytest.raises(BlockingIOError):
                    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            finally:
                os.close(probe)
        finally:
            os.close(fd)
    finally:
        for other in taken:
            os.close(other)


@pytest.mark.parametrize("store", ["cache", "scan", "suggest"])
def test_a_write_lists_its_folder_once(
    edition: Edition, store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its pruning's listing tells the clearing of killed runs' files that
    there are none: the folder is not listed again (one of the scans'
    folders holds 2048 entries)."""
    from reform_brand import _cache
    from reform_brand.scan._store import STORE_ENV, write_result
    from reform_brand.scan._types import ScanLimits, ScanResult
    from reform_brand.suggest._store import State, store_dir, write_state

    monkeypatch.setenv(_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "scans"))
    folder = {"cache": _cache.cache_dir(), "scan": tmp_path / "scans", "suggest": store_dir()}
    data = Path(__file__).parents[2] / "plugins" / "reform_brand_shandong_2022" / "data"

    def write() -> bool:
        if store == "cache":
            return _cache.write_edition(data, edition, [str(data)], [])
        if store == "scan":
            return write_result(b"one", ScanLimits(), "", ScanResult(status="ok"), ocr=False)
        return write_state("one", State(freq={"a": 1}, total=1, weights={"a": [0.5]}))

    assert write()  # (the folder made)
    listed: list[str] = []
    real_listdir, real_scandir = os.listdir, os.scandir

    def listdir(path: str | Path = ".") -> list[str]:
        listed.append(str(path))
        return real_listdir(path)

    def scandir(path: str | Path = ".") -> object:
        listed.append(str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "scandir", scandir)
    assert write()
    assert listed.count(str(folder[store])) == 1
