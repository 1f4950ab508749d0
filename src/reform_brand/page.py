"""The envelope's UI schema, and one page of a portal: a whole submission
(the envelope with a form's data inline) for react-jsonschema-form, built
from :mod:`reform_brand.schema`.

    >>> page = page_schema(edition, "application")          # doctest: +SKIP
    >>> sorted(page)                                        # doctest: +SKIP
    ['mirror', 'schema', 'uiSchema']
"""

from __future__ import annotations

from typing import Any

from reform_brand._hints import chars_hint
from reform_brand.model import Edition, Form, FormField
from reform_brand.schema import (
    _SCHEMA,
    ENVELOPE_VERSION,
    _unit_kind_conditions,
    form_schema,
    get_form,
    submission_schema,
    ui_schema,
)

__all__ = ["envelope_ui_schema", "page_schema"]


def _counted_under_help(edition: Edition, lang: str) -> str:
    """Who fills in ``unit.city``, in the edition's words: "县级科协填写所属市级科协"."""
    kinds = {k.id: k for k in edition.unit_kinds}
    parts = []
    for k in edition.unit_kinds:
        parent = kinds.get(k.counted_under)
        if parent is None:
            continue
        if lang == "zh":
            parts.append(f"{k.name.zh}填写所属{parent.name.zh}")
        else:
            parts.append(f"{k.name.get(lang)}: the {parent.name.get(lang).lower()} it belongs to")
    return ("；" if lang == "zh" else "; ").join(parts)


def envelope_ui_schema(edition: Edition, *, lang: str = "zh") -> dict[str, Any]:
    """The react-jsonschema-form UI schema of ``submission_schema(edition)``:
    the unit kind as a select of the edition's names, the reform items as
    checkboxes, and the members a portal fills itself (version, edition,
    arrival time, attachments) hidden.  The form data (``data``) is drawn with
    the form's own :func:`ui_schema`, or use :func:`page_schema`."""
    en = lang != "zh"
    unit_ui: dict[str, Any] = {
        "ui:order": ["name", "kind", "city"],
        "kind": {"ui:widget": "select"},
        "city": {"ui:help": _counted_under_help(edition, lang)},
        "name": {"ui:help": chars_hint(200, lang)},
    }
    if en:
        unit_ui["ui:title"] = "The submitting unit"
        unit_ui["name"]["ui:title"] = "Unit name"
        unit_ui["kind"]["ui:title"] = "Unit kind"
        unit_ui["city"]["ui:title"] = "City association"
    ui: dict[str, Any] = {
        "ui:order": [
            "version",
            "id",
            "edition",
            "form",
            "unit",
            "reform_items",
            "arrived_at",
            "attachments",
            "data",
        ],
        "version": {"ui:widget": "hidden"},
        "id": {"ui:widget": "hidden"},
        "edition": {"ui:widget": "hidden"},
        "form": {"ui:widget": "select"},
        "unit": unit_ui,
        "reform_items": {"ui:widget": "checkboxes"},
        "arrived_at": {"ui:widget": "hidden"},
        "attachments": {"ui:widget": "hidden"},
    }
    if en:
        ui["form"]["ui:title"] = "Form"
        ui["reform_items"]["ui:title"] = "Reform key items"
    return ui


def page_schema(edition: Edition, form: Form | str, *, lang: str = "zh") -> dict[str, Any]:
    """One page a portal draws with react-jsonschema-form: the envelope of a
    submission of ``form`` with the form's data inline.

    Returns ``{"schema": ..., "uiSchema": ..., "mirror": {...}}``.  The schema
    accepts what ``submission_schema(edition)`` accepts for that form (less
    the members the portal adds: id, arrival time, attachments).  The unit's
    name is asked once, in ``unit.name``; ``mirror`` maps the JSON pointer of
    the form field that repeats it (申报单位 on the form's header) to
    ``/unit/name``, for the page to copy before it sends the envelope.
    """
    if isinstance(form, str):
        form = get_form(edition, form)
    full = submission_schema(edition)
    props = full["properties"]
    data = form_schema(edition, form)
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
        "x-en": {"title": form.title.en} if form.title.en else {},
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
        "allOf": [
            c
            for c in _unit_kind_conditions(edition, unit["properties"]["city"])
            if "unit" in c["then"]["properties"]
        ],
    }
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
    return {"schema": schema, "uiSchema": ui, "mirror": mirror}


def _unit_name_field(form: Form) -> FormField | None:
    """The form field that repeats the submitting unit's name: the form's
    first field when it is a required one-line text on the header."""
    first = form.fields[0] if form.fields else None
    if first is None or not first.required or first.type != "text":
        return None
    return first if first.placement == "header" and first.filled_by == form.role else None
