"""The edition linter: checks beyond the edition schema.

Loading already rejects what cannot work (schema, unknown unit kinds or forms,
duplicate ids, a deadline before the issue date, patterns that do not
compile, unusable Word templates); the linter reports those problems as
findings with the loader's own codes (``edition.*``, ``render.template-*``),
and then looks for what loads but is wrong or unfinished:

* ids that collide across tables (an extra material named like a deliverable,
  one roster alias for two units), reform items numbered with gaps;
* quotas: a unit kind counted by two quotas for one form, a quota counting a
  form the kind does not fill in, ``includes`` not counted under the quota's
  kinds, a kind without a quota, a limit or softness its notice text belies;
* forms: the Word template declares exactly the form's fields; patterns are
  anchored, use ``[0-9]`` rather than ``\\d``, and have no nested quantifiers
  (catastrophic backtracking); examples satisfy their field (a number
  field's example is a number within its bounds); no choice value is listed
  twice (the schema's ``oneOf`` would refuse it);
* dates: the call is open for at least a day after the issue date, ``year``
  agrees with it; no title, text or date names an older year (a copied
  edition: see :mod:`reform_brand.maint._years`);
* every reform item has a description;
* every title, label and name (each :class:`~reform_brand.model.Text`) has
  its English translation - long descriptions may stay Chinese only - and
  Chinese that holds a Chinese character (:mod:`reform_brand.maint._texts`);
* every clause is cited, and none is a placeholder (``TODO``, ``待定``...).

Findings are :class:`~reform_brand.findings.Finding` objects like a
submission's: ``file`` is the data file, ``pointer`` a JSON pointer into the
edition's (merged) data.  Messages come from :data:`LINT_CATALOGUE`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs
from attrs import field, frozen

from reform_brand.catalogue import (
    CATALOGUE,
    MESSAGES,
    CodeInfo,
    Localized,
    ParamValue,
    Severity,
    render_message,
)
from reform_brand.codes.parsers import pattern_reason
from reform_brand.errors import EditionDataError, Problem, ReformBrandError
from reform_brand.findings import Counts, Finding, param_json
from reform_brand.inherit import own_place
from reform_brand.maint._clauses import notice_finding, read_notice, unknown_clause_parts
from reform_brand.maint._forms import form_findings, zero_caps
from reform_brand.maint._lines import path_to_pointer
from reform_brand.maint._marked import unmarked
from reform_brand.maint._patterns import (
    example_problem,
    nested_quantifiers,
    pattern_style,
)
from reform_brand.maint._quotas import quota_texts
from reform_brand.maint._regional import parent_id, parent_regional_data, regional_texts
from reform_brand.maint._texts import text_findings, walk, walk_fields
from reform_brand.maint._years import deadline_text, stale_years
from reform_brand.model import Edition, Form, FormField, Text

if TYPE_CHECKING:
    from reform_brand.host import Host

__all__ = [
    "LINT_CATALOGUE",
    "LintReport",
    "lint_edition",
    "nested_quantifiers",
]

E: Final = "error"


#: The linter's own codes (kept in the shared catalogue, so that
#: docs/findings.md lists them).  Load problems keep the loader's codes
#: (documented in docs/edition-format.md) and are errors.
LINT_CATALOGUE: Final[Mapping[str, CodeInfo]] = {
    code: info for code, info in CATALOGUE.items() if info.rule == "lint"
}

_LOAD_RULE: Final = "load"


def _load_info(code: str) -> CodeInfo:
    """A load problem as a lint entry: the catalogue's text, an error."""
    known = MESSAGES.get(code)
    zh, en = (known.zh, known.en) if known is not None else (code, code)
    return CodeInfo(code=code, severity=E, rule=_LOAD_RULE, zh=zh, en=en, kind="problem")


def catalogue_for(codes: set[str]) -> dict[str, CodeInfo]:
    """The lint catalogue plus entries for load problem ``codes``."""
    out = dict(LINT_CATALOGUE)
    for code in codes:
        if code not in out:
            out[code] = _load_info(code)
    return out


