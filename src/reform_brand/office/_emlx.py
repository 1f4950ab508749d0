"""Apple Mail's .emlx (:func:`emlx_message`), and the attachments a
``.partial.emlx`` keeps apart (:func:`joined_emlx`).

Mail keeps a large attachment of a mail out of its file: the mail is
``…/Messages/ID.partial.emlx``, the attachment's MIME part is left with its
headers and no body (and an ``X-Apple-Content-Length`` header), and the
attachment is the file ``…/Attachments/ID/PART/NAME``, ``PART`` the part's
number as IMAP numbers it (``2``, ``1.2``).  The mail is read with each
such part's body taken from that file, whether the folder was copied or
zipped: what the unit sent, as if the mail had kept it.
"""

from __future__ import annotations

import base64
import email
import email.message
import email.policy
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import attrs
from attrs import frozen

from reform_brand.office._mail import MAX_MAIL_BYTES, Delivery, finding
from reform_brand.office._mail_text import decode_words
from reform_brand.safeopen import UnsafeFileError, open_regular

__all__ = [
    "EML_SUFFIXES",
    "Joined",
    "emlx_message",
    "joined_emlx",
    "kept_apart_mail",
    "without_missing",
]

#: The names of a file holding one mail: an .eml, or Apple Mail's .emlx
#: (``.partial.emlx`` too: a mail whose attachments Mail kept apart).
EML_SUFFIXES: Final = (".eml", ".emlx")

#: The first line of an .emlx: the byte count of the mail that follows it
#: (then Apple Mail's own property list, which is not the mail's).
_EMLX_COUNT: Final = re.compile(rb"[ \t]*([0-9]{1,12})[ \t]*\r?\n")

#: What names a .partial.emlx, and a part's number.
_PARTIAL: Final = ".partial.emlx"
_ID: Final = re.compile(r"[0-9]+")
_PART: Final = re.compile(r"[0-9]+(?:\.[0-9]+)*")
#: The header Mail gives a part whose body it kept apart.
_KEPT_APART: Final = "X-Apple-Content-Length"


def emlx_message(name: str, raw: bytes) -> bytes:
    """The mail of the file ``name`` read as ``raw``: of an Apple Mail
    .emlx, the message its first line counts the bytes of (the property
    list after it left out); of any other file, or an .emlx whose first line
    is no count or that is over the limit of a mail, ``raw`` itself."""
    if not name.lower().endswith(".emlx") or len(raw) > MAX_MAIL_BYTES:
        return raw
    m = _EMLX_COUNT.match(raw)
    if m is None:
        return raw
    return raw[m.end() : m.end() + int(m.group(1))]


def kept_apart_mail(rel: str) -> str | None:
    """For the path ``rel`` (``/`` between its parts) of a file Apple Mail
    kept apart from its mail, ``…/Attachments/ID/PART/NAME``, the path that
    mail has, ``…/Messages/ID.partial.emlx``; None for any other path."""
    parts = rel.split("/")
    if len(parts) < 4 or parts[-4] != "Attachments":
        return None
    if _ID.fullmatch(parts[-3]) is None or _PART.fullmatch(parts[-2]) is None:
        return None
    return "/".join((*parts[:-4], "Messages", f"{parts[-3]}{_PARTIAL}"))


@frozen
class Joined:
    """A mail of a .partial.emlx with what Apple Mail kept apart from it
    (:func:`joined_emlx`)."""

    #: The mail, its parts' files read into it.
    message: bytes
    #: The files read into it.
    files: tuple[Path, ...] = ()
    #: The parts whose files are not there (nor could be read), each with
    #: the folder its file would be in (``Attachments/7/3/``).
    missing: tuple[tuple[str, str], ...] = ()


