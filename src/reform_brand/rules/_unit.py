"""Who submits: eligibility, the roster, and the declared reform items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from reform_brand.catalogue import Localized, choices
from reform_brand.model import Form, FormField, UnitKind
from reform_brand.names import did_you_mean, is_blank, normalise
from reform_brand.plugin import EditionIndex, Finding, Quiet, RuleContext
from reform_brand.rules._base import BuiltinRule
from reform_brand.submission import Submission

__all__ = ["EligibilityRule", "FormUnitRule", "ReformItemsRule", "RosterRule", "unit_field"]


class EligibilityRule(BuiltinRule):
    """The unit kind is known, may use the form, and names the unit it is
    counted under when its kind is (``counted_under``: a county association
    under its city).  A missing kind is an envelope
    problem (``envelope.required``), not this rule's."""

    id = "eligibility"
    codes = ("eligibility.unknown-kind", "eligibility.wrong-form", "eligibility.city-missing")

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        sub = ctx.submission
        kind_id = sub.unit.kind
        if not kind_id:
            return ()
        kind = ctx.index.unit_kinds.get(kind_id)
        if (
            kind is not None
            and (sub.form in kind.forms or sub.form not in ctx.index.forms)
            and (not kind.counted_under or sub.unit.city)
        ):
            return ()  # (the usual case)
        return self._findings(ctx, sub, kind_id, kind)

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when the unit's kind may use the form and, when it is counted
        under another unit, names it: the usual case of :meth:`check`."""
        # Per form, the kinds that may use it, each with whether it is
        # counted under another unit (and so needs its city).
        may_use = {
            form_id: {
                k.id: bool(k.counted_under) for k in index.unit_kinds.values() if form_id in k.forms
            }
            for form_id in index.forms
        }

        def test(sub: Submission, now: dt.datetime) -> bool:
            needs_city = may_use.get(sub.form, {}).get(sub.unit.kind)
            return needs_city is not None and (not needs_city or bool(sub.unit.city))

        return test

    def _findings(
        self, ctx: RuleContext, sub: Submission, kind_id: str, kind: UnitKind | None
    ) -> Iterator[Finding]:
        if kind is None:
            yield ctx.finding(
                "eligibility.unknown-kind",
                rule=self.id,
                submission=sub,
                pointer="/unit/kind",
                clause="; ".join(sorted({k.clause for k in ctx.edition.unit_kinds})),
                kind=kind_id,
                available=tuple(ctx.index.unit_kinds),
                kinds=_kind_names(ctx),
            )
            return
        form = ctx.index.forms.get(sub.form)
        if form is not None and form.id not in kind.forms:
            expected = [ctx.index.forms[f] for f in kind.forms if f in ctx.index.forms]
            yield ctx.finding(
                "eligibility.wrong-form",
                rule=self.id,
                submission=sub,
                pointer="/form",
                clause=kind.clause,
                kind=kind.id,
                kind_name=kind.name.zh,
                kind_name_en=(kind.name.en or kind.name.zh).lower(),
                form=form.id,
                form_title=form.title.zh,
                form_title_en=form.title.en or form.title.zh,
                expected="、".join(f"{f.attachment}《{f.title.zh}》" for f in expected),
                expected_en=", ".join(f"{f.attachment_in('en')} ({f.id})" for f in expected),
            )
        if kind.counted_under and not sub.unit.city:
            unit_raw = sub.envelope.get("unit") if isinstance(sub.envelope, dict) else None
            if isinstance(unit_raw, dict) and "city" in unit_raw:
                return  # present but malformed: an envelope finding already says so
            yield ctx.finding(
                "eligibility.city-missing",
                rule=self.id,
                submission=sub,
                pointer="/unit/city",
                clause=kind.clause,
                kind=kind.id,
                kind_name=kind.name.zh,
                kind_name_en=(kind.name.en or kind.name.zh).lower(),
                **_under_params(ctx, kind.counted_under),
            )


def _kind_names(ctx: RuleContext) -> Localized:
    """The unit kinds by their names, each with the id an envelope gives:
    ``省级学会（provincial-society）、…``."""
    return choices((k.id, k.name.zh, k.name.en) for k in ctx.edition.unit_kinds)


def _under_params(ctx: RuleContext, kind_id: str) -> dict[str, Any]:
    """The name of the kind a unit is counted under, in zh and en."""
    under = ctx.index.unit_kinds.get(kind_id)
    if under is None:  # the loader refuses an unknown counted_under
        return {"under_name": kind_id, "under_name_en": kind_id}
    return {
        "under_name": under.name.zh,
        "under_name_en": (under.name.en or under.name.zh).lower(),
    }


class RosterRule(BuiltinRule):
    """A unit of a kind the roster lists (and the city of a county project)
    must be on the roster, under its name or an alias."""

    id = "roster"
    codes = ("roster.unknown-unit",)

    def check(self, ctx: RuleContext) -> list[Finding]:
        sub = ctx.submission
        roster = ctx.index.roster
        listed = roster.keys_by_kind  # (the kinds the roster lists: roster.kinds)
        if not listed:
            return []
        kind = ctx.index.unit_kinds.get(sub.unit.kind)
        if kind is None:
            return []
        out: list[Finding] = []
        if kind.id in listed:
            self._probe(ctx, sub, "/unit/name", sub.unit.name, kind.id, out)
        if kind.counted_under in listed:
            self._probe(ctx, sub, "/unit/city", sub.unit.city, kind.counted_under, out)
        return out

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when the unit's name is spelt exactly as the roster spells a
        unit of its kind or an alias of one (or its kind is unknown or not
        one the roster lists), and its city, when its kind is counted under
        a kind the roster lists, is absent or spelt so too: the usual case
        of :meth:`check`.  A name the roster knows only once normalised is
        left to the check."""
        spellings = index.roster.by_spelling
        listed = index.roster.keys_by_kind

        def exact(kind_id: str) -> frozenset[str] | None:
            """The names that pass as a unit of ``kind_id`` as they are
            (None: the roster does not list the kind, any name passes)."""
            if kind_id not in listed:
                return None
            keys = frozenset(listed[kind_id])
            return frozenset(name for name in (*spellings, *keys) if normalise(name) in keys)

        # Per unit kind, the names its unit and its city may have.
        names = {k.id: (exact(k.id), exact(k.counted_under)) for k in index.unit_kinds.values()}
        anything: tuple[None, None] = (None, None)

        def test(sub: Submission, now: dt.datetime) -> bool:
            unit = sub.unit
            own, city = names.get(unit.kind, anything)
            return (own is None or unit.name in own) and (
                city is None or not unit.city or unit.city in city
            )

        return test

    def _probe(
        self,
        ctx: RuleContext,
        sub: Submission,
        pointer: str,
        name: str,
        roster_kind: str,
        out: list[Finding],
    ) -> None:
        """A finding in ``out`` when ``name`` is not on the roster as a unit
        of ``roster_kind``: a county of the roster sent as a city (or named
        as a county's city) is no city, and would count against a quota of
        its own."""
        roster = ctx.index.roster
        if is_blank(name) or len(name) > 200:
            return
        if normalise(name) in roster.keys_by_kind.get(roster_kind, ()):
            return
        found = roster.candidates(name, roster_kind)
        rk = ctx.index.unit_kinds[roster_kind]
        out.append(
            ctx.finding(
                "roster.unknown-unit",
                rule=self.id,
                submission=sub,
                pointer=pointer,
                clause=rk.clause,
                name=name,
                kind=roster_kind,
                kind_name=rk.name.zh,
                kind_name_en=(rk.name.en or rk.name.zh).lower(),
                suggestion=found[0] if found else "",
                candidates=found,
                did_you_mean=Localized(zh=did_you_mean(found, "zh"), en=did_you_mean(found, "en")),
            )
        )


