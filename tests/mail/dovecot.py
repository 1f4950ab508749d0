"""A throw-away Dovecot IMAP server for the tests, on 127.0.0.1 only.

Its whole configuration lives in a temporary folder (it never reads
/etc/dovecot): one user from a passwd-file, mail in a Maildir under the
folder, a self-signed certificate for 127.0.0.1 and ``localhost`` made with
``openssl``, implicit TLS (``imaps``) and STARTTLS (``imap``) on free high
ports.  ``.ci/run`` installs it from Debian's ``dovecot-imapd``.
"""

from __future__ import annotations

import getpass
import grp
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from attrs import frozen

USER = "office"
PASSWORD = "throw-away-secret"


@frozen(kw_only=True)
class Dovecot:
    root: Path
    host: str
    tls_port: int
    starttls_port: int
    cafile: Path
    user: str
    password: str


def dovecot_binary() -> str | None:
    for candidate in (shutil.which("dovecot"), "/usr/sbin/dovecot"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _certificate(root: Path) -> tuple[Path, Path]:
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _accounts() -> tuple[str, str, str, int, int]:
    """Internal user, its group, login user, and the mail uid and gid.

    Run as root, Dovecot wants its own unprivileged users (the package makes
    ``dovecot`` and ``dovenull``); run as anyone else, everything runs as them."""
    if os.getuid() == 0:
        internal = pwd.getpwnam("dovecot")
        return (
            "dovecot",
            grp.getgrgid(internal.pw_gid).gr_name,
            "dovenull",
            internal.pw_uid,
            internal.pw_gid,
        )
    me = getpass.getuser()
    return me, grp.getgrgid(os.getgid()).gr_name, me, os.getuid(), os.getgid()


def _config(root: Path, tls_port: int, starttls_port: int, cert: Path, key: Path) -> Path:
    me, group, login, uid, gid = _accounts()
    for sub in ("mail", "home"):
        os.chown(root / sub, uid, gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    (root / "passwd").chmod(0o644)
    conf = root / "dovecot.conf"
    conf.write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = yes
auth_mechanisms = plain
default_internal_user = {me}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""
    )
    return conf


def _wait(port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


@contextmanager
def running_dovecot(root: Path) -> Iterator[Dovecot]:
    """Start a Dovecot of its own under ``root`` (a new folder whose parents
    its unprivileged processes can pass through); stopped on exit."""
    binary = dovecot_binary()
    if binary is None:
        raise RuntimeError("dovecot is not installed")
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir(parents=True)
    cert, key = _certificate(root)
    tls_port, starttls_port = _free_port(), _free_port()
    conf = _config(root, tls_port, starttls_port, cert, key)
    log = (root / "stderr.log").open("wb")
    server = subprocess.Popen(
        [binary, "-F", "-c", str(conf)], stdin=subprocess.DEVNULL, stdout=log, stderr=log
    )
    try:
        started = _wait(tls_port, time.monotonic() + 20) and _wait(
            starttls_port, time.monotonic() + 5
        )
        if not started:
            raise RuntimeError(f"dovecot did not start; see {root}")
        yield Dovecot(
            root=root,
            host="127.0.0.1",
            tls_port=tls_port,
            starttls_port=starttls_port,
            cafile=cert,
            user=USER,
            password=PASSWORD,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def describe(server: Dovecot) -> dict[str, object]:
    """The server as JSON, for ``REFORM_BRAND_TEST_IMAP``."""
    return {
        "root": str(server.root),
        "host": server.host,
        "tls_port": server.tls_port,
        "starttls_port": server.starttls_port,
        "cafile": str(server.cafile),
        "user": server.user,
        "password": server.password,
    }


def from_description(data: dict[str, object]) -> Dovecot:
    return Dovecot(
        root=Path(str(data["root"])),
        host=str(data["host"]),
        tls_port=int(str(data["tls_port"])),
        starttls_port=int(str(data["starttls_port"])),
        cafile=Path(str(data["cafile"])),
        user=str(data["user"]),
        password=str(data["password"]),
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.mail.dovecot DIR --while PID``: start a server under
    DIR (a new folder), print its description as JSON on one line, and stop
    it when the process PID (the CI script) has ended.  ``.ci/run`` starts
    the tests' server this way and passes it on in ``REFORM_BRAND_TEST_IMAP``."""
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(prog="python -m tests.mail.dovecot")
    parser.add_argument("dir", type=Path)
    parser.add_argument("--while", dest="pid", type=int, required=True)
    args = parser.parse_args(argv)
    with running_dovecot(args.dir) as server:
        sys.stdout.write(json.dumps(describe(server)) + "\n")
        sys.stdout.flush()
        while _alive(args.pid):
            time.sleep(1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
