"""Cold start: `reform-brand editions` against `python -c "import jsonschema"`,
and `reform-brand --version` and `reform-brand check --help` against
`python -c pass`.

    python benchmarks/bench_startup.py [--runs 15] [--write]

Each command is started ``--runs`` times, alternately, in a fresh
interpreter; the medians of CPU time (user + system of the child) are
compared.  ``--write`` updates
"## Cold start" in docs/performance.md.

The children run with Python's bytecode cache on (``PYTHONDONTWRITEBYTECODE``
removed from their environment), as an installed package runs: pip compiles
jsonschema's modules when it installs them, and the first, warming run
compiles reform_brand's.  Without it every reform_brand module would be
compiled from source at each start, and jsonschema's would not.

The command's imports are listed too (``--imports``): which of the package's
modules and which libraries ``editions`` loads.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _goals as goals
from _common import dist_version, machine, write_section

OURS = [sys.executable, "-m", "reform_brand", "editions"]
BARE = [sys.executable, "-c", "import jsonschema"]
VERSION = [sys.executable, "-m", "reform_brand", "--version"]
HELP = [sys.executable, "-m", "reform_brand", "check", "--help"]
EMPTY = [sys.executable, "-c", "pass"]
#: The children's environment: the bytecode cache written and read.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
LISTED = (
    "import sys\n"
    "from reform_brand.cli import main\n"
    "main(['editions'])\n"
    "ours = sorted(m for m in sys.modules if m.startswith('reform_brand'))\n"
    "tops = {m.split('.')[0] for m in sys.modules if m[:1] != '_'}\n"
    "libs = sorted(tops - set(sys.stdlib_module_names) - {'reform_brand', "
    "'reform_brand_shandong_2022'})\n"
    "print(len(ours), ' '.join(libs))\n"
)


def once(cmd: list[str]) -> float:
    """CPU time (user + system) of ``cmd`` in a fresh process: on a shared
    machine, steadier than wall time."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed")
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    once(OURS)
    once(BARE)  # warm the file cache, the edition cache and the bytecode
    once(VERSION)
    once(HELP)
    listed = subprocess.run(
        [sys.executable, "-c", LISTED], capture_output=True, text=True, check=True, env=ENV
    ).stdout
    modules, *libraries = listed.strip().splitlines()[-1].split()
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):
        ours.append(once(OURS))
        bare.append(once(BARE))
    m_ours, m_bare = statistics.median(ours), statistics.median(bare)
    version: list[float] = []
    helps: list[float] = []
    empty: list[float] = []
    for _ in range(args.runs):
        version.append(once(VERSION))
        helps.append(once(HELP))
        empty.append(once(EMPTY))
    m_version, m_empty = statistics.median(version), statistics.median(empty)
    m_help = statistics.median(helps)
    body = (
        f"- Command: `python benchmarks/bench_startup.py --runs {args.runs} --write` "
        "(median CPU time of fresh interpreters, user + system, each pair run alternately; "
        "the machine is shared, so only the ratios mean something). Python's bytecode "
        "cache is on, as for an installed package (pip compiles jsonschema's modules when "
        "it installs them).\n"
        f"- Machine: {machine()}; jsonschema {dist_version('jsonschema')}.\n"
        f"- `reform-brand editions` (imports reform_brand, builds the plugin host, loads "
        f"the entry points, lists and loads the reference edition): **{m_ours * 1000:.0f} ms**.\n"
        f'- `python -c "import jsonschema"`: **{m_bare * 1000:.0f} ms**.\n'
        f"- **Ratio: {m_ours / m_bare:.2f}x** (goal: at most 1.5x). The checked edition comes "
        "from the user's cache (`reform_brand._cache`; the first run after a change to its "
        "files checks it and keeps it), so the command imports neither jsonschema nor cattrs. "
        "The default plugins (rules, renderers) are registered as stand-ins that import their "
        "module on the first call of a hook, so neither they nor the engine, jinja2 or the "
        f"Word libraries are imported: {modules} of reform_brand's modules, and of the "
        f"libraries only {', '.join(libraries) or 'none'}. "
        "The `format-nongpl` extra of jsonschema is not a dependency, because its "
        "rfc3987-syntax compiles a grammar on import (about 1.7 s here).\n"
        f"- `reform-brand --version`: **{m_version * 1000:.0f} ms**; `python -c pass`: "
        f"**{m_empty * 1000:.0f} ms**; **ratio: {m_version / m_empty:.2f}x** (goal: at most 3x).\n"
        f"- `reform-brand check --help` (a command's help: argparse and the help texts, "
        f"not the command's module): **{m_help * 1000:.0f} ms**; **ratio: "
        f"{m_help / m_empty:.2f}x** `python -c pass` (goal: at most 3x)."
    )
    print(body)
    if args.write:
        write_section("Cold start", "bench_startup.py", body)
        script = "bench_startup.py"
        ms = "{:.0f} ms".format
        for key, t, base, name, most in (
            ("editions", m_ours, m_bare, '`python -c "import jsonschema"`', 1.5),
            ("version", m_version, m_empty, "`python -c pass`", 3.0),
            ("help", m_help, m_empty, "`python -c pass`", 3.0),
        ):
            goals.record(
                key,
                ours=ms(t * 1000),
                baseline=f"{name}, {ms(base * 1000)}",
                ratio=f"{t / base:.2f}x",
                met=t / base <= most,
                script=script,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
