"""Scans as offices receive them and as they are forged, each built here:
a black-and-white fax, ... Each is read without OCR unless it needs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reform_brand.scan import verify_scan
from tests.scan.pdfs import stencil_pdf


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    from reform_brand.scan import _ocr

    monkeypatch.setattr(_ocr, "available", lambda: False)


@pytest.mark.usefixtures("no_ocr")
@pytest.mark.parametrize(("fill", "colour"), [(b"0 g", False), (b"1 0 0 rg", True)])
def test_a_fax_stored_as_a_stencil_mask_is_black_and_white(
    fill: bytes, colour: bool, tmp_path: Path
) -> None:
    """A 1-bit scan stored as /ImageMask has no colour space: painted black
    it is a black-and-white scan (its scan.no-seal says the seal cannot be
    told by its red), painted red it is not."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(stencil_pdf(fill))
    result = verify_scan(path)
    assert (result.status, result.scanned, result.colour) == ("ok", True, colour)
