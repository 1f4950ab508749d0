"""A submission rule that kills its process on the submission ``crash``: it
stands for a library crashing on a file.  A module of its own, so that a
worker process started with ``spawn`` can import it by name."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Literal

from reform_brand.plugin import Finding, RuleContext


class CrashRule:
    id = "test.crash"
    codes: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()
    scope: Literal["submission", "batch"] = "submission"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.submission.id == "crash":
            os._exit(70)
        return iter(())
