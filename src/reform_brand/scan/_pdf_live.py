"""Which definitions of a PDF's objects pdfium may read, and what its
catalog may reach through them, so that what an incremental update
replaced is not counted as drawn (:meth:`~reform_brand.scan._drawn.Draws.
keep`).

pdfium reads the definition its cross-reference tables point to, or, when
it finds them damaged and rebuilds them, the last in the file: a
definition is taken for replaced only when it is neither.  Without tables
that can be read (a cross-reference stream, a hybrid file's /XRefStm, a
table that does not parse) every definition is kept.  The catalog is any
the file names (/Root) or declares (/Type /Catalog), and each object's
references are read from every definition kept."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from reform_brand.scan._pdf_refs import NUMBER_BEFORE, object_places

__all__ = ["Live"]

_STARTXREF: Final = re.compile(rb"startxref\s+(\d{1,12})")
_SUBSECTION: Final = re.compile(rb"\s*(\d{1,10})\s+(\d{1,10})[ \t]*[\r\n]+")
_ENTRY: Final = re.compile(rb"(\d{10})\s(\d{5})\s([nf])\s{1,2}")
_PREV: Final = re.compile(rb"/Prev\s+(\d{1,12})")
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
            if number in self.packed:
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
    """Where the cross-reference tables put each object in use, the newest
    table's entry first, from the last ``startxref`` along /Prev; None
    when one is not a table (a stream), a hybrid file's, or cannot be
    read."""
    found = list(_STARTXREF.finditer(data))
    if not found:
        return None
    at, table, seen, entries = int(found[-1][1]), dict[int, int](), set[int](), 0
    while True:
        if at in seen or len(seen) >= _MOST_TABLES or not data.startswith(b"xref", at):
            return None
        seen.add(at)
        pos = at + 4
        while (sub := _SUBSECTION.match(data, pos)) is not None:
            first, count = int(sub[1]), int(sub[2])
            pos = sub.end()
            entries += count
            if entries > _MOST:
                return None
            for i in range(count):
                entry = _ENTRY.match(data, pos)
                if entry is None:
                    return None
                pos = entry.end()
                if entry[3] == b"n":
                    table.setdefault(first + i, int(entry[1]))
        end = data.find(b"startxref", pos)
        trailer = data[pos : len(data) if end < 0 else end]
        if not trailer.lstrip().startswith(b"trailer") or b"/XRefStm" in trailer:
            return None
        prev = _PREV.search(trailer)
        if prev is None:
            return table
        at = int(prev[1])
