"""Running one rule and collecting its findings.

A rule that raises gives ``rule.failed``; a finding whose code the rule does
not declare in ``codes`` is dropped and replaced by ``rule.undeclared-code``;
every finding leaves carrying its code's :class:`CodeInfo` (built-in or
registered by a plugin), so that ``finding.message(lang)`` gives its text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from reform_brand.catalogue import CodeInfo
from reform_brand.engine._context import RuleContext
from reform_brand.findings import Finding, clip
from reform_brand.registries import Rule
from reform_brand.submission import Submission

__all__ = [
    "EVERY_OPT_IN",
    "check_ignored",
    "check_included",
    "declared_codes",
    "included",
    "is_opt_in",
    "run_rule",
    "run_rules",
    "selected",
]

#: ``include`` naming every opt-in rule (the office's ``check`` runs them all).
EVERY_OPT_IN: Final = "*"


def _rule_id(rule: Rule) -> str:
    return str(getattr(rule, "id", type(rule).__name__))


def declared_codes(rule: Rule) -> frozenset[str]:
    """The finding codes ``rule`` declares (its ``codes``); a validator
    reads them once, when it is built."""
    codes = getattr(rule, "codes", ())
    return frozenset(codes) if isinstance(codes, tuple | list | set | frozenset) else frozenset()


def is_opt_in(rule: Rule) -> bool:
    """Whether ``rule`` runs only when asked for by its id (its ``opt_in``
    is True): a rule that adds information at a cost a portal's every call
    need not pay, such as the reform-item suggestions."""
    return getattr(rule, "opt_in", False) is True


def included(include: Iterable[str] | str) -> frozenset[str]:
    """``include`` as a set of rule ids: :data:`EVERY_OPT_IN` alone stands
    for itself; any other lone string is refused (its characters would be
    taken for rule ids, and nothing asked for), and so is anything else
    than a collection of strings."""
    if include == EVERY_OPT_IN:
        return frozenset({EVERY_OPT_IN})
    if isinstance(include, str):
        raise TypeError(
            f"include takes a list of rule ids, or {EVERY_OPT_IN!r} for every opt-in rule, "
            f"not the string {include!r}"
        )
    items = tuple(include) if isinstance(include, Iterable) else None
    if items is None or not all(isinstance(i, str) for i in items):
        raise TypeError(f"include takes a list of rule ids (strings), not {include!r}")
    return frozenset(items)


def selected(
    rules: Sequence[Rule], edition: str, ignore: frozenset[str], include: frozenset[str]
) -> tuple[Rule, ...]:
    """The rules of ``rules`` a validator runs for ``edition``: those for
    every edition or for it, neither left out by ``ignore`` nor opt-in and
    left out of ``include`` (:data:`EVERY_OPT_IN` includes them all)."""
    every = EVERY_OPT_IN in include
    return tuple(
        r
        for r in rules
        if (not getattr(r, "editions", ()) or edition in r.editions)
        and _rule_id(r) not in ignore
        and (every or not is_opt_in(r) or _rule_id(r) in include)
    )


def check_included(include: frozenset[str], rules: Sequence[Rule]) -> None:
    """A ``ValueError`` naming each of ``include`` that is the id of none of
    ``rules``, with the closest ids: a misspelt one would leave its rule
    out, silently."""
    ids = sorted({_rule_id(r) for r in rules})
    unknown = sorted(include - {*ids, EVERY_OPT_IN})
    if not unknown:
        return
    parts = []
    for name in unknown:
        close = difflib.get_close_matches(name, ids, n=3)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        parts.append(f"{name!r}{hint}")
    opt = sorted(_rule_id(r) for r in rules if is_opt_in(r))
    raise ValueError(
        f"include: no rule id {'; '.join(parts)}; the opt-in rules are {', '.join(opt) or '(none)'}"
    )


def check_ignored(
    ignored: frozenset[str], rules: Sequence[Rule], catalogue: Mapping[str, CodeInfo]
) -> None:
    """A ``ValueError`` naming each of ``ignored`` that is neither the id of
    one of ``rules`` (a plugin's included) nor a finding code they or the
    catalogue know, with the closest known ones: a misspelt id
    (``deadlne``) would leave the rule running, silently."""
    known = set(catalogue)
    for r in rules:
        known.add(_rule_id(r))
        known.update(declared_codes(r))
    unknown = sorted(ignored - known)
    if not unknown:
        return
    parts = []
    for name in unknown:
        close = difflib.get_close_matches(name, sorted(known), n=3)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        parts.append(f"{name!r}{hint}")
    raise ValueError(
        f"ignore: no rule id or finding code {'; '.join(parts)}; "
        f"the rule ids are {', '.join(sorted({_rule_id(r) for r in rules}))}"
    )


def run_rule(
    rule: Rule,
    ctx: RuleContext,
    sub: Submission | None,
    catalogue: Mapping[str, CodeInfo],
    declared: frozenset[str] | None = None,
) -> list[Finding]:
    """The findings of ``rule`` in ``ctx`` (``sub``: the submission of a
    per-submission rule, ``None`` for a batch rule); never raises.
    ``declared``: the rule's :func:`declared_codes`, when already known."""
    try:
        result = rule.check(ctx)
        # (A rule with nothing to say may say it with an empty tuple: no
        # generator made and run to learn it.)
        found = [] if type(result) is tuple and not result else list(result)
    except Exception as exc:
        return [_failed(rule, exc, sub)]
    if not found:
        return found
    codes = declared_codes(rule) if declared is None else declared
    return _collect(rule, found, sub, catalogue, codes)


def run_rules(
    plan: Sequence[tuple[Rule, frozenset[str]]],
    ctx: RuleContext,
    sub: Submission,
    catalogue: Mapping[str, CodeInfo],
    out: list[Finding],
) -> None:
    """:func:`run_rule` of each rule of ``plan`` (a rule and its declared
    codes) on ``sub`` in turn, their findings added to ``out``: the
    submission rules of one submission, in one loop."""
    for rule, declared in plan:
        try:
            result = rule.check(ctx)
            if type(result) is tuple and not result:
                continue  # (the usual case)
            found = list(result)
        except Exception as exc:
            out.append(_failed(rule, exc, sub))
            continue
        if found:
            out.extend(_collect(rule, found, sub, catalogue, declared))


def _failed(rule: Rule, exc: Exception, sub: Submission | None) -> Finding:
    """``rule.failed``: ``rule`` raised ``exc``."""
    return Finding(
        code="rule.failed",
        severity="error",
        submission=sub.id if sub else "",
        file=sub.file if sub else "",
        rule="engine",
        unit=sub.unit.name[:200] if sub else "",
        params={"rule": _rule_id(rule), "error": clip(f"{type(exc).__name__}: {exc}", 300)},
    )


def _collect(
    rule: Rule,
    found: Sequence[object],
    sub: Submission | None,
    catalogue: Mapping[str, CodeInfo],
    declared: frozenset[str],
) -> list[Finding]:
    out: list[Finding] = []
    for f in found:
        if not isinstance(f, Finding):
            continue
        if f.code in declared and f.info is not None:
            out.append(f)  # the usual case: built by ctx.finding
            continue
        if f.code not in declared:
            f = Finding(
                code="rule.undeclared-code",
                severity="error",
                submission=f.submission or (sub.id if sub else ""),
                file=f.file or (sub.file if sub else ""),
                pointer=f.pointer,
                rule="engine",
                unit=f.unit,
                params={"rule": _rule_id(rule), "code": f.code},
            )
        info = catalogue.get(f.code)
        out.append(f if f.info is not None or info is None else attrs.evolve(f, info=info))
    return out
