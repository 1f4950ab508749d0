"""The Rich Text body of an Outlook mail, as text (MS-OXRTFCP, RTF 1.9).

Outlook keeps a "Rich Text" mail's body as ``PR_RTF_COMPRESSED``: a
16-byte header (the size of what follows it, the size of the RTF, the kind,
``LZFu`` compressed or ``MELA`` stored, and a CRC-32 of the compressed
bytes) and the RTF, compressed with a 4096-byte dictionary that starts with
a prefix of RTF every such body has (:func:`decompress`).  :func:`rtf_text`
then reads the RTF as a reader shows it: its text, a line for each
paragraph, the characters in the code page of their font (its
``\\fcharset`` or ``\\cpg``: ``\\fcharset134``, GBK, for a Chinese font in
an English Outlook's mail), else in the document's (``\\ansicpg936``, GBK,
for a Chinese Outlook), or as Unicode (``\\uN``), without the font and
colour tables, pictures, objects, field instructions or the HTML tags an
HTML mail kept as RTF carries (``\\*\\htmltag``).

Bounds: both take linear time in what they read; :func:`decompress` writes
no more than ``limit`` bytes (a claimed size is never trusted) and raises
:class:`RtfError` for a header that does not add up, a CRC that does not
match or a kind it does not know; :func:`rtf_text` never raises and keeps at
most ``limit`` characters.
"""

from __future__ import annotations

import codecs
import re
import struct
import zlib
from typing import Final

__all__ = ["RtfError", "decompress", "rtf_text"]

#: The dictionary's first bytes (MS-OXRTFCP 3.1.3.1).
_PREFIX: Final = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss "
    b"\\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
    b"{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
_COMPRESSED: Final = 0x75465A4C  # "LZFu"
_STORED: Final = 0x414C454D  # "MELA"
_HEADER: Final = struct.Struct("<IIII")


class RtfError(ValueError):
    """A compressed RTF that cannot be read."""


def decompress(data: bytes, *, limit: int) -> bytes:
    """The RTF of ``PR_RTF_COMPRESSED`` ``data``, at most ``limit`` bytes
    (the rest is left out); :class:`RtfError` when it cannot be read."""
    if len(data) < _HEADER.size:
        raise RtfError("too short")
    size, raw_size, kind, crc = _HEADER.unpack_from(data)
    body = memoryview(data)[_HEADER.size : 4 + size]
    if size < _HEADER.size - 4 or 4 + size > len(data):
        raise RtfError("its size does not add up")
    want = min(raw_size, limit)
    if kind == _STORED:
        return bytes(body[:want])
    if kind != _COMPRESSED:
        raise RtfError(f"unknown kind {kind:#x}")
    # The CRC-32 of MS-OXRTFCP is zlib's without its inversions.
    if zlib.crc32(body, 0xFFFFFFFF) ^ 0xFFFFFFFF != crc:
        raise RtfError("wrong CRC")
    return _lzfu(body, want)


def _lzfu(body: memoryview, want: int) -> bytes:
    """The bytes of the compressed ``body``, up to ``want`` of them: runs of
    a control byte (its bits, lowest first, 0 for a literal byte, 1 for a
    reference) and eight tokens; a reference is two bytes, big-endian: a
    12-bit offset into the dictionary and a 4-bit length (plus 2); the one
    whose offset is where the dictionary is written next ends the data."""
    window = bytearray(4096)
    window[: len(_PREFIX)] = _PREFIX
    pos = len(_PREFIX)
    out = bytearray()
    i, end = 0, len(body)
    while i < end and len(out) < want:
        control = body[i]
        i += 1
        for bit in range(8):
            if i >= end or len(out) >= want:
                break
            if not control & (1 << bit):
                byte = body[i]
                i += 1
                out.append(byte)
                window[pos] = byte
                pos = (pos + 1) & 0xFFF
                continue
            if i + 2 > end:
                return bytes(out)
            ref = body[i] << 8 | body[i + 1]
            i += 2
            offset, length = ref >> 4, (ref & 0xF) + 2
            if offset == pos:
                return bytes(out[:want])
            for k in range(length):
                byte = window[(offset + k) & 0xFFF]
                out.append(byte)
                window[pos] = byte
                pos = (pos + 1) & 0xFFF
    return bytes(out[:want])


#: A token of RTF: a control word and its number, a character in hex, a
#: control symbol, a brace, or a run of text (line ends in RTF are nothing).
_TOKEN: Final = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)",
    re.DOTALL,
)
#: Groups that hold no text of the body: tables, pictures, objects, the
#: document's information, field instructions (their result is the text).
_SKIPPED: Final = frozenset(
    {
        b"fonttbl",
        b"colortbl",
        b"stylesheet",
        b"listtable",
        b"listoverridetable",
        b"revtbl",
        b"rsidtbl",
        b"info",
        b"pict",
        b"object",
        b"fldinst",
        b"header",
        b"footer",
        b"headerl",
        b"headerr",
        b"headerf",
        b"footerl",
        b"footerr",
        b"footerf",
        b"themedata",
        b"colorschememapping",
        b"latentstyles",
        b"datastore",
        b"xmlnstbl",
        b"generator",
        b"filetbl",
    }
)
#: Control words that are a character of the text.
_CHARS: Final = {
    b"par": "\n",
    b"line": "\n",
    b"sect": "\n",
    b"page": "\n",
    b"row": "\n",
    b"cell": "\t",
    b"tab": "\t",
    b"emdash": "\u2014",
    b"endash": "\u2013",
    b"bullet": "\u2022",
    b"lquote": "\u2018",
    b"rquote": "\u2019",
    b"ldblquote": "\u201c",
    b"rdblquote": "\u201d",
    b"emspace": " ",
    b"enspace": " ",
}
#: Control symbols that are a character of the text.
_SYMBOLS: Final = {
    b"~": " ",
    b"_": "-",
    b"\\": "\\",
    b"{": "{",
    b"}": "}",
    b"\n": "\n",
    b"\r": "\n",
}


