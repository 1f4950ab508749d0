"""The IMAP server of the mail tests: a Dovecot of their own (tests/mail/dovecot.py)."""

from __future__ import annotations

import imaplib
import itertools
import json
import os
import shutil
import ssl
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.mail.dovecot import Dovecot, dovecot_binary, from_description, running_dovecot

_FOLDERS = itertools.count(1)


#: A server already running (``.ci/run`` starts one): the file with its
#: description (tests/mail/dovecot.py, ``describe``).
SERVER_ENV = "REFORM_BRAND_TEST_IMAP"


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """The Dovecot that ``.ci/run`` started, or one of our own on 127.0.0.1;
    skips only when none was started and dovecot is not installed."""
    described = os.environ.get(SERVER_ENV)
    if described:
        yield from_description(json.loads(Path(described).read_text("utf-8")))
        return
    if dovecot_binary() is None:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)")
    base = Path(tempfile.mkdtemp(prefix="reform-brand-dovecot-"))
    # Dovecot's unprivileged processes must pass through to their files.
    base.chmod(0o711)
    try:
        with running_dovecot(base / "server") as server:
            yield server
    finally:
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def imap(server: Dovecot) -> Iterator[imaplib.IMAP4_SSL]:
    """A logged-in client of the test server (for delivering and looking)."""
    context = ssl.create_default_context(cafile=str(server.cafile))
    client = imaplib.IMAP4_SSL(server.host, server.tls_port, ssl_context=context)
    try:
        client.login(server.user, server.password)
        yield client
    finally:
        client.logout()


@pytest.fixture
def folder(dovecot: Dovecot) -> str:
    """A new, empty folder on the server for one test."""
    name = f"Test{next(_FOLDERS)}"
    with imap(dovecot) as client:
        typ, data = client.create(name)
        assert typ == "OK", data
    return name
