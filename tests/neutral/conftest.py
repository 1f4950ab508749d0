"""A third-party edition written from scratch: ``hainan-2024``, a fictional
call of the Hainan association with its own unit kinds, quotas (one shared
by two kinds), nine reform items and one form (申报书) whose fields have
other ids than the reference edition's: no recommendation form, no extra
materials, a Word file and a stamped scan to deliver.  What the core does
with it must hold nothing of the reference edition."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from reform_brand import Edition, Host, hookimpl
from reform_brand.registries import EditionRegistry

DATA = Path(__file__).resolve().parent / "hainan_edition"
#: The Monday after the deadline (6 月 14 日 17:00).
NOW = dt.datetime(2024, 6, 17, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


class HainanPlugin:
    __name__ = "hainan-2024"

    @hookimpl
    def reform_brand_editions(self, registry: EditionRegistry) -> None:
        registry.add_source("hainan-2024", DATA)


@pytest.fixture(scope="session")
def hainan_host() -> Host:
    return Host.create(plugins=[HainanPlugin()], load_entry_points=False, block=())


@pytest.fixture(scope="session")
def hainan(hainan_host: Host) -> Edition:
    return hainan_host.edition("hainan-2024")


def proposal(**changes: Any) -> dict[str, Any]:
    """The data of a valid 申报书 of 海口市科协."""
    data: dict[str, Any] = {
        "unit": "海口市科协",
        "filled_on": "2024-06-01",
        "title": "热带农业田间课堂进村入企",
        "leader": "王海",
        "phone": "13907560001",
        "budget": 12.5,
        "starts": "2024-07-01",
        "ends": "2025-06-30",
        "summary": "组织热带作物专家每月进村开展田间课堂，围绕冬季瓜菜和橡胶种植技术开展培训。",
        "unit_opinion": "同意申报。",
    }
    data.update(changes)
    return data


def mail(folder: Path, unit: str, kind: str, arrived: str, files: dict[str, bytes]) -> None:
    """An e-mail folder with a manifest (unit, kind, arrival) and ``files``."""
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(
        f'arrived_at = {arrived}\n\n[unit]\nname = "{unit}"\nkind = "{kind}"\n',
        encoding="utf-8",
    )
    for name, content in files.items():
        (folder / name).write_bytes(content)


GUIZHOU = Path(__file__).resolve().parent / "guizhou_edition"


class GuizhouPlugin:
    __name__ = "guizhou-2025"

    @hookimpl
    def reform_brand_editions(self, registry: EditionRegistry) -> None:
        registry.add_source("guizhou-2025", GUIZHOU)


@pytest.fixture(scope="session")
def guizhou_host() -> Host:
    return Host.create(plugins=[GuizhouPlugin()], load_entry_points=False, block=())


@pytest.fixture(scope="session")
def guizhou(guizhou_host: Host) -> Edition:
    return guizhou_host.edition("guizhou-2025")
