"""Hand-made PDFs for the robustness tests (no OCR needed)."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def pages_pdf(count: int, width: float = 595, height: float = 842) -> bytes:
    """``count`` empty pages of the given size in points."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] >>" % (width, height)] * count
    return pdf(objects)


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not
    empty (so it cannot be opened without one)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    return pdf(
        objects,
        b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>] ",
    )


def image_pdf(px_width: int, px_height: int) -> bytes:
    """One page holding an image XObject that claims the given pixel size
    (its data is short: only the size is read before rendering)."""
    stream = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\x00\x00\x00\nendstream"
        % (px_width, px_height),
    ]
    return pdf(objects)


def _image(width: bytes, height: bytes, extra: bytes = b"") -> bytes:
    """An 8-bit grey image XObject of the given /Width and /Height (direct
    numbers or references); its data is short: only its size is read."""
    return (
        b"<< /Type /XObject /Subtype /Image /Width %s /Height %s /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 %s/Length 4 >>\nstream\n\x00\x00\x00\x00\nendstream"
        % (width, height, extra)
    )


def _page(resources: bytes, content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> "
        b"/Contents 4 0 R >>" % resources,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]


_DRAW = b"q 595 0 0 842 0 0 cm /Im0 Do Q"


def masked_image_pdf(px: int, *, bare: bool = False) -> bytes:
    """A small page-filling image whose soft mask claims ``px`` by ``px``
    pixels (pdfium decodes a soft mask whole when it draws the image);
    ``bare``, the mask has no /Type nor /Subtype (pdfium needs neither)
    and its size's keys are written with escapes (``/Wid#74h``)."""
    objects = _page(b"/XObject << /Im0 5 0 R >>", _DRAW)
    mask = _image(b"%d" % px, b"%d" % px)
    if bare:
        mask = mask.replace(b"/Type /XObject /Subtype /Image ", b"")
        mask = mask.replace(b"/Width", b"/Wid#74h").replace(b"/Height", b"/H#65ight")
    objects += [_image(b"10", b"10", b"/SMask 6 0 R "), mask]
    return pdf(objects)


def referenced_size_pdf(px: int, *, outline: bool = False) -> bytes:
    """A page-filling image whose soft mask gives its size ``px`` by ``px``
    as references to numbers kept in a compressed object stream, as a
    PDF 1.5 writer may store them (with a cross-reference stream);
    ``outline``, an outline's dictionary (its /First the first item's)
    just before the object stream."""
    objects = _page(b"/XObject << /Im0 5 0 R >>", _DRAW)
    objects += [_image(b"10", b"10", b"/SMask 6 0 R "), _image(b"7 0 R", b"8 0 R")]
    objects += [b"%d" % px, b"%d" % px]
    if outline:
        objects.append(b"<< /Type /Outlines /First 3 0 R /Last 3 0 R /Count 0 >>")
    return packed_pdf(objects, {7, 8})


def packed_pdf(objects: list[bytes], packed: set[int]) -> bytes:
    """A PDF 1.5 of ``objects`` (numbered from 1), those numbered in
    ``packed`` kept in a compressed object stream (numbered after them),
    with a cross-reference stream."""
    inside = sorted(packed)
    bodies = [objects[n - 1] for n in inside]
    offsets, at = [], 0
    for body in bodies:
        offsets.append(at)
        at += len(body) + 1
    index = b" ".join(b"%d %d" % pair for pair in zip(inside, offsets, strict=True)) + b" "
    stored = zlib.compress(index + b"".join(body + b" " for body in bodies))
    stream_number = len(objects) + 1
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    for i, body in enumerate(
        [
            *objects,
            b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (len(inside), len(index), len(stored))
            + stored
            + b"\nendstream",
        ],
        start=1,
    ):
        if i in packed:
            place = inside.index(i).to_bytes(2, "big")
            rows.append(b"\x02" + stream_number.to_bytes(4, "big") + place)
            continue
        rows.append(b"\x01" + len(out).to_bytes(4, "big") + b"\x00\x00")
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    size = len(objects) + 3
    rows.append(b"\x01" + xref.to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % (size - 1, size, len(table))
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return bytes(out)


def stencil_pdf(fill: bytes = b"0 g") -> bytes:
    """A page-filling black-and-white scan stored as a stencil mask
    (/ImageMask, 1 bit a pixel, no colour space, as fax and JBIG2 scans
    are), painted in the fill colour ``fill`` (an operator: ``0 g`` black,
    ``1 0 0 rg`` red); every tenth row of pixels is ink."""
    width, height = 400, 560
    row = width // 8
    rows = [b"\x00" * row if y % 10 == 0 else b"\xff" * row for y in range(height)]
    data = zlib.compress(b"".join(rows))
    draw = b"q %s 595 0 0 842 0 0 cm /Im0 Do Q" % fill
    objects = _page(b"/XObject << /Im0 5 0 R >>", draw)
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ImageMask true "
        b"/BitsPerComponent 1 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (width, height, len(data))
        + data
        + b"\nendstream"
    )
    return pdf(objects)


