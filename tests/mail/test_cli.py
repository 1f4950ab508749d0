"""fetch-mail's usage errors, which need no server: exit code 2, no traceback."""

from __future__ import annotations

import getpass
import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from reform_brand.cli import COMMANDS, main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--lang", "en", "fetch-mail", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def base(tmp_path: Path, port: int) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(port), "--user", "u", "-o", str(tmp_path / "m")]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_registered() -> None:
    assert COMMANDS["fetch-mail"] == "reform_brand.cli._mail"


def test_password_is_never_an_argument(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, *base(tmp_path, 993), "--password", "secret")
    assert code == 2
    assert "--password" in err


def test_password_env_unset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RB_NO_SUCH_VAR", raising=False)
    code, err = run(capsys, *base(tmp_path, 993), "--password-env", "RB_NO_SUCH_VAR")
    assert code == 2
    assert "RB_NO_SUCH_VAR" in err and "[cli.usage]" in err


def test_connection_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RB_PW", "x")
    code, err = run(capsys, *base(tmp_path, closed_port()), "--password-env", "RB_PW")
    assert code == 2
    assert "cannot connect" in err and "[cli.usage]" in err


def test_bad_cafile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RB_PW", "x")
    args = [*base(tmp_path, closed_port()), "--password-env", "RB_PW"]
    code, err = run(capsys, *args, "--cafile", str(tmp_path / "none.pem"))
    assert code == 2
    assert "cannot read the CA certificate --cafile names" in err
    assert err.rstrip().endswith(f"{tmp_path / 'none.pem'}: no such file or folder [cli.usage]")
    not_a_cert = tmp_path / "cert.pem"
    not_a_cert.write_text("not a certificate\n", encoding="utf-8")
    code, err = run(capsys, *args, "--cafile", str(not_a_cert))
    assert code == 2
    assert err.rstrip().endswith(f"{not_a_cert}: not a usable CA certificate (PEM) [cli.usage]")


