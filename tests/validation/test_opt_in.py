"""Opt-in rules: a rule whose ``opt_in`` is True runs only when the
validator is asked for it by id (``include``), or for every one (``"*"``),
as the office's check asks.  The reform-item suggestions are one."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal

import pytest

from reform_brand import Edition, Host, Validator, get_validator, validate_submission
from reform_brand.engine import EVERY_OPT_IN, is_opt_in
from reform_brand.plugin import Finding, RuleContext
from reform_brand.rules import builtin_rules
from tests.validation.helpers import APPLICATION, NOW

SUGGESTIONS = "reform-item-suggestions"
SUGGESTED = ("reform-items.suggested", "/reform_items")
UNDECLARED = ("reform-items.undeclared", "/reform_items")


class Noted:
    """A third party's opt-in rule: one info finding on every submission."""

    id = "test.noted"
    codes: tuple[str, ...] = ("test.noted",)
    editions: tuple[str, ...] = ()
    scope: Literal["submission", "batch"] = "submission"
    opt_in: ClassVar[bool] = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        yield ctx.finding("test.noted", rule=self.id, submission=ctx.submission, severity="info")


def undeclared() -> dict[str, Any]:
    """A valid application that declares no reform item: the suggestion
    rule, when it runs, names the items its text reads like."""
    env = copy.deepcopy(APPLICATION)
    del env["reform_items"]
    return env


def pairs(report: Any) -> list[tuple[str, str]]:
    return [(f.code, f.pointer) for f in report.findings]


@pytest.fixture(scope="module")
def rules(host: Host, edition: Edition) -> list[Any]:
    return list(host.rules.for_edition(edition.id))


def test_the_suggestion_rule_is_the_built_in_opt_in_rule() -> None:
    assert [r.id for r in builtin_rules() if is_opt_in(r)] == [SUGGESTIONS]


def test_an_opt_in_rule_runs_only_when_asked_for(edition: Edition, rules: list[Any]) -> None:
    plain = Validator(edition, rules)
    assert SUGGESTIONS not in {r.id for r in plain.rules}
    assert pairs(plain.validate(undeclared(), now=NOW)) == [UNDECLARED]
    for include in [(SUGGESTIONS,), [SUGGESTIONS], {SUGGESTIONS}, EVERY_OPT_IN, ("*",)]:
        asked = Validator(edition, rules, include=include)
        assert SUGGESTIONS in {r.id for r in asked.rules}, include
        assert pairs(asked.validate(undeclared(), now=NOW)) == [UNDECLARED, SUGGESTED], include


def test_the_verdict_does_not_depend_on_it(edition: Edition, rules: list[Any]) -> None:
    env = undeclared()
    env["data"]["contact"]["email"] = "no address"
    plain = Validator(edition, rules).validate(env, now=NOW)
    asked = Validator(edition, rules, include="*").validate(env, now=NOW)
    assert plain.ok is asked.ok is False
    assert [p for p in pairs(asked) if p != SUGGESTED] == pairs(plain)


def test_ignore_wins_over_include(edition: Edition, rules: list[Any]) -> None:
    v = Validator(edition, rules, ignore=(SUGGESTIONS,), include="*")
    assert SUGGESTIONS not in {r.id for r in v.rules}
    v = Validator(edition, rules, ignore=("reform-items.suggested",), include="*")
    assert pairs(v.validate(undeclared(), now=NOW)) == [UNDECLARED]


def test_a_misspelt_or_malformed_include_is_refused(edition: Edition, rules: list[Any]) -> None:
    with pytest.raises(ValueError, match=r"'reform-item-suggestion' \(did you mean "):
        Validator(edition, rules, include=("reform-item-suggestion",))
    with pytest.raises(ValueError, match="opt-in rules are reform-item-suggestions"):
        Validator(edition, rules, include=("nothing-like-it",))
    with pytest.raises(TypeError, match="not the string"):
        Validator(edition, rules, include=SUGGESTIONS)
    with pytest.raises(TypeError, match="strings"):
        Validator(edition, rules, include=[5])  # type: ignore[list-item]
    # The id of a rule that runs anyway is no mistake.
    assert Validator(edition, rules, include=("deadline",)).rules == Validator(edition, rules).rules


def test_a_third_party_opt_in_rule(edition: Edition, rules: list[Any]) -> None:
    mine = [*rules, Noted()]
    plain = pairs(Validator(edition, mine).validate(undeclared(), now=NOW))
    assert "test.noted" not in [code for code, _ in plain]
    for include in [("test.noted",), "*"]:
        v = Validator(edition, mine, include=include)
        codes = [code for code, _ in pairs(v.validate(undeclared(), now=NOW))]
        assert "test.noted" in codes
        assert (SUGGESTIONS in {r.id for r in v.rules}) is (include == "*")


