"""Fetching an IMAP folder into a local Maildir-like folder, read-only.

:func:`fetch_mail` logs in over TLS (implicit TLS, or STARTTLS; the
certificate is always verified, against ``cafile`` when given), opens the
folder with ``EXAMINE`` (read-only: nothing on the server is deleted or
flagged; bodies are fetched with ``BODY.PEEK[]``), and saves each message
whose UID is above the last one fetched as ``cur/UIDVALIDITY-UID.eml``.

A message flagged ``\\Deleted`` (deleted in a mail client, not yet expunged)
is not fetched: it is no received mail, as a mail an .mbox or a Maildir
keeps as deleted is none (``mail.deleted``); :attr:`FetchResult.deleted`
says how many were passed over.  One expunged between the search and its
fetch (deleted and purged in a mail client meanwhile) is passed over too,
and counted with them (and apart, :attr:`FetchResult.expunged`).  The next
run looks at them again (one undeleted meanwhile is fetched), until a
message after them is fetched.
A message the server sends as ``BODY[] NIL`` (or ``""``, or a literal of
nothing, ``{0}``: an empty message it holds) cannot be fetched: it is passed over and counted
(:attr:`FetchResult.empty`), and the others are fetched.

The server's reception time (INTERNALDATE) is kept as a ``Received:``
header written on top of the saved message::

    Received: from imap.example.org by reform-brand fetch-mail
     (IMAP UIDVALIDITY 1660000000 UID 42); Sat, 20 Aug 2022 23:59:59 +0800

so that :mod:`reform_brand.office._mail`, which takes the arrival time from
the topmost ``Received:`` header, reads it exact to the second with its zone.

The state (``.reform-brand-fetch.json``: account, UIDVALIDITY, last UID) is
written atomically after each message, and each message file atomically
before the state advances: an interrupted run resumes where it stopped, and a
message fetched twice lands in the same file, so there are never duplicates.
A message file is written in ``tmp/``, which no reader reads, and renamed
into ``cur/``; what a run killed meanwhile was writing, the next removes.
When the server's UIDVALIDITY changes, every message is fetched again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import imaplib
import json
import os
import re
import ssl
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

from attrs import field, frozen

from reform_brand._leftovers import LEFT_TMP, clear_left_files, held_file
from reform_brand._text import one_line_shown
from reform_brand.codes._info import Localized
from reform_brand.codes.reasons import known_reason, os_reason, output_reason
from reform_brand.office._mail_folder_names import (
    decode_folder,
    encode_folder,
    shown_folder,
    wire_folder,
)
from reform_brand.office._mail_login import login, quoted, unsendable
from reform_brand.office._mail_why import closed_reason, server_text, tls_reason, why

__all__ = [
    "MAX_TIMEOUT",
    "STATE_NAME",
    "FetchError",
    "FetchResult",
    "ImapAccount",
    "decode_folder",
    "encode_folder",
    "fetch_mail",
    "load_state",
    "shown_folder",
    "wire_folder",
]

#: The state file in the output folder.
STATE_NAME: Final = ".reform-brand-fetch.json"
STATE_VERSION: Final = 1
#: A state file is a few hundred bytes: a larger one is none of ours.
_MAX_STATE_BYTES: Final = 1 << 16

#: The longest timeout in seconds: a day.  The socket layer waits at most
#: ``INT_MAX`` milliseconds (24.8 days) at a time and refuses values past
#: its clock's range; no IMAP server is worth waiting for longer.
MAX_TIMEOUT: Final = 86400.0

Security = Literal["tls", "starttls"]
ErrorKind = Literal["connect", "tls", "cafile", "auth", "folder", "state", "write", "protocol"]


class FetchError(Exception):
    """Fetching failed before or between messages; ``kind`` says where,
    ``detail`` what (in both languages where the reason is known)."""

    def __init__(self, kind: ErrorKind, detail: str | Localized) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind: ErrorKind = kind
        self.detail = detail


def _because(where: object, reason: OSError | tuple[str, str] | Localized | str) -> str | Localized:
    """``where`` and why: an error of the system by its reason in both
    languages (:func:`~reform_brand.codes.reasons.os_reason`), a reason of
    our own (Chinese, English), or one already given."""
    if isinstance(reason, OSError):
        why = os_reason(reason)
    elif isinstance(reason, tuple):
        why = Localized(zh=reason[0], en=reason[1])
    else:
        why = reason
    if not isinstance(why, Localized):
        return f"{where}: {why}"
    value = why.value if why.value is not None else why.en
    return Localized(zh=f"{where}：{why.zh}", en=f"{where}: {why.en}", value=f"{where}: {value}")


#: What a CA certificate file that is not one is said to be.
def _special(path: str) -> bool:
    """Whether ``path`` is a named pipe, a device or a socket."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # (said as reading it says it)
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


