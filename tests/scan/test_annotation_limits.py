"""What the annotations of a page draw counts toward what a page may draw
(``ScanLimits``): their images toward its images, their data and pixels,
and what they draw in all, added to what the page's content draws."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reform_brand.scan import verify_scan
from tests.scan.pdfs_pages import annotations_pdf
from tests.scan.test_robustness import _jpeg_claiming

P = "/attachments/0/path"
Submit = Callable[..., list[tuple[str, str]]]


def _verified(data: bytes, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    result = verify_scan(path)
    return result.status, result.reason


def test_an_ordinary_scan_with_a_few_annotations_is_read(tmp_path: Path) -> None:
    """A page image and three stamps, each drawing a small image once."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(annotations_pdf(3, 1, _jpeg_claiming(16), content=1))
    result = verify_scan(path)
    assert (result.status, result.reason, result.scanned) == ("ok", "", True)


@pytest.mark.parametrize(
    ("times", "nested", "reason"),
    [(1_000, False, ""), (1_001, False, "page-too-busy"), (1_001, True, "page-too-busy")],
)
def test_the_images_an_annotation_draws_count_toward_a_pages_images(
    times: int, nested: bool, reason: str, tmp_path: Path
) -> None:
    """A small image drawn ``times`` times by an annotation's appearance
    (inside a form it draws, ``nested``): each is an image pdfium draws
    with the page, and more than 1,000 a page is too busy
    (``ScanLimits.max_page_images``), as for a page's own images."""
    data = annotations_pdf(1, times, _jpeg_claiming(16), nested=nested)
    assert _verified(data, tmp_path) == ("unreadable" if reason else "ok", reason)


def test_an_annotation_drawing_too_many_images_is_one_finding(submit: Submit) -> None:
    assert submit(annotations_pdf(1, 1_001, _jpeg_claiming(16))) == [("scan.unreadable", P)]
