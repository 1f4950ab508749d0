"""The evaluation projects (data/tune.toml, data/held_out.toml, fresh.toml
and the whole forms of forms.toml) and how well a ranking does on them.
Shared by the tests and benchmarks/bench_suggest.py."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

DATA = Path(__file__).resolve().parent / "data"


@frozen(kw_only=True)
class Project:
    #: The item a careful clerk would assign; 0 for a project of none.
    item: int
    name: str
    text: str
    #: Avoids the words of its item's title.
    plain: bool = False
    #: 项目基础 and 预期成效, for a whole form.
    basis: str = ""
    outcomes: str = ""
    #: Other items the project fits as well (a hit too).
    also: tuple[int, ...] = attrs.field(default=(), converter=tuple)

    @property
    def fits(self) -> frozenset[int]:
        """The items that count as right for this project."""
        return frozenset({self.item, *self.also} - {0})

    def data(self) -> dict[str, Any]:
        """Form data of 附件1 holding this project."""
        data = {"project_name": self.name, "project_implementation": self.text}
        if self.basis:
            data["project_basis"] = self.basis
        if self.outcomes:
            data["expected_outcomes"] = self.outcomes
        return data


def load(name: str) -> list[Project]:
    """The projects of data/NAME.toml ("tune", "held_out", "fresh" or
    "forms"), those of no item (``item = 0``) left out."""
    return [p for p in load_all(name) if p.item]


def load_all(name: str) -> list[Project]:
    """Every project of data/NAME.toml, those of no item included."""
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
        fits = p.fits
        hit1 += bool(ranked) and ranked[0] in fits
        hit3 += not fits.isdisjoint(ranked[:3])
        if not ranked or ranked[0] not in fits:
            misses.append((p.name, p.item, ranked[:3]))
    n = len(projects)
    return Score(n=n, top1=hit1 / n, top3=hit3 / n, misses=tuple(misses))
