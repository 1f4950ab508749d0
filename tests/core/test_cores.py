"""The threads a process's own parallel work takes: every core for a process
alone, a share for each worker of a batch, ``REFORM_BRAND_THREADS`` above
both; the OCR engine is made with that many."""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest

from reform_brand import _cores
from reform_brand._cores import THREADS_ENV, threads, worker_share


@pytest.fixture
def eight_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_cores, "cores", lambda: 8)
    monkeypatch.delenv(THREADS_ENV, raising=False)


@pytest.mark.usefixtures("eight_cores")
def test_a_process_alone_takes_every_core() -> None:
    assert threads() == 8
    assert worker_share(1) == 8


@pytest.mark.usefixtures("eight_cores")
@pytest.mark.parametrize(("workers", "share"), [(2, 4), (3, 2), (8, 1), (20, 1), (0, 8)])
def test_workers_share_the_cores(workers: int, share: int) -> None:
    assert worker_share(workers) == share


@pytest.mark.usefixtures("eight_cores")
@pytest.mark.parametrize(
    ("given", "expected"),
    [("3", 3), (" 2 ", 2), ("1000", 64), ("0", 8), ("-1", 8), ("two", 8), ("", 8)],
)
def test_the_variable_sets_the_threads(
    given: str, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(THREADS_ENV, given)
    assert threads() == expected
    assert worker_share(2) == (expected if expected != 8 else 4)


def test_a_worker_takes_its_share(monkeypatch: pytest.MonkeyPatch) -> None:
    from reform_brand import Validator
    from reform_brand.engine import _stream

    monkeypatch.setenv(THREADS_ENV, "9")  # restored after the test
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    monkeypatch.setattr(_stream, "_worker", [])
    monkeypatch.setattr(_stream, "_worker_folders", [])
    _stream._init_worker(Validator.create("shandong-2022"), 3)
    assert os.environ[THREADS_ENV] == "3"
    assert len(_stream._worker) == 1


def test_the_ocr_engine_takes_the_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    import rapidocr_onnxruntime

    from reform_brand.scan import _ocr

    made: list[dict[str, Any]] = []

    class Engine:
        def __init__(self, **kwargs: Any) -> None:
            made.append(kwargs)

    monkeypatch.setattr(rapidocr_onnxruntime, "RapidOCR", Engine)
    monkeypatch.setenv(THREADS_ENV, "2")
    _ocr._engine.cache_clear()
    try:
        assert isinstance(_ocr._engine(), Engine)
    finally:
        _ocr._engine.cache_clear()
    assert made == [{"intra_op_num_threads": 2, "inter_op_num_threads": 1}]
