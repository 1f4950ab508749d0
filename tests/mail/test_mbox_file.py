"""An .mbox file is read once, for reading only: a mail starts at its first
line or at a ``From `` line after a blank line that looks like an envelope
line (as mutt reads it; ``mailbox.mbox`` splits at any ``From `` line), or
after no blank line at an envelope line as an mbox's writer writes it
followed by a header line, its
lines as sent (the quoting of a line that starts ``From `` undone), and its
digest is the file's."""

from __future__ import annotations

import hashlib
import io
import mailbox
import re
import tempfile
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reform_brand.office import _mail_source, _mbox
from reform_brand.office._mail_source import read_mail_source

#: Lines an .mbox file is made of: mails' starts (envelope lines of several
#: writers, some quoted, one with no line end, lines ``From `` of a mail's
#: text that no writer quoted), blank lines (LF, CRLF, and CRLF doubled by
#: a text-mode write on Windows), CRLF lines and text.
_LINES = st.sampled_from(
    [
        b"From a@b.cn Sat Aug 20 10:00:00 2022\n",
        b"From - Sat, 20 Aug 2022 10:00:00 +0800\r\n",
        b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n",
        b"From a@b.cn 2022-08-20 10:00:00\n",
        b'From "/O=FIRST ORGANIZATION/CN=ZBKX" Sat Aug 20 10:00:00 2022\n',
        b"From " + b"x" * 30 + b" Sat Aug 20 10:00:00 2022\n",
        b"From \n",
        b"From 2022\xe5\xb9\xb4\xe8\xb5\xb7 10:00\n",
        b"From the office\n",
        b">From quoted\n",
        b">>From quoted twice\n",
        b"\n",
        b"\r\n",
        b"\r\r\n",
        b"Subject: x\n",
        b"X-Mozilla-Status: 0001\r\n",
        b"From zbkx@example.cn Wed Aug 17 10:15:00 +0800 2022\r\n",
        b"From here on Sat Aug 20 10:00:00 2022\n",
        b"body text\n",
        b"From no line end",
        b"tail",
        b" From not at the start\n",
        b"x" * 40 + b"\n",
    ]
)

#: An envelope line, as the model below tells it (written apart from the
#: reader's own pattern): a sender or none, then a weekday, a month or a
#: number, and a time of day.
_MODEL_ENVELOPE = re.compile(
    rb"From (\"[^\"\r\n]*\"|\S+)?[ \t]+((Mon|Tue|Wed|Thu|Fri|Sat|Sun)|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|"
    rb"Oct|Nov|Dec)[a-z]* +[0-9]|[0-9]{1,4}[-/ .]).*?[0-9]{1,2}:[0-9]{2}",
    re.IGNORECASE,
)


#: An envelope line as an mbox's writer writes it (``asctime``'s date),
#: which, followed by a header line, starts a mail after no blank line.
_MODEL_ASCTIME = re.compile(
    rb"From [^ \t\r\n]+ +(Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    rb"Sep|Oct|Nov|Dec) +\d\d? +\d\d?:\d\d(:\d\d)? +([A-Z]{3,5} +|[+-]\d{4} +)?\d{4}[ \t]*\r*\n"
)
_MODEL_HEADER = re.compile(rb"[\x21-\x39\x3b-\x7e]+:")


#: The blank lines of an mbox, as the model tells them.
_BLANKS = (b"\n", b"\r\n", b"\r\r\n")


def _by_rule(content: bytes) -> list[bytes]:
    """The mails of an mbox by the rule, read from the whole file at once."""
    lines = re.findall(rb"[^\n]*\n|[^\n]+$", content.removeprefix(b"\xef\xbb\xbf"))
    mails: list[bytes] = []
    mail: list[bytes] | None = None
    before = b""
    for i, line in enumerate(lines):
        after_blank = before in _BLANKS or mail is None
        following = lines[i + 1] if i + 1 < len(lines) else b""
        unspaced = _MODEL_ASCTIME.fullmatch(line) and _MODEL_HEADER.match(following)
        if line.startswith(b"From ") and (
            i == 0 or (after_blank and _MODEL_ENVELOPE.match(line) is not None) or unspaced
        ):
            if mail is not None:
                mails.append(b"".join(mail[:-1] if len(mail) and mail[-1] in _BLANKS else mail))
            mail = []
        elif mail is not None:
            mail.append(_unquoted(line))
        before = line
    if mail is not None:
        mails.append(b"".join(mail[:-1] if len(mail) and mail[-1] in _BLANKS else mail))
    return mails


