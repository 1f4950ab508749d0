"""The mails of a mail source as the report shows them: who sent each, its
subject, when the office's server received it, its body, and the files and
parts of the ledger that came with it.

:func:`received_mails` is called by the mail intake
(:func:`reform_brand.office._mail_intake.check_mail`); the result travels in
:attr:`reform_brand.office.InboxReport.mails` to the HTML report, which links
each submission to its mail and each mail to its ledger rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import frozen

from reform_brand.office._mail import Delivery

__all__ = ["ReceivedMail", "received_mails"]


@frozen(kw_only=True)
class ReceivedMail:
    """One mail of the source."""

    #: The name its files and parts are listed under in the ledger (the
    #: e-mail folder's name, or where the source holds an unreadable mail).
    folder: str
    #: Where it was read from: ``a.eml``, ``box.mbox#3``, ``Maildir/KEY``.
    source: str
    readable: bool = True
    #: Where the mail this one is a copy of is in the source (``box.mbox#1``),
    #: or "" (see :attr:`reform_brand.office._mail.Delivery.copy_of`).
    copy_of: str = ""
    #: The mailbox keeps it as deleted (see
    #: :attr:`reform_brand.office._mail.Delivery.deleted`).
    deleted: bool = False
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    #: ISO 8601 with its zone; None when unknown.
    arrived_at: str | None = None
    #: Which header gave it: "received", "date" or "unknown".
    arrival_from: str = "unknown"
    message_id: str = ""
    #: The plain-text body as received (clipped by the mail reader).
    body: str = ""

    def holds(self, path: str) -> bool:
        """Whether a ledger row's ``path`` came with this mail."""
        return path == self.folder or path.startswith(self.folder + "/")


def received_mails(
    deliveries: Iterable[Delivery], folders: Mapping[str, str]
) -> tuple[ReceivedMail, ...]:
    """Each delivery as a :class:`ReceivedMail`; ``folders`` maps a
    delivery's source to the e-mail folder it was laid out as."""
    return tuple(
        ReceivedMail(
            folder=folders.get(d.source, d.source),
            source=d.source,
            readable=d.readable,
            copy_of=d.copy_of,
            deleted=d.deleted,
            sender=d.sender,
            sender_name=d.sender_name,
            subject=d.subject,
            arrived_at=d.arrived_at.isoformat() if d.arrived_at is not None else None,
            arrival_from=d.arrival_from,
            message_id=d.message_id,
            body=d.body,
        )
        for d in deliveries
    )
