"""`reform-brand check` end to end: files on disk, attachments, report written.

    python benchmarks/bench_check.py [--sizes 1000 10000] [--huge] [--write]

For each size N, an inbox folder of N submissions is written to a temporary
folder: each submission its own folder with its JSON envelope (about one in
ten with mistakes in its form data), its Word form (.docx, the filled
附件1 rendered by reform_brand) and its signed scan (.pdf), hard-linked from
one copy (a new one every 50,000 submissions: a file takes some 65,000
links) so that the disk is not the measure.  Then, each in a fresh
process, one after the other:

- ``reform-brand check shandong-2022 INBOX --json --report OUT`` (every rule,
  attachments opened and checked, report.json, report.html, roster.xlsx and
  the JSON report on stdout written to files);
- the baseline, a bare script doing the least the same job needs: read each
  envelope with ``json.load``, validate its form data with a reused
  ``Draft202012Validator``, open each .docx's zip directory and read each
  PDF's header, and write one JSON report with ``json.dump``.

Each side's CPU time (user + system of the child) and peak resident set
size (``wait4``'s ``ru_maxrss``, which counts the workers in; the checking
process also writes its own) are measured; wall time is shown too, but
this machine is shared, so the ratios are of CPU time.  ``--huge`` adds
100,000 submissions (several minutes and about 1 GB of disk).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, write_section
from bench_render import DATA
from bench_validation import make_envelopes

NOW = "2022-08-19T12:00:00+08:00"
#: Submissions that share one copy of the form and of the scan (hard links).
LINKS_PER_COPY = 50_000

BARE = r"""
import json, sys, zipfile
from pathlib import Path
from jsonschema import Draft202012Validator
from reform_brand import Host, form_schema
edition = Host.create().edition("shandong-2022")
validator = Draft202012Validator(form_schema(edition, "application", refuse_halves=False))
rows = []
for env_path in sorted(Path(sys.argv[1]).rglob("*.json")):
    with env_path.open(encoding="utf-8") as fh:
        env = json.load(fh)
    errors = [e.message for e in validator.iter_errors(env.get("data"))]
    for att in env.get("attachments", []):
        path = env_path.parent / att["path"]
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as zf:
                zf.namelist()
        else:
            with path.open("rb") as fh:
                fh.read(1024)
    rows.append({"file": str(env_path), "errors": errors})
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(rows, out, ensure_ascii=False)
"""


def build_inbox(folder: Path, n: int) -> None:
    """N submission folders, each with its envelope, form and scan."""
    from reform_brand import Host
    from reform_brand.render import render_form
    from reform_brand.scan import sample_scan

    edition = Host.create().edition("shandong-2022")
    form, scan = render_form(edition, "application", DATA), sample_scan()
    inbox = folder / "inbox"
    inbox.mkdir()
    for i, env in enumerate(make_envelopes(n)):
        if i % LINKS_PER_COPY == 0:
            # A file system allows some 65,000 links to one file: a new copy
            # every LINKS_PER_COPY submissions.
            docx = folder / f"form-{i}.docx.master"
            docx.write_bytes(form)
            pdf = folder / f"scan-{i}.pdf.master"
            pdf.write_bytes(scan)
        sub = inbox / f"s{i:06d}"
        sub.mkdir()
        (sub / "envelope.json").write_text(json.dumps(env, ensure_ascii=False), "utf-8")
        os.link(docx, sub / "form.docx")
        os.link(pdf, sub / "scan.pdf")


def run_child(cmd: list[str], stdout: Path) -> dict[str, float]:
    """CPU seconds, wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    with stdout.open("wb") as out:
        # Each run reads the scans as a first run does (docs/scans.md).
        env = {**os.environ, "REFORM_BRAND_SCAN_STORE": "off"}
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:4]} exited {proc.returncode}")
    return {
        "cpu": usage.ru_utime + usage.ru_stime,
        "wall": wall,
        "rss": usage.ru_maxrss / 1024,
    }


#: ``reform-brand`` run in this interpreter, its own peak memory (without
#: its workers', which ``wait4`` counts in) written to the file named first.
CLI = """
import resource, sys
from reform_brand.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w") as fh:
    fh.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
sys.exit(code)
"""


