"""Everything a plugin author imports, in one public module.

A plugin is a module (or object) with functions marked ``@hookimpl`` named
after a hook (see ``docs/hooks.md``); it is found through the ``reform_brand``
entry point group.  Each hook hands it a registry to add to::

    from importlib.resources import files

    from reform_brand.plugin import CodeInfo, RuleContext, hookimpl

    class FreeTradePortRule:
        id = "hainan.free-trade-port"
        codes = ("hainan.free-trade-port",)
        editions = ("hainan-2024",)
        scope = "submission"

        def check(self, ctx: RuleContext):
            sub = ctx.submission
            data = sub.data if isinstance(sub.data, dict) else {}
            if "自由贸易港" not in str(data.get("project_basis", "")):
                yield ctx.finding(
                    "hainan.free-trade-port", rule=self.id, submission=sub,
                    pointer="/data/project_basis",
                )

    @hookimpl
    def reform_brand_editions(registry):
        registry.add_source("hainan-2024", files(__name__) / "data")

    @hookimpl
    def reform_brand_rules(registry):
        registry.add(FreeTradePortRule())

    @hookimpl
    def reform_brand_messages(registry):
        registry.add(CodeInfo(
            code="hainan.free-trade-port", severity="error", rule="hainan.free-trade-port",
            zh="“项目基础”应说明如何服务自由贸易港建设",
            en="the project basis must say how it serves the free trade port",
        ))

See ``docs/hooks.md`` for every hook and every object a hook or rule
receives.

reform_brand's own rules, renderers and reference edition import from this
module too.  It sits above the model, loader, registries and the engine's
rule context, and below the default plugins and the applications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reform_brand._lazy import lazy_attribute, lazy_names
from reform_brand._textlist import TextList, TextSorter
from reform_brand.catalogue import CodeInfo, ParamValue, Severity
from reform_brand.errors import DuplicateRegistrationError, Problem, ReformBrandError
from reform_brand.hookspecs import ENTRY_POINT_GROUP, hookimpl
from reform_brand.model import Edition, Form, FormField
from reform_brand.registries import (
    EditionRegistry,
    ExampleInbox,
    MessageRegistry,
    Registered,
    Renderer,
    RendererRegistry,
    Rule,
    RuleRegistry,
    TemplateChecker,
)

if TYPE_CHECKING:
    from reform_brand.engine import EditionIndex, FieldInfo, Quiet, RuleContext, SubmissionRecord
    from reform_brand.findings import Finding
    from reform_brand.submission import Attachment, Submission, Unit

#: What a rule works with (the engine's context, findings, submissions) is
#: imported on first use: an edition plugin that only registers data, which
#: every command loads, does not pay for the engine.
_LAZY: dict[str, str] = {
    "EditionIndex": "reform_brand.engine",
    "FieldInfo": "reform_brand.engine",
    "Quiet": "reform_brand.engine",
    "RuleContext": "reform_brand.engine",
    "SubmissionRecord": "reform_brand.engine",
    "Finding": "reform_brand.findings",
    "Attachment": "reform_brand.submission",
    "Submission": "reform_brand.submission",
    "Unit": "reform_brand.submission",
}


def __getattr__(name: str) -> Any:
    return lazy_attribute(__name__, _LAZY, globals(), name)


def __dir__() -> list[str]:
    return lazy_names(globals(), _LAZY)


__all__ = [
    "ENTRY_POINT_GROUP",
    "Attachment",
    "CodeInfo",
    "DuplicateRegistrationError",
    "Edition",
    "EditionIndex",
    "EditionRegistry",
    "ExampleInbox",
    "FieldInfo",
    "Finding",
    "Form",
    "FormField",
    "MessageRegistry",
    "ParamValue",
    "Problem",
    "Quiet",
    "ReformBrandError",
    "Registered",
    "Renderer",
    "RendererRegistry",
    "Rule",
    "RuleContext",
    "RuleRegistry",
    "Severity",
    "Submission",
    "SubmissionRecord",
    "TemplateChecker",
    "TextList",
    "TextSorter",
    "Unit",
    "hookimpl",
]
