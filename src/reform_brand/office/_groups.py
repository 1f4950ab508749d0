"""One group of the inbox (an e-mail folder, or the loose files at the top):
its manifest, what each file is, Word forms paired with their scans, extra
materials, and the envelopes they make.

Roles come from the edition: the Word file is delivered as the deliverable
whose ``file_types`` hold docx (or doc), the scan as the one that holds pdf.
How an extra material is recognised (its title, ``keywords``,
``name_patterns``) is the edition's data too.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

import attrs

from reform_brand._kinds import ARCHIVE_FORMATS, OFFICE, PICTURES
from reform_brand.catalogue import CATALOGUE, Localized
from reform_brand.names import RosterIndex
from reform_brand.office._archive_why import RECEIVED
from reform_brand.office._dates import as_rfc3339, on_time
from reform_brand.office._group_materials import add_material, docx_material, material_for
from reform_brand.office._group_words import DOCUMENTS, WORD_NAMES, GroupWord, saved_twice
from reform_brand.office._inbox import InboxSubmission, kind_unknown, ledger_finding
from reform_brand.office._manifest import (
    MANIFEST_NAMES,
    as_on_disk,
    in_folder,
    read_manifest_digest,
)
from reform_brand.office._names import contact_line, form_of
from reform_brand.office._odt import holds_table
from reform_brand.office._pairing import all_versions, document_modified, pair_scans
from reform_brand.office._read import ReadResult, read_form, read_opened
from reform_brand.office._reader import Reader, text_of
from reform_brand.office._walk import Walk
from reform_brand.opened import Known, known_file
from reform_brand.rules import deliverable_for
from reform_brand.safeopen import OpenPackage
from reform_brand.scan import normalise as scan_normalise
from reform_brand.scan import text_layer

__all__ = ["material_for", "read_group"]


def _manifest_paths(m: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for s in m.get("submissions", []):
        out.extend(s[k] for k in ("word", "scan") if k in s)
    out.extend(item["path"] for item in m.get("materials", []))
    return out


def _received_as(w: Walk, folder: str) -> Localized:
    """What the group ``folder`` was received as: a mail (of a mail file or
    a mail source), an archive at the top of the inbox (``a.zip!``), or a
    folder (of the inbox, or of an archive)."""
    if folder in w.mail_groups:
        return RECEIVED["mail"]
    whole = w.files.get(folder.removesuffix("!")) if folder.endswith("!") else None
    return RECEIVED["archive" if whole is not None and whole.role == "archive" else "folder"]


class _Group:
    def __init__(self, r: Reader, folder: str) -> None:
        self.r = r
        self.folder = folder
        self.edition = r.edition
        self.roster = RosterIndex.build(r.edition)
        self.m: Mapping[str, Any] = {}
        self.manifest_rel = ""
        #: The pictures of the e-mail folder (path, kind): one alone, with a
        #: Word form and no PDF, stands for the scan.
        self.pictures: list[tuple[str, str]] = []
        #: Its forms saved as another document under a name of their own
        #: (path, what it is: :data:`DOCUMENTS`), its Word file when it has
        #: no other (:func:`saved_twice`).
        self.saved: list[tuple[str, str]] = []

    # -- the manifest ----------------------------------------------------------

    def manifest(self, rels: list[str]) -> list[str]:
        r, folder = self.r, self.folder
        if folder:
            for name in MANIFEST_NAMES:
                if f"{folder}/{name}" in rels:
                    self.manifest_rel = f"{folder}/{name}"
                    break
        if self.manifest_rel:
            rel = self.manifest_rel
            # (Read, parsed and hashed from one opening of the file.)
            found, problems, digest = read_manifest_digest(r.root / rel, r.w.show(rel))
            r.set(rel, kind="manifest", role="manifest", sha256=digest)
            if problems:
                r.set(rel, status="unreadable", code="inbox.manifest-invalid")
            r.w.findings.extend(problems)
            self.m = as_on_disk(found, folder, rels) if found else {}
            r.tick(rel)
        rest = [x for x in rels if x != self.manifest_rel]
        for other in (x for x in rest if PurePosixPath(x).name.lower() in MANIFEST_NAMES):
            r.set(other, kind="manifest", status="ignored", code="inbox.ignored")
            if self.manifest_rel and other.rpartition("/")[0] == folder:
                # Beside the manifest read: one manifest to a folder.
                read = PurePosixPath(self.manifest_rel).name
                reason = f"每个邮件文件夹只读一个清单（已读取 {read}）"
                reason_en = f"one manifest to an e-mail folder ({read} was read)"
            else:
                reason = "清单只在邮件文件夹的第一层有效"
                reason_en = "a manifest counts only at the top of an e-mail folder"
            r.finding("inbox.ignored", other, reason=reason, reason_en=reason_en)
        rest = [x for x in rest if PurePosixPath(x).name.lower() not in MANIFEST_NAMES]
        return self._ignore(rest)

    def _ignore(self, rest: list[str]) -> list[str]:
        """Files the manifest ignores, and files it names that are not there."""
        r, folder = self.r, self.folder
        ignored = {in_folder(folder, p) for p in self.m.get("ignore", [])}
        for rel in (x for x in rest if x in ignored):
            r.set(rel, status="ignored", code="inbox.ignored")
            r.finding(
                "inbox.ignored",
                rel,
                reason="清单中注明忽略",
                reason_en="the manifest says to ignore it",
            )
        for p in _manifest_paths(self.m):
            rel = in_folder(folder, p)
            known = r.w.files.get(rel)
            if known is None or known.kind in ("symlink", "directory"):
                r.finding("inbox.manifest-missing-file", self.manifest_rel, path=p)
        return [x for x in rest if x not in ignored]

    def no_attachments(self) -> None:
        """A folder of nothing but its manifest: a mail with no attachments."""
        r, shown = self.r, self.r.w.show(self.folder) + "/"
        said = ("mail.no-attachments", "mail.encrypted")
        if not any(f.code in said and f.file == shown for f in r.w.findings):
            unit = self.m.get("unit", {}).get("name", "")
            received = _received_as(r.w, self.folder)
            r.finding(
                "mail.no-attachments", self.folder + "/", unit=str(unit)[:200], received=received
            )

    # -- what each file is -----------------------------------------------------

    def classify(self, rest: list[str]) -> tuple[list[GroupWord], list[str]]:
        r = self.r
        declared = {
            in_folder(self.folder, item["path"]): item for item in self.m.get("materials", [])
        }
        words: list[GroupWord] = []
        scans: list[str] = []
        for rel in rest:
            # Sniffed, hashed and read from one opening: a Word form is read
            # while its sniff holds it open.
            kind, opened = r.sniff_open(rel)
            try:
                r.tick(rel)
                self._one(rel, kind, opened, declared.get(rel), words, scans)
            finally:
                if opened is not None:
                    opened.close()
        if any(w.result is not None and w.result.form for w in words):
            # A Word document with no form title and no table beside a form
            # (a project's description, a letter): no form, so no second
            # submission lacking everything, but a file of no use.
            for w in [w for w in words if not w.tables]:
                words.remove(w)
                self.r.unknown(w.path, "not-a-form")
        self._named_as_word(words, scans)
        self._saved_twice(words, scans)
        asks_scan = deliverable_for(self.edition, "pdf") is not None
        if words and not asks_scan:
            # The edition asks for no PDF (no scan): one sent beside a Word
            # form is a file of no use, not the scan of a submission whose
            # envelope has none.  (Sent without one, it still tells of a
            # submission without its Word form.)
            for rel in scans:
                known = r.w.files.get(rel)
                kind = known.kind if known is not None else "pdf"
                r.unknown(rel, "unasked-pdf" if kind == "pdf" else kind)
            scans.clear()
        self._page_parts()
        if asks_scan and words and not scans and len(self.pictures) == 1:
            # A photo of the signed form sent instead of its PDF scan: it
            # stands for the scan, and the deliverables rule says that it
            # is a picture where a PDF is asked for (not that no scan came).
            scans.append(self.pictures[0][0])
        else:
            for rel, kind in self.pictures:
                self.r.unknown(rel, kind)
        return words, scans

    def _one(
        self,
        rel: str,
        kind: str,
        opened: OpenPackage | None,
        declared: Mapping[str, Any] | None,
        words: list[GroupWord],
        scans: list[str],
    ) -> None:
        """What the file ``rel`` of type ``kind`` is, and its reading."""
        name = PurePosixPath(rel).name
        if kind == "unreadable":
            self._damaged(rel, kind, words, scans)
        elif kind in ARCHIVE_FORMATS:  # (named as a form: not looked into before)
            self.r.archive_unsupported(rel, kind)
        elif declared is not None:
            self.material(rel, kind, declared, opened)
        elif kind == "docx":
            result = self._read(rel, opened)
            if result.form is None and self.material_docx(rel, opened):
                return
            modified = document_modified(self.r.root / rel, opened)
            text = text_of(opened)
            # (A file that could not be read through, a password's .odt, is
            # not told to hold no table: what it holds is not known.)
            unread = "read.unknown-form" not in result.codes()
            tables = result.form is not None or opened is None or unread or holds_table(opened)
            words.append(
                GroupWord(
                    path=rel, result=result, kind=kind, modified=modified, text=text, tables=tables
                )
            )
        elif kind == "doc":
            words.append(GroupWord(path=rel, result=None, kind=kind))
        elif kind in ("pdf", "text") and material_for(self.edition, name) is not None:
            mat = material_for(self.edition, name)
            assert mat is not None
            self.material(rel, kind, {"material": mat.id})
        elif kind == "pdf":
            scans.append(rel)
        elif self._damaged(rel, kind, words, scans):
            pass
        elif kind in PICTURES and self.folder:
            self.pictures.append((rel, kind))  # (told apart once the folder is read)
        else:
            self.r.unknown(rel, kind)

    def _page_parts(self) -> None:
        """The pictures of the folder Word saves beside a form saved as a
        web page (``申报表.files/``, ``申报表_files/``): parts of that page,
        files of no use, never the photo of a signed form."""
        pages = [PurePosixPath(rel) for rel, detail in self.saved if detail == "word-html"]
        folders = tuple(
            f"{page.parent / (page.stem + end)}/".removeprefix("./")
            for page in pages
            for end in (".files", "_files")
        )
        if not folders:
            return
        for rel, kind in [p for p in self.pictures if p[0].startswith(folders)]:
            self.pictures.remove((rel, kind))
            self.r.unknown(rel, kind)

    def _damaged(self, rel: str, kind: str, words: list[GroupWord], scans: list[str]) -> bool:
        """A file that cannot be opened, or whose content is not what its
        name says, named as a Word file or a scan: in an e-mail, that
        e-mail's (its reading or the deliverables rule says what is wrong);
        loose, unreadable.  False when it is named as neither."""
        low = rel.lower()
        if kind == "unreadable":
            if self.folder and low.endswith(WORD_NAMES):
                # The e-mail's Word file: its submission is there, and says
                # why (read.unreadable).
                words.append(GroupWord(path=rel, result=self._read(rel), kind=kind))
            return True  # (inbox.unreadable says so already)
        if kind not in ("unsafe", "empty", "unknown", "zip", "tnef", *OFFICE, *PICTURES):
            return False
        detail = self.r.detail(rel) if kind == "unknown" else ""
        named = low.endswith((*WORD_NAMES, ".pdf"))
        if not named and detail not in DOCUMENTS:
            return False
        if not self.folder:
            self.r.broken(rel, kind, detail)
        elif not named:
            self.saved.append((rel, detail))  # (see _saved_twice)
        elif low.endswith(".pdf"):
            scans.append(rel)  # the deliverables rule says what it really is
        else:
            # The Word file of that e-mail's submission, which cannot be
            # read (read.* says why).
            words.append(GroupWord(path=rel, result=self._read(rel), kind=kind))
        return True

    def _named_as_word(self, words: list[GroupWord], scans: list[str]) -> None:
        """An e-mail with no Word file, a PDF named as one (申报表.docx) and
        other scans: that is its Word file, not sent as one (its reading
        says so), and its submission is not lost."""
        named = [s for s in scans if s.lower().endswith(WORD_NAMES)]
        if not self.folder or words or not named or len(named) == len(scans):
            return
        for rel in named:
            scans.remove(rel)
            words.append(GroupWord(path=rel, result=self._read(rel), kind="pdf"))

    def _saved_twice(self, words: list[GroupWord], scans: list[str]) -> None:
        """The same form saved twice in the e-mail (:func:`saved_twice`):
        its copies that cannot be read, beside a form that does, and its
        forms saved as another document, beside another Word file, are
        files of no use; one the manifest names is a submission's."""
        subs = self.m.get("submissions", [])
        named = {in_folder(self.folder, s["word"]) for s in subs if "word" in s}
        saved_twice(
            self.r, words, self.saved, named, self._read, scans=scans, loose=not self.folder
        )

    def _read(self, rel: str, opened: OpenPackage | None = None) -> ReadResult:
        """The form in the file ``rel``, as read (read.* says what is wrong),
        from ``opened`` when its sniff holds it open."""
        r = self.r
        shown = r.w.show(rel)
        if opened is not None:
            return read_opened(self.edition, opened, file=shown, catalogue=CATALOGUE)
        return read_form(self.edition, r.root / rel, file=shown, catalogue=CATALOGUE)

    # -- materials -------------------------------------------------------------

    def material_docx(self, rel: str, opened: OpenPackage | None) -> bool:
        """Whether the Word file ``rel`` that holds no form is an extra
        material (by its name or its first lines): then taken as one."""
        mat = docx_material(self.edition, self.r.root / rel, opened)
        if mat is None:
            return False
        self.material(rel, "docx", {"material": mat.id}, opened)
        return True

    def material(
        self, rel: str, kind: str, item: Mapping[str, Any], opened: OpenPackage | None = None
    ) -> None:
        add_material(self.r, self.roster, self.m, rel, kind, item, opened)

    # -- pairing forms and scans into submissions ------------------------------

    def _declared(
        self, words: list[GroupWord], scans: list[str]
    ) -> list[tuple[GroupWord | None, str, Mapping[str, Any]]]:
        """The pairs the manifest declares."""
        by_path = {w.path: w for w in words}
        pairs: list[tuple[GroupWord | None, str, Mapping[str, Any]]] = []
        for s in self.m.get("submissions", []):
            w = by_path.get(in_folder(self.folder, s["word"])) if "word" in s else None
            scan = in_folder(self.folder, s["scan"]) if "scan" in s else ""
            scan = scan if scan in scans else ""
            if w is not None or scan:
                pairs.append((w, scan, s))
        return pairs

    def _leftover(
        self,
        any_word: bool,
        scans: list[str],
        pairs: list[tuple[GroupWord | None, str, Mapping[str, Any]]],
    ) -> None:
        """Scans left: the only file of an e-mail with a manifest is a
        submission without its Word file; others are unmatched.  An e-mail
        whose scans make no submission at all (no Word file in it) says so:
        what its unit sent is in no submission."""
        m = self.m
        if self.folder and m and not any_word and len(scans) == 1 and not m.get("submissions"):
            pairs.append((None, scans[0], {}))
            return
        for s in scans:
            self.r.set(s, status="ignored", code="inbox.unmatched-scan")
            self.r.finding("inbox.unmatched-scan", s)
        if self.folder and scans and not any_word and not pairs:
            unit = str(m.get("unit", {}).get("name", ""))[:200]
            received = _received_as(self.r.w, self.folder)
            self.r.finding(
                "inbox.no-form", self.folder + "/", unit=unit, count=len(scans), received=received
            )

    def pair(self, words: list[GroupWord], scans: list[str]) -> None:
        r, folder, m = self.r, self.folder, self.m
        pairs = self._declared(words, scans)
        used_words = {w.path for w, _s, _spec in pairs if w is not None}
        used_scans = {scan for _w, scan, _spec in pairs if scan}
        free_words = [w for w in words if w.path not in used_words]
        free_scans = [s for s in scans if s not in used_scans]
        if folder and len(free_words) == 1 and len(free_scans) == 1:
            pairs.append((free_words[0], free_scans[0], {}))
            free_words, free_scans = [], []
        elif (
            folder
            and len(free_words) > 1
            and free_scans
            and not m.get("submissions")
            and not all_versions([w.candidate() for w in free_words])
        ):
            received = _received_as(r.w, folder)
            r.finding("inbox.several-forms", folder + "/", count=len(free_words), received=received)
        free_scans = self._by_version(free_words, free_scans, pairs)
        self._leftover(bool(words), free_scans, pairs)
        for word, scan, spec in pairs:
            self.submission(word, scan, spec)

    def _by_version(
        self,
        words: list[GroupWord],
        scans: list[str],
        pairs: list[tuple[GroupWord | None, str, Mapping[str, Any]]],
    ) -> list[str]:
        """Words and scans no manifest pairs, paired by name, then by a
        scan's text layer, then (versions of one project) the latest
        version; the scans left over."""
        texts: dict[str, str | None] = {}

        def text_of(scan: str) -> str | None:
            if scan not in texts:
                found = text_layer(self.r.root / scan)
                texts[scan] = scan_normalise(found) if found else None
            return texts[scan]

        found, left = pair_scans(
            [w.candidate() for w in words], scans, text_of, folder=bool(self.folder)
        )
        by_word = dict(found)
        for i, w in enumerate(words):
            pairs.append((w, by_word.get(i, ""), {}))
        return left

    def _unit(self, result: ReadResult | None, spec: Mapping[str, Any]) -> dict[str, Any]:
        given: dict[str, Any] = {**self.m.get("unit", {}), **spec.get("unit", {})}
        # The sending unit, when the manifest (or the mailbox) says it; the
        # form's own 申报单位 stays in the data (unit.form-mismatch compares).
        name = str(given.get("name", "")) or (result.unit if result is not None else "")
        kind = str(given.get("kind", ""))
        if not kind and name:
            known = self.roster.canonical(name)
            kind = {u.name: u.kind for u in self.edition.roster}.get(known or "", "")
        unit: dict[str, Any] = {}
        if name:
            unit["name"] = name[:200]
        if kind:
            unit["kind"] = kind
        if given.get("city"):
            unit["city"] = given["city"]
        return unit

    def _form(
        self, result: ReadResult | None, spec: Mapping[str, Any], unit: Mapping[str, Any]
    ) -> str:
        form = (result.form if result is not None else None) or str(spec.get("form", ""))
        if not form and unit.get("kind"):
            forms = [k.forms for k in self.edition.unit_kinds if k.id == unit["kind"]]
            if forms and len(forms[0]) == 1:
                form = forms[0][0]
        return form

    def _attachments(self, word: GroupWord | None, scan: str, sub_id: str) -> list[dict[str, str]]:
        """The Word file and the scan as the edition's deliverables."""
        r = self.r
        attachments = []
        delivered = [(scan, "pdf")] if scan else []
        if word is not None:
            delivered.insert(0, (word.path, word.kind if word.kind == "doc" else "docx"))
        for rel, kind in delivered:
            d = deliverable_for(self.edition, kind)
            r.set(rel, role=d.id if d else "", submission=sub_id)
            if d is not None:
                attachments.append({"role": d.id, "path": rel})
                if word is not None and rel == word.path and word.modified:
                    attachments[-1]["modified_at"] = word.modified
        result = word.result if word is not None else None
        if word is not None and result is not None and result.form is None:
            code = result.findings[0].code if result.findings else ""
            r.set(word.path, status="unreadable", code=code)
        return attachments

    def submission(self, word: GroupWord | None, scan: str, spec: Mapping[str, Any]) -> None:
        r, m = self.r, self.m
        first = word.path if word is not None else scan
        sub_id = r.w.show(first)[:200]
        result = word.result if word is not None else None
        notes = [attrs.evolve(f, submission=sub_id) for f in (result.findings if result else ())]
        if result is None and word is not None and word.kind == "doc":
            notes.append(
                ledger_finding(
                    "read.legacy-doc", r.w.show(word.path), submission=sub_id, pointer="/data"
                )
            )
        if result is None or result.form is None or result.blank_template:
            # (Its data is unknown, or is the template's: read.* says so, and
            # the rules' findings on the data would only repeat it.)
            r.unread.add(sub_id)
        unit = self._unit(result, spec)
        form = self._form(result, spec, unit)
        if "kind" not in unit:
            r.kind_unknown.add(sub_id)
            name = unit.get("name", "")
            notes.append(kind_unknown(self.roster, r.w.show(first), sub_id, name))
        attachments = self._attachments(word, scan, sub_id)
        items = spec.get("reform_items", m.get("reform_items"))
        arrived = as_rfc3339(m.get("arrived_at")) if m else None
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
        r.envelopes.append(env)
        r.known.append(self._known(word, scan))
        r.notes[sub_id] = notes
        r.subs.append(self.facts(sub_id, word, scan, env, result))

    def _known(self, word: GroupWord | None, scan: str) -> tuple[Known, ...]:
        """What intake learned of the submission's Word form and scan."""
        root = self.r.root
        learned = [known_file(root / word.path, text=word.text)] if word is not None else []
        learned += [known_file(root / scan)] if scan else []
        return tuple(k for k in learned if k is not None)

    def facts(
        self,
        sub_id: str,
        word: GroupWord | None,
        scan: str,
        env: Mapping[str, Any],
        result: ReadResult | None,
    ) -> InboxSubmission:
        r, m = self.r, self.m
        data = result.data if result is not None else {}
        arrived = env["arrived_at"]
        unit = env["unit"]
        items = env.get("reform_items")
        return InboxSubmission(
            id=sub_id,
            folder=r.w.show(self.folder) if self.folder else "",
            word=r.w.show(word.path) if word is not None else "",
            scan=r.w.show(scan) if scan else "",
            manifest=r.w.show(self.manifest_rel) if self.manifest_rel else "",
            sender=str(m.get("sender", "")),
            arrived_at=arrived if isinstance(arrived, str) else None,
            on_time=on_time(self.edition, arrived) if isinstance(arrived, str) else None,
            form=str(env["form"]),
            unit=str(unit.get("name", "")),
            unit_kind=str(unit.get("kind", "")),
            city=str(unit.get("city", "")),
            project_name=result.project if result is not None else "",
            contact=contact_line(form_of(self.edition, str(env["form"])), data, limit=10**6),
            reform_items=tuple(int(i) for i in items) if items is not None else (),
            read=result is not None and result.form is not None,
            data=data,
        )


def read_group(r: Reader, folder: str, rels: list[str]) -> None:
    """Read the group ``folder`` ("" for the loose files) of the inbox."""
    g = _Group(r, folder)
    rest = g.manifest(rels)
    unit = g.m.get("unit", {}).get("name", "")
    if folder and unit:
        r.manifest_units.append((r.w.show(folder), str(unit)))
    if (
        folder
        and folder not in r.w.unpacked  # (an archive it brought is its attachment)
        and all(PurePosixPath(x).name.lower() in MANIFEST_NAMES for x in rels)
    ):
        g.no_attachments()
    words, scans = g.classify(rest)
    g.pair(words, scans)
