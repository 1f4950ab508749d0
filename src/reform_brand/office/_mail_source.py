"""Mail sources: an .eml file (or Apple Mail's .emlx), an Outlook .msg
file, an .mbox file, a Maildir or a folder of .eml files, read into deliveries
(:func:`read_mail_source`; each mail parsed by
:func:`reform_brand.office._mail.parse_mail`, a .msg first written as the
mail it is by :mod:`reform_brand.office._msg`).  A mail file is read from
one opening, which also gives its SHA-256.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import mailbox
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Final, Literal

import attrs

from reform_brand.codes._info import Localized
from reform_brand.codes.reasons import error_reason, known_reason, os_reason
from reform_brand.findings import Finding
from reform_brand.names import natural_key
from reform_brand.office._emlx import (
    EML_SUFFIXES,
    Joined,
    emlx_message,
    joined_emlx,
    without_missing,
)
from reform_brand.office._mail import (
    MAX_ATTACHMENT_BYTES,
    MAX_MAIL_BYTES,
    MAX_MAILS,
    Delivery,
    LedgerEntry,
    MailSource,
    SourceKind,
    Status,
    _unreadable,
    finding,
    parse_mail,
)
from reform_brand.office._mail_flags import (
    MAILDIR_TRASHED,
    as_deleted,
    folder_notes,
    header_deleted,
    maildir_key,
    maildir_trashed,
)
from reform_brand.office._mbox import BOM, mbox_mails
from reform_brand.office._msg import (
    EMBEDDED,
    NEVER_MAIL_TEXT,
    OLE,
    MailText,
    MsgError,
    is_mail_text,
    read_msg_file,
)
from reform_brand.opened import sha256_fh
from reform_brand.safeopen import MAX_ZIP_ENTRIES, UnsafeFileError

__all__ = [
    "EML_SUFFIXES",
    "SeenMails",
    "emlx_message",
    "is_maildir",
    "mail_file_kind",
    "mail_source_kind",
    "maildir_folders",
    "read_mail_source",
]


# -- sources ------------------------------------------------------------------------

#: Opening a file only to read its first bytes: never blocking on what turned
#: into a pipe meanwhile, never inherited.
_READ_FLAGS: Final = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def mail_file_kind(path: str, *, by_content: bool = True) -> Literal["eml", "msg", "mbox"] | None:
    """What kind of mail file the regular file at ``path`` is: an .eml file,
    an Outlook .msg file (by its name), an .mbox file (by its name, or, with
    ``by_content``, a file that starts with ``From ``); with ``by_content``,
    a mail saved as text under a name no mail program gives (``邮件``,
    ``message``, a file copied out of a Maildir) is an .eml, as an inbox
    folder reads it (never one named as a text or a form, :data:`NEVER_MAIL_TEXT`);
    None when none (or it cannot be read)."""
    low = os.path.basename(path).lower()
    if low.endswith(EML_SUFFIXES):
        return "eml"
    if low.endswith(".msg"):
        return "msg"
    if low.endswith(".mbox"):
        return "mbox"
    if not by_content:
        return None
    # Its first bytes read straight from the descriptor: ``check`` asks this
    # of every file it is given.
    try:
        fd = os.open(path, _READ_FLAGS)
    except (OSError, ValueError):
        return None
    try:
        head = os.read(fd, _MAIL_TEXT_HEAD)
    except OSError:
        return None
    finally:
        os.close(fd)
    if head.removeprefix(BOM).startswith(b"From "):
        return "mbox"
    if not low.endswith(NEVER_MAIL_TEXT) and is_mail_text(head):
        return "eml"
    return None


#: How much of a file of no mail name is read to tell a mail saved as text
#: (as much as an inbox's look reads, :mod:`reform_brand.office._probe`).
_MAIL_TEXT_HEAD: Final = 8192


def mail_source_kind(path: Path) -> SourceKind | None:
    """What kind of mail source ``path`` is: an .eml file, an Outlook .msg
    file, an .mbox file (by its name, or a file that starts with ``From ``),
    a Maildir (:func:`is_maildir`), a folder of .eml files; None when none."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return mail_file_kind(str(path))
    if stat.S_ISDIR(mode):
        if is_maildir(path):
            return "maildir"
        if any(p.suffix.lower() in EML_SUFFIXES and p.is_file() for p in path.iterdir()):
            return "eml-folder"
    return None


