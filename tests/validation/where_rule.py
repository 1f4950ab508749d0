"""A submission rule that takes a given CPU time on each submission and
writes down the process that checked it: a file named after the
submission's id, holding the process id, in ``folder``.  A module of its
own, so that a worker process started with ``spawn`` can import it by name."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from reform_brand.plugin import Finding, RuleContext


class WhereRule:
    id = "test.where"
    codes: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()
    scope: Literal["submission", "batch"] = "submission"

    def __init__(self, folder: Path, seconds: float) -> None:
        self.folder = str(folder)
        self.seconds = seconds

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        end = time.process_time() + self.seconds
        while time.process_time() < end:
            pass
        Path(self.folder, ctx.submission.id).write_text(str(os.getpid()), encoding="utf-8")
        return iter(())
