"""Opening untrusted files safely: type by content, zip and XML limits.

Files that arrive by e-mail are hostile until shown otherwise.  python-docx
has no limit of its own on a zip archive (a 159 KB .docx can take 757 MB to
open), so everything here is checked *before* a parser sees the file:

* :func:`sniff` says what a file is from its content, never its name: a PDF
  (``%PDF-`` within the first 1024 bytes), a Word document (.docx: a zip
  archive holding ``word/document.xml``), a legacy Word 97-2003 document (the
  OLE compound file header), another zip archive, an empty file, or
  something else.  For a zip archive only the central directory is read, and
  the entry count, total uncompressed size and per-entry compression ratio
  are checked first (an archive over the limits is ``unsafe``).
* :func:`docx_package` returns a slimmed copy of a .docx for python-docx:
  every XML part (``.xml``, ``.rels``), each checked for ``<!DOCTYPE`` (an
  XML bomb needs one) and against a size limit, and every other part (images,
  embedded objects) replaced by an empty one, so memory stays bounded by the
  size of the text, not of the pictures pasted into a form.
* :func:`docx_text` gives the text of a .docx; :func:`sniff_open` and
  :func:`open_docx` keep the archive open (a file is opened once).

Problems raise :class:`UnsafeFileError`, whose ``code`` is a finding code
(``read.unsafe-zip``, ``read.doctype``, ...) and whose ``params`` fill its
message.  Only regular files are opened (never a FIFO or a device).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Final
from zipfile import ZipInfo

import attrs
from attrs import frozen

from reform_brand._kinds import (
    ARCHIVE_FORMATS,
    EOCD_REACH,
    KIND_NAMES,
    MAX_ZIP_ENTRIES,
    WEB_PAGE_REACH,
    FileKind,
    archive_format,
    content_format,
    declared_entries,
    document_format,
    extension_matches,
    kind_name,
    office_package,
    ole_content,
    saved_by_word,
)
from reform_brand._zipmember import RATIO_FLOOR as _RATIO_FLOOR
from reform_brand._zipmember import is_xml_part as _is_xml_part
from reform_brand._zipmember import main_in_rels, odf_detail, plain_member, read_member, xml_problem
from reform_brand._zipmember import open_zip as _open_zip
from reform_brand._zipmember import zip_params as _zip_params
from reform_brand.codes.reasons import unsafe_detail
from reform_brand.docstyles import related_part, styled, styles_part
from reform_brand.docxml import body_of_xml, paragraphs_in

__all__ = [
    "DOCUMENT_PART",
    "KIND_NAMES",
    "MAX_ARCHIVE_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_XML_PART_BYTES",
    "MAX_ZIP_ENTRIES",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_TOTAL",
    "ODF_CONTENT",
    "FileKind",
    "OpenPackage",
    "Sniffed",
    "UnsafeFileError",
    "archive_format",
    "check_docx",
    "check_docx_bytes",
    "check_zip",
    "content_format",
    "describe",
    "docx_package",
    "docx_text",
    "entry_name",
    "entry_problem",
    "extension_matches",
    "kind_name",
    "odf_content",
    "open_docx",
    "open_regular",
    "read_entry",
    "read_member",
    "slim_package",
    "sniff",
    "sniff_fh",
    "sniff_open",
]

#: Largest file opened at all (a form with photos pasted in is a few MB).
MAX_FILE_BYTES: Final = 64 * 1024 * 1024
#: Largest total uncompressed size of a zip archive.
MAX_ZIP_TOTAL: Final = 256 * 1024 * 1024
#: Largest compression ratio of an entry bigger than 1 MiB.
MAX_ZIP_RATIO: Final = 200
#: Largest uncompressed XML part (word/document.xml) that is parsed.
MAX_XML_PART_BYTES: Final = 32 * 1024 * 1024
_KEPT_BYTES: Final = 1024 * 1024  # (XML parts kept besides the main one, in all)

#: Most archives inside archives opened (a .zip in a .zip in a .zip).
MAX_ARCHIVE_DEPTH: Final = 3

_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_TEXT: Final = b"application/vnd.oasis.opendocument.text"
#: The main part of a .docx, and the part of an OpenDocument file that
#: holds its text and tables.
DOCUMENT_PART: Final = "word/document.xml"
ODF_CONTENT: Final = "content.xml"


class UnsafeFileError(ValueError):
    """A file that must not be parsed (``code``: a finding code, ``params``)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params: dict[str, object] = dict(params)
        if code == "read.too-large" and "what" not in params:
            # The file itself, or one part of it (its size, not the file's).
            part = params.get("part")
            self.params["what"] = f"文件中的 {part} 部分" if part else "文件"
            self.params["what_en"] = f"the part {part} of the file" if part else "the file"
        super().__init__(describe(self))