#: What a mail server keeps in a Maildir beside ``cur/``, ``new/`` and
#: ``tmp/`` (Dovecot's and Courier's indexes and lists; hidden names, the
#: folders of a Maildir++ tree among them, are passed over too).
_MAILDIR_OWN: Final = ("dovecot", "courier", "maildirfolder", "maildirsize", "subscriptions")
#: A system file any folder may hold.
_SYSTEM: Final = frozenset({"thumbs.db", "desktop.ini"})
#: What the name of a mail file in a Maildir never ends with (a mail's file
#: is named ``TIME.UNIQUE.HOST[:2,FLAGS]``): the received files a folder
#: named ``new`` by an office holds.
_RECEIVED: Final = re.compile(
    r"\.(?:docx?|docm|dotx|odt|wps|pdf|zip|rar|7z|tar|t?gz|t?bz2|t?xz|jpe?g|png|tiff?|bmp|"
    r"txt|json|toml|xlsx?|csv)$",
    re.IGNORECASE,
)


#: The name of a mail's file in a Maildir: the time it was delivered, in
#: seconds, then a dot (``1660000000.M1P2Q3.host:2,S``).
_MAIL_NAME: Final = re.compile(r"[0-9]{9,}\.")


def is_maildir(path: Path) -> bool:
    """Whether the folder ``path`` is a Maildir: it has ``cur/`` or
    ``new/``, nothing beside them but what a mail server keeps there, and
    in them a mail's file (named as a Maildir names it), or no received
    file (a Word form, a PDF).  An office's folder of received files with a
    sub-folder it calls ``new`` is no Maildir: read as one, every other
    file of it would be passed over."""
    subs = [path / sub for sub in ("cur", "new") if (path / sub).is_dir()]
    if not subs:
        return False
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                name, low = entry.name, entry.name.lower()
                if name in ("cur", "new", "tmp") or name.startswith("."):
                    continue
                if low.startswith(_MAILDIR_OWN) or low in _SYSTEM:
                    continue
                return False
        received = False
        for sub in subs:
            with os.scandir(sub) as entries:
                for e in entries:
                    if _MAIL_NAME.match(e.name):
                        return True
                    received = received or _RECEIVED.search(e.name) is not None
    except OSError:
        return True  # (read as a Maildir: what cannot be read is said there)
    return not received


def maildir_folders(names: Iterable[str]) -> set[str]:
    """The folders that are Maildirs by :func:`is_maildir`'s rule among the
    paths ``names`` of an archive's files (``备份/Maildir/cur/KEY``): those
    holding nothing but ``cur/``, ``new/``, ``tmp/`` and what a mail server
    keeps beside them; "" for the archive's top when it is one (a Maildir
    zipped from inside its folder: ``cur/KEY``, beside no more than what a
    Mac adds, ``__MACOSX/``).  (Never a hidden folder.)"""
    paths = [n.split("/") for n in names]
    found = {tuple(p[:-2]) for p in paths if len(p) >= 2 and p[-2] in ("cur", "new")}
    return {"/".join(folder) for folder in found if _zipped_maildir(folder, paths)}


