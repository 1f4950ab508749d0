"""What a page draws, counted from the bytes of its content streams before
pdfium opens it: pdfium parses the content of a form XObject anew each time
the form is drawn, inside the forms that draw it too, as it opens the page,
so a few KB drawing a form of 1,000 squares 3,000 times took seconds and a
gigabyte before a page object could be counted.

Each content stream's painting operators (paths painted, text shown, inline
images, shadings, XObjects drawn) are counted at every stage of its filters
as :func:`~reform_brand.scan._declared.declared_pixels` decodes them (the
most of any stage: pdfium may parse any), and each ``/Name Do`` by its
name.  A name drawn stands for every XObject that name is given to in any
/XObject dictionary of the file (a page's, a form's, inherited or not), of
those a catalog reaches (not what an incremental update replaced, see
:meth:`Draws.keep` and :mod:`~reform_brand.scan._pdf_live`): a form drawn
costs what its own content draws, once for every time it is drawn, and a
form drawing itself as deep as pdfium follows it.  A name is not looked
up in the /Resources of the page or form that draws it: a page drawing
/F1 costs as much as the busiest form called /F1 anywhere in the document
(an over-count, never an under-count)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

from reform_brand.scan._pdf_filters import OVERLAP, Overspent, name, stream_keys

__all__ = ["Draws", "xobject_names"]

_DELIM: Final = rb"\x00\t\n\f\r ()<>\[\]{}/%"
#: An operator that makes a page object (a path painted, text shown, an
#: inline image, a shading, an XObject drawn), after the delimiter before
#: it (one at the very start of a piece is not counted: a piece after the
#: first begins inside the one before).
_OPERATOR: Final = re.compile(
    rb"[%s](?:[SsFBbf]\*?|Tj|TJ|'|\"|BI|sh|Do)(?![^%s])" % (_DELIM, _DELIM)
)
_DO: Final = re.compile(rb"(/[^%s]{0,127})[\x00\t\n\f\r ]*Do(?![^%s])" % (_DELIM, _DELIM))
_XOBJECT: Final = re.compile(rb"/XObject(?![^\s/<>\[\]()%{}])\s*")
_REF: Final = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R\b")
#: How far an /XObject dictionary is read.
_SPAN: Final = 64 * 1024
#: More XObject names, or names drawn by the streams, than are followed.
_MOST: Final = 100_000
#: Forms inside forms are followed this deep: pdfium parses 40 levels, a
#: form drawing itself too (one that draws itself twice makes 2**40).
_DEPTH: Final = 41

Names = dict[bytes, set[int]]


def xobject_names(
    texts: list[bytes], dictionary: Callable[[int], dict[bytes, list[bytes]] | None]
) -> Names:
    """The object numbers each XObject name is given to, in the /XObject
    dictionaries of ``texts`` (the file's bytes, the objects of its object
    streams), given directly or by reference (``dictionary`` gives an
    object's keys); :class:`Overspent` beyond :data:`_MOST` names."""
    names: Names = {}
    for text in texts:
        for m in _XOBJECT.finditer(text):
            at = m.end()
            if text[at : at + 2] != b"<<":
                ref = _REF.match(text, at)
                found = None if ref is None else dictionary(int(ref[1]))
                if found is None:
                    continue  # (/Type /XObject)
            else:
                found = stream_keys(text[at : at + _SPAN])
            for key, tokens in found.items():
                if len(tokens) == 3 and tokens[2] == b"R" and tokens[0].isdigit():
                    names.setdefault(key, set()).add(int(tokens[0]))
            if len(names) > _MOST:
                raise Overspent
    return names


def _ending_after(piece: bytes, skip: int) -> int:
    """The operators that begin by ``skip`` (at most 3 bytes long, with the
    delimiter before them) and end after it: cut between the piece before
    and this one."""
    starts = (p for p in range(skip - 2, skip + 1) if p >= 0)
    return sum(1 for p in starts if (m := _OPERATOR.match(piece, p)) and m.end() > skip)


class Draws:
    """What each content stream draws, by object number, counted as its
    pieces are looked at."""

    def __init__(self, names: Names) -> None:
        self.names = names
        #: Objects each stream makes (its ``Do`` too), the most of a stage.
        self.made: dict[int, int] = {}
        #: How often each stream draws each name, the most of a stage.
        self.drawn: dict[int, dict[bytes, int]] = {}
        self.forms: set[int] = set()
        #: The bytes of each image's data, and its pixels, by object number.
        self.images: dict[int, int] = {}
        self.pixels: dict[int, int] = {}
        #: Each image counted once, by object number (:meth:`image_count`).
        self._each: dict[int, int] = {}
        self._pairs = 0
        #: Costs found, by what is counted and the most counted, stream and
        #: depth.
        self._known: dict[tuple[str, int], dict[tuple[int, int], int]] = {}

    def stream(self, number: int | None, keys: Mapping[bytes, list[bytes]]) -> None:
        """A stream of dictionary ``keys`` is about to be looked at."""
        if number is not None and [name(t) for t in keys.get(b"/Subtype", [])] == [b"/Form"]:
            self.forms.add(number)

    def stage(self, number: int | None) -> Callable[[bytes], None]:
        """What counts the pieces of one stage of stream ``number`` (pieces
        after the first begin with :data:`OVERLAP` bytes of the one
        before, counted there)."""
        made, drawn, first = 0, dict[bytes, int](), True

        def count(piece: bytes) -> None:
            nonlocal made, first
            skip = 0 if first else OVERLAP
            first = False
            if number is None:
                return
            made += len(_OPERATOR.findall(piece, skip + 1)) + _ending_after(piece, skip)
            for m in _DO.finditer(piece):
                key = name(m[1])
                if m.end() > skip and key in self.names:
                    drawn[key] = drawn.get(key, 0) + 1
            self.made[number] = max(self.made.get(number, 0), made)
            mine = self.drawn.setdefault(number, {})
            for key, times in drawn.items():
                self._pairs += key not in mine
                mine[key] = max(mine.get(key, 0), times)
            if self._pairs > _MOST:
                raise Overspent

        return count

    def cost(self, streams: list[int], most: int) -> int:
        """The page objects pdfium makes parsing ``streams`` (as often as
        they are named), forms drawn included, inside themselves too (pdfium
        parses a form that draws itself again, :data:`_DEPTH` levels deep);
        counted up to ``most`` + 1."""
        known = self._known.setdefault(("objects", most), {})
        total = 0
        for number in streams:
            total = min(most + 1, total + self._cost(number, 0, most, known))
        return total

    def image_bytes(self, number: int, most: int) -> int:
        """The bytes of image data pdfium reads drawing stream ``number``
        (an image's data is read anew each time it is drawn), inside the
        forms it draws too, as often as they are drawn; counted up to
        ``most`` + 1."""
        known = self._known.setdefault(("bytes", most), {})
        return self._cost(number, 0, most, known, self.images)

    def image_pixels(self, number: int, most: int) -> int:
        """The image pixels pdfium decodes drawing stream ``number``, as
        :meth:`image_bytes` counts their data."""
        known = self._known.setdefault(("pixels", most), {})
        return self._cost(number, 0, most, known, self.pixels)

    def image_count(self, number: int, most: int) -> int:
        """The images pdfium draws drawing stream ``number``, each as often
        as it is drawn, as :meth:`image_bytes` counts their data."""
        if len(self._each) != len(self.images):
            self._each = dict.fromkeys(self.images, 1)
        known = self._known.setdefault(("images", most), {})
        return self._cost(number, 0, most, known, self._each)

    def keep(self, reached: set[int]) -> None:
        """Forget the streams and forms the document does not reach (what an
        incremental update replaced): pdfium never parses them."""
        self.forms &= reached
        self.made = {n: c for n, c in self.made.items() if n in reached}
        self.drawn = {n: d for n, d in self.drawn.items() if n in reached}
        self.images = {n: b for n, b in self.images.items() if n in reached}
        self.pixels = {n: p for n, p in self.pixels.items() if n in reached}
        self._each = {}
        self._known.clear()

    def streams(self) -> set[int]:
        """The streams counted."""
        return set(self.made)

    def _cost(
        self,
        number: int,
        depth: int,
        most: int,
        known: dict[tuple[int, int], int],
        images: dict[int, int] | None = None,
    ) -> int:
        """The objects stream ``number`` makes, or what the images it draws
        cost (``images``: each one's, by object number)."""
        if depth > _DEPTH:
            return 0
        if (number, depth) in known:
            return known[number, depth]
        total = self.made.get(number, 0) if images is None else 0
        for key, times in self.drawn.get(number, {}).items():
            forms = [t for t in self.names.get(key, ()) if t in self.forms]
            inner = max((self._cost(t, depth + 1, most, known, images) for t in forms), default=0)
            if images is not None:
                inner = max([inner, *(images.get(t, 0) for t in self.names.get(key, ()))])
            total = min(most + 1, total + times * inner)
            if total > most:
                break
        known[number, depth] = total
        return total
