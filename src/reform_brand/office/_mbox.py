"""The mails of an .mbox file (:func:`mbox_mails`), read once, for reading
only, as mutt and other readers split it: a ``From `` line of a mail's text
that its writer did not quote does not cut the mail in two."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO, Final

from reform_brand.office._mail import MAX_MAIL_BYTES

__all__ = ["BOM", "mbox_mails", "starts_mbox"]

#: The most of a line of an .mbox file read at a time.
_LINE: Final = 64 * 1024

#: A UTF-8 byte-order mark, which a file saved by a text editor starts with.
BOM: Final = b"\xef\xbb\xbf"

#: A line of a mail that the mbox's writer quoted: ``>From ``, ``>>From ``.
_QUOTED_FROM: Final = re.compile(rb">+From ")

#: A ``From `` line that starts a mail of an mbox (after a blank line):
#: ``From``, the envelope sender (an address, a word such as Thunderbird's
#: ``-`` or ``MAILER-DAEMON``, one in quotes as readpst writes it, or none),
#: and a date, a weekday or a month or a number first, with a time of day:
#: ``From a@b.cn Sat Aug 20 10:00:00 2022``, ``From - Sat, 20 Aug 2022
#: 10:00:00 +0800``, ``From a@b.cn 2022-08-20 10:00:00``.  A line of a
#: mail's text that an mboxo writer did not quote (``From 2022年起…``,
#: ``From the office``) is none.
_ENVELOPE: Final = re.compile(
    rb"From (?:\"[^\"\r\n]*\"|\S+)?[ \t]+"
    rb"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?[ \t]|"
    rb"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[ \t]+[0-9]|[0-9]{1,4}[-/ .])"
    rb"[^\n]*?[0-9]{1,2}:[0-9]{2}",
    re.IGNORECASE,
)
#: An envelope line exactly as an mbox's writer writes it, ``From``, the
#: sender and the date as C's ``asctime`` prints it (a zone perhaps before
#: the year): ``From a@b.cn Sat Aug 20 10:00:00 2022``.  Followed by a
#: header line, it starts a mail even with no blank line before it (a
#: writer that left none), as no line of a mail's text is both.
_ASCTIME_ENVELOPE: Final = re.compile(
    rb"From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +"
    rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +[0-9]{1,2} +"
    rb"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})? +(?:[A-Z]{3,5} +|[+-][0-9]{4} +)?[0-9]{4}[ \t]*\r*\n"
)
#: A mail's header line: a field's name (printable ASCII but ``:``), then ``:``.
_HEADER: Final = re.compile(rb"[!-9;-~]+:")
#: A blank line: LF, CRLF, or CRLF whose line end was doubled (an mbox
#: written again as text on Windows, ``\r\r\n``).
_BLANK: Final = (b"\n", b"\r\n", b"\r\r\n")
#: The most of a ``From `` line read to tell whether it starts a mail.
_ENVELOPE_BYTES: Final = 1024


def starts_mbox(head: bytes) -> bool:
    """Whether a file's first bytes ``head`` start (after a byte-order mark)
    with an envelope line (:data:`_ENVELOPE`): an mbox under a name with no
    suffix, as Thunderbird keeps a local folder (``Inbox``, ``收件箱``)."""
    line = head.removeprefix(BOM)[:_ENVELOPE_BYTES].split(b"\n", 1)[0]
    return _ENVELOPE.match(line) is not None


def mbox_mails(fh: BinaryIO, h: Any, label: str) -> Iterator[tuple[str, bytes]]:
    """The mails of an .mbox file read once, in order, and hashed into ``h``
    as read, each up to one byte more than the limit.  The file is opened
    for reading only (:class:`mailbox.mbox` opens it for writing too when
    it may).

    A mail starts at a line that starts with ``From `` and is the file's
    first line, or follows a blank line (or nothing but what comes before
    the first mail) and looks like an envelope line (:data:`_ENVELOPE`), as
    mutt and other readers take it, or, after no blank line (a writer that
    left none between its mails), is an envelope line exactly as an mbox's
    writer writes it (:data:`_ASCTIME_ENVELOPE`) followed by a header line:
    a line ``From `` of a mail's text that its writer did not quote (an
    mboxo writer, a script, ``From here on ...``) stays in the mail, where
    :class:`mailbox.mbox` would cut the mail in two there.  The blank
    line before the ``From`` line (``\n``, or ``\r\n`` in an mbox written
    with CRLF line ends, :data:`_BLANK`) is no part of the mail before, so its last line
    (an attachment's) gains no line end; the ``From`` line is no part of
    either.

    A line of a mail that starts ``From `` is written ``>From `` into an
    mbox (and, in the mboxrd style, one that starts ``>From `` is written
    ``>>From ``): every line that starts with ``>`` and then ``From `` loses
    one ``>`` as it is read, so the mail is read as it was sent, its body
    and any attachment sent as text alike (an attachment in base64 has no
    such line).  This is exact for mboxrd; in an mboxo, whose writer left a
    line ``>From `` as it was, such a line loses its ``>`` too: the writer
    kept no way to tell the two apart."""
    r = _MboxReading(fh, h)
    n = 0
    while True:
        piece, starts, at_first, was_blank = r.line()
        if piece and not r.starts_mail(piece, starts, at_first, was_blank):
            r.add(piece, starts)
            continue
        if r.parts is not None:
            n += 1
            yield f"{label}#{n}", bytes(r.parts)
        if not piece:
            return
        # (The rest of a long ``From`` line is no part of the mail.)
        r.parts, r.size, r.blank, r.in_from = bytearray(), 0, b"", not r.line_start


class _MboxReading:
    """Where the reading of an mbox file is (:func:`mbox_mails`)."""

    def __init__(self, fh: BinaryIO, h: Any) -> None:
        self.fh, self.h = fh, h
        #: The mail being read (None: before the first), in one buffer: a
        #: list of its lines would hold an object per line, twice its size.
        self.parts: bytearray | None = None
        self.size = 0
        #: A blank line held back (as the file has it, ``\n`` or ``\r\n``):
        #: the separator, or part of the mail.
        self.blank = b""
        self.line_start = True
        #: In the rest of a long ``From`` line.
        self.in_from = False
        self.first = True
        #: The line before was blank.
        self.after_blank = False
        #: A line read ahead (:meth:`peek`), the next piece.
        self.ahead: bytes | None = None

    def peek(self) -> bytes:
        """The next line, read ahead (up to :data:`_ENVELOPE_BYTES`) and
        kept for :meth:`line`."""
        if self.ahead is None:
            piece = self.fh.readline(min(_LINE, _ENVELOPE_BYTES))
            self.h.update(piece)
            self.ahead = _whole_line(self.fh, self.h, piece) if piece else piece
        return self.ahead

    def line(self) -> tuple[bytes, bool, bool, bool]:
        """The next piece of the file (b"" at its end), whether it starts a
        line, whether that line is the file's first, and whether the line
        before it was blank.  A ``From`` line is read whole, up to
        :data:`_ENVELOPE_BYTES`."""
        if self.ahead is not None:
            piece, self.ahead = self.ahead, None
        else:
            piece = self.fh.readline(_LINE)
            self.h.update(piece)
        at_first, self.first = self.first, False
        if at_first:  # (a file a text editor saved starts with a byte-order mark)
            piece = piece.removeprefix(BOM)
        starts, was_blank = self.line_start, self.after_blank
        self.after_blank = starts and piece in _BLANK
        if starts and piece.startswith(b"From "):
            piece = _whole_line(self.fh, self.h, piece)
        self.line_start = piece.endswith(b"\n")
        return piece, starts, at_first, was_blank

    def starts_mail(self, piece: bytes, starts: bool, at_first: bool, was_blank: bool) -> bool:
        if not (starts and piece.startswith(b"From ")):
            return False
        after = was_blank or self.parts is None
        if at_first or (after and _ENVELOPE.match(piece) is not None):
            return True
        return _ASCTIME_ENVELOPE.fullmatch(piece) is not None and bool(_HEADER.match(self.peek()))

    def add(self, piece: bytes, starts: bool) -> None:
        """A piece of the mail being read, or of none (the ``From`` line,
        what comes before the first mail)."""
        if self.in_from or self.parts is None:
            self.in_from = self.in_from and not self.line_start
            return
        if starts and piece.startswith(b">") and _QUOTED_FROM.match(piece):
            piece = piece[1:]  # a line that starts ``From `` as the mail had it
        held = self.blank
        self.blank = piece if starts and piece in _BLANK else b""
        for part in (held, b"" if self.blank else piece):
            if part and self.size <= MAX_MAIL_BYTES:
                kept = part[: MAX_MAIL_BYTES + 1 - self.size]
                self.parts += kept
                self.size += len(kept)


def _whole_line(fh: BinaryIO, h: Any, piece: bytes) -> bytes:
    """``piece``, the start of a line, with the rest of the line read (and
    hashed into ``h``) up to :data:`_ENVELOPE_BYTES`: enough to tell an
    envelope line."""
    while not piece.endswith(b"\n") and len(piece) < _ENVELOPE_BYTES:
        more = fh.readline(min(_LINE, _ENVELOPE_BYTES))
        if not more:
            break
        h.update(more)
        piece += more
    return piece
