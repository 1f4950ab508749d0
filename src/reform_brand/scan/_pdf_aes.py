"""AES under the standard security handler, as pdfium reads it: the file
key of the empty user password at ``/R 5`` and ``/R 6`` (AES-256, ISO
32000-2's 7.6.4.3.3 and algorithm 2.B), and a stream decrypted with AES
(CBC, its first 16 bytes the initialisation vector).  The cipher is the
``cryptography`` package's (of the ``scan`` extra), imported only when a
file encrypted with AES is met: without it, :class:`CipherMissing`."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers import Cipher, modes

__all__ = ["CipherMissing", "aes_decrypted", "cipher_available", "v5_file_key"]

#: The hashes of algorithm 2.B, chosen by its rounds.
_HASHES: Final = (hashlib.sha256, hashlib.sha384, hashlib.sha512)


class CipherMissing(Exception):
    """AES is needed and the ``cryptography`` package cannot be imported."""


def _cipher(key: bytes, iv: bytes | None) -> Cipher[modes.ECB | modes.CBC]:
    """AES with ``key``, in CBC mode from ``iv`` (ECB without one)."""
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    except ImportError:
        raise CipherMissing from None
    return Cipher(algorithms.AES(key), modes.ECB() if iv is None else modes.CBC(iv))


def cipher_available() -> None:
    """Raise :class:`CipherMissing` when AES cannot be used."""
    _cipher(bytes(16), None)


def _encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    encryptor = _cipher(key, iv).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def _decrypt(key: bytes, iv: bytes | None, data: bytes) -> bytes:
    """``data`` (whole blocks) decrypted, no padding removed."""
    decryptor = _cipher(key, iv).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def _hash(password: bytes, salt: bytes, revision: int) -> bytes:
    """The hash of the user's ``password`` with ``salt``: SHA-256 at
    ``/R 5``, algorithm 2.B at ``/R 6`` (each round's AES-128 output picks
    the next hash, SHA-256, -384 or -512; at least 64 rounds, and until its
    last byte is no more than the round's number less 32)."""
    k = hashlib.sha256(password + salt).digest()
    if revision < 6:
        return k
    rounds = 0
    while True:
        rounds += 1
        e = _encrypt(k[:16], k[16:32], (password + k) * 64)
        k = _HASHES[sum(e[:16]) % 3](e).digest()
        if rounds >= 64 and e[-1] <= rounds - 32:
            return k[:32]


def v5_file_key(revision: int, user: bytes, user_key: bytes) -> bytes | None:
    """The file key (32 bytes) that the empty user password gives at
    ``/R 5`` or ``/R 6``, from /U (``user``: its hash, then its validation
    and key salts) and /UE (``user_key``); None when the empty password is
    not the user's."""
    if revision not in (5, 6) or len(user) < 48 or len(user_key) < 32:
        return None
    if _hash(b"", user[32:40], revision) != user[:32]:
        return None
    return _decrypt(_hash(b"", user[40:48], revision), bytes(16), user_key[:32])


def aes_decrypted(key: bytes, body: bytes) -> bytes:
    """A stream's ``body`` decrypted with AES as pdfium decrypts it: its
    first 16 bytes are the initialisation vector; a last block left
    incomplete is dropped; of a body of whole blocks, the last byte says
    how many bytes of the last block are padding (from 16 on, all of it);
    nothing is left of a body shorter than two blocks."""
    whole = (len(body) - 16) // 16 * 16
    if whole <= 0:
        return b""
    text = _decrypt(key, body[:16], body[16 : 16 + whole])
    if (len(body) - 16) % 16 == 0:
        text = text[: len(text) - min(text[-1], 16)]
    return text
