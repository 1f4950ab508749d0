"""The entries of an archive received, whatever its format, as intake takes
them out (:mod:`reform_brand.office._archive`): a zip's, under its checked
directory (:mod:`reform_brand.safeopen`), and a tar's or a compressed
file's, checked while its stream is read (:mod:`reform_brand._tarsafe`).
The names they are written under are made by
:mod:`reform_brand.office._archive_names`."""

from __future__ import annotations

import contextlib
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Final

from attrs import frozen

from reform_brand._tarsafe import OpenStream, StreamReader, member_problem
from reform_brand._zipmember import open_zip
from reform_brand.office._mail_text import big5_or
from reform_brand.safeopen import (
    OpenPackage,
    UnsafeFileError,
    check_zip,
    entry_name,
    entry_problem,
    open_regular,
    read_entry,
)

__all__ = [
    "ARCHIVE_ERRORS",
    "ENTRY_ERRORS",
    "ArchiveEntry",
    "archive_entries",
    "stream_entries",
    "zip_entries",
]


#: What opening an archive or listing its entries raises when it is
#: damaged or cut short (besides :class:`UnsafeFileError`).
ARCHIVE_ERRORS: Final[tuple[type[Exception], ...]] = (
    zipfile.BadZipFile,
    tarfile.TarError,
    EOFError,
    NotImplementedError,
    ValueError,
    OSError,
)
#: What reading an entry raises when it cannot be taken out (a damaged
#: archive, one cut short, an entry longer than it declares).
ENTRY_ERRORS: Final[tuple[type[Exception], ...]] = (
    UnsafeFileError,
    zipfile.BadZipFile,
    tarfile.TarError,
    EOFError,
    OSError,
    ValueError,
)


@frozen
class ArchiveEntry:
    """One entry of an archive: its name as its maker meant it, its size as
    declared, whether it is a folder, why it must not be taken out once
    named for writing (``problem(name)``: a key of
    :data:`~reform_brand.office._archive_why.REFUSED`, or "") and its bytes
    (``read()``, read in the archive's order)."""

    name: str
    size: int
    is_dir: bool
    problem: Callable[[str], str]
    read: Callable[[], bytes]


def zip_entries(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> list[ArchiveEntry]:
    """The entries of a zip archive whose directory was checked
    (:func:`~reform_brand.safeopen.check_zip`)."""
    return [
        ArchiveEntry(
            name=_zip_name(info),
            size=info.file_size,
            is_dir=info.is_dir(),
            problem=partial(entry_problem, info),
            read=partial(read_entry, zf, info),
        )
        for info in infos
    ]


def _zip_name(info: zipfile.ZipInfo) -> str:
    """An entry's name (:func:`~reform_brand.safeopen.entry_name`), or its
    bytes read as Big5 when they are that (a zip made on a Windows set to
    traditional Chinese: :func:`~reform_brand.office._mail_text.big5_or`)."""
    name = entry_name(info)
    if info.flag_bits & 0x800 or info.orig_filename.isascii():
        return name
    try:
        raw = info.orig_filename.encode("cp437")
        raw.decode("utf-8")
    except UnicodeEncodeError:
        return name
    except UnicodeDecodeError:  # (read as GBK: perhaps Big5)
        return big5_or(raw, name).replace("\\", "/")
    return name


def stream_entries(opened: OpenStream, name: str) -> list[ArchiveEntry]:
    """The entries of the tar or compressed file held open in ``opened``
    (named ``name``), its stream checked first (see
    :mod:`reform_brand._tarsafe`)."""
    reader = StreamReader(opened, name)
    return [
        ArchiveEntry(
            name=member.name,
            size=member.size,
            is_dir=member.what == "dir",
            problem=partial(member_problem, member),
            read=partial(reader.read, n, member),
        )
        for n, member in enumerate(reader.members())
    ]


@contextlib.contextmanager
def archive_entries(path: Path, fmt: str, kept: object, name: str) -> Iterator[list[ArchiveEntry]]:
    """The entries of the archive at ``path`` (named ``name``): a zip's
    (``fmt`` "zip", its directory checked), or a tar's or a file's
    compressed alone (``fmt`` its format), read from ``kept`` when the look
    for archives kept the file open (an :class:`OpenPackage` for a zip, an
    :class:`OpenStream` else; the other kind is closed).  Raises
    :class:`UnsafeFileError` or one of :data:`ARCHIVE_ERRORS`."""
    if fmt != "zip":
        if isinstance(kept, OpenPackage):
            kept.close()
        with kept if isinstance(kept, OpenStream) else OpenStream.at(path, fmt) as opened:
            yield stream_entries(opened, name)
        return
    if isinstance(kept, OpenStream):
        kept.close()
    package = kept if isinstance(kept, OpenPackage) else None
    try:
        with contextlib.nullcontext(package.zf) if package is not None else _opened_zip(path) as zf:
            yield zip_entries(zf, check_zip(zf))
    finally:
        if package is not None:
            package.close()


@contextlib.contextmanager
def _opened_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """The zip archive at ``path``, opened for its entries."""
    with open_regular(path) as fh, open_zip(fh) as zf:
        yield zf
