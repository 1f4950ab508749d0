"""An edition's data checked against its JSON Schema: each error of
jsonschema as the problems it stands for, in the file that holds (or should
hold) the value, once each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from reform_brand.codes.parsers import type_names
from reform_brand.errors import Problem

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["format_path", "schema_problems"]


def format_path(parts: Iterable[str | int]) -> str:
    """``["forms", 0, "fields", 2]`` -> ``forms[0].fields[2]``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_SCHEMA_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "array": "array",
    "object": "table",
    "null": "null",
}


def schema_problems(data: Mapping[str, Any], origin: Mapping[str, str]) -> Iterator[Problem]:
    from reform_brand._schemas import validator

    errors = sorted(validator("edition").iter_errors(data), key=lambda e: list(map(str, e.path)))
    # (jsonschema gives one error per missing member, each naming them all.)
    yield from {
        (p.file, p.path, p.code): p for e in errors for p in _problems_of(e, origin)
    }.values()


def _problems_of(err: ValidationError, origin: Mapping[str, str]) -> Iterator[Problem]:
    """The problems one JSON Schema error of an edition's data stands for."""
    from reform_brand.converter import json_type

    parts = list(err.absolute_path)
    top = str(parts[0]) if parts else ""
    if err.validator in ("required", "additionalProperties"):
        yield from _member_problems(err, parts, top, origin)
        return
    file = origin.get(top, "edition")
    path = format_path(parts)
    if err.validator == "type":
        expected: Any = err.validator_value
        names: list[str] = [expected] if isinstance(expected, str) else list(expected)
        actual = json_type(err.instance)
        params: dict[str, object] = {
            "expected": type_names([_SCHEMA_TYPES.get(n, n) for n in names]),
            "actual": type_names(_SCHEMA_TYPES.get(actual, actual)),
        }
        yield Problem(file=file, path=path, code="edition.schema.type", params=params)
    elif err.validator in ("enum", "const"):
        value: Any = err.validator_value
        allowed_values: list[Any] = value if err.validator == "enum" else [value]
        params = {"allowed": ", ".join(map(str, allowed_values))}
        yield Problem(file=file, path=path, code="edition.schema.enum", params=params)
    elif path == "deadline.at" and err.validator == "format":
        yield Problem(file=file, path=path, code="edition.deadline-naive", params={})
    else:
        detail = err.message if len(err.message) <= 300 else err.message[:300] + "…"
        params = {"detail": detail}
        yield Problem(file=file, path=path, code="edition.schema.other", params=params)


def _member_problems(
    err: ValidationError, parts: list[Any], top: str, origin: Mapping[str, str]
) -> Iterator[Problem]:
    """A required member missing, or a member the format does not know: one
    problem per member, in the file that holds (or should hold) it."""
    instance = err.instance if isinstance(err.instance, dict) else {}
    if err.validator == "required":
        required = err.validator_value if isinstance(err.validator_value, list) else []
        names = [name for name in required if name not in instance]
        code = "edition.schema.required"
    else:
        schema = err.schema if isinstance(err.schema, dict) else {}
        allowed = set(schema.get("properties", {}))
        names = sorted(k for k in instance if k not in allowed)
        code = "edition.schema.additional"
    for name in names:
        yield Problem(
            file=origin.get(top or str(name), "edition"),
            path=format_path([*parts, name]),
            code=code,
            params={"name": name},
        )
