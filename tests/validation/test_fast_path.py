"""The compiled fast path gives jsonschema's verdict, and the engine's
reports are the same with and without it.

The compiled check is tried first and jsonschema runs only when it says
no, so the check must never accept what jsonschema rejects; these tests ask
more: the same verdict both ways, on thousands of generated values, valid
and invalid.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import FormatChecker

from reform_brand import Edition, Validator
from reform_brand.engine._context import (
    _FORMATS,
    ExplainingValidator,
    QuietValidator,
    _data_schema,
    _envelope_schema,
)
from reform_brand.engine._fast import SubChecks, compile_check, fast_schema
from reform_brand.testing.strategies import envelopes, form_data, hostile_envelopes, json_values
from tests.validation.helpers import NOW

SETTINGS = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Strings at the edges of the forms' keywords: blank, lengths, trailing
#: newlines (where ``$`` and ``\\Z`` differ), dates that do not exist,
#: full-width digits, a tuple (no JSON array).
EDGE_VALUES: list[Any] = [
    "",
    " ",
    "\u3000",
    "\n",
    "x",
    "x" * 101,
    "x" * 255,
    "2022-08-15",
    "2022-08-15\n",
    "2022-02-30",
    "2022-2-3",
    "0000-01-01",
    "２０２２-08-15",
    "0531-82073271",
    "0531-82073271\n",
    "13805310000",
    "13805310000\n",
    "１３８０５３１００００",
    "office@example.cn",
    "office@example.cn\n",
    "a@b.c1",
    0,
    1,
    1.0,
    True,
    None,
    [],
    {},
    ("x",),
    [1, 1],
    [1, True],
    [1.0, 1],
    {"name": "张明"},
]

# Copies: a test case that changes a dict or list it was given (a mutated
# envelope adds to a nested member) must not change the next cases' values.
values = st.one_of(json_values(max_leaves=8), st.sampled_from(EDGE_VALUES).map(copy.deepcopy))


def _schemas(edition: Edition) -> dict[str, dict[str, Any]]:
    out = {f"form:{f.id}": _data_schema(edition, f) for f in edition.forms}
    out["envelope"] = _envelope_schema(edition)
    return out


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with members dropped, replaced or added, at the top or one
    level down (the contact group, the unit, an attachment)."""
    value = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, 3))):
        target = value
        nested = [k for k, v in value.items() if isinstance(v, dict | list) and v]
        if bool(nested) and draw(st.booleans()):
            inner = value[draw(st.sampled_from(sorted(nested)))]
            if isinstance(inner, list):
                inner = inner[0]
            if not isinstance(inner, dict):
                continue
            target = inner
        keys = sorted(target)
        action = draw(st.sampled_from(["drop", "replace", "add"]))
        if action == "drop" and keys:
            target.pop(draw(st.sampled_from(keys)))
        elif action == "replace" and keys:
            target[draw(st.sampled_from(keys))] = draw(values)
        else:
            target[draw(st.text(max_size=6))] = draw(values)
    return value


def test_every_schema_of_the_reference_edition_has_a_fast_path(edition: Edition) -> None:
    validator = Validator(edition)
    assert validator.index.fast_envelope is not None
    assert set(validator.index.fast_data) == {f.id for f in edition.forms}


@pytest.mark.parametrize(
    "schema",
    [
        {"$ref": "#/$defs/x", "$defs": {"x": {"type": "string"}}},
        {"type": "object", "unevaluatedProperties": False},
        {"type": "string", "pattern": "^a$"},
        {"type": "object", "additionalProperties": {"type": "string"}},
        {"type": "array", "prefixItems": [{"type": "string"}]},
        {"not": {"type": "array", "items": {"type": "string"}}},
        {"const": [1, 2]},
        {"type": "string", "pattern": "("},
    ],
)
def test_keywords_that_could_mean_something_else_keep_jsonschema(schema: dict[str, Any]) -> None:
    assert fast_schema(schema, frozenset({"date"})) is None
    assert compile_check(schema, _FORMATS) is None


