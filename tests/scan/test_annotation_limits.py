"""What the annotations of a page draw counts toward what a page may draw
(``ScanLimits``): their images toward its images, their data and pixels,
and what they draw in all, added to what the page's content draws."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

import pytest

from reform_brand.scan import verify_scan
from tests.scan.pdfs_pages import annotations_pdf
from tests.scan.test_robustness import _jpeg_claiming

P = "/attachments/0/path"
Submit = Callable[..., list[tuple[str, str]]]


class _Extra(TypedDict, total=False):
    """What :func:`annotations_pdf` is given besides its counts."""

    content: int
    nested: bool
    squares: int
    states: bool


def _verified(data: bytes, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    result = verify_scan(path)
    return result.status, result.reason


@pytest.mark.parametrize("states", [False, True])
def test_an_ordinary_scan_with_a_few_annotations_is_read(states: bool, tmp_path: Path) -> None:
    """A page image and three stamps, each drawing a small image once (its
    appearance given by state, ``states``)."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(annotations_pdf(3, 1, _jpeg_claiming(16), content=1, states=states))
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


def _megabyte() -> bytes:
    """A JPEG of 16 by 16 pixels and 1 MB (APP5 segments before its frame)."""
    small = _jpeg_claiming(16)
    return small[:2] + (b"\xff\xe5\xff\xff" + bytes(65533)) * 16 + small[2:]


@pytest.mark.parametrize(
    ("count", "times", "jpeg", "extra", "reason"),
    [
        # Images: 3 x 333 drawn, then 3 x 334 (over 1,000) ...
        (3, 333, "small", {}, ""),
        (3, 334, "small", {}, "page-too-busy"),
        (3, 334, "small", {"states": True}, "page-too-busy"),
        (3, 334, "small", {"nested": True}, "page-too-busy"),
        # ... the page's own image added to them.
        (1, 999, "small", {"content": 1}, ""),
        (1, 1_000, "small", {"content": 1}, "page-too-busy"),
        # Data: 1 MB drawn 100 times each by 2, then 3 annotations (over
        # 256 MB); 150 times by the page and 150 by an annotation.
        (2, 100, "megabyte", {}, ""),
        (3, 100, "megabyte", {}, "page-too-busy"),
        (1, 150, "megabyte", {"content": 150}, "page-too-busy"),
        # Pixels: 25 million drawn 5 times each by 3 (over 300 million).
        (3, 5, "large", {}, "page-too-busy"),
        # Objects: a form of 1,000 squares drawn 40 times each by 2, then 3
        # (over 100,000).
        (2, 40, "small", {"squares": 1_000}, ""),
        (3, 40, "small", {"squares": 1_000}, "page-too-busy"),
    ],
)
def test_what_the_annotations_of_a_page_draw_counts_in_all(
    count: int, times: int, jpeg: str, extra: _Extra, reason: str, tmp_path: Path
) -> None:
    """``count`` annotations each drawing ``times`` times (an image of
    ``jpeg``, or a form of ``squares``): what a page may draw
    (``ScanLimits``) is the sum of what each annotation's appearance
    draws and of what the page's content does, not the most one
    appearance draws."""
    image = {
        "small": _jpeg_claiming(16),
        "megabyte": _megabyte(),
        "large": _jpeg_claiming(5000),
    }[jpeg]
    data = annotations_pdf(count, times, image, **extra)
    assert _verified(data, tmp_path) == ("unreadable" if reason else "ok", reason)


@pytest.mark.parametrize(
    "data",
    [
        annotations_pdf(1, 1_001, _jpeg_claiming(16)),
        annotations_pdf(3, 334, _jpeg_claiming(16)),
        annotations_pdf(1, 150, _megabyte(), content=150),
    ],
)
def test_an_annotated_page_drawing_too_much_is_one_finding(data: bytes, submit: Submit) -> None:
    assert submit(data) == [("scan.unreadable", P)]
