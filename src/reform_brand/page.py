"""One page of a portal: a whole submission (the envelope with a form's data
inline) for react-jsonschema-form, built from :mod:`reform_brand.schema`.

    >>> page = page_schema(edition, "application")          # doctest: +SKIP
    >>> sorted(page)                                        # doctest: +SKIP
    ['mirror', 'schema', 'uiSchema']
"""

from __future__ import annotations

from typing import Any

from reform_brand._halves import refusing_halves
from reform_brand._hints import chars_hint, checked_lang
from reform_brand.model import Edition, Form, FormField
from reform_brand.schema import (
    _SCHEMA,
    ENVELOPE_VERSION,
    _unit_kind_conditions,
    envelope_ui_schema,
    form_schema,
    get_form,
    submission_schema,
    ui_schema,
)

__all__ = ["page_schema"]


def page_schema(edition: Edition, form: Form | str, *, lang: str = "zh") -> dict[str, Any]:
    """One page a portal draws with react-jsonschema-form: the envelope of a
    submission of ``form`` with the form's data inline.

    Returns ``{"schema": ..., "uiSchema": ..., "mirror": {...}}``.  The schema
    accepts what ``submission_schema(edition)`` accepts for that form (less
    the members the portal adds: id, arrival time, attachments).  The unit's
    name is asked once, in ``unit.name``; ``mirror`` maps the JSON pointer of
    the form field that repeats it (申报单位 on the form's header) to
    ``/unit/name``, for the page to copy before it sends the envelope;
    ``unit.name`` then takes no more characters than that field does (its
    ``maxLength`` and its hint).

    Every text of the schema refuses half a character (a lone surrogate,
    :mod:`reform_brand._halves`), as the server refuses a body holding one;
    the message a page shows for it, ``envelope.not-text``'s in Chinese and
    English with ``{where}`` to fill in, is in the schema's
    ``x-reform-brand.messages``.
    """
    lang = checked_lang(lang)
    form = get_form(edition, form)
    # (The schemas without the pattern: the page's own is put in once.)
    full = submission_schema(edition, refuse_halves=False)
    props = full["properties"]
    data = form_schema(edition, form, refuse_halves=False)
    data.pop("$schema")
    data.pop("$id")
    data["title"] = "表格内容" if lang == "zh" else "Form"
    kinds = [k for k in edition.unit_kinds if form.id in k.forms]
    unit = props["unit"]
    unit["properties"]["kind"]["oneOf"] = [
        c for c in unit["properties"]["kind"]["oneOf"] if c["const"] in {k.id for k in kinds}
    ]
    schema: dict[str, Any] = {
        "$schema": _SCHEMA,
        "$id": f"urn:reform-brand:{edition.id}:page:{form.id}",
        "title": form.title.zh,
        **({"x-en": {"title": form.title.en}} if form.title.en else {}),
        "type": "object",
        "additionalProperties": False,
        "required": ["edition", "form", "unit", "data"],
        "properties": {
            "version": props["version"] | {"type": "integer", "default": ENVELOPE_VERSION},
            "edition": props["edition"] | {"type": "string", "default": edition.id},
            "form": {"title": "表格", "type": "string", "const": form.id, "default": form.id},
            "unit": unit,
            "reform_items": props["reform_items"],
            "data": data,
        },
    }
    conditions = [
        c
        for c in _unit_kind_conditions(edition, unit["properties"]["city"])
        if "unit" in c["then"]["properties"]
    ]
    if conditions:  # (allOf must not be empty: no kind counted under another)
        schema["allOf"] = conditions
    refusing_halves(schema)
    ui = envelope_ui_schema(edition, lang=lang)
    ui["ui:order"] = ["version", "edition", "form", "unit", "reform_items", "data"]
    ui["form"] = {"ui:widget": "hidden"}
    for hidden in ("id", "arrived_at", "attachments"):
        ui.pop(hidden)
    ui["data"] = ui_schema(edition, form, lang=lang)
    mirror: dict[str, str] = {}
    repeated = _unit_name_field(form)
    if repeated is not None:
        ui["data"][repeated.id] = {"ui:widget": "hidden"}
        mirror[f"/data/{repeated.id}"] = "/unit/name"
        # unit.name is copied into the form's field: the input takes, and
        # its hint says, no more than that field does (申报单位, 100).
        name = unit["properties"]["name"]
        if repeated.max_chars and repeated.max_chars < name["maxLength"]:
            name["maxLength"] = repeated.max_chars
            ui["unit"]["name"]["ui:help"] = chars_hint(repeated.max_chars, lang)
    return {"schema": schema, "uiSchema": ui, "mirror": mirror}


def _unit_name_field(form: Form) -> FormField | None:
    """The form field that repeats the submitting unit's name: the required
    text field the edition marks ``names = "unit"``, else the form's first
    field when it is a required one-line text on the header."""
    marked = form.named("unit")
    if marked is not None:
        return marked if marked.required else None
    first = form.fields[0] if form.fields else None
    if first is None or not first.required or first.type != "text":
        return None
    return first if first.placement == "header" and first.filled_by == form.role else None
