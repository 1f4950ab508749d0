"""JSON Schema (Draft 2020-12) for forms and submission envelopes, and UI
schemas in react-jsonschema-form style.

* :func:`form_schema` - the data one filler (applicant or recommender) gives
  for one form.  Titles and descriptions are Chinese; English stands beside
  them in ``x-en``.  Patterns are anchored and use ``[0-9]``, never ``\\d``
  (which also matches full-width digits).  Fields filled by the issuer
  (省科协意见) are not asked of the filler.
* :func:`ui_schema` - field order, text areas for long texts, help texts.
* :func:`submission_schema` - the envelope a portal or a test sends for one
  submission; with an edition, its forms, unit kinds and reform items are
  spelt out (choices as ``oneOf`` + ``const`` + ``title``).
* ``ui_schema(edition, "submission")`` - the envelope's UI schema; one portal
  page (envelope and form data together) is
  :func:`reform_brand.page.page_schema`.

Every exported schema means the same in Python's ``jsonschema`` and in ajv 8
(``ajv/dist/2020``, strict, with ``ajv-formats``): patterns are written with
:func:`portable_pattern`, "blank" is the explicit character class
:data:`BLANK_CHARACTERS`, every subschema with ``properties`` is typed, and the
annotations ``x-en`` and ``x-reform-brand`` are declared in the vocabulary
:func:`annotation_meta_schema` (ajv: ``ajv.addKeyword``; see
``docs/portal-guide.md``).  Every text refuses half a character as the server
does (:mod:`reform_brand._halves`), but in the engine's (``refuse_halves=False``).
"""

from __future__ import annotations

import re
from typing import Any, Final

from reform_brand._halves import refusing_halves
from reform_brand._hints import checked_lang, checked_role, envelope_ui_schema, limit_hint
from reform_brand._numbertext import format_number, number_range
from reform_brand._portable import (
    CONTACT_PATTERNS,
    annotation_meta_schema,
    contact_format,
    contact_pattern,
    portable_pattern,
)
from reform_brand.errors import UnknownFormError
from reform_brand.model import Edition, Form, FormField, Role, checked_edition
from reform_brand.names import INVISIBLE

__all__ = [
    "ANNOTATION_KEYWORDS",
    "BLANK_CHARACTERS",
    "CONTACT_PATTERNS",
    "ENVELOPE_VERSION",
    "INVISIBLE_CHARACTERS",
    "NOT_BLANK",
    "annotation_meta_schema",
    "contact_format",
    "contact_pattern",
    "envelope_ui_schema",
    "form_schema",
    "format_number",
    "get_form",
    "limit_hint",
    "number_range",
    "portable_pattern",
    "submission_schema",
    "ui_schema",
]

ENVELOPE_VERSION = 1
_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
#: The characters that count as blank, as a regular-expression class body
#: that Python's ``re`` and ECMAScript (with or without the ``u`` flag) read
#: the same way.  It is exactly the set of ``str.isspace()``, so the rules'
#: ``str.strip()`` agrees with the schema; ``\\s`` differs between the engines
#: (U+FEFF, U+0085, U+001C-U+001F).
BLANK_CHARACTERS: Final = (
    "\\u0009-\\u000d\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000"
)
#: The characters that show nothing (:data:`reform_brand.names.INVISIBLE`:
#: zero-width space, BOM, soft hyphen...), as a class body read alike by
#: both engines.  A value of these and blanks is blank, as
#: :func:`reform_brand.names.is_blank` says.
INVISIBLE_CHARACTERS: Final = "".join(f"\\u{ord(ch):04x}" for ch in sorted(INVISIBLE))
#: Non-blank: at least one character that is neither blank nor invisible.
NOT_BLANK: Final = f"[^{BLANK_CHARACTERS}{INVISIBLE_CHARACTERS}]"
_NOT_BLANK = NOT_BLANK
#: Blank or empty: nothing but blank and invisible characters (an
#: issuer-only field left empty).
_ONLY_BLANK: Final = f"^[{BLANK_CHARACTERS}{INVISIBLE_CHARACTERS}]*(?![\\s\\S])"
#: The dates a ``format: date`` accepts in both engines: ajv-formats takes
#: year 0000, Python's ``date.fromisoformat`` does not.
_DATE_YEAR: Final = "^(?!0000)"
#: The instants a ``format: date-time`` accepts in both engines: within two
#: days of either end of the calendar some zone cannot show the instant, and
#: the server reads no time there (:func:`reform_brand.moments.parse_arrival`).
_INSTANT_EDGES: Final = "^(?!0000-|0001-01-0[12]|9999-12-3[01])"
#: Annotation keywords of the exported schemas (no effect on a verdict).
ANNOTATION_KEYWORDS: Final = ("x-en", "x-reform-brand")
#: The name ``ui_schema`` and the CLI give the envelope.
_ENVELOPE: Final = "submission"
#: A number as JSON writes it (no exponent): a number field's example.
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def get_form(edition: Edition, form_id: Form | str) -> Form:
    """The form ``form_id`` of ``edition`` (a :class:`Form` is itself), or
    :class:`UnknownFormError`; an argument of another kind, a ``TypeError``."""
    checked_edition(edition)
    if isinstance(form_id, Form):
        return form_id
    if not isinstance(form_id, str):
        raise TypeError(f"form takes a Form or a form id, not {type(form_id).__name__}")
    try:
        return edition.form(form_id)
    except KeyError:
        raise UnknownFormError(edition.id, form_id, [f.id for f in edition.forms]) from None


