"""The plain path: a plain submission's report is the general pass's, and
each built-in rule's quiet test holds to its check."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reform_brand import Edition, Host, Validator
from reform_brand.rules._unit import EligibilityRule
from tests.validation.helpers import APPLICATION, NOW, RECOMMENDATION
from tests.validation.plain_variants import plain_variants, quiet_answers
from tests.validation.test_shortcuts import any_envelopes

SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Evaluation times before, within and after the reference call.
NOWS = [
    NOW,
    dt.datetime(2022, 8, 20, 9, 0, tzinfo=dt.UTC),
    dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
    dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
]


class _Text(str):
    """A string the Python API may give (jsonschema takes it as one)."""


def _general(validator: Validator) -> Validator:
    """``validator`` without its plain path: every envelope takes the
    general pass."""
    general = Validator(
        validator.edition, validator._given, ignore=validator.ignore, include=validator.include
    )
    general._plain.forms.clear()
    return general


@pytest.fixture(scope="module")
def portal(host: Host, edition: Edition) -> Validator:
    """The reference edition's validator as a portal builds it."""
    return Validator(edition, host.rules.for_edition(edition.id))


def test_a_plain_submission_is_reported_as_the_general_pass_reports_it(
    edition: Edition, portal: Validator
) -> None:
    general = _general(portal)
    taken = {True: 0, False: 0}

    @SETTINGS
    @given(
        st.one_of(plain_variants(edition), any_envelopes(edition)),
        st.sampled_from(NOWS),
    )
    def run(env: Any, now: dt.datetime) -> None:
        plain = portal._plain.submission(env, "#1") is not None
        taken[plain] += 1
        assert portal.validate(env, now=now) == general.validate(env, now=now)

    run()
    assert taken[True] > 100 and taken[False] > 50, taken


@pytest.mark.parametrize("base", [APPLICATION, RECOMMENDATION])
def test_the_usual_valid_submission_takes_the_plain_path_and_runs_no_check(
    portal: Validator, base: dict[str, Any]
) -> None:
    env = copy.deepcopy(base)
    sub = portal._plain.submission(env, "#1")
    assert sub is not None
    assert portal.validate(env, now=NOW).findings == ()
    assert [rule.id for rule, _ in portal._plain.to_run(sub, NOW)] == [
        rule.id for rule, _, test in portal._plain.plan if test is None
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"edition": "other-2022"},
        {"form": "unknown"},
        {"unit": {"name": "济南市科协\ud800", "kind": "city-association"}},
        {"unit": {"name": "济南市科协\x07", "kind": "city-association"}},
        {"id": "s\x1b1"},
        {"arrived_at": "2022-08-20T09:00:00+08:00\x00"},
        {"attachments": [{"role": "word", "path": "a.docx"}] * 700},
        {"extra": 1},
        {"data": {**APPLICATION["data"], "project_basis": "\udfff"}},
        {"data": {**APPLICATION["data"], "unknown": 1}},
        {"data": {**APPLICATION["data"], "project_basis": "基础\x01"}},
        {"data": {**APPLICATION["data"], "project_basis": "基础\x7f"}},
        {"data": {**APPLICATION["data"], "project_name": _Text("项目")}},
    ],
)
def test_an_envelope_that_is_not_plain_takes_the_general_pass(
    portal: Validator, change: dict[str, Any]
) -> None:
    env = {**copy.deepcopy(APPLICATION), **change}
    assert portal._plain.submission(env, "#1") is None
    assert portal.validate(env, now=NOW) == _general(portal).validate(env, now=NOW)


def test_eligibility_s_quiet_test_holds(edition: Edition, portal: Validator) -> None:
    rule = EligibilityRule()
    said = quiet_answers([rule], portal, plain_variants(edition), NOWS, SETTINGS)[rule.id]
    assert said[True] > 50 and said[False] > 5, said


@pytest.mark.parametrize("own", [True, False], ids=["generated check", "compiled check"])
def test_an_invalid_submission_is_read_once_and_its_data_checked_once(
    host: Host, edition: Edition, monkeypatch: pytest.MonkeyPatch, own: bool
) -> None:
    """What the plain path learnt is what the general pass starts from: the
    submission it read, and that a check of its form data failed, so that
    jsonschema explains it without a second check (the check generated for
    the plain path may refuse what the schema takes: jsonschema then finds
    nothing, as a test below shows)."""
    import reform_brand.engine._shape as shape

    validator = Validator(edition, host.rules.for_edition(edition.id))
    calls = {"plain": 0, "fast": 0, "shape": 0}
    fast = validator.index.fast_data["application"]
    plain, _, members = validator._plain.forms["application"]
    assert plain is not None

    def counted(name: str, check: Any) -> Any:
        def run(data: object, *given: Any) -> bool:
            calls[name] += 1
            return bool(check(data, *given))

        return run

    real_shaped = shape.shaped_submission

    def counted_shape(*args: Any, **kwargs: Any) -> Any:
        calls["shape"] += 1
        return real_shaped(*args, **kwargs)

    monkeypatch.setitem(validator.index.fast_data, "application", counted("fast", fast))
    entry = (
        (counted("plain", plain), None, members) if own else (None, counted("plain", fast), members)
    )
    monkeypatch.setitem(validator._plain.forms, "application", entry)
    monkeypatch.setattr(shape, "shaped_submission", counted_shape)
    monkeypatch.setattr("reform_brand.engine._plain.shaped_submission", counted_shape)
    env = copy.deepcopy(APPLICATION)
    env["data"]["contact"]["mobile"] = "12"
    report = validator.validate(env, now=NOW)
    assert ("contact.mobile", "/data/contact/mobile") in {
        (f.code, f.pointer) for f in report.findings
    }
    assert calls == {"plain": 1, "fast": 0, "shape": 1}


