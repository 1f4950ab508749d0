"""Texts of the UI schemas: limits in words, for the hint under a form's
input ("不超过 2000 字", "不超过 100 个字符", a date's format), and the
envelope's UI schema (``ui_schema(edition, "submission")``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, get_args

from reform_brand.i18n import LANGS
from reform_brand.model import ENVELOPE_MEMBERS, Edition, FormField, Role

__all__ = ["chars_hint", "checked_lang", "checked_role", "envelope_ui_schema", "limit_hint"]


def _checked(name: str, value: Any, allowed: Collection[str]) -> Any:
    if value not in allowed:
        raise ValueError(f"{name} is {' or '.join(map(repr, allowed))}, not {value!r}")
    return value


def checked_lang(lang: str) -> str:
    """``lang`` when the schemas speak it (zh, en): another would give a
    page of mixed languages. ``ValueError`` otherwise."""
    return str(_checked("lang", lang, LANGS))


def checked_role(role: Role | None) -> Role | None:
    """``role`` when it is None or a form's role (applicant, recommender,
    issuer): a misspelt one would leave the issuer's fields out."""
    return role if role is None else _checked("role", role, get_args(Role))


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


def _counted_under_help(edition: Edition, lang: str) -> str:
    """Who fills in ``unit.city``, in the edition's words: for each kind
    counted under another, "<kind>填写所属<the other kind>"."""
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


def _counted_under_title(edition: Edition, lang: str) -> str:
    """The title of ``unit.city``: the name of the kind units are counted
    under, when there is one such kind."""
    kinds = {k.id: k for k in edition.unit_kinds}
    parents = {k.counted_under for k in edition.unit_kinds if k.counted_under in kinds}
    if len(parents) == 1:
        return kinds[parents.pop()].name.get(lang)
    return "The unit it is counted under"


def envelope_ui_schema(edition: Edition, *, lang: str = "zh") -> dict[str, Any]:
    """The react-jsonschema-form UI schema of ``submission_schema(edition)``:
    the unit kind as a select of the edition's names, the reform items as
    checkboxes, and the members a portal fills itself (version, edition,
    arrival time, attachments) hidden, as are the reform items of an edition
    without any and ``unit.city`` when no kind is counted under another.
    The form data (``data``) is drawn with the form's own :func:`ui_schema`,
    or use :func:`page_schema`."""
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
        unit_ui["city"]["ui:title"] = _counted_under_title(edition, lang)
    ui: dict[str, Any] = {
        "ui:order": list(ENVELOPE_MEMBERS),
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
    # Nothing to ask: no item to tick, no kind counted under another (a
    # title over no checkbox, an input no unit has to fill in).
    if not edition.reform_items:
        ui["reform_items"]["ui:widget"] = "hidden"
    if not unit_ui["city"]["ui:help"]:
        unit_ui["city"]["ui:widget"] = "hidden"
    return ui
