"""Run every benchmark and write its figures into docs/performance.md.

    python benchmarks/run_all.py [--quick] [--huge] [--only NAME ...]

``--quick`` runs smaller sizes (for a smoke test; the figures in the docs
come from a full run).  ``--huge`` adds the 100,000-submission runs of
``check`` (bench_check and bench_stream: minutes, a few GB of disk).
``--only`` runs the named scripts alone.  Each benchmark is its own script
and can be run alone; see the docstring at the top of each.  Every figure
is written beside its baseline, measured in the same run, as a ratio; the
scripts that measure a goal keep its figures in docs/goals.json, and the
table "Goals at a glance" is made from them (``benchmarks/_goals.py``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: script -> (full arguments, quick arguments).  (The per-call figures of
#: bench_validation are a few microseconds, which a shared machine's load
#: shifts from one round to the next: the best of 15 rounds is steadier.)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "bench_validation.py": (["--n", "5000", "--repeat", "15"], ["--n", "500", "--repeat", "1"]),
    "bench_check.py": (["--sizes", "1000", "10000"], ["--sizes", "100"]),
    "bench_scaling.py": (["--repeat", "1"], ["--repeat", "1"]),
    "bench_render.py": (["-n", "200"], ["-n", "10"]),
    "bench_read.py": (["-n", "200", "--rounds", "20"], ["-n", "10", "--rounds", "2"]),
    "bench_startup.py": (["--runs", "15"], ["--runs", "3"]),
    "bench_hostile_memory.py": ([], []),
    "bench_suggest.py": (["--runs", "5"], ["--runs", "1"]),
    "bench_scan.py": ([], []),
    "bench_stream.py": (
        ["--sizes", "1000", "10000"],
        ["--sizes", "100", "--jobs", "1", "--folder", "1"],
    ),
    "bench_inbox.py": (["--units", "12", "50"], ["--units", "2", "--jobs", "1"]),
    "bench_opens.py": (["--units", "12"], ["--units", "2"]),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes; do not write the docs")
    parser.add_argument("--huge", action="store_true", help="check 100,000 submissions too")
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME", help="these scripts")
    args = parser.parse_args(argv)
    failed = []
    for script, (full, quick) in BENCHMARKS.items():
        if args.only and script not in args.only and script.removesuffix(".py") not in args.only:
            continue
        if args.huge and script == "bench_check.py":
            full = [*full, "--huge"]
        if args.huge and script == "bench_stream.py":
            full = [*full, "--full"]
        path = HERE / script
        if not path.exists():
            print(f"== {script}: missing", flush=True)
            failed.append(script)
            continue
        cmd = [sys.executable, str(path), *(quick if args.quick else [*full, "--write"])]
        print(f"== {' '.join(cmd[1:])}", flush=True)
        if subprocess.run(cmd, check=False).returncode != 0:
            failed.append(script)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
