"""The engine's and the built-in rules' shortcuts say what the plain path says.

Each shortcut skips work only where the plain path finds nothing; these
tests run both on generated values, valid, broken and hostile ones.
"""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reform_brand import Edition, Validator
from reform_brand._text import has_surrogates
from reform_brand.engine._run import run_rule
from reform_brand.engine._shape import envelope_shape_ok, shaped_submission
from reform_brand.rules._files import _a_name, _unsafe_path
from reform_brand.rules._form import FormDataRule, _suspect_values
from reform_brand.submission import Submission
from reform_brand.testing.strategies import envelopes, hostile_envelopes, json_values
from tests.validation.helpers import APPLICATION, NOW
from tests.validation.test_fast_path import mutated, values
from tests.validation.test_hypothesis import envelopes as broken_envelopes

SETTINGS = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class _Dict(dict[str, Any]):
    """An object the Python API may give where JSON gives a dict."""


class _Str(str):
    """... or a string."""


@st.composite
def any_envelopes(draw: st.DrawFn, edition: Edition) -> Any:
    kind = draw(st.sampled_from(["valid", "mutated", "hostile", "broken"]))
    if kind == "hostile":
        return draw(hostile_envelopes(edition))
    if kind == "broken":
        return draw(broken_envelopes())
    env = draw(envelopes(edition, max_text=60))
    return env if kind == "valid" else draw(mutated(env))


def _fields(sub: Submission) -> dict[str, Any]:
    return {a.name: getattr(sub, a.name) for a in attrs.fields(Submission)}


def test_a_shaped_envelope_is_read_as_from_envelope_reads_it(
    edition: Edition, validator: Validator
) -> None:
    """What the one pass reads is what ``from_envelope`` reads, and only
    where the envelope's schema finds nothing."""
    seen = {True: 0, False: 0}

    @SETTINGS
    @given(any_envelopes(edition), st.sampled_from(["#3", "x" * 300]))
    def run(env: Any, sub_id: str) -> None:
        if not isinstance(env, dict):
            return
        shaped = shaped_submission(env, id=sub_id, file="f.json", real_base="/r")
        assert envelope_shape_ok(env) == (shaped is not None)
        seen[shaped is not None] += 1
        if shaped is None:
            return
        assert list(validator.index.envelope.iter_errors(env)) == []
        plain = Submission.from_envelope(env, id=sub_id, file="f.json", real_base="/r")
        # Every member, those left out of equality (data, envelope) too.
        assert _fields(shaped) == _fields(plain)
        assert shaped.data is plain.data and shaped.envelope is env

    run()
    assert seen[True] > 100 and seen[False] > 100, seen


@pytest.mark.parametrize(
    "change",
    [
        {"id": None},
        {"id": "   "},
        {"id": "x" * 201},
        {"id": _Str("s1")},
        {"version": True},
        {"version": 1.0},
        {"reform_items": None},
        {"reform_items": []},
        {"reform_items": [1, True]},
        {"reform_items": [2, 2]},
        {"arrived_at": None},
        {"arrived_at": 5},
        {"attachments": []},
        {"attachments": ({"role": "word", "path": "a.docx"},)},
        {"attachments": [{"role": "word", "path": "a.docx", "modified_at": "2022"}]},
        {"attachments": [{"role": "word", "path": ""}]},
        {"unit": {"name": "济南市科协", "kind": "city-association", "city": " "}},
        {"unit": {"name": "\u200b", "kind": "city-association"}},
        {"unit": _Dict(name="济南市科协", kind="city-association")},
        {"edition": _Str("shandong-2022")},
        {"data": _Dict()},
        {"extra": 1},
    ],
)
def test_edge_envelopes_are_read_alike(validator: Validator, change: dict[str, Any]) -> None:
    env = {**copy.deepcopy(APPLICATION), **change}
    shaped = shaped_submission(env, id="#1")
    if shaped is not None:
        assert list(validator.index.envelope.iter_errors(env)) == []
        assert _fields(shaped) == _fields(Submission.from_envelope(env, id="#1"))


def _raw_findings(validator: Validator, data: Any) -> list[tuple[str, str]]:
    """What the form-data rule's field-by-field look at the raw values finds."""
    env = copy.deepcopy(APPLICATION)
    env["data"] = data
    sub = Submission.from_envelope(env, id="#1")
    ctx = validator._context((sub,), NOW, False)
    fields = validator.index.fields["application"]
    return [(f.code, f.pointer) for f in FormDataRule()._raw_values(ctx, fields, {})]


def _nested(depth: int, leaf: Any) -> Any:
    for _ in range(depth):
        leaf = {"contact": leaf}
    return leaf


raw_values = st.one_of(
    values,
    st.sampled_from(
        [
            "a\x00b",
            "\x1b[0m",
            "line\nbreak",
            "tab\there",
            "\x7f",
            float("nan"),
            float("inf"),
            -float("inf"),
            1.5,
            _Str("a\x00"),
            _Dict(name="a\x00"),
        ]
    ),
)
raw_data = st.one_of(
    json_values(max_leaves=8),
    st.dictionaries(
        st.sampled_from(["project_name", "contact", "remarks", "date", "x"]),
        st.one_of(
            raw_values, st.dictionaries(st.sampled_from(["name", "mobile", "y"]), raw_values)
        ),
        max_size=5,
    ),
    st.builds(_nested, st.integers(1, 12), raw_values),
)


