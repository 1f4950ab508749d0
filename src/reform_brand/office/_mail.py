"""Mail as intake: .eml files, an .mbox file or a Maildir read into deliveries.

:func:`~reform_brand.office._mail_source.read_mail_source` reads every mail of a source into a
:class:`Delivery`: the sender, the subject, the arrival time, the plain-text
body (clipped, for the report), the message id and the attachments, with
their names decoded as Chinese mail clients write them (see
:mod:`reform_brand.office._mail_text`).  Forwarded mails (message/rfc822) are
opened and their attachments included, marked with the part of the forward
they came in.  A .zip (or .tar.gz…) attachment stays one attachment: the
intake's archive handling opens it.

The arrival time is the date of the topmost ``Received:`` header, the one
the office's own server wrote on reception; else the sender's ``Date:``
(see :mod:`reform_brand.office._mail_arrival`).

Every mail and every MIME part is accounted for in the delivery's ledger
with a status and a code; bad mail gives findings, never an exception.  The
limits below bound the work one hostile mail can cause; parts beyond them
are skipped, with a finding and a ledger entry.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import hashlib
import mimetypes
from email.message import Message
from email.parser import BytesFeedParser
from typing import Final

import attrs

from reform_brand.catalogue import Localized
from reform_brand.codes.reasons import error_reason, known_reason
from reform_brand.findings import Finding
from reform_brand.office._archive_why import HIDDEN, RECEIVED
from reform_brand.office._hidden import hidden_attachment
from reform_brand.office._mail_arrival import arrival
from reform_brand.office._mail_arrival import finding as finding
from reform_brand.office._mail_delivery import (
    Attachment,
    Delivery,
    Forwarded,
    LedgerEntry,
    MailSource,
    Role,
    SourceKind,
    Status,
)
from reform_brand.office._mail_parts import (
    content_id,
    content_type_of,
    disposition_of,
    encoded_forward,
    html_cids,
    is_mail_part,
    is_own_part,
    is_picture,
    links_to_files,
    part_name,
    payload_of,
    raw_header,
    related_root,
    uuencoded,
    with_boundary,
)
from reform_brand.office._mail_smime import is_smime, smime_content
from reform_brand.office._mail_text import (
    decode_bytes,
    decode_words,
    html_text,
    safe_file_name,
    sender_of,
)

__all__ = [
    "BODY_CHARS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_DEPTH",
    "MAX_MAILS",
    "MAX_MAIL_BYTES",
    "MAX_PARTS",
    "Attachment",
    "Delivery",
    "Forwarded",
    "LedgerEntry",
    "MailSource",
    "Role",
    "SourceKind",
    "Status",
    "parse_mail",
]

#: At most this many MIME parts of one mail are looked at; the rest are skipped.
MAX_PARTS: Final = 250
#: Multiparts and forwards nested deeper than this are skipped.
MAX_DEPTH: Final = 10
#: The attachments of one mail, decoded, may hold this many bytes in all;
#: further attachments are skipped.
MAX_ATTACHMENT_BYTES: Final = 48 * 1024 * 1024
#: A mail (its raw bytes) larger than this is not read: room for attachments
#: of :data:`MAX_ATTACHMENT_BYTES` sent in base64 (4 bytes for 3, and a line
#: end after each 76), and 4 MiB for the mail's headers, text and parts'
#: headers: above the limit of a received file (``MAX_FILE_BYTES``), which
#: each attachment keeps.
MAX_MAIL_BYTES: Final = MAX_ATTACHMENT_BYTES * 4 // 3 * 78 // 76 + 4 * 1024 * 1024
#: At most this many mails are read from one .mbox or Maildir.
MAX_MAILS: Final = 5000
#: The body is kept for the report up to this many characters.
BODY_CHARS: Final = 2000

_POLICY: Final = email.policy.default
#: Names an attachment cannot keep: the manifest of the mail's e-mail folder.
_RESERVED: Final = frozenset({"manifest.json", "manifest.toml"})
#: The content types of an Outlook ``winmail.dat``.
_TNEF: Final = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})


# -- headers ------------------------------------------------------------------------


def _raw_headers(msg: Message) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        out.setdefault(name.lower(), []).append(str(value))
    return out


def _text(headers: dict[str, list[str]], name: str, source: str, found: list[Finding]) -> str:
    values = headers.get(name)
    if not values:
        return ""
    got = decode_words(values[0])
    for charset in got.unknown:
        found.append(finding("mail.charset-unknown", source, charset=charset, where=name))
    return got.text


class _Walker:
    """Walks the parts of one mail, within the limits."""

    def __init__(self, source: str, cids: frozenset[str] = frozenset()) -> None:
        self.source = source
        #: The Content-IDs the mail's HTML refers to (its body's pictures).
        self.cids = cids
        self.parts = 0
        self.total = 0
        self.body: str | None = None
        #: The first HTML body: its ledger entry's place and its text.
        self.html: tuple[int, str] | None = None
        #: Each forwarded mail, by its part: its sender and when it arrived.
        self.forwards: dict[str, tuple[Forwarded, dt.datetime | None]] = {}
        self.ledger: list[LedgerEntry] = []
        self.attachments: list[Attachment] = []
        self.findings: list[Finding] = []
        self.defects: set[str] = set()
        #: The names given, casefolded.
        self._names: set[str] = set()
        #: The attachments taken, by their content: the name each was given.
        self._contents: dict[bytes, str] = {}

    def note(self, code: str, **params: object) -> None:
        if not any(f.code == code for f in self.findings):
            self.findings.append(finding(code, self.source, **params))

    def entry(self, pid: str, role: Role, status: Status, code: str = "", **kw: object) -> None:
        self.ledger.append(
            LedgerEntry(source=self.source, part=pid, role=role, status=status, code=code, **kw)  # type: ignore[arg-type]
        )

    def walk(
        self, part: Message, pid: str, depth: int, forward: str, *, resource: bool = False
    ) -> None:
        """Account for ``part``; ``resource`` when it is a resource of a
        multipart/related (a part of it other than its root)."""
        self.parts += 1
        self.defects.update(type(d).__name__ for d in part.defects)
        ctype = content_type_of(part)
        if self.parts <= MAX_PARTS and depth <= MAX_DEPTH:  # (read again within the limits)
            part = self.mended(part, ctype)
        if self.parts > MAX_PARTS:
            self.note("mail.too-many-parts", limit=MAX_PARTS)
            self.entry(pid, "other", "skipped", "mail.too-many-parts", content_type=ctype)
        elif depth > MAX_DEPTH:
            self.note("mail.too-deep", limit=MAX_DEPTH)
            self.entry(pid, "other", "skipped", "mail.too-deep", content_type=ctype)
        elif is_own_part(part, ctype):
            # A receipt's or a bounce's report, a Mac header: the mail's own (see _mail_parts).
            kept = {"name": (part_name(part) or ("",))[0], "size": len(payload_of(part))}
            self.entry(
                pid or "1", "other", "ignored", "mail.part-ignored", content_type=ctype, **kept
            )
        elif ctype == "message/rfc822" and part.is_multipart():
            fid = pid or "1"
            self.entry(fid, "forward", "used", content_type=ctype)
            decoded = encoded_forward(part)
            if decoded is not None:  # (its HTML's pictures: see _mail_parts)
                self.cids |= html_cids(decoded, max_parts=MAX_PARTS, max_depth=MAX_DEPTH)
            for inner in [decoded] if decoded is not None else part.get_payload():
                if isinstance(inner, Message):
                    self.forwards.setdefault(fid, _forwarded(inner, fid))
                    self.children(inner, fid, depth + 1, fid)
        elif self.smime(part, pid, depth, forward):
            pass  # (a signed mail's content walked, or an encrypted one said so)
        elif part.is_multipart():
            if pid:  # the mail's own top-level multipart is its ledger entry
                self.entry(pid, "container", "used", content_type=ctype)
            self.children(part, pid, depth, forward)
        else:
            self.leaf(part, pid or "1", ctype, forward, resource)

    def mended(self, part: Message, ctype: str) -> Message:
        """A multipart the parser could not take apart read again by the
        boundary its lines show (:func:`with_boundary`; its defects are
        said all the same); any other part as it is."""
        if not ctype.startswith("multipart/") or part.is_multipart():
            return part
        fixed = with_boundary(part)
        if fixed is None:
            return part
        self.cids |= html_cids(fixed, max_parts=MAX_PARTS, max_depth=MAX_DEPTH)
        return fixed

    def smime(self, part: Message, pid: str, depth: int, forward: str) -> bool:
        """An S/MIME mail in one part (see :mod:`reform_brand.office._mail_smime`):
        a signed one's content walked as the mail's own, an encrypted one
        said so; False for any other part, and for one that cannot be read
        as such (it is then an attachment as it was sent)."""
        ctype, name = content_type_of(part), (part_name(part) or ("",))[0]
        if part.is_multipart() or not is_smime(ctype, name):
            return False
        data, pid = payload_of(part), pid or "1"
        kind, content = smime_content(data)
        if kind == "encrypted":
            self.note("mail.encrypted")
            kept = {"name": name, "content_type": ctype, "size": len(data)}
            self.entry(pid, "other", "unreadable", "mail.encrypted", **kept)
        elif content is not None:
            inner = email.message_from_bytes(content, policy=_POLICY)
            if "content-type" not in inner:
                return False  # (a file signed on its own, 申报表.pdf.p7m: no mail in it)
            self.entry(pid, "container", "used", content_type=ctype, size=len(data))
            self.cids |= html_cids(inner, max_parts=MAX_PARTS, max_depth=MAX_DEPTH)
            self.walk(inner, f"{pid}.1", depth + 1, forward)
        return kind != "unreadable"

    def children(self, part: Message, pid: str, depth: int, forward: str) -> None:
        if not part.is_multipart():
            self.walk(part, f"{pid}.1" if pid else "1", depth + 1, forward)
            return
        subs = [(i, s) for i, s in enumerate(part.get_payload(), 1) if isinstance(s, Message)]
        root = -1  # the root of a multipart/related; the other parts are its resources
        if subs and content_type_of(part) == "multipart/related":
            root = subs[related_root(part, [s for _i, s in subs])][0]
        # A bounce the mailbox received returns a mail its owner sent: no
        # received mail, its files none of a unit's (within a forward, the
        # mail a unit forwards may be its own, bounced: read as sent).
        report = not forward and content_type_of(part) == "multipart/report"
        for i, sub in subs:
            sid = f"{pid}.{i}" if pid else str(i)
            if report and (ctype := content_type_of(sub)) in ("message/rfc822", "message/global"):
                self.parts += 1
                self.entry(sid, "other", "ignored", "mail.part-ignored", content_type=ctype)
                continue
            self.walk(sub, sid, depth + 1, forward, resource=root > 0 and i != root)

    def in_body(
        self, part: Message, ctype: str, name: str, disposition: str, resource: bool
    ) -> bool:
        """Whether a picture is part of the body (see
        :mod:`reform_brand.office._mail_parts`)."""
        if not is_picture(ctype, name):
            return False
        if not name and disposition == "inline":
            return True  # an unnamed picture shown in the body
        cid = content_id(part)
        if cid and cid in self.cids:
            return True
        # A resource of the HTML, found by its Content-ID or its Content-Location.
        located = bool(cid) or raw_header(part, "content-location") is not None
        return resource and located and disposition != "attachment"

    def leaf(self, part: Message, pid: str, ctype: str, forward: str, resource: bool) -> None:
        disposition = disposition_of(part)
        named = part_name(part)
        if named is None and ctype.startswith("text/") and disposition != "attachment":
            self.text(part, pid, ctype, forward)
            return
        name = named[0] if named is not None else ""
        if hidden_attachment(name):
            # A .DS_Store, a Mac zip's __MACOSX/._X, a ~$ lock file: as in a folder.
            why = {"reason": f"{HIDDEN[0]}：{name}", "reason_en": f"{HIDDEN[1]}: {name}"}
            self.findings.append(finding("inbox.ignored", self.source, **why))
            size = len(payload_of(part))
            self.entry(pid, "attachment", "ignored", "inbox.ignored", name=name, size=size)
            return
        if is_mail_part(ctype, name) or self.in_body(part, ctype, name, disposition, resource):
            # A picture in the body (a signature's logo), a contact card, a
            # signature: not a received file.
            size = len(payload_of(part))
            self.entry(
                pid,
                "other",
                "ignored",
                "mail.part-ignored",
                name=name,
                content_type=ctype,
                size=size,
            )
            return
        data = payload_of(part)
        self.defects.update(type(d).__name__ for d in part.defects)
        if named is None and ctype.startswith("multipart/") and not data.strip():
            # A multipart with nothing in it (its defect said): no file was sent.
            self.entry(pid, "container", "ignored", "mail.mime-defect", content_type=ctype)
            return
        self.attach(pid, ctype, forward, data, named)

    def uudecoded(self, data: bytes, pid: str, forward: str) -> bytes:
        """The text ``data`` without the files uuencoded in it, each taken as
        an attachment of the part ``PID-uuN`` (see :func:`uuencoded`)."""
        files, rest = uuencoded(data)
        for n, (raw, content) in enumerate(files, 1):
            name = decode_bytes(raw, None).text
            ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            shown = raw.decode("ascii", "backslashreplace")
            self.attach(f"{pid}-uu{n}", ctype, forward, content, (name, shown, ()))
        return rest

    def attach(
        self,
        pid: str,
        ctype: str,
        forward: str,
        data: bytes,
        named: tuple[str, str, tuple[str, ...]] | None,
    ) -> None:
        """Attach ``data``, within the limit of the attachments' bytes."""
        if self.total + len(data) > MAX_ATTACHMENT_BYTES:
            self.note("mail.parts-too-large", limit=MAX_ATTACHMENT_BYTES)
            self.entry(pid, "attachment", "skipped", "mail.parts-too-large", size=len(data))
            return
        self.total += len(data)
        digest = hashlib.sha256(data).digest()
        if data and digest in self._contents:
            # The same file attached twice: one file, not two submissions.
            first = self._contents[digest]
            self.findings.append(
                finding("mail.attachment-duplicate", self.source, part=pid, name=first)
            )
            shown = named[0] if named is not None else first
            self.entry(
                pid,
                "attachment",
                "ignored",
                "mail.attachment-duplicate",
                name=shown,
                content_type=ctype,
                size=len(data),
            )
            return
        ext = mimetypes.guess_extension(ctype) or ".bin"
        # (Outlook's packed attachments: named as every mail program names them.)
        generated = "winmail.dat" if ctype in _TNEF else f"附件-{pid}{ext}"
        code, name, raw = "", "", ""
        if named is not None:
            name, raw = safe_file_name(named[0], ""), named[1]
            for charset in named[2]:
                code = "mail.charset-unknown"
                self.findings.append(finding(code, self.source, charset=charset, where=pid))
        if not name:  # (none, or none of it left for a file: "..", "/")
            name, code = generated, "mail.attachment-unnamed"
            self.findings.append(finding(code, self.source, part=pid, name=name))
        if name.lower() in _RESERVED:
            # The e-mail folder's own manifest takes that name.
            name = f"附件-{name}"
        name = self._unique(name)
        self._contents[digest] = name
        self.attachments.append(
            Attachment(
                name=name,
                raw_name=raw,
                data=data,
                content_type=ctype,
                part=pid,
                forward=forward,
                sha256=digest.hex(),
            )
        )
        self.entry(pid, "attachment", "used", code, name=name, content_type=ctype, size=len(data))

    def text(self, part: Message, pid: str, ctype: str, forward: str) -> None:
        data = payload_of(part)
        size = len(data)
        if ctype == "text/plain":
            data = self.uudecoded(data, pid, forward)
        if links_to_files(data, part.get_content_charset()):
            self.note("mail.attachment-linked")
        if ctype == "text/html" and self.html is None and self.body is None and not forward:
            # The body of a mail with no plain text, unless one comes later.
            self.html = (len(self.ledger), decode_bytes(data, part.get_content_charset()).text)
        if ctype != "text/plain" or self.body is not None or forward:
            self.entry(pid, "body", "ignored", "mail.part-ignored", content_type=ctype)
            return
        got = decode_bytes(data, part.get_content_charset())
        code = ""
        for charset in got.unknown:
            code = "mail.charset-unknown"
            self.findings.append(finding(code, self.source, charset=charset, where=pid))
        self.body = got.text[:BODY_CHARS]
        self.entry(pid, "body", "used", code, content_type=ctype, size=size)

    def _unique(self, name: str) -> str:
        """``name``, or ``name (2).pdf`` when the mail has a file of that
        name already, in any case: on Windows and macOS ``申报表.PDF`` and
        ``申报表.pdf`` are one file, and the second written would replace the
        first."""
        if name.casefold() not in self._names:
            self._names.add(name.casefold())
            return name
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem:
            stem, ext = name, ""
        n = 2
        while True:
            candidate = f"{stem} ({n}){'.' + ext if ext else ''}"
            if candidate.casefold() not in self._names:
                self._names.add(candidate.casefold())
                return candidate
            n += 1


