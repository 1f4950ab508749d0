"""The signed-scan rule hands the scan check the signature label of the
submission's own form (its ``kind = "signature"`` block), by which the
signature line is found: the reference edition's, another edition's own,
or none for a form without a signature block; and scan.no-signature names
the line by that label, not by the reference edition's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest

from reform_brand import Edition, Host, validate_batch
from reform_brand.model import Form, FormField
from reform_brand.scan import Mark, ScanResult
from reform_brand.testing import SubmissionFactory, write_attachments
from tests.finding_params import localized
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


def _no_signature(
    edition: Edition, host: Host, tmp_path: Path, now: dt.datetime, mp: pytest.MonkeyPatch
) -> tuple[str, str]:
    """scan.no-signature's ``place`` for a scan sealed and unsigned."""
    seal = Mark(page=1, box=(0, 0, 40, 40), in_place=True)
    result = ScanResult(
        status="ok", pages=1, scanned=True, seals=(seal,), signature_line_found=True
    )
    mp.setattr("reform_brand.scan.verify_scan", lambda path, **_: result)
    env = SubmissionFactory(edition)()
    report = validate_batch(
        edition, [env], host=host, base_dir=write_attachments(tmp_path, env), now=now
    )
    [found] = [f for f in report.submissions[0].findings if f.code == "scan.no-signature"]
    place = localized(found, "place")
    return place.zh, place.en


@pytest.mark.parametrize("label", ["主要负责人（签章）", "法定代表人（签字）"])
def test_no_signature_names_the_form_s_own_label(
    edition: Edition, host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, label: str
) -> None:
    other = _relabelled(edition, label)
    place = _no_signature(other, host, tmp_path, REFERENCE_NOW, monkeypatch)
    assert place == (f"“{label}”处", f"beside {label}")


def _unsigned_form(edition: Edition) -> Edition:
    """``edition`` with no signature block on its forms, nor any other: a
    form whose paper the edition does not describe is asked for all that
    ``verify`` lists (a form whose blocks are there and hold no signature
    block is asked for none: tests/scan/test_form_marks.py)."""

    def field(f: FormField) -> FormField:
        return attrs.evolve(f, blocks=(), fields=tuple(field(s) for s in f.fields))

    def form(f: Form) -> Form:
        return attrs.evolve(f, fields=tuple(field(x) for x in f.fields))

    return attrs.evolve(edition, forms=tuple(form(f) for f in edition.forms))


def test_no_signature_without_a_signature_block_names_the_signature_line(
    edition: Edition, host: Host, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place = _no_signature(_unsigned_form(edition), host, tmp_path, REFERENCE_NOW, monkeypatch)
    assert place == ("签名处", "at the signature line")
