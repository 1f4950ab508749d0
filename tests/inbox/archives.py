"""Archives as units make them, for the tests and the demo inbox."""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterable

#: A fixed time, so that an archive is the same bytes every time it is built.
FIXED = (2022, 8, 17, 9, 30, 0)


class _LegacyName(zipfile.ZipInfo):
    """An entry whose name is written in GBK without the UTF-8 flag, as
    Windows' "send to compressed folder" writes Chinese names."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def gbk_zip(files: Iterable[tuple[str, bytes]], *, mode: int = 0o100644) -> bytes:
    """A zip archive of ``files`` with GBK entry names (no UTF-8 flag)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = _LegacyName(name, FIXED)
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