def _zipped_maildir(folder: tuple[str, ...], paths: list[list[str]]) -> bool:
    """Whether the folder ``folder`` of an archive whose files are ``paths``
    (each split at its slashes) is a Maildir (:func:`maildir_folders`)."""
    if any(part.startswith(".") or part == "__MACOSX" for part in folder):
        return False
    inside = [p[len(folder) :] for p in paths if tuple(p[: len(folder)]) == folder]
    if not all(_maildir_own(p[0]) or (not folder and p[0] == "__MACOSX") for p in inside):
        return False
    mails = [p[1] for p in inside if len(p) == 2 and p[0] in ("cur", "new")]
    named = any(_MAIL_NAME.match(m) for m in mails)
    return named or not any(_RECEIVED.search(m) for m in mails)


def _maildir_own(name: str) -> bool:
    """Whether ``name`` may be beside a Maildir's mails in its folder."""
    low = name.lower()
    return (
        name in ("cur", "new", "tmp")
        or name.startswith(".")
        or low.startswith(_MAILDIR_OWN)
        or low in _SYSTEM
    )


def _maildir_links(path: Path) -> set[str]:
    """Maildir keys whose files are symbolic links (never followed: a link
    could lead out of the mail folder)."""
    out: set[str] = set()
    for sub in ("new", "cur"):
        folder = path / sub
        if folder.is_dir():
            out.update(p.name.split(":", 1)[0] for p in folder.iterdir() if p.is_symlink())
    return out


class _TooLarge:
    """A mail file whose size is past :data:`MAX_MAIL_BYTES`: refused from
    its size, not one byte of it read (it may be gigabytes)."""


_TOO_LARGE: Final = _TooLarge()

#: A mail of a source: its name, its raw bytes (else why it cannot be
#: read, or :data:`_TOO_LARGE`), and how the mailbox marks it deleted
#: (None when it does not).
_Mail = tuple[str, bytes | Localized | str | _TooLarge, Localized | None]


def _shown_keys(keys: list[str]) -> dict[str, str]:
    """Each Maildir key as the mail is named: without the info written on
    Windows (``KEY!2,S``, ``KEY;2,S``), as :class:`mailbox.Maildir` drops
    ``:2,S``, so that a mail's name says nothing of its flags; a key that
    would then name the same mail as another stays as it is."""
    shown = {key: maildir_key(key) for key in keys}
    taken = Counter(shown.values())
    return {key: name if taken[name] == 1 else key for key, name in shown.items()}


def _maildir_files(path: Path) -> dict[str, Path]:
    """The mail files of the Maildir ``path`` by key, as
    :class:`mailbox.Maildir` names them (the file name up to a colon; one of
    ``new/`` takes the place of one of ``cur/`` with the same key), read from
    whichever of ``cur/`` and ``new/`` is there: a Maildir copied or
    unzipped without its empty ``new/`` still holds the mails of its
    ``cur/``, where :class:`mailbox.Maildir` would find none of them."""
    out: dict[str, Path] = {}
    for sub in ("cur", "new"):
        folder = path / sub
        if folder.is_dir():
            for p in folder.iterdir():
                if not p.is_dir():
                    out[p.name.split(":", 1)[0]] = p
    return out


def _box_mails(label: str, path: Path) -> Iterator[_Mail]:
    links, trashed = _maildir_links(path), maildir_trashed(path)
    files = _maildir_files(path)
    keys = sorted(files, key=lambda k: (natural_key(maildir_key(k)), natural_key(k)))
    shown = _shown_keys(keys)
    for key in keys:
        name = f"{label}/{shown[key]}"
        how = MAILDIR_TRASHED if key in trashed else None
        if key in links:
            yield name, known_reason("symbolic link"), how
            continue
        try:
            # (A named pipe or a device is no mail: waited on, or read, for ever.)
            regular = stat.S_ISREG(files[key].lstat().st_mode)
            with files[key].open("rb") if regular else contextlib.nullcontext() as fh:
                raw = known_reason("not a regular file") if fh is None else _read_mail(fh)
        except OSError as exc:
            raw = os_reason(exc)
        yield name, raw, how


