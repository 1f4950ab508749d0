"""Exceptions.  ``ReformBrandError`` is the base; each subclass also inherits
the built-in exception it refines, so ``except ValueError`` still works.

Each exception carries a stable ``code`` and the ``params`` its message is
rendered from (see :mod:`reform_brand.i18n`); ``message(lang)`` gives the
text in Chinese or English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import frozen

from reform_brand.i18n import render

__all__ = [
    "DuplicateRegistrationError",
    "EditionDataError",
    "Problem",
    "ReformBrandError",
    "UnknownEditionError",
    "UnknownFormError",
    "UsageError",
]


class ReformBrandError(Exception):
    """Base of every error this library raises on purpose."""

    code: str = "error"

    def __init__(self, code: str | None = None, /, **params: object) -> None:
        if code is not None:
            self.code = code
        self.params: dict[str, object] = dict(params)
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return render(self.code, self.params, lang)


@frozen(kw_only=True)
class Problem:
    """One problem in an edition's data: file, path inside it, code, params."""

    file: str
    path: str
    code: str
    params: Mapping[str, object]

    def message(self, lang: str = "zh") -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {render(self.code, self.params, lang)} [{self.code}]"


class EditionDataError(ReformBrandError, ValueError):
    """An edition's data files are malformed; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem], *, edition: str = "") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.edition = edition
        super().__init__("edition.invalid", count=len(self.problems))

    def message(self, lang: str = "zh") -> str:
        head = render(self.code, self.params, lang)
        return "\n".join([head, *("  " + p.message(lang) for p in self.problems)])


class UnknownEditionError(ReformBrandError, LookupError):
    def __init__(self, edition: str, available: Sequence[str]) -> None:
        self.edition = edition
        self.available = tuple(available)
        super().__init__("edition.unknown", edition=edition, available=", ".join(available) or "-")


class UnknownFormError(ReformBrandError, LookupError):
    def __init__(self, edition: str, form: str, available: Sequence[str]) -> None:
        self.edition = edition
        self.form = form
        super().__init__("form.unknown", edition=edition, form=form, available=", ".join(available))


class DuplicateRegistrationError(ReformBrandError, ValueError):
    """Two plugins registered the same edition, rule or renderer."""

    def __init__(self, what: str, name: str, first: str, second: str) -> None:
        self.what = what
        self.name = name
        self.first = first
        self.second = second
        super().__init__(
            "registry.duplicate",
            what=what,
            what_zh=_WHAT_ZH.get(what, what),
            name=name,
            first=first,
            second=second,
        )


#: What a registry holds (``DuplicateRegistrationError.what``), in Chinese.
_WHAT_ZH: Mapping[str, str] = {
    "edition": "版本",
    "rule": "规则",
    "renderer": "输出格式",
    "message": "消息代码",
    "examples": "示例收件目录",
    "entry": "条目",
}


class UsageError(ReformBrandError, ValueError):
    code = "cli.usage"
