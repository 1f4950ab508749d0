"""The Word renderer object; docxtpl is imported on the first render only."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, ClassVar

from attrs import frozen

from reform_brand.plugin import Edition, Form, Problem
from reform_brand.render._context import form_context
from reform_brand.render._errors import TemplateError

__all__ = ["DocxRenderer"]


@frozen(kw_only=True)
class _Key:
    edition: str
    source: str
    form: Form


class DocxRenderer:
    """Word forms (.docx) filled with docxtpl, byte-identical for the same data.

    The template of each form (the edition's own or the built one) is read or
    built once, checked against the form, and its bytes cached; each render
    opens a fresh ``DocxTemplate`` on them.
    """

    id: ClassVar[str] = "docx"
    suffix: ClassVar[str] = ".docx"
    media_type: ClassVar[str] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )

    def __init__(self, editions: tuple[str, ...] = ()) -> None:
        self.editions: tuple[str, ...] = editions
        self._templates: dict[_Key, bytes] = {}
        self._lock = threading.Lock()

    def template(self, edition: Edition, form: Form) -> bytes:
        """The checked template bytes of ``form`` (cached).

        Raises :class:`~reform_brand.render.TemplateError` when the template
        is unusable.
        """
        key = _Key(edition=edition.id, source=edition.source, form=form)
        cached = self._templates.get(key)
        if cached is not None:
            return cached
        from reform_brand.render._docx import check_template, template_bytes

        with self._lock:
            cached = self._templates.get(key)
            if cached is not None:
                return cached
            data = template_bytes(edition, form)
            problems = check_template(form, data, file=edition.id, path=f"forms/{form.id}")
            if problems:
                raise TemplateError(problems, form=form.id)
            self._templates[key] = data
            return data

    def check_template(self, edition: Edition, form: Form) -> list[Problem]:
        """Problems of the Word template ``form`` brings (``Form.template``,
        read from the edition's data directory); none for a form without one.
        The loader asks this when an edition loads, and ``lint`` too."""
        if not form.template:
            return []
        from reform_brand.render._docx import check_template, template_bytes

        try:
            data = template_bytes(edition, form)
        except TemplateError as exc:
            return list(exc.problems)
        return check_template(form, data, file=edition.id, path=f"forms/{form.id}")

    def render(self, edition: Edition, form: Form, data: Mapping[str, Any] | None = None) -> bytes:
        """``form`` filled with ``data`` (``None``: blank), as .docx bytes."""
        context = form_context(form, data)
        template = self.template(edition, form)
        from reform_brand.render._docx import render_docx

        return render_docx(template, context)