# -- one mail -----------------------------------------------------------------------


def parse_mail(raw: bytes, source: str) -> Delivery:
    """Read one mail from its raw bytes; never raises on bad mail."""
    if len(raw) > MAX_MAIL_BYTES:
        # (Read up to one byte over the limit: its size is not known.)
        return _unreadable(source, "mail.too-large", limit=MAX_MAIL_BYTES)
    if not raw.strip():
        # An empty file (a 0-byte .eml, an empty file in a Maildir) is no
        # mail: not one from an unknown sender with no attachments.
        return _unreadable(source, "mail.empty")
    try:
        # A byte-order mark (a mail saved from Notepad) or blank lines before
        # the headers would make them the body: no mail, its files lost.
        msg = _message(_as_sent(raw))
        if not _MAIL_HEADERS.intersection(k.lower() for k in msg):
            # A note or a stray file in a Maildir's cur/ or new/: no mail
            # of an unknown sender with no date and no attachments.
            return _unreadable(source, "mail.unreadable", detail=known_reason("no mail headers"))
        return _delivery(msg, source)
    except Exception as exc:
        detail = error_reason(exc, f"{type(exc).__name__}: {exc}")
        return _unreadable(source, "mail.unreadable", detail=detail)


_BOM: Final = b"\xef\xbb\xbf"
#: How much of a mail the parser is given at a time.
_CHUNK: Final = 1 << 16