@frozen(kw_only=True)
class Sniffed:
    """What a file's content is.  For ``unsafe``, ``code`` and ``params`` say
    why (the :class:`UnsafeFileError` that :func:`check_zip` raised)."""

    kind: FileKind
    code: str = ""
    params: dict[str, object] = attrs.field(factory=dict)
    detail: str = ""


def open_regular(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> io.BufferedReader:
    """``path`` opened for reading when it is a regular file no larger than
    ``max_bytes``; :class:`UnsafeFileError` (``read.not-a-file``,
    ``read.too-large``) or ``OSError`` otherwise.  A FIFO is never opened
    (that would block)."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeFileError("read.not-a-file")
    if st.st_size > max_bytes:
        raise UnsafeFileError("read.too-large", size=st.st_size, limit=max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after the stat
            raise UnsafeFileError("read.not-a-file")
        return open(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def check_zip(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The entries of an opened archive, after checking entry count, total
    uncompressed size and compression ratio (:class:`UnsafeFileError`:
    ``read.unsafe-zip`` with ``reason`` entries, size or ratio)."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UnsafeFileError(
            "read.unsafe-zip", **_zip_params("entries", len(infos), MAX_ZIP_ENTRIES)
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL:
        raise UnsafeFileError("read.unsafe-zip", **_zip_params("size", total, MAX_ZIP_TOTAL))
    for i in infos:
        if i.file_size > _RATIO_FLOOR and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise UnsafeFileError(
                "read.unsafe-zip",
                **_zip_params("ratio", i.file_size // max(i.compress_size, 1), MAX_ZIP_RATIO),
            )
    return infos


def sniff(path: Path) -> Sniffed:
    """The type of the regular file at ``path``, from its content.

    Raises ``OSError`` when it cannot be read and :class:`UnsafeFileError`
    (``read.not-a-file``, ``read.too-large``) when it must not be.
    """
    return sniff_open(path, keep=False)[0]


def sniff_open(path: Path, *, keep: bool = True) -> tuple[Sniffed, OpenPackage | None]:
    """:func:`sniff`, and for a .docx or .odt (with ``keep``) the archive
    left open with its checked directory (:class:`OpenPackage`, which the
    caller closes), so that reading the file needs no second opening."""
    fh = open_regular(path)
    try:
        found, zf, infos = sniff_fh(fh)
    except BaseException:
        fh.close()
        raise
    if keep and zf is not None:
        return found, OpenPackage(fh, zf, infos)
    if zf is not None:
        zf.close()
    fh.close()
    return found, None


def _plain(found: Sniffed) -> tuple[Sniffed, None, list[zipfile.ZipInfo]]:
    return found, None, []


def sniff_fh(
    fh: io.BufferedReader, *, keep_zip: bool = False
) -> tuple[Sniffed, zipfile.ZipFile | None, list[zipfile.ZipInfo]]:
    """What the opened file is; the opened archive for a .docx, an .odt and,
    with ``keep_zip``, a plain zip archive."""
    size = os.fstat(fh.fileno()).st_size
    if size == 0:
        return _plain(Sniffed(kind="empty"))
    head = fh.read(1024)
    if not head.startswith(b"PK"):
        return _plain(_not_zip(fh, head))
    fh.seek(max(0, size - EOCD_REACH))
    entries = declared_entries(fh.read())
    if entries is None:
        return _plain(Sniffed(kind="unknown", detail="truncated zip"))
    if entries == 0xFFFF or entries > MAX_ZIP_ENTRIES:
        return _plain(
            Sniffed(
                kind="unsafe",
                code="read.unsafe-zip",
                params=_zip_params("entries", entries, MAX_ZIP_ENTRIES),
                detail=f"entries > {MAX_ZIP_ENTRIES}",
            )
        )
    fh.seek(0)
    try:
        zf = _open_zip(fh)
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, OSError) as exc:
        return _plain(Sniffed(kind="unknown", detail=f"broken zip: {type(exc).__name__}"))
    try:
        infos = check_zip(zf)
    except UnsafeFileError as exc:
        zf.close()
        found = Sniffed(kind="unsafe", code=exc.code, params=exc.params, detail=describe(exc))
        return _plain(found)
    names = {i.filename for i in infos}
    main = main_part(zf, names)
    twice = _parts_twice(names, infos, main)
    if twice is not None:
        zf.close()
        return _plain(twice)
    if main:
        return Sniffed(kind="docx"), zf, infos
    if ODF_CONTENT in names and _odf_text(fh):
        return Sniffed(kind="odt", detail=odf_detail(zf)), zf, infos
    office = office_package(names)  # (an .xlsx or a .pptx is no archive)
    if keep_zip and not office:
        return Sniffed(kind="zip"), zf, infos
    zf.close()
    return _plain(Sniffed(kind="unknown", detail=office) if office else Sniffed(kind="zip"))


def _not_zip(fh: io.BufferedReader, head: bytes) -> Sniffed:
    """A file whose first bytes are no zip's: an old Word file (or a password's
    .docx), a PDF, or unknown with its format (7z, RAR; a winmail.dat or .tar
    by its first bytes, whatever PDF it holds)."""
    if head.startswith(_OLE):
        found = ole_content(fh, head)  # (an Excel or PowerPoint file: no Word file)
        return Sniffed(kind="doc" if found in ("", "encrypted") else "unknown", detail=found)
    detail = content_format(head) or document_format(head)
    if detail in ("html", "mht"):  # (a form Word saved as a page: by what it holds)
        detail = saved_by_word(detail, head + fh.read(WEB_PAGE_REACH - len(head)))
    pdf = b"%PDF-" in head and detail != "tnef" and detail not in ARCHIVE_FORMATS
    kind: FileKind = "pdf" if pdf else "unknown"
    return Sniffed(kind=kind, detail=detail if kind != "pdf" else "")


def main_part(zf: zipfile.ZipFile, names: set[str]) -> str:
    """The main part of a .docx (:func:`main_in_rels`); "" for no .docx."""
    if DOCUMENT_PART in names or "_rels/.rels" not in names:
        return DOCUMENT_PART if DOCUMENT_PART in names else ""
    try:
        return main_in_rels(_xml_part(zf, zf.getinfo("_rels/.rels")), names)
    except (UnsafeFileError, zipfile.BadZipFile, EOFError, NotImplementedError):
        return ""


def _parts_twice(names: set[str], infos: list[ZipInfo], main: str) -> Sniffed | None:
    """A package with two parts of one name is unsafe: which a reader takes is
    its own choice, so what is checked need not be what Word shows."""
    if len(names) == len(infos) or not (main or ODF_CONTENT in names):
        return None
    twice = _zip_params("duplicates", len(infos) - len(names), 0)
    detail = unsafe_detail("read.unsafe-zip", twice)
    return Sniffed(kind="unsafe", code="read.unsafe-zip", params=twice, detail=detail)


def _odf_text(fh: io.BufferedReader) -> bool:
    """Whether an archive is an OpenDocument text: such a file starts with
    its stored ``mimetype`` entry."""
    fh.seek(0)
    head = fh.read(128)
    return head[30:38] == b"mimetype" and _ODF_TEXT in head


# -- archives received ----------------------------------------------------------


def entry_name(info: zipfile.ZipInfo) -> str:
    """An entry's name as its maker meant it: UTF-8 when the archive says so
    (flag bit 11), else the bytes as written — UTF-8 if they are, otherwise
    GBK/CP936 (GB18030), as Windows' "send to compressed folder" writes
    Chinese names (or flagged UTF-8 and not, the flag taken off by
    :func:`~reform_brand._zipmember.open_zip`) — with ``\\`` read as ``/``."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            raw = b""
        for encoding in ("utf-8", "gb18030"):
            try:
                name = raw.decode(encoding) if raw else name
                break
            except UnicodeDecodeError:
                continue
    return name.replace("\\", "/")


