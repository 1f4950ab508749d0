"""Opening a PDF with pypdfium2 under limits: page count, image and page
pixels, file size.  The file is read through :func:`reform_brand.safeopen.
open_regular` (a regular file, no FIFO, no device) and handed to pdfium as
bytes."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from attrs import frozen

from reform_brand.opened import pdf_content_known
from reform_brand.safeopen import UnsafeFileError, open_regular
from reform_brand.scan._declared import Declared, Drawn, declared
from reform_brand.scan._pdf_crypt import CipherMissing
from reform_brand.scan._pdf_jpeg import jpeg_read
from reform_brand.scan._types import ScanLimits, TextLine

__all__ = ["Page", "PdfUnreadable", "pages_to_read", "read_pdf", "text_layer"]

Image = npt.NDArray[np.uint8]

#: Colour spaces of a black-and-white or greyscale image.
_GREY_SPACES: Final = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_CALGRAY)


#: A fill colour whose red, green and blue differ by less is a grey.
_GREY_SPREAD: Final = 24
#: Where a JPEG's end marker (a JPEG 2000 codestream's too) is looked for,
#: at the end of its data.
_JPEG_TAIL: Final = 1024
#: A page longer than this (in points: a quarter longer than A4, 371 mm)
#: is no scan of a form's paper at the paper's size but a photo saved at
#: its own (a phone's 4032 by 3024 pixels at 72 dpi: 1.4 m long), or a
#: scan of the whole glass of an A3 scanner: the paper in it, a form, is
#: taken for an A4 sheet along its long side (a seal's size is measured
#: on the paper: the paper filling 60 % of the photo still tells a seal
#: of 42 mm at 25, an A4 sheet on A3's glass at 30).
_PAPER_LONGEST: Final = 1053
#: ... and likewise a page shorter than this (a quarter shorter than A4,
#: 223 mm: a photo of 1240 by 1754 pixels saved at 300 dpi is 149 mm
#: long, its seal measured at half its size).
_PAPER_SHORTEST: Final = 631
_A4_LONG: Final = 842
#: The fewest bytes of a JBIG2 segment's header.
_JBIG2_HEADER: Final = 11
#: How many segments are walked (a scan's page has a few: page
#: information, a region or two, its end); past them its end is not told.
_JBIG2_SEGMENTS: Final = 10_000
#: Where a fax image's end marker is looked for, at the end of its data;
#: the marker, as bits (two end-of-line codes, fill bits between).
_FAX_TAIL: Final = 16
_FAX_END: Final = re.compile(r"0{11}10{11,26}1")
#: How a bare JPEG 2000 codestream begins (not a JP2 file's boxes).
_J2K_START: Final = b"\xff\x4f\xff\x51"
#: Forms inside forms are looked into this deep, deeper than pdfium parses
#: them (40 levels).
_FORM_DEPTH: Final = 64


class PdfUnreadable(Exception):
    """The PDF cannot be (or must not be) opened; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@frozen(kw_only=True)
class Page:
    number: int
    #: RGB pixels, upright as the PDF shows the page.
    rgb: Image
    dpi: float
    #: Share of the page covered by image objects (0 to 1).
    image_cover: float
    #: Whether an image on the page holds colour (not a black-and-white or
    #: greyscale scan, where a seal shows no red).
    colour: bool = True
    #: Lines of the text layer, in page pixels.
    lines: tuple[TextLine, ...]


def _read_bytes(path: Path, limits: ScanLimits) -> bytes:
    known = pdf_content_known(path)  # (read whole by the sniff that hashed it)
    if known is not None:
        return known
    try:
        with open_regular(path, max_bytes=limits.max_bytes) as fh:
            return fh.read(limits.max_bytes + 1)
    except UnsafeFileError as exc:
        raise PdfUnreadable("too-large" if exc.code == "read.too-large" else "not-a-file") from None
    except OSError:
        raise PdfUnreadable("not-a-file") from None


