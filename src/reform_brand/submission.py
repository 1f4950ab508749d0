"""Submissions: reading the envelope JSON and a lenient parsed view of it.

The envelope format is described in ``docs/submission.md`` and by
:func:`reform_brand.schema.submission_schema`.  Reading never raises: a file
that cannot be read, decoded or parsed gives *problems* (finding codes with
parameters) for that file alone, and :meth:`Submission.from_envelope` keeps
whatever it can of a malformed envelope (the engine reports the structure
problems; the rules skip what is missing).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Final

from attrs import evolve, field, frozen

from reform_brand._jsonread import (
    finite_float,
    pairs_hook,
    place,
    refuse_constant,
    refused_number_at,
)
from reform_brand._kinds import (
    DOCUMENT_NAMES,
    WEB_PAGE_REACH,
    archive_format,
    document_format,
    ole_name,
    saved_by_word,
    zip_name,
)
from reform_brand._measure import HALF, measured
from reform_brand._text import has_surrogates
from reform_brand.codes._info import Localized
from reform_brand.codes.reasons import json_error_reason, json_reason, known_reason, os_reason
from reform_brand.model import ENVELOPE_MEMBERS

__all__ = [
    "ENVELOPE_MEMBERS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "SURROGATE_DETAIL",
    "Attachment",
    "Problem",
    "Submission",
    "Unit",
    "has_lone_surrogate",
    "is_material_only",
    "lone_surrogate_at",
    "lone_surrogate_pointer",
    "nesting_exceeds",
    "oversized",
    "parse_envelope_bytes",
    "read_envelope",
    "read_envelope_bytes",
    "read_envelope_digest",
    "was_read",
]


#: Largest submission JSON file read (bytes).  A real one is well under 1 MiB.
MAX_FILE_BYTES: Final = 16 * 1024 * 1024
#: Deepest nesting accepted in an envelope (a real one is 4 levels deep).
MAX_DEPTH: Final = 64
#: Most object members and array items (all levels together) read.  A real
#: envelope has a few dozen.
MAX_MEMBERS: Final = 2000

#: A problem found while reading: a finding code and its parameters.
Problem = tuple[str, dict[str, object]]


@frozen(kw_only=True)
class Unit:
    """The submitting unit as the envelope names it ("" where not given)."""

    name: str = ""
    kind: str = ""
    #: For a unit counted under a city (a county association): that city.
    city: str = ""


@frozen(kw_only=True)
class Attachment:
    #: A deliverable id (e.g. ``signed-scan``) or an extra material's id.
    role: str
    #: Relative to the envelope's folder.
    path: str
    #: Position in the envelope's ``attachments`` list (for pointers).
    index: int
    #: When the document says it was last modified (ISO 8601), or "".
    modified_at: str = ""


_ABSENT: Final = object()


@frozen(kw_only=True)
class Submission:
    """A parsed submission envelope.  Members of the wrong type read as absent."""

    id: str
    #: The file it was read from ("" when given as data).
    file: str = ""
    #: The folder attachment paths are relative to (None: files not checked).
    base_dir: Path | None = None
    #: ``base_dir`` with every symbolic link resolved, when the engine has
    #: resolved it (once per folder and batch); "" when not known.
    real_base: str = field(default="", eq=False)
    #: The attachment paths are the names of files intake found in
    #: ``base_dir`` (an inbox), not paths an envelope declared: the rules of
    #: a declared path that keep an envelope's verdict the same on every
    #: system (no backslash, no drive) do not apply to them, as any name a
    #: file has on this system is one; each is still resolved inside the
    #: folder.
    paths_found: bool = field(default=False, eq=False)
    edition: str = ""
    form: str = ""
    unit: Unit = Unit()
    #: The declared reform items as given (None: the member is absent or
    #: null; ``()`` too when it is no list: see :attr:`reform_items_readable`).
    reform_items: tuple[object, ...] | None = None
    #: False when ``reform_items`` is given but is no list (``"13"``, an
    #: object, a number) or holds what is no whole number (``["13"]``):
    #: items were declared and cannot be read, which is not "none
    #: declared" (the check's ``envelope.type`` says why).
    reform_items_readable: bool = True
    #: Whether ``arrived_at`` is present, and its value (a string or None).
    has_arrival: bool = False
    arrived_at: object = None
    attachments: tuple[Attachment, ...] = ()
    #: The form data (``data``) as given; any JSON value.
    data: Any = field(default=None, eq=False)
    #: The whole envelope as given.
    envelope: Any = field(default=None, eq=False, repr=False)
    #: A materials-only envelope: attachments (extra materials), no form and
    #: no form data.  Only the rules about materials look at it.
    material_only: bool = False

    def with_paths_found(self) -> Submission:
        """This submission, its attachment paths the names of files intake
        found in its folder (:attr:`paths_found`)."""
        return evolve(self, paths_found=True)

    @classmethod
    def from_envelope(
        cls,
        value: object,
        *,
        id: str = "",  # noqa: A002 - the envelope member is called id
        file: str = "",
        base_dir: Path | None = None,
        real_base: str = "",
    ) -> Submission:
        env: Mapping[str, Any] = value if isinstance(value, dict) else {}
        given_id = env.get("id")
        sub_id = given_id if isinstance(given_id, str) and given_id.strip() else id
        unit_raw = env.get("unit")
        unit = Unit()
        if isinstance(unit_raw, dict):
            unit = Unit(
                name=_str(unit_raw.get("name")),
                kind=_str(unit_raw.get("kind")),
                city=_str(unit_raw.get("city")),
            )
        items_raw = env.get("reform_items", _ABSENT)
        items: tuple[object, ...] | None
        readable = True
        if items_raw is _ABSENT or items_raw is None:
            items = None
        elif isinstance(items_raw, list):
            items = tuple(_whole(i) for i in items_raw)
            readable = all(type(i) is int for i in items)
        else:
            items, readable = (), False
        attachments: list[Attachment] = []
        att_raw = env.get("attachments")
        if isinstance(att_raw, list):
            for i, a in enumerate(att_raw):
                if isinstance(a, dict):
                    role, path = a.get("role"), a.get("path")
                    if isinstance(role, str) and isinstance(path, str) and path:
                        modified = _str(a.get("modified_at"))
                        attachments.append(
                            Attachment(role=role, path=path, index=i, modified_at=modified)
                        )
        return cls(
            id=sub_id[:200],
            file=file,
            base_dir=base_dir,
            real_base=real_base,
            edition=_str(env.get("edition")),
            form=_str(env.get("form")),
            unit=unit,
            reform_items=items,
            reform_items_readable=readable,
            has_arrival="arrived_at" in env,
            arrived_at=env.get("arrived_at"),
            attachments=tuple(attachments),
            data=env.get("data"),
            envelope=value,
            material_only=is_material_only(env),
        )


def is_material_only(env: Mapping[str, Any]) -> bool:
    """Whether the envelope only sends extra materials: it has attachments and
    neither ``form`` nor ``data`` (docs/submission.md)."""
    atts = env.get("attachments")
    return "form" not in env and "data" not in env and isinstance(atts, list) and bool(atts)


def _whole(value: object) -> object:
    """A reform item number as JSON Schema reads it: ``13.0`` is the integer
    13 (so ajv and the schema take it); anything else as it is."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def nesting_exceeds(value: object, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests lists/dicts deeper than ``limit`` (iterative, so
    a 10,000-deep value cannot exhaust the stack)."""
    if not isinstance(value, dict | list | tuple):
        return False
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth >= limit:
            return True
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, dict | list | tuple):
                stack.append((child, depth + 1))
    return False


def oversized(value: object) -> tuple[str, str, dict[str, object]] | None:
    """Why ``value`` is refused unchecked, if it is (the finding code, its
    pointer and parameters): ``envelope.too-deep`` when it nests deeper
    than :data:`MAX_DEPTH`, ``envelope.too-many-members`` when it holds more
    than :data:`MAX_MEMBERS` object members and array items in all (each
    item of a flood would be checked, and each wrong one reported), as a
    body is refused, and ``envelope.not-text`` when a string holds a lone
    surrogate (:func:`lone_surrogate_pointer`).  Walks, not recursions,
    that stop at the first limit passed: they cost no more than the limits,
    however deep or wide the value."""
    over, half = measured(value, MAX_DEPTH, MAX_MEMBERS)
    if over == "deep":
        return "envelope.too-deep", "", {"limit": MAX_DEPTH}
    if over == "many":
        return "envelope.too-many-members", "", {"limit": MAX_MEMBERS}
    pointer = lone_surrogate_pointer(value) if half else None
    if pointer is None:
        return None
    return "envelope.not-text", pointer, {"where": pointer or _TOP}


def read_envelope(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[object, list[Problem]]:
    """Read a submission JSON file.

    Returns the parsed value (``None`` when it could not be parsed) and the
    problems met: ``file.unreadable``, ``file.too-large``, ``file.encoding``,
    ``file.bom``, ``file.not-json``, ``file.duplicate-key`` or
    ``envelope.too-deep``.
    """
    value, problems, _digest, _raw = _read(path, max_bytes, None)
    return value, problems


def read_envelope_digest(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[object, list[Problem], str]:
    """:func:`read_envelope`, and the SHA-256 of the file's whole content
    (hex; "" when it cannot be read), from one opening of the file: what
    intake needs of an envelope it receives as a file."""
    value, problems, digest, _raw = _read(path, max_bytes, hashlib.sha256())
    return value, problems, digest


def read_envelope_bytes(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[object, list[Problem], str, bytes | None]:
    """:func:`read_envelope_digest`, and the bytes the value was parsed
    from (None when none were: the file could not be read, or is over
    ``max_bytes``): :func:`parse_envelope_bytes` of them gives the same
    value and problems, so that the bytes can be handed on and parsed where
    they are checked."""
    return _read(path, max_bytes, hashlib.sha256())


def parse_envelope_bytes(
    raw: bytes, *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[object, list[Problem]]:
    """The value and problems of the envelope read as ``raw`` (see
    :func:`read_envelope_bytes`)."""
    return _parse(raw, max_bytes)


def _read(
    path: Path, max_bytes: int, digest: hashlib._Hash | None
) -> tuple[object, list[Problem], str, bytes | None]:
    """The value and problems of the file at ``path``, its digest and the
    bytes they were parsed from."""
    raw, problems, hexdigest = _load(path, max_bytes, digest)
    if raw is None:
        return None, problems, hexdigest, None
    value, problems = _parse(raw, max_bytes)
    return value, problems, hexdigest, raw


def _load(
    path: Path, max_bytes: int, digest: hashlib._Hash | None
) -> tuple[bytes | None, list[Problem], str]:
    """The bytes of the file at ``path`` and its digest, or None and the
    problem that kept it from being read."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None, [("file.unreadable", {"detail": known_reason("not a regular file")})], ""
        if st.st_size > max_bytes:
            # Never read, but hashed when asked for (the ledger's entry).
            too_large: list[Problem] = [
                ("file.too-large", {"size": st.st_size, "limit": max_bytes})
            ]
            if digest is None:
                return None, too_large, ""
            try:
                with open(path, "rb") as fh:
                    _hash_rest(fh, digest)
            except OSError:
                return None, too_large, ""
            return None, too_large, digest.hexdigest()
        with open(path, "rb") as fh:
            # What the file holds (one byte more, to see it grow past the
            # cap while read), never a buffer of the cap's size.
            raw = fh.read(min(st.st_size, max_bytes) + 1)
            if digest is not None:
                digest.update(raw)
                _hash_rest(fh, digest)
    except OSError as exc:
        return None, [("file.unreadable", {"detail": os_reason(exc)})], ""
    return raw, [], digest.hexdigest() if digest is not None else ""