def entry_problem(info: zipfile.ZipInfo, name: str) -> str:
    """Why the entry ``name`` (from :func:`entry_name`) must not be taken out
    of its archive: ``path`` (absolute, a drive, ``..``, a NUL), ``link`` (a
    symbolic link), ``special`` (a device, a FIFO), ``encrypted``, ``size``
    (over :data:`MAX_FILE_BYTES`, or a compression ratio over
    :data:`MAX_ZIP_RATIO`); "" when it may."""
    parts = name.split("/")
    if "\x00" in name or name.startswith("/") or ":" in name or ".." in parts:
        return "path"
    kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
    if kind == stat.S_IFLNK:
        return "link"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "special"
    if info.flag_bits & 0x1:
        return "encrypted"
    if info.file_size > MAX_FILE_BYTES:
        return "size"
    if info.file_size > _RATIO_FLOOR and info.file_size > MAX_ZIP_RATIO * max(
        info.compress_size, 1
    ):
        return "size"
    return ""


def read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The bytes of one entry, never more than it declares (a lying header
    is a broken archive: ``zipfile.BadZipFile``)."""
    data = b"".join(_chunks(zf, info, min(info.file_size, MAX_FILE_BYTES)))
    if len(data) != info.file_size:
        raise zipfile.BadZipFile("size differs from the archive's directory")
    return data


# -- XML parts ----------------------------------------------------------------


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    read = 0
    with zf.open(info) as member:
        while True:
            chunk = read_member(member, 1 << 16, info.filename)
            if not chunk:
                return
            read += len(chunk)
            if read > limit:
                # (At least what was read: the directory may understate it.)
                size = max(info.file_size, read)
                raise UnsafeFileError("read.too-large", part=info.filename, size=size, limit=limit)
            yield chunk


def _xml_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An XML part's bytes, refused when it holds a document type declaration
    (``<!DOCTYPE``, which entity expansion needs), is over the size limit or
    holds more elements than a form could (``read.too-complex``)."""
    limit = MAX_XML_PART_BYTES
    if info.file_size > limit:
        raise UnsafeFileError(
            "read.too-large", part=info.filename, size=info.file_size, limit=limit
        )
    # Read whole (a zip member gives at most its stated size, itself under
    # the limit), straight from the file when it is plain: most parts are a
    # few kilobytes, and zipfile's reading costs more than inflating them.
    data = plain_member(zf, info, limit)
    if data is None:
        with zf.open(info) as member:
            data = read_member(member, limit + 1, info.filename)
    if len(data) > limit:
        # (At least what was read: the directory may understate it.)
        size = max(info.file_size, len(data))
        raise UnsafeFileError("read.too-large", part=info.filename, size=size, limit=limit)
    if (problem := xml_problem(data)) is not None:
        raise UnsafeFileError(problem[0], part=info.filename, **problem[1])
    return data


