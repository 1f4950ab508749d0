"""Checking what intake read: one engine for an inbox and a JSON batch.

:func:`check_inbox` runs :func:`~reform_brand.office._intake.intake` on a
folder and validates the envelopes it yields with the same
:class:`~reform_brand.engine.Validator` and rules as a batch of JSON files
(quotas, duplicates and materials over the whole batch).  The report keeps
what intake noted about each submission (``read.*``, ``inbox.kind-unknown``)
in place of what the rules would say about the same gap: a form that could
not be read has no ``/data`` findings, and a unit kind intake could not find
is ``inbox.kind-unknown``, not ``envelope.required``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from reform_brand.engine import EditionIndex, Validator
from reform_brand.findings import BatchReport, Finding, SubmissionReport
from reform_brand.model import Edition
from reform_brand.office._groups import on_time
from reform_brand.office._inbox import InboxFile, InboxReport, InboxSubmission, Progress
from reform_brand.office._intake import Intake, intake
from reform_brand.office._names import clean_batch, clean_text, one_line
from reform_brand.scan import shared_results
from reform_brand.submission import Submission, read_envelope

__all__ = ["check_inbox", "check_intake", "report_from_batch"]


def check_inbox(
    edition: Edition,
    root: str | os.PathLike[str],
    *,
    validator: Validator | None = None,
    strict: bool = False,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
) -> InboxReport:
    """Check everything in the inbox folder ``root`` against ``edition``.

    Never raises for anything the inbox holds; every problem is a finding.
    ``validator`` defaults to one with the built-in rules; ``jobs`` > 1
    checks the submissions in worker processes, with the same result.
    """
    found = intake(edition, root, progress=progress)
    return check_intake(found, edition, validator=validator, strict=strict, now=now, jobs=jobs)


def check_intake(
    found: Intake,
    edition: Edition,
    *,
    validator: Validator | None = None,
    strict: bool = False,
    now: dt.datetime | None = None,
    jobs: int = 1,
    parallel_from: int | None = None,
) -> InboxReport:
    """Validate what intake read as one batch; the report with its ledger.
    ``jobs`` > 1 checks the submissions (their rules, the scans' included)
    in worker processes, with the same result."""
    v = validator or Validator(edition)
    more = {} if parallel_from is None else {"parallel_from": parallel_from}
    # Workers leave their scans' results for the report's pictures.
    with shared_results() if jobs > 1 else contextlib.nullcontext():
        batch = v.validate_batch(
            found.items(), strict=strict, now=now, base_dir=found.base, jobs=jobs, **more
        )
    facts = {s.id: s for s in found.submissions}
    merged: list[SubmissionReport] = []
    subs: list[InboxSubmission] = []
    for rep in batch.submissions:
        known = facts.get(rep.submission)
        if known is None:
            subs.append(_facts_of_file(edition, v.index, rep))
            merged.append(rep)
            continue
        env = next(e for e in found.envelopes if e["id"] == rep.submission)
        subs.append(_with_quota(v.index, known, env))
        rep_file = known.word or known.scan
        kept = [f for f in rep.findings if _keep(f, rep.submission, found)]
        if _suggested_for_word_form(known, env, kept):
            kept = [f for f in kept if f.code != "reform-items.undeclared"]
        notes = found.notes.get(rep.submission, ())
        merged.append(
            attrs.evolve(
                rep,
                file=rep_file,
                findings=tuple(notes)
                + tuple(attrs.evolve(f, file=f.file or rep_file) for f in kept),
            )
        )
    batch = attrs.evolve(
        batch,
        submissions=tuple(merged),
        findings=tuple(batch.findings) + tuple(found.findings),
    )
    return InboxReport(
        root=clean_text(found.root),
        batch=clean_batch(batch),
        files=found.files,
        submissions=tuple(subs),
        materials=found.materials,
    )


def _keep(f: Finding, sub_id: str, found: Intake) -> bool:
    """Whether a rule's finding still says something beside intake's notes:
    the form data of a form that could not be read is unknown (``read.*``
    says why), and a unit kind intake could not find has its own note."""
    if sub_id in found.unread and (f.pointer == "/data" or f.pointer.startswith("/data/")):
        return False
    return not (
        sub_id in found.kind_unknown and f.code == "envelope.required" and f.pointer == "/unit/kind"
    )


def _suggested_for_word_form(
    sub: InboxSubmission, env: Mapping[str, Any], findings: Sequence[Finding]
) -> bool:
    """Whether a submission read from a Word form, with no reform item given
    by a manifest, has items suggested.  A Word form has no field for the
    items, so its sender could not have declared any: ``reform-items.suggested``
    says all there is to say and the warning ``reform-items.undeclared`` is
    left out.  A JSON envelope (a portal's, or this one exported) can declare
    them and keeps the warning.  See docs/editions/shandong-2022.md."""
    return (
        bool(sub.word)
        and env.get("reform_items") is None
        and any(f.code == "reform-items.suggested" for f in findings)
    )


def _with_quota(index: EditionIndex, sub: InboxSubmission, env: dict[str, Any]) -> InboxSubmission:
    quota = index.quota_unit(Submission.from_envelope(env, id=sub.id))
    if quota is None:
        return sub
    q, _key, shown = quota
    return attrs.evolve(sub, quota=q.id, quota_unit=shown, quota_limit=q.limit)


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _facts_of_file(edition: Edition, index: EditionIndex, rep: SubmissionReport) -> InboxSubmission:
    """The facts of a submission received as a JSON envelope file."""
    env: dict[str, Any] = {}
    if rep.file:
        value, _problems = read_envelope(Path(rep.file))
        env = value if isinstance(value, dict) else {}
    unit = _obj(env.get("unit"))
    data = _obj(env.get("data"))
    contact = _obj(data.get("contact"))
    items_raw = env.get("reform_items")
    items = tuple(i for i in (items_raw if isinstance(items_raw, list) else []) if type(i) is int)
    arrived = env.get("arrived_at")
    facts = InboxSubmission(
        id=clean_text(rep.submission),
        folder=clean_text(str(Path(rep.file).parent)) if rep.file else "",
        form=rep.form,
        unit=rep.unit,
        unit_kind=rep.unit_kind,
        city=str(unit.get("city", ""))[:200],
        project_name=str(data.get("project_name", ""))[:1000],
        contact=" ".join(
            one_line(str(contact.get(k, ""))[:200])
            for k in ("name", "title", "office_phone", "mobile", "email")
            if contact.get(k)
        ),
        reform_items=items,
        arrived_at=arrived if isinstance(arrived, str) else None,
        on_time=on_time(edition, arrived) if isinstance(arrived, str) else None,
        read=bool(data),
        data=data,
    )
    return _with_quota(index, facts, env) if env else facts


def report_from_batch(edition: Edition, batch: BatchReport, *, root: str = "") -> InboxReport:
    """An :class:`InboxReport` for a batch of submission JSON files (``check``
    on files), so that the same outputs can be written: the facts of each
    submission are taken from its envelope."""
    index = EditionIndex.build(edition)
    subs: list[InboxSubmission] = []
    files: list[InboxFile] = []
    for rep in batch.submissions:
        facts = _facts_of_file(edition, index, rep)
        if rep.file:
            readable = Path(rep.file).is_file()
            files.append(
                InboxFile(
                    path=clean_text(rep.file),
                    kind="json",
                    status="used" if readable else "unreadable",
                    role="submission",
                    submission=clean_text(rep.submission),
                    code="" if readable else "file.unreadable",
                )
            )
        subs.append(facts)
    return InboxReport(
        root=clean_text(root), batch=clean_batch(batch), files=tuple(files), submissions=tuple(subs)
    )
