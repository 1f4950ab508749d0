"""How many cores a process may use, and how many threads its own parallel
work (the OCR engine) takes.

A process checking a batch alone may use every core it may run on; the
worker processes of ``check --jobs N`` share them, so each takes its share
(the cores divided by N, at least one).  ``REFORM_BRAND_THREADS=N`` sets the
number for a process and the workers it starts.
"""

from __future__ import annotations

import os
from typing import Final

__all__ = ["MAX_THREADS", "THREADS_ENV", "cores", "threads", "whole_number", "worker_share"]

#: Environment variable: the threads a process's own parallel work takes.
THREADS_ENV: Final = "REFORM_BRAND_THREADS"
#: Never more threads than this, whatever is asked.
MAX_THREADS: Final = 64


def cores() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def whole_number(text: str) -> int:
    """``text`` as a whole number, as ``int`` reads it, but written in ASCII
    alone: ``int`` also reads other digits (full-width ``１２``, Arabic-Indic
    ``١٢``) and underscores (``1_2``), so that a number never typed as one
    was taken (``--jobs １２`` started 12 workers).  Raises ``ValueError``."""
    if not text.isascii() or "_" in text:
        raise ValueError(text)
    return int(text)


def _given() -> int | None:
    try:
        n = whole_number(os.environ.get(THREADS_ENV, "").strip())
    except ValueError:
        return None
    return min(n, MAX_THREADS) if n >= 1 else None


def threads() -> int:
    """The threads this process's own parallel work takes:
    ``REFORM_BRAND_THREADS`` when it holds a whole number of at least 1,
    else every core (:func:`cores`)."""
    return worker_share(1)


def worker_share(workers: int) -> int:
    """The threads each of ``workers`` worker processes takes: the value of
    ``REFORM_BRAND_THREADS`` when it is set, else the cores shared among
    them (at least one)."""
    given = _given()
    return given if given is not None else max(1, min(cores(), MAX_THREADS) // max(1, workers))
