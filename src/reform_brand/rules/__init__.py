"""The built-in validation rules, registered as a default plugin.

Each rule is an object with ``id``, ``codes``, ``editions``, ``scope`` and
``check(ctx)`` (see :class:`reform_brand.registries.Rule`).  They are added
to the rule registry through the ``reform_brand_rules`` hook, exactly as a
plugin's rules are; an edition plugin replaces one with
``registry.add(rule, replace=True)`` under the same id.

=================  =========  ====================================================
rule id            scope      checks
=================  =========  ====================================================
``form-data``      submission the form data against the form's JSON Schema
``issuer-only``    submission issuer-only fields (省科协意见) left empty
``eligibility``    submission unit kind known, allowed to use the form, city given
``reform-items``   submission declared reform items exist
``deadline``       submission arrival time against the deadline
``deliverables``   submission the PDF scan and the Word file, by content
``signed-scan``    submission the scan's seal, signature and form (``scan`` extra)
``lengths``        submission 字 limits of form fields
``contacts``       submission office phone, mobile, e-mail formats
``roster``         submission unit names on the edition's roster
``quota``          batch      submissions per unit against the quotas
``duplicates``     batch      one project sent twice, one id used twice
``materials``      batch      extra materials: unit, 字 limit, copies, missing
=================  =========  ====================================================
"""

from __future__ import annotations

from reform_brand.plugin import EditionIndex, FieldInfo, Rule, RuleContext, RuleRegistry, hookimpl
from reform_brand.rules._base import BuiltinRule
from reform_brand.rules._batch import DuplicatesRule, QuotaRule
from reform_brand.rules._contacts import ContactsRule
from reform_brand.rules._deadline import DeadlineRule
from reform_brand.rules._files import (
    AttachmentRolesRule,
    DeliverablesRule,
    LengthsRule,
    WordFileRule,
    deliverable_for,
    docx_text,
    resolve_attachment,
    sniff,
)
from reform_brand.rules._form import FormDataRule, IssuerOnlyRule
from reform_brand.rules._materials import MaterialsRule, material_text
from reform_brand.rules._scan import SignedScanRule
from reform_brand.rules._suggest import ReformItemSuggestionsRule
from reform_brand.rules._unit import EligibilityRule, FormUnitRule, ReformItemsRule, RosterRule

__all__ = [
    "AttachmentRolesRule",
    "BuiltinRule",
    "ContactsRule",
    "DeadlineRule",
    "DeliverablesRule",
    "DuplicatesRule",
    "EditionIndex",
    "EligibilityRule",
    "FieldInfo",
    "FormDataRule",
    "FormUnitRule",
    "IssuerOnlyRule",
    "LengthsRule",
    "MaterialsRule",
    "QuotaRule",
    "ReformItemsRule",
    "RosterRule",
    "RuleContext",
    "WordFileRule",
    "builtin_rules",
    "deliverable_for",
    "docx_text",
    "material_text",
    "reform_brand_rules",
    "resolve_attachment",
    "sniff",
]


def builtin_rules() -> list[Rule]:
    """A fresh instance of every built-in rule, in the order they run."""
    return [
        FormDataRule(),
        IssuerOnlyRule(),
        EligibilityRule(),
        ReformItemsRule(),
        ReformItemSuggestionsRule(),
        DeadlineRule(),
        AttachmentRolesRule(),
        DeliverablesRule(),
        WordFileRule(),
        SignedScanRule(),
        LengthsRule(),
        ContactsRule(),
        RosterRule(),
        FormUnitRule(),
        QuotaRule(),
        DuplicatesRule(),
        MaterialsRule(),
    ]


@hookimpl
def reform_brand_rules(registry: RuleRegistry) -> None:
    """Register the built-in rules."""
    for rule in builtin_rules():
        registry.add(rule)