def _message(raw: bytes) -> Message:
    """The mail ``raw`` parsed as ``email.message_from_bytes`` parses it,
    given to the parser a piece at a time as that does, but without its
    copies of the whole mail (as text, and as a ``StringIO`` of 4 bytes a
    character): a mail of 40 MB took some 300 MB to parse."""
    parser = BytesFeedParser(policy=_POLICY)
    view = memoryview(raw)
    for at in range(0, len(raw), _CHUNK):
        parser.feed(view[at : at + _CHUNK].tobytes())
    return parser.close()


def _as_sent(raw: bytes) -> bytes:
    """A mail's bytes as sent: without a byte-order mark or blank lines
    before its headers, and with its line ends as sent when they were
    doubled (``\\r\\r\\n``: a CRLF mail written again as text on Windows,
    by a script's text-mode write or a transfer in ASCII mode), which would
    end its headers at the first line and leave its files in its body."""
    raw = raw.removeprefix(_BOM).lstrip(b" \t\r\n")
    if raw.split(b"\n", 1)[0].endswith(b"\r\r"):
        raw = raw.replace(b"\r\r\n", b"\r\n")
    return raw


#: Headers of which a mail has at least one (RFC 5322 asks for From and
#: Date); a file with none of them is no mail.
_MAIL_HEADERS: Final = frozenset(
    {"from", "date", "sender", "to", "subject", "received", "message-id", "return-path"}
)


