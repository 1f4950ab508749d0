"""A whitespace-only or invisible-only value is blank everywhere: in the
rules (Python) and in the exported JSON Schemas (any engine)."""

from __future__ import annotations

import copy
import re
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator

from reform_brand import Edition, Validator
from reform_brand.schema import NOT_BLANK, form_schema, submission_schema
from tests.validation.helpers import APPLICATION, NOW, RECOMMENDATION

BLANKS = ["   ", "\u3000\u3000", "\u200b", "\ufeff", "\u00ad", " \u200b\u2060 ", "\t\n"]


def _required_text(edition: Edition, form: str) -> list[tuple[str, ...]]:
    """Paths of the required one-line and multi-line text fields a filler fills."""
    out = []
    for pointer, f in edition.form(form).walk():
        if f.required and f.type in ("text", "textarea") and f.filled_by != "issuer":
            out.append(tuple(pointer.strip("/").split("/")))
    return out


def _put(data: dict[str, Any], path: tuple[str, ...], value: str) -> None:
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize(
    "env", [APPLICATION, RECOMMENDATION], ids=["application", "recommendation"]
)
def test_blank_required_fields_in_rules_and_schema(
    validator: Validator, edition: Edition, env: dict[str, Any], blank: str
) -> None:
    paths = _required_text(edition, env["form"])
    assert paths
    for path in paths:
        e = copy.deepcopy(env)
        _put(e["data"], path, blank)
        pointer = "/data/" + "/".join(path)
        codes = {(f.code, f.pointer) for f in validator.validate(e, now=NOW).findings}
        assert ("form.blank", pointer) in codes, pointer
        schema = Draft202012Validator(form_schema(edition, env["form"]))
        assert not schema.is_valid(e["data"]), pointer


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize("member", ["name", "city"])
def test_blank_unit_name_in_rules_and_schema(
    validator: Validator, edition: Edition, blank: str, member: str
) -> None:
    e = copy.deepcopy(APPLICATION)
    e["unit"][member] = blank
    found = [(f.code, f.pointer) for f in validator.validate(e, now=NOW).findings]
    assert ("envelope.empty", f"/unit/{member}") in found
    for schema in (submission_schema(None), submission_schema(edition)):
        assert not Draft202012Validator(schema).is_valid(e)


def test_the_blank_class_holds_in_both_engines_alike() -> None:
    # Only \\uXXXX escapes and ranges: Python's re and ECMAScript read it alike.
    assert re.fullmatch(r"\[\^(?:\\u[0-9a-f]{4}(?:-\\u[0-9a-f]{4})?)+\]", NOT_BLANK)
    for blank in BLANKS:
        assert re.search(NOT_BLANK, blank) is None
    assert re.search(NOT_BLANK, "\u200b济南\u200b")


def test_blank_in_a_browser_schema_engine(edition: Edition) -> None:
    """ajv, as a portal's front end runs the exported schema, agrees."""
    from tests.portal._node import ajv_verdicts

    name = form_schema(edition, "application")["properties"]["project_name"]
    schemas = {"name": {k: v for k, v in name.items() if not k.startswith("x-")}}
    cases = [("name", b) for b in BLANKS] + [("name", "\u200b海洋科普联盟")]
    compiled, verdicts = ajv_verdicts(schemas, cases)
    assert compiled == {"name": None}
    assert verdicts == [False] * len(BLANKS) + [True]


@pytest.mark.parametrize("blank", [" ", "\u3000", "\u200b", "\ufeff", "\u00a0"])
def test_blank_contact_over_its_cap_is_blank(
    validator: Validator, edition: Edition, blank: str
) -> None:
    """A contact (办公电话, 手机, 电子邮箱) of blanks alone, longer than its
    cap, is blank as a short one is: not left to the contacts rule, which
    reads nothing in it (it passed as valid)."""
    contacts = [
        (pointer, f)
        for pointer, f in edition.form("application").walk()
        if f.type in ("phone", "mobile", "email")
    ]
    assert len(contacts) == 3
    for pointer, f in contacts:
        assert f.max_chars
        e = copy.deepcopy(APPLICATION)
        _put(e["data"], tuple(pointer.strip("/").split("/")), blank * (f.max_chars + 1))
        report = validator.validate(e, now=NOW)
        assert [(x.code, x.pointer) for x in report.findings if x.severity == "error"] == [
            ("form.blank", "/data" + pointer)
        ]


def _with_pattern(edition: Edition, pattern: str) -> Edition:
    """The reference edition with a pattern on 项目名称 (a required text)."""
    form = edition.form("application")
    fields = tuple(
        attrs.evolve(f, pattern=pattern) if f.id == "project_name" else f for f in form.fields
    )
    forms = tuple(attrs.evolve(f, fields=fields) if f is form else f for f in edition.forms)
    return attrs.evolve(edition, forms=forms)


@pytest.mark.parametrize("blank", BLANKS)
def test_a_required_field_whose_pattern_takes_blanks_is_still_not_blank(
    edition: Edition, blank: str
) -> None:
    """An edition's own pattern (here: any two characters or more) does not
    make a blank value filled in, in the rules or in the exported schema."""
    changed = _with_pattern(edition, "^.{2,}$")
    e = copy.deepcopy(APPLICATION)
    e["data"]["project_name"] = blank * 2
    report = Validator(changed).validate(e, now=NOW)
    assert [(f.code, f.pointer) for f in report.findings if f.severity == "error"] == [
        ("form.blank", "/data/project_name")
    ]
    schema = form_schema(changed, "application")
    assert not Draft202012Validator(schema).is_valid(e["data"])
    e["data"]["project_name"] = "x"  # the pattern's own finding
    assert [(f.code, f.pointer) for f in Validator(changed).validate(e, now=NOW).findings] == [
        ("form.pattern", "/data/project_name")
    ]


def test_a_pattern_and_blank_in_a_browser_schema_engine(edition: Edition) -> None:
    from tests.portal._node import ajv_verdicts

    name = form_schema(_with_pattern(edition, "^.{2,}$"), "application")["properties"]
    schemas = {"name": {k: v for k, v in name["project_name"].items() if not k.startswith("x-")}}
    cases = [("name", b * 2) for b in BLANKS] + [("name", "x"), ("name", "海洋科普")]
    compiled, verdicts = ajv_verdicts(schemas, cases)
    assert compiled == {"name": None}
    assert verdicts == [False] * len(BLANKS) + [False, True]
