"""Findings and reports, as data.

A :class:`Finding` is one problem (or remark) found in a submission or in a
batch: a stable dotted ``code`` from :mod:`reform_brand.catalogue`, a
``severity``, the ``submission`` and ``file`` it belongs to, a JSON
``pointer`` into the submission envelope (form fields live under ``/data``;
``""`` is the whole submission), the ``clause`` of the notice behind it, the
``rule`` that found it, and the ``params`` its message is rendered from.

A :class:`SubmissionReport` collects the findings of one submission, a
:class:`BatchReport` those of a batch (with the batch-wide findings such as
quotas, reported once per unit).  :func:`report_to_json` gives the
versioned JSON form described by ``schemas/report.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any, Final

from attrs import field as attr_field
from attrs import frozen

from reform_brand._textlist import TextList
from reform_brand.catalogue import (
    CATALOGUE,
    CodeInfo,
    Localized,
    ParamValue,
    Severity,
    render_message,
)

__all__ = [
    "ENTRY_INDENT",
    "REPORT_FORMAT",
    "REPORT_VERSION",
    "BatchReport",
    "Counts",
    "Finding",
    "ParamValue",
    "Severity",
    "SubmissionReport",
    "finding_to_json",
    "param_json",
    "report_to_json",
    "submission_to_json",
    "write_report_json",
]

#: The ``format`` and ``version`` of the report's JSON form.
REPORT_FORMAT: Final = "reform-brand-report"
REPORT_VERSION: Final = 1

_PARAM_CLIP: Final = 200


def clip(text: str, limit: int = _PARAM_CLIP) -> str:
    """``text`` cut to ``limit`` characters (with an ellipsis) for messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: More bits than an integer of 4,300 digits (what Python writes out) has
#: at least; an integer of as many is kept as text.
_LONG_INT_BITS: Final = 3 * 4300


