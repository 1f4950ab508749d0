"""What the images of a PDF declare, read from its bytes before pdfium
parses a page: pdfium decodes a small image's soft mask whole to draw it,
and an inline image (``BI /W 30000 /H 30000 ... ID``) whole as it parses
the page's content, before any page object can be measured.  A stream
that says it is an image is not content, but where pdfium parses it as
content all the same (:mod:`~reform_brand.scan._pdf_refs`)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from typing import Final

from attrs import frozen

from reform_brand.scan._drawn import Draws, xobject_names
from reform_brand.scan._pdf_crypt import PLAIN, StreamKey, decrypted, file_key
from reform_brand.scan._pdf_filters import (
    Budget,
    Overspent,
    name,
    stream_codec_head,
    stream_keys,
    stream_stages,
)
from reform_brand.scan._pdf_jpeg import JPEG_HEAD, jpeg_frames, jpeg_size
from reform_brand.scan._pdf_live import Live
from reform_brand.scan._pdf_refs import content_objects
from reform_brand.scan._pdf_tree import (
    Objects,
    annotation_count,
    appearances,
    contents,
    page_leaves,
)

__all__ = ["Declared", "Drawn", "declared", "declared_pixels"]

#: What an image's dictionary is found by: its /Width, which a soft mask
#: without /Subtype /Image has too (pdfium decodes it all the same).
#: Streams are never inside object streams, so every image's dictionary,
#: a soft mask's too, lies in the file's bytes as is.
_WIDTH: Final = re.compile(rb"/Width\b")
_SIZE: Final = re.compile(rb"/(Width|Height)\s+\+?(\d{1,12})(?:\s+(\d{1,6})\s+R\b)?")
#: A name written with an escape (``/Wid#74h``), the same name to pdfium.
_ESCAPED_NAME: Final = re.compile(rb"/[^\s/<>\[\]()%{}#]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()%{}]*")
_OBJ_STREAM: Final = re.compile(rb"/Type\s*/ObjStm\b")
_NUMBER_OBJ: Final = re.compile(rb"(?<![\d.])(\d{1,9})\s+\d{1,6}\s+obj\s*(\d{1,12})\s*endobj")
#: How far a dictionary's keys are looked for around its /Width or /Type.
_DICT: Final = 4096
#: What is inflated of the object streams, in all, to find a size given by
#: reference.
_OBJ_STREAM_BYTES: Final = 16 * 1024 * 1024


#: An inline image, in a content stream: its size is read from its /W and
#: /H up to the next one, past its ``ID`` (which a name or a string of its
#: dictionary may imitate) and whatever the length of its dictionary.
_INLINE: Final = re.compile(rb"\bBI\b")
_INLINE_SIZE: Final = re.compile(rb"/(W|Width|H|Height)\s+\+?(\d{1,12})")
_STREAM: Final = re.compile(rb"stream\r?\n")
#: More streams and inline images than a PDF is looked into for ...
_MOST: Final = 100_000
#: ... and more image dictionaries (a scan has one or two a page).
_MOST_IMAGES: Final = 10_000
#: What the content streams (every stream that is not an image's) may
#: inflate to, in all: a scan's are a few kilobytes a page.
_CONTENT_BYTES: Final = 256 * 1024 * 1024
#: ... and what may be worked through byte by byte in Python (LZW,
#: RunLength, ASCII85, predictors, RC4, AES): a scan's content is a few
#: kilobytes a page.
_BY_HAND: Final = 8 * 1024 * 1024
_OBJ_NUMBER: Final = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+$")
#: What images drawn outside a page's content cost: bytes of data, pixels,
#: and images, each as often as drawn.
Drawn = tuple[int, int, int]


@frozen
class Declared:
    """What a PDF's bytes declare, read before pdfium opens a page."""

    #: The most pixels an image declares.
    pixels: int
    #: The object numbers of its pages, in order (the page tree's leaves
    #: that are there), None when its page tree cannot be followed.
    pages: list[int] | None
    #: What its content streams draw.
    draws: Draws
    objects: Objects

    def page_draws(self, index: int, most: int) -> int:
        """The page objects pdfium makes opening and drawing the page of
        0-based ``index``, forms drawn included, up to ``most`` + 1 or
        about: its /Contents and its annotations (one object each, and
        what their appearances draw, :meth:`annotated`), or the most of any
        other stream that draws (a pattern or a Type3 glyph may be on it);
        without a page tree, the most of any stream."""
        streams = self.draws.streams()
        if self.pages is None or index >= len(self.pages):
            return max((self.draws.cost([n], most) for n in streams), default=0)
        listed = {n for page in self.pages for n in contents(self.objects, page)}
        other = max((self.draws.cost([n], most) for n in streams - listed), default=0)
        page = self.pages[index]
        own = self.draws.cost(contents(self.objects, page), most)
        drawn = self.annotated(index, lambda n, m: self.draws.cost([n], m), most)
        return max(min(most + 1, own + self.annotations(index) + drawn), other)

    def other_images(self, most_bytes: int, most_pixels: int, most_images: int) -> Drawn:
        """The most bytes of image data, pixels, and images any stream but a
        page's /Contents draws (an annotation's appearance, a pattern, a
        Type3 glyph, a form), each up to its most + 1: pdfium reads and
        decodes them drawing a page, but what an annotation draws is no
        page object to be measured."""
        listed = set()
        if self.pages is not None:
            listed = {n for page in self.pages for n in contents(self.objects, page)}
        streams = self.draws.streams() - listed
        data = max((self.draws.image_bytes(n, most_bytes) for n in streams), default=0)
        pixels = max((self.draws.image_pixels(n, most_pixels) for n in streams), default=0)
        images = max((self.draws.image_count(n, most_images) for n in streams), default=0)
        return data, pixels, images

    def annotation_images(
        self, index: int, most_bytes: int, most_pixels: int, most_images: int
    ) -> Drawn:
        """The bytes of image data, pixels, and images the annotations of
        the page of 0-based ``index`` draw in all (:meth:`annotated`),
        each up to its most + 1: no page objects, to be added to the
        page's own."""
        return (
            self.annotated(index, self.draws.image_bytes, most_bytes),
            self.annotated(index, self.draws.image_pixels, most_pixels),
            self.annotated(index, self.draws.image_count, most_images),
        )

    def annotated(self, index: int, cost: Callable[[int, int], int], most: int) -> int:
        """What the normal appearances of the annotations of the page of
        0-based ``index`` draw in all, by ``cost`` (of a stream, up to
        ``most`` + 1), up to ``most`` + 1: each annotation's as often as
        the page names it, of its streams by appearance state the costliest
        (0 without a page tree)."""
        if self.pages is None or index >= len(self.pages):
            return 0
        total = 0
        for streams in appearances(self.objects, self.pages[index]):
            total += max((cost(n, most) for n in streams), default=0)
            if total > most:
                return most + 1
        return total

    def annotations(self, index: int) -> int:
        """How many annotations the page of 0-based ``index`` names, as
        often as it names them (0 without a page tree)."""
        if self.pages is None or index >= len(self.pages):
            return 0
        return annotation_count(self.objects, self.pages[index])


