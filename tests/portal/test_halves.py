"""Half a character (a lone surrogate, ``\\ud840``) in the schemas a portal
is given: every text of a published schema refuses it, as the server does
(reform_brand._halves)."""

from __future__ import annotations

from typing import Any

from reform_brand import Edition, page_schema
from reform_brand._halves import WHOLE_TEXT, refuse_halves, whole_text
from reform_brand.schema import NOT_BLANK


def test_a_subschema_found_at_two_places_is_rewritten_once(edition: Edition) -> None:
    """The page's ``unit.city`` is one object with the city the condition
    of a county association asks for: it was walked twice and its pattern
    wrapped twice."""
    page = page_schema(edition, "application")["schema"]
    city = page["properties"]["unit"]["properties"]["city"]
    assert city["pattern"] == whole_text(NOT_BLANK)
    asked = [c["then"]["properties"]["unit"]["properties"]["city"] for c in page["allOf"][-1:]]
    assert asked == [city]
    shared: dict[str, Any] = {"type": "string"}
    schema: dict[str, Any] = {"type": "object", "properties": {"a": shared, "b": [shared]}}
    refuse_halves(schema)
    assert shared == {"type": "string", "pattern": WHOLE_TEXT}