def measure(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        folder = Path(tmp)
        # Built in a process of its own: a child's peak RSS counts the RSS of
        # the process that started it (Linux keeps it across exec), and the
        # envelopes of 100,000 submissions take some 400 MiB to make.
        subprocess.run([sys.executable, __file__, "--build", str(folder), str(n)], check=True)
        inbox = folder / "inbox"
        own = folder / "own-rss"
        check = [sys.executable, "-c", CLI, str(own), "check", "shandong-2022", str(inbox)]
        check += ["--json", "--now", NOW]
        ours = run_child([*check, "--report", str(folder / "report")], folder / "stdout.json")
        ours["own_rss"] = int(own.read_text()) / 1024
        # The same check without the report folder: what intake's ledger of
        # every file and the records take, which the report adds to.
        run_child(check, folder / "plain.json")
        ours["plain_rss"] = int(own.read_text()) / 1024
        bare = run_child(
            [sys.executable, "-c", BARE, str(inbox), str(folder / "bare.json")],
            folder / "bare.out",
        )
    return {"n": n, "ours": ours, "bare": bare}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--huge", action="store_true", help="add 100,000 submissions")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--build", nargs=2, metavar=("DIR", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        build_inbox(Path(args.build[0]), int(args.build[1]))
        return 0
    sizes = list(args.sizes) + ([100_000] if args.huge else [])
    rows = []
    measured = []
    for n in sizes:
        r = measure(n)
        measured.append(r)
        o, b = r["ours"], r["bare"]
        rows.append(
            f"| {n:,} | {o['cpu'] / n * 1000:.2f} ms | {b['cpu'] / n * 1000:.2f} ms "
            f"| **{o['cpu'] / b['cpu']:.2f}x** | {o['wall']:.1f} s | {o['own_rss']:.0f} MiB "
            f"| {o['rss']:.0f} MiB | {o['plain_rss']:.0f} MiB | {b['rss']:.0f} MiB "
            f"| **{o['own_rss'] / b['rss']:.2f}x** |"
        )
        print(rows[-1], flush=True)
    body = "\n".join(
        [
            f"- Command: `python benchmarks/bench_check.py --sizes "
            f"{' '.join(map(str, args.sizes))}{' --huge' if args.huge else ''} --write` "
            "(each side once, in a fresh process; CPU time of the child, user + system).",
            f"- Machine: {machine()}. Shared with other jobs while measured: wall times "
            "are shown for scale only; compare the ratios.",
            "- Each submission is a folder with its JSON envelope, its .docx form and its "
            "signed-scan PDF; `check --json --report DIR` reads them all, runs every rule "
            "and writes report.json, report.html, roster.xlsx and the JSON report. The "
            "baseline is a bare script: `json.load`, a reused `Draft202012Validator` on the "
            "form data, the .docx's zip directory and the PDF's header opened, one "
            "`json.dump`.",
            "",
            "- Peak RSS: the checking process's own, and the largest of it and its worker "
            "processes (`--jobs` is the number of cores: a worker that verifies a signed scan "
            "holds the OCR engine, about 350 MiB); the ratio is of the checking process's. "
            "*Without `--report`*: the checking process of `check DIR --json` on the same "
            "folder (intake's ledger of its three files per submission, and the records).",
            "",
            "| submissions | `check` CPU per submission | bare script | ratio | `check` wall "
            "| checking process peak RSS | with its workers | without `--report` "
            "| bare peak RSS | RSS ratio |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    print(body)
    if args.write:
        write_section("Check, end to end", "bench_check.py", body)
        if [r["n"] for r in measured] == [1_000, 10_000, 100_000]:
            record_goals(measured, " ".join(map(str, args.sizes)))
    return 0


def record_goals(measured: list[dict[str, Any]], sizes: str) -> None:
    """The report's rows of the goals' table (a run at 1,000, 10,000 and
    100,000 submissions)."""
    import _goals as goals

    def each(fmt: str, values: list[float]) -> str:
        return " / ".join(fmt.format(v) for v in values)

    ours = [r["ours"] for r in measured]
    bare = [r["bare"] for r in measured]
    per = [o["cpu"] / r["n"] * 1000 for o, r in zip(ours, measured, strict=True)]
    per_bare = [b["cpu"] / r["n"] * 1000 for b, r in zip(bare, measured, strict=True)]
    script = f"bench_check.py --sizes {sizes} --huge"
    goals.record(
        "report-cpu",
        ours=each("{:.2f}", per) + " ms",
        baseline="bare script, " + each("{:.2f}", per_bare) + " ms",
        ratio=each("{:.1f}x", [a / b for a, b in zip(per, per_bare, strict=True)]),
        met=None,
        script=script,
        detail="wall time " + each("{:.1f}", [o["wall"] for o in ours]) + " s",
    )
    rss = [o["own_rss"] for o in ours]
    goals.record(
        "report-rss",
        ours=each("{:.0f}", rss) + " MiB",
        baseline="bare script, " + each("{:.0f}", [b["rss"] for b in bare]) + " MiB",
        ratio=each("{:.1f}x", [o / b["rss"] for o, b in zip(rss, bare, strict=True)]),
        met=rss[-1] <= 300,
        script=script,
        detail="without `--report`: " + each("{:.0f}", [o["plain_rss"] for o in ours]) + " MiB",
    )


if __name__ == "__main__":
    sys.exit(main())
