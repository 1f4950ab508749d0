"""A submission rule that cannot be loaded in a worker process: it stands
for workers that die before they check anything (state that cannot be
loaded there, a program without ``if __name__ == "__main__":``).  A module
of its own, so that a worker process started with ``spawn`` can import it
by name."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from typing import Literal

from reform_brand.plugin import Finding, RuleContext


def _loaded() -> NoStartRule:
    if multiprocessing.parent_process() is not None:
        os._exit(71)  # in a worker: it dies while it starts
    return NoStartRule()


class NoStartRule:
    id = "test.no-start"
    codes: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()
    scope: Literal["submission", "batch"] = "submission"

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_loaded, ())

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        return iter(())
