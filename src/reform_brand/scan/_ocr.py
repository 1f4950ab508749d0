"""Reading a scanned page: turning it upright and OCR with
rapidocr-onnxruntime, whose Chinese models come inside its wheel (nothing is
downloaded).  One engine per process, made on first use, on as many
threads as the process may take (:func:`reform_brand._cores.threads`: every
core for a process checking alone, its share for each worker of
``check --jobs N``; ``REFORM_BRAND_THREADS`` sets it).  A page read on two
cores takes about 0.6 of its time on one, and the same text is read.

To keep a page near a second, every text line is found (detection) but only
the lines that can matter are recognised: the top of the page (title, unit,
project) and the short lines below (labels such as 主要负责人（签章））."""

from __future__ import annotations

import functools
from typing import Any, Final

import cv2
import numpy as np
import numpy.typing as npt

from reform_brand._cores import threads
from reform_brand.scan._types import TextLine

__all__ = [
    "available",
    "beside_seals",
    "labels_left",
    "read_lines",
    "recognise",
    "row_after",
    "turn_boxes",
    "upright",
]

Array = npt.NDArray[np.uint8]

#: Wide lines in this top share of a page are always recognised.
_TOP: Final = 0.3
_MAX_TOP: Final = 8
_MAX_REST: Final = 8
_MIN_SCORE: Final = 0.5


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=threads(), inter_op_num_threads=1)


#: Text lines are found on the page shrunk by this factor (cheaper, and
#: still sharp enough at 100 dpi and more).
_DET_SCALE: Final = 0.75
_DET_MIN_DPI: Final = 95


def _detect(engine: Any, rgb: Array, dpi: float) -> list[npt.NDArray[np.float32]]:
    factor = _DET_SCALE if dpi >= _DET_MIN_DPI else 1.0
    small: Array = rgb
    if factor != 1.0:
        small = np.asarray(
            cv2.resize(rgb, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA),
            dtype=np.uint8,
        )
    boxes, _ = engine.text_det(small)
    if boxes is None or len(boxes) == 0:
        return []
    return [np.asarray(b, dtype=np.float32) / factor for b in engine.sorted_boxes(boxes)]


def _detect_like_page(
    engine: Any, part: Array, page: tuple[int, int], dpi: float
) -> list[npt.NDArray[np.float32]]:
    """Text lines of ``part`` of a page of size ``page`` (height, width),
    found at the scale a whole page is detected at.

    The detector scales every image so that its shorter side is at least
    ``limit_side_len`` (rapidocr's ``limit_type = "min"``); a part of a page
    would be enlarged more than the page, which costs more and finds other
    lines.  So the part is scaled here as the whole page would be, and the
    detector's limit is lowered to its size for this one call (the engine is
    used by one thread)."""
    det = engine.text_det
    factor = _DET_SCALE if dpi >= _DET_MIN_DPI else 1.0
    ratio = factor
    limit = int(det.limit_side_len)
    if det.limit_type == "min":
        ratio = factor * max(1.0, limit / (min(page) * factor))
    small = np.asarray(
        cv2.resize(part, None, fx=ratio, fy=ratio, interpolation=cv2.INTER_AREA), dtype=np.uint8
    )
    det.limit_side_len = max(32, min(small.shape[:2]))
    try:
        boxes, _ = det(small)
    finally:
        det.limit_side_len = limit
    if boxes is None or len(boxes) == 0:
        return []
    return [np.asarray(b, dtype=np.float32) / ratio for b in engine.sorted_boxes(boxes)]


def _tall(boxes: list[npt.NDArray[np.float32]]) -> bool:
    """Whether most text lines run up and down (the page is turned 90°)."""
    votes = 0
    for b in boxes:
        w = float(np.linalg.norm(b[0] - b[1]))
        h = float(np.linalg.norm(b[1] - b[2]))
        if max(w, h) > 2 * min(w, h):
            votes += 1 if h > w else -1
    return votes > 0


def _upside_down(engine: Any, rgb: Array, boxes: list[npt.NDArray[np.float32]]) -> bool:
    wide = [b for b in boxes if _aspect(b) >= 2.5][:12] or boxes[:12]
    crops = engine.get_crop_img_list(rgb, wide)
    _, labels, _ = engine.text_cls(crops)
    score = 0.0
    for label, conf in labels:
        score += conf if label == "180" else -conf
    return score > 0


def _aspect(points: npt.NDArray[np.float32]) -> float:
    w = float(np.linalg.norm(points[0] - points[1]))
    h = float(np.linalg.norm(points[1] - points[2]))
    return w / max(h, 1.0)


def _box(points: npt.NDArray[np.float32]) -> tuple[int, int, int, int]:
    xs, ys = points[:, 0], points[:, 1]
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


Boxes = list[npt.NDArray[np.float32]]


