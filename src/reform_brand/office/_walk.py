"""Walking the inbox: every entry accounted for in the ledger, nothing outside
it read.

Symbolic links are never followed (one leading out is refused, one inside
is listed and read where its target lives, one to nothing is unreadable),
special files are not opened, hidden and system files are listed as
ignored (so is what Apple Mail writes beside a mailbox it exports,
``X.mbox/table_of_contents``), a folder holding the output
marker (a report or an export this program wrote) is skipped whole, and
names that are not UTF-8 are kept exactly for opening and shown decoded.
A Maildir (a folder of ``cur/``, ``new/``, ``tmp/``: a mail server's
folder, or what ``fetch-mail`` writes) is not walked into: it is one entry,
``Maildir/``, read as a mail source is, its mails e-mail folders
(:mod:`reform_brand.office._archive`), as an .mbox beside it is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Final

from reform_brand.codes.reasons import os_reason
from reform_brand.findings import Finding
from reform_brand.office._archive_why import MBOX_EXPORT
from reform_brand.office._hidden import hidden_file, hidden_folder
from reform_brand.office._inbox import InboxFile, ledger_finding, unreadable_code
from reform_brand.office._mail_source import is_maildir
from reform_brand.office._mail_view import ReceivedMail
from reform_brand.office._marker import OUTPUT_MARKER, is_output_dir
from reform_brand.office._names import has_surrogates, shown_path
from reform_brand.office._table import FileTable

__all__ = [
    "MAX_FOLDER_DEPTH",
    "Walk",
    "hidden_file",
    "hidden_folder",
    "mbox_export_own",
    "walk",
]

#: Folders below this depth are not read (``inbox.too-deep``).
MAX_FOLDER_DEPTH: Final = 32

#: What Apple Mail writes beside the mailbox it exports, a folder
#: ``X.mbox/`` holding the mails in its file ``mbox``.
_MBOX_EXPORT_OWN: Final = frozenset({"table_of_contents", "info.plist"})


def mbox_export_own(name: str, folder: str) -> bool:
    """Whether the file ``name`` in the folder ``folder`` (its name) is
    Apple Mail's own bookkeeping of a mailbox it exported (``X.mbox/``:
    ``table_of_contents``, ``Info.plist``), when the folder holds the
    exported ``mbox`` (the caller asks): no file a unit sends, listed as
    ignored, the ``mbox`` read as mail."""
    return name.lower() in _MBOX_EXPORT_OWN and folder.lower().endswith(".mbox")


class Walk:
    """Everything found while walking: the ledger by real relative path, the
    regular files by group (an e-mail folder at the top, "" for loose
    files), both in a :class:`~reform_brand.office._table.FileTable`, and
    the ledger's findings."""

    def __init__(self, root: Path) -> None:
        self.root = root
        #: Where the files are opened from: ``root``, or the private folder
        #: the archives and mail files were opened into (office._archive).
        self.base = root
        self.real_root = os.path.realpath(root)
        #: The length of the root's part of an entry's path (see :func:`_prefix`).
        self.prefix = _prefix(root)
        self.files = FileTable()
        self.findings: list[Finding] = []
        #: The mails read from the inbox's .eml and .mbox files, as the
        #: report shows them.
        self.mails: list[ReceivedMail] = []
        #: real relative path -> the path as shown (valid Unicode), for the
        #: paths whose names are not valid Unicode (any other is shown as it
        #: is: an inbox of 300,000 files keeps no map of each to itself).
        self.shown: dict[str, str] = {}
        #: The groups (e-mail folders) an archive or a mail file was taken
        #: out of: each brought an attachment, whatever it held.
        self.unpacked: set[str] = set()
        #: The groups that are mails (a mail file's, a mail source's), as
        #: against an archive or a folder of the inbox.
        self.mail_groups: set[str] = set()

    def close(self) -> None:
        """Let go of the table (its temporary file is deleted)."""
        self.files.close()

    def inside(self, real: str) -> bool:
        base = self.real_root.rstrip(os.sep) + os.sep
        return real == self.real_root or real.startswith(base)

    def show(self, rel: str) -> str:
        if not has_surrogates(rel):
            return rel
        known = self.shown.get(rel)
        if known is None:
            known = shown_path(rel)[0]
            self.shown[rel] = known
        return known

    def add(
        self,
        rel: str,
        *,
        code: str = "",
        finding: bool = True,
        group: str | None = None,
        **fields: object,
    ) -> None:
        """Put ``rel`` in the ledger (with ``code``, and its finding), in
        ``group`` if given."""
        shown = self.show(rel)
        entry = InboxFile(path=shown, code=code, **fields)  # type: ignore[arg-type]
        self.files.put(rel, entry, group=group)
        if code and finding:
            self.findings.append(ledger_finding(code, shown))

    def note(self, code: str, rel: str, **params: Any) -> None:
        self.findings.append(ledger_finding(code, self.show(rel), **params))


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _prefix(root: Path) -> int:
    """How many characters of an entry's path under ``root`` are the root's
    (an entry's path is the folder's as given to ``os.scandir``, a separator
    and its name)."""
    text = os.fspath(root)
    return len(text) if text.endswith(os.sep) else len(text) + 1


