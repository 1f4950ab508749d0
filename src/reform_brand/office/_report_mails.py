"""The inbox report's mails and its file list: a section for each mail
received, with the files it brought, and a row for each file of the
ledger, its kind and role in the page's language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from attrs import frozen

from reform_brand._text import written_out
from reform_brand.names import is_blank
from reform_brand.office._dates import office_clock

if TYPE_CHECKING:
    from reform_brand.office._inbox import InboxReport

__all__ = ["FileRow", "MailRef", "MailSection", "mail_sections", "when"]


#: A date-time as RFC 3339 writes it (the ``T`` made a space): its minutes,
#: its seconds, and what follows (the offset).
_DATE_TIME: Final = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d)(:\d\d(?:\.\d+)?)?(.*)", re.DOTALL)


def when(arrived: str | None, zone: dt.tzinfo | None = None) -> str:
    """``2022-08-15T16:42:00+08:00`` as ``2022-08-15 16:42 +08:00``, and
    ``2022-08-15T16:42:09+08:00`` as ``2022-08-15 16:42:09 +08:00`` (the
    seconds shown only when there are some, the offset always apart); with
    ``zone``, on that clock (the office's: ``2022-08-15T04:42:00-04:00``
    is ``2022-08-15 16:42 +08:00`` too)."""
    if not arrived:
        return ""
    local = office_clock(arrived, zone) if zone is not None else None
    text = (local.isoformat() if local is not None else arrived).replace("T", " ", 1)
    m = _DATE_TIME.fullmatch(text)
    if m is None:
        return text
    minutes, seconds, offset = m.groups()
    if seconds is None or not seconds.strip(":0."):
        seconds = ""
    offset = offset.strip()
    return minutes + seconds + (" " + offset if offset else "")


@frozen(kw_only=True)
class MailRef:
    """A link to a mail's section, with what identifies the mail."""

    anchor: str
    subject: str
    sender: str
    received: str


@frozen(kw_only=True)
class FileRow:
    anchor: str
    path: str
    kind: str
    status: str
    role: str
    code: str
    #: The anchor of the mail it came with ("": none).
    mail: str = ""


@frozen(kw_only=True)
class MailSection:
    ref: MailRef
    readable: bool
    #: The source of the mail it is a copy of ("": none).
    copy_of: str
    #: The mailbox keeps it as deleted (``mail.deleted``).
    deleted: bool
    #: Which header the time came from (the page's words).
    received_from: str
    message_id: str
    source: str
    body: str
    files: list[FileRow]
    #: The submissions read from it (their files, as in the findings).
    submissions: list[str]


def _sender(name: str, address: str) -> str:
    if name and address and name != address:
        return f"{name} <{address}>"
    return name or address


def _file_rows(
    report: InboxReport,
    anchors: Sequence[str],
    roles: Mapping[str, str],
    kinds: Mapping[str, str],
) -> Iterator[FileRow]:
    """The ledger's rows, each linked to its mail (``anchors``: the mails'),
    its kind and role as ``kinds`` and ``roles`` name them."""
    for i, f in enumerate(report.files):
        owner = next((a for a, m in zip(anchors, report.mails, strict=True) if m.holds(f.path)), "")
        yield FileRow(
            anchor=f"file-{i + 1}",
            path=written_out(f.path, lines=True),
            kind=kinds.get(f.kind, f.kind),
            status=f.status,
            role=roles.get(f.role, f.role),
            code=f.code,
            mail=owner,
        )


def mail_sections(
    report: InboxReport,
    words: Mapping[str, str],
    roles: Mapping[str, str],
    kinds: Mapping[str, str],
    zone: dt.tzinfo | None,
) -> tuple[list[MailSection], Iterable[FileRow], dict[str, MailRef]]:
    """The mail sections, the ledger's rows (made as the page is written
    when there are no mails to list them; kinds and roles as ``kinds`` and
    ``roles`` name them), and each submission's mail by submission id;
    times on ``zone``'s clock."""
    anchors = [f"mail-{n}" for n in range(1, len(report.mails) + 1)]
    if not report.mails:
        return [], _file_rows(report, anchors, roles, kinds), {}
    rows = list(_file_rows(report, anchors, roles, kinds))
    sections: list[MailSection] = []
    by_sub: dict[str, MailRef] = {}
    for anchor, m in zip(anchors, report.mails, strict=True):
        ref = MailRef(
            anchor=anchor,
            subject="" if is_blank(m.subject) else m.subject,
            sender=_sender(m.sender_name, m.sender),
            received=when(m.arrived_at, zone),
        )
        subs = [s for s in report.submissions if s.folder and m.holds(s.folder)]
        for s in subs:
            by_sub[s.id] = ref
        sections.append(
            MailSection(
                ref=ref,
                readable=m.readable,
                copy_of=written_out(m.copy_of, lines=True),
                deleted=m.deleted,
                received_from=words.get(f"from-{m.arrival_from}", ""),
                message_id=m.message_id,
                source=written_out(m.source, lines=True),
                body=m.body,
                files=[r for r in rows if r.mail == anchor],
                submissions=[written_out(s.word or s.scan or s.id, lines=True) for s in subs],
            )
        )
    return sections, rows, by_sub
