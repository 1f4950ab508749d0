"""OpenDocument texts whose repeated rows and cells (``number-rows-repeated``,
``number-columns-repeated``) multiply: a few hundred bytes that a reader
writing every repetition out turns into billions of cells."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def repeated_tables(depth: int, text: str = "x") -> bytes:
    """An .odt whose text is a table of 64 rows of 64 cells, each holding the
    same table, ``depth`` levels deep, the innermost cells holding ``text``:
    64 ** (2 * depth) cells once written out."""
    cell = f"<text:p>{text}</text:p>"
    for _ in range(depth):
        cell = (
            '<table:table><table:table-row table:number-rows-repeated="64">'
            f'<table:table-cell table:number-columns-repeated="64">{cell}</table:table-cell>'
            "</table:table-row></table:table>"
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}>'
        f"<office:body><office:text>{cell}</office:text></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", _MANIFEST)
    return out.getvalue()


def write_repeated_tables(path: Path, depth: int = 3) -> None:
    path.write_bytes(repeated_tables(depth))
