"""fetch-mail against a real IMAP server (Dovecot, started by tests/mail/conftest.py)."""

from __future__ import annotations

import datetime as dt
import imaplib
import json
import os
import re
from pathlib import Path

import attrs
import pytest

from reform_brand import Edition
from reform_brand.cli import main
from reform_brand.office import _mail_imap
from reform_brand.office._mail_source import read_mail_source
from reform_brand.office._mail_units import folder_name, mail_folder, write_mail_folder
from tests.conftest import REPO
from tests.mail.conftest import imap
from tests.mail.dovecot import Dovecot
from tests.mail.mails import CST, PDF, a_zip, attachment, forward, mail, named, received_at

DEMO = REPO / "plugins" / "reform_brand_shandong_2022" / "demo_inbox"
PASSWORD_ENV = "REFORM_BRAND_TEST_IMAP_PASSWORD"
NOW = "2022-08-22T09:00:00+08:00"


def at(day: int, hour: int, minute: int, second: int) -> dt.datetime:
    return dt.datetime(2022, 8, day, hour, minute, second, tzinfo=CST)


def demo(unit_folder: str, name: str) -> bytes:
    return (DEMO / unit_folder / name).read_bytes()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def scenario() -> list[tuple[str, bytes, dt.datetime]]:
    """The mails of a realistic inbox, each with the server's reception time."""
    zibo = mail(
        sender="zbkx@example.cn",
        sender_name="淄博市科协",
        # The sender's clock and a relay's stamp say otherwise: the server's time wins.
        date=at(17, 9, 0, 0),
        received=[received_at(at(17, 9, 0, 30), by="relay.example.cn")],
        parts=[
            named(
                "淄博市科协申报表.docx",
                demo("2022-08-17 淄博市科协", "淄博市科协申报表.docx"),
                DOCX,
            ),
            named(
                "淄博市科协申报表.pdf",
                demo("2022-08-17 淄博市科协", "淄博市科协申报表.pdf"),
                "application/pdf",
            ),
        ],
        message_id="zibo",
    )
    weifang = mail(
        sender="wfkx@example.cn",
        sender_name="潍坊市科协",
        date=at(20, 23, 58, 0),
        parts=[
            named(
                "潍坊市科协申报表.docx",
                demo("2022-08-22 潍坊市科协", "潍坊市科协申报表.docx"),
                DOCX,
            ),
            named(
                "潍坊市科协申报表.pdf",
                demo("2022-08-22 潍坊市科协", "潍坊市科协申报表.pdf"),
                "application/pdf",
            ),
        ],
        message_id="weifang",
    )
    dezhou = [
        mail(
            sender="dzkx@example.cn",
            sender_name="德州市科协",
            subject=subject,
            parts=[
                attachment(
                    'Content-Disposition: attachment; filename="'
                    + "德州市科协申报表.pdf".encode("gbk").decode("ascii", "surrogateescape")
                    + '"',
                    PDF,
                    "application/pdf",
                )
            ],
            message_id=f"dezhou.{n}",
        )
        for n, subject in enumerate(("申报材料", "申报材料（重发）"))
    ]
    jinan = mail(
        sender="jnkx@example.cn",
        parts=[named("济南市科协.zip", a_zip(**{"申报表.pdf": PDF}), "application/zip")],
        message_id="jinan",
    )
    qingdao = mail(
        sender="qdkx@example.cn", parts=[named("青岛市科协申报表.pdf", PDF)], message_id="qd"
    )
    broken = (
        b"From: nobody@example.net\r\nSubject: broken\r\nMessage-ID: <broken@test>\r\n"
        b"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
        b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0x=====\r\n"
    )
    return [
        ("zibo", zibo, at(17, 15, 48, 12)),
        ("weifang", weifang, at(21, 0, 0, 1)),
        ("dezhou.0", dezhou[0], at(18, 11, 0, 0)),
        ("dezhou.1", dezhou[1], at(19, 16, 20, 45)),
        ("jinan", jinan, at(15, 8, 1, 2)),
        ("forward.1", forward(qingdao), at(18, 9, 30, 0)),
        ("broken", broken, at(19, 10, 0, 0)),
    ]


