"""Archives and mail files received in an inbox, opened like folders.

A unit zips its files (Windows writes the names inside in GBK/CP936), or
the office saves a mail (.eml) or a mailbox (.mbox) beside the e-mail
folders.  Intake opens them as folders:

* every entry of a .zip becomes an inbox file shown under its archive
  (``临沂市科协.zip!/申报表.docx``), taken out under the limits every file
  has (:mod:`reform_brand.safeopen`: entry count, total and per-entry size,
  compression ratio, no path leaving the archive, no links or special
  entries, no encrypted entries) and nested archives opened to
  :data:`~reform_brand.safeopen.MAX_ARCHIVE_DEPTH`.  The entries join the
  group the archive belongs to: those of an archive in an e-mail folder are
  that e-mail's; an archive at the top of the inbox is a delivery of its own
  (a folder inside it is one too, as a folder of the inbox is);
* a .tar, a compressed one (.tar.gz/.tgz, .tar.bz2/.tbz2, .tar.xz/.txz)
  and a file compressed alone (.gz, .bz2, .xz: its one file, named by its
  gzip header or by the archive's name without the suffix) are read as a
  .zip is, with the standard library, under the same limits checked while
  the stream is decompressed, never after (:mod:`reform_brand._tarsafe`:
  no link, symbolic or hard, no device, no path leaving the archive), and
  their entries shown alike (``材料.tar.gz!/申报表.docx``);
* each mail of an .eml or .mbox file (or an mbox with no suffix, known by
  its envelope first line), or of a Maildir (its folder one entry of the
  walk, :mod:`reform_brand.office._walk`), becomes an e-mail folder of its
  own — its attachments and a manifest with the sender, the subject and the
  arrival time from its headers — as ``check`` on a mail source lays them out
  (:mod:`reform_brand.office._mail_units`); every mail and MIME part that
  brought no file is a ledger row.  A ``.partial.emlx`` is read with the
  attachments Apple Mail kept apart from it (:mod:`reform_brand.office._emlx`),
  in a folder or zipped, each such file then listed as used, the mail's.  A
  mail file attached to a mail (a mail forwarded as a file) is received when
  that mail arrived;
* the attachments of an Outlook ``winmail.dat`` (TNEF, found by its first
  bytes whatever its name, in the inbox or attached to a mail; a file named
  ``winmail.dat`` that is not TNEF is the file it is) are taken out as a
  .zip's entries are, under the same limits
  (:mod:`reform_brand.office._tnef`; an attachment whose checksum is wrong
  is refused, a mail or an OLE object embedded in it is listed as ignored);
* an Outlook ``.msg`` (a mail dragged out of Outlook, known by its name)
  is read as the mail it is (:mod:`reform_brand.office._msg`) and opened as
  an .eml in its place; a mail or an OLE object embedded in it is listed as
  ignored;
* a .7z or .rar archive is listed as unreadable with a finding that asks
  for a .zip or the files themselves.

The entries are written into a private temporary folder (:class:`Stage`)
beside hard links to the inbox's other files (copies where the folder is
on another file system), so that intake and the rules open every file at
the same relative path; the folder is removed when the intake that owns it
is no longer used, at exit at the latest.  Nothing is written into the
inbox, nor through a link.  Each file is opened once: the look for
archives sniffs and hashes a file and keeps an archive (a zip, a tar, a
compressed file) open for taking its entries out, a link is the same file
(what was learned of it holds), and a mail file is hashed from its reading.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import attrs

from reform_brand._kinds import STREAMED_ARCHIVES, UNOPENED_ARCHIVES
from reform_brand._tarsafe import OpenStream
from reform_brand.codes.reasons import error_reason, os_reason
from reform_brand.findings import Finding
from reform_brand.model import Edition
from reform_brand.names import RosterIndex
from reform_brand.office._archive_entries import (
    ARCHIVE_ERRORS,
    ENTRY_ERRORS,
    ArchiveEntry,
    archive_entries,
)
from reform_brand.office._archive_names import (
    EntryNames,
    entry_path,
    in_box,
    passed_over,
    tnef_problem,
    windows_path,
)
from reform_brand.office._archive_why import BROKEN, HIDDEN, REFUSED, TNEF_EMBEDDED, msg_refused
from reform_brand.office._emlx import kept_apart_mail
from reform_brand.office._inbox import InboxFile, ledger_finding, mail_ledger_row, unreadable_code
from reform_brand.office._mail import MAX_MAIL_BYTES
from reform_brand.office._mail_arrival import Arrival, received_with
from reform_brand.office._mail_source import SeenMails, maildir_folders, read_mail_source
from reform_brand.office._mail_text import shortened, windows_name
from reform_brand.office._mail_units import (
    MailFolder,
    folder_name,
    mail_folder,
    mailbox_index,
    senders_known,
    write_mail_folder,
)
from reform_brand.office._mail_view import received_mails
from reform_brand.office._msg import EMBEDDED, OLE, MailText, MsgError, MsgMail, read_msg_file
from reform_brand.office._names import on_disk, shown_path
from reform_brand.office._probe import KEPT_OPEN, probe
from reform_brand.office._stage import Stage, copy_in
from reform_brand.office._tnef import TnefError, read_tnef
from reform_brand.office._walk import Walk, hidden_file
from reform_brand.opened import sha256_of
from reform_brand.safeopen import (
    MAX_ARCHIVE_DEPTH,
    MAX_ZIP_ENTRIES,
    MAX_ZIP_TOTAL,
    OpenPackage,
    UnsafeFileError,
    open_regular,
)

__all__ = ["Stage", "expand", "mail_ledger_row"]


class _Expander:
    def __init__(self, w: Walk, edition: Edition, stage: Stage) -> None:
        self.w = w
        self.edition = edition
        self.stage = stage.path
        self.boxes = mailbox_index(edition)
        self.roster = RosterIndex.build(edition)
        #: (rel, group, depth, budget key, container): containers still to open.
        self.todo: list[tuple[str, str, int, str, str]] = []
        self.used: dict[str, int] = {}
        #: The archives the look left open, by their path (see
        #: :func:`~reform_brand.office._probe.probe`).
        self.kept: dict[str, OpenPackage | OpenStream] = {}
        self.seen = SeenMails()
        #: The e-mail folders made of mails (by real relative path), and when
        #: each mail arrived: a mail file in one was forwarded by that mail.
        self.arrivals: dict[str, Arrival] = {}
        #: The Maildirs that are an archive's top (``a.zip!/``).
        self.tops: set[str] = set()

    # -- the ledger ------------------------------------------------------------

    def set(self, rel: str, **changes: object) -> None:
        self.w.files.change(rel, **changes)

    def note(self, code: str, shown: str, **params: Any) -> None:
        self.w.findings.append(ledger_finding(code, shown, **params))

    def unreadable(self, rel: str, code: str, **params: Any) -> None:
        self.set(rel, status="unreadable", code=code)
        self.note(code, self.w.show(rel), **params)

    def source(self, rel: str) -> Path:
        return (self.stage if self.w.files.staged(rel) else self.w.root) / rel

    def add_file(
        self,
        rel: str,
        shown: str,
        group: str,
        data: bytes,
        depth: int,
        key: str,
        *,
        apart: bool = False,
    ) -> None:
        """An entry or attachment taken out: written, listed, to be read;
        ``apart``: a file Apple Mail kept apart from its mail, which its
        mail reads (never opened as an archive or a mail of its own)."""
        target = self.stage / rel
        if rel in self.w.files or os.path.lexists(target):
            # An inbox folder named like the archive ("a.zip!") holds it.
            self.refused(f"{rel}\x00{len(self.w.files)}", shown, len(data), "duplicate")
            return
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except (FileExistsError, NotADirectoryError):
            # A file named like the archive ("a.zip!") is where its folder goes.
            self.refused(f"{rel}\x00{len(self.w.files)}", shown, len(data), "duplicate")
            return
        except OSError as exc:  # a name the file system refuses (too long...), a full disk
            code = unreadable_code(exc)
            self.w.files[f"{rel}\x00{len(self.w.files)}"] = InboxFile(
                path=shown, size=len(data), status="unreadable", code=code
            )
            self.note(code, shown, detail=os_reason(exc))
            return
        if shown != rel:
            self.w.shown[rel] = shown
        found = probe(target, PurePosixPath(shown).name)
        container = "" if apart else found.container
        if container:
            self.todo.append((rel, group, depth + 1, key, container))
            self.w.unpacked.add(group)  # (its own error says if it cannot be opened)
        entry = InboxFile(path=shown, size=len(data), kind=found.kind, sha256=found.sha256)
        self.w.files.put(rel, entry, group=None if container else group, staged=True)

    # -- containers ------------------------------------------------------------

    def open(self, rel: str, group: str, depth: int, key: str, kind: str) -> None:
        if kind in BROKEN:
            self.unreadable(rel, "inbox.unreadable", detail=BROKEN[kind])
            return
        path = self.source(rel)
        digest = self.w.files[rel].sha256
        if not digest and (kind not in ("mail", "msg") or depth > MAX_ARCHIVE_DEPTH):
            # (A mail file read is hashed from its reading.)
            digest = _digest(path)
        self.set(rel, kind="zip" if kind in ("zip", "unsafe-zip") else kind, sha256=digest)
        if kind in UNOPENED_ARCHIVES:
            self.unreadable(rel, "inbox.archive-unsupported", format=f".{kind}")
        elif depth > MAX_ARCHIVE_DEPTH:
            self.unreadable(rel, "inbox.archive-too-deep", limit=MAX_ARCHIVE_DEPTH)
        elif kind in ("zip", "unsafe-zip") or kind in STREAMED_ARCHIVES:
            self.archive(rel, path, group, depth, key, "zip" if "zip" in kind else kind)
        elif kind == "mail":
            self.mail(rel, path, depth, key, self.arrivals.get(group))
        elif kind == "tnef":
            self.tnef(rel, path, group, depth, key)
        elif kind == "msg":
            self.msg(rel, path, depth, key, self.arrivals.get(group))

    def archive(self, rel: str, path: Path, group: str, depth: int, key: str, fmt: str) -> None:
        """A zip (``fmt`` "zip"), a tar or a file compressed alone, its
        entries taken out (:func:`archive_entries`), from the look's
        opening when it kept the file open."""
        kept = self.kept.pop(rel, None)
        try:
            with archive_entries(path, fmt, kept, PurePosixPath(rel).name) as listed:
                self.set(rel, role="archive")
                self.entries(rel, listed, group, depth, key)
        except UnsafeFileError as exc:
            self.unreadable(rel, exc.code, **exc.params)
        except ARCHIVE_ERRORS as exc:
            self.unreadable(rel, "inbox.unreadable", detail=error_reason(exc))

    def entries(
        self, rel: str, entries: list[ArchiveEntry], group: str, depth: int, key: str
    ) -> None:
        """The ``entries`` of the archive ``rel`` taken out (a zip's, a
        tar's), each listed under it or refused."""
        shown_archive = self.w.show(rel)
        names = EntryNames()
        #: The entries' own names ("" for a folder: its files are listed).
        raws = ["" if e.is_dir else e.name for e in entries]
        written = {windows_path(n) for n in raws if n}
        boxes = maildir_folders(written)
        #: Entries taken out, or refused or unreadable (which say so).
        told = 0
        for entry, raw in zip(entries, raws, strict=True):
            name = entry_path(raw, boxes) if raw else ""
            if not name:
                continue  # a folder of the archive: its files are listed
            entry_rel, shown = f"{rel}!/{on_disk(name)}", f"{shown_archive}!/{name}"  # (ASCII)
            problem = names.problem(entry.problem(name), name, raw)
            if not problem and self.used.get(key, 0) + entry.size > MAX_ZIP_TOTAL:
                problem = "total"
            if problem:
                # Never opened: listed under its own key (a second entry of
                # the same name must not replace the first in the ledger).
                self.refused(f"{entry_rel}\x00{len(self.w.files)}", shown, entry.size, problem)
                told += 1
                continue
            parts = name.split("/")
            why = passed_over(parts, written)
            if why is not None:
                if shown != entry_rel:
                    self.w.shown[entry_rel] = shown
                self.ignored(entry_rel, shown, entry.size, why)
                continue
            try:
                data = entry.read()
            except ENTRY_ERRORS as exc:
                if shown != entry_rel:
                    self.w.shown[entry_rel] = shown
                self.w.files[entry_rel] = InboxFile(
                    path=shown, size=entry.size, status="unreadable", code="inbox.unreadable"
                )
                self.note("inbox.unreadable", shown, detail=error_reason(exc))
                told += 1
                continue
            self.used[key] = self.used.get(key, 0) + len(data)
            if not self.boxed(entry_rel, name, data, boxes):
                apart = kept_apart_mail(name) in written
                group_of = _entry_group(rel, group, parts)
                self.add_file(entry_rel, shown, group_of, data, depth, key, apart=apart)
            told += 1
        self.open_boxes(rel, boxes, group, depth, key)
        if not told:
            # No file in it (none, or hidden and system files only): what the
            # unit meant to send did not come.
            self.set(rel, status="ignored", role="", code="inbox.archive-empty")
            self.note("inbox.archive-empty", shown_archive)

    def boxed(self, entry_rel: str, name: str, data: bytes, boxes: Collection[str]) -> bool:
        """Whether the entry ``name`` is a file of one of the archive's
        Maildirs ``boxes``: then written, not listed (its Maildir is read
        as mail, :meth:`open_boxes`)."""
        if not any(in_box(name, box) for box in boxes):
            return False
        target = self.stage / entry_rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError:
            return False  # (listed as a file, which says why)
        return True

    def open_boxes(
        self, rel: str, boxes: Collection[str], group: str, depth: int, key: str
    ) -> None:
        """The Maildirs ``boxes`` of the archive ``rel`` (its folders that
        are Maildirs), each one entry, ``a.zip!/Maildir/``, read as mail as
        a Maildir of the inbox is; the archive's top, ``a.zip!/``, when it
        is a Maildir (its mails then shown under the archive as those of
        an .mbox are under its file, ``a.zip!/2022-08-17-zbkx-1/``)."""
        for box in sorted(boxes):
            box_rel = f"{rel}!/{box}/" if box else f"{rel}!/"
            if not (self.stage / box_rel).is_dir():
                continue  # (none of its files was taken out)
            if not box:
                self.tops.add(box_rel)
            shown = f"{self.w.show(rel)}!/{box}/" if box else f"{self.w.show(rel)}!/"
            if shown != box_rel:
                self.w.shown[box_rel] = shown
            self.w.files.put(box_rel, InboxFile(path=shown, kind="mail"), staged=True)
            self.todo.append((box_rel, group, depth + 1, key, "mail"))

    def tnef(self, rel: str, path: Path, group: str, depth: int, key: str) -> None:
        """The attachments of an Outlook winmail.dat, as a .zip's entries."""
        try:
            with open_regular(path) as fh:
                files = read_tnef(fh.read(), max_attachments=MAX_ZIP_ENTRIES)
        except TnefError as exc:
            self.unreadable(rel, "inbox.tnef-unreadable", reason=exc.zh, reason_en=exc.en)
            return
        except (UnsafeFileError, OSError) as exc:
            self.unreadable(rel, "inbox.unreadable", detail=error_reason(exc))
            return
        self.set(rel, role="archive")
        shown_archive = self.w.show(rel)
        seen: set[str] = set()
        for n, found in enumerate(files, start=1):
            name = found.name if tnef_problem(found.name) else shortened(windows_name(found.name))
            entry_rel, shown = f"{rel}!/{on_disk(name)}", f"{shown_archive}!/{name}"  # (ASCII)
            size = len(found.data)
            problem = found.problem or tnef_problem(name)
            if not problem and name.casefold() in seen:
                problem = "duplicate"
            if not problem and self.used.get(key, 0) + size > MAX_ZIP_TOTAL:
                problem = "total"
            seen.add(name.casefold())
            if problem in ("embedded", "ole"):
                why = TNEF_EMBEDDED if problem == "embedded" else OLE
                self.ignored(f"{entry_rel}\x00{n}", shown, size, why)
            elif problem:
                self.refused(f"{entry_rel}\x00{len(self.w.files)}", shown, size, problem)
            elif hidden_file(name):
                self.ignored(entry_rel, shown, size, HIDDEN)
            else:
                self.used[key] = self.used.get(key, 0) + size
                self.add_file(
                    entry_rel, shown, _entry_group(rel, group, [name]), found.data, depth, key
                )
        if all(f.problem in ("embedded", "ole") or hidden_file(f.name) for f in files):
            self.note("inbox.tnef-no-files", shown_archive)  # (nothing the unit sent came)

    def msg(self, rel: str, path: Path, depth: int, key: str, outer: Arrival | None) -> None:
        """An Outlook .msg, read as the mail it is (:mod:`._msg`): written
        as an .eml and opened as one; the attachments not taken out are
        rows of their own under it."""
        found: MsgMail | None = None
        try:
            room = MAX_ZIP_TOTAL - self.used.get(key, 0)
            found, eml = read_msg_file(path, max_attachments=MAX_ZIP_ENTRIES, max_total=room)
        except MailText as exc:
            eml = exc.data  # an .eml named .msg: read as the .eml it is
        except MsgError as exc:
            self.set(rel, kind="msg", sha256=_digest(path))
            self.unreadable(rel, "inbox.msg-unreadable", reason=exc.zh, reason_en=exc.en)
            return
        except (UnsafeFileError, OSError) as exc:
            code, params = msg_refused(exc)
            self.unreadable(rel, code, **params)
            return
        tmp = Path(tempfile.mkdtemp(dir=self.stage, prefix=".msg-"))
        try:
            (tmp / "m.eml").write_bytes(eml)
            self.mail(rel, tmp / "m.eml", depth, key, outer)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if found is None:
            return
        self.set(rel, kind="msg", sha256=found.sha256)
        shown_msg = self.w.show(rel)
        for n, f in enumerate(found.files):
            shown = f"{shown_msg}!/{f.name}"
            if f.problem in ("embedded", "ole"):
                why = EMBEDDED if f.problem == "embedded" else OLE
                self.ignored(f"{rel}!/{f.name}\x00{n}", shown, 0, why)
            elif f.problem:
                self.refused(f"{rel}!/{f.name}\x00{n}", shown, f.size, f.problem)

    def joined(self, paths: Iterable[str]) -> None:
        """The files at ``paths``, which Apple Mail kept apart from a mail
        (:mod:`reform_brand.office._emlx`), read into it: used as its
        attachments (the files they became listed in its folder), no more
        files of their own folder."""
        for path in paths:
            rel = _under(path, self.stage) or _under(path, self.w.root)
            if rel and rel in self.w.files:
                self.w.files.leave(rel)
                self.set(rel, status="used", role="attachment", code="")

    def ignored(self, rel: str, shown: str, size: int, reason: tuple[str, str]) -> None:
        """The entry at ``rel`` listed as ignored (``inbox.ignored``), for
        ``reason`` (Chinese, English)."""
        self.w.files[rel] = InboxFile(path=shown, size=size, status="ignored", code="inbox.ignored")
        self.note("inbox.ignored", shown, reason=reason[0], reason_en=reason[1])

    def refused(self, rel: str, shown: str, size: int, problem: str) -> None:
        zh, en = REFUSED[problem]
        self.w.files[rel] = InboxFile(
            path=shown, size=size, status="unreadable", code="inbox.archive-entry-refused"
        )
        self.note("inbox.archive-entry-refused", shown, reason=zh, reason_en=en)

    def mail(self, rel: str, path: Path, depth: int, key: str, outer: Arrival | None) -> None:
        """Each mail of an .eml or .mbox file as an e-mail folder; ``outer``:
        when the mail arrived that forwarded the file (it is attached to a
        mail), which its mails take as theirs."""
        # (What Apple Mail kept apart from a mail is read from the inbox only.)
        within = self.stage if path.is_relative_to(self.stage) else self.w.root
        spill = Path(tempfile.mkdtemp(dir=self.stage, prefix=".spill-"))  # (each mail's files)
        src = read_mail_source(path, within=within, spill=spill)
        self.joined(src.joined)
        # (A Maildir's entry is its folder's, "Maildir/": its mails are
        # shown under "Maildir!/" as an .mbox's are under "box.mbox!/".)
        shown_box = self.w.show(rel)
        box, under = rel.rstrip("/"), shown_box.rstrip("/")
        if rel in self.tops:  # (an archive that is a Maildir: ``a.zip!/``)
            box, under = rel.removesuffix("!/"), shown_box.removesuffix("!/")
        digest = src.sha256 or ("" if rel.endswith("/") else _digest(path, MAX_MAIL_BYTES))
        self.set(rel, kind="mail", role="mailbox", sha256=digest)
        if src.findings and not src.deliveries:
            self.set(rel, status="unreadable", code=src.findings[0].code)
        self.w.findings.extend(attrs.evolve(f, file=shown_box) for f in src.findings)
        where: dict[str, str] = {}
        lost: dict[str, str] = {}  # (the mails whose files could not be written out)
        senders = senders_known(
            self.edition, src.deliveries, mailboxes=self.boxes, roster=self.roster
        )
        deliveries = self.seen.marked(src.deliveries)
        if outer is not None:
            forwarded = PurePosixPath(under).name
            deliveries = [received_with(d, *outer, forwarded) for d in deliveries]
        for n, delivery in enumerate(deliveries, start=1):
            if delivery.left_out:  # (said of its own row: ``box.mbox!/box.mbox#2/``)
                own = f"{under}!/{delivery.source}/"
                self.w.findings.extend(_refile(delivery.findings, own))
                continue
            folder = mail_folder(
                self.edition, delivery, mailboxes=self.boxes, roster=self.roster, senders=senders
            )
            name = folder_name(folder, n)
            dest, shown_dest = f"{box}!/{name}", f"{under}!/{name}"
            where[delivery.source] = shown_dest
            self.arrivals[dest] = (delivery.arrived_at, delivery.arrival_from)
            self.w.mail_groups.add(dest)
            self.seen.keep(delivery, shown_dest)
            self.w.findings.extend(_refile(folder.findings, f"{shown_dest}/"))
            if lost_code := self.mail_files(folder, dest, shown_dest, depth, key):
                lost[delivery.source] = lost_code
        shutil.rmtree(spill, ignore_errors=True)
        # The mails as the report's mail section shows them.
        shown = {d.source: where.get(d.source, f"{under}!/{d.source}") for d in deliveries}
        self.w.mails.extend(received_mails(deliveries, shown))
        for entry in (e for d in deliveries for e in d.ledger):
            if entry.role == "attachment" and entry.status == "used":
                if entry.source not in lost:
                    continue  # listed as the file it became
                entry = attrs.evolve(entry, status="unreadable", code=lost[entry.source])
            row = mail_ledger_row(entry, where.get(entry.source, f"{under}!/{entry.source}"))
            self.w.files[row.path] = row

    def mail_files(self, folder: MailFolder, dest: str, shown: str, depth: int, key: str) -> str:
        """Write out a mail's files into its e-mail folder ``dest`` and list
        them; the code of the finding noted on the mail when they cannot be
        written out (a full disk of this computer), else ""."""
        tmp = Path(tempfile.mkdtemp(dir=self.stage, prefix=".mail-"))
        try:
            try:
                written_out = write_mail_folder(folder, tmp / "m")
            except OSError as exc:
                code = unreadable_code(exc)
                self.note(code, f"{shown}/", detail=os_reason(exc))
                return code
            for written in written_out:
                data = written.read_bytes()
                self.used[key] = self.used.get(key, 0) + len(data)
                shown_file = f"{shown}/{shown_path(written.name)[0]}"
                self.add_file(f"{dest}/{written.name}", shown_file, dest, data, depth, key)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return ""


def _under(path: str, base: Path) -> str:
    """``path`` relative to ``base``; "" when it is not under it."""
    try:
        return Path(path).relative_to(base).as_posix()
    except ValueError:
        return ""


def _refile(findings: tuple[Finding, ...], file: str) -> list[Finding]:
    return [attrs.evolve(f, file=file) for f in findings]


def _digest(path: Path, limit: int | None = None) -> str:
    """The SHA-256 of the file at ``path``; "" when it cannot be read or is over ``limit``."""
    try:
        if limit is not None and os.stat(path).st_size > limit:
            return ""
        return sha256_of(path)
    except OSError:
        return ""


def _entry_group(archive: str, group: str, parts: list[str]) -> str:
    """The group an entry joins: the archive's own group in an e-mail
    folder; for an archive at the top, the archive itself, or the folder of
    the archive the entry is in."""
    if group:
        return group
    return f"{archive}!/{parts[0]}" if len(parts) > 1 else f"{archive}!"


def expand(
    w: Walk, edition: Edition, arrivals: Mapping[str, Arrival] | None = None
) -> Stage | None:
    """Open the archives and mail files of the walk ``w`` (see the module);
    None when there are none (the inbox is read where it is).  ``arrivals``:
    the folders of the inbox that are mails (a mail source laid out), and
    when each arrived."""
    found: list[tuple[str, str, str]] = []
    kept: dict[str, OpenPackage | OpenStream] = {}
    try:
        for group, rel in w.files.grouped_files():
            if rel.endswith("/"):  # a Maildir (office._walk): its mails
                found.append((rel, group, "mail"))
                continue
            looked = probe(w.root / rel, PurePosixPath(rel).name, keep=len(kept) < KEPT_OPEN)
            if looked.sha256:
                w.files.change(rel, kind=looked.kind, sha256=looked.sha256)
            if looked.opened is not None:
                kept[rel] = looked.opened
            if looked.container and not _kept_apart(w, rel):
                found.append((rel, group, looked.container))
        return _expanded(w, edition, found, kept, arrivals or {}) if found else None
    finally:
        for opened in kept.values():
            opened.close()


def _kept_apart(w: Walk, rel: str) -> bool:
    """Whether the inbox file ``rel`` is one Apple Mail kept apart from a
    mail of the inbox (its mail reads it: never opened on its own)."""
    mail = kept_apart_mail(rel)
    return mail is not None and mail in w.files


def _expanded(
    w: Walk,
    edition: Edition,
    found: list[tuple[str, str, str]],
    kept: dict[str, OpenPackage | OpenStream],
    arrivals: Mapping[str, Arrival],
) -> Stage:
    stage = Stage()
    containers = {rel for rel, _g, _c in found}
    w.unpacked.update(group for _r, group, _c in found)
    for _group, rel in w.files.grouped_files():
        if rel in containers or not copy_in(w, stage.path, rel):
            w.files.leave(rel)
    w.files.prune()
    w.base = stage.path
    x = _Expander(w, edition, stage)
    x.kept = kept
    x.arrivals.update(arrivals)
    x.todo = [(rel, group, 1, rel, container) for rel, group, container in found]
    while x.todo:
        x.open(*x.todo.pop(0))
    w.files.prune()  # (a folder whose files were all read into mails)
    return stage