class OpenPackage:
    """A .docx or .odt held open: its archive and its checked directory
    (from :func:`sniff_open` or :func:`open_docx`).  Close it, or use it in
    a ``with`` block."""

    __slots__ = ("_checked", "_parts", "fh", "infos", "main", "zf")

    def __init__(
        self, fh: io.BufferedReader, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
    ) -> None:
        self.fh, self.zf, self.infos = fh, zf, infos
        self._parts: dict[str, bytes] = {}
        self._checked = False
        #: The main document part of a .docx ("" for an .odt).
        self.main = main_part(zf, {i.filename for i in infos})

    @property
    def kind(self) -> str:
        """``docx``, or ``odt`` for an OpenDocument text (no main part of a
        .docx)."""
        return "docx" if self.main else "odt"

    def part(self, name: str) -> bytes:
        """The XML part ``name``, checked as :func:`docx_package` checks it;
        read once."""
        data = self._parts.get(name)
        if data is None:
            try:
                data = _xml_part(self.zf, self.zf.getinfo(name))
            except (zipfile.BadZipFile, EOFError, NotImplementedError, KeyError) as exc:
                raise UnsafeFileError(
                    "read.not-docx", kind="zip", detail=type(exc).__name__
                ) from None
            self._parts[name] = data
        return data

    def check_parts(self) -> None:
        """Every XML part checked (no ``<!DOCTYPE``, not over the size
        limit); the main document part and the small ones are kept, read
        once.  Done once: a package checked already is not read again."""
        if not self._checked:
            _check_xml_parts(self.zf, self.infos, self._parts)
        self._checked = True

    def text(self) -> str:
        """The document's text, one line per paragraph (see :func:`docx_text`):
        text hidden directly or by a style left out, and a symbol font's
        characters read as symbols, whether its run or a style sets the
        font, as a form is read."""
        main = self.part(self.main)
        body = body_of_xml(main)
        theme = partial(related_part, self.part, self.main, "theme")
        styled(body, styles_part(self.part, self.main), theme, main)
        return "\n".join(paragraphs_in(body, None))

    def close(self) -> None:
        self.zf.close()
        self.fh.close()

    def __enter__(self) -> OpenPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_docx(path: Path, kind: str | tuple[str, ...] = "docx") -> OpenPackage:
    """The .docx (or the ``kind`` "odt", or either of a tuple of kinds) at
    ``path`` opened once: type, zip limits and directory checked.  Raises
    :class:`UnsafeFileError` (``read.not-docx`` with the kind found,
    ``read.unsafe-zip``, ``read.not-a-file``, ``read.too-large``) or ``OSError``."""
    found, opened = sniff_open(path)
    if opened is not None and found.kind in ((kind,) if isinstance(kind, str) else kind):
        return opened
    if opened is not None:
        opened.close()
    if found.kind == "unsafe":
        raise UnsafeFileError(found.code, **found.params)
    raise UnsafeFileError("read.not-docx", kind=found.kind, detail=found.detail)


