"""One PDF checked: pages rendered, turned upright, read, seals and the
signature looked for.  Results are kept per content, so a scan named by
several submissions is read once, also across the workers of one run
(:func:`reform_brand.scan._results.by_content`), and between runs
(:mod:`reform_brand.scan._store`)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Final

import numpy as np

import reform_brand.scan._ocr as _ocr
from reform_brand.scan._label import SignLabel, sign_label
from reform_brand.scan._marks import (
    crop_png,
    find_grey_seals,
    find_seals,
    find_signature,
    ink_share,
    png,
    seal_grey,
    signature_line,
)
from reform_brand.scan._pdf import Page, PdfUnreadable, read_pdf
from reform_brand.scan._results import (
    by_content,
    by_digest,
    content_digest,
    content_name,
    keep_by_digest,
)
from reform_brand.scan._store import ocr_installed, write_result
from reform_brand.scan._types import Box, Mark, ScanLimits, ScanResult, TextLine

__all__ = ["verify"]

#: A page with less ink than this share is blank.
_BLANK: Final = 0.002
_THUMB: Final = 320
#: Image objects covering this share of a page make it a scanned page.
_SCANNED: Final = 0.4


def verify(path: Path, limits: ScanLimits, label: str = "") -> ScanResult:
    """The result for ``path``, its signature line found by ``label`` (the
    form's signature label, "" for none), read once per content and label
    (the same scan copied into several folders is read once)."""
    try:
        os.stat(path)
    except OSError:
        return ScanResult(status="unreadable", reason="not-a-file")
    digest = content_digest(path, limits.max_bytes)
    if digest is None:
        return _verify(path, limits, label)
    found = by_digest(digest, limits, label)
    if found is None:
        # Once for this process and the workers it shares results with (a
        # result kept by an earlier run was looked for already: see
        # reform_brand.scan.verify_scan).
        found = by_content(
            content_name(digest, limits, label), lambda: _verified(path, limits, label, digest)
        )
        keep_by_digest(digest, limits, label, found)
    return found


def _verified(path: Path, limits: ScanLimits, label: str, digest: bytes) -> ScanResult:
    """``path`` verified, and its result kept for later runs when it was
    read as the installed packages read it (not with an OCR engine that
    failed to load)."""
    result = _verify(path, limits, label)
    ocr = ocr_installed()
    if result.ocr_available == ocr:
        write_result(digest, limits, label, result, ocr=ocr)
    return result


def _exported(count: int, pages: list[Page], started: float) -> ScanResult:
    """A PDF without page images: its text layer is what it says."""
    lines = tuple(line for p in sorted(pages, key=lambda p: p.number) for line in p.lines)
    blank = tuple(sorted(p.number for p in pages if not p.lines and ink_share(p.rgb) < _BLANK))
    return ScanResult(
        status="ok",
        pages=count,
        scanned=False,
        text_layer=bool(lines),
        blank_pages=blank,
        looked_at=tuple(sorted(p.number for p in pages)),
        lines=lines,
        thumbnail_png=png(pages[0].rgb, max_side=_THUMB),
        seconds=round(time.perf_counter() - started, 3),
    )


def _seal_region(rgb: np.ndarray, dpi: float, region: Box | None) -> bytes:
    """Where the seal belongs: right of the signature line, or else the
    lower right quarter of the page."""
    h, w = rgb.shape[:2]
    mm = dpi / 25.4
    if region is not None:
        cy = (region[1] + region[3]) // 2
        box = (region[0], max(0, cy - int(25 * mm)), w, min(h, cy + int(25 * mm)))
    else:
        box = (w // 2, h // 2, w, h)
    return crop_png(rgb, box)


def _in_place(seal: Mark, region: Box | None, dpi: float) -> Mark:
    if region is None:
        return seal
    cy = (seal.box[1] + seal.box[3]) / 2
    near = abs(cy - (region[1] + region[3]) / 2) < 40 * dpi / 25.4
    return Mark(page=seal.page, box=seal.box, in_place=near, crop_png=seal.crop_png)


class _Acc:
    def __init__(self) -> None:
        self.blank: list[int] = []
        self.seals: list[Mark] = []
        self.signatures: list[Mark] = []
        self.lines: list[TextLine] = []
        self.rotations: list[int] = []
        self.line_found = False
        self.region_png = b""
        self.thumb = b""
        #: The page of the thumbnail (the first with ink of those looked
        #: at, whatever the order they are read in), turned as it was.
        self.thumb_page, self.thumb_turn = 0, 0
        self.glanced: list[int] = []

    def settled(self) -> bool:
        """Whether what the rule asks is known already: a seal, a signature
        by its line, and the form's text (title, unit, project: the top of
        the first page).  Later pages cannot change the findings then."""
        return bool(self.seals and self.signatures and self.line_found and self.lines)


def _glance(page: Page, acc: _Acc) -> None:
    """A page after everything is settled: only whether it is blank."""
    acc.glanced.append(page.number)
    if ink_share(page.rgb) < _BLANK:
        acc.blank.append(page.number)
    elif page.number < acc.thumb_page:  # (turned as the page before it was)
        turned = np.rot90(page.rgb, k=-(acc.thumb_turn // 90))
        acc.thumb, acc.thumb_page = png(np.ascontiguousarray(turned), max_side=_THUMB), page.number


def _read_page(page: Page, acc: _Acc, ocr: bool, label: SignLabel, *, every_head: bool) -> None:
    rgb, turn = page.rgb, 0
    boxes: _ocr.Boxes = []
    if ink_share(rgb) < _BLANK:
        acc.blank.append(page.number)
        acc.rotations.append(0)
        return
    if ocr:
        rgb, turn, boxes = _ocr.upright(rgb, page.dpi)
    acc.rotations.append(turn)
    if not acc.thumb or page.number < acc.thumb_page:
        acc.thumb = png(rgb, max_side=_THUMB)
        acc.thumb_page, acc.thumb_turn = page.number, turn
    seals = find_seals(rgb, page.dpi, page.number)
    # What may cover the signature words: the seals, or on a greyscale
    # page (no red) the round marks found by their shape, and the grey
    # below which ink is print there (see _grey_marks).
    marks, grey = (seals, None) if page.colour else _grey_marks(rgb, page)
    if ocr:
        if not boxes:
            acc.blank.append(page.number)  # ink, but nothing legible
        lines = _read_text(
            rgb, page, boxes, (seals, marks), grey, label, head=every_head or not acc.lines
        )
    else:
        lines = list(page.lines)
    acc.lines.extend(lines)
    found, signature, region = find_signature(rgb, page.dpi, page.number, lines, marks, grey, label)
    acc.line_found = acc.line_found or found
    if signature is not None:
        acc.signatures.append(signature)
    placed = [_in_place(s, region, page.dpi) for s in seals]
    acc.seals.extend(placed)
    if found and not any(s.in_place for s in placed) and not acc.region_png:
        acc.region_png = _seal_region(rgb, page.dpi, region)


def _read_text(
    rgb: np.ndarray,
    page: Page,
    boxes: _ocr.Boxes,
    found: tuple[list[Mark], list[Mark]],
    grey: float | None,
    label: SignLabel,
    *,
    head: bool,
) -> list[TextLine]:
    """The page's lines that can matter (with ``head``, the form's head:
    title, unit, project, read once, on the first page that shows text),
    and the signature line (found by ``label``) however the marks over it
    hide it (``found``: the page's seals, and the marks that may cover the
    line)."""
    seals, marks = found
    bands = [(s.box[1], s.box[3]) for s in seals]
    lines = _ocr.recognise(rgb, page.number, boxes, bands, head=head)
    hit = signature_line(lines, marks, label)
    if hit is None and bands:  # the red marks are not beside the signature line
        lines += _ocr.labels_left(rgb, page.number, boxes, lines, head=head)
        hit = signature_line(lines, marks, label)
    covering = [(s.box[1], s.box[3]) for s in marks]
    if hit is None and covering and (page.colour or grey is not None):
        # A seal is stamped over its words: read them without its ink.
        lines += _ocr.beside_seals(rgb, page.number, page.dpi, covering, lines, grey)
        hit = signature_line(lines, marks, label)
    if hit is not None:
        lines += _ocr.read_lines(rgb, page.number, _ocr.row_after(boxes, hit[0], lines))
    return lines


def _grey_marks(rgb: np.ndarray, page: Page) -> tuple[list[Mark], float | None]:
    """A greyscale page's round marks, found by their shape (no red tells
    a seal there), and the grey below which ink is print, not theirs: they
    cover the signature words as a colour page's seals do.  They are not
    reported as seals: a round mark on a grey page may be a logo."""
    marks = find_grey_seals(rgb, page.dpi, page.number)
    return marks, seal_grey(rgb, marks) if marks else None


def _verify(path: Path, limits: ScanLimits, label: str = "") -> ScanResult:
    started = time.perf_counter()
    try:
        count, pages = read_pdf(path, limits)
    except PdfUnreadable as exc:
        return ScanResult(status="unreadable", reason=exc.reason)
    if not any(p.image_cover >= _SCANNED for p in pages):
        return _exported(count, pages, started)
    ocr = _ocr.available()
    acc = _Acc()
    sign = sign_label(label)
    for page in pages:
        if ocr and limits.glance and acc.settled():
            _glance(page, acc)
        else:
            _read_page(page, acc, ocr, sign, every_head=not limits.glance)
    # Once the signature line is read, the seal is the one stamped in its
    # band: a red round mark elsewhere (a logo in the letterhead) is not it.
    elsewhere: list[Mark] = []
    if acc.line_found and not any(s.in_place for s in acc.seals):
        elsewhere, acc.seals = acc.seals, []
    if not acc.seals and not acc.region_png:
        by_number = sorted(pages, key=lambda p: p.number)
        last = next((p for p in reversed(by_number) if p.number not in acc.blank), by_number[-1])
        acc.region_png = _seal_region(last.rgb, last.dpi, None)
    return ScanResult(
        status="ok",
        pages=count,
        scanned=True,
        text_layer=any(p.lines for p in pages),
        colour=any(p.colour for p in pages if p.image_cover >= _SCANNED),
        blank_pages=tuple(sorted(acc.blank)),
        looked_at=tuple(sorted(p.number for p in pages)),
        seals=tuple(acc.seals),
        seals_elsewhere=tuple(elsewhere),
        signatures=tuple(acc.signatures),
        signature_line_found=acc.line_found,
        seal_region_png=acc.region_png,
        thumbnail_png=acc.thumb or png(pages[0].rgb, max_side=_THUMB),
        lines=tuple(acc.lines),
        ocr=ocr,
        ocr_available=ocr,
        rotations=tuple(acc.rotations),
        glanced_pages=tuple(sorted(acc.glanced)),
        seconds=round(time.perf_counter() - started, 3),
    )