def joined_emlx(path: Path, message: bytes, *, within: Path | None = None) -> Joined:
    """The mail ``message`` of the file at ``path`` with the bodies of the
    parts Apple Mail kept apart from it read from their files (see the
    module; the file of the part's name, else the one file of its folder),
    the files so read, and the parts whose files are not there; ``message``
    itself when the file is no .partial.emlx.  A part whose file cannot be
    read, or would make the mail larger than a mail may be, or is not in
    the folder ``within`` (given: an inbox, outside which nothing is read),
    stays as it was, one of those missing."""
    name = path.name
    if not name.lower().endswith(_PARTIAL) or len(message) > MAX_MAIL_BYTES:
        return Joined(message)
    key = name[: -len(_PARTIAL)]
    folder = path.parent.parent / "Attachments" / key
    inside = within is None or folder.is_relative_to(within)
    present = inside and _real_folder(folder.parent) and _real_folder(folder)
    msg = email.message_from_bytes(message, policy=email.policy.compat32)
    room = MAX_MAIL_BYTES - len(message)
    joined: list[Path] = []
    missing: list[tuple[str, str]] = []
    for number, part in _leaves(msg, ""):
        if part.get(_KEPT_APART) is None:
            continue
        filename = part.get_filename()
        wanted = decode_words(filename).text if filename else ""
        found = _kept_file(folder / number, wanted) if present else None
        data = _read(found, room * 3 // 4) if found is not None else None
        if found is None or data is None:
            missing.append((number, f"Attachments/{key}/{number}/"))
            continue
        encoded = base64.encodebytes(data).decode("ascii")
        room -= len(encoded)
        del part[_KEPT_APART], part["Content-Transfer-Encoding"]
        part["Content-Transfer-Encoding"] = "base64"
        part.set_payload(encoded)
        joined.append(found)
    if not joined:
        return Joined(message, missing=tuple(missing))
    return Joined(msg.as_bytes(), tuple(joined), tuple(missing))


def without_missing(d: Delivery, missing: tuple[tuple[str, str], ...]) -> Delivery:
    """The mail ``d`` of a .partial.emlx without the attachments of the
    parts ``missing`` (:attr:`Joined.missing`: empty, their files not
    there), each a ledger row of its own, skipped with
    ``mail.attachment-kept-apart``: never an empty file taken as received."""
    where = dict(missing)
    gone = {a.part: a.name for a in d.attachments if a.part in where and not a.data}
    if not gone:
        return d
    code = "mail.attachment-kept-apart"
    ledger = tuple(
        attrs.evolve(e, status="skipped", code=code)
        if e.role == "attachment" and e.part in gone
        else e
        for e in d.ledger
    )
    notes = (finding(code, d.source, name=name, folder=where[p]) for p, name in gone.items())
    return attrs.evolve(
        d,
        attachments=tuple(a for a in d.attachments if a.part not in gone),
        ledger=ledger,
        findings=(*d.findings, *notes),
    )


def _leaves(
    part: email.message.Message, number: str
) -> Iterator[tuple[str, email.message.Message]]:
    """The parts of ``part`` that hold no parts (a mail forwarded in it is
    one), each with its number as IMAP numbers it (``1`` for the body of a
    mail of one part)."""
    if part.get_content_maintype() != "multipart":
        yield number or "1", part
        return
    payload = part.get_payload()
    for n, sub in enumerate(payload if isinstance(payload, list) else [], start=1):
        yield from _leaves(sub, f"{number}.{n}" if number else str(n))


def _kept_file(folder: Path, filename: str) -> Path | None:
    """The file of the part named ``filename`` in ``folder`` (names
    compared as a Mac writes them, in either Unicode form), else the one
    file there; None when there is none (nor a link, nor a hidden file,
    nor in a folder that is a link: one could lead out of the inbox)."""
    if not _real_folder(folder):
        return None
    try:
        with os.scandir(folder) as entries:
            files = [
                e.name
                for e in entries
                if e.is_file(follow_symlinks=False) and not e.name.startswith(".")
            ]
    except OSError:
        return None
    if filename:
        wanted = unicodedata.normalize("NFC", filename)
        named = [f for f in files if unicodedata.normalize("NFC", f) == wanted]
        if named:
            return folder / named[0]
    return folder / files[0] if len(files) == 1 else None


def _real_folder(path: Path) -> bool:
    """Whether ``path`` is a folder, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _read(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file at ``path`` when no more than
    ``limit``; None when larger or it cannot be read."""
    try:
        with open_regular(path, max_bytes=max(limit, 0)) as fh:
            return fh.read()
    except (OSError, UnsafeFileError):
        return None
