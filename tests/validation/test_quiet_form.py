"""The quiet tests of the form-data, issuer-only, contacts and deadline
rules hold to their checks, on the reference edition and on two editions
written from scratch (hainan-2024, guizhou-2025), whose forms have other
fields, contacts and deadlines."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reform_brand import Edition, Host, Validator
from reform_brand.engine._shape import shaped_submission
from reform_brand.registries import Rule
from reform_brand.rules._contacts import ContactsRule
from reform_brand.rules._deadline import DeadlineRule
from reform_brand.rules._form import FormDataRule, IssuerOnlyRule
from reform_brand.testing import quiet_holds
from tests.neutral.conftest import GuizhouPlugin, HainanPlugin
from tests.validation.helpers import APPLICATION, NOW
from tests.validation.plain_variants import ODD_TEXTS, plain_variants

EDITIONS = ("shandong-2022", "hainan-2024", "guizhou-2025")

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Numbers a number field may hold that the form-data rule reports or not
#: (NaN passes the schema's "number"; the infinities do not).
ODD_NUMBERS = [float("nan"), float("inf"), 0.5, 1e308]

#: Characters a text may end in that the form-data rule reports (control
#: characters) or not (tab, line feed, a printable one).
CONTROLS = ["\x01", "\x1b", "\x7f", "\t", "\n", "。"]


@pytest.fixture(scope="module")
def editions_host() -> Host:
    return Host.create(plugins=[HainanPlugin(), GuizhouPlugin()], block=())


@pytest.fixture(scope="module", params=EDITIONS)
def validator(request: pytest.FixtureRequest, editions_host: Host) -> Validator:
    """An edition's validator with the built-in rules."""
    return Validator(editions_host.edition(request.param))


def _nows(edition: Edition) -> list[dt.datetime]:
    """Evaluation times after the edition's deadline, just before it, before
    its issue and far later."""
    at = edition.deadline.at
    issued = dt.datetime.combine(edition.issued, dt.time(), tzinfo=at.tzinfo)
    return [
        at + dt.timedelta(days=3),
        at - dt.timedelta(days=2),
        issued - dt.timedelta(days=30),
        at + dt.timedelta(days=3650),
    ]


@st.composite
def _variants(draw: st.DrawFn, validator: Validator) -> dict[str, Any]:
    """:func:`plain_variants` of the validator's edition, and now and then a
    contact field given an odd text or a number field an odd number."""
    env = draw(plain_variants(validator.edition))
    data = env["data"]
    fields = validator.index.fields.get(env["form"], {})
    contacts = [i.path for i in validator.index.fields_of(env["form"], "contact")]
    numbers = [i.path for i in fields.values() if i.field.is_number]
    if bool(contacts) and draw(st.integers(0, 3)) > 0:
        path = draw(st.sampled_from(contacts))
        given = _get(data, path)
        odd = ODD_TEXTS
        if isinstance(given, str) and draw(st.booleans()):
            # In full-width characters, with an invisible character, with
            # outer space (within its cap, or not).
            wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in given)
            odd = [wide, wide, wide[:1] + given[1:], "\u200b" + given, given + "\u3000", given]
        _put(data, path, draw(st.sampled_from(odd)))
    if bool(numbers) and draw(st.booleans()):
        _put(data, draw(st.sampled_from(numbers)), draw(st.sampled_from(ODD_NUMBERS)))
    texts = sorted(k for k, v in data.items() if isinstance(v, str))
    if bool(texts) and draw(st.integers(0, 4)) == 0:
        key = draw(st.sampled_from(texts))
        data[key] = data[key][:-1] + draw(st.sampled_from(CONTROLS))
    return env


def _get(data: dict[str, Any], path: tuple[str, ...]) -> object:
    """The value at ``path`` in ``data``, or None."""
    value: object = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _put(data: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    """``value`` at ``path`` in ``data``, when the objects on its way are there."""
    for key in path[:-1]:
        inner = data.get(key)
        if not isinstance(inner, dict):
            return
        data = inner
    data[path[-1]] = value


def _said(rule: Rule, validator: Validator) -> dict[bool, int]:
    """How often ``rule``'s quiet test said True and False of generated plain
    submissions, each held to the rule's check (:func:`quiet_holds`)."""
    said = {True: 0, False: 0}

    @SETTINGS
    @given(_variants(validator), st.sampled_from(_nows(validator.edition)))
    def run(env: Any, now: dt.datetime) -> None:
        answer = quiet_holds(rule, validator, env, now)
        if answer is not None:
            said[answer] += 1

    run()
    return said


def test_form_data_s_quiet_test_holds(validator: Validator) -> None:
    said = _said(FormDataRule(), validator)
    # A plain submission's data holds no control character and no number
    # that is not finite (docs/hooks.md), and the forms of these editions
    # nest no deeper than the check looks: the test never says False here;
    # tests/validation/test_quiet.py holds that such data is not plain.
    assert said[True] > 25, said


def test_issuer_only_s_quiet_test_holds(validator: Validator) -> None:
    said = _said(IssuerOnlyRule(), validator)
    # A plain submission never has an issuer's field filled: the form's
    # schema lets it be blank only (the reference edition), or the form has
    # none (the others).  The test's False is held to below.
    assert said[True] > 25, said


def test_issuer_only_s_quiet_test_says_false_of_a_filled_field(
    editions_host: Host,
) -> None:
    validator = Validator(editions_host.edition("shandong-2022"))
    test = IssuerOnlyRule().quiet(validator.index)
    for value, quiet in [("同意", False), (1, False), ("\u3000\u200b", True), (None, True)]:
        env = copy.deepcopy(APPLICATION)
        env["data"]["issuer_opinion"] = value
        sub = shaped_submission(env, id="#1")
        assert sub is not None
        assert test(sub, NOW) is quiet, value


def test_contacts_s_quiet_test_holds(validator: Validator) -> None:
    said = _said(ContactsRule(), validator)
    # (False: a contact in full-width characters, with an invisible
    # character or out of its format.)
    assert said[True] > 25 and said[False] > 0, said


def test_deadline_s_quiet_test_holds(validator: Validator) -> None:
    said = _said(DeadlineRule(), validator)
    # (False: an arrival late, early, after the evaluation time, without a
    # zone or unreadable, or none.)
    assert said[True] > 25 and said[False] > 5, said


def test_deadline_s_quiet_test_says_false_without_an_arrival(editions_host: Host) -> None:
    validator = Validator(editions_host.edition("shandong-2022"))
    env = copy.deepcopy(APPLICATION)
    del env["arrived_at"]
    sub = validator._plain.submission(env, "#1")
    assert sub is not None
    assert DeadlineRule().quiet(validator.index)(sub, NOW) is False


@pytest.mark.parametrize("rule", [ContactsRule(), DeadlineRule()], ids=lambda r: r.id)
def test_a_quiet_test_asked_again_says_what_a_new_one_says(
    rule: ContactsRule | DeadlineRule, validator: Validator
) -> None:
    """A quiet test keeps nothing of the submissions it was asked about (a
    validator holds no state that changes): asked about many submissions in
    turn, with evaluation times in the edition's zone and in UTC, it says
    of each what a test made for that submission alone says."""
    kept = rule.quiet(validator.index)
    nows = _nows(validator.edition)

    @SETTINGS
    @given(_variants(validator), st.sampled_from([*nows, *(n.astimezone(dt.UTC) for n in nows)]))
    def run(env: Any, now: dt.datetime) -> None:
        sub = validator._plain.submission(env, "#1")
        if sub is not None:
            assert kept(sub, now) is rule.quiet(validator.index)(sub, now)

    run()
