"""Hand-made PDFs under the standard security handler with AES and an empty
user password, as a unit's "protect against editing" saves its scan: AES-128
(/V 4 /R 4, /AESV2) and AES-256 (/V 5, /AESV3, /R 5 and /R 6), encrypted
with the ``cryptography`` package as ISO 32000-2 (7.6.4.3, 7.6.4.4) says."""

from __future__ import annotations

import hashlib
from typing import Literal

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from tests.scan.pdfs import _ID, _PAD, _rc4, owner_entry, sealed_stencil_pdf

Kind = Literal["aesv2", "r5", "r6"]

#: What each salt, initialisation vector and key of these files is made of
#: (fixed, so the files are the same from one run to the next).
_FILE_KEY = hashlib.sha256(b"file key").digest()
_PERMISSIONS = -44


def _cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    """``data`` (whole blocks) encrypted with AES in CBC mode."""
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def _ecb(key: bytes, data: bytes) -> bytes:
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update(data) + enc.finalize()


def _sealed_aes(key: bytes, iv: bytes, data: bytes) -> bytes:
    """A stream's data as stored: the initialisation vector, then ``data``
    padded as PKCS#5 says and encrypted."""
    pad = 16 - len(data) % 16
    return iv + _cbc(key, iv, data + bytes([pad]) * pad)


def hash_2b(password: bytes, salt: bytes, udata: bytes, revision: int) -> bytes:
    """The hash of a password at /R 5 (SHA-256) or /R 6 (algorithm 2.B)."""
    k = hashlib.sha256(password + salt + udata).digest()
    if revision < 6:
        return k
    rounds = 0
    while True:
        rounds += 1
        e = _cbc(k[:16], k[16:32], (password + k + udata) * 64)
        k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[sum(e[:16]) % 3](e).digest()
        if rounds >= 64 and e[-1] <= rounds - 32:
            return k[:32]


def _hex(data: bytes) -> bytes:
    return b"<" + data.hex().encode() + b">"


def _v5_encrypt(revision: int, wrong_user: bool) -> bytes:
    """The encryption dictionary of AES-256: /U and /UE of the empty user
    password, /O and /OE of the owner's, /Perms."""
    user_salts, owner_salts = bytes(range(1, 17)), bytes(range(17, 33))
    user = hash_2b(b"", user_salts[:8], b"", revision) + user_salts
    if wrong_user:
        user = bytes([user[0] ^ 1]) + user[1:]
    user_ue = _cbc(hash_2b(b"", user_salts[8:], b"", revision), bytes(16), _FILE_KEY)
    owner = hash_2b(b"owner", owner_salts[:8], user, revision) + owner_salts
    owner_oe = _cbc(hash_2b(b"owner", owner_salts[8:], user, revision), bytes(16), _FILE_KEY)
    perms = _PERMISSIONS.to_bytes(4, "little", signed=True) + b"\xff" * 4 + b"Tadb" + b"0000"
    return (
        b"<< /Filter /Standard /V 5 /R %d /Length 256 /CF << /StdCF << /CFM /AESV3 "
        b"/AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF "
        b"/O %s /U %s /OE %s /UE %s /P %d /Perms %s >>"
        % (
            revision,
            _hex(owner),
            _hex(user),
            _hex(owner_oe),
            _hex(user_ue),
            _PERMISSIONS,
            _hex(_ecb(_FILE_KEY, perms)),
        )
    )


def _v4_key(wrong_user: bool, plain_meta: bool) -> tuple[bytes, bytes]:
    """The file key of AES-128 (/R 4) that the empty user password gives,
    and the encryption dictionary (``plain_meta``: /EncryptMetadata false,
    which adds four bytes to what the key is hashed from)."""
    owner = owner_entry()
    permissions = _PERMISSIONS.to_bytes(4, "little", signed=True)
    tag = b"\xff" * 4 if plain_meta else b""
    key = hashlib.md5(_PAD + owner + permissions + _ID + tag).digest()
    for _ in range(50):
        key = hashlib.md5(key).digest()
    user = hashlib.md5(_PAD + _ID).digest()
    for i in range(20):
        user = _rc4(bytes(k ^ i for k in key), user)
    if wrong_user:
        user = bytes([user[0] ^ 1]) + user[1:]
    encrypt = (
        b"<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 "
        b"/AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF "
        b"/O %s /U %s /P %d %s>>"
        % (
            _hex(owner),
            _hex(user + bytes(16)),
            _PERMISSIONS,
            b"/EncryptMetadata false " if plain_meta else b"",
        )
    )
    return key, encrypt


def aes_stencil_pdf(
    kind: Kind, extra: bytes = b"", *, wrong_user: bool = False, plain_meta: bool = False
) -> bytes:
    """A black stencil scan (400 x 560 pixels, one line in ten black) on
    one page, its content and its image encrypted with AES (``kind``), the
    user password empty; ``extra`` is drawn after the scan.  ``wrong_user``:
    a /U that the empty password does not give (pdfium asks for one);
    ``plain_meta`` (AES-128): /EncryptMetadata false."""
    if kind == "aesv2":
        key, encrypt = _v4_key(wrong_user, plain_meta)

        def sealed(number: int, data: bytes) -> bytes:
            salt = number.to_bytes(3, "little") + b"\x00\x00" + b"sAlT"
            iv = bytes(range(number, number + 16))
            return _sealed_aes(hashlib.md5(key + salt).digest(), iv, data)

    else:
        encrypt = _v5_encrypt(5 if kind == "r5" else 6, wrong_user)

        def sealed(number: int, data: bytes) -> bytes:
            return _sealed_aes(_FILE_KEY, bytes(range(number, number + 16)), data)

    return sealed_stencil_pdf(sealed, encrypt, extra)
