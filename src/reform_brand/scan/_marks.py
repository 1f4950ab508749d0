"""Seals and signatures on a page image (numpy and OpenCV).

A seal is red, roughly circular, 25 to 60 mm across, and its ring is red
round most of its circumference (so red text or a red line is not one).  A
signature is ink (dark, or the red of a name stamp outside the seals; not a
ruled line) on the signature line: right of the form's signature label
(主要负责人（签章） on the reference edition's forms; see
:mod:`reform_brand.scan._label`), before the next printed words.  Both
are found on pages at any resolution from about 70 dpi, at any rotation
(seals), on grey paper and through JPEG noise."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Final

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

from reform_brand.scan._label import NO_LABEL, SignLabel
from reform_brand.scan._types import Box, Mark, TextLine

__all__ = [
    "crop_png",
    "find_grey_seals",
    "find_seals",
    "find_signature",
    "ink_share",
    "png",
    "red_mask",
    "seal_grey",
    "signature_line",
]

Array = npt.NDArray[np.uint8]

_SEAL_MM: Final = (25.0, 62.0)
_RING_BINS: Final = 48
_RING_SHARE: Final = 0.7
#: The printed words after the signature line.
STOP_WORDS: Final = ("公", "章", "单位", "盖", "日期")


def red_mask(rgb: Array) -> Array:
    """1 where the pixel is seal red."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    h, s, v = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    r = rgb[:, :, 0].astype(np.int16)
    gb = np.maximum(rgb[:, :, 1], rgb[:, :, 2]).astype(np.int16)
    mask = ((h <= 12) | (h >= 160)) & (s >= 60) & (v >= 60) & (r - gb >= 45)
    return mask.astype(np.uint8)