def _read_mail(fh: BinaryIO) -> bytes | _TooLarge:
    """A mail file's bytes, up to one more than the limit (a buffer of the
    file's size, not of the limit); :data:`_TOO_LARGE`, nothing read, for a
    file whose size is past the limit."""
    size = os.fstat(fh.fileno()).st_size
    if size > MAX_MAIL_BYTES:
        return _TOO_LARGE
    return fh.read(size + 1)


def _mails(path: Path, kind: SourceKind, digest: list[str], apart: _Apart) -> Iterator[_Mail]:
    """The mails of the source ``path`` (see :data:`_Mail`); the SHA-256 of
    a mail file is added to ``digest`` from the same opening, the files
    Apple Mail kept apart from a mail joined to it in ``apart`` (see
    :data:`_Apart`).  An .eml
    file is a mail saved on purpose: only an .mbox's or a Maildir's own
    marks say a mail was deleted."""
    if kind == "msg":
        return  # (read whole: :func:`_msg_mail`)
    if kind == "eml":
        with path.open("rb") as fh:
            raw = _read_mail(fh)
            if isinstance(raw, bytes):  # (one past the limit is not hashed: not read)
                digest.append(sha256_fh(fh, head=raw))
                raw = _emlx_mail(path, raw, path.name, apart)
            yield path.name, raw, None
    elif kind == "eml-folder":
        for p in sorted(path.iterdir(), key=lambda p: natural_key(p.name)):
            if p.suffix.lower() in EML_SUFFIXES and p.is_file() and not p.is_symlink():
                with p.open("rb") as fh:
                    name = f"{path.name}/{p.name}"
                    raw = _read_mail(fh)
                    yield (
                        name,
                        _emlx_mail(p, raw, name, apart) if isinstance(raw, bytes) else raw,
                        None,
                    )
    elif kind == "mbox":
        with path.open("rb") as fh:
            h = hashlib.sha256()
            try:
                for name, raw in mbox_mails(fh, h, path.name):
                    yield name, raw, header_deleted(raw)
            finally:
                # (The rest of the file, when fewer mails were asked for.)
                with contextlib.suppress(OSError):
                    while chunk := fh.read(1 << 20):
                        h.update(chunk)
                    digest.append(h.hexdigest())
    else:
        yield from _box_mails(path.name, path)


#: What Apple Mail kept apart from the mails of a source, joined to each
#: (by its name), and the folder it must be in (None: anywhere).
_Apart = tuple[dict[str, Joined], Path | None]


def _emlx_mail(path: Path, raw: bytes, source: str, apart: _Apart) -> bytes:
    """The mail of the file at ``path`` read as ``raw``, the mail
    ``source`` (an .emlx's message, with what Apple Mail kept apart of a
    .partial.emlx joined to it, which ``apart`` then holds)."""
    found, within = apart
    joined = joined_emlx(path, emlx_message(path.name, raw), within=within)
    if joined.files or joined.missing:
        found[source] = joined
    return joined.message


