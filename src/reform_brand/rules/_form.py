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

import re
from collections.abc import Iterator
from typing import Any, Final

from jsonschema.exceptions import ValidationError

from reform_brand.engine._context import FieldInfo, RuleContext, json_type, pointer_of, type_words
from reform_brand.findings import Finding
from reform_brand.rules._base import MISSING, BuiltinRule, field_value, label_params
from reform_brand.schema import NOT_BLANK

__all__ = ["FormDataRule", "IssuerOnlyRule"]

_CONTACT_TYPES: Final = frozenset({"phone", "mobile", "email"})
#: For one field, the first of these keywords that fails is the one reported.
_VALUE_KEYWORDS: Final = ("type", "maxLength", "minLength", "format", "oneOf", "const", "pattern")
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
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        sub = ctx.submission
        form = ctx.index.forms.get(sub.form)
        if form is None:
            return
        fields = ctx.index.fields[form.id]
        clause = form.clause
        by_pointer: dict[str, list[ValidationError]] = {}
        structural: list[ValidationError] = []
        for err in ctx.data_errors:
            if err.validator in ("required", "additionalProperties"):
                structural.append(err)
            else:
                by_pointer.setdefault(pointer_of(err.absolute_path), []).append(err)

        seen: set[str] = set()
        for err in structural:
            parent = pointer_of(err.absolute_path)
            instance = err.instance if isinstance(err.instance, dict) else {}
            required: Any = err.validator_value
            schema: Any = err.schema
            if err.validator == "required":
                for name in required:
                    ptr = f"{parent}/{pointer_of([name])[1:]}"
                    if name in instance or ptr in seen:
                        continue
                    seen.add(ptr)
                    info = fields.get(ptr)
                    yield ctx.finding(
                        "form.required",
                        rule=self.id,
                        submission=sub,
                        pointer="/data" + ptr,
                        clause=info.field.clause if info else clause,
                        field=ptr,
                        **label_params(info.field if info else None, name),
                    )
            else:
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
                        submission=sub,
                        pointer="/data" + ptr,
                        clause=clause,
                        name=str(key),
                        form=form.id,
                    )

        for ptr, errs in by_pointer.items():
            err = min(errs, key=_rank)
            info = fields.get(ptr)
            yield from self._value_finding(ctx, err, ptr, info, clause)

        # Control characters (NUL, escape...) cannot stand in a Word form:
        # the renderer drops them, so the sender is told which field held them.
        for ptr, info in fields.items():
            if ptr in by_pointer:
                continue
            value = field_value(sub.data, tuple(ptr.strip("/").split("/")))
            if isinstance(value, str) and _CONTROL.search(value):
                yield ctx.finding(
                    "form.control-chars",
                    rule=self.id,
                    submission=sub,
                    pointer="/data" + ptr,
                    clause=info.field.clause,
                    **label_params(info.field, ptr),
                )

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
        if (
            f is not None
            and f.filled_by == "issuer"
            and f.filled_by != ctx.index.forms[ctx.submission.form].role
        ):
            return  # the issuer-only rule's
        if kw == "type":
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
            yield ctx.finding("form.too-long", **where, **labels, length=len(value), limit=limit)
        elif kw == "minLength":
            code = "form.empty" if limit == 1 else "form.too-short"
            yield ctx.finding(code, **where, **labels, limit=limit)
        elif kw == "pattern":
            if f is not None and f.type in _CONTACT_TYPES:
                if isinstance(value, str) and not value.strip():
                    yield ctx.finding("form.blank", **where, **labels)
                return  # the rest is the contacts rule's
            if limit == _NOT_BLANK:
                yield ctx.finding("form.blank", **where, **labels)
            else:
                yield ctx.finding(
                    "form.pattern", **where, **labels, example=(f.example if f else "") or "-"
                )
        elif kw == "format":
            yield ctx.finding(
                "form.date", **where, **labels, example=(f.example if f else "") or "2022-08-15"
            )
        elif kw in ("oneOf", "const", "enum"):
            allowed = tuple(c.value for c in f.choices) if f is not None else ()
            yield ctx.finding("form.choice", **where, **labels, allowed=allowed or ("-",))
        else:
            yield ctx.finding("form.invalid", **where, **labels, keyword=str(kw))


def _rank(err: ValidationError) -> int:
    kw = str(err.validator)
    return _VALUE_KEYWORDS.index(kw) if kw in _VALUE_KEYWORDS else len(_VALUE_KEYWORDS)


class IssuerOnlyRule(BuiltinRule):
    id = "issuer-only"
    codes = ("issuer-field.filled",)

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        sub = ctx.submission
        form = ctx.index.forms.get(sub.form)
        if form is None or form.role == "issuer" or not isinstance(sub.data, dict):
            return
        issuer = ctx.edition.issuer.name
        for info in ctx.index.fields_of(form.id, "issuer"):
            value = field_value(sub.data, info.path)
            if value is MISSING or value is None:
                continue
            if isinstance(value, str) and not value.strip():
                continue
            yield ctx.finding(
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