def test_formats_are_the_engines() -> None:
    check = compile_check(
        {
            "type": "string",
            "format": "date",
            "$schema": "https://json-schema.org/draft/2020-12/schema",
        },
        _FORMATS,
    )
    assert check is not None
    assert check("2022-08-15")
    assert not check("2022-02-30")
    # date-time (an attachment's modified_at) is read as an arrival time is;
    # arrived_at's is the deadline rule's (the engine's envelope schema has none).
    instant = compile_check({"type": "string", "format": "date-time"}, _FORMATS)
    assert instant is not None and instant("2022-08-15T10:00:00+08:00")
    assert not instant("not a time") and not instant("2022-08-15T10:00:00")
    # Any other format is an annotation, as the quiet validator reads it.
    other = compile_check({"type": "string", "format": "uri"}, _FORMATS)
    assert other is not None and other("not a uri")


def _same_verdict(schema: dict[str, Any], value: Any) -> None:
    reference = QuietValidator(schema, format_checker=_FORMATS)
    check = compile_check(schema, _FORMATS)
    assert check is not None
    assert check(value) == (next(iter(reference.iter_errors(value)), None) is None), value


@st.composite
def data_cases(draw: st.DrawFn, edition: Edition) -> tuple[str, Any]:
    form = draw(st.sampled_from(list(edition.forms)))
    valid = draw(form_data(edition, form, max_text=120))
    kind = draw(st.sampled_from(["valid", "mutated", "junk"]))
    if kind == "valid":
        return form.id, valid
    if kind == "mutated":
        return form.id, draw(mutated(valid))
    return form.id, draw(values)


def test_form_data_verdicts_are_jsonschemas(edition: Edition) -> None:
    schemas = {f.id: _data_schema(edition, f) for f in edition.forms}
    reference = {k: QuietValidator(s, format_checker=_FORMATS) for k, s in schemas.items()}
    checks = {k: compile_check(s, _FORMATS) for k, s in schemas.items()}
    seen = {True: 0, False: 0}

    @SETTINGS
    @given(data_cases(edition))
    def run(case: tuple[str, Any]) -> None:
        form_id, data = case
        check = checks[form_id]
        assert check is not None
        expected = next(iter(reference[form_id].iter_errors(data)), None) is None
        assert check(data) == expected, data
        seen[expected] += 1

    run()
    # Both verdicts were exercised, many times each.
    assert seen[True] > 200 and seen[False] > 200, seen


@st.composite
def envelope_cases(draw: st.DrawFn, edition: Edition) -> Any:
    kind = draw(st.sampled_from(["valid", "mutated", "hostile"]))
    if kind == "hostile":
        return draw(hostile_envelopes(edition))
    env = draw(envelopes(edition, max_text=60))
    return env if kind == "valid" else draw(mutated(env))


def test_envelope_verdicts_are_jsonschemas(edition: Edition) -> None:
    schema = _envelope_schema(edition)
    reference = QuietValidator(schema, format_checker=_FORMATS)
    check = compile_check(schema, _FORMATS)
    assert check is not None
    seen = {True: 0, False: 0}

    @SETTINGS
    @given(envelope_cases(edition))
    def run(env: Any) -> None:
        expected = next(iter(reference.iter_errors(env)), None) is None
        assert check(env) == expected, env
        seen[expected] += 1

    run()
    assert seen[True] > 200 and seen[False] > 200, seen


@pytest.mark.parametrize("value", EDGE_VALUES)
def test_edge_values_in_every_field(edition: Edition, value: Any) -> None:
    """Each edge value in each field of each form: the same verdict."""
    for form in edition.forms:
        schema = _data_schema(edition, form)
        for name in schema["properties"]:
            _same_verdict(schema, {name: value})


def _plain(validator: Validator) -> Validator:
    """The same validator without the fast path: jsonschema alone."""
    plain = copy.copy(validator)
    index = validator.index
    plain.index = attrs.evolve(
        index,
        fast_envelope=None,
        fast_data={},
        envelope=QuietValidator(index.envelope.schema, format_checker=_FORMATS),
        data={k: QuietValidator(v.schema, format_checker=_FORMATS) for k, v in index.data.items()},
    )
    return plain


def _summary(report: Any) -> tuple[bool, list[str]]:
    """The verdict and each finding whole (params included), sorted."""
    found = (
        json.dumps([f.code, f.pointer, str(f.severity), f.params], sort_keys=True, default=repr)
        for f in report.findings
    )
    return bool(report.ok), sorted(found)


