"""Byte-identical .docx files: fixed zip entry dates, order and attributes."""

from __future__ import annotations

import io
import zipfile

__all__ = ["FIXED_DATE", "deterministic_zip"]

#: The earliest date a zip file can hold; every entry gets it.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_COMPRESSLEVEL = 6


def deterministic_zip(data: bytes) -> bytes:
    """``data`` (a zip file) rewritten so that the same entries give the
    same bytes: entries keep their order (``[Content_Types].xml`` first, as
    python-docx writes it), each with the fixed date, Unix attributes 0644,
    deflated at a fixed level, and no comment or extra fields."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zout.writestr(info, zin.read(item), compresslevel=_COMPRESSLEVEL)
    return out.getvalue()
