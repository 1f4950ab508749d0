"""What a rule is given: the edition, an index built once per edition, the
options of the run and the submissions to look at."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeVar

from attrs import field, frozen
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator as SchemaValidator

from reform_brand._bounded import Bounded
from reform_brand._portable import CONTACT_PATTERNS
from reform_brand.catalogue import CATALOGUE, CodeInfo, Severity
from reform_brand.converter import json_type
from reform_brand.engine._fast import FastCheck, SubChecks, compile_check
from reform_brand.engine._quotas import QuotaUnits
from reform_brand.engine._records import SubmissionRecord
from reform_brand.engine._shape import envelope_shape_ok
from reform_brand.findings import Finding
from reform_brand.model import (
    Deliverable,
    Edition,
    ExtraMaterial,
    Form,
    FormField,
    Quota,
    UnitKind,
)
from reform_brand.moments import parse_arrival
from reform_brand.names import RosterIndex
from reform_brand.opened import OpenedFiles
from reform_brand.schema import form_schema, submission_schema
from reform_brand.submission import Submission

__all__ = [
    "EditionIndex",
    "FieldInfo",
    "Quiet",
    "RuleContext",
    "envelope_shape_ok",
    "json_type",
    "pointer_of",
]

_T = TypeVar("_T")

Quiet = Callable[[Submission, dt.datetime], bool]
"""What a rule's ``quiet`` gives (docs/hooks.md): a test of a plain
submission at an evaluation time, True only when the rule's ``check`` would
find nothing in it."""
#: The most values :meth:`EditionIndex.derived` keeps (a rule that passes a
#: function made afresh for each call would otherwise fill it).
_DERIVED_KEPT: Final = 256

# -- JSON Schema: Draft 2020-12, with keywords that never repeat the input ------
#
# jsonschema's messages quote the instance (``'…50 MB…' is too long``); we map
# errors to our own messages by keyword, so these keywords produce the same
# errors without building that text.  ``pattern`` is not tried on a string that
# already exceeds the ``maxLength`` beside it (length is checked first), and
# ``format`` is not tried on long strings.


#: JSON types whose Python type is exact (``bool`` is not an ``int`` here):
#: checked with ``type(...) is`` before asking the slower type checker.
_EXACT_TYPES: Final = {"string": str, "object": dict, "array": list, "boolean": bool}


def _type(v: Any, types: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if isinstance(types, str) and type(instance) is _EXACT_TYPES.get(types):
        return
    names = types if isinstance(types, list) else [types]
    if not any(v.is_type(instance, t) for t in names):
        yield ValidationError("type")


def _max_length(v: Any, limit: int, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if isinstance(instance, str) and len(instance) > limit:
        yield ValidationError("maxLength")


def _min_length(v: Any, limit: int, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if isinstance(instance, str) and len(instance) < limit:
        yield ValidationError("minLength")


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _pattern(v: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not isinstance(instance, str):
        return
    limit = schema.get("maxLength")
    if isinstance(limit, int) and len(instance) > limit:
        return
    if not _compiled(pattern).search(instance):
        yield ValidationError("pattern")


def _format(v: Any, fmt: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if v.format_checker is None or not isinstance(instance, str):
        return
    if fmt not in v.format_checker.checkers:
        return  # a format this validator leaves to a rule (arrived_at: the deadline rule)
    if len(instance) > 64 or not v.format_checker.conforms(instance, fmt):
        yield ValidationError("format")


def _unique_items(v: Any, unique: bool, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if unique and v.is_type(instance, "array"):
        seen: set[object] = set()
        for item in instance:
            key: object = (type(item) is bool, item)
            try:
                hash(key)
            except TypeError:
                key = ("json", json.dumps(item, sort_keys=True, default=repr))
            if key in seen:
                yield ValidationError("uniqueItems")
                return
            seen.add(key)


def _additional(v: Any, allowed: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if allowed is False and v.is_type(instance, "object"):
        props = schema.get("properties", {})
        if any(key not in props for key in instance):
            yield ValidationError("additionalProperties")


def _one_of(v: Any, subs: list[Any], instance: Any, schema: Any) -> Iterator[ValidationError]:
    valid = sum(1 for sub in subs if v.evolve(schema=sub).is_valid(instance))
    if valid != 1:
        yield ValidationError("oneOf")


QuietValidator: Final[type[SchemaValidator]] = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    validators={
        "type": _type,
        "maxLength": _max_length,
        "minLength": _min_length,
        "pattern": _pattern,
        "format": _format,
        "uniqueItems": _unique_items,
        "additionalProperties": _additional,
        "oneOf": _one_of,
    },
)

#: The formats checked here: ``date`` (form fields) and ``date-time`` (an
#: attachment's ``modified_at``, read as an arrival time is).  ``arrived_at``
#: belongs to the deadline rule (see :func:`_envelope_schema`).
_FORMATS: Final = FormatChecker(formats=("date",))


@_FORMATS.checks("date-time")
def _instant(value: object) -> bool:
    """A date-time with its offset, as :func:`parse_arrival` reads one: what
    the exported schema's ``format`` and ``pattern`` accept in ajv."""
    return not isinstance(value, str) or parse_arrival(value) is not None