def _msg_mail(path: Path) -> tuple[Delivery, str]:
    """The mail of an Outlook .msg file given as a source, read as intake
    reads a .msg in an inbox (:mod:`reform_brand.office._msg`: written as
    the mail it is, then parsed as an .eml), and the file's SHA-256 ("" when
    it cannot be read).  Each attachment of the .msg not taken out is a
    ledger row of the mail, with its finding: a mail or an OLE object
    embedded in it (``inbox.ignored``: not opened, as in an inbox) and one
    past the attachments' limit (``mail.parts-too-large``, as in an .eml).
    A file that is not an Outlook mail, or is damaged, is an unreadable
    delivery (``inbox.msg-unreadable``, as in an inbox); ``OSError`` is
    raised."""
    name = path.name
    try:
        found, eml = read_msg_file(
            Path(os.path.realpath(path)),  # (a link the caller named is followed, as for an .eml)
            max_attachments=MAX_ZIP_ENTRIES,
            max_total=MAX_ATTACHMENT_BYTES,
        )
    except MailText as exc:  # an .eml named .msg: read as the .eml it is
        return parse_mail(exc.data, name), hashlib.sha256(exc.data).hexdigest()
    except MsgError as exc:
        return _unreadable(name, "inbox.msg-unreadable", reason=exc.zh, reason_en=exc.en), ""
    except UnsafeFileError as exc:
        if exc.code == "read.too-large":  # (the limit of a file, the .msg's attachments raw)
            return _unreadable(name, "mail.too-large", limit=exc.params["limit"]), ""
        return _unreadable(name, "mail.unreadable", detail=known_reason("not a regular file")), ""
    d = parse_mail(eml, name)
    rows: list[LedgerEntry] = []
    notes: list[Finding] = []
    for n, f in enumerate(found.files, start=1):
        if not f.problem:
            continue
        status: Status = "ignored" if f.problem in ("embedded", "ole") else "skipped"
        if f.problem in ("embedded", "ole"):
            code = "inbox.ignored"
            why = EMBEDDED if f.problem == "embedded" else OLE
            notes.append(finding(code, name, reason=why[0], reason_en=why[1]))
        else:  # (size, total: past what one mail's attachments may hold)
            code = "mail.parts-too-large"
            notes.append(finding(code, name, limit=MAX_ATTACHMENT_BYTES))
        rows.append(
            LedgerEntry(
                source=name,
                # (No MIME part: the attachment's place among the .msg's.)
                part=f"msg-{n}",
                role="attachment",
                status=status,
                code=code,
                name=f.name,
                content_type=f.mime,
                size=f.size,
            )
        )
    if rows:
        d = attrs.evolve(d, ledger=(*d.ledger, *rows), findings=(*d.findings, *notes))
    return d, found.sha256


def _content_key(d: Delivery) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """What makes two deliveries the same mail: the Message-ID and the
    attachments (names and contents); None for a mail with no Message-ID."""
    if not d.readable or d.deleted or not d.message_id:
        return None  # (a deleted mail is no mail a live one could be a copy of)
    files = tuple(
        (a.name, a.sha256 or hashlib.sha256(a.content()).hexdigest()) for a in d.attachments
    )
    return d.message_id, files


def _copies_marked(deliveries: list[Delivery]) -> list[Delivery]:
    """The deliveries with each copy of a mail marked (the same mail saved
    twice in a mailbox, delivered to two of the office's addresses, or
    exported from two folders): of the mails with one Message-ID and the
    same attachments, the one that arrived first is used, the others are
    copies of it, with ``mail.copy``.  A mail the unit sent again is
    another mail (another Message-ID) and stays one."""
    groups: dict[tuple[str, tuple[tuple[str, str], ...]], list[int]] = {}
    for i, d in enumerate(deliveries):
        key = _content_key(d)
        if key is not None:
            groups.setdefault(key, []).append(i)
    out = list(deliveries)
    for members in groups.values():
        if len(members) < 2:
            continue
        arrived = [deliveries[i].arrived_at for i in members]
        first = (
            min(
                members,
                key=lambda i: (
                    deliveries[i].arrived_at is None,
                    deliveries[i].arrived_at or _EPOCH,
                ),
            )
            if any(arrived)
            else members[0]
        )
        kept = deliveries[first].source
        for i in members:
            if i != first:
                out[i] = _as_copy(deliveries[i], kept)
    return out


