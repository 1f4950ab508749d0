"""The published JSON Schemas shipped inside the package."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Load ``schemas/NAME.schema.json``.

    The shipped schemas are checked against the Draft 2020-12 metaschema by
    the tests, not here: that check costs about 0.2 s, on every start.
    """
    text = (files("reform_brand") / "schemas" / f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for a shipped schema, built once and reused."""
    return Draft202012Validator(load_schema(name), format_checker=FormatChecker())
