"""What intake found in an inbox, as the reports show it: every file and
what became of it, the facts of each submission, the extra materials, and
the batch report.  Data only: the report writers (HTML, roster) import these
classes, and this module imports nothing of theirs.

The inbox is read by :mod:`reform_brand.office._intake` and checked by
:func:`reform_brand.office.check_inbox` (docs/inbox.md).
"""

from __future__ import annotations

import errno
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, TypeVar

import attrs
from attrs import frozen

from reform_brand._jsontext import indented, write_list
from reform_brand.catalogue import CATALOGUE, Localized
from reform_brand.findings import (
    BatchReport,
    Finding,
    SubmissionReport,
    report_to_json,
    write_report_json,
)
from reform_brand.names import RosterIndex, did_you_mean
from reform_brand.office._mail_view import ReceivedMail
from reform_brand.submission import read_envelope

if TYPE_CHECKING:
    from reform_brand.office._mail import LedgerEntry

__all__ = [
    "INBOX_ENTRY_INDENT",
    "INBOX_VERSION",
    "EnvelopeData",
    "FolderUnits",
    "InboxFile",
    "InboxReport",
    "InboxSubmission",
    "Material",
    "Progress",
    "Status",
    "facts_to_json",
    "file_to_json",
    "inbox_to_json",
    "kind_unknown",
    "ledger_finding",
    "mail_ledger_row",
    "material_to_json",
    "paired",
    "statuses",
    "submissions_of",
    "unreadable_code",
    "write_inbox_json",
    "write_inbox_section",
]

#: Version of the ``inbox`` section of the report's JSON form.
INBOX_VERSION: Final = 1

Status = Literal["used", "ignored", "unreadable"]
#: ``progress(done, total, path)``: called as files are read.
Progress = Callable[[int, int, str], None]

# -- the report -----------------------------------------------------------------


@frozen(kw_only=True)
class InboxFile:
    """One file of the inbox and what became of it."""

    #: Relative to the inbox, with ``/``.
    path: str
    size: int = 0
    sha256: str = ""
    #: The content's type: pdf, docx, doc, odt, zip, text, json, manifest,
    #: empty, unknown, unsafe, symlink, special, directory; mail (a mail file
    #: or one mail of it), mail-body, mail-attachment… (a mail's part that
    #: brought no file).
    kind: str = "unknown"
    status: Status = "used"
    #: What it was used as: a deliverable id (the Word file, the scan),
    #: ``manifest``, ``submission`` (a JSON envelope), an extra material's id.
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
    #: False when reform items were declared that cannot be read (an
    #: envelope's ``reform_items`` that is no list of whole numbers, such as
    #: ``"13"``): ``reform_items`` then holds only the numbers among them,
    #: and is not "none declared".
    reform_items_readable: bool = True
    #: Whether the Word form could be read.
    read: bool = False
    #: The quota it counts toward, the unit it counts under, and the limit.
    quota: str = ""
    quota_unit: str = ""
    quota_limit: int = 0
    #: The form data read from the Word file (of an envelope received as a
    #: file: an :class:`EnvelopeData`, read from it when asked for, or, in
    #: a report kept on disk, the envelope's data as the check read it).
    data: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


