"""Raw request bodies in, findings out: the robust entry for portals.

    >>> from reform_brand import get_validator, parse_envelope, validate_body
    >>> parsed = parse_envelope(b'{"edition": ')
    >>> parsed.value is None, [f.code for f in parsed.findings]
    (True, ['envelope.not-json'])
    >>> report = validate_body(get_validator(edition_id), b"[" * 10_000)  # doctest: +SKIP
    >>> report.codes()                                                        # doctest: +SKIP
    ['envelope.too-deep']

:func:`parse_envelope` never raises and never takes long, whatever the body:

* more than ``max_bytes`` (default :data:`MAX_BODY_BYTES`, 1 MiB) gives
  ``envelope.too-large`` without reading further;
* bytes that are not UTF-8 JSON (``NaN``, a 5,000-digit number, a cut-off
  body, GBK, a string with an unpaired surrogate escape such as
  ``"\\ud800"``) give ``envelope.not-json`` with the line and column;
* nesting deeper than :data:`~reform_brand.submission.MAX_DEPTH` gives
  ``envelope.too-deep``;
* more than ``max_members`` object members and array items in all (default
  :data:`MAX_MEMBERS`) gives ``envelope.too-many-members``: parsing stops
  at the key past the cap, so a flood of unknown keys costs no more than
  the cap, and the items are counted before anything is checked (a
  :class:`~reform_brand.engine.Validator` refuses any envelope past
  :data:`MAX_MEMBERS` in the same way, a body's given a higher
  ``max_members`` included);
* a key given twice gives the warning ``envelope.duplicate-key``.

A leading UTF-8 byte order mark is dropped.  :func:`validate_body` parses and
then validates with a :class:`~reform_brand.engine.Validator`, returning one
:class:`~reform_brand.findings.SubmissionReport` either way.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import TYPE_CHECKING, Any, Final

from attrs import frozen

from reform_brand._jsonread import finite_float, refuse_constant, refused_number_at
from reform_brand.catalogue import CATALOGUE
from reform_brand.codes.reasons import json_error_reason, json_reason, not_utf8_reason
from reform_brand.engine._stream import _check_now, _dir
from reform_brand.findings import Finding, SubmissionReport, clip
from reform_brand.model import checked_type
from reform_brand.submission import (
    MAX_DEPTH,
    MAX_MEMBERS,
    SURROGATE_DETAIL,
    lone_surrogate_at,
    nesting_exceeds,
)

if TYPE_CHECKING:
    from reform_brand.engine._validator import Validator

__all__ = ["MAX_BODY_BYTES", "MAX_MEMBERS", "ParsedEnvelope", "parse_envelope", "validate_body"]

#: Largest body read (bytes).  A real envelope, every text at its cap, is
#: well under 100 KiB.
MAX_BODY_BYTES: Final = 1024 * 1024


@frozen(kw_only=True)
class ParsedEnvelope:
    """What :func:`parse_envelope` made of a body."""

    #: The parsed JSON value; ``None`` when the body was refused (and for a
    #: body of JSON ``null``: :attr:`ok` tells them apart).
    value: object
    #: Refusals (errors) and warnings met while parsing.
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the body was parsed (warnings allowed)."""
        return not any(f.severity == "error" for f in self.findings)


class _TooManyMembers(Exception):
    pass


def _finding(code: str, **params: object) -> Finding:
    return Finding(code=code, severity=CATALOGUE[code].severity, rule="engine", params=params)


def _refused(code: str, **params: object) -> ParsedEnvelope:
    return ParsedEnvelope(value=None, findings=(_finding(code, **params),))


def _items_exceed(value: object, limit: int) -> bool:
    """Whether the arrays of ``value`` hold more than ``limit`` items in all
    (a walk, not a recursion)."""
    count = 0
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, list):
            count += len(v)
            if count > limit:
                return True
            todo.extend(c for c in v if isinstance(c, dict | list))
        elif isinstance(v, dict):
            todo.extend(c for c in v.values() if isinstance(c, dict | list))
    return False


