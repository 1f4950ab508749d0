"""Intake: what arrived in an inbox folder, read once, as submission
envelopes and a ledger of every file.

:func:`intake` walks the folder (:mod:`reform_brand.office._walk`), sniffs
each file once (its type from the content, and its SHA-256), reads the
manifests, the JSON envelopes received as files, the Word forms
(:func:`reform_brand.office._read.read_form`) and the extra materials,
pairs each Word form with its scan and groups by e-mail folder.  Archives
(.zip, .tar, .tar.gz…) and mail files (.eml, .mbox) are opened like
folders first
(:mod:`reform_brand.office._archive`).  It yields
envelopes (docs/submission.md) and the ledger: every file used, ignored or
unreadable, with a code, the role it plays and the submission it belongs
to.

It judges nothing: whether a submission is complete, late, over a quota or
a material over its 字 limit is for the rules, which see the envelopes
exactly as they would see them in a JSON batch.  What it notes is what it
could not tell from the files (``read.*`` for a form that cannot be read,
``inbox.kind-unknown``), and the ledger codes (``inbox.*``).
"""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from reform_brand._spool import Spool
from reform_brand._textlist import TextList
from reform_brand.engine._received import Received
from reform_brand.findings import Finding
from reform_brand.model import Edition
from reform_brand.office._archive import Stage, expand
from reform_brand.office._groups import read_group
from reform_brand.office._inbox import (
    FolderUnits,
    InboxFile,
    InboxSubmission,
    Material,
    Progress,
)
from reform_brand.office._ledger import Ledger
from reform_brand.office._mail_arrival import Arrival
from reform_brand.office._mail_view import ReceivedMail
from reform_brand.office._paths import PathList
from reform_brand.office._reader import READ_AT, Reader
from reform_brand.office._walk import walk
from reform_brand.opened import Known

__all__ = ["NOT_READ", "Intake", "intake", "placed"]

#: What :meth:`Intake.readings_by_file` gives for a file intake did not read.
NOT_READ: Any = object()


@frozen(kw_only=True)
class Intake:
    """What intake read from an inbox."""

    root: str
    edition: str
    #: The ledger: every file and what became of it, by path (a
    #: :class:`~reform_brand.office.Ledger`, kept on disk, from an inbox
    #: folder).
    files: Sequence[InboxFile]
    #: Findings about files (ledger codes), not about submissions.
    findings: tuple[Finding, ...]
    #: Envelopes built from the Word forms, scans and materials; attachment
    #: paths are relative to :attr:`root`.
    envelopes: tuple[dict[str, Any], ...]
    #: JSON envelope files received as they are (relative to their folder),
    #: in the order of their folders and names.
    received: Sequence[Path]
    #: The facts of each envelope built from a Word form or scan.
    submissions: tuple[InboxSubmission, ...]
    materials: tuple[Material, ...]
    #: Per submission id: what intake could not tell from the files.
    notes: Mapping[str, tuple[Finding, ...]] = attrs.field(factory=dict)
    #: Submissions whose Word form could not be read (their data is unknown).
    unread: frozenset[str] = frozenset()
    #: Submissions whose unit kind could not be found.
    kind_unknown: frozenset[str] = frozenset()
    #: Real relative path (as opened) -> the path as shown, for the paths
    #: whose names are not valid Unicode; any other is shown as it is.
    names: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    #: The private folder the inbox's archives and mail files were opened
    #: into, beside copies of its other files (None: read where it is).
    stage: Stage | None = attrs.field(default=None, eq=False, repr=False)
    #: What intake learned of the files each envelope of :attr:`envelopes`
    #: names (empty: nothing), handed to its check.
    known: tuple[tuple[Known, ...], ...] = attrs.field(default=(), eq=False, repr=False)
    #: Each received envelope file as intake read it (on disk), and the
    #: number of the reading of each of :attr:`received`: its check takes
    #: it instead of opening the file again.
    readings: Spool | None = attrs.field(default=None, eq=False, repr=False)
    reading_at: Sequence[str] = attrs.field(default=(), eq=False, repr=False)
    #: The mails of the inbox's .eml and .mbox files, as the report's mail
    #: section shows them.
    mails: tuple[ReceivedMail, ...] = attrs.field(default=(), eq=False, repr=False)

    @property
    def base(self) -> Path:
        """Where the files named by the envelopes' attachments are opened."""
        return self.stage.path if self.stage is not None else Path(self.root)

    def close(self) -> None:
        """Remove the private folder now (it is removed when this intake is
        no longer used otherwise)."""
        if self.stage is not None:
            self.stage.close()
        if self.readings is not None:
            self.readings.close()

    def items(self) -> Iterator[object]:
        """What a validator's ``validate_batch`` takes: the envelopes built,
        then the received envelope files (each made a ``Path`` as it is
        reached), each with what intake read of it and of the files it
        names (:class:`~reform_brand.engine._received.Received`), so that
        its check opens none of them again."""
        return itertools.chain(self._built(), self._received())

    def _built(self) -> Iterator[Received]:
        """The envelopes built, their attachment paths the names of files
        found in the folder (``paths_found``)."""
        n = len(self.envelopes)
        known = self.known if len(self.known) == n else ((),) * n
        return (
            Received(env, known=k, paths_found=True)
            for env, k in zip(self.envelopes, known, strict=True)
        )

    def readings_by_file(self) -> Callable[[str], object]:
        """The value each received envelope file was read as, by its path
        as text (:data:`NOT_READ` for a file intake did not read).  The
        index of the paths is made on the first call (a streamed check
        never asks: it has each value from its check)."""
        if not self._has_readings():
            return lambda _file: NOT_READ
        index: dict[str, str] = {}

        def value(file: str) -> object:
            if not index:
                index.update(zip(map(str, self.received), self.reading_at, strict=True))
            at = index.get(file)
            if at is None:
                return NOT_READ
            reading = self._reading(Path(file), at).reading()
            return reading[0] if reading is not None else NOT_READ

        return value

    def _received(self) -> Iterator[object]:
        if not self._has_readings():
            return iter(self.received)
        pairs = zip(self.received, self.reading_at, strict=True)
        return itertools.starmap(self._reading, pairs)

    def _has_readings(self) -> bool:
        return self.readings is not None and len(self.reading_at) == len(self.received)

    def _reading(self, path: Path, at: str) -> Received:
        """The received file ``path`` with its reading (number ``at``)."""
        assert self.readings is not None
        # (Written by this intake, in this process.)
        raw, read, known = pickle.loads(self.readings.get(int(at)))
        return Received(path, raw=raw, read=read, known=known)


