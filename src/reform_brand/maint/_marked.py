"""Forms whose data says in no field which project or which unit they are
of: what reading them back, versions of a project and quotas go by
(:attr:`~reform_brand.model.Form.project_field`,
:func:`~reform_brand.rules._unit.unit_field`).  A form that asks for a
品牌名称, or for its 申报单位 in the table, marks the field with ``names``."""

from __future__ import annotations

from collections.abc import Iterator

from reform_brand.model import Form
from reform_brand.rules._unit import unit_field

__all__ = ["unmarked"]


def unmarked(forms: tuple[Form, ...]) -> Iterator[tuple[str, str, str]]:
    """``(code, pointer, form id)`` for each form with no project field or
    no unit field."""
    for i, form in enumerate(forms):
        if not form.project_field:
            yield "lint.no-project-field", f"/forms/{i}", form.id
        if unit_field(form) is None:
            yield "lint.no-unit-field", f"/forms/{i}", form.id