def walk(root: Path) -> Walk:
    """Walk the inbox ``root``."""
    w = Walk(root)
    # (Each folder as the path of its entry: every entry's path then starts
    # with the root as given, "./" of "." included, which ``Path`` drops.)
    stack: list[tuple[str, int]] = [(os.fspath(root), 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            rel = (_rel(root, root) if depth == 0 else folder[w.prefix :]) + "/"
            w.add(
                rel,
                kind="directory",
                status="unreadable",
                code="inbox.unreadable-here",
                finding=False,
            )
            w.note("inbox.unreadable-here", rel, detail=os_reason(exc))
            continue
        subdirs: list[tuple[str, int]] = []
        for entry in entries:
            sub = _entry(w, entry, depth)
            if sub is not None:
                subdirs.append((sub, depth + 1))
        stack.extend(reversed(subdirs))
    return w


def _entry(w: Walk, entry: os.DirEntry[str], depth: int) -> str | None:
    """Account for one entry; a folder to descend into is returned.  (The
    entry's path stays a string but for a folder: an inbox of many thousand
    files makes no ``Path`` of each.)"""
    rel = entry.path[w.prefix :]
    if os.sep != "/":
        rel = rel.replace(os.sep, "/")
    if has_surrogates(entry.name):
        shown, how = shown_path(entry.name)
        if how:  # (not a UTF-8 name read in an ASCII locale)
            w.note("inbox.name-encoding", rel, shown=shown, encoding=how)
    try:
        st = os.lstat(entry.path)
    except OSError as exc:
        code = unreadable_code(exc)
        w.add(rel, status="unreadable", finding=False, code=code)
        w.note(code, rel, detail=os_reason(exc))
        return None
    if stat.S_ISLNK(st.st_mode):
        _link(w, entry, rel)
        return None
    if stat.S_ISDIR(st.st_mode):
        return _folder(w, entry, rel, depth)
    if not stat.S_ISREG(st.st_mode):
        w.add(rel, kind="special", status="ignored", code="inbox.not-regular")
        return None
    if entry.name == OUTPUT_MARKER:
        # The marker of a folder given as the inbox itself (an export checked).
        w.add(rel, size=st.st_size, kind="json", status="ignored", code="inbox.own-output")
        return None
    if hidden_file(entry.name):
        w.add(rel, size=st.st_size, status="ignored", code="inbox.ignored", finding=False)
        w.note(
            "inbox.ignored",
            rel,
            reason="隐藏、临时或系统文件",
            reason_en="a hidden, temporary or system file",
        )
        return None
    if _mbox_export_own(entry.path):
        w.add(rel, size=st.st_size, status="ignored", code="inbox.ignored", finding=False)
        w.note("inbox.ignored", rel, reason=MBOX_EXPORT[0], reason_en=MBOX_EXPORT[1])
        return None
    w.add(rel, size=st.st_size, group=rel.split("/", 1)[0] if "/" in rel else "")
    return None


def _mbox_export_own(path: str) -> bool:
    """Whether the file at ``path`` is Apple Mail's bookkeeping of the
    mailbox exported into its folder (:func:`mbox_export_own`)."""
    folder, name = os.path.split(path)
    if not mbox_export_own(name, os.path.basename(folder.rstrip(os.sep))):
        return False
    try:
        return stat.S_ISREG(os.lstat(os.path.join(folder, "mbox")).st_mode)
    except OSError:
        return False


def _maildir(path: Path) -> bool:
    """Whether the folder ``path`` is a Maildir to read as mail: one whose
    ``cur/``, ``new/`` and ``tmp/`` are folders of its own, not links (a
    link could lead out of the inbox: such a folder is walked, and the link
    said as any link is).  A folder that may not be looked into is none:
    it is walked, and said unreadable there, the other folders read."""
    try:
        if any((path / sub).is_symlink() for sub in ("cur", "new", "tmp")):
            return False
        return is_maildir(path)
    except OSError:
        return False


def _link(w: Walk, entry: os.DirEntry[str], rel: str) -> None:
    """A symbolic link: refused when it leads out of the inbox, unreadable
    when it leads to nothing (its target gone, or a loop of links: no file is
    read for it anywhere, or its way that cannot be followed: a folder on it
    that may not be looked into), else listed and its target read where it
    lives."""
    folder = False
    try:
        inside = w.inside(os.path.realpath(entry.path))
        if inside:
            folder = stat.S_ISDIR(os.stat(entry.path).st_mode)
    except OSError as exc:
        # (realpath raises where a folder on the way may not be looked into:
        # whether the link leads inside is not known, and the walk goes on.)
        code = unreadable_code(exc)
        w.add(rel, kind="symlink", status="unreadable", code=code, finding=False)
        w.note(code, rel, detail=os_reason(exc))
        return
    if not inside:
        w.add(rel, kind="symlink", status="unreadable", code="inbox.symlink-outside")
        return
    w.add(rel, kind="symlink", status="ignored", code=f"inbox.symlink{'-folder' if folder else ''}")


def _folder(w: Walk, entry: os.DirEntry[str], rel: str, depth: int) -> str | None:
    key = rel + "/"
    if hidden_folder(entry.name):
        w.add(key, kind="directory", status="ignored", code="inbox.ignored", finding=False)
        w.note(
            "inbox.ignored", key, reason="隐藏或系统文件夹", reason_en="a hidden or system folder"
        )
        return None
    if is_output_dir(Path(entry.path)):
        w.add(key, kind="directory", status="ignored", code="inbox.own-output")
        return None
    if depth + 1 >= MAX_FOLDER_DEPTH:
        w.add(key, kind="directory", status="ignored", code="inbox.too-deep", finding=False)
        w.note("inbox.too-deep", key, limit=MAX_FOLDER_DEPTH)
        return None
    if _maildir(Path(entry.path)):
        # One mail source, its mails read as an .mbox's are (the folder's
        # entry, ending in "/", is the container office._archive opens).
        w.add(key, kind="mail", group=rel.split("/", 1)[0] if "/" in rel else "")
        return None
    return entry.path