class EnvelopeData(Mapping[str, Any]):
    """The form data of an envelope received as a file, read from the file
    each time it is asked for and not kept: the report of 100,000 received
    envelopes holds their paths, not their forms (some KB each), which only
    the pages of the forms as read need, one at a time (:meth:`load`)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def load(self) -> dict[str, Any]:
        """The form data, read now ({} when the file no longer holds an
        envelope with an object as its data)."""
        value, _problems = read_envelope(Path(self.path))
        data = value.get("data") if isinstance(value, dict) else None
        return data if isinstance(data, dict) else {}

    def __getitem__(self, key: str) -> Any:
        return self.load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.load())

    def __len__(self) -> int:
        return len(self.load())

    def __repr__(self) -> str:
        return f"EnvelopeData({self.path!r})"


@frozen(kw_only=True)
class Material:
    """An extra material received (e.g. a city's progress summary)."""

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
    #: (Tuples, or sequences read as they are asked for: the report of a
    #: large batch keeps its submissions' facts on disk.)
    files: Sequence[InboxFile]
    submissions: Sequence[InboxSubmission]
    materials: tuple[Material, ...] = ()
    #: The mails: of the mail source (.eml, .mbox, Maildir) that was the
    #: inbox, or of the .eml and .mbox files in the inbox folder.
    mails: tuple[ReceivedMail, ...] = ()

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


def mail_ledger_row(entry: LedgerEntry, where: str) -> InboxFile:
    """A mail or MIME part that brought no file, as a ledger row under the
    mail's folder ``where`` (as shown)."""
    # (A part with no file name is named by its content type: [3] text/vcard.)
    name = entry.name or entry.content_type or entry.role
    path = f"{where}/" if entry.role == "mail" else f"{where}/[{entry.part}] {name}"
    status = "ignored" if entry.status == "skipped" else entry.status
    return InboxFile(
        path=path,
        size=entry.size,
        kind="mail" if entry.role == "mail" else f"mail-{entry.role}",
        status=status,
        role=entry.role,
        code=entry.code,
    )


def ledger_finding(
    code: str,
    file: str,
    *,
    submission: str = "",
    unit: str = "",
    pointer: str = "",
    **params: object,
) -> Finding:
    """A finding of intake about a file (a ledger code: ``inbox.*``, ``read.*``)."""
    info = CATALOGUE.get(code)
    return Finding(
        code=code,
        severity=info.severity if info is not None else "error",
        submission=submission,
        file=file,
        pointer=pointer,
        rule=info.rule if info is not None else "inbox",
        unit=unit,
        params=params,
    )


#: What this computer, not the file sent, is to blame for: a permission, a
#: full disk or quota, a disk that cannot be written or read.
_HERE: Final = frozenset(
    {
        errno.EACCES,
        errno.EPERM,
        errno.ENOSPC,
        getattr(errno, "EDQUOT", errno.ENOSPC),
        errno.EROFS,
        errno.EIO,
    }
)


def unreadable_code(exc: BaseException) -> str:
    """The code of a file of the inbox that reading (or taking it out into
    this computer's private folder) raised ``exc``: what this computer is to
    blame for (:data:`_HERE`) is the office's to fix
    (``inbox.unreadable-here``), not the sender's to send again."""
    here = isinstance(exc, OSError) and exc.errno in _HERE
    return "inbox.unreadable-here" if here else "inbox.unreadable"


# -- the JSON form ------------------------------------------------------------------


_T = TypeVar("_T")


def paired(
    report: InboxReport, value: Callable[[int, SubmissionReport], _T]
) -> Iterator[tuple[InboxSubmission, _T | None]]:
    """Each submission's facts with ``value(k, its report)`` (``k``: the
    report's place in the batch), or None when it has no report.  The check
    keeps one order for both, the n-th facts those of the n-th report: two
    submissions of one id (``batch.duplicate-id``) each keep their own
    report.  Facts whose report is not at their place are given the last
    report of their id.  The reports are read as the facts are (a large
    batch reads them from disk), and nothing of them is kept."""
    reports = report.batch.submissions
    last: dict[str, _T] | None = None
    at_place = iter(reports)
    for k, s in enumerate(report.submissions):
        rep = next(at_place, None)
        if rep is not None and rep.submission == s.id:
            yield s, value(k, rep)
            continue
        if last is None:
            last = {r.submission: value(j, r) for j, r in enumerate(reports)}
        yield s, last.get(s.id)


def _verdict(_k: int, r: SubmissionReport) -> str:
    return r.verdict


def inbox_to_json(report: InboxReport) -> dict[str, Any]:
    """The report as JSON: the batch report (``schemas/report.schema.json``)
    with an ``inbox`` section: every file and what became of it, the facts of
    each submission, and the extra materials."""
    out = report_to_json(report.batch)
    out["inbox"] = {
        "version": INBOX_VERSION,
        "root": report.root,
        "files": [file_to_json(f) for f in report.files],
        "submissions": [facts_to_json(s, v or "ok") for s, v in paired(report, _verdict)],
        "materials": [material_to_json(m) for m in report.materials],
    }
    return out


#: The indentation of an entry of the inbox section's lists.
INBOX_ENTRY_INDENT: Final = "      "


def write_inbox_json(report: InboxReport, out: IO[str]) -> None:
    """Write ``json.dumps(inbox_to_json(report), ensure_ascii=False,
    indent=2)`` and a line end to ``out``, entry by entry (see
    :func:`reform_brand.findings.write_report_json`)."""

    def section(fh: IO[str]) -> None:
        write_inbox_section(
            fh,
            report.root,
            (indented(file_to_json(f), INBOX_ENTRY_INDENT) for f in report.files),
            (
                indented(facts_to_json(s, v or "ok"), INBOX_ENTRY_INDENT)
                for s, v in paired(report, _verdict)
            ),
            (indented(material_to_json(m), INBOX_ENTRY_INDENT) for m in report.materials),
        )

    write_report_json(out, report.batch, last=("inbox", section))


def write_inbox_section(
    out: IO[str],
    root: str,
    files: Iterable[str],
    facts: Iterable[str],
    materials: Iterable[str],
) -> None:
    """The value of the report's ``inbox`` member as :func:`inbox_to_json`
    and ``json.dumps(indent=2)`` make it, from its entries' texts (each
    indented by :data:`INBOX_ENTRY_INDENT`)."""
    out.write("{\n")
    out.write(f'    "version": {json.dumps(INBOX_VERSION)},\n')
    out.write(f'    "root": {json.dumps(root, ensure_ascii=False)},\n')
    for key, entries, after in (
        ("files", files, ",\n"),
        ("submissions", facts, ",\n"),
        ("materials", materials, "\n"),
    ):
        out.write(f'    "{key}": ')
        write_list(out, entries, "    ")
        out.write(after)
    out.write("  }")


def file_to_json(f: InboxFile) -> dict[str, Any]:
    """A file's entry in the inbox section of the JSON report."""
    return {
        "path": f.path,
        "size": f.size,
        "sha256": f.sha256,
        "kind": f.kind,
        "status": f.status,
        "role": f.role,
        "submission": f.submission,
        "code": f.code,
    }


def facts_to_json(s: InboxSubmission, verdict: str) -> dict[str, Any]:
    """A submission's facts in the inbox section of the JSON report, with
    the verdict of its report (``verdict``, the last member)."""
    return {
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
        "reform_items_readable": s.reform_items_readable,
        "read": s.read,
        "quota": s.quota,
        "quota_unit": s.quota_unit,
        "quota_limit": s.quota_limit,
        "verdict": verdict,
    }


def material_to_json(m: Material) -> dict[str, Any]:
    """An extra material's entry in the inbox section of the JSON report."""
    return {
        "path": m.path,
        "material": m.material,
        "unit": m.unit,
        "count": m.count,
        "limit": m.limit,
    }


def statuses(files: Iterable[InboxFile]) -> dict[str, int]:
    """How many files were used, ignored and unreadable."""
    out = {"used": 0, "ignored": 0, "unreadable": 0}
    for f in files:
        out[f.status] += 1
    return out


def submissions_of(report: InboxReport) -> Sequence[InboxSubmission]:
    return report.submissions


def kind_unknown(roster: RosterIndex, shown: str, sub_id: str, name: str) -> Finding:
    """``inbox.kind-unknown`` for the submission ``sub_id`` whose form names
    the unit ``name``, with the roster's units closest to it (a misspelling:
    琼海市科技协会 for 琼海市科协)."""
    # An edition without a roster: nothing was looked up, and no roster to
    # name (its units' kinds come from manifests alone).
    listed = bool(roster.by_key)
    looked = listed and bool(name.strip()) and len(name) <= 200
    found = roster.candidates(name) if looked else ()
    named = Localized(zh=f"“{name}”的", en=f" of '{name}'", value=name) if name.strip() else ""
    why = (
        Localized(zh="不在名单中，也无清单说明", en="not on the roster, no manifest")
        if listed
        else Localized(
            zh="本版本没有单位名单，也无清单说明", en="the edition has no roster, no manifest"
        )
    )
    return ledger_finding(
        "inbox.kind-unknown",
        shown,
        submission=sub_id,
        unit=name,
        pointer="/unit/kind",
        named=named,
        why=why,
        candidates=found,
        did_you_mean=Localized(
            zh=did_you_mean(found, "zh", looked=looked), en=did_you_mean(found, "en", looked=looked)
        ),
    )


class FolderUnits:
    """The units of an inbox's folders (an e-mail's, a unit's archive), by
    the submissions and materials found in each: a file's unit is the one
    unit of the nearest folder above it that has any, none when that folder
    holds several units' files or the file is at the inbox's top."""

    def __init__(self) -> None:
        self._units: dict[str, set[str]] = {}

    def add(self, folder: str, unit: str) -> None:
        if folder.strip("/") and unit.strip():
            self._units.setdefault(folder.rstrip("/"), set()).add(unit)

    def above(self, path: str) -> str:
        folder = path.rstrip("/")
        while folder:
            units = self._units.get(folder)
            if units is not None:
                return next(iter(units)) if len(units) == 1 else ""
            folder = folder.rpartition("/")[0]
        return ""
