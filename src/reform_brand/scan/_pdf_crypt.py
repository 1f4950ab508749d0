"""The key to a PDF's streams under the standard security handler with RC4
(``/V 1``, ``/V 2``, or ``/V 4`` whose streams' crypt filter is ``/V2``),
when it opens without a password, as a scanner's "protect" setting saves
it; and a stream decrypted with it.  AES (``/AESV2``, ``/V 5``) needs a
library the project does not depend on: its key is not known."""

from __future__ import annotations

import hashlib
import itertools
import re
from typing import Final

from reform_brand.scan._pdf_filters import Budget, name, stream_keys

__all__ = ["decrypted", "file_key"]

#: The padding of a password (the empty one is all of it).
_PAD: Final = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_ENCRYPT: Final = re.compile(rb"/Encrypt\s*(\d{1,9})\s+(\d{1,5})\s+R\b")
_ID: Final = re.compile(rb"/ID\s*\[\s*(<[0-9A-Fa-f\s]*>|\()")
_ESCAPES: Final = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) & 255
        box[i], box[j] = box[j], box[i]
    out = bytearray(len(data))
    i = j = 0
    for n, byte in enumerate(data):
        i = (i + 1) & 255
        j = (j + box[i]) & 255
        box[i], box[j] = box[j], box[i]
        out[n] = byte ^ box[(box[i] + box[j]) & 255]
    return bytes(out)


def _string(token: bytes) -> bytes | None:
    """The bytes of a string token (``<hex>`` or ``(literal)``)."""
    if token.startswith(b"<"):
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", token)
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    if not token.startswith(b"(") or not token.endswith(b")"):
        return None
    out = bytearray()
    parts = iter(re.split(rb"(\\(?:[0-7]{1,3}|\r\n|.))", token[1:-1], flags=re.S))
    for part in parts:
        if not part.startswith(b"\\"):
            out += part
        elif part[1:2].isdigit():
            out.append(int(part[1:], 8) & 255)
        elif part[1:] not in (b"\r\n", b"\n", b"\r"):
            out += _ESCAPES.get(part[1:], part[1:])
    return bytes(out)


def _first_id(data: bytes) -> bytes | None:
    """The first string of the file's last /ID."""
    m = _last(_ID, data)
    if m is None:
        return None
    tokens = stream_keys(b"<< /ID [" + data[m.start(1) : m.start(1) + 1024]).get(b"/ID", [])
    return _string(tokens[1]) if len(tokens) > 1 else None


def _last(pattern: re.Pattern[bytes], data: bytes) -> re.Match[bytes] | None:
    """The last match of ``pattern`` (the last trailer's, of several)."""
    found = None
    for found in pattern.finditer(data):  # noqa: B007
        pass
    return found


def _int(keys: dict[bytes, list[bytes]], key: bytes, default: int) -> int:
    value = keys.get(key, [])
    return int(value[0]) if len(value) == 1 and re.fullmatch(rb"-?\d{1,11}", value[0]) else default


def _stream_method(keys: dict[bytes, list[bytes]]) -> bytes:
    """How a /V 4 file's streams are encrypted (``/V2``, ``/AESV2``,
    ``/None`` for /Identity)."""
    stm = name(keys.get(b"/StmF", [b"/Identity"])[0])
    if stm == b"/Identity":
        return b"/None"
    tokens = [name(t) for t in keys.get(b"/CF", [])]
    if stm not in tokens:
        return b"/None"
    inner = tokens[tokens.index(stm) + 1 :]
    for key, value in itertools.pairwise(inner):
        if key == b">>":
            break
        if key == b"/CFM":
            return value
    return b"/None"


def file_key(data: bytes) -> bytes | None:
    """The RC4 key of a PDF that pdfium opened though encrypted (b"" for
    streams not encrypted), None when it is not known: AES, an
    encryption dictionary or an identifier not found, a /U that the key
    of the empty password does not give."""
    found = _last(_ENCRYPT, data)
    obj = (
        None
        if found is None
        else re.search(rb"(?<!\d)%s\s+%s\s+obj\b" % (found[1], found[2]), data)
    )
    ident = _first_id(data)
    if obj is None or ident is None:
        return None
    keys = stream_keys(data[obj.end() : obj.end() + 4096])
    version, revision = _int(keys, b"/V", 0), _int(keys, b"/R", 0)
    if version == 4:
        method = _stream_method(keys)
        if method == b"/None":
            return b""
        if method != b"/V2":
            return None
    elif version not in (1, 2):
        return None
    return _rc4_key(keys, revision, ident)


def _rc4_key(keys: dict[bytes, list[bytes]], revision: int, ident: bytes) -> bytes | None:
    """The key that the empty user password gives (algorithm 2 of ISO
    32000-1's 7.6.3.3), checked against /U."""
    owner = _string(keys.get(b"/O", [b""])[0])
    user = _string(keys.get(b"/U", [b""])[0])
    if owner is None or user is None or revision not in (2, 3, 4):
        return None
    permissions = _int(keys, b"/P", 0).to_bytes(4, "little", signed=True)
    plain_meta = keys.get(b"/EncryptMetadata") == [b"false"]
    lengths = {5} if revision == 2 else {_int(keys, b"/Length", 40) // 8, 16, 5}
    for size in sorted(n for n in lengths if 5 <= n <= 16):
        digest = hashlib.md5(_PAD + owner[:32] + permissions + ident, usedforsecurity=False)
        if revision >= 4 and plain_meta:
            digest.update(b"\xff" * 4)
        key = digest.digest()[:size]
        for _ in range(50 if revision >= 3 else 0):
            key = hashlib.md5(key, usedforsecurity=False).digest()[:size]
        if _opens(key, user, revision, ident):
            return key
    return None


def _opens(key: bytes, user: bytes, revision: int, ident: bytes) -> bool:
    if revision == 2:
        return _rc4(key, _PAD) == user[:32]
    check = hashlib.md5(_PAD + ident, usedforsecurity=False).digest()
    for i in range(20):
        check = _rc4(bytes(k ^ i for k in key), check)
    return check == user[:16]


def decrypted(key: bytes, number: int, generation: int, body: bytes, budget: Budget) -> bytes:
    """The data of stream ``number`` decrypted with the file's ``key``."""
    if not key:
        return body
    budget.spend(len(body) + 256)
    salt = number.to_bytes(4, "little")[:3] + generation.to_bytes(2, "little")
    return _rc4(hashlib.md5(key + salt, usedforsecurity=False).digest()[: len(key) + 5], body)
