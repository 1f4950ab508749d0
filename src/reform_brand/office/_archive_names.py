"""The names of an archive's entries and a winmail.dat's attachments as
they are taken out (:mod:`reform_brand.office._archive`): named as Windows
names them, so that they are written there too, and two that are then one
name told apart (:class:`EntryNames`)."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final

from reform_brand.office._archive_why import HIDDEN, MBOX_EXPORT
from reform_brand.office._mail_text import shortened, windows_name
from reform_brand.office._walk import hidden_file, hidden_folder, mbox_export_own

__all__ = [
    "EntryNames",
    "entry_path",
    "in_box",
    "passed_over",
    "tnef_problem",
    "windows_path",
]


class EntryNames:
    """The names taken in one archive (case folded, as Windows and a Mac
    compare them), each to the entry's own name."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def problem(self, own: str, name: str, raw: str) -> str:
        """Why an entry, its own name ``raw``, named ``name`` as it is
        written (:func:`entry_path`), must not be taken out: ``own``, what
        its archive says of it (a zip's
        :func:`~reform_brand.safeopen.entry_problem`, a tar member's), else
        ``duplicate`` when an entry before had its name, or
        ``renamed-duplicate`` when an entry of another name had it once
        named as Windows names it; "" when it may.  Its name is taken
        either way."""
        problem = own or self.taken(name, raw)
        self._seen.setdefault(name.casefold(), raw)
        return problem

    def taken(self, name: str, raw: str) -> str:
        """``duplicate`` or ``renamed-duplicate`` when ``name`` is taken
        (:meth:`problem`), "" when not."""
        before = self._seen.get(name.casefold())
        if before is None:
            return ""
        return "duplicate" if before.casefold() == raw.casefold() else "renamed-duplicate"


def entry_path(raw: str, boxes: Collection[str]) -> str:
    """The entry named ``raw`` in its archive, named as it is written
    (:func:`windows_path`); a mail's file of one of ``boxes`` (the
    archive's Maildirs, named so too) with its flags written as on Windows
    (``KEY!2,S`` for ``KEY:2,S``, which a Maildir reads alike): a ``:`` is
    refused in an entry's name (a drive, a stream of another file)."""
    name = windows_path(raw)
    if ":" in raw and any(in_box(name, box) for box in boxes):
        folder, _sep, _last = name.rpartition("/")
        last = raw.rstrip("/").rpartition("/")[2].replace(":", "!")
        return f"{folder}/{_windows_part(last)}"
    return name


def windows_path(name: str) -> str:
    """The entry ``name`` with each of its parts named as a mail's
    attachment is (:func:`~reform_brand.office._mail_text.windows_name`: a
    Mac's ``:`` for a ``/`` typed in a name, ``"``, ``?``… as their
    full-width forms) and as Windows keeps it (without the dots and spaces
    it ends with, :func:`_windows_part`), so that it is written on Windows
    too; a name that starts with a drive (``C:``) is left as it is, a path
    refused.  A ``.`` in the path (``./申报表.pdf``, as some zippers write an
    entry) is no folder: left out, the entry is no hidden file."""
    name = name.rstrip("/")
    if _DRIVE.match(name):
        return name
    return "/".join(_windows_part(part) for part in name.split("/") if part != ".")


def _windows_part(part: str) -> str:
    """One part of an entry's path as Windows names it: without the dots
    and spaces it ends with (Windows drops them: ``申报表.docx.`` is
    ``申报表.docx``), its characters as :func:`windows_name` writes them,
    as long as a mail's attachment's name may be (:func:`shortened`: a Mac
    names a file in 255 characters, a disk here holds 255 bytes); a part of
    nothing but dots and spaces (``..``) is left as it is."""
    kept = part.rstrip(". ")
    return shortened(windows_name(kept)) if kept else part


#: A drive at the start of an entry's name (``C:``, ``C:/``).
_DRIVE: Final = re.compile(r"[A-Za-z]:")


def in_box(name: str, box: str) -> bool:
    """Whether the entry ``name`` is in the archive's Maildir ``box`` (""
    for the archive's top)."""
    return not box or name.startswith(f"{box}/")


def tnef_problem(name: str) -> str:
    """``path`` for a winmail.dat attachment's name that would leave its
    folder (a separator, ``..``, a drive, a NUL); "" when it may be taken
    out, its other characters Windows refuses then written as their
    full-width forms.  (Outlook's names hold no folders.)"""
    if "/" in name or "\\" in name or "\x00" in name or name in (".", ".."):
        return "path"
    if _DRIVE.match(name):
        return "path"
    return ""


def passed_over(parts: list[str], names: Collection[str]) -> tuple[str, str] | None:
    """Why an entry of an archive whose files are ``names`` is ignored, its
    path ``parts``: a hidden or system file, or one in a hidden folder; what
    Apple Mail writes beside a mailbox it exported (``X.mbox/``, the mails
    in its ``mbox``); None when it is read."""
    if hidden_file(parts[-1]) or any(hidden_folder(p) for p in parts[:-1]):
        return HIDDEN
    exported = len(parts) > 1 and mbox_export_own(parts[-1], parts[-2])
    if exported and "/".join((*parts[:-1], "mbox")) in names:
        return MBOX_EXPORT
    return None
