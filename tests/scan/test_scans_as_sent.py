"""Scans as units really send them: a long form signed on its last page, a
letterhead with a red round logo, a greyscale scan.  Each case runs OCR on
a page or two."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pypdfium2 as pdfium
import pytest
from PIL import ImageDraw

from reform_brand import Edition, Validator, render_form
from reform_brand.scan import synthetic, verify_scan
from tests.scan.conftest import SEAL
from tests.validation.helpers import APPLICATION, NOW

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
    scan_forms: dict[str, list[Any]],
    submit: Submit,
    tmp_path: Path,
    edition: Edition,
    validator: Validator,
) -> None:
    """A logo in the letterhead, and no seal: the seal is missing, and the
    signature beside 主要负责人（签章） is still found."""
    scan = synthetic.scan_pdf([_with_logo(scan_forms["one"][0])], seal_text=None, seed=32)
    assert submit(scan) == [("scan.no-seal", P)]
    (found,) = _no_seal_params(scan, tmp_path / "sub", edition, validator)
    assert found["elsewhere"] == 1 and found["grey"] is False
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


def _no_seal_params(
    scan: bytes, tmp_path: Path, edition: Edition, validator: Validator
) -> list[dict[str, Any]]:
    """The params of each scan.no-seal of ``scan`` beside the Word form."""
    env = copy.deepcopy(APPLICATION)
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "scan.pdf").write_bytes(scan)
    (tmp_path / "form.docx").write_bytes(render_form(edition, "application", env["data"]))
    (tmp_path / "envelope.json").write_text(json.dumps(env, ensure_ascii=False), "utf-8")
    report = validator.validate(env, base_dir=tmp_path, now=NOW)
    return [dict(f.params) for f in report.findings if f.code == "scan.no-seal"]


def _in_grey(pdf: bytes) -> bytes:
    """``pdf``'s pages as a scanner set to greyscale saves them."""
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = [page.render(scale=100 / 72).to_pil().convert("L") for page in doc]
    finally:
        doc.close()
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=100.0, save_all=True, append_images=pages[1:])
    return out.getvalue()


def test_a_greyscale_scan_says_why_no_seal_is_seen(
    scan_forms: dict[str, list[Any]], tmp_path: Path, edition: Edition, validator: Validator
) -> None:
    """A seal scanned in grey shows no red: scan.no-seal says the scan is grey."""
    scan = _in_grey(synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, seed=34))
    (found,) = _no_seal_params(scan, tmp_path, edition, validator)
    assert found["grey"] is True and found["elsewhere"] == 0


def test_a_colour_scan_without_seal_is_not_called_grey(
    scan_forms: dict[str, list[Any]], tmp_path: Path, edition: Edition, validator: Validator
) -> None:
    scan = synthetic.scan_pdf(scan_forms["one"], seal_text=None, seed=35)
    (found,) = _no_seal_params(scan, tmp_path, edition, validator)
    assert found["grey"] is False and found["note"].zh == ""


def _name_stamp(page: Any) -> Any:
    """``page`` with a square red name stamp (人名章, 16 mm) right of
    主要负责人（签章）, where a leader who stamps rather than signs puts it."""
    image = page.image.convert("RGB").copy()
    mm = page.dpi / 25.4
    _, top, right, bottom = page.anchors[synthetic.SIGNATURE_ANCHOR]
    x, y, d = int(right + 5 * mm), int((top + bottom) / 2 - 8 * mm), int(16 * mm)
    draw = ImageDraw.Draw(image)
    red = (200, 35, 45)
    draw.rectangle((x, y, x + d, y + d), outline=red, width=max(2, int(0.8 * mm)))
    font = synthetic.cjk_font(int(d * 0.4))
    for k, ch in enumerate("张明"):
        draw.text((x + d / 2, y + d * (0.3 + 0.42 * k)), ch, fill=red, font=font, anchor="mm")
    return attrs.evolve(page, image=image)


def test_a_name_stamp_beside_the_signature_line_is_the_signature(
    scan_forms: dict[str, list[Any]], submit: Submit
) -> None:
    """签章 is signed or stamped: a red name stamp there is no missing signature."""
    page = _name_stamp(scan_forms["one"][0])
    scan = synthetic.scan_pdf([page], seal_text=SEAL, signature=False, seed=36)
    assert submit(scan) == []


@pytest.mark.parametrize("seed", [101, 104, 107])
def test_an_unsigned_scan_is_not_taken_for_signed(
    scan_forms: dict[str, list[Any]], submit: Submit, seed: int
) -> None:
    """The seal on （单位公章） hides those words; the printed 年 of the date
    below and the （ of （单位公章） are no signature."""
    scan = synthetic.scan_pdf(scan_forms["one"], seal_text=SEAL, signature=False, seed=seed)
    assert submit(scan) == [("scan.no-signature", P)]
