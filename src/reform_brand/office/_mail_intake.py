"""Mail as intake: ``check EDITION MAILBOX`` for an .eml file, an Outlook
.msg file, an .mbox file or a Maildir.

Each readable mail of the source (:func:`reform_brand.office._mail_source.read_mail_source`)
is laid out as one e-mail folder of an inbox — its attachments and a
manifest with the sender, the subject, the arrival time taken from the mail
and the unit its sender stands for — in a temporary folder that intake then
reads like any other inbox; the rules judge the envelopes as always.  The
report's ledger lists the files of each mail (under the mail's folder name)
and every mail and MIME part that brought no file (the mail itself, its
body, skipped or unreadable parts), and the ``mail.*`` findings join the
batch's findings.  Nothing is written next to the source.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tempfile
from pathlib import Path

import attrs

from reform_brand.engine import Validator
from reform_brand.findings import Finding
from reform_brand.model import Edition
from reform_brand.names import RosterIndex
from reform_brand.office._archive import Stage, mail_ledger_row
from reform_brand.office._check import check_intake
from reform_brand.office._inbox import InboxReport, Progress
from reform_brand.office._intake import Intake, intake, placed
from reform_brand.office._ledger import Ledger
from reform_brand.office._mail_arrival import Arrival
from reform_brand.office._mail_source import mail_file_kind, mail_source_kind, read_mail_source
from reform_brand.office._mail_units import (
    folder_name,
    mail_folder,
    mailbox_index,
    senders_known,
    write_mail_folder,
)
from reform_brand.office._mail_view import ReceivedMail, received_mails

__all__ = ["check_mail", "is_mail_source", "mail_intake"]


def is_mail_source(
    path: str | os.PathLike[str], st: os.stat_result | None = None, *, by_content: bool = True
) -> bool:
    """Whether ``path`` is an .eml file, an Outlook .msg file, an .mbox file
    or a Maildir (a folder with ``cur``/``new`` and nothing else a mail
    server would not keep there); a folder of .eml files is an inbox like
    any other.
    ``st``, the path's status when the caller has it, saves asking again
    for a regular file; without ``by_content`` a regular file is a mail
    file by its name only (it is not opened)."""
    if st is not None and stat.S_ISREG(st.st_mode):
        return mail_file_kind(os.fspath(path), by_content=by_content) is not None
    kind = mail_source_kind(Path(path))
    return kind in ("eml", "msg", "mbox", "maildir")


def check_mail(
    edition: Edition,
    source: str | os.PathLike[str],
    *,
    validator: Validator | None = None,
    strict: bool = False,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
) -> tuple[Intake, InboxReport]:
    """Check the mails of ``source`` as an inbox; never raises for what the
    mails hold (every problem is a finding).  The intake returned keeps the
    mails' files in a private folder (:attr:`Intake.base`) until it is
    closed or no longer used."""
    found, mails = mail_intake(edition, source, progress=progress)
    report = check_intake(found, edition, validator=validator, strict=strict, now=now, jobs=jobs)
    return found, attrs.evolve(report, root=str(source), mails=mails)


def mail_intake(
    edition: Edition,
    source: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> tuple[Intake, tuple[ReceivedMail, ...]]:
    """Intake of the mails of ``source``, laid out as e-mail folders: the
    intake (its root the source, its ledger with the rows of the mails and
    the parts that brought no file, its findings with the mails' own) and
    the mails as the report shows them."""
    # The mails' files stay in a private folder as long as the intake is used
    # (its scans' pictures, --export-envelopes), removed by Intake.close();
    # each mail's attachments are written out as it is read (into the
    # stage, beside the e-mail folders, gone before intake reads them).
    stage = Stage()
    root = stage.path
    spill = Path(tempfile.mkdtemp(dir=stage.path, prefix=".spill-"))
    src = read_mail_source(Path(source), spill=spill)
    boxes, roster = mailbox_index(edition), RosterIndex.build(edition)
    extra: list[Finding] = list(src.findings)
    folders: dict[str, str] = {}
    arrivals: dict[str, Arrival] = {}
    senders = senders_known(edition, src.deliveries, mailboxes=boxes, roster=roster)
    for n, delivery in enumerate(src.deliveries, start=1):
        if delivery.left_out:
            extra.extend(delivery.findings)
            continue
        folder = mail_folder(edition, delivery, mailboxes=boxes, roster=roster, senders=senders)
        name = folder_name(folder, n)
        folders[delivery.source] = name
        arrivals[name] = (delivery.arrived_at, delivery.arrival_from)
        extra.extend(attrs.evolve(f, file=f"{name}/") for f in folder.findings)
        write_mail_folder(folder, root / name)
    shutil.rmtree(spill, ignore_errors=True)
    found = intake(edition, root, progress=progress, arrivals=arrivals)
    if found.stage is not None:  # an archive inside a mail: its own private folder
        stage.close()
        stage = found.stage
    # Parts that became files are listed as those files; the rest as mail rows.
    rows = tuple(
        mail_ledger_row(e, folders.get(e.source, e.source))
        for e in src.ledger
        if not (e.role == "attachment" and e.status == "used")
    )
    found = attrs.evolve(
        found,
        root=str(source),
        stage=stage,
        files=Ledger(sorted((*found.files, *rows), key=lambda f: f.path)),
        findings=(
            *_unsaid(found.findings, extra),
            *placed(extra, found.submissions, found.materials),
        ),
    )
    return found, received_mails(src.deliveries, folders)


def _unsaid(found: tuple[Finding, ...], mails: list[Finding]) -> tuple[Finding, ...]:
    """Intake's findings but the e-mail folders without attachments whose
    mails said so (or were encrypted) themselves."""
    said = {f.file for f in mails if f.code in ("mail.no-attachments", "mail.encrypted")}
    return tuple(f for f in found if not (f.code == "mail.no-attachments" and f.file in said))
