"""The goals the benchmarks measure, and the table "Goals at a glance" of
docs/performance.md made from their last figures.

A script that measures a goal's figure keeps it with :func:`record`: its
value, its baseline from the same run, the ratio, whether the goal is met,
the script and the day, in ``docs/goals.json``.  The table is then written
again from that file, so a run of one script changes its own rows and no
other, every row says which run it comes from, and a figure that misses its
goal is shown as it is.  A row is replaced only by a run that measured all
of it (``bench_stream.py`` without ``--full`` leaves the rows of 100,000
submissions as they were).

    python benchmarks/_goals.py          # the table again, from docs/goals.json
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PERF = ROOT / "docs" / "performance.md"
FIGURES = ROOT / "docs" / "goals.json"
START = "<!-- goals:start -->"
END = "<!-- goals:end -->"

#: Every goal, in the table's order: its figure, what it is compared with,
#: the goal, and what a reader needs to know when it is missed (no figures
#: here: they would outlive the run that measured them).
GOALS: dict[str, dict[str, str]] = {
    "validate-valid": {
        "figure": "`validate()`, valid submission",
        "goal": "≤ 3x",
        "why": "on the edge, and the machine's load decides (the machine is shared: the "
        "column met gives the spread of one run's rounds). A valid submission "
        "takes the plain path (docs/hooks.md, `quiet`): one look tells its envelope of the "
        "usual shape, a check generated from the form's schema its data (faster than "
        "fastjsonschema's own: a contact is told by its format, a required text by its first "
        "character, though all its strings' characters, the envelope's too, are looked at for "
        "half characters and control characters, which fastjsonschema does not do), then each "
        "rule is asked its quiet test instead of running its check. The rest of the call is "
        "the submission built for the rules and the report, the quiet tests (reading the "
        "arrival time most), and the report's quota unit; the section Validation gives each "
        "step's share. The opt-in reform-item suggestion rule, which the office's `check` "
        "runs, is not in the figure; with it asked for, the section Validation gives the call "
        "too.",
    },
    "validate-invalid": {
        "figure": "`validate()`, invalid submission",
        "goal": "≤ 1.2x",
        "why": "",
    },
    "opened-once": {
        "figure": "`check --report` on an inbox: openings of each file received, by "
        "intake, the checks and the report together",
        "goal": "1",
        "why": "",
    },
    "editions": {"figure": "`reform-brand editions`", "goal": "≤ 1.5x", "why": ""},
    "version": {"figure": "`reform-brand --version`", "goal": "≤ 3x", "why": ""},
    "help": {
        "figure": "`reform-brand check --help` (any command's help)",
        "goal": "≤ 3x",
        "why": "",
    },
    "read-form": {
        "figure": "`read_form`",
        "goal": "≤ 2x",
        "why": "the reader reads what the forms of other editions and other programs "
        "hold (a header value over two lines, a unit's name under its label or in a table "
        "row, rows deleted as tracked changes, legacy form fields, equations, page "
        "breaks), each looked for only where its elements occur, and a paragraph with "
        "nothing to leave out is read in one walk of its elements; its safety checks read "
        "every XML part, straight from the file. The ratio differs between machines: the "
        "bare open is mostly lxml's C, the reading mostly Python.",
    },
    "jobs-10k": {
        "figure": "`check`, 10,000 files, `--jobs 2` against `--jobs 1`, the scan's result "
        "kept by an earlier run",
        "goal": "≥ 1.7x",
        "why": "on the edge, and the machine's load decides. Two workers can at best make "
        "a run 2 / (1 + s) times as fast, s being the share of the `--jobs 1` run that one "
        "process does whatever the jobs: the files listed and the validator built, the "
        "batch rules and the report, some 0.5 s of 4.5 to 6 s (the column met gives that "
        "bound for the run). Below it: the workers' start, and the machine's other jobs, "
        "which take a core from two workers more often than from one process. The figure "
        "is that of the office's later runs, which take the batch's scan's result kept by "
        "the first (docs/scans.md): a first run reads the scan (one content named by every "
        "submission) with the OCR engine, which a process checking alone already runs on "
        "both cores, so that part gains nothing from a second worker, and the first run's "
        "bound is lower (the column met gives its ratio and bound too).",
    },
    "check-100k": {
        "figure": "`check`, 100,000 files with attachments, `--jobs 2`",
        "goal": "≤ 60 s",
        "why": "on the edge, and the machine's load decides: six runs of "
        "`bench_stream.py --full` on 3 December gave from 28.6 s to 61.5 s (the machine is "
        "shared). The checking part is the "
        "workers' work shared by the two cores, at some 0.7 ms of CPU a submission; the "
        "batch step takes some 5 to 7 s, because the records past the first 8,192 are read "
        "back from disk on each of its passes and each pass parses their arrival times "
        "again.",
    },
    "rss-files": {
        "figure": "`check`, peak RSS of the checking process at 10,000 / 100,000 files",
        "goal": "≤ 100 / ≤ 300 MiB, flat from 10,000",
        "why": "flat is met since nothing is kept in memory for each submission: "
        "the records of the batch past its first 8,192, the positions and offsets of the "
        "spooled entries, and the hashes the batch steps compare are kept on disk; a "
        "unit's list of submissions over its quota is sorted on disk and kept there "
        "(`TextList`) when the lists name more than 8,192; the paths are given in a list "
        "(`--files-from`) read from a private copy on disk. The figures before 3 December "
        "(89 MiB at 100,000, 426 bytes more per submission) were partly the benchmark's "
        "own: `ru_maxrss` counted the peak of the process that wrote the batch. "
        "The caps are met by the checking process of `--jobs 2` (the default on two "
        "cores), not by the process that reads the scan: the OCR engine and its models take "
        "some 160 MiB, and the text detection of one page some 100 to 300 MiB more, which "
        "the C allocator keeps for the next page (a fixed allocation threshold gave them "
        "back, but made the first page three to four times as slow). So the worker that reads "
        "the scan, and a process checking alone (`--jobs 1`), peak at some 400 to 500 MiB "
        "whatever the size of the batch: see the details. On a later run, which takes the "
        "scan's result kept by the first, no image library is loaded at all: a process "
        "checking alone then stays under both caps (the details).",
    },
    "rss-folder": {
        "figure": "`check` on the folder (an inbox), peak RSS at 10,000 / 100,000",
        "goal": "≤ 100 / ≤ 300 MiB, flat from 10,000",
        "why": "intake reads the whole folder before anything is checked, and keeps "
        "nothing in memory for each file it finds: the ledger's entries (path, type, digest, "
        "role, submission) and the groups of files live in a private temporary SQLite "
        "database (512 KiB of page cache, the rest in its file) until the ledger is written to "
        "its own temporary file, and the received envelopes' paths are sorted on disk. Until "
        "3 December intake held some 450 bytes a file in dicts and lists (99 MiB at 100,000, "
        "483 bytes more per submission). The places kept for each submission (its "
        "position, where its entry, its facts and its record lie on disk, its ledger entry's "
        "number) are on disk too, 8,192 of each in memory at a time. Until 6 December the "
        "peak still grew by some 80 bytes a submission, just over the 10% this table allows: "
        "not Python's objects (their traced size was flat) but the C heap, whose free bytes "
        "grew from 3 to 12 MiB while its bytes in use stayed flat, the holes left by the "
        "blocks of some tens of kilobytes a chunk of submissions allocates and frees. The "
        "checking process and each worker now give the heap's free pages back every 4,096 "
        "submissions (`malloc_trim`, glibc; `reform_brand._heap`). "
        "The OCR engine is in the worker that reads the scan, as for files.",
    },
    "report-cpu": {
        "figure": "`check --report`, 1,000 / 10,000 / 100,000 submissions, CPU per submission",
        "goal": "—",
        "why": "",
    },
    "report-rss": {
        "figure": "`check --report`, 1,000 / 10,000 / 100,000 submissions, "
        "peak RSS of the checking process",
        "goal": "≤ 300 MiB at 100,000",
        "why": "",
    },
}


def _load() -> dict[str, Any]:
    try:
        data = json.loads(FIGURES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(figures: dict[str, Any]) -> None:
    text = json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(dir=FIGURES.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, FIGURES)


def record(
    key: str,
    *,
    ours: str,
    baseline: str,
    ratio: str,
    met: bool | None,
    script: str,
    detail: str = "",
) -> None:
    """Keep the figure of goal ``key`` as measured now by ``script`` (``met``
    None: no goal), and write the table again."""
    if key not in GOALS:
        raise KeyError(f"no goal {key!r}")
    figures = _load()
    figures[key] = {
        "ours": ours,
        "baseline": baseline,
        "ratio": ratio,
        "met": met,
        "detail": detail,
        "script": script,
        "date": dt.date.today().isoformat(),
    }
    _save(figures)
    write_table()


def table(figures: dict[str, Any]) -> str:
    """The table of every goal that has a figure, with the notes of the
    missed ones below it."""
    lines = [
        "| figure | reform_brand | baseline, same run | ratio | goal | met | measured by |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    notes = []
    for key, goal in GOALS.items():
        fig = figures.get(key)
        if not isinstance(fig, dict):
            continue
        met = {True: "yes", False: "**no**", None: "—"}[fig.get("met")]
        if fig.get("detail"):
            met += f" ({fig['detail']})"
        lines.append(
            f"| {goal['figure']} | {fig['ours']} | {fig['baseline']} | {fig['ratio']} | "
            f"{goal['goal']} | {met} | `{fig['script']}`, {fig['date']} |"
        )
        if goal["why"] and fig.get("met") is False:
            notes.append(f"- {goal['figure']}: {goal['why']}")
    if notes:
        lines += ["", "Why the goals that are missed are missed:", "", *notes]
    return "\n".join(lines)


def write_table() -> None:
    """The table between the markers of docs/performance.md, from
    ``docs/goals.json``."""
    doc = PERF.read_text(encoding="utf-8")
    head, found, rest = doc.partition(START)
    if not found:
        raise SystemExit(f"{PERF} has no {START} marker")
    _, _, tail = rest.partition(END)
    PERF.write_text(f"{head}{START}\n{table(_load())}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    write_table()
