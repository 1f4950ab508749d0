"""An inline image claiming 30000 x 30000 pixels is found before pdfium
parses the page, whatever filters encode the content stream that holds it
(pdfium decodes it whole as it parses the page): each filter, chains of
them, predictors, names written with escapes, filters pdfium leaves to an
image's codec, broken data, RC4 and AES encryption (AES needs the
cryptography package: without it the scan is refused as not checked)."""

from __future__ import annotations

import base64
import sys
import zlib
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from reform_brand.scan import ScanLimits, sample_scan, text_layer, verify_scan
from reform_brand.scan._declared import declared, declared_pixels
from reform_brand.scan._pdf_aes import aes_decrypted
from reform_brand.scan._pdf_crypt import CipherMissing
from tests.scan.pdfs import (
    AS_IMAGE,
    BOMB,
    content_pdf,
    lzw,
    named_content_pdf,
    open_encrypted_stencil_pdf,
    packed_pdf,
    pdf,
    predicted,
    rc4_128_pdf,
    referenced_size_pdf,
    run_length,
)
from tests.scan.pdfs_aes import Kind, aes_stencil_pdf

HUGE = 30000 * 30000
#: Content enough for LZW's codes to grow past 9 bits, the inline image
#: after it.
LONG = b"".join(b"%d %d m " % (i, i * 7919 % 1000) for i in range(700)) + BOMB
A85 = base64.a85encode(LONG) + b"~>"

ENCODED = [
    (b"/Filter /ASCIIHexDecode", LONG.hex().encode() + b">"),
    (b"/Filter /AHx", b"\n".join(LONG.hex().encode()[i : i + 64] for i in range(0, 99999, 64))),
    (b"/Filter /ASCII85Decode", A85),
    (b"/Filter /A85", b"\r\n".join(A85[i : i + 75] for i in range(0, len(A85), 75))),
    (b"/Filter /LZWDecode", lzw(LONG)),
    (b"/Filter /LZW /DecodeParms << /EarlyChange 0 >>", lzw(LONG, early=0)),
    (b"/Filter /RunLengthDecode", run_length(LONG)),
    (b"/Filter [/A85 /Fl]", base64.a85encode(zlib.compress(LONG)) + b"~>"),
    (b"/Filter [/AHx /LZW /RL]", lzw(run_length(LONG)).hex().encode()),
    (
        b"/Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 16 /X << /Predictor 1 >> >>",
        zlib.compress(predicted(LONG, 16, png=True)),
    ),
    (
        b"/Filter /Fl /DecodeParms << /Predictor 2.9 /Columns 16.0 >>",
        zlib.compress(predicted(LONG, 16, png=False)),
    ),
    (
        b"/Filter [/AHx /Fl] /DecodeParms [null << /Predictor 12 /Columns 7 >>]",
        zlib.compress(predicted(LONG, 7, png=True)).hex().encode(),
    ),
    # Names written with escapes are the same names to pdfium.
    (b"/Filter /Fl#61teD#65code", zlib.compress(LONG)),
    # /Crypt is passed over; a filter pdfium takes for an image's codec
    # leaves the bytes decoded so far to be parsed as they are.
    (b"/Filter [/AHx /Crypt]", LONG.hex().encode()),
    (b"/Filter [/AHx /DCTDecode]", LONG.hex().encode()),
    (b"/Filter /JBIG2Decode", LONG),
    (b"/Filter /Unknown", LONG),
    # Data that does not inflate, and a malformed chain: pdfium parses
    # the raw bytes.
    (b"/Filter /FlateDecode", LONG),
    (b"/Filter [/DCTDecode /Fl]", LONG),
    # A decoy in a dictionary inside the stream's is not its filter, nor
    # does it make the stream an image.
    (b"/Extra << /Filter /DCTDecode /Subtype /Image >> /Filter /AHx", LONG.hex().encode()),
]


@pytest.mark.parametrize(("head", "content"), ENCODED)
def test_an_inline_image_is_found_through_the_filters(
    head: bytes, content: bytes, tmp_path: Path
) -> None:
    data = content_pdf(content, head + b" ")
    assert declared_pixels(data) == HUGE
    assert _verified(data, tmp_path) == ("unreadable", "image-too-large")
    assert text_layer(tmp_path / "scan.pdf") is None