_SUB_CHECKS: Final = SubChecks(_FORMATS)


def _properties(v: Any, props: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """jsonschema's ``properties``, descending only into the values whose
    compiled check fails: the errors, their order and paths are the same."""
    if type(instance) is not dict and not v.is_type(instance, "object"):
        return
    if v.format_checker is not _FORMATS or not isinstance(props, dict):
        # (Other formats than the compiled checks': descend into each.)
        for name, sub in props.items():
            if name in instance:
                yield from v.descend(instance[name], sub, path=name, schema_path=name)
        return
    for name, sub, check in _SUB_CHECKS.of_properties(props):
        if name in instance:
            value = instance[name]
            if check is not None and check(value):
                continue
            yield from v.descend(value, sub, path=name, schema_path=name)


#: The engine's validator: :data:`QuietValidator`'s errors, found by
#: descending only where a compiled check of the property says no.
ExplainingValidator: Final[type[SchemaValidator]] = validators.extend(  # type: ignore[no-untyped-call]
    QuietValidator, validators={"properties": _properties}
)

_JSON_TYPES: Final = {
    "object": ("对象", "an object"),
    "array": ("数组", "an array"),
    "string": ("文本", "a string"),
    "integer": ("整数", "an integer"),
    "number": ("数字", "a number"),
    "boolean": ("布尔值", "a boolean"),
    "null": ("空值 null", "null"),
}


def type_words(names: str | list[str] | tuple[str, ...], lang: str) -> str:
    """JSON type names in words, e.g. ``文本`` / ``a string``."""
    items = [names] if isinstance(names, str) else list(names)
    i = 1 if lang == "en" else 0
    words = [_JSON_TYPES.get(n, (n, n))[i] for n in items]
    return (" or " if lang == "en" else "或").join(words)


def pointer_of(parts: Iterable[Any]) -> str:
    """A JSON pointer (RFC 6901) from path parts."""
    tokens = list(map(str, parts))
    if not tokens:
        return ""
    joined = "/".join(tokens)
    if "~" in joined or joined.count("/") != len(tokens) - 1:
        tokens = [t.replace("~", "~0").replace("/", "~1") for t in tokens]
        joined = "/".join(tokens)
    return "/" + joined


@frozen(kw_only=True)
class FieldInfo:
    """A form field and its JSON pointer into the form data."""

    pointer: str
    field: FormField
    #: The ids from the form's top level down to the field.
    path: tuple[str, ...]


def _envelope_schema(edition: Edition) -> dict[str, Any]:
    """The generic envelope schema, as the engine runs it: the deadline rule
    reads ``arrived_at`` (its findings say more than a format's or than the
    pattern that keeps the calendar's ends out), and a
    ``modified_at`` out of :data:`_FORMATS`' ``date-time`` is one finding,
    not a second one for the calendar's ends that the format covers.

    A materials-only envelope (no form, no data) names roles of the
    edition's, as its exported schema says: no rule looks at its
    attachments one by one (on a form's envelope the attachment-roles rule
    says ``deliverables.unknown-role``), and a file of another role would
    be dropped in silence."""
    schema = copy.deepcopy(submission_schema(None, refuse_halves=False))
    schema["$id"] = f"urn:reform-brand:{edition.id}:envelope"
    props = schema["properties"]
    del props["arrived_at"]["format"], props["arrived_at"]["pattern"]
    del props["attachments"]["items"]["properties"]["modified_at"]["pattern"]
    roles = [d.id for d in edition.delivery.deliverables] + [m.id for m in edition.extra_materials]
    role: dict[str, Any] = {"type": "string", "enum": roles} if roles else {"not": {}}
    schema["then"] = {
        "type": "object",
        "properties": {
            "attachments": {
                "type": "array",
                "items": {"type": "object", "properties": {"role": role}},
            }
        },
    }
    return schema


def _data_schema(edition: Edition, form: Form) -> dict[str, Any]:
    schema = form_schema(edition, form, refuse_halves=False)
    schema["$id"] = f"urn:reform-brand:{edition.id}:form:{form.id}:data"
    return schema


def _field_groups(infos: Iterable[FieldInfo]) -> dict[str, tuple[FieldInfo, ...]]:
    """A form's fields (in order) by type, and by the groups of
    :meth:`EditionIndex.fields_of`: "issuer", "zi" and "contact"."""
    groups: dict[str, list[FieldInfo]] = {}
    for info in infos:
        groups.setdefault(info.field.type, []).append(info)
        if info.field.filled_by == "issuer":
            groups.setdefault("issuer", []).append(info)
        if info.field.max_zi:
            groups.setdefault("zi", []).append(info)
    contacts = [i for kind in CONTACT_PATTERNS for i in groups.get(kind, ())]
    if contacts:
        groups["contact"] = contacts
    return {k: tuple(v) for k, v in groups.items()}


def _fast_checks(schemas: Mapping[str, dict[str, Any]]) -> dict[str, FastCheck]:
    """The compiled check of every schema that allows one."""
    out: dict[str, FastCheck] = {}
    for key, schema in schemas.items():
        check = compile_check(schema, _FORMATS)
        if check is not None:
            out[key] = check
    return out


@frozen(kw_only=True)
class EditionIndex:
    """Everything the engine and the rules look up, built once per edition.

    The JSON Schema validators are built here once and reused for every
    submission: one for the envelope, one per form for its data
    (``Draft202012Validator`` with quiet keywords), each with its compiled
    fast check where the schema allows one.
    """

    edition: Edition
    envelope: SchemaValidator
    data: Mapping[str, SchemaValidator]
    #: The compiled checks tried before ``envelope`` and ``data`` (see
    #: :mod:`reform_brand.engine._fast`); a form whose schema the fast path
    #: cannot reproduce exactly has none and keeps jsonschema alone.
    fast_envelope: FastCheck | None = None
    fast_data: Mapping[str, FastCheck] = field(factory=dict)
    forms: Mapping[str, Form]
    fields: Mapping[str, Mapping[str, FieldInfo]]
    #: form id -> fields of that form by type ("phone", "email"...), and
    #: "issuer" for issuer-only fields, "zi" for fields with a 字 limit,
    #: "contact" for the contact fields (phone, then mobile, then e-mail).
    fields_by: Mapping[str, Mapping[str, tuple[FieldInfo, ...]]]
    unit_kinds: Mapping[str, UnitKind]
    deliverables: Mapping[str, Deliverable]
    materials: Mapping[str, ExtraMaterial]
    item_numbers: frozenset[int]
    roster: RosterIndex
    #: (unit kind, form) -> (quota, counted under the unit's city)
    quotas: Mapping[tuple[str, str], tuple[Quota, bool]]
    quota_units: QuotaUnits
    #: What :meth:`derived` worked out, by the function that did.
    _derived: Bounded[Callable[[EditionIndex], Any], Any] = field(
        factory=lambda: Bounded(_DERIVED_KEPT), init=False, eq=False, repr=False
    )

    @classmethod
    def build(cls, edition: Edition) -> EditionIndex:
        def make(schema: dict[str, Any]) -> SchemaValidator:
            QuietValidator.check_schema(schema)
            return ExplainingValidator(schema, format_checker=_FORMATS)

        fields: dict[str, dict[str, FieldInfo]] = {}
        fields_by: dict[str, dict[str, tuple[FieldInfo, ...]]] = {}
        for form in edition.forms:
            infos = {
                p: FieldInfo(pointer=p, field=f, path=tuple(p.split("/")[1:]))
                for p, f in form.walk()
            }
            fields[form.id] = infos
            fields_by[form.id] = _field_groups(infos.values())
        # The schemas are checked (make) before they are compiled.
        envelope_schema = _envelope_schema(edition)
        envelope = make(envelope_schema)
        data_schemas = {f.id: _data_schema(edition, f) for f in edition.forms}
        data = {form_id: make(schema) for form_id, schema in data_schemas.items()}
        fast_data = _fast_checks(data_schemas)
        roster = RosterIndex.build(edition)
        quota_units = QuotaUnits.build(edition, roster)
        return cls(
            edition=edition,
            envelope=envelope,
            data=data,
            fast_envelope=compile_check(envelope_schema, _FORMATS),
            fast_data=fast_data,
            forms={f.id: f for f in edition.forms},
            fields=fields,
            fields_by=fields_by,
            unit_kinds={k.id: k for k in edition.unit_kinds},
            deliverables={d.id: d for d in edition.delivery.deliverables},
            materials={m.id: m for m in edition.extra_materials},
            item_numbers=frozenset(it.number for it in edition.reform_items),
            roster=roster,
            quotas=quota_units.quotas,
            quota_units=quota_units,
        )

    def derived(self, make: Callable[[EditionIndex], _T]) -> _T:
        """``make(self)``, worked out on first use and kept with the index:
        what a rule looks up on every submission and that depends only on
        the edition and its forms (a plan per form, say) is worked out once
        per edition, not per call.  ``make`` must be a function of the index
        alone (it is the key); two threads may each work it out once."""
        try:
            found: _T = self._derived[make]
        except KeyError:
            # (Bounded: a rule passing a new function each call fills it.)
            found = self._derived.keep(make, make(self))
        return found

    def fields_of(self, form_id: str, group: str) -> tuple[FieldInfo, ...]:
        """Fields of ``form_id`` of type ``group`` (or "issuer", "zi", "contact")."""
        groups = self.fields_by.get(form_id)
        return () if groups is None else groups.get(group, ())

    def quota_unit(self, sub: Submission | SubmissionRecord) -> tuple[Quota, str, str] | None:
        """The quota ``sub`` counts toward: (quota, unit key, unit name as
        shown), as :meth:`QuotaUnits.quota_unit` says."""
        u = sub.unit
        return self.quota_units.quota_unit(u.kind, sub.form, u.name, u.city)


@frozen(kw_only=True)
class RuleContext:
    """What a rule's ``check`` is given.

    For a rule with ``scope == "submission"`` ``submissions`` holds exactly
    one submission (:attr:`submission`) and ``data_errors`` the JSON Schema
    errors of its form data (paths relative to ``data``).  A rule with
    ``scope == "batch"`` is given ``records``: a compact
    :class:`~reform_brand.engine.SubmissionRecord` of every submission of the
    batch that could be read and belongs to the edition (``submissions`` is
    empty: a batch is checked as a stream, its form data is not kept).
    """

    edition: Edition
    index: EditionIndex
    #: Strict mode: soft quotas are errors.
    strict: bool
    #: The evaluation time (timezone-aware).
    now: dt.datetime
    submissions: tuple[Submission, ...]
    data_errors: tuple[ValidationError, ...] = field(default=(), eq=False)
    #: Kept for the contract's shape; a batch rule reads
    #: :attr:`superseded_records` (empty since batches are streamed).
    superseded: tuple[Submission, ...] = ()
    #: For a batch rule: the records of the batch's submissions, in batch
    #: order, the earlier versions of resent projects left out (they count
    #: nowhere).  A read-only sequence whose records are kept on disk and
    #: made again each time they are read: a rule keeps what it needs of
    #: them, not the records.
    records: Sequence[SubmissionRecord] = ()
    #: For a batch rule: the records of those earlier versions, for rules
    #: about the batch's files rather than its projects (duplicate ids).
    superseded_records: Sequence[SubmissionRecord] = ()
    catalogue: Mapping[str, CodeInfo] = field(default=CATALOGUE, eq=False, repr=False)
    #: The files the rules look at, each resolved, read and sniffed once
    #: for all the rules of a submission (:class:`~reform_brand.opened.OpenedFiles`);
    #: the engine closes it when they are done.
    files: OpenedFiles = field(factory=OpenedFiles, eq=False, repr=False)

    @property
    def submission(self) -> Submission:
        return self.submissions[0]

    def finding(
        self,
        code: str,
        *,
        rule: str,
        submission: Submission | SubmissionRecord | None = None,
        pointer: str = "",
        clause: str = "",
        severity: Severity | None = None,
        unit: str | None = None,
        **params: object,
    ) -> Finding:
        """A finding of ``rule``; the severity defaults to the catalogue's.

        The finding carries its code's :class:`CodeInfo` (built-in, or
        registered through ``reform_brand_messages``), so that
        ``finding.message(lang)`` gives its text."""
        info = self.catalogue.get(code)
        if severity is None:
            severity = info.severity if info is not None else "error"
        sub = submission
        if unit is not None and unit:
            params.setdefault("unit", unit)
        return Finding(
            code=code,
            severity=severity,
            submission=sub.id if sub is not None else "",
            file=sub.file if sub is not None else "",
            pointer=pointer,
            clause=clause,
            rule=rule,
            unit=unit if unit is not None else (sub.unit.name[:200] if sub is not None else ""),
            params=params,
            info=info,
        )
