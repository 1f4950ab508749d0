"""The batch side of the engine: the files of a batch, the versions of resent
projects and the batch rules, over the records of a checked batch."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

import attrs

from reform_brand.engine._context import EditionIndex, RuleContext
from reform_brand.engine._received import unwrap
from reform_brand.engine._records import RecordStore, RecordView, SubmissionRecord
from reform_brand.engine._stream import BatchOutcome, Read
from reform_brand.engine._versions import superseded
from reform_brand.findings import Finding, SubmissionReport
from reform_brand.registries import Rule
from reform_brand.submission import Submission, read_envelope


class Validator(Protocol):
    """What of :class:`~reform_brand.engine.Validator` the batch side uses."""

    index: EditionIndex
    ignore: frozenset[str]
    _batch_rules: tuple[Rule, ...]

    def _context(
        self, subs: tuple[Submission, ...], when: dt.datetime, strict: bool
    ) -> RuleContext: ...

    def _run(self, rule: Rule, ctx: RuleContext, sub: Submission | None) -> list[Finding]: ...

    def _finding(
        self, code: str, sub: Submission | SubmissionRecord, pointer: str = "", **params: object
    ) -> Finding: ...


__all__ = ["failed_item", "find_submission_files", "finish_batch", "submission_files"]


def finish_batch(
    v: Validator, records: Iterable[SubmissionRecord], *, now: dt.datetime, strict: bool
) -> BatchOutcome:
    """Versions of resent projects, then the batch rules, over the records of
    a batch (a :class:`RecordStore`, or any records, stored first).  Earlier
    versions count nowhere and keep only the finding that says which version
    replaces them."""
    store = records if isinstance(records, RecordStore) else RecordStore(records)
    usable = RecordView(store, store.usable)
    later = superseded(usable, v.index)
    at = usable.positions
    replaced = _Superseded(v, store, {at[i]: at[w] for i, w in later.items()})
    ctx = attrs.evolve(
        v._context((), now, strict),
        records=RecordView(store, (p for i, p in enumerate(at) if i not in later)),
        superseded_records=RecordView(store, (at[i] for i in sorted(later))),
    )
    found: list[Finding] = []
    for rule in v._batch_rules:
        found.extend(f for f in v._run(rule, ctx, None) if f.code not in v.ignore)
    # A materials-only envelope is not a submission: what the engine found in
    # it (its structure) joins the batch's findings.
    found.extend(store.findings())
    return BatchOutcome(findings=tuple(found), replaced=replaced, records=store)


class _Superseded(Mapping[int, SubmissionReport]):
    """The reports of the earlier versions of resent projects, by position,
    each made when it is asked for: a batch where most projects were sent
    again keeps two positions for each, not a report."""

    def __init__(self, v: Validator, store: RecordStore, pairs: dict[int, int]) -> None:
        self._v, self._store, self._pairs = v, store, pairs

    def __getitem__(self, position: int) -> SubmissionReport:
        winner = self._pairs[position]
        return _superseded_report(self._v, self._store[position], self._store[winner])

    def __iter__(self) -> Iterator[int]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __contains__(self, position: object) -> bool:
        return position in self._pairs


def _superseded_report(
    v: Validator, record: SubmissionRecord, winner: SubmissionRecord
) -> SubmissionReport:
    found = v._finding(
        "batch.superseded",
        record,
        latest=winner.id,
        latest_file=winner.file,
        project=record.project,
    )
    return SubmissionReport(
        submission=record.id,
        file=record.file,
        form=record.form,
        unit=record.unit.name[:200],
        unit_kind=record.unit.kind[:200],
        files_checked=record.base_dir is not None,
        findings=(found,) if found.code not in v.ignore else (),
        superseded_by=winner.id,
    )


def failed_item(v: Validator, item: object, n: int, *, base_dir: Path | None, error: str) -> Read:
    """The record and report of item ``n`` whose check killed its worker
    process (``engine.worker-failed``, and it counts nowhere), and the value
    it was read as."""
    item, read = unwrap(item)
    file, folder, value = "", base_dir, item
    if isinstance(item, Path):
        # Reading JSON is safe here: it names the submission in the report.
        file, folder = str(item), item.parent
        value = (read or read_envelope(item))[0]
    given = Submission.from_envelope(value, id=file or f"#{n}")
    sub = Submission(id=given.id, file=file, base_dir=folder, form=given.form, unit=given.unit)
    found = v._finding("engine.worker-failed", sub, error=error)
    report = SubmissionReport(
        submission=sub.id,
        file=sub.file,
        form=sub.form,
        unit=sub.unit.name[:200],
        unit_kind=sub.unit.kind[:200],
        findings=(found,),
    )
    record = SubmissionRecord.of(sub, position=n - 1, usable=False, counts=report.counts)
    return record, report, value


def submission_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The submission JSON files at ``paths`` (folders searched for ``*.json``).
    A lone path is a ``TypeError``: the characters of ``"/tmp/in"`` would
    each be a path, ``"/"`` the whole disk; so is an item that is no path."""
    if isinstance(paths, str | bytes | os.PathLike):
        raise TypeError(f"paths takes a list of paths, not the single path {paths!r}: give [path]")
    files: list[Path] = []
    for p in paths:
        if not isinstance(p, str | os.PathLike):
            raise TypeError(f"paths holds paths (str or Path), not {type(p).__name__}")
        files.extend(find_submission_files(p if isinstance(p, Path) else Path(p)))
    return files


def find_submission_files(path: Path) -> list[Path]:
    """``path`` itself if it is a file, else the ``*.json`` files under the
    folder (sorted; hidden entries and symbolic links to folders skipped)."""
    if not path.is_dir():
        return [path]
    found: list[Path] = []
    for root, dirs, names in os.walk(path, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / n
            for n in sorted(names)
            if n.lower().endswith(".json") and not n.startswith(".")
        )
    return found
