"""A seal stamped over 主要负责人（签章）, as is usual in China: the signature
line is still found, and the signature beside it (or its absence).  The
scans are built as in conftest.py, the seal's centre put on the words
(benchmarks/bench_scan_seal_label.py runs many more such cases)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from reform_brand.scan import DEFAULT_LIMITS, synthetic, verify_scan
from reform_brand.scan._marks import (
    find_grey_seals,
    find_seals,
    find_signature,
    seal_grey,
    signature_line,
)
from reform_brand.scan._pdf import read_pdf
from reform_brand.scan._types import TextLine
from tests.scan.conftest import HEAD, HEAD_LABEL, SEAL

P = "/attachments/0/path"
Submit = Callable[..., list[tuple[str, str]]]


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
    found, signature, region = find_signature(rgb, 100, 1, [label, after], label=HEAD_LABEL)
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
    found, signature, region = find_signature(rgb, 100, 1, [both], label=HEAD_LABEL)
    assert found and signature is None
    assert region is not None and region[2] < 450


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("主要负费人（签享）", 9),  # 责 and 章 misread through the seal
        ("要负贵人（签", 8),  # 主 under the ring, 责 misread
        ("主要负贵人签享", 8),  # the brackets lost too
        ("同意推荐。主要负贵人（签", 14),
    ],
)
def test_the_signature_words_read_in_part(text: str, end: int) -> None:
    line = _line(text, (100, 100, 100 + 20 * len(text), 130), 110)
    hit = signature_line([line], label=HEAD_LABEL)
    assert hit is not None and hit[0] is line
    assert hit[1] == 110 + 20 * (end - 1) + 12  # past character ``end - 1``


@pytest.mark.parametrize("text", ["主要完成人", "主要内容", "单位公章", "济南市科学技术协会"])
def test_other_words_are_no_signature_line(text: str) -> None:
    assert (
        signature_line([_line(text, (100, 100, 100 + 20 * len(text), 130), 110)], label=HEAD_LABEL)
        is None
    )


@pytest.mark.parametrize(
    ("form", "along", "down", "rotate", "seed"),
    [
        ("one", 0.35, 0.0, 0, 4),
        ("one", 0.6, 12.0, 90, 23),
        ("recommendation", 0.6, 0.0, 0, 37),
    ],
)
def test_a_seal_over_the_signature_words(
    scan_forms: dict[str, list[Any]],
    tmp_path: Path,
    form: str,
    along: float,
    down: float,
    rotate: int,
    seed: int,
) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(
        synthetic.scan_pdf(
            scan_forms[form],
            seal_text=SEAL,
            rotate=rotate,
            seal_on_label=(along, down),
            seed=seed,
        )
    )
    result = verify_scan(path, label=HEAD)
    assert [s.in_place for s in result.seals] == [True]
    assert result.signature_line_found and len(result.signatures) == 1


def test_unsigned_under_a_seal_over_the_words(
    scan_forms: dict[str, list[Any]], submit: Submit, tmp_path: Path
) -> None:
    """The line is found through the seal, and nothing is signed on it."""
    scan = synthetic.scan_pdf(
        scan_forms["one"], seal_text=SEAL, signature=False, seal_on_label=(0.35, 0.0), seed=19
    )
    assert submit(scan) == [("scan.no-signature", P)]
    result = verify_scan(tmp_path / "sub" / "scan.pdf", label=HEAD)
    assert result.signature_line_found and result.signatures == ()


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
@pytest.mark.parametrize(("along", "down", "seed"), [(0.1, 0.0, 1), (1.1, -14.0, 12)])
def test_a_seal_over_the_signature_words_of_a_greyscale_scan(
    scan_forms: dict[str, list[Any]],
    tmp_path: Path,
    signed: bool,
    along: float,
    down: float,
    seed: int,
) -> None:
    """A scanner set to greyscale shows the seal without its red: the seal
    over the words is found by its round shape, the words are read through
    it as on a colour scan, and its ink is no signature.  It is not
    reported as a seal (its colour cannot tell it)."""
    path = tmp_path / "scan.pdf"
    scan = synthetic.scan_pdf(
        scan_forms["one"],
        seal_text=SEAL,
        signature=signed,
        seal_on_label=(along, down),
        greyscale=True,
        seed=seed,
    )
    path.write_bytes(scan)
    result = verify_scan(path, label=HEAD)
    assert not result.colour and result.seals == ()
    assert result.signature_line_found
    assert len(result.signatures) == int(signed)


def test_round_marks_of_a_greyscale_page(scan_forms: dict[str, list[Any]], tmp_path: Path) -> None:
    """The seal's ring, and no print or table cell, is a round mark on a
    greyscale page; its ink is told from the print's by its grey."""
    found = []
    for seal in (SEAL, None):
        path = tmp_path / f"{seal}.pdf"
        path.write_bytes(
            synthetic.scan_pdf(scan_forms["one"], seal_text=seal, greyscale=True, seed=2)
        )
        [page] = read_pdf(path, DEFAULT_LIMITS)[1]
        assert not page.colour and find_seals(page.rgb, page.dpi, 1) == []
        found.append((page, find_grey_seals(page.rgb, page.dpi, 1)))
    (page, marks), (_, none) = found
    assert len(marks) == 1 and none == []
    x0, _, x1, _ = marks[0].box
    assert 25 <= (x1 - x0) / page.dpi * 25.4 <= 62
    assert seal_grey(page.rgb, marks) is not None
