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
    """The node executable, with the portal example's npm packages installed
    (``npm ci`` from its lock file, once, when they are missing: a fresh
    clone runs these tests with the README's test command alone).  Skipped
    only when Node.js is absent."""
    if NODE is None:
        pytest.skip("node is not installed: the ajv and browser tests need Node.js 18 or later")
    modules = PORTAL / "node_modules"
    if not (modules / "ajv").is_dir() or not (modules / "@rjsf" / "core").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install the portal example's packages")
        subprocess.run(
            [npm, "ci", "--prefix", str(PORTAL), "--no-audit", "--no-fund"],
            check=True,
            timeout=900,
            capture_output=True,
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
