"""A scan is verified once per run: the report's pictures reuse what the
``signed-scan`` rule found, in the same process or in ``--jobs`` workers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from reform_brand.engine import Validator
from reform_brand.host import Host
from reform_brand.model import Edition
from reform_brand.office import check_intake, intake
from reform_brand.office._scan_views import scan_views
from reform_brand.scan import _verify, synthetic, verify_scan
from reform_brand.scan._results import SHARED_ENV
from tests.conftest import REPO

DEMO = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox"


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = _verify.verify

    def verify(path: Path, limits: Any) -> Any:
        calls.append(path)
        return real(path, limits)

    monkeypatch.setattr(_verify, "verify", verify)
    return calls


def test_a_scan_is_verified_once_until_it_changes(
    scan_forms: dict[str, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text="济南市科学技术协会", seed=7))
    first = verify_scan(path)
    assert verify_scan(path) is first
    assert len(calls) == 1
    path.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text=None, seed=8))
    again = verify_scan(path)
    assert len(calls) == 2
    assert first.seals and not again.seals


def test_workers_leave_their_results_for_the_report(
    host: Host, edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(DEMO, inbox)
    found = intake(edition, inbox)
    validator = Validator.create(edition, host=host)
    report = check_intake(found, edition, validator=validator, jobs=2, parallel_from=1)
    calls = _counting(monkeypatch)  # in this process only: the workers are gone
    views = scan_views(report, base=found.base, names=found.names)
    assert len(views) >= 2
    assert calls == []
    assert SHARED_ENV not in __import__("os").environ
