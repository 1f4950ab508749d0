"""``check`` on submission JSON files as a stream, with bounded memory.

Each submission is read and checked (in worker processes with ``--jobs``),
its report entry written at once to a temporary spool file, and only its
compact record kept for the batch rules.  When the batch is done, the
output is written from the spool: the JSON report (``--json``) or the text
report, grouped by unit, exactly as the whole-batch functions write them
(:func:`reform_brand.findings.report_to_json`, :func:`format_report`).  The
earlier versions of resent projects, known only then, are written from
their short reports instead of their spooled entries.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import tempfile
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Final

from reform_brand._jsontext import indented
from reform_brand.cli._check_text import (
    batch_text,
    group_name,
    header_text,
    no_unit,
    submission_text,
    summary_text,
)
from reform_brand.engine import BatchOutcome, BatchRun, Validator
from reform_brand.findings import (
    BatchReport,
    Counts,
    Finding,
    SubmissionReport,
    finding_to_json,
    report_to_json,
    submission_to_json,
)
from reform_brand.office import clean_batch, clean_submission

__all__ = ["Streamed", "check_streamed"]

#: The line of the JSON report that the spooled entries take the place of.
_EMPTY: Final = '\n  "submissions": [],\n'
#: And the batch's findings.
_NO_FINDINGS: Final = '"findings": []'


#: Reading at an offset without moving the file's position (POSIX).
_PREAD: Final[Callable[[int, int, int], bytes] | None] = getattr(os, "pread", None)
#: The spool's write buffer: entries are a few hundred bytes each.
_SPOOL_BUFFER: Final = 1 << 20


class _Spool:
    """Byte strings written one after another to a temporary file and read
    back by number."""

    def __init__(self) -> None:
        # Closed by close(), in the finally of the one function that makes it.
        self.fh: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115
            prefix="reform-brand-", buffering=_SPOOL_BUFFER
        )
        self.ends = array("q")
        self.size = 0
        self._flushed = False

    def add(self, data: bytes) -> None:
        # (Counted, not asked of the file: tell() would flush its buffer.)
        self._flushed = False
        self.fh.write(data)
        self.size += len(data)
        self.ends.append(self.size)

    def get(self, i: int) -> bytes:
        if not self._flushed:
            self.fh.flush()
            self._flushed = True
        start = self.ends[i - 1] if i else 0
        # Read straight from the file: a seek and a buffered read would
        # fill the whole buffer (a megabyte) for each entry of some bytes.
        if _PREAD is not None:
            return _PREAD(self.fh.fileno(), self.ends[i] - start, start)
        self.fh.seek(start)
        data = self.fh.read(self.ends[i] - start)
        self.fh.seek(0, 2)
        return data

    def close(self) -> None:
        self.fh.close()


class Streamed:
    """The outcome of a streamed check: what the exit code and the summary
    need."""

    def __init__(self, submissions: int, counts: Counts) -> None:
        self.submissions = submissions
        self.counts = counts


def _entry_json(report: SubmissionReport, validator: Validator) -> bytes:
    return indented(submission_to_json(report, validator.catalogue), "    ").encode("utf-8")


def _encode(
    report: SubmissionReport, validator: Validator, *, as_json: bool, lang: str
) -> tuple[str, bytes]:
    """A submission's unit (as the report shows it) and its report entry,
    made in the worker that checked it."""
    rep = clean_submission(report)
    if as_json:
        return rep.unit, _entry_json(rep, validator)
    return rep.unit, submission_text(rep, validator, lang).encode("utf-8")


def check_streamed(
    validator: Validator,
    paths: Iterable[str | Path],
    *,
    strict: bool,
    now: dt.datetime | None,
    jobs: int,
    as_json: bool,
    lang: str,
    out: IO[str],
) -> Streamed:
    """Check the submission files at ``paths`` as one batch (each made a
    ``Path`` as it is reached) and write the report to ``out``."""
    files = (Path(p) for p in paths)
    run = validator.stream_batch(files, strict=strict, now=now, jobs=jobs)
    spool = _Spool()
    positions = array("q")
    groups: dict[str, list[int]] = {}

    encode = functools.partial(_encode, as_json=as_json, lang=lang)
    try:
        for record, (unit, data) in run.encoded(encode):
            if record.material_only:
                continue
            if not as_json:
                groups.setdefault(group_name(validator, unit), []).append(len(positions))
            positions.append(record.position)
            spool.add(data)
        outcome = run.finish()
        findings = clean_batch(
            BatchReport(edition="", strict=False, evaluated_at=run.now, findings=outcome.findings)
        ).findings
        counts = _totals(outcome, positions, findings)

        def read(i: int) -> bytes:
            replaced = outcome.replaced.get(positions[i])
            return spool.get(i) if replaced is None else encode(replaced, validator)[1]

        if as_json:
            _write_json(out, validator, run, findings, counts, len(positions), read)
        else:
            _write_text(
                out, validator, run, findings, groups, counts, outcome, positions, read, lang
            )
    finally:
        spool.close()
    return Streamed(len(positions), counts)


def _totals(outcome: BatchOutcome, positions: array[int], findings: Iterable[Finding]) -> Counts:
    total = Counts.of(findings)
    for pos in positions:
        replaced = outcome.replaced.get(pos)
        total = total + (replaced.counts if replaced is not None else outcome.records[pos].counts)
    return total


def _write_json(
    out: IO[str],
    validator: Validator,
    run: BatchRun,
    findings: tuple[Finding, ...],
    counts: Counts,
    n: int,
    read: Callable[[int], bytes],
) -> None:
    """The report as :func:`report_to_json` and ``json.dumps(indent=2)``
    write it, each submission's entry and each batch finding written as it
    comes (a batch finding can name every submission of a unit)."""
    batch = BatchReport(
        edition=validator.edition.id,
        strict=run.strict,
        evaluated_at=run.now,
        catalogue=validator.catalogue,
    )
    head = report_to_json(batch)
    head["ok"] = counts.error == 0
    head["counts"] = {
        "submissions": n,
        "error": counts.error,
        "warning": counts.warning,
        "info": counts.info,
    }
    text = json.dumps(head, ensure_ascii=False, indent=2)
    before, after = text.split(_EMPTY, 1)
    between, tail = after.split(_NO_FINDINGS, 1)
    if n:
        out.write(before + '\n  "submissions": [\n')
        for i in range(n):
            out.write(("" if i == 0 else ",\n") + read(i).decode("utf-8"))
        out.write("\n  ],\n")
    else:
        out.write(before + _EMPTY)
    out.write(between)
    if findings:
        out.write('"findings": [\n')
        for j, f in enumerate(findings):
            entry = indented(finding_to_json(f, validator.catalogue), "    ")
            out.write(("" if j == 0 else ",\n") + entry)
        out.write("\n  ]")
    else:
        out.write(_NO_FINDINGS)
    out.write(tail + "\n")


def _write_text(
    out: IO[str],
    validator: Validator,
    run: BatchRun,
    findings: tuple[Finding, ...],
    groups: dict[str, list[int]],
    counts: Counts,
    outcome: BatchOutcome,
    positions: array[int],
    read: Callable[[int], bytes],
    lang: str,
) -> None:
    by_unit: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(group_name(validator, f.unit), [])
        by_unit.setdefault(group_name(validator, f.unit), []).append(f)
    n = len(positions)
    out.write(header_text(validator.edition.id, n, run.now, run.strict, lang))
    for name in sorted(groups, key=lambda g: (g == "", g)):
        out.write("\n" + (name or no_unit(lang)) + "\n")
        for i in groups[name]:
            out.write(read(i).decode("utf-8"))
        out.write(batch_text(by_unit.get(name, []), validator, lang))
    bad = warned = 0
    for pos in positions:
        replaced = outcome.replaced.get(pos)
        c = replaced.counts if replaced is not None else outcome.records[pos].counts
        bad += bool(c.error)
        warned += bool(not c.error and c.warning)
    out.write(summary_text(n, bad, warned, counts, lang))
