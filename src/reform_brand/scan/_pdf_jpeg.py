"""A JPEG's data read as pdfium decodes it: whether it reaches its end
marker, and the size its frame header gives (pdfium decodes a JPEG at that
size, whatever the image's dictionary says)."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["JPEG_HEAD", "jpeg_frames", "jpeg_read", "jpeg_size"]

#: A JPEG's next marker (fill bytes before it; not a byte stuffed in its
#: scans' data, FF00, nor a restart marker), and how many are walked.
_MARKER: Final = re.compile(rb"\xff+([^\x00\x01\xd0-\xd7\xff])")
_MARKERS: Final = 10_000
#: The markers of a JPEG's frame header (SOF0 to SOF15 but DHT, JPG and
#: DAC).
_FRAMES: Final = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
#: A stream's data that begins as a JPEG does, in a PDF's bytes (its
#: segments walked to its frame header, up to its ``endstream``), and how
#: many are looked into.
_STREAM: Final = re.compile(rb"stream\r?\n(?=\xff\xd8\xff)")
_MOST: Final = 10_000
#: How much of a JPEG under other filters, or encrypted, is decoded to
#: find its frame header.
JPEG_HEAD: Final = 1024 * 1024
#: Where the end marker is looked for, at the end of its data, past
#: :data:`_MARKERS`.
_TAIL: Final = 1024


def jpeg_read(data: bytes) -> tuple[tuple[int, int], bool]:
    """The width and height the frame header of a JPEG's data gives, as
    :func:`jpeg_size` finds them, and whether the data reaches its end
    marker (EOI), its segments walked once for both from its start (an
    EXIF thumbnail's own end marker skipped with its segment) and its
    scans' data searched for the next marker: what follows the end (a
    phone's trailer, a motion photo's video) is not read, by pdfium
    either.  Beyond :data:`_MARKERS` markers the end is told by an end
    marker in its last bytes."""
    pos, size = 2, None  # (None: the frame header not yet reached)
    for walked in range(_MARKERS):
        marker = _MARKER.search(data, pos)
        if marker is None or marker[1] == b"\xd9":
            return size or (0, 0), marker is not None
        pos = marker.end()
        if size is None and marker[1] == b"\xda":
            size = (0, 0)  # (a scan before any frame header: none is looked for)
        elif size is None and marker[1][0] in _FRAMES:
            size = _frame_size(data, pos)
        if marker[1] != b"\xd8":
            length = int.from_bytes(data[pos : pos + 2], "big")
            if length < 2:  # (the frame header still looked for, as jpeg_size does)
                return size or _frame(data, pos + length, len(data), _MARKERS - walked - 1), False
            pos += length
    return size or (0, 0), b"\xff\xd9" in data[-_TAIL:]


def jpeg_size(data: bytes, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """The width and height the frame header (SOF) of the JPEG of
    ``data[start:end]`` gives, (0, 0) without one: pdfium decodes a JPEG
    at its own size, whatever the image's dictionary says (600 bytes
    saying 65,000 by 65,000 pixels under a /Width and /Height of 16 took
    it 24 s to draw)."""
    return _frame(data, start + 2, len(data) if end is None else end, _MARKERS)


def _frame(data: bytes, pos: int, end: int, markers: int) -> tuple[int, int]:
    """The size the frame header gives, its segments walked from ``pos``
    up to ``end``, at most ``markers`` of them, up to the first scan."""
    for _ in range(markers):
        marker = _MARKER.search(data, pos, end)
        if marker is None or marker[1] in (b"\xd9", b"\xda"):
            break
        pos = marker.end()
        if marker[1][0] in _FRAMES:
            return _frame_size(data, pos)
        if marker[1] != b"\xd8":
            pos += int.from_bytes(data[pos : pos + 2], "big")
    return 0, 0


def _frame_size(data: bytes, pos: int) -> tuple[int, int]:
    """The width and height of the frame header whose marker ends at
    ``pos``."""
    return int.from_bytes(data[pos + 5 : pos + 7], "big"), int.from_bytes(
        data[pos + 3 : pos + 5], "big"
    )


def jpeg_frames(data: bytes) -> int | None:
    """The most pixels the frame header of a JPEG kept as is in a PDF's
    bytes ``data`` gives: of each stream whose data begins as a JPEG does,
    whatever its dictionary (not one under another filter, nor an
    encrypted one); None for more than :data:`_MOST` of them."""
    most = 0
    for seen, m in enumerate(_STREAM.finditer(data), start=1):
        if seen > _MOST:
            return None
        end = data.find(b"endstream", m.end())  # (its segments walked: metadata may be long)
        width, height = jpeg_size(data, m.end(), len(data) if end < 0 else end)
        most = max(most, width * height)
    return most