def intake(
    edition: Edition,
    root: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    arrivals: Mapping[str, Arrival] | None = None,
) -> Intake:
    """Read the inbox folder ``root`` for ``edition``.  Never raises for
    anything the folder holds; input files are only opened for reading.
    ``arrivals``: its folders that are mails (a mail source laid out), and
    when each arrived (a mail file attached to one is received with it)."""
    base = Path(root)
    w = walk(base)
    w.mail_groups.update(arrivals or ())
    try:
        stage = expand(w, edition, arrivals)
        r = Reader(edition, w, progress)
        r.received_json()
        for folder in w.files.group_names():
            read_group(r, folder, w.files.members(folder))
        files = Ledger(w.files.sorted_entries())
    finally:
        w.close()
    order = sorted(range(len(r.envelopes)), key=lambda i: str(r.envelopes[i]["id"]))
    received = r.received.result()
    return Intake(
        root=str(base),
        edition=edition.id,
        files=files,
        findings=placed(w.findings, r.subs, r.materials, r.manifest_units),
        envelopes=tuple(r.envelopes[i] for i in order),
        received=PathList(_mapped(received, _path_part)),
        submissions=tuple(sorted(r.subs, key=lambda s: s.id)),
        materials=tuple(sorted(r.materials, key=lambda m: m.path)),
        notes={k: tuple(v) for k, v in r.notes.items()},
        unread=frozenset(r.unread),
        kind_unknown=frozenset(r.kind_unknown),
        names=dict(w.shown),
        stage=stage,
        known=tuple(r.known[i] for i in order),
        readings=r.readings,
        reading_at=_mapped(received, _reading_part),
        mails=tuple(w.mails),
    )


def placed(
    findings: Iterable[Finding],
    subs: Iterable[InboxSubmission],
    materials: Iterable[Material],
    manifests: Iterable[tuple[str, str]] = (),
) -> tuple[Finding, ...]:
    """``findings`` (about files, not submissions), each that names no unit
    given the unit of the folder its file is in: of the nearest folder
    above it whose submissions and materials name one unit and one only
    (an e-mail's folder, a unit's archive), else the unit of the nearest
    e-mail folder above it whose manifest names one (``manifests``: folder,
    unit), as when nothing it brought made a submission.  A file of a
    folder shared by several units, or of the inbox's top, stays about no
    unit; so the text report, the HTML page and the roster group it alike."""
    folders, named = FolderUnits(), FolderUnits()
    for sub in subs:
        folders.add(sub.folder, sub.unit)
    for m in materials:
        folders.add(m.path.rpartition("/")[0], m.unit)
    for folder, unit in manifests:
        named.add(folder, unit)
    out = []
    for f in findings:
        unit = folders.above(f.file) or named.above(f.file) if f.file and not f.unit else ""
        out.append(attrs.evolve(f, unit=unit) if unit else f)
    return tuple(out)


def _path_part(text: str) -> str:
    return text.partition(READ_AT)[0]


def _reading_part(text: str) -> str:
    return text.partition(READ_AT)[2]


def _mapped(texts: tuple[str, ...] | TextList, fn: Callable[[str], str]) -> Sequence[str]:
    """``fn`` applied to each of ``texts`` (a long list kept on disk)."""
    if isinstance(texts, TextList):
        return texts.mapped(fn)
    return tuple(map(fn, texts))
