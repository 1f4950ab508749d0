"""What reading a mail gives: one :class:`Delivery` per mail, with its
:class:`Attachment` files, the senders of the mails it forwarded
(:class:`Forwarded`) and the :class:`LedgerEntry` of each of its parts; the
mails of one source as a :class:`MailSource`.  Read by
:mod:`reform_brand.office._mail` and :mod:`reform_brand.office._mail_source`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from attrs import frozen

from reform_brand.findings import Finding

__all__ = [
    "Attachment",
    "Delivery",
    "Forwarded",
    "LedgerEntry",
    "MailSource",
    "Role",
    "SourceKind",
    "Status",
]

Status = Literal["used", "ignored", "skipped", "unreadable"]
Role = Literal["mail", "container", "forward", "body", "attachment", "other"]
SourceKind = Literal["eml", "msg", "mbox", "maildir", "eml-folder"]


@frozen(kw_only=True)
class Attachment:
    """One received file of a mail."""

    #: The decoded name, safe as a file name (unique within the delivery).
    name: str
    #: The name as the mail wrote it (encoded words, RFC 2231, or raw 8-bit
    #: bytes shown as ``\\xc9``); "" when the part had none.
    raw_name: str
    #: Its bytes; b"" when they were written out to :attr:`spilled`.
    data: bytes
    content_type: str
    #: The MIME part it came from ("2", "3.1").
    part: str
    #: The part of the forwarded mail (message/rfc822) it came in, or "".
    forward: str = ""
    #: The SHA-256 of ``data`` (hex), taken as the mail was read.
    sha256: str = ""
    #: The private temporary file its bytes were written out to as its
    #: mail was read (a mailbox's mails are not all held at once), or "".
    spilled: str = ""

    def content(self) -> bytes:
        """Its bytes, read from :attr:`spilled` when they were written out."""
        return Path(self.spilled).read_bytes() if self.spilled else self.data


@frozen(kw_only=True)
class Forwarded:
    """The sender of a forwarded mail (message/rfc822) that brought attachments."""

    #: Its part (see :attr:`Attachment.forward`).
    part: str
    #: Its ``From:`` address and display name, decoded ("" when it has none).
    sender: str = ""
    sender_name: str = ""


@frozen(kw_only=True)
class LedgerEntry:
    """What became of one mail or one of its parts."""

    #: The mail (see :attr:`Delivery.source`).
    source: str
    #: The MIME part ("" for the mail itself).
    part: str
    role: Role
    status: Status
    #: A finding code from the catalogue: why it was skipped, ignored or
    #: unreadable, or what was remarked on it ("" for a part used as is).
    code: str = ""
    name: str = ""
    content_type: str = ""
    size: int = 0


@frozen(kw_only=True)
class Delivery:
    """One mail as received: who sent it, when it arrived, what it brought."""

    #: Where it was read from: ``a.eml``, ``box.mbox#3``, ``Maildir/KEY``.
    source: str
    #: False when the mail could not be read at all (see the findings).
    readable: bool = True
    #: The mail of the same source this one is a copy of (its ``source``), or
    #: "": a copy is not laid out (see :func:`reform_brand.office._mail_source.read_mail_source`).
    copy_of: str = ""
    #: True when the mailbox keeps it as deleted (``mail.deleted``): it is
    #: not laid out (see :mod:`reform_brand.office._mail_flags`).
    deleted: bool = False
    message_id: str = ""
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    #: Timezone-aware, exact to the second; None when unknown.
    arrived_at: dt.datetime | None = None
    #: Which header gave the arrival time.
    arrival_from: Literal["received", "date", "unknown"] = "unknown"
    #: The plain-text body, clipped to :data:`~reform_brand.office._mail.BODY_CHARS` characters.
    body: str = ""
    attachments: tuple[Attachment, ...] = ()
    #: The senders of the forwarded mails it brought attachments in (the
    #: ones ``mail.forwarded`` is about), in the order of their parts.
    forwarded: tuple[Forwarded, ...] = ()
    ledger: tuple[LedgerEntry, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def left_out(self) -> bool:
        """Whether it is no received mail: unreadable, a copy, or deleted."""
        return not self.readable or bool(self.copy_of) or self.deleted


@frozen(kw_only=True)
class MailSource:
    """The mails of one source, and what was wrong with the source itself."""

    path: str
    kind: SourceKind
    deliveries: tuple[Delivery, ...] = ()
    findings: tuple[Finding, ...] = ()
    #: The SHA-256 of a mail file (.eml, .msg, .mbox) as read ("" for a
    #: folder, or a file that could not be read).
    sha256: str = ""
    #: The files Apple Mail kept apart from a mail (a ``.partial.emlx``'s
    #: attachments, :mod:`reform_brand.office._emlx`) read into it, as
    #: their paths were given.
    joined: tuple[str, ...] = ()

    @property
    def ledger(self) -> tuple[LedgerEntry, ...]:
        return tuple(e for d in self.deliveries for e in d.ledger)

    def all_findings(self) -> list[Finding]:
        return [*self.findings, *(f for d in self.deliveries for f in d.findings)]