def _hash_rest(fh: IO[bytes], digest: hashlib._Hash) -> None:
    """What is left of ``fh`` into ``digest`` (a megabyte at a time)."""
    while chunk := fh.read(1 << 20):
        digest.update(chunk)


#: What a file that starts with these bytes is (``file.not-a-submission``).
_NOT_TEXT: Final = (
    (b"PK\x03\x04", "Word 文件或压缩包", "a Word form or a zip archive"),
    (b"%PDF", "PDF 文件", "a PDF file"),
    (b"\xd0\xcf\x11\xe0", "Word 97-2003 或 WPS 文件", "a Word 97-2003 or WPS file"),
)
#: What each archive :func:`~reform_brand._kinds.archive_format` tells is
#: called, given where a submission file is.
_ARCHIVES: Final = {
    "gz": ("gzip 压缩文件", "a gzip archive"),
    "bz2": ("bzip2 压缩文件", "a bzip2 archive"),
    "xz": ("xz 压缩文件", "an xz archive"),
    "7z": ("7z 压缩包", "a 7z archive"),
    "rar": ("RAR 压缩包", "a RAR archive"),
    "tar": ("tar 归档文件", "a tar archive"),
}


def _archive_problem(fmt: str) -> Problem:
    zh, en = _ARCHIVES[fmt]
    return "file.not-a-submission", {"kind": zh, "kind_en": en}


