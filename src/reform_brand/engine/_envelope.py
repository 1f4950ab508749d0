"""Structure problems of a submission envelope, from its JSON Schema errors:
one finding per problem and pointer, in our own words (jsonschema's
messages are English and repeat the input)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jsonschema.exceptions import ValidationError

from reform_brand.catalogue import Localized
from reform_brand.engine._context import json_type, pointer_of, type_words
from reform_brand.engine._keywords import keyword_problem
from reform_brand.findings import Finding, clip
from reform_brand.schema import ENVELOPE_VERSION, NOT_BLANK
from reform_brand.submission import Submission

__all__ = ["envelope_findings", "rules_can_look"]


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
    return make(
        "envelope.invalid", ptr, field=field, keyword=kw, problem=keyword_problem(kw, value)
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
