"""Mails a mailbox keeps as deleted: no received mail.

A mail client that deletes a mail does not always remove it from the file
it keeps: Thunderbird marks it in ``X-Mozilla-Status`` (the bit 0x0008,
expunged) until the folder is compacted, and in ``X-Mozilla-Status2`` (the
bit 0x00200000) a mail it deleted on the IMAP server; mutt and other
writers of .mbox files write ``D`` in ``Status:`` or ``X-Status:``; a
Maildir keeps a trashed mail's file with ``T`` among the flags of its name
(``KEY:2,ST``; on Windows ``KEY!2,ST`` or ``KEY;2,ST``) until the folder is
expunged.  A unit's mail withdrawn or
sent by mistake, and deleted by the clerk, would otherwise count again.

Such a mail is parsed (to name it) and then left out: its ledger row has
``mail.deleted``, its finding names the sender, the subject and the arrival
time (:func:`as_deleted`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import attrs

from reform_brand.codes._info import Localized
from reform_brand.findings import Finding
from reform_brand.office._mail import Delivery, LedgerEntry, finding
from reform_brand.office._mail_folder_names import decode_folder

__all__ = [
    "MAILDIR_TRASHED",
    "as_deleted",
    "folder_notes",
    "header_deleted",
    "maildir_flags",
    "maildir_key",
    "maildir_trashed",
]

#: How a mail's deletion was recorded, as the finding says it.
MOZILLA: Final = Localized(
    zh="邮件客户端已将其删除，但邮件文件夹尚未压缩",
    en="Thunderbird deleted it (X-Mozilla-Status) and the folder was not compacted since",
    value="x-mozilla-status",
)
MOZILLA_IMAP: Final = Localized(
    zh="邮件客户端记下它在邮件服务器上已标记删除",
    en="Thunderbird recorded it as deleted on the IMAP server (X-Mozilla-Status2)",
    value="x-mozilla-status2",
)
STATUS: Final = Localized(
    zh="邮件文件中的状态标记为已删除",
    en="its Status or X-Status header marks it deleted",
    value="status",
)
MAILDIR_TRASHED: Final = Localized(
    zh="邮件文件名中的标记为已删除",
    en="its Maildir file name is flagged trashed (T)",
    value="maildir",
)

#: Thunderbird's MSG_FLAG_EXPUNGED and MSG_FLAG_IMAP_DELETED.
_EXPUNGED: Final = 0x0008
_IMAP_DELETED: Final = 0x00200000
_HEADER: Final = re.compile(
    rb"^(x-mozilla-status2?|x-status|status)[ \t]*:[ \t]*([^\r\n]*)", re.IGNORECASE | re.MULTILINE
)
_HEADER_END: Final = re.compile(rb"\r?\n\r?\n")


def _hex(value: bytes) -> int:
    try:
        return int(value.strip()[:8], 16)
    except ValueError:
        return 0


def header_deleted(raw: bytes) -> Localized | None:
    """How the headers of a mail of an .mbox file mark it deleted, or None.
    The first of each header is read (the mailbox's writer puts its own on
    top); a value that cannot be read marks nothing."""
    end = _HEADER_END.search(raw)
    head = raw[: end.start() if end is not None else len(raw)]
    seen: dict[bytes, bytes] = {}
    for m in _HEADER.finditer(head):
        seen.setdefault(m.group(1).lower(), m.group(2))
    if _hex(seen.get(b"x-mozilla-status", b"")) & _EXPUNGED:
        return MOZILLA
    if _hex(seen.get(b"x-mozilla-status2", b"")) & _IMAP_DELETED:
        return MOZILLA_IMAP
    for name in (b"status", b"x-status"):
        if b"D" in seen.get(name, b"").strip():
            return STATUS
    return None


#: The info of a Maildir file name: ``:2,`` and its flags, or, as written
#: on Windows, where a file name holds no colon, ``!2,`` or ``;2,`` (Dovecot's
#: and other Windows ports').
_INFO: Final = re.compile(r"[:!;]2,([^:!;]*)$")


def maildir_flags(name: str) -> str:
    """The flags of a Maildir file's ``name`` (``ST`` of ``KEY:2,ST``,
    ``KEY!2,ST`` and ``KEY;2,ST`` alike; "" when it has no info)."""
    m = _INFO.search(name)
    return m.group(1) if m is not None else ""


def maildir_key(name: str) -> str:
    """A Maildir file's ``name`` without its info (``KEY`` of ``KEY:2,ST``,
    ``KEY!2,ST`` and ``KEY;2,ST`` alike): the mail as named whatever its
    flags, as :class:`mailbox.Maildir` names one of ``KEY:2,ST`` (its key
    keeps the info written on Windows, which it does not read)."""
    m = _INFO.search(name)
    return name[: m.start()] if m is not None else name


def maildir_trashed(path: Path) -> set[str]:
    """The keys of a Maildir's mails whose file names carry the trashed flag
    (``T`` in the ``:2,`` info, or ``!2,``, ``;2,``; the flags are upper-case
    letters), as :class:`mailbox.Maildir` names them: the file name up to a
    colon."""
    out: set[str] = set()
    for sub in ("new", "cur"):
        folder = path / sub
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if "T" in maildir_flags(p.name):
                out.add(p.name.split(":", 1)[0])
    return out


def as_deleted(d: Delivery, how: Localized) -> Delivery:
    """``d`` left out as a deleted mail: one ledger row, one finding."""
    entry = LedgerEntry(
        source=d.source, part="", role="mail", status="ignored", code="mail.deleted", name=d.subject
    )
    unknown = Localized(zh="未知", en="unknown")
    when: object = d.arrived_at.isoformat() if d.arrived_at is not None else unknown
    found = finding(
        "mail.deleted",
        d.source,
        how=how,
        sender=d.sender or "-",
        subject=d.subject or "-",
        date=when,
    )
    return attrs.evolve(d, deleted=True, attachments=(), ledger=(entry,), findings=(found,))


# -- folders that hold no received mail -----------------------------------------------

#: The names (in lower case) mail clients and servers give the folders of
#: sent mail, drafts, deleted mail, junk, templates and mail waiting to be
#: sent: no mail in them is one the office received (a unit's mail that the
#: junk filter took is one, and is to be moved to the inbox).
NOT_RECEIVED: Final = frozenset(
    {
        *("sent", "sent messages", "sent items", "sent mail", "已发送", "已发送邮件"),
        *("drafts", "draft", "草稿", "草稿箱", "templates", "模板"),
        *("trash", "deleted", "deleted messages", "deleted items", "已删除", "已删除邮件"),
        *("junk", "junk e-mail", "junk email", "spam", "bulk mail", "垃圾邮件", "垃圾箱"),
        *("outbox", "unsent messages", "发件箱"),
    }
)


def folder_title(name: str) -> str:
    """A mail folder's name as people read it: an .mbox file's without its
    suffix, a Maildir++ sub-folder's last part (``.INBOX.Sent`` is Sent)
    in modified UTF-7 decoded (``.&g0l6Pw-`` is 草稿)."""
    if name.lower().endswith(".mbox"):
        name = name[:-5]
    if name.startswith("."):
        name = name.rsplit(".", 1)[-1]
    try:
        return decode_folder(name)
    except ValueError:
        return name


def _maildir_subfolders(path: Path) -> list[str]:
    """The Maildir++ sub-folders of the Maildir ``path`` (``.Sent``,
    ``.改革品牌申报`` as ``.&ZTmXaVTBckx1M2Kl-``), by name."""
    try:
        subs = [p for p in path.iterdir() if p.name.startswith(".") and p.is_dir()]
    except OSError:
        return []
    boxes = [p for p in subs if (p / "cur").is_dir() or (p / "new").is_dir()]
    return sorted(p.name for p in boxes if not p.is_symlink())


def folder_notes(path: Path, kind: str) -> list[Finding]:
    """What the name of the source ``path`` and its sub-folders say: a
    folder of sent, draft, deleted or junk mail read as received mail
    (``mail.folder-not-received``), and the sub-folders of a Maildir that
    are not read and may hold received mail (``mail.subfolders-not-read``;
    those of sent, draft, deleted or junk mail are not named)."""
    out: list[Finding] = []
    title = folder_title(path.name)
    if title.lower() in NOT_RECEIVED:
        out.append(finding("mail.folder-not-received", path.name, folder=title))
    if kind == "maildir":
        left = [folder_title(s) for s in _maildir_subfolders(path)]
        named = tuple(t for t in left if t.lower() not in NOT_RECEIVED)
        if named:
            out.append(finding("mail.subfolders-not-read", path.name, folders=named))
    return out
