"""The types of the message catalogue: a code's :class:`CodeInfo`, and
:class:`Localized` parameter values."""

from __future__ import annotations

from typing import Final, Literal

from attrs import frozen

from reform_brand._textlist import TextList

__all__ = [
    "SEVERITIES",
    "CodeInfo",
    "E",
    "I",
    "Kind",
    "Localized",
    "ParamValue",
    "Severity",
    "W",
]

Severity = Literal["error", "warning", "info"]
Kind = Literal["finding", "problem", "text"]
SEVERITIES: Final[tuple[Severity, ...]] = ("error", "warning", "info")


@frozen(kw_only=True)
class Localized:
    """A message parameter written differently in each language — a field's
    label, a time as the notice writes it — so that a finding's parameters
    are language-neutral: one ``label``, not ``label`` and ``label_en``.

    ``value`` is what the JSON form of a finding carries (e.g. the ISO 8601
    instant behind ``2022年8月20日24:00（北京时间）``); without it the JSON
    form is ``{"zh": ..., "en": ...}``.
    """

    zh: str
    en: str
    value: str | int | float | bool | None = None

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def to_json(self) -> object:
        return self.value if self.value is not None else {"zh": self.zh, "en": self.en}

    def __str__(self) -> str:
        return self.zh


ParamValue = str | int | float | bool | tuple[str, ...] | TextList | Localized


@frozen(kw_only=True)
class CodeInfo:
    """What a message code means: its severity, where it comes from, and its
    Chinese and English templates."""

    code: str
    #: The usual severity; a rule may raise or lower it (strict quotas).
    severity: Severity
    #: The rule that emits it ("engine" for the envelope and file checks).
    rule: str
    #: Message templates (``str.format`` with the finding's params).
    zh: str
    en: str
    #: What it means and what to do, for the reference page.
    about: str = ""
    #: ``finding`` (a finding's code, listed in docs/findings.md), ``problem``
    #: (a problem of an edition's data, reported when it loads) or ``text``
    #: (an error or a line of the command line).
    kind: Kind = "finding"


E: Final = "error"
W: Final = "warning"
I: Final = "info"  # noqa: E741 - reads as the severity it names
