"""Cold start: `reform-brand editions` against `python -c "import jsonschema"`.

    python benchmarks/bench_startup.py [--runs 15] [--write]

Each command is started ``--runs`` times, alternately, in a fresh
interpreter; the medians of wall time are compared.  ``--write`` updates
"## Cold start" in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import dist_version, machine, write_section

OURS = [sys.executable, "-m", "reform_brand", "editions"]
BARE = [sys.executable, "-c", "import jsonschema"]


def once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    once(OURS)
    once(BARE)  # warm the file cache for both
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):
        ours.append(once(OURS))
        bare.append(once(BARE))
    m_ours, m_bare = statistics.median(ours), statistics.median(bare)
    body = (
        f"- Command: `python benchmarks/bench_startup.py --runs {args.runs} --write` "
        "(median wall time of fresh interpreters, the two run alternately).\n"
        f"- Machine: {machine()}; jsonschema {dist_version('jsonschema')}.\n"
        f"- `reform-brand editions` (imports reform_brand, builds the plugin host, loads "
        f"the entry points, lists and loads the reference edition): **{m_ours * 1000:.0f} ms**.\n"
        f'- `python -c "import jsonschema"`: **{m_bare * 1000:.0f} ms**.\n'
        f"- **Ratio: {m_ours / m_bare:.2f}x.** Word libraries (docxtpl, python-docx) are not "
        "imported by this command; the `format-nongpl` extra of jsonschema is not a "
        "dependency, because its rfc3987-syntax compiles a grammar on import (about 1.7 s here)."
    )
    print(body)
    if args.write:
        write_section("Cold start", "bench_startup.py", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
