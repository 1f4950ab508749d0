"""The linter's check of the forms as a whole: what makes a filled form
unreadable or a submission of it refused whatever it holds.

* two forms whose titles are the same once squashed (NFKC, no white
  space): a filled form is told by its title, so one of them would be read
  as the other (``lint.form-title-duplicate``);
* a form that no unit kind fills in: every submission of it is refused as
  the wrong form for its unit (``lint.form-unfilled``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from reform_brand._text import nfkc
from reform_brand.findings import Finding
from reform_brand.model import Edition

__all__ = ["form_findings"]


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
