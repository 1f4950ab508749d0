"""The form data against the form's JSON Schema, and issuer-only fields.

Ownership (so that one problem gives one finding):

* ``form-data`` reports what the form's JSON Schema finds in ``data``:
  missing required fields (one finding each), unknown fields, wrong types,
  empty or blank required fields, values over a field's character cap
  (``max_chars``), dates, choices and the patterns of non-contact fields.
  Per field only the first of type, length, emptiness and pattern problems is
  reported.  It leaves out the ``pattern`` of contact fields (``phone``,
  ``mobile``, ``email``: the ``contacts`` rule says what is expected) and
  fields filled by the issuer (the ``issuer-only`` rule).
* ``issuer-only`` reports an issuer-only field (省科协意见) that holds text.
  An issuer-only key left empty (``""`` or ``null``) is accepted silently.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from jsonschema.exceptions import ValidationError

from reform_brand.catalogue import Localized
from reform_brand.engine._context import json_type, pointer_of, type_words
from reform_brand.engine._keywords import keyword_problem
from reform_brand.engine._plain import closed_size
from reform_brand.engine._plaincheck import controlled
from reform_brand.model import Choice
from reform_brand.names import is_blank
from reform_brand.plugin import (
    EditionIndex,
    FieldInfo,
    Finding,
    Form,
    FormField,
    Quiet,
    RuleContext,
)
from reform_brand.rules._base import MISSING, BuiltinRule, field_value, label_params
from reform_brand.rules._contacts import beyond_reading, contact_verdict
from reform_brand.schema import NOT_BLANK, format_number
from reform_brand.submission import Submission

__all__ = ["FormDataRule", "IssuerOnlyRule"]

_CONTACT_TYPES: Final = frozenset({"phone", "mobile", "email"})
#: For one field, the first of these keywords that fails is the one reported.
_VALUE_KEYWORDS: Final = (
    "type",
    "minimum",
    "maximum",
    "maxLength",
    "minLength",
    "format",
    "oneOf",
    "const",
    "pattern",
)
_NOT_BLANK: Final = NOT_BLANK
#: C0 controls but tab, line feed and carriage return; DEL.
_CONTROL: Final = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]")


class FormDataRule(BuiltinRule):
    id = "form-data"
    codes = (
        "form.required",
        "form.unknown-field",
        "form.type",
        "form.empty",
        "form.blank",
        "form.too-long",
        "form.too-short",
        "form.pattern",
        "form.date",
        "form.choice",
        "form.invalid",
        "form.control-chars",
        "form.number",
        "form.integer",
        "form.minimum",
        "form.maximum",
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        form = ctx.index.forms.get(ctx.submission.form)
        if form is None:
            return ()
        fields = ctx.index.fields[form.id]
        # The raw values are looked at field by field only when the data
        # holds one to report (and, in the usual case, the schema found
        # nothing).
        suspect = _suspect_values(ctx.submission.data)
        if not ctx.data_errors:
            return self._raw_values(ctx, fields, {}) if suspect else ()
        return self._schema_findings(ctx, form, fields, suspect)

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when the data holds no raw value :meth:`check` reports (a
        text with a control character, a float that is not finite, data
        nested deeper than it looks): with no schema errors, as on a plain
        submission, that is all it reports.  A plain submission's data holds
        neither of the first two (docs/hooks.md), so the data of a form
        whose schema nests no deeper than the check looks has nothing to
        report."""
        shallow = frozenset(
            form_id
            for form_id, validator in index.data.items()
            if isinstance(validator.schema, Mapping)
            and (size := closed_size(validator.schema)) is not None
            and size[1] < _SCAN_LEVELS
        )

        def test(sub: Submission, now: dt.datetime) -> bool:
            return sub.form in shallow or not _suspect_values(sub.data)

        return test

    def _schema_findings(
        self, ctx: RuleContext, form: Form, fields: Mapping[str, FieldInfo], suspect: bool
    ) -> Iterator[Finding]:
        """The findings of a form whose data the schema finds errors in."""
        by_pointer: dict[str, list[ValidationError]] = {}
        structural: list[ValidationError] = []
        for err in ctx.data_errors:
            if err.validator in ("required", "additionalProperties"):
                structural.append(err)
            else:
                by_pointer.setdefault(pointer_of(err.absolute_path), []).append(err)

        seen: set[str] = set()
        for err in structural:
            if err.validator == "required":
                yield from self._required(ctx, err, fields, form.clause, seen)
            else:
                yield from self._unknown(ctx, err, fields, form, seen)

        for ptr, errs in by_pointer.items():
            err = errs[0] if len(errs) == 1 else min(errs, key=_rank)
            info = fields.get(ptr)
            yield from self._value_finding(ctx, err, ptr, info, form.clause)

        if suspect:
            yield from self._raw_values(ctx, fields, by_pointer)

    def _required(
        self,
        ctx: RuleContext,
        err: ValidationError,
        fields: Mapping[str, FieldInfo],
        clause: str,
        seen: set[str],
    ) -> Iterator[Finding]:
        parent = pointer_of(err.absolute_path)
        instance = err.instance if isinstance(err.instance, dict) else {}
        required: Any = err.validator_value
        for name in required:
            if name in instance:
                continue
            ptr = f"{parent}{pointer_of([name])}"
            if ptr in seen:
                continue
            seen.add(ptr)
            info = fields.get(ptr)
            yield ctx.finding(
                "form.required",
                rule=self.id,
                submission=ctx.submission,
                pointer="/data" + ptr,
                clause=info.field.clause if info else clause,
                field=ptr,
                **label_params(info.field if info else None, name),
            )

    def _unknown(
        self,
        ctx: RuleContext,
        err: ValidationError,
        fields: Mapping[str, FieldInfo],
        form: Form,
        seen: set[str],
    ) -> Iterator[Finding]:
        parent = pointer_of(err.absolute_path)
        instance = err.instance if isinstance(err.instance, dict) else {}
        schema: Any = err.schema
        props = schema.get("properties", {})
        for key in instance:
            if key in props:
                continue
            ptr = f"{parent}{pointer_of([key])}"
            info = fields.get(ptr)
            if info is not None and info.field.filled_by == "issuer":
                continue  # the issuer-only rule's
            if ptr in seen:
                continue
            seen.add(ptr)
            yield ctx.finding(
                "form.unknown-field",
                rule=self.id,
                submission=ctx.submission,
                pointer="/data" + ptr,
                clause=form.clause,
                name=str(key),
                form=form.id,
            )

    def _raw_values(
        self,
        ctx: RuleContext,
        fields: Mapping[str, FieldInfo],
        by_pointer: Mapping[str, list[ValidationError]],
    ) -> Iterator[Finding]:
        """What the schema lets through: control characters (NUL, escape...)
        cannot stand in a Word form (the renderer drops them, so the sender is
        told which field held them); NaN and infinities pass the schema's
        "number" (the JSON reader refuses them, the Python API may not)."""
        sub = ctx.submission
        data = sub.data
        for ptr, info in fields.items():
            value = field_value(data, info.path)
            if isinstance(value, str):
                # A printable text holds no control character (found faster).
                if value.isprintable() or _CONTROL.search(value) is None or ptr in by_pointer:
                    continue
                code = "form.control-chars"
            elif isinstance(value, float) and not math.isfinite(value) and ptr not in by_pointer:
                code = "form.number"
            else:
                continue
            where: dict[str, Any] = {
                "rule": self.id,
                "submission": sub,
                "pointer": "/data" + ptr,
                "clause": info.field.clause,
            }
            labels = label_params(info.field, ptr)
            if code == "form.number":
                yield _number_finding(ctx, "type", value, info.field, where, labels)
            else:
                yield ctx.finding(code, **where, **labels)

    def _value_finding(
        self,
        ctx: RuleContext,
        err: ValidationError,
        ptr: str,
        info: FieldInfo | None,
        clause: str,
    ) -> Iterator[Finding]:
        sub = ctx.submission
        f = info.field if info else None
        if _left_to_issuer(ctx, f):
            return  # the issuer-only rule's
        where: dict[str, Any] = {
            "rule": self.id,
            "submission": sub,
            "pointer": "/data" + ptr,
            "clause": f.clause if f else clause,
        }
        labels = label_params(f, ptr.rsplit("/", 1)[-1])
        kw = err.validator
        value: Any = err.instance
        limit: Any = err.validator_value
        if f is not None and f.is_number and kw in ("type", "minimum", "maximum"):
            yield _number_finding(ctx, kw, value, f, where, labels)
        elif kw == "type":
            expected = limit
            params = {
                **labels,
                "expected": type_words(expected, "zh"),
                "expected_en": type_words(expected, "en"),
                "actual": type_words(json_type(value), "zh"),
                "actual_en": type_words(json_type(value), "en"),
            }
            yield ctx.finding("form.type", **where, **params)
        elif kw == "maxLength":
            if (
                f is not None
                and f.type in _CONTACT_TYPES
                and not beyond_reading(f, value)
                and not contact_verdict(f, value)
            ):
                # Blank (the contacts rule reads nothing in it), else out of
                # format: the contacts rule's, before any length.
                if is_blank(value):
                    yield ctx.finding("form.blank", **where, **labels)
                return
            yield ctx.finding("form.too-long", **where, **labels, length=len(value), limit=limit)
        elif kw == "minLength":
            code = "form.empty" if limit == 1 else "form.too-short"
            yield ctx.finding(code, **where, **labels, limit=limit)
        else:
            yield from _text_finding(ctx, str(kw), limit, f, where, labels, value=value)