@frozen(kw_only=True)
class LintReport:
    """What the linter found in one edition."""

    #: The edition id (or the path given, when it could not be loaded).
    edition: str
    #: Where the edition's data was read from.
    source: str = ""
    findings: tuple[Finding, ...] = ()
    catalogue: Mapping[str, CodeInfo] = field(factory=dict, eq=False, repr=False)

    @property
    def counts(self) -> Counts:
        return Counts.of(self.findings)

    @property
    def ok(self) -> bool:
        """True when there is no error finding."""
        return self.counts.error == 0

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def message(self, f: Finding, lang: str = "zh") -> str:
        return render_message(f.code, f.params, lang, self.catalogue)

    def to_json(self) -> dict[str, Any]:
        c = self.counts
        return {
            "edition": self.edition,
            "source": self.source,
            "ok": self.ok,
            "counts": {"error": c.error, "warning": c.warning, "info": c.info},
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "file": f.file,
                    "pointer": f.pointer,
                    "clause": f.clause,
                    "params": {k: param_json(v) for k, v in f.params.items()},
                    "message": {"zh": self.message(f, "zh"), "en": self.message(f, "en")},
                }
                for f in self.findings
            ],
        }


# -- entry point ---------------------------------------------------------------


def lint_edition(target: Edition | str | Path, *, host: Host | None = None) -> LintReport:
    """Lint an edition: an :class:`Edition`, an installed edition's id, or the
    path of an edition data directory (inheritance is resolved through
    ``host``'s editions; a new host with the installed plugins by default).

    Never raises for problems in the data: they are findings.  Raises
    :class:`~reform_brand.errors.UnknownEditionError` for an id that is not
    installed and :class:`NotADirectoryError` for a path that is not a folder.
    """
    from reform_brand.host import host_or_new

    if not isinstance(target, Edition | str | os.PathLike):
        kind = type(target).__name__
        raise TypeError(f"target takes an Edition, an edition id or a folder's path, not {kind}")
    if isinstance(target, Edition):
        renderers = _renderers(None if host is None else host_or_new(host), target.id)
        return _finish(target.id, target.source, target, {}, renderers)
    h = host_or_new(host)
    label = str(target)
    if isinstance(target, Path) or target not in h.editions:
        path = Path(target)
        if not path.is_dir():
            if isinstance(target, str) and "/" not in target and not target.startswith("."):
                h.edition(target)  # raises UnknownEditionError listing the installed ones
            raise NotADirectoryError(str(path))
        return _lint_path(path, h)
    try:
        edition = h.edition(target)
    except EditionDataError as exc:
        return _from_problems(label, _source_of(h, target), exc.problems)
    try:
        data, origin = h.editions.raw(target)
    except ReformBrandError:
        data, origin = None, {}
    renderers = _renderers(h, edition.id)
    return _finish(edition.id, edition.source, edition, origin, renderers, _parent(h, origin), data)


def _parent(host: Host, origin: Mapping[str, str]) -> Edition | None:
    """The edition ``origin``'s inherits from, if it loads."""
    found = parent_id(origin)
    try:
        return host.edition(found) if found else None
    except ReformBrandError:
        return None


def _renderers(host: Host | None, edition_id: str) -> list[object]:
    """The renderers that check the edition's templates (``check_template``)."""
    if host is not None:
        return list(host.renderers.for_edition(edition_id))
    from reform_brand.render import builtin_renderers

    return list(builtin_renderers())


def _source_of(host: Host, edition_id: str) -> str:
    value = host.editions.entry(edition_id).value
    return str(value) if isinstance(value, Path) or hasattr(value, "iterdir") else ""


def _lint_path(path: Path, host: Host) -> LintReport:
    from reform_brand.loader import load_edition, load_raw

    try:
        edition = load_edition(path, resolve_parent=host.editions.raw)
    except EditionDataError as exc:
        return _from_problems(str(path), str(path), exc.problems)
    try:
        data, origin = load_raw(path, host.editions.raw)
    except ReformBrandError:
        data, origin = None, {}
    renderers = _renderers(host, edition.id)
    return _finish(edition.id, str(path), edition, origin, renderers, _parent(host, origin), data)


