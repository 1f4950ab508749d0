"""A scan is the same form as its Word file by what is read of it: the
title and the form's head (its unit, the project).  A third-party form has
other text fields below the project's (hainan-2024's 项目负责人, a name of two
characters) that are never read from a scan: they are no mismatch."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from reform_brand import Edition, Host, validate_batch
from reform_brand.scan import Mark, ScanResult, TextLine
from tests.inbox import docx_edit as E
from tests.neutral.conftest import NOW, proposal


@pytest.fixture
def hainan_form_check(hainan: Edition) -> Edition:
    """hainan-2024 whose stamped scan must also show the same form."""
    deliverables = tuple(
        attrs.evolve(d, verify=("seal", "form")) if d.id == "stamped-pdf" else d
        for d in hainan.delivery.deliverables
    )
    return attrs.evolve(hainan, delivery=attrs.evolve(hainan.delivery, deliverables=deliverables))


def _scan_reads(monkeypatch: pytest.MonkeyPatch, *texts: str) -> None:
    """Every scan is stamped, and OCR reads ``texts`` of it: the wide lines
    at the top of the page."""
    mark = Mark(page=1, box=(0, 0, 40, 40), in_place=True)
    lines = tuple(
        TextLine(page=1, text=t, box=(0, 40 * k, 600, 40 * k + 30)) for k, t in enumerate(texts)
    )
    result = ScanResult(status="ok", pages=1, scanned=True, seals=(mark,), lines=lines)
    monkeypatch.setattr("reform_brand.scan.verify_scan", lambda path, **_: result)


def _mismatches(edition: Edition, host: Host, tmp_path: Path, **changes: str) -> list[str]:
    (tmp_path / "申报书.docx").write_bytes(E.filled(edition, "proposal", proposal(**changes)))
    (tmp_path / "申报书.pdf").write_bytes(E.minimal_pdf(["scan"]))
    envelope = {
        "version": 1,
        "id": "hk-1",
        "edition": edition.id,
        "form": "proposal",
        "unit": {"name": "海口市科协", "kind": "municipal"},
        "arrived_at": "2024-06-03T10:00:00+08:00",
        "reform_items": [3],
        "attachments": [
            {"role": "docx-form", "path": "申报书.docx"},
            {"role": "stamped-pdf", "path": "申报书.pdf"},
        ],
        "data": proposal(**changes),
    }
    report = validate_batch(edition, [envelope], host=host, base_dir=tmp_path, now=NOW)
    [sub] = report.submissions
    assert not [f for f in sub.findings if f.severity == "error"], sub.findings
    return [str(f.params["field"]) for f in sub.findings if f.code == "scan.mismatch"]


def test_a_field_below_the_project_is_no_mismatch_when_it_is_not_read(
    hainan_form_check: Edition, hainan_host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = hainan_form_check.form("proposal").title.zh
    _scan_reads(monkeypatch, title, "申报单位：海口市科协", "项目名称", "热带农业田间课堂进村入企")
    assert _mismatches(hainan_form_check, hainan_host, tmp_path) == []


def test_the_scan_of_another_project_is_still_a_mismatch(
    hainan_form_check: Edition, hainan_host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = hainan_form_check.form("proposal").title.zh
    _scan_reads(monkeypatch, title, "申报单位：三亚市科协", "项目名称", "数字科协平台建设")
    assert _mismatches(hainan_form_check, hainan_host, tmp_path) == ["/unit", "/title"]


def test_the_forms_title_is_told_from_a_field_named_title(
    hainan_form_check: Edition, hainan_host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hainan-2024's project field is ``title``: a scan of another form
    (another title) of another project names the form's title and that
    field apart in report.json."""
    _scan_reads(monkeypatch, "海南省科协年度工作考核表", "申报单位：海口市科协", "数字科协平台建设")
    assert _mismatches(hainan_form_check, hainan_host, tmp_path) == ["form-title", "/title"]
