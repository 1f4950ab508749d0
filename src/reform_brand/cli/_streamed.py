"""``check`` on submission JSON files, or on an inbox folder or mailbox, as a
stream, with bounded memory.

Each submission is read and checked (in worker processes with ``--jobs``),
its report entry written at once to a temporary spool file, and only its
compact record kept for the batch rules.  When the batch is done, the
output is written from the spool: the JSON report (``--json``) or the text
report, grouped by unit, exactly as the whole-batch functions write them
(:func:`reform_brand.findings.report_to_json`, :func:`format_report`).  The
earlier versions of resent projects, known only then, are written from
their short reports instead of their spooled entries.

An inbox folder or mailbox is taken in by intake first:
the ledger of its files and the submissions built from Word forms and scans
stay in memory, the JSON envelopes received as files are read and checked
as the stream goes, each with its facts (``inbox.submissions``) spooled
beside its entry.  The report is the one :func:`reform_brand.office.check_intake`
and :func:`reform_brand.office.inbox_to_json` make whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
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
from reform_brand.cli._intake import files_line
from reform_brand.engine import BatchOutcome, BatchRun, Validator
from reform_brand.findings import (
    BatchReport,
    Counts,
    Finding,
    SubmissionReport,
    submission_to_json,
    write_report_json,
)
from reform_brand.office import (
    INBOX_ENTRY_INDENT,
    InboxMerge,
    InboxSubmission,
    Intake,
    clean_batch,
    clean_submission,
    facts_to_json,
    file_to_json,
    material_to_json,
    received_facts,
    write_inbox_section,
)
from reform_brand.office._names import clean_text

__all__ = ["Streamed", "check_streamed"]


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


#: How a submission's facts end in the JSON report: its verdict, written
#: when the batch is done (the batch rules may change it).
_VERDICT: Final = '"verdict": '


def _facts_json(facts: InboxSubmission) -> bytes:
    """The facts' entry of the inbox section up to the verdict's value."""
    text = indented(facts_to_json(facts, ""), INBOX_ENTRY_INDENT)
    return text[: text.rindex(_VERDICT) + len(_VERDICT)].encode("utf-8")


def _encode_received(
    report: SubmissionReport, validator: Validator, *, as_json: bool, lang: str
) -> tuple[str, bytes, bytes] | SubmissionReport:
    """For an inbox: a received envelope file's unit, entry and facts, made
    in the worker that checked it; a submission intake built (no file)
    travels back whole, to be merged with what intake noted."""
    if not report.file:
        return report
    unit, entry = _encode(report, validator, as_json=as_json, lang=lang)
    if not as_json:
        return unit, entry, b""
    return unit, entry, _facts_json(received_facts(validator.edition, validator.index, report))


def check_streamed(
    validator: Validator,
    source: Iterable[str | Path] | Intake,
    *,
    strict: bool,
    now: dt.datetime | None,
    jobs: int,
    as_json: bool,
    lang: str,
    out: IO[str],
) -> Streamed:
    """Check the submission files at the paths ``source`` (each made a
    ``Path`` as it is reached), or what intake read from an inbox folder or
    mailbox, as one batch and write the report to ``out``.  For an inbox
    that is the JSON of ``inbox_to_json(check_intake(found, ...))``, or the
    text report and the line that accounts for the inbox's files."""
    if isinstance(source, Intake):
        items: Iterable[object] = source.items()
        run = validator.stream_batch(items, strict=strict, now=now, base_dir=source.base, jobs=jobs)
        return _Stream(validator, run, source, as_json=as_json, lang=lang).write(out)
    files = (Path(p) for p in source)
    run = validator.stream_batch(files, strict=strict, now=now, jobs=jobs)
    return _Stream(validator, run, None, as_json=as_json, lang=lang).write(out)