def _problem_params(problem: Problem) -> dict[str, ParamValue]:
    """A problem's parameters as a finding's: numbers and texts in both
    languages kept, anything else as text."""
    return {
        k: v if isinstance(v, int | float | bool | Localized) else str(v)
        for k, v in problem.params.items()
    }


def _from_problems(label: str, source: str, problems: tuple[Problem, ...]) -> LintReport:
    findings = tuple(
        Finding(
            code=p.code,
            severity="error",
            file=p.file,
            pointer=path_to_pointer(p.path),
            rule=_LOAD_RULE,
            params=_problem_params(p),
        )
        for p in problems
    )
    return LintReport(
        edition=label,
        source=source,
        findings=findings,
        catalogue=catalogue_for({f.code for f in findings}),
    )


def _finish(
    edition_id: str,
    source: str,
    edition: Edition,
    origin: Mapping[str, str],
    renderers: Sequence[object] = (),
    parent: Edition | None = None,
    data: Mapping[str, Any] | None = None,
) -> LintReport:
    linter = _Linter(edition, origin, source, renderers, parent)
    findings = [*linter.run(), *zero_caps(edition, data, linter.finding)]
    return LintReport(
        edition=edition_id,
        source=source,
        findings=tuple(findings),
        catalogue=catalogue_for({f.code for f in findings}),
    )


# -- the checks ------------------------------------------------------------------

_PLACEHOLDERS: Final = re.compile(
    r"^\s*(?:todo|tbd|tba|fixme|xxx+|\?+|？+|-+|—+|n/?a|none|待定|待补|待补充|待查|无|略|\.\.\.|…+)\s*$",
    re.IGNORECASE,
)