def _x_en(title: str) -> dict[str, Any]:
    """The English title as an annotation, or nothing when the edition gives
    none (an empty ``x-en`` title would be shown as an empty choice)."""
    return {"x-en": {"title": title}} if title else {}


def _asked_of(f: FormField, role: Role | None) -> bool:
    return role in (None, "issuer") or f.filled_by != "issuer"


def _field_schema(f: FormField, role: Role | None) -> dict[str, Any]:
    s: dict[str, Any] = {"title": f.label.zh}
    if f.help.zh:
        s["description"] = f.help.zh
    en: dict[str, str] = {"title": f.label.en} if f.label.en else {}
    if f.help.en:
        en["description"] = f.help.en
    if en:
        s["x-en"] = en
    if f.type == "group":
        s.update(_object_schema(f.fields, role))
    elif f.is_number:
        s.update(_number_schema(f))
    elif f.type == "choice":
        s["type"] = "string"
        s["oneOf"] = [
            {
                "const": c.value,
                "title": c.label.zh,
                **({"x-en": {"title": c.label.en}} if c.label.en else {}),
            }
            for c in f.choices
        ]
    else:
        s.update(_string_schema(f))
    if f.example:
        s["examples"] = [_example_value(f)]
    s["x-reform-brand"] = _extension(f)
    return s


def _string_schema(f: FormField) -> dict[str, Any]:
    s: dict[str, Any] = {"type": "string"}
    if f.type == "date":
        s["format"] = "date"
    if f.required:
        s["minLength"] = 1
    if f.max_chars:
        s["maxLength"] = f.max_chars
    if f.type in CONTACT_PATTERNS:
        s["pattern"] = contact_pattern(f)
    elif f.pattern:
        if f.required:
            # Blank is not filled in, whatever the edition's pattern takes
            # (one keyword of each kind per schema: the second in allOf).
            s["allOf"] = [{"pattern": _NOT_BLANK}]
        s["pattern"] = portable_pattern(f.pattern)
    elif f.type == "date":
        s["pattern"] = _DATE_YEAR
    elif f.required:
        s["pattern"] = _NOT_BLANK
    return s


def _extension(f: FormField) -> dict[str, Any]:
    """``x-reform-brand``: what JSON Schema has no keyword for."""
    x: dict[str, Any] = {"type": f.type, "filled_by": f.filled_by, "clause": f.clause}
    if f.unit.zh:
        x["unit"] = f.unit.zh
        if f.unit.en:
            x["unit_en"] = f.unit.en
    if f.max_zi:
        x["max_zi"] = f.max_zi
    if f.placement != "body":
        x["placement"] = f.placement
    if f.reading:
        x["reading"] = f.reading
    if f.type in CONTACT_PATTERNS:
        # The canonical form; ``pattern`` also accepts what folds into it.
        x["format"] = contact_format(f)
    return x


def _number_schema(f: FormField) -> dict[str, Any]:
    """A JSON number (``integer``: a whole one) within the field's bounds;
    an optional field may also be ``null`` (left blank)."""
    kind = "integer" if f.type == "integer" else "number"
    s: dict[str, Any] = {"type": kind if f.required else [kind, "null"]}
    if f.minimum is not None:
        s["minimum"] = f.minimum
    if f.maximum is not None:
        s["maximum"] = f.maximum
    return s


