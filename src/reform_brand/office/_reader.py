"""The state of one intake and the files it reads itself: sniffing, the
ledger's entries, and JSON envelopes received as files."""

from __future__ import annotations

import os
import pickle
import posixpath
import sys
import zipfile
from typing import Any, Final

from reform_brand._bounded import Bounded
from reform_brand._kinds import ARCHIVE_FORMATS, OTHER_NAMES
from reform_brand._spool import Spool
from reform_brand._textlist import TextSorter
from reform_brand.catalogue import Localized
from reform_brand.codes.reasons import os_reason
from reform_brand.findings import Finding
from reform_brand.model import Edition
from reform_brand.office._inbox import (
    InboxSubmission,
    Material,
    Progress,
    ledger_finding,
    unreadable_code,
)
from reform_brand.office._manifest import MANIFEST_NAMES
from reform_brand.office._names import on_disk
from reform_brand.office._walk import Walk
from reform_brand.opened import Known, known_file, sniff_checked, sniff_digest_open
from reform_brand.safeopen import OpenPackage, Sniffed, UnsafeFileError, kind_name
from reform_brand.submission import MAX_FILE_BYTES, read_envelope_bytes

__all__ = ["ENVELOPE_KEYS", "READ_AT", "Reader", "sniffed_kind"]

#: A received JSON object is an envelope when it has one of these members
#: (and no ``format``, which the program's own JSON outputs carry).
ENVELOPE_KEYS: Final = frozenset({"edition", "form", "data", "attachments"})


#: Files named by received envelopes whose answers are kept at once.
_NAMED_KEPT: Final = 1024
#: Between a received envelope file's path and the number of its reading
#: (a path holds no NUL).
READ_AT: Final = "\0"


def _by_parts(text: str) -> str:
    return text.partition(READ_AT)[0].replace(os.sep, "\0")


