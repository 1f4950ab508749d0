"""Scans as units really send them: a long form signed on its last page.
Each case runs OCR on a page or two."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from reform_brand.scan import synthetic
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
