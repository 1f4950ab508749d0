"""Running the portal example's JavaScript from the tests: ajv verdicts in one
node process per batch, and the paths of the example."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PORTAL = REPO / "examples" / "portal"
NODE = shutil.which("node")


def require_node() -> str:
    """The node executable; the test is skipped only when node is absent.
    With node present, the npm packages must be installed (``.ci/run`` does)."""
    if NODE is None:
        pytest.skip("node is not installed: the ajv and browser tests need Node.js 18 or later")
    modules = PORTAL / "node_modules"
    if not (modules / "ajv").is_dir() or not (modules / "@rjsf" / "core").is_dir():
        pytest.fail(
            "the portal example's npm packages are missing: run "
            "`npm ci --prefix examples/portal` (as .ci/run does)"
        )
    return NODE


def ajv_verdicts(
    schemas: dict[str, Any], cases: list[tuple[str, Any]]
) -> tuple[dict[str, str | None], list[bool | None]]:
    """Compile ``schemas`` with ajv 8 (2020-12, strict, ajv-formats) and
    validate every ``(schema name, instance)`` of ``cases``, in one process."""
    node = require_node()
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.json", Path(tmp) / "out.json"
        src.write_text(json.dumps({"schemas": schemas, "cases": cases}), encoding="utf-8")
        subprocess.run(
            [node, str(PORTAL / "scripts" / "verdicts.mjs"), str(src), str(out)],
            check=True,
            timeout=600,
        )
        result = json.loads(out.read_text(encoding="utf-8"))
    return result["compiled"], result["verdicts"]