def text_of(opened: OpenPackage | None) -> str | None:
    """The text of a .docx left open by its sniff (None: no .docx, or its
    text cannot be read: the check says why)."""
    if opened is None or opened.kind != "docx":
        return None
    try:
        return opened.text()
    except (UnsafeFileError, OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None


#: The other Office files a name with a password to open them says they
#: are, by extension.
_OFFICE_NAMES: Final = {".xls": "xls", ".ppt": "ppt", ".xlsx": "xlsx", ".pptx": "pptx"}
#: What a part of a .docx may be too big in, the file itself opened.
_PART_TOO_BIG: Final = frozenset({"read.too-large", "read.too-complex"})


def sniffed_kind(found: Sniffed, rel: str) -> str:
    """The ledger's type of a file sniffed as ``found``: a Word file whose
    parts declare a DOCTYPE, or one of whose parts is over the size limit,
    or with a password to open it, is a Word file (reading it says why
    not; under an Excel or PowerPoint file's name, such a file), an
    archive other than a zip is its format (``7z``, ``rar``, ``tar``,
    ``gz``…), unknown content named .txt or .md is ``text``."""
    if found.kind == "unsafe" and found.code == "read.doctype":
        return "docx"
    if found.kind == "unsafe" and found.code in _PART_TOO_BIG and "part" in found.params:
        return "docx"  # (a part of a .docx: the file itself was opened)
    if found.kind == "doc" and found.detail == "encrypted":
        # A .docx with a password to open it (reading it says so); under an
        # Excel or PowerPoint file's name, what that name says it is (Office
        # keeps each with a password in the same kind of file).
        return _OFFICE_NAMES.get(posixpath.splitext(rel.lower())[1], "docx")
    if found.kind == "unknown" and (found.detail in ARCHIVE_FORMATS or found.detail in OTHER_NAMES):
        return found.detail
    if found.kind == "unknown" and rel.lower().endswith((".txt", ".md")):
        return "text"
    return found.kind


class Reader:
    """Shared state of one intake: the walk, the edition, what is built."""

    def __init__(self, edition: Edition, w: Walk, progress: Progress | None) -> None:
        self.edition = edition
        self.w = w
        #: Where the files are opened (the inbox, or the private folder its
        #: archives and mail files were opened into beside copies of the rest).
        self.root = w.base
        self.progress = progress
        self.envelopes: list[dict[str, Any]] = []
        #: What intake learned of the files each envelope names (by the
        #: envelope's place in :attr:`envelopes`), for its check.
        self.known: list[tuple[Known, ...]] = []
        #: The received envelope files' paths, as text, in the order of
        #: their parts, as ``Path`` objects sort: the texts with each
        #: separator made the least character, which no part holds (a list
        #: of parts for each of 100,000 paths took some 50 MB); sorted on
        #: disk when there are many.  Each text ends with the number of its
        #: reading in :attr:`readings` (after :data:`READ_AT`).
        self.received = TextSorter(_by_parts)
        #: Each received envelope file as read, for its check (pickled, on
        #: disk): the bytes it was parsed from, or (none read) its value and
        #: the problems of the reading, and what intake learned of the files
        #: it names.
        self.readings = Spool()
        #: What was learned of the files the last envelopes named, by path.
        self._named: Bounded[str, Known | None] = Bounded(_NAMED_KEPT)
        self.subs: list[InboxSubmission] = []
        self.materials: list[Material] = []
        #: (folder as shown, unit) of each e-mail folder whose manifest
        #: names its unit.
        self.manifest_units: list[tuple[str, str]] = []
        self.notes: dict[str, list[Finding]] = {}
        self.unread: set[str] = set()
        self.kind_unknown: set[str] = set()
        self.done = 0
        self.total = w.files.grouped_count()

    def set(self, rel: str, **changes: Any) -> None:
        self.w.files.change(rel, **changes)

    def tick(self, rel: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, self.w.show(rel))

    def finding(self, code: str, rel: str, **params: Any) -> None:
        self.w.findings.append(ledger_finding(code, self.w.show(rel) if rel else "", **params))

    def sniff(self, rel: str) -> str:
        """The file's type from its content (once), and its SHA-256."""
        kind, opened = self.sniff_open(rel)
        if opened is not None:
            opened.close()
        return kind

    def sniff_open(self, rel: str) -> tuple[str, OpenPackage | None]:
        """:meth:`sniff`, and a Word form (.docx, .odt) left open from the
        same opening for the caller to read and close (None when the file
        is no form, or was known from earlier in the run).  A file that the
        look for archives sniffed and hashed already is not opened again."""
        known = self.w.files[rel]
        opened = None
        if known.sha256 and known.kind:
            kind = known.kind
        else:
            try:
                found, digest, opened = sniff_digest_open(self.root / rel)  # (one opening)
            except OSError as exc:
                code = unreadable_code(exc)
                self.set(rel, status="unreadable", code=code)
                self.finding(code, rel, detail=os_reason(exc))
                return "unreadable", None
            kind = sniffed_kind(found, rel)
            self.set(rel, kind=kind, sha256=digest)
        if kind == "doc":
            # A Word 97-2003 or WPS file: sent as the Word file, never readable
            # (the submission's read.legacy-doc says to save it as .docx).
            self.set(rel, status="unreadable", code="read.legacy-doc")
        if kind == "odt":
            return "docx", opened  # an OpenDocument form: read by the same form reader
        return kind, opened

    def detail(self, rel: str) -> str:
        """What the file ``rel`` of unknown content is by its first bytes
        (``rtf``, ``wordxml``…: the ``detail`` of its sniff, which this run
        keeps), or ""."""
        try:
            return sniff_checked(self.root / rel).detail
        except OSError:
            return ""

    def archive_unsupported(self, rel: str, kind: str) -> None:
        """An archive that is not opened (7z, RAR, or one named as a Word
        form: a .zip or the files themselves are asked for)."""
        self.set(rel, status="unreadable", code="inbox.archive-unsupported")
        self.finding("inbox.archive-unsupported", rel, format=f".{kind}")

    def too_large(self, rel: str, kind: str) -> bool:
        """Whether the file at ``rel``, sniffed as ``kind``, was refused for
        its size: then unreadable with ``read.too-large``, not called an
        unsafe archive (a damaged file) nor a file of no known type."""
        known = known_file(self.root / rel) if kind == "unsafe" else None
        sniffed = None if known is None else known.sniffed
        if sniffed is None or sniffed[1] != "read.too-large":
            return False
        self.set(rel, status="unreadable", code="read.too-large")
        self.finding("read.too-large", rel, **sniffed[2])
        return True

    def unknown(self, rel: str, kind: str, detail: str = "") -> None:
        """``inbox.unknown-file`` for ``rel``, of ``kind``: one of unknown
        content named by what its first bytes tell (``detail``, else
        :meth:`detail`: a web page, a damaged zip…); one refused for its
        size, ``read.too-large`` (:meth:`too_large`)."""
        if self.too_large(rel, kind):
            return
        zh, en = kind_name(kind, detail or (self.detail(rel) if kind == "unknown" else ""))
        if kind == "text":
            zh, en = "文本文件", "a text file"
        if kind == "json":
            zh, en = (
                "JSON 文件（不是申报信封或清单）",
                "JSON that is neither an envelope nor a manifest",
            )
        if kind == "not-a-form":
            zh, en = (
                "Word 文档，不是要填写的表格：没有表格标题，也没有表格",
                "a Word document that is no form: no form title, no table",
            )
        if kind == "unasked-pdf":
            zh, en = "PDF，本通知不要求报送 PDF", "a PDF, which this call does not ask for"
        self.set(rel, status="ignored", code="inbox.unknown-file")
        self.finding("inbox.unknown-file", rel, detected=zh, detected_en=en)

    def broken(self, rel: str, kind: str, detail: str = "") -> None:
        """A file named as a form or a scan whose content is not one (what it
        is: ``detail``, :meth:`detail`), with no submission to belong to."""
        if self.too_large(rel, kind):
            return
        zh, en = kind_name(kind, detail)
        self.set(rel, status="unreadable", code="inbox.unreadable")
        self.finding("inbox.unreadable", rel, detail=Localized(zh=zh, en=en, value=kind))

    # -- JSON envelopes received as files ------------------------------------

    def received_json(self) -> None:
        """Every ``*.json`` file that is not a manifest of an e-mail folder:
        an envelope (read by the engine as it is, its attachments claimed),
        or an unknown file.  What is taken leaves its group."""
        files = self.w.files
        for group, rel in files.grouped_files():
            folder, _, name = rel.rpartition("/")
            name = name.lower()
            if not name.endswith(".json"):
                continue
            if name in MANIFEST_NAMES and group and folder == group:
                continue  # the e-mail folder's manifest
            self.tick(rel)
            files.leave(rel)
            self._json(rel)
        files.prune()

    def _json(self, rel: str) -> None:
        # A received envelope names its files relative to itself: it is read
        # where it lies (in the inbox, or where its archive was opened).
        path = (self.root if self.w.files.staged(rel) else self.w.root) / rel
        # (Read, parsed and hashed from one opening of the file.)
        value, problems, digest, raw = read_envelope_bytes(path, max_bytes=MAX_FILE_BYTES)
        self.set(rel, kind="json", sha256=digest)
        if isinstance(value, dict) and ("format" in value or not (value.keys() & ENVELOPE_KEYS)):
            self.unknown(rel, "json")
            return
        # An envelope, or a .json file too broken to tell: the engine says
        # what is wrong with it (file.*, envelope.*).
        given = value.get("id") if isinstance(value, dict) else None
        sub_id = given if isinstance(given, str) and given.strip() else str(path)
        self.set(rel, role="submission", submission=self.w.show(sub_id)[:200])
        named = value.get("attachments") if isinstance(value, dict) else None
        known = self._claim(rel, named, sub_id)
        self.received.add(f"{path}{READ_AT}{len(self.readings)}")
        # (The bytes, parsed again where the envelope is checked, when there
        # are any: cheaper to keep and to hand on than the value.)
        reading = (raw, None, known) if raw is not None else (None, (value, problems), known)
        self.readings.add(pickle.dumps(reading, pickle.HIGHEST_PROTOCOL))

    def _shared(self, target: str) -> Known | None:
        """What was learned of ``target``, a file an earlier envelope
        named (None: nothing, or no file of the inbox): its type and digest.
        Its text went with the first envelope; a worker that checks another
        reads it once (a form that a hundred envelopes share would
        otherwise travel a hundred times)."""
        if target in self._named:
            return self._named[target]
        found = known_file(self.root / target) if target in self.w.files else None
        self._name(target, found)
        return found

    def _name(self, target: str, found: Known | None) -> None:
        """Keep what was learned of ``target`` for the envelopes that name
        it later: the last :data:`_NAMED_KEPT` files at most, so that an
        inbox of 100,000 envelopes each naming its own files keeps no
        entry per file (one forgotten is looked up again)."""
        self._named.put(target, found)

    def _claim(self, rel: str, attachments: object, sub_id: str) -> tuple[Known, ...]:
        """The files an envelope names are its own, not loose files; what
        was learned of them when they were sniffed (and a Word form's text)."""
        if not isinstance(attachments, list):
            return ()
        known: list[Known] = []
        folder = posixpath.dirname(rel)
        for a in attachments:
            if not isinstance(a, dict) or not isinstance(a.get("path"), str):
                continue
            target = os.path.normpath(posixpath.join(folder, a["path"])).replace(os.sep, "/")
            target = on_disk(target)  # (as the walk lists it: an ASCII locale)
            if not self.w.files.grouped(target):
                # Another envelope's (what was learned of it, when it is
                # still known), or not a loose file (nor one at all).
                shared = self._shared(target)
                known += [shared] if shared is not None else []
                continue
            if self.w.files[target].status != "used":
                continue
            self.w.files.leave(target)
            _kind, opened = self.sniff_open(target)
            try:
                learned = known_file(self.root / target, text=text_of(opened))
            finally:
                if opened is not None:
                    opened.close()
            if learned is not None:
                known.append(learned)
            self._name(target, learned._replace(text=None) if learned is not None else None)
            role = a.get("role")
            self.set(
                target,
                # (One string for a role named by many envelopes.)
                role=sys.intern(role) if isinstance(role, str) else "",
                submission=self.w.show(sub_id)[:200],
            )
            self.tick(target)
        return tuple(known)