#: How many objects deep :func:`_suspect_values` looks (a form's fields
#: lie one or two deep): data nested deeper is looked at field by field.
_SCAN_LEVELS: Final = 8


def _suspect_values(data: object, levels: int = _SCAN_LEVELS) -> bool:
    """Whether ``data`` may hold what :meth:`FormDataRule._raw_values` reports:
    a text with a control character or a float that is not finite, found
    among the values of its objects (and of the objects inside them, down
    to ``levels``).  Every field's value is one of those, so False means
    there is nothing to report, found without walking the form's fields
    one by one; True means the fields are looked at: also for data nested
    deeper than ``levels``, and for a value of a subclass of ``str``,
    ``float`` or ``dict`` (which only the Python API can give)."""
    if type(data) is not dict:
        return isinstance(data, dict)  # not an object: no field has a value
    texts: list[str] = []
    if _suspect_besides_texts(data, levels, texts):
        return True
    # (All texts at once: the control characters of :data:`_CONTROL`.)
    return controlled("".join(texts))


def _suspect_besides_texts(data: dict[str, Any], levels: int, texts: list[str]) -> bool:
    """:func:`_suspect_values` but for the texts, which are added to
    ``texts`` (those of the objects down to ``levels``)."""
    if levels == 0:
        return True
    for value in data.values():
        kind = type(value)
        if kind is str:
            texts.append(value)
        elif kind is float:
            if not math.isfinite(value):
                return True
        elif kind is dict:
            if _suspect_besides_texts(value, levels - 1, texts):
                return True
        elif isinstance(value, str | float | dict):
            return True
    return False


