"""Examples drawn from a Hypothesis strategy as a list, the same ones on
every run: the portal's differential tests compare many values at once
(one node process for all), not one value per test call."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def collected(strategy: st.SearchStrategy[Any], n: int) -> list[Any]:
    """Up to ``n`` examples of ``strategy`` (each a copy of its own),
    derandomised and without the example database."""
    out: list[Any] = []

    @settings(
        max_examples=n,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        out.append(copy.deepcopy(value))

    collect()
    return out
