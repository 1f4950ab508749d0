"""The fictional edition ``budget-2022``: the reference edition with a
``number`` field (项目经费, 0 - 10000 万元, required) and an ``integer``
field (参与人数, 1 - 500, optional) added to its 申报表."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from reform_brand import Edition, Host, Validator, hookimpl
from reform_brand.registries import EditionRegistry
from tests.validation.helpers import APPLICATION

DATA = Path(__file__).resolve().parent / "budget_edition"


class BudgetEditionPlugin:
    __name__ = "budget-edition"

    @hookimpl
    def reform_brand_editions(self, registry: EditionRegistry) -> None:
        registry.add_source("budget-2022", DATA)


@pytest.fixture(scope="session")
def budget_host() -> Host:
    """The installed plugins and the budget edition."""
    return Host.create(plugins=[BudgetEditionPlugin()], block=())


@pytest.fixture(scope="session")
def budget(budget_host: Host) -> Edition:
    return budget_host.edition("budget-2022")


@pytest.fixture(scope="session")
def budget_validator(budget_host: Host, budget: Edition) -> Validator:
    return Validator(budget, budget_host.rules.for_edition(budget.id))


@pytest.fixture
def envelope() -> dict[str, Any]:
    """A valid 申报表 envelope of the budget edition (a fresh copy)."""
    env = copy.deepcopy(APPLICATION)
    env["edition"] = "budget-2022"
    env["data"]["budget"] = 120.5
    env["data"]["staff"] = 12
    return env
