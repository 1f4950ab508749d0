"""Around 主要负责人（签章）: where the signature is looked for."""

from __future__ import annotations

import cv2
import numpy as np

from reform_brand.scan._marks import find_signature
from reform_brand.scan._types import TextLine


def _line(text: str, box: tuple[int, int, int, int], first_x: int) -> TextLine:
    return TextLine(
        page=1, text=text, box=box, char_x=tuple(first_x + 20 * k for k in range(len(text)))
    )


def test_the_printed_words_after_the_signature_end_it_not_their_box() -> None:
    """The detector took the end of the signature into the box of （单位公章）:
    the signature is looked for up to the words, by where the recogniser
    put them, not up to the box's left edge."""
    rgb = np.full((300, 1000, 3), 235, np.uint8)
    zigzag = np.asarray([(300 + 12 * k, 106 + 18 * (k % 2)) for k in range(11)], np.int32)
    cv2.polylines(rgb, [zigzag], False, (30, 30, 90), 3)
    label = _line("主要负责人（签章）", (100, 100, 280, 130), 110)
    after = _line("（单位公章）", (330, 100, 560, 130), 450)
    found, signature, region = find_signature(rgb, 100, 1, [label, after])
    assert found and signature is not None and region is not None
    assert signature.box[0] < 310 and signature.box[2] > 400
    assert region[2] < 450


def test_the_printed_words_read_on_the_signature_line_are_no_signature() -> None:
    """主要负责人（签章） and （单位公章） read as one line: the words after the
    signature end it there too, so the print of an unsigned form is not
    taken for a signature."""
    rgb = np.full((300, 1000, 3), 235, np.uint8)
    for x in range(450, 570, 20):  # （单位公章）, printed
        cv2.rectangle(rgb, (x - 7, 108), (x + 7, 122), (20, 20, 20), -1)
    text = "主要负责人（签章）（单位公章）"
    xs = tuple(110 + 20 * k for k in range(9)) + tuple(450 + 20 * k for k in range(6))
    both = TextLine(page=1, text=text, box=(100, 100, 560, 130), char_x=xs)
    found, signature, region = find_signature(rgb, 100, 1, [both])
    assert found and signature is None
    assert region is not None and region[2] < 450