def ink_share(rgb: Array) -> float:
    """Share of the page that is ink (clearly darker than the paper)."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    paper = float(np.percentile(gray, 90))
    dark = gray < paper - 70
    return float(dark.mean()) + float(red_mask(rgb).mean())


def png(rgb: Array, *, max_side: int = 0) -> bytes:
    """``rgb`` as PNG bytes, shrunk to ``max_side`` when given."""
    image = Image.fromarray(rgb)
    if max_side and max(image.size) > max_side:
        image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()


def crop_png(rgb: Array, box: Box, *, margin: int = 0, max_side: int = 240) -> bytes:
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = box
    x0, y0 = max(0, x0 - margin), max(0, y0 - margin)
    x1, y1 = min(w, x1 + margin), min(h, y1 + margin)
    if x1 <= x0 or y1 <= y0:
        return b""
    return png(np.ascontiguousarray(rgb[y0:y1, x0:x1]), max_side=max_side)


def _ring_share(mask: Array, cx: float, cy: float, r: float) -> float:
    """Share of angles at which the band just inside the circle is red."""
    h, w = mask.shape
    hits = 0
    for k in range(_RING_BINS):
        a = 2 * math.pi * k / _RING_BINS
        ca, sa = math.cos(a), math.sin(a)
        for f in (0.78, 0.84, 0.9, 0.96, 1.0):
            x, y = int(cx + f * r * ca), int(cy + f * r * sa)
            if 0 <= x < w and 0 <= y < h and mask[y, x]:
                hits += 1
                break
    return hits / _RING_BINS


def find_seals(rgb: Array, dpi: float, page: int) -> list[Mark]:
    """The round red seals on the page, largest first."""
    mm = dpi / 25.4
    mask = red_mask(rgb)
    if int(mask.sum()) < (3 * mm) ** 2:
        return []
    k = max(3, int(1.2 * mm) | 1)
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lo, hi = _SEAL_MM[0] * mm / 2, _SEAL_MM[1] * mm / 2
    found: list[tuple[float, Mark]] = []
    ring = np.asarray(cv2.dilate(mask, np.ones((3, 3), np.uint8)), dtype=np.uint8)
    for contour in contours:
        _, _, bw, bh = cv2.boundingRect(contour)
        if not (0.7 <= bw / max(bh, 1) <= 1.4):
            continue
        (cx, cy), r = cv2.minEnclosingCircle(contour)
        if not lo <= r <= hi or _ring_share(ring, cx, cy, r) < _RING_SHARE:
            continue
        box = (int(cx - r), int(cy - r), int(cx + r) + 1, int(cy + r) + 1)
        crop = crop_png(rgb, box, margin=int(3 * mm))
        found.append((r, Mark(page=page, box=box, crop_png=crop)))
    found.sort(key=lambda t: -t[0])
    return [m for _, m in found]


#: The scale a greyscale page is searched for round marks at (half its
#: resolution: a seal's ring stays some pixels wide, the search is quick).
_GREY_SCALE: Final = 0.5
#: How round an edge must be to be a ring (OpenCV's HOUGH_GRADIENT_ALT).
_GREY_ROUND: Final = 0.8


def _ink(gray: Array) -> Array:
    """1 where ``gray`` is clearly darker than the paper."""
    paper = float(np.percentile(gray, 90))
    return (gray < paper - 50).astype(np.uint8)


def find_grey_seals(rgb: Array, dpi: float, page: int) -> list[Mark]:
    """The round seals on a greyscale page, where no red tells them: rings
    25 to 60 mm across, their edge nearly a circle, inked round most of
    their circumference, largest first.  Print has no such ring, nor a
    table's cells (their corners are no circle)."""
    mm = dpi / 25.4
    gray = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    small = cv2.resize(gray, None, fx=_GREY_SCALE, fy=_GREY_SCALE, interpolation=cv2.INTER_AREA)
    lo, hi = (int(d * mm / 2 * _GREY_SCALE) for d in _SEAL_MM)
    circles = cv2.HoughCircles(
        small,
        cv2.HOUGH_GRADIENT_ALT,
        dp=1.5,
        minDist=lo,
        param1=300,
        param2=_GREY_ROUND,
        minRadius=lo,
        maxRadius=hi,
    )
    if circles is None:
        return []
    ring = np.asarray(cv2.dilate(_ink(gray), np.ones((3, 3), np.uint8)), dtype=np.uint8)
    found: list[tuple[float, Mark]] = []
    for sx, sy, sr in circles[0]:
        cx, cy, r = float(sx) / _GREY_SCALE, float(sy) / _GREY_SCALE, float(sr) / _GREY_SCALE
        if _ring_share(ring, cx, cy, r) < _RING_SHARE:
            continue
        box = (int(cx - r), int(cy - r), int(cx + r) + 1, int(cy + r) + 1)
        found.append((r, Mark(page=page, box=box, crop_png=crop_png(rgb, box, margin=int(3 * mm)))))
    found.sort(key=lambda t: -t[0])
    return [m for _, m in found]


def seal_grey(rgb: Array, seals: Sequence[Mark]) -> float | None:
    """On a greyscale page, the grey below which ink is print (or a
    signature), not the ``seals``' ink: a quarter of the way from the
    seals' rings, which a scanner makes lighter than black, to the darkest
    print.  None when the two cannot be told apart."""
    gray = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    ink = _ink(gray)
    h, w = gray.shape
    values: list[int] = []
    for seal in seals:
        x0, y0, x1, y1 = seal.box
        cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2
        for k in range(4 * _RING_BINS):
            a = 2 * math.pi * k / (4 * _RING_BINS)
            for f in (0.96, 0.98, 1.0):
                x, y = int(cx + f * r * math.cos(a)), int(cy + f * r * math.sin(a))
                if 0 <= x < w and 0 <= y < h and ink[y, x]:
                    values.append(int(gray[y, x]))
    if not values:
        return None
    ring, dark = float(np.median(values)), float(np.percentile(gray, 0.5))
    return ring - (ring - dark) / 4 if ring - dark >= _GREY_APART else None


#: How much lighter than the darkest print a seal's ring must be for its ink
#: to be told from print on a greyscale page.
_GREY_APART: Final = 30


