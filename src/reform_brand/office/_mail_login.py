"""How ``fetch-mail`` logs in, and names the folder it opens, on the wire.

``imaplib`` sends the user of ``LOGIN`` as it is, and the user and the
password in ASCII: a user with a space or a quote is refused by the server
as a malformed command, and one or a password that is not ASCII (张三, a
Chinese password) failed before it was sent, with an internal error.  The
user goes quoted when it is no atom, and a user or password that is not
ASCII goes by ``AUTHENTICATE PLAIN``, which carries UTF-8 (RFC 4616), when
the server offers it.  A line break (or a NUL) has no place in a quoted
string: in a user, a password or a folder's name it would end the command
and send the rest as another, so it is refused before anything is sent.
"""

from __future__ import annotations

import imaplib
import re
from typing import Final

from reform_brand.codes._info import Localized

__all__ = ["login", "quoted", "unsendable"]

#: What a quoted string cannot hold.
_BREAKS: Final = re.compile(r"[\r\n\x00]")
#: What an atom cannot hold (RFC 3501 ``atom-specials``, less ``]``, which
#: an ``astring`` takes): such a user is sent quoted.
_NOT_ATOM: Final = re.compile(r'[(){ %*"\\\x00-\x1f\x7f]')

_BREAK_REASON: Final = Localized(
    zh="含有换行符或空字符，无法发送给服务器",
    en="it holds a line break or a NUL, which cannot be sent to the server",
)
_NO_PLAIN: Final = Localized(
    zh="用户名或密码含有中文等非英文字符，而服务器不提供可以传送这些字符的登录方式",
    en="the user or the password is not ASCII, and the server offers no AUTH=PLAIN "
    "login to send it by",
)


def quoted(text: str) -> str:
    """``text`` as an IMAP quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unsendable(text: str) -> Localized | None:
    """Why ``text`` (a user, a password, a folder's name) cannot be sent,
    or None."""
    return _BREAK_REASON if _BREAKS.search(text) else None


def login(conn: imaplib.IMAP4, user: str, password: str) -> Localized | None:
    """Log in as ``user``; why it cannot be tried (:func:`unsendable`, or
    a user or password that is not ASCII where the server offers no
    ``AUTH=PLAIN``), else None.  What the server refuses is its
    ``imaplib.IMAP4.error``."""
    why = unsendable(user) or unsendable(password)
    if why is not None:
        return why
    if user.isascii() and password.isascii():
        conn.login(quoted(user) if not user or _NOT_ATOM.search(user) else user, password)
        return None
    if "AUTH=PLAIN" not in conn.capabilities:
        return _NO_PLAIN
    plain = f"\0{user}\0{password}".encode()
    conn.authenticate("PLAIN", lambda _challenge: plain)
    return None
