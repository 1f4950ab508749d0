"""The key to a PDF's streams under the standard security handler, when it
opens without a password (as a scanner's "protect" setting saves it, or a
unit's "protect against editing": an owner's password only), and a stream
decrypted with it, as pdfium decrypts it.  RC4 (``/V 1``, ``/V 2``, ``/V 4``
whose streams' crypt filter is not AES) and AES-128 (``/V 4``, ``/AESV2``)
with the key of the empty password by algorithm 2 (``/R 2`` to ``4``),
checked against /U; AES-256 (``/V 5``, ``/AESV3``) with the key of ``/R 5``
or ``/R 6`` (:mod:`reform_brand.scan._pdf_aes`, which needs the
``cryptography`` package: :class:`CipherMissing` without it)."""

from __future__ import annotations

import hashlib
import re
from typing import Final, Literal

from attrs import frozen

from reform_brand.scan._pdf_aes import (
    CipherMissing,
    aes_decrypted,
    cipher_available,
    v5_file_key,
)
from reform_brand.scan._pdf_filters import Budget, name, stream_keys

__all__ = ["PLAIN", "CipherMissing", "StreamKey", "decrypted", "file_key"]


@frozen
class StreamKey:
    """The key to a file's streams and the cipher pdfium decrypts them with
    (``"none"``: they are not encrypted).  With AES, a key of 32 bytes is
    the streams' own; a shorter one, as with RC4, gives each stream its
    own, with the stream's object number."""

    cipher: Literal["none", "rc4", "aes"]
    key: bytes = b""

    @property
    def encrypted(self) -> bool:
        return self.cipher != "none"


#: The key of a file whose streams are not encrypted.
PLAIN: Final = StreamKey("none")

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


_Keys = dict[bytes, list[bytes]]


def _int(keys: _Keys, key: bytes, default: int) -> int:
    value = keys.get(key, [])
    return int(value[0]) if len(value) == 1 and re.fullmatch(rb"-?\d{1,11}", value[0]) else default


def _crypt_filter(keys: _Keys, filter_name: bytes) -> _Keys | None:
    """The entries of the crypt filter ``filter_name`` of the encryption
    dictionary's /CF, None when it has none of that name."""
    tokens = keys.get(b"/CF", [])
    names = [name(t) for t in tokens]
    if filter_name not in names:
        return None
    inner = tokens[names.index(filter_name) + 1 :]
    return stream_keys(b" ".join(inner)) if inner[:1] == [b"<<"] else None


def _method(keys: _Keys, version: int) -> tuple[Literal["none", "rc4", "aes"], int] | None:
    """The cipher pdfium decrypts the streams with and the length of its
    key in bytes (0: any the key is found at), as pdfium reads them: from
    ``/V 4`` on, the streams' crypt filter's /CFM (``/AESV2`` and
    ``/AESV3`` are AES, any other RC4) and /Length (in bits, or in bytes
    below 40), else the dictionary's; None for what pdfium does not open."""
    if version in (1, 2):
        return "rc4", 0
    if version not in (4, 5):
        return None
    stm = name(keys.get(b"/StmF", [b"/Identity"])[0])
    if stm == b"/Identity":
        return "none", 0
    entries = _crypt_filter(keys, stm)
    if entries is None:
        return None
    bits = _int(entries, b"/Length", 0) if version == 4 else 0
    bits = bits or _int(keys, b"/Length", 128 if version == 4 else 256)
    size = bits if bits < 40 else bits // 8
    if name(entries.get(b"/CFM", [b""])[0]) in (b"/AESV2", b"/AESV3"):
        return ("aes", size) if size in (16, 32) else None
    return ("rc4", size) if 5 <= size <= 16 else None