def _by_mailbox(path: Path) -> list[bytes]:
    box = mailbox.mbox(path, create=False)
    try:
        return [box.get_file(key).read() for key in box.iterkeys()]
    finally:
        box.close()


def _unquoted(mail: bytes) -> bytes:
    """A mail as sent: its lines quoted ``>From `` by the mbox's writer without
    the quoting ``>``."""
    return re.sub(rb"(?m)^>(>*From )", rb"\1", mail)


def _ours(path: Path) -> tuple[list[bytes], str]:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        mails = [raw for _, raw in _mbox.mbox_mails(fh, h, "box")]
    return mails, h.hexdigest()


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_LINES, max_size=30), line=st.sampled_from([7, 9, 64 * 1024]))
def test_the_mails_are_those_the_rule_finds(lines: list[bytes], line: int) -> None:
    """Whatever the lines, and lines longer than what is read of a line at
    a time (but long enough to hold the quoting of a line, ``>From ``)."""
    content = b"".join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "box.mbox"
        path.write_bytes(content)
        # (not the monkeypatch fixture: the examples share it)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_mbox, "_LINE", line)
            mails, digest = _ours(path)
    assert mails == _by_rule(content)
    assert digest == hashlib.sha256(content).hexdigest()


def test_mailbox_agrees_where_every_from_line_is_an_envelope(tmp_path: Path) -> None:
    """An mbox that ``mailbox.mbox`` wrote (every line ``From `` of a mail's
    text quoted) is read into the mails it holds."""
    path = tmp_path / "box.mbox"
    box = mailbox.mbox(path)
    for text in ("From 2022年起\n\nFrom the office\n", "第二封\n"):
        msg = EmailMessage()
        msg["Subject"] = "x"
        msg.set_content(text, cte="8bit")
        box.add(msg)
    box.close()
    assert len(_by_mailbox(path)) == 2
    assert _ours(path)[0] == [_unquoted(m) for m in _by_mailbox(path)]


@pytest.mark.parametrize(
    "text",
    [
        b"From 2022, the forms are sent by mail.\n",
        b"From the office Mon to Fri\n",
        b"From \n",
        b"From zbkx@example.cn\n",
    ],
)
def test_a_from_line_of_a_mail_s_text_left_unquoted_does_not_split_it(
    tmp_path: Path, text: bytes
) -> None:
    """An mboxo writer or a script that left a line ``From `` of a mail's
    text as it was, after a blank line: the mail stays one, where
    ``mailbox.mbox`` (and this reader before) made two of it."""
    path = tmp_path / "box.mbox"
    path.write_bytes(
        b"From zbkx@example.cn Wed Aug 17 10:15:00 2022\n"
        b"From: zbkx@example.cn\nSubject: one\nDate: Wed, 17 Aug 2022 10:15:00 +0800\n\n"
        b"Dear office,\n\n" + text + b"Thanks\n\n"
        b"From wfkx@example.cn Thu Aug 18 09:00:00 2022\n"
        b"From: wfkx@example.cn\nSubject: two\n\nbody\n"
    )
    assert len(_by_mailbox(path)) == 3  # (what mailbox.mbox makes of it)
    deliveries = read_mail_source(path).deliveries
    assert [d.subject for d in deliveries] == ["one", "two"]
    assert deliveries[0].body.replace("\r\n", "\n").endswith(text.decode() + "Thanks\n")


