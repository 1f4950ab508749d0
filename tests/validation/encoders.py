"""An encoder for :meth:`BatchRun.encoded`, in a module of its own so that a
worker process started with ``spawn`` can import it by name."""

from __future__ import annotations

from typing import Any

from reform_brand.findings import SubmissionReport


def unit_and_codes(report: SubmissionReport, validator: Any) -> tuple[str, str, tuple[str, ...]]:
    """The report's unit, the validator's edition and the report's codes."""
    return report.unit, validator.edition.id, tuple(f.code for f in report.findings)
