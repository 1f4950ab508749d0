"""The paths ``check`` is given: on the command line, then in a list file
(``--files-from FILE``, ``-`` for the standard input).

A command line holds some 2 MB (Linux), a few tens of thousands of paths:
a batch of 100,000 files is given in a list, one path a line (as ``find``
prints them; a line's ``\\r`` end is dropped, empty lines and lines of
blanks are skipped), or separated by NUL characters (``find -print0``: any
name, line ends included).  A list holding a NUL character is read as the
latter.  A path is taken as it is written, a relative one from the current
folder, as on the command line; bytes that are not UTF-8 are kept as the file system's
(as ``os.fsdecode`` does).  A list saved by a Windows editor or shell may
open with a byte-order mark: a UTF-8 one is dropped, and a list that opens
with a UTF-16 one (PowerShell's ``>``) is read as UTF-16 text.

The list is read once, as it comes (standard input included), into a
private temporary file, NUL-separated, and read from there each time the
paths are gone through: the batch's paths are never held in memory.
"""

from __future__ import annotations

import codecs
import errno
import itertools
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Final

from reform_brand.cli._inputs import held_pipe
from reform_brand.codes.reasons import known_reason, os_reason
from reform_brand.errors import UsageError
from reform_brand.i18n import Texts

__all__ = ["Given", "given_paths"]

#: The list is read and copied in blocks of this many bytes.
_BLOCK: Final = 1 << 16

#: An entry longer than this is no path (Linux's longest is 4,096 bytes):
#: a list without separators is not held whole.
LONGEST: Final = 1 << 15


class Given:
    """The paths to check, gone through as often as asked: those of the
    command line, then those of the list (kept in a private temporary
    file).  Close it when done."""

    def __init__(self, given: list[str], listed: IO[bytes] | None = None, count: int = 0):
        self._given = given
        self._listed = listed
        self._count = len(given) + count
        #: The places of the paths passed over: a file given again.
        self._skipped: frozenset[int] = frozenset()

    def __len__(self) -> int:
        return self._count - len(self._skipped)

    def __iter__(self) -> Iterator[str]:
        paths = self._all()
        if not self._skipped:
            yield from paths
            return
        for n, path in enumerate(paths):
            if n not in self._skipped:
                yield path

    def _all(self) -> Iterator[str]:
        yield from self._given
        if self._listed is None:
            return
        self._listed.seek(0)
        for raw in _split(self._listed, b"\0"):
            yield os.fsdecode(raw)

    def skip(self, places: Iterable[int]) -> None:
        """Pass over the paths at ``places`` (counted before any is passed
        over) from now on: the same file given twice is checked once."""
        self._skipped = frozenset(places)

    def close(self) -> None:
        if self._listed is not None:
            self._listed.close()

    def __enter__(self) -> Given:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: The command line's texts ``cli.check.KEY`` of the message catalogue.
_t: Final = Texts("cli.check")


def given_paths(given: list[str], files_from: str | None, lang: str) -> Given:
    """The paths of the command line, and those of the list ``files_from``
    (a file, or ``-``: the standard input) copied to a private file.  A
    usage error when there are none, when the list cannot be read, or when
    it holds an entry too long to be a path."""
    if files_from is None:
        if not given:
            raise UsageError(detail=_t("no-paths", lang))
        return Given(given)
    copy = tempfile.TemporaryFile(prefix="reform-brand-paths-")  # noqa: SIM115 (closed by Given)
    try:
        count = _copy(files_from, copy, lang)
    except BaseException:
        copy.close()
        raise
    if not given and not count:
        copy.close()
        raise UsageError(detail=_t("no-paths", lang))
    return Given(given, copy, count)


