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

For a report folder (``--report``), :func:`check_kept` also spools each
submission's report and facts, pickled, and gives the whole report as an
:class:`~reform_brand.office.InboxReport` whose reports and facts are read
back from the spools as they are asked for (:class:`Spooled`): the report
folder's writers take it as they take the report the whole-batch check
makes, and a batch of 100,000 submissions is never held.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Final

from reform_brand._jsontext import indented
from reform_brand._spool import Ints, Spool, Spooled
from reform_brand.cli._check_text import (
    batch_text,
    group_name,
    header_text,
    no_unit,
    submission_text,
    summary_text,
    unit_order,
)
from reform_brand.cli._intake import files_line
from reform_brand.engine import (
    EVERY_OPT_IN,
    BatchOutcome,
    BatchRun,
    SubmissionRecord,
    Validator,
)
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
    InboxFile,
    InboxMerge,
    InboxReport,
    InboxSubmission,
    Intake,
    ReceivedMail,
    clean_batch,
    clean_submission,
    facts_to_json,
    file_to_json,
    material_to_json,
    received_facts,
    received_file,
    write_inbox_section,
)
from reform_brand.office._dates import office_zone
from reform_brand.office._names import clean_text

__all__ = ["Kept", "Streamed", "check_kept", "check_streamed"]


class Streamed:
    """The outcome of a streamed check: what the exit code and the summary
    need."""

    def __init__(self, submissions: int, counts: Counts) -> None:
        self.submissions = submissions
        self.counts = counts


def _entry_json(report: SubmissionReport, validator: Validator) -> bytes:
    return indented(submission_to_json(report, validator.catalogue), "    ").encode("utf-8")


def _pickled(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _entry(rep: SubmissionReport, validator: Validator, *, as_json: bool, lang: str) -> bytes:
    """A (clean) report's entry in the JSON or the text report."""
    if as_json:
        return _entry_json(rep, validator)
    return submission_text(rep, validator, lang).encode("utf-8")


#: How a submission's facts end in the JSON report: its verdict, written
#: when the batch is done (the batch rules may change it).
_VERDICT: Final = '"verdict": '


def _facts_json(facts: InboxSubmission) -> bytes:
    """The facts' entry of the inbox section up to the verdict's value."""
    text = indented(facts_to_json(facts, ""), INBOX_ENTRY_INDENT)
    return text[: text.rindex(_VERDICT) + len(_VERDICT)].encode("utf-8")


#: What is kept of a submission for a report folder: its report, and its
#: facts with the ledger's entry of its file (a JSON batch), pickled; and
#: whether it has such an entry.
_Kept = tuple[bytes, bytes, bool]
#: A submission's unit (as the report shows it), its report entry, its
#: facts' entry (an inbox's JSON report) and what is kept of it.
_Encoded = tuple[str, bytes, bytes, _Kept | None]


def _encode(
    report: SubmissionReport,
    validator: Validator,
    envelope: object,
    *,
    as_json: bool,
    lang: str,
    inbox: bool,
    keep: bool,
) -> _Encoded | SubmissionReport:
    """What the stream keeps of a submission, made in the worker that
    checked it (its facts taken from ``envelope``, the value its file was
    read as for the check: the file is not read again); in an inbox, a
    submission intake built (no file) travels back whole, to be merged with
    what intake noted."""
    if inbox and not report.file:
        return report
    rep = clean_submission(report)
    entry = _entry(rep, validator, as_json=as_json, lang=lang)
    facts_json, kept = b"", None
    if (inbox and as_json) or keep:
        # A JSON batch's facts are read from the files under their exact
        # names; kept on disk for a report folder, with the form data its
        # page shows (the file is not read again for it).
        facts = received_facts(
            validator.edition, validator.index, report, envelope=envelope, with_data=keep
        )
        facts_json = _facts_json(facts) if inbox and as_json else b""
        if keep:
            file = None if inbox else received_file(report)
            kept = (_pickled(rep), _pickled((facts, file)), file is not None)
    return rep.unit, entry, facts_json, kept


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
    notes: tuple[Finding, ...] = (),
) -> Streamed:
    """Check the submission files at the paths ``source`` (each made a
    ``Path`` as it is reached), or what intake read from an inbox folder or
    mailbox, as one batch and write the report to ``out``.  For an inbox
    that is the JSON of ``inbox_to_json(check_intake(found, ...))``, or the
    text report and the line that accounts for the inbox's files.  ``notes``
    are findings of the batch made before it (files passed over)."""
    stream = _Stream.start(
        validator, source, strict=strict, now=now, jobs=jobs, as_json=as_json, lang=lang
    )
    stream.notes = notes
    try:
        stream.check()
        return stream.output(out)
    finally:
        stream.close()


