"""The validation engine and the Python API for portals.

    >>> from reform_brand import validate_submission
    >>> report = validate_submission(edition_id, envelope)  # doctest: +SKIP
    >>> report.ok, report.codes()                                # doctest: +SKIP

A :class:`Validator` is built once per edition (it compiles the JSON Schema
of every form once) and is then safe to share between threads: it holds no
mutable state, and every call builds its own context.  The module functions
:func:`validate_submission` and :func:`validate_batch` keep one validator per
edition (and host) for you.

Per submission the engine

1. reads the file, if it was given one (size, encoding, JSON syntax, depth);
2. refuses nesting deeper than :data:`~reform_brand.submission.MAX_DEPTH`;
3. validates the envelope, with the form's data schema in ``data``, in one
   pass of a ``Draft202012Validator`` built once per form: structure problems
   of the envelope become ``envelope.*`` findings, problems in ``data`` are
   handed to the ``form-data`` rule;
4. stops at a submission for another edition (``envelope.edition-mismatch``)
   and notes an unknown form (``envelope.unknown-form``);
5. runs every submission rule, then the batch rules (quotas) over the batch;
   an envelope given without a folder is first looked at by the plain path
   (:mod:`reform_brand.engine._plain`), its rules' quiet tests for their checks.

A batch is checked as a stream (:meth:`Validator.stream_batch`): each submission is
read and checked and only its compact :class:`~reform_brand.engine.SubmissionRecord`
is kept for the batch rules; with ``jobs`` > 1 submissions are checked in worker
processes, with the same results in the same order.

A rule that raises gives ``rule.failed`` and the others still run.  Nothing
a submission holds makes the engine raise.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from jsonschema.exceptions import ValidationError

from reform_brand.catalogue import CATALOGUE, CodeInfo
from reform_brand.engine._batch import (
    failed_item,
    find_submission_files,
    finish_batch,
    submission_files,
)
from reform_brand.engine._context import (
    EditionIndex,
    RuleContext,
    json_type,
    type_words,
)
from reform_brand.engine._envelope import (
    envelope_findings,
    form_choices,
    rules_can_look,
    schema_errors,
)
from reform_brand.engine._plain import PlainPath
from reform_brand.engine._received import Received, unwrap
from reform_brand.engine._records import SubmissionRecord
from reform_brand.engine._run import (
    EVERY_OPT_IN,
    check_ignored,
    check_included,
    declared_codes,
    included,
    run_rule,
    run_rules,
    selected,
)
from reform_brand.engine._shape import new_report, read_submission
from reform_brand.engine._stream import (
    PARALLEL_FROM,
    BatchOutcome,
    BatchRun,
    Folders,
    Read,
    _check_now,
    _dir,
    _ignored,
    _whole,
)
from reform_brand.findings import BatchReport, Finding, SubmissionReport
from reform_brand.model import Edition, checked_edition
from reform_brand.registries import Rule
from reform_brand.submission import (
    MAX_FILE_BYTES,
    Submission,
    read_envelope,
    was_read,
)

if TYPE_CHECKING:
    from reform_brand.host import Host

__all__ = [
    "MAX_FINDINGS",
    "Validator",
    "find_submission_files",
    "submission_files",
]

#: Findings kept per submission; the rest are counted in ``report.truncated``.
MAX_FINDINGS: Final = 200


class _Prepared:
    """One submission on its way through the engine."""

    __slots__ = ("data_errors", "findings", "sub", "usable")

    def __init__(self, sub: Submission) -> None:
        self.sub = sub
        self.findings: list[Finding] = []
        self.data_errors: tuple[ValidationError, ...] = ()
        #: Whether the rules may look at it (read, an object, this edition).
        self.usable = False


def _default_rules() -> list[Rule]:
    """The built-in rules (a default plugin, imported by name as the host
    imports it: the engine does not depend on its plugins)."""
    module = importlib.import_module("reform_brand.rules")
    rules: list[Rule] = module.builtin_rules()
    return rules


class Validator:
    """Validates submissions against one edition with a set of rules.

    ``rules`` defaults to the built-in rules; :meth:`create` takes them from
    a :class:`~reform_brand.host.Host` (built-ins plus plugins).  ``ignore``
    names rule ids or finding codes to leave out (a portal checking a form
    before the files are uploaded may ignore ``deliverables`` and
    ``deadline``: an attachment's role is still checked, by the rule
    ``attachment-roles``, as the exported schema checks it).  An id or code
    that none of its rules (nor the catalogue) knows is a ``ValueError``
    naming the closest known ones: a misspelt one would leave its rule running.

    An opt-in rule (its ``opt_in`` is True, such as the reform-item
    suggestions, ``reform-item-suggestions``) runs only when ``include``
    names its id; ``include="*"`` runs every one, as the office's ``check``
    does.  An id in ``include`` that none of the rules has is a ``ValueError``.
    """

    def __init__(
        self,
        edition: Edition,
        rules: Sequence[Rule] | None = None,
        *,
        ignore: Iterable[str] = (),
        include: Iterable[str] = (),
        messages: Mapping[str, CodeInfo] | None = None,
    ) -> None:
        self.edition = checked_edition(edition)
        self.index = EditionIndex.build(edition)
        self.ignore = _ignored(ignore)
        #: The opt-in rules asked for (``"*"``: every one).
        self.include = included(include)
        chosen = _default_rules() if rules is None else list(rules)
        #: Every rule given, the opt-in ones not asked for included
        #: (:meth:`including`).
        self._given = tuple(chosen)
        self.rules: tuple[Rule, ...] = selected(chosen, edition.id, self.ignore, self.include)
        # The built-in catalogue, the messages plugins registered
        # (``reform_brand_messages``), then the rules' own ``messages``.
        catalogue: dict[str, CodeInfo] = {**CATALOGUE, **(messages or {})}
        for r in self.rules:
            extra = getattr(r, "messages", None)
            if isinstance(extra, Mapping):
                catalogue.update(
                    {
                        k: v
                        for k, v in extra.items()
                        if isinstance(v, CodeInfo) and k not in catalogue
                    }
                )
        self.catalogue: Mapping[str, CodeInfo] = catalogue
        check_ignored(self.ignore, chosen, catalogue)
        check_included(self.include, chosen)
        self._submission_rules = tuple(
            r for r in self.rules if getattr(r, "scope", "submission") == "submission"
        )
        # Each submission rule with its declared codes, read once here.
        self._submission_plan = tuple((r, declared_codes(r)) for r in self._submission_rules)
        self._batch_rules = tuple(r for r in self.rules if getattr(r, "scope", "") == "batch")
        #: The plain path of :meth:`validate` (its quiet tests asked now).
        self._plain = PlainPath(self.index, self._submission_plan)

    @classmethod
    def create(
        cls,
        edition: str | Edition,
        *,
        host: Host | None = None,
        ignore: Iterable[str] = (),
        include: Iterable[str] = (),
    ) -> Validator:
        """A validator with the rules the host's plugins registered for ``edition``."""
        from reform_brand.host import host_or_new

        h = host_or_new(host)
        ed = h.edition(edition) if isinstance(edition, str) else checked_edition(edition)
        rules, messages = h.rules.for_edition(ed.id), h.messages.catalogue()
        return cls(ed, rules, ignore=ignore, include=include, messages=messages)

    def including(self, include: Iterable[str]) -> Validator:
        """This validator with the opt-in rules ``include`` names (``"*"``:
        every one) run too: itself when it runs them already.  The office's
        check runs every opt-in rule whatever validator it is given (a rule
        in ``ignore`` stays out)."""
        asked = self.include | included(include)
        if asked == self.include or EVERY_OPT_IN in self.include:
            return self
        return Validator(
            self.edition, self._given, ignore=self.ignore, include=asked, messages=self.catalogue
        )

    # -- the API ---------------------------------------------------------

    def validate(
        self,
        envelope: object,
        *,
        base_dir: str | os.PathLike[str] | None = None,
        now: dt.datetime | None = None,
        id: str = "",  # noqa: A002 - the envelope member is called id
    ) -> SubmissionReport:
        """Validate one submission envelope (parsed JSON).

        Batch rules (quotas) need the whole batch: use :meth:`validate_batch`.
        ``base_dir`` is the folder attachment paths are relative to; without
        it the attachments' presence and paths are checked, not their files.
        """
        when = _check_now(now)
        if base_dir is not None:
            prepared = self._prepare(
                envelope, sub_id=id or "#1", file="", base_dir=_dir(base_dir), problems=()
            )
            self._run_submission_rules(prepared, when, strict=False)
        else:
            prepared = self._checked_dict(envelope, id or "#1", when, strict=False)
        return self._report_of(prepared)

    def _checked_dict(
        self, value: object, sub_id: str, when: dt.datetime, *, strict: bool
    ) -> _Prepared:
        """``value``, given with no folder, read and checked by the submission
        rules: on the plain path when it is plain (:mod:`reform_brand.engine._plain`:
        the rules whose quiet test does not say True run), else by the
        general pass, which starts from what the plain path learnt."""
        shaped, plain = self._plain.read(value, sub_id)
        if shaped is None or not plain:
            p = self._prepare(
                value,
                sub_id=sub_id,
                file="",
                base_dir=None,
                problems=(),
                shaped=shaped,
                data_checked=plain is False,
            )
            self._run_submission_rules(p, when, strict=strict)
            return p
        p = _Prepared(shaped)
        p.usable = True
        plan = self._plain.to_run(shaped, when)
        if plan:
            ctx = self._context((shaped,), when, strict)
            with ctx.files:
                run_rules(plan, ctx, shaped, self.catalogue, p.findings)
        return p

    def validate_batch(
        self,
        items: Iterable[object],
        *,
        strict: bool = False,
        now: dt.datetime | None = None,
        base_dir: str | os.PathLike[str] | None = None,
        jobs: int = 1,
        parallel_from: int = PARALLEL_FROM,
    ) -> BatchReport:
        """Validate a batch: each item is an envelope (parsed JSON) or a
        :class:`~pathlib.Path` of a submission JSON file (read here; its
        folder is the attachments' folder).  Quotas are counted over the
        batch; ``strict`` makes soft quotas errors.  ``jobs`` > 1 checks the
        submissions in that many worker processes, with the same result (a
        batch of fewer than ``parallel_from`` items in this process until
        what is left of it is worth the workers' start)."""
        run = self.stream_batch(
            items, strict=strict, now=now, base_dir=base_dir, jobs=jobs, parallel_from=parallel_from
        )
        checked = list(run)
        out = run.finish()
        return BatchReport(
            edition=self.edition.id,
            strict=strict,
            evaluated_at=run.now,
            submissions=tuple(out.final(rec, rep) for rec, rep in checked if not rec.material_only),
            findings=out.findings,
            catalogue=self.catalogue,
        )

    def stream_batch(
        self,
        items: Iterable[object],
        *,
        strict: bool = False,
        now: dt.datetime | None = None,
        base_dir: str | os.PathLike[str] | None = None,
        jobs: int = 1,
        parallel_from: int = PARALLEL_FROM,
    ) -> BatchRun:
        """The batch as a stream: iterating the run yields each item's
        :class:`~reform_brand.engine.SubmissionRecord` and its report (before
        versions are marked), in order, keeping only the record;
        ``run.finish()`` then gives the batch's findings and the reports
        that the versions replace.  Items as for :meth:`validate_batch`."""
        return BatchRun(
            self,
            items,
            strict=strict,
            now=_check_now(now),
            base_dir=_dir(base_dir),
            jobs=max(1, _whole(jobs, "jobs")),
            parallel_from=parallel_from,
        )

    def check_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        strict: bool = False,
        now: dt.datetime | None = None,
        jobs: int = 1,
    ) -> BatchReport:
        """Validate the submission JSON files at ``paths`` (folders are searched
        for ``*.json`` files) as one batch."""
        return self.validate_batch(submission_files(paths), strict=strict, now=now, jobs=jobs)

    # -- one item of a batch, and the batch rules ----------------------------

    def check_item(
        self,
        item: object,
        n: int,
        *,
        now: dt.datetime,
        strict: bool,
        base_dir: Path | None,
        folders: Folders,
    ) -> Read:
        """Item ``n`` (from 1) of a batch read and checked by the submission
        rules: its record, its report and the value it was read as (the
        envelope parsed from its file, or the item itself).  Never raises."""
        found = isinstance(item, Received) and item.paths_found
        item, read = unwrap(item)  # (what intake read of it: opened no second time)
        value: object = item
        if isinstance(item, Path):
            value, problems = read or read_envelope(item, max_bytes=MAX_FILE_BYTES)
            folder, real = folders.resolve(item.parent)
            p = self._prepare(
                value,
                sub_id=str(item),
                file=str(item),
                base_dir=folder,
                real_base=real,
                problems=problems,
                readable=was_read(value, problems),
            )
            self._run_submission_rules(p, now, strict=strict)
        elif base_dir is None and not found:
            p = self._checked_dict(item, f"#{n}", now, strict=strict)
        else:
            shared, real = folders.resolve(base_dir) if base_dir is not None else (None, "")
            p = self._prepare(
                item, sub_id=f"#{n}", file="", base_dir=shared, real_base=real, problems=()
            )
            if found:
                p.sub = p.sub.with_paths_found()
            self._run_submission_rules(p, now, strict=strict)
        report = self._report_of(p)
        record = SubmissionRecord.of(
            p.sub,
            position=n - 1,
            usable=p.usable,
            counts=report.counts,
            findings=report.findings,
            form=self.index.forms.get(p.sub.form),
        )
        return record, report, value

    def finish_batch(
        self, records: Iterable[SubmissionRecord], *, now: dt.datetime, strict: bool
    ) -> BatchOutcome:
        """Versions of resent projects, then the batch rules, over the
        records of a batch (see :func:`reform_brand.engine._batch.finish_batch`)."""
        return finish_batch(self, records, now=now, strict=strict)

    def failed_item(self, item: object, n: int, *, base_dir: Path | None, error: str) -> Read:
        """The record and report of item ``n`` whose check killed its worker
        process (``engine.worker-failed``)."""
        return failed_item(self, item, n, base_dir=base_dir, error=error)

    # -- pickling, for worker processes ----------------------------------------

    def __reduce__(self) -> tuple[Any, ...]:
        # Every rule given, as it was built: the rules it runs alone would
        # not know an id its ``ignore`` or ``include`` names.
        return (
            _rebuild,
            (self.edition, self._given, self.ignore, self.include, dict(self.catalogue)),
        )

    # -- the engine --------------------------------------------------------

    def _finding(
        self, code: str, sub: Submission | SubmissionRecord, pointer: str = "", **params: object
    ) -> Finding:
        info = self.catalogue.get(code)
        return Finding(
            code=code,
            severity=info.severity if info is not None else "error",
            submission=sub.id,
            file=sub.file,
            pointer=pointer,
            rule="engine",
            unit=sub.unit.name[:200],
            params=params,
        )

    def _prepare(
        self,
        value: object,
        *,
        sub_id: str,
        file: str,
        base_dir: Path | None,
        problems: Sequence[tuple[str, dict[str, object]]],
        readable: bool = True,
        real_base: str = "",
        shaped: Submission | None = None,
        data_checked: bool = False,
    ) -> _Prepared:
        """``value`` read and its schemas passed (``shaped``: the submission
        the plain path read from it; ``data_checked``: the form data's
        compiled check has failed already)."""
        sub, shape_ok, refused = read_submission(
            value,
            readable=readable,
            id=sub_id,
            file=file,
            base_dir=base_dir,
            real_base=real_base,
            shaped=shaped,
        )
        p = _Prepared(sub)
        if problems:
            p.findings.extend(self._finding(code, sub, "", **params) for code, params in problems)
        if not readable:
            return p
        if refused is not None:
            p.findings.append(self._finding(refused[0], sub, refused[1], **refused[2]))
            return p
        if not isinstance(value, dict):
            p.findings.append(
                self._finding(
                    "envelope.not-object",
                    sub,
                    actual=type_words(json_type(value), "zh"),
                    actual_en=type_words(json_type(value), "en"),
                )
            )
            return p
        if not self._schema_pass(p, value, shape_ok, data_checked):
            return p
        if sub.edition and sub.edition != self.edition.id:
            p.findings.append(
                self._finding(
                    "envelope.edition-mismatch",
                    sub,
                    "/edition",
                    given=sub.edition,
                    edition=self.edition.id,
                )
            )
            return p
        if not shape_ok and not rules_can_look(value, sub):
            return p  # too broken for the rules to say anything useful (a shaped one is whole)
        # (A materials-only envelope has no form: the batch rules judge it.)
        if sub.form and sub.form not in self.index.forms:
            p.findings.append(
                self._finding(
                    "envelope.unknown-form",
                    sub,
                    "/form",
                    form=sub.form,
                    available=tuple(self.index.forms),
                    forms=form_choices(self.edition),
                )
            )
        p.usable = True
        return p

    def _schema_pass(
        self, p: _Prepared, value: dict[str, Any], shape_ok: bool, data_checked: bool
    ) -> bool:
        """The envelope's and the form data's JSON Schema, in one pass each;
        False when the schema itself could not run on the value."""
        try:
            # (The submission's form and data: the envelope's, read as it is.)
            envelope_errors, data_errors = schema_errors(
                self.index, value, p.sub, shape_ok, data_checked
            )
        except (RecursionError, MemoryError, ValueError, TypeError) as exc:
            p.findings.append(
                self._finding("rule.failed", p.sub, rule="envelope", error=type(exc).__name__)
            )
            return False
        p.data_errors = data_errors
        if envelope_errors:
            p.findings.extend(self._envelope_findings(p.sub, envelope_errors))
        return True

    def _envelope_findings(self, sub: Submission, errors: list[ValidationError]) -> list[Finding]:
        def make(code: str, pointer: str, **params: object) -> Finding:
            return self._finding(code, sub, pointer, **params)

        return envelope_findings(errors, make)

    def _context(
        self,
        subs: tuple[Submission, ...],
        when: dt.datetime,
        strict: bool,
        data_errors: tuple[ValidationError, ...] = (),
    ) -> RuleContext:
        return RuleContext(
            edition=self.edition,
            index=self.index,
            strict=strict,
            now=when,
            submissions=subs,
            data_errors=data_errors,
            catalogue=self.catalogue,
        )

    def _run(self, rule: Rule, ctx: RuleContext, sub: Submission | None) -> list[Finding]:
        return run_rule(rule, ctx, sub, self.catalogue)

    def _run_submission_rules(self, p: _Prepared, when: dt.datetime, *, strict: bool) -> None:
        if not p.usable or p.sub.material_only:
            return
        sub = p.sub
        ctx = self._context((sub,), when, strict, p.data_errors)
        with ctx.files:
            run_rules(self._submission_plan, ctx, sub, self.catalogue, p.findings)

    def _report_of(self, p: _Prepared) -> SubmissionReport:
        findings = p.findings
        if self.ignore and findings:
            findings = [f for f in findings if f.code not in self.ignore]
        if len(findings) > MAX_FINDINGS:
            total = len(findings)
            findings = findings[: MAX_FINDINGS - 1]
            findings.append(
                self._finding("report.truncated", p.sub, shown=MAX_FINDINGS - 1, total=total)
            )
        sub = p.sub
        quota = self.index.quota_unit(sub) if p.usable else None
        report: SubmissionReport = new_report(
            sub.id,
            sub.file,
            sub.form,
            sub.unit.name[:200],
            sub.unit.kind[:200],
            quota[2] if quota else "",
            p.usable and sub.base_dir is not None,
            tuple(findings),
        )
        return report


def _rebuild(
    edition: Edition,
    rules: tuple[Rule, ...],
    ignore: frozenset[str],
    include: frozenset[str],
    catalogue: dict[str, CodeInfo],
) -> Validator:
    return Validator(edition, rules, ignore=ignore, include=include, messages=catalogue)
