"""A mail signed or encrypted with S/MIME in one part (``application/pkcs7-mime``,
``smime.p7m``), as Outlook sends a signed mail in its "opaque" form.

A signed mail of that form holds the mail's content (its text and its
attachments, a MIME entity) inside the signature's CMS structure (RFC 5652,
``SignedData``): :func:`smime_content` takes it out, so that its attachments
are read as a clear-signed mail's are (``multipart/signed``, whose signature
is a part of its own).  An encrypted mail (``EnvelopedData``) cannot be read
without the office's private key: it is said so, never taken for an unknown
file.  The structure is read as BER (indefinite lengths, an OCTET STRING in
pieces, as Outlook writes it), within bounds: nothing of a hostile file is
trusted beyond its length.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["SMIME_TYPES", "is_smime", "smime_content"]

#: The content types of an S/MIME mail in one part.
SMIME_TYPES: Final = frozenset({"application/pkcs7-mime", "application/x-pkcs7-mime"})

#: The object identifiers (their DER content) of CMS's content types.
_DATA: Final = bytes.fromhex("2a864886f70d010701")
_SIGNED: Final = bytes.fromhex("2a864886f70d010702")
_ENVELOPED: Final = bytes.fromhex("2a864886f70d010703")
_AUTH_ENVELOPED: Final = bytes.fromhex("2a864886f70d0109101017")
#: The deepest nesting of BER read (CMS needs fewer than ten levels).
_MAX_DEPTH: Final = 32
#: The most elements read (a signed mail of 48 MiB in Outlook's pieces of
#: 1000 bytes has some 50,000).
_MAX_STEPS: Final = 1_000_000

_SEQUENCE: Final = 0x30
_OID: Final = 0x06
_OCTETS: Final = 0x04
_OCTETS_PIECES: Final = 0x24
_EXPLICIT_0: Final = 0xA0


def is_smime(content_type: str, name: str) -> bool:
    """Whether a part is an S/MIME mail in one part, by its type or its name."""
    return content_type in SMIME_TYPES or name.lower().endswith(".p7m")


class _Tlv:
    """One BER element: its tag, where its content is, where it ends."""

    __slots__ = ("end", "start", "stop", "tag")

    def __init__(self, tag: int, start: int, stop: int, end: int) -> None:
        self.tag, self.start, self.stop, self.end = tag, start, stop, end


class _Ber:
    """Reads the BER elements of ``data``; raises ``ValueError`` or
    ``IndexError`` for what is not well formed, or past :data:`_MAX_STEPS`
    elements read (a hostile file of millions of tiny ones)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.steps = 0

    def element(self, pos: int, depth: int = 0) -> _Tlv:
        """The element at ``pos``."""
        self.steps += 1
        if depth > _MAX_DEPTH or self.steps > _MAX_STEPS:
            raise ValueError("too deep or too many elements")
        data = self.data
        tag = data[pos]
        if tag & 0x1F == 0x1F:
            raise ValueError("a tag of more than one byte")  # (none in CMS)
        first = data[pos + 1]
        pos += 2
        if first == 0x80:  # indefinite: its elements up to two zero bytes
            if not tag & 0x20:
                raise ValueError("indefinite length of a primitive")
            start = pos
            while data[pos : pos + 2] != b"\0\0":
                pos = self.element(pos, depth + 1).end
                if pos >= len(data):
                    raise ValueError("no end of contents")
            return _Tlv(tag, start, pos, pos + 2)
        length = first
        if first > 0x80:
            count = first & 0x7F
            if count > 4:
                raise ValueError("length too long")
            length = int.from_bytes(data[pos : pos + count], "big")
            pos += count
        if pos + length > len(data):
            raise ValueError("truncated")
        return _Tlv(tag, pos, pos + length, pos + length)

    def children(self, parent: _Tlv, depth: int) -> list[_Tlv]:
        out: list[_Tlv] = []
        pos = parent.start
        while pos < parent.stop:
            child = self.element(pos, depth)
            out.append(child)
            pos = child.end
        return out

    def octets(self, tlv: _Tlv, depth: int) -> bytes:
        """The content of an OCTET STRING, whole or in pieces."""
        if tlv.tag == _OCTETS:
            return self.data[tlv.start : tlv.stop]
        if tlv.tag != _OCTETS_PIECES or depth > _MAX_DEPTH:
            raise ValueError("not an OCTET STRING")
        return b"".join(self.octets(t, depth + 1) for t in self.children(tlv, depth + 1))

    def oid(self, tlv: _Tlv) -> bytes:
        if tlv.tag != _OID:
            raise ValueError("not an OBJECT IDENTIFIER")
        return self.data[tlv.start : tlv.stop]


def smime_content(
    data: bytes,
) -> tuple[Literal["signed"], bytes] | tuple[Literal["encrypted", "unreadable"], None]:
    """What the ``smime.p7m`` ``data`` holds: the signed mail's content (a
    MIME entity, its bytes), or that it is encrypted, or that it cannot be
    read (not CMS, damaged, a signature without its content)."""
    ber = _Ber(data)
    try:
        top = ber.element(0)
        items = ber.children(top, 1)
        inner = next((t for t in items[1:] if t.tag == _EXPLICIT_0), None)
        oid = ber.oid(items[0])
        if oid in (_ENVELOPED, _AUTH_ENVELOPED):
            return "encrypted", None
        if top.tag != _SEQUENCE or oid != _SIGNED or inner is None:
            return "unreadable", None
        [signed] = ber.children(inner, 2)
        # version, digestAlgorithms, encapContentInfo, ...
        encap = ber.children(signed, 3)[2]
        fields = ber.children(encap, 4)
        if encap.tag != _SEQUENCE or ber.oid(fields[0]) != _DATA:
            return "unreadable", None
        [explicit] = [t for t in fields[1:] if t.tag == _EXPLICIT_0]
        [octets] = ber.children(explicit, 5)
        return "signed", ber.octets(octets, 6)
    except (ValueError, IndexError):
        return "unreadable", None
