"""A PDF stream's bytes as pdfium may parse them, decoded in bounded pieces:
its filters applied in order as pdfium applies them (Flate, LZW, ASCII85,
ASCIIHex, RunLength, the PNG and TIFF predictors), every stage's bytes
handed to the caller, the raw ones too.

pdfium parses a content stream as the bytes of its whole chain when every
filter decodes, the bytes decoded so far at the first filter it does not
decode as text (an image's codec, /JBIG2Decode, /DCTDecode, an unknown
name: it takes that one for an image's encoding), skips /Crypt, and parses
the raw bytes when a filter fails or the chain is malformed (``/Filter 5``,
``[/DCTDecode /Fl]``).  So every stage's bytes are looked at."""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Final

__all__ = [
    "Budget",
    "Overspent",
    "name",
    "stream_codec_head",
    "stream_decoded",
    "stream_keys",
    "stream_stages",
]

#: The most a piece holds.
CHUNK: Final = 1024 * 1024
#: What pieces overlap by (an inline image's dictionary and more).
OVERLAP: Final = 2100

Look = Callable[[bytes], None]
Parms = dict[bytes, int]
Decoder = Callable[[Iterator[bytes], Parms, "Budget"], Iterator[bytes]]


class Overspent(Exception):
    """Decoding would cost more than the budget left."""


class Budget:
    """What decoding may still cost: the bytes worked through in Python byte
    by byte (LZW, RunLength, ASCII85, the predictors), far slower than
    zlib's or binascii's."""

    def __init__(self, by_hand: int) -> None:
        self.by_hand = by_hand

    def spend(self, size: int) -> None:
        self.by_hand -= size
        if self.by_hand < 0:
            raise Overspent


_TOKEN: Final = re.compile(
    rb"<<|>>|[\[\]]|<[^<>]*>|/[^\s()<>\[\]{}/%]*|\(|%[^\r\n]*|[^\s()<>\[\]{}/%]+"
)
_PAREN: Final = re.compile(rb"[()\\]")


def _tokens(text: bytes) -> Iterator[bytes]:
    """The tokens of ``text`` (a string whole, comments left out)."""
    pos = 0
    while (m := _TOKEN.search(text, pos)) is not None:
        pos = m.end()
        if m[0] == b"(":
            depth = 1
            while depth and (p := _PAREN.search(text, pos)) is not None:
                pos = p.end() + (p[0] == b"\\")
                depth += (p[0] == b"(") - (p[0] == b")")
            pos = len(text) if depth else pos
            yield text[m.start() : pos]
        elif not m[0].startswith(b"%"):
            yield m[0]


def stream_keys(head: bytes) -> dict[bytes, list[bytes]]:
    """The keys of the dictionary ``head`` opens (a stream's, from its
    object's ``obj``), each with its value's tokens; keys of dictionaries
    inside it are not its own."""
    keys: dict[bytes, list[bytes]] = {}
    value: list[bytes] | None = None
    depth = 0
    for tok in _tokens(head):
        if depth == 0:
            depth = 1 if tok == b"<<" else 0
        elif depth == 1 and tok.startswith(b"/") and value != []:
            keys[name(tok)] = value = []
        else:
            depth += (tok in (b"<<", b"[")) - (tok in (b">>", b"]"))
            if depth == 0:
                break
            if value is not None:
                value.append(tok)
    return keys


_ESCAPE: Final = re.compile(rb"#([0-9A-Fa-f]{2})")


def name(token: bytes) -> bytes:
    """A name token as pdfium reads it (``/Fl#61teDecode`` is
    ``/FlateDecode``)."""
    return _ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), token)


_NUMBER: Final = re.compile(rb"([+-]?)(\d{1,9})?(?:\.\d*)?")


def _parms(tokens: list[bytes]) -> Parms:
    """The numbers of a dictionary's own keys, from the tokens inside its
    ``<<`` and ``>>``, as pdfium takes them for integers (``12.9`` is
    12); those of a dictionary inside it are not its own."""
    out: Parms = {}
    depth = 0
    for key, value in itertools.pairwise(tokens):
        depth += (key in (b"<<", b"[")) - (key in (b">>", b"]"))
        number = _NUMBER.fullmatch(value)
        if depth == 0 and key.startswith(b"/") and number is not None:
            out[name(key)[1:]] = int(number[1] + (number[2] or b"0"))
    return out


_KNOWN: Final = {
    b"Fl": b"FlateDecode",
    b"LZW": b"LZWDecode",
    b"A85": b"ASCII85Decode",
    b"AHx": b"ASCIIHexDecode",
    b"RL": b"RunLengthDecode",
}
_MIDDLE: Final = frozenset([*_KNOWN, *_KNOWN.values()])