def deliver(server: Dovecot, folder: str, mails: list[tuple[str, bytes, dt.datetime]]) -> None:
    with imap(server) as client:
        for _, raw, when in mails:
            typ, data = client.append(folder, None, imaplib.Time2Internaldate(when), raw)
            assert typ == "OK", data


def server_view(server: Dovecot, folder: str) -> list[bytes]:
    """UIDs, flags and INTERNALDATEs of the folder, and its status."""
    with imap(server) as client:
        typ, status = client.status(folder, "(MESSAGES UNSEEN UIDNEXT UIDVALIDITY)")
        assert typ == "OK"
        client.select(folder, readonly=True)
        typ, data = client.uid("FETCH", "1:*", "(FLAGS INTERNALDATE)")
        return [*status, *(d for d in data if isinstance(d, bytes))]


def fetch(server: Dovecot, folder: str, out: Path, *extra: str, port: int | None = None) -> int:
    return main(
        [
            "--lang",
            "en",
            "fetch-mail",
            "--host",
            server.host,
            "--port",
            str(port or server.tls_port),
            "--user",
            server.user,
            "--folder",
            folder,
            "-o",
            str(out),
            "--cafile",
            str(server.cafile),
            "--password-env",
            PASSWORD_ENV,
            *extra,
        ]
    )


@pytest.fixture(autouse=True)
def _password(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, dovecot.password)


def saved(out: Path) -> list[Path]:
    return sorted((out / "cur").glob("*.eml"))


