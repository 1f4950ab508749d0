"""How fetch-mail logs in and names its folder on the wire: a user that is
no atom goes quoted, a user or password that is not ASCII by AUTHENTICATE
PLAIN, and a line break is never sent (it would end the command)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reform_brand.cli import main
from reform_brand.office._mail_login import login
from tests.mail.dovecot import Dovecot
from tests.mail.test_fetch import PASSWORD_ENV


class Conn:
    """What a login sends, and the server's capabilities."""

    def __init__(self, *capabilities: str) -> None:
        self.capabilities = ("IMAP4REV1", *capabilities)
        self.sent: list[tuple[str, ...]] = []

    def login(self, user: str, password: str) -> None:
        self.sent.append(("LOGIN", user, password))

    def authenticate(self, mechanism: str, answer: Callable[[bytes], bytes]) -> None:
        self.sent.append(("AUTHENTICATE", mechanism, answer(b"").decode()))


@pytest.mark.parametrize(
    ("user", "password", "sent"),
    [
        ("office", "secret", ("LOGIN", "office", "secret")),
        ("office@example.cn", "a b", ("LOGIN", "office@example.cn", "a b")),
        ("a b", "x", ("LOGIN", '"a b"', "x")),
        ('a"b\\', "x", ("LOGIN", '"a\\"b\\\\"', "x")),
        ("张三", "x", ("AUTHENTICATE", "PLAIN", "\0张三\0x")),
        ("office", "密码", ("AUTHENTICATE", "PLAIN", "\0office\0密码")),
    ],
)
def test_what_a_login_sends(user: str, password: str, sent: tuple[str, ...]) -> None:
    conn = Conn("AUTH=PLAIN")
    assert login(conn, user, password) is None  # type: ignore[arg-type]
    assert conn.sent == [sent]


@pytest.mark.parametrize(
    ("user", "password", "capabilities", "reason"),
    [
        ("a\r\nX", "x", ("AUTH=PLAIN",), "a line break"),
        ("office", "se\ncret", ("AUTH=PLAIN",), "a line break"),
        ("office", "x\0", ("AUTH=PLAIN",), "a line break"),
        ("张三", "x", (), "no AUTH=PLAIN"),
    ],
)
def test_what_cannot_be_sent_is_said_and_not_sent(
    user: str, password: str, capabilities: tuple[str, ...], reason: str
) -> None:
    conn = Conn(*capabilities)
    why: Any = login(conn, user, password)  # type: ignore[arg-type]
    assert reason in why.en and why.zh.isascii() is False
    assert conn.sent == []


@pytest.mark.parametrize(
    ("option", "value", "code"),
    [
        ("--user", "张三", "login failed"),
        ("password", "密码", "login failed"),
        ("--user", "a\r\nX", "a line break"),
        ("--folder", "a\r\nb", "a line break"),
        ("--folder", "a\0b", "a line break"),
    ],
)
def test_a_user_password_or_folder_the_wire_cannot_take_is_a_usage_error(
    option: str,
    value: str,
    code: str,
    dovecot: Dovecot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A user or password that is not ASCII was an internal error (exit 3);
    a line break in a folder's name was sent, and split the message."""
    given = {"--user": dovecot.user, "--folder": "INBOX", option: value}
    monkeypatch.setenv(PASSWORD_ENV, value if option == "password" else dovecot.password)
    argv = ["fetch-mail", "--host", dovecot.host, "--port", str(dovecot.tls_port)]
    argv += ["--user", given["--user"], "--folder", given["--folder"], "-o", str(tmp_path / "m")]
    argv += ["--password-env", PASSWORD_ENV, "--cafile", str(dovecot.cafile), "--lang", "en"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.rstrip().splitlines()) == 1, err
    assert err.rstrip().endswith("[cli.usage]") and code in err, err
    assert not (tmp_path / "m").exists()
