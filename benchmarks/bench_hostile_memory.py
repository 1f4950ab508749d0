"""Peak memory over the hostile corpus (tests/hostile/cases.py).

    python benchmarks/bench_hostile_memory.py [--write]

Every case of the corpus is built in a temporary folder and its command run
in a fresh interpreter; the peak resident set size of that process is
recorded (``VmHWM``, which starts afresh at exec, unlike ``ru_maxrss``, which
Linux carries over from the parent that built the case).  ``--write`` updates "## Memory
under hostile input" in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from _common import cli_peak, machine, write_section  # noqa: E402
from tests.hostile.cases import CASES  # noqa: E402


def peak_of(args: list[str], env: dict[str, str]) -> tuple[int, float]:
    """Exit code and peak RSS in MiB of ``reform-brand ARGS`` in a new process."""
    return cli_peak(args, env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    _, baseline = peak_of(["editions"], dict(os.environ))
    rows = []
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = case.build(Path(tmp))
            env = dict(os.environ)
            if case.env is not None:
                env.update(case.env(Path(tmp)))
            rc, peak = peak_of(cmd, env)
        input_mib = 0.0
        rows.append((case.id, case.way, rc, peak, input_mib))
        print(f"{case.id:<32} exit {rc}  peak {peak:7.1f} MiB", flush=True)
    worst = max(rows, key=lambda r: r[3])
    table = "\n".join(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.0f} MiB |" for r in rows)
    body = (
        "- Command: `python benchmarks/bench_hostile_memory.py --write` (peak resident set "
        "size of each command in a fresh interpreter).\n"
        f"- Machine: {machine()}.\n"
        f"- Baseline, `reform-brand editions`: {baseline:.0f} MiB. Worst case: "
        f"`{worst[0]}` at **{worst[3]:.0f} MiB**.\n"
        "- The zip bombs (200 MiB of zeros per entry, 20,000 entries) are refused from "
        "their central directory, before anything is inflated; the gzip bomb in a .tar.gz "
        "(200 MiB of zeros), which has no directory, is stopped by its compression ratio "
        "a megabyte or two into its stream; the 50 MB JSON field is refused by size before "
        "it is parsed.\n\n"
        "| case | way in | exit | peak RSS |\n|---|---|---:|---:|\n" + table
    )
    if args.write:
        write_section("Memory under hostile input", "bench_hostile_memory.py", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
