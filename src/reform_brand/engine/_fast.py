"""The compiled fast path: a schema turned into Python code by fastjsonschema.

jsonschema stays the reference and the explainer.  The engine first asks the
compiled check whether a value is valid; only when it says no does the
``Draft202012Validator`` run, to say what is wrong.  So the compiled check must
never accept what jsonschema rejects.  fastjsonschema knows drafts 4, 6 and 7
(and 2019-09); the schemas the forms export are Draft 2020-12 but use only
keywords that mean the same in Draft 7.  :func:`compile_check` proves that
keyword by keyword and gives up (returns None: that schema keeps the
jsonschema path alone) on anything else:

- ``$ref``, ``$defs``, ``unevaluated*``, ``prefixItems``, ``dependentSchemas``
  and every keyword not in :data:`_KEYWORDS`;
- a ``pattern`` with a ``$`` (fastjsonschema rewrites ``$`` to ``\\Z``, which
  differs from Python's ``$`` before a final newline; the project's portable
  patterns end with ``(?![\\s\\S])`` instead);
- a schema-valued ``additionalProperties`` or array-valued ``items``;
- ``const``/``enum`` values that are not scalars.

It also transforms the schema for Draft 7: annotations and ``$schema``/``$id``
are dropped; ``format`` is kept only for the formats the engine's checker
checks, and is checked by that checker (with the same length limit the quiet
``format`` keyword applies), so that ``2022-02-30`` is refused on both paths.
A JSON array is a ``list`` on both paths (fastjsonschema would also take a
``tuple``).  Where a sub-schema's verdict is negated (``not``, ``if``,
``oneOf``), only keywords whose verdict is exactly jsonschema's on any Python
value are allowed, so that a stricter check inside cannot become a looser one
outside.

A differential test (tests/validation/test_fast_path.py) runs both on
thousands of generated values, valid and invalid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from fastjsonschema import JsonSchemaException
from fastjsonschema.draft07 import CodeGeneratorDraft07
from fastjsonschema.ref_resolver import RefResolver
from jsonschema import FormatChecker

from reform_brand._bounded import Bounded

__all__ = [
    "ANNOTATIONS",
    "FastCheck",
    "PropertyChecks",
    "SubChecks",
    "compile_check",
    "fast_schema",
    "format_checks",
]

#: A compiled check: True when the value is valid.
FastCheck = Callable[[Any], bool]

#: The properties of a ``properties`` keyword: name, sub-schema and its
#: compiled check (None: none).
PropertyChecks = tuple[tuple[str, Any, FastCheck | None], ...]

#: Keywords whose meaning is the same in Draft 7 and Draft 2020-12 (and with
#: the engine's quiet keywords), when their values are as checked below.
_KEYWORDS: Final = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "const",
        "enum",
        "minimum",
        "maximum",
        "if",
        "then",
        "else",
        "not",
        "anyOf",
        "allOf",
        "oneOf",
    }
)

#: Keywords allowed where a verdict is negated: their verdict is jsonschema's
#: on any Python value (not only on JSON values), never merely stricter.
_EXACT: Final = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "const",
        "enum",
        "not",
        "anyOf",
        "allOf",
        "oneOf",
        "if",
        "then",
        "else",
    }
)

#: Annotations: no effect on the verdict.
ANNOTATIONS: Final = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "title",
        "description",
        "examples",
        "default",
        "readOnly",
        "writeOnly",
        "deprecated",
    }
)

_SCALARS: Final = (str, int, float, bool, type(None))

#: JSON types as Python types; ``array`` is a list only, as in jsonschema.
_PY_TYPES: Final = {
    "null": "NoneType",
    "boolean": "bool",
    "number": "int, float, Decimal",
    "integer": "int",
    "string": "str",
    "array": "list",
    "object": "dict",
}

#: Longest string a format is tried on (the quiet ``format`` keyword's limit).
FORMAT_MAX: Final = 64


class Unsupported(Exception):
    """The schema uses something the fast path does not reproduce exactly."""


def _subschema(value: Any, formats: frozenset[str], negated: bool) -> Any:
    if isinstance(value, bool):
        return value
    if not isinstance(value, dict):
        raise Unsupported("schema")
    out: dict[str, Any] = {}
    for key, sub in value.items():
        if key in ANNOTATIONS or (isinstance(key, str) and key.startswith("x-")):
            continue
        if key not in _KEYWORDS or (negated and key not in _EXACT):
            raise Unsupported(key)
        converted = _keyword(key, sub, formats, negated)
        if converted is not _DROP:
            out[key] = converted
    return out


_DROP: Final = object()


def _sub_keyword(key: str, sub: Any, formats: frozenset[str], negated: bool) -> Any:
    """A keyword whose value holds sub-schemas, converted."""
    if key == "properties":
        if not isinstance(sub, dict):
            raise Unsupported(key)
        return {name: _subschema(s, formats, negated) for name, s in sub.items()}
    if key in {"not", "if"}:
        return _subschema(sub, formats, True)
    if key in {"anyOf", "allOf", "oneOf"}:
        if not isinstance(sub, list) or not sub:
            raise Unsupported(key)
        inner = negated or key == "oneOf"
        return [_subschema(s, formats, inner) for s in sub]
    return _subschema(sub, formats, negated)  # items, then, else


def _pattern_ok(sub: Any) -> bool:
    if not isinstance(sub, str) or "$" in sub:
        return False
    try:
        re.compile(sub)
    except re.error:
        return False
    return True


#: Keywords whose value is checked, not converted: key -> value accepted.
_VALUE_OK: Final[dict[str, Callable[[Any], bool]]] = {
    "additionalProperties": lambda v: isinstance(v, bool),
    "pattern": _pattern_ok,
    "const": lambda v: isinstance(v, _SCALARS),
    "enum": lambda v: isinstance(v, list) and all(isinstance(x, _SCALARS) for x in v),
}

_SUBSCHEMA_KEYWORDS: Final = frozenset(
    {"properties", "items", "then", "else", "not", "if", "anyOf", "allOf", "oneOf"}
)


def _keyword(key: str, sub: Any, formats: frozenset[str], negated: bool) -> Any:
    if key in _SUBSCHEMA_KEYWORDS:
        return _sub_keyword(key, sub, formats, negated)
    if key == "format":
        return sub if sub in formats else _DROP
    ok = _VALUE_OK.get(key)
    if ok is not None and not ok(sub):
        raise Unsupported(key)
    return sub


def fast_schema(schema: Mapping[str, Any], formats: frozenset[str]) -> dict[str, Any] | None:
    """``schema`` rewritten for the Draft 7 compiler, or None when it uses a
    keyword whose meaning there could differ."""
    try:
        out = _subschema(dict(schema), formats, False)
    except Unsupported:
        return None
    if not isinstance(out, dict):
        return None
    out["$schema"] = "http://json-schema.org/draft-07/schema#"
    return out


class _Generator(CodeGeneratorDraft07):
    """Draft 7 code, with jsonschema's JSON types (a tuple is no array)."""

    def exc(self, msg: str, *args: Any, append_to_msg: str | None = None, rule: Any = None) -> None:
        """A failure raises a bare exception: :func:`compile_check`'s check
        only says no and drops it, so the code does not build a message, nor
        the failing sub-schema as a literal (fastjsonschema's detailed
        exceptions), each time a value fails."""
        self.l("raise JsonSchemaValueException('invalid')")

    def generate_type(self) -> None:
        definition: Any = self._definition
        raw = definition["type"]
        types: list[Any] = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(t, str) and t in _PY_TYPES for t in types):
            raise Unsupported("type")
        python_types = ", ".join(_PY_TYPES[t] for t in types)
        var = self._variable
        extra = ""
        if "integer" in types:
            extra += f" and not (isinstance({var}, float) and {var}.is_integer())"
        if ("number" in types or "integer" in types) and "boolean" not in types:
            extra += f" or isinstance({var}, bool)"
        with self.l("if not isinstance({variable}, ({})){}:", python_types, extra):
            self.exc("{name} must be {}", " or ".join(types), rule="type")


