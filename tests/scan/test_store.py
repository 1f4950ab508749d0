"""Verified scans are kept between runs, by content (reform_brand.scan._store):
a later run takes a scan's result instead of reading it again, and never for
anything but the content, limits and code it was made from."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from reform_brand import _cache
from reform_brand._bounded import Bounded
from reform_brand.scan import _results, _store, _verify, synthetic, verify_scan
from reform_brand.scan._types import ScanLimits, ScanResult
from tests.conftest import REPO

DEMO = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox"


def _new_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a fresh process has: nothing kept in memory."""
    monkeypatch.setattr(_results, "_KEPT", type(_results._KEPT)())
    monkeypatch.setattr(_results, "_BY_CONTENT", Bounded(_results.KEPT_BY_CONTENT))


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a fresh process would (earlier tests read the
    same scans)."""
    _new_run(monkeypatch)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = _verify._verify

    def counting(path: Path, limits: Any, label: str = "") -> Any:
        calls.append(path.name)
        return real(path, limits, label)

    monkeypatch.setattr(_verify, "_verify", counting)
    return calls


@pytest.fixture
def scan(scan_forms: dict[str, list[Any]], tmp_path: Path) -> Path:
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text="济南市科学技术协会", seed=7))
    return path


def _same(a: ScanResult, b: ScanResult) -> bool:
    """The same result, whatever time each reading took."""
    return attrs.evolve(a, seconds=0.0) == attrs.evolve(b, seconds=0.0)


def _entries() -> list[Path]:
    folder = _store.store_dir()
    assert folder is not None
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def test_a_later_run_takes_the_result_by_content(
    scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    first = verify_scan(scan)
    assert first.status == "ok" and first.seals
    assert calls == ["scan.pdf"]
    (entry,) = _entries()
    # Readable by its user alone: it holds the form's text and its seal.
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700

    _new_run(monkeypatch)
    copy = tmp_path / "elsewhere" / "renamed.pdf"
    copy.parent.mkdir()
    shutil.copyfile(scan, copy)
    again = verify_scan(copy)
    assert calls == ["scan.pdf"]  # not read again
    assert again == first


def test_copies_of_a_kept_scan_share_one_result(
    scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later run meeting one scan in many folders holds one result in
    memory (with its pictures), not one per file."""
    verify_scan(scan)
    _new_run(monkeypatch)
    copies = []
    for k in range(5):
        copy = tmp_path / f"folder-{k}" / "scan.pdf"
        copy.parent.mkdir()
        shutil.copyfile(scan, copy)
        copies.append(verify_scan(copy))
    assert all(result is copies[0] for result in copies)


def test_other_content_or_limits_are_read_again(
    scan: Path, scan_forms: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    first = verify_scan(scan)
    _new_run(monkeypatch)
    other = verify_scan(scan, limits=ScanLimits(dpi=100))
    assert len(calls) == 2 and other.status == "ok"
    _new_run(monkeypatch)
    scan.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text=None, seed=8))
    changed = verify_scan(scan)
    assert len(calls) == 3
    assert first.seals and not changed.seals
    assert len(_entries()) == 3