def test_the_encodings_hide_the_image_from_a_search_of_the_raw_bytes() -> None:
    """(So that the cases above test the decoding.)"""
    hidden = [content for _, content in ENCODED[:13]]
    assert all(declared_pixels(content_pdf(c)) in range(HUGE) for c in hidden)


@pytest.mark.parametrize("at", [-40, -20, -12, -3, 0, 5])
def test_an_inline_image_cut_between_two_pieces(at: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoded content is looked at in pieces (1 MiB; 4 KiB here) that
    overlap, so a ``BI ... ID`` cut between two is still seen."""
    from reform_brand.scan import _pdf_filters

    monkeypatch.setattr(_pdf_filters, "CHUNK", 4096)
    content = b" " * (3 * 4096 + at) + BOMB
    for head, encoded in [
        (b"/Filter /AHx ", content.hex().encode()),
        (b"/Filter /RL ", run_length(content)),
        (b"/Filter /A85 ", base64.a85encode(content)),
    ]:
        assert declared_pixels(content_pdf(encoded, head)) == HUGE


@pytest.mark.parametrize("at", [0, 1, 2, 5, 11])
def test_what_a_page_draws_is_counted_once_across_pieces(
    at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pieces content is looked at in overlap: an operator in the
    overlap, or cut between two pieces, is counted once."""
    from reform_brand.scan import _pdf_filters

    monkeypatch.setattr(_pdf_filters, "CHUNK", 4096)
    content = b" " * at + b"0 0 1 1 re f\n" * 4000 + b"(x) Tj\n" * 1000
    found = declared(content_pdf(zlib.compress(content), b"/Filter /FlateDecode "))
    assert found is not None and found.page_draws(0, 10**6) == 5000


BROKEN = [
    (b"/Filter /AHx", b"4Q 20 zz 7"),
    (b"/Filter /A85", b"z!!z!!!!!uuuuu~>"),
    (b"/Filter /A85", b"!!"),
    (b"/Filter /LZW", b"\xff" * 40),
    (b"/Filter /LZW", lzw(LONG)[:-100]),
    (b"/Filter /RL", b"\x05ab"),
    (b"/Filter /RL", b"\xfa"),
    (b"/Filter /Fl", zlib.compress(LONG)[:-200]),
    (b"/Filter /Fl /DecodeParms << /Predictor 12 /Columns 0 >>", zlib.compress(LONG)),
    (b"/Filter /Fl /DecodeParms << /Predictor 2 /BitsPerComponent 3 >>", zlib.compress(LONG)),
    (b"/Filter /Fl /DecodeParms << /Predictor 15 /Columns 5 >>", zlib.compress(b"\x09" * 99)),
    (b"/Filter /Fl /DecodeParms << /Predictor 2 /Colors 3 /BitsPerComponent 4 >>", b"x"),
    (b"/Filter [/Fl /AHx", b"zz"),
    (b"/Filter (Fl)", b""),
    (b"/DecodeParms [<< /Predictor 12 >>", b"zz"),
]


@pytest.mark.parametrize(("head", "content"), BROKEN)
def test_broken_encodings_do_not_raise(head: bytes, content: bytes) -> None:
    assert declared_pixels(content_pdf(content, head + b" ")) in (0, HUGE)


def test_filters_given_by_reference_are_too_costly() -> None:
    """A stream's filters given by reference are not looked up: the scan is
    too large, as it is for content beyond the limits."""
    assert declared_pixels(content_pdf(LONG.hex().encode(), b"/Filter 9 0 R ")) is None


def test_work_done_by_hand_is_limited(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What is decoded byte by byte in Python (LZW, RunLength, ASCII85,
    predictors, RC4) is limited (8 MB; 4 KB here): beyond, too large."""
    from reform_brand.scan import _declared

    monkeypatch.setattr(_declared, "_BY_HAND", 4096)
    path = tmp_path / "scan.pdf"
    path.write_bytes(content_pdf(run_length(LONG), b"/Filter /RL "))
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable", "too-large")
    path.write_bytes(content_pdf(run_length(b"0 0 m " * 100), b"/Filter /RL "))
    assert verify_scan(path).status == "ok"


@pytest.mark.parametrize("kind", ["aesv2", "r6"])
def test_what_is_decrypted_is_limited(kind: Kind, monkeypatch: pytest.MonkeyPatch) -> None:
    """What is decrypted counts against the same limit (4 KB here)."""
    from reform_brand.scan import _declared

    monkeypatch.setattr(_declared, "_BY_HAND", 4096)
    assert declared_pixels(aes_stencil_pdf(kind, b"0 0 m " * 800), encrypted=True) is None
    assert declared_pixels(aes_stencil_pdf(kind, b"0 0 m " * 100), encrypted=True) == 400 * 560


def test_a_size_in_an_object_stream_after_an_outline() -> None:
    """The object stream's own /First places its objects, not the /First
    of an outline's dictionary just before it."""
    assert declared_pixels(referenced_size_pdf(30000, outline=True)) == 30000 * 30000


def test_an_ordinary_scan_is_unaffected() -> None:
    """What a scan declares is its page images' pixels: the images are not
    looked into as content."""
    data = sample_scan()
    doc = pdfium.PdfDocument(data)
    try:
        sizes = [
            w * h
            for page in doc
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
            for w, h in [obj.get_px_size()]
        ]
    finally:
        doc.close()
    assert sizes and declared_pixels(data) == max(sizes) <= ScanLimits().max_image_pixels


#: Where pdfium takes a stream for content, whatever it says of itself:
#: each place's stream, labelled an image of 1 by 1, is drawn as content
#: (it blackens the lower half of the page; a soft mask's group paints it
#: white, letting the page's black through there).
DRAWN = [
    "contents",
    "contents-array",
    "contents-by-reference",
    "char-procs",
    "pattern",
    "ap-n",
    "ap-state",
    "soft-mask",
]
#: ... and an annotation's rollover and down appearances, which pdfium
#: parses when a viewer shows them, not when it renders the page.
NAMED = [*DRAWN, "ap-r", "ap-d"]


def _verified(data: bytes, folder: Path) -> tuple[str, str]:
    """The status and reason of ``data`` verified as a scan in ``folder``."""
    path = folder / "scan.pdf"
    path.write_bytes(data)
    result = verify_scan(path)
    return result.status, result.reason


def _dark(data: bytes) -> float:
    """The share of the first page that pdfium draws dark."""
    return _opened(data, scale=0.2)[1]


def _half(place: str) -> bytes:
    return b"%s g 0 0 595 421 re f" % (b"1" if place == "soft-mask" else b"0")


@pytest.mark.parametrize("place", DRAWN)
def test_pdfium_parses_these_places_as_content(place: str) -> None:
    assert 0.45 < _dark(pdf(named_content_pdf(place, _half(place)))) < 0.55
    # (Drawn by Do, the stream is an image, its one grey pixel the page.)
    assert _dark(pdf(named_content_pdf("image", _half(place)))) == 1


@pytest.mark.parametrize("place", NAMED)
def test_an_inline_image_in_content_labelled_an_image_is_found(place: str, tmp_path: Path) -> None:
    data = pdf(named_content_pdf(place, BOMB))
    assert declared_pixels(data) == HUGE
    assert _verified(data, tmp_path) == ("unreadable", "image-too-large")
    # Its filters are applied as any content stream's.
    encoded = named_content_pdf(place, BOMB.hex().encode(), AS_IMAGE + b"/Filter /AHx ")
    assert declared_pixels(pdf(encoded)) == HUGE


@pytest.mark.parametrize("place", NAMED)
def test_content_named_from_inside_an_object_stream(place: str) -> None:
    """The keys naming the content (and the arrays and dictionaries they
    refer to) kept compressed in an object stream are found there."""
    objects = named_content_pdf(place, BOMB)
    packed = {i for i, body in enumerate(objects, start=1) if b"stream" not in body}
    data = packed_pdf(objects, packed)
    assert b"/Contents" not in data and b"/Annots" not in data
    assert declared_pixels(data) == HUGE
    if place in DRAWN:
        assert 0.45 < _dark(packed_pdf(named_content_pdf(place, _half(place)), packed)) < 0.55


def test_an_image_drawn_as_an_image_is_not_content(tmp_path: Path) -> None:
    """An image XObject's data is not parsed as content, whatever it holds
    (a real scan's page image is skipped as before)."""
    data = pdf(named_content_pdf("image", BOMB))
    assert declared_pixels(data) == 1
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    assert verify_scan(path).status == "ok"


def test_a_large_image_named_as_content_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream named as content is decoded as content, against the same
    limit (256 MiB; 64 KiB here): beyond it the scan is too large."""
    from reform_brand.scan import _declared

    monkeypatch.setattr(_declared, "_CONTENT_BYTES", 64 * 1024)
    big = zlib.compress(b"0 0 m " * 20_000)
    head = AS_IMAGE + b"/Filter /FlateDecode "
    assert declared_pixels(pdf(named_content_pdf("contents", big, head))) is None
    assert declared_pixels(pdf(named_content_pdf("image", big, head))) == 1


def test_content_labelled_an_image_in_encrypted_files() -> None:
    """References are not encrypted: an encrypted page's content labelled
    an image is found, RC4 or AES."""
    assert declared_pixels(rc4_128_pdf(BOMB, AS_IMAGE), encrypted=True) == HUGE
    assert declared_pixels(rc4_128_pdf(b"0 0 m", AS_IMAGE), encrypted=True) == 1


def test_an_inline_image_in_rc4_encrypted_content_is_found(tmp_path: Path) -> None:
    """A PDF that opens without a password under RC4: its streams are
    decrypted (the standard library's MD5 and a few lines of RC4) and
    looked into as any other's."""
    data = open_encrypted_stencil_pdf(BOMB)
    assert declared_pixels(data) == 400 * 560  # (as stored, the content is ciphered)
    assert declared_pixels(data, encrypted=True) == HUGE
    assert _verified(data, tmp_path) == ("unreadable", "image-too-large")
    assert declared_pixels(open_encrypted_stencil_pdf(), encrypted=True) == 400 * 560
    # 128 bits, the owner's key given as a literal string with escapes.
    assert declared_pixels(rc4_128_pdf(b"0 0 m " + BOMB), encrypted=True) == HUGE
    assert declared_pixels(rc4_128_pdf(b"0 0 m"), encrypted=True) == 0
    # A content stream that calls itself a cross-reference stream (which
    # is not encrypted) is still decrypted by pdfium.
    assert declared_pixels(rc4_128_pdf(BOMB, b"/Type /XRef "), encrypted=True) == HUGE


@pytest.mark.parametrize("cipher", [b"/CFM /None", b"", b"/CFM /V2"])
def test_any_crypt_filter_but_aes_is_rc4(cipher: bytes) -> None:
    """pdfium decrypts with RC4 the streams of a crypt filter whose /CFM is
    not AES's (/None, or none at all): such content is decrypted too."""
    data = rc4_128_pdf(b"0 0 m " + BOMB, crypt_filter=cipher)
    assert declared_pixels(data, encrypted=True) == HUGE
    assert declared_pixels(rc4_128_pdf(b"0 0 m", crypt_filter=cipher), encrypted=True) == 0


KINDS: list[Kind] = ["aesv2", "r5", "r6"]


def _opened(data: bytes, scale: float = 0.5) -> tuple[int, float]:
    """The revision of the security handler pdfium opens ``data`` with, no
    password given, and the share of its first page that it draws dark."""
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        bitmap = page.render(scale=scale)
        dark = float((np.asarray(bitmap.to_pil().convert("L")) < 128).mean())
        bitmap.close()
        page.close()
        return pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw), dark
    finally:
        doc.close()


@pytest.mark.parametrize(("kind", "revision"), [("aesv2", 4), ("r5", 5), ("r6", 6)])
def test_the_aes_files_open_without_a_password(kind: Kind, revision: int) -> None:
    """The AES-encrypted files built here are what pdfium opens without a
    password and decrypts (the lines of the stencil scan are drawn: a
    tenth of the page), and asks a password for with a wrong /U."""
    found, dark = _opened(aes_stencil_pdf(kind))
    assert found == revision and 0.08 < dark < 0.12
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(aes_stencil_pdf(kind, wrong_user=True))


def test_aes_128_with_metadata_left_plain() -> None:
    """/EncryptMetadata false: four more bytes hashed into the key, which
    pdfium opens the file with (it draws the scan's lines)."""
    found, dark = _opened(aes_stencil_pdf("aesv2", plain_meta=True))
    assert found == 4 and 0.08 < dark < 0.12
    data = aes_stencil_pdf("aesv2", BOMB, plain_meta=True)
    assert declared_pixels(data, encrypted=True) == HUGE


@pytest.mark.parametrize("kind", KINDS)
def test_an_inline_image_in_aes_encrypted_content_is_found(kind: Kind, tmp_path: Path) -> None:
    """A PDF protected against editing with AES (128 bits, or 256 at /R 5
    and /R 6, Acrobat's default), its user password empty: its streams are
    decrypted and looked into as any other's."""
    data = aes_stencil_pdf(kind, BOMB)
    assert declared_pixels(data) == 400 * 560  # (as stored, the content is ciphered)
    assert declared_pixels(data, encrypted=True) == HUGE
    assert _verified(data, tmp_path) == ("unreadable", "image-too-large")
    # An ordinary scan so protected is read as usual.
    assert declared_pixels(aes_stencil_pdf(kind), encrypted=True) == 400 * 560
    assert _verified(aes_stencil_pdf(kind, b"0 0 m"), tmp_path)[0] == "ok"
    # A /U that the empty password does not give: the key is not known.
    assert declared_pixels(aes_stencil_pdf(kind, BOMB, wrong_user=True), encrypted=True) is None


@pytest.mark.parametrize("kind", KINDS)
def test_aes_without_the_cipher_is_said_so(
    kind: Kind, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without the cryptography package (an environment that installed the
    scan extra before it needed it) an AES-encrypted scan cannot be looked
    into: it is refused as not checked, not as too large; RC4 is still
    decrypted."""
    data = aes_stencil_pdf(kind, b"1 1 m")
    monkeypatch.setitem(sys.modules, "cryptography.hazmat.primitives.ciphers", None)
    with pytest.raises(CipherMissing):
        declared_pixels(data, encrypted=True)
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    result = verify_scan(path)
    assert (result.status, result.reason) == ("unreadable", "encrypted-unchecked")
    assert declared_pixels(rc4_128_pdf(b"0 0 m " + BOMB), encrypted=True) == HUGE


@pytest.mark.parametrize(
    ("plain", "tail", "text"),
    [
        # Nothing is left of a body shorter than two blocks (the first is
        # the initialisation vector).
        (b"", b"", b""),
        (b"", bytes(15), b""),
        # A last block left incomplete is dropped, the padding before it kept.
        (b"abc" + bytes([13]) * 13, b"xyz", b"abc" + bytes([13]) * 13),
        # The last byte of whole blocks says how much of the last is padding ...
        (b"abc" + bytes([13]) * 13, b"", b"abc"),
        (b"abcdef" + bytes(9) + b"\x03", b"", b"abcdef" + bytes(7)),
        (b"a" * 15 + b"\x00", b"", b"a" * 15 + b"\x00"),
        # ... the whole block from 16 on.
        (b"x" * 16 + b"a" * 15 + b"\x10", b"", b"x" * 16),
        (b"x" * 16 + b"a" * 15 + b"\xff", b"", b"x" * 16),
    ],
)
def test_aes_decrypts_as_pdfium_does(plain: bytes, tail: bytes, text: bytes) -> None:
    """A stream decrypted with AES is what pdfium parses: its first block
    the initialisation vector, its padding removed by its last byte,
    whether or not the other bytes agree, and an incomplete block left."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key, iv = bytes(range(16)), bytes(range(16, 32))
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    assert aes_decrypted(key, iv + enc.update(plain) + enc.finalize() + tail) == text
    assert aes_decrypted(key, iv[:15]) == b""


@pytest.mark.parametrize(
    "content",
    [
        # A name or a string of the dictionary that reads as its end.
        b"q BI /ID 1 /W 30000 /H 30000 /CS /G /BPC 8 ID \x00 EI Q",
        b"q BI /X (a ID b) /W 30000 /H 30000 /CS /G /BPC 8 ID \x00 EI Q",
        # A dictionary of any length.
        b"q BI /W 30000 /X [" + b"1 " * 5000 + b"] /H 30000 /CS /G ID \x00 EI Q",
        # Names written with escapes, a sign.
        b"q BI /W#69dth +30000 /H#65ight 30000 /CS /G /BPC 8 ID \x00 EI Q",
    ],
)
def test_the_inline_image_dictionary_as_pdfium_reads_it(content: bytes) -> None:
    assert declared_pixels(content_pdf(content)) == HUGE


def test_a_dictionary_longer_than_a_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """An inline image's dictionary going on over several pieces of 4 KiB
    is read to its end."""
    from reform_brand.scan import _pdf_filters

    monkeypatch.setattr(_pdf_filters, "CHUNK", 4096)
    content = b"q BI /W 30000 /X [" + b"1 " * 10_000 + b"] /H 30000 /CS /G ID \x00 EI Q"
    assert declared_pixels(content_pdf(content.hex().encode(), b"/Filter /AHx ")) == HUGE
    # (Numbers after names alike but no BI are no inline image's size.)
    assert (
        declared_pixels(content_pdf(content.replace(b"BI", b"").hex().encode(), b"/Filter /AHx "))
        == 0
    )


@pytest.mark.parametrize("flate", [False, True])
def test_an_encrypted_jpeg_is_measured_by_its_frame(flate: bool) -> None:
    """A JPEG of 16 by 16 pixels whose frame header says 30,000 by 30,000,
    encrypted with RC4 (under Flate too), and which no page draws as its
    content (an annotation's appearance may draw it, which is no page
    object): pdfium decodes it at its frame's size."""
    from tests.scan.test_robustness import _jpeg_claiming

    head = b"/Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
    for side, pixels in [(16, 256), (30000, HUGE)]:
        jpeg = _jpeg_claiming(side)
        if flate:
            jpeg, filters = zlib.compress(jpeg), b"/Filter [/FlateDecode /DCTDecode] "
        else:
            filters = b"/Filter /DCTDecode "
        data = rc4_128_pdf(jpeg, head + filters).replace(b"/Contents 4 0 R", b"/Contents 9 0 R")
        assert declared_pixels(data, encrypted=True) == pixels


def test_what_an_annotation_draws_is_counted_by_its_images() -> None:
    """The data and pixels of the images an annotation's appearance draws
    (no page objects), as often as it draws them: by the image's
    dictionary, its size written as numbers."""
    draw = b"/Im Do " * 3
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Stamp /Rect [0 0 10 10] /AP << /N 5 0 R >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject "
        b"<< /Im 6 0 R >> >> /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw),
        b"<< /Type /XObject /Subtype /Image /Width 200 /Height 100 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 10 >>\nstream\n0123456789\nendstream",
    ]
    found = declared(pdf(objects))
    assert found is not None
    # (its data up to its endstream)
    assert found.other_images(10**9, 10**9, 10**9) == (3 * 11, 3 * 200 * 100, 3)


def test_what_the_annotations_of_a_page_draw_is_added_up() -> None:
    """The images each annotation's normal appearance draws, added up over
    the annotations of the page, each as often as the page names it: of an
    appearance by state, the one that draws most (pdfium draws one); of a
    pushbutton without one, its icon (/MK /I), of which pdfium makes it."""
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject "
    form += b"<< /Im 8 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R 4 0 R 5 0 R] >>",
        b"<< /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /AS /On "
        b"/AP << /N << /On 6 0 R /Off 7 0 R >> >> >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /Rect [0 0 10 10] "
        b"/MK << /I 7 0 R /TP 1 >> >>",
        form % (len(b"/Im Do " * 3), b"/Im Do " * 3),
        form % (len(b"/Im Do "), b"/Im Do "),
        b"<< /Type /XObject /Subtype /Image /Width 200 /Height 100 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 10 >>\nstream\n0123456789\nendstream",
    ]
    found = declared(pdf(objects))
    assert found is not None
    assert found.annotation_images(0, 10**9, 10**9, 10**9) == (7 * 11, 7 * 200 * 100, 7)
    # (up to the most + 1)
    assert found.annotation_images(0, 10, 10, 5) == (11, 11, 6)
    assert found.other_images(10**9, 10**9, 10**9) == (3 * 11, 3 * 200 * 100, 3)
