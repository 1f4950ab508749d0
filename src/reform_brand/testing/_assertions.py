"""Assertions on validation reports whose failures read well.

Each helper takes a :class:`~reform_brand.SubmissionReport`, a
:class:`~reform_brand.BatchReport` or an edition's
:class:`~reform_brand.maint.LintReport` (pointers into the edition's data)
and compares findings by **code** and **pointer**, never by message text.
A failure lists what was expected, what was found (code, pointer, severity
and the English message) and the difference, e.g.::

    findings differ from what was expected
      missing:
        - contact.mobile  /data/contact/mobile
      unexpected:
        + contact.email  /data/contact/email  [error] 'E-mail' is not a valid ...
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Union

from reform_brand._text import one_line_shown
from reform_brand.catalogue import CodeInfo, Severity
from reform_brand.findings import BatchReport, Finding, SubmissionReport
from reform_brand.maint._lint import LintReport

__all__ = [
    "ExpectedFinding",
    "assert_findings",
    "assert_no_findings",
    "assert_valid",
    "finding_pairs",
]

Report = Union[SubmissionReport, BatchReport, LintReport]  # noqa: UP007 - a runtime alias
#: A code alone (any pointer), or a (code, pointer) pair: a tuple, or a list
#: of two strings as JSON loads it.
ExpectedFinding = Union[str, tuple[str, str], list[str]]  # noqa: UP007 - a runtime alias

_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


def _findings(report: Report) -> list[Finding]:
    if isinstance(report, BatchReport):
        return report.all_findings()
    if isinstance(report, SubmissionReport | LintReport):
        return list(report.findings)
    raise TypeError(
        f"expected a SubmissionReport, a BatchReport or a LintReport, got "
        f"{type(report).__name__} (validate the envelope first, e.g. with the rb_validate "
        "fixture, or lint the edition with lint_edition)"
    )


def _catalogue(report: Report) -> Mapping[str, CodeInfo] | None:
    return report.catalogue if isinstance(report, BatchReport | LintReport) else None


def _pointer(pointer: str) -> str:
    """A pointer as a failure shows it, on one line (a line break, NUL or an
    ideographic space written as its escape), and in quotes when it is
    empty, ends in a space or shows a character as its escape: two pointers
    that differ look different."""
    shown = one_line_shown(pointer)
    return shown if shown == pointer and pointer.strip() == pointer and pointer else f'"{shown}"'


def _line(f: Finding, report: Report, mark: str = " ") -> str:
    message = one_line_shown(f.message("en", _catalogue(report)))
    where = _pointer(f.pointer)
    sub = f"  ({f.submission})" if isinstance(report, BatchReport) and f.submission else ""
    if isinstance(report, LintReport) and f.file:
        sub = f"  ({f.file})"
    return f"    {mark} {f.code}  {where}  [{f.severity}] {message}{sub}"


def finding_pairs(report: Report) -> list[tuple[str, str]]:
    """The ``(code, pointer)`` of every finding, in report order."""
    return [(f.code, f.pointer) for f in _findings(report)]


def _fail(title: str, lines: Iterable[str]) -> None:
    __tracebackhide__ = True
    raise AssertionError("\n".join([title, *lines]))


def assert_valid(report: Report, *, warnings: bool = True) -> None:
    """The report has no error finding (and no warning, with ``warnings=False``).

    Info findings never fail it.  ``report`` may also be an edition's
    :class:`~reform_brand.maint.LintReport`.
    """
    __tracebackhide__ = True
    bad = [
        f
        for f in _findings(report)
        if f.severity == "error" or (not warnings and f.severity == "warning")
    ]
    if bad:
        one = len(bad) == 1
        what = (
            ("error" if one else "errors")
            if warnings
            else ("error or warning" if one else "errors or warnings")
        )
        subject = "edition" if isinstance(report, LintReport) else "submission"
        bad.sort(key=lambda f: _ORDER.get(f.severity, 3))
        _fail(
            f"expected a valid {subject}, found {len(bad)} {what}:",
            [_line(f, report, "-") for f in bad],
        )


def _of_severity(report: Report, severity: Severity | None) -> list[Finding]:
    """The report's findings of ``severity`` (all of them for None); a
    severity there is none of is a ``ValueError``, as it would match no
    finding: the assertion could never fail."""
    if severity is not None and severity not in _ORDER:
        raise ValueError(f"severity is one of {', '.join(_ORDER)} or None, not {severity!r}")
    return [f for f in _findings(report) if severity is None or f.severity == severity]


def assert_no_findings(report: Report, *, severity: Severity | None = None) -> None:
    """The report has no finding at all (or none of ``severity``)."""
    __tracebackhide__ = True
    found = _of_severity(report, severity)
    if found:
        kind = f"{severity} findings" if severity else "findings"
        _fail(f"expected no {kind}, found {len(found)}:", [_line(f, report, "-") for f in found])


def _pair(item: object) -> tuple[str, str] | None:
    """``item`` as a ``(code, pointer)`` pair: a tuple or a list (what JSON
    loads) of two strings."""
    if isinstance(item, tuple | list) and len(item) == 2:
        code, pointer = item
        if isinstance(code, str) and isinstance(pointer, str):
            return code, pointer
    return None


def _normalise(expected: Iterable[ExpectedFinding]) -> list[tuple[str, str | None]]:
    if isinstance(expected, str | bytes | Mapping):
        # A string is a sequence of one-letter "codes", a mapping one of its
        # keys (its pointers dropped): never what was meant.
        raise TypeError(f"expected a list of codes or (code, pointer) pairs, got {expected!r}")
    out: list[tuple[str, str | None]] = []
    for item in expected:
        pair = _pair(item)
        if isinstance(item, str) and (not item or item.startswith("/")):
            # A pointer where a code was expected: a lone pair, not in a list.
            raise TypeError(
                f"{item!r} is a pointer, not a code: give a list of (code, pointer) pairs, "
                'e.g. [("form.required", "/data/project_name")]'
            )
        if isinstance(item, str):
            out.append((item, None))
        elif pair is not None:
            out.append(pair)
        else:
            raise TypeError(
                "expected a code or a (code, pointer) pair of two strings "
                f"(a tuple, or a list as JSON loads it), got {item!r}"
            )
    return out


def assert_findings(
    report: Report,
    expected: Sequence[ExpectedFinding],
    *,
    exact: bool = True,
    severity: Severity | None = None,
) -> None:
    """The report's findings are ``expected``, in any order.

    ``expected`` holds ``(code, pointer)`` pairs (a pointer into the
    envelope: ``"/data/contact/mobile"``; ``""`` for the whole submission) or
    bare codes (any pointer).  A pair may be a list of two strings, as JSON
    loads it (``[["form.required", "/data/x"]]``).  Repeats count: two pairs expect two findings.
    With ``exact=False`` other findings may be present too.  ``severity``
    leaves out findings of other severities (e.g. ``"error"``).
    """
    __tracebackhide__ = True
    want = _normalise(expected)
    found = _of_severity(report, severity)
    missing, remaining = _match(want, found)
    unexpected = remaining if exact else []
    if not missing and not unexpected:
        return
    lines = []
    if missing:
        lines.append("  missing (expected, not found):")
        lines += [f"    - {code}  {_shown(p, '(any pointer)')}" for code, p in missing]
    if unexpected:
        lines.append("  unexpected (found, not expected):")
        lines += [_line(f, report, "+") for f in unexpected]
    lines.append("  expected:")
    lines += [f"      {code}  {_shown(p, '*')}" for code, p in want] or ["      (nothing)"]
    lines.append("  actual:")
    lines += [_line(f, report) for f in found] or ["      (nothing)"]
    scope = f" of severity {severity}" if severity else ""
    _fail(f"findings{scope} differ from what was expected", lines)


def _shown(pointer: str | None, any_pointer: str) -> str:
    return any_pointer if pointer is None else _pointer(pointer)


def _match(
    want: list[tuple[str, str | None]], found: list[Finding]
) -> tuple[list[tuple[str, str | None]], list[Finding]]:
    """The expected pairs no finding matched, and the findings left over.
    Exact pairs go first, so that a bare code does not take a finding a pair
    needs."""
    remaining = list(found)
    missing: list[tuple[str, str | None]] = []
    for code, pointer in sorted(want, key=lambda p: p[1] is None):
        match = next(
            (f for f in remaining if f.code == code and (pointer is None or f.pointer == pointer)),
            None,
        )
        if match is None:
            missing.append((code, pointer))
        else:
            remaining.remove(match)
    return missing, remaining
