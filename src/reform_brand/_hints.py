"""Limits in words, for the hint under a form's input: "不超过 2000 字",
"不超过 100 个字符", a date's format."""

from __future__ import annotations

from reform_brand.model import FormField

__all__ = ["chars_hint", "limit_hint"]


def chars_hint(limit: int, lang: str = "zh") -> str:
    """ "不超过 100 个字符" / "At most 100 characters"."""
    return f"不超过 {limit} 个字符" if lang == "zh" else f"At most {limit} characters"


def limit_hint(f: FormField, lang: str = "zh") -> str:
    """The limits of a text or date field in words: length (字 or
    characters), format of a date; "" when it has none (a number field's
    range is worded by :func:`reform_brand.schema.number_range`)."""
    zh = lang == "zh"
    if f.max_zi:
        return f"不超过 {f.max_zi} 字" if zh else f"At most {f.max_zi} 字 (Chinese characters)"
    if f.max_chars and f.type in ("text", "textarea"):
        return chars_hint(f.max_chars, lang)
    if f.type == "date":
        return "格式 YYYY-MM-DD" if zh else "As YYYY-MM-DD"
    return ""