def format_checks(checker: FormatChecker) -> dict[str, Callable[[str], bool]]:
    """Each format of ``checker`` as a function that says whether a string
    conforms (never raising: what the format's function raises is a no)."""

    def make(name: str) -> Callable[[str], bool]:
        # ``checker.conforms(value, name)``, without looking the format up
        # and raising and catching a FormatError at each value: the
        # format's function says yes, or no, or raises what it may raise.
        func, raises = checker.checkers[name]

        def check(value: str) -> bool:
            if len(value) > FORMAT_MAX:
                return False
            try:
                return bool(func(value))
            except raises:
                return False

        return check

    return {name: make(name) for name in checker.checkers}


def compile_check(schema: Mapping[str, Any], checker: FormatChecker) -> FastCheck | None:
    """The compiled check of ``schema`` (True: valid), or None when the fast
    path cannot give jsonschema's verdict for it."""
    formats = format_checks(checker)
    definition = fast_schema(schema, frozenset(formats))
    if definition is None:
        return None
    try:
        resolver = RefResolver.from_schema(definition, handlers={}, store={})
        generator = _Generator(  # type: ignore[no-untyped-call]
            definition,
            resolver=resolver,
            formats=formats,
            use_default=False,
            use_formats=True,
            detailed_exceptions=False,  # (see _Generator.exc)
            fast_fail=True,
        )
        state: dict[str, Any] = generator.global_state
        exec(generator.func_code, state)
    except (Unsupported, JsonSchemaException, SyntaxError, KeyError, re.error):
        return None
    func = state[resolver.get_scope_name()]

    def check(value: Any) -> bool:
        # Anything the generated code raises is a "no": jsonschema, the
        # reference, then says what is wrong (or that nothing is).
        try:
            func(value, custom_formats=formats)
        except Exception:
            return False
        return True

    return check


