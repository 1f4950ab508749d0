"""Hidden, temporary and system files: no file a unit sends, ignored
(``inbox.ignored``) wherever they arrive, in a folder of the inbox
(:mod:`reform_brand.office._walk`), in an archive
(:mod:`reform_brand.office._archive_names`) or attached to a mail
(:mod:`reform_brand.office._mail`): a Mac's ``.DS_Store`` and the
``__MACOSX/._X`` headers of its zips, Windows' ``Thumbs.db`` and
``desktop.ini``, Word's ``~$`` lock files."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["hidden_attachment", "hidden_file", "hidden_folder"]

_SYSTEM_FILES: Final = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


def hidden_file(name: str) -> bool:
    """A hidden, temporary (``~$``) or system file, listed as ignored; so is
    the index Thunderbird keeps beside a local folder (``Inbox.msf``), no
    file a unit sends."""
    low = name.lower()
    return low.startswith((".", "~$")) or low in _SYSTEM_FILES or low.endswith(".msf")


def hidden_folder(name: str) -> bool:
    """A hidden or system folder (``.git``, ``__MACOSX``), listed as ignored."""
    return name.startswith(".") or name == "__MACOSX"


#: A name that is no more than an extension (``.docx``): a file whose name
#: a mail program lost, not a hidden one.
_EXTENSION_ONLY: Final = re.compile(r"\.[A-Za-z0-9]{1,5}")


def hidden_attachment(name: str) -> bool:
    """Whether the attachment a mail names ``name`` (as the mail wrote it,
    folders and all: ``__MACOSX/._申报表.pdf``) is such a file, or one in
    such a folder (``..`` is none: only the name is kept); a name that is
    only an extension or dots (``../..``: a file named as no file) is not."""
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    if not parts:
        return False
    last = parts[-1].strip()
    if last.strip(".") and hidden_file(last) and not _EXTENSION_ONLY.fullmatch(last):
        return True
    return any(hidden_folder(p) for p in parts[:-1] if p not in (".", ".."))
