"""The template sandbox keeps its answers by the value's type and the
attribute's name; every answer stays the one Jinja's own sandbox gives."""

from __future__ import annotations

import pytest
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reform_brand.render._jinja import _SAFE_ANSWERS, _Sandbox, environment, page_environment


class _Thing:
    name = "甲"

    def shout(self) -> str:
        return "乙"


def _func() -> None:  # pragma: no cover - never called
    pass


CASES: list[tuple[str, dict[str, object]]] = [
    ("{{ x.name }}", {"x": _Thing()}),
    ("{{ x.shout() }}", {"x": _Thing()}),
    ("{{ x.append(1) }}", {"x": []}),
    ("{{ x.update({}) }}", {"x": {}}),
    ("{{ x.add(1) }}", {"x": set()}),
    ("{{ x.__class__ }}", {"x": _Thing()}),
    ("{{ x._private }}", {"x": _Thing()}),
    ("{{ f.__globals__ }}", {"f": _func}),
    ("{{ f.__code__ }}", {"f": _func}),
    ("{{ x.shout.__func__ }}", {"x": _Thing()}),
    ("{{ x.mro() }}", {"x": _Thing}),
    ("{{ x.items() | list | length }}", {"x": {"a": 1}}),
    ("{{ x['append'] }}", {"x": []}),
    ("{{ x.upper() }}", {"x": "abc"}),
    ("{{ x.format(1) }}", {"x": "{}"}),
]


def _outcome(env: ImmutableSandboxedEnvironment, source: str, ctx: dict[str, object]) -> str:
    try:
        return "ok:" + env.from_string(source).render(**ctx)
    except SecurityError:
        return "refused"
    except UndefinedError:
        return "undefined"


@pytest.mark.parametrize("rounds", [1, 3])
def test_every_answer_is_jinjas_own(rounds: int) -> None:
    ours = _Sandbox(undefined=StrictUndefined, autoescape=True)
    theirs = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    # Asked again and again, in both orders: a kept answer is never another
    # type's or another name's.
    for _ in range(rounds):
        for source, ctx in [*CASES, *reversed(CASES)]:
            assert _outcome(ours, source, ctx) == _outcome(theirs, source, ctx), source
    assert _outcome(ours, "{{ x.append(1) }}", {"x": []}) == "refused"
    assert _outcome(ours, "{{ x.__class__ }}", {"x": _Thing()}) == "refused"
    assert _outcome(ours, "{{ x.name }}", {"x": _Thing()}) == "ok:甲"


def test_the_answers_kept_are_bounded() -> None:
    env = _Sandbox()
    names = {f"a{i}": i for i in range(_SAFE_ANSWERS + 50)}
    thing = type("Many", (), names)()
    for name in names:
        assert env.is_safe_attribute(thing, name, getattr(thing, name))
    assert len(env._safe) == _SAFE_ANSWERS
    assert not env.is_safe_attribute(thing, "__dict__", {})


def test_the_shared_environments_are_this_sandbox() -> None:
    assert isinstance(environment(), _Sandbox)
    assert isinstance(page_environment("reform_brand.office"), _Sandbox)
