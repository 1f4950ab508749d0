"""The look for archives and mail files in an inbox's file (:func:`probe`):
what container it is, from one opening that also gives its type and its
SHA-256 (:mod:`reform_brand.office._archive` opens the containers)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Final

from attrs import field, frozen

from reform_brand._kinds import ARCHIVE_FORMATS, STREAMED_ARCHIVES
from reform_brand._tarsafe import OpenStream
from reform_brand.office._manifest import MANIFEST_NAMES
from reform_brand.office._mbox import starts_mbox
from reform_brand.office._msg import is_mail_text
from reform_brand.office._reader import sniffed_kind
from reform_brand.opened import (
    content_known,
    sniff_and_digest,
    sniff_digest_archive,
    sniff_digest_open,
)
from reform_brand.safeopen import OpenPackage, Sniffed, UnsafeFileError, open_regular

__all__ = ["KEPT_OPEN", "Probe", "probe"]

_MAIL_SUFFIXES: Final = (".eml", ".emlx", ".mbox")


#: Names read as what they say and never looked into for an archive: a Word
#: form (a .docx is a zip anyway), a JSON envelope, a manifest.  Reading such
#: a file says what it really is when it is not what its name says.
_AS_NAMED: Final = (".docx", ".doc", ".odt", ".wps", ".json")


@frozen
class Probe:
    """What the look for archives found in a file: the container it is
    (``zip``, ``tar``/``gz``/``bz2``/``xz``, ``mail``, ``7z``/``rar``, which
    are not opened, ``unsafe-zip``,
    a file named .zip that is none it can read, by why (a key of
    :data:`BROKEN`), or "" for none), and, when it opened the file, its type for the ledger
    and its SHA-256, which intake's reading then takes without opening the
    file again."""

    container: str = ""
    kind: str = ""
    sha256: str = ""
    #: A zip archive, a tar or a compressed file left open by the look (with
    #: ``keep``), for taking its entries out from the same opening; the
    #: caller closes it.
    opened: OpenPackage | OpenStream | None = field(default=None, eq=False)


#: The most archives an inbox's look keeps open until their entries are
#: taken out; any further archive is opened again then.
KEPT_OPEN: Final = 64


def probe(path: Path, name: str, *, keep: bool = False) -> Probe:
    low = name.lower()
    if low.endswith(_MAIL_SUFFIXES):
        return Probe("mail")
    if low.endswith(".msg"):
        return Probe("msg")
    if low.endswith(_AS_NAMED) or low in MANIFEST_NAMES:
        return Probe()
    try:
        # (One opening: the type, the digest and, with ``keep``, the
        # archive held open: a zip's directory, a tar's stream.)
        # (A file too large to sniff is hashed once it is known to be no
        # mbox: an mbox is hashed as its mails are read.)
        found, digest, opened = (
            sniff_digest_archive(path, hash_large=False)
            if keep
            else sniff_digest_open(path, hash_large=False)
        )
    except OSError:
        return Probe()  # intake's own reading says why
    kind = sniffed_kind(found, name)
    if _archive_kept(kind, opened):
        return Probe(kind, kind, digest, opened)
    if opened is not None:
        opened.close()
    unnamed, digest = _mail_and_digest(path, name, found, digest)
    if unnamed:
        return Probe(unnamed, kind, digest)
    if kind in ARCHIVE_FORMATS or kind in ("zip", "tnef"):
        # (A winmail.dat is TNEF by its first bytes: one that is not, a PDF
        # or a .zip a client named so, is the file it is.)
        return Probe(kind, kind, digest)
    if found.kind == "unsafe" and found.code == "read.unsafe-zip":
        return Probe("unsafe-zip", kind, digest)
    if kind in ("unknown", "empty") and low.endswith(".zip"):
        # A .zip cut short in transit, damaged or empty: a broken archive.
        broken = "truncated zip" if found.detail == "truncated zip" else "broken zip"
        return Probe("empty" if kind == "empty" else broken, kind, digest)
    return Probe("", kind, digest)


def _mail_and_digest(path: Path, name: str, found: Sniffed, digest: str) -> tuple[str, str]:
    """The mail file the file at ``path``, sniffed as ``found``, is known
    to be by its content (:func:`_mail_by_content`), and its digest: one
    too large to sniff, which its sniff left unhashed, is hashed now unless
    it is an mbox (read mail by mail, whatever its size, and hashed as its
    mails are read: never read whole twice)."""
    too_large = found.kind == "unsafe" and found.code == "read.too-large"
    unnamed = _mail_by_content(path, name, "unknown" if too_large else sniffed_kind(found, name))
    if too_large and unnamed != "mail":
        try:
            digest = sniff_and_digest(path)[1]  # (its sniff known: only hashed)
        except OSError:
            digest = ""
    return unnamed, digest


def _archive_kept(kind: str, opened: OpenPackage | OpenStream | None) -> bool:
    """Whether the look left open the archive of ``kind`` that it found (a
    zip, a tar or a compressed file), for taking its entries out."""
    if kind == "zip":
        return isinstance(opened, OpenPackage)
    return kind in STREAMED_ARCHIVES and isinstance(opened, OpenStream)


#: How much of a file of no known type is read to tell a mail in it.
_HEAD: Final = 8192


def _mail_by_content(path: Path, name: str, kind: str) -> str:
    """A mail file known by its content, not by its name: ``mail`` for an
    mbox with no suffix (Thunderbird's local folder ``Inbox``, ``收件箱``),
    ``msg`` for a mail saved as text under a name no mail program gives (a
    mail's file copied out of a Maildir, ``1660702530.M1P2.host:2,S``;
    read as a ``.msg`` that holds text is, as the ``.eml`` it is); "" for
    none.  (A text named ``.txt`` or ``.md`` is never taken for a mail; a
    file of no known type is read from what its sniff kept, or, when it was
    too large to keep, opened again for its start.)"""
    if kind != "unknown":
        return ""
    head = content_known(path)
    if head is None:
        try:
            with open_regular(path, max_bytes=sys.maxsize) as fh:  # (its start only)
                head = fh.read(_HEAD)
        except (OSError, UnsafeFileError):
            return ""
    head = head[:_HEAD]
    if "." not in name.lstrip(".") and starts_mbox(head):
        return "mail"
    return "msg" if is_mail_text(head) else ""
