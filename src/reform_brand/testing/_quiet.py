"""Checking a rule's quiet test against its check (docs/hooks.md, ``quiet``)."""

from __future__ import annotations

import datetime as dt

from reform_brand.engine import RuleContext, Validator
from reform_brand.registries import Rule

__all__ = ["quiet_holds"]


def quiet_holds(
    rule: Rule, validator: Validator, envelope: object, now: dt.datetime
) -> bool | None:
    """Ask ``rule``'s quiet test about ``envelope`` as ``validator``'s plain
    path asks it, and hold it to its word: an :class:`AssertionError`
    naming the findings when the test says True and the rule's ``check``,
    strict or not, finds something.

    Returns None when the envelope is not plain for ``validator`` (the
    engine asks no test about it) or the rule has no quiet test, else what
    the test said.  Give it many envelopes, valid and nearly so (a
    Hypothesis strategy, :mod:`reform_brand.testing.strategies`), and check
    that it says True of the usual valid ones too: a test that always says
    False holds, and saves nothing.
    """
    sub = validator._plain.submission(envelope, "#1")
    quiet = getattr(rule, "quiet", None)
    if sub is None or not callable(quiet):
        return None
    test = quiet(validator.index)
    if test is None:
        return None
    said = bool(test(sub, now))
    if said:
        for strict in (False, True):
            ctx = RuleContext(
                edition=validator.edition,
                index=validator.index,
                strict=strict,
                now=now,
                submissions=(sub,),
                catalogue=validator.catalogue,
            )
            with ctx.files:
                found = [f"{f.code} at {f.pointer!r}" for f in rule.check(ctx)]
            assert not found, (
                f"the quiet test of rule {rule.id!r} says True, but its check finds "
                f"{', '.join(found)} (strict={strict})"
            )
    return said
