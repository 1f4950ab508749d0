"""IMAP folder names (RFC 3501, 5.1.3): a name in modified UTF-7 as servers
expect it on the wire (:func:`encode_folder`), read back as people read it
(:func:`decode_folder`), and the name to send for one however it was given
(:func:`wire_folder`).  Pure functions, for fetching
(:mod:`reform_brand.office._mail_imap`) and for reading a Maildir++ tree's
folder names (:mod:`reform_brand.office._mail_flags`)."""

from __future__ import annotations

import base64
import re
from typing import Final

__all__ = ["decode_folder", "encode_folder", "shown_folder", "wire_folder"]


def shown_folder(name: str) -> str:
    """A folder's name as people read it, however it was given (in modified
    UTF-7 or not)."""
    try:
        return decode_folder(wire_folder(name))
    except ValueError:
        return name


def _b64_utf16(text: str) -> str:
    raw = text.encode("utf-16-be")
    return base64.b64encode(raw).decode("ascii").rstrip("=").replace("/", ",")


def encode_folder(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501, 5.1.3), as servers
    expect it on the wire: printable ASCII stands for itself (``&`` as
    ``&-``); any other run of characters is written in UTF-16, base64 with
    ``,`` for ``/`` and no padding, between ``&`` and ``-``.

        >>> encode_folder("改革品牌申报")
        '&ZTmXaVTBckx1M2Kl-'
        >>> encode_folder("~peter/mail/台北/日本語")
        '~peter/mail/&U,BTFw-/&ZeVnLIqe-'
    """
    out: list[str] = []
    run: list[str] = []
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            if run:
                out.append("&" + _b64_utf16("".join(run)) + "-")
                run = []
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    if run:
        out.append("&" + _b64_utf16("".join(run)) + "-")
    return "".join(out)


_ENCODED_RUN: Final = re.compile(r"&([A-Za-z0-9+,]*)-")


def decode_folder(wire: str) -> str:
    """A folder name in modified UTF-7 as people read it (the inverse of
    :func:`encode_folder`); raises ``ValueError`` for a name that is not
    valid modified UTF-7 (a lone ``&``, bad base64, an ASCII character
    encoded, or a run left open).

        >>> decode_folder("&ZTmXaVTBckx1M2Kl-")
        '改革品牌申报'
    """
    out: list[str] = []
    pos = 0
    while pos < len(wire):
        amp = wire.find("&", pos)
        if amp < 0:
            out.append(wire[pos:])
            break
        out.append(wire[pos:amp])
        m = _ENCODED_RUN.match(wire, amp)
        if m is None:
            raise ValueError(f"not modified UTF-7: {wire!r}")
        body = m.group(1)
        if not body:
            out.append("&")
        else:
            b64 = body.replace(",", "/")
            try:
                raw = base64.b64decode(b64 + "=" * (-len(b64) % 4), validate=True)
                text = raw.decode("utf-16-be")
            except (ValueError, UnicodeDecodeError):
                raise ValueError(f"not modified UTF-7: {wire!r}") from None
            if any(0x20 <= ord(c) <= 0x7E for c in text) or encode_folder(text) != m.group(0):
                raise ValueError(f"not modified UTF-7: {wire!r}")
            out.append(text)
        pos = m.end()
    if any(not 0x20 <= ord(c) <= 0x7E for c in wire):
        raise ValueError(f"not modified UTF-7: {wire!r}")
    return "".join(out)


def wire_folder(name: str) -> str:
    """The name to send for ``name``: encoded (:func:`encode_folder`),
    unless it already is a name in modified UTF-7 with an encoded run, as a
    server's folder list shows it (``&ZTmXaVTBckx1M2Kl-``)."""
    if name.isascii() and _ENCODED_RUN.search(name.replace("&-", "")):
        try:
            decode_folder(name)
        except ValueError:
            pass
        else:
            return name
    return encode_folder(name)