def _label_end(line: TextLine, end: int) -> int:
    """The x where character ``end`` of ``line`` would begin (past its last
    character when ``end`` is beyond the text)."""
    xs = line.char_x
    if len(xs) == len(line.text) and len(xs) > 1:
        pitch = _pitch(line)
        last = min(end, len(xs)) - 1
        return int(xs[last] + pitch * (end - last - 1) + 0.6 * pitch)
    x0, _, x1, _ = line.box
    return int(x0 + (x1 - x0) * end / max(len(line.text), 1))


def signature_line(
    lines: list[TextLine], seals: Sequence[Mark] = (), label: SignLabel = NO_LABEL
) -> tuple[TextLine, int] | None:
    """The OCR line holding the signature words (``label.words``), and the x
    where those words end (the line may run on into the signature itself).
    When one of ``seals`` over the words leaves only ``label.partial``
    legible (负责 of 主要负责人（签章）; see :func:`_hidden_label`), or a
    stretch of ``label`` with a character or two misread, the words are
    taken to end where ``label`` would.  Without a label, only the sign
    words count."""
    for line in lines:
        for word in label.words:
            at = line.text.find(word)
            if at < 0:
                continue
            end = at + len(word)
            if end < len(line.text) and line.text[end] in ")）":
                end += 1
            return line, _label_end(line, end)
    if label.partial:
        for line in lines:
            start = _hidden_label(line, seals, label)
            if start is not None:
                return line, _label_end(line, start + len(label.text))
    if label.sign:
        for line in lines:
            part = _label_read_in_part(line.text, label)
            if part is not None:
                return line, _label_end(line, part)
    return None


def _hidden_label(line: TextLine, seals: Sequence[Mark], label: SignLabel) -> int | None:
    """Where ``label`` would begin on ``line`` (a character index) when the
    line shows its ``partial`` (负责 of 主要负责人（签章）) as left of it by a
    seal over the rest, or else None.  负责 is also in other words of a page
    (项目负责人：王某某, 负责单位, 负责实施, a 负责人 column), right of which
    a typed name may sit: so it counts only with what the line shows around
    it fitting the label (see :func:`_fits_label`) and one of ``seals`` over
    the place where the label would be (without a seal there, all of it
    would be legible)."""
    text = line.text
    at = text.find(label.partial)
    while at >= 0:
        if _fits_label(text, at, label):
            start = at - len(label.before)
            x0 = _char_start(line, max(0, start))
            x1 = _label_end(line, start + len(label.text))
            _, y0, _, y1 = line.box
            for seal in seals:
                sx0, sy0, sx1, sy1 = seal.box
                if sx0 < x1 and sx1 > x0 and sy0 < y1 and sy1 > y0:
                    return max(0, start)
        at = text.find(label.partial, at + 1)
    return None


def _fits_label(text: str, at: int, label: SignLabel) -> bool:
    """Whether ``label.partial`` at index ``at`` of ``text`` can be that of
    ``label``: before it, the line's start, a punctuation mark, the name's
    character just before it, or the one before that and one other
    character (misread); after it, nothing, or the name's last character and
    then nothing, or a bracket or a character of the sign words.  For
    主要负责人（签章）: 负责 after the start, a mark, 要, or 主 and one
    character; then nothing, 人, （, 签 or 章.  Not 项目负责人, 负责单位,
    负责实施, nor 负责人：王某某 or 负责人张三."""
    before = "".join(text[:at].split())
    after = "".join(text[at + len(label.partial) :].split())
    if before and before[-1].isalnum():
        name = label.before
        joined = bool(name) and before[-1] == name[-1]
        if not joined and not (len(name) >= 2 and before[-2:-1] == name[-2]):
            return False
    if label.after and after.startswith(label.after):
        after = after[len(label.after) :]
    return not after or after.startswith(label.rest)


