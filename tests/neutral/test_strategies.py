"""The Hypothesis strategies on fields the reference edition has none of:
a number whose bounds hold no whole number, and a long text whose pattern
allows any character but a line break."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings

from reform_brand import Edition, Host, validate_submission
from reform_brand.model import FormField, Text
from reform_brand.testing import finding_pairs
from reform_brand.testing.strategies import envelopes
from tests.neutral.conftest import NOW

SHARE = FormField(
    id="share",
    label=Text(zh="自筹比例", en="Own share"),
    type="number",
    required=True,
    filled_by="applicant",
    minimum=0.25,
    maximum=0.75,
    clause="附件1",
)
ONE_LINE = FormField(
    id="motto",
    label=Text(zh="一句话介绍", en="Motto"),
    type="textarea",
    required=True,
    filled_by="applicant",
    pattern="^[^\\n]+$",
    max_chars=40,
    clause="附件1",
)


def _with(edition: Edition, extra: FormField) -> Edition:
    form = edition.form("proposal")
    fields = (*form.fields, extra)
    return attrs.evolve(edition, forms=(attrs.evolve(form, fields=fields),))


def _generated(edition: Edition, host: Host, field: str) -> list[Any]:
    """The values of ``field`` in generated envelopes, each found valid."""
    seen: list[Any] = []

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(envelopes(edition))
    def check(env: dict[str, Any]) -> None:
        report = validate_submission(edition, env, host=host, now=NOW)
        bad = [(c, p) for c, p in finding_pairs(report) if not c.startswith("suggest.")]
        assert bad == []
        seen.append(env["data"][field])

    check()
    return seen


def test_a_number_whose_bounds_hold_no_whole_number_gets_fractions(
    hainan: Edition, hainan_host: Host
) -> None:
    seen = _generated(_with(hainan, SHARE), hainan_host, "share")
    assert seen and all(0.25 <= v <= 0.75 for v in seen)


def test_a_pattern_allowing_any_character_gets_printable_ones(
    hainan: Edition, hainan_host: Host
) -> None:
    seen = _generated(_with(hainan, ONE_LINE), hainan_host, "motto")
    assert seen and all(v.isprintable() for v in seen)