def test_workers_run_what_was_asked_for(edition: Edition, rules: list[Any]) -> None:
    asked = Validator(edition, rules, include=(SUGGESTIONS,))
    again = pickle.loads(pickle.dumps(asked))
    assert [r.id for r in again.rules] == [r.id for r in asked.rules]
    assert again.include == asked.include
    batch = []
    for i in range(4):
        env = {**undeclared(), "id": f"s{i}"}
        env["data"]["project_name"] += str(i)  # four projects, not versions of one
        batch.append(env)
    one = asked.validate_batch(batch, now=NOW)
    two = asked.validate_batch(batch, now=NOW, jobs=2, parallel_from=1)
    assert [pairs(s) for s in two.submissions] == [pairs(s) for s in one.submissions]
    assert all(SUGGESTED in pairs(s) for s in two.submissions)


def test_the_module_functions_keep_a_validator_per_include(host: Host, edition: Edition) -> None:
    plain = get_validator(edition, host=host)
    asked = get_validator(edition, host=host, include=(SUGGESTIONS,))
    assert plain is not asked
    assert asked is get_validator(edition, host=host, include=[SUGGESTIONS])
    report = validate_submission(edition, undeclared(), host=host, now=NOW, include="*")
    assert pairs(report) == [UNDECLARED, SUGGESTED]
    assert pairs(validate_submission(edition, undeclared(), host=host, now=NOW)) == [UNDECLARED]


def test_the_office_check_runs_every_opt_in_rule(tmp_path: Path) -> None:
    env = undeclared()
    env["attachments"] = []
    (tmp_path / "s1.json").write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    cmd = [sys.executable, "-m", "reform_brand", "check", "shandong-2022", str(tmp_path)]
    out = subprocess.run(
        [*cmd, "--json", "--now", NOW.isoformat()], capture_output=True, text=True, check=False
    )
    [sub] = json.loads(out.stdout)["submissions"]
    codes = [(f["code"], f["pointer"]) for f in sub["findings"]]
    assert SUGGESTED in codes and UNDECLARED in codes


def test_including_adds_the_opt_in_rules_once(edition: Edition, rules: list[Any]) -> None:
    plain = Validator(edition, rules)
    every = plain.including("*")
    assert SUGGESTIONS in {r.id for r in every.rules}
    assert every.including([SUGGESTIONS]) is every
    assert every.including("*") is every
    assert plain.including(()) is plain
    left_out = Validator(edition, rules, ignore=(SUGGESTIONS,)).including("*")
    assert SUGGESTIONS not in {r.id for r in left_out.rules}


def test_the_office_check_runs_them_whatever_validator_it_is_given(
    edition: Edition, rules: list[Any], tmp_path: Path
) -> None:
    from reform_brand.office import check_inbox

    env = undeclared()
    env["attachments"] = []
    (tmp_path / "s1.json").write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")

    def found(validator: Validator) -> list[tuple[str, str]]:
        report = check_inbox(edition, tmp_path, validator=validator, now=NOW)
        [sub] = report.batch.submissions
        return pairs(sub)

    assert SUGGESTED in found(Validator(edition, rules))
    assert SUGGESTED not in found(Validator(edition, rules, ignore=(SUGGESTIONS,)))


def test_a_validator_that_leaves_a_rule_out_goes_to_workers(
    edition: Edition, rules: list[Any]
) -> None:
    """Rebuilt in a worker from the rules it runs alone, a validator whose
    ``ignore`` named a rule id refused that id (no rule had it)."""
    for v in (
        Validator(edition, rules, ignore=("deadline",)),
        Validator(edition, rules, ignore=(SUGGESTIONS,), include="*"),
    ):
        again = pickle.loads(pickle.dumps(v))
        assert [r.id for r in again.rules] == [r.id for r in v.rules]
    late = {**undeclared(), "arrived_at": "2022-09-01T00:00:00+08:00"}
    batch = [{**late, "id": f"s{i}"} for i in range(2)]
    for i, env in enumerate(batch):
        env["data"] = {**env["data"], "project_name": f"项目{i}"}
    v = Validator(edition, rules, ignore=("deadline",))
    one = v.validate_batch(batch, now=NOW)
    two = v.validate_batch(batch, now=NOW, jobs=2, parallel_from=1)
    assert [pairs(s) for s in two.submissions] == [pairs(s) for s in one.submissions]
    assert not any(code.startswith("deadline.") for s in two.submissions for code, _ in pairs(s))