#: Of the label's characters (brackets aside), how many a line must show in
#: their places, and with how many others (misread through a seal) between
#: them: four with one, five with two.
_PART_MIN: Final = 4
_PART_WRONG: Final = 2


def _label_read_in_part(text: str, label: SignLabel) -> int | None:
    """Where ``label`` would end in ``text`` (a character index) when
    ``text`` holds a stretch of it read in part, or else None: at least four
    of its characters in their places (brackets, other punctuation and
    spaces left out), one of its sign words' among them (签 or 章 of
    主要负责人（签章）: what tells the signature line from other words about
    the head of the unit), with at most one other character between them
    (two among five or more), misread as the seal's ink mixes in.  The name
    alone is not it: 单位主要负责人：张三 names the head, it asks for no
    signature (and unhidden by a seal, 签章 would be read)."""
    places = [i for i, c in enumerate(label.text) if c.isalnum()]
    want_all = "".join(label.text[i] for i in places)
    signing_chars = frozenset(label.sign)
    at = [i for i, c in enumerate(text) if c.isalnum()]
    core = "".join(text[i] for i in at)
    for shift in range(-len(want_all) + 1, len(core)):
        right = wrong = pending = 0
        last, signing = -1, False
        for j, want in enumerate(want_all):
            i = shift + j
            if not 0 <= i < len(core):
                continue
            if core[i] != want:
                pending += 1 if right else 0
                continue
            right, wrong, pending, last = right + 1, wrong + pending, 0, j
            signing = signing or want in signing_chars
        if right >= _PART_MIN + max(0, wrong - 1) and wrong <= _PART_WRONG and signing:
            # After the last character read in its place, the rest of the
            # label (brackets too).
            rest = len(label.text) - 1 - places[last]
            return at[shift + last] + 1 + rest
    return None


def _pitch(line: TextLine) -> float:
    xs = line.char_x
    if len(xs) == len(line.text) and len(xs) > 1:
        return (xs[-1] - xs[0]) / (len(xs) - 1)
    return (line.box[2] - line.box[0]) / max(len(line.text), 1)


def _stop_x(line: TextLine, after: int) -> int | None:
    """Where the first printed words after the signature (STOP_WORDS, with
    the bracket before them) begin on ``line``, right of x ``after``, or
    None.  By the recogniser's character positions: the detector may take
    the end of a signature into the box of （单位公章）, which begins left
    of the words then."""
    text = line.text
    for at in range(len(text)):
        if not text.startswith(STOP_WORDS, at):
            continue
        while at > 0 and text[at - 1] in "(（":
            at -= 1
        x = _char_start(line, at)
        if x > after:
            return x
    return None


def _char_start(line: TextLine, index: int) -> int:
    """The x where character ``index`` of ``line`` begins."""
    xs = line.char_x
    if len(xs) == len(line.text) and len(xs) > 1:
        return int(xs[index] - 0.5 * _pitch(line))
    x0, _, x1, _ = line.box
    return int(x0 + (x1 - x0) * index / max(len(line.text), 1))


