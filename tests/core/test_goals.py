"""The table "Goals at a glance" of docs/performance.md is made from the
figures the benchmarks keep in docs/goals.json: the page shows exactly those
figures, a script's run changes its own rows only, and a missed goal shows
as missed with its reason."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def goals() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_goals", ROOT / "benchmarks" / "_goals.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_goals", module)
    spec.loader.exec_module(module)
    return module


def test_the_page_shows_the_kept_figures(goals: ModuleType) -> None:
    figures = json.loads((ROOT / "docs" / "goals.json").read_text(encoding="utf-8"))
    assert set(figures) <= set(goals.GOALS)
    page = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    between = page.split(goals.START, 1)[1].split(goals.END, 1)[0]
    assert between.strip() == goals.table(figures).strip()
    for key, fig in figures.items():
        assert fig["met"] in (True, False, None), key
        assert fig["script"].startswith("bench_"), key


def test_a_run_changes_its_own_rows(
    goals: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "performance.md"
    page.write_text(f"# P\n\n{goals.START}\n{goals.END}\n\n## Next\n", encoding="utf-8")
    monkeypatch.setattr(goals, "PERF", page)
    monkeypatch.setattr(goals, "FIGURES", tmp_path / "goals.json")
    goals.record(
        "read-form",
        ours="1.5 ms",
        baseline="b, 1.0 ms",
        ratio="1.5x",
        met=True,
        script="bench_read.py",
    )
    goals.record(
        "jobs-10k",
        ours="3.6 s",
        baseline="`--jobs 1`, 4.1 s",
        ratio="1.15x as fast",
        met=False,
        script="bench_stream.py",
    )
    goals.record(
        "read-form",
        ours="1.4 ms",
        baseline="b, 1.0 ms",
        ratio="1.4x",
        met=True,
        script="bench_read.py",
    )
    text = page.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    # In the goals' order, the last figures of each, the rest of the page kept.
    assert [r.split(" | ")[0] for r in rows] == [
        "| `read_form`",
        "| `check`, 10,000 files, `--jobs 2` against `--jobs 1`, the scan's result kept by "
        "an earlier run",
    ]
    assert "| 1.4 ms |" in rows[0] and "| yes |" in rows[0]
    assert "| **no** |" in rows[1]
    assert goals.GOALS["jobs-10k"]["why"] in text
    assert goals.GOALS["read-form"]["figure"] + ":" not in text  # met: no reason given
    assert text.startswith("# P\n") and text.endswith("## Next\n")
    with pytest.raises(KeyError):
        goals.record("no-such-goal", ours="", baseline="", ratio="", met=None, script="x")
