"""The compiled fast path on every form of every edition: the bundled one
and the test editions (hainan-2024, guizhou-2025 and budget-2022, whose
forms have other fields, groups, dates and numbers).  ``Validator.validate``
gives the same verdict and the same findings (codes, pointers, severities,
params) with the compiled checks and without them (jsonschema alone, as
tests/validation/test_fast_path.py's ``_plain`` makes it):

- on generated envelopes, valid, mutated and hostile, of each edition;
- on a valid envelope of each form with a value of every kind put at every
  pointer in turn (a wrong type, a lone surrogate, full-width digits, a
  huge integer, a float where a number is allowed and where it is not), and
  an extra member added to every object.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reform_brand import Edition, Host, Validator
from reform_brand.engine._context import _FORMATS, QuietValidator, _data_schema
from reform_brand.engine._fast import compile_check
from reform_brand.testing import SubmissionFactory
from reform_brand.testing.strategies import envelopes, form_data, hostile_envelopes
from tests.neutral.conftest import GuizhouPlugin, HainanPlugin
from tests.number_fields.conftest import BudgetEditionPlugin
from tests.validation.helpers import NOW
from tests.validation.test_fast_path import _plain, _summary, mutated, values

EDITIONS = ("shandong-2022", "hainan-2024", "guizhou-2025", "budget-2022")

#: Values put at every pointer: every JSON type, text at the edges of the
#: forms' patterns (full-width, a lone surrogate, a trailing newline), a
#: huge integer, floats whole and not (no NaN: a JSON text has none), and
#: numbers at and past the test editions' bounds.
ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    7,
    7.0,
    1.5,
    500,
    501,
    10000,
    10000.5,
    2**53 + 1,
    float(2**53 + 1),
    -0.0,
    1e308,
    10**40,
    10**5000,
    "",
    "\u3000",
    "x",
    "\ud800",
    "张明\udfff",
    "１３８０５３１００００",
    "０５３１－８２０７３２７１",
    "ｏｆｆｉｃｅ＠ｅｘａｍｐｌｅ．ｃｎ",
    "２０２２-08-15",
    "2022-08-15\n",
    "2022-02-30",
    "字" * 3000,
    [],
    ["x"],
    [1, 1.0],
    [1, True],
    [2.0],
    {},
    {"x": 1},
]


@pytest.fixture(scope="module")
def host() -> Host:
    return Host.create(plugins=[HainanPlugin(), GuizhouPlugin(), BudgetEditionPlugin()], block=())


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request: pytest.FixtureRequest, host: Host) -> Edition:
    return host.edition(request.param)


@pytest.fixture(scope="module")
def both(host: Host, edition: Edition) -> tuple[Validator, Validator]:
    """The edition's validator with its compiled checks, and without."""
    fast = Validator.create(edition, host=host)
    return fast, _plain(fast)


def _same(both: tuple[Validator, Validator], env: Any) -> bool:
    fast, plain = both
    a = fast.validate(copy.deepcopy(env), now=NOW)
    b = plain.validate(copy.deepcopy(env), now=NOW)
    assert _summary(a) == _summary(b), env
    return bool(a.ok)


def test_every_form_of_every_edition_has_a_fast_path(
    edition: Edition, both: tuple[Validator, Validator]
) -> None:
    fast, plain = both
    assert fast.index.fast_envelope is not None
    assert set(fast.index.fast_data) == {f.id for f in edition.forms}
    assert plain.index.fast_envelope is None and not plain.index.fast_data


def test_form_data_verdicts_are_jsonschemas_in_every_edition(edition: Edition) -> None:
    schemas = {f.id: _data_schema(edition, f) for f in edition.forms}
    reference = {k: QuietValidator(s, format_checker=_FORMATS) for k, s in schemas.items()}
    checks = {k: compile_check(s, _FORMATS) for k, s in schemas.items()}
    seen = {True: 0, False: 0}

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(list(edition.forms)))
        valid = data.draw(form_data(edition, form, max_text=120))
        value = data.draw(st.sampled_from([valid]) | mutated(valid) | values)
        check = checks[form.id]
        assert check is not None
        expected = next(iter(reference[form.id].iter_errors(value)), None) is None
        assert check(value) == expected, value
        seen[expected] += 1

    run()
    assert seen[True] > 30 and seen[False] > 30, seen


def test_reports_are_the_same_with_and_without_the_fast_path_in_every_edition(
    edition: Edition, both: tuple[Validator, Validator]
) -> None:
    seen = {True: 0, False: 0}

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(["valid", "mutated", "hostile"]))
        if kind == "hostile":
            env = data.draw(hostile_envelopes(edition))
        else:
            env = data.draw(envelopes(edition, max_text=60))
            if kind == "mutated":
                env = data.draw(mutated(env))
        seen[_same(both, env)] += 1

    run()
    assert seen[True] > 5 and seen[False] > 5, seen


def _pointers(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every member and item of ``value``, ``value``'s own too."""
    yield at
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _pointers(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _pointers(v, (*at, i))


def _put(env: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(env)
    if not path:
        return value
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


def test_every_value_at_every_pointer_of_every_form(
    edition: Edition, both: tuple[Validator, Validator]
) -> None:
    make = SubmissionFactory(edition)
    bases = []
    for form in edition.forms:
        try:
            bases.append(make(form.id))
        except ValueError:
            continue  # (a form no unit kind fills in)
    assert bases
    checked = 0
    for base in bases:
        assert _same(both, base)
        for path in _pointers(base):
            for value in ODD_VALUES:
                _same(both, _put(base, path, value))
                checked += 1
            target = _put(base, (), base)
            for step in path:
                target = target[step]
            if isinstance(target, dict):  # an extra member
                for name in ("extra", "\ud800", "ｅｘｔｒａ"):
                    _same(both, _put(base, (*path, name), "x"))
    assert checked > 100
