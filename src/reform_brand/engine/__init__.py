"""The engine: runs an edition's rules over submissions, whatever way they
came in (JSON envelopes, an inbox of received files, the Python API).

It depends on the model, the loader and the host, never on its plugins: the
built-in rules are a default plugin registered through the same hook as a
third party's.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from reform_brand.engine._context import EditionIndex, FieldInfo, Quiet, RuleContext
from reform_brand.engine._quotas import QuotaUnits
from reform_brand.engine._records import SubmissionRecord
from reform_brand.engine._run import EVERY_OPT_IN, is_opt_in

if TYPE_CHECKING:
    from reform_brand.engine._parse import (
        MAX_BODY_BYTES,
        MAX_MEMBERS,
        ParsedEnvelope,
        parse_envelope,
        validate_body,
    )
    from reform_brand.engine._shared import get_validator, validate_batch, validate_submission
    from reform_brand.engine._stream import BatchOutcome, BatchRun, default_jobs
    from reform_brand.engine._validator import (
        MAX_FINDINGS,
        Validator,
        find_submission_files,
        submission_files,
    )

#: Imported on first use: a rule module needs the context, not the engine.
_LAZY = frozenset(
    {
        "MAX_FINDINGS",
        "Validator",
        "find_submission_files",
        "submission_files",
    }
)

#: Validators kept per host (reform_brand.engine._shared).
_LAZY_SHARED = frozenset({"get_validator", "validate_batch", "validate_submission"})

#: Batches as streams (reform_brand.engine._stream).
_LAZY_STREAM = frozenset({"BatchOutcome", "BatchRun", "default_jobs"})


#: Raw request bodies (reform_brand.engine._parse).
_LAZY_PARSE = frozenset(
    {"MAX_BODY_BYTES", "MAX_MEMBERS", "ParsedEnvelope", "parse_envelope", "validate_body"}
)


def __getattr__(name: str) -> Any:
    if name in _LAZY_PARSE:
        module = "reform_brand.engine._parse"
    elif name in _LAZY:
        module = "reform_brand.engine._validator"
    elif name in _LAZY_SHARED:
        module = "reform_brand.engine._shared"
    elif name in _LAZY_STREAM:
        module = "reform_brand.engine._stream"
    else:
        raise AttributeError(f"module 'reform_brand.engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "EVERY_OPT_IN",
    "MAX_BODY_BYTES",
    "MAX_FINDINGS",
    "MAX_MEMBERS",
    "BatchOutcome",
    "BatchRun",
    "EditionIndex",
    "FieldInfo",
    "ParsedEnvelope",
    "Quiet",
    "QuotaUnits",
    "RuleContext",
    "SubmissionRecord",
    "Validator",
    "default_jobs",
    "find_submission_files",
    "get_validator",
    "is_opt_in",
    "parse_envelope",
    "submission_files",
    "validate_batch",
    "validate_body",
    "validate_submission",
]
