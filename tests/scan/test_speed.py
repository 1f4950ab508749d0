"""What keeps a scan near a second a page: one text detection for a page
turned 90° (its lines' corners are turned with it; only the lower half,
where the signature block is, is detected again), none again for a page
upside down, and later pages only glanced at once everything is settled."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reform_brand import Edition, Host, Validator, render_form
from reform_brand.scan import _ocr, synthetic, verify_scan
from tests.scan.conftest import SEAL
from tests.validation.helpers import APPLICATION, NOW


def _corners(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.asarray([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


def test_the_lines_corners_turn_with_the_page() -> None:
    engine = _ocr._engine()
    box = _corners(10, 20, 110, 40)  # on a page 200 high, 300 wide
    (turned,) = _ocr.turn_boxes(engine, [box], (200, 300), 90)
    # Clockwise: the page is now 300 high and 200 wide; the line stands upright.
    assert turned.tolist() == _corners(159, 10, 179, 110).tolist()
    (back,) = _ocr.turn_boxes(engine, [turned], (300, 200), 180)
    assert back.tolist() == _corners(20, 189, 40, 289).tolist()
    # Four quarter turns give the box back, its corners in the same order.
    again = [box]
    shape = (200, 300)
    for _ in range(4):
        again = _ocr.turn_boxes(engine, again, shape, 90)
        shape = (shape[1], shape[0])
    assert again[0].tolist() == box.tolist()


def test_lines_are_turned_in_reading_order() -> None:
    engine = _ocr._engine()
    # Two lines on a page lying on its side (300 high, 200 wide): after a
    # clockwise turn the one nearer the left edge is on top.
    right = _corners(150, 20, 170, 280)
    left = _corners(30, 20, 50, 280)
    top, bottom = _ocr.turn_boxes(engine, [right, left], (300, 200), 90)
    assert top[:, 1].max() < bottom[:, 1].min()


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"page": 0, "part": 0}
    whole, part = _ocr._detect, _ocr._detect_like_page

    def count_whole(*args: Any) -> Any:
        calls["page"] += 1
        return whole(*args)

    def count_part(*args: Any) -> Any:
        calls["part"] += 1
        return part(*args)

    monkeypatch.setattr(_ocr, "_detect", count_whole)
    monkeypatch.setattr(_ocr, "_detect_like_page", count_part)
    return calls


def test_a_page_turned_90_degrees_is_detected_once_and_a_half(
    scan_forms: dict[str, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    path = tmp_path / "turned.pdf"
    path.write_bytes(synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, rotate=90, seed=21))
    result = verify_scan(path)
    assert result.rotations in ((90,), (270,))
    assert calls == {"page": 1, "part": 1}
    assert result.seals and result.signature_line_found
    assert "申报表" in result.text


def test_later_pages_are_glanced_at_once_everything_is_found(
    scan_forms: dict[str, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    path = tmp_path / "twice.pdf"
    one = scan_forms["one"]
    path.write_bytes(synthetic.scan_pdf([*one, *one], seal_text=SEAL, seed=22))
    result = verify_scan(path)
    assert result.pages == 2 and result.glanced_pages == (2,)
    assert result.rotations == (0,) and calls == {"page": 1, "part": 0}
    assert result.seals and result.signatures and result.blank_pages == ()


def test_the_signature_block_on_page_two_is_still_read(
    scan_forms: dict[str, list[Any]], tmp_path: Path
) -> None:
    path = tmp_path / "two.pdf"
    path.write_bytes(synthetic.scan_pdf(scan_forms["two"], seal_text=SEAL, seed=23))
    result = verify_scan(path)
    # The seal and the signature are on page 2: it is read, not glanced at.
    assert 2 not in result.glanced_pages
    assert any(s.page == 2 for s in result.signatures) and result.signature_line_found
    assert any(s.page == 2 for s in result.seals)
    # The form's head is read on page 1 only.
    assert all(line.page == 1 for line in result.lines if "申报表" in line.text)


def test_a_portal_can_leave_the_scan_out_on_upload(
    scan_forms: dict[str, list[Any]], tmp_path: Path, host: Host, edition: Edition
) -> None:
    """docs/portal-guide.md: ``ignore=["signed-scan"]`` leaves out every
    ``scan.*`` finding and reads no scan; the deliverables rule still runs."""
    env = copy.deepcopy(APPLICATION)
    (tmp_path / "scan.pdf").write_bytes(synthetic.scan_pdf(scan_forms["one"], seed=24))
    (tmp_path / "form.docx").write_bytes(render_form(edition, "application", env["data"]))
    rules = host.rules.for_edition(edition.id)
    full = Validator(edition, rules).validate(env, base_dir=tmp_path, now=NOW)
    assert "scan.no-seal" in {f.code for f in full.findings}
    quick = Validator(edition, rules, ignore=["signed-scan"])
    report = quick.validate(env, base_dir=tmp_path, now=NOW)
    assert not [f for f in report.findings if f.code.startswith("scan.")]
    assert {f.code for f in full.findings} - {f.code for f in report.findings} == {
        f.code for f in full.findings if f.code.startswith("scan.")
    }
