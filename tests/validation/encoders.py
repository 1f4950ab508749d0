"""An encoder for :meth:`BatchRun.encoded`, in a module of its own so that a
worker process started with ``spawn`` can import it by name."""

from __future__ import annotations

from typing import Any

from reform_brand.findings import SubmissionReport


def unit_and_codes(report: SubmissionReport, validator: Any) -> tuple[str, str, tuple[str, ...]]:
    """The report's unit, the validator's edition and the report's codes."""
    return report.unit, validator.edition.id, tuple(f.code for f in report.findings)


def unit_and_envelope_id(
    report: SubmissionReport, validator: Any, envelope: object
) -> tuple[str, str, str]:
    """The report's unit and codes' first, and what the envelope the
    submission was read as says its id is (or its type, not an object)."""
    given = envelope.get("id") if isinstance(envelope, dict) else type(envelope).__name__
    first = report.findings[0].code if report.findings else ""
    return report.unit, first, str(given)