def file_key(data: bytes) -> StreamKey | None:
    """The key to the streams of a PDF that pdfium opened though encrypted
    (:data:`PLAIN` for streams not encrypted), None when it is not known:
    an encryption dictionary not found, one pdfium would not open, a /U
    that the empty password does not give.  :class:`CipherMissing` for AES
    without the ``cryptography`` package."""
    found = _last(_ENCRYPT, data)
    obj = (
        None
        if found is None
        else re.search(rb"(?<!\d)%s\s+%s\s+obj\b" % (found[1], found[2]), data)
    )
    if obj is None:
        return None
    keys = stream_keys(data[obj.end() : obj.end() + 4096])
    version, revision = _int(keys, b"/V", 0), _int(keys, b"/R", 0)
    method = _method(keys, version)
    if method is None or method[0] == "none":
        return None if method is None else PLAIN
    cipher, size = method
    if cipher == "aes":
        cipher_available()
    if revision >= 5:
        user, user_key = (_string(keys.get(k, [b""])[0]) for k in (b"/U", b"/UE"))
        key = None if user is None or user_key is None else v5_file_key(revision, user, user_key)
        key = None if key is None or not size else key[:size]
    else:
        sizes = {size} if cipher == "aes" else {size, _int(keys, b"/Length", 40) // 8, 16, 5}
        key = _rc4_key(keys, revision, _first_id(data) or b"", sizes)
    return None if key is None else StreamKey(cipher, key)


def _rc4_key(keys: _Keys, revision: int, ident: bytes, sizes: set[int]) -> bytes | None:
    """The key of one of ``sizes`` (in bytes) that the empty user password
    gives (algorithm 2 of ISO 32000-1's 7.6.3.3), checked against /U; with
    /EncryptMetadata false, as pdfium does, with and without the four bytes
    it adds."""
    owner = _string(keys.get(b"/O", [b""])[0])
    user = _string(keys.get(b"/U", [b""])[0])
    if owner is None or user is None or revision not in (2, 3, 4):
        return None
    permissions = (_int(keys, b"/P", 0) & 0xFFFFFFFF).to_bytes(4, "little")
    plain_meta = revision >= 3 and keys.get(b"/EncryptMetadata") == [b"false"]
    for size in sorted(n for n in sizes if 5 <= n <= 16):
        for tag in (b"\xff" * 4, b"") if plain_meta else (b"",):
            digest = hashlib.md5(_PAD + owner + permissions + ident + tag, usedforsecurity=False)
            key = digest.digest()[:size]
            for _ in range(50 if revision >= 3 else 0):
                key = hashlib.md5(key, usedforsecurity=False).digest()[:size]
            if _opens(key, user, revision, ident):
                return key
    return None


def _opens(key: bytes, user: bytes, revision: int, ident: bytes) -> bool:
    """Whether ``key`` gives /U (``user``), as pdfium checks it: its first
    16 bytes."""
    if revision == 2:
        return len(user) >= 16 and _rc4(key, _PAD)[:16] == user[:16]
    check = hashlib.md5(_PAD + ident, usedforsecurity=False).digest()
    for i in range(20):
        check = _rc4(bytes(k ^ i for k in key), check)
    return len(user) >= 16 and check == user[:16]


def decrypted(key: StreamKey, number: int, generation: int, body: bytes, budget: Budget) -> bytes:
    """The data of stream ``number`` decrypted with the file's ``key``, as
    pdfium decrypts it (what is decrypted counts against ``budget``)."""
    if not key.encrypted:
        return body
    budget.spend(len(body) + 256)
    if key.cipher == "aes" and len(key.key) == 32:
        return aes_decrypted(key.key, body)
    salt = (number & 0xFFFFFF).to_bytes(3, "little") + (generation & 0xFFFF).to_bytes(2, "little")
    if key.cipher == "aes":
        return aes_decrypted(
            hashlib.md5(key.key + salt + b"sAlT", usedforsecurity=False).digest(), body
        )
    return _rc4(
        hashlib.md5(key.key + salt, usedforsecurity=False).digest()[: len(key.key) + 5], body
    )
