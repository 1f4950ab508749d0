"""The files a submission's rules look at, each opened once.

Several rules look at the same attachment: the deliverables rule checks its
type, the signed-scan rule reads the Word form to compare it with the scan,
and both first resolve its path.  :class:`OpenedFiles` resolves each path,
reads its status and sniffs it once, keeps a .docx open after its sniff
(its directory checked once) and gives its text from that same opening.
The engine makes one for each submission's rules
(:attr:`RuleContext.files <reform_brand.engine.RuleContext.files>`) and
closes it when they are done; a rule of a plugin may use it too.

What a file is is also kept for the whole run, by the file's identity
(device, inode, size and modification time): intake sniffs each received
file, and the rules that look at the same file later find the answer
without opening it.  So is the text of the last Word forms read: a .docx
that several submissions name (a batch's shared form, say) is opened and
read once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from io import BufferedReader
from pathlib import Path
from typing import BinaryIO, Final, NamedTuple, TypeVar

from reform_brand._bounded import Bounded
from reform_brand._kinds import STREAMED_ARCHIVES
from reform_brand._tarsafe import OpenStream
from reform_brand.safeopen import (
    MAX_FILE_BYTES,
    FileKind,
    OpenPackage,
    Sniffed,
    UnsafeFileError,
    describe,
    open_docx,
    open_regular,
    sniff_fh,
)

__all__ = [
    "Known",
    "OpenedFiles",
    "content_known",
    "digest_of",
    "drop_pdf_content",
    "keep_material_text",
    "known_file",
    "material_text_known",
    "pdf_content_known",
    "pdfs_not_kept",
    "remember",
    "sha256_fh",
    "sha256_of",
    "sniff_and_digest",
    "sniff_checked",
    "sniff_digest_archive",
    "sniff_digest_open",
]

#: Files sniffed in this run, by identity and version.
_SNIFFED_MAX: Final = 4096
_SNIFFED: Bounded[tuple[int, int, int, int], Sniffed] = Bounded(_SNIFFED_MAX)
_SNIFF_LOCK: Final = threading.Lock()

_Identity = tuple[int, int, int, int]
T = TypeVar("T")

#: The SHA-256 of the files hashed in this run, by identity and version
#: (intake's, for its ledger).
_DIGESTS: Bounded[_Identity, str] = Bounded(_SNIFFED_MAX)

#: The text of the last .docx files read, by identity and version: a few
#: forms' worth (each some kilobytes).
_TEXTS: OrderedDict[_Identity, str] = OrderedDict()
_TEXTS_MAX: Final = 64


def _identity(st: os.stat_result) -> _Identity:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _identity_at(path: Path) -> _Identity | None:
    """The identity of the file at ``path`` as it is now; None when gone."""
    try:
        return _identity(os.stat(path))
    except OSError:
        return None


def _known(key: _Identity) -> Sniffed | None:
    with _SNIFF_LOCK:
        return _SNIFFED.get(key)


def _keep(key: _Identity, found: Sniffed) -> None:
    _put(_SNIFFED, key, found)


def _put(table: Bounded[_Identity, T], key: _Identity, value: T) -> None:
    """``table[key] = value``, the table emptied first when full."""
    with _SNIFF_LOCK:
        table.put(key, value)


class Known(NamedTuple):
    """What one reading of a file learned, by the file's identity (device,
    inode, size and modification time): its type (``sniffed``), its SHA-256
    and, for a .docx, its text.  Intake hands it to the check with the
    submission that names the file (:func:`remember`), so that the check,
    in this process or in a worker, opens the file no second time; a file
    changed since has another identity, and is read afresh.  (A tuple: it
    travels to a worker with each submission.)"""

    identity: tuple[int, int, int, int]
    #: The sniff's kind, code, parameters and detail (see :class:`Sniffed`),
    #: or None when the file was not sniffed.
    sniffed: tuple[FileKind, str, dict[str, object], str] | None = None
    digest: str = ""
    text: str | None = None


def known_file(path: Path, *, text: str | None = None) -> Known | None:
    """What this run learned of the file at ``path`` (its sniff and digest,
    see :func:`sniff_digest_open`), with ``text``; None when the file is
    gone or nothing is known of it."""
    identity = _identity_at(path)
    if identity is None:
        return None
    with _SNIFF_LOCK:
        found, digest = _SNIFFED.get(identity), _DIGESTS.get(identity, "")
    if found is None and not digest and text is None:
        return None
    sniffed = None if found is None else (found.kind, found.code, found.params, found.detail)
    return Known(identity, sniffed, digest, text)


def remember(known: Iterable[Known]) -> None:
    """Take what an earlier reading learned (:class:`Known`) as this run's
    own: the files' sniffs, digests and texts are then found by identity."""
    for k in known:
        if k.sniffed is not None:
            kind, code, params, detail = k.sniffed
            _keep(k.identity, Sniffed(kind=kind, code=code, params=params, detail=detail))
        if k.digest:
            _keep_digest(k.identity, k.digest)
        if k.text is not None:
            _keep_text(k.identity, k.text)


