"""The page tree of a PDF read from its bytes, before pdfium opens a page:
the pages that are there (its leaves whose objects exist, whatever the
/Count of a node says) and the streams each page's /Contents names.

Objects are found by their ``obj`` in the file's bytes (the last of a
number, as an incremental update replaces an object) or inside its object
streams; dictionaries and references are never encrypted.  What cannot be
followed (no /Root, a catalog without /Pages) gives None: pdfium's own
reading is then all there is."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from reform_brand.scan._pdf_filters import stream_keys
from reform_brand.scan._pdf_refs import object_places

__all__ = ["Objects", "annotation_count", "appearances", "contents", "page_leaves"]

_ROOT: Final = re.compile(rb"/Root\s*(\d{1,10})\s+\d{1,5}\s+R\b")
#: How far an object's body is read: a page naming 200,000 annotations
#: holds 1.2 MB.
_SPAN: Final = 4 * 1024 * 1024
#: Nodes of the page tree looked at: far more than the pages a scan may
#: have (``ScanLimits.max_pages``), few enough to stay cheap.
_MOST_NODES: Final = 10_000


class Objects:
    """The bodies of a PDF's objects by number: the last of each number in
    the file's bytes ``plain`` (names with escapes read) or in its object
    streams (``packed``, each stream's place in the file ``packed_at``)."""

    def __init__(
        self, plain: bytes, packed: Mapping[int, bytes], packed_at: Mapping[int, int]
    ) -> None:
        self.plain, self.packed = plain, packed
        self._keys: dict[int, dict[bytes, list[bytes]] | None] = {}
        self._arrays: dict[int, list[bytes]] = {}
        #: Where the bodies of each number begin in ``plain``, all of them
        #: (:func:`~reform_brand.scan._pdf_refs.object_places`).
        self.places = object_places(plain)
        self._at: dict[int, int] = {n: at[-1] for n, at in self.places.items()}
        for number, at in packed_at.items():  # (an update's object stream replaces it)
            if self._at.get(number, -1) < at:
                self._at.pop(number, None)

    def body(self, number: int) -> bytes | None:
        """The body of object ``number`` up to its ``endobj`` (or its
        stream's data), up to :data:`_SPAN`; None when there is none."""
        start = self._at.get(number)
        if start is None:
            return self.packed.get(number)
        end = self.plain.find(b"endobj", start, start + _SPAN)
        end = start + _SPAN if end < 0 else end
        data = self.plain.find(b"stream", start, end)
        return self.plain[start : end if data < 0 else data]

    def is_stream(self, number: int) -> bool:
        """Whether object ``number`` is a stream (none inside an object
        stream is)."""
        start = self._at.get(number)
        if start is None:
            return False
        end = self.plain.find(b"endobj", start, start + _SPAN)
        return self.plain.find(b"stream", start, start + _SPAN if end < 0 else end) >= 0

    def dictionary(self, number: int) -> dict[bytes, list[bytes]] | None:
        """The keys of object ``number`` when it is a dictionary (each
        object read once)."""
        if number not in self._keys:
            body = self.body(number)
            found = body is not None and body.lstrip().startswith(b"<<")
            self._keys[number] = stream_keys(body) if body is not None and found else None
        return self._keys[number]

    def keys(self, tokens: list[bytes]) -> dict[bytes, list[bytes]] | None:
        """The keys of the dictionary a value's ``tokens`` give, directly
        (``<< ... >>``) or by reference; None when it is not one."""
        if tokens[:1] == [b"<<"]:
            return stream_keys(b" ".join(tokens))
        number = _reference(tokens)
        return None if number is None else self.dictionary(number)

    def array(self, tokens: list[bytes]) -> list[bytes]:
        """The tokens of the array a value's ``tokens`` give, directly or by
        reference (``[6 0 R 7 0 R]``, or ``5 0 R`` and ``5 0 obj [...]``)."""
        number = _reference(tokens)
        if number is not None:
            if number not in self._arrays:  # (each object read once)
                body = self.body(number) or b""
                self._arrays[number] = stream_keys(b"<< /A " + body + b" >>").get(b"/A", [])
            tokens = self._arrays[number]
        return tokens if tokens[:1] == [b"["] else []

    def root(self) -> int | None:
        """The number of the catalog: the last /Root of the file's
        trailers (an update's comes last), or of its object streams."""
        found = list(_ROOT.finditer(self.plain))
        return int(found[-1][1]) if found else None


def _reference(tokens: list[bytes]) -> int | None:
    """The object number of a value that is a reference (``5 0 R``)."""
    if len(tokens) == 3 and tokens[2] == b"R" and tokens[0].isdigit():
        return int(tokens[0])
    return None


def _references(tokens: list[bytes]) -> list[int]:
    """The object numbers of the references among ``tokens``, in order."""
    return [
        int(tokens[i - 2])
        for i, tok in enumerate(tokens)
        if tok == b"R" and i >= 2 and tokens[i - 2].isdigit() and tokens[i - 1].isdigit()
    ]


def page_leaves(objects: Objects) -> list[int] | None:
    """The object numbers of the pages of the page tree, in order: its
    leaves (dictionaries without /Kids) whose objects exist, each node
    followed once; None when the tree cannot be found, or holds more than
    :data:`_MOST_NODES` nodes."""
    root = objects.root()
    catalog = None if root is None else objects.keys([b"%d" % root, b"0", b"R"])
    if catalog is None or b"/Pages" not in catalog:
        return None
    top = _reference(catalog[b"/Pages"])
    if top is None:
        return None
    leaves: list[int] = []
    seen: set[int] = set()
    todo = [top]
    while todo and len(seen) + len(leaves) <= _MOST_NODES:
        number = todo.pop()
        node = objects.keys([b"%d" % number, b"0", b"R"])
        if node is None:
            continue  # (named, but not there)
        if b"/Kids" not in node:
            leaves.append(number)  # (as often as named, as pdfium counts it)
        elif number not in seen:
            seen.add(number)
            todo.extend(reversed(_references(objects.array(node[b"/Kids"]))))
    return None if todo else leaves


def contents(objects: Objects, page: int) -> list[int]:
    """The streams the page ``page`` (an object number) names as its
    /Contents, in order, as often as it names them."""
    node = objects.keys([b"%d" % page, b"0", b"R"]) or {}
    value = node.get(b"/Contents", [])
    number = _reference(value)
    if number is not None:
        body = objects.body(number) or b""
        if not body.lstrip().startswith(b"["):
            return [number]
    return _references(objects.array(value))


def annotation_count(objects: Objects, page: int) -> int:
    """How many annotations the page ``page`` (an object number) names in
    its /Annots, as often as it names them."""
    node = objects.keys([b"%d" % page, b"0", b"R"]) or {}
    return len(_references(objects.array(node.get(b"/Annots", []))))


def appearances(objects: Objects, page: int) -> list[list[int]]:
    """The streams each annotation the page ``page`` (an object number)
    names in its /Annots may draw as its normal appearance, as often as it
    names it (:func:`_normal`)."""
    node = objects.keys([b"%d" % page, b"0", b"R"]) or {}
    found: dict[int, list[int]] = {}
    out = []
    for number in _references(objects.array(node.get(b"/Annots", []))):
        if number not in found:  # (each annotation read once)
            found[number] = _normal(objects, objects.dictionary(number) or {})
        out.append(found[number])
    return out


def _normal(objects: Objects, annot: Mapping[bytes, list[bytes]]) -> list[int]:
    """The streams an annotation of keys ``annot`` may draw as its normal
    appearance (/AP /N): its stream, or its streams by appearance state, of
    which pdfium draws one; without one, a pushbutton's icon (/MK /I), of
    which pdfium makes its appearance."""
    normal = (objects.keys(annot.get(b"/AP", [])) or {}).get(b"/N", [])
    stream = _reference(normal)
    if stream is not None and objects.is_stream(stream):
        return [stream]
    if normal:
        states = (objects.keys(normal) or {}).values()
        return [n for n in map(_reference, states) if n is not None]
    icon = _reference((objects.keys(annot.get(b"/MK", [])) or {}).get(b"/I", []))
    return [] if icon is None else [icon]
