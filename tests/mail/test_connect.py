"""fetch_mail's connection step: a timeout the socket layer refuses is a
connection error, ``FetchError("connect")``, never another exception; no
server is needed."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from reform_brand.office._mail_imap import FetchError, ImapAccount, fetch_mail
from tests.mail.test_cli import closed_port


@pytest.mark.parametrize("security", ["tls", "starttls"])
@pytest.mark.parametrize(
    "changed",
    [
        {"timeout": -1.0},
        {"timeout": 0.0},
        {"timeout": math.nan},
        {"timeout": math.inf},
        {"timeout": 1e300},
    ],
    ids=repr,
)
def test_what_the_socket_layer_refuses_is_a_connection_error(
    changed: dict[str, object], security: str, tmp_path: Path
) -> None:
    account = {"host": "127.0.0.1", "port": closed_port(), "user": "u", "password": "x"}
    account |= {"security": security, **changed}
    with pytest.raises(FetchError) as caught:
        fetch_mail(ImapAccount(**account), tmp_path / "m")  # type: ignore[arg-type]
    assert caught.value.kind == "connect"
