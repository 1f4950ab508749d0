"""Why talking to an IMAP server failed, in both languages.

Python's TLS layer and :mod:`imaplib` give their reasons in English
(``[SSL: CERTIFICATE_VERIFY_FAILED] ...``, ``command: LOGIN => socket
error: EOF``), and a timeout no reason at all; a Chinese message would carry
them as they are.  Each reason here is a
:class:`~reform_brand.codes._info.Localized` whose ``value`` is Python's own
text.
"""

from __future__ import annotations

import imaplib
import ssl
from typing import Final

from reform_brand.codes._info import Localized
from reform_brand.codes.reasons import os_reason

__all__ = ["closed_reason", "server_text", "tls_reason", "why"]

#: What a certificate that cannot be verified is said to be, by OpenSSL's
#: verification code: (Chinese, English).
_CERT: Final[dict[int, tuple[str, str]]] = {
    10: ("服务器的证书已过期", "the server's certificate has expired"),
    18: ("服务器的证书是自签名的", "the server's certificate is self-signed"),
    19: ("服务器的证书链中有自签名的证书", "a self-signed certificate in the server's chain"),
    20: (
        "找不到签发服务器证书的 CA",
        "the CA that issued the server's certificate is not known",
    ),
    62: (
        "证书上的名称与服务器名称不符",
        "the certificate is for another host name",
    ),
}

#: TLS failures other than verification, by OpenSSL's reason: (Chinese, English).
_TLS: Final[dict[str, tuple[str, str]]] = {
    "WRONG_VERSION_NUMBER": (
        "服务器在这个端口上没有使用 TLS（端口不对？或应使用 --starttls）",
        "the server does not speak TLS on this port (another port? or --starttls)",
    ),
    "UNEXPECTED_EOF_WHILE_READING": ("服务器断开了连接", "the server closed the connection"),
}


def server_text(exc: BaseException) -> str:
    """What the server said, as :mod:`imaplib` raises it (bytes decoded)."""
    arg = exc.args[0] if exc.args else ""
    if isinstance(arg, bytes):
        return arg.decode("utf-8", "replace")
    return str(arg)


def closed_reason(exc: BaseException) -> Localized:
    """The server closed the connection (``imaplib.IMAP4.abort``)."""
    return Localized(
        zh="服务器断开了连接", en="the server closed the connection", value=server_text(exc)
    )


def tls_reason(exc: ssl.SSLError) -> Localized | str:
    """Why the TLS handshake failed."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        known = _CERT.get(exc.verify_code)
        if known is None:
            detail = exc.verify_message or str(exc)
            return Localized(
                zh=f"证书无法验证（{detail}）",
                en=f"certificate not verified ({detail})",
                value=str(exc),
            )
        return Localized(zh=known[0], en=known[1], value=str(exc))
    reason = _TLS.get(exc.reason or "")
    return Localized(zh=reason[0], en=reason[1], value=str(exc)) if reason else str(exc)


def why(exc: BaseException, timeout: float) -> Localized | str:
    """Why the connection failed: a timeout, the server gone, the system's reason."""
    if isinstance(exc, TimeoutError):
        return Localized(
            zh=f"服务器在 {timeout:g} 秒内没有回应（--timeout）",
            en=f"the server did not answer within {timeout:g} seconds (--timeout)",
            value=str(exc) or "timed out",
        )
    if isinstance(exc, imaplib.IMAP4.abort):
        return closed_reason(exc)
    if isinstance(exc, ssl.SSLError):
        return tls_reason(exc)
    if isinstance(exc, OSError):
        return os_reason(exc)
    return server_text(exc)