def palette_pdf(palette: bytes, bits: int = 1) -> bytes:
    """A page-filling scan stored in a palette (/Indexed /DeviceRGB) of the
    RGB colours ``palette``, ``bits`` a pixel, as some scanners store a
    black-and-white page; every tenth row of pixels is colour 0, the
    others the palette's last colour."""
    width, height = 400, 560
    last = len(palette) // 3 - 1
    ink, paper = (b"\x00", b"\xff") if bits == 1 else (b"\x00", bytes([last]))
    row = width * bits // 8
    rows = [ink * row if y % 10 == 0 else paper * row for y in range(height)]
    data = zlib.compress(b"".join(rows))
    objects = _page(b"/XObject << /Im0 5 0 R >>", _DRAW)
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace [/Indexed "
        b"/DeviceRGB %d <%s>] /BitsPerComponent %d /Filter /FlateDecode /Length %d >>\n"
        b"stream\n"
        % (width, height, last, palette.hex().encode(), bits, len(data))
        + data
        + b"\nendstream"
    )
    return pdf(objects)


def inline_image_pdf(px: int, *, depth: int = 1, spaces: int = 0) -> bytes:
    """A page drawing a form XObject, nested ``depth`` deep, whose
    compressed content holds an inline image (``BI ... ID``) claiming
    ``px`` by ``px`` pixels after ``spaces`` spaces (pdfium decodes an
    inline image whole as it parses the content, before the page's objects
    can be measured)."""
    draw = b" " * spaces + b"q 595 0 0 842 0 0 cm BI /W %d /H %d /CS /G /BPC 8 ID \x00 EI Q" % (
        px,
        px,
    )
    objects = _page(b"/XObject << /X 5 0 R >>", b"q /X Do Q")
    for i in range(depth):
        inner = i == depth - 1
        content = zlib.compress(draw if inner else b"/X Do")
        resources = b"<< >>" if inner else b"<< /XObject << /X %d 0 R >> >>" % (6 + i)
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources %s "
            b"/Filter /FlateDecode /Length %d >>\nstream\n"
            % (resources, len(content))
            + content
            + b"\nendstream"
        )
    return pdf(objects)


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_ID = bytes.fromhex("00112233445566778899aabbccddeeff")


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def open_encrypted_stencil_pdf(extra: bytes = b"") -> bytes:
    """:func:`stencil_pdf` (black) under the standard security handler
    (RC4, 40 bits) with an empty user password, as a scanner's "protect"
    setting saves it: it opens without a password, only its owner's
    rights are restricted.  ``extra`` is drawn after the scan."""
    owner = _rc4(hashlib.md5(b"owner" + _PAD[:27]).digest()[:5], _PAD)
    permissions = (-44).to_bytes(4, "little", signed=True)
    key = hashlib.md5(_PAD + owner + permissions + _ID).digest()[:5]

    def sealed(number: int, data: bytes) -> bytes:
        salt = number.to_bytes(3, "little") + b"\x00\x00"
        return _rc4(hashlib.md5(key + salt).digest()[:10], data)

    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (
        owner.hex().encode(),
        _rc4(key, _PAD).hex().encode(),
    )
    return sealed_stencil_pdf(sealed, encrypt, extra)


def sealed_stencil_pdf(
    sealed: Callable[[int, bytes], bytes], encrypt: bytes, extra: bytes = b""
) -> bytes:
    """A black stencil scan (400 x 560 pixels, one line in ten black) on
    one page, its content (object 4, ``extra`` drawn after the scan) and its
    image (object 5) passed through ``sealed(number, data)``, under the
    encryption dictionary ``encrypt`` (object 6)."""
    width, height = 400, 560
    rows = [b"\x00" * 50 if y % 10 == 0 else b"\xff" * 50 for y in range(height)]
    image = sealed(5, zlib.compress(b"".join(rows)))
    draw = sealed(4, b"q 0 g 595 0 0 842 0 0 cm /Im0 Do Q " + extra)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ImageMask true "
        b"/BitsPerComponent 1 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (width, height, len(image))
        + image
        + b"\nendstream",
        encrypt,
    ]
    ident = _ID.hex().encode()
    return pdf(objects, b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (ident, ident))


def owner_entry() -> bytes:
    """The /O of the owner's password "owner" at /R 3 and /R 4 (128 bits)."""
    owner_key = hashlib.md5(b"owner" + _PAD[:27]).digest()
    for _ in range(50):
        owner_key = hashlib.md5(owner_key).digest()
    owner = _PAD
    for i in range(20):
        owner = _rc4(bytes(k ^ i for k in owner_key), owner)
    return owner


