"""Archives as units make them, for the tests and the demo inbox."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import stat
import tarfile
import zipfile
from collections.abc import Iterable

#: A fixed time, so that an archive is the same bytes every time it is built.
FIXED = (2022, 8, 17, 9, 30, 0)


class _LegacyName(zipfile.ZipInfo):
    """An entry whose name is written in GBK without the UTF-8 flag, as
    Windows' "send to compressed folder" writes Chinese names."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


class _Big5Name(zipfile.ZipInfo):
    """An entry whose name is written in Big5 without the UTF-8 flag, as a
    Windows set to traditional Chinese writes it."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("big5"), self.flag_bits & ~0x800


class _MislabelledName(zipfile.ZipInfo):
    """An entry whose name is written in GBK with the UTF-8 flag set, as
    some Windows zippers write it."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits | 0x800


def gbk_zip(
    files: Iterable[tuple[str, bytes]],
    *,
    mode: int = 0o100644,
    flagged: bool = False,
    big5: bool = False,
) -> bytes:
    """A zip archive of ``files`` with GBK entry names (no UTF-8 flag, or
    with it set all the same when ``flagged``; in Big5 with ``big5``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            kind = _Big5Name if big5 else _MislabelledName if flagged else _LegacyName
            info = kind(name, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = mode << 16
            z.writestr(info, data)
    return out.getvalue()


def utf8_zip(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip archive of ``files`` with UTF-8 names (the flag set)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            z.writestr(info, data)
    return out.getvalue()


def link_zip(name: str, target: str) -> bytes:
    """A zip archive holding one symbolic link."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        info = zipfile.ZipInfo(name, FIXED)
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, target)
    return out.getvalue()


def tar_archive(
    files: Iterable[tuple[str, bytes]],
    *,
    encoding: str = "utf-8",
    special: Iterable[tuple[str, bytes, str]] = (),
) -> bytes:
    """A tar archive of ``files`` (names written in ``encoding``, as GNU tar
    writes them), then the ``special`` entries: (name, tar type, link
    target), a link or a device with no data."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT, encoding=encoding) as t:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 1660699800, 0o644
            t.addfile(info, io.BytesIO(data))
        for name, kind, target in special:
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.mtime = kind, target, 1660699800
            t.addfile(info)
    return out.getvalue()


def compressed(data: bytes, suffix: str) -> bytes:
    """``data`` as a file of ``suffix`` holds it: gzip (.gz, .tgz), bzip2
    (.bz2, .tbz2) or xz (.xz, .txz); as it is for .tar."""
    if suffix.endswith(("gz", ".tgz")):
        return gzip.compress(data, mtime=0)
    if suffix.endswith(("bz2", ".tbz2")):
        return bz2.compress(data)
    if suffix.endswith(("xz", ".txz")):
        return lzma.compress(data)
    return data
