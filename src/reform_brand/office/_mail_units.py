"""Senders to units, and a delivery as one e-mail folder of the intake.

A roster unit may list the addresses it mails from (``mailboxes`` in the
edition's roster).  :func:`unit_of` names the unit of a delivery: by its
sender's address; else by the address of the sender of a mail it forwards
(its files came in that one); else by a roster name or alias found in the
subject, then in the attachment names, then in the sender's name
(``济南市科协 <jnkx@163.com>``), then in the forwarded mails' senders'
names, traditional characters read as simplified (a finding says it was
guessed); else unknown (a finding).  A unit
that mails from two addresses is one unit.

:func:`mail_folder` is the seam to the intake: it turns a delivery into what
one e-mail folder needs (sender, arrival time, unit, the received files with
their display names, the findings and the ledger), and
:func:`write_mail_folder` lays it out as an e-mail folder of the inbox layout
(the files and a ``manifest.json``; see docs/inbox.md).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final, Literal

import attrs
from attrs import frozen

from reform_brand.catalogue import Localized
from reform_brand.findings import Finding
from reform_brand.model import Edition
from reform_brand.names import RosterIndex, normalise
from reform_brand.office._mail import Attachment, Delivery, LedgerEntry, finding
from reform_brand.office._names import on_disk
from reform_brand.suggest._fold import fold

__all__ = [
    "MailFolder",
    "UnitMatch",
    "folder_name",
    "mail_folder",
    "mailbox_index",
    "senders_known",
    "unit_of",
    "write_mail_folder",
]

How = Literal[
    "mailbox",
    "forwarded",
    "subject",
    "attachment",
    "name",
    "forwarded-name",
    "sender",
    "unknown",
]
_Where = Literal["forwarded", "subject", "attachment", "name", "forwarded-name"]

_WHERE: Final = {
    "forwarded": Localized(
        zh="所转发邮件的发件人邮箱", en="addresses of the forwarded mails' senders"
    ),
    "subject": Localized(zh="邮件主题", en="subject"),
    "attachment": Localized(zh="附件名", en="attachment names"),
    "name": Localized(zh="发件人名称", en="sender's name"),
    "forwarded-name": Localized(
        zh="所转发邮件的发件人名称", en="names of the forwarded mails' senders"
    ),
    "sender": Localized(
        zh="同一发件人其他邮件的主题、附件名或发件人名称",
        en="subjects, attachment names or sender's name of the same sender's other mails",
    ),
}


@frozen(kw_only=True)
class UnitMatch:
    """The unit a delivery came from, and how it was found."""

    #: The roster name, or "" when unknown.
    unit: str
    how: How
    findings: tuple[Finding, ...] = ()


def mailbox_index(edition: Edition) -> dict[str, str]:
    """Each roster mailbox (lower case) to its unit's roster name."""
    out: dict[str, str] = {}
    for unit in edition.roster:
        for address in unit.mailboxes:
            out.setdefault(address.strip().lower(), unit.name)
    return out


def _named_in(texts: Iterable[str], roster: RosterIndex) -> list[str]:
    """Roster units whose name or an alias appears in one of ``texts``,
    both read in simplified characters (:func:`~reform_brand.suggest._fold.fold`:
    a subject typed in traditional ones, 淄博市科協, names 淄博市科协)."""
    found: list[str] = []
    keys = sorted(((fold(k), k) for k in roster.by_key), key=lambda k: len(k[0]), reverse=True)
    for text in texts:
        probe = fold(normalise(text))
        for key, spelled in keys:
            if key and key in probe:
                unit = roster.by_key[spelled]
                if unit not in found:
                    found.append(unit)
                # The longest spelling found stands for this text.
                probe = probe.replace(key, "\0")
    return found


def _in_boxes(addresses: Iterable[str], boxes: Mapping[str, str]) -> list[str]:
    """The units whose roster mailboxes ``addresses`` are, each once."""
    found: list[str] = []
    for address in addresses:
        unit = boxes.get(address.strip().lower())
        if unit and unit not in found:
            found.append(unit)
    return found


def unit_of(
    edition: Edition,
    delivery: Delivery,
    *,
    mailboxes: Mapping[str, str] | None = None,
    roster: RosterIndex | None = None,
    senders: Mapping[str, str] | None = None,
) -> UnitMatch:
    """The unit ``delivery`` came from (pass ``mailboxes`` and ``roster``
    when calling it for many deliveries, to build them once): by the
    roster's mailbox of its sender, else the roster's mailboxes of the
    senders of the mails it forwards, else the one unit its subject names,
    else its attachments' names, else its sender's name, else its forwarded
    mails' senders' names, else the unit ``senders`` (see
    :func:`senders_known`) gives its sender."""
    boxes = mailbox_index(edition) if mailboxes is None else mailboxes
    unit = boxes.get(delivery.sender.strip().lower())
    if unit:
        return UnitMatch(unit=unit, how="mailbox")
    index = RosterIndex.build(edition) if roster is None else roster
    sender = delivery.sender or "-"
    looks: tuple[tuple[_Where, list[str]], ...] = (
        ("forwarded", [f.sender for f in delivery.forwarded]),
        ("subject", [delivery.subject]),
        ("attachment", [a.name for a in delivery.attachments]),
        ("name", [delivery.sender_name]),
        ("forwarded-name", [f.sender_name for f in delivery.forwarded]),
    )
    for where, texts in looks:
        units = _in_boxes(texts, boxes) if where == "forwarded" else _named_in(texts, index)
        if len(units) == 1:
            note = finding(
                "mail.unit-guessed",
                delivery.source,
                sender=sender,
                unit=units[0],
                where=_WHERE[where],
            )
            return UnitMatch(unit=units[0], how=where, findings=(note,))
        if units:
            note = finding(
                "mail.unit-ambiguous",
                delivery.source,
                sender=sender,
                units=tuple(units),
                where=_WHERE[where],
            )
            return UnitMatch(unit="", how="unknown", findings=(note,))
    unit = (senders or {}).get(delivery.sender.strip().lower())
    if unit:
        note = finding(
            "mail.unit-guessed", delivery.source, sender=sender, unit=unit, where=_WHERE["sender"]
        )
        return UnitMatch(unit=unit, how="sender", findings=(note,))
    note = finding("mail.unit-unknown", delivery.source, sender=sender)
    return UnitMatch(unit="", how="unknown", findings=(note,))