def _left_to_issuer(ctx: RuleContext, f: FormField | None) -> bool:
    """A field the issuer fills, in a form someone else fills: the
    ``issuer-only`` rule reports it."""
    form = ctx.index.forms.get(ctx.submission.form)
    return f is not None and f.filled_by == "issuer" and form is not None and form.role != "issuer"


def _text_finding(
    ctx: RuleContext,
    kw: str,
    limit: Any,
    f: FormField | None,
    where: dict[str, Any],
    labels: dict[str, Any],
    value: object = None,
) -> Iterator[Finding]:
    """Patterns, dates, choices and any other keyword a text field fails."""
    if kw == "pattern":
        if f is not None and f.type in _CONTACT_TYPES:
            if isinstance(value, str) and is_blank(value):
                yield ctx.finding("form.blank", **where, **labels)
            return  # the rest is the contacts rule's
        if limit == _NOT_BLANK:
            yield ctx.finding("form.blank", **where, **labels)
        else:
            yield ctx.finding(
                "form.pattern", **where, **labels, example=(f.example if f else "") or "-"
            )
    elif kw == "format":  # without the field's example, the edition's own date
        issued = ctx.edition.issued.isoformat()
        yield ctx.finding(
            "form.date", **where, **labels, example=(f.example if f else "") or issued
        )
    elif kw in ("oneOf", "const", "enum"):
        choices = f.choices if f is not None else ()
        allowed = tuple(c.value for c in choices)
        yield ctx.finding(
            "form.choice", **where, **labels, allowed=allowed or ("-",), choices=_choices(choices)
        )
    else:
        problem = keyword_problem(kw, limit)
        yield ctx.finding("form.invalid", **where, **labels, keyword=kw, problem=problem)