def test_a_cafile_that_is_no_regular_file_is_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named pipe given as --cafile was waited on for ever (until a writer
    came), a device read as it is."""
    import threading

    monkeypatch.setenv("RB_PW", "x")
    pipe = tmp_path / "ca.pem"
    os.mkfifo(pipe)

    def writer() -> None:  # (so that a read of the pipe ends, as a test must)
        with open(pipe, "wb"):
            pass

    threading.Thread(target=writer, daemon=True).start()
    args = [*base(tmp_path, closed_port()), "--password-env", "RB_PW"]
    for cafile in (str(pipe), os.devnull):
        code, err = run(capsys, *args, "--cafile", cafile)
        assert code == 2
        assert err.rstrip().endswith(f"{cafile}: not a regular file [cli.usage]"), err
    with open(pipe, "rb"):  # (the writer, still waiting: let it end)
        pass


def test_why_a_connection_failed_is_said_in_the_message_s_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system's reasons (a refused connection, a host name no name
    service knows) in Chinese, not Python's "[Errno 111] ..."."""
    monkeypatch.setenv("RB_PW", "x")
    port = closed_port()
    args = ["fetch-mail", *base(tmp_path, port), "--password-env", "RB_PW"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"无法连接 IMAP 服务器：127.0.0.1:{port}：服务器拒绝连接" in err and "Errno" not in err
    unknown = ["--host", "no-such-host.invalid", "--timeout", "5"]
    assert main([*args, *unknown]) == 2
    err = capsys.readouterr().err
    assert "no-such-host.invalid:" in err and "Errno" not in err
    assert "服务器名称" in err, err


def test_tls_and_starttls_exclude_each_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(capsys, *base(tmp_path, 993), "--tls", "--starttls")
    assert code == 2


def test_limit_must_be_positive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RB_PW", "x")
    code, err = run(capsys, *base(tmp_path, 993), "--password-env", "RB_PW", "--limit", "0")
    assert code == 2
    assert "--limit" in err


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "-inf", "1e300", "86401", "x"])
def test_timeout_must_be_seconds_above_zero_and_at_most_a_day(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RB_PW", "x")
    args = [*base(tmp_path, closed_port()), "--password-env", "RB_PW", f"--timeout={value}"]
    code, err = run(capsys, *args)
    assert code == 2
    assert "--timeout" in err and err.rstrip().endswith("[cli.usage]")
    # Refused as the arguments are read: nothing was written.
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("value", ["0.5", "86400"])
def test_timeout_within_bounds_is_taken(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RB_PW", "x")
    args = [*base(tmp_path, closed_port()), "--password-env", "RB_PW", "--timeout", value]
    code, err = run(capsys, *args)
    assert code == 2
    assert "cannot connect" in err and "[cli.usage]" in err


@pytest.mark.parametrize("value", ["0", "-1", "65536", "70000", "x"])
def test_port_must_be_from_1_to_65535(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RB_PW", "x")
    args = ["--host", "127.0.0.1", f"--port={value}", "--user", "u", "-o", str(tmp_path / "m")]
    code, err = run(capsys, *args, "--password-env", "RB_PW")
    assert code == 2
    assert "--port" in err and err.rstrip().endswith("[cli.usage]")
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    ("given", "host"),
    [("[::1]", "::1"), ("::1", "::1"), ("[fe80::1%eth0]", "fe80::1%eth0"), ("imap.cn", "imap.cn")],
)
def test_an_ipv6_address_is_taken_in_brackets_too(given: str, host: str) -> None:
    """``[::1]``, as a URL writes it, was looked up as a name not known."""
    from reform_brand.cli import build_parser

    argv = ["fetch-mail", "--host", given, "--user", "u", "-o", "m"]
    assert build_parser("en", "fetch-mail").parse_args(argv).host == host


@pytest.mark.parametrize("host", ["imap.example.cn:993", "127.0.0.1:993", "[::1]:993", "[1.2.3.4]"])
def test_a_port_written_into_the_host_is_a_usage_error(
    host: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The port is --port: imap.example.cn:993 was looked up as a name."""
    code, err = run(capsys, "--host", host, "--user", "u", "-o", str(tmp_path / "m"))
    assert code == 2
    assert err.rstrip().endswith(f"the port is given with --port), not '{host}' [cli.usage]"), err
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    "host",
    ["bad host..name", "a" * 64 + ".example.org", ".example.org", "", " imap.example.org"],
)
def test_host_the_socket_layer_cannot_encode_is_a_usage_error(
    host: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RB_PW", "x")
    args = [f"--host={host}", "--user", "u", "-o", str(tmp_path / "m"), "--password-env", "RB_PW"]
    code, err = run(capsys, *args)
    assert code == 2
    assert "--host" in err and err.rstrip().endswith("[cli.usage]")
    assert not (tmp_path / "m").exists()


def test_host_in_chinese_is_taken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An internationalised name passes the check; looking it up fails here
    # (no network), which is the connection error of any unknown host.
    monkeypatch.setenv("RB_PW", "x")
    args = ["--host", "邮件.例子.invalid", "--user", "u", "-o", str(tmp_path / "m")]
    code, err = run(capsys, *args, "--password-env", "RB_PW", "--timeout", "5")
    assert code == 2
    assert "cannot connect" in err and "[cli.usage]" in err


def test_no_terminal_for_the_password_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What getpass does when neither /dev/tty nor standard input is a terminal
    # (fallback_getpass, which typeshed leaves out: it is not documented).
    monkeypatch.setattr("getpass.getpass", vars(getpass)["fallback_getpass"])
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, err = run(capsys, *base(tmp_path, closed_port()))
    assert code == 2
    assert err.rstrip().endswith("[cli.usage]") and err.count("\n") == 1
    assert "GetPassWarning" not in err and "--password-env" in err


@pytest.mark.skipif(not hasattr(os, "setsid"), reason="a process without a terminal: POSIX")
def test_no_terminal_in_a_real_process(tmp_path: Path) -> None:
    """A process of its own session (no /dev/tty), standard input /dev/null."""
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    env.pop("RB_PW", None)
    cmd = [sys.executable, "-m", "reform_brand", "--lang", "en", "fetch-mail"]
    cmd += base(tmp_path, closed_port())
    done = subprocess.run(
        cmd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        start_new_session=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [done.stderr.strip()]
    assert done.stderr.rstrip().endswith("[cli.usage]")
    assert "GetPassWarning" not in done.stderr and "getpass.py" not in done.stderr
    assert not (tmp_path / "m").exists()
