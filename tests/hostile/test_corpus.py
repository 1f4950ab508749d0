"""Every hostile input through the command line: the documented exit code,
the expected codes, no traceback, no half-written file, inputs untouched."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.cases import CASES, Case

CODE_IN_MESSAGE = re.compile(r"\[([a-z0-9]+(?:[.-][a-z0-9]+)+)\]")
TEMP_NAMES = re.compile(r"(\.tmp|~|\.part)$|^\.")


def digest(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def codes_of(case: Case, stdout: str, stderr: str) -> set[str]:
    found = set(CODE_IN_MESSAGE.findall(stderr))
    try:
        report = json.loads(stdout)
    except ValueError:
        return found
    if isinstance(report, dict):
        for sub in report.get("submissions", []):
            found |= {f["code"] for f in sub.get("findings", [])}
        found |= {f["code"] for f in report.get("findings", [])}
        found |= {e["code"] for e in report.get("errors", [])}
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    args = case.build(tmp_path)
    env = {**os.environ, "REFORM_BRAND_LANG": "en"}
    env.pop("REFORM_BRAND_BLOCK_PLUGINS", None)
    if case.env is not None:
        env.update(case.env(tmp_path))
    before = digest(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "reform_brand", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output[-2000:]
    assert proc.returncode == case.exit, output[-2000:]
    missing = case.codes - codes_of(case, proc.stdout, proc.stderr)
    assert not missing, (missing, output[-2000:])
    after = digest(tmp_path)
    # Inputs are never modified, and a failed command leaves no file behind.
    assert {k: v for k, v in after.items() if k in before} == before
    created = sorted(set(after) - set(before))
    if proc.returncode != 0:
        assert created == [], created
    assert not [p for p in created if TEMP_NAMES.search(Path(p).name)], created


def test_corpus_covers_every_way_in() -> None:
    ways = {c.way for c in CASES}
    assert {"edition", "submission", "docx", "pdf", "inbox", "render", "plugin"} <= ways
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("name", ["robustness.md", "robustness.zh.md"])
def test_every_case_is_documented(name: str) -> None:
    """Both language twins list every case with its way in and exit code."""
    page = (Path(__file__).resolve().parents[2] / "docs" / name).read_text(encoding="utf-8")
    for case in CASES:
        assert f"| `{case.id}` | {case.way} | {case.exit} |" in page, case.id
