"""Tools for the maintainers of editions: lint, scaffold, diff."""

from __future__ import annotations

from reform_brand.maint._diff import Change, diff_editions
from reform_brand.maint._lint import LINT_CATALOGUE, LintReport, lint_edition
from reform_brand.maint._patterns import nested_quantifiers
from reform_brand.maint._scaffold import Scaffold, module_name, scaffold_edition

__all__ = [
    "LINT_CATALOGUE",
    "Change",
    "LintReport",
    "Scaffold",
    "diff_editions",
    "lint_edition",
    "module_name",
    "nested_quantifiers",
    "scaffold_edition",
]