def docx_package(path: Path) -> bytes:
    """A slimmed copy of the .docx at ``path`` for python-docx to open: the
    XML parts as they are (each checked), every other part empty.

    Raises :class:`UnsafeFileError` (``read.not-docx``, ``read.unsafe-zip``,
    ``read.doctype``, ``read.too-large``, ``read.not-a-file``) or ``OSError``.
    """
    with open_docx(path) as opened:
        return slim_package(opened)


def slim_package(opened: OpenPackage) -> bytes:
    """:func:`docx_package` of a package already open (the caller closes
    it).  Raises :class:`UnsafeFileError`."""
    zf = opened.zf
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as slim:
            seen: set[str] = set()
            for info in opened.infos:
                if info.is_dir() or info.filename in seen:
                    continue
                seen.add(info.filename)
                data = _xml_part(zf, info) if _is_xml_part(info.filename) else b""
                slim.writestr(info.filename, data)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as exc:
        if isinstance(exc, UnsafeFileError):
            raise
        raise UnsafeFileError("read.not-docx", kind="zip", detail=type(exc).__name__) from None
    return out.getvalue()


def _check_xml_parts(zf: zipfile.ZipFile, infos: list[ZipInfo], kept: dict[str, bytes]) -> None:
    """Every XML part of ``zf`` checked; the main one, and the small ones
    up to :data:`_KEPT_BYTES` in all (read next by the reader), in ``kept``."""
    room = _KEPT_BYTES
    try:
        for info in infos:
            if not info.is_dir() and _is_xml_part(info.filename):
                data = _xml_part(zf, info)
                if info.filename == DOCUMENT_PART or len(data) <= room:
                    kept[info.filename] = data
                    room -= len(data) if info.filename != DOCUMENT_PART else 0
    except (zipfile.BadZipFile, EOFError, NotImplementedError) as exc:
        raise UnsafeFileError("read.not-docx", kind="zip", detail=type(exc).__name__) from None


def check_docx(path: Path) -> None:
    """Check every XML part of the .docx at ``path`` (no ``<!DOCTYPE``, not
    over the size limit) without keeping them; raises like
    :func:`docx_package`."""
    with open_docx(path) as opened:
        opened.check_parts()


def check_docx_bytes(data: bytes) -> None:
    """The checks of :func:`check_docx` on a .docx held in memory (a Word
    template): the zip limits of :func:`check_zip`, then every XML part.
    Raises :class:`UnsafeFileError` (``read.not-docx``, ``read.unsafe-zip``,
    ``read.doctype``, ``read.too-large``)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise UnsafeFileError("read.not-docx", kind="zip", detail=type(exc).__name__) from None
    with zf:
        infos = check_zip(zf)
        if not any(i.filename == DOCUMENT_PART for i in infos):
            raise UnsafeFileError("read.not-docx", kind="zip", detail="no word/document.xml")
        _check_xml_parts(zf, infos, {})


def docx_text(path: Path) -> str:
    """The text of the .docx at ``path``, one line per paragraph (content
    controls and tracked insertions included, deletions and hidden text left
    out, as :mod:`reform_brand.docxml` reads it, with the text a style hides
    and the symbol font a style sets resolved by
    :func:`reform_brand.docstyles.styled`), read through
    the same checks as :func:`docx_package` and without python-docx.
    Raises :class:`UnsafeFileError` or ``OSError``."""
    with open_docx(path) as opened:
        return opened.text()


def odf_content(path: Path) -> bytes:
    """The ``content.xml`` of the OpenDocument text at ``path``, read under
    the same checks as a .docx's parts (zip limits, no ``<!DOCTYPE``, size).
    Raises :class:`UnsafeFileError` (``read.not-docx`` with the kind found,
    ``read.unsafe-zip``, ``read.doctype``, ``read.too-large``) or ``OSError``."""
    with open_docx(path, "odt") as opened:
        return opened.part(ODF_CONTENT)


def describe(exc: UnsafeFileError) -> str:
    """A short English description of ``exc`` (for a finding's detail)."""
    return unsafe_detail(exc.code, exc.params)