class SubChecks:
    """The compiled checks of sub-schemas, each made the first time it is
    asked for and kept (at most ``limit``; then the store starts afresh).

    The explaining validator (:data:`reform_brand.engine._context.ExplainingValidator`)
    asks it whether a property's value is valid before descending into it,
    so that a failure is explained by jsonschema where it is, not over the
    whole value.  A sub-schema is known by its identity (the store keeps it,
    so that the identity is not reused); one the fast path cannot reproduce
    has no check (None) and is always descended into.
    """

    def __init__(self, checker: FormatChecker, limit: int = 512) -> None:
        self.checker = checker
        self._checks: Bounded[int, tuple[object, FastCheck | None]] = Bounded(limit)
        self._properties: Bounded[int, tuple[object, PropertyChecks]] = Bounded(limit)

    def of_properties(self, properties: Mapping[str, Any]) -> PropertyChecks:
        """Each property of a ``properties`` keyword's value with its
        sub-schema and :meth:`get`'s check, in order: looked up once for
        the object, not once for each of its properties each time it is met
        (it is known by its identity, as a sub-schema is)."""
        entry = self._properties.get(id(properties))
        if entry is not None and entry[0] is properties:
            return entry[1]
        found = tuple((name, sub, self.get(sub)) for name, sub in properties.items())
        self._properties.put(id(properties), (properties, found))
        return found

    def get(self, schema: object) -> FastCheck | None:
        """The compiled check of ``schema``, or None."""
        entry = self._checks.get(id(schema))
        if entry is not None and entry[0] is schema:
            return entry[1]
        check = compile_check(schema, self.checker) if isinstance(schema, dict) else None
        self._checks.put(id(schema), (schema, check))
        return check
