"""Numbers and number ranges in words, as the forms, the hints and the
messages write them (re-exported by :mod:`reform_brand.schema`)."""

from __future__ import annotations

from decimal import Decimal

from reform_brand.model import FormField

__all__ = ["format_number", "number_range"]


def number_range(f: FormField, lang: str = "zh") -> str:
    """The allowed range of a number field in words: ``0 - 10000 万元``,
    ``≥ 0``, ``≤ 10000``; empty when the field has no bounds."""
    unit = f.unit.get(lang)
    suffix = f" {unit}" if unit else ""
    low, high = f.minimum, f.maximum
    if low is not None and high is not None:
        return f"{format_number(low)} - {format_number(high)}{suffix}"
    if low is not None:
        return f"≥ {format_number(low)}{suffix}"
    if high is not None:
        return f"≤ {format_number(high)}{suffix}"
    return ""


def format_number(value: int | float) -> str:
    """A number as a person writes it: ``12``, ``12.5``, ``-3``; no ``.0``
    after a whole number, no exponent, half-width digits, no grouping."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = format(Decimal(repr(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return format(Decimal(value), "f")  # (str() refuses over 4300 digits)