#: ``file.not-json``'s detail for a file that starts as an mbox mailbox does.
_MBOX_DETAIL: Final = Localized(
    zh="这是 mbox 邮箱文件，不是申报文件：请单独把它作为收件箱检查",
    en="an mbox mailbox, not a submission file: check it on its own, as an inbox",
    value="an mbox mailbox, not a submission file",
)


#: ``file.encoding``'s guess at what a file that is not UTF-8 is.
_UTF16: Final = Localized(
    zh="看来是 UTF-16，即 Windows 所说的 Unicode",
    en="it looks like UTF-16, Windows' Unicode",
    value="UTF-16",
)
_GBK: Final = Localized(zh="可能是 GBK", en="perhaps GBK", value="GBK")


def _guess(raw: bytes) -> Localized:
    """UTF-16 (or UTF-32) by its byte order mark or the NUL bytes of its
    ASCII characters (Notepad's "Unicode", PowerShell's ``>``), else GBK."""
    return _UTF16 if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:64] else _GBK


def _parse(raw: bytes, max_bytes: int) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    if len(raw) > max_bytes:
        return None, [("file.too-large", {"size": len(raw), "limit": max_bytes})]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(("file.bom", {}))
        raw = raw[3:]
    for magic, kind, kind_en in _NOT_TEXT:
        if raw.startswith(magic):
            # A form, a scan or an archive given where a submission file is:
            # say what it is, not that its text is not UTF-8.
            if magic == _NOT_TEXT[2][0]:  # (by its streams: an Excel file too)
                kind, kind_en = ole_name(raw, (kind, kind_en))
            elif magic == _NOT_TEXT[0][0]:  # (by its entries: an .xlsx, a .pptx)
                kind, kind_en = zip_name(raw, (kind, kind_en))
            return None, [("file.not-a-submission", {"kind": kind, "kind_en": kind_en})]
    fmt = archive_format(raw)
    if fmt and fmt != "tar":
        return None, [_archive_problem(fmt)]
    saved = saved_by_word(document_format(raw[:1024]), raw[:WEB_PAGE_REACH])
    if saved:
        # A form saved as RTF, a web page, Word XML or a flat .fodt: no text
        # to read as JSON ("a key in double quotes was expected").
        kind, kind_en = DOCUMENT_NAMES[saved]
        return None, [("file.not-a-submission", {"kind": kind, "kind_en": kind_en})]
    # (A tar by its mark at byte 257 only when it is no JSON text: its first
    # header opens with a name padded with NUL bytes.)
    tar = fmt == "tar"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(_archive_problem(fmt) if tar else ("file.encoding", {"guess": _guess(raw)}))
        return None, problems
    duplicates: list[str] = []
    try:
        value = json.loads(
            text,
            object_pairs_hook=pairs_hook(duplicates),
            parse_constant=refuse_constant,
            parse_float=finite_float,
        )
    except json.JSONDecodeError as exc:
        # An mbox given with other files is read as a submission file: say
        # what it is.
        detail = _MBOX_DETAIL if text.startswith("From ") else json_error_reason(exc)
        problems.append(
            _archive_problem(fmt)
            if tar
            else ("file.not-json", {"line": exc.lineno, "column": exc.colno, "detail": detail})
        )
        return None, problems
    except ValueError as exc:
        detail = json_reason(str(exc))
        problems.append(("file.not-json", {**refused_number_at(text), "detail": detail}))
        return None, problems
    except RecursionError:
        problems.append(("envelope.too-deep", {"limit": MAX_DEPTH}))
        return None, problems
    lone = lone_surrogate_at(text, value)
    if lone is not None:
        problems.append(("file.not-json", {**lone, "detail": SURROGATE_DETAIL}))
        return None, problems
    problems.extend(("file.duplicate-key", {"key": key}) for key in duplicates)
    return value, problems


