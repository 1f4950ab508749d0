"""Scans as units really send them: a long form signed on its last page, a
letterhead with a red round logo.  Each case runs OCR on a page or two."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from PIL import ImageDraw

from reform_brand.scan import synthetic, verify_scan
from tests.scan.conftest import SEAL

P = "/attachments/0/path"
Submit = Callable[..., list[tuple[str, str]]]


def test_a_long_form_signed_on_its_last_page(
    scan_forms: dict[str, list[Any]], submit: Submit
) -> None:
    """The form's text runs over several pages; the seal and the signature
    are on page 5, past the first pages."""
    page = scan_forms["one"][0]
    unsigned = attrs.evolve(page, anchors={})
    scan = synthetic.scan_pdf([*[unsigned] * 4, page], seal_text=SEAL, seed=31)
    assert submit(scan) == []


def _with_logo(page: Any) -> Any:
    """``page`` with a red round emblem (30 mm) in its top left corner, as a
    unit's letterhead prints it."""
    image = page.image.convert("RGB").copy()
    mm = page.dpi / 25.4
    red = (200, 30, 40)
    x, y, d = int(12 * mm), int(6 * mm), int(30 * mm)
    draw = ImageDraw.Draw(image)
    draw.ellipse((x, y, x + d, y + d), outline=red, width=max(3, d // 14))
    draw.ellipse((x + d * 0.3, y + d * 0.3, x + d * 0.7, y + d * 0.7), fill=red)
    return attrs.evolve(page, image=image)


def test_a_red_round_logo_is_not_the_seal(
    scan_forms: dict[str, list[Any]], submit: Submit, tmp_path: Path
) -> None:
    """A logo in the letterhead, and no seal: the seal is missing, and the
    signature beside 主要负责人（签章） is still found."""
    scan = synthetic.scan_pdf([_with_logo(scan_forms["one"][0])], seal_text=None, seed=32)
    assert submit(scan) == [("scan.no-seal", P)]
    path = tmp_path / "logo.pdf"
    path.write_bytes(scan)
    result = verify_scan(path)
    assert result.seals == () and len(result.seals_elsewhere) == 1
    assert result.signature_line_found and result.signatures
    assert result.seal_region_png


def test_a_logo_beside_the_seal_changes_nothing(
    scan_forms: dict[str, list[Any]], submit: Submit
) -> None:
    scan = synthetic.scan_pdf([_with_logo(scan_forms["one"][0])], seal_text=SEAL, seed=33)
    assert submit(scan) == []
