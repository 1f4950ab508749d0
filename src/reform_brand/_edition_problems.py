"""An edition's data checked against its JSON Schema: each error of
jsonschema as the problems it stands for, in the file that holds (or should
hold) the value, once each."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

from reform_brand.codes._info import Localized
from reform_brand.codes.parsers import type_names
from reform_brand.errors import Problem

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["MAIN_FILE", "format_path", "schema_detail", "schema_problems"]

#: The file a problem is placed in when no file of the edition holds its
#: top-level key (a key missing from them all): the edition's main file,
#: where a key goes unless the data is split.
MAIN_FILE: Final = "edition.toml"


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
    found = {(p.file, p.path, p.code): p for e in errors for p in _problems_of(e, origin)}
    yield from found.values()
    told = {path for _, path, _ in found}
    for key, value in data.items():
        not_finite = _not_finite(value, [key], origin.get(key, MAIN_FILE))
        yield from (p for p in not_finite if p.path not in told)


def _not_finite(value: object, parts: list[str | int], file: str) -> Iterator[Problem]:
    """``edition.schema.other`` for each number that is not finite (TOML's
    ``inf``, ``nan``, or ``1e400``), which jsonschema takes as a number but
    which a form's JSON Schema cannot carry (JSON has no such number)."""
    if isinstance(value, float) and not math.isfinite(value):
        detail = Localized(
            zh=f"取值 {value} 不是有限的数（JSON 中没有 inf 和 nan）",
            en=f"{value} is not a finite number (JSON has no inf or nan)",
            value=f"{value} is not a finite number (JSON has no inf or nan)",
        )
        path = format_path(parts)
        yield Problem(file=file, path=path, code="edition.schema.other", params={"detail": detail})
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _not_finite(item, [*parts, str(key)], file)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _not_finite(item, [*parts, i], file)


def _problems_of(err: ValidationError, origin: Mapping[str, str]) -> Iterator[Problem]:
    """The problems one JSON Schema error of an edition's data stands for."""
    from reform_brand.converter import json_type

    parts = list(err.absolute_path)
    top = str(parts[0]) if parts else ""
    if err.validator in ("required", "additionalProperties"):
        yield from _member_problems(err, parts, top, origin)
        return
    file = origin.get(top, MAIN_FILE)
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
        params = {"detail": schema_detail(err)}
        yield Problem(file=file, path=path, code="edition.schema.other", params=params)


#: Format names of the edition schema, in Chinese.
_FORMATS = {
    "date-time": "带时区的日期时间",
    "date": "日期",
    "email": "电子邮箱",
    "uri": "网址",
}


def _short(text: str) -> str:
    return text if len(text) <= 300 else text[:300] + "…"


def schema_detail(err: ValidationError) -> Localized:
    """What a JSON Schema error of an edition's data says, in Chinese (no
    English words of jsonschema's) and, in English and as its value,
    jsonschema's own message."""
    en = _short(err.message)
    kind, limit, value = err.validator, err.validator_value, err.instance
    size = len(value) if isinstance(value, str | list | dict) else 0
    shown = _short(value if isinstance(value, str) else repr(value))
    if kind == "minLength" and size == 0:
        zh = "不能为空"
    elif kind in ("minLength", "maxLength"):
        bound = "最少" if kind == "minLength" else "最多"
        zh = f"长度为 {size} 个字符，{bound} {limit} 个"
    elif kind in ("minItems", "maxItems"):
        bound = "至少" if kind == "minItems" else "至多"
        zh = f"有 {size} 项，应{bound}有 {limit} 项"
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        relation = {
            "minimum": "不小于",
            "maximum": "不大于",
            "exclusiveMinimum": "大于",
            "exclusiveMaximum": "小于",
        }[str(kind)]
        zh = f"取值 {shown} 应{relation} {limit}"
    elif kind == "uniqueItems":
        zh = "各项不得重复"
    elif kind == "pattern":
        zh = f"取值“{shown}”不符合规定的格式（正则表达式 {limit}）"
    elif kind == "format":
        zh = f"取值“{shown}”不是有效的{_FORMATS.get(str(limit), '格式')}"
    else:
        zh = "取值不符合版本数据的格式"
    return Localized(zh=zh, en=en, value=en)


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
            file=origin.get(top or str(name), MAIN_FILE),
            path=format_path([*parts, name]),
            code=code,
            params={"name": name},
        )
