"""cattrs converters.  A factory, never a mutated global: each caller gets its
own converter, so a plugin that adds hooks cannot change another's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import cattrs

__all__ = ["json_type", "make_converter", "to_jsonable"]


def make_converter() -> cattrs.Converter:
    """A converter for reform_brand's attrs classes.

    Unknown keys are errors (``forbid_extra_keys``): a typo in a data file
    must not pass silently.  Dates and instants travel as ISO 8601 strings.
    """
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.datetime, lambda v: v.isoformat())
    conv.register_unstructure_hook(dt.date, lambda v: v.isoformat())
    conv.register_structure_hook(int | float | None, _structure_number)
    return conv


def _structure_number(value: Any, _: object) -> int | float | None:
    """A bound of a number field: kept an int when written as one."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _structure_datetime(value: Any, _: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date-time string, got {type(value).__name__}")
    return dt.datetime.fromisoformat(value)


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError("expected a date, got a date-time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date string, got {type(value).__name__}")
    return dt.date.fromisoformat(value)


def to_jsonable(value: Any) -> Any:
    """Turn TOML values (dates, times) into what JSON Schema validates."""
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def json_type(value: object) -> str:
    """The JSON type name of a Python value: "object", "array", "string",
    "integer", "number", "boolean" or "null" (else the Python type's name)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__