_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class SeenMails:
    """The mails of the sources of one inbox read so far, for the copies of
    a mail in several of them (two exports of one mailbox, an .mbox and the
    same mails saved as .eml files): as within a source, a mail with the
    Message-ID and the attachments of one read before is a copy of it
    (``mail.copy``), the one of the source read first (in path order) is
    used."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}

    def marked(self, deliveries: Iterable[Delivery]) -> list[Delivery]:
        """``deliveries`` (of one source), each copy of a mail kept from a
        source read before marked as such."""
        out = []
        for d in deliveries:
            key = None if d.left_out else _content_key(d)
            kept = self._kept.get(key) if key is not None else None
            out.append(d if kept is None else _as_copy(d, kept))
        return out

    def keep(self, delivery: Delivery, shown: str) -> None:
        """``delivery`` used, as the e-mail folder shown as ``shown``."""
        key = _content_key(delivery)
        if key is not None:
            self._kept.setdefault(key, shown)


def _as_copy(d: Delivery, kept: str) -> Delivery:
    entry = LedgerEntry(
        source=d.source, part="", role="mail", status="ignored", code="mail.copy", name=d.subject
    )
    return attrs.evolve(
        d,
        copy_of=kept,
        attachments=(),
        ledger=(entry,),
        findings=(finding("mail.copy", d.source, first=kept),),
    )


def _spilled(d: Delivery, spill: Path) -> Delivery:
    """``d`` with its attachments' bytes written out to files of the
    private folder ``spill`` (see :attr:`Attachment.spilled`)."""
    if not d.attachments:
        return d
    out = []
    for a in d.attachments:
        fd, name = tempfile.mkstemp(dir=spill)
        with os.fdopen(fd, "wb") as fh:
            fh.write(a.data)
        out.append(attrs.evolve(a, data=b"", spilled=name))
    return attrs.evolve(d, attachments=tuple(out))


def read_mail_source(
    path: Path, *, within: Path | None = None, spill: Path | None = None
) -> MailSource:
    """Every mail of ``path`` (see :func:`mail_source_kind`) as a delivery;
    ``within``: the folder the attachments Apple Mail kept apart from a
    .partial.emlx must be in to be read (an inbox's: nothing outside it is
    read), anywhere beside the mail when None; ``spill``: a private folder
    each mail's attachments are written out to as the mail is read
    (:attr:`Attachment.spilled`), so that a mailbox's attachments are never
    all held at once (held in the deliveries when None).

    A source that cannot be read gives a :class:`MailSource` with a finding
    and no deliveries; a mail that cannot be read gives an unreadable
    delivery; neither raises."""
    kind = mail_source_kind(path)
    if kind is None:
        return MailSource(
            path=str(path),
            kind="eml",
            findings=(
                finding("mail.unreadable", path.name, detail=known_reason("not a mail source")),
            ),
        )
    deliveries: list[Delivery] = []
    findings: list[Finding] = []
    digest: list[str] = []
    apart: dict[str, Joined] = {}
    try:
        if kind == "msg":
            delivery, sha256 = _msg_mail(path)
            deliveries.append(delivery)
            digest.append(sha256)
        for source, raw, deleted in _mails(path, kind, digest, (apart, within)):
            if len(deliveries) >= MAX_MAILS:
                findings.append(finding("mail.too-many-mails", path.name, limit=MAX_MAILS))
                break
            if isinstance(raw, _TooLarge):
                d = _unreadable(source, "mail.too-large", limit=MAX_MAIL_BYTES)
            elif not isinstance(raw, bytes):
                d = _unreadable(source, "mail.unreadable", detail=raw)
            else:
                d = parse_mail(raw, source)
                if source in apart:  # (a .partial.emlx's attachments not there)
                    d = without_missing(d, apart[source].missing)
            d = d if deleted is None else as_deleted(d, deleted)
            deliveries.append(d if spill is None else _spilled(d, spill))
    except (OSError, mailbox.Error, UnicodeError) as exc:
        findings.append(finding("mail.unreadable", path.name, detail=error_reason(exc)))
    if not deliveries and not findings:
        findings.append(finding("mail.empty", path.name))
    findings += folder_notes(path, kind)
    deliveries = _copies_marked(deliveries)
    return MailSource(
        path=str(path),
        kind=kind,
        deliveries=tuple(deliveries),
        findings=tuple(findings),
        sha256=digest[0] if digest else "",
        joined=tuple(str(p) for j in apart.values() for p in j.files),
    )
