"""What a received file is called, by its first bytes and by its name:
the kinds a sniff gives (:data:`FileKind`) and their names in messages, the
archives other than a zip and the other files it only names
(pictures, an Outlook ``winmail.dat``).  Re-exported by
:mod:`reform_brand.safeopen`, which sniffs."""

from __future__ import annotations

import binascii
import io
import re
import zipfile
from collections.abc import Collection
from typing import IO, Final, Literal

__all__ = [
    "ARCHIVE_FORMATS",
    "KIND_NAMES",
    "MAX_ZIP_ENTRIES",
    "OFFICE",
    "OTHER_NAMES",
    "PICTURES",
    "STREAMED_ARCHIVES",
    "UNOPENED_ARCHIVES",
    "WEB_PAGE_REACH",
    "FileKind",
    "archive_format",
    "content_format",
    "declared_entries",
    "document_format",
    "extension_matches",
    "kind_name",
    "office_package",
    "ole_content",
    "ole_name",
    "saved_by_word",
    "zip_name",
]

#: Archives other than a zip, by their first bytes: 7-Zip, RAR, and what a
#: Mac or Linux user sends (a .tar.gz is gzip; a .tar is told by its
#: header's ``ustar`` mark, :func:`archive_format`).
_OTHER_ARCHIVES: Final = (
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\x1f\x8b\x08", "gz"),
    (b"\xfd7zXZ\x00", "xz"),
)
#: The archives this program does not open (``inbox.archive-unsupported``).
UNOPENED_ARCHIVES: Final = frozenset({"7z", "rar"})
#: The archives read as one stream, with the standard library: a .tar, and a
#: file compressed by gzip, bzip2 or xz (a compressed .tar, or one file).
STREAMED_ARCHIVES: Final = frozenset({"tar", "gz", "bz2", "xz"})
#: Every archive other than a zip that :func:`archive_format` tells.
ARCHIVE_FORMATS: Final = UNOPENED_ARCHIVES | STREAMED_ARCHIVES

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
    "docx": (".docx", ".docm", ".dotx", ".dotm"),
    "doc": (".doc", ".wps"),
    "odt": (".odt",),
    "zip": (".zip",),
}


def extension_matches(name: str, kind: str) -> bool:
    """Whether the file name ``name`` ends as a file of ``kind`` should."""
    return name.lower().endswith(_EXTENSIONS.get(kind, ()))


def archive_format(head: bytes) -> str:
    """One of :data:`ARCHIVE_FORMATS` for an archive other than a zip (by
    its first bytes, of which ``head`` holds 512 or more), else ""."""
    for magic, name in _OTHER_ARCHIVES:
        if head.startswith(magic):
            return name
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
        return "bz2"
    if head[257:262] == b"ustar":
        return "tar"
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


#: What Word or a web system saves under a Word file's name that is not a
#: Word document: (Chinese, English), by :func:`document_format`.
DOCUMENT_NAMES: Final[dict[str, tuple[str, str]]] = {
    "rtf": ("富文本文档", "an RTF document"),
    "html": ("网页（HTML）", "a web page (HTML)"),
    "mht": ("网页存档", "a web archive (MHT)"),
    "word-html": ("网页（Word 或 WPS 另存为网页）", "a web page saved by Word or WPS"),
    "word-mht": (
        "单个文件网页（Word 或 WPS 另存为网页）",
        "a single-file web page (MHT) saved by Word or WPS",
    ),
    "wordxml": ("Word XML 文档", "a Word XML document"),
    "fodt": ("OpenDocument 单文件文档（.fodt）", "a flat OpenDocument document (.fodt)"),
}