#: The problems after which a file gave no value (the others leave it read).
_UNREAD: Final = frozenset(
    {
        "file.unreadable",
        "file.too-large",
        "file.encoding",
        "file.not-json",
        "file.not-a-submission",
        "envelope.too-deep",
    }
)


def was_read(value: object, problems: Sequence[Problem]) -> bool:
    """Whether :func:`read_envelope` read a value from the file: its value,
    or JSON ``null`` (None too, but with no problem that stopped the read)."""
    return value is not None or not any(code in _UNREAD for code, _ in problems)


#: ``file.not-json``'s detail for a string with an unpaired surrogate escape.
SURROGATE_DETAIL: Final = Localized(
    zh="不成对的代理码位转义（\\uD800-\\uDFFF），不是字符",
    en="an unpaired surrogate escape (\\uD800-\\uDFFF), no character",
    value="an unpaired surrogate escape",
)
#: A ``\uD800``-``\uDFFF`` escape not itself escaped (an odd run of backslashes).
_SURROGATE_ESCAPE: Final = re.compile(r"(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_HIGH: Final = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\Z")
_LOW: Final = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")
#: Any surrogate escape (a quick look before a closer one).
_ANY_SURROGATE: Final = re.compile(r"\\u[dD][89a-fA-F]")


def has_lone_surrogate(value: object) -> bool:
    """Whether a string of ``value`` (or a key) holds a lone surrogate (a
    walk, not a recursion: the value may be as deep as JSON allows)."""
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, str):
            if has_surrogates(v):
                return True
        elif isinstance(v, dict):
            todo.extend(v.keys())
            todo.extend(v.values())
        elif isinstance(v, list):
            todo.extend(v)
    return False