def senders_known(
    edition: Edition,
    deliveries: Iterable[Delivery],
    *,
    mailboxes: Mapping[str, str],
    roster: RosterIndex,
) -> dict[str, str]:
    """The senders (lower case) that are no roster mailbox and whose mails
    among ``deliveries`` name a unit, by subject, attachment names or the
    sender's name, and always the same one: a mail of theirs that names none
    (a resend titled 补充材料) is taken as that unit's.  A sender of a mail
    naming several units is left out.  The senders of the mails they forward
    are not their own: a clerk who forwards one unit's mail is not that unit."""
    seen: dict[str, set[str]] = {}
    for d in deliveries:
        address = d.sender.strip().lower()
        if d.left_out or not address or address in mailboxes:
            continue
        own = attrs.evolve(d, forwarded=())
        match = unit_of(edition, own, mailboxes=mailboxes, roster=roster)
        ambiguous = any(f.code == "mail.unit-ambiguous" for f in match.findings)
        if match.unit or ambiguous:
            seen.setdefault(address, set()).add(match.unit)
    return {a: next(iter(u)) for a, u in seen.items() if len(u) == 1 and "" not in u}


@frozen(kw_only=True)
class MailFolder:
    """What the intake needs for one e-mail folder."""

    #: The mail it came from (``box.mbox#3``).
    source: str
    message_id: str
    sender: str
    sender_name: str
    subject: str
    #: Timezone-aware, exact to the second; None when unknown.
    arrived_at: dt.datetime | None
    arrival_from: str
    #: The roster unit ("" when unknown) and how it was found.
    unit: str
    unit_how: How
    body: str
    #: The received files: ``name`` is the display name to save them as.
    files: tuple[Attachment, ...]
    ledger: tuple[LedgerEntry, ...]
    #: The delivery's findings and the unit's.
    findings: tuple[Finding, ...]

    def manifest(self) -> dict[str, Any]:
        """The e-mail folder's manifest (docs/inbox.md, version 1)."""
        out: dict[str, Any] = {"version": 1}
        if self.sender:
            out["sender"] = self.sender
        if self.subject:
            out["subject"] = self.subject[:1000]
        if self.arrived_at is not None:
            out["arrived_at"] = self.arrived_at.isoformat()
        if self.unit:
            out["unit"] = {"name": self.unit}
        return out


def mail_folder(
    edition: Edition,
    delivery: Delivery,
    *,
    mailboxes: Mapping[str, str] | None = None,
    roster: RosterIndex | None = None,
    senders: Mapping[str, str] | None = None,
) -> MailFolder:
    """``delivery`` as one e-mail folder of the intake, its unit named
    (:func:`unit_of`)."""
    match = unit_of(edition, delivery, mailboxes=mailboxes, roster=roster, senders=senders)
    found = (*delivery.findings, *match.findings)
    if match.unit:
        # About the unit's mail, whether or not a submission came of it
        # (a mail that forgot its attachments is still that unit's).
        found = tuple(f if f.unit else attrs.evolve(f, unit=match.unit) for f in found)
    return MailFolder(
        source=delivery.source,
        message_id=delivery.message_id,
        sender=delivery.sender,
        sender_name=delivery.sender_name,
        subject=delivery.subject,
        arrived_at=delivery.arrived_at,
        arrival_from=delivery.arrival_from,
        unit=match.unit,
        unit_how=match.how,
        body=delivery.body,
        files=delivery.attachments,
        ledger=delivery.ledger,
        findings=found,
    )


_UNSAFE: Final = re.compile(r"[^0-9A-Za-z._+-]+")


def folder_name(folder: MailFolder, n: int) -> str:
    """A folder name for the ``n``-th mail: arrival date, sender, number
    (``2022-08-15-jinan-kx-3``); ASCII only, so it is safe everywhere."""
    day = folder.arrived_at.date().isoformat() if folder.arrived_at else "unknown"
    local = _UNSAFE.sub("-", folder.sender.split("@", 1)[0]).strip("-.")[:40] or "sender"
    return f"{day}-{local}-{n}"


def write_mail_folder(folder: MailFolder, dest: Path) -> list[Path]:
    """Write the received files and ``manifest.json`` into the new folder
    ``dest``; returns the paths written."""
    dest.mkdir(parents=True, exist_ok=False)
    written: list[Path] = []
    for item in folder.files:
        name = item.name
        if name.lower() in ("manifest.json", "manifest.toml"):
            name = f"附件-{name}"
        path = dest / on_disk(name)
        if item.spilled:
            shutil.copyfile(item.spilled, path)
        else:
            path.write_bytes(item.data)
        written.append(path)
    manifest = dest / "manifest.json"
    manifest.write_text(json.dumps(folder.manifest(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    written.append(manifest)
    return written