def test_fetch_keeps_reception_times_and_changes_nothing(
    dovecot: Dovecot, folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mails = scenario()
    deliver(dovecot, folder, mails)
    before = server_view(dovecot, folder)
    out = tmp_path / "mail"

    assert fetch(dovecot, folder, out) == 0
    said = capsys.readouterr()
    assert re.search(r"fetched 7 new mail\(s\)", said.out)
    assert len(saved(out)) == 7
    # Each mail saved is said on standard error as it is written (not with --json).
    assert len(re.findall(r"^saved .+\.eml$", said.err, re.M)) == 7

    source = read_mail_source(out)
    assert source.kind == "maildir"
    got = {d.message_id.strip("<>").split("@")[0]: d for d in source.deliveries}
    assert set(got) == {m[0] for m in mails}
    for key, _, when in mails:
        d = got[key]
        assert d.arrival_from == "received"
        assert d.arrived_at == when  # exact to the second, with its zone
        assert d.arrived_at is not None and d.arrived_at.utcoffset() is not None
    assert [a.name for a in got["zibo"].attachments] == [
        "淄博市科协申报表.docx",
        "淄博市科协申报表.pdf",
    ]
    assert [a.name for a in got["dezhou.1"].attachments] == ["德州市科协申报表.pdf"]
    assert [(a.name, a.content_type) for a in got["jinan"].attachments] == [
        ("济南市科协.zip", "application/zip")
    ]
    assert [(a.name, a.forward) for a in got["forward.1"].attachments] == [
        ("青岛市科协申报表.pdf", "2")
    ]
    assert "mail.mime-defect" in [f.code for f in got["broken"].findings]

    # A second run fetches nothing new.
    assert fetch(dovecot, folder, out) == 0
    assert re.search(r"fetched 0 new mail\(s\)", capsys.readouterr().out)
    assert len(saved(out)) == 7
    # Nothing on the server changed: same messages, flags, dates, status.
    assert server_view(dovecot, folder) == before

    # A new mail is fetched alone.
    deliver(dovecot, folder, [("late", mail(sender="late@example.cn"), at(22, 8, 0, 0))])
    assert fetch(dovecot, folder, out) == 0
    assert re.search(r"fetched 1 new mail\(s\)", capsys.readouterr().out)
    assert len(saved(out)) == 8


def test_interrupted_fetch_resumes_without_duplicates(
    dovecot: Dovecot, folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deliver(dovecot, folder, scenario())
    out = tmp_path / "mail"
    real = _mail_imap._save_state
    calls = []

    def interrupted(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            # After the third message file is written, before the state advances.
            raise KeyboardInterrupt
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_mail_imap, "_save_state", interrupted)
    assert fetch(dovecot, folder, out) == 130
    assert len(saved(out)) == 3
    assert json.loads((out / _mail_imap.STATE_NAME).read_text())["last_uid"] == 2

    monkeypatch.setattr(_mail_imap, "_save_state", real)
    assert fetch(dovecot, folder, out) == 0
    files = saved(out)
    assert len(files) == 7
    ids = [d.message_id for d in read_mail_source(out).deliveries]
    assert len(ids) == len(set(ids)) == 7
    assert not [p for p in (out / "cur").iterdir() if p.suffix != ".eml"]


def test_limit_fetches_in_steps(dovecot: Dovecot, folder: str, tmp_path: Path) -> None:
    deliver(dovecot, folder, scenario()[:3])
    out = tmp_path / "mail"
    assert fetch(dovecot, folder, out, "--limit", "2") == 0
    assert len(saved(out)) == 2
    assert fetch(dovecot, folder, out, "--limit", "2") == 0
    assert [p.name.split("-")[1] for p in saved(out)] == ["1.eml", "2.eml", "3.eml"]


def test_mails_flagged_deleted_are_not_fetched(
    dovecot: Dovecot, folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deliver(dovecot, folder, scenario()[:3])
    with imap(dovecot) as client:
        client.select(folder)
        typ, data = client.uid("STORE", "2", "+FLAGS.SILENT", "(\\Deleted)")
        assert typ == "OK", data
    before = server_view(dovecot, folder)
    out = tmp_path / "mail"
    assert fetch(dovecot, folder, out) == 0
    said = capsys.readouterr().out
    assert re.search(r"fetched 2 new mail\(s\)", said)
    assert re.search(r"\b1 more mail\(s\) are flagged deleted", said)
    assert [p.name.split("-")[1] for p in saved(out)] == ["1.eml", "3.eml"]
    assert server_view(dovecot, folder) == before  # still there, still flagged


def test_json_says_what_was_fetched_and_passed_over(
    dovecot: Dovecot, folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deliver(dovecot, folder, scenario()[:3])
    with imap(dovecot) as client:
        client.select(folder)
        typ, data = client.uid("STORE", "2", "+FLAGS.SILENT", "(\\Deleted)")
        assert typ == "OK", data
    out = tmp_path / "mail"
    capsys.readouterr()
    assert fetch(dovecot, folder, out, "--json") == 0
    said = capsys.readouterr()
    got = json.loads(said.out)
    # For a program: the JSON alone on standard output, and nothing on
    # standard error (no line for each mail saved) when nothing failed.
    assert said.err == ""
    assert (got["ok"], got["fetched"], got["deleted"], got["exists"]) == (True, 2, 1, 3)
    assert [f.split("-")[1] for f in got["files"]] == ["1.eml", "3.eml"]
    assert got["account"]["user"] == dovecot.user and dovecot.password not in json.dumps(got)
    assert got["state"]["last_uid"] == 3 and Path(got["state"]["file"]).is_file()


def test_starttls(dovecot: Dovecot, folder: str, tmp_path: Path) -> None:
    deliver(dovecot, folder, scenario()[:1])
    out = tmp_path / "mail"
    assert fetch(dovecot, folder, out, "--starttls", port=dovecot.starttls_port) == 0
    assert len(saved(out)) == 1


def test_fetch_then_check_judges_the_deadline_by_the_server_time(
    dovecot: Dovecot,
    folder: str,
    tmp_path: Path,
    edition: Edition,
    capsys: pytest.CaptureFixture[str],
) -> None:
    deliver(dovecot, folder, scenario())
    out = tmp_path / "mail"
    assert fetch(dovecot, folder, out) == 0
    capsys.readouterr()
    boxes = {"淄博市科协": ("zbkx@example.cn",), "潍坊市科协": ("wfkx@example.cn",)}
    mailed = attrs.evolve(
        edition,
        roster=tuple(attrs.evolve(u, mailboxes=boxes.get(u.name, ())) for u in edition.roster),
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n, delivery in enumerate(read_mail_source(out).deliveries, 1):
        folder_ = mail_folder(mailed, delivery)
        if folder_.unit in boxes:
            write_mail_folder(folder_, inbox / folder_name(folder_, n))
    main(["check", "shandong-2022", str(inbox), "--json", "--now", NOW])
    report = json.loads(capsys.readouterr().out)
    codes = {s["unit"]: {f["code"] for f in s["findings"]} for s in report["submissions"]}
    assert set(codes) == {"淄博市科协", "潍坊市科协"}
    # 8月21日 00:00:01 by the server's clock, although the sender's Date: says 8月20日 23:58.
    assert "deadline.late" in codes["潍坊市科协"]
    assert "deadline.late" not in codes["淄博市科协"]
    assert "deadline.arrival-unknown" not in codes["淄博市科协"]


# -- errors: exit code 2 with a message, never a traceback ------------------------------


def _usage_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "[cli.usage]" in err
    return err


def test_wrong_password(
    dovecot: Dovecot,
    folder: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    assert fetch(dovecot, folder, tmp_path / "m") == 2
    assert "login failed" in _usage_error(capsys)


def test_certificate_is_verified(
    dovecot: Dovecot, folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["fetch-mail", "--host", dovecot.host, "--port", str(dovecot.tls_port)]
    args += ["--user", dovecot.user, "-o", str(tmp_path / "m"), "--password-env", PASSWORD_ENV]
    assert main(["--lang", "en", *args]) == 2
    assert "TLS failed" in _usage_error(capsys)


def test_unknown_folder(
    dovecot: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fetch(dovecot, "NoSuchFolder", tmp_path / "m") == 2
    assert "cannot open the folder" in _usage_error(capsys)


def test_output_of_another_folder_is_refused(
    dovecot: Dovecot, folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m"
    assert fetch(dovecot, folder, out) == 0
    assert fetch(dovecot, "INBOX", out) == 2
    assert "another account or folder" in _usage_error(capsys)


def test_inbox_in_another_case_is_the_same_folder(
    dovecot: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """INBOX is the same folder in any case (RFC 3501), so its output folder
    is fetched into again, not refused as another folder's."""
    out = tmp_path / "m"
    assert fetch(dovecot, "INBOX", out) == 0
    assert fetch(dovecot, "inbox", out) == 0
    assert fetch(dovecot, "Inbox", out) == 0
    assert "[cli.usage]" not in capsys.readouterr().err


def test_password_from_a_prompt(
    dovecot: Dovecot, folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return dovecot.password

    monkeypatch.setattr("getpass.getpass", prompt)
    args = ["fetch-mail", "--host", dovecot.host, "--port", str(dovecot.tls_port)]
    args += ["--user", dovecot.user, "--folder", folder, "-o", str(tmp_path / "m")]
    assert main([*args, "--cafile", str(dovecot.cafile)]) == 0
    assert asked == [f"{dovecot.user}@{dovecot.host} 的密码："]


@pytest.mark.parametrize("kind", ["fifo", "device", "large"])
def test_a_state_file_that_cannot_be_ours_is_no_state(kind: str, tmp_path: Path) -> None:
    """A state file that is a named pipe was waited on for ever, and one
    that is a link to /dev/zero read into memory until the process was
    killed, before the server was even asked: each is unreadable, as a
    broken one is (everything is fetched again)."""
    state = tmp_path / _mail_imap.STATE_NAME
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes")
        os.mkfifo(state)
    elif kind == "device":
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero")
        state.symlink_to("/dev/zero")
    else:
        state.write_text(json.dumps({"version": 1, "pad": "x" * (1 << 17)}), encoding="utf-8")
    assert _mail_imap.load_state(tmp_path) is None