def test_a_batch_of_envelopes_is_reported_as_the_general_pass_reports_it(
    edition: Edition, portal: Validator
) -> None:
    """Envelopes given to ``validate_batch`` without a folder take the plain
    path too: the batch's report (each submission's, the batch rules') is
    the general pass's, strict or not."""
    general = _general(portal)

    @settings(SETTINGS, max_examples=60)
    @given(
        st.lists(st.one_of(plain_variants(edition), any_envelopes(edition)), max_size=6),
        st.sampled_from(NOWS),
        st.booleans(),
    )
    def run(envs: list[Any], now: dt.datetime, strict: bool) -> None:
        ours = portal.validate_batch(envs, now=now, strict=strict)
        assert ours == general.validate_batch(envs, now=now, strict=strict)

    run()


@pytest.mark.parametrize("edition_id", ["guizhou-2025", "hainan-2024"])
def test_another_edition_s_plain_submission_is_reported_as_the_general_pass_reports_it(
    edition_id: str,
) -> None:
    """Editions written from scratch (choice fields, other deliverables,
    other count modes) take the plain path on every form, with the general
    pass's reports."""
    from tests.neutral.conftest import GuizhouPlugin, HainanPlugin

    host = Host.create(plugins=[GuizhouPlugin(), HainanPlugin()], load_entry_points=False, block=())
    edition = host.edition(edition_id)
    ours = Validator(edition)
    assert set(ours._plain.forms) == {f.id for f in edition.forms}
    general = _general(ours)
    taken = {True: 0, False: 0}

    @settings(SETTINGS, max_examples=200)
    @given(plain_variants(edition), st.sampled_from(NOWS))
    def run(env: Any, now: dt.datetime) -> None:
        taken[ours._plain.submission(env, "#1") is not None] += 1
        assert ours.validate(env, now=now) == general.validate(env, now=now)

    run()
    assert taken[True] > 50, taken


@pytest.mark.parametrize(
    ("schema", "size"),
    [
        ({"type": "string", "maxLength": 5}, (0, 0)),
        ({"type": "object", "additionalProperties": False}, (0, 1)),
        (
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "a": {"type": "string"},
                    "b": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {"c": {"type": ["string", "null"]}},
                    },
                },
            },
            (3, 2),
        ),
        ({"type": "string", "oneOf": [{"const": "A"}, {"const": "B"}]}, (0, 0)),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, (0, 0)),
        ({"type": "array", "maxItems": 3, "items": {"enum": ["x", "y"]}}, (3, 1)),
        ({"type": "object"}, None),
        ({"type": "object", "additionalProperties": True}, None),
        ({"type": "array", "items": {"type": "string"}}, None),
        ({"type": "array", "maxItems": 2}, None),
        ({"oneOf": [{"type": "string"}, {"type": "object"}]}, None),
        ({"const": {"a": 1}}, None),
        ({}, None),
        ({"type": "string", "not": {"const": ""}}, None),
        ({"$ref": "#/$defs/a"}, None),
    ],
)
def test_a_schema_is_closed_when_a_value_it_takes_is_of_a_size_known_in_advance(
    schema: dict[str, Any], size: tuple[int, int] | None
) -> None:
    from reform_brand.engine._plain import closed_size

    assert closed_size(schema) == size


@pytest.mark.parametrize(
    "change",
    [
        {"attachments": [{"role": "word", "path": "a.docx"}] * 100_000},
        {"reform_items": list(range(1, 100_001))},
    ],
)
def test_an_envelope_far_over_the_size_limit_is_not_read_item_by_item(
    portal: Validator, change: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The general pass refuses an envelope of more members than the limit
    before reading anything from it: the plain path does not read its
    attachments or items one by one first."""
    read = {"shaped": 0}

    def counted(*args: Any, **kwargs: Any) -> None:
        read["shaped"] += 1
        return None

    monkeypatch.setattr("reform_brand.engine._plain.shaped_submission", counted)
    env = {**copy.deepcopy(APPLICATION), **change}
    report = portal.validate(env, now=NOW)
    assert [f.code for f in report.findings] == ["envelope.too-many-members"]
    assert read == {"shaped": 0}