#: The code page of a font's character set (``\\fcharsetN``), where it is
#: not the document's own: ANSI (0), the default (1) and the symbol set (2)
#: are read in the document's code page.
_CHARSETS: Final = {
    77: "mac_roman",
    128: "cp932",
    129: "cp949",
    130: "johab",
    134: "gb18030",
    136: "cp950",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
}


class _Text:
    """The text being read: the groups' states, bytes in their font's code
    page pending, the characters so far."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        #: The document's code page (``\\ansicpg``), and each font's own
        #: (``\\fcharset``, ``\\cpg``) as the font table gives them.
        self.codec = "cp1252"
        self.fonts: dict[int, str] = {}
        #: The font table's depth while it is read, the font it describes.
        self.table: int | None = None
        self.described: int | None = None
        #: The default font (``\\deff``).
        self.default: int | None = None
        self.parts: list[str] = []
        self.size = 0
        self.pending = bytearray()
        #: Whether the group's text is skipped, how many characters stand
        #: for each \uN in it (\ucN), and its font; those of the groups
        #: around it.
        self.skip, self.uc = False, 1
        self.font: int | None = None
        self.stack: list[tuple[bool, int, int | None]] = []
        #: Just after "{": a destination may be named.
        self.fresh = False
        #: Characters still to drop after a \uN.
        self.drop = 0

    def flush(self) -> None:
        if self.pending:
            font = self.default if self.font is None else self.font
            codec = self.fonts.get(font, self.codec) if font is not None else self.codec
            text = bytes(self.pending).decode(codec, "replace")
            self.pending.clear()
            self.put(text)

    def put(self, text: str) -> None:
        self.flush()
        self.parts.append(text)
        self.size += len(text)

    def full(self) -> bool:
        # (A character is at most four bytes in any code page.)
        return self.size >= self.limit or len(self.pending) >= 4 * self.limit + 4

    def brace(self, brace: bytes) -> None:
        if brace == b"{":
            self.stack.append((self.skip, self.uc, self.font))
            self.fresh = True
        elif self.stack:
            self.flush()
            self.skip, self.uc, self.font = self.stack.pop()
            if self.table is not None and len(self.stack) < self.table:
                self.table = None
        self.drop = 0

    def word(self, word: bytes, number: int | None, starts: bool) -> None:
        if starts and word in _SKIPPED:
            self.skip = True
            if word == b"fonttbl":
                self.table = len(self.stack)
        elif word == b"uc" and number is not None:
            self.uc = max(0, number)
        elif word == b"ansicpg" and number is not None:
            self.flush()
            self.codec = _codec(number)
        elif self.table is not None:
            self._describe(word, number)
        elif word == b"deff" and number is not None:
            self.default = number
        elif self.skip:
            return
        elif word == b"f" and number is not None:
            self.flush()
            self.font = number
        elif word == b"plain":
            self.flush()
            self.font = None
        elif word == b"u" and number is not None:
            self.put(chr(number % 0x10000))
            self.drop = self.uc
        elif word in _CHARS:
            self.put(_CHARS[word])

    def _describe(self, word: bytes, number: int | None) -> None:
        """A control word of the font table: which font it describes, and
        that font's character set or code page."""
        if number is None:
            return
        if word == b"f":
            self.described = number
        elif self.described is None:
            return
        elif word == b"fcharset" and number in _CHARSETS:
            self.fonts.setdefault(self.described, _CHARSETS[number])
        elif word == b"cpg" and number > 0:
            self.fonts[self.described] = _codec(number)

    def symbol(self, symbol: bytes, starts: bool) -> None:
        if symbol == b"*" and starts:
            self.skip = True  # an optional destination: not the body's text
        elif not self.skip and self.drop:
            self.drop -= 1
        elif not self.skip and symbol in _SYMBOLS:
            self.put(_SYMBOLS[symbol])

    def byte(self, value: int) -> None:
        if self.skip:
            return
        if self.drop:
            self.drop -= 1
        else:
            self.pending.append(value)

    def run(self, run: bytes) -> None:
        if self.skip:
            return
        if self.drop:
            cut = min(self.drop, len(run))
            run, self.drop = run[cut:], self.drop - cut
        self.pending.extend(run)

    def text(self) -> str:
        self.flush()
        text = "".join(self.parts)[: self.limit]
        # (Surrogate pairs written as two \uN: the characters they stand for.)
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        lines = (line.rstrip() for line in text.split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _codec(page: int) -> str:
    name = "gb18030" if page == 936 else f"cp{page}"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "cp1252"


def rtf_text(rtf: bytes, *, limit: int) -> str:
    """The text of ``rtf`` as a reader shows it (see the module), at most
    ``limit`` characters; "" for what is no RTF."""
    if not rtf.lstrip().startswith(b"{\\rtf"):
        return ""
    out = _Text(limit)
    at = 0
    while at < len(rtf) and not out.full():
        m = _TOKEN.match(rtf, at)
        if m is None:  # (a backslash that ends the data)
            break
        at = m.end()
        word, number, hexa, symbol, brace, run = m.groups()
        if brace is not None:
            out.brace(brace)
            continue
        starts, out.fresh = out.fresh, False
        if word == b"bin" and number is not None:
            at += max(0, int(number))  # binary data: never text
        elif word is not None:
            out.word(word, int(number) if number is not None else None, starts)
        elif symbol is not None:
            out.symbol(symbol, starts)
        elif hexa is not None:
            out.byte(int(hexa, 16))
        elif run is not None:
            out.run(run)
    return out.text()
