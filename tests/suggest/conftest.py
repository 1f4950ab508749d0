"""Fixtures for the suggestion tests."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from reform_brand import Edition, Host, Validator
from tests.conftest import REPO

EXAMPLES = REPO / "plugins" / "reform_brand_shandong_2022" / "examples"

#: A project that is plainly item 13 (海洋科普联盟), in 附件1's fields.
MARINE: dict[str, str] = {
    "project_name": "海洋科普联盟共建共享",
    "project_basis": "我市海洋资源丰富，已有海洋科普教育基地5处、海洋科普工作室3个。",
    "project_implementation": "联合涉海高校和海洋研究所成立海洋科普联盟，开展海洋知识竞赛、"
    "海洋科普讲座和网络直播，开发原创海洋科普读物。",
    "expected_outcomes": "提高青少年海洋意识和海洋科学素养。",
}


@pytest.fixture(scope="session")
def validator(host: Host, edition: Edition) -> Validator:
    # The suggestions are an opt-in rule: asked for, as a portal asks.
    return Validator(
        edition, host.rules.for_edition(edition.id), include=("reform-item-suggestions",)
    )


@pytest.fixture
def marine() -> dict[str, Any]:
    """A valid 附件1 envelope (ok-jinan.json) holding the MARINE project."""
    env: dict[str, Any] = json.loads((EXAMPLES / "ok-jinan.json").read_text(encoding="utf-8"))
    env = copy.deepcopy(env)
    env["data"].update(MARINE)
    env["reform_items"] = [13]
    return env