def _example_value(f: FormField) -> Any:
    """The example as the JSON value it stands for: a number field's example
    is written as text in the edition data (``"120"``) and given as a number."""
    if f.is_number and _JSON_NUMBER.fullmatch(f.example):
        return float(f.example) if "." in f.example else int(f.example)
    return f.example


def _object_schema(fields: tuple[FormField, ...], role: Role | None) -> dict[str, Any]:
    asked = [f for f in fields if _asked_of(f, role)]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.id for f in asked if f.required],
        "properties": {
            f.id: _field_schema(f, role) if _asked_of(f, role) else _left_empty_schema(f)
            for f in fields
        },
    }


def _left_empty_schema(f: FormField) -> dict[str, Any]:
    """A field the filler leaves to the issuer (省科协意见): absent, ``null``
    or blank, as the ``issuer-only`` rule accepts it."""
    s: dict[str, Any] = {
        "title": f.label.zh,
        "type": ["string", "null"],
        "pattern": _ONLY_BLANK,
        "readOnly": True,
    }
    if f.label.en:
        s["x-en"] = {"title": f.label.en}
    s["x-reform-brand"] = {"type": f.type, "filled_by": f.filled_by, "clause": f.clause}
    return s


def form_schema(
    edition: Edition, form: Form | str, *, role: Role | None = None, refuse_halves: bool = True
) -> dict[str, Any]:
    """The JSON Schema of ``form``'s data as its filler gives it.

    ``role`` defaults to the form's own role (the applicant for a 申报表), so
    issuer-only fields are left out; ``role="issuer"`` gives every field.
    ``refuse_halves=False`` leaves out the pattern of every text that refuses
    half a character: the engine's schema (it refuses those before any schema).
    """
    form = get_form(edition, form)
    role = form.role if checked_role(role) is None else role
    schema = {
        "$schema": _SCHEMA,
        "$id": f"urn:reform-brand:{edition.id}:form:{form.id}",
        "title": form.title.zh,
        **_x_en(form.title.en),
        "x-reform-brand": {
            "edition": edition.id,
            "form": form.id,
            "attachment": form.attachment,
            "role": form.role,
            "clause": form.clause,
        },
        **_object_schema(form.fields, role),
    }
    return refusing_halves(schema, refuse_halves)


def _ui_for(fields: tuple[FormField, ...], role: Role | None, lang: str) -> dict[str, Any]:
    asked = [f for f in fields if _asked_of(f, role)]
    ui: dict[str, Any] = {"ui:order": [f.id for f in fields]}
    ui.update({f.id: {"ui:widget": "hidden"} for f in fields if not _asked_of(f, role)})
    for f in asked:
        entry: dict[str, Any] = {}
        if f.type == "group":
            entry.update(_ui_for(f.fields, role, lang))
        elif f.type == "textarea":
            entry["ui:widget"] = "textarea"
            entry["ui:options"] = {"rows": max(f.lines, 3)}
        elif f.type == "date":
            entry["ui:widget"] = "date"
        elif f.type in ("phone", "mobile"):
            entry["ui:options"] = {"inputType": "tel"}
        elif f.type == "email":
            entry["ui:options"] = {"inputType": "email"}
        elif f.type == "choice":
            entry["ui:widget"] = "select"
        elif f.is_number:
            entry["ui:widget"] = "updown"
            entry["ui:options"] = {"inputType": "number"}
        if lang == "en" and f.label.en:
            entry["ui:title"] = f.label.en
        entry.update(_help_entries(f, lang))
        # (A select shows its placeholder as its empty option: a choice's
        # example would read as chosen while nothing is.)
        if f.example and f.type not in ("group", "choice"):
            entry["ui:placeholder"] = f.example
        if entry:
            ui[f.id] = entry
    return ui


def _help_entries(f: FormField, lang: str) -> dict[str, Any]:
    """Help shown once: the schema's ``description`` is the Chinese help, so
    the UI schema only replaces it in English (``ui:description``); the
    limits go in ``ui:help`` ("不超过 2000 字", "取值：整数，0 - 10000 万元")."""
    out: dict[str, Any] = {}
    if lang != "zh" and f.help.get(lang):
        out["ui:description"] = f.help.get(lang)
    hint = _number_hint(f, lang) if f.is_number else limit_hint(f, lang)
    if hint and hint.lower() not in f.help.get(lang).lower():  # said once
        out["ui:help"] = hint
    return out