def document_format(head: bytes) -> str:
    """``rtf``, ``html``, ``mht``, ``wordxml`` or ``fodt`` for a document
    saved as "Word" by an older Word, WPS or a web system (its first bytes
    ``head``), else "": a Word 2003 XML document or Word's XML document of
    one file (``<?mso-application progid="Word.Document"?>``), as web
    systems export a form under a .doc name, and LibreOffice's flat .fodt."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(b"{\\rtf"):
        return "rtf"
    if text.startswith((b"<html", b"<!doctype html")) or (
        text.startswith((b"<?xml", b"<!--", b"<meta")) and b"<html" in text
    ):
        return "html"
    if text.startswith(b"<?xml") and (
        b'progid="word.document"' in text or b"<w:worddocument" in text
    ):
        return "wordxml"
    if text.startswith(b"<?xml") and b"<office:document " in text:
        return "fodt"
    if text.startswith(b"mime-version:") and b"multipart/related" in text:
        return "mht"
    return ""


#: How many of a web page's first bytes are looked through for what made it
#: (its head: Word writes its namespace on the first line, its generator
#: a few lines below), and of a web archive's for the page it holds (its
#: MIME header, Word's note on what the file is, then the page).
_PAGE_HEAD: Final = 8192
WEB_PAGE_REACH: Final = 65536
#: What tells a page Word or WPS saved (Save as Web Page): the namespace of
#: Word's own markup, or a generator of Word's or WPS's name.
_WORD_NAMESPACE: Final = b"urn:schemas-microsoft-com:office:word"
_META: Final = re.compile(rb"<meta\b[^>]{0,1024}>")
_GENERATOR: Final = re.compile(rb"\bname\s*=\s*[\"']?generator\b")
_CONTENT: Final = re.compile(rb"\bcontent\s*=\s*[\"']?([^\"'>]*)")
_WPS: Final = re.compile(rb"\bwps\b")
#: The generator of a mail's body written in Outlook (Word is its editor,
#: and writes its namespace there too): a mail, no form saved as a page.
_MAIL_BODY: Final = b"(filtered medium)"
#: What a page of the folder Word saves beside the page (``申报表.files/``:
#: the header and footer, ``header.htm``) names the page by: a part of the
#: form saved, no form of its own.
_MAIN_FILE: Final = re.compile(rb"<link\b[^>]{0,1024}\brel\s*=\s*[\"']?main-file\b")


def _generator(page: bytes) -> bytes:
    """What the ``<meta name=Generator>`` of ``page`` (lower case) names, or b""."""
    for tag in _META.findall(page):
        content = _CONTENT.search(tag)
        if _GENERATOR.search(tag) and content is not None:
            return content.group(1).strip()
    return b""


def _by_word(page: bytes) -> bool:
    """Whether the web page ``page`` (its first bytes) was saved by Word or
    WPS: its generator (``Microsoft Word 15``, ``WPS Office``) or Word's
    namespace says so, and it is no mail's body written in Outlook, nor a
    part of another page Word saved (its header and footer)."""
    page = page[:_PAGE_HEAD].lower()
    made_by = _generator(page)
    if _MAIL_BODY in made_by or _MAIN_FILE.search(page) is not None:
        return False
    word = made_by.startswith(b"microsoft word") or _WPS.search(made_by) is not None
    return word or _WORD_NAMESPACE in page


#: The header that starts the page of a web archive, and that of its
#: transfer encoding.
_PAGE_PART: Final = re.compile(rb"^content-type:[ \t]*text/html\b", re.IGNORECASE | re.MULTILINE)
_ENCODING: Final = re.compile(
    rb"^content-transfer-encoding:[ \t]*([a-z0-9-]+)", re.IGNORECASE | re.MULTILINE
)
#: What ends the page's part encoded as base64: the boundary's line, the
#: first that starts with ``--`` (no line of base64 does).
_BOUNDARY: Final = re.compile(rb"^--", re.MULTILINE)


def _archived_page(start: bytes) -> bytes:
    """The first bytes of the first web page the web archive ``start`` (its
    first bytes, a MIME message) holds, decoded; b"" if none.  Read by its
    headers, not by a parser of MIME: a message of parts nested a thousand
    deep is no page (a parser's recursion would end in an error).  (Only
    the page's head is looked at: what follows it is never read.)"""
    text = start.replace(b"\r\n", b"\n")
    found = _PAGE_PART.search(text)
    blank = text.find(b"\n\n", found.end()) if found is not None else -1
    if found is None or blank < 0:
        return b""
    headers = text[text.rfind(b"\n--", 0, found.start()) + 1 : blank]
    encoding = _ENCODING.search(headers)
    how = encoding.group(1).lower() if encoding is not None else b""
    body = text[blank + 2 : blank + 2 + 2 * _PAGE_HEAD]
    if how == b"quoted-printable":
        return binascii.a2b_qp(body)[:_PAGE_HEAD]
    if how == b"base64":
        end = _BOUNDARY.search(body)
        letters = bytes(c for c in body[: end.start() if end else None] if c not in b" \t\n")
        try:
            return binascii.a2b_base64(letters[: len(letters) // 4 * 4])[:_PAGE_HEAD]
        except binascii.Error:
            return b""  # (no base64: no page)
    return body[:_PAGE_HEAD]


def saved_by_word(detail: str, start: bytes) -> str:
    """``word-html`` or ``word-mht`` for a web page or a web archive
    (``detail``: ``html`` or ``mht``, by :func:`document_format`) that Word
    or WPS saved (Save as Web Page), told by its content (``start``, its
    first :data:`WEB_PAGE_REACH` bytes or more), never by its name: the form
    saved as a page.  Else ``detail``: any other page stays a page."""
    if detail == "html" and _by_word(start):
        return "word-html"
    if detail == "mht" and _by_word(_archived_page(start[:WEB_PAGE_REACH])):
        return "word-mht"
    return detail


#: The pictures :func:`content_format` tells.
PICTURES: Final = frozenset({"jpeg", "png", "gif", "tiff"})
#: What the other files :func:`content_format` tells are called:
#: (Chinese, English).
OTHER_NAMES: Final[dict[str, tuple[str, str]]] = {
    "jpeg": ("图片（JPEG）", "a picture (JPEG)"),
    "png": ("图片（PNG）", "a picture (PNG)"),
    "gif": ("图片（GIF）", "a picture (GIF)"),
    "tiff": ("图片（TIFF）", "a picture (TIFF)"),
    "tnef": (
        "邮件程序把附件打成的包，名称不符未打开；请该单位改用普通附件重新发送",
        "Outlook's winmail.dat under another name, not opened; ask the unit to send "
        "the files again as plain attachments",
    ),
    "xls": ("Excel 97-2003 工作簿（.xls）", "an Excel 97-2003 workbook (.xls)"),
    "ppt": ("PowerPoint 97-2003 演示文稿（.ppt）", "a PowerPoint 97-2003 presentation (.ppt)"),
    "xlsx": ("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"),
    "pptx": ("PowerPoint 演示文稿（.pptx）", "a PowerPoint presentation (.pptx)"),
}
#: The other Office files :func:`ole_content` and :func:`office_package` tell.
OFFICE: Final = frozenset({"xls", "ppt", "xlsx", "pptx"})
#: The main part of an Office Open XML package that is no Word document, by
#: which one sent beside the form is told from an archive: (part, what).  A
#: workbook with macros or a template keeps its main part where an .xlsx
#: does, a binary one (.xlsb) in ``workbook.bin``; a slide show (.ppsx) or
#: a presentation with macros where a .pptx does.
_OFFICE_PARTS: Final = (
    ("xl/workbook.xml", "xlsx"),
    ("xl/workbook.bin", "xlsx"),
    ("ppt/presentation.xml", "pptx"),
)


def office_package(names: Collection[str]) -> str:
    """``xlsx`` or ``pptx`` for a zip archive whose entries ``names`` make
    it an Excel workbook or a PowerPoint presentation (an Office Open XML
    package, no archive of files to take out: its ``[Content_Types].xml``
    and its main part), else ""."""
    if "[Content_Types].xml" not in names:
        return ""
    return next((kind for part, kind in _OFFICE_PARTS if part in names), "")


#: The details of a sniff that met a zip's first bytes and no whole zip (a
#: Word file cut short in the sending, or damaged), and what it is called.
_DAMAGED_ZIP: Final = ("truncated zip", "broken zip")
_DAMAGED_ZIP_NAME: Final = (
    "不完整或已损坏的压缩包（如未完整发送的 Word 文件）",
    "an incomplete or damaged zip archive (as a Word file not sent whole is)",
)


def kind_name(kind: str, detail: str = "") -> tuple[str, str]:
    """What a file sniffed as ``kind`` (with the ``detail`` of an unknown
    content: :func:`content_format`; ``encrypted`` for a file with a
    password to open it, ``wps`` for an OLE file named .wps) is called:
    (Chinese, English)."""
    if kind == "unknown" and detail in OTHER_NAMES:
        return OTHER_NAMES[detail]
    if kind == "unknown" and detail in DOCUMENT_NAMES:
        return DOCUMENT_NAMES[detail]
    if kind == "doc" and detail == "encrypted":  # (see ole_content)
        return ("设有打开密码的 Word 文档", "a Word document with a password to open it")
    if kind == "odt" and detail == "encrypted":  # (its reading tells)
        return (
            "设有打开密码的 OpenDocument 文本（.odt）",
            "an OpenDocument text (.odt) with a password to open it",
        )
    if kind == "doc" and detail == "wps":  # (by its name: the content is alike)
        return ("WPS 文字文档（.wps）", "a WPS Writer document (.wps)")
    if kind == "unknown" and detail.startswith(_DAMAGED_ZIP):
        return _DAMAGED_ZIP_NAME
    return KIND_NAMES.get(kind) or OTHER_NAMES.get(kind) or KIND_NAMES["unknown"]


#: The stream in which Word keeps a .docx protected by a password to open
#: it (an OLE compound file, as a Word 97-2003 document is), by its name as
#: the file's directory writes it.
_ENCRYPTED_PACKAGE: Final = "EncryptedPackage".encode("utf-16-le")
#: Directory sectors looked through for it (the directory of such a file
#: holds a dozen entries: two to four sectors).
_DIRECTORY_SECTORS: Final = 8


def _directory(fh: IO[bytes], head: bytes) -> bytes:
    """The first directory sectors of the OLE compound file open in ``fh``
    (its first bytes ``head``); b"" when its header places none."""
    shift = int.from_bytes(head[30:32], "little")
    first = int.from_bytes(head[48:52], "little")
    if not 7 <= shift <= 16 or first >= 0xFFFFFFFA:
        return b""
    size = 1 << shift
    fh.seek((first + 1) * size)
    return fh.read(size * _DIRECTORY_SECTORS)


#: The stream that makes an OLE compound file a Word 97-2003 document, and
#: those that make it another program's file: (name, what it is).
_WORD_STREAM: Final = "WordDocument"
_OTHER_STREAMS: Final = {"Workbook": "xls", "Book": "xls", "PowerPoint Document": "ppt"}


def ole_content(fh: IO[bytes], head: bytes) -> str:
    """What the OLE compound file open in ``fh`` (its first bytes ``head``)
    holds: ``xls`` or ``ppt`` for an Excel or PowerPoint 97-2003 file,
    which a unit sends beside its form (a summary table: its directory
    names such a program's stream and no Word document's), ``encrypted``
    for a .docx with a password to open it, not a Word 97-2003 document
    (its directory names an ``EncryptedPackage`` stream), else "" (a Word
    97-2003 or WPS document)."""
    data = _directory(fh, head)
    names = set()
    for at in range(0, len(data) - 127, 128):
        size = int.from_bytes(data[at + 64 : at + 66], "little")
        if 2 <= size <= 64:
            names.add(data[at : at + size - 2].decode("utf-16-le", "replace"))
    other = next((_OTHER_STREAMS[n] for n in sorted(names) if n in _OTHER_STREAMS), "")
    if other and _WORD_STREAM not in names:
        return other
    return "encrypted" if _ENCRYPTED_PACKAGE in data else ""


def ole_name(raw: bytes, word: tuple[str, str]) -> tuple[str, str]:
    """What the OLE compound file ``raw`` (held whole) is called, told by
    the streams its directory names (:func:`ole_content`): an Excel or
    PowerPoint 97-2003 file, a .docx with a password to open it, else
    ``word`` (a Word 97-2003 or WPS file)."""
    found = ole_content(io.BytesIO(raw), raw[:512])
    if found in OFFICE:
        return OTHER_NAMES[found]
    return kind_name("doc", found) if found == "encrypted" else word


#: Most entries a zip archive (a .docx) may declare (re-exported by
#: :mod:`reform_brand.safeopen`).
MAX_ZIP_ENTRIES: Final = 2000
#: How far from its end a zip's end-of-central-directory record may start
#: (its 22 bytes and a comment of at most 65,535).
EOCD_REACH: Final = 65557


def declared_entries(tail: bytes) -> int | None:
    """Entries declared by the end-of-central-directory record in ``tail``
    (a zip's last :data:`EOCD_REACH` bytes), or None."""
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        return None
    return int.from_bytes(tail[pos + 10 : pos + 12], "little")


def zip_name(raw: bytes, other: tuple[str, str]) -> tuple[str, str]:
    """What the zip archive ``raw`` (held whole) is called, told by its
    entries (:func:`office_package`): an Excel workbook or a PowerPoint
    presentation, else ``other`` (a Word file, an archive, a zip that
    cannot be read, or one that declares more entries than a file may:
    its directory not read)."""
    entries = declared_entries(raw[-EOCD_REACH:])
    if entries is None or entries > MAX_ZIP_ENTRIES:
        return other
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            found = office_package(set(zf.namelist()))
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, OSError):
        return other
    return OTHER_NAMES[found] if found else other