def _forwarded(inner: Message, fid: str) -> tuple[Forwarded, dt.datetime | None]:
    """The sender of a forwarded mail and when it arrived (by its own
    headers, as a mail's own arrival is read)."""
    headers = _raw_headers(inner)
    name, address = sender_of(headers.get("from", [""])[0])
    when, _how, _notes = arrival(headers, "")
    return Forwarded(part=fid, sender=address, sender_name=name.text), when


def _forward_notes(walker: _Walker, source: str) -> tuple[list[Forwarded], list[Finding]]:
    """The forwarded mails that brought attachments, and a finding for each:
    the deadline is judged by the forwarding mail's arrival, not the original's."""
    kept: list[Forwarded] = []
    out: list[Finding] = []
    for fid, (fwd, when) in walker.forwards.items():
        if any(a.forward == fid for a in walker.attachments):
            sent: object = when.isoformat() if when is not None else _UNKNOWN
            kept.append(fwd)
            where = {"where": f"第 {fid} 部分", "where_en": f"part {fid}"}
            sender = fwd.sender or "-"
            out.append(
                finding("mail.forwarded", source, part=fid, **where, sender=sender, sent=sent)
            )
    return kept, out


_UNKNOWN: Final = Localized(zh="未知", en="unknown")


def _unreadable(source: str, code: str, **params: object) -> Delivery:
    return Delivery(
        source=source,
        readable=False,
        ledger=(LedgerEntry(source=source, part="", role="mail", status="unreadable", code=code),),
        findings=(finding(code, source, **params),),
    )