def test_a_mail_over_the_limit_is_cut_one_byte_past_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_mbox, "MAX_MAIL_BYTES", 10)
    path = tmp_path / "box.mbox"
    path.write_bytes(
        b"From a Sat Aug 20 10:00:00 2022\n"
        + b"y" * 30
        + b"\n\nFrom b Sat Aug 20 10:00:00 2022\nshort\n"
    )
    mails, _ = _ours(path)
    assert mails == [b"y" * 11, b"short\n"]


def test_the_file_is_opened_for_reading_only(tmp_path: Path) -> None:
    """``mailbox.mbox`` opens a writable file read-write; the file an office
    received is only read, and its digest is taken from the same opening
    even when fewer mails are asked for than it holds."""
    path = tmp_path / "收件箱.mbox"
    content = b"".join(
        b"From u%d Sat Aug 20 10:00:00 2022\nSubject: %d\n\nbody\n\n" % (i, i) for i in range(3)
    )
    path.write_bytes(content)
    modes: list[str] = []
    real_open: Callable[..., Any] = io.open

    def watched(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):
            modes.append(mode)
        return real_open(file, mode, *args, **kwargs)

    monkey = pytest.MonkeyPatch()
    monkey.setattr(io, "open", watched)
    try:
        source = read_mail_source(path)
    finally:
        monkey.undo()
    assert modes == ["rb"]
    assert len(source.deliveries) == 3
    assert source.sha256 == hashlib.sha256(content).hexdigest()


def test_the_digest_is_the_whole_file_when_the_mails_stop_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_mail_source, "MAX_MAILS", 2)
    path = tmp_path / "box.mbox"
    content = b"".join(
        b"From u%d Sat Aug 20 10:00:00 2022\n\nbody %d\n\n" % (i, i) for i in range(5)
    )
    path.write_bytes(content)
    source = read_mail_source(path)
    assert len(source.deliveries) == 2
    assert [f.code for f in source.findings] == ["mail.too-many-mails"]
    assert source.sha256 == hashlib.sha256(content).hexdigest()


def test_an_mbox_s_quoting_of_from_lines_is_undone(tmp_path: Path) -> None:
    """An mbox writes a line ``From `` of a mail as ``>From ``: the body and
    an attachment sent as text are read as they were sent; one in base64 has
    no such line and is read as it is."""
    body = "各位：\nFrom 2022年起，申报材料以邮件报送。\n"
    note = "说明\nFrom the office\n".encode()
    binary = b"PK\x03\x04\nFrom \n>From \n" + bytes(40)
    msg = EmailMessage()
    msg["From"] = "淄博市科协 <zbkx@example.cn>"
    msg["Subject"] = "申报"
    msg["Date"] = "Wed, 17 Aug 2022 10:15:00 +0800"
    msg.set_content(body, cte="8bit")
    msg.add_attachment(note, maintype="text", subtype="plain", cte="8bit", filename="说明.txt")
    msg.add_attachment(binary, maintype="application", subtype="zip", filename="材料.zip")
    path = tmp_path / "box.mbox"
    box = mailbox.mbox(path)
    box.add(msg)
    box.close()
    written = path.read_bytes()
    assert b"\n>From 2022" in written and b"\n>From the office" in written
    [d] = read_mail_source(path).deliveries
    assert d.body.replace("\r\n", "\n") == body
    data = {a.name: a.data for a in d.attachments}
    assert data["说明.txt"].replace(b"\r\n", b"\n") == note
    assert data["材料.zip"] == binary


def test_an_mboxrd_quoting_is_undone_once(tmp_path: Path) -> None:
    """mboxrd adds a ``>`` to every line that starts with ``>`` and ``From ``."""
    path = tmp_path / "rd.mbox"
    path.write_bytes(
        b"From zbkx@example.cn Wed Aug 17 10:15:00 2022\n"
        b"From: zbkx@example.cn\nDate: Wed, 17 Aug 2022 10:15:00 +0800\n\n"
        b">From 2022\n>>From a quoted line\n> From a reply\n"
    )
    [d] = read_mail_source(path).deliveries
    assert d.body == "From 2022\n>From a quoted line\n> From a reply\n"


