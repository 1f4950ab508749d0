"""Synthetic scans put the seal by the form's own seal label, as they put
the signature by its own signature label: on a printed form of an edition
whose form asks for 法定代表人（签字） and 单位（盖章）, the seal is stamped
over 单位（盖章）, not looked for by the reference edition's 公章."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reform_brand import Edition, render_form
from reform_brand.scan import DEFAULT_LIMITS, Mark, synthetic, verify_scan
from reform_brand.scan._label import form_label, seal_label
from reform_brand.scan.synthetic import SEAL_ANCHOR, SIGNATURE_ANCHOR, Box
from tests.scan.conftest import DPI, SEAL
from tests.scan.test_form_marks import DEPUTY, STAMP, third_party
from tests.validation.helpers import APPLICATION

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _centre(box: Box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _over(seal: Mark, spot: Box) -> bool:
    """Whether ``seal`` (found on the scan read at the check's resolution)
    is stamped over ``spot`` (on the pages, at :data:`DPI`): its centre
    within 8 mm of the spot's."""
    scale = DEFAULT_LIMITS.dpi / DPI
    (sx, sy), (x, y) = _centre(seal.box), _centre(spot)
    near = 8 * DEFAULT_LIMITS.dpi / 25.4
    return abs(sx - x * scale) < near and abs(sy - y * scale) < near


def _stamped(pages: list[synthetic.FormPage], tmp_path: Path) -> tuple[Box, list[Mark]]:
    """The seal anchor of ``pages`` and the seals found on their scan
    (signed, by the signature label 法定代表人（签字））."""
    [page] = [p for p in pages if SEAL_ANCHOR in p.anchors]
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf(pages, seal_text=SEAL, noise=0, seed=5))
    result = verify_scan(path, label=DEPUTY)
    assert result.signature_line_found and len(result.signatures) == 1
    assert [s.page for s in result.seals] == [pages.index(page) + 1]
    return page.anchors[SEAL_ANCHOR], list(result.seals)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_printed_form_is_stamped_over_its_own_seal_label(
    edition: Edition, tmp_path: Path
) -> None:
    other = third_party(edition)
    form = other.form("application")
    assert (form_label(form), seal_label(form)) == (DEPUTY, STAMP)
    [pdf] = synthetic.docx_to_pdfs([render_form(other, "application", APPLICATION["data"])])
    assert pdf is not None
    # By the reference edition's （单位公章）: no seal place on this form.
    assert all(SEAL_ANCHOR not in p.anchors for p in synthetic.form_pages(pdf, dpi=DPI))
    pages = synthetic.form_pages(pdf, dpi=DPI, label=DEPUTY, seal_label=STAMP)
    [page] = [p for p in pages if SEAL_ANCHOR in p.anchors]
    spot, sign = page.anchors[SEAL_ANCHOR], page.anchors[SIGNATURE_ANCHOR]
    # 盖章 of 单位（盖章）: on the signature's line, right of 法定代表人（签字）.
    assert page.label_box is not None and page.label_box[2] < spot[0]
    assert abs(_centre(spot)[1] - _centre(sign)[1]) < 2 * DPI / 25.4
    assert spot[2] - spot[0] < 2 * (sign[2] - sign[0])  # two characters, as 签字
    anchor, seals = _stamped(pages, tmp_path)
    assert [s.in_place for s in seals] == [True]
    assert _over(seals[0], anchor)


def test_a_drawn_form_prints_and_is_stamped_over_its_own_seal_label(tmp_path: Path) -> None:
    rows = [("申报单位", "济南市科协")]
    pages = synthetic.draw_form_pages("申报表", rows, dpi=DPI, label=DEPUTY, seal_label=STAMP)
    anchor, seals = _stamped(pages, tmp_path)
    assert [s.in_place for s in seals] == [True]
    assert _over(seals[0], anchor)
    # A form without a seal label: none printed, the seal over the date.
    [bare] = synthetic.draw_form_pages("申报表", rows, dpi=DPI, label=DEPUTY, seal_label="")
    assert set(bare.anchors) == {SIGNATURE_ANCHOR}