def _open(data: bytes) -> pdfium.PdfDocument:
    """The document, its form fields drawn when its pages are rendered (the
    normal appearance of a widget: a signature field's picture, an
    electronic seal, which a viewer shows and pdfium draws only so)."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        err = getattr(exc, "err_code", None)
        if err == pdfium_c.FPDF_ERR_PASSWORD:
            raise PdfUnreadable("encrypted") from None
        raise PdfUnreadable("broken") from None
    try:  # (not an XFA form's, which this pdfium cannot draw: it would say so on stderr)
        if doc.get_formtype() == pdfium_c.FORMTYPE_ACRO_FORM:
            doc.init_forms()
    except pdfium.PdfiumError:
        doc.close()
        raise PdfUnreadable("broken") from None
    return doc


def _in_colour(obj: Any) -> bool:
    """Whether the image object may hold colour: anything but a grey colour
    space of at most 8 bits a pixel, a palette whose colours drawn are
    greys (a black-and-white scan stored as a palette of black and white),
    or a stencil mask (1 bit a pixel, no colour space: a black-and-white
    fax or scan stored as /ImageMask) painted in a grey."""
    try:
        meta = obj.get_metadata()
    except pdfium.PdfiumError:
        return True
    if meta.colorspace == pdfium_c.FPDF_COLORSPACE_UNKNOWN and meta.bits_per_pixel == 1:
        return not _grey_fill(obj)
    if meta.colorspace == pdfium_c.FPDF_COLORSPACE_INDEXED and 0 < meta.bits_per_pixel <= 8:
        return not _grey_palette(obj)
    grey = meta.colorspace in _GREY_SPACES or (
        meta.colorspace == pdfium_c.FPDF_COLORSPACE_ICCBASED and 0 < meta.bits_per_pixel <= 8
    )
    return not (grey and 0 < meta.bits_per_pixel <= 8)


def _grey_palette(obj: Any) -> bool:
    """Whether an image of a palette shows greys only (its pixels decoded:
    pdfium gives a palette of black and white as grey)."""
    try:
        bitmap = obj.get_bitmap(render=False)
    except pdfium.PdfiumError:
        return False
    if bitmap.format == pdfium_c.FPDFBitmap_Gray:
        return True
    pixels = bitmap.to_numpy()
    if pixels.ndim < 3:
        return False
    rgb = pixels[..., :3]
    return bool((rgb.max(axis=2) - rgb.min(axis=2) < _GREY_SPREAD).all())


def _grey_fill(obj: Any) -> bool:
    """Whether a stencil mask is painted in a grey (black, as a scan's), not
    in a colour (a red stamp drawn as a stencil)."""
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *rgba):
        return False
    r, g, b = (v.value for v in rgba[:3])
    return max(r, g, b) - min(r, g, b) < _GREY_SPREAD


def _cut_short(obj: Any, width: int, height: int, jpeg_end: bool) -> bool:
    """Whether an image's data is cut short or damaged, so that pdfium
    draws it in part, the rest black (Flate, LZW, the other filters pdfium
    decodes itself, or none: fewer bytes than its rows need, a row or more
    and a hundredth of them), grey, or not at all (a JPEG without its end
    marker, ``jpeg_end`` as :func:`jpeg_read` found it, or whose header
    cannot be read; a JPEG 2000 image pdfium cannot decode, or a bare
    codestream without its end marker, FFD9 too).
    A JBIG2 image is cut short when its segments are (:func:`_jbig2_cut`),
    a fax image when its last rows are missing (:func:`_fax_cut`)."""
    filters = obj.get_filters(skip_simple=True)
    if filters[-1:] == ["JBIG2Decode"]:
        return _jbig2_cut(bytes(obj.get_data(decode_simple=True)))
    if filters[-1:] == ["CCITTFaxDecode"]:
        return _fax_cut(obj, height)
    if filters and filters[-1:] not in (["DCTDecode"], ["JPXDecode"]):
        return False
    try:
        bits = obj.get_metadata().bits_per_pixel
    except pdfium.PdfiumError:
        return True
    if filters[-1:] == ["DCTDecode"]:
        return bits == 0 or not jpeg_end
    if filters:
        data = obj.get_data(decode_simple=True)
        if bytes(data[:4]) != _J2K_START:
            return bool(bits == 0)  # (a JP2 file: boxes may follow its codestream)
        return bits == 0 or b"\xff\xd9" not in bytes(data[-_JPEG_TAIL:])
    row = (width * bits + 7) // 8
    have = pdfium_c.FPDFImageObj_GetImageDataDecoded(obj.raw, None, 0)
    missing = row * height - have
    return bool(bits > 0 and missing > row and missing * 100 > row * height)


def _jbig2_cut(data: bytes) -> bool:
    """Whether a JBIG2 embedded stream (the segments a PDF holds, without
    a file's header) ends inside a segment: its header, or its data,
    whose length the header gives, cut short; pdfium draws it white (the
    page's default) from where the data ends.  A generic region of a
    length not given (``0xFFFFFFFF``) arithmetically coded ends at its
    marker (FFAC and its rows), which no other bytes of such data make;
    one coded with MMR ends at 0000, which its data may hold: it is
    taken as whole.  A few bytes after the last segment, too few for a
    header (a writer's padding), are not a cut."""
    pos = 0
    for _ in range(_JBIG2_SEGMENTS):
        if len(data) - pos < _JBIG2_HEADER:
            break
        number, flags = int.from_bytes(data[pos : pos + 4], "big"), data[pos + 4]
        count = data[pos + 5] >> 5
        pos += 6
        if count == 7:  # (the long form: a count of 4 bytes, then a bit a segment)
            count = int.from_bytes(data[pos - 1 : pos + 3], "big") & 0x1FFFFFFF
            pos += 3 + (count + 8) // 8
        size = 1 if number <= 256 else 2 if number <= 65536 else 4
        pos += count * size + (4 if flags & 0x40 else 1)
        length = int.from_bytes(data[pos : pos + 4], "big")
        pos += 4
        if pos > len(data):
            return True
        if length == 0xFFFFFFFF:
            region = data[pos + 17 : pos + 18]
            if flags & 0x3F not in (36, 38, 39) or not region or region[0] & 1:
                return False  # (MMR, or not a generic region: its end not told)
            end = data.find(b"\xff\xac", pos + 18)
            if end < 0:
                return True
            length = end + 6 - pos
        pos += length
    return pos > len(data)


def _fax_cut(obj: Any, height: int) -> bool:
    """Whether a fax image (CCITT group 3 or 4) misses its last rows, which
    pdfium draws black (under the default /Decode; white under
    ``[1 0]``, as paper, which is not told): rows of nothing but black
    at its end, more than one and a hundredth of them, and no end marker
    (EOFB, or RTC: two end-of-line codes, fill bits between) in its last
    bytes.  pdfium gives no count of the rows it decoded, and a row
    missing is drawn as a row all black; a page that ends in a black band
    (a scanner's dark lid below the paper) with its end marker is whole."""
    tail = bytes(obj.get_data(decode_simple=True))[-_FAX_TAIL:]
    if _FAX_END.search("".join(f"{b:08b}" for b in tail)) is not None:
        return False
    try:
        bitmap = obj.get_bitmap(render=False)
    except pdfium.PdfiumError:
        return True
    pixels = bitmap.to_numpy()
    if pixels.ndim == 3:
        pixels = pixels[..., :3]
    rows = int(pixels.shape[0])
    light = np.flatnonzero(pixels.reshape(rows, -1).any(axis=1))
    missing = rows - (int(light[-1]) + 1 if len(light) else 0)
    return missing > 1 and missing * 100 > height


def _examined(
    obj: Any, width: int, height: int, known: dict[tuple[object, ...], tuple[int, int, bool]]
) -> tuple[int, int, bool]:
    """An image's size as pdfium decodes it (a JPEG's frame's when larger
    than its dictionary's) and whether it is cut short; looked into once
    for all the images of the same filters, size and length of data (an
    image drawn again and again: its data, megabytes, read once, not a
    thousand times)."""
    filters = tuple(obj.get_filters(skip_simple=True))
    key = (filters, width, height, pdfium_c.FPDFImageObj_GetImageDataRaw(obj.raw, None, 0))
    if key not in known:
        w, h, end = width, height, False
        if filters[-1:] == ("DCTDecode",):  # (its segments walked once for both)
            frame, end = jpeg_read(bytes(obj.get_data(decode_simple=True)))
            w, h = max(w, frame[0]), max(h, frame[1])
        known[key] = (w, h, _cut_short(obj, width, height, end))
    return known[key]


def _image_cover(page: Any, limits: ScanLimits, annotated: Drawn) -> tuple[float, bool]:
    """Share of the page's area under image objects, and whether any of
    them holds colour (True without images); raises for an image with too
    many pixels, a page that draws too much (``ScanLimits``: objects,
    images, their pixels, their data, added to what its annotations draw,
    ``annotated``), or else an image cut short."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    colour: bool | None = None
    read, drawn, images = annotated
    broken = False
    known: dict[tuple[object, ...], tuple[int, int, bool]] = {}
    for count, obj in enumerate(page.get_objects(max_depth=_FORM_DEPTH), 1):
        if count > limits.max_page_objects:
            raise PdfUnreadable("page-too-busy")
        if obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        try:
            w, h = obj.get_px_size()
        except pdfium.PdfiumError:
            continue
        w, h, cut = _examined(obj, w, h, known)
        if w * h > limits.max_image_pixels:
            raise PdfUnreadable("image-too-large")
        images, drawn = images + 1, drawn + w * h
        read += pdfium_c.FPDFImageObj_GetImageDataRaw(obj.raw, None, 0)
        if (
            images > limits.max_page_images
            or drawn > limits.max_page_image_pixels
            or read > limits.max_page_image_bytes
        ):
            raise PdfUnreadable("page-too-busy")
        left, bottom, right, top = obj.get_bounds()
        covered += max(0.0, right - left) * max(0.0, top - bottom)
        colour = bool(colour) or _in_colour(obj)
        broken = broken or cut
    if broken:
        raise PdfUnreadable("image-broken")
    return float(min(covered / area, 1.0)), colour is not False


def _text_lines(page: Any, number: int) -> tuple[TextLine, ...]:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded()
    finally:
        textpage.close()
    out = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line:
            out.append(TextLine(page=number, text=line, box=(0, 0, 0, 0)))
    return tuple(out)


def _render(page: Any, limits: ScanLimits) -> tuple[Image, float]:
    """The page's pixels and their resolution on the paper: the page's
    own, but for a page longer or shorter than a scan of a form's paper
    (:data:`_PAPER_LONGEST`, :data:`_PAPER_SHORTEST`), a photo saved at
    its own size, whose paper is taken for an A4 sheet along its long
    side."""
    width, height = page.get_size()
    dpi = float(limits.dpi)
    pixels = (width / 72 * dpi) * (height / 72 * dpi)
    if pixels > limits.max_page_pixels:
        dpi = dpi * (limits.max_page_pixels / pixels) ** 0.5
    if dpi < limits.min_dpi:
        raise PdfUnreadable("page-too-large")
    long = max(width, height)
    paper = long / _A4_LONG if not _PAPER_SHORTEST <= long <= _PAPER_LONGEST else 1.0
    # (a photo: at the resolution of a scan of its paper)
    dpi = limits.dpi / paper if paper < 1 else min(dpi, limits.dpi / paper)
    bitmap = page.render(scale=dpi / 72)
    try:
        arr = np.asarray(bitmap.to_pil().convert("RGB"), dtype=np.uint8).copy()
    finally:
        bitmap.close()
    return arr, dpi * paper


def _check_declared(doc: pdfium.PdfDocument, data: bytes, limits: ScanLimits) -> Declared:
    """What the PDF declares (:func:`declared`); raise when an image it
    declares is too large for pdfium to parse a page that draws it, or
    when what it declares cannot be known (too much to look into, a key
    not known; or, ``encrypted-unchecked``, encrypted with AES and the
    ``cryptography`` package missing)."""
    encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw) != -1
    try:
        found = declared(data, encrypted=encrypted)
    except CipherMissing:
        raise PdfUnreadable("encrypted-unchecked") from None
    if found is None:
        raise PdfUnreadable("too-large")
    if found.pixels > limits.max_image_pixels:
        raise PdfUnreadable("image-too-large")
    return found


def _page_count(doc: pdfium.PdfDocument, found: Declared, limits: ScanLimits) -> int:
    """The pages of the PDF: pdfium's count, when it is the page tree's
    leaves that are there (a /Count that names pages that are not there
    is a damaged file: ``broken``)."""
    count = len(doc)
    real = count if found.pages is None else len(found.pages)
    if real > limits.max_pages:
        raise PdfUnreadable("too-many-pages")
    if count != real or count == 0:
        raise PdfUnreadable("broken")
    return count


def _open_page(doc: pdfium.PdfDocument, found: Declared, index: int, limits: ScanLimits) -> Any:
    """Page ``index`` opened by pdfium, once what it draws, counted from its
    content streams, and the annotations it names, and what they draw in
    all, are within the limits: pdfium parses every form it draws as often
    as it draws it as it opens the page, and loads every annotation
    (``page-too-busy``)."""
    if (
        found.annotations(index) > limits.max_page_annotations  # (before what they draw)
        or found.page_draws(index, limits.max_page_objects) > limits.max_page_objects
        or _too_many(
            found.other_images(
                limits.max_page_image_bytes, limits.max_page_image_pixels, limits.max_page_images
            ),
            limits,
        )
        or _too_many(_annotated(found, index, limits), limits)
    ):
        raise PdfUnreadable("page-too-busy")
    try:
        return doc[index]
    except pdfium.PdfiumError:
        raise PdfUnreadable("broken") from None  # (a leaf that is no page)


def _annotated(found: Declared, index: int, limits: ScanLimits) -> Drawn:
    """What the annotations of page ``index`` draw in all (bytes of image
    data, pixels, images), up to the limits of a page."""
    return found.annotation_images(
        index, limits.max_page_image_bytes, limits.max_page_image_pixels, limits.max_page_images
    )


def _too_many(images: Drawn, limits: ScanLimits) -> bool:
    """Whether images drawn outside the page's content (bytes of data,
    pixels, images) are more than a page may draw."""
    return (
        images[0] > limits.max_page_image_bytes
        or images[1] > limits.max_page_image_pixels
        or images[2] > limits.max_page_images
    )


def pages_to_read(count: int, limits: ScanLimits) -> list[int]:
    """The 0-based pages of a PDF of ``count`` pages that are read, in the
    order they are read: the first page (the form's head), then the last
    pages from the end (a long form's signature block and seal are on its
    last page or the one before), then the other first pages."""
    order = [0] if count and limits.pages_read else []
    order += range(count - 1, max(0, count - 1 - limits.last_pages), -1)
    order += range(1, min(count, limits.pages_read))
    return list(dict.fromkeys(order))


def read_pdf(path: Path, limits: ScanLimits) -> tuple[int, list[Page]]:
    """The page count of the PDF at ``path`` and the pages it is read by
    rendered, in the order of :func:`pages_to_read`;
    :class:`PdfUnreadable` when it cannot or must not be read."""
    data = _read_bytes(path, limits)
    if len(data) > limits.max_bytes:
        raise PdfUnreadable("too-large")
    doc = _open(data)
    try:
        found = _check_declared(doc, data, limits)
        count = _page_count(doc, found, limits)
        pages = []
        for i in pages_to_read(count, limits):
            page = _open_page(doc, found, i, limits)
            try:
                cover, colour = _image_cover(page, limits, _annotated(found, i, limits))
                rgb, dpi = _render(page, limits)
                lines = _text_lines(page, i + 1)
            except pdfium.PdfiumError:
                raise PdfUnreadable("broken") from None
            finally:
                page.close()
            pages.append(
                Page(number=i + 1, rgb=rgb, dpi=dpi, image_cover=cover, colour=colour, lines=lines)
            )
        return count, pages
    finally:
        doc.close()


def text_layer(path: Path, limits: ScanLimits) -> str:
    """The text layer of the pages read of the PDF at ``path``, one line per
    line ("" for an image-only scan), without rendering anything;
    :class:`PdfUnreadable` when it cannot or must not be read (its pages
    counted as :func:`read_pdf` counts them)."""
    data = _read_bytes(path, limits)
    if len(data) > limits.max_bytes:
        raise PdfUnreadable("too-large")
    doc = _open(data)
    try:
        found = _check_declared(doc, data, limits)
        lines: list[str] = []
        for i in sorted(pages_to_read(_page_count(doc, found, limits), limits)):
            page = _open_page(doc, found, i, limits)
            try:
                lines.extend(t.text for t in _text_lines(page, i + 1))
            except pdfium.PdfiumError:
                raise PdfUnreadable("broken") from None
            finally:
                page.close()
        return "\n".join(lines)
    finally:
        doc.close()
