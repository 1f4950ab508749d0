"""Checking what intake read: one engine for an inbox and a JSON batch.

:func:`check_inbox` runs :func:`~reform_brand.office._intake.intake` on a
folder and validates the envelopes it yields with the same
:class:`~reform_brand.engine.Validator` and rules as a batch of JSON files
(quotas, duplicates and materials over the whole batch).  The report keeps
what intake noted about each submission (``read.*``, ``inbox.kind-unknown``)
in place of what the rules would say about the same gap: a form that could
not be read has no ``/data`` findings (nor a missing form or unit name that
the form would have given), and a unit kind intake could not find is
``inbox.kind-unknown``, not ``envelope.required``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from reform_brand.engine import EVERY_OPT_IN, EditionIndex, Validator
from reform_brand.findings import BatchReport, Finding, SubmissionReport
from reform_brand.model import Edition
from reform_brand.office._dates import on_time
from reform_brand.office._inbox import (
    EnvelopeData,
    InboxFile,
    InboxReport,
    InboxSubmission,
    Progress,
)
from reform_brand.office._intake import NOT_READ, Intake, intake
from reform_brand.office._names import clean_batch, clean_text, contact_line
from reform_brand.scan import shared_results
from reform_brand.submission import Submission, read_envelope

__all__ = [
    "InboxMerge",
    "check_inbox",
    "check_intake",
    "received_facts",
    "received_file",
    "report_from_batch",
]


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
    ``validator`` defaults to one with the built-in rules; the opt-in rules
    run whatever validator is given (:meth:`Validator.including`: leave
    one out with the validator's ``ignore``); ``jobs`` > 1 checks the
    submissions in worker processes, with the same result.
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
    in worker processes, with the same result.  Every opt-in rule runs, as
    in :func:`check_inbox`."""
    # The office's check runs every rule, the opt-in ones included.
    v = (validator or Validator(edition)).including(EVERY_OPT_IN)
    more = {} if parallel_from is None else {"parallel_from": parallel_from}
    # Workers leave their scans' results for the report's pictures.
    with shared_results() if jobs > 1 else contextlib.nullcontext():
        batch = v.validate_batch(
            found.items(), strict=strict, now=now, base_dir=found.base, jobs=jobs, **more
        )
    merge = InboxMerge.of(found, edition)
    merged: list[SubmissionReport] = []
    subs: list[InboxSubmission] = []
    for rep in batch.submissions:
        final, facts = merge(rep, v.index)
        merged.append(final)
        subs.append(facts)
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
        mails=found.mails,
    )


@attrs.frozen(kw_only=True)
class InboxMerge:
    """What an inbox adds to the report of each submission of its batch.

    A submission intake built from a Word form or a scan (its report has no
    ``file``) gets intake's notes, its Word form or scan as its file, and
    loses the findings that the notes say better; its facts are intake's.
    A JSON envelope received as a file keeps its report, and its facts are
    read from its envelope (:func:`received_facts`)."""

    edition: Edition
    #: The facts and the envelope of each submission intake built, by id.
    known: Mapping[str, InboxSubmission]
    envelopes: Mapping[str, Mapping[str, Any]]
    notes: Mapping[str, tuple[Finding, ...]]
    unread: frozenset[str]
    kind_unknown: frozenset[str]
    #: The value a received envelope file was read as by intake, by path.
    read_as: Callable[[str], object] = lambda _file: NOT_READ

    @classmethod
    def of(cls, found: Intake, edition: Edition) -> InboxMerge:
        envelopes: dict[str, Mapping[str, Any]] = {}
        for env in found.envelopes:
            envelopes.setdefault(str(env["id"]), env)  # the first of an id
        return cls(
            edition=edition,
            known={s.id: s for s in found.submissions},
            envelopes=envelopes,
            notes=found.notes,
            unread=found.unread,
            kind_unknown=found.kind_unknown,
            read_as=found.readings_by_file(),
        )

    def built(self, rep: SubmissionReport) -> bool:
        """Whether intake built this submission (else it arrived as a file)."""
        return not rep.file and rep.submission in self.known

    def __call__(
        self, rep: SubmissionReport, index: EditionIndex
    ) -> tuple[SubmissionReport, InboxSubmission]:
        """The report as the inbox shows it, and the submission's facts."""
        return self.report(rep), self.facts(rep, index)

    def report(self, rep: SubmissionReport) -> SubmissionReport:
        """The report as the inbox shows it."""
        if not self.built(rep):
            return rep
        known = self.known[rep.submission]
        rep_file = known.word or known.scan
        kept = [f for f in rep.findings if self._keep(f, rep.submission)]
        if _suggested_for_word_form(known, self.envelopes[rep.submission], kept):
            kept = [f for f in kept if f.code != "reform-items.undeclared"]
        notes = self.notes.get(rep.submission, ())
        return attrs.evolve(
            rep,
            file=rep_file,
            findings=tuple(notes) + tuple(attrs.evolve(f, file=f.file or rep_file) for f in kept),
        )

    def facts(self, rep: SubmissionReport, index: EditionIndex) -> InboxSubmission:
        """The submission's facts: intake's, or read from its envelope file."""
        if not self.built(rep):
            # (NOT_READ: read from the file.)
            return received_facts(self.edition, index, rep, envelope=self.read_as(rep.file))
        return _with_quota(index, self.known[rep.submission], self.envelopes[rep.submission])

    def _keep(self, f: Finding, sub_id: str) -> bool:
        """Whether a rule's finding still says something beside intake's
        notes: the form data of a form that could not be read is unknown
        (``read.*`` says why) — and so are the form and the unit's name it
        would have given, when no manifest gave them, and that its Word file
        cannot be read (the ``read`` rule's ``read.unreadable``: the note says
        it of the form) — and a unit kind intake could not find has its own
        note."""
        if sub_id in self.unread and (
            f.rule == "read"
            or f.pointer == "/data"
            or f.pointer.startswith("/data/")
            or (f.code in _FROM_THE_FORM and f.pointer in ("/form", "/unit/name"))
        ):
            return False
        return not (
            sub_id in self.kind_unknown
            and f.code == "envelope.required"
            and f.pointer == "/unit/kind"
        )


