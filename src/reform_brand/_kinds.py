"""What a received file is called, by its first bytes and by its name:
the kinds a sniff gives (:data:`FileKind`) and their names in messages, the
archives this program does not open and the other files it only names
(pictures, an Outlook ``winmail.dat``).  Re-exported by
:mod:`reform_brand.safeopen`, which sniffs."""

from __future__ import annotations

from typing import Final, Literal

__all__ = [
    "KIND_NAMES",
    "FileKind",
    "archive_format",
    "content_format",
    "extension_matches",
]

#: Archives this program cannot open, by their first bytes.
_OTHER_ARCHIVES: Final = (
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
)

FileKind = Literal["pdf", "docx", "doc", "odt", "zip", "empty", "unknown", "unsafe"]

#: What each kind is called in messages: (Chinese, English).
KIND_NAMES: Final[dict[str, tuple[str, str]]] = {
    "pdf": ("PDF", "PDF"),
    "docx": ("Word 文档（.docx）", "a Word document (.docx)"),
    "doc": ("Word 97-2003 文档（.doc）", "a Word 97-2003 document (.doc)"),
    "odt": ("OpenDocument 文本（.odt）", "an OpenDocument text (.odt)"),
    "zip": ("ZIP 压缩包", "a zip archive"),
    "empty": ("空文件", "an empty file"),
    "unknown": ("未知内容", "unknown content"),
    "unsafe": ("不安全的压缩包", "an unsafe archive"),
}
_EXTENSIONS: Final = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "doc": (".doc", ".wps"),
    "odt": (".odt",),
    "zip": (".zip",),
}


def extension_matches(name: str, kind: str) -> bool:
    """Whether the file name ``name`` ends as a file of ``kind`` should."""
    return name.lower().endswith(_EXTENSIONS.get(kind, ()))


def archive_format(head: bytes) -> str:
    """``7z`` or ``rar`` for an archive this program does not open (by its
    first bytes), else ""."""
    for magic, name in _OTHER_ARCHIVES:
        if head.startswith(magic):
            return name
    return ""


#: Other files a unit sends that this program does not use, by their first
#: bytes, so that the clerk is told what they are: pictures, and the
#: ``winmail.dat`` into which Outlook packs a rich-text mail's attachments.
_OTHER_FORMATS: Final = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x78\x9f\x3e\x22", "tnef"),
)


def content_format(head: bytes) -> str:
    """:func:`archive_format`, or what else a file of unknown content is by
    its first bytes (:data:`_OTHER_FORMATS`), else ""."""
    found = archive_format(head)
    if found:
        return found
    return next((name for magic, name in _OTHER_FORMATS if head.startswith(magic)), "")