class _Linter:
    def __init__(
        self,
        edition: Edition,
        origin: Mapping[str, str],
        source: str,
        renderers: Sequence[object] = (),
        parent: Edition | None = None,
    ) -> None:
        self.edition = edition
        self.origin = origin
        #: The edition it inherits from (None: none, or not loadable).
        self.parent = parent
        self.source = source
        #: The notice beside the edition's own data, to check clauses against.
        self.notice, self.notice_fault = read_notice(source)
        #: Renderers whose ``check_template`` capability checks the templates.
        self.renderers = tuple(renderers)

    def finding(self, code: str, pointer: str, *, clause: str = "", **params: object) -> Finding:
        info = LINT_CATALOGUE.get(code)
        severity: Severity = info.severity if info is not None else "error"
        file, own = own_place(self.origin, pointer, self.source)
        return Finding(
            code=code,
            severity=severity,
            file=file,
            pointer=own,
            clause=clause,
            rule="lint",
            params=params,
        )

    def run(self) -> Iterator[Finding]:
        if self.notice_fault is not None:
            yield notice_finding(self.notice_fault)
        yield from self.ids()
        yield from self.quotas()
        yield from self.forms()
        yield from self.dates()
        yield from self.items()
        yield from self.texts_and_clauses()
        yield from self.regional()

    # regional data -----------------------------------------------------------
    def regional(self) -> Iterator[Finding]:
        e = self.edition
        present = {
            p
            for p, value in (
                ("/roster", e.roster),
                ("/issuer/contacts", e.issuer.contacts),
                ("/issuer/mailbox", e.issuer.mailbox),
                ("/delivery/mailbox", e.delivery.mailbox),
            )
            if value
        }
        for pointer in parent_regional_data(self.origin, present, e, self.parent):
            what, what_en = _REGIONAL_NAMES[pointer]
            yield self.finding("lint.parent-regional-data", pointer, what=what, what_en=what_en)
        yield from regional_texts(e, self.parent, self.origin, self.finding)

    # ids ------------------------------------------------------------------
    def ids(self) -> Iterator[Finding]:
        e = self.edition
        deliverables = {d.id: i for i, d in enumerate(e.delivery.deliverables)}
        for i, m in enumerate(e.extra_materials):
            if m.id in deliverables:
                yield self.finding(
                    "lint.duplicate-id",
                    f"/extra_materials/{i}/id",
                    id=m.id,
                    first="交付材料",
                    first_en="a deliverable",
                    second="附加材料",
                    second_en="an extra material",
                )
        from reform_brand.names import normalise

        owner: dict[str, str] = {}
        for i, unit in enumerate(e.roster):
            for j, name in enumerate((unit.name, *unit.aliases)):
                key = normalise(name)
                other = owner.get(key)
                if other is not None and other != unit.name:
                    where = f"/roster/{i}/name" if j == 0 else f"/roster/{i}/aliases/{j - 1}"
                    yield self.finding(
                        "lint.duplicate-name",
                        where,
                        name=name,
                        first=other,
                        first_en=other,
                        second=unit.name,
                        second_en=unit.name,
                    )
                else:
                    owner[key] = unit.name
        numbers = [it.number for it in e.reform_items]
        if numbers and sorted(numbers) != list(range(1, len(numbers) + 1)):
            yield self.finding(
                "lint.item-numbering", "/reform_items", numbers=tuple(map(str, numbers))
            )
        titles: dict[str, int] = {}
        for i, it in enumerate(e.reform_items):
            key = it.title.zh.strip()
            if key and key in titles:
                yield self.finding(
                    "lint.duplicate-title",
                    f"/reform_items/{i}/title",
                    number=it.number,
                    other=titles[key],
                )
            titles.setdefault(key, it.number)

    # quotas -----------------------------------------------------------------
    def quotas(self) -> Iterator[Finding]:
        e = self.edition
        kinds = {k.id: k for k in e.unit_kinds}
        counted: dict[tuple[str, str], str] = {}
        for i, q in enumerate(e.quotas):
            for form_id in q.forms:
                for j, kind_id in enumerate(q.unit_kinds):
                    first = counted.get((kind_id, form_id))
                    if first is not None:
                        yield self.finding(
                            "lint.quota-overlap",
                            f"/quotas/{i}/unit_kinds/{j}",
                            clause=q.clause,
                            kind=kind_id,
                            form=form_id,
                            first=first,
                            second=q.id,
                        )
                    counted.setdefault((kind_id, form_id), q.id)
                    kind = kinds.get(kind_id)
                    if kind is not None and form_id not in kind.forms:
                        yield self.finding(
                            "lint.quota-form-not-filled",
                            f"/quotas/{i}/forms",
                            clause=q.clause,
                            quota=q.id,
                            kind=kind_id,
                            form=form_id,
                        )
                for j, kind_id in enumerate(q.includes):
                    counted.setdefault((kind_id, form_id), q.id)
                    kind = kinds.get(kind_id)
                    if kind is not None and kind.counted_under not in q.unit_kinds:
                        yield self.finding(
                            "lint.quota-include-mismatch",
                            f"/quotas/{i}/includes/{j}",
                            clause=q.clause,
                            quota=q.id,
                            kind=kind_id,
                        )
        for i, k in enumerate(e.unit_kinds):
            if k.role == "issuer":
                continue
            for form_id in k.forms:
                if (k.id, form_id) not in counted:
                    yield self.finding(
                        "lint.kind-without-quota", f"/unit_kinds/{i}", kind=k.id, form=form_id
                    )
        yield from quota_texts(e.quotas, self.finding)

    # forms ------------------------------------------------------------------
    def forms(self) -> Iterator[Finding]:
        for code, pointer, form_id in unmarked(self.edition.forms):
            yield self.finding(code, pointer, form=form_id)
        yield from form_findings(self.edition, self.finding)
        for i, form in enumerate(self.edition.forms):
            if form.template:
                yield from self.template(i, form)
            for pointer, f in walk_fields(form.fields, f"/forms/{i}/fields"):
                yield from self.form_field(pointer, f)

    def template(self, i: int, form: Form) -> Iterator[Finding]:
        from reform_brand.loader import template_problems

        problems = [p for r in self.renderers for p in template_problems(r, self.edition, form)]
        for p in problems:
            yield Finding(
                code=p.code,
                severity="error",
                file=own_place(self.origin, f"/forms/{i}/template", self.source)[0],
                pointer=own_place(self.origin, f"/forms/{i}/template")[1],
                rule=_LOAD_RULE,
                params=_problem_params(p),
            )

    def form_field(self, pointer: str, f: FormField) -> Iterator[Finding]:
        label = {"label": f.label.zh, "label_en": f.label.en or f.label.zh}
        if f.pattern:
            try:
                compiled = re.compile(f.pattern)
            except (re.error, OverflowError) as exc:  # OverflowError: a count too large
                yield self.finding(
                    "edition.bad-pattern",
                    pointer + "/pattern",
                    clause=f.clause,
                    detail=pattern_reason(exc),
                )
                compiled = None
            if compiled is not None:
                for code, params in pattern_style(f.pattern):
                    yield self.finding(code, pointer + "/pattern", clause=f.clause, **params)
        values: set[str] = set()
        for k, choice in enumerate(f.choices):
            if choice.value in values:
                yield self.finding(
                    "lint.choice-duplicate",
                    f"{pointer}/choices/{k}/value",
                    clause=f.clause,
                    value=choice.value,
                    **label,
                )
            values.add(choice.value)
        if f.example and f.type != "group":
            reason = example_problem(f)
            if reason is not None:
                yield self.finding(
                    "lint.example-mismatch",
                    pointer + "/example",
                    clause=f.clause,
                    reason=reason,
                    **label,
                )

    # dates --------------------------------------------------------------------
    def dates(self) -> Iterator[Finding]:
        e = self.edition
        last = e.deadline.last_moment()
        if last.date() <= e.issued:
            yield self.finding(
                "lint.deadline-not-after-issue",
                "/deadline/at",
                clause=e.deadline.clause,
                last_day=last.date().isoformat(),
                issued=e.issued.isoformat(),
            )
        if e.issued.year != e.year:
            yield self.finding(
                "lint.year-mismatch", "/year", year=e.year, issued=e.issued.isoformat()
            )
        yield from stale_years(e, self.finding)
        yield from deadline_text(e, self.finding)

    # items ----------------------------------------------------------------------
    def items(self) -> Iterator[Finding]:
        if self.edition.declare_reform_items and not self.edition.reform_items:
            yield self.finding("lint.items-none", "/declare_reform_items")
        for i, it in enumerate(self.edition.reform_items):
            if not any(p.strip() for p in it.description):
                yield self.finding(
                    "lint.item-undescribed",
                    f"/reform_items/{i}/description",
                    clause=it.clause,
                    number=it.number,
                )
            # Suggestions drop a keyword of fewer than two characters
            # (suggest/_rank.py), so it would never match.
            for j, word in enumerate(it.keywords):
                if len(word.strip()) < 2:
                    yield self.finding(
                        "lint.keyword-too-short",
                        f"/reform_items/{i}/keywords/{j}",
                        clause=it.clause,
                        number=it.number,
                        keyword=word,
                    )

    # texts and clauses ---------------------------------------------------------
    def texts_and_clauses(self) -> Iterator[Finding]:
        for pointer, obj in walk(self.edition, ""):
            if isinstance(obj, Text):
                yield from text_findings(pointer, obj, self.finding)
                continue
            cls: Any = type(obj)
            if not attrs.has(cls):
                continue
            names = {a.name for a in attrs.fields(cls)}
            if "clause" in names:
                clause = str(getattr(obj, "clause", ""))
                if not clause.strip():
                    yield self.finding("lint.clause-missing", pointer + "/clause")
                elif _PLACEHOLDERS.match(clause):
                    yield self.finding(
                        "lint.clause-placeholder", pointer + "/clause", placeholder=clause
                    )
                elif self.notice is not None:
                    for part in unknown_clause_parts(clause, self.notice):
                        yield self.finding("lint.clause-unknown", pointer + "/clause", part=part)


_REGIONAL_NAMES: Final[dict[str, tuple[str, str]]] = {
    "/roster": ("单位名单", "roster of units"),
    "/issuer/contacts": ("联系电话", "contact phones"),
    "/issuer/mailbox": ("发文单位邮箱", "issuer's mailbox"),
    "/delivery/mailbox": ("报送邮箱", "delivery mailbox"),
}
