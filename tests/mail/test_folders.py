"""Folder names beyond ASCII: IMAP's modified UTF-7 (RFC 3501, 5.1.3), and
fetch-mail reading a folder named in Chinese on the real Dovecot."""

from __future__ import annotations

import datetime as dt
import imaplib
import itertools
import json
import re
from pathlib import Path

import pytest

from reform_brand.office._mail_imap import (
    STATE_NAME,
    decode_folder,
    encode_folder,
    wire_folder,
)
from tests.mail.conftest import imap
from tests.mail.dovecot import Dovecot
from tests.mail.mails import CST, mail
from tests.mail.test_fetch import PASSWORD_ENV, fetch, saved

_NAMES = itertools.count(1)


@pytest.mark.parametrize(
    ("name", "wire"),
    [
        ("INBOX", "INBOX"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),  # RFC 3501's example
        ("改革品牌申报", "&ZTmXaVTBckx1M2Kl-"),
        ("Tom & Jerry", "Tom &- Jerry"),
        ("Entwürfe", "Entw&APw-rfe"),
        ("2022 申报/济南", "2022 &dTNipQ-/&bU5TVw-"),
        ("😀", "&2D3eAA-"),  # outside the BMP: a surrogate pair
    ],
)
def test_names_are_written_in_modified_utf7(name: str, wire: str) -> None:
    assert encode_folder(name) == wire
    assert decode_folder(wire) == name
    assert wire_folder(name) == wire
    # A name already as the server lists it (with an encoded run) is sent
    # as it is; "Tom &- Jerry" is taken as a name of its own.
    if re.search("&[^-]", wire):
        assert wire_folder(wire) == wire


@pytest.mark.parametrize(
    "wire",
    [
        "a&b",  # a lone &
        "&ZTm",  # a run left open
        "&U,BTFw",  # no closing -
        "&AGE-",  # ASCII (a) must not be encoded
        "&ZTmX*-",  # not base64
        "改革",  # not ASCII at all
    ],
)
def test_names_that_are_not_modified_utf7_are_refused(wire: str) -> None:
    with pytest.raises(ValueError, match="not modified UTF-7"):
        decode_folder(wire)


def test_a_folder_named_in_chinese_is_fetched(
    dovecot: Dovecot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, dovecot.password)
    name = f"改革品牌申报{next(_NAMES)}"
    wire = encode_folder(name)
    when = dt.datetime(2022, 8, 19, 10, 30, 5, tzinfo=CST)
    with imap(dovecot) as client:
        # Dovecot refuses a name that is not valid modified UTF-7.
        typ, data = client.create(wire)
        assert typ == "OK", data
        typ, listed = client.list('""', f'"{wire}"')
        assert typ == "OK" and listed[0] is not None
        line = listed[0]
        assert isinstance(line, bytes)
        listed_name = line.rsplit(b" ", 1)[-1].strip(b'"').decode("ascii")
        assert listed_name == wire
        assert decode_folder(listed_name) == name
        raw = mail(sender="jnkx@example.cn", message_id="chinese-folder")
        typ, data = client.append(wire, None, imaplib.Time2Internaldate(when), raw)
        assert typ == "OK", data

    out = tmp_path / "mail"
    assert fetch(dovecot, name, out) == 0
    assert re.search(r"fetched 1 new mail\(s\)", capsys.readouterr().out)
    assert len(saved(out)) == 1
    state = json.loads((out / STATE_NAME).read_text("utf-8"))
    assert name in json.dumps(state, ensure_ascii=False)
    # The same folder named as the server lists it: the same state, nothing new.
    assert fetch(dovecot, wire, out) == 0
    assert re.search(r"fetched 0 new mail\(s\)", capsys.readouterr().out)
    assert len(saved(out)) == 1
    # Nothing on the server changed: the mail is still unseen.
    with imap(dovecot) as client:
        typ, status = client.status(wire, "(MESSAGES UNSEEN)")
        assert typ == "OK" and b"MESSAGES 1" in status[0] and b"UNSEEN 1" in status[0]