def declared_pixels(data: bytes, *, encrypted: bool = False) -> int | None:
    """The most pixels an image of the PDF's bytes declares (see
    :func:`declared`), None when that cannot be known."""
    found = declared(data, encrypted=encrypted)
    return None if found is None else found.pixels


def declared(data: bytes, *, encrypted: bool = False) -> Declared | None:
    """What the PDF's bytes declare: the most pixels an image declares (in
    an image's dictionary, a soft mask's too, or an inline image's in a
    content stream, or a JPEG's frame header), its pages, and what its content streams draw; or None
    when its content streams decode beyond
    :data:`_CONTENT_BYTES` (or :data:`_BY_HAND`), it holds more images,
    streams or inline images than :data:`_MOST_IMAGES` and :data:`_MOST`,
    or, ``encrypted`` (as pdfium found it), its streams' key is not known
    (no scan does: looking would cost too much, or is not possible).
    :class:`~reform_brand.scan._pdf_crypt.CipherMissing` when its streams
    are encrypted with AES and the ``cryptography`` package is missing."""
    key = file_key(data) if encrypted else PLAIN
    if key is None:
        return None
    plain = _plain(data)
    packed_at: dict[int, int] = {}
    packed = _packed(data, key, packed_at)
    objects = Objects(plain, packed, packed_at)
    try:
        content = content_objects(plain, packed, Budget(_OBJ_STREAM_BYTES), objects.places)
        draws = Draws(xobject_names([plain, *packed.values()], objects.dictionary))
    except Overspent:
        return None
    live = Live(data, packed)
    inline = _inline_pixels(data, key, content, draws, live)
    images = _image_pixels(data, plain, packed)
    frames = jpeg_frames(data)
    if inline is None or images is None or frames is None:
        return None
    reached = live.reached()
    if reached is not None:
        draws.keep(reached)
    return Declared(max(images, inline, frames), page_leaves(objects), draws, objects)


