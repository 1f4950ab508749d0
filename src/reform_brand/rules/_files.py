"""Attachments: the deliverables (signed scan as PDF, the Word file) and the
text of extra materials, opened safely through :mod:`reform_brand.safeopen`
(shared with reading forms and the inbox).

Types are read from the content, never from the file name:

* PDF: ``%PDF-`` within the first 1024 bytes;
* .docx: a zip archive holding ``word/document.xml``, or the Word part its
  ``_rels/.rels`` names as its main one (only the central
  directory is read; the entry count, total uncompressed size and
  compression ratio are checked first, then every XML part for a
  ``<!DOCTYPE``);
* legacy .doc: the OLE compound file header ``D0 CF 11 E0 A1 B1 1A E1``.

Attachment paths are relative to the envelope's folder and may not leave it:
no absolute paths, no ``..``, no backslashes, and no symbolic link that
resolves outside the folder.  (The names of files intake found in an inbox
folder may hold a backslash or a colon, as a file's name may on Linux and
macOS: :attr:`~reform_brand.submission.Submission.paths_found`.)  Only
regular files are opened (never a FIFO or a device).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from reform_brand._text import has_surrogates, on_disk
from reform_brand.catalogue import Localized, choices
from reform_brand.codes.reasons import known_reason, os_reason, unsafe_reason
from reform_brand.engine._context import EditionIndex, FieldInfo, Quiet, RuleContext
from reform_brand.engine._records import SubmissionRecord
from reform_brand.findings import Finding
from reform_brand.model import Deliverable, Edition, ExtraMaterial
from reform_brand.opened import OpenedFiles, sniff_checked
from reform_brand.rules._base import BuiltinRule, field_value, label_params
from reform_brand.safeopen import MAX_FILE_BYTES, Sniffed, docx_text, kind_name
from reform_brand.submission import Attachment, Submission
from reform_brand.wordcount import count

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "DeliverablesRule",
    "LengthsRule",
    "Sniffed",
    "deliverable_for",
    "docx_text",
    "no_folder",
    "resolve_attachment",
    "sniff",
]

MAX_ATTACHMENT_BYTES: Final = MAX_FILE_BYTES

_EXTENSIONS: Final = {
    "pdf": (".pdf",),
    "docx": (".docx", ".docm", ".dotx", ".dotm"),
    "doc": (".doc", ".wps"),
    "odt": (".odt",),
}


def sniff(path: Path) -> Sniffed:
    """The type of the regular file at ``path``, from its content (see
    :func:`reform_brand.opened.sniff_checked`: a .docx has its XML parts
    checked too, and the answer is kept for the run)."""
    return sniff_checked(path)


def deliverable_for(edition: Edition, kind: str) -> Deliverable | None:
    """The edition's deliverable a file of content type ``kind`` ("docx",
    "doc", "pdf") is delivered as: the first required one whose
    ``file_types`` hold it, else the first optional one."""
    fitting = [d for d in edition.delivery.deliverables if kind in d.file_types]
    required = [d for d in fitting if d.required]
    chosen = required or fitting
    return chosen[0] if chosen else None


def _unsafe_path(path: str, *, found: bool = False) -> bool:
    """Whether ``path`` may leave its folder.  A declared path (an
    envelope's) is judged alike on every system: a backslash or a drive
    (``C:``) is refused.  A name intake ``found`` in the folder is one this
    system gave a file, where those are ordinary characters."""
    if "\x00" in path or path.startswith("/"):
        return True
    if not found and ("\\" in path or ":" in path[:3]):
        return True
    # (An ASCII path holds no surrogate, and one without ".." no ".." part.)
    if not path.isascii() and has_surrogates(path) and not _a_name(path):
        return True
    return ".." in path and any(part == ".." for part in path.split("/"))


def _a_name(path: str) -> bool:
    """Whether ``path`` can name a file: its lone surrogates stand for the
    bytes of a name that is not UTF-8 (a JSON "\\ud800" names nothing)."""
    try:
        os.fsencode(path)
    except UnicodeEncodeError:
        return False
    return True


def _plain_name_in(name: str, joined: str) -> bool:
    """Whether ``joined`` (a name in a folder whose path is real) is its own
    real path: a plain file name that is no symbolic link (or names nothing
    yet), so that resolving it needs no walk over the folder's path."""
    if not name or "/" in name or name in (".", ".."):
        return False
    try:
        return not stat.S_ISLNK(os.lstat(joined).st_mode)
    except OSError:
        return True


def resolve_attachment(
    sub: Submission | SubmissionRecord, att: Attachment, files: OpenedFiles | None = None
) -> Path | None:
    """The real path of ``att`` when it stays inside the submission's folder,
    else None (also None when no folder is known); the path as given where
    it cannot be followed (a folder on its way that may not be looked into:
    whatever looks at it is refused as its resolution was).  With ``files``
    (a rule's ``ctx.files``) each path is resolved once for all the rules."""
    if sub.base_dir is None:
        return None
    if files is None:
        return _resolved(sub, att, os.path.realpath)
    key = (sub.real_base or str(sub.base_dir), att.path)
    try:
        return files.attachments[key]
    except KeyError:
        found = files.attachments[key] = _resolved(sub, att, files.realpath)
        return found


def _resolved(
    sub: Submission | SubmissionRecord, att: Attachment, realpath: Callable[[str], str]
) -> Path | None:
    if sub.base_dir is None or _unsafe_path(att.path, found=sub.paths_found):
        return None
    try:
        base = sub.real_base or realpath(str(sub.base_dir))
        joined = os.path.join(base, on_disk(att.path))  # (an ASCII locale: its UTF-8 bytes)
        real = joined if _plain_name_in(att.path, joined) else realpath(joined)
    except OSError:
        # A folder on the way may not be looked into (a link to another
        # user's): where it leads is not known, and every look at the path
        # meets the same refusal, said as the file's (deliverables.unreadable).
        return Path(sub.base_dir, att.path)
    if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
        return None
    return Path(real)


def no_folder(sub: Submission, now: dt.datetime) -> bool:
    """The quiet test of a rule that looks only at files: True when no
    folder is given, so that there is no file to look at."""
    return sub.base_dir is None


class AttachmentRolesRule(BuiltinRule):
    """Every attachment's role is one of the edition's deliverables or extra
    materials.  The exported submission schema spells the roles out, so this
    needs no file: a portal that leaves the deliverables rule out while the
    unit is still editing (nothing uploaded yet) says it as its page's ajv
    does."""

    id = "attachment-roles"
    codes = ("deliverables.unknown-role",)

    def check(self, ctx: RuleContext) -> list[Finding]:
        sub = ctx.submission
        deliverables = ctx.index.deliverables
        materials = ctx.index.materials
        out: list[Finding] = []
        for att in sub.attachments:
            if att.role in deliverables or att.role in materials:
                continue
            out.append(
                ctx.finding(
                    "deliverables.unknown-role",
                    rule=self.id,
                    submission=sub,
                    clause=ctx.edition.delivery.clause,
                    pointer=f"/attachments/{att.index}/role",
                    role=att.role,
                    available=(*deliverables, *sorted(materials)),
                    roles=_role_choices(ctx.index),
                )
            )
        return out

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when every attachment's role is one of the edition's
        deliverables or extra materials: exactly when :meth:`check` finds
        nothing."""
        known = frozenset(index.deliverables) | frozenset(index.materials)

        def test(sub: Submission, now: dt.datetime) -> bool:
            for att in sub.attachments:  # noqa: SIM110 - (no generator made on every call)
                if att.role not in known:
                    return False
            return True

        return test


def _role_choices(index: EditionIndex) -> Localized:
    """The roles an attachment may have, by their titles, each with the id
    an envelope gives: ``WORD 版（word）、…``."""
    titled: list[Deliverable | ExtraMaterial] = [*index.deliverables.values()]
    titled += [index.materials[m] for m in sorted(index.materials)]
    return choices((d.id, d.title.zh, d.title.en) for d in titled)


def _required(index: EditionIndex) -> tuple[tuple[Deliverable, ...], frozenset[str]]:
    """The edition's required deliverables, in order, and their ids."""
    required = tuple(d for d in index.edition.delivery.deliverables if d.required)
    return required, frozenset(d.id for d in required)


def _all_safe(sub: Submission) -> bool:
    """Whether no attachment path of ``sub`` may leave its folder."""
    found = sub.paths_found
    for att in sub.attachments:  # noqa: SIM110 - (no generator made on every call)
        if _unsafe_path(att.path, found=found):
            return False
    return True


class DeliverablesRule(BuiltinRule):
    """Every required deliverable is attached, inside the submission's folder,
    a regular file of an accepted type (by content)."""

    id = "deliverables"
    codes = (
        "deliverables.missing",
        "deliverables.path-escape",
        "deliverables.file-missing",
        "deliverables.unreadable",
        "deliverables.not-a-file",
        "deliverables.too-large",
        "deliverables.wrong-type",
        "deliverables.misnamed",
        "deliverables.unsafe-file",
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        sub = ctx.submission
        required, ids = ctx.index.derived(_required)
        roles = {a.role for a in sub.attachments}
        if sub.base_dir is None and roles >= ids and _all_safe(sub):
            return ()  # (the usual case without the folder: nothing to say)
        return self._findings(ctx, sub, required, roles)

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when no folder is given, every required deliverable is
        attached and no path may leave the folder: the case in which
        :meth:`check` looks no further."""
        ids = index.derived(_required)[1]

        def test(sub: Submission, now: dt.datetime) -> bool:
            if sub.base_dir is not None:
                return False
            roles = set()
            for att in sub.attachments:
                path = att.path
                # (An ASCII path with none of these stays in its folder.)
                if (
                    not path.isascii()
                    or "\\" in path
                    or ":" in path
                    or ".." in path
                    or "\x00" in path
                    or path[:1] == "/"
                ) and _unsafe_path(path, found=sub.paths_found):
                    return False
                roles.add(att.role)
            return roles >= ids

        return test

    def _findings(
        self,
        ctx: RuleContext,
        sub: Submission,
        required: tuple[Deliverable, ...],
        roles: set[str],
    ) -> Iterator[Finding]:
        for d in required:
            if d.id not in roles:
                yield ctx.finding(
                    "deliverables.missing",
                    rule=self.id,
                    submission=sub,
                    pointer="/attachments",
                    clause=d.clause,
                    role=d.id,
                    title=d.title.zh,
                    title_en=d.title.en or d.title.zh,
                )
        for att in sub.attachments:
            unsafe = _unsafe_path(att.path, found=sub.paths_found)
            if not unsafe and sub.base_dir is None:
                continue  # nothing more to look at without the folder
            yield from self._attachment(ctx, sub, att, unsafe)

    def _attachment(
        self, ctx: RuleContext, sub: Submission, att: Attachment, unsafe: bool
    ) -> Iterator[Finding]:
        """The path and file of one attachment (``unsafe``: its path may
        leave the folder); its role is the attachment-roles rule's."""
        deliverables = ctx.index.deliverables
        base = f"/attachments/{att.index}"
        where: dict[str, Any] = {
            "rule": self.id,
            "submission": sub,
            "clause": ctx.edition.delivery.clause,
        }
        if unsafe:
            yield ctx.finding("deliverables.path-escape", **where, pointer=base + "/path")
            return
        if sub.base_dir is None:
            return
        real = resolve_attachment(sub, att, ctx.files)
        if real is None:
            yield ctx.finding("deliverables.path-escape", **where, pointer=base + "/path")
            return
        where["pointer"] = base + "/path"
        where["path"] = att.path
        try:
            st = ctx.files.stat(real)
        except OSError as exc:
            yield _not_there(ctx, exc, where)
            return
        if not stat.S_ISREG(st.st_mode):
            yield ctx.finding("deliverables.not-a-file", **where)
            return
        if st.st_size > MAX_ATTACHMENT_BYTES:
            yield ctx.finding(
                "deliverables.too-large", **where, size=st.st_size, limit=MAX_ATTACHMENT_BYTES
            )
            return
        target = deliverables.get(att.role)
        if target is not None:  # an extra material is the materials rule's
            yield from _content(ctx, target, real, att.path, where)


def _not_there(ctx: RuleContext, exc: OSError, where: dict[str, Any]) -> Finding:
    """An attachment file that is not there, or that is there and cannot be
    read (a symbolic link loop, no permission): each said as it is."""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return ctx.finding("deliverables.file-missing", **where)
    return ctx.finding("deliverables.unreadable", **where, detail=os_reason(exc))


def _content(
    ctx: RuleContext, target: Deliverable, real: Path, path: str, where: dict[str, Any]
) -> Iterator[Finding]:
    """What the file of a deliverable holds, by content."""
    try:
        found = ctx.files.sniff(real)
    except OSError as exc:
        yield _not_there(ctx, exc, where)
        return
    if found.kind == "unsafe":
        why = unsafe_reason(found.code, found.params)
        yield ctx.finding("deliverables.unsafe-file", **where, detail=why)
        return
    zh, en = kind_name(found.kind, found.detail)
    if found.kind not in target.file_types:
        yield ctx.finding(
            "deliverables.wrong-type",
            **where,
            role=target.id,
            title=target.title.zh,
            title_en=target.title.en or target.title.zh,
            detected=zh,
            detected_en=en,
            kind=found.kind,
            expected=tuple(target.file_types),
        )
    elif not path.lower().endswith(_EXTENSIONS.get(found.kind, ())) and not (
        found.kind == "doc"
        and found.detail == "encrypted"
        and path.lower().endswith(_EXTENSIONS["docx"])
    ):  # (a .docx with a password to open it is an OLE file, as a .doc is)
        yield ctx.finding(
            "deliverables.misnamed",
            **where,
            severity="warning",
            detected=zh,
            detected_en=en,
            kind=found.kind,
        )


class WordFileRule(BuiltinRule):
    """The Word file a submission names can be opened.  A .docx with a
    password to open it is an OLE compound file, as a Word 97-2003 .doc is,
    and the deliverables rule takes it for one (an accepted type); it is
    ``read.unreadable`` with the reason ``encrypted``, as a .docx in an inbox
    is when its form is read; so is an .odt whose manifest says a password
    encrypted its parts (its sniff's detail is ``encrypted`` too)."""

    id = "read"
    codes = ("read.unreadable",)

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        sub = ctx.submission
        if sub.base_dir is None:
            return ()  # (no folder: no file to look at)
        return self._files(ctx, sub)

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when no folder is given: there is no file to read."""
        return no_folder

    def _files(self, ctx: RuleContext, sub: Submission) -> Iterator[Finding]:
        for att in sub.attachments:
            d = ctx.index.deliverables.get(att.role)
            if d is None or "docx" not in d.file_types:
                continue
            real = resolve_attachment(sub, att, ctx.files)
            if real is None:
                continue
            try:
                regular = stat.S_ISREG(ctx.files.stat(real).st_mode)
                found = ctx.files.sniff(real) if regular else None
            except OSError:
                continue  # the deliverables rule says what is wrong
            if found is not None and found.kind in ("doc", "odt") and found.detail == "encrypted":
                yield ctx.finding(
                    "read.unreadable",
                    rule=self.id,
                    submission=sub,
                    pointer=f"/attachments/{att.index}/path",
                    clause=d.clause,
                    path=att.path,
                    detail=known_reason("encrypted"),
                )


_MODE_ZH: Final = {
    "word-compatible": "Word 字数统计",
    "characters": "字符数（计空格）",
    "non-whitespace": "字符数（不计空格）",
}


class LengthsRule(BuiltinRule):
    """字 limits of form fields with ``max_zi``, counted with the edition's
    count mode.  (Extra materials have theirs checked by the materials rule.)

    A field over its character cap (``max_chars``) is form-data's and is not
    counted here."""

    id = "lengths"
    codes = ("lengths.too-long",)

    def check(self, ctx: RuleContext) -> list[Finding]:
        sub = ctx.submission
        data = sub.data
        if not isinstance(data, dict):
            return []
        mode = ctx.edition.count_mode
        out: list[Finding] = []
        for info in ctx.index.fields_of(sub.form, "zi"):
            f = info.field
            value = field_value(data, info.path)
            if not isinstance(value, str) or (f.max_chars and len(value) > f.max_chars):
                continue
            n = count(value, mode)
            if n > f.max_zi:
                out.append(self._too_long(ctx, sub, info, n, mode))
        return out

    def quiet(self, index: EditionIndex) -> Quiet:
        """True when no field with a 字 limit holds more 字 than it: a value
        no longer in characters than its limit is within it (no count mode
        gives more 字 than characters), a longer one is counted as
        :meth:`check` counts it, and a field whose character cap is within
        its limit is never over it (a value over the cap is not counted)."""
        mode = index.edition.count_mode
        limits = {
            form_id: tuple(
                (info.path, info.field.max_zi, info.field.max_chars)
                for info in index.fields_of(form_id, "zi")
                if not 0 < info.field.max_chars <= info.field.max_zi
            )
            for form_id in index.forms
        }

        def test(sub: Submission, now: dt.datetime) -> bool:
            fields = limits.get(sub.form)
            if fields is None:
                return False
            for path, max_zi, max_chars in fields:
                value = field_value(sub.data, path)
                if (
                    isinstance(value, str)
                    and len(value) > max_zi
                    and not (max_chars and len(value) > max_chars)
                    and count(value, mode) > max_zi
                ):
                    return False
            return True

        return test

    def _too_long(
        self, ctx: RuleContext, sub: Submission, info: FieldInfo, n: int, mode: str
    ) -> Finding:
        f = info.field
        mode_zh = _MODE_ZH.get(mode, mode)
        return ctx.finding(
            "lengths.too-long",
            rule=self.id,
            submission=sub,
            pointer="/data" + info.pointer,
            clause=f.clause,
            count=n,
            limit=f.max_zi,
            mode=mode,
            mode_zh=mode_zh,
            field=info.pointer,
            **label_params(f),
        )
