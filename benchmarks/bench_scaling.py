"""Batch validation from 1,000 to 10,000 submissions: does it scale linearly?

    python benchmarks/bench_scaling.py [--repeat 3] [--write]

Quotas are counted over the whole batch, so a batch could cost more than the
sum of its submissions; this measures the CPU time per submission at each
size (best of ``--repeat``).  ``--write`` updates "## Scaling" in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, write_section
from bench_validation import NOW, make_envelopes

from reform_brand import Host, Validator

SIZES = (1_000, 2_000, 5_000, 10_000)


def per_submission(validator: Validator, n: int, repeat: int) -> float:
    envelopes = make_envelopes(n)
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            validator.validate_batch(envelopes, now=NOW)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    host = Host.create(block=())
    edition = host.edition("shandong-2022")
    validator = Validator(edition, host.rules.for_edition(edition.id))
    validator.validate_batch(make_envelopes(200), now=NOW)  # warm caches
    costs = {n: per_submission(validator, n, args.repeat) for n in SIZES}
    base = costs[SIZES[0]]
    rows = "\n".join(
        f"| {n:,} | {costs[n] * 1e6:.0f} µs | {costs[n] * n:.2f} s | {costs[n] / base:.2f} |"
        for n in SIZES
    )
    worst = max(costs[n] / base for n in SIZES)
    body = (
        f"- Command: `python benchmarks/bench_scaling.py --repeat {args.repeat} --write` "
        "(CPU time, best of the repeats).\n"
        f"- Machine: {machine()}.\n\n"
        "| batch size | per submission | whole batch | per submission vs 1,000 |\n"
        "|---:|---:|---:|---:|\n"
        f"{rows}\n\n"
        f"- The cost per submission stays within {worst:.2f}x of the 1,000-submission "
        "figure up to 10,000: the batch scales linearly (quotas and duplicates are "
        "counted with dictionaries keyed by unit and project, one pass each)."
    )
    print(body)
    if args.write:
        write_section("Scaling", "bench_scaling.py", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
