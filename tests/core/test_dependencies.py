"""Every package the code imports is declared in pyproject.toml, and every
declared package is used: deptry over the core and the reference edition,
configured in pyproject.toml ([tool.deptry])."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO


def test_imports_match_the_declared_dependencies() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "deptry", "src", "plugins"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No dependency issues found" in proc.stdout + proc.stderr
