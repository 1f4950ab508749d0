"""The quiet tests of the rules about attachments and their files
(attachment-roles, deliverables, read, signed-scan) and of lengths hold to
their checks, on the reference edition and on editions written from
scratch (hainan-2024, guizhou-2025: other deliverables, other fields with a
字 limit, other count modes)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, settings

from reform_brand import Host, Validator
from reform_brand.rules import (
    AttachmentRolesRule,
    BuiltinRule,
    DeliverablesRule,
    LengthsRule,
    WordFileRule,
)
from reform_brand.rules._scan import SignedScanRule
from tests.neutral.conftest import GuizhouPlugin, HainanPlugin
from tests.validation.helpers import APPLICATION, NOW, RECOMMENDATION
from tests.validation.plain_variants import plain_variants, quiet_answers

SETTINGS = settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

EDITIONS = ("shandong-2022", "guizhou-2025", "hainan-2024")

#: Evaluation times before and after the reference call (none of these
#: rules looks at the time).
NOWS = [NOW, dt.datetime(2031, 1, 1, tzinfo=dt.UTC)]


@pytest.fixture(scope="module")
def validators(host: Host) -> dict[str, Validator]:
    """A validator with the built-in rules for each edition of :data:`EDITIONS`."""
    others = Host.create(
        plugins=[GuizhouPlugin(), HainanPlugin()], load_entry_points=False, block=()
    )
    return {
        "shandong-2022": Validator(host.edition("shandong-2022")),
        "guizhou-2025": Validator(others.edition("guizhou-2025")),
        "hainan-2024": Validator(others.edition("hainan-2024")),
    }


#: The rules whose quiet tests are held to their checks here.
RULES: tuple[BuiltinRule, ...] = (
    AttachmentRolesRule(),
    DeliverablesRule(),
    LengthsRule(),
    WordFileRule(),
    SignedScanRule(),
)


@pytest.fixture(scope="module", params=EDITIONS)
def said(request: pytest.FixtureRequest, validators: dict[str, Validator]) -> dict[str, Any]:
    """Per rule of :data:`RULES`, how often its quiet test said True and
    False of the plain variants of an edition, each held to the rule's
    check (every rule asked of the same envelopes, which are the costly
    part); and the edition's validator."""
    validator = validators[request.param]
    counts = quiet_answers(RULES, validator, plain_variants(validator.edition), NOWS, SETTINGS)
    return {"validator": validator, **counts}


def test_attachment_roles_quiet_test_holds(said: dict[str, Any]) -> None:
    assert said["attachment-roles"][True] > 50 and said["attachment-roles"][False] > 5, said


def test_deliverables_quiet_test_holds(said: dict[str, Any]) -> None:
    assert said["deliverables"][True] > 50 and said["deliverables"][False] > 5, said


def test_lengths_quiet_test_holds(said: dict[str, Any]) -> None:
    assert said["lengths"][True] > 50, said
    # The reference edition's forms have no field with a 字 limit (its
    # cities' summaries, limited so, are extra materials): there the rule
    # has nothing to say of any submission.
    edition = said["validator"].edition
    if any(f.max_zi for form in edition.forms for f in form.fields):
        assert said["lengths"][False] > 5, said
    else:
        assert said["lengths"][False] == 0, said


@pytest.mark.parametrize("rule_id", ["read", "signed-scan"])
def test_a_file_rule_s_quiet_test_holds(said: dict[str, Any], rule_id: str) -> None:
    # These rules look only at files, and a plain submission gives no
    # folder: their test says True of every one (and False when a folder
    # is given: the next test).
    assert said[rule_id][True] > 50 and said[rule_id][False] == 0, said


@pytest.mark.parametrize(
    "base", [APPLICATION, RECOMMENDATION], ids=["application", "recommendation"]
)
@pytest.mark.parametrize(
    "rule", [DeliverablesRule(), WordFileRule(), SignedScanRule()], ids=lambda r: r.id
)
def test_a_file_rule_s_quiet_test_says_false_when_a_folder_is_given(
    validators: dict[str, Validator], rule: BuiltinRule, base: dict[str, Any], tmp_path: Path
) -> None:
    validator = validators["shandong-2022"]
    sub = validator._plain.submission(copy.deepcopy(base), "#1")
    assert sub is not None
    test = rule.quiet(validator.index)
    assert test is not None
    assert test(sub, NOW) is True
    assert test(attrs.evolve(sub, base_dir=tmp_path), NOW) is False