def test_data_the_scan_passes_has_no_raw_value_finding(validator: Validator) -> None:
    """:func:`_suspect_values` says no only where the rule, looking at each
    field, finds nothing."""
    seen = {True: 0, False: 0}

    @SETTINGS
    @given(raw_data)
    def run(data: Any) -> None:
        found = _raw_findings(validator, data)
        suspect = _suspect_values(data)
        assert suspect or not found, data
        seen[bool(found)] += 1

    run()
    assert seen[True] > 20 and seen[False] > 100, seen


def test_the_scan_looks_deep_enough_or_gives_up() -> None:
    assert _suspect_values(_nested(7, "a\x00"))
    assert not _suspect_values(_nested(7, "a"))
    assert _suspect_values(_nested(20, "a"))  # deeper than it looks: each field is
    assert _suspect_values({"x": _Str("a")}) and _suspect_values(_Dict())
    assert not _suspect_values(["a\x00"]) and not _suspect_values("a\x00")
    assert _suspect_values({"x": float("nan")}) and not _suspect_values({"x": 1.5})


def _plain_unsafe(path: str) -> bool:
    """The path test as written before its shortcuts."""
    if "\x00" in path or "\\" in path or path.startswith("/") or ":" in path[:3]:
        return True
    if has_surrogates(path) and not _a_name(path):
        return True
    return any(part == ".." for part in path.split("/"))


paths = st.one_of(
    st.text(max_size=12),
    st.lists(
        st.sampled_from(["..", ".", "a", "b.pdf", "\ud800", "\udcff", "表", "c:", "...", ""]),
        max_size=5,
    ).map("/".join),
)


@SETTINGS
@given(paths)
def test_the_path_test_is_the_plain_one(path: str) -> None:
    assert _unsafe_path(path) == _plain_unsafe(path)


def test_contact_fields_come_type_by_type(edition: Edition, validator: Validator) -> None:
    """The index's ``contact`` group: the phone fields, then the mobile
    ones, then the e-mail ones, as the contacts rule reports them."""
    for form in edition.forms:
        by_type = [
            i
            for kind in ("phone", "mobile", "email")
            for i in validator.index.fields_of(form.id, kind)
        ]
        assert validator.index.fields_of(form.id, "contact") == tuple(by_type)
    assert validator.index.fields_of("application", "contact")


def test_reports_are_those_of_each_rule_run_alone(edition: Edition, validator: Validator) -> None:
    """The engine's run of a submission's rules (its envelope read in one
    pass, its loop over the rules) gives the findings of each rule run on
    its own over the plainly read submission, in the same order."""
    rules = [r for r in validator._submission_rules if r.id != "reform-item-suggestions"]
    lean = Validator(edition, rules, ignore=("material.missing",))

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(any_envelopes(edition))
    def run(env: Any) -> None:
        report = lean.validate(copy.deepcopy(env), now=NOW)
        p = lean._prepare(env, sub_id="#1", file="", base_dir=None, problems=())
        expected = list(p.findings)
        if p.usable and not p.sub.material_only and isinstance(env, dict):
            plain = Submission.from_envelope(env, id="#1")
            assert _fields(plain) == _fields(p.sub)
            ctx = lean._context((plain,), NOW, False, p.data_errors)
            for rule in rules:
                expected += run_rule(rule, ctx, plain, lean.catalogue)
        expected = [f for f in expected if f.code not in lean.ignore]
        if len(expected) <= 200:
            assert list(report.findings) == expected

    run()


def test_the_envelope_members_are_the_schemas() -> None:
    """ENVELOPE_MEMBERS (the one-pass read's members, the portal's field
    order) are the envelope schema's properties, in their order."""
    from reform_brand.schema import submission_schema
    from reform_brand.submission import ENVELOPE_MEMBERS

    assert tuple(submission_schema()["properties"]) == ENVELOPE_MEMBERS


def test_the_scan_finds_control_characters_among_any_text() -> None:
    # (The texts are looked through all at once, for their ASCII characters.)
    assert _suspect_values({"a": "项目基础", "b": {"c": "改革\x1b品牌"}})
    assert _suspect_values({"a": "\ud800\x7f", "b": "中"})
    assert not _suspect_values({"a": "项目\t基础\n", "b": {"c": "\ud800é\r\n"}, "d": "\x80"})


def test_what_an_index_derives_is_worked_out_once_per_index(edition: Edition) -> None:
    from reform_brand.engine._context import EditionIndex

    made: list[EditionIndex] = []

    def forms(index: EditionIndex) -> tuple[str, ...]:
        made.append(index)
        return tuple(index.forms)

    first, second = EditionIndex.build(edition), EditionIndex.build(edition)
    assert first.derived(forms) is first.derived(forms)
    assert second.derived(forms) == first.derived(forms)
    assert made == [first, second] and made[0] is first and made[1] is second


def test_an_index_keeps_a_bounded_number_of_derived_values(edition: Edition) -> None:
    """A rule that passes a new function on every call (a lambda) is worked
    out each time, and the index keeps no more than a bounded number."""
    from reform_brand.engine._context import _DERIVED_KEPT, EditionIndex

    index = EditionIndex.build(edition)
    for n in range(3 * _DERIVED_KEPT):

        def number(_index: EditionIndex, n: int = n) -> int:
            return n

        assert index.derived(number) == n
    assert len(index._derived) <= _DERIVED_KEPT
