"""Which definitions of a PDF's objects pdfium may read, and what its
catalog may reach through them, so that what an incremental update
replaced is not counted as drawn (:meth:`~reform_brand.scan._drawn.Draws.
keep`).

pdfium reads the definition its cross-reference tables point to, or, when
it finds them damaged and rebuilds them, the last in the file: a
definition is taken for replaced only when it is neither.  The tables are
read from the last ``startxref`` along /Prev: tables, cross-reference
streams (PDF 1.5), and a hybrid file's tables with their /XRefStm.  An
object of an object stream is taken from it unless the tables put it in
the file's bytes.  Without tables that can be read (one that does not
parse, a stream whose filters are not Flate, LZW and the like) every
definition is kept.  The catalog is any the file names (/Root) or
declares (/Type /Catalog), and each object's references are read from
every definition kept."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from reform_brand.scan._pdf_filters import Budget, Overspent, stream_decoded, stream_keys
from reform_brand.scan._pdf_refs import NUMBER_BEFORE, object_places

__all__ = ["PACKED", "Live"]

_STARTXREF: Final = re.compile(rb"startxref\s+(\d{1,12})")
_SUBSECTION: Final = re.compile(rb"\s*(\d{1,10})\s+(\d{1,10})[ \t]*[\r\n]+")
_ENTRY: Final = re.compile(rb"(\d{10})\s(\d{5})\s([nf])\s{1,2}")
_PREV: Final = re.compile(rb"/Prev\s+(\d{1,12})")
_XREFSTM: Final = re.compile(rb"/XRefStm\s+(\d{1,12})")
_XREF_OBJ: Final = re.compile(rb"\d{1,10}\s+\d{1,5}\s+obj\s*")
#: Where the tables put an object kept in an object stream (no place in
#: the file's bytes).
PACKED: Final = -(1 << 62)
#: What may be worked through byte by byte in decoding the cross-reference
#: streams, in all (their predictor): a scan's are a few kilobytes.
_BY_HAND: Final = 2 * 1024 * 1024
#: ... and what they may inflate to, in all (7 bytes an object).
_INFLATE: Final = 16 * 1024 * 1024
_ROOT: Final = re.compile(rb"/Root\s*(\d{1,10})\s+\d{1,5}\s+R\b")
_CATALOG: Final = re.compile(rb"/Type\s*/Catalog\b")
_REF: Final = re.compile(rb"(?<![\d.])(\d{1,10})\s+\d{1,5}\s+R\b")
_END: Final = re.compile(rb"endobj|stream")
#: How far an object's body is read; a longer one is not followed.
_SPAN: Final = 4 * 1024 * 1024
#: Cross-reference entries, tables and objects reached, at most.
_MOST: Final = 1_000_000
_MOST_TABLES: Final = 1_000
#: How far before its ``obj`` an object's number may begin.
_HEAD: Final = 32
#: How far before a /Type /Catalog its object's ``obj`` is looked for.
_DICT: Final = 4096
#: What is read of the objects' bodies in all, at most (twice a file of
#: the largest size a scan may have).
_BUDGET: Final = 128 * 1024 * 1024


class Live:
    """The definitions of the objects of a PDF's bytes ``data`` (with
    ``packed``, the objects of its object streams, kept whatever) that
    pdfium may read."""

    def __init__(self, data: bytes, packed: Mapping[int, bytes]) -> None:
        self.data, self.packed = data, packed
        #: Where the ``obj`` of each definition of each number is.
        self.defined = {
            n: [at - len(b"obj") for at in places] for n, places in object_places(data).items()
        }
        self.table = _xref(data)
        self.spent = 0

    def kept(self, number: int, obj_at: int) -> bool:
        """Whether the definition of ``number`` whose ``obj`` is at
        ``obj_at`` may be read: the last in the file, or the one the
        tables point to (every one without tables)."""
        places = self.defined.get(number, [])
        if self.table is None or not places or places[-1] == obj_at:
            return True
        at = self.table.get(number)
        return at is not None and 0 <= obj_at - at <= _HEAD

    def reached(self) -> set[int] | None:
        """The objects a catalog reaches through the definitions kept; None
        without tables, for a /Type /Catalog whose object is not found, or
        beyond :data:`_SPAN`, :data:`_MOST` or :data:`_BUDGET`."""
        if self.table is None:
            return None
        roots = {int(m[1]) for m in _ROOT.finditer(self.data)}
        for m in _CATALOG.finditer(self.data):
            at = self.data.rfind(b"obj", max(0, m.start() - _DICT), m.start())
            head = NUMBER_BEFORE.search(self.data[max(0, at - 24) : max(0, at)])
            if at < 0 or head is None:
                return None
            roots.add(int(head[1]))
        roots.update(n for n, b in self.packed.items() if _CATALOG.search(b))
        seen, todo = set(roots), list(roots)
        while todo:
            number = todo.pop()
            bodies = self._bodies(number, self.defined.get(number, []))
            if number in self.packed and self.table.get(number, PACKED) == PACKED:
                bodies.append(self.packed[number])
            for body in bodies:
                if len(body) >= _SPAN:
                    return None
                for m in _REF.finditer(body):
                    if int(m[1]) not in seen:
                        seen.add(int(m[1]))
                        todo.append(int(m[1]))
            if len(seen) > _MOST or self.spent > _BUDGET:
                return None
        return seen

    def _bodies(self, number: int, places: list[int]) -> list[bytes]:
        out = []
        for at in places:
            if self.kept(number, at) and self.spent <= _BUDGET:
                end = _END.search(self.data, at + 3, at + 3 + _SPAN)
                stop = at + 3 + _SPAN if end is None else end.start()
                self.spent += stop - at
                out.append(self.data[at + 3 : stop])
        return out


def _xref(data: bytes) -> dict[int, int] | None:
    """Where the cross-reference sections put each object in use, the
    newest section's entry first, from the last ``startxref`` along /Prev:
    tables, streams (PDF 1.5) and a hybrid file's tables with their
    /XRefStm (a table's entries before its stream's); an object kept in
    an object stream at :data:`PACKED`.  None when one cannot be read."""
    found = list(_STARTXREF.finditer(data))
    if not found:
        return None
    sections = _Sections(data)
    at: int | None = int(found[-1][1])
    while at is not None:
        if at in sections.seen or len(sections.seen) >= _MOST_TABLES:
            return None
        sections.seen.add(at)
        if data.startswith(b"xref", at):
            trailer = sections.table(at)
            hybrid = None if trailer is None else _XREFSTM.search(trailer)
            if hybrid is not None and sections.stream(int(hybrid[1])) is None:
                return None
        else:
            trailer = sections.stream(at)
        if trailer is None:
            return None
        prev = _PREV.search(trailer)
        at = None if prev is None else int(prev[1])
    return sections.entries


class _Sections:
    """The entries of a PDF's cross-reference sections read so far."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.entries: dict[int, int] = {}
        self.seen: set[int] = set()
        self.count = 0
        self.budget = Budget(_BY_HAND)
        #: What the cross-reference streams may still inflate to.
        self.inflate = _INFLATE

    def table(self, at: int) -> bytes | None:
        """Read the table at ``at``; its trailer, or None when it cannot be
        read."""
        data, pos = self.data, at + 4
        while (sub := _SUBSECTION.match(data, pos)) is not None:
            first, count = int(sub[1]), int(sub[2])
            pos = sub.end()
            self.count += count
            if self.count > _MOST:
                return None
            for i in range(count):
                entry = _ENTRY.match(data, pos)
                if entry is None:
                    return None
                pos = entry.end()
                if entry[3] == b"n":
                    self.entries.setdefault(first + i, int(entry[1]))
        end = data.find(b"startxref", pos)
        trailer = data[pos : len(data) if end < 0 else end]
        return trailer if trailer.lstrip().startswith(b"trailer") else None

    def stream(self, at: int) -> bytes | None:
        """Read the cross-reference stream whose object begins at ``at``;
        its dictionary, or None when it cannot be read."""
        obj = _XREF_OBJ.match(self.data, at)
        start = -1 if obj is None else self.data.find(b"stream", obj.end(), obj.end() + _DICT)
        if obj is None or start < 0:
            return None
        head = self.data[obj.end() : start]
        keys = stream_keys(head)
        length, widths = keys.get(b"/Length", []), _numbers(keys.get(b"/W", []))
        if keys.get(b"/Type") != [b"/XRef"] or len(length) != 1 or not length[0].isdigit():
            return None
        start += 6
        after = self.data[start : start + 2]
        start += 2 if after == b"\r\n" else after[:1] in (b"\r", b"\n")
        body = self.data[start : start + int(length[0])]
        try:
            rows = stream_decoded(keys, body, self.budget, self.inflate)
        except Overspent:
            return None
        self.inflate -= 0 if rows is None else len(rows)
        size = _numbers(keys.get(b"/Size", []))
        index = _numbers(keys.get(b"/Index", [])) or [0, *size[:1]]
        if rows is None or len(widths) != 3 or min(widths) < 0 or sum(widths) > 20:
            return None
        return head if self._rows(rows, widths, index) else None

    def _rows(self, rows: bytes, widths: list[int], index: list[int]) -> bool:
        """Take in the entries of a cross-reference stream's ``rows``; False
        when they are too many."""
        step = sum(widths)
        numbers = (
            n
            for first, count in zip(index[::2], index[1::2], strict=False)
            for n in range(first, first + count)
        )
        for pos, number in zip(range(0, len(rows) - step + 1, step), numbers, strict=False):
            self.count += 1
            if self.count > _MOST:
                return False
            fields, at = [], pos
            for width in widths:
                fields.append(int.from_bytes(rows[at : at + width], "big"))
                at += width
            kind = fields[0] if widths[0] else 1
            if kind == 1:
                self.entries.setdefault(number, fields[1])
            elif kind == 2:
                self.entries.setdefault(number, PACKED)
        return True


def _numbers(tokens: list[bytes]) -> list[int]:
    """The integers of a value's tokens (an array's, brackets left out)."""
    return [int(t) for t in tokens if t.isdigit()]
