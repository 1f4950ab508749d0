"""From a submission's form data to the values a template prints.

Values are checked against the form (unknown fields and values that are not
text are errors, all reported at once) and normalised: ``\\r\\n`` and a lone
``\\r`` become ``\\n``, and characters that XML 1.0 forbids (the C0 controls
other than tab and newline, lone surrogates, U+FFFE and U+FFFF) are removed.
Nothing else is changed: ``& < > " '``, ``{{ }}``, ``{% %}`` and Chinese text
are printed exactly as given.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from reform_brand.codes._info import Localized
from reform_brand.codes.parsers import type_names
from reform_brand.converter import json_type
from reform_brand.errors import Problem
from reform_brand.model import EMPTY_BOX, Form, FormField
from reform_brand.render._errors import RenderDataError
from reform_brand.schema import format_number

__all__ = [
    "Context",
    "blank_context",
    "form_context",
    "normalise_text",
    "number_text",
    "paragraphs",
    "zh_date",
]

#: A template's context: field id -> text, or for a group a dict of its sub-fields.
Context = dict[str, Any]

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
#: The empty "年 月 日" of a paper form, with room to write.
BLANK_DATE = "　　年　　月　　日"


def normalise_text(value: str) -> str:
    """``value`` with newlines unified and XML-illegal characters removed."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_XML.sub("", value)


def paragraphs(value: str) -> list[str]:
    """The paragraphs of a text: one per line, at least one (maybe empty).

    Joining them with ``\\n`` gives the text back exactly.
    """
    return str(value).split("\n")


def zh_date(value: str) -> str:
    """``2022-08-15`` as ``2022 年 8 月 15 日`` (a year before 1000 with its
    four digits, ``0999 年``); empty as a blank ``年 月 日`` to write on;
    anything else exactly as given."""
    text = str(value)
    if not text:
        return BLANK_DATE
    m = _ISO_DATE.match(text)
    if m is None:
        return text
    try:
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return text
    # A year before 1000 keeps its four digits (0999 年): a year is read
    # back only when written in full.
    return f"{d.year:04d} 年 {d.month} 月 {d.day} 日"


#: What a float JSON cannot write is, in a message: a form would print it
#: as ``nan`` or ``inf``.
_NOT_FINITE = Localized(zh="非数（NaN）或无穷大", en="NaN or infinity", value="NaN or infinity")


def _json_type(value: object) -> Localized:
    """The JSON type of ``value`` in both languages (an integer is a number;
    NaN and infinity, which JSON cannot write, are named as such)."""
    if isinstance(value, float) and not math.isfinite(value):
        return _NOT_FINITE
    kind = json_type(value)
    return type_names("number" if kind == "integer" else kind)


def blank_context(form: Form) -> Context:
    """Every field of ``form`` empty: the blank form for printing."""
    return form_context(form, None)


def form_context(form: Form, data: Mapping[str, Any] | None) -> Context:
    """The template context for ``data`` (``None``: a blank form).

    Every field of the form is present (empty when not given).  Raises
    :class:`RenderDataError` listing every problem: ``data`` not an object,
    a key that is not a field, a value that is not text (NaN and infinity,
    which JSON cannot write, included).  Numbers are printed as JSON writes
    them, except in a ``number`` or ``integer`` field, whose
    value must be a number (or blank) and is printed by :func:`number_text`;
    ``null`` is empty; a ``choice`` value is printed as its Chinese label,
    and a blank one as its choices in boxes (:func:`choice_boxes`).
    """
    problems: list[Problem] = []
    ctx = _fields_context(form, form.fields, data, "", problems, None)
    if problems:
        raise RenderDataError(problems, form=form.id)
    return ctx


def _fields_context(
    form: Form,
    fields: tuple[FormField, ...],
    data: object,
    prefix: str,
    problems: list[Problem],
    group: FormField | None,
) -> Context:
    ctx: Context = {}
    given: Mapping[str, Any]
    if data is None:
        given = {}
    elif isinstance(data, Mapping):
        given = data
    else:
        problems.append(_problem(prefix, "render.data-not-object", actual=_json_type(data)))
        given = {}
    by_id = {f.id: f for f in fields}
    for key in given:
        if key not in by_id:
            problems.append(
                _problem(
                    f"{prefix}/{_escape_pointer(str(key))}",
                    "render.unknown-field",
                    form=form.id,
                    name=key,
                    available=", ".join(by_id),
                )
            )
    for f in fields:
        pointer = f"{prefix}/{f.id}"
        value = given.get(f.id)
        if f.type == "group":
            ctx[f.id] = _fields_context(form, f.fields, value, pointer, problems, f)
        else:
            ctx[f.id] = _scalar(f, value, pointer, problems, group)
    return ctx


def number_text(f: FormField, value: int | float) -> str:
    """A number field's value as printed: ``12``, ``12.5``, ``120 万元``
    (no ``.0`` after a whole number, no exponent, followed by the unit)."""
    text = format_number(value)
    return f"{text} {f.unit.zh}" if f.unit.zh else text


def _number(
    f: FormField, value: object, pointer: str, problems: list[Problem], group: FormField | None
) -> str:
    if isinstance(value, str) and not value.strip():
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        pass
    elif isinstance(value, int) or math.isfinite(value):  # (an int too large for a float)
        return number_text(f, value)
    problems.append(
        _problem(pointer, "render.bad-number", label=_label(f, group), actual=_json_type(value))
    )
    return ""


def _scalar(
    f: FormField, value: object, pointer: str, problems: list[Problem], group: FormField | None
) -> str:
    if value is None:
        return choice_boxes(f) if f.type == "choice" else ""
    if f.is_number:
        return _number(f, value, pointer, problems, group)
    if isinstance(value, str):
        text = normalise_text(value)
    elif _finite_number(value):
        text = str(value)
    else:
        problems.append(
            _problem(pointer, "render.bad-value", label=_label(f, group), actual=_json_type(value))
        )
        return ""
    if f.type == "choice":
        for c in f.choices:
            if c.value == text:
                return c.label.zh
    return text


def _finite_number(value: object) -> bool:
    """Whether ``value`` is a number JSON writes: no boolean, NaN or infinity."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def choice_boxes(f: FormField) -> str:
    """A choice field left blank, as the form prints it: an empty box before
    each choice's label (``□新建项目　□延续项目``), for the unit to tick one."""
    return "　".join(f"{EMPTY_BOX}{c.label.zh}" for c in f.choices)


def _label(f: FormField, group: FormField | None) -> Localized:
    """A field's label in each message's language: the English label where
    the edition gives one, else the Chinese; a sub-field's within its
    group's (``联系人（手机）``, ``Contact person (Mobile)``)."""
    zh, en = f.label.zh, f.label.get("en")
    if group is not None:
        zh, en = f"{group.label.zh}（{zh}）", f"{group.label.get('en')} ({en})"
    return Localized(zh=zh, en=en, value=zh)


def _escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _problem(pointer: str, code: str, **params: object) -> Problem:
    return Problem(file="data", path=pointer or "/", code=code, params=params)