def _chain(keys: dict[bytes, list[bytes]]) -> list[tuple[bytes, Parms]] | None:
    """The filters of a stream, each with its parameters, as pdfium takes
    them ([] for a malformed chain, which it does not decode); None when
    they are given by reference (not looked up)."""
    filters = keys.get(b"/Filter", [])
    parms = keys.get(b"/DecodeParms", [])
    if b"R" in filters or b"R" in parms:
        return None
    if len(filters) == 1 and filters[0].startswith(b"/"):
        names = [name(filters[0])[1:]]
        each = [_parms(parms[1:-1])] if parms[:1] == [b"<<"] else [{}]
    elif filters[:1] == [b"["] and filters[-1:] == [b"]"]:
        names = [name(n)[1:] for n in filters[1:-1]]
        if not all(n.startswith(b"/") for n in filters[1:-1]) or any(
            n not in _MIDDLE for n in names[:-1]
        ):
            return []
        each = _array_parms(parms) if parms[:1] == [b"["] else []
    else:
        return []
    each += [{}] * (len(names) - len(each))
    return [(_KNOWN.get(n, n), p) for n, p in zip(names, each, strict=False)]


def _array_parms(tokens: list[bytes]) -> list[Parms]:
    """The dictionaries (or nulls) of an array of parameters' tokens."""
    out: list[Parms] = []
    depth, start = 0, 0
    for i, tok in enumerate(tokens[1:-1], start=1):
        if tok == b"<<":
            depth += 1
            start = i if depth == 1 else start
        elif tok == b">>":
            depth -= 1
            if depth == 0:
                out.append(_parms(tokens[start + 1 : i]))
        elif depth == 0:
            out.append({})
    return out


def stream_stages(
    keys: dict[bytes, list[bytes]], body: memoryview, look: Callable[[], Look], budget: Budget
) -> bool:
    """Hand a ``look()`` for each stage of the filters of a stream of
    dictionary ``keys`` and raw data ``body`` that stage's bytes, in order,
    in pieces of at most
    :data:`CHUNK` bytes overlapping by :data:`OVERLAP`; False, and nothing
    looked at, when its filters are given by reference.  Broken data
    decodes as far as it goes; :class:`Overspent` (from ``look`` or the
    budget) ends it."""
    chain = _chain(keys)
    if chain is None:
        return False
    pieces = _looked((bytes(body[i : i + CHUNK]) for i in range(0, len(body), CHUNK)), look())
    stages = [pieces]
    for filt, parms in chain:
        if filt == b"Crypt":
            continue
        decoder = _DECODERS.get(filt)
        if decoder is None:
            break  # (taken for an image's codec: what is decoded so far is parsed)
        stages.append(pieces := _looked(decoder(pieces, parms, budget), look()))
        predictor = parms.get(b"Predictor", 0)
        if filt in (b"FlateDecode", b"LZWDecode") and (predictor == 2 or predictor >= 10):
            stages.append(pieces := _looked(_predicted(pieces, parms, budget), look()))
    for stage in reversed(stages):  # (each to its end: pdfium may parse any)
        for _ in stage:
            pass
    return True


def stream_decoded(
    keys: dict[bytes, list[bytes]], body: bytes, budget: Budget, most: int
) -> bytes | None:
    """The bytes of a stream of dictionary ``keys`` and raw data ``body``
    with all its filters decoded (a cross-reference stream's), at most
    ``most`` of them; None for a filter not decoded here (an image's),
    given by reference, or a malformed chain, or beyond ``most``.
    :class:`Overspent` beyond the budget."""
    chain = _chain(keys)
    if chain is None or (not chain and b"/Filter" in keys):
        return None
    pieces: Iterator[bytes] = iter([body])
    for filt, parms in chain:
        decoder = _DECODERS.get(filt)
        if filt == b"Crypt":
            continue
        if decoder is None:
            return None
        pieces = decoder(pieces, parms, budget)
        predictor = parms.get(b"Predictor", 0)
        if filt in (b"FlateDecode", b"LZWDecode") and (predictor == 2 or predictor >= 10):
            pieces = _predicted(pieces, parms, budget)
    out = bytearray()
    for piece in pieces:
        out += piece
        if len(out) > most:
            return None
    return bytes(out)


