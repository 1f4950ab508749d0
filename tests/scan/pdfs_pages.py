"""Hand-made PDFs of pages that draw much, of page trees that lie, of
page images cut short and of seals in form fields (no OCR needed)."""

from __future__ import annotations

import zlib

from tests.scan.pdfs import _DRAW, _page, pdf


def nested_drawn_pdf(outer: int, middle: int, inner: int) -> bytes:
    """One page drawing form A ``outer`` times, A drawing form B ``middle``
    times, B painting ``inner`` squares: a few KB that pdfium parses into
    ``outer * middle * inner`` objects as it opens the page."""
    a = b"/B Do\n" * middle
    b = b"0 0 1 1 re f\n" * inner
    objects = _page(b"/XObject << /A 5 0 R >>", b"/A Do\n" * outer)
    objects += [
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject "
        b"<< /B 6 0 R >> >> /Length %d >>\nstream\n%s\nendstream" % (len(a), a),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length %d >>\nstream\n%s\nendstream"
        % (len(b), b),
    ]
    return pdf(objects)


def counted_pdf(count: int, leaves: int) -> bytes:
    """``leaves`` empty pages under a page tree whose /Count says ``count``."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(leaves))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * leaves
    return pdf(objects)


def image_scan_pdf(data: bytes, head: bytes, size: tuple[int, int] = (85, 110)) -> bytes:
    """One page filled by an RGB image of ``size`` pixels whose stream has
    the dictionary entries ``head`` (its filter) and the data ``data``."""
    objects = _page(b"/XObject << /Im0 5 0 R >>", _DRAW)
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 %s/Length %d >>\nstream\n"
        % (*size, head, len(data))
        + data
        + b"\nendstream"
    )
    return pdf(objects)


def field_seal_pdf(
    page: bytes,
    size: tuple[int, int],
    seal: bytes,
    alpha: bytes,
    at: bytes,
    button: bytes | None = None,
) -> bytes:
    """One A4 page of the JPEG ``page`` (``size`` pixels) and a signature
    field whose normal appearance draws a seal: the RGB pixels ``seal``,
    square, with their alpha ``alpha`` as soft mask, at the rectangle
    ``at`` (``x0 y0 x1 y1`` in points), as an electronic seal is put on a
    scan; ``button``, a pushbutton instead, without an appearance, whose
    icon (``/MK /I``) draws the seal, the entries ``button`` added to its
    ``/MK`` (``/TP 1``: the icon shown)."""
    side = int((len(alpha)) ** 0.5)
    draw = b"q %s 0 0 %s 0 0 cm /S Do Q" % (b"%g" % side, b"%g" % side)
    x0, y0, x1, y1 = (float(v) for v in at.split())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /SigFlags 3 >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
        b"<< /Im0 5 0 R >> >> /Contents 4 0 R /Annots [6 0 R] >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(_DRAW), _DRAW),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
        % (*size, len(page))
        + page
        + b"\nendstream",
        (
            b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (seal) /F 4 /Rect [%s] "
            b"/AP << /N 7 0 R >> >>" % at
            if button is None
            else b"<< /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /T (seal) /F 4 "
            b"/Rect [%s] /MK << /I 7 0 R %s >> >>" % (at, button)
        ),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Matrix [%g 0 0 %g 0 0] "
        b"/Resources << /XObject << /S 8 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
        % (side, side, (x1 - x0) / side, (y1 - y0) / side, len(draw), draw),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /SMask 9 0 R /Filter /FlateDecode /Length %d >>\nstream\n"
        % (side, side, len(zlib.compress(seal)))
        + zlib.compress(seal)
        + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (side, side, len(zlib.compress(alpha)))
        + zlib.compress(alpha)
        + b"\nendstream",
    ]
    return pdf(objects)


def pattern_drawn_pdf(outer: int, inner: int) -> bytes:
    """One page filled with a tiling pattern whose cell draws a form of
    ``inner`` squares ``outer`` times: pdfium parses them all as it draws
    the page, and none is a page object."""
    form = b"0 0 1 1 re f\n" * inner
    cell = b"/F1 Do\n" * outer
    fill = b"/Pattern cs /P1 scn 0 0 595 842 re f"
    objects = _page(b"/Pattern << /P1 6 0 R >>", fill)
    objects += [
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length %d >>\nstream\n%s\nendstream"
        % (len(form), form),
        b"<< /Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 595 842] "
        b"/XStep 595 /YStep 842 /Resources << /XObject << /F1 5 0 R >> >> /Length %d >>\n"
        b"stream\n%s\nendstream" % (len(cell), cell),
    ]
    return pdf(objects)


def annotated_pdf(count: int) -> bytes:
    """One page naming ``count`` times the same square annotation."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Annots [%s] >>" % (b"5 0 R " * count),
            b"<< /Length 0 >>\nstream\n\nendstream",
            b"<< /Type /Annot /Subtype /Square /Rect [10 10 200 30] /F 4 /C [1 0 0] >>",
        ]
    )