def test_an_eml_keeps_its_lines_as_they_are(tmp_path: Path) -> None:
    """Only an mbox quotes: a line ``>From `` of an .eml is the sender's."""
    msg = EmailMessage()
    msg["From"] = "zbkx@example.cn"
    msg["Date"] = "Wed, 17 Aug 2022 10:15:00 +0800"
    msg.set_content(">From 引文\n", cte="8bit")
    path = tmp_path / "a.eml"
    path.write_bytes(msg.as_bytes())
    [d] = read_mail_source(path).deliveries
    assert d.body.startswith(">From 引文")


def _crlf_mbox(mails: list[bytes]) -> bytes:
    """An mbox written with CRLF line ends (as a Windows tool writes it): an
    envelope line, the mail, and a blank line before the next mail."""
    return b"".join(
        b"From zbkx@example.cn Wed Aug 17 10:15:00 2022\r\n" + m + b"\r\n" for m in mails
    )


def test_a_crlf_mbox_s_blank_line_before_a_mail_is_no_part_of_the_mail_before(
    tmp_path: Path,
) -> None:
    """The blank line ``\\r\\n`` that separates two mails of a CRLF mbox is
    the mbox's, as ``\\n`` is in a LF one: the last part of each mail (an
    attachment sent as it is, a multipart with no closing boundary) reads
    as it was sent, byte for byte."""
    note = "说明：材料见附件。\r\n第二行".encode()
    single = (
        b"From: zbkx@example.cn\r\nSubject: one\r\nDate: Wed, 17 Aug 2022 10:15:00 +0800\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
        b'Content-Disposition: attachment; filename="note.txt"\r\n\r\n' + note + b"\r\n"
    )
    unclosed = (
        b"From: wfkx@example.cn\r\nSubject: two\r\nDate: Thu, 18 Aug 2022 09:00:00 +0800\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n"
        b"--b\r\nContent-Type: application/octet-stream\r\n"
        b'Content-Disposition: attachment; filename="data.bin"\r\n\r\n'
        b"\x00\x01binary\r\n"
    )
    path = tmp_path / "box.mbox"
    path.write_bytes(_crlf_mbox([single, unclosed, single]))
    mails, _ = _ours(path)
    assert mails == [single, unclosed, single]
    deliveries = read_mail_source(path).deliveries
    assert [d.subject for d in deliveries] == ["one", "two", "one"]
    data = [{a.name: a.data for a in d.attachments} for d in deliveries]
    assert data[0] == data[2] == {"note.txt": note + b"\r\n"}
    assert data[1] == {"data.bin": b"\x00\x01binary"}


def test_a_mail_after_no_blank_line_starts_at_its_envelope_line(tmp_path: Path) -> None:
    """A writer that left no blank line between its mails: each mail starts
    at its envelope line (``From`` an address, ``asctime``'s date) followed
    by its header lines, not merged into the mail before; a line of text
    ``From here on ...``, or an envelope line with no header after it, stays
    in its mail."""
    path = tmp_path / "box.mbox"
    path.write_bytes(
        b"From zbkx@example.cn Wed Aug 17 10:15:00 2022\n"
        b"From: zbkx@example.cn\nSubject: one\n\n"
        b"From here on the forms are sent by mail.\n"
        b"From wfkx@example.cn Thu Aug 18 09:00:00 2022\n"
        b"as the office asked\n"
        b"From wfkx@example.cn Thu Aug 18 09:00:00 2022\n"
        b"From: wfkx@example.cn\nSubject: two\n\nbody\n"
        b"From MAILER-DAEMON Fri Aug 19  8:00:00 +0800 2022\r\n"
        b"Return-Path: <jnkx@example.cn>\r\nSubject: three\r\n\r\nbody\r\n"
    )
    deliveries = read_mail_source(path).deliveries
    assert [d.subject for d in deliveries] == ["one", "two", "three"]
    assert deliveries[0].body.replace("\r\n", "\n") == (
        "From here on the forms are sent by mail.\n"
        "From wfkx@example.cn Thu Aug 18 09:00:00 2022\n"
        "as the office asked\n"
    )
    assert [m.count(b"Subject") for m in _ours(path)[0]] == [1, 1, 1]