def parse_envelope(
    raw: bytes | bytearray | memoryview | str,
    *,
    max_bytes: int = MAX_BODY_BYTES,
    max_members: int = MAX_MEMBERS,
) -> ParsedEnvelope:
    """Parse a request body as a submission envelope; never raises.

    ``raw`` is the body as received (bytes; a ``str`` is taken as already
    decoded); anything else (a stream, a parsed value) is a ``TypeError``,
    and so is a limit that is no whole number (a negative one is a
    ``ValueError``).  See the module documentation for the findings.
    """
    if not isinstance(raw, bytes | bytearray | memoryview | str):
        # (bytes() would make an int that many NUL bytes; a stream is read
        # by the caller, no further than the cap.)
        raise TypeError(f"the body is bytes or str, not {type(raw).__name__}")
    for name, limit in (("max_bytes", max_bytes), ("max_members", max_members)):
        checked_type(limit, int, name, "a whole number")
        if limit < 0:
            raise ValueError(f"{name} is a number of bytes or members, not {limit}")
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else bytes(raw)
    if len(data) > max_bytes:
        return _refused("envelope.too-large", size=len(data), limit=max_bytes)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Where, as an editor shows it (the bytes before are UTF-8).
        before = data[: exc.start]
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        return _refused(
            "envelope.not-json",
            line=before.count(b"\n") + 1,
            column=column,
            # (A str fails here only on a lone surrogate: no character.)
            detail=SURROGATE_DETAIL if isinstance(raw, str) else not_utf8_reason(exc, data),
        )
    duplicates: list[str] = []
    count = [0]

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        count[0] += len(items)
        if count[0] > max_members:
            raise _TooManyMembers
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out and len(duplicates) < 20:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        value = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=refuse_constant,
            parse_float=finite_float,
        )
    except _TooManyMembers:
        return _refused("envelope.too-many-members", limit=max_members)
    except RecursionError:
        return _refused("envelope.too-deep", limit=MAX_DEPTH)
    except json.JSONDecodeError as exc:
        return _refused(
            "envelope.not-json", line=exc.lineno, column=exc.colno, detail=json_error_reason(exc)
        )
    except ValueError as exc:
        where = refused_number_at(text)
        return _refused("envelope.not-json", **where, detail=json_reason(str(exc)))
    if nesting_exceeds(value, MAX_DEPTH):
        return _refused("envelope.too-deep", limit=MAX_DEPTH)
    if _items_exceed(value, max_members - count[0]):
        # A flood of array items costs as much to check as one of keys.
        return _refused("envelope.too-many-members", limit=max_members)
    lone = lone_surrogate_at(text, value)
    if lone is not None:
        # A string no UTF-8 text holds, as a submission file's is refused.
        return _refused("envelope.not-json", **lone, detail=SURROGATE_DETAIL)
    found = tuple(_finding("envelope.duplicate-key", key=clip(k, 200)) for k in duplicates)
    return ParsedEnvelope(value=value, findings=found)


def validate_body(
    validator: Validator,
    raw: bytes | bytearray | memoryview | str,
    *,
    max_bytes: int = MAX_BODY_BYTES,
    max_members: int = MAX_MEMBERS,
    base_dir: str | os.PathLike[str] | None = None,
    now: dt.datetime | None = None,
) -> SubmissionReport:
    """:func:`parse_envelope`, then ``validator.validate`` on the value: one
    report for any body, with the parsing findings first.  A ``now`` that
    is not a timezone-aware datetime is refused whatever the body, and so
    are a ``base_dir`` that is no path and a ``validator`` that is no
    :class:`Validator`."""
    from reform_brand.engine._validator import Validator

    if not isinstance(validator, Validator):
        raise TypeError(f"validator takes a Validator, not {type(validator).__name__}")
    _check_now(now), _dir(base_dir)
    parsed = parse_envelope(raw, max_bytes=max_bytes, max_members=max_members)
    if not parsed.ok:
        # (A body of JSON null is read: it is no envelope, as the validator says.)
        return SubmissionReport(submission="#1", findings=parsed.findings)
    report = validator.validate(parsed.value, base_dir=base_dir, now=now)
    if not parsed.findings:
        return report
    return SubmissionReport(
        submission=report.submission,
        file=report.file,
        form=report.form,
        unit=report.unit,
        unit_kind=report.unit_kind,
        quota_unit=report.quota_unit,
        files_checked=report.files_checked,
        findings=parsed.findings + report.findings,
    )