def test_reports_are_the_same_with_and_without_the_fast_path(
    edition: Edition, validator: Validator
) -> None:
    plain = _plain(validator)
    assert plain.index.fast_data == {} and validator.index.fast_data

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(envelope_cases(edition))
    def run(env: Any) -> None:
        fast = validator.validate(copy.deepcopy(env), now=NOW)
        slow = plain.validate(copy.deepcopy(env), now=NOW)
        assert _summary(fast) == _summary(slow)

    run()


def _errors(validator: Any, value: Any) -> list[tuple[Any, ...]]:
    return [
        (e.validator, list(e.absolute_path), list(e.absolute_schema_path), e.validator_value)
        for e in validator.iter_errors(value)
    ]


def test_explanations_are_jsonschemas(edition: Edition) -> None:
    """The explaining validator (descending only where a property's compiled
    check fails) gives the reference's errors: the same keywords, paths and
    values, in the same order, on the form data and on envelopes."""
    schemas = {f.id: _data_schema(edition, f) for f in edition.forms}
    reference = {k: QuietValidator(s, format_checker=_FORMATS) for k, s in schemas.items()}
    explaining = {k: ExplainingValidator(s, format_checker=_FORMATS) for k, s in schemas.items()}
    env_schema = _envelope_schema(edition)
    env_reference = QuietValidator(env_schema, format_checker=_FORMATS)
    env_explaining = ExplainingValidator(env_schema, format_checker=_FORMATS)
    seen = {"data": 0, "envelope": 0}

    @settings(
        max_examples=500,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data_cases(edition), envelope_cases(edition))
    def run(case: tuple[str, Any], env: Any) -> None:
        form_id, data = case
        expected = _errors(reference[form_id], data)
        assert _errors(explaining[form_id], data) == expected, data
        seen["data"] += bool(expected)
        expected = _errors(env_reference, env)
        assert _errors(env_explaining, env) == expected, env
        seen["envelope"] += bool(expected)

    run()
    # Failures were explained many times on both.
    assert seen["data"] > 100 and seen["envelope"] > 100, seen


def test_a_value_the_compiled_code_chokes_on_is_a_no(edition: Edition) -> None:
    """Anything the generated code raises leaves the verdict to jsonschema."""

    class Odd(dict[str, Any]):
        def keys(self) -> Any:
            raise RuntimeError("odd")

    check = compile_check(_envelope_schema(edition), _FORMATS)
    assert check is not None
    assert check(Odd(edition="x")) is False


def test_sub_checks_are_made_once_and_kept_bounded() -> None:
    subs = SubChecks(_FORMATS, limit=2)
    schema: dict[str, Any] = {"type": "string", "format": "date"}
    check = subs.get(schema)
    assert check is not None and check("2022-08-15") and not check("2022-02-30")
    assert subs.get(schema) is check  # made once
    # An equal schema is another schema: it is known by its identity.
    assert subs.get(dict(schema)) is not check
    # A schema the fast path cannot reproduce has no check: it is descended into.
    assert subs.get({"$ref": "#/x"}) is None
    assert subs.get(True) is None
    # Past the limit the store starts afresh; the schema gets a new check.
    assert subs.get(schema) is not check


def test_the_checks_of_a_properties_object_are_looked_up_once() -> None:
    subs = SubChecks(_FORMATS, limit=4)
    props: dict[str, Any] = {"d": {"type": "string", "format": "date"}, "r": {"$ref": "#/x"}}
    found = subs.of_properties(props)
    assert [(name, sub) for name, sub, _ in found] == list(props.items())
    date_check, ref_check = found[0][2], found[1][2]
    assert date_check is subs.get(props["d"]) and ref_check is None
    assert subs.of_properties(props) is found  # made once
    # An equal object is another object: it is known by its identity.
    assert subs.of_properties(dict(props)) is not found


def test_another_format_checker_explains_without_sub_checks(edition: Edition) -> None:
    """The sub-checks check the engine's formats: a validator with other
    formats descends everywhere, as jsonschema does."""
    schema = {"type": "object", "properties": {"d": {"type": "string", "format": "email"}}}
    checker = FormatChecker(formats=("email",))
    explaining = ExplainingValidator(schema, format_checker=checker)
    assert [e.validator for e in explaining.iter_errors({"d": "not an e-mail"})] == ["format"]