def self_drawn_pdf(times: int) -> bytes:
    """One page drawing a form that paints a square and draws itself
    ``times`` times: pdfium follows it 40 levels deep, so twice is 2**40
    forms (it ran out of memory)."""
    form = b"/F1 Do\n" * times + b"0 0 1 1 re f\n"
    objects = _page(b"/XObject << /F1 5 0 R >>", b"/F1 Do\n")
    objects.append(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject "
        b"<< /F1 5 0 R >> >> /Length %d >>\nstream\n%s\nendstream" % (len(form), form)
    )
    return pdf(objects)


def xfa_pdf() -> bytes:
    """One empty page of a document whose form is an XFA form (which a
    pdfium built without XFA cannot draw)."""
    xfa = b"<xdp:xdp/>"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 5 0 R >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length 0 >>\nstream\n\nendstream",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(xfa), xfa),
        ]
    )


def updated_pdf(base: bytes, objects: dict[int, bytes]) -> bytes:
    """``base`` (a PDF of :func:`~tests.scan.pdfs.pdf`) with an incremental
    update defining ``objects`` (by number) anew."""
    out = bytearray(base)
    prev = int(base.rsplit(b"startxref", 1)[1].split()[0])
    where = {}
    for number, body in objects.items():
        where[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n"
    for number, at in sorted(where.items()):
        out += b"%d 1\n%010d 00000 n \n" % (number, at)
    size = max([*objects, int(base.split(b"/Size ")[-1].split()[0]) - 1]) + 1
    out += b"trailer\n<< /Size %d /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        prev,
        xref,
    )
    return bytes(out)


def updated_stream_pdf(base: bytes, objects: dict[int, bytes], *, predictor: bool = False) -> bytes:
    """``base`` (a PDF of :func:`~tests.scan.pdfs.packed_pdf`, its
    cross-reference a stream) with an incremental update defining
    ``objects`` (by number) anew, its cross-reference a stream too
    (``predictor``: its rows under the PNG Up predictor, as writers store
    them)."""
    out = bytearray(base)
    prev = int(base.rsplit(b"startxref", 1)[1].split()[0])
    size = max(int(base.rsplit(b"/Size ", 1)[1].split()[0]), *(n + 1 for n in objects))
    rows, index = [], []
    for number, body in sorted(objects.items()):
        rows.append(b"\x01" + len(out).to_bytes(4, "big") + b"\x00\x00")
        index.append(b"%d 1" % number)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    rows.append(b"\x01" + len(out).to_bytes(4, "big") + b"\x00\x00")
    index.append(b"%d 1" % size)
    parms = b""
    if predictor:
        ups, before = [], bytes(7)
        for row in rows:
            ups.append(b"\x02" + bytes((a - b) & 255 for a, b in zip(row, before, strict=True)))
            before = row
        rows = ups
        parms = b"/DecodeParms << /Columns 7 /Predictor 12 >> "
    table, xref = zlib.compress(b"".join(rows)), len(out)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /Index [%s] /W [1 4 2] /Root 1 0 R /Prev %d "
        b"/Filter /FlateDecode %s/Length %d >>\nstream\n"
        % (size, size + 1, b" ".join(index), prev, parms, len(table))
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return bytes(out)