def stream_codec_head(
    keys: dict[bytes, list[bytes]], body: bytes | memoryview, budget: Budget, most: int
) -> tuple[bytes, bytes] | None:
    """The image codec of a stream of dictionary ``keys`` and raw data
    ``body`` (the first filter not decoded here: ``b"DCTDecode"``) and the
    first ``most`` bytes that reach it, its filters before it decoded as
    pdfium decodes them; None without one, for filters given by reference
    or a malformed chain.  :class:`Overspent` beyond the budget."""
    chain = _chain(keys)
    pieces: Iterator[bytes] = (bytes(body[i : i + CHUNK]) for i in range(0, len(body), CHUNK))
    for filt, parms in chain or ():
        if filt == b"Crypt":
            continue
        decoder = _DECODERS.get(filt)
        if decoder is None:
            out = bytearray()
            for piece in pieces:
                out += piece
                if len(out) >= most:
                    break
            return filt, bytes(out[:most])
        pieces = decoder(pieces, parms, budget)
        predictor = parms.get(b"Predictor", 0)
        if filt in (b"FlateDecode", b"LZWDecode") and (predictor == 2 or predictor >= 10):
            pieces = _predicted(pieces, parms, budget)
    return None


def _looked(pieces: Iterator[bytes], look: Look) -> Iterator[bytes]:
    """``pieces`` as they are, each also handed to ``look`` once at least
    :data:`CHUNK` bytes (or the last) are in, after the end of the bytes
    before."""
    tail, held = b"", bytearray()
    for piece in pieces:
        held += piece
        if len(held) >= CHUNK:
            look(tail + held)
            tail, held = bytes(held[-OVERLAP:]), bytearray()
        yield piece
    if held:
        look(tail + held)


def _flate(pieces: Iterator[bytes], parms: Parms, budget: Budget) -> Iterator[bytes]:
    del parms, budget
    inflater = zlib.decompressobj()
    try:
        for rest in pieces:
            while rest and not inflater.eof:
                piece = inflater.decompress(rest, CHUNK)
                rest = inflater.unconsumed_tail
                if piece:
                    yield piece
            if inflater.eof:
                return
    except zlib.error:
        return


def _lzw(pieces: Iterator[bytes], parms: Parms, budget: Budget) -> Iterator[bytes]:
    early = 1 if parms.get(b"EarlyChange", 1) else 0
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    acc = bits = 0
    width, prev = 9, b""
    out = bytearray()
    for chunk in pieces:
        budget.spend(len(chunk))
        for byte in chunk:
            acc, bits = (acc << 8) | byte, bits + 8
            while bits >= width:
                bits -= width
                code, acc = acc >> bits, acc & ((1 << bits) - 1)
                if code == 256:
                    del table[258:]
                    width, prev = 9, b""
                    continue
                if code == 257 or code > len(table) or (code == len(table) and not prev):
                    yield bytes(out)
                    return
                entry = table[code] if code < len(table) else prev + prev[:1]
                out += entry
                if prev and len(table) < 4096:
                    table.append(prev + entry[:1])
                prev = entry
                size = len(table) + early
                width = 9 if size < 512 else 10 if size < 1024 else 11 if size < 2048 else 12
                if len(out) >= CHUNK:
                    yield bytes(out)
                    out.clear()
    yield bytes(out)


def _run_length(pieces: Iterator[bytes], parms: Parms, budget: Budget) -> Iterator[bytes]:
    del parms
    data, out = b"", bytearray()
    for chunk in pieces:
        budget.spend(len(chunk))
        data, pos = data + chunk, 0
        while pos < len(data) and data[pos] != 128:
            n = data[pos]
            step = n + 2 if n < 128 else 2
            if pos + step > len(data):
                break  # (the run goes on in the next piece)
            out += data[pos + 1 : pos + step] if n < 128 else data[pos + 1 : pos + 2] * (257 - n)
            pos += step
            if len(out) >= CHUNK:
                yield bytes(out)
                out.clear()
        data = data[pos:]
        if data[:1] == b"\x80":
            yield bytes(out)
            return
    if data:  # (a run cut short: pdfium fills it with zeros)
        n = data[0]
        out += data[1:].ljust(n + 1, b"\x00") if n < 128 else b"\x00" * (257 - n)
    yield bytes(out)


_A85_END: Final = re.compile(rb"[^!-uz \t\r\n]")


