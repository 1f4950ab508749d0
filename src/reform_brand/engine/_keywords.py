"""What a JSON Schema keyword a value fails means, in words a clerk reads.

``form.invalid`` and ``envelope.invalid`` carry the keyword (``keyword``,
for programs) and :func:`keyword_problem` (``problem``, for people): "不能小于
1", "至多 3 项", never "minimum" inside a Chinese sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from reform_brand.catalogue import Localized
from reform_brand.engine._context import type_words

__all__ = ["KEYWORD_PROBLEMS", "keyword_problem"]

_FORMATS: Final[dict[str, tuple[str, str]]] = {
    "date-time": (
        "带时区的日期时间（写明日期、时刻和时区偏移）",
        "a date and time with its offset",
    ),
    "date": ("日期，格式 YYYY-MM-DD", "a date written YYYY-MM-DD"),
    "time": ("时间，如 09:00:00+08:00", "a time such as 09:00:00+08:00"),
    "email": ("电子邮箱地址", "an e-mail address"),
    "uri": ("网址", "a web address"),
    "uuid": ("UUID 编号", "a UUID"),
}


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)


def _choices(value: object, sep: str) -> str:
    items: Sequence[Any] = value if isinstance(value, list | tuple) else [value]
    if not items:
        return "-"
    return sep.join(_shown(v) for v in items[:12]) + ("…" if len(items) > 12 else "")


def _format(value: object) -> tuple[str, str]:
    zh, en = _FORMATS.get(str(value), ("规定的格式", "the required format"))
    return f"格式不对，应为{zh}", f"not in the right form: expected {en}"


def _type(value: object) -> tuple[str, str]:
    if isinstance(value, str) or (
        isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    ):
        types: Any = value
        return f"类型应为{type_words(types, 'zh')}", f"must be {type_words(types, 'en')}"
    return "类型不对", "has the wrong type"


#: keyword -> (zh, en) of its limit.  Each keyword of JSON Schema 2020-12
#: that judges a value; anything else reads as "不符合要求".
KEYWORD_PROBLEMS: Final[dict[str, Callable[[object], tuple[str, str]]]] = {
    "minimum": lambda v: (f"不能小于 {_shown(v)}", f"must not be less than {_shown(v)}"),
    "maximum": lambda v: (f"不能大于 {_shown(v)}", f"must not be more than {_shown(v)}"),
    "exclusiveMinimum": lambda v: (f"应大于 {_shown(v)}", f"must be more than {_shown(v)}"),
    "exclusiveMaximum": lambda v: (f"应小于 {_shown(v)}", f"must be less than {_shown(v)}"),
    "multipleOf": lambda v: (f"应为 {_shown(v)} 的整数倍", f"must be a multiple of {_shown(v)}"),
    "format": _format,
    "const": lambda v: (f"应为 {_shown(v)}", f"must be {_shown(v)}"),
    "enum": lambda v: (f"应为 {_choices(v, '、')} 之一", f"must be one of {_choices(v, ', ')}"),
    "type": _type,
    "pattern": lambda v: ("格式不对", "not in the expected form"),
    "minLength": lambda v: (
        ("不能为空", "must not be empty")
        if v == 1
        else (f"过短：至少 {_shown(v)} 个字符", f"too short: at least {_shown(v)} characters")
    ),
    "maxLength": lambda v: (
        f"过长：最多 {_shown(v)} 个字符",
        f"too long: at most {_shown(v)} characters",
    ),
    "minItems": lambda v: (f"至少应有 {_shown(v)} 项", f"must have at least {_shown(v)} items"),
    "maxItems": lambda v: (f"至多 {_shown(v)} 项", f"must have at most {_shown(v)} items"),
    "uniqueItems": lambda v: ("不能有重复的项", "must not repeat an item"),
    "contains": lambda v: ("缺少规定的项", "lacks a required item"),
    "minContains": lambda v: (f"规定的项至少 {_shown(v)} 个", f"needs {_shown(v)} such items"),
    "maxContains": lambda v: (f"规定的项至多 {_shown(v)} 个", f"allows {_shown(v)} such items"),
    "required": lambda v: ("缺少必填项", "lacks a required member"),
    "dependentRequired": lambda v: ("缺少相关的必填项", "lacks a member another one needs"),
    "additionalProperties": lambda v: (
        "含有表格未定义的栏目",
        "holds members the form does not define",
    ),
    "unevaluatedProperties": lambda v: (
        "含有表格未定义的栏目",
        "holds members the form does not define",
    ),
    "propertyNames": lambda v: ("栏目名称不符合要求", "has a member name that is not allowed"),
    "minProperties": lambda v: (f"至少应有 {_shown(v)} 个栏目", f"needs {_shown(v)} members"),
    "maxProperties": lambda v: (f"至多 {_shown(v)} 个栏目", f"allows at most {_shown(v)} members"),
    "items": lambda v: ("其中某项不符合要求", "has an item that is not allowed"),
    "prefixItems": lambda v: ("其中某项不符合要求", "has an item that is not allowed"),
    "unevaluatedItems": lambda v: ("含有多余的项", "has items that are not allowed"),
    "oneOf": lambda v: ("不符合任何一种允许的写法", "matches none of the allowed forms"),
    "anyOf": lambda v: ("不符合任何一种允许的写法", "matches none of the allowed forms"),
    "allOf": lambda v: ("不符合全部要求", "does not meet every requirement"),
    "not": lambda v: ("为不允许的取值", "is a value that is not allowed"),
    "if": lambda v: ("不符合相应条件下的要求", "does not meet what its case requires"),
    "then": lambda v: ("不符合相应条件下的要求", "does not meet what its case requires"),
    "else": lambda v: ("不符合相应条件下的要求", "does not meet what its case requires"),
    "false": lambda v: ("此处不能填写", "must not be given here"),
}


def keyword_problem(keyword: str, limit: object) -> Localized:
    """What failing ``keyword`` (with its schema value ``limit``) means, in
    Chinese and English; its JSON form is the keyword."""
    describe = KEYWORD_PROBLEMS.get(keyword)
    zh, en = describe(limit) if describe is not None else ("不符合要求", "is not allowed")
    return Localized(zh=zh, en=en, value=keyword)