#: What a missing or empty member of an envelope is: for the form and the
#: unit's name of a form that could not be read, what it would have told.
_FROM_THE_FORM: Final = frozenset({"envelope.required", "envelope.empty"})


def _suggested_for_word_form(
    sub: InboxSubmission, env: Mapping[str, Any], findings: Sequence[Finding]
) -> bool:
    """Whether a submission read from a Word form, with no reform item given
    by a manifest, has items suggested.  A Word form has no field for the
    items, so its sender could not have declared any: ``reform-items.suggested``
    says all there is to say and the warning ``reform-items.undeclared`` is
    left out.  A JSON envelope (a portal's, or this one exported) can declare
    them and keeps the warning.  See docs/suggestions.md."""
    return (
        bool(sub.word)
        and env.get("reform_items") is None
        and any(f.code == "reform-items.suggested" for f in findings)
    )


def _with_quota(
    index: EditionIndex, sub: InboxSubmission, env: Mapping[str, Any]
) -> InboxSubmission:
    quota = index.quota_unit(Submission.from_envelope(env, id=sub.id))
    if quota is None:
        return sub
    q, _key, shown = quota
    return attrs.evolve(sub, quota=q.id, quota_unit=shown, quota_limit=q.limit)


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


#: :func:`received_facts` reads the envelope from the report's file.
_READ: Any = NOT_READ


def received_facts(
    edition: Edition,
    index: EditionIndex,
    rep: SubmissionReport,
    *,
    envelope: object = _READ,
    with_data: bool = False,
) -> InboxSubmission:
    """The facts of a submission received as a JSON envelope file, read
    from its envelope: ``envelope``, the value its file was read as when the
    caller has it (None: the file could not be read), else read from the
    file.  Their form data is read from the file again when a page of the
    form is made (:class:`EnvelopeData`), or, ``with_data``, is the
    envelope's own (for facts kept on disk, not in memory)."""
    if envelope is _READ:
        envelope = read_envelope(Path(rep.file))[0] if rep.file else None
    env: dict[str, Any] = envelope if isinstance(envelope, dict) and rep.file else {}
    unit = _obj(env.get("unit"))
    data = _obj(env.get("data"))
    items_raw = env.get("reform_items")
    items = tuple(i for i in (items_raw if isinstance(items_raw, list) else []) if type(i) is int)
    # (A list of numbers only, or none given at all, can be read.)
    readable = items_raw is None or (isinstance(items_raw, list) and len(items) == len(items_raw))
    arrived = env.get("arrived_at")
    facts = InboxSubmission(
        id=clean_text(rep.submission),
        folder=clean_text(str(Path(rep.file).parent)) if rep.file else "",
        form=rep.form,
        unit=rep.unit,
        unit_kind=rep.unit_kind,
        city=str(unit.get("city", ""))[:200],
        project_name=_project(index, rep.form, data)[:1000],
        contact=contact_line(index.forms.get(rep.form), data),
        reform_items=items,
        reform_items_readable=readable,
        arrived_at=arrived if isinstance(arrived, str) else None,
        on_time=on_time(edition, arrived) if isinstance(arrived, str) else None,
        read=bool(data),
        # Read again for the form's page: a batch in memory keeps no form data.
        data=data if with_data or not data else EnvelopeData(rep.file),
    )
    return _with_quota(index, facts, env) if env else facts


def _project(index: EditionIndex, form_id: str, data: Mapping[str, Any]) -> str:
    """The project's name in ``data``, a form of ``form_id``, or ""."""
    form = index.forms.get(form_id)
    return (form.project_of(data) if form is not None else None) or ""


def report_from_batch(edition: Edition, batch: BatchReport, *, root: str = "") -> InboxReport:
    """An :class:`InboxReport` for a batch of submission JSON files (``check``
    on files), so that the same outputs can be written: the facts of each
    submission are taken from its envelope."""
    index = EditionIndex.build(edition)
    subs: list[InboxSubmission] = []
    files: list[InboxFile] = []
    for rep in batch.submissions:
        facts = received_facts(edition, index, rep)
        file = received_file(rep)
        if file is not None:
            files.append(file)
        subs.append(facts)
    return InboxReport(
        root=clean_text(root), batch=clean_batch(batch), files=tuple(files), submissions=tuple(subs)
    )


def received_file(rep: SubmissionReport) -> InboxFile | None:
    """The ledger's entry of the JSON file a submission of a batch was read
    from (None: it has no file)."""
    if not rep.file:
        return None
    readable = Path(rep.file).is_file()
    return InboxFile(
        path=clean_text(rep.file),
        kind="json",
        status="used" if readable else "unreadable",
        role="submission",
        submission=clean_text(rep.submission),
        code="" if readable else "file.unreadable",
    )