BOMB = b"q 595 0 0 842 0 0 cm BI /W 30000 /H 30000 /CS /G /BPC 8 ID \x00 EI Q"


def content_pdf(content: bytes, head: bytes = b"") -> bytes:
    """One page whose content stream has the dictionary entries ``head``
    (its filters) and the data ``content`` as is."""
    objects = _page(b"", b"")[:3]
    objects.append(
        b"<< %s/Length %d >>\nstream\n" % (head, len(content)) + content + b"\nendstream"
    )
    return pdf(objects)


def lzw(data: bytes, early: int = 1) -> bytes:
    """``data`` LZW-encoded, as /LZWDecode reads it (/EarlyChange
    ``early``); under 3,800 codes (the table is never cleared)."""
    table = {bytes([i]): i for i in range(256)}
    out, acc, bits, width = bytearray(), 0, 0, 9

    def emit(code: int) -> None:
        nonlocal acc, bits
        acc, bits = (acc << width) | code, bits + width
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 255)
        acc &= (1 << bits) - 1

    emit(256)
    word = b""
    for byte in data:
        longer = word + bytes([byte])
        if longer in table:
            word = longer
            continue
        emit(table[word])
        table[longer] = len(table) + 2
        size = len(table) + 1 + early
        width = 9 if size < 512 else 10 if size < 1024 else 11 if size < 2048 else 12
        word = bytes([byte])
    emit(table[word])
    emit(257)
    if bits:
        out.append((acc << (8 - bits)) & 255)
    return bytes(out)


def run_length(data: bytes) -> bytes:
    """``data`` as /RunLengthDecode reads it: repeated bytes as repeat runs,
    the rest as literal runs."""
    out, i = bytearray(), 0
    while i < len(data):
        same = 1
        while i + same < len(data) and same < 128 and data[i + same] == data[i]:
            same += 1
        if same > 1:
            out += bytes([257 - same, data[i]])
        else:
            out += bytes([0, data[i]])
        i += same
    return bytes(out + b"\x80")


