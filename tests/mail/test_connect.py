"""fetch_mail's connection step: what the socket layer refuses (a host name,
a port, a timeout) is a connection error, ``FetchError("connect")``, never
another exception; no server is needed."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from reform_brand.office._mail_imap import FetchError, ImapAccount, fetch_mail
from tests.mail.test_cli import closed_port


@pytest.mark.parametrize("security", ["tls", "starttls"])
@pytest.mark.parametrize(
    "changed",
    [
        {"host": "bad host..name"},
        {"host": "a" * 64 + ".example.org"},
        {"host": "\udcff.example.org"},  # an undecodable byte of the command line
        {"port": 0},
        {"port": 70000},  # taken for 70000 % 65536 by the socket layer
        {"port": -1},
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


@pytest.mark.parametrize(
    ("changed", "held"),
    [
        ({"port": 143, "security": "starttls"}, "office@127.0.0.1:993 INBOX"),
        ({"folder": "改革品牌申报"}, "office@127.0.0.1:993 INBOX"),
        ({"user": "other"}, "office@127.0.0.1:993 INBOX"),
    ],
    ids=["port", "folder", "user"],
)
def test_a_folder_of_another_account_names_the_one_it_holds(
    changed: dict[str, object], held: str, tmp_path: Path
) -> None:
    """Refused before any connection, naming the port and folder the output
    holds: the same user at the same host on another port (TLS, then
    STARTTLS) is not the account the folder was filled from."""
    out = tmp_path / "m"
    out.mkdir()
    state = {"version": 1, "host": "127.0.0.1", "port": 993, "user": "office", "folder": "INBOX"}
    (out / ".reform-brand-fetch.json").write_text(
        json.dumps(state | {"uidvalidity": 1, "last_uid": 1}), encoding="utf-8"
    )
    account = {"host": "127.0.0.1", "port": 993, "user": "office", "password": "x"}
    with pytest.raises(FetchError) as caught:
        fetch_mail(ImapAccount(**(account | changed)), out)  # type: ignore[arg-type]
    assert (caught.value.kind, caught.value.detail) == ("state", f"{out}: {held}")


@pytest.mark.parametrize("existing", [False, True], ids=["new", "inbox"])
def test_a_fetch_that_fails_leaves_no_empty_maildir_behind(existing: bool, tmp_path: Path) -> None:
    """A refused connection leaves the output as it was: no empty ``cur``,
    ``new`` and ``tmp``, which would make a folder of received files read
    as an empty Maildir, and nothing of a new output folder."""
    out = tmp_path / "收件箱"
    if existing:
        (out / "2022-08-15 济南市科协").mkdir(parents=True)
        (out / "2022-08-15 济南市科协" / "申报表.docx").write_bytes(b"PK")
    account = ImapAccount(host="127.0.0.1", port=closed_port(), user="u", password="x")
    with pytest.raises(FetchError) as caught:
        fetch_mail(account, out)
    assert caught.value.kind == "connect"
    if existing:
        assert sorted(p.name for p in out.iterdir()) == ["2022-08-15 济南市科协"]
    else:
        assert not out.exists()