def _choices(choices: tuple[Choice, ...]) -> Localized:
    """The choices as the form prints them: their Chinese labels, and in
    English each label with the value a portal sends."""
    if not choices:
        return Localized(zh="-", en="-")
    return Localized(
        zh="、".join(c.label.zh for c in choices),
        en=", ".join(f"{c.label.en or c.label.zh} ({c.value})" for c in choices),
    )


def _number_finding(
    ctx: RuleContext,
    kw: str,
    value: object,
    f: FormField,
    where: dict[str, Any],
    labels: dict[str, Any],
) -> Finding:
    """The finding for a number field: blank when required, not a number,
    not a whole number, or out of its range."""
    # Not "unit": that parameter of ctx.finding names the submitting unit.
    unit: dict[str, Any] = {
        "unit_suffix": f" {f.unit.zh}" if f.unit.zh else "",
        "unit_suffix_en": _unit_en(f),
    }
    if kw == "minimum" and f.minimum is not None:
        return ctx.finding("form.minimum", **where, **labels, **unit, minimum=_num(f.minimum))
    if kw == "maximum" and f.maximum is not None:
        return ctx.finding("form.maximum", **where, **labels, **unit, maximum=_num(f.maximum))
    if f.required and (value is None or (isinstance(value, str) and is_blank(value))):
        return ctx.finding("form.empty", **where, **labels)
    if f.type == "integer" and isinstance(value, float) and math.isfinite(value):
        return ctx.finding("form.integer", **where, **labels)
    finite = not isinstance(value, float) or math.isfinite(value)
    return ctx.finding(
        "form.number",
        **where,
        **labels,
        actual=type_words(json_type(value), "zh") if finite else "NaN 或无穷大",
        actual_en=type_words(json_type(value), "en") if finite else "NaN or infinity",
        example=_num(f.example) if f.example else "120",
    )


def _unit_en(f: FormField) -> str:
    unit = f.unit.en or f.unit.zh
    return f" {unit}" if unit else ""


def _num(value: int | float | str) -> str:
    if isinstance(value, str):
        return value
    return format_number(value)


def _rank(err: ValidationError) -> int:
    kw = str(err.validator)
    return _VALUE_KEYWORDS.index(kw) if kw in _VALUE_KEYWORDS else len(_VALUE_KEYWORDS)


class IssuerOnlyRule(BuiltinRule):
    id = "issuer-only"
    codes = ("issuer-field.filled",)

    def check(self, ctx: RuleContext) -> list[Finding]:
        sub = ctx.submission
        data = sub.data
        if not isinstance(data, dict):
            return []
        out: list[Finding] = []
        for info in ctx.index.derived(_issuer_fields).get(sub.form, ()):
            value = field_value(data, info.path)
            if value is MISSING or value is None:
                continue
            if isinstance(value, str) and is_blank(value):
                continue
            out.append(self._filled(ctx, sub, info))
        return out

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when every issuer-only field of the form is absent, null or
        blank: :meth:`check` reports only one that holds something."""
        paths = {
            form_id: tuple(info.path for info in fields)
            for form_id, fields in index.derived(_issuer_fields).items()
            if fields
        }

        def test(sub: Submission, now: dt.datetime) -> bool:
            given = paths.get(sub.form)
            if given is None:
                return True  # (the usual case: the form has no issuer's field)
            data = sub.data
            for path in given:
                value = field_value(data, path)
                if value is MISSING or value is None:
                    continue
                if not isinstance(value, str) or not is_blank(value):
                    return False
            return True

        return test

    def _filled(self, ctx: RuleContext, sub: Submission, info: FieldInfo) -> Finding:
        issuer = ctx.edition.issuer.name
        return ctx.finding(
            "issuer-field.filled",
            rule=self.id,
            submission=sub,
            pointer="/data" + info.pointer,
            clause=info.field.clause,
            issuer=issuer.zh,
            issuer_en=issuer.en or issuer.zh,
            field=info.pointer,
            **label_params(info.field),
        )


def _issuer_fields(index: EditionIndex) -> dict[str, tuple[FieldInfo, ...]]:
    """Per form that someone other than the issuer fills, its issuer-only
    fields."""
    return {
        form.id: index.fields_of(form.id, "issuer")
        for form in index.forms.values()
        if form.role != "issuer"
    }