def _packed(data: bytes, key: StreamKey, where: dict[int, int]) -> dict[int, bytes]:
    """The objects kept inside the file's object streams, by number
    (compressed, of which at most :data:`_OBJ_STREAM_BYTES` are inflated
    in all; decrypted with ``key``); ``where`` is given the place of the
    object stream of each."""
    found: dict[int, bytes] = {}
    budget, by_hand = _OBJ_STREAM_BYTES, Budget(_BY_HAND)
    for m in _OBJ_STREAM.finditer(data):
        start = data.find(b"stream", m.end(), m.end() + _DICT)
        obj_at = data.rfind(b"obj", max(0, m.start() - _DICT), m.start())
        head = data[max(0, obj_at, m.start() - _DICT) : max(start, 0)]  # (its own /First)
        first = re.search(rb"/First\s+(\d{1,9})", head)
        if start < 0 or first is None or b"/FlateDecode" not in head or budget <= 0:
            continue
        start += 6
        start += 1 if data[start : start + 1] == b"\r" else 0
        start += 1 if data[start : start + 1] == b"\n" else 0
        body: bytes | memoryview = memoryview(data)[start:]
        number = _number(data, obj_at)
        if key.encrypted and number is None:
            continue
        try:
            if key.encrypted and number is not None:
                end = data.find(b"endstream", start)
                body = decrypted(
                    key, *number, data[start : end if end >= 0 else len(data)], by_hand
                )
            text = zlib.decompressobj().decompress(body, budget)
        except (zlib.error, Overspent):
            continue
        budget -= len(text)
        base = int(first[1])
        pairs = [int(n) for n in re.findall(rb"\d{1,12}", text[:base])]
        offsets = [*pairs[1::2], len(text) - base]
        for num, off, after in zip(pairs[::2], offsets, offsets[1:], strict=False):
            found[num] = _plain(text[base + off : base + after])
            where[num] = m.start()
    return found


def _plain(text: bytes) -> bytes:
    """``text`` with its names written with escapes as pdfium reads them."""
    return _ESCAPED_NAME.sub(lambda n: name(n[0]), text) if b"#" in text else text


def _stored_numbers(data: bytes, packed: dict[int, bytes]) -> dict[int, int]:
    """The integers stored as objects of their own (``7 0 obj 30000
    endobj``), in the file's bytes or inside its object streams
    (``packed``), by object number."""
    found = {int(m[1]): int(m[2]) for m in _NUMBER_OBJ.finditer(data)}
    for num, text in packed.items():
        value = re.fullmatch(rb"\s*(\d{1,12})\s*", text)
        if value is not None:
            found[num] = int(value[1])
    return found


def _number(data: bytes, obj_at: int) -> tuple[int, int] | None:
    """The number and generation of the object whose ``obj`` is at
    ``obj_at``."""
    m = _OBJ_NUMBER.search(data[max(0, obj_at - 24) : max(0, obj_at)])
    return None if m is None else (int(m[1]), int(m[2]))