def _number_hint(f: FormField, lang: str) -> str:
    """What a number field takes (``取值：整数，0 - 10000 万元`` /
    ``Allowed: whole number, 0 - 10000``); "" when nothing limits it."""
    en = lang == "en"
    words = [("whole number" if en else "整数")] if f.type == "integer" else []
    span = number_range(f, lang) or f.unit.get(lang)
    if span:
        words.append(span)
    if not words:
        return ""
    return ("Allowed: " if en else "取值：") + (", " if en else "，").join(words)


def ui_schema(
    edition: Edition, form: Form | str, *, role: Role | None = None, lang: str = "zh"
) -> dict[str, Any]:
    """A react-jsonschema-form UI schema for ``form``: order, widgets, help.

    ``form="submission"`` (when the edition has no form of that id) gives the
    UI schema of the submission envelope (:func:`envelope_ui_schema`).
    ``lang`` is ``"zh"`` or ``"en"``, a ``role`` a form's: else a ``ValueError``."""
    lang = checked_lang(lang)
    if form == _ENVELOPE and _ENVELOPE not in {f.id for f in checked_edition(edition).forms}:
        return envelope_ui_schema(edition, lang=lang)
    form = get_form(edition, form)
    return _ui_for(form.fields, form.role if checked_role(role) is None else role, lang)


def _typed_object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """``{"type": "object", "properties": ...}``: ajv's strict mode wants every
    subschema with ``properties`` (an ``if``, a ``then``) typed, and every
    required member defined beside it."""
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = required
    return out


def _unit_kind_conditions(edition: Edition, city: dict[str, Any]) -> list[dict[str, Any]]:
    """Per unit kind: the forms it may send (``eligibility.wrong-form``) and,
    for a kind counted under a city, the city (``eligibility.city-missing``)."""
    out: list[dict[str, Any]] = []
    for k in edition.unit_kinds:
        kind_is = _typed_object(
            {"unit": _typed_object({"kind": {"const": k.id}}, ["kind"])}, ["unit"]
        )
        allowed = [f for f in edition.forms if f.id in k.forms]
        if len(allowed) < len(edition.forms):
            out.append(
                {
                    "if": kind_is,
                    "then": _typed_object(
                        {"form": {"type": "string", "enum": [f.id for f in allowed]}}
                    ),
                }
            )
        if k.counted_under:
            out.append(
                {
                    "if": kind_is,
                    "then": _typed_object({"unit": _typed_object({"city": city}, ["city"])}),
                }
            )
    return out


