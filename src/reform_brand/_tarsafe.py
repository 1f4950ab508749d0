"""Reading a tar archive, or a file compressed by gzip, bzip2 or xz, that a
unit sent (a Mac or Linux user's .tar, .tar.gz/.tgz, .tar.bz2/.tbz2,
.tar.xz/.txz, or one file gzipped), under the limits every archive has
(:mod:`reform_brand.safeopen`).

Such an archive has no directory to check before anything is decompressed,
as a zip has: its limits are checked while it is read, never after.  The
stream is read twice from the same opening (:class:`OpenStream`): first its
headers, counted and checked as :func:`~reform_brand.safeopen.check_zip`
checks a zip's directory (entry count, the total size declared, and the
decompressed stream stopped as soon as it passes the total limit or the
compression ratio), then the entries taken out one by one, each no larger
than it declares.  A compressed file whose content is no tar is one file:
named by its gzip header, else by the archive's name without its suffix.

Names are decoded as a zip's are (UTF-8, else GBK); links (symbolic or
hard), devices and FIFOs are never taken out (:func:`member_problem`).  A
damaged stream raises ``tarfile.ReadError``, one cut short ``EOFError``;
a limit passed :class:`~reform_brand.safeopen.UnsafeFileError`
(``read.unsafe-zip``).
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import io
import lzma
import tarfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

from attrs import frozen

from reform_brand._zipmember import RATIO_FLOOR, zip_params
from reform_brand.safeopen import (
    MAX_FILE_BYTES,
    MAX_ZIP_ENTRIES,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL,
    UnsafeFileError,
    open_regular,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["Member", "OpenStream", "StreamReader", "member_problem"]

#: What a decompressor raises on damaged data (gzip's ``BadGzipFile`` and
#: bzip2's are ``OSError``).
_DAMAGED: Final[tuple[type[Exception], ...]] = (OSError, zlib.error, lzma.LZMAError, ValueError)
#: The suffixes of a compressed file, and what the file is without them.
_SUFFIXES: Final = {
    ".tgz": ".tar",
    ".tbz2": ".tar",
    ".tbz": ".tar",
    ".txz": ".tar",
    ".gz": "",
    ".gzip": "",
    ".bz2": "",
    ".xz": "",
}
#: The longest name read from a gzip header.
_MAX_NAME: Final = 1024
#: The most a member's headers (its header block, a long name, pax records)
#: may take of the stream: a path of 4096 bytes takes some 5 KB.
_MAX_HEADERS: Final = 1024 * 1024


class OpenStream:
    """An archive of ``fmt`` (``tar``, ``gz``, ``bz2``, ``xz``) held open
    (:attr:`fh`), its entries read from that one opening.  Close it, or use
    it in a ``with`` block."""

    __slots__ = ("fh", "fmt")

    def __init__(self, fh: io.BufferedReader, fmt: str) -> None:
        self.fh, self.fmt = fh, fmt

    @classmethod
    def at(cls, path: Path, fmt: str) -> OpenStream:
        """The archive at ``path`` opened (a regular file within the size
        limit: :func:`~reform_brand.safeopen.open_regular`)."""
        return cls(open_regular(path), fmt)

    def close(self) -> None:
        self.fh.close()

    def __enter__(self) -> OpenStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@frozen
class Member:
    """One entry of a stream: its name (decoded, ``/`` between its folders),
    its size as declared, and what it is: ``file``, ``dir``, ``link`` (a
    symbolic link), ``hardlink`` or ``special`` (a device, a FIFO, a type
    unknown)."""

    name: str
    size: int
    what: str


def member_problem(member: Member, name: str) -> str:
    """Why ``member``, named ``name`` once made safe to write, must not be
    taken out (the keys of a refused zip entry): ``path`` (absolute, a
    drive, ``..``, a NUL), ``link``, ``hardlink``, ``special``, ``size`` (over
    :data:`~reform_brand.safeopen.MAX_FILE_BYTES`); "" when it may."""
    raw = member.name
    parts = name.split("/")
    if "\x00" in name or raw.startswith("/") or ":" in name or ".." in parts:
        return "path"
    if member.what in ("link", "hardlink", "special"):
        return member.what
    return "size" if member.size > MAX_FILE_BYTES else ""


class _Decompressed(io.RawIOBase):
    """The stream of ``opened`` from its start, decompressed, with the
    limits checked as it is read: ``read.unsafe-zip`` (``size``) past the
    total limit, (``ratio``) past the ratio limit once past its floor; and a
    broken archive past :attr:`limit`, where the headers of the next member
    must have ended (see :func:`_members`)."""

    def __init__(self, opened: OpenStream) -> None:
        super().__init__()
        opened.fh.seek(0)
        self.fh = opened.fh
        self.out = 0
        self.limit: int | None = None
        self.src: io.BufferedIOBase = _decompressor(opened.fh, opened.fmt)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self.src.read(len(view))
        except _DAMAGED as exc:
            raise tarfile.ReadError(f"damaged data: {exc}") from None
        view[: len(data)] = data
        self.out += len(data)
        if self.limit is not None and self.out > self.limit:
            raise tarfile.ReadError("a member's header is longer than any real one")
        if self.out > MAX_ZIP_TOTAL:
            raise UnsafeFileError("read.unsafe-zip", **zip_params("size", self.out, MAX_ZIP_TOTAL))
        read = max(self.fh.tell(), 1)
        if self.src is not self.fh and self.out > RATIO_FLOOR and self.out > MAX_ZIP_RATIO * read:
            ratio = zip_params("ratio", -(-self.out // read), MAX_ZIP_RATIO)
            raise UnsafeFileError("read.unsafe-zip", **ratio)
        return len(data)


def _decompressor(fh: io.BufferedReader, fmt: str) -> io.BufferedIOBase:
    if fmt == "gz":
        return gzip.GzipFile(fileobj=fh, mode="rb")
    if fmt == "bz2":
        return bz2.BZ2File(fh)
    if fmt == "xz":
        return lzma.LZMAFile(fh)
    return fh


def _name(raw: str) -> str:
    """A member's name as its maker meant it: the bytes tarfile could not
    read as UTF-8 read as GBK (GB18030), as a zip's; ``\\`` read as ``/``;
    ``./`` and empty parts left out."""
    data = raw.encode("utf-8", "surrogateescape")
    try:
        name = data.decode("utf-8")
    except UnicodeDecodeError:
        name = data.decode("gb18030", "replace")
    name = name.replace("\\", "/")
    lead = "/" if name.startswith("/") else ""
    return lead + "/".join(p for p in name.split("/") if p not in ("", "."))


def _what(info: tarfile.TarInfo) -> str:
    """``link``, ``hardlink``, ``dir``, ``file``; ``special`` for a device,
    a FIFO or a type unknown."""
    if info.issym():
        return "link"
    if info.islnk():
        return "hardlink"
    if info.isdir():
        return "dir"
    return "file" if info.isreg() else "special"


def _read_up_to(stream: _Decompressed, most: int) -> bytes:
    """Up to ``most`` bytes of ``stream``, read in pieces."""
    parts: list[bytes] = []
    got = 0
    while got < most:
        piece = stream.read(min(1 << 16, most - got))
        if not piece:
            break
        parts.append(piece)
        got += len(piece)
    return b"".join(parts)


def _members(tar: tarfile.TarFile, stream: _Decompressed) -> Iterator[tarfile.TarInfo]:
    """The members of ``tar``, read from ``stream`` in order, their count
    checked as they come.  tarfile reads a member's long name or pax
    records (or a sparse file's map) whole, so each member's headers may
    take no more than :data:`_MAX_HEADERS` of the stream after the data of
    the one before; a sparse file (whose real size its headers only claim)
    is not read at all (``NotImplementedError``)."""
    with _cut_short():
        for n, info in enumerate(tar, start=1):
            if n > MAX_ZIP_ENTRIES:
                params = zip_params("entries", n, MAX_ZIP_ENTRIES)
                raise UnsafeFileError("read.unsafe-zip", **params)
            if info.issparse():
                raise NotImplementedError("a sparse file in the archive")
            skipped = info.isreg() or info.type not in tarfile.SUPPORTED_TYPES
            data = -(-info.size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE if skipped else 0
            stream.limit = info.offset_data + data + _MAX_HEADERS
            yield info


@contextlib.contextmanager
def _cut_short() -> Iterator[None]:
    """tarfile's "unexpected end of data" as what it is: a stream cut short
    (``EOFError``), not a damaged one."""
    try:
        yield
    except tarfile.ReadError as exc:
        if "unexpected end" in str(exc):
            raise EOFError(str(exc)) from None
        raise


def _open_tar(stream: _Decompressed) -> tarfile.TarFile:
    """The tar of ``stream`` opened, its first member's headers read (within
    :data:`_MAX_HEADERS`)."""
    stream.limit = stream.out + _MAX_HEADERS
    return tarfile.open(fileobj=stream, mode="r|", encoding="utf-8", errors="surrogateescape")


def _drain(stream: _Decompressed) -> int:
    """The rest of ``stream`` read (its limits checked, a damaged or cut
    stream found); its length."""
    stream.limit = None
    while stream.read(1 << 16):
        pass
    return stream.out


class StreamReader:
    """The entries of the archive held open in ``opened`` (named ``name``):
    :meth:`members` checks the stream, :meth:`read` takes an entry out."""

    def __init__(self, opened: OpenStream, name: str) -> None:
        self.opened, self.name = opened, name
        #: Whether the stream is a tar (else one compressed file).
        self.tar = opened.fmt == "tar" or _holds_tar(opened)
        self._stream: _Decompressed | None = None
        self._tar: tarfile.TarFile | None = None
        self._next: Iterator[tarfile.TarInfo] | None = None
        self._at = -1

    def members(self) -> list[Member]:
        """The stream's entries, in order, once every limit is checked over
        the whole stream (see the module)."""
        stream = _Decompressed(self.opened)
        if not self.tar:
            size = _drain(stream)
            return [Member(self._single_name(), size, "file")]
        found: list[tuple[tarfile.TarInfo, Member]] = []
        declared = 0
        with _open_tar(stream) as tar:
            for info in _members(tar, stream):
                member = Member(_name(info.name), info.size, _what(info))
                declared += info.size if member.what == "file" else 0
                if declared > MAX_ZIP_TOTAL:
                    raise UnsafeFileError(
                        "read.unsafe-zip", **zip_params("size", declared, MAX_ZIP_TOTAL)
                    )
                found.append((info, member))
            end = _drain(stream)
        if any(i.offset_data + (i.size if m.what == "file" else 0) > end for i, m in found):
            raise EOFError("the archive ends inside an entry")
        return [m for _i, m in found]

    def read(self, index: int, member: Member) -> bytes:
        """The bytes of the ``index``-th entry, ``member`` (entries are read
        in their order: an earlier one cannot be read again)."""
        if not self.tar:
            data = _read_up_to(_Decompressed(self.opened), MAX_FILE_BYTES + 1)
        else:
            data = self._tar_entry(index, member)
        if len(data) != member.size:
            raise tarfile.ReadError("the entry's size differs from its header")
        return data

    def _tar_entry(self, index: int, member: Member) -> bytes:
        if self._next is None or index <= self._at:
            self._stream = _Decompressed(self.opened)
            self._tar = _open_tar(self._stream)
            self._next, self._at = _members(self._tar, self._stream), -1
        assert self._tar is not None
        info: tarfile.TarInfo | None = None
        while self._at < index:
            with _cut_short():
                info = next(self._next, None)
            self._at += 1
            if info is None:
                raise EOFError("the archive ends before the entry")
        assert info is not None
        if _name(info.name) != member.name:
            raise tarfile.ReadError("the archive changed while it was read")
        fh = self._tar.extractfile(info)
        if fh is None:
            raise tarfile.ReadError("not a file")
        with _cut_short():
            return fh.read(min(member.size, MAX_FILE_BYTES) + 1)

    def _single_name(self) -> str:
        """The name of a compressed file's one file: its gzip header's, else
        the archive's without its suffix (``申报表.docx.gz``: ``申报表.docx``)."""
        if self.opened.fmt == "gz":
            named = _gzip_name(self.opened.fh)
            if named:
                return named
        stem, dot, suffix = self.name.rpartition(".")
        if not dot or not stem or f".{suffix.lower()}" not in _SUFFIXES:
            return self.name
        return stem + _SUFFIXES[f".{suffix.lower()}"]


def _holds_tar(opened: OpenStream) -> bool:
    """Whether the compressed stream holds a tar (its first header's
    ``ustar`` mark)."""
    head = _read_up_to(_Decompressed(opened), 512)
    return head[257:262] == b"ustar"


def _gzip_name(fh: io.BufferedReader) -> str:
    """The file name a gzip header holds (``gzip -N``), decoded as a zip
    entry's; "" for none."""
    fh.seek(0)
    head = fh.read(10 + 2 + 0xFFFF + _MAX_NAME)
    if len(head) < 10 or not head[3] & 0x08:
        return ""
    at = 10
    if head[3] & 0x04:  # FEXTRA: two bytes of length, then the field
        at += 2 + int.from_bytes(head[10:12], "little")
    end = head.find(b"\x00", at, at + _MAX_NAME)
    if end < 0:
        return ""
    return _name(head[at:end].decode("utf-8", "surrogateescape"))
