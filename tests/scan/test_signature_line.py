"""负责 alone is the signature line only where a seal hides the rest of
主要负责人（签章）: a page holds other words with 负责 (项目负责人：王某某,
负责单位, 负责实施, a 负责人 column), right of which a typed name sits, and
taking one of them for the signature line finds a signature that is not
there.  The first tests give recognised lines directly; the last one reads
a drawn page by OCR."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from reform_brand.scan import synthetic, verify_scan
from reform_brand.scan._marks import find_signature, signature_line
from reform_brand.scan._types import Mark, TextLine
from tests.scan.conftest import HEAD, HEAD_LABEL

#: A seal over the line of :func:`_line` (y 100 to 130, from x 100).
OVER = Mark(page=1, box=(120, 40, 330, 250))
#: A seal on the page, away from that line.
AWAY = Mark(page=1, box=(600, 400, 810, 610))


def _line(text: str, y: int = 100) -> TextLine:
    return TextLine(
        page=1,
        text=text,
        box=(100, y, 100 + 20 * len(text), y + 30),
        char_x=tuple(110 + 20 * k for k in range(len(text))),
    )


def _past(index: int) -> int:
    """The x past character ``index`` of :func:`_line`'s text."""
    return 110 + 20 * index + 12


@pytest.mark.parametrize(
    "text",
    [
        "项目负责人：王某某",
        "项目负责人",
        "负责人张三电话13805310000",
        "负责人：张三",
        "联系人/负责人：李四",
        "负责单位：山东省科技馆",
        "由山东省科技馆负责实施，市科协配合。",
        "讲政治、守纪律、负责任",
    ],
)
def test_other_words_with_负责_are_no_signature_line(text: str) -> None:
    """Also under a seal: what the line shows around 负责 is another word."""
    assert signature_line([_line(text)], [OVER], label=HEAD_LABEL) is None


@pytest.mark.parametrize("seals", [(), (AWAY,)], ids=["no seal", "seal away"])
@pytest.mark.parametrize("text", ["负责", "负责人", "负责人（"])
def test_负责_is_no_signature_line_without_a_seal_over_it(
    text: str, seals: tuple[Mark, ...]
) -> None:
    """Unhidden, the whole label would be legible: 负责人 alone is a column
    of a table."""
    assert signature_line([_line(text)], seals, label=HEAD_LABEL) is None


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("负责", 0),
        ("负责人", 0),
        ("负责人（", 0),
        ("负责人(签单）", 0),  # 章 misread
        ("主鬼负责", 0),  # 要 misread
        ("同意推荐。负责人", 3),
        ("单位意见主要负责人", 4),
    ],
)
def test_负责_left_by_a_seal_over_the_label(text: str, start: int) -> None:
    line = _line(text)
    hit = signature_line([line], [OVER], label=HEAD_LABEL)
    assert hit is not None and hit[0] is line
    assert hit[1] == _past(start + len("主要负责人（签章）") - 1)


def test_a_line_with_负责_does_not_hide_the_label_read_in_part() -> None:
    """The label read in part further down is the signature line, not the
    project head's line above it."""
    head, label = _line("项目负责人：王某某", 40), _line("主要负贵人（签", 100)
    hit = signature_line([head, label], [OVER], label=HEAD_LABEL)
    assert hit is not None and hit[0] is label


@pytest.mark.parametrize(
    "text",
    ["负责人（签字）", "负责人签字", "负责人（签章）", "主要负责人签字", "项目负责人（签字）"],
)
def test_负责人_with_the_signature_words_is_a_signature_line(text: str) -> None:
    """A label asking for a signature, also of another 负责人: signed
    beside it.  No seal needed."""
    line = _line(text)
    hit = signature_line([line], label=HEAD_LABEL)
    assert hit is not None and hit[0] is line
    assert hit[1] == _past(len(text) - 1)


