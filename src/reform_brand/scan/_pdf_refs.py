"""The streams pdfium parses as content whatever their own dictionary says:
a page's /Contents (one stream or an array of them), a Type3 font's
/CharProcs, an annotation's appearance streams (/AP: /N, /R and /D, or
their streams by appearance state) and a soft mask's group (/G).  pdfium
takes them for content by where they are named from, so one that calls
itself ``/Subtype /Image`` is parsed as content all the same (a form
XObject, drawn by ``Do``, is not: an image there is drawn as an image).

They are found by the references of those keys, in the file's bytes and in
its object streams (references are never encrypted), and through the
arrays and dictionaries those references name (``/Contents 5 0 R`` with
``5 0 obj [6 0 R 7 0 R] endobj``; ``/AP << /N 8 0 R >>`` with ``8 0 obj
<< /On 9 0 R >> endobj``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from reform_brand.scan._pdf_filters import Budget, Overspent, stream_keys

__all__ = ["NUMBER_BEFORE", "content_objects", "object_places"]

#: The keys whose values name content (names written with escapes already
#: read as pdfium reads them).
_KEY: Final = re.compile(rb"/(?:Contents|CharProcs|AP|G)(?![^\s/<>\[\]()%{}])\s*")
_REF: Final = re.compile(rb"(?<![\d.])(\d{1,10})\s+\d{1,5}\s+R\b")
_OBJ: Final = re.compile(rb"obj\b")
#: An object's number and generation just before its ``obj`` keyword.
NUMBER_BEFORE: Final = re.compile(rb"(?<![\d.])(\d{1,10})\s+\d{1,5}\s+$")
_STREAM: Final = re.compile(rb"\bstream\r?\n")
#: How far a value or an object's body is read.
_SPAN: Final = 64 * 1024
#: More keys naming content than a PDF is looked into for.
_MOST: Final = 100_000
#: How many times references are followed through arrays and dictionaries
#: (/AP, the dictionary of /N, its stream by state).
_DEPTH: Final = 3


def content_objects(
    plain: bytes,
    packed: Mapping[int, bytes],
    budget: Budget,
    places: Mapping[int, list[int]] | None = None,
) -> set[int]:
    """The object numbers that pdfium may parse as content, from the file's
    bytes ``plain`` and the objects of its object streams ``packed`` (by
    number), with escaped names read; what is read of them is spent from
    ``budget``.  :class:`Overspent` beyond it, or for more than
    :data:`_MOST` keys naming content in one of them.  (A tiling pattern
    is content too, found by its own dictionary's /PatternType.)
    ``places``: :func:`object_places` of ``plain``, when already known."""
    found = set(_named(plain, budget))
    for text in packed.values():
        found.update(_named(text, budget))
    if not found:
        return found
    bodies = object_places(plain) if places is None else places
    frontier = set(found)
    for _ in range(_DEPTH):
        more: set[int] = set()
        for number in frontier:
            for body in _objects(number, plain, bodies, packed):
                budget.spend(len(body))
                more.update(int(m[1]) for m in _REF.finditer(body))
        frontier = more - found
        found |= more
    return found


def _named(text: bytes, budget: Budget) -> Iterable[int]:
    """The numbers of the objects referred to by the values of the keys of
    :data:`_KEY` in ``text``; more than :data:`_MOST` of those keys are
    too many to look at."""
    for seen, m in enumerate(_KEY.finditer(text)):
        if seen >= _MOST:
            raise Overspent
        at = m.end()
        ahead = text[at : at + 2]
        if ahead.startswith(b"["):
            end = text.find(b"]", at, at + _SPAN)
            value = text[at : end if end >= 0 else at + _SPAN]
        elif ahead == b"<<":
            value = b" ".join(b" ".join(v) for v in stream_keys(text[at : at + _SPAN]).values())
        else:
            ref = _REF.match(text, at)
            if ref is not None:
                yield int(ref[1])
            continue
        budget.spend(len(value))
        yield from (int(r[1]) for r in _REF.finditer(value))


def object_places(text: bytes) -> dict[int, list[int]]:
    """Where the bodies of the objects of a PDF's bytes ``text`` begin (just
    after their ``obj``), by number, in the file's order (each of them: an
    incremental update may give a number another)."""
    out: dict[int, list[int]] = {}
    for m in _OBJ.finditer(text):
        number = NUMBER_BEFORE.search(text[max(0, m.start() - 24) : m.start()])
        if number is not None:
            out.setdefault(int(number[1]), []).append(m.end())
    return out


def _objects(
    number: int, plain: bytes, bodies: Mapping[int, list[int]], packed: Mapping[int, bytes]
) -> Iterable[bytes]:
    """The bodies of the objects of ``number`` up to their ``endobj``, but
    for streams' (content themselves, their data not to be read)."""
    for start in bodies.get(number, []):
        end = plain.find(b"endobj", start, start + _SPAN)
        end = start + _SPAN if end < 0 else end
        if _STREAM.search(plain, start, end) is None:
            yield plain[start:end]
    if number in packed:
        yield packed[number]
