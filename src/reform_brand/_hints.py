"""Limits in words, for the hint under a form's input: "不超过 2000 字",
"不超过 100 个字符", a number's range, a date's format."""

from __future__ import annotations

from reform_brand.model import FormField

__all__ = ["chars_hint", "limit_hint"]


def _number(value: object) -> str:
    return format(value, "g") if isinstance(value, float) else str(value)


def chars_hint(limit: int, lang: str = "zh") -> str:
    """ "不超过 100 个字符" / "At most 100 characters"."""
    return f"不超过 {limit} 个字符" if lang == "zh" else f"At most {limit} characters"


def _range_hint(low: object, high: object, zh: bool) -> str:
    if low is not None and high is not None:
        return (
            f"{_number(low)} 至 {_number(high)}"
            if zh
            else f"From {_number(low)} to {_number(high)}"
        )
    if low is not None:
        return f"不小于 {_number(low)}" if zh else f"At least {_number(low)}"
    if high is not None:
        return f"不大于 {_number(high)}" if zh else f"At most {_number(high)}"
    return ""


def limit_hint(f: FormField, lang: str = "zh") -> str:
    """The limits of ``f`` in words: length (字 or characters), range of a
    number (``minimum``/``maximum`` of a ``number`` or ``integer`` field),
    format of a date; "" when it has none."""
    zh = lang == "zh"
    if f.max_zi:
        return f"不超过 {f.max_zi} 字" if zh else f"At most {f.max_zi} 字 (Chinese characters)"
    if f.max_chars and f.type in ("text", "textarea"):
        return chars_hint(f.max_chars, lang)
    if f.type == "date":
        return "格式 YYYY-MM-DD" if zh else "As YYYY-MM-DD"
    if f.type in ("number", "integer"):
        return _range_hint(getattr(f, "minimum", None), getattr(f, "maximum", None), zh)
    return ""
