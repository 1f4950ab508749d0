"""Structure problems of a submission envelope, from its JSON Schema errors:
one finding per problem and pointer, in our own words (jsonschema's
messages are English and repeat the input)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from jsonschema.exceptions import ValidationError

from reform_brand.catalogue import Localized, choices
from reform_brand.engine._context import EditionIndex, json_type, pointer_of, type_words
from reform_brand.engine._keywords import keyword_problem
from reform_brand.findings import Finding, clip
from reform_brand.model import Edition
from reform_brand.moments import DAYS_READ, out_of_range
from reform_brand.schema import ENVELOPE_VERSION, NOT_BLANK
from reform_brand.submission import Submission

__all__ = ["envelope_findings", "form_choices", "rules_can_look", "schema_errors"]


def schema_errors(
    index: EditionIndex,
    value: dict[str, Any],
    sub: Submission,
    shape_ok: bool,
    data_checked: bool = False,
) -> tuple[list[ValidationError], tuple[ValidationError, ...]]:
    """The errors of the envelope's JSON Schema (none run for an envelope of
    the usual shape, ``shape_ok``) and of its form data's (``sub.data``).
    The compiled check first; jsonschema only to explain a failure
    (``data_checked``: the data's compiled check has failed already).

    jsonschema writes the value it judges into its messages: an integer of
    more digits than Python writes out (4,300; a value given by code, as no
    JSON text gets one through) made it raise.  Such integers are judged
    again as integers that write themselves out short, so that the finding
    is the one any other wrong value there gets (``envelope.type``,
    ``envelope.version``, the form's)."""
    try:
        return _schema_errors(index, value, sub.form, sub.data, shape_ok, data_checked)
    except ValueError:
        huge, data = _short_written(value), _short_written(sub.data)
        if huge is value and data is sub.data:
            raise  # (not an integer too long to write out)
        return _schema_errors(index, huge, sub.form, data, shape_ok, data_checked)


def _schema_errors(
    index: EditionIndex,
    value: dict[str, Any],
    form_id: str,
    data: object,
    shape_ok: bool,
    data_checked: bool,
) -> tuple[list[ValidationError], tuple[ValidationError, ...]]:
    envelope_errors: list[ValidationError] = []
    data_errors: tuple[ValidationError, ...] = ()
    if not shape_ok and not (index.fast_envelope is not None and index.fast_envelope(value)):
        envelope_errors = list(index.envelope.iter_errors(value))
    data_validator = index.data.get(form_id)
    if data_validator is not None and isinstance(data, dict):
        fast = None if data_checked else index.fast_data.get(form_id)
        if fast is None or not fast(data):
            data_errors = tuple(data_validator.iter_errors(data))
    return envelope_errors, data_errors


class _LongInt(int):
    """An integer too long to write out, written as how long it is."""

    def __repr__(self) -> str:
        return f"<an integer of {self.bit_length()} bits>"

    __str__ = __repr__


def _short_written(value: Any) -> Any:
    """``value`` with each integer too long to write out as a
    :class:`_LongInt` of the same value (the dicts and lists that hold one
    copied); ``value`` itself when it holds none."""
    if type(value) is int:
        limit = sys.get_int_max_str_digits()
        # (10**digits has some 3.32 bits a digit: 3 a digit is on the safe side.)
        return _LongInt(value) if limit and value.bit_length() > 3 * limit else value
    if isinstance(value, dict):
        items = {k: _short_written(v) for k, v in value.items()}
        same = all(items[k] is v for k, v in value.items())
        return value if same else items
    if isinstance(value, list | tuple):
        seq = [_short_written(v) for v in value]
        return value if all(a is b for a, b in zip(seq, value, strict=True)) else seq
    return value


def envelope_findings(errors: list[ValidationError], make: Callable[..., Finding]) -> list[Finding]:
    """``envelope.*`` findings for ``errors``: a missing or unknown member
    once per member, a type problem once per pointer (and nothing else about
    that pointer), any other keyword once per pointer."""
    out: list[Finding] = []
    typed: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for err in sorted(errors, key=lambda e: e.validator != "type"):
        ptr = pointer_of(list(err.absolute_path))
        kw = str(err.validator)
        if kw in ("required", "additionalProperties"):
            out.extend(_member_findings(err, ptr, seen, make))
            continue
        if ptr in typed or (kw, ptr) in seen:
            continue
        seen.add((kw, ptr))
        if kw == "type":
            typed.add(ptr)
        out.append(_value_finding(err, kw, ptr, make))
    return out


def _member_findings(
    err: ValidationError, ptr: str, seen: set[tuple[str, str]], make: Callable[..., Finding]
) -> list[Finding]:
    instance = err.instance if isinstance(err.instance, dict) else {}
    out: list[Finding] = []
    if err.validator == "required":
        value: Any = err.validator_value
        for name in value:
            child = f"{ptr}/{name}"
            if name not in instance and ("required", child) not in seen:
                seen.add(("required", child))
                out.append(make("envelope.required", child, name=name))
        return out
    schema: Any = err.schema
    props = schema.get("properties", {})
    for key in instance:
        child = ptr + pointer_of([key])
        if key not in props and ("extra", child) not in seen:
            seen.add(("extra", child))
            out.append(make("envelope.unknown-key", child, name=clip(str(key))))
    return out


def _field(err: ValidationError, ptr: str) -> Localized:
    """The member a problem is about, by its schema title (``单位名称``), else
    by its pointer."""
    schema: Any = err.schema
    title = schema.get("title") if isinstance(schema, dict) else None
    if not isinstance(title, str) or not title:
        return Localized(zh=ptr or "/", en=ptr or "/")
    x_en = schema.get("x-en")
    en = x_en.get("title") if isinstance(x_en, dict) else None
    short = en.split(" (")[0].split(",")[0].split(";")[0] if isinstance(en, str) else ""
    return Localized(zh=title, en=short or ptr or title)


def _value_finding(
    err: ValidationError, kw: str, ptr: str, make: Callable[..., Finding]
) -> Finding:
    value: Any = err.validator_value
    field = _field(err, ptr)
    if kw == "type":
        actual = json_type(err.instance)
        return make(
            "envelope.type",
            ptr,
            field=field,
            expected=type_words(value, "zh"),
            expected_en=type_words(value, "en"),
            actual=type_words(actual, "zh"),
            actual_en=type_words(actual, "en"),
        )
    if kw == "const" and ptr == "/version":
        return make("envelope.version", ptr, supported=str(ENVELOPE_VERSION))
    if (kw == "minLength" and value == 1) or (kw == "pattern" and value == NOT_BLANK):
        return make("envelope.empty", ptr, field=field)
    if kw == "maxLength":
        instance: Any = err.instance
        return make("envelope.too-long", ptr, field=field, length=len(instance), limit=value)
    if kw == "uniqueItems":
        return make("envelope.duplicate-items", ptr, field=field)
    if (
        kw == "oneOf"
        and isinstance(value, list)
        and all(isinstance(v, dict) and "const" in v for v in value)
    ):
        # An edition's choice list (form, unit kind, reform item): its names.
        names = [str(v.get("title") or v["const"]) for v in value]
        consts = [str(v["const"]) for v in value]
        problem = Localized(
            zh=f"应为 {'、'.join(names)} 之一", en=f"must be one of {', '.join(consts)}", value=kw
        )
        return make("envelope.invalid", ptr, field=field, keyword=kw, problem=problem)
    problem = _problem(kw, value, err.instance)
    return make("envelope.invalid", ptr, field=field, keyword=kw, problem=problem)


def _problem(keyword: str, limit: object, instance: object) -> Localized:
    """:func:`keyword_problem`, but for a date-time refused only for its day
    (an attachment's ``modified_at``), said as
    ``deadline.arrival-out-of-range`` says it: not "not in the right form"."""
    edge = keyword == "format" and limit == "date-time" and isinstance(instance, str)
    if not (edge and out_of_range(str(instance))):
        return keyword_problem(keyword, limit)
    first, last = DAYS_READ
    return Localized(
        zh=f"日期超出可接受的范围：应在 {first} 至 {last} 之间",
        en=f"its date is out of the range of dates accepted: it must be from {first} to {last}",
        value="format",
    )


def rules_can_look(value: dict[str, Any], sub: Submission) -> bool:
    """Whether an envelope is whole enough for the rules: edition, form, unit
    and data present (or a materials-only envelope with its edition)."""
    if not isinstance(value.get("edition"), str):
        return False
    if sub.material_only:
        return True
    return (
        isinstance(value.get("form"), str)
        and isinstance(value.get("unit"), dict)
        and "data" in value
    )


def form_choices(edition: Edition) -> Localized:
    """The edition's forms by their titles, each with the id an envelope
    gives: ``附件 1《…申报表》（application）、…``."""
    return choices(
        (
            f.id,
            f"{f.attachment}《{f.title.zh}》",
            f"{f.attachment_in('en')}, {f.title.en or f.title.zh}",
        )
        for f in edition.forms
    )