def _image_pixels(data: bytes, plain: bytes, packed: dict[int, bytes]) -> int | None:
    """The most pixels an image's dictionary declares, soft masks and
    images of annotations and patterns included (pdfium decodes a small
    image's soft mask whole, whatever its size, when it draws the image),
    and any other dictionary with a /Width (a soft mask needs no /Subtype
    /Image; its names may be written with escapes); None for more than
    :data:`_MOST_IMAGES` of them."""
    most, seen = 0, 0
    stored: dict[int, int] | None = None
    for seen, m in enumerate(_WIDTH.finditer(plain), start=1):
        if seen > _MOST_IMAGES:
            return None
        start = plain.rfind(b"obj", max(0, m.start() - _DICT), m.start())
        ahead = [plain.find(word, m.end(), m.end() + _DICT) for word in (b"stream", b"endobj")]
        end = min((e for e in ahead if e >= 0), default=m.end() + _DICT)
        size = {b"Width": 0, b"Height": 0}
        for key, value, ref in _SIZE.findall(plain[max(start, m.start() - _DICT, 0) : end]):
            if ref:
                stored = _stored_numbers(data, packed) if stored is None else stored
                size[key] = stored.get(int(value), 0)
            else:
                size[key] = int(value)
        most = max(most, size[b"Width"] * size[b"Height"])
    return most


#: The size read so far of an inline image whose dictionary a piece of
#: content leaves open (None when none is).
_Open = tuple[int, int] | None


def _inline_in(text: bytes, open_size: _Open) -> tuple[int, int, _Open]:
    """The most pixels an inline image of a piece of content declares, how
    many begin in it, and the size read so far of the last (``open_size``
    is the one the piece before left open)."""
    if b"#" in text:
        text = _ESCAPED_NAME.sub(lambda n: name(n[0]), text)
    starts = [m.start() for m in _INLINE.finditer(text)]
    most, pos, size = 0, 0, open_size
    for cut in [*starts, len(text)]:
        if size is not None:
            width, height = size
            for key, value in _INLINE_SIZE.findall(text, pos, cut):
                if key[:1] == b"W":
                    width = max(width, int(value))
                else:
                    height = max(height, int(value))
            size = (width, height)
            most = max(most, width * height)
        if cut < len(text):
            size, pos = (0, 0), cut
    return most, len(starts), size


class _Search:
    """The inline images found in the pieces of content looked at, under
    :data:`_CONTENT_BYTES` and :data:`_MOST`."""

    def __init__(self, draws: Draws) -> None:
        self.most, self.count, self.budget = 0, 0, _CONTENT_BYTES
        self.draws: Draws = draws
        self.number: int | None = None

    def stage(self) -> Callable[[bytes], None]:
        """What looks at the pieces of one stage of a stream's bytes, in
        order (an inline image's dictionary may go on from one to the
        next), counting what they draw too."""
        open_size: _Open = None
        count = self.draws.stage(self.number)

        def look(piece: bytes) -> None:
            nonlocal open_size
            count(piece)
            self.budget -= len(piece)
            pixels, inline, open_size = _inline_in(piece, open_size)
            self.count += inline
            if self.budget < 0 or self.count > _MOST:
                raise Overspent
            self.most = max(self.most, pixels)

        return look

    def stream(self, number: int | None, keys: dict[bytes, list[bytes]]) -> None:
        self.number = number
        self.draws.stream(number, keys)
        self.count += 1
        if self.count > _MOST:
            raise Overspent


def _an_image(keys: dict[bytes, list[bytes]]) -> bool:
    """Whether a stream of dictionary ``keys`` is an image's, not parsed as
    content (but when named as content: :func:`content_objects`); a tiling
    pattern's is content whatever its /Subtype."""
    pattern = b"/PatternType" in keys or [name(t) for t in keys.get(b"/Type", [])] == [b"/Pattern"]
    return not pattern and [name(t) for t in keys.get(b"/Subtype", [])] == [b"/Image"]


#: How much of an encrypted image's data is decrypted to find its JPEG's
#: frame header, then at most when it is not found there; and how much
#: that reaches /DCTDecode is then read (counted against
#: :data:`_CONTENT_BYTES`: a JPEG's metadata may be long).
_JPEG_FIRST: Final = 64 * 1024
_JPEG_RAW: Final = 4 * 1024 * 1024
_JPEG_MORE: Final = 16 * 1024 * 1024


