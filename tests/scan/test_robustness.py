"""Bad PDFs give a finding under limits, never a crash; without the extra a
scan gets scan.unverified; nothing heavy is imported until a scan is."""

from __future__ import annotations

import importlib
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from reform_brand.scan import ScanLimits, missing_extra, sample_scan, text_layer, verify_scan
from tests.scan.pdfs import (
    _page,
    drawn_pdf,
    encrypted_pdf,
    image_pdf,
    inline_image_pdf,
    masked_image_pdf,
    packed_pdf,
    pages_pdf,
    pdf,
    referenced_size_pdf,
)
from tests.scan.pdfs_pages import (
    annotated_pdf,
    bilevel_scan_pdf,
    counted_pdf,
    group4_data,
    image_scan_pdf,
    jbig2_data,
    nested_drawn_pdf,
    pattern_drawn_pdf,
    self_drawn_pdf,
    updated_pdf,
    updated_stream_pdf,
)
from tests.validation.helpers import EXAMPLES

P = "/attachments/0/path"
Submit = Callable[..., list[tuple[str, str]]]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (encrypted_pdf(), "encrypted"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 100, "broken"),
        (pages_pdf(51), "too-many-pages"),
        (pages_pdf(1, 14400, 14400), "page-too-large"),
        (image_pdf(20000, 20000), "image-too-large"),
        # A small image whose soft mask claims 30000 x 30000 pixels: pdfium
        # decodes the mask whole (900 MB) when it draws the image.
        (masked_image_pdf(30000), "image-too-large"),
        # The same mask with no /Subtype /Image, its keys written with
        # escapes: pdfium decodes it all the same.
        (masked_image_pdf(30000, bare=True), "image-too-large"),
        # The same, its size given by references into an object stream.
        (referenced_size_pdf(30000), "image-too-large"),
        # An inline image claiming as many, in a compressed content stream
        # six form XObjects deep: pdfium decoded it (1.7 GB) as it parsed
        # the page, before its objects were measured.
        (inline_image_pdf(30000, depth=6), "image-too-large"),
        # A few KB drawing a small image 10,000 times (a form drawn 100
        # times, drawing it 100 times): pdfium took minutes to render it.
        (drawn_pdf(10, 100, 100), "page-too-busy"),
        # Or an image of 100 million pixels four times (0.2 s a time).
        (drawn_pdf(10000, 4, 1), "page-too-busy"),
        # Or 200,000 squares.
        (drawn_pdf(10, 1000, 200, b"0 0 1 1 re f"), "page-too-busy"),
        # A page tree whose /Count names 100,000 pages, of which one is
        # there: damaged, not too many pages.
        (counted_pdf(100_000, 1), "broken"),
        (counted_pdf(3, 1), "broken"),
        # 51 pages there, whatever /Count says.
        (counted_pdf(1, 51), "too-many-pages"),
    ],
)
def test_bad_pdfs_are_reported_not_opened(data: bytes, reason: str, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable", reason)


def _pages_opened(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The indexes of the pages pdfium is asked to open, as they are."""
    import pypdfium2

    opened: list[int] = []
    real = pypdfium2.PdfDocument.get_page

    def get_page(doc: pypdfium2.PdfDocument, index: int) -> pypdfium2.PdfPage:
        opened.append(index)
        return real(doc, index)

    monkeypatch.setattr(pypdfium2.PdfDocument, "get_page", get_page)
    return opened


@pytest.mark.parametrize(
    "data",
    [
        # A form of 1,000 squares drawn 3,000 times (120 KB): pdfium took
        # seconds and a gigabyte parsing it as it opened the page.
        drawn_pdf(10, 1000, 3000, b"0 0 1 1 re f"),
        # Forms drawing forms: 30 x 100 x 1,000 objects from 15 KB.
        nested_drawn_pdf(30, 100, 1000),
        # A form drawing itself twice, 40 levels deep: pdfium ran out of
        # memory.
        self_drawn_pdf(2),
        # A pattern's cell drawing the form of 1,000 squares 3,000 times:
        # a gigabyte as pdfium drew the page, and no page object to count.
        pattern_drawn_pdf(3000, 1000),
        # 120,000 annotations (700 KB): pdfium took 5 s and 550 MB for
        # 200,000.
        annotated_pdf(120_000),
    ],
)
def test_a_page_drawing_too_much_is_never_opened(
    data: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What a page draws is counted from its content streams, forms inside
    forms as often as they are drawn, before pdfium opens the page (which
    parses them all)."""
    opened = _pages_opened(monkeypatch)
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    result = verify_scan(path)
    assert (result.status, result.reason, opened) == ("unreadable", "page-too-busy", [])


@pytest.mark.parametrize(("count", "reason"), [(1_000, ""), (1_001, "page-too-busy")])
def test_a_page_naming_too_many_annotations_is_never_opened(
    count: int, reason: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Up to 1,000 annotations a page (``ScanLimits.max_page_annotations``):
    pdfium loads each as it draws the page (20,000 took a second)."""
    opened = _pages_opened(monkeypatch)
    path = tmp_path / "scan.pdf"
    path.write_bytes(annotated_pdf(count))
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable" if reason else "ok", reason)
    assert opened == ([] if reason else [0])


@pytest.mark.parametrize(
    "data",
    [
        # 100 forms of 100 squares: 10,100 objects.
        nested_drawn_pdf(1, 100, 100),
        # A form drawing itself once, 40 levels deep: 81 objects.
        self_drawn_pdf(1),
    ],
)
def test_a_page_drawing_forms_within_the_limit_is_read(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    assert verify_scan(path).status == "ok"


def _busy_third_page() -> bytes:
    """Three pages, the third drawing a form of 1,000 squares 3,000 times."""
    return pdf(_busy_objects())


def _busy_objects() -> list[bytes]:
    """The objects of :func:`_busy_third_page`."""
    squares = b"0 0 1 1 re f\n" * 1000
    draws = b"/F1 Do\n" * 3000
    empty = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
        empty,
        empty,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
        b"<< /F1 7 0 R >> >> /Contents 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draws), draws),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length %d >>\nstream\n%s\n"
        b"endstream" % (len(squares), squares),
    ]


_EMPTY_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
_SMALL_FORM = b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length 12 >>\nstream\n0 0 1 1 re f\nendstream"


def _updates(form: int, content: int) -> list[tuple[dict[int, bytes], str, str]]:
    """Updates of the busy third page (objects defined anew), and what the
    scan is then; ``form`` and ``content`` number the new objects."""
    return [
        # The busy page defined anew, empty: its old content is not reached.
        ({5: _EMPTY_PAGE}, "ok", ""),
        # Its content stream defined anew, empty.
        ({6: b"<< /Length 0 >>\nstream\n\nendstream"}, "ok", ""),
        # The page drawing /F1 once, now a small form: the busy form of the
        # same name is no longer reached.
        (
            {
                5: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
                b"/XObject << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (form, content),
                form: _SMALL_FORM,
                content: b"<< /Length 6 >>\nstream\n/F1 Do\nendstream",
            },
            "ok",
            "",
        ),
        # Another page defined anew: the busy page is still there.
        ({3: _EMPTY_PAGE}, "unreadable", "page-too-busy"),
    ]


@pytest.mark.parametrize(("update", "status", "reason"), _updates(8, 9))
def test_what_an_update_replaced_is_not_counted(
    update: dict[int, bytes], status: str, reason: str, tmp_path: Path
) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(updated_pdf(_busy_third_page(), update))
    result = verify_scan(path)
    assert (result.status, result.reason) == (status, reason)
    assert result.pages == (3 if status == "ok" else 0)


@pytest.mark.parametrize("predictor", [False, True])
@pytest.mark.parametrize(("update", "status", "reason"), _updates(20, 21))
def test_what_an_update_replaced_is_not_counted_under_a_stream(
    update: dict[int, bytes], status: str, reason: str, predictor: bool, tmp_path: Path
) -> None:
    """The same with cross-reference streams (PDF 1.5), the pages kept in
    an object stream, as a PDF 1.5 writer stores them."""
    base = packed_pdf(_busy_objects(), {1, 2, 3, 4, 5})
    path = tmp_path / "scan.pdf"
    path.write_bytes(updated_stream_pdf(base, update, predictor=predictor))
    result = verify_scan(path)
    assert (result.status, result.reason) == (status, reason)
    assert result.pages == (3 if status == "ok" else 0)


def test_an_update_of_a_hybrid_file_is_read_by_its_stream(tmp_path: Path) -> None:
    """A hybrid file's update (a table whose trailer names an /XRefStm, as
    Word's "save as PDF" writes): the busy content stream defined anew,
    empty, where only its cross-reference stream points."""
    base = _busy_third_page()
    prev = int(base.rsplit(b"startxref", 1)[1].split()[0])
    out = bytearray(base)
    empty_at = len(out)
    out += b"6 0 obj\n<< /Length 0 >>\nstream\n\nendstream\nendobj\n"
    rows = zlib.compress(b"\x01" + empty_at.to_bytes(4, "big") + b"\x00\x00")
    stream_at = len(out)
    out += (
        b"9 0 obj\n<< /Type /XRef /Size 10 /Index [6 1] /W [1 4 2] /Filter /FlateDecode "
        b"/Length %d >>\nstream\n" % len(rows) + rows + b"\nendstream\nendobj\n"
    )
    table_at = len(out)
    out += b"xref\n9 1\n%010d 00000 n \ntrailer\n" % stream_at
    out += b"<< /Size 10 /Root 1 0 R /Prev %d /XRefStm %d >>\n" % (prev, stream_at)
    out += b"startxref\n%d\n%%%%EOF\n" % table_at
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(out))
    result = verify_scan(path)
    assert (result.status, result.reason, result.pages) == ("ok", "", 3)


def test_a_button_icon_that_draws_too_much_is_refused(tmp_path: Path) -> None:
    """A pushbutton without an appearance whose icon (``/MK /I``, shown:
    ``/TP 1``) draws a form of 1,000 squares 3,000 times: pdfium makes the
    button's appearance from it and would parse them all."""
    squares = b"0 0 1 1 re f\n" * 1000
    draws = b"/F1 Do\n" * 3000
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /T (b) /F 4 "
        b"/Rect [100 100 300 300] /MK << /I 5 0 R /TP 1 >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject "
        b"<< /F1 6 0 R >> >> /Length %d >>\nstream\n%s\nendstream" % (len(draws), draws),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length %d >>\nstream\n%s\n"
        b"endstream" % (len(squares), squares),
    ]
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf(objects))
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable", "page-too-busy")


_LIGHT_PAGE = b"<< /Type /Page /MediaBox [0 0 595 842] >>"


@pytest.mark.parametrize(
    "after",
    [
        # The busy content stream defined again, empty, after the file's
        # end, where no cross-reference table points: pdfium reads the
        # busy one.
        b"6 0 obj\n<< /Length 0 >>\nstream\n\nendstream\nendobj\n",
        # A catalog of three light pages named as /Root in a comment after
        # the file's end: pdfium reads the trailer's.
        b"99 0 obj\n<< /Type /Catalog /Pages 98 0 R >>\nendobj\n98 0 obj\n<< /Type /Pages "
        b"/Kids [95 0 R 96 0 R 97 0 R] /Count 3 >>\nendobj\n95 0 obj\n%s\nendobj\n96 0 obj\n"
        b"%s\nendobj\n97 0 obj\n%s\nendobj\n%% trailer << /Root 99 0 R >>\n"
        % (_LIGHT_PAGE, _LIGHT_PAGE, _LIGHT_PAGE),
    ],
)
def test_what_pdfium_does_not_read_hides_nothing(
    after: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What the cross-reference tables do not point to does not hide the
    busy page: it is refused before pdfium opens it."""
    opened = _pages_opened(monkeypatch)
    path = tmp_path / "scan.pdf"
    path.write_bytes(_busy_third_page() + after)
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable", "page-too-busy")
    assert 2 not in opened


def test_a_count_of_no_pages_is_read_by_its_pages(tmp_path: Path) -> None:
    """A /Count of 0 (pdfium counts the pages then) over two pages there."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(counted_pdf(0, 2))
    result = verify_scan(path)
    assert (result.status, result.pages) == ("ok", 2)


def _page_image() -> tuple[bytes, bytes]:
    """A page's picture: its pixels (85 by 110, grey with a dark band) and
    the same as a JPEG."""
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (85, 110), (200, 200, 200))
    ImageDraw.Draw(picture).rectangle((10, 40, 75, 60), fill=(20, 20, 20))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return picture.tobytes(), out.getvalue()


def _with_thumbnail(jpeg: bytes) -> bytes:
    """``jpeg`` with an APP1 (EXIF) segment after its start holding a
    thumbnail, itself a JPEG with its end marker (``jpeg`` again)."""
    app1 = b"Exif\x00\x00" + jpeg
    return jpeg[:2] + b"\xff\xe1" + (len(app1) + 2).to_bytes(2, "big") + app1 + jpeg[2:]


def _jpeg_2000(pixels: bytes) -> tuple[bytes, bytes]:
    """The page's picture (:func:`_page_image`) as a bare JPEG 2000
    codestream and as a JP2 file."""
    import io

    from PIL import Image

    picture = Image.frombytes("RGB", (85, 110), pixels)
    out = []
    for bare in (True, False):
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG2000", no_jp2=bare)
        out.append(buffer.getvalue())
    return out[0], out[1]


@pytest.mark.parametrize(
    ("cut", "reason"),
    [
        ("jpeg", ""),
        ("jpeg-half", "image-broken"),
        ("jpeg-header", "image-broken"),
        # What a phone puts after a photo's end (Samsung's trailer, a
        # motion photo's video) is not read: the photo is whole.
        ("jpeg-trailer", ""),
        # An EXIF thumbnail's end marker, near the end of a photo cut short.
        ("jpeg-thumbnail-cut", "image-broken"),
        ("flate", ""),
        ("flate-half", "image-broken"),
        ("none-short", "image-broken"),
        ("j2k", ""),
        ("j2k-half", "image-broken"),
        ("j2k-end", "image-broken"),
        ("jp2", ""),
        ("jp2-half", "image-broken"),
        # A JP2 file whose codestream is followed by another box (XML).
        ("jp2-xml", ""),
    ],
)
def test_a_page_image_cut_short_is_said_so(cut: str, reason: str, tmp_path: Path) -> None:
    """A page image whose data is cut short is drawn black or grey where
    the data ends (or not at all): the scan is not read as if that were
    what was scanned."""
    pixels, jpeg = _page_image()
    flate = zlib.compress(pixels)
    j2k, jp2 = _jpeg_2000(pixels)
    xml = b"<x>" + b" " * 2000 + b"</x>"
    jpx = b"/Filter /JPXDecode "
    data, head = {
        "j2k": (j2k, jpx),
        "j2k-half": (j2k[: len(j2k) // 2], jpx),
        # All but its end marker: cut short.
        "j2k-end": (j2k[:-2], jpx),
        "jp2": (jp2, jpx),
        "jp2-half": (jp2[: len(jp2) // 2], jpx),
        "jp2-xml": (jp2 + (8 + len(xml)).to_bytes(4, "big") + b"xml " + xml, jpx),
        "jpeg": (jpeg, b"/Filter /DCTDecode "),
        "jpeg-half": (jpeg[: len(jpeg) // 2], b"/Filter /DCTDecode "),
        "jpeg-header": (jpeg[:300], b"/Filter /DCTDecode "),
        "jpeg-trailer": (jpeg + bytes(range(256)) * 12 + b"SEFT", b"/Filter /DCTDecode "),
        "jpeg-thumbnail-cut": (_with_thumbnail(jpeg)[:-150], b"/Filter /DCTDecode "),
        "flate": (flate, b"/Filter /FlateDecode "),
        "flate-half": (flate[: len(flate) // 2], b"/Filter /FlateDecode "),
        "none-short": (pixels[: len(pixels) // 3], b""),
    }[cut]
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_scan_pdf(data, head))
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable" if reason else "ok", reason)


@pytest.mark.parametrize(("side", "reason"), [(16, ""), (30_000, "image-too-large")])
def test_a_jpeg_larger_than_its_dictionary_says_is_measured_by_its_frame(
    side: int, reason: str, tmp_path: Path
) -> None:
    """A JPEG of a few hundred bytes whose frame header says ``side`` by
    ``side`` pixels, under a /Width and /Height of 16: pdfium decodes it
    at its frame's size (65,000 by 65,000 took it 24 s to draw)."""

    path = tmp_path / "scan.pdf"
    path.write_bytes(image_scan_pdf(_jpeg_claiming(side), b"/Filter /DCTDecode ", size=(16, 16)))
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable" if reason else "ok", reason)


@pytest.mark.parametrize(
    ("kind", "cut"), [("whole", False), ("thumbnail", False), ("trailer", False), ("half", True)]
)
def test_a_page_jpeg_is_read_and_its_segments_walked_once(
    kind: str, cut: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's JPEG (a photo's data is megabytes) is read from pdfium once,
    and its segments walked once for both its frame's size and its end
    marker: no place of it looked at twice."""
    import re

    import pypdfium2 as pdfium

    from reform_brand.scan import _pdf, _pdf_jpeg

    _, jpeg = _page_image()
    data = {
        "whole": jpeg,
        "thumbnail": _with_thumbnail(jpeg),
        "trailer": jpeg + bytes(range(256)) * 12 + b"SEFT",
        "half": jpeg[: len(jpeg) // 2],
    }[kind]
    reads: list[int] = []
    searched: list[int] = []
    get_data, marker = pdfium.PdfImage.get_data, _pdf_jpeg._MARKER

    def read(image: pdfium.PdfImage, decode_simple: bool = False) -> object:
        reads.append(1)
        return get_data(image, decode_simple=decode_simple)

    class Searched:
        def search(self, text: bytes, pos: int, *end: int) -> re.Match[bytes] | None:
            searched.append(pos)
            return marker.search(text, pos, *end)

    doc = pdfium.PdfDocument(image_scan_pdf(data, b"/Filter /DCTDecode "))
    page = doc[0]
    try:
        [image] = [o for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        monkeypatch.setattr(pdfium.PdfImage, "get_data", read)
        monkeypatch.setattr(_pdf_jpeg, "_MARKER", Searched())
        assert _pdf._examined(image, 85, 110, {}) == (85, 110, cut)
    finally:
        page.close()
        doc.close()
    assert (len(reads), len(searched)) == (1, len(set(searched)))


def test_the_walk_to_a_jpegs_end_gives_the_size_its_frame_does() -> None:
    """The size :func:`jpeg_read` finds walking a JPEG to its end is the one
    :func:`jpeg_size` finds walking to its frame, however it is cut, with
    a thumbnail's frame before its own, or a segment whose length is
    under 2 before it (its end not told, its frame still looked for)."""
    from reform_brand.scan._pdf_jpeg import jpeg_read, jpeg_size

    _, jpeg = _page_image()
    short = jpeg[:2] + b"\xff\xe1\x00\x01" + jpeg[2:]
    assert jpeg_read(short) == ((85, 110), False)
    for whole in (jpeg, _with_thumbnail(jpeg), short):
        for cut in range(len(whole) + 1):
            assert jpeg_read(whole[:cut])[0] == jpeg_size(whole[:cut])


def _jpeg_claiming(side: int) -> bytes:
    """A JPEG of 16 by 16 pixels whose frame header says ``side`` by
    ``side``."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 200, 200)).save(out, "JPEG")
    jpeg = bytearray(out.getvalue())
    frame = jpeg.index(b"\xff\xc0")
    jpeg[frame + 5 : frame + 9] = side.to_bytes(2, "big") * 2
    return bytes(jpeg)


@pytest.mark.parametrize(("times", "reason"), [(200, ""), (300, "page-too-busy")])
def test_a_page_drawing_megabytes_of_images_again_and_again_is_refused(
    times: int, reason: str, tmp_path: Path
) -> None:
    """An image of 1 MB (a small JPEG and its padding) drawn ``times``
    times: pdfium reads its data anew each time (20 MB of JBIG2 drawn
    1,000 times took four minutes); more than 256 MB a page is too busy
    (``ScanLimits.max_page_image_bytes``)."""
    small = _jpeg_claiming(16)
    jpeg = small[:2] + (b"\xff\xe5\xff\xff" + bytes(65533)) * 16 + small[2:]
    draw = b"q 10 0 0 10 0 0 cm /Im0 Do Q\n" * times
    objects = _page(b"/XObject << /Im0 5 0 R >>", draw)
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
        % len(jpeg)
        + jpeg
        + b"\nendstream"
    )
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf(objects))
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable" if reason else "ok", reason)


def _annotation_drawing(
    tmp_path: Path, jpeg: bytes, times: int, *, codec: bytes = b"/DCTDecode", side: int = 10
) -> Path:
    """A page whose one annotation's appearance draws the JPEG ``jpeg``
    (16 by 16 pixels by its dictionary, kept under the filter ``codec``)
    ``times`` times, each ``side`` points square."""
    draw = b"q %d 0 0 %d 0 0 cm /Im Do Q\n" % (side, side) * times
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Stamp /F 4 /Rect [100 100 200 200] /AP << /N 5 0 R >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject "
        b"<< /Im 6 0 R >> >> /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw),
        b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter %s /Length %d >>\nstream\n"
        % (codec, len(jpeg))
        + jpeg
        + b"\nendstream",
    ]
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf(objects))
    return path


@pytest.mark.parametrize(("times", "reason"), [(200, ""), (300, "page-too-busy")])
def test_an_annotation_drawing_megabytes_of_images_again_and_again_is_refused(
    times: int, reason: str, tmp_path: Path
) -> None:
    """The same image of 1 MB drawn ``times`` times by an annotation's
    appearance, which pdfium draws with the page (its images are no page
    objects): its data counts toward the 256 MB of a page too."""
    small = _jpeg_claiming(16)
    jpeg = small[:2] + (b"\xff\xe5\xff\xff" + bytes(65533)) * 16 + small[2:]
    result = verify_scan(_annotation_drawing(tmp_path, jpeg, times))
    assert (result.status, result.reason) == ("unreadable" if reason else "ok", reason)


@pytest.mark.parametrize(("times", "reason"), [(10, ""), (20, "page-too-busy")])
def test_an_annotation_drawing_a_large_image_again_and_again_is_refused(
    times: int, reason: str, tmp_path: Path
) -> None:
    """A JPEG of 5,000 by 5,000 pixels by its frame (a few hundred bytes)
    drawn ``times`` times by an annotation's appearance: pdfium decodes it
    each time, and more than 300 million pixels a page is too busy
    (``ScanLimits.max_page_image_pixels``), as for a page's own images."""
    jpeg = _jpeg_claiming(5000)
    result = verify_scan(_annotation_drawing(tmp_path, jpeg, times))
    assert (result.status, result.reason) == ("unreadable" if reason else "ok", reason)


@pytest.mark.parametrize("kind", ["as-is", "flate", "padded", "flate-padded"])
@pytest.mark.parametrize(("side", "reason"), [(16, ""), (30_000, "image-too-large")])
def test_a_jpeg_of_an_annotation_is_measured_by_its_frame(
    side: int, reason: str, kind: str, tmp_path: Path
) -> None:
    """The same JPEG drawn by an annotation's appearance, which pdfium
    draws with the page and which is no page object, kept as is, under
    another filter (``/Filter [/FlateDecode /DCTDecode]``), or with more
    than a megabyte of metadata (APP5 segments) before its frame header."""
    jpeg = _jpeg_claiming(side)
    if kind.endswith("padded"):
        jpeg = jpeg[:2] + (b"\xff\xe5\xff\xff" + bytes(65533)) * 17 + jpeg[2:]
    flate = kind.startswith("flate")
    jpeg = zlib.compress(jpeg) if flate else jpeg
    codec = b"[/FlateDecode /DCTDecode]" if flate else b"/DCTDecode"
    path = _annotation_drawing(tmp_path, jpeg, 1, codec=codec, side=100)
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable" if reason else "ok", reason)


_FAX = b"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 400 /Rows 560 >> "
_MASK = (b"/ColorSpace /DeviceGray ", b"/ImageMask true ")


@pytest.mark.parametrize(
    ("cut", "reason"),
    [
        ("fax", ""),
        ("fax-half", "image-broken"),
        # Whole without its end marker: its last rows, white, are there.
        ("fax-unmarked", ""),
        # A stencil mask (a fax stored as /ImageMask) cut short.
        ("fax-mask-half", "image-broken"),
        ("jbig2", ""),
        ("jbig2-half", "image-broken"),
        # All but the last bytes of its region's data.
        ("jbig2-end", "image-broken"),
        # Its first segment's header whole, its data cut short.
        ("jbig2-header", "image-broken"),
        # A writer's padding after the last segment.
        ("jbig2-padded", ""),
    ],
)
def test_a_bilevel_image_cut_short_is_said_so(cut: str, reason: str, tmp_path: Path) -> None:
    """A fax (CCITT) or JBIG2 page image cut short is drawn black or white
    from where its data ends: the scan is not read as if that were what
    was scanned."""
    fax, jbig2 = group4_data(), jbig2_data()
    jbig2_head = b"/Filter /JBIG2Decode "
    data, head = {
        "fax": (fax, _FAX),
        "fax-half": (fax[: len(fax) // 2], _FAX),
        "fax-unmarked": (fax[:-3], _FAX),
        "fax-mask-half": (fax[: len(fax) // 2], _FAX),
        "jbig2": (jbig2, jbig2_head),
        "jbig2-half": (jbig2[: len(jbig2) // 2], jbig2_head),
        "jbig2-end": (jbig2[:-3], jbig2_head),
        "jbig2-header": (jbig2[:20], jbig2_head),
        "jbig2-padded": (jbig2 + b"\n\x00", jbig2_head),
    }[cut]
    scan = bilevel_scan_pdf(data, head)
    if "mask" in cut:
        scan = scan.replace(*_MASK)
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan)
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable" if reason else "ok", reason)


@pytest.mark.parametrize(
    ("flags", "end", "cut"),
    [
        (b"\x00", b"\xff\xac\x00\x00\x02\x30", False),
        (b"\x00", b"", True),
        # Its template 1 and typical prediction on (flags 0x0A).
        (b"\x0a", b"", True),
        (b"\x0a", b"\xff\xac\x00\x00\x02\x30", False),
        # Coded with MMR: its end (0000) may be in its data, not told.
        (b"\x01", b"", False),
    ],
)
def test_a_jbig2_region_of_no_given_length_ends_at_its_marker(
    flags: bytes, end: bytes, cut: bool
) -> None:
    """An immediate generic region whose length is not given (0xFFFFFFFF),
    arithmetically coded, ends at FFAC and its row count; cut short
    without them."""
    from reform_brand.scan._pdf import _jbig2_cut

    info = (400).to_bytes(4, "big") + (560).to_bytes(4, "big") + bytes(9)
    region = info + flags + bytes(8) + b"\x12\x34" * 50 + end
    head = (1).to_bytes(4, "big") + bytes([38, 0, 1]) + b"\xff\xff\xff\xff"
    assert _jbig2_cut(jbig2_data()[:30] + head + region) is cut


def test_an_unreadable_scan_is_one_finding(submit: Submit) -> None:
    assert submit(encrypted_pdf()) == [("scan.unreadable", P)]


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pages_pdf(1) + b" " * 2048)
    result = verify_scan(path, limits=ScanLimits(max_bytes=1024))
    assert (result.status, result.reason) == ("unreadable", "too-large")


def test_content_that_inflates_beyond_the_limit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Content streams are inflated, to find the inline images in them, up
    to a limit (256 MB; 64 KB here): beyond it the scan is too large."""
    from reform_brand.scan import _declared

    monkeypatch.setattr(_declared, "_CONTENT_BYTES", 64 * 1024)
    path = tmp_path / "scan.pdf"
    path.write_bytes(inline_image_pdf(100, spaces=100_000))
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable", "too-large")
    path.write_bytes(inline_image_pdf(100, spaces=10_000))
    assert verify_scan(path).status == "ok"


def test_an_empty_pdf_is_blank(submit: Submit) -> None:
    assert submit(pages_pdf(2)) == [("scan.blank", P)]


def test_a_placeholder_pdf_is_an_export(submit: Submit) -> None:
    """A text layer that is not the form: exported, and no mismatch noise."""
    exported = EXAMPLES / "files" / "scan-exported.pdf"
    assert submit(exported.read_bytes()) == [("scan.not-scanned", P)]


def test_the_sample_scan_passes(submit: Submit) -> None:
    assert submit(sample_scan()) == []


def _without(module: str) -> Callable[[str], ModuleType]:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> ModuleType:
        if name == module or name.startswith(module + "."):
            raise ImportError(f"No module named {module!r}")
        return real(name, package)

    return fake


def test_without_the_extra_each_scan_is_unverified(
    monkeypatch: pytest.MonkeyPatch, submit: Submit
) -> None:
    monkeypatch.setattr(importlib, "import_module", _without("numpy"))
    assert missing_extra() == "numpy"
    assert submit(pages_pdf(1)) == [("scan.unverified", P)]


def test_without_ocr_the_seal_is_still_checked(
    monkeypatch: pytest.MonkeyPatch, submit: Submit
) -> None:
    from reform_brand.scan import _ocr

    monkeypatch.setattr(importlib, "import_module", _without("rapidocr_onnxruntime"))
    monkeypatch.setattr(_ocr, "available", lambda: False)
    from reform_brand.scan import synthetic

    page = synthetic.draw_form_pages("表", [("项目名称", "某项目")], dpi=80)
    scan = synthetic.scan_pdf(page, seal_text=None, noise=0, seed=9)
    assert submit(scan) == [("scan.no-seal", P), ("scan.unverified", P)]


def test_the_rules_do_not_import_the_image_libraries() -> None:
    code = (
        "import sys, reform_brand.rules, reform_brand.scan\n"
        "heavy = {'numpy', 'cv2', 'onnxruntime', 'pypdfium2', 'PIL', 'rapidocr_onnxruntime'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_unexpected_failure_is_unreadable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from reform_brand.scan import _verify

    def boom(path: Path, limits: ScanLimits, label: str = "") -> None:
        raise ValueError("a file that trips a library")

    monkeypatch.setattr(_verify, "_verify", boom)
    path = tmp_path / "scan.pdf"
    path.write_bytes(pages_pdf(1) + b"%unique\n")
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable", "broken")


@pytest.mark.parametrize(
    ("data", "reason", "text"),
    [
        (counted_pdf(0, 2), "", ""),
        # 51 pages under a /Count of 1: too many, for the text layer too.
        (counted_pdf(1, 51), "too-many-pages", None),
        # Three pages under a /Count of 1: a damaged file.
        (counted_pdf(1, 3), "broken", None),
    ],
)
def test_the_text_layer_counts_pages_as_the_scan_reader_does(
    data: bytes, reason: str, text: str | None, tmp_path: Path
) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    assert verify_scan(path).reason == reason
    assert text_layer(path) == text