_NOT_A_CA = ("不是可用的 CA 证书（PEM 格式）", "not a usable CA certificate (PEM)")


@frozen(kw_only=True)
class ImapAccount:
    host: str
    port: int
    user: str
    #: Never shown in a repr.
    password: str = field(default="", repr=False)
    folder: str = "INBOX"
    security: Security = "tls"
    #: A CA bundle to verify the server with (a self-signed certificate).
    cafile: str | None = None
    #: Seconds to wait for the server, above 0 and at most :data:`MAX_TIMEOUT`.
    timeout: float = 60.0


@frozen(kw_only=True)
class FetchResult:
    #: The files written in this run, relative to the output folder.
    fetched: tuple[str, ...]
    uidvalidity: int
    last_uid: int
    #: The server's UIDVALIDITY changed since the last run: all was fetched again.
    reset: bool = False
    #: Messages on the server in the folder.
    exists: int = 0
    #: Messages above the last UID fetched before that were flagged
    #: ``\\Deleted`` and not fetched, or were expunged before they could be.
    deleted: int = 0
    #: Of :attr:`deleted`, those expunged before they could be fetched.
    expunged: int = 0
    #: Messages the server sent no content of (``BODY[] NIL``): not
    #: fetched, looked at again by the next run as the deleted ones are.
    empty: int = 0


def _account_key(account: ImapAccount) -> dict[str, object]:
    return {
        "host": account.host,
        "port": account.port,
        "user": account.user,
        # As people read it, however it was given.
        "folder": shown_folder(account.folder),
    }


def _same_account(state: Mapping[str, object], account: ImapAccount) -> bool:
    """Whether the state was written for ``account``: a host name is the
    same in any case, and so is INBOX (RFC 3501, 5.1)."""

    def folded(key: Mapping[str, object]) -> tuple[object, ...]:
        host, folder = key.get("host"), key.get("folder")
        return (
            host.lower() if isinstance(host, str) else host,
            key.get("port"),
            key.get("user"),
            "INBOX" if isinstance(folder, str) and folder.upper() == "INBOX" else folder,
        )

    return folded(state) == folded(_account_key(account))


def load_state(out: Path) -> dict[str, object] | None:
    """The state of earlier runs in ``out``, or None (no state, or unreadable:
    then everything is fetched again, into the same files).  A state file
    that is no regular file (a named pipe, waited on for ever; a link to a
    device, read for ever) or larger than any state is unreadable."""
    path = out / STATE_NAME
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        with path.open("rb") as fh:
            raw = fh.read(_MAX_STATE_BYTES + 1)
        if len(raw) > _MAX_STATE_BYTES:
            return None
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return None
    return data


