"""The evaluation projects (data/tune.toml, data/held_out.toml) and how well
a ranking does on them.  Shared by the tests and benchmarks/bench_suggest.py."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

DATA = Path(__file__).resolve().parent / "data"


@frozen(kw_only=True)
class Project:
    item: int
    name: str
    text: str
    #: Avoids the words of its item's title.
    plain: bool = False

    def data(self) -> dict[str, Any]:
        """Form data of 附件1 holding this project."""
        return {"project_name": self.name, "project_implementation": self.text}


def load(name: str) -> list[Project]:
    """The projects of data/NAME.toml ("tune", "held_out" or "fresh")."""
    with open(DATA / f"{name}.toml", "rb") as fh:
        raw = tomllib.load(fh)["project"]
    return [Project(**p) for p in raw]


@frozen(kw_only=True)
class Score:
    n: int
    top1: float
    top3: float
    #: (project name, expected item, the first three ranked) of each miss at 1.
    misses: tuple[tuple[str, int, tuple[int, ...]], ...]


def score(projects: Sequence[Project], rank: Callable[[Project], Sequence[int]]) -> Score:
    """Top-1 and top-3 accuracy of ``rank`` (item numbers, best first)."""
    hit1 = hit3 = 0
    misses = []
    for p in projects:
        ranked = tuple(rank(p))
        hit1 += bool(ranked) and ranked[0] == p.item
        hit3 += p.item in ranked[:3]
        if not ranked or ranked[0] != p.item:
            misses.append((p.name, p.item, ranked[:3]))
    n = len(projects)
    return Score(n=n, top1=hit1 / n, top3=hit3 / n, misses=tuple(misses))