#: ``envelope.not-text``'s place for a key of the envelope itself.
_TOP: Final = Localized(zh="信封顶层", en="the envelope's top level", value="")


_HALF: Final = HALF


def lone_surrogate_pointer(value: object) -> str | None:
    """The JSON pointer of the first string of ``value`` that holds half a
    character (a lone surrogate that stands for no byte of a file name), or
    of the object one of whose keys does (the key itself cannot be written
    in a message); None when there is none.  A value parsed by another
    reader than ours (``json.loads`` takes ``"\ud800"``) may hold one: it is
    no text, and names no file."""
    if not has_lone_surrogate(value):  # (the usual case, found faster)
        return None
    todo: list[tuple[object, str]] = [(value, "")]
    while todo:
        v, pointer = todo.pop()
        if isinstance(v, str):
            if _HALF.search(v) is not None:
                return pointer
        elif isinstance(v, dict):
            if any(isinstance(k, str) and _HALF.search(k) is not None for k in v):
                return pointer
            todo.extend(reversed([(c, f"{pointer}/{_escaped(str(k))}") for k, c in v.items()]))
        elif isinstance(v, list):
            todo.extend(reversed([(c, f"{pointer}/{i}") for i, c in enumerate(v)]))
    return None


def _escaped(key: str) -> str:
    """A key as a JSON pointer writes it (RFC 6901)."""
    return key.replace("~", "~0").replace("/", "~1")


def lone_surrogate_at(text: str, value: object) -> dict[str, int] | None:
    """Where the first unpaired surrogate escape of the JSON ``text`` that
    ``value`` was parsed from is (``line`` and ``column``, from 1), or None
    when there is none."""
    return _lone_surrogate(text, value) if _ANY_SURROGATE.search(text) else None


def _lone_surrogate(text: str, value: object) -> dict[str, int] | None:
    """Where the first unpaired surrogate escape of ``text`` is (line and
    column, from 1), when a string of ``value`` holds one: such a string is
    no text (it cannot be written as UTF-8) and names no file.  None when
    every surrogate escape is half of a pair."""
    if not has_lone_surrogate(value):
        return None
    escapes = list(_SURROGATE_ESCAPE.finditer(text))
    i = 0
    while i < len(escapes):
        m = escapes[i]
        after = escapes[i + 1] if i + 1 < len(escapes) else None
        if (
            after
            and _HIGH.search(m.group())
            and after.start() == m.end()
            and _LOW.match(after.group())
        ):
            i += 2  # a pair: one character
            continue
        return place(text, m.end() - 6)
    return {"line": 0, "column": 0}
