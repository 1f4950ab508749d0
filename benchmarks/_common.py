"""Shared by the benchmark scripts: machine details and docs/performance.md."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERF = ROOT / "docs" / "performance.md"


def dist_version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def machine() -> str:
    """CPU, cores, OS and Python, for the figures' context."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} logical CPUs; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def write_section(heading: str, script: str, body: str) -> None:
    """Replace (or append) the ``## heading`` section of docs/performance.md."""
    doc = PERF.read_text(encoding="utf-8")
    head = f"## {heading}\n"
    section = (
        f"\n(Written by `benchmarks/{script} --write`; measured, never asserted in tests.)\n\n"
        + body.strip()
        + "\n\n"
    )
    if head not in doc:
        PERF.write_text(doc.rstrip("\n") + "\n\n" + head + section, encoding="utf-8")
        return
    start = doc.index(head) + len(head)
    nxt = doc.find("\n## ", start)
    end = len(doc) if nxt < 0 else nxt + 1
    PERF.write_text(doc[:start] + section + doc[end:], encoding="utf-8")


def application(basis: str, implementation: str, outcomes: str) -> dict[str, object]:
    """The 申报表 data of 济南市科协 that the benchmarks render and read, with
    the long texts given."""
    return {
        "applicant_unit": "济南市科协",
        "date": "2022-08-15",
        "project_name": "“三长”进驻“两中心”工作机制创新",
        "contact": {
            "name": "张明",
            "title": "办公室主任",
            "office_phone": "0531-82073271",
            "mobile": "13805310000",
            "email": "office@example.cn",
        },
        "project_basis": basis,
        "project_implementation": implementation,
        "expected_outcomes": outcomes,
        "recommender_opinion": "同意推荐。",
    }


def cli_peak(args: list[str], env: dict[str, str] | None = None) -> tuple[int, float]:
    """Exit code and peak RSS in MiB (``VmHWM``, which starts afresh at exec)
    of ``reform-brand ARGS`` run in a new process."""
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['reform-brand', *{args!r}]\n"
        "try:\n    runpy.run_module('reform_brand', run_name='__main__')\n"
        "except SystemExit as e:\n    rc = e.code\nelse:\n    rc = 0\n"
        "peak = next(int(line.split()[1]) for line in open('/proc/self/status')"
        " if line.startswith('VmHWM:'))\n"
        "sys.stderr.write(f'\\nPEAK {peak}\\n')\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("PEAK ")][-1]
    return proc.returncode, int(line.split()[1]) / 1024