def test_a_result_is_kept_for_the_engine_it_was_read_with(
    scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reform_brand.scan import _ocr

    calls = _counting(monkeypatch)
    with_ocr = verify_scan(scan)
    # The same scan where the OCR package is not installed: read again
    # (seal only), and kept apart.
    _new_run(monkeypatch)
    for module in (_store, _verify):
        monkeypatch.setattr(module, "ocr_installed", lambda: False)
    monkeypatch.setattr(_ocr, "available", lambda: False)
    without = verify_scan(scan)
    assert len(calls) == 2
    assert with_ocr.ocr and not without.ocr and not without.ocr_available
    assert len(_entries()) == 2
    _new_run(monkeypatch)
    assert verify_scan(scan) == without
    assert len(calls) == 2


def test_an_engine_that_fails_to_load_makes_no_entry(
    scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The OCR package is installed but cannot be loaded: the scan is read
    without it, and that result is not kept as the engine's."""
    from reform_brand.scan import _ocr

    monkeypatch.setattr(_ocr, "available", lambda: False)
    assert not verify_scan(scan).ocr
    assert _entries() == []


def test_a_kept_result_needs_no_image_library(scan: Path, tmp_path: Path) -> None:
    """A run that finds every scan kept imports neither numpy nor OpenCV,
    pdfium, Pillow or the OCR engine."""
    first = verify_scan(scan)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reform_brand.scan import verify_scan\n"
        f"result = verify_scan(Path({str(scan)!r}))\n"
        "heavy = {'numpy', 'cv2', 'onnxruntime', 'pypdfium2', 'PIL', 'rapidocr_onnxruntime'}\n"
        "print(result.status, len(result.seals), sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["ok", str(len(first.seals)), "[]"]


def test_a_corrupt_entry_is_passed_over_and_replaced(
    scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    first = verify_scan(scan)
    (entry,) = _entries()
    for damaged in (b"", b"not a pickle", entry.read_bytes()[:40]):
        entry.write_bytes(damaged)
        _new_run(monkeypatch)
        last = verify_scan(scan)
        assert _same(last, first)
    assert len(calls) == 4
    _new_run(monkeypatch)
    assert verify_scan(scan) == last  # the entry written last, its time included
    assert len(calls) == 4  # the last one read it back whole


def test_an_unreadable_file_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + os.urandom(200))
    for _ in range(2):
        _new_run(monkeypatch)
        assert verify_scan(broken).status == "unreadable"
    assert calls == ["broken.pdf", "broken.pdf"]
    assert _entries() == []


@pytest.mark.parametrize("value", ["off", "0", "no", "false", ""])
def test_the_store_can_be_turned_off(
    value: str, scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_store.STORE_ENV, value)
    assert _store.store_dir() is None
    calls = _counting(monkeypatch)
    verify_scan(scan)
    _new_run(monkeypatch)
    verify_scan(scan)
    assert len(calls) == 2


def test_it_follows_the_cache_folder_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(_store.STORE_ENV)
    monkeypatch.setenv(_cache.CACHE_ENV, str(tmp_path / "cache"))
    assert _store.store_dir() == tmp_path / "cache" / "scans"
    monkeypatch.setenv(_cache.CACHE_ENV, "off")
    assert _store.store_dir() is None


def test_a_folder_that_cannot_be_written_changes_nothing(
    scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv(_store.STORE_ENV, str(blocker / "scans"))
    calls = _counting(monkeypatch)
    assert verify_scan(scan).status == "ok"
    _new_run(monkeypatch)
    assert verify_scan(scan).status == "ok"
    assert len(calls) == 2
    assert blocker.read_text(encoding="utf-8") == "in the way"


def test_only_the_results_used_last_are_kept(
    scan: Path, scan_forms: dict[str, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_store, "MAX_ENTRIES", 2)
    for seed in (1, 2, 3):
        path = tmp_path / f"{seed}.pdf"
        path.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text=None, seed=seed))
        verify_scan(path)
    assert len(_entries()) == 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_run_again_reads_no_scan_and_says_the_same(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office's second run of ``check`` on its inbox: every scan is taken
    from the store (also those the workers of ``--jobs 2`` read), and the
    report is the same."""
    from reform_brand.cli import main

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    units = sorted(p for p in DEMO.iterdir() if p.is_dir() and any(p.glob("*.pdf")))[:3]
    for unit in units:
        shutil.copytree(unit, inbox / unit.name)
    scans = {p.read_bytes() for p in inbox.rglob("*.pdf")}
    assert len(scans) >= 3
    argv = ["check", "shandong-2022", str(inbox), "--json", "--now", "2022-08-22T09:00:00+08:00"]

    def run(out: Path) -> Any:
        with out.open("w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
            assert main([*argv, "--jobs", jobs]) in (0, 1)
        return json.loads(out.read_text(encoding="utf-8"))

    first = run(tmp_path / "first.json")
    assert len(_entries()) == len(scans)
    _new_run(monkeypatch)
    calls = _counting(monkeypatch)
    second = run(tmp_path / "second.json")
    assert calls == []
    assert second == first
    codes = {f["code"] for s in first["submissions"] for f in s["findings"]}
    assert any(code.startswith("scan.") for code in codes) or first["submissions"]


def test_the_key_names_every_module_a_result_is_made_by() -> None:
    """A kept result is keyed by the code that made it: every module of
    the scan package that the verification imports, directly or not."""
    import ast

    from reform_brand.scan import _store

    here = Path(_store.__file__).parent
    seen: set[str] = set()
    todo = ["_verify"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse((here / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "reform_brand.scan."
            ):
                todo.append(node.module.rsplit(".", 1)[1])  # type: ignore[union-attr]
            elif isinstance(node, ast.Import):
                todo += [
                    a.name.rsplit(".", 1)[1]
                    for a in node.names
                    if a.name.startswith("reform_brand.scan.")
                ]
    assert {f"{name}.py" for name in seen} <= set(_store._CODE)
