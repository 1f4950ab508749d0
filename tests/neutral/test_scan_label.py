"""The signed-scan rule hands the scan check the signature label of the
submission's own form (its ``kind = "signature"`` block), by which the
signature line is found: the reference edition's, another edition's own,
or none for a form without a signature block."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from reform_brand import Edition, Host, validate_batch
from reform_brand.scan import ScanResult
from reform_brand.testing import SubmissionFactory, write_attachments
from tests.neutral.conftest import NOW
from tests.neutral.test_seal_note import _relabelled

REFERENCE_NOW = dt.datetime(2022, 8, 22, tzinfo=dt.UTC)


def _labels(
    edition: Edition, host: Host, tmp_path: Path, now: dt.datetime, mp: pytest.MonkeyPatch
) -> list[str]:
    asked: list[str] = []

    def verify_scan(path: Path, **kw: Any) -> ScanResult:
        asked.append(kw["label"])
        return ScanResult(status="ok", pages=1, scanned=True, signature_line_found=True)

    mp.setattr("reform_brand.scan.verify_scan", verify_scan)
    env = SubmissionFactory(edition)()
    validate_batch(edition, [env], host=host, base_dir=write_attachments(tmp_path, env), now=now)
    return asked


def test_the_reference_form_s_label(
    edition: Edition, host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _labels(edition, host, tmp_path, REFERENCE_NOW, monkeypatch) == ["主要负责人（签章）"]


def test_another_edition_s_own_label(
    edition: Edition, host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = _relabelled(edition, "法定代表人（签字）")
    assert _labels(other, host, tmp_path, REFERENCE_NOW, monkeypatch) == ["法定代表人（签字）"]


def test_no_label_for_a_form_without_a_signature_block(
    hainan: Edition, hainan_host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _labels(hainan, hainan_host, tmp_path, NOW, monkeypatch) == [""]
