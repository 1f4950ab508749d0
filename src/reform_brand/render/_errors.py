"""Errors raised by the renderers (all are :class:`ReformBrandError`)."""

from __future__ import annotations

from collections.abc import Sequence

from reform_brand.errors import Problem, ReformBrandError
from reform_brand.i18n import render

__all__ = ["RenderDataError", "RenderError", "TemplateError", "UnknownFormatError"]


class RenderError(ReformBrandError, ValueError):
    """A form cannot be rendered."""

    code = "render.error"


class _WithProblems(RenderError):
    def __init__(self, code: str, problems: Sequence[Problem], **params: object) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(code, count=len(self.problems), **params)

    def message(self, lang: str = "zh") -> str:
        head = render(self.code, self.params, lang)
        return "\n".join([head, *("  " + p.message(lang) for p in self.problems)])


class RenderDataError(_WithProblems):
    """The data given for a form does not fit it; ``problems`` lists every
    problem, each with the JSON pointer of the value in ``path``."""

    def __init__(self, problems: Sequence[Problem], *, form: str = "") -> None:
        self.form = form
        super().__init__("render.data-invalid", problems, form=form)


class TemplateError(_WithProblems):
    """A form's Word template is unusable: unreadable, a syntax error, a
    variable that is not a field of the form, or a field it leaves out."""

    def __init__(self, problems: Sequence[Problem], *, form: str = "") -> None:
        self.form = form
        super().__init__("render.template-invalid", problems, form=form)


class UnknownFormatError(RenderError, LookupError):
    """No renderer with that id applies to the edition."""

    def __init__(self, edition: str, fmt: str, available: Sequence[str]) -> None:
        self.edition = edition
        self.format = fmt
        self.available = tuple(available)
        super().__init__(
            "render.unknown-format",
            edition=edition,
            format=fmt,
            available=", ".join(available) or "-",
        )
