"""What the images of a PDF declare, read from its bytes before pdfium
parses a page: pdfium decodes a small image's soft mask whole to draw it,
and an inline image (``BI /W 30000 /H 30000 ... ID``) whole as it parses
the page's content, before any page object can be measured."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Final

__all__ = ["declared_pixels"]

#: An image's dictionary (streams are never inside object streams, so every
#: image's dictionary, a soft mask's too, lies in the file's bytes as is).
_IMAGE: Final = re.compile(rb"/Subtype\s*/Image\b")
_SIZE: Final = re.compile(rb"/(Width|Height)\s+(\d{1,12})(?:\s+(\d{1,6})\s+R\b)?")
_OBJ_STREAM: Final = re.compile(rb"/Type\s*/ObjStm\b")
_NUMBER_OBJ: Final = re.compile(rb"(?<![\d.])(\d{1,9})\s+\d{1,6}\s+obj\s*(\d{1,12})\s*endobj")
#: How far a dictionary's keys are looked for around its /Subtype or /Type.
_DICT: Final = 4096
#: What is inflated of the object streams, in all, to find a size given by
#: reference.
_OBJ_STREAM_BYTES: Final = 16 * 1024 * 1024


#: An inline image's dictionary, in a content stream.
_INLINE: Final = re.compile(rb"\bBI\b(.{0,2048}?)\bID\s", re.S)
_INLINE_SIZE: Final = re.compile(rb"/(W|Width|H|Height)\s+(\d{1,12})")
_STREAM: Final = re.compile(rb"stream\r?\n")
#: More streams and inline images than a PDF is looked into for ...
_MOST: Final = 100_000
#: ... and more image dictionaries (a scan has one or two a page).
_MOST_IMAGES: Final = 10_000
#: What the content streams (every stream that is not an image's) may
#: inflate to, in all: a scan's are a few kilobytes a page.
_CONTENT_BYTES: Final = 256 * 1024 * 1024
_CHUNK: Final = 1024 * 1024


def declared_pixels(data: bytes) -> int | None:
    """The most pixels an image of the PDF's bytes declares (in an image's
    dictionary, a soft mask's too, or an inline image's in a content
    stream), or None when its content streams inflate beyond
    :data:`_CONTENT_BYTES` or it holds more images, streams or inline
    images than :data:`_MOST_IMAGES` and :data:`_MOST` (no scan does:
    looking would cost too much)."""
    inline = _inline_pixels(data)
    images = _image_pixels(data)
    if inline is None or images is None:
        return None
    return max(images, inline)


def _stored_numbers(data: bytes) -> dict[int, int]:
    """The integers stored as objects of their own (``7 0 obj 30000
    endobj``), in the file's bytes or inside its object streams
    (compressed, of which at most :data:`_OBJ_STREAM_BYTES` are inflated
    in all), by object number."""
    found = {int(m[1]): int(m[2]) for m in _NUMBER_OBJ.finditer(data)}
    budget = _OBJ_STREAM_BYTES
    for m in _OBJ_STREAM.finditer(data):
        start = data.find(b"stream", m.end(), m.end() + _DICT)
        head = data[max(0, m.start() - _DICT) : max(start, 0)]
        first = re.search(rb"/First\s+(\d{1,9})", head)
        if start < 0 or first is None or b"/FlateDecode" not in head or budget <= 0:
            continue
        start += 6
        start += 1 if data[start : start + 1] == b"\r" else 0
        start += 1 if data[start : start + 1] == b"\n" else 0
        try:
            text = zlib.decompressobj().decompress(memoryview(data)[start:], budget)
        except zlib.error:
            continue
        budget -= len(text)
        base = int(first[1])
        pairs = [int(n) for n in re.findall(rb"\d{1,12}", text[:base])]
        offsets = [*pairs[1::2], len(text) - base]
        for num, off, after in zip(pairs[::2], offsets, offsets[1:], strict=False):
            value = re.fullmatch(rb"\s*(\d{1,12})\s*", text[base + off : base + after])
            if value is not None:
                found[num] = int(value[1])
    return found


def _image_pixels(data: bytes) -> int | None:
    """The most pixels an image's dictionary declares, soft masks and
    images of annotations and patterns included (pdfium decodes a small
    image's soft mask whole, whatever its size, when it draws the image);
    None for more than :data:`_MOST_IMAGES` of them."""
    most, seen = 0, 0
    stored: dict[int, int] | None = None
    for seen, m in enumerate(_IMAGE.finditer(data), start=1):
        if seen > _MOST_IMAGES:
            return None
        start = data.rfind(b"obj", max(0, m.start() - _DICT), m.start())
        ahead = [data.find(word, m.end(), m.end() + _DICT) for word in (b"stream", b"endobj")]
        end = min((e for e in ahead if e >= 0), default=m.end() + _DICT)
        size = {b"Width": 0, b"Height": 0}
        for key, value, ref in _SIZE.findall(data[max(start, m.start() - _DICT, 0) : end]):
            if ref:
                stored = _stored_numbers(data) if stored is None else stored
                size[key] = stored.get(int(value), 0)
            else:
                size[key] = int(value)
        most = max(most, size[b"Width"] * size[b"Height"])
    return most


def _inline_in(text: bytes) -> tuple[int, int]:
    """The most pixels an inline image of a content stream declares, and
    how many there are."""
    most, count = 0, 0
    for count, m in enumerate(_INLINE.finditer(text), start=1):
        if count > _MOST:
            break
        size = {b"W": 0, b"H": 0}
        for key, value in _INLINE_SIZE.findall(m[1]):
            size[key[:1]] = int(value)
        most = max(most, size[b"W"] * size[b"H"])
    return most, count


def _inline_pixels(data: bytes) -> int | None:
    """The most pixels an inline image declares in the streams other than
    images, raw or Flate-compressed (inflated in pieces,
    :data:`_CONTENT_BYTES` in all); None beyond that, or for more than
    :data:`_MOST` streams or inline images."""
    most, count, budget, past = 0, 0, _CONTENT_BYTES, 0
    for m in _STREAM.finditer(data):
        if m.start() < past or data[m.start() - 3 : m.start()] == b"end":
            continue  # (inside the stream before, or its end)
        end = data.find(b"endstream", m.end())
        past = end = len(data) if end < 0 else end
        head = data[max(0, m.start() - _DICT) : m.start()]
        head = head[head.rfind(b"obj") + 1 :]
        if _IMAGE.search(head):
            continue
        body = memoryview(data)[m.end() : end]
        flate = re.search(rb"/(FlateDecode|Fl)\b", head) is not None
        if not flate and b"/Filter" in head:
            continue  # (other filters are not looked into)
        for piece in _inflate(body) if flate else [bytes(body)]:
            budget -= len(piece)
            pixels, inline = _inline_in(piece)
            count += inline + 1
            if budget < 0 or count > _MOST:
                return None
            most = max(most, pixels)
    return most


def _inflate(stream: memoryview) -> Iterator[bytes]:
    """``stream`` inflated, in pieces of at most :data:`_CHUNK` bytes that
    overlap by a dictionary's length (so that none is cut in two unseen);
    nothing more once it turns out broken."""
    inflater = zlib.decompressobj()
    rest: bytes | memoryview = stream
    tail = b""
    try:
        while rest and not inflater.eof:
            piece = inflater.decompress(rest, _CHUNK)
            rest = inflater.unconsumed_tail
            if not piece and not rest:
                break
            yield tail + piece
            tail = piece[-2100:]
    except zlib.error:
        return