#: Files of no known type up to this size are kept from their sniff's
#: reading, the last ones read up to ``_SMALL_KEPT`` bytes in all (a look
#: for archives sniffs an inbox's files before intake reads them).
_SMALL_MAX: Final = 1 << 20
_SMALL_KEPT: Final = 4 << 20
#: The content of the last PDF files a sniff read whole, up to this many
#: bytes in all (a file larger than that is not kept).
_PDF_KEPT: Final = 16 << 20
#: Whether a sniff keeps a PDF's content (see :func:`pdfs_not_kept`).
_KEEPING_PDFS: Final[list[bool]] = [True]


class _Contents:
    """The contents of files by identity, the last ones kept up to ``most``
    bytes in all (their total counted as they come and go)."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._kept: OrderedDict[_Identity, bytes] = OrderedDict()
        self._size = 0

    def keep(self, identity: _Identity, content: bytes) -> None:
        with _SNIFF_LOCK:
            self._take(identity)
            self._kept[identity] = content
            self._size += len(content)
            while self._size > self.most:
                self._size -= len(self._kept.popitem(last=False)[1])

    def get(self, identity: _Identity) -> bytes | None:
        with _SNIFF_LOCK:
            return self._kept.get(identity)

    def take(self, identity: _Identity) -> bytes | None:
        """The content of ``identity``, forgotten."""
        with _SNIFF_LOCK:
            return self._take(identity)

    def _take(self, identity: _Identity) -> bytes | None:
        content = self._kept.pop(identity, None)
        if content is not None:
            self._size -= len(content)
        return content


_SMALL = _Contents(_SMALL_KEPT)
_PDFS = _Contents(_PDF_KEPT)

#: The text of the materials intake read (a few per inbox), by identity
#: and version: the materials rule counts their 字 after every submission.
_MATERIALS: Bounded[_Identity, str] = Bounded(_SNIFFED_MAX)


def keep_material_text(path: Path, text: str) -> None:
    """Note ``text`` as the text of the material file at ``path``, as it
    is now (see :func:`material_text_known`)."""
    identity = _identity_at(path)
    if identity is not None:
        _put(_MATERIALS, identity, text)


def material_text_known(path: Path) -> str | None:
    """The text of the material file at ``path`` as this run read it
    (:func:`keep_material_text`), when the file has not changed since;
    else None."""
    identity = _identity_at(path)
    if identity is None:
        return None
    with _SNIFF_LOCK:
        return _MATERIALS.get(identity)


def _keep_text(identity: _Identity, text: str) -> None:
    with _SNIFF_LOCK:
        _TEXTS[identity] = text
        _TEXTS.move_to_end(identity)
        while len(_TEXTS) > _TEXTS_MAX:
            _TEXTS.popitem(last=False)


def _unsafe(exc: UnsafeFileError) -> Sniffed:
    return Sniffed(kind="unsafe", code=exc.code, params=exc.params, detail=describe(exc))


def _sniff_checked(path: Path) -> tuple[Sniffed, OpenPackage | None]:
    """What the file is, a .docx with every XML part checked (``unsafe``
    when one fails), and the .docx left open.  A PDF is hashed through the
    same opening (:func:`digest_of` then has its digest): a signed scan's
    result is kept by its content."""
    try:
        fh = open_regular(path)
    except UnsafeFileError as exc:
        return _unsafe(exc), None
    return _sniffed(fh, hash_pdf=True)


def _sniffed(
    fh: BufferedReader,
    *,
    hash_pdf: bool = False,
    keep_odt: bool = False,
    keep_zip: bool = False,
    keep_stream: bool = False,
) -> tuple[Sniffed, OpenPackage | None]:
    """The opened file ``fh`` sniffed: a .docx with every XML part checked
    (``unsafe`` when one fails) and left open, an .odt left open with
    ``keep_odt``, a plain zip archive with ``keep_zip``; with
    ``keep_stream``, ``fh`` itself left open for a tar or a file compressed
    by gzip, bzip2 or xz; any other file closed (a PDF hashed first, with
    ``hash_pdf``)."""
    try:
        found, zf, infos = sniff_fh(fh, keep_zip=keep_zip)
        if hash_pdf and zf is None and found.kind == "pdf":
            fh.seek(0)
            identity = _identity(os.fstat(fh.fileno()))
            content, digest = _read_hashed(fh, identity[2])
            _keep_digest(identity, digest)
            if content is not None and _KEEPING_PDFS[0]:
                _PDFS.keep(identity, content)
    except BaseException:
        fh.close()
        raise
    if zf is None:
        if not (keep_stream and found.kind == "unknown" and found.detail in STREAMED_ARCHIVES):
            fh.close()
        return found, None
    opened = OpenPackage(fh, zf, infos)
    if (keep_odt and found.kind == "odt") or (keep_zip and found.kind == "zip"):
        return found, opened
    if found.kind != "docx":
        opened.close()
        return found, None
    try:
        opened.check_parts()
    except UnsafeFileError as exc:
        opened.close()
        return _unsafe(exc), None
    return found, opened


def sniff_and_digest(path: Path) -> tuple[Sniffed, str]:
    """:func:`sniff_checked` and the SHA-256 of the file's content (hex),
    from one opening of the file (a file over the size limit is not sniffed
    but hashed, as its ledger entry needs; a FIFO or the like is neither).
    The answer is kept for the run, as :func:`sniff_checked` keeps it.
    Raises ``OSError``."""
    found, digest, opened = sniff_digest_open(path)
    if opened is not None:
        opened.close()  # (and the file)
    return found, digest


def sniff_digest_open(
    path: Path, *, keep_zip: bool = False, hash_large: bool = True
) -> tuple[Sniffed, str, OpenPackage | None]:
    """:func:`sniff_and_digest`, and a .docx (every XML part checked) or an
    .odt left open from that same opening, for the caller to read and
    close: reading the file then needs no second opening.  With
    ``keep_zip``, a plain zip archive is left open too (its entries are
    then taken out of that opening).  None for any other file, and for a
    file known from earlier in the run (a second name of the same file: not
    opened at all).  With ``hash_large`` false, a file over the size limit
    is not hashed (its digest ""): its caller reads it whole otherwise, and
    hashes it on the way.  Raises ``OSError``."""
    found, digest, opened = sniff_digest_archive(path, keep=keep_zip, hash_large=hash_large)
    if isinstance(opened, OpenStream):  # (kept only with keep_zip)
        opened.close()
        opened = None
    return found, digest, opened


def sniff_digest_archive(
    path: Path, *, keep: bool = True, hash_large: bool = True
) -> tuple[Sniffed, str, OpenPackage | OpenStream | None]:
    """:func:`sniff_digest_open` with ``keep_zip``: a zip archive left
    open, and a tar or a file compressed by gzip, bzip2 or xz too (its
    entries are then taken out of that opening, :mod:`._tarsafe`)."""
    identity = _identity(os.stat(path))
    found = _known(identity)
    if found is not None:
        # The same file reached again (a hard link, a second name): its
        # type is known, and so, most often, is its digest.
        with _SNIFF_LOCK:
            known = _DIGESTS.get(identity)
        if known is None and not hash_large and found.code == "read.too-large":
            return found, "", None
        if known is None:
            known = sha256_of(path) if found.code != "read.not-a-file" else ""
            _keep_digest(identity, known)
        return found, known, None
    try:
        fh = open_regular(path)
    except UnsafeFileError as exc:
        found = _unsafe(exc)
        _keep(identity, found)
        if exc.code == "read.too-large" and not hash_large:
            return found, "", None  # (hashed when asked again: see above)
        # (Too large to sniff, but hashed; a FIFO or the like never opened.)
        hashed = sha256_of(path) if exc.code == "read.too-large" else ""
        _keep_digest(identity, hashed)
        return found, hashed, None
    try:
        # (Kept when it turns out to be a PDF or a small file of no type.)
        content, digest = _read_hashed(fh, identity[2])
        fh.seek(0)
    except BaseException:
        fh.close()
        raise
    found, package = _sniffed(fh, keep_odt=True, keep_zip=keep, keep_stream=keep)
    opened: OpenPackage | OpenStream | None = package
    if package is None and not fh.closed:  # (a tar, a file gzipped...: keep_stream)
        opened = OpenStream(fh, found.detail)
    _keep(identity, found)
    _keep_digest(identity, digest)
    if content is not None and found.kind == "pdf" and _KEEPING_PDFS[0]:
        # A signed scan: its verification reads it whole, from here.
        _PDFS.keep(identity, content)
    elif content is not None and identity[2] <= _SMALL_MAX and found.kind in ("unknown", "empty"):
        # Text, say (a material): its reading needs no second opening.
        _SMALL.keep(identity, content)
    return found, digest, opened


def _read_hashed(fh: BinaryIO, size: int) -> tuple[bytes | None, str]:
    """The content of ``fh`` (a file of ``size`` bytes, read from its
    start) when it is no larger than the PDFs kept, else None, and its
    SHA-256, from the same reading (a buffer of the file's size, not of
    the bound)."""
    content = fh.read(size + 1) if size <= _PDF_KEPT else b""
    digest = sha256_fh(fh, head=content)
    return (content if len(content) == size else None), digest


def drop_pdf_content(path: Path) -> None:
    """Forget the content of the PDF at ``path`` that a sniff kept (see
    :func:`pdf_content_known`): its verification needs it no more."""
    pdf_content_known(path)


@contextlib.contextmanager
def pdfs_not_kept() -> Iterator[None]:
    """Within the block, a sniff keeps no PDF's content (see
    :func:`pdf_content_known`): for a process that will not verify the
    scans it sniffs (the intake of a check whose workers verify them)."""
    _KEEPING_PDFS[0] = False
    try:
        yield
    finally:
        _KEEPING_PDFS[0] = True


def pdf_content_known(path: Path) -> bytes | None:
    """The content of the PDF at ``path`` as a sniff of it in this process
    read it (see :func:`sniff_digest_open`, :class:`OpenedFiles`), when the
    file has not changed since; else None.  Given once: the content is
    then forgotten (a signed scan's verification takes it)."""
    identity = _identity_at(path)
    return None if identity is None else _PDFS.take(identity)


def content_known(path: Path) -> bytes | None:
    """The content of the file at ``path`` when it is one of the last small
    files of no known type that :func:`sniff_digest_open` read, unchanged
    since (a text material, read from the opening that sniffed it); else
    None."""
    identity = _identity_at(path)
    return None if identity is None else _SMALL.get(identity)


def _keep_digest(key: _Identity, digest: str) -> None:
    _put(_DIGESTS, key, digest)


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file's content (hex).  Raises ``OSError``."""
    with open(path, "rb") as fh:
        return sha256_fh(fh)


def sha256_fh(fh: BinaryIO, *, head: bytes = b"") -> str:
    """The SHA-256 of ``head`` (what was read of ``fh`` already) and the
    rest of ``fh``."""
    h = hashlib.sha256(head)
    while chunk := fh.read(1 << 20):
        h.update(chunk)
    return h.hexdigest()


def digest_of(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The SHA-256 of the regular file at ``path`` (hex): from this run's
    memory when the file, in this version, was hashed before (by intake,
    or by its sniff: see :func:`sniff_and_digest`, :class:`OpenedFiles`),
    else read and kept.  Raises ``OSError`` or ``UnsafeFileError`` (not a
    regular file, or over ``max_bytes``)."""
    st = os.stat(path)
    if st.st_size > max_bytes:
        raise UnsafeFileError("read.too-large", size=st.st_size, limit=max_bytes)
    identity = _identity(st)
    with _SNIFF_LOCK:
        known = _DIGESTS.get(identity)
    if known:
        return known
    with open_regular(path, max_bytes=max_bytes) as fh:
        digest = sha256_fh(fh)
    _keep_digest(identity, digest)
    return digest


def sniff_checked(path: Path) -> Sniffed:
    """The type of the regular file at ``path``, from its content (see
    :func:`reform_brand.safeopen.sniff`); a .docx has its XML parts checked
    too (no ``<!DOCTYPE``), and is ``unsafe`` when they fail.  The answer is
    kept for the run, by the file's identity.  Raises ``OSError``."""
    with OpenedFiles() as files:
        return files.sniff(path)


class OpenedFiles:
    """Paths resolved, files' status read and files sniffed once (see the
    module's text).  Close it, or use it in a ``with`` block."""

    __slots__ = ("_open", "_real", "_sniffed", "_stat", "attachments")

    def __init__(self) -> None:
        #: Attachments resolved for the rules, by (folder, path as given):
        #: their real path, or None when it leaves the folder (kept by
        #: :func:`reform_brand.rules.resolve_attachment`).
        self.attachments: dict[tuple[str, str], Path | None] = {}
        self._real: dict[str, str] = {}
        self._stat: dict[str, os.stat_result | OSError] = {}
        self._sniffed: dict[str, Sniffed] = {}
        self._open: dict[str, OpenPackage] = {}

    def realpath(self, path: str) -> str:
        """``os.path.realpath(path)``, once per path."""
        real = self._real.get(path)
        if real is None:
            real = self._real[path] = os.path.realpath(path)
        return real

    def stat(self, path: str | Path) -> os.stat_result:
        """``os.stat(path)``, once per path (``OSError`` each time it failed)."""
        key = str(path)
        known = self._stat.get(key)
        if known is None:
            try:
                known = os.stat(key)
            except OSError as exc:
                known = exc
            self._stat[key] = known
        if isinstance(known, OSError):
            raise known
        return known

    def sniff(self, path: Path) -> Sniffed:
        """:func:`sniff_checked`, once per path; a .docx stays open for
        :meth:`docx_text`.  Raises ``OSError``."""
        key = str(path)
        found = self._sniffed.get(key)
        if found is not None:
            return found
        try:
            identity: _Identity | None = _identity(self.stat(key))
        except OSError:
            identity = None
        found = _known(identity) if identity is not None else None
        if found is None:
            found, opened = _sniff_checked(path)
            if opened is not None:
                self._open[key] = opened
            if identity is not None:
                _keep(identity, found)
        self._sniffed[key] = found
        return found

    def docx_text(self, path: Path) -> str:
        """The text of the .docx at ``path`` (see
        :func:`reform_brand.safeopen.docx_text`), from the opening its sniff
        kept when there was one, or from this run's memory of the same file
        (same identity and version).  Raises ``UnsafeFileError`` or
        ``OSError``."""
        key = str(path)
        found = self._sniffed.get(key)
        if found is not None and found.kind == "unsafe":
            raise UnsafeFileError(found.code, **found.params)
        if found is not None and found.kind != "docx":
            raise UnsafeFileError("read.not-docx", kind=found.kind, detail=found.detail)
        try:
            identity: _Identity | None = _identity(self.stat(key))
        except OSError:
            identity = None
        if identity is not None:
            with _SNIFF_LOCK:
                text = _TEXTS.get(identity)
                if text is not None:
                    _TEXTS.move_to_end(identity)
                    return text
        opened = self._open.get(key)
        if opened is not None:
            text = opened.text()
        else:
            with open_docx(path) as fresh:
                text = fresh.text()
        if identity is not None:
            _keep_text(identity, text)
        return text

    def close(self) -> None:
        """Close the files kept open."""
        for opened in self._open.values():
            opened.close()
        self._open.clear()

    def __enter__(self) -> OpenedFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