def predicted(data: bytes, columns: int, png: bool) -> bytes:
    """``data`` (8-bit, one colour) in rows of ``columns`` bytes filtered
    as the PNG predictors do (the row's filter cycling through all five) or
    as TIFF predictor 2 does."""
    data = data.ljust(-(-len(data) // columns) * columns)
    out, prior = bytearray(), bytes(columns)
    for r in range(0, len(data), columns):
        row = data[r : r + columns]
        kind = (r // columns) % 5 if png else 1
        coded = bytearray([kind]) if png else bytearray()
        for i, x in enumerate(row):
            left, up = (row[i - 1] if i else 0), prior[i]
            corner = prior[i - 1] if i else 0
            base = left + up - corner
            paeth = min(
                (abs(base - left), 0, left),
                (abs(base - up), 1, up),
                (abs(base - corner), 2, corner),
            )[2]
            guess = [0, left, up, (left + up) // 2, paeth][kind]
            coded.append((x - guess) & 255)
        out += coded
        prior = row
    return bytes(out)


def rc4_128_pdf(content: bytes, head: bytes = b"", crypt_filter: bytes | None = None) -> bytes:
    """One page whose content ``content`` (its dictionary's entries
    ``head``) is encrypted with RC4, 128 bits (/V 2 /R 3), the user
    password empty; with ``crypt_filter``, /V 4 /R 4 and its streams'
    crypt filter has those entries (pdfium takes any /CFM but AES's for
    RC4)."""
    owner = owner_entry()
    permissions = (-44).to_bytes(4, "little", signed=True)
    key = hashlib.md5(_PAD + owner + permissions + _ID).digest()
    for _ in range(50):
        key = hashlib.md5(key).digest()
    user = hashlib.md5(_PAD + _ID).digest()
    for i in range(20):
        user = _rc4(bytes(k ^ i for k in key), user)
    sealed = _rc4(hashlib.md5(key + b"\x04\x00\x00\x00\x00").digest(), content)
    objects = _page(b"", b"")[:3]
    objects += [
        b"<< %s/Length %d >>\nstream\n" % (head, len(sealed)) + sealed + b"\nendstream",
        b"<< /Filter /Standard %s /Length 128 /O (%s) /U <%s> /P -44 >>"
        % (
            b"/V 2 /R 3"
            if crypt_filter is None
            else b"/V 4 /R 4 /CF << /StdCF << %s /Length 16 >> >> /StmF /StdCF /StrF /StdCF"
            % crypt_filter,
            owner.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)"),
            (user + bytes(16)).hex().encode(),
        ),
    ]
    ident = _ID.hex().encode()
    return pdf(objects, b"/Encrypt 5 0 R /ID [<%s> <%s>] " % (ident, ident))


#: What a stream says of itself that pdfium parses as content all the same.
AS_IMAGE = b"/Subtype /Image /Width 1 /Height 1 "
_WHOLE = b"/BBox [0 0 595 842]"


def _stream(head: bytes, content: bytes) -> bytes:
    return b"<< %s/Length %d >>\nstream\n" % (head, len(content)) + content + b"\nendstream"


def named_content_pdf(place: str, content: bytes, head: bytes = AS_IMAGE) -> list[bytes]:
    """The objects of one page (for :func:`pdf`) whose stream ``content``,
    its dictionary's entries ``head`` (an image's 1 by 1, unless told), is
    parsed by pdfium as content from ``place``: the page's /Contents (one
    stream, an array of two, an array given by reference), a Type3 font's
    /CharProcs, a tiling pattern, an annotation's appearance (/AP /N, by
    state, /R, /D) or a soft mask's group (/G); in its unit space the page
    is 595 by 842.  (``"image"``: an image XObject the page draws, which
    is not content.)"""
    extra, resources, objects = b"/Contents 4 0 R", b"", [b""]
    if place == "contents":
        objects = [_stream(head, content)]
    elif place == "contents-array":
        extra = b"/Contents [4 0 R 5 0 R]"
        objects = [_stream(b"", b"q"), _stream(head, b"Q " + content)]
    elif place == "contents-by-reference":
        objects = [b"[5 0 R]", _stream(head, content)]
    elif place == "char-procs":
        resources = b"/Font << /F1 5 0 R >>"
        objects = [
            _stream(b"", b"BT /F1 1 Tf (a) Tj ET"),
            b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 595 842] /FontMatrix [1 0 0 1 0 0] "
            b"/CharProcs 6 0 R /Encoding << /Differences [97 /a] >> /FirstChar 97 /LastChar 97 "
            b"/Widths [595] /Resources << >> >>",
            b"<< /a 7 0 R >>",
            _stream(head, b"595 0 d0 " + content),
        ]
    elif place == "pattern":
        resources = b"/Pattern << /P1 5 0 R >>"
        objects = [
            _stream(b"", b"/Pattern cs /P1 scn 0 0 595 842 re f"),
            _stream(
                b"/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 %s /XStep 595 "
                b"/YStep 842 /Resources << >> %s" % (_WHOLE, head),
                content,
            ),
        ]
    elif place.startswith("ap-"):
        ap = {"ap-n": b"/N 6 0 R", "ap-r": b"/R 6 0 R", "ap-d": b"/D 6 0 R"}.get(place, b"/N 7 0 R")
        extra += b" /Annots [5 0 R]"
        objects = [
            _stream(b"", b""),
            b"<< /Type /Annot /Subtype /Square /Rect [0 0 595 842] /F 4 /AS /On /AP << %s >> >>"
            % ap,
            _stream(_WHOLE + b" " + head, content),
            b"<< /Off 8 0 R /On 6 0 R >>",
            _stream(_WHOLE, b""),
        ]
    elif place == "image":  # (drawn by Do: an image, not content)
        resources = b"/XObject << /Im0 5 0 R >>"
        objects = [
            _stream(b"", _DRAW),
            _stream(
                b"/Type /XObject %s/ColorSpace /DeviceGray /BitsPerComponent 8 " % head, content
            ),
        ]
    elif place == "soft-mask":
        resources = b"/ExtGState << /M 6 0 R >>"
        objects = [
            _stream(b"", b"/M gs 0 g 0 0 595 842 re f"),
            _stream(
                b"/Group << /S /Transparency /CS /DeviceGray >> %s %s" % (_WHOLE, head), content
            ),
            b"<< /Type /ExtGState /SMask << /S /Luminosity /G 5 0 R >> >>",
        ]
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> %s >>"
        % (resources, extra),
        *objects,
    ]


def drawn_pdf(px: int, inner: int, outer: int, draw: bytes = b"/Im0 Do") -> bytes:
    """One page drawing a form ``outer`` times, the form doing ``draw`` (an
    image of ``px`` x ``px`` pixels, short data: only its size is read)
    ``inner`` times: a few KB that draw ``inner * outer`` things."""
    form = b"q 1 0 0 1 0 0 cm %s Q\n" % draw * inner
    objects = _page(b"/XObject << /F1 5 0 R >>", b"q 595 0 0 842 0 0 cm /F1 Do Q\n" * outer)
    objects += [
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject "
        b"<< /Im0 6 0 R >> >> /Length %d >>\nstream\n%s\nendstream" % (len(form), form),
        _image(b"%d" % px, b"%d" % px),
    ]
    return pdf(objects)