@pytest.mark.parametrize("seals", [(), (OVER,)], ids=["no seal", "seal over"])
def test_no_signature_found_right_of_项目负责人(seals: tuple[Mark, ...]) -> None:
    """项目负责人：王某某 and the typed 联系电话 after it, on an unsigned page:
    not a signature line, so that print is no signature."""
    rgb = np.full((300, 1000, 3), 235, np.uint8)
    for x in [*range(110, 280, 20), *range(320, 620, 20)]:  # the characters, printed
        cv2.rectangle(rgb, (x - 7, 108), (x + 7, 122), (20, 20, 20), -1)
    lines = [_line("项目负责人：王某某"), _line("联系电话：13805310000")]
    lines[1] = TextLine(page=1, text=lines[1].text, box=(310, 100, 630, 130))
    assert find_signature(rgb, 100, 1, lines, seals, label=HEAD_LABEL) == (False, None, None)


def _page(row: str, dpi: int = 100) -> synthetic.FormPage:
    """An A4 page of another paper: a title and ``row`` below it."""
    mm = dpi / 25.4
    image = Image.new("RGB", (int(210 * mm), int(297 * mm)), "white")
    draw = ImageDraw.Draw(image)
    big, small = synthetic.cjk_font(int(5.5 * mm)), synthetic.cjk_font(int(3.7 * mm))
    draw.text(
        (image.width / 2, 30 * mm), "数字科普公园建设实施方案", fill="black", font=big, anchor="mm"
    )
    draw.text((25 * mm, 45 * mm), row, fill="black", font=small, anchor="lm")
    return synthetic.FormPage(image=image, dpi=dpi, anchors={})


@pytest.mark.parametrize(
    "row", ["项目负责人：王某某　　联系电话：13805310000", "由山东省科技馆负责实施，市科协配合。"]
)
def test_the_wrong_paper_scanned_is_not_signed(tmp_path: Path, row: str) -> None:
    """A scan of another paper, without 主要负责人（签章）: no signature line,
    and no signature in the words after its 负责."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(synthetic.scan_pdf([_page(row)], signature=False, seed=3))
    result = verify_scan(path, label=HEAD)
    assert any("负责" in line.text for line in result.lines)
    assert not result.signature_line_found
    assert result.signatures == ()


@pytest.mark.parametrize("seals", [(), (OVER,)], ids=["no seal", "seal over"])
@pytest.mark.parametrize("text", ["单位主要负责人：张三", "主要负责人：张三", "主要负责人 张三"])
def test_the_heads_name_is_no_signature_line(text: str, seals: tuple[Mark, ...]) -> None:
    """主要负责人 read without 签 or 章, a typed name after it, names the
    head: it asks for no signature, also under a seal."""
    assert signature_line([_line(text)], seals, label=HEAD_LABEL) is None


@pytest.mark.parametrize("text", ["单位主要负责人", "主要负责人", "主要负责人（"])
def test_主要负责人_is_no_signature_line_without_a_seal_over_it(text: str) -> None:
    """Unhidden, the label's 签章 would be read too."""
    assert signature_line([_line(text)], label=HEAD_LABEL) is None
    assert signature_line([_line(text)], [OVER], label=HEAD_LABEL) is not None


@pytest.mark.parametrize(
    ("text", "end"),
    [("主 要 负 贵 人 （签 享）", 14), ("主要负贵人：签享", 9), ("主要 负贵人签", 9)],
)
def test_the_label_read_in_part_with_spaces_and_punctuation(text: str, end: int) -> None:
    """OCR's dropped or added spaces and punctuation do not hide the label."""
    line = _line(text)
    hit = signature_line([line], label=HEAD_LABEL)
    assert hit is not None and hit[0] is line
    assert hit[1] == _past(end - 1)


def test_no_signature_found_right_of_the_heads_typed_name() -> None:
    """单位主要负责人：张三 typed on an unsigned page: no signature line, so
    the typed name is no signature."""
    rgb = np.full((300, 1000, 3), 235, np.uint8)
    for x in range(110, 300, 20):  # the characters, printed
        cv2.rectangle(rgb, (x - 7, 108), (x + 7, 122), (20, 20, 20), -1)
    assert find_signature(rgb, 100, 1, [_line("单位主要负责人：张三")], label=HEAD_LABEL) == (
        False,
        None,
        None,
    )