def group4_data(width: int = 400, height: int = 560) -> bytes:
    """A black-and-white page of ``width`` by ``height`` pixels (a dark
    frame and ruled lines on white) as CCITT group 4 data, its end marker
    (EOFB) included, as a fax or a scanner set to black and white stores
    it."""
    import io

    from PIL import Image, ImageDraw, TiffImagePlugin

    picture = Image.new("1", (width, height), 0)  # (0 is white in a fax's code)
    draw = ImageDraw.Draw(picture)
    for y in range(40, height - 40, 20):
        draw.line((40, y, width - 40, y), fill=1)
    draw.rectangle((20, 20, width - 20, height - 20), outline=1, width=3)
    out = io.BytesIO()
    picture.save(out, "TIFF", compression="group4")
    tiff = Image.open(io.BytesIO(out.getvalue()))
    assert isinstance(tiff, TiffImagePlugin.TiffImageFile)
    offsets, counts = tiff.tag_v2[273], tiff.tag_v2[279]
    return b"".join(out.getvalue()[o : o + n] for o, n in zip(offsets, counts, strict=True))


def jbig2_data(width: int = 400, height: int = 560) -> bytes:
    """The page of :func:`group4_data` as a JBIG2 embedded stream (as a
    PDF holds one): a page information segment and an immediate lossless
    generic region coded with MMR."""

    def segment(number: int, kind: int, data: bytes) -> bytes:
        return number.to_bytes(4, "big") + bytes([kind, 0, 1]) + len(data).to_bytes(4, "big") + data

    size = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    page = size + bytes(8) + b"\x00\x00\x00"
    region = size + bytes(8) + b"\x00" + b"\x01" + group4_data(width, height)
    return segment(0, 48, page) + segment(1, 38, region)


def bilevel_scan_pdf(data: bytes, head: bytes, size: tuple[int, int] = (400, 560)) -> bytes:
    """One page filled by a black-and-white image of ``size`` pixels whose
    stream has the dictionary entries ``head`` (its filter) and the data
    ``data``."""
    objects = _page(b"/XObject << /Im0 5 0 R >>", _DRAW)
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 1 %s/Length %d >>\nstream\n"
        % (*size, head, len(data))
        + data
        + b"\nendstream"
    )
    return pdf(objects)


def annotations_pdf(
    count: int,
    times: int,
    jpeg: bytes,
    *,
    content: int = 0,
    nested: bool = False,
    squares: int = 0,
    states: bool = False,
) -> bytes:
    """One page drawing the JPEG ``jpeg`` (16 by 16 pixels by its
    dictionary) ``content`` times over the whole page, and naming
    ``count`` stamp annotations (each an object of its own) whose normal
    appearance draws it ``times`` times: in its own content, or inside a
    form it draws once (``nested``); or draws ``times`` times a form of
    ``squares`` squares.  ``states``: the appearance given by state
    (``/N << /On ... /Off ... >>``, ``/AS /On``)."""
    draw = b"/Sq Do\n" * times if squares else b"q 10 0 0 10 0 0 cm /Im Do Q\n" * times
    own = b"/F Do\n" if nested else draw
    page = b"q 595 0 0 842 0 0 cm /Im Do Q\n" * content
    square = b"0 0 1 1 re f\n" * max(squares, 1)
    resources = b"/Resources << /XObject << /Im 6 0 R /F 7 0 R /Sq 8 0 R >> >>"
    normal = b"<< /On 5 0 R /Off 5 0 R >> /AS /On" if states else b"5 0 R"
    annots = b" ".join(b"%d 0 R" % (9 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
        b"<< /Im 6 0 R >> >> /Contents 4 0 R /Annots [%s] >>" % annots,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page), page),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] %s /Length %d >>\n"
        b"stream\n%s\nendstream" % (resources, len(own), own),
        b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
        % len(jpeg)
        + jpeg
        + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] %s /Length %d >>\n"
        b"stream\n%s\nendstream" % (resources, len(draw), draw),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length %d >>\nstream\n%s\nendstream"
        % (len(square), square),
    ]
    objects += [
        b"<< /Type /Annot /Subtype /Stamp /F 4 /Rect [%d 100 %d 200] /AP << /N %s >> >>"
        % (10 + 5 * i % 400, 110 + 5 * i % 400, normal)
        for i in range(count)
    ]
    return pdf(objects)