def _jpeg_pixels(
    keys: dict[bytes, list[bytes]],
    body: bytes | memoryview,
    key: StreamKey,
    number: tuple[int, int] | None,
    search: _Search,
    by_hand: Budget,
) -> int:
    """The pixels the frame header of an image's JPEG gives, pdfium's size
    for it, also under other filters (``/Filter [/FlateDecode
    /DCTDecode]``) or encrypted: the first :data:`JPEG_HEAD` bytes that
    reach /DCTDecode are read, then :data:`_JPEG_MORE` when its frame
    header is not there (0 for an image of another codec)."""
    raws = (_JPEG_FIRST, _JPEG_RAW) if key.encrypted else (len(body), len(body))
    for raw, most in zip(raws, (JPEG_HEAD, _JPEG_MORE), strict=True):
        text: bytes | memoryview = body
        if key.encrypted:
            if number is None:
                return 0
            text = decrypted(key, *number, bytes(body[: raw + 17]), by_hand)  # (AES: whole blocks)
        found = stream_codec_head(keys, text, by_hand, most)
        if found is None or found[0] not in (b"DCTDecode", b"DCT"):
            return 0
        if most == _JPEG_MORE:
            search.budget -= len(found[1])
            if search.budget < 0:
                raise Overspent
        width, height = jpeg_size(found[1])
        if width * height > 0 or (raw >= len(body) and len(found[1]) < most):
            return width * height
    return 0


def _keys_pixels(keys: dict[bytes, list[bytes]]) -> int:
    """The pixels an image's dictionary gives, its /Width and /Height
    written as numbers (0 when given by reference)."""
    sides = [keys.get(k, []) for k in (b"/Width", b"/Height")]
    if not all(len(s) == 1 and s[0].isdigit() for s in sides):
        return 0
    return int(sides[0][0]) * int(sides[1][0])


def _inline_pixels(
    data: bytes, key: StreamKey, content: set[int], draws: Draws, live: Live
) -> int | None:
    """The most pixels an inline image declares in the streams other than
    images (and in those of ``content``, the objects pdfium parses as
    content whatever they say of themselves), looked for in their bytes at
    every stage of their filters (decrypted with ``key`` first), as pdfium
    may parse any of them as a page's content; None beyond :data:`_CONTENT_BYTES` or
    :data:`_BY_HAND`, for more than :data:`_MOST` streams or inline
    images, for filters given by reference or, encrypted, a stream whose
    object is not found.  What a stream draws is counted only when pdfium
    may read that definition of its object (``live``)."""
    search, by_hand, past = _Search(draws), Budget(_BY_HAND), 0
    try:
        for m in _STREAM.finditer(data):
            if m.start() < past or data[m.start() - 3 : m.start()] == b"end":
                continue  # (inside the stream before, or its end)
            end = data.find(b"endstream", m.end())
            past = end = len(data) if end < 0 else end
            obj_at = data.rfind(b"obj", max(0, m.start() - _DICT), m.start())
            ended = data.rfind(b"stream", max(0, obj_at), m.start())  # (the one before)
            head = data[max(0, obj_at + 3, ended + 6, m.start() - _DICT) : m.start()]
            by_hand.spend(len(head))
            keys = stream_keys(head)
            number = _number(data, obj_at)
            kept = number is not None and live.kept(number[0], obj_at)
            search.stream(number[0] if number is not None and kept else None, keys)
            body: bytes | memoryview = memoryview(data)[m.end() : end]
            if _an_image(keys) and (number is None or number[0] not in content):
                pixels = _jpeg_pixels(keys, body, key, number, search, by_hand)
                if number is not None and kept:
                    draws.images[number[0]] = len(body)
                    draws.pixels[number[0]] = max(pixels, _keys_pixels(keys))
                search.most = max(search.most, pixels)
                continue
            bodies = [body]
            if key.encrypted:  # (as stored too: a cross-reference stream is not encrypted)
                if number is None:
                    return None
                bodies.append(decrypted(key, *number, bytes(body), by_hand))
            for text in bodies:
                if not stream_stages(keys, memoryview(text), search.stage, by_hand):
                    return None
    except Overspent:
        return None
    return search.most