def _copy(files_from: str, copy: IO[bytes], lang: str) -> int:
    """Copy the list's entries to ``copy``, NUL-separated; their number."""
    shown = "-" if files_from == "-" else files_from
    try:
        source = sys.stdin.buffer if files_from == "-" else _open_list(files_from)
    except OSError as exc:
        raise UsageError(detail=_t("files-from", lang, path=shown, reason=os_reason(exc))) from None
    except _NotAFile:
        reason = known_reason("not a regular file")
        raise UsageError(detail=_t("files-from", lang, path=shown, reason=reason)) from None
    count = 0
    try:
        blocks = _blocks(source)
        first = next(blocks, b"")
        sep = b"\0" if b"\0" in first else b"\n"
        for raw in _split_blocks(itertools.chain([first], blocks), sep):
            if sep == b"\n" and raw.endswith(b"\r"):
                raw = raw[:-1]
            if sep == b"\n" and not raw.strip():
                continue  # a line of blanks (an editor's), as an empty one
            if len(raw) > LONGEST:
                raise _TooLong
            if raw:
                copy.write(raw + b"\0")
                count += 1
    except _TooLong:
        raise UsageError(detail=_t("files-from-long", lang, path=shown, n=count + 1)) from None
    except UnicodeDecodeError:
        reason = known_reason("not utf-16")
        raise UsageError(detail=_t("files-from", lang, path=shown, reason=reason)) from None
    except OSError as exc:
        raise UsageError(detail=_t("files-from", lang, path=shown, reason=os_reason(exc))) from None
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    copy.flush()
    return count


def _open_list(path: str) -> IO[bytes]:
    """The list file ``path`` opened for reading, never by a blocking open:
    a regular file, or a pipe this process holds already (``--files-from
    <(find ...)``).  A named pipe no one may ever write to, a device
    (``/dev/zero``: read for ever) or a socket is :class:`_NotAFile`; a
    folder is the system's error."""
    st = os.stat(path)
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        held = held_pipe(st)
        if held is None:
            raise _NotAFile
        return os.fdopen(os.dup(held), "rb")
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if not stat.S_ISREG(st.st_mode):
        raise _NotAFile
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced after the stat
        os.close(fd)
        raise _NotAFile
    return os.fdopen(fd, "rb")


class _NotAFile(Exception):
    """The list is no regular file and no pipe this process holds."""


class _TooLong(Exception):
    """An entry of the list is longer than :data:`LONGEST`."""


#: Byte-order marks a list may open with, and the text encoding each
#: announces (None: UTF-8, the mark dropped).
_MARKS: Final = (
    (codecs.BOM_UTF8, None),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _blocks(source: IO[bytes]) -> Iterator[bytes]:
    """The list's bytes in blocks, as the file system names files: a UTF-8
    byte-order mark dropped, a list in UTF-16 (its mark first) decoded and
    given as the file system's bytes (:func:`os.fsencode`)."""
    first = source.read(_BLOCK)
    rest = iter(lambda: source.read(_BLOCK), b"")
    for mark, encoding in _MARKS:
        if first.startswith(mark):
            first = first[len(mark) :]
            if encoding is None:
                break
            decoder = codecs.getincrementaldecoder(encoding)()
            for block in itertools.chain([first], rest):
                yield os.fsencode(decoder.decode(block))
            yield os.fsencode(decoder.decode(b"", final=True))
            return
    yield first
    yield from rest


def _split(source: IO[bytes], sep: bytes) -> Iterator[bytes]:
    """The non-empty entries of ``source`` between ``sep``, read in blocks."""
    return _split_blocks(iter(lambda: source.read(_BLOCK), b""), sep)


def _split_blocks(blocks: Iterable[bytes], sep: bytes) -> Iterator[bytes]:
    """The non-empty entries between ``sep`` of the bytes in ``blocks``."""
    rest = b""
    for block in blocks:
        parts = (rest + block).split(sep)
        rest = parts.pop()
        if len(rest) > LONGEST:
            raise _TooLong
        yield from (part for part in parts if part)
    if rest:
        yield rest
