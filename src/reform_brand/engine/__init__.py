"""The engine: runs an edition's rules over submissions, whatever way they
came in (JSON envelopes, an inbox of received files, the Python API).

It depends on the model, the loader and the host, never on its plugins: the
built-in rules are a default plugin registered through the same hook as a
third party's.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from reform_brand.engine._context import EditionIndex, FieldInfo, RuleContext

if TYPE_CHECKING:
    from reform_brand.engine._validator import (
        MAX_FINDINGS,
        Validator,
        find_submission_files,
        get_validator,
        validate_batch,
        validate_submission,
    )

#: Imported on first use: a rule module needs the context, not the engine.
_LAZY = frozenset(
    {
        "MAX_FINDINGS",
        "Validator",
        "find_submission_files",
        "get_validator",
        "validate_batch",
        "validate_submission",
    }
)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'reform_brand.engine' has no attribute {name!r}")
    value = getattr(importlib.import_module("reform_brand.engine._validator"), name)
    globals()[name] = value
    return value


__all__ = [
    "MAX_FINDINGS",
    "EditionIndex",
    "FieldInfo",
    "RuleContext",
    "Validator",
    "find_submission_files",
    "get_validator",
    "validate_batch",
    "validate_submission",
]
