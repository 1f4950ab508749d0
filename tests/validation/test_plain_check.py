"""The plain path's check of a form's data (generated from the form's
schema) never takes what jsonschema refuses, nor a string holding half a
character, and takes the usual valid data."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from reform_brand import Edition, Host, Validator
from reform_brand._measure import HALF
from reform_brand.engine._context import _FORMATS, _data_schema
from reform_brand.engine._plaincheck import plain_data_check
from reform_brand.testing.strategies import form_data
from tests.validation.helpers import APPLICATION
from tests.validation.test_fast_path import EDGE_VALUES, mutated, values

SETTINGS = settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _editions(host: Host) -> list[Edition]:
    from tests.neutral.conftest import GuizhouPlugin, HainanPlugin

    others = Host.create(
        plugins=[GuizhouPlugin(), HainanPlugin()], load_entry_points=False, block=()
    )
    return [
        host.edition("shandong-2022"),
        others.edition("guizhou-2025"),
        others.edition("hainan-2024"),
    ]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [*_strings(k), *_strings(v)]]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_form_of_the_editions_has_the_plain_check(host: Host) -> None:
    for edition in _editions(host):
        for form in edition.forms:
            assert plain_data_check(_data_schema(edition, form), _FORMATS) is not None, form.id


@pytest.mark.parametrize("which", [0, 1, 2], ids=["shandong-2022", "guizhou-2025", "hainan-2024"])
def test_what_the_check_takes_jsonschema_takes_and_it_holds_no_half_character(
    host: Host, which: int
) -> None:
    edition = _editions(host)[which]
    validator = Validator(edition)
    forms = [f for f in edition.forms if validator.index.data.get(f.id) is not None]
    taken = {True: 0, False: 0}
    halves = st.sampled_from(["\ud800", "a\udfffb", "\udc80", "项目\ud83d"])

    @st.composite
    def data(draw: st.DrawFn) -> tuple[str, Any]:
        form = draw(st.sampled_from(forms))
        valid = copy.deepcopy(draw(form_data(edition, form, max_text=40)))
        kind = draw(st.sampled_from(["valid", "mutated", "half", "any"]))
        if kind == "mutated":
            return form.id, draw(mutated(valid))
        if kind == "half" and valid:
            key = draw(st.sampled_from(sorted(valid)))
            if isinstance(valid[key], str):
                valid[key] = valid[key] + draw(halves)
        if kind == "any":
            return form.id, draw(st.one_of(values, st.sampled_from(EDGE_VALUES)))
        return form.id, valid

    @SETTINGS
    @given(data())
    def run(item: tuple[str, Any]) -> None:
        form_id, value = item
        check = plain_data_check(_data_schema(edition, edition.form(form_id)), _FORMATS)
        assert check is not None
        said = check(value)
        taken[said] += 1
        if said:
            assert list(validator.index.data[form_id].iter_errors(value)) == []
            assert not any(HALF.search(s) for s in _strings(value))

    run()
    assert taken[True] > 100 and taken[False] > 100, taken


class _Str(str):
    """A string the Python API may give (jsonschema takes it as a string)."""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("project_name", _Str("项目")),
        ("project_name", "项目\ud800"),
        ("project_name", "  "),
        ("project_name", "x" * 101),
        ("date", "2022-02-30"),
        ("date", 20220215),
        ("unknown", "x"),
        ("contact", {"name": "张明"}),
        ("project_basis", "基础\x01"),
        ("project_basis", "基础\x1b[31m"),
        ("project_basis", "\x7f"),
    ],
)
def test_the_check_refuses_what_the_plain_path_leaves_to_the_general_pass(
    host: Host, field: str, value: object
) -> None:
    edition = host.edition("shandong-2022")
    check = plain_data_check(_data_schema(edition, edition.form("application")), _FORMATS)
    assert check is not None
    data = copy.deepcopy(APPLICATION["data"])
    assert check(data) is True
    data[field] = value
    assert check(data) is False


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object"},
        {"type": "object", "additionalProperties": False, "properties": {"a": {"not": {}}}},
        {"type": "string", "format": "email"},
        {"type": "array", "items": {"type": "string"}},
        {"type": "string", "oneOf": [{"const": "a"}, {"const": "a"}]},
        {"type": "string", "enum": ["a"], "oneOf": [{"const": "a"}, {"const": "a"}]},
        {"type": "string", "enum": ["a", 1]},
        {"type": "integer", "multipleOf": 2},
        {"oneOf": [{"type": "string"}]},
    ],
)
def test_a_schema_with_a_keyword_it_does_not_write_out_gets_no_check(
    schema: dict[str, Any],
) -> None:
    assert plain_data_check(schema, _FORMATS) is None


@pytest.mark.parametrize(
    ("schema", "value", "said"),
    [
        ({"type": "integer", "minimum": 1, "maximum": 3}, 2, True),
        ({"type": "integer", "minimum": 1, "maximum": 3}, 4, False),
        ({"type": "integer"}, 1.0, False),
        ({"type": "integer"}, True, False),
        ({"type": "number", "exclusiveMaximum": 1}, 1, False),
        ({"type": "number"}, float("nan"), False),
        ({"type": "number"}, 0.5, True),
        ({"type": ["string", "null"], "maxLength": 2}, None, True),
        ({"type": ["string", "null"], "maxLength": 2}, "abc", False),
        ({"type": ["string", "null"], "maxLength": 2}, 1, False),
        ({"type": "string", "oneOf": [{"const": "A"}, {"const": "B"}]}, "B", True),
        ({"type": "string", "oneOf": [{"const": "A"}, {"const": "B"}]}, "C", False),
        ({"type": "array", "maxItems": 2, "items": {"type": "string"}}, ["a", "b"], True),
        ({"type": "array", "maxItems": 2, "items": {"type": "string"}}, ["a", "b", "c"], False),
        ({"type": "array", "maxItems": 2, "items": {"type": "string"}}, ("a",), False),
        ({"type": "boolean"}, False, True),
        ({"type": "boolean"}, 0, False),
        ({"type": "string", "enum": ["A", "B"], "const": "B"}, "B", True),
        ({"type": "string", "enum": ["A", "B"], "const": "B"}, "A", False),
        ({"type": "string", "enum": ["A", "B"], "anyOf": [{"const": "A"}]}, "B", False),
    ],
)
def test_the_check_of_each_keyword(schema: dict[str, Any], value: object, said: bool) -> None:
    check = plain_data_check(schema, _FORMATS)
    assert check is not None
    assert check(value) is said


def test_tab_and_line_breaks_are_plain_text(host: Host) -> None:
    edition = host.edition("shandong-2022")
    check = plain_data_check(_data_schema(edition, edition.form("application")), _FORMATS)
    assert check is not None
    data = copy.deepcopy(APPLICATION["data"])
    data["project_basis"] = "一是完善机制；\r\n二是搭建平台。\t\u3000三是总结推广。\u200b"
    assert check(data) is True


def test_a_text_starting_with_a_letter_or_digit_is_not_blank() -> None:
    """The generated check tells a required text filled by its first
    character when that is a letter or a digit: every such character is one
    the schema's ``NOT_BLANK`` pattern finds."""
    import re

    from reform_brand.schema import NOT_BLANK

    not_blank = re.compile(NOT_BLANK)
    missed = [
        hex(c) for c in range(0x110000) if chr(c).isalnum() and not_blank.fullmatch(chr(c)) is None
    ]
    assert missed == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("A项目", True),
        ("项目", True),
        ("\u3000项目", True),
        ("\u200b\u3000 ", False),
        (" ", False),
    ],
)
def test_a_required_text_is_told_filled_or_blank(host: Host, text: str, said: bool) -> None:
    edition = host.edition("shandong-2022")
    check = plain_data_check(_data_schema(edition, edition.form("application")), _FORMATS)
    assert check is not None
    data = copy.deepcopy(APPLICATION["data"])
    data["project_name"] = text
    assert check(data) is said


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ((), True),
        (("shandong-2022", "济南市科协", "s1"), True),
        (("济南市科协\x07",), False),
        (("s\x1f1",), False),
        (("济南\ud800",), False),
        (("\udc00",), False),
        (("济南市科协\t",), True),
    ],
)
def test_the_envelope_strings_given_are_looked_at_too(
    host: Host, given: tuple[str, ...], said: bool
) -> None:
    """The plain path gives the check the envelope's own strings: half a
    character or a control character there makes the envelope not plain."""
    edition = host.edition("shandong-2022")
    check = plain_data_check(_data_schema(edition, edition.form("application")), _FORMATS)
    assert check is not None
    assert check(copy.deepcopy(APPLICATION["data"]), given) is said


@pytest.mark.parametrize(
    ("phone", "said"),
    [
        ("0531-82073271", True),
        (" 0531-82073271", True),
        ("0531-82073271\u3000", True),
        ("０５３１－８２０７３２７１", True),
        ("0531\u200b-82073271", True),
        ("0531—82073271", True),
        ("531-82073271", False),
        ("0531 82073271", False),
        ("0531-820732", False),
    ],
)
def test_a_contact_is_told_by_its_format_or_what_folds_into_it(
    host: Host, phone: str, said: bool
) -> None:
    """A contact field's value of ASCII without white space around is told
    by the field's format; any other by the schema's pattern, which takes
    what folds into the format too."""
    edition = host.edition("shandong-2022")
    schema = _data_schema(edition, edition.form("application"))
    check = plain_data_check(schema, _FORMATS)
    assert check is not None
    data = copy.deepcopy(APPLICATION["data"])
    data["contact"]["office_phone"] = phone
    assert check(data) is said
    assert Draft202012Validator(schema, format_checker=_FORMATS).is_valid(data) is said