def _long_int_text(value: int) -> str:
    """An integer too long to write out (given by code: no JSON text holds
    one) as its first digits, clipped as a string is; one of more than a
    million bits as its order of magnitude (``≈10^400000``)."""
    sign, n = ("-" if value < 0 else ""), abs(value)
    digits = int(n.bit_length() * 0.30103)  # (at most one below the true count)
    if n.bit_length() > 1 << 20:
        return f"{sign}≈10^{digits}"
    return clip(sign + str(n // 10 ** max(digits - _PARAM_CLIP, 0)) + "…")


def _freeze_params(params: Mapping[str, Any]) -> dict[str, ParamValue]:
    """Parameters as stored: strings clipped, sequences as tuples of strings,
    and a pair ``x`` / ``x_en`` of strings folded into one language-neutral
    :class:`~reform_brand.catalogue.Localized` ``x``."""
    out: dict[str, ParamValue] = {}
    get = params.get
    for key, value in params.items():
        if isinstance(value, str):
            if key.endswith("_en") and isinstance(get(key[:-3]), str):
                continue  # folded into the key without "_en"
            zh = value if len(value) <= _PARAM_CLIP else clip(value)
            en = get(key + "_en")
            if isinstance(en, str):
                out[key] = Localized(zh=zh, en=en if len(en) <= _PARAM_CLIP else clip(en))
            else:
                out[key] = zh
        elif type(value) is int and value.bit_length() > _LONG_INT_BITS:
            out[key] = _long_int_text(value)
        elif isinstance(value, _KEPT):
            out[key] = value
        elif isinstance(value, list | tuple):
            out[key] = tuple(clip(str(v)) for v in value)
        else:
            out[key] = clip(str(value))
    return out


#: Parameter values stored as they are (a long list of names kept on disk
#: among them).
_KEPT: Final = (bool, int, float, Localized, TextList)


@frozen(kw_only=True)
class Finding:
    """One finding.  ``params`` values are str, int, float, bool or tuples of str
    (a very long list of names, such as every submission of a unit far over
    its quota, may be a :class:`~reform_brand._textlist.TextList`: a
    read-only sequence of str kept on disk, equal to the tuple); strings are
    clipped, so a huge input is never echoed back."""

    code: str
    severity: Severity
    submission: str = ""
    file: str = ""
    pointer: str = ""
    clause: str = ""
    rule: str = ""
    #: The unit the finding is about (its name as written), for grouping.
    unit: str = ""
    params: Mapping[str, ParamValue] = attr_field(
        factory=dict, converter=_freeze_params, hash=False
    )
    #: What the code means (its severity and message templates).  Set by
    #: :meth:`RuleContext.finding <reform_brand.plugin.RuleContext.finding>` and
    #: by the engine from the registered messages, so that :meth:`message`
    #: gives the text of a plugin's code too.  Not part of equality.
    info: CodeInfo | None = attr_field(default=None, eq=False, repr=False)

    def message(self, lang: str = "zh", catalogue: Mapping[str, CodeInfo] | None = None) -> str:
        """The message in ``lang`` ("zh" or "en").

        The templates come from ``catalogue`` when given, else from
        :attr:`info`, else from the built-in catalogue; an unknown code gives
        the bare code."""
        if catalogue is None and self.info is not None and self.info.code == self.code:
            return render_message(self.code, self.params, lang, {self.code: self.info})
        return render_message(self.code, self.params, lang, catalogue)

    @property
    def field(self) -> str | None:
        """The JSON pointer into the form data, when the finding is about a field."""
        if self.pointer == "/data" or self.pointer.startswith("/data/"):
            return self.pointer[len("/data") :]
        return None


@frozen(kw_only=True)
class Counts:
    error: int = 0
    warning: int = 0
    info: int = 0

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Counts:
        n = {"error": 0, "warning": 0, "info": 0}
        for f in findings:
            n[f.severity] += 1
        return cls(**n)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            error=self.error + other.error,
            warning=self.warning + other.warning,
            info=self.info + other.info,
        )

    @property
    def verdict(self) -> str:
        """ "errors", "warnings" or "ok"."""
        return "errors" if self.error else "warnings" if self.warning else "ok"


@frozen(kw_only=True)
class SubmissionReport:
    """The findings of one submission."""

    submission: str
    file: str = ""
    form: str = ""
    unit: str = ""
    unit_kind: str = ""
    #: The quota unit it counts under (a county project: its city), normalised
    #: to the roster's name when the roster knows it.
    quota_unit: str = ""
    #: Whether attachment contents were read (a folder was known).
    files_checked: bool = False
    findings: tuple[Finding, ...] = ()
    #: The id of the later version of the same project that replaces this
    #: one (a resend, a 修改版); it then counts nowhere.
    superseded_by: str = ""

    @property
    def counts(self) -> Counts:
        return Counts.of(self.findings)

    @property
    def ok(self) -> bool:
        """True when there is no error finding."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def verdict(self) -> str:
        """ "errors", "warnings" or "ok"."""
        return self.counts.verdict

    def codes(self) -> list[str]:
        """The finding codes, in order (handy in tests)."""
        return [f.code for f in self.findings]

    def by_field(self) -> dict[str, list[Finding]]:
        """Findings about form fields, keyed by the field's pointer in the form
        data (``/contact/mobile``), for showing messages next to each field."""
        out: dict[str, list[Finding]] = {}
        for f in self.findings:
            key = f.field
            if key is not None:
                out.setdefault(key, []).append(f)
        return out


@frozen(kw_only=True)
class BatchReport:
    """The findings of a batch: one report per submission plus batch-wide ones."""

    edition: str
    strict: bool
    evaluated_at: dt.datetime
    #: A tuple, or a sequence read as it is asked for (a large batch's
    #: reports spooled to disk).
    submissions: Sequence[SubmissionReport] = ()
    #: Batch-wide findings (quotas, duplicates), reported once per unit.
    findings: tuple[Finding, ...] = ()
    #: Catalogue used to render messages (built-ins plus plugin rules').
    catalogue: Mapping[str, CodeInfo] = attr_field(default=CATALOGUE, eq=False, repr=False)

    @property
    def counts(self) -> Counts:
        total = Counts.of(self.findings)
        for s in self.submissions:
            total = total + s.counts
        return total

    @property
    def ok(self) -> bool:
        return self.counts.error == 0

    def all_findings(self) -> list[Finding]:
        """Every finding: per submission in order, then the batch-wide ones."""
        return [f for s in self.submissions for f in s.findings] + list(self.findings)

    def submission(self, submission_id: str) -> SubmissionReport:
        for s in self.submissions:
            if s.submission == submission_id:
                return s
        raise KeyError(submission_id)


def param_json(value: ParamValue) -> object:
    """A parameter's JSON value (a :class:`Localized` as its machine value, or
    ``{"zh": ..., "en": ...}``)."""
    if isinstance(value, Localized):
        return value.to_json()
    return list(value) if isinstance(value, tuple | TextList) else value


def finding_to_json(f: Finding, catalogue: Mapping[str, CodeInfo]) -> dict[str, Any]:
    """One finding as :func:`report_to_json` writes it."""
    return _finding_json(f, catalogue, param_json)


def _param_kept(value: ParamValue) -> object:
    """:func:`param_json`, a list of names kept on disk left so (for the
    writer that goes through it)."""
    return value if isinstance(value, TextList) else param_json(value)


def _finding_entry(
    f: Finding, catalogue: Mapping[str, CodeInfo]
) -> str | Callable[[IO[str]], None]:
    """A finding's entry in the report's text, or what writes it when it
    names a list kept on disk."""
    from reform_brand._jsontext import indented, write_indented

    if not any(isinstance(v, TextList) for v in f.params.values()):
        return indented(finding_to_json(f, catalogue), ENTRY_INDENT)
    return lambda out: write_indented(out, _finding_json(f, catalogue, _param_kept), ENTRY_INDENT)


def _finding_json(
    f: Finding, catalogue: Mapping[str, CodeInfo], param: Callable[[ParamValue], object]
) -> dict[str, Any]:
    # The report's catalogue first; a code it lacks is rendered from the
    # CodeInfo the finding carries.
    cat = catalogue if f.code in catalogue or f.info is None else None
    return {
        "code": f.code,
        "severity": f.severity,
        "submission": f.submission,
        "file": f.file,
        "pointer": f.pointer,
        "clause": f.clause,
        "rule": f.rule,
        "unit": f.unit,
        "params": {k: param(v) for k, v in f.params.items()},
        "message": {
            "zh": f.message("zh", cat),
            "en": f.message("en", cat),
        },
    }


def _counts_json(c: Counts) -> dict[str, int]:
    return {"error": c.error, "warning": c.warning, "info": c.info}


def submission_to_json(s: SubmissionReport, catalogue: Mapping[str, CodeInfo]) -> dict[str, Any]:
    """One submission's entry in :func:`report_to_json`'s ``submissions``."""
    return {
        "id": s.submission,
        "file": s.file,
        "form": s.form,
        "unit": s.unit,
        "unit_kind": s.unit_kind,
        "quota_unit": s.quota_unit,
        "files_checked": s.files_checked,
        "verdict": s.verdict,
        "superseded_by": s.superseded_by,
        "counts": _counts_json(s.counts),
        "findings": [finding_to_json(f, catalogue) for f in s.findings],
    }


def report_to_json(report: BatchReport) -> dict[str, Any]:
    """The report as JSON-compatible data (``schemas/report.schema.json``).

    A batch's report: one submission's (:class:`SubmissionReport`, of
    ``validate_submission``) is a ``TypeError``; its findings are in
    ``report_to_json(validate_batch(edition, [envelope]))``."""
    if not isinstance(report, BatchReport):
        raise TypeError(
            f"report_to_json takes a BatchReport (of validate_batch), not {type(report).__name__}"
        )
    cat = report.catalogue
    subs = [submission_to_json(s, cat) for s in report.submissions]
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "edition": report.edition,
        "strict": report.strict,
        "evaluated_at": report.evaluated_at.isoformat(),
        "ok": report.ok,
        "counts": {"submissions": len(report.submissions), **_counts_json(report.counts)},
        "submissions": subs,
        "findings": [finding_to_json(f, cat) for f in report.findings],
    }


#: The parts of the report's JSON text that :func:`write_report_json` fills.
_NO_SUBMISSIONS: Final = '\n  "submissions": [],\n'
_NO_FINDINGS: Final = '"findings": []'
#: The indentation of a submission's entry or a finding's in the report.
ENTRY_INDENT: Final = "    "


def write_report_json(
    out: IO[str],
    report: BatchReport,
    *,
    entries: Iterable[str] | None = None,
    totals: tuple[int, Counts] | None = None,
    last: tuple[str, Callable[[IO[str]], None]] | None = None,
) -> None:
    """Write ``json.dumps(report_to_json(report), ensure_ascii=False,
    indent=2)`` and a line end to ``out``, each submission's entry and each
    batch finding made and written as it comes: a report of many thousand
    submissions is never one value nor one string.

    ``entries``, when given, are the submissions' entries as
    :func:`reform_brand._jsontext.indented` makes them with the prefix
    :data:`ENTRY_INDENT` (from a spool, say), in place of the report's own;
    ``totals`` then gives the number of submissions and the counts of every
    finding, which the report does not hold.  ``last`` is a member written
    after ``findings``: its key and what writes its value.

    A lone surrogate (in a report built by code, or a file name that is not
    UTF-8) is written as its escape (``\\ud800``), so that a UTF-8 file or
    stream takes the text whole."""
    from reform_brand._jsontext import escaping_surrogates, indented, write_list

    out = escaping_surrogates(out)
    cat = report.catalogue
    if entries is None:
        entries = (indented(submission_to_json(s, cat), ENTRY_INDENT) for s in report.submissions)
    findings = (_finding_entry(f, cat) for f in report.findings)
    head = report_to_json(BatchReport(
        edition=report.edition,
        strict=report.strict,
        evaluated_at=report.evaluated_at,
        catalogue=cat,
    ))  # fmt: skip
    n, counts = totals if totals is not None else (len(report.submissions), report.counts)
    head["ok"] = counts.error == 0
    head["counts"] = {"submissions": n, **_counts_json(counts)}
    text = json.dumps(head, ensure_ascii=False, indent=2)
    before, after = text.split(_NO_SUBMISSIONS, 1)
    between, tail = after.split(_NO_FINDINGS, 1)
    out.write(before + '\n  "submissions": ')
    write_list(out, entries, "  ")
    out.write(",\n" + between + '"findings": ')
    write_list(out, findings, "  ")
    if last is None:
        out.write(tail + "\n")
        return
    key, write = last
    out.write(tail[: -len("\n}")] + ",\n  " + json.dumps(key, ensure_ascii=False) + ": ")
    write(out)
    out.write("\n}\n")