def _delivery(msg: Message, source: str) -> Delivery:
    headers = _raw_headers(msg)
    found: list[Finding] = []
    when, how, notes = arrival(headers, source)
    found += notes
    name, address = sender_of(headers.get("from", [""])[0])
    for charset in name.unknown:
        found.append(finding("mail.charset-unknown", source, charset=charset, where="from"))
    subject = _text(headers, "subject", source, found)
    walker = _Walker(source, html_cids(msg, max_parts=MAX_PARTS, max_depth=MAX_DEPTH))
    walker.walk(msg, "", 0, "")
    if walker.defects:
        found.append(finding("mail.mime-defect", source, defects=tuple(sorted(walker.defects))))
    found += walker.findings
    forwarded, notes = _forward_notes(walker, source)
    found += notes
    if not walker.attachments and not any(f.code == "mail.encrypted" for f in found):
        found.append(finding("mail.no-attachments", source, received=RECEIVED["mail"]))
    mail_entry = LedgerEntry(
        source=source,
        part="",
        role="mail",
        status="used",
        code="mail.mime-defect" if walker.defects else "",
        name=subject,
        content_type=content_type_of(msg),
    )
    ledger = [mail_entry, *walker.ledger]
    body = walker.body
    if body is None and walker.html is not None:
        # An HTML-only mail (webmail, Foxmail): its text is the body.
        at, markup = walker.html
        body = html_text(markup)[:BODY_CHARS]
        ledger[at + 1] = attrs.evolve(ledger[at + 1], status="used", code="")
    return Delivery(
        source=source,
        message_id=_text(headers, "message-id", source, found).strip(),
        sender=address,
        sender_name=name.text,
        subject=subject,
        arrived_at=when,
        arrival_from=how,
        body=body or "",
        attachments=tuple(walker.attachments),
        forwarded=tuple(forwarded),
        ledger=tuple(ledger),
        findings=tuple(found),
    )