class Kept:
    """A batch checked as a stream with its whole report kept on disk, for
    a report folder: :attr:`report` is the report
    :func:`reform_brand.office.check_intake` (an inbox) or
    :func:`reform_brand.office.report_from_batch` (files) make, its reports
    and facts read back as they are asked for.  Close it when done (it is
    a context manager)."""

    def __init__(self, stream: _Stream, report: InboxReport) -> None:
        self._stream, self.report = stream, report

    def write(self, out: IO[str]) -> Streamed:
        """Write the JSON or the text report to ``out``, as
        :func:`check_streamed` does."""
        return self._stream.output(out)

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> Kept:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_kept(
    validator: Validator,
    source: Iterable[str | Path] | Intake,
    *,
    strict: bool,
    now: dt.datetime | None,
    jobs: int,
    as_json: bool,
    lang: str,
    root: str = "",
    mails: tuple[ReceivedMail, ...] = (),
    notes: tuple[Finding, ...] = (),
) -> Kept:
    """Check as :func:`check_streamed` does and keep the whole report on
    disk (:class:`Kept`).  ``root`` and ``mails`` are the report's (an
    inbox's root by default)."""
    stream = _Stream.start(
        validator, source, strict=strict, now=now, jobs=jobs, as_json=as_json, lang=lang, keep=True
    )
    stream.notes = notes
    try:
        stream.check()
        return Kept(stream, stream.report(root=root, mails=mails))
    except BaseException:
        stream.close()
        raise


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
        keep: bool,
    ) -> None:
        self.validator, self.run, self.found, self.keep = validator, run, found, keep
        self.as_json, self.lang = as_json, lang
        self.merge = InboxMerge.of(found, validator.edition) if found is not None else None
        self.spool = Spool()
        #: The facts of each submission of an inbox (JSON only).
        self.facts = Spool() if found is not None and as_json else None
        #: What is kept of each submission for a report folder.
        self.kept_reports = Spool() if keep else None
        self.kept_facts = Spool() if keep else None
        #: The numbers of the submissions with a ledger entry (a JSON batch).
        self.file_at = Ints()
        self.positions = Ints()
        self.groups: dict[str, list[int]] = {}
        #: The counts of the submissions intake built, which its notes change.
        self.changed: dict[int, Counts] = {}
        self.outcome: BatchOutcome | None = None
        self.findings: tuple[Finding, ...] = ()
        #: Findings of the batch made before it: files passed over.
        self.notes: tuple[Finding, ...] = ()
        self.counts = Counts()

    @classmethod
    def start(
        cls,
        validator: Validator,
        source: Iterable[str | Path] | Intake,
        *,
        strict: bool,
        now: dt.datetime | None,
        jobs: int,
        as_json: bool,
        lang: str,
        keep: bool = False,
    ) -> _Stream:
        # The office's check runs every rule, the opt-in ones included.
        validator = validator.including(EVERY_OPT_IN)
        if isinstance(source, Intake):
            items: Iterable[object] = source.items()
            run = validator.stream_batch(
                items, strict=strict, now=now, base_dir=source.base, jobs=jobs
            )
            return cls(validator, run, source, as_json=as_json, lang=lang, keep=keep)
        files = (Path(p) for p in source)
        run = validator.stream_batch(files, strict=strict, now=now, jobs=jobs)
        return cls(validator, run, None, as_json=as_json, lang=lang, keep=keep)

    def close(self) -> None:
        for spool in (self.spool, self.facts, self.kept_reports, self.kept_facts):
            if spool is not None:
                spool.close()

    def check(self) -> None:
        """Check every submission, spooling what is kept of it, then run the
        batch rules."""
        self._take()
        outcome = self.outcome = self.run.finish()
        extra = (*(self.found.findings if self.found is not None else ()), *self.notes)
        batch = BatchReport(
            edition="",
            strict=False,
            evaluated_at=self.run.now,
            findings=(*outcome.findings, *extra),
        )
        self.findings = clean_batch(batch).findings
        counts = Counts.of(self.findings)
        for each in self.each_counts(outcome):
            counts = counts + each
        self.counts = counts

    def output(self, out: IO[str]) -> Streamed:
        """Write the JSON or the text report of the checked batch."""
        outcome = self.outcome
        assert outcome is not None
        n = len(self.positions)
        if self.as_json:
            head = BatchReport(
                edition=self.validator.edition.id,
                strict=self.run.strict,
                evaluated_at=self.run.now,
                findings=self.findings,
                catalogue=self.validator.catalogue,
            )
            write_report_json(
                out,
                head,
                entries=(data.decode("utf-8") for data in self._in_order(outcome)),
                totals=(n, self.counts),
                last=None if self.found is None else ("inbox", self._inbox_json(outcome)),
            )
        else:
            _write_text(self, out, self.findings, self.counts, outcome)
        return Streamed(n, self.counts)

    def _take(self) -> None:
        """Check every submission, spooling its entry (and its facts)."""
        v = self.validator
        encoder: Callable[[SubmissionReport, Validator, object], object] = functools.partial(
            _encode,
            as_json=self.as_json,
            lang=self.lang,
            inbox=self.found is not None,
            keep=self.keep,
        )
        for record, value in self.run.encoded_with_envelope(encoder):
            if record.material_only:
                continue
            if isinstance(value, SubmissionReport):
                unit, data, facts, kept = self._built(record.position, value)
            else:
                unit, data, facts, kept = value  # type: ignore[misc]
            if not self.as_json:
                self.groups.setdefault(group_name(v, unit), []).append(len(self.positions))
            if kept is not None:
                assert self.kept_reports is not None and self.kept_facts is not None
                if kept[2]:
                    self.file_at.append(len(self.positions))
                self.kept_reports.add(kept[0])
                self.kept_facts.add(kept[1])
            self.positions.append(record.position)
            self.spool.add(data)
            if self.facts is not None:
                self.facts.add(facts)

    def _built(self, position: int, value: SubmissionReport) -> _Encoded:
        """A submission intake built, merged here, where its notes are."""
        assert self.merge is not None
        final = self.merge.report(value)
        self.changed[position] = final.counts
        rep = clean_submission(final)
        data = _entry(rep, self.validator, as_json=self.as_json, lang=self.lang)
        facts, kept = b"", None
        if self.facts is not None or self.keep:
            known = self.merge.facts(value, self.validator.index)
            facts = _facts_json(known) if self.facts is not None else b""
            kept = (_pickled(rep), _pickled((known, None)), False) if self.keep else None
        return rep.unit, data, facts, kept

    def _final(self, outcome: BatchOutcome, i: int) -> SubmissionReport | None:
        """The report that replaces the ``i``-th spooled entry (an earlier
        version of a resent project), or None."""
        replaced = outcome.replaced.get(self.positions[i])
        if replaced is None or self.merge is None:
            return replaced
        return self.merge.report(replaced)

    def each_counts(self, outcome: BatchOutcome) -> Iterator[Counts]:
        """The counts of each spooled entry, in order."""
        return (counts for _record, counts in self._with_counts(outcome))

    def _with_counts(self, outcome: BatchOutcome) -> Iterator[tuple[SubmissionRecord, Counts]]:
        """The record and the counts of each spooled entry, in order (the
        records read in order, once)."""
        for i, record in enumerate(outcome.records_at(self.positions)):
            final = self._final(outcome, i)
            counts = final.counts if final is not None else self.changed.get(record.position)
            yield record, counts if counts is not None else record.counts

    def _in_order(self, outcome: BatchOutcome) -> Iterator[bytes]:
        """Every spooled entry in order, read from the spool in blocks."""
        for i, data in enumerate(self.spool):
            yield self._read(outcome, i, data)

    def _read(self, outcome: BatchOutcome, i: int, data: bytes | None = None) -> bytes:
        """The ``i``-th entry (``data``, when it was read already), or the
        one made again where a later version replaces it."""
        final = self._final(outcome, i)
        if final is None:
            return self.spool.get(i) if data is None else data
        return _entry(clean_submission(final), self.validator, as_json=self.as_json, lang=self.lang)

    # -- the whole report, kept ---------------------------------------------------

    def report(self, *, root: str, mails: tuple[ReceivedMail, ...]) -> InboxReport:
        """The report of the checked batch, read from the spools as it is
        asked for."""
        v, found, n = self.validator, self.found, len(self.positions)
        batch = BatchReport(
            edition=v.edition.id,
            strict=self.run.strict,
            evaluated_at=self.run.now,
            submissions=Spooled(n, self._kept_report),
            findings=self.findings,
            catalogue=v.catalogue,
        )
        return InboxReport(
            root=clean_text(root or (found.root if found is not None else "")),
            batch=batch,
            files=found.files if found is not None else Spooled(len(self.file_at), self._kept_file),
            submissions=Spooled(n, self._kept_facts),
            materials=found.materials if found is not None else (),
            mails=mails,
        )

    def _kept_report(self, i: int) -> SubmissionReport:
        assert self.outcome is not None and self.kept_reports is not None
        final = self._final(self.outcome, i)
        if final is not None:
            return clean_submission(final)
        rep: SubmissionReport = pickle.loads(self.kept_reports.get(i))
        return rep

    def _kept_pair(self, i: int) -> tuple[InboxSubmission, InboxFile | None]:
        assert self.kept_facts is not None
        pair: tuple[InboxSubmission, InboxFile | None] = pickle.loads(self.kept_facts.get(i))
        return pair

    def _kept_facts(self, i: int) -> InboxSubmission:
        return self._kept_pair(i)[0]

    def _kept_file(self, j: int) -> InboxFile:
        file = self._kept_pair(self.file_at[j])[1]
        assert file is not None
        return file

    def _inbox_json(self, outcome: BatchOutcome) -> Callable[[IO[str]], None]:
        """What writes the report's ``inbox`` section."""
        found, facts = self.found, self.facts
        assert found is not None and facts is not None

        # Each submission's facts end with its own report's verdict: the
        # facts and the reports are in one order, and two submissions of
        # one id (batch.duplicate-id) each keep theirs.
        def facts_entries() -> Iterator[str]:
            for i, (_record, counts) in enumerate(self._with_counts(outcome)):
                verdict = json.dumps(counts.verdict)
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
    zone = office_zone(validator.edition)
    out.write(
        header_text(
            validator.edition.id,
            n,
            stream.run.now,
            stream.run.strict,
            lang,
            zone,
            validator.edition.deadline.timezone,
        )
    )
    for name in unit_order(groups):
        out.write("\n" + (name or no_unit(lang)) + "\n")
        for i in groups[name]:
            out.write(stream._read(outcome, i).decode("utf-8"))
        out.write(batch_text(by_unit.get(name, []), validator, lang))
    bad = warned = 0
    for c in stream.each_counts(outcome):
        bad += bool(c.error)
        warned += bool(not c.error and c.warning)
    out.write(summary_text(n, bad, warned, counts, lang))
    if stream.found is not None:
        out.write(files_line(clean_text(stream.found.root), stream.found.files, lang))