def _region(
    lines: list[TextLine], line: TextLine, x_end: int, width: int, seals: Sequence[Mark]
) -> Box:
    """Where the signature is looked for: right of the signature words, on
    their line, up to ten characters on or to the next printed words, or
    to a seal on that line further right (it covers （单位公章） then, which
    cannot be read)."""
    _, y0, _, y1 = line.box
    h = max(y1 - y0, 8)
    right = min(width, x_end + int(10 * _pitch(line)))
    for other in lines:
        ox0, oy0, _, oy1 = other.box
        overlap = min(y1, oy1) - max(y0, oy0)
        if other is not line and (ox0 <= x_end or overlap < 0.4 * h):
            continue
        stop = _stop_x(other, x_end)
        if stop is not None:
            right = min(right, stop - h // 4)
    for seal in seals:
        sx0, sy0, _, sy1 = seal.box
        if sx0 > x_end + h and sy0 < y1 and sy1 > y0:
            right = min(right, sx0)
    cy = (y0 + y1) // 2
    return (x_end + h // 4, max(0, cy - int(1.6 * h)), max(right, x_end + h), cy + int(1.6 * h))


def _on_the_line(ink: Array, top: int, bottom: int) -> Array:
    """``ink`` kept where its strokes reach the rows ``top`` to ``bottom``
    (the signature line's): a signature is written on the line, the
    printed words of the row below (年 月 日) are not."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        cv2.dilate(ink, np.ones((3, 3), np.uint8)), connectivity=8
    )
    keep = np.zeros(count, np.uint8)
    for k in range(1, count):
        y, hk = int(stats[k, cv2.CC_STAT_TOP]), int(stats[k, cv2.CC_STAT_HEIGHT])
        keep[k] = y < bottom and y + hk > top
    return np.asarray(ink & keep[labels], dtype=np.uint8)


def _outside_seals(shape: tuple[int, ...], origin: tuple[int, int], seals: Sequence[Mark]) -> Array:
    """1 where a pixel of a part of the page (of ``shape``, its top left
    corner at ``origin``) lies outside every seal's circle."""
    out = np.ones(shape[:2], np.uint8)
    for seal in seals:
        x0, y0, x1, y1 = seal.box
        r = int(0.55 * max(x1 - x0, y1 - y0))
        centre = ((x0 + x1) // 2 - origin[0], (y0 + y1) // 2 - origin[1])
        cv2.circle(out, centre, r, 0, thickness=-1)
    return out


def find_signature(
    rgb: Array,
    dpi: float,
    page: int,
    lines: list[TextLine],
    seals: Sequence[Mark] = (),
    grey: float | None = None,
    label: SignLabel = NO_LABEL,
) -> tuple[bool, Mark | None, Box | None]:
    """Whether the signature line is on the page, the signature found beside
    it (or None), and the region looked in (not past a seal among
    ``seals`` further right on the line).  签章 is signed or stamped: a red
    name stamp (人名章) there is the signature too, the red inside the
    unit's ``seals`` is not.  On a greyscale page, ink inside ``seals``
    counts only darker than ``grey`` (:func:`seal_grey`): the seal's own
    ink is no signature.  The line is found by ``label``, the form's
    signature label (:func:`signature_line`)."""
    hit = signature_line(lines, seals, label)
    if hit is None:
        return False, None, None
    line, x_end = hit
    height, width = rgb.shape[:2]
    box = _region(lines, line, x_end, width, seals)
    x0, y0, x1, y1 = box
    y1, x1 = min(y1, height), min(x1, width)
    part = rgb[y0:y1, x0:x1]
    if part.size == 0:
        return True, None, box
    gray = cv2.cvtColor(np.ascontiguousarray(part), cv2.COLOR_RGB2GRAY)
    paper = float(np.percentile(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), 90))
    red = red_mask(np.ascontiguousarray(part))
    ink = ((gray < paper - 80) & (red == 0)).astype(np.uint8)
    if grey is not None:
        ink &= ((gray < grey) | _outside_seals(part.shape, (x0, y0), seals)).astype(np.uint8)
    long = max(15, int(dpi / 25.4 * 12))
    for kernel in (np.ones((1, long), np.uint8), np.ones((long, 1), np.uint8)):
        ink &= 1 - cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)  # (ruled lines)
    # A name stamp's red, whose frame is no ruled line.
    ink |= red & _outside_seals(part.shape, (x0, y0), seals)
    ink = np.asarray(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)), np.uint8)
    ink = _on_the_line(ink, line.box[1] - y0, line.box[3] - y0)
    h = max(line.box[3] - line.box[1], 8)
    ys, xs = np.nonzero(ink)
    if len(xs) < 3 * h or int(xs.max() - xs.min()) < h:
        return True, None, box
    found = (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)
    mm = dpi / 25.4
    return (
        True,
        Mark(
            page=page, box=found, in_place=True, crop_png=crop_png(rgb, found, margin=int(2 * mm))
        ),
        box,
    )