def _write_atomic(path: Path, data: bytes, folder: Path | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in ``folder``
    (``path``'s own by default) held until renamed (see
    :mod:`reform_brand._leftovers`)."""
    fd, name = held_file(f".{path.name}.", ".tmp", path.parent if folder is None else folder)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)  # (held until renamed: no run takes it for a leftover)
    finally:
        tmp.unlink(missing_ok=True)


def _clear_left(out: Path) -> None:
    """Remove the temporary files of runs killed while writing them: of the
    state, and of the mails (in ``tmp/``, and in ``cur/``, where earlier
    versions wrote them and a reader took them for mails)."""
    clear_left_files(rf"\.{re.escape(STATE_NAME)}\.{LEFT_TMP}\.tmp", out)
    for sub in ("tmp", "cur"):
        clear_left_files(rf"\.[0-9]+-[0-9]+\.eml\.{LEFT_TMP}\.tmp", out / sub)


def _save_state(out: Path, account: ImapAccount, uidvalidity: int, last_uid: int) -> None:
    state = {"version": STATE_VERSION, **_account_key(account)}
    state.update(uidvalidity=uidvalidity, last_uid=last_uid)
    _write_atomic(out / STATE_NAME, (json.dumps(state, indent=2) + "\n").encode())


def _connect(account: ImapAccount) -> imaplib.IMAP4:
    where = f"{account.host}:{account.port}"
    if not 1 <= account.port <= 65535:
        # The socket layer would take 70000 for 70000 % 65536 without a word.
        port = ("端口应在 1 到 65535 之间", "the port is not from 1 to 65535")
        raise FetchError("connect", _because(where, port))
    if not 0 < account.timeout <= MAX_TIMEOUT:  # nan too
        # The socket layer refuses it only once a socket is open, and leaks that.
        raise FetchError(
            "connect",
            _because(
                where,
                (
                    f"等待时间 {account.timeout} 应大于 0、至多一天",
                    f"the timeout {account.timeout} is not above 0 and at most a day",
                ),
            ),
        )
    if account.cafile is not None and _special(account.cafile):
        # (A named pipe was waited on for ever, a device read without end.)
        raise FetchError("cafile", _because(account.cafile, known_reason("not a regular file")))
    try:
        context = ssl.create_default_context(cafile=account.cafile)
    except ssl.SSLError:
        raise FetchError("cafile", _because(account.cafile, _NOT_A_CA)) from None
    except OSError as exc:
        raise FetchError("cafile", _because(account.cafile, exc)) from None
    try:
        if account.security == "tls":
            return imaplib.IMAP4_SSL(
                account.host, account.port, ssl_context=context, timeout=account.timeout
            )
        conn = imaplib.IMAP4(account.host, account.port, timeout=account.timeout)
        try:
            conn.starttls(ssl_context=context)
        except BaseException:
            conn.shutdown()
            raise
        return conn
    except ssl.SSLError as exc:
        raise FetchError("tls", tls_reason(exc)) from None
    except imaplib.IMAP4.abort as exc:
        # The server went away before or during the greeting or STARTTLS.
        raise FetchError("connect", _because(where, closed_reason(exc))) from None
    except imaplib.IMAP4.error as exc:
        raise FetchError("tls", server_text(exc)) from None
    except (TimeoutError, OSError) as exc:
        raise FetchError("connect", _because(where, why(exc, account.timeout))) from None
    except UnicodeError as exc:
        # A host name the idna codec refuses: an empty label, one of more
        # than 63 characters, an undecodable byte of the command line.
        raise FetchError("connect", f"{where}: {exc}") from None


def _examine(conn: imaplib.IMAP4, account: ImapAccount) -> tuple[int, int]:
    """EXAMINE the folder: its UIDVALIDITY and message count."""
    try:
        refused = login(conn, account.user, account.password)
    except imaplib.IMAP4.abort:
        raise  # the connection was lost, which says nothing of the password
    except imaplib.IMAP4.error as exc:
        raise FetchError("auth", server_text(exc)) from None
    if refused is not None:
        raise FetchError("auth", refused)
    if (refused := unsendable(account.folder)) is not None:
        raise FetchError("folder", _because(one_line_shown(account.folder), refused))
    typ, data = conn.select(quoted(wire_folder(account.folder)), readonly=True)
    if typ != "OK":
        raise FetchError("folder", f"{account.folder}: {_text(data)}")
    _, validity = conn.response("UIDVALIDITY")
    try:
        uidvalidity = int(_text(validity))
        exists = int(_text(data) or 0)
    except ValueError:
        raise FetchError("protocol", f"UIDVALIDITY {_text(validity)!r}") from None
    return uidvalidity, exists


def _text(data: Sequence[object] | None) -> str:
    first = data[0] if data else None
    if isinstance(first, bytes):
        return first.decode("utf-8", "replace").strip()
    return "" if first is None else str(first).strip()


def _new_uids(conn: imaplib.IMAP4, last_uid: int, flag: str) -> list[int]:
    """The UIDs above ``last_uid`` of the messages with ``flag`` (``UNDELETED``
    or ``DELETED``)."""
    typ, data = conn.uid("SEARCH", "UID", f"{last_uid + 1}:*", flag)
    if typ != "OK":
        raise FetchError("protocol", f"UID SEARCH: {_text(data)}")
    try:
        uids = [int(u) for u in _text(data).split()]
    except ValueError:
        raise FetchError("protocol", f"UID SEARCH: {_text(data)[:200]!r}") from None
    # "n:*" always matches the last message, even when its UID is below n.
    return sorted(u for u in uids if u > last_uid)


#: The seconds of a leap second in an INTERNALDATE.
_LEAP: Final = re.compile(r":60 (?=[+-]\d{4}$)")
_INTERNALDATE: Final = re.compile(
    rb'INTERNALDATE "\s?(\d{1,2}-[A-Za-z]{3}-\d{4} [\d:]{8} [+-]\d{4})"'
)
_HOST_SAFE: Final = re.compile(r"[^0-9A-Za-z.:\-\[\]]")


_UID: Final = re.compile(rb"\bUID (\d+)")
#: A message's body sent as nothing: an empty message on the server.
_NO_BODY: Final = re.compile(rb'\bBODY\[\] (?:NIL|"")', re.IGNORECASE)


def _about(item: object, uid: int) -> bool:
    """Whether a reply's item (bytes) is about the message ``uid``."""
    return isinstance(item, bytes) and str(uid).encode() in _UID.findall(item)


def _reception(data: list[Any], n: int, uid: int) -> re.Match[bytes] | None:
    """The INTERNALDATE of the message whose literal is ``data[n]``: before
    its literal, after it (RFC 3501 fixes no order of a reply's items:
    imaplib gives what follows the literal as the item after it), or in a
    reply of its own about the message."""
    head = data[n][0]
    after = data[n + 1] if n + 1 < len(data) and isinstance(data[n + 1], bytes) else b""
    found = _INTERNALDATE.search(head) or _INTERNALDATE.search(after)
    own = (x for x in data if _about(x, uid))
    return found or next(filter(None, map(_INTERNALDATE.search, own)), None)


def _fetch_one(
    conn: imaplib.IMAP4, uid: int
) -> tuple[bytes, dt.datetime] | Literal["gone", "empty"]:
    """The message ``uid`` and its reception time; ``"gone"`` when the
    server sent nothing of it: it was expunged since the search (deleted
    and purged in a mail client meanwhile); ``"empty"`` when it sent its
    body as nothing (``BODY[] NIL``, or a literal of nothing or of blank
    lines only: saved, it would be a mail of the one header written on top
    of it)."""
    typ, data = conn.uid("FETCH", str(uid), "(UID INTERNALDATE BODY.PEEK[])")
    if typ != "OK":
        raise FetchError("protocol", f"UID FETCH {uid}: {_text(data)}")
    if not any(isinstance(item, tuple) or _about(item, uid) for item in data):
        return "gone"  # (only other messages' flags, or nothing at all)
    if not any(isinstance(item, tuple) for item in data) and any(
        _about(item, uid) and _NO_BODY.search(item) for item in data if isinstance(item, bytes)
    ):
        return "empty"
    for n, item in enumerate(data):
        if isinstance(item, tuple) and len(item) == 2:
            if not bytes(item[1]).strip():
                return "empty"
            found = _reception(data, n, uid)
            if found is None:
                raise FetchError("protocol", f"UID FETCH {uid}: no INTERNALDATE")
            stamp = found.group(1).decode()
            try:
                # (A leap second, 23:59:60, is read as :59, as a mail's own
                # dates are: no datetime holds it.)
                when = dt.datetime.strptime(_LEAP.sub(":59 ", stamp), "%d-%b-%Y %H:%M:%S %z")
            except ValueError:
                raise FetchError("protocol", f"UID FETCH {uid}: INTERNALDATE {stamp!r}") from None
            return bytes(item[1]), when
    raise FetchError("protocol", f"UID FETCH {uid}: no message")


def received_header(account: ImapAccount, uidvalidity: int, uid: int, when: dt.datetime) -> bytes:
    """The ``Received:`` line that records the server's reception time."""
    host = _HOST_SAFE.sub("-", account.host)[:200]
    stamp = email.utils.format_datetime(when)
    return (
        f"Received: from {host} by reform-brand fetch-mail\r\n"
        f" (IMAP UIDVALIDITY {uidvalidity} UID {uid}); {stamp}\r\n"
    ).encode("ascii")


def _prepare(out: Path, account: ImapAccount, made: list[Path]) -> dict[str, object] | None:
    """The output's folders made (each one made now added to ``made``) and
    the state of earlier runs, before the server is asked anything."""
    try:
        for sub in ("cur", "new", "tmp"):
            folder = out / sub
            made.extend(p for p in (*reversed(folder.parents), folder) if not p.exists())
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError("write", _because(out, output_reason(exc, out))) from None
    _clear_left(out)
    state = load_state(out)
    if state is not None and not _same_account(state, account):
        held = f"{state.get('user')}@{state.get('host')}:{state.get('port')} {state.get('folder')}"
        raise FetchError("state", f"{out}: {held}")
    return state


def fetch_mail(
    account: ImapAccount,
    out: Path,
    *,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> FetchResult:
    """Fetch the new messages of ``account``'s folder into ``out`` (at most
    ``limit`` of them in this run); raises :class:`FetchError`."""
    made: list[Path] = []
    try:
        state = _prepare(out, account, made)
        return _fetch(account, out, state, limit, progress)
    except BaseException:
        # A run that wrote nothing leaves no empty Maildir behind: a folder
        # of received files holding one would be read as that Maildir.
        try:
            saved = (out / STATE_NAME).exists()
        except OSError:  # (a name too long: nothing was made)
            saved = False
        if not saved:
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
        raise


def _fetch(
    account: ImapAccount,
    out: Path,
    state: dict[str, object] | None,
    limit: int | None,
    progress: Callable[[str], None] | None,
) -> FetchResult:
    conn = _connect(account)
    try:
        uidvalidity, exists = _examine(conn, account)
        reset = state is not None and state.get("uidvalidity") != uidvalidity
        last = 0 if state is None or reset else int(str(state.get("last_uid", 0)))
        fetched: list[str] = []
        new = _new_uids(conn, last, "UNDELETED")[:limit]
        # (Only those below the last one fetched now, when there is a limit.)
        top = new[-1] if new and limit is not None else None
        deleted = [u for u in _new_uids(conn, last, "DELETED") if top is None or u < top]
        empty: list[int] = []
        expunged = 0
        for uid in new:
            got = _fetch_one(conn, uid)
            if got == "gone":
                deleted.append(uid)  # (deleted and expunged since the search)
                expunged += 1
                continue
            if got == "empty":
                empty.append(uid)
                continue
            raw, when = got
            rel = f"cur/{uidvalidity}-{uid}.eml"
            try:
                # (Written in the Maildir's tmp/, which no reader reads, and renamed
                # into cur/: a run killed midway leaves no file read as a mail.)
                head = received_header(account, uidvalidity, uid, when)
                _write_atomic(out / rel, head + raw, out / "tmp")
                _save_state(out, account, uidvalidity, uid)
            except OSError as exc:
                raise FetchError("write", _because(out / rel, exc)) from None
            fetched.append(rel)
            last = uid
            if progress is not None:
                progress(rel)
        if (state is None or reset) and not fetched:
            _save_state(out, account, uidvalidity, last)
    except imaplib.IMAP4.abort as exc:
        raise FetchError("connect", closed_reason(exc)) from None
    except imaplib.IMAP4.error as exc:
        raise FetchError("protocol", server_text(exc)) from None
    except (TimeoutError, OSError) as exc:
        raise FetchError("connect", why(exc, account.timeout)) from None
    finally:
        _logout(conn)
    return FetchResult(
        fetched=tuple(fetched),
        uidvalidity=uidvalidity,
        last_uid=last,
        reset=reset,
        exists=exists,
        deleted=len(deleted),
        expunged=expunged,
        empty=len(empty),
    )


def _logout(conn: imaplib.IMAP4) -> None:
    with contextlib.suppress(imaplib.IMAP4.error, OSError):
        conn.logout()
