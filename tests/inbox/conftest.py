from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from reform_brand.host import Host
from reform_brand.model import Edition
from tests.inbox._opens import opens  # noqa: F401 - a fixture of the tests that count openings
from tests.inbox.batches import DEMO, envelopes

NOW = dt.datetime(2022, 8, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(scope="session")
def host() -> Host:
    return Host.create()


@pytest.fixture(scope="session")
def edition(host: Host) -> Edition:
    return host.edition("shandong-2022")


@pytest.fixture(scope="module")
def inboxes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Envelope files alone (enough for worker processes); the demo inbox
    (Word forms, scans, materials, a resent form) beside envelope files, so
    that submissions intake built travel from the workers too."""
    base = tmp_path_factory.mktemp("inboxes")
    files = base / "files"
    envelopes(files, 48)
    mixed = base / "mixed"
    shutil.copytree(DEMO, mixed)
    envelopes(mixed / "json", 36)
    return {"files": files, "mixed": mixed, "demo": DEMO}


def application_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "applicant_unit": "济南市科协",
        "date": "2022-08-15",
        "project_name": "“三长”进驻“两中心”工作机制创新",
        "contact": {
            "name": "张明",
            "title": "办公室主任",
            "office_phone": "0531-82073271",
            "mobile": "13805310000",
            "email": "office@example.cn",
        },
        "project_basis": "第一段：已有基础。\n第二段：工作条件。",
        "project_implementation": "一是完善组织体系。\n二是创新工作方法。",
        "expected_outcomes": "形成一套制度文件。",
        "recommender_opinion": "同意申报。",
    }
    data.update(changes)
    return data


def recommendation_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "recommending_unit": "省科协科普部",
        "date": "2022-08-19",
        "recommended_unit": "山东省科技馆",
        "project_name": "数字科普公园建设",
        "recommendation_reason": "品牌成熟。\n成效明显。",
        "recommender_opinion": "同意推荐。",
    }
    data.update(changes)
    return data