def _ordered(points: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Four corners in the detector's order: top left, top right, bottom
    right, bottom left (a scan's skew is small)."""
    total = points.sum(axis=1)
    diff = points[:, 1] - points[:, 0]
    return np.asarray(
        [
            points[int(np.argmin(total))],
            points[int(np.argmin(diff))],
            points[int(np.argmax(total))],
            points[int(np.argmax(diff))],
        ],
        dtype=np.float32,
    )


def turn_boxes(engine: Any, boxes: Boxes, shape: tuple[int, ...], turn: int) -> Boxes:
    """The text lines found on a page of ``shape`` (height, width), where
    they are once the page is turned clockwise by ``turn`` (90 or 180)
    degrees, in reading order.  Turning the corners is exact, so a turned
    page needs no second text detection."""
    h, w = shape[0], shape[1]
    out = []
    for b in boxes:
        x, y = b[:, 0], b[:, 1]
        if turn == 90:
            pts = np.stack([h - 1 - y, x], axis=1)
        else:
            pts = np.stack([w - 1 - x, h - 1 - y], axis=1)
        out.append(_ordered(pts.astype(np.float32)))
    return list(engine.sorted_boxes(np.asarray(out))) if out else []


def upright(rgb: Array, dpi: float) -> tuple[Array, int, Boxes]:
    """The page turned upright, the clockwise turn applied (degrees), and
    its text lines (as four corner points each).

    Text lines are detected once.  Lines that mostly run up and down mean a
    page turned by 90°: the page is turned clockwise and the lines' corners
    with it.  Then the direction classifier reads the widest lines; if they
    are upside down, the page and the corners are turned by 180°."""
    engine = _engine()
    boxes = _detect(engine, rgb, dpi)
    turn = 0
    if boxes and _tall(boxes):
        boxes = turn_boxes(engine, boxes, rgb.shape, 90)
        rgb = np.ascontiguousarray(cv2.rotate(rgb, cv2.ROTATE_90_CLOCKWISE))
        turn = 90
    if boxes and _upside_down(engine, rgb, boxes):
        boxes = turn_boxes(engine, boxes, rgb.shape, 180)
        rgb = np.ascontiguousarray(cv2.rotate(rgb, cv2.ROTATE_180))
        turn = (turn + 180) % 360
    if turn in (90, 270):
        boxes = _lower_half_again(engine, rgb, dpi, boxes)
    return rgb, turn, boxes


def _lower_half_again(engine: Any, rgb: Array, dpi: float, boxes: Boxes) -> Boxes:
    """The lines of the lower half of an upright page detected again.

    The detector finds the lines of a page lying on its side almost as it
    does upright, but not quite: beside a seal or a signature stroke, a
    short label such as 主要负责人（签章） can merge with the ink around it.
    The signature block is in the lower half of a form's page, so that half
    alone is detected again on the upright page (half the cost of a second
    detection); the upper half keeps the turned lines."""
    h, w = rgb.shape[:2]
    half = h // 2
    start = max(0, half - h // 20)
    fresh = _detect_like_page(engine, np.ascontiguousarray(rgb[start:]), (h, w), dpi)
    kept = [b for b in boxes if float(b[:, 1].mean()) < half]
    for b in fresh:
        moved = b + np.asarray([0, start], dtype=np.float32)
        if float(moved[:, 1].mean()) >= half:
            kept.append(moved)
    return list(engine.sorted_boxes(np.asarray(kept))) if kept else []


def _chosen(
    boxes: Boxes, height: int, bands: list[tuple[int, int]], top_share: float = _TOP
) -> Boxes:
    top: Boxes = []
    rest: Boxes = []
    for b in boxes:
        _, y0, _, y1 = _box(b)
        aspect = _aspect(b)
        if y0 < top_share * height:
            if aspect >= 2.5:
                top.append(b)
        elif bands:
            if aspect >= 3 and any(min(y1, b1) - max(y0, b0) > 0 for b0, b1 in bands):
                rest.append(b)
        elif 3.5 <= aspect <= 14:
            rest.append(b)
    return top[:_MAX_TOP] + rest[-_MAX_REST:]


def row_after(boxes: Boxes, line: TextLine, done: list[TextLine]) -> Boxes:
    """The text lines on ``line``'s row right of it, not read yet (the
    printed words after the signature line, such as （单位公章）)."""
    _, y0, x1, y1 = line.box
    seen = {t.box for t in done}
    out = []
    for b in boxes:
        box = _box(b)
        overlap = min(y1, box[3]) - max(y0, box[1])
        if box[0] >= x1 - 2 and overlap > 0.4 * (y1 - y0) and box not in seen:
            out.append(b)
    return out[:_MAX_REST]


def recognise(
    rgb: Array, page: int, boxes: Boxes, bands: list[tuple[int, int]], *, head: bool = True
) -> list[TextLine]:
    """The text of the lines that can matter: the wide lines at the top of
    the page (with ``head``: the form's title, unit and project are there on
    its first page), and the lines in ``bands`` (rows holding a seal) or,
    without any, the short lines (labels) below the top, or anywhere on the
    page without ``head``."""
    return read_lines(rgb, page, _chosen(boxes, rgb.shape[0], bands, _TOP if head else 0.0))


def labels_left(
    rgb: Array, page: int, boxes: Boxes, done: list[TextLine], *, head: bool = True
) -> list[TextLine]:
    """The short lines (labels) below the top that :func:`recognise` left
    unread because it read the rows of a seal: for a red round mark away
    from the signature block (a logo in the letterhead), so that
    主要负责人（签章） is still read."""
    top = (_TOP if head else 0.0) * rgb.shape[0]
    seen = {t.box for t in done}
    chosen = [
        b
        for b in _chosen(boxes, rgb.shape[0], [], _TOP if head else 0.0)
        if _box(b)[1] >= top and _box(b) not in seen
    ]
    return read_lines(rgb, page, chosen)


#: Around a seal's rows, the band read again without its red (mm above and
#: below the seal).
_BAND_MM: Final = 4.0
_BAND_MAX: Final = 10
#: Share of the paper's lightness (in the red channel) above which a pixel
#: is paper: the seal's ink, about 0.85 of it, drops out.
_RED_LIGHT: Final = 0.8


def _without_red(rgb: Array) -> Array:
    """``rgb`` as grey from its red channel alone: a seal's red ink is
    about as light as the paper there, while print (and a signature in
    black or blue) stays dark, also where the seal covers it."""
    red = rgb[:, :, 0].astype(np.float32)
    light = _RED_LIGHT * max(float(np.percentile(red, 90)), 1.0)
    grey = np.clip(red * (255 / light), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.stack([grey, grey, grey], axis=2))


def _without_seal_grey(rgb: Array, grey: float) -> Array:
    """A greyscale page with the seals' ink, lighter than ``grey``
    (:func:`reform_brand.scan._marks.seal_grey`), made paper, and the
    print's darkest black: print stays dark, also where a seal covers it."""
    gray = rgb[:, :, 0].astype(np.float32)
    dark = min(float(np.percentile(gray, 0.5)), grey - 1.0)
    out = np.clip((gray - dark) * (255 / (grey - dark)), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.stack([out, out, out], axis=2))


def beside_seals(
    rgb: Array,
    page: int,
    dpi: float,
    seals: list[tuple[int, int]],
    done: list[TextLine],
    light: float | None = None,
) -> list[TextLine]:
    """The text lines in the rows of the ``seals`` (top, bottom), found and
    read again on the page without its red: a seal stamped over
    主要负责人（签章） hides the words from the detector on the colour page
    (its ring and its letters join them into one blot), and the words read
    through it come out in part.  Only those bands are detected (a seal's
    rows are a sixth of a page), and only their lines not read already
    (``done``) are recognised.  On a greyscale page, where no red tells the
    seal, ``light`` is the grey below which ink is print
    (:func:`reform_brand.scan._marks.seal_grey`): the seals' lighter ink is
    made paper instead."""
    engine = _engine()
    h, w = rgb.shape[:2]
    pad = int(_BAND_MM * dpi / 25.4)
    spans: list[list[int]] = []
    for top, bottom in sorted(seals):
        top, bottom = max(0, top - pad), min(h, bottom + pad)
        if spans and top <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], bottom)
        else:
            spans.append([top, bottom])
    grey = _without_red(rgb) if light is None else _without_seal_grey(rgb, light)
    found: Boxes = []
    for top, bottom in spans:
        for b in _detect_like_page(engine, grey[top:bottom], (h, w), dpi):
            moved = b + np.asarray([0, top], dtype=np.float32)
            if _aspect(moved) >= 2 and not any(_same(_box(moved), t.box) for t in done):
                found.append(moved)
    return read_lines(grey, page, found[:_BAND_MAX])


def _same(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether boxes ``a`` and ``b`` are mostly the same place."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return False
    both = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1])
    return w * h > 0.6 * (both - w * h)


def read_lines(rgb: Array, page: int, chosen: Boxes) -> list[TextLine]:
    """The text of the ``chosen`` lines."""
    engine = _engine()
    lines: list[TextLine] = []
    if chosen:
        crops = engine.get_crop_img_list(rgb, chosen)
        results, _ = engine.text_rec(crops, return_word_box=True)
        for b, crop, (text, score, info) in zip(chosen, crops, results, strict=False):
            if float(score) < _MIN_SCORE or not text.strip():
                continue
            box = _box(b)
            lines.append(
                TextLine(
                    page=page,
                    text=text,
                    box=box,
                    score=float(score),
                    char_x=_char_x(text, info, box[0], crop.shape[1]),
                )
            )
    return lines


def _char_x(text: str, info: Any, left: int, width: int) -> tuple[int, ...]:
    """Where each character of ``text`` lies, from the recogniser's columns."""
    try:
        total = float(info[0])
        cols = [c for word in info[2] for c in word]
    except (TypeError, IndexError, ValueError):
        return ()
    if len(cols) != len(text) or total <= 0:
        return ()
    return tuple(left + int((c + 0.5) / total * width) for c in cols)
