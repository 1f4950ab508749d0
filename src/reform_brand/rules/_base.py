"""Helpers shared by the built-in rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from reform_brand.plugin import EditionIndex, Finding, FormField, Quiet, RuleContext

__all__ = ["BuiltinRule", "field_value", "label_params"]

_MISSING: Any = object()


class BuiltinRule:
    """Base of the built-in rules: class attributes describe the rule."""

    id: ClassVar[str]
    codes: ClassVar[tuple[str, ...]]
    editions: ClassVar[tuple[str, ...]] = ()
    scope: ClassVar[Literal["submission", "batch"]] = "submission"
    #: Whether the rule runs only when asked for (``Validator(include=...)``).
    opt_in: ClassVar[bool] = False

    def check(self, ctx: RuleContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def quiet(self, index: EditionIndex) -> Quiet | None:
        """The rule's test of a plain submission (docs/hooks.md, ``quiet``),
        or None: it has none, and ``check`` runs on every submission."""
        return None

    def __repr__(self) -> str:
        return f"<rule {self.id}>"


def field_value(data: object, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in the form data, or ``MISSING``."""
    cur: Any = data
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return _MISSING
        cur = cur[key]
    return cur


MISSING: Any = _MISSING


def label_params(f: FormField | None, fallback: str = "") -> dict[str, Any]:
    """``label`` (zh) and ``label_en`` parameters for a field."""
    if f is None:
        return {"label": fallback, "label_en": fallback}
    return {"label": f.label.zh, "label_en": f.label.en or f.label.zh}
