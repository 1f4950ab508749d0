"""reform_brand: calls for reform brand projects (改革品牌项目申报) as data and plugins.

The public API is what ``__all__`` lists; other modules are implementation.
A plugin author imports from :mod:`reform_brand.plugin`, which holds the
whole plugin contract (hooks, registries, rules, renderers, messages).

    >>> from reform_brand import Host
    >>> host = Host.create()
    >>> edition_id = host.editions.ids()[0]  # an installed edition
    >>> edition = host.edition(edition_id)
    >>> edition.id == edition_id, bool(edition.issuer.document_number)
    (True, True)
"""

from __future__ import annotations

# Not typing.TYPE_CHECKING: the command line's --version and --help import
# this package, and typing would double their start time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from reform_brand.catalogue import CodeInfo
    from reform_brand.engine import RuleContext
    from reform_brand.engine._parse import ParsedEnvelope, parse_envelope, validate_body
    from reform_brand.engine._shared import get_validator, validate_batch, validate_submission
    from reform_brand.engine._validator import Validator
    from reform_brand.errors import (
        DuplicateRegistrationError,
        EditionDataError,
        Problem,
        ReformBrandError,
        UnknownEditionError,
        UnknownFormError,
        UsageError,
    )
    from reform_brand.findings import BatchReport, Finding, SubmissionReport, report_to_json
    from reform_brand.hookspecs import ENTRY_POINT_GROUP, hookimpl, hookspec
    from reform_brand.host import BLOCK_ENV, Host, PluginError, PluginInfo, load_edition
    from reform_brand.maint._lint import LintReport, lint_edition
    from reform_brand.maint._scaffold import scaffold_edition
    from reform_brand.model import Edition, Form, FormField
    from reform_brand.page import page_schema
    from reform_brand.registries import (
        EditionRegistry,
        Renderer,
        RendererRegistry,
        Rule,
        RuleRegistry,
    )
    from reform_brand.render import RenderError, render_form
    from reform_brand.schema import form_schema, submission_schema, ui_schema
    from reform_brand.submission import Submission
    from reform_brand.suggest import Suggestion, suggest_items

#: Every public name is imported on first use, so that importing the package
#: (as every command does) costs nothing, and a command or a portal pays only
#: for the parts it uses: loading, validation, rendering, linting.
_LAZY: dict[str, str] = {
    "DuplicateRegistrationError": "reform_brand.errors",
    "EditionDataError": "reform_brand.errors",
    "Problem": "reform_brand.errors",
    "ReformBrandError": "reform_brand.errors",
    "UnknownEditionError": "reform_brand.errors",
    "UnknownFormError": "reform_brand.errors",
    "UsageError": "reform_brand.errors",
    "ENTRY_POINT_GROUP": "reform_brand.hookspecs",
    "hookimpl": "reform_brand.hookspecs",
    "hookspec": "reform_brand.hookspecs",
    "BLOCK_ENV": "reform_brand.host",
    "Host": "reform_brand.host",
    "PluginError": "reform_brand.host",
    "PluginInfo": "reform_brand.host",
    "load_edition": "reform_brand.host",
    "Edition": "reform_brand.model",
    "Form": "reform_brand.model",
    "FormField": "reform_brand.model",
    "EditionRegistry": "reform_brand.registries",
    "Renderer": "reform_brand.registries",
    "RendererRegistry": "reform_brand.registries",
    "Rule": "reform_brand.registries",
    "RuleRegistry": "reform_brand.registries",
    "form_schema": "reform_brand.schema",
    "submission_schema": "reform_brand.schema",
    "ui_schema": "reform_brand.schema",
    "page_schema": "reform_brand.page",
    "CodeInfo": "reform_brand.catalogue",
    "BatchReport": "reform_brand.findings",
    "Finding": "reform_brand.findings",
    "SubmissionReport": "reform_brand.findings",
    "report_to_json": "reform_brand.findings",
    "LintReport": "reform_brand.maint._lint",
    "lint_edition": "reform_brand.maint._lint",
    "RenderError": "reform_brand.render",
    "render_form": "reform_brand.render",
    "RuleContext": "reform_brand.engine",
    "scaffold_edition": "reform_brand.maint._scaffold",
    "Submission": "reform_brand.submission",
    "Suggestion": "reform_brand.suggest",
    "suggest_items": "reform_brand.suggest",
    "Validator": "reform_brand.engine._validator",
    "get_validator": "reform_brand.engine._shared",
    "validate_batch": "reform_brand.engine._shared",
    "validate_submission": "reform_brand.engine._shared",
    "ParsedEnvelope": "reform_brand.engine._parse",
    "parse_envelope": "reform_brand.engine._parse",
    "validate_body": "reform_brand.engine._parse",
}


def __getattr__(name: str) -> Any:
    from reform_brand._lazy import lazy_attribute  # not at import: see TYPE_CHECKING

    return lazy_attribute(__name__, _LAZY, globals(), name)


def __dir__() -> list[str]:
    from reform_brand._lazy import lazy_names

    return lazy_names(globals(), _LAZY)


__version__ = "0.1.0.dev0"

__all__ = [
    "BLOCK_ENV",
    "ENTRY_POINT_GROUP",
    "BatchReport",
    "CodeInfo",
    "DuplicateRegistrationError",
    "Edition",
    "EditionDataError",
    "EditionRegistry",
    "Finding",
    "Form",
    "FormField",
    "Host",
    "LintReport",
    "ParsedEnvelope",
    "PluginError",
    "PluginInfo",
    "Problem",
    "ReformBrandError",
    "RenderError",
    "Renderer",
    "RendererRegistry",
    "Rule",
    "RuleContext",
    "RuleRegistry",
    "Submission",
    "SubmissionReport",
    "Suggestion",
    "UnknownEditionError",
    "UnknownFormError",
    "UsageError",
    "Validator",
    "__version__",
    "form_schema",
    "get_validator",
    "hookimpl",
    "hookspec",
    "lint_edition",
    "load_edition",
    "page_schema",
    "parse_envelope",
    "render_form",
    "report_to_json",
    "scaffold_edition",
    "submission_schema",
    "suggest_items",
    "ui_schema",
    "validate_batch",
    "validate_body",
    "validate_submission",
]