class _Stream:
    """One streamed check: the run, the spools, what is kept per submission."""

    def __init__(
        self,
        validator: Validator,
        run: BatchRun,
        found: Intake | None,
        *,
        as_json: bool,
        lang: str,
    ) -> None:
        self.validator, self.run, self.found = validator, run, found
        self.as_json, self.lang = as_json, lang
        self.merge = InboxMerge.of(found, validator.edition) if found is not None else None
        self.spool = _Spool()
        #: The facts of each submission of an inbox (JSON only).
        self.facts = _Spool() if found is not None and as_json else None
        self.positions = array("q")
        self.groups: dict[str, list[int]] = {}
        #: The counts of the submissions intake built, which its notes change.
        self.changed: dict[int, Counts] = {}

    def write(self, out: IO[str]) -> Streamed:
        try:
            self._take()
            outcome = self.run.finish()
            extra = self.found.findings if self.found is not None else ()
            batch = BatchReport(
                edition="",
                strict=False,
                evaluated_at=self.run.now,
                findings=(*outcome.findings, *extra),
            )
            findings = clean_batch(batch).findings
            counts = Counts.of(findings)
            for i in range(len(self.positions)):
                counts = counts + self._counts(outcome, i)
            n = len(self.positions)
            if self.as_json:
                head = BatchReport(
                    edition=self.validator.edition.id,
                    strict=self.run.strict,
                    evaluated_at=self.run.now,
                    findings=findings,
                    catalogue=self.validator.catalogue,
                )
                write_report_json(
                    out,
                    head,
                    entries=(self._read(outcome, i).decode("utf-8") for i in range(n)),
                    totals=(n, counts),
                    last=None if self.found is None else ("inbox", self._inbox_json(outcome)),
                )
            else:
                _write_text(self, out, findings, counts, outcome)
        finally:
            self.spool.close()
            if self.facts is not None:
                self.facts.close()
        return Streamed(len(self.positions), counts)

    def _take(self) -> None:
        """Check every submission, spooling its entry (and its facts)."""
        v = self.validator
        encoder: Callable[[SubmissionReport, Validator], object] = functools.partial(
            _encode if self.found is None else _encode_received,
            as_json=self.as_json,
            lang=self.lang,
        )
        for record, value in self.run.encoded(encoder):
            if record.material_only:
                continue
            facts = b""
            if isinstance(value, SubmissionReport):
                # Built by intake: merged here, where its notes are.
                assert self.merge is not None
                final = self.merge.report(value)
                self.changed[record.position] = final.counts
                unit, data = _encode(final, v, as_json=self.as_json, lang=self.lang)
                if self.facts is not None:
                    facts = _facts_json(self.merge.facts(value, v.index))
            elif self.found is not None:
                unit, data, facts = value  # type: ignore[misc]
            else:
                unit, data = value  # type: ignore[misc]
            if not self.as_json:
                self.groups.setdefault(group_name(v, unit), []).append(len(self.positions))
            self.positions.append(record.position)
            self.spool.add(data)
            if self.facts is not None:
                self.facts.add(facts)

    def _final(self, outcome: BatchOutcome, i: int) -> SubmissionReport | None:
        """The report that replaces the ``i``-th spooled entry (an earlier
        version of a resent project), or None."""
        replaced = outcome.replaced.get(self.positions[i])
        if replaced is None or self.merge is None:
            return replaced
        return self.merge.report(replaced)

    def _counts(self, outcome: BatchOutcome, i: int) -> Counts:
        final = self._final(outcome, i)
        if final is not None:
            return final.counts
        pos = self.positions[i]
        changed = self.changed.get(pos)
        return changed if changed is not None else outcome.records[pos].counts

    def _read(self, outcome: BatchOutcome, i: int) -> bytes:
        final = self._final(outcome, i)
        if final is None:
            return self.spool.get(i)
        return _encode(final, self.validator, as_json=self.as_json, lang=self.lang)[1]

    def _inbox_json(self, outcome: BatchOutcome) -> Callable[[IO[str]], None]:
        """What writes the report's ``inbox`` section."""
        found, facts = self.found, self.facts
        assert found is not None and facts is not None
        # The id of each submission as its report and its facts show it, and
        # the verdict of each id (the last of an id, as a dict made from the
        # reports keeps it).
        ids = [clean_text(outcome.records[pos].id) for pos in self.positions]
        verdicts = {sub_id: self._counts(outcome, i).verdict for i, sub_id in enumerate(ids)}

        def facts_entries() -> Iterator[str]:
            for i, sub_id in enumerate(ids):
                verdict = json.dumps(verdicts[sub_id])
                yield facts.get(i).decode("utf-8") + verdict + "\n" + INBOX_ENTRY_INDENT + "}"

        def write(out: IO[str]) -> None:
            write_inbox_section(
                out,
                clean_text(found.root),
                (indented(file_to_json(f), INBOX_ENTRY_INDENT) for f in found.files),
                facts_entries(),
                (indented(material_to_json(m), INBOX_ENTRY_INDENT) for m in found.materials),
            )

        return write


def _write_text(
    stream: _Stream,
    out: IO[str],
    findings: tuple[Finding, ...],
    counts: Counts,
    outcome: BatchOutcome,
) -> None:
    """The text report as :func:`format_report` writes it (and, for an
    inbox, the line that accounts for its files)."""
    validator, lang, groups = stream.validator, stream.lang, stream.groups
    by_unit: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(group_name(validator, f.unit), [])
        by_unit.setdefault(group_name(validator, f.unit), []).append(f)
    n = len(stream.positions)
    out.write(header_text(validator.edition.id, n, stream.run.now, stream.run.strict, lang))
    for name in sorted(groups, key=lambda g: (g == "", g)):
        out.write("\n" + (name or no_unit(lang)) + "\n")
        for i in groups[name]:
            out.write(stream._read(outcome, i).decode("utf-8"))
        out.write(batch_text(by_unit.get(name, []), validator, lang))
    bad = warned = 0
    for i in range(n):
        c = stream._counts(outcome, i)
        bad += bool(c.error)
        warned += bool(not c.error and c.warning)
    out.write(summary_text(n, bad, warned, counts, lang))
    if stream.found is not None:
        out.write(files_line(clean_text(stream.found.root), stream.found.files, lang))
