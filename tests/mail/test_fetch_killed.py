"""A fetch-mail run killed by SIGKILL while it writes a mail or its state
leaves no file a check reads as a mail, and the next run removes what it
left; the file a run still going is writing is never removed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reform_brand.office import _mail_imap
from reform_brand.office._mail_source import read_mail_source
from tests.mail.dovecot import Dovecot
from tests.mail.test_fetch import PASSWORD_ENV, deliver, fetch, saved, scenario
from tests.stuck import killed, started

#: A fetch-mail run (its arguments after the first two) that stops for good
#: at its ``argv[1]``-th fsync: of the first mail (1), of the state after
#: it (2); saying so by the file ``argv[2]``.
_STUCK = """
import os, pathlib, sys, time
from reform_brand.cli import main
ready, calls = pathlib.Path(sys.argv[2]), []
real = os.fsync
def stuck(fd):
    calls.append(fd)
    if len(calls) == int(sys.argv[1]):
        ready.write_text("")
        while True:
            time.sleep(60)
    real(fd)
os.fsync = stuck
main(sys.argv[3:])
"""


def _args(server: Dovecot, folder: str, out: Path) -> list[str]:
    return [
        *("fetch-mail", "--host", server.host, "--port", str(server.tls_port)),
        *("--user", server.user, "--folder", folder, "-o", str(out)),
        *("--cafile", str(server.cafile), "--password-env", PASSWORD_ENV),
    ]


def _left(out: Path) -> list[str]:
    """The temporary files in the output (its own and its Maildir's folders)."""
    return sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.suffix == ".tmp"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
@pytest.mark.parametrize(("nth", "where"), [(1, "tmp/.1"), (2, "..reform-brand-fetch.json.")])
def test_a_file_a_killed_fetch_was_writing_is_no_mail_and_is_removed(
    dovecot: Dovecot,
    folder: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    nth: int,
    where: str,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, dovecot.password)
    deliver(dovecot, folder, scenario()[:2])
    out, ready = tmp_path / "mail", tmp_path / "ready"
    proc = started(
        [sys.executable, "-c", _STUCK, str(nth), str(ready), *_args(dovecot, folder, out)], ready
    )
    try:
        (left,) = _left(out)
        assert left.startswith(where)
        # A run going on meanwhile (here refused by the server): its file is left to it.
        monkeypatch.setenv(PASSWORD_ENV, "not the password")
        assert fetch(dovecot, folder, out) == 2
        assert _left(out) == [left]
    finally:
        killed(proc)
    # What the killed run was writing is read as no mail...
    assert len(read_mail_source(out).deliveries) == nth - 1
    # ... and the next run removes it, and fetches every mail once.
    monkeypatch.setenv(PASSWORD_ENV, dovecot.password)
    assert fetch(dovecot, folder, out) == 0
    assert _left(out) == []
    assert len(saved(out)) == 2
    assert len(read_mail_source(out).deliveries) == 2
    assert (out / _mail_imap.STATE_NAME).is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_a_mail_an_earlier_version_left_half_written_in_cur_is_removed(
    dovecot: Dovecot, folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Earlier versions wrote a mail's temporary file in ``cur/``, where a
    check reads it as a mail: the next run removes one nobody holds."""
    out = tmp_path / "mail"
    (out / "cur").mkdir(parents=True)
    left = out / "cur" / ".1660000000-7.eml.abcd1234.tmp"
    left.write_bytes(b"From: a@example.cn\r\nSubject: half\r\n\r\nhal")
    mine = out / "cur" / "1660000000-7.eml"  # (a mail's own file is kept)
    mine.write_bytes(b"From: a@example.cn\r\nSubject: whole\r\n\r\nwhole\r\n")
    monkeypatch.setenv(PASSWORD_ENV, "not the password")
    assert fetch(dovecot, folder, out) == 2
    assert sorted(p.name for p in (out / "cur").iterdir()) == [mine.name]
