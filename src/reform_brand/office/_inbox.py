"""The office's inbox: what arrived by e-mail, checked as one batch.

Layout (docs/inbox.md)::

    INBOX/
      jinan-2022-08-15/            one folder per e-mail
        manifest.toml              optional: sender, arrival, unit, items, files
        申报表.docx                 the form, filled in
        申报表（盖章）.pdf           the signed and stamped scan
        进展情况.docx                an extra material
      济南市科协-项目.docx          loose files at the top ...
      济南市科协-项目-扫描件.pdf     ... matched by name

:func:`check_inbox` accounts for every file (used, ignored with a reason, or
unreadable), reads each Word form back (:mod:`reform_brand.office._read`), builds one
submission envelope per form with its scan, manifest facts and arrival time,
validates them as one batch (quotas included), checks the extra materials
(one per unit, the 字 limit), and returns an :class:`InboxReport`.  Input
files are only ever opened for reading, and nothing outside the inbox is
read: a symbolic link that leads out of it is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import tempfile
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Final, Literal

import attrs
from attrs import frozen
from jsonschema import Draft202012Validator

from reform_brand.catalogue import CATALOGUE, CodeInfo
from reform_brand.engine._validator import Validator
from reform_brand.findings import BatchReport, Finding, SubmissionReport, report_to_json
from reform_brand.model import Edition, ExtraMaterial
from reform_brand.names import RosterIndex, normalise
from reform_brand.office._read import ReadResult, read_form, squash
from reform_brand.safeopen import KIND_NAMES, UnsafeFileError, describe, docx_text, sniff
from reform_brand.submission import Submission
from reform_brand.wordcount import count

__all__ = [
    "INBOX_VERSION",
    "MANIFEST_NAMES",
    "MANIFEST_SCHEMA",
    "InboxFile",
    "InboxReport",
    "InboxSubmission",
    "Material",
    "Progress",
    "check_inbox",
    "inbox_to_json",
    "is_inbox",
    "report_from_batch",
    "write_atomic",
    "write_report_dir",
]

#: Version of the ``inbox`` section of the report's JSON form.
INBOX_VERSION: Final = 1
MANIFEST_NAMES: Final = ("manifest.toml", "manifest.json")
MAX_MANIFEST_BYTES: Final = 256 * 1024
MAX_TEXT_BYTES: Final = 4 * 1024 * 1024

Status = Literal["used", "ignored", "unreadable"]
#: ``progress(done, total, path)``: called as files are read.
Progress = Callable[[int, int, str], None]

_SYSTEM_FILES: Final = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
_TEXT_SUFFIXES: Final = (".txt", ".md")

_UNIT_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "kind": {"type": "string", "minLength": 1, "maxLength": 100},
        "city": {"type": "string", "minLength": 1, "maxLength": 200},
    },
}
_ITEMS_SCHEMA: Final[dict[str, Any]] = {
    "type": "array",
    "items": {"type": "integer", "minimum": 1},
    "uniqueItems": True,
}
_PATH_SCHEMA: Final[dict[str, Any]] = {"type": "string", "minLength": 1, "maxLength": 1024}

#: The manifest of an e-mail folder (manifest.json, or manifest.toml with the
#: same members).  Published in docs/inbox.md.
MANIFEST_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:reform-brand:inbox-manifest:1",
    "title": "收件清单",
    "description": "What one e-mail brought: sender, arrival time, unit, reform items, files.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "sender": {"type": "string", "maxLength": 320},
        "subject": {"type": "string", "maxLength": 1000},
        "arrived_at": {"type": "string", "maxLength": 64},
        "unit": _UNIT_SCHEMA,
        "reform_items": _ITEMS_SCHEMA,
        "submissions": {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "word": _PATH_SCHEMA,
                    "scan": _PATH_SCHEMA,
                    "form": {"type": "string", "minLength": 1},
                    "unit": _UNIT_SCHEMA,
                    "reform_items": _ITEMS_SCHEMA,
                },
            },
        },
        "materials": {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["path", "material"],
                "properties": {
                    "path": _PATH_SCHEMA,
                    "material": {"type": "string", "minLength": 1},
                    "unit": {"type": "string", "minLength": 1, "maxLength": 200},
                },
            },
        },
        "ignore": {"type": "array", "maxItems": 1000, "items": _PATH_SCHEMA},
    },
}
_MANIFEST_VALIDATOR: Final = Draft202012Validator(MANIFEST_SCHEMA)


# -- the report -----------------------------------------------------------------


@frozen(kw_only=True)
class InboxFile:
    """One file of the inbox and what became of it."""

    #: Relative to the inbox, with ``/``.
    path: str
    size: int = 0
    sha256: str = ""
    #: The content's type: pdf, docx, doc, zip, text, manifest, empty,
    #: unknown, unsafe, symlink, special, directory.
    kind: str = "unknown"
    status: Status = "used"
    #: What it was used as: word, signed-scan, manifest, an extra material id.
    role: str = ""
    #: The submission it belongs to (its id), if any.
    submission: str = ""
    #: The finding code that says why it was ignored or unreadable.
    code: str = ""


@frozen(kw_only=True)
class InboxSubmission:
    """The facts of one submission as the roster and the report show them."""

    id: str
    folder: str
    word: str = ""
    scan: str = ""
    manifest: str = ""
    sender: str = ""
    arrived_at: str | None = None
    #: True on time, False late, None unknown.
    on_time: bool | None = None
    form: str = ""
    unit: str = ""
    unit_kind: str = ""
    city: str = ""
    project_name: str = ""
    contact: str = ""
    reform_items: tuple[int, ...] = ()
    #: Whether the Word form could be read.
    read: bool = False
    #: The quota it counts toward, the unit it counts under, and the limit.
    quota: str = ""
    quota_unit: str = ""
    quota_limit: int = 0
    #: The form data read from the Word file.
    data: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@frozen(kw_only=True)
class Material:
    """An extra material (a city's progress summary, a 2021 summary)."""

    path: str
    material: str
    unit: str = ""
    #: 字 counted with the edition's mode (None: the text could not be read).
    count: int | None = None
    limit: int = 0


@frozen(kw_only=True)
class InboxReport:
    """The batch report of an inbox, with what became of every file."""

    root: str
    batch: BatchReport
    files: tuple[InboxFile, ...]
    submissions: tuple[InboxSubmission, ...]
    materials: tuple[Material, ...] = ()

    @property
    def ok(self) -> bool:
        return self.batch.ok

    def file(self, path: str) -> InboxFile:
        for f in self.files:
            if f.path == path:
                return f
        raise KeyError(path)

    def report_of(self, submission_id: str) -> SubmissionReport:
        return self.batch.submission(submission_id)

    def all_findings(self) -> list[Finding]:
        return self.batch.all_findings()


# -- helpers --------------------------------------------------------------------


def is_inbox(path: Path) -> bool:
    """Whether the folder ``path`` is an inbox of received files: it holds a
    .docx, .doc or .pdf file or a manifest, and no JSON file but manifests (a
    folder of submission JSON files, attachments beside them, is not one)."""
    if not path.is_dir():
        return False
    received = False
    for _root, dirs, names in os.walk(path, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for n in names:
            low = n.lower()
            if low.endswith(".json") and low != "manifest.json":
                return False
            if low.endswith((".docx", ".doc", ".pdf")) or low in MANIFEST_NAMES:
                received = True
    return received


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder
    and a rename: readers see the old file or the new one, never half."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


_STEM_NOISE: Final = re.compile(
    r"(盖章版|盖章|签章版|签章|签字版|签字|扫描件|扫描版|扫描|电子版|word版|pdf版|"
    r"signed|scan(ned)?|stamped|final|定稿)",
    re.IGNORECASE,
)
_STEM_PUNCT: Final = re.compile(r"[\s\-_—–.·,，、()（）\[\]【】《》<>]+")


def stem_key(name: str) -> str:
    """The key loose files are matched by: the name without its suffix,
    folded (NFKC, case), with words such as 盖章, 扫描件, signed and
    punctuation removed.  ``济南市科协-申报表.docx`` and
    ``济南市科协 申报表（盖章扫描件）.pdf`` share a key."""
    stem = PurePosixPath(name).stem
    folded = unicodedata.normalize("NFKC", stem).casefold()
    return _STEM_PUNCT.sub("", _STEM_NOISE.sub("", folded))


# -- scanning the inbox -----------------------------------------------------------


class _Scan:
    """Everything found while walking the inbox."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.files: dict[str, InboxFile] = {}
        #: folder ("" for loose files) -> paths of the regular files in it.
        self.groups: dict[str, list[str]] = {}
        self.findings: list[Finding] = []

    def inside(self, real: str) -> bool:
        base = self.real_root.rstrip(os.sep) + os.sep
        return real == self.real_root or real.startswith(base)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _walk(scan: _Scan) -> None:
    root = scan.root
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            rel = _rel(root, folder) + "/"
            scan.files[rel] = InboxFile(
                path=rel, kind="directory", status="unreadable", code="inbox.unreadable"
            )
            scan.findings.append(
                _finding("inbox.unreadable", rel, detail=exc.strerror or type(exc).__name__)
            )
            continue
        subdirs: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            rel = _rel(root, path)
            group = rel.split("/", 1)[0] if "/" in rel else ""
            try:
                st = os.lstat(path)
            except OSError as exc:
                scan.files[rel] = InboxFile(path=rel, status="unreadable", code="inbox.unreadable")
                scan.findings.append(
                    _finding("inbox.unreadable", rel, detail=exc.strerror or "lstat")
                )
                continue
            if stat.S_ISLNK(st.st_mode):
                real = os.path.realpath(path)
                if not scan.inside(real):
                    scan.files[rel] = InboxFile(
                        path=rel, kind="symlink", status="unreadable", code="inbox.symlink-outside"
                    )
                    scan.findings.append(_finding("inbox.symlink-outside", rel))
                else:
                    scan.files[rel] = InboxFile(
                        path=rel, kind="symlink", status="ignored", code="inbox.symlink"
                    )
                    scan.findings.append(_finding("inbox.symlink", rel))
                continue
            if stat.S_ISDIR(st.st_mode):
                if entry.name.startswith(".") or entry.name == "__MACOSX":
                    scan.files[rel + "/"] = InboxFile(
                        path=rel + "/", kind="directory", status="ignored", code="inbox.ignored"
                    )
                    scan.findings.append(
                        _finding(
                            "inbox.ignored",
                            rel + "/",
                            reason="隐藏或系统文件夹",
                            reason_en="a hidden or system folder",
                        )
                    )
                else:
                    subdirs.append(path)
                continue
            if not stat.S_ISREG(st.st_mode):
                scan.files[rel] = InboxFile(
                    path=rel, kind="special", status="ignored", code="inbox.not-regular"
                )
                scan.findings.append(_finding("inbox.not-regular", rel))
                continue
            low = entry.name.lower()
            if low.startswith((".", "~$")) or low in _SYSTEM_FILES:
                scan.files[rel] = InboxFile(
                    path=rel, size=st.st_size, status="ignored", code="inbox.ignored"
                )
                scan.findings.append(
                    _finding(
                        "inbox.ignored",
                        rel,
                        reason="隐藏、临时或系统文件",
                        reason_en="a hidden, temporary or system file",
                    )
                )
                continue
            scan.files[rel] = InboxFile(path=rel, size=st.st_size)
            scan.groups.setdefault(group, []).append(rel)
        stack.extend(reversed(subdirs))


def _finding(
    code: str,
    file: str,
    *,
    submission: str = "",
    unit: str = "",
    pointer: str = "",
    clause: str = "",
    severity: str | None = None,
    **params: object,
) -> Finding:
    info = _CATALOGUE.get(code)
    sev = severity or (info.severity if info is not None else "error")
    rule = info.rule if info is not None else "inbox"
    return Finding(
        code=code,
        severity=sev,  # type: ignore[arg-type]
        submission=submission,
        file=file,
        pointer=pointer,
        clause=clause,
        rule=rule,
        unit=unit,
        params=params,
    )


_CATALOGUE: Final[Mapping[str, CodeInfo]] = CATALOGUE


# -- manifests --------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """TOML values as JSON values (date-times as ISO 8601 strings)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _read_manifest(path: Path, rel: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    def bad(detail: str) -> tuple[None, list[Finding]]:
        return None, [_finding("inbox.manifest-invalid", rel, detail=detail)]

    try:
        if os.stat(path).st_size > MAX_MANIFEST_BYTES:
            return bad(f"larger than {MAX_MANIFEST_BYTES} bytes")
        raw = path.read_bytes()[: MAX_MANIFEST_BYTES + 1]
    except OSError as exc:
        return bad(exc.strerror or type(exc).__name__)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return bad("not UTF-8")
    try:
        value: Any = tomllib.loads(text) if rel.lower().endswith(".toml") else json.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        return bad(str(exc)[:200])
    value = _plain(value)
    errors = sorted(_MANIFEST_VALIDATOR.iter_errors(value), key=lambda e: list(e.path))
    if errors:
        details = []
        for e in errors[:5]:
            where = "/" + "/".join(str(p) for p in e.absolute_path)
            details.append(f"{where}: {e.validator}")
        return bad("; ".join(details))
    assert isinstance(value, dict)
    return value, []


# -- classifying files ---------------------------------------------------------------

_PROGRESS_WORDS: Final = ("进展",)
_SUMMARY_2021_WORDS: Final = ("2021", "总结")


def _material_by_words(text: str, edition: Edition) -> ExtraMaterial | None:
    """The extra material whose title (or, for the reference materials, key
    words) the squashed ``text`` contains."""
    key = squash(text)
    for m in edition.extra_materials:
        if squash(m.title.zh) in key:
            return m
    by_id = {m.id: m for m in edition.extra_materials}
    if "summary-2021" in by_id and all(w in key for w in _SUMMARY_2021_WORDS):
        return by_id["summary-2021"]
    if "city-progress-summary" in by_id and any(w in key for w in _PROGRESS_WORDS):
        return by_id["city-progress-summary"]
    return None


@frozen(kw_only=True)
class _Word:
    """A Word file of a group, read."""

    path: str
    result: ReadResult | None
    kind: str


class _Builder:
    def __init__(
        self,
        edition: Edition,
        root: Path,
        scan: _Scan,
        progress: Progress | None,
    ) -> None:
        self.edition = edition
        self.root = root
        self.scan = scan
        self.progress = progress
        self.roster = RosterIndex.build(edition)
        self.kinds = {u.name: u.kind for u in edition.roster}
        self.materials_by_id = {m.id: m for m in edition.extra_materials}
        self.envelopes: list[dict[str, Any]] = []
        self.subs: list[InboxSubmission] = []
        #: submission id -> findings found while reading and matching
        self.sub_findings: dict[str, list[Finding]] = {}
        #: submission ids whose form data is unknown (the Word file unread)
        self.unread: set[str] = set()
        self.kind_unknown: set[str] = set()
        self.materials: list[Material] = []
        self.done = 0
        self.total = sum(len(v) for v in scan.groups.values())

    # -- files ------------------------------------------------------------

    def _set(self, rel: str, **changes: Any) -> None:
        self.scan.files[rel] = attrs.evolve(self.scan.files[rel], **changes)

    def _tick(self, rel: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, rel)

    def _sniff(self, rel: str) -> str:
        path = self.root / rel
        try:
            found = sniff(path)
            digest = _sha256(path)
        except UnsafeFileError as exc:
            self._set(rel, kind="unsafe", status="unreadable", code="inbox.unreadable")
            self.scan.findings.append(_finding("inbox.unreadable", rel, detail=describe(exc)))
            return "unreadable"
        except OSError as exc:
            self._set(rel, status="unreadable", code="inbox.unreadable")
            self.scan.findings.append(
                _finding("inbox.unreadable", rel, detail=exc.strerror or type(exc).__name__)
            )
            return "unreadable"
        kind: str = found.kind
        if kind == "unknown" and rel.lower().endswith(_TEXT_SUFFIXES):
            kind = "text"
        self._set(rel, kind=kind, sha256=digest)
        return kind

    # -- one group (an e-mail folder, or the loose files) ----------------------

    def group(self, folder: str, rels: list[str]) -> None:
        manifest: dict[str, Any] | None = None
        manifest_rel = ""
        if folder:
            for name in MANIFEST_NAMES:
                candidate = f"{folder}/{name}"
                if candidate in rels:
                    manifest_rel = candidate
                    break
        if manifest_rel:
            manifest, problems = _read_manifest(self.root / manifest_rel, manifest_rel)
            self._set(
                manifest_rel,
                kind="manifest",
                role="manifest",
                sha256=_safe_hash(self.root / manifest_rel),
            )
            if problems:
                self._set(manifest_rel, status="unreadable", code="inbox.manifest-invalid")
            self.scan.findings.extend(problems)
            self._tick(manifest_rel)
        rest = [r for r in rels if r != manifest_rel]
        for other in (r for r in rest if PurePosixPath(r).name.lower() in MANIFEST_NAMES):
            # A manifest in a nested folder, or in the loose files: not read.
            self._set(other, kind="manifest", status="ignored", code="inbox.ignored")
            self.scan.findings.append(
                _finding(
                    "inbox.ignored",
                    other,
                    reason="清单只在邮件文件夹的第一层有效",
                    reason_en="a manifest counts only at the top of an e-mail folder",
                )
            )
        rest = [r for r in rest if PurePosixPath(r).name.lower() not in MANIFEST_NAMES]
        m = manifest or {}
        ignored = {self._in_folder(folder, p) for p in m.get("ignore", [])}
        for rel in rest:
            if rel in ignored:
                self._set(rel, status="ignored", code="inbox.ignored")
                self.scan.findings.append(
                    _finding(
                        "inbox.ignored",
                        rel,
                        reason="清单中注明忽略",
                        reason_en="the manifest says to ignore it",
                    )
                )
        rest = [r for r in rest if r not in ignored]
        for p in self._manifest_paths(m):
            rel = self._in_folder(folder, p)
            if rel not in self.scan.files or self.scan.files[rel].kind in ("symlink", "directory"):
                self.scan.findings.append(
                    _finding("inbox.manifest-missing-file", manifest_rel, path=p)
                )

        kinds: dict[str, str] = {}
        for rel in rest:
            kinds[rel] = self._sniff(rel)
            self._tick(rel)

        # Extra materials named by the manifest.
        declared_materials: dict[str, Mapping[str, Any]] = {}
        for item in m.get("materials", []):
            declared_materials[self._in_folder(folder, item["path"])] = item
        words: list[_Word] = []
        scans: list[str] = []
        for rel in rest:
            kind = kinds[rel]
            if kind == "unreadable":
                continue
            if rel in declared_materials:
                self._material(rel, kind, declared_materials[rel], m)
                continue
            if kind == "docx":
                result = read_form(self.edition, self.root / rel, file=rel, catalogue=_CATALOGUE)
                if result.form is None and self._material_docx(rel, m):
                    continue
                words.append(_Word(path=rel, result=result, kind=kind))
            elif kind == "doc":
                words.append(_Word(path=rel, result=None, kind=kind))
            elif kind == "pdf":
                mat = _material_by_words(PurePosixPath(rel).name, self.edition)
                if mat is not None:
                    self._material(rel, kind, {"material": mat.id}, m)
                else:
                    scans.append(rel)
            elif kind == "text":
                mat = _material_by_words(PurePosixPath(rel).name, self.edition)
                if mat is not None:
                    self._material(rel, kind, {"material": mat.id}, m)
                else:
                    self._unknown(rel, kind)
            elif kind in ("unsafe", "empty", "unknown", "zip") and rel.lower().endswith(
                (".docx", ".doc")
            ):
                if folder:
                    # In an e-mail folder: the Word file of that e-mail's
                    # submission, which cannot be read (read.* says why).
                    result = read_form(
                        self.edition, self.root / rel, file=rel, catalogue=_CATALOGUE
                    )
                    words.append(_Word(path=rel, result=result, kind=kind))
                else:
                    self._broken(rel, kind)
            elif kind in ("unsafe", "empty", "unknown", "zip") and rel.lower().endswith(".pdf"):
                if folder:
                    scans.append(rel)  # the deliverables rule says what it really is
                else:
                    self._broken(rel, kind)
            else:
                self._unknown(rel, kind)
        self._pair(folder, words, scans, m, manifest_rel)

    def _in_folder(self, folder: str, path: str) -> str:
        joined = f"{folder}/{path}" if folder else path
        return str(PurePosixPath(joined))

    @staticmethod
    def _manifest_paths(m: Mapping[str, Any]) -> list[str]:
        out: list[str] = []
        for s in m.get("submissions", []):
            out.extend(s[k] for k in ("word", "scan") if k in s)
        out.extend(item["path"] for item in m.get("materials", []))
        return out

    def _unknown(self, rel: str, kind: str) -> None:
        zh, en = KIND_NAMES.get(kind, (kind, kind))
        if kind == "text":
            zh, en = "文本文件", "a text file"
        self._set(rel, status="ignored", code="inbox.unknown-file")
        self.scan.findings.append(_finding("inbox.unknown-file", rel, detected=zh, detected_en=en))

    def _broken(self, rel: str, kind: str) -> None:
        """A file named as a form or a scan whose content is not one, with no
        submission to belong to (a loose file or an unmatched one)."""
        zh, en = KIND_NAMES.get(kind, KIND_NAMES["unknown"])
        self._set(rel, status="unreadable", code="inbox.unreadable")
        self.scan.findings.append(
            _finding(
                "inbox.unreadable",
                rel,
                detail=f"{zh} / {en}",
            )
        )

    # -- materials ---------------------------------------------------------------

    def _material_docx(self, rel: str, m: Mapping[str, Any]) -> bool:
        mat = _material_by_words(PurePosixPath(rel).name, self.edition)
        text: str | None = None
        if mat is None:
            try:
                text = docx_text(self.root / rel)
            except (UnsafeFileError, OSError, ValueError, KeyError):
                return False
            head = "\n".join([line for line in text.splitlines() if line.strip()][:3])
            mat = _material_by_words(head, self.edition)
        if mat is None:
            return False
        self._material(rel, "docx", {"material": mat.id}, m, text=text)
        return True

    def _material(
        self,
        rel: str,
        kind: str,
        item: Mapping[str, Any],
        m: Mapping[str, Any],
        *,
        text: str | None = None,
    ) -> None:
        mat = self.materials_by_id.get(str(item.get("material", "")))
        if mat is None:
            self._unknown(rel, kind)
            return
        unit = str(item.get("unit") or m.get("unit", {}).get("name") or "")
        detail = ""
        if text is None:
            text, detail = self._material_text(rel, kind)
        if not unit:
            unit = self._unit_in(PurePosixPath(rel).name) or (
                self._unit_in(text[:400]) if text else ""
            )
        counted = count(text, self.edition.count_mode) if text is not None else None
        self._set(rel, role=mat.id)
        self.materials.append(
            Material(path=rel, material=mat.id, unit=unit, count=counted, limit=mat.max_zi)
        )
        if text is None:
            self.scan.findings.append(
                _finding(
                    "material.unreadable",
                    rel,
                    unit=unit,
                    clause=mat.clause,
                    title=mat.title.zh,
                    title_en=mat.title.en or mat.title.zh,
                    detail=detail,
                )
            )

    def _material_text(self, rel: str, kind: str) -> tuple[str | None, str]:
        path = self.root / rel
        if kind == "docx":
            try:
                return docx_text(path), ""
            except UnsafeFileError as exc:
                return None, exc.code
            except (OSError, ValueError, KeyError) as exc:
                return None, type(exc).__name__
        if kind == "text":
            try:
                raw = path.read_bytes()[:MAX_TEXT_BYTES]
                return raw.decode("utf-8-sig"), ""
            except UnicodeDecodeError:
                return None, "not UTF-8"
            except OSError as exc:
                return None, exc.strerror or type(exc).__name__
        return None, KIND_NAMES.get(kind, KIND_NAMES["unknown"])[1]

    def _unit_in(self, text: str) -> str:
        """A roster unit named in ``text`` (by name or alias), if exactly one."""
        key = normalise(text)
        found = {name for k, name in self.roster.by_key.items() if k and k in key}
        return found.pop() if len(found) == 1 else ""

    # -- pairing forms and scans into submissions -------------------------------

    def _pair(
        self,
        folder: str,
        words: list[_Word],
        scans: list[str],
        m: Mapping[str, Any],
        manifest_rel: str,
    ) -> None:
        by_path = {w.path: w for w in words}
        pairs: list[tuple[_Word | None, str, Mapping[str, Any]]] = []
        used_scans: set[str] = set()
        used_words: set[str] = set()
        for s in m.get("submissions", []):
            w = by_path.get(self._in_folder(folder, s["word"])) if "word" in s else None
            scan = self._in_folder(folder, s["scan"]) if "scan" in s else ""
            scan = scan if scan in scans else ""
            if w is None and not scan:
                continue
            if w is not None:
                used_words.add(w.path)
            if scan:
                used_scans.add(scan)
            pairs.append((w, scan, s))
        free_words = [w for w in words if w.path not in used_words]
        free_scans = [s for s in scans if s not in used_scans]
        if folder and len(free_words) == 1 and len(free_scans) == 1:
            pairs.append((free_words[0], free_scans[0], {}))
            free_words, free_scans = [], []
        elif folder and len(free_words) > 1 and free_scans and not m.get("submissions"):
            self.scan.findings.append(
                _finding("inbox.several-forms", folder + "/", count=len(free_words))
            )
        for w in free_words:
            key = stem_key(w.path)
            match = [s for s in free_scans if stem_key(s) == key]
            scan = match[0] if len(match) == 1 else ""
            if scan:
                free_scans.remove(scan)
            pairs.append((w, scan, {}))
        if folder and m and not words and len(free_scans) == 1 and not m.get("submissions"):
            # An e-mail with a manifest but only the scan: a submission
            # without its Word file.
            pairs.append((None, free_scans[0], {}))
            free_scans = []
        for s in free_scans:
            self._set(s, status="ignored", code="inbox.unmatched-scan")
            self.scan.findings.append(_finding("inbox.unmatched-scan", s))
        for w, scan, spec in pairs:
            self._submission(folder, w, scan, spec, m, manifest_rel)

    def _submission(
        self,
        folder: str,
        word: _Word | None,
        scan: str,
        spec: Mapping[str, Any],
        m: Mapping[str, Any],
        manifest_rel: str,
    ) -> None:
        sub_id = (word.path if word is not None else scan)[:200]
        result = word.result if word is not None else None
        findings: list[Finding] = []
        if result is not None:
            findings.extend(attrs.evolve(f, submission=sub_id) for f in result.findings)
        elif word is not None and word.kind == "doc":
            findings.append(
                _finding("read.legacy-doc", word.path, submission=sub_id, pointer="/data")
            )
        read_ok = result is not None and result.form is not None
        if not read_ok:
            self.unread.add(sub_id)
        unit_spec: dict[str, Any] = {**m.get("unit", {}), **spec.get("unit", {})}
        name = (result.unit if result is not None else "") or str(unit_spec.get("name", ""))
        kind = str(unit_spec.get("kind", ""))
        if not kind and name:
            known = self.roster.canonical(name)
            kind = self.kinds.get(known, "") if known else ""
        form = (result.form if result is not None else None) or str(spec.get("form", ""))
        if not form and kind:
            forms = [k.forms for k in self.edition.unit_kinds if k.id == kind]
            if forms and len(forms[0]) == 1:
                form = forms[0][0]
        if not kind:
            self.kind_unknown.add(sub_id)
            findings.append(
                _finding(
                    "inbox.kind-unknown",
                    word.path if word is not None else scan,
                    submission=sub_id,
                    unit=name,
                    pointer="/unit/kind",
                )
            )
        unit: dict[str, Any] = {}
        if name:
            unit["name"] = name[:200]
        if kind:
            unit["kind"] = kind
        if unit_spec.get("city"):
            unit["city"] = unit_spec["city"]
        items = spec.get("reform_items", m.get("reform_items"))
        arrived = m.get("arrived_at") if m else None
        attachments = []
        if word is not None:
            attachments.append({"role": "word", "path": word.path})
            self._set(word.path, role="word", submission=sub_id)
            if word.result is not None and word.result.form is None:
                code = word.result.findings[0].code if word.result.findings else ""
                self._set(word.path, status="unreadable", code=code)
        if scan:
            attachments.append({"role": "signed-scan", "path": scan})
            self._set(scan, role="signed-scan", submission=sub_id)
        env: dict[str, Any] = {
            "version": 1,
            "id": sub_id,
            "edition": self.edition.id,
            "form": form,
            "unit": unit,
            "arrived_at": arrived,
            "attachments": attachments,
            "data": dict(result.data) if result is not None else {},
        }
        if items is not None:
            env["reform_items"] = list(items)
        self.envelopes.append(env)
        self.sub_findings[sub_id] = findings
        data = result.data if result is not None else {}
        contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
        assert isinstance(contact, dict)
        on_time: bool | None = None
        if isinstance(arrived, str):
            on_time = _on_time(self.edition, arrived)
        self.subs.append(
            InboxSubmission(
                id=sub_id,
                folder=folder,
                word=word.path if word is not None else "",
                scan=scan,
                manifest=manifest_rel,
                sender=str(m.get("sender", "")),
                arrived_at=arrived if isinstance(arrived, str) else None,
                on_time=on_time,
                form=form,
                unit=name,
                unit_kind=kind,
                city=str(unit_spec.get("city", "")),
                project_name=str(data.get("project_name", "")),
                contact=" ".join(
                    str(contact.get(k, ""))
                    for k in ("name", "title", "office_phone", "mobile", "email")
                    if contact.get(k)
                ),
                reform_items=tuple(int(i) for i in items) if items is not None else (),
                read=read_ok,
                data=data,
            )
        )

    # -- the materials' checks ----------------------------------------------------

    def material_findings(self) -> list[Finding]:
        out: list[Finding] = []
        mode = self.edition.count_mode
        per_unit: dict[tuple[str, str], list[Material]] = {}
        for mat in self.materials:
            spec = self.materials_by_id[mat.material]
            where: dict[str, Any] = {
                "unit": mat.unit,
                "clause": spec.clause,
                "title": spec.title.zh,
                "title_en": spec.title.en or spec.title.zh,
            }
            if not mat.unit:
                out.append(_finding("material.unit-unknown", mat.path, **where))
            else:
                key = self.roster.canonical(mat.unit) or normalise(mat.unit)
                per_unit.setdefault((mat.material, key), []).append(mat)
                selected = {normalise(u) for u in spec.selected_units}
                if spec.selected_units and normalise(mat.unit) not in selected:
                    out.append(_finding("material.not-selected", mat.path, **where))
            if mat.count is not None and spec.max_zi and mat.count > spec.max_zi:
                out.append(
                    _finding(
                        "material.too-long",
                        mat.path,
                        count=mat.count,
                        limit=spec.max_zi,
                        mode=mode,
                        mode_zh=_MODE_ZH.get(mode, mode),
                        **where,
                    )
                )
        for (mat_id, _key), mats in sorted(per_unit.items()):
            spec = self.materials_by_id[mat_id]
            if len(mats) > spec.per_unit:
                out.append(
                    _finding(
                        "material.duplicate",
                        mats[1].path,
                        unit=mats[0].unit,
                        clause=spec.clause,
                        count=len(mats),
                        limit=spec.per_unit,
                        title=spec.title.zh,
                        title_en=spec.title.en or spec.title.zh,
                        files=tuple(x.path for x in mats),
                    )
                )
        for spec in self.edition.extra_materials:
            expected: list[str] = []
            if spec.unit_kinds:
                expected = [u.name for u in self.edition.roster if u.kind in spec.unit_kinds]
            elif spec.selected_units:
                expected = list(spec.selected_units)
            got = {key for (mid, key) in per_unit if mid == spec.id}
            missing = [u for u in expected if (self.roster.canonical(u) or normalise(u)) not in got]
            if missing:
                out.append(
                    _finding(
                        "material.missing",
                        "",
                        clause=spec.clause,
                        title=spec.title.zh,
                        title_en=spec.title.en or spec.title.zh,
                        units=tuple(missing),
                        count=len(missing),
                    )
                )
        return out


_MODE_ZH: Final = {
    "word-compatible": "Word 字数统计",
    "characters": "字符数（计空格）",
    "non-whitespace": "字符数（不计空格）",
}


def _safe_hash(path: Path) -> str:
    try:
        return _sha256(path)
    except OSError:
        return ""


def _on_time(edition: Edition, arrived: str) -> bool | None:
    text = arrived.strip()
    if text[-1:] in ("z", "Z"):
        text = text[:-1] + "+00:00"
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None or when.utcoffset() is None:
        return None
    return edition.deadline.is_on_time(when)


# -- the entry point ------------------------------------------------------------------


def check_inbox(
    edition: Edition,
    root: str | os.PathLike[str],
    *,
    validator: Validator | None = None,
    strict: bool = False,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> InboxReport:
    """Check everything in the inbox folder ``root`` against ``edition``.

    Never raises for anything the inbox holds; every problem is a finding.
    ``validator`` defaults to one with the built-in rules.
    """
    base = Path(root)
    scan = _Scan(base)
    _walk(scan)
    builder = _Builder(edition, base, scan, progress)
    for folder in sorted(scan.groups):
        builder.group(folder, scan.groups[folder])
    v = validator or Validator(edition)
    order = sorted(range(len(builder.envelopes)), key=lambda i: builder.envelopes[i]["id"])
    envelopes = [builder.envelopes[i] for i in order]
    subs = [_with_quota(v, builder.subs[i], envelopes[n]) for n, i in enumerate(order)]
    batch = v.validate_batch(envelopes, strict=strict, now=now, base_dir=base)
    merged: list[SubmissionReport] = []
    for rep in batch.submissions:
        extra = builder.sub_findings.get(rep.submission, [])
        kept = [f for f in rep.findings if _keep(f, rep.submission, builder)]
        rep_file = next((s.word or s.scan for s in subs if s.id == rep.submission), rep.file)
        merged.append(
            attrs.evolve(
                rep,
                file=rep_file,
                findings=tuple(extra)
                + tuple(attrs.evolve(f, file=f.file or rep_file) for f in kept),
            )
        )
    inbox_findings = scan.findings + builder.material_findings()
    catalogue = v.catalogue
    batch = attrs.evolve(
        batch,
        submissions=tuple(merged),
        findings=tuple(batch.findings) + tuple(inbox_findings),
        catalogue=catalogue,
    )
    files = tuple(scan.files[k] for k in sorted(scan.files))
    return InboxReport(
        root=str(base),
        batch=batch,
        files=files,
        submissions=tuple(subs),
        materials=tuple(sorted(builder.materials, key=lambda x: x.path)),
    )


def _with_quota(v: Validator, sub: InboxSubmission, env: dict[str, Any]) -> InboxSubmission:
    return _with_quota_index(v.index, sub, env)


def _with_quota_index(index: Any, sub: InboxSubmission, env: dict[str, Any]) -> InboxSubmission:
    found = index.quota_unit(Submission.from_envelope(env, id=sub.id))
    if found is None:
        return sub
    quota, _key, shown = found
    return attrs.evolve(sub, quota=quota.id, quota_unit=shown, quota_limit=quota.limit)


def _keep(f: Finding, sub_id: str, builder: _Builder) -> bool:
    """Whether a validator finding still says something: findings about the
    form data of a form that could not be read are dropped (its ``read.*``
    finding says why), and a missing unit kind already has its own."""
    if sub_id in builder.unread and (f.pointer == "/data" or f.pointer.startswith("/data/")):
        return False
    return not (
        sub_id in builder.kind_unknown
        and f.code == "envelope.required"
        and f.pointer == "/unit/kind"
    )


# -- writing the outputs -------------------------------------------------------------

REPORT_FILES: Final = ("report.json", "report.html", "roster.xlsx")


def _form_file_name(n: int, sub: InboxSubmission) -> str:
    unit = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", unicodedata.normalize("NFKC", sub.unit))[:40]
    return f"{n:03d}-{unit or 'form'}.html"


def write_report_dir(
    report: InboxReport,
    edition: Edition,
    out_dir: str | os.PathLike[str],
    *,
    lang: str = "zh",
    forms: bool = True,
) -> list[Path]:
    """Write ``report.json``, ``report.html``, ``roster.xlsx`` and (with
    ``forms``) each form as read, as a printable HTML page under ``forms/``,
    into ``out_dir`` (created if needed).  Each file is written atomically.
    Returns the paths written."""
    from reform_brand.errors import ReformBrandError
    from reform_brand.office._report_html import report_html
    from reform_brand.office._roster import roster_xlsx
    from reform_brand.render import render_form

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    links: dict[str, str] = {}
    if forms:
        forms_dir = out / "forms"
        for n, sub in enumerate(report.submissions, start=1):
            if not sub.read or not sub.form:
                continue
            try:
                page = render_form(edition, sub.form, dict(sub.data), fmt="html")
            except ReformBrandError:
                continue  # data that does not fit the form (a JSON batch): no page
            forms_dir.mkdir(exist_ok=True)
            name = _form_file_name(n, sub)
            write_atomic(forms_dir / name, page)
            written.append(forms_dir / name)
            links[sub.id] = f"forms/{name}"
    data = json.dumps(inbox_to_json(report), ensure_ascii=False, indent=2) + "\n"
    for name, payload in (
        ("report.json", data.encode("utf-8")),
        ("report.html", report_html(report, edition, lang=lang, form_links=links).encode("utf-8")),
        ("roster.xlsx", roster_xlsx(report, edition, lang=lang)),
    ):
        write_atomic(out / name, payload)
        written.append(out / name)
    return written


# -- the JSON form ------------------------------------------------------------------


def inbox_to_json(report: InboxReport) -> dict[str, Any]:
    """The report as JSON: the batch report (``schemas/report.schema.json``)
    with an ``inbox`` section: every file and what became of it, the facts of
    each submission, and the extra materials."""
    out = report_to_json(report.batch)
    verdicts = {s.submission: s.verdict for s in report.batch.submissions}
    out["inbox"] = {
        "version": INBOX_VERSION,
        "root": report.root,
        "files": [
            {
                "path": f.path,
                "size": f.size,
                "sha256": f.sha256,
                "kind": f.kind,
                "status": f.status,
                "role": f.role,
                "submission": f.submission,
                "code": f.code,
            }
            for f in report.files
        ],
        "submissions": [
            {
                "id": s.id,
                "folder": s.folder,
                "word": s.word,
                "scan": s.scan,
                "manifest": s.manifest,
                "sender": s.sender,
                "arrived_at": s.arrived_at,
                "on_time": s.on_time,
                "form": s.form,
                "unit": s.unit,
                "unit_kind": s.unit_kind,
                "city": s.city,
                "project_name": s.project_name,
                "contact": s.contact,
                "reform_items": list(s.reform_items),
                "read": s.read,
                "quota": s.quota,
                "quota_unit": s.quota_unit,
                "quota_limit": s.quota_limit,
                "verdict": verdicts.get(s.id, "ok"),
            }
            for s in report.submissions
        ],
        "materials": [
            {
                "path": m.path,
                "material": m.material,
                "unit": m.unit,
                "count": m.count,
                "limit": m.limit,
            }
            for m in report.materials
        ],
    }
    return out


def report_from_batch(edition: Edition, batch: BatchReport, *, root: str = "") -> InboxReport:
    """An :class:`InboxReport` for a batch of submission JSON files (``check``
    on files or folders of them), so that the same outputs can be written:
    the facts of each submission are taken from its envelope."""
    from reform_brand.rules import EditionIndex
    from reform_brand.submission import read_envelope

    index = EditionIndex.build(edition)
    subs: list[InboxSubmission] = []
    files: list[InboxFile] = []
    for rep in batch.submissions:
        env: dict[str, Any] = {}
        if rep.file:
            value, _problems = read_envelope(Path(rep.file))
            env = value if isinstance(value, dict) else {}
            files.append(
                InboxFile(
                    path=rep.file,
                    kind="json",
                    status="used" if env else "unreadable",
                    role="submission",
                    submission=rep.submission,
                    code="" if env else "file.unreadable",
                )
            )
        unit: dict[str, Any] = _obj(env.get("unit"))
        data: dict[str, Any] = _obj(env.get("data"))
        contact: dict[str, Any] = _obj(data.get("contact"))
        items_raw = env.get("reform_items")
        items = tuple(
            i for i in (items_raw if isinstance(items_raw, list) else []) if type(i) is int
        )
        arrived = env.get("arrived_at")
        facts = InboxSubmission(
            id=rep.submission,
            folder=str(Path(rep.file).parent) if rep.file else "",
            form=rep.form,
            unit=rep.unit,
            unit_kind=rep.unit_kind,
            city=str(unit.get("city", ""))[:200],
            project_name=str(data.get("project_name", ""))[:1000],
            contact=" ".join(
                str(contact.get(k, ""))[:200]
                for k in ("name", "title", "office_phone", "mobile", "email")
                if contact.get(k)
            ),
            reform_items=items,
            arrived_at=arrived if isinstance(arrived, str) else None,
            on_time=_on_time(edition, arrived) if isinstance(arrived, str) else None,
            read=bool(data),
            data=data,
        )
        if env:
            facts = _with_quota_index(index, facts, env)
        subs.append(facts)
    return InboxReport(root=root, batch=batch, files=tuple(files), submissions=tuple(subs))


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def statuses(files: Iterable[InboxFile]) -> dict[str, int]:
    """How many files were used, ignored and unreadable."""
    out = {"used": 0, "ignored": 0, "unreadable": 0}
    for f in files:
        out[f.status] += 1
    return out


def submissions_of(report: InboxReport) -> Sequence[InboxSubmission]:
    return report.submissions