def _a85(pieces: Iterator[bytes], parms: Parms, budget: Budget) -> Iterator[bytes]:
    del parms
    held = b""
    for chunk in pieces:
        budget.spend(len(chunk))
        end = _A85_END.search(chunk)
        text = held + (chunk[: end.start()] if end else chunk).translate(None, b" \t\r\n")
        *whole, held = text.split(b"z")
        out = bytearray()
        for group in whole:  # (a z drops the group it cuts short, as pdfium does)
            out += _a85_groups(group[: len(group) // 5 * 5]) + b"\x00" * 4
        cut = len(held) // 5 * 5
        out += _a85_groups(held[:cut])
        held = held[cut:]
        yield bytes(out)
        if end:
            break
    if held:
        value = 0
        for c in held.ljust(5, b"u"):
            value = value * 85 + c - 33
        yield (value & 0xFFFFFFFF).to_bytes(4, "big")[: len(held) - 1]


def _a85_groups(text: bytes) -> bytes:
    out = bytearray()
    for i in range(0, len(text), 5):
        value = 0
        for c in text[i : i + 5]:
            value = value * 85 + c - 33
        out += (value & 0xFFFFFFFF).to_bytes(4, "big")
    return bytes(out)


_NOT_HEX: Final = bytes(c for c in range(256) if c not in b"0123456789ABCDEFabcdef")


def _hex(pieces: Iterator[bytes], parms: Parms, budget: Budget) -> Iterator[bytes]:
    del parms, budget
    odd = b""
    for chunk in pieces:
        end = chunk.find(b">")
        digits = odd + (chunk if end < 0 else chunk[:end]).translate(None, _NOT_HEX)
        cut = len(digits) // 2 * 2
        odd = digits[cut:]
        yield bytes.fromhex(digits[:cut].decode())
        if end >= 0:
            break
    if odd:
        yield bytes.fromhex(odd.decode() + "0")


def _predicted(pieces: Iterator[bytes], parms: Parms, budget: Budget) -> Iterator[bytes]:
    """The rows of a predictor undone: PNG's (10 to 15, each row led by its
    filter's number) or TIFF's (2)."""
    colors = parms.get(b"Colors", 1)
    bpc = parms.get(b"BitsPerComponent", 8)
    columns = parms.get(b"Columns", 1)
    if not (0 < colors <= 32 and bpc in (1, 2, 4, 8, 16) and 0 < columns < 1 << 20):
        return  # (pdfium does not decode such a stream: it parses the raw bytes)
    step = max(1, colors * bpc // 8)
    width = (colors * bpc * columns + 7) // 8
    png = parms.get(b"Predictor", 0) >= 10
    size = width + 1 if png else width
    prior = bytes(width)

    def undone(row: bytes) -> bytes:
        if png:
            return _png_row(row[0], row[1:].ljust(width, b"\x00"), prior, step)
        return _tiff_row(row.ljust(width, b"\x00"), colors, bpc, columns)

    data = b""
    for chunk in pieces:
        budget.spend(len(chunk))
        data += chunk
        rows = len(data) // size
        out = bytearray()
        for r in range(rows):
            prior = undone(data[r * size : (r + 1) * size])
            out += prior
        data = data[rows * size :]
        yield bytes(out)
    if data:  # (a row cut short)
        yield undone(data)[: len(data) - png]


def _png_row(kind: int, raw: bytes, prior: bytes, step: int) -> bytes:
    row = bytearray(raw)
    for i, value in enumerate(row):
        left = row[i - step] if i >= step else 0
        if kind == 1:
            row[i] = (value + left) & 255
        elif kind == 2:
            row[i] = (value + prior[i]) & 255
        elif kind == 3:
            row[i] = (value + (left + prior[i]) // 2) & 255
        elif kind == 4:
            corner = prior[i - step] if i >= step else 0
            base = left + prior[i] - corner
            pa, pb, pc = abs(base - left), abs(base - prior[i]), abs(base - corner)
            guess = left if pa <= pb and pa <= pc else prior[i] if pb <= pc else corner
            row[i] = (value + guess) & 255
    return bytes(row)


def _tiff_row(raw: bytes, colors: int, bpc: int, columns: int) -> bytes:
    """A row of TIFF predictor 2 undone: each component added to the one a
    pixel before, modulo its depth."""
    count, total, mask = colors * columns, len(raw) * 8, (1 << bpc) - 1
    packed = int.from_bytes(raw, "big")
    values = [(packed >> (total - (i + 1) * bpc)) & mask for i in range(count)]
    for i in range(colors, count):
        values[i] = (values[i] + values[i - colors]) & mask
    out = 0
    for v in values:
        out = (out << bpc) | v
    out = (out << (total - count * bpc)) | (packed & ((1 << (total - count * bpc)) - 1))
    return out.to_bytes(len(raw), "big")


_DECODERS: Final[dict[bytes, Decoder]] = {
    b"FlateDecode": _flate,
    b"LZWDecode": _lzw,
    b"ASCII85Decode": _a85,
    b"ASCIIHexDecode": _hex,
    b"RunLengthDecode": _run_length,
}