def unit_field(form: Form) -> FormField | None:
    """The field in which the form names its unit, as the edition's data
    says: the text field it marks ``names = "unit"``, else the header's text
    field filled by the form's own filler (申报单位 on the 申报表, 推荐部室或
    单位 on the 推荐表)."""
    marked = form.named("unit")
    if marked is not None:
        return marked
    for f in form.fields:
        if f.placement == "header" and f.type == "text" and f.filled_by == form.role:
            return f
    return None


class FormUnitRule(BuiltinRule):
    """The unit the form names (its :func:`unit_field`) is the unit that
    sends it (the envelope's ``unit.name``, or the unit it is counted under,
    ``unit.city``) — or a unit the sender may send for: a unit of a kind
    counted under the sender's kind (a county association's form sent by its
    city), which the roster does not list as a unit of its own or lists as
    a unit of that kind.  Anything else (枣庄's form sent by 菏泽) is a
    warning."""

    id = "unit"
    codes = ("unit.form-mismatch",)

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        sub = ctx.submission
        f = ctx.index.derived(_unit_fields).get(sub.form)
        if f is None or not isinstance(sub.data, dict):
            return ()
        named = sub.data.get(f.id)
        sender = sub.unit.name
        if not isinstance(named, str) or len(named) > 200 or len(sender) > 200:
            return ()  # (too long: the schema's finding)
        if named == sender or is_blank(named) or is_blank(sender):
            return ()  # (the usual case: the same name, so the same unit)
        return self._mismatch(ctx, sub, f, named, sender)

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when the form has no unit field, leaves it out or empty, or
        names in it exactly the unit that sends it or the unit it is counted
        under: the usual case of :meth:`check`.  Any other spelling is left
        to the check."""
        # Per form, the id of its unit field (None: it has none).
        field_ids = {
            form_id: (f.id if f is not None else None)
            for form_id, f in index.derived(_unit_fields).items()
        }

        def test(sub: Submission, now: dt.datetime) -> bool:
            field_id = field_ids.get(sub.form)
            data = sub.data
            if field_id is None or not isinstance(data, dict):
                return True
            named = data.get(field_id)
            unit = sub.unit
            return type(named) is not str or not named or named == unit.name or named == unit.city

        return test

    def _mismatch(
        self, ctx: RuleContext, sub: Submission, f: FormField, named: str, sender: str
    ) -> Iterator[Finding]:
        roster = ctx.index.roster

        def key(name: str) -> str:
            return roster.canonical(name) or normalise(name)

        own = {key(sender)} | ({key(sub.unit.city)} if not is_blank(sub.unit.city) else set())
        if key(named) in own:
            return
        if _sends_for_others(ctx, sub.unit.kind) and _may_send_for(ctx, named, sub.unit.kind):
            return
        yield ctx.finding(
            "unit.form-mismatch",
            rule=self.id,
            submission=sub,
            pointer=f"/data/{f.id}",
            clause=f.clause,
            named=named,
            sender=sender,
            label=f.label.zh,
            label_en=f.label.en or f.label.zh,
        )


def _unit_fields(index: EditionIndex) -> dict[str, FormField | None]:
    """Per form, its :func:`unit_field`."""
    return {form_id: unit_field(form) for form_id, form in index.forms.items()}


def _sends_for_others(ctx: RuleContext, kind_id: str) -> bool:
    """Whether units of another kind are counted under units of ``kind_id``
    (a city association sends its counties' forms)."""
    return bool(kind_id) and any(k.counted_under == kind_id for k in ctx.edition.unit_kinds)


def _may_send_for(ctx: RuleContext, named: str, kind_id: str) -> bool:
    """Whether a unit of ``kind_id`` may send the form of ``named``: a unit
    the roster does not list, or lists as a unit of a kind counted under
    ``kind_id`` (a county of the roster, sent by a city)."""
    roster = ctx.index.roster
    if roster.canonical(named) is None:
        return True
    key = normalise(named)
    return any(
        k.counted_under == kind_id and key in roster.keys_by_kind.get(k.id, ())
        for k in ctx.edition.unit_kinds
    )


class ReformItemsRule(BuiltinRule):
    """Declared reform items exist; none declared is a warning when the
    edition asks for them.  Items that are not integers of at least 1 are
    envelope problems, not this rule's."""

    id = "reform-items"
    codes = ("reform-items.undeclared", "reform-items.unknown")

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        sub = ctx.submission
        items = sub.reform_items or ()
        if items and sub.reform_items_readable and ctx.index.item_numbers.issuperset(items):
            return ()  # (the usual case: items declared, each known)
        raw = sub.envelope.get("reform_items") if isinstance(sub.envelope, dict) else None
        if raw is not None and not isinstance(raw, list):
            return ()  # wrong type: envelope.type
        return self._findings(ctx, sub, items)

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when the submission declares items and the edition knows each
        of them, or declares none and the edition does not ask for them:
        the usual case of :meth:`check`."""
        known = index.item_numbers
        none_is_fine = not index.edition.declare_reform_items

        def test(sub: Submission, now: dt.datetime) -> bool:
            items = sub.reform_items
            if not items:
                return none_is_fine
            return sub.reform_items_readable and known.issuperset(items)

        return test

    def _findings(
        self, ctx: RuleContext, sub: Submission, items: tuple[object, ...]
    ) -> Iterator[Finding]:
        if not items and ctx.edition.declare_reform_items:
            yield ctx.finding(
                "reform-items.undeclared",
                rule=self.id,
                submission=sub,
                pointer="/reform_items",
                clause=_items_clause(ctx),
            )
        for i, value in enumerate(items):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                continue
            if value not in ctx.index.item_numbers:
                yield ctx.finding(
                    "reform-items.unknown",
                    rule=self.id,
                    submission=sub,
                    pointer=f"/reform_items/{i}",
                    clause=_items_clause(ctx),
                    number=value,
                    count=len(ctx.index.item_numbers),
                )


def _items_clause(ctx: RuleContext) -> str:
    items = ctx.edition.reform_items
    return items[0].clause if items else ""
