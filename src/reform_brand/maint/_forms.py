"""The linter's check of the forms as a whole: what makes a filled form
unreadable or a submission of it refused whatever it holds.

* two forms whose titles are the same once squashed (NFKC, no white
  space): a filled form is told by its title, so one of them would be read
  as the other (``lint.form-title-duplicate``);
* a form that no unit kind fills in: every submission of it is refused as
  the wrong form for its unit (``lint.form-unfilled``);
* a field whose data writes ``max_chars = 0`` or ``max_zi = 0``: 0 is what
  a cap left out means, no cap at all, and never "nothing may be written"
  (a field no one could fill in), so the cap was meant to be given or the key
  left out (``lint.zero-cap``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from reform_brand._text import nfkc
from reform_brand.findings import Finding
from reform_brand.maint._texts import walk_fields
from reform_brand.model import Edition

__all__ = ["form_findings", "zero_caps"]


def _squashed(title: str) -> str:
    """A title as the reader compares it: NFKC, no white space."""
    return "".join(nfkc(title).split())


def form_findings(edition: Edition, finding: Callable[..., Finding]) -> Iterator[Finding]:
    """The findings of ``edition``'s forms taken together; ``finding(code,
    pointer, **params)`` makes one."""
    first: dict[str, str] = {}
    for i, form in enumerate(edition.forms):
        key = _squashed(form.title.zh)
        if key in first:
            yield finding(
                "lint.form-title-duplicate",
                f"/forms/{i}/title/zh",
                clause=form.clause,
                form=form.id,
                other=first[key],
            )
        first.setdefault(key, form.id)
    filled = {f for kind in edition.unit_kinds for f in kind.forms}
    for i, form in enumerate(edition.forms):
        if form.id not in filled:
            yield finding("lint.form-unfilled", f"/forms/{i}", clause=form.clause, form=form.id)


#: The caps of a field that 0 leaves off.
_CAPS = ("max_chars", "max_zi")


def zero_caps(
    edition: Edition, data: Mapping[str, Any] | None, finding: Callable[..., Finding]
) -> Iterator[Finding]:
    """``lint.zero-cap`` for each cap written as 0 in ``data``, the edition's
    (merged) data as read (None: an edition given as an object, whose data
    is not at hand, and whose 0 cannot be told from a cap left out)."""
    forms = data.get("forms") if data is not None else None
    if not isinstance(forms, list):
        return
    for i, form in enumerate(edition.forms):
        for pointer, f in walk_fields(form.fields, f"/forms/{i}/fields"):
            raw: Any = forms
            for part in pointer.split("/")[2:]:
                raw = raw[int(part)] if isinstance(raw, list) else raw.get(part, {})
            for key in _CAPS:
                value = raw.get(key) if isinstance(raw, dict) else None
                if value == 0 and type(value) is int:
                    label = {"label": f.label.zh, "label_en": f.label.en or f.label.zh}
                    yield finding(
                        "lint.zero-cap", f"{pointer}/{key}", clause=f.clause, key=key, **label
                    )
