"""The quiet tests of the roster, unit and reform-items rules hold to their
checks: on plain envelopes near the plain path's edge, of the reference
edition and of two others (hainan-2024, whose roster lists every kind it
has, and guizhou-2025, which asks for no reform items), each test says True
only when its rule's check finds nothing, says it of most envelopes, and
says False of some where the rule has something to say."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from reform_brand import Edition, Host, Validator
from reform_brand.registries import Rule
from reform_brand.rules._unit import FormUnitRule, ReformItemsRule, RosterRule, unit_field
from reform_brand.testing import quiet_holds
from tests.neutral.conftest import GuizhouPlugin, HainanPlugin
from tests.validation.helpers import APPLICATION, NOW
from tests.validation.plain_variants import plain_variants, quiet_answers

EDITIONS = ("shandong-2022", "hainan-2024", "guizhou-2025")

SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Evaluation times before, within and after the reference call (these
#: rules do not look at the time; the tests must not either).
NOWS = [NOW, dt.datetime(2021, 1, 1, tzinfo=dt.UTC), dt.datetime(2031, 1, 1, tzinfo=dt.UTC)]


@pytest.fixture(scope="module")
def editions_host() -> Host:
    """A host with the reference edition and the two test editions."""
    return Host.create(plugins=[HainanPlugin(), GuizhouPlugin()], block=())


@pytest.fixture(scope="module", params=EDITIONS)
def checked(request: pytest.FixtureRequest, editions_host: Host) -> tuple[Edition, Validator]:
    """An edition and its validator with the built-in rules."""
    edition = editions_host.edition(request.param)
    return edition, Validator(edition)


#: Unit names off every roster: unknown, or a known name spelt otherwise
#: (the same unit once normalised).
OFF_ROSTER = ["某某科协", " 济南市科协", "济南市科协\u200b", "济南市科协\u3000", "ＡＢＣ科协"]


@st.composite
def judged_variants(draw: st.DrawFn, edition: Edition) -> dict[str, Any]:
    """A plain variant of ``edition`` (:func:`plain_variants`), most of them
    with one more fact these rules judge changed: the unit, of a kind the
    roster lists (or counted under one), named on or off the roster; the
    form's unit field; the reform items.  A plain variant changes each of
    them too seldom to count on."""
    env = draw(plain_variants(edition))
    on_roster = sorted({n for u in edition.roster for n in (u.name, *u.aliases)})
    off = [*OFF_ROSTER, *(f"{n} " for n in on_roster[:3])]
    names = st.sampled_from(off) | (st.sampled_from(on_roster) if on_roster else st.nothing())
    what = draw(st.sampled_from(["unit", "named", "items", "none"]))
    listed = {u.kind for u in edition.roster}
    judged = sorted(k.id for k in edition.unit_kinds if {k.id, k.counted_under} & listed)
    field = unit_field(next(f for f in edition.forms if f.id == env["form"]))
    if what == "unit" and judged:
        kind_id = draw(st.sampled_from(judged))
        kind = next(k for k in edition.unit_kinds if k.id == kind_id)

        def of_kind(kind_id: str) -> st.SearchStrategy[str]:
            """A name of the roster's of ``kind_id``, or any name."""
            own = [n for u in edition.roster if u.kind == kind_id for n in (u.name, *u.aliases)]
            return (st.sampled_from(own) if own else names) | names

        env["unit"] = {"name": draw(of_kind(kind.id)), "kind": kind.id}
        if draw(st.booleans()):
            env["unit"]["city"] = draw(of_kind(kind.counted_under))
        if field is not None and field.id in env["data"]:
            env["data"][field.id] = env["unit"]["name"]  # (the form names its sender)
    elif what == "named":
        if field is not None:
            unit = env["unit"]
            sender = st.sampled_from([unit["name"], unit.get("city", "")])
            env["data"][field.id] = draw(sender | names)
    elif what == "items":
        numbers = sorted(it.number for it in edition.reform_items)
        pool = [*numbers, max(numbers, default=0) + 1]
        items = draw(st.lists(st.sampled_from(pool), max_size=3, unique=True))
        if bool(items) or draw(st.booleans()):
            env["reform_items"] = items
        else:
            env.pop("reform_items", None)
    return env


#: (guizhou-2025's variants are seldom plain: one of its three forms' schemas
#: is closed.  The counts below are of plain variants.)


def _said(
    rule: Rule, edition: Edition, validator: Validator, variants: Any = judged_variants
) -> dict[bool, int]:
    """How often ``rule``'s quiet test said True and False of ``variants``
    of ``edition``, each True held to the rule's check."""
    return quiet_answers([rule], validator, variants(edition), NOWS, SETTINGS)[rule.id]


def test_the_roster_s_quiet_test_holds(checked: tuple[Edition, Validator]) -> None:
    said = _said(RosterRule(), *checked)
    assert said[True] > 30 and said[False] > 5, said


def test_the_unit_rule_s_quiet_test_holds(checked: tuple[Edition, Validator]) -> None:
    said = _said(FormUnitRule(), *checked)
    assert said[True] > 30 and said[False] > 5, said


def test_reform_items_quiet_test_holds(checked: tuple[Edition, Validator]) -> None:
    said = _said(ReformItemsRule(), *checked)
    assert said[True] > 30 and said[False] > 5, said


@pytest.mark.parametrize(
    ("kind", "name", "city", "quiet"),
    [
        ("city-association", "济南市科协", None, True),
        ("city-association", "济南市科学技术协会", None, True),
        ("city-association", "济南市 科协", None, False),
        ("city-association", "某某科协", None, False),
        ("county-association", "历城区科协", "济南市科协", True),
        ("county-association", "历城区科协", "济南市科协 ", False),
    ],
)
def test_the_roster_s_quiet_test_takes_names_as_they_are(
    editions_host: Host, kind: str, name: str, city: str | None, quiet: bool
) -> None:
    validator = Validator(editions_host.edition("shandong-2022"))
    env = _reference_envelope(kind, name, city)
    assert quiet_holds(RosterRule(), validator, env, NOW) is quiet


def _reference_envelope(kind: str, name: str, city: str | None) -> dict[str, Any]:
    """A valid 申报表 envelope sent by a unit of ``kind`` named ``name``."""
    env: dict[str, Any] = {**copy.deepcopy(APPLICATION), "unit": {"name": name, "kind": kind}}
    if city is not None:
        env["unit"]["city"] = city
    return env