def submission_schema(
    edition: Edition | None = None, *, refuse_halves: bool = True
) -> dict[str, Any]:
    """The JSON Schema of a submission envelope.

    Without an edition it is the generic envelope; with one, the edition id,
    forms, unit kinds and reform items are constrained and ``data`` is
    checked against the schema of the form the envelope names.
    ``refuse_halves`` as for :func:`form_schema`.
    """
    edition = None if edition is None else checked_edition(edition)
    unit: dict[str, Any] = {
        "type": "object",
        "title": "申报单位",
        "x-en": {"title": "The submitting unit"},
        "additionalProperties": False,
        "required": ["name", "kind"],
        "properties": {
            "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "pattern": _NOT_BLANK,
                "title": "单位名称",
                "x-en": {"title": "Unit name, as the unit writes it"},
            },
            "kind": {
                "type": "string",
                "minLength": 1,
                "title": "单位类别",
                "x-en": {"title": "Unit kind id"},
            },
            "city": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "pattern": _NOT_BLANK,
                "title": "所属上级单位",
                "x-en": {
                    "title": (
                        "For a unit counted under another (e.g. a county under its city): "
                        "that unit's name"
                    )
                },
            },
        },
    }
    schema: dict[str, Any] = {
        "$schema": _SCHEMA,
        "$id": "urn:reform-brand:submission:1"
        if edition is None
        else f"urn:reform-brand:{edition.id}:submission",
        "title": "改革品牌项目申报（提交信封）",
        "x-en": {
            "title": "Reform brand submission envelope",
            "description": (
                "One submission: edition, form, unit, reform items, arrival time, "
                "attachments and form data. An envelope that only sends extra materials "
                "(no form) leaves out form and data and lists the materials in attachments."
            ),
        },
        "description": "一份申报：版本、表格、单位、所属改革事项、到达时间、附件和表格数据。"
        "只报送附加材料（无表格）时省略 form 和 data，在 attachments 中列出材料。",
        "type": "object",
        "additionalProperties": False,
        "required": ["edition"],
        # A materials-only envelope: attachments, and neither form nor data.
        "if": _typed_object({"attachments": {}}, ["attachments"])
        | {"not": {"anyOf": [_typed_object({k: {}}, [k]) for k in ("form", "data")]}},
        "else": _typed_object({k: {} for k in ("form", "unit", "data")}, ["form", "unit", "data"]),
        "properties": {
            "version": {
                "const": ENVELOPE_VERSION,
                "title": "信封格式版本",
                "x-en": {"title": "Envelope format version"},
            },
            "id": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "title": "申报编号",
                "x-en": {"title": "Submission id, chosen by the sender"},
            },
            "edition": {"type": "string", "minLength": 1, "title": "版本"},
            "form": {"type": "string", "minLength": 1, "title": "表格"},
            "unit": unit,
            "reform_items": {
                "type": "array",
                "uniqueItems": True,
                "items": {
                    "type": "integer",
                    "minimum": 1,
                    "title": "改革事项编号",
                    "x-en": {"title": "Reform item number"},
                },
                "title": "所属改革重点事项",
                "x-en": {"title": "Reform key items the project belongs to (numbers)"},
            },
            "arrived_at": {
                "type": ["string", "null"],
                "format": "date-time",
                "pattern": _INSTANT_EDGES,
                "title": "到达时间",
                "x-en": {
                    "title": (
                        "When the submission arrived (an RFC 3339 date-time with UTC offset); "
                        "null if unknown"
                    )
                },
            },
            "attachments": {
                "type": "array",
                "title": "附件",
                "x-en": {"title": "Files delivered with the submission"},
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["role", "path"],
                    "properties": {
                        "role": {
                            "type": "string",
                            "title": "用途",
                            "x-en": {"title": "A deliverable id, or an extra material's id"},
                        },
                        "path": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 1024,
                            "title": "路径",
                            "x-en": {"title": "Path relative to the envelope's folder"},
                        },
                        "modified_at": {
                            "type": "string",
                            "format": "date-time",
                            "pattern": _INSTANT_EDGES,
                            "title": "文档修改时间",
                            "x-en": {
                                "title": "When the document says it was last modified "
                                "(an RFC 3339 date-time with UTC offset); "
                                "breaks a tie between versions"
                            },
                        },
                    },
                },
            },
            "data": {"type": "object", "title": "表格数据", "x-en": {"title": "The form data"}},
        },
    }
    if edition is None:
        return refusing_halves(schema, refuse_halves)
    props = schema["properties"]
    props["edition"] = {"const": edition.id, "title": "版本", "x-en": {"title": "Edition id"}}
    props["form"] = {
        "title": "表格",
        "type": "string",
        "oneOf": [
            {"const": f.id, "title": f"{f.attachment} {f.title.zh}", **_x_en(f.title.en)}
            for f in edition.forms
        ],
    }
    unit["properties"]["kind"] = {
        "title": "单位类别",
        "type": "string",
        "oneOf": [
            {"const": k.id, "title": k.name.zh, **_x_en(k.name.en)} for k in edition.unit_kinds
        ],
    }
    # (oneOf must not be empty: with no reform items, no number is one.)
    props["reform_items"]["items"] = {
        "type": "integer",
        "oneOf": [
            {
                "const": it.number,
                "title": f"{it.number}. {it.title.zh}",
                **_x_en(it.title.en),
            }
            for it in edition.reform_items
        ]
        or [{"not": {}}],
    }
    props["attachments"]["items"]["properties"]["role"] = {
        "title": "用途",
        "type": "string",
        "oneOf": [
            {"const": d.id, "title": d.title.zh, **_x_en(d.title.en)}
            for d in edition.delivery.deliverables
        ]
        + [
            {"const": m.id, "title": m.title.zh, **_x_en(m.title.en)}
            for m in edition.extra_materials
        ]
        or [{"not": {}}],
    }
    defs: dict[str, Any] = {}
    conditions: list[dict[str, Any]] = []
    for f in edition.forms:
        sub = form_schema(edition, f, refuse_halves=False)
        sub.pop("$schema")
        sub.pop("$id")
        defs[f"form-{f.id}"] = sub
        conditions.append(
            {
                "if": _typed_object({"form": {"const": f.id}}, ["form"]),
                "then": _typed_object({"data": {"$ref": f"#/$defs/form-{f.id}"}}),
            }
        )
    conditions.extend(_unit_kind_conditions(edition, unit["properties"]["city"]))
    schema["$defs"] = defs
    schema["allOf"] = conditions
    return refusing_halves(schema, refuse_halves)
