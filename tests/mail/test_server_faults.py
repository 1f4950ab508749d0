"""A server that misbehaves — drops the connection, sends a reply that does
not parse, never answers — is a ``FetchError`` of the kind that says what
happened, and a usage error (exit 2) of the command, never an internal
error; no server is needed (the IMAP client is replaced by a fake)."""

from __future__ import annotations

import imaplib
import json
import ssl
from pathlib import Path
from typing import Any

import pytest

from reform_brand.cli import main
from reform_brand.codes._info import Localized
from reform_brand.i18n import render
from reform_brand.office._mail_imap import FetchError, ImapAccount, fetch_mail

GOOD_HEAD = b'1 (UID 1 INTERNALDATE "20-Aug-2022 23:59:59 +0800" BODY[] {19}'
BODY = b"Subject: x\r\n\r\nhi\r\n"


class FakeImap:
    """An IMAP client whose server answers as told."""

    def __init__(
        self,
        *,
        login: BaseException | None = None,
        search: bytes = b"1",
        head: bytes = GOOD_HEAD,
        fetch: BaseException | None = None,
        deleted: bytes = b"",
        tail: bytes = b")",
    ) -> None:
        self.login_error, self.search, self.head, self.fetch_error = login, search, head, fetch
        #: What the server sends after the message's literal.
        self.tail = tail
        #: The UIDs flagged \Deleted (``search`` are the others).
        self.deleted = deleted

    def login(self, user: str, password: str) -> tuple[str, list[bytes]]:
        if self.login_error is not None:
            raise self.login_error
        return "OK", [b"logged in"]

    def select(self, name: str, readonly: bool = False) -> tuple[str, list[bytes]]:
        return "OK", [b"1"]

    def response(self, code: str) -> tuple[str, list[bytes]]:
        return code, [b"7"]

    def uid(self, command: str, *args: str) -> tuple[str, list[Any]]:
        if command == "SEARCH":
            return "OK", [self.deleted if args[-1] == "DELETED" else self.search]
        if self.fetch_error is not None:
            raise self.fetch_error
        return "OK", [(self.head, BODY), self.tail]

    def logout(self) -> tuple[str, list[bytes]]:
        return "BYE", []


def serve(monkeypatch: pytest.MonkeyPatch, made: FakeImap | BaseException) -> None:
    def connect(*args: object, **kwargs: object) -> FakeImap:
        if isinstance(made, BaseException):
            raise made
        return made

    monkeypatch.setattr("reform_brand.office._mail_imap.imaplib.IMAP4_SSL", connect)


def account() -> ImapAccount:
    return ImapAccount(host="127.0.0.1", port=993, user="u", password="x", timeout=5)


FAULTS: dict[str, tuple[FakeImap | BaseException, str]] = {
    "greeting dropped": (
        imaplib.IMAP4.abort("command: CAPABILITY => socket error: EOF"),
        "connect",
    ),
    "login dropped": (FakeImap(login=imaplib.IMAP4.abort("LOGIN => socket error: EOF")), "connect"),
    "fetch dropped": (FakeImap(fetch=imaplib.IMAP4.abort("UID => socket error: EOF")), "connect"),
    "no answer": (TimeoutError("timed out"), "connect"),
    "no answer to a fetch": (FakeImap(fetch=TimeoutError("timed out")), "connect"),
    "internaldate": (FakeImap(head=GOOD_HEAD.replace(b"20-Aug", b"32-Aug")), "protocol"),
    "uid": (FakeImap(search=b"1 two"), "protocol"),
    "wrong password": (FakeImap(login=imaplib.IMAP4.error(b"[AUTHENTICATIONFAILED] no")), "auth"),
}


@pytest.mark.parametrize("name", FAULTS)
def test_a_misbehaving_server_is_a_fetch_error_of_its_kind(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    made, kind = FAULTS[name]
    serve(monkeypatch, made)
    with pytest.raises(FetchError) as caught:
        fetch_mail(account(), tmp_path / "m")
    assert caught.value.kind == kind
    detail = caught.value.detail
    if kind == "connect":  # said in each language, Python's text kept as the value
        reason = detail if isinstance(detail, Localized) else None
        assert reason is not None and reason.value
        assert "Error" not in reason.zh and "socket" not in reason.zh
    assert "b'" not in str(detail)


@pytest.mark.parametrize("name", FAULTS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_says_so_with_exit_2(
    name: str,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(monkeypatch, FAULTS[name][0])
    monkeypatch.setenv("RB_PW", "x")
    args = ["--host", "127.0.0.1", "--user", "u", "--password-env", "RB_PW"]
    assert main(["--lang", lang, "fetch-mail", *args, "-o", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert "[cli.usage]" in err and "Traceback" not in err


def test_a_certificate_that_is_not_verified_is_said_in_each_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    refused = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] ...")
    refused.verify_code, refused.verify_message = 18, "self-signed certificate"
    serve(monkeypatch, refused)
    with pytest.raises(FetchError) as caught:
        fetch_mail(account(), tmp_path / "m")
    assert caught.value.kind == "tls"
    detail = caught.value.detail
    assert isinstance(detail, Localized) and "SSL" not in detail.zh
    assert detail.value == str(refused)


def test_mails_flagged_deleted_are_not_fetched_and_counted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(monkeypatch, FakeImap(search=b"1", deleted=b"2 3"))
    result = fetch_mail(account(), tmp_path / "m")
    assert (result.fetched, result.deleted) == (("cur/7-1.eml",), 2)
    monkeypatch.setenv("RB_PW", "x")
    args = ["--host", "127.0.0.1", "--user", "u", "--password-env", "RB_PW"]
    assert main(["--lang", "en", "fetch-mail", *args, "-o", str(tmp_path / "n")]) == 0
    assert "2 more mail(s) are flagged deleted" in capsys.readouterr().out


def test_a_reception_time_sent_after_the_message_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """RFC 3501 fixes no order of a FETCH reply's items: a server may send
    INTERNALDATE after the message's literal, which imaplib gives as the
    item after it."""
    head = b"1 (UID 1 BODY[] {19}"
    tail = b' INTERNALDATE "20-Aug-2022 23:59:59 +0800")'
    serve(monkeypatch, FakeImap(head=head, tail=tail))
    result = fetch_mail(account(), tmp_path / "m")
    assert result.fetched == ("cur/7-1.eml",)
    saved = (tmp_path / "m" / "cur" / "7-1.eml").read_bytes()
    assert saved.endswith(BODY)
    assert b"UID 1); Sat, 20 Aug 2022 23:59:59 +0800\r\n" in saved


def test_a_reception_time_on_a_leap_second_is_read_as_its_last_second(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An INTERNALDATE of 23:59:60 (a leap second) is the second before, as
    a mail's own dates are read: no datetime holds it, and the whole fetch
    stopped on it with a protocol error."""
    head = b'1 (UID 1 INTERNALDATE "31-Dec-2016 23:59:60 +0000" BODY[] {19}'
    serve(monkeypatch, FakeImap(head=head))
    assert fetch_mail(account(), tmp_path / "m").fetched == ("cur/7-1.eml",)
    saved = (tmp_path / "m" / "cur" / "7-1.eml").read_bytes()
    assert b"UID 1); Sat, 31 Dec 2016 23:59:59 +0000\r\n" in saved


class SplitReplyImap(FakeImap):
    """A server that sends a message's INTERNALDATE in a FETCH reply of its
    own, before the one with the message, among another message's flags."""

    def uid(self, command: str, *args: str) -> tuple[str, list[Any]]:
        if command != "FETCH":
            return super().uid(command, *args)
        return "OK", [
            b"5 (FLAGS (\\Seen))",
            b'1 (UID 1 INTERNALDATE "20-Aug-2022 23:59:59 +0800")',
            (b"1 (UID 1 BODY[] {19}", BODY),
            b")",
        ]


def test_a_reception_time_sent_in_a_reply_of_its_own_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    serve(monkeypatch, SplitReplyImap())
    assert fetch_mail(account(), tmp_path / "m").fetched == ("cur/7-1.eml",)
    saved = (tmp_path / "m" / "cur" / "7-1.eml").read_bytes()
    assert b"UID 1); Sat, 20 Aug 2022 23:59:59 +0800\r\n" in saved


class ExpungingImap(FakeImap):
    """A server on which UID 2 is expunged (by a mail client, meanwhile)
    after the search found it: its fetch brings nothing of it, or only
    another message's new flags."""

    def __init__(self, gone: list[Any]) -> None:
        super().__init__(search=b"1 2 3")
        self.gone = gone

    def uid(self, command: str, *args: str) -> tuple[str, list[Any]]:
        if command == "FETCH" and args[0] == "2":
            return "OK", self.gone
        if command == "FETCH":
            head = GOOD_HEAD.replace(b"UID 1", b"UID " + args[0].encode())
            return "OK", [(head, BODY), b")"]
        return super().uid(command, *args)


@pytest.mark.parametrize("gone", [[None], [b"7 (FLAGS (\\Seen \\Deleted))"]])
def test_a_mail_expunged_before_its_fetch_is_passed_over(
    gone: list[Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    serve(monkeypatch, ExpungingImap(gone))
    result = fetch_mail(account(), tmp_path / "m")
    assert (result.fetched, result.last_uid, result.deleted) == (
        ("cur/7-1.eml", "cur/7-3.eml"),
        3,
        1,
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_mail_expunged_meanwhile_is_said_apart_from_flagged_ones(
    lang: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = ExpungingImap([None])
    made.deleted = b"4"
    serve(monkeypatch, made)
    result = fetch_mail(account(), tmp_path / "m")
    assert (result.deleted, result.expunged) == (2, 1)
    monkeypatch.setenv("RB_PW", "x")
    code, got, _ = _fetch_json(tmp_path / "j", capsys)
    assert (code, got["deleted"], got["expunged"]) == (0, 2, 1)
    args = ["--host", "127.0.0.1", "--user", "u", "--password-env", "RB_PW"]
    assert main(["--lang", lang, "fetch-mail", *args, "-o", str(tmp_path / "n")]) == 0
    expunged = render("cli.mail.expunged", {"n": 1}, lang)
    said = capsys.readouterr().out.splitlines()[1:]  # (after the count of those fetched)
    assert said == [render("cli.mail.deleted", {"n": 1}, lang), expunged]
    serve(monkeypatch, ExpungingImap([None]))  # (none flagged: the one expunged alone)
    assert main(["--lang", lang, "fetch-mail", *args, "-o", str(tmp_path / "o")]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [expunged]


def test_a_reply_about_the_mail_without_it_is_a_protocol_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    serve(monkeypatch, ExpungingImap([b'2 (UID 2 INTERNALDATE "20-Aug-2022 23:59:59 +0800")']))
    with pytest.raises(FetchError) as caught:
        fetch_mail(account(), tmp_path / "m")
    assert caught.value.kind == "protocol"


@pytest.mark.parametrize("nothing", [b"NIL", b'""'])
def test_a_mail_the_server_sends_empty_is_counted_and_the_others_fetched(
    nothing: bytes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty = [b'2 (UID 2 INTERNALDATE "20-Aug-2022 23:59:59 +0800" BODY[] ' + nothing + b")"]
    serve(monkeypatch, ExpungingImap(empty))
    result = fetch_mail(account(), tmp_path / "m")
    assert (result.fetched, result.last_uid, result.deleted, result.empty) == (
        ("cur/7-1.eml", "cur/7-3.eml"),
        3,
        0,
        1,
    )
    assert not (tmp_path / "m" / "cur" / "7-2.eml").exists()
    monkeypatch.setenv("RB_PW", "x")
    code, got, _ = _fetch_json(tmp_path / "j", capsys)
    assert (code, got["fetched"], got["empty"], got["deleted"]) == (0, 2, 1, 0)
    for lang in ("zh", "en"):
        args = ["--host", "127.0.0.1", "--user", "u", "--password-env", "RB_PW"]
        out = tmp_path / lang
        assert main(["--lang", lang, "fetch-mail", *args, "-o", str(out)]) == 0
        said = capsys.readouterr().out
        assert render("cli.mail.empty", {"n": 1}, lang) in said


@pytest.mark.parametrize("literal", [b"", b"\r\n", b"\r\n\r\n"])
def test_a_mail_sent_as_an_empty_literal_is_counted_as_empty(
    literal: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``BODY[] {0}`` (or a literal of blank lines) is the empty message
    ``BODY[] NIL`` is: saved, it would be a mail of the ``Received:`` header
    alone, from no one, with nothing attached."""
    head = b'2 (UID 2 INTERNALDATE "20-Aug-2022 23:59:59 +0800" BODY[] {%d}' % len(literal)
    serve(monkeypatch, ExpungingImap([(head, literal), b")"]))
    result = fetch_mail(account(), tmp_path / "m")
    assert (result.fetched, result.last_uid, result.deleted, result.empty) == (
        ("cur/7-1.eml", "cur/7-3.eml"),
        3,
        0,
        1,
    )
    assert not (tmp_path / "m" / "cur" / "7-2.eml").exists()


# -- fetch-mail --json ------------------------------------------------------------------


def _fetch_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, Any, str]:
    args = ["--host", "127.0.0.1", "--user", "u", "--password-env", "RB_PW", "--json"]
    code = main(["--lang", "en", "fetch-mail", *args, "-o", str(tmp_path / "m"), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out), err


def test_json_says_what_was_fetched(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(monkeypatch, FakeImap(search=b"1", deleted=b"2 3"))
    monkeypatch.setenv("RB_PW", "s3cret-pw")
    code, got, _ = _fetch_json(tmp_path, capsys)
    assert code == 0
    assert got["ok"] is True
    assert got["account"] == {
        "host": "127.0.0.1",
        "port": 993,
        "user": "u",
        "folder": "INBOX",
        "security": "tls",
    }
    assert (got["fetched"], got["files"], got["exists"], got["deleted"], got["reset"]) == (
        1,
        ["cur/7-1.eml"],
        1,
        2,
        False,
    )
    assert got["output"] == str(tmp_path / "m")
    state = got["state"]
    assert (state["uidvalidity"], state["last_uid"]) == (7, 1)
    assert json.loads(Path(state["file"]).read_text("utf-8"))["last_uid"] == 1
    assert (tmp_path / "m" / got["files"][0]).is_file()
    assert "s3cret-pw" not in json.dumps(got)


def test_json_of_a_second_run_fetches_nothing_new(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(monkeypatch, FakeImap(search=b"1"))
    monkeypatch.setenv("RB_PW", "x")
    assert _fetch_json(tmp_path, capsys)[0] == 0
    code, got, _ = _fetch_json(tmp_path, capsys)
    assert (code, got["fetched"], got["files"], got["state"]["last_uid"]) == (0, 0, [], 1)


@pytest.mark.parametrize("name", FAULTS)
def test_json_of_a_failure_has_exit_2_and_its_kind(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made, kind = FAULTS[name]
    serve(monkeypatch, made)
    monkeypatch.setenv("RB_PW", "x")
    code, got, err = _fetch_json(tmp_path, capsys)
    assert code == 2 and "[cli.usage]" in err
    assert got["ok"] is False
    assert (got["error"]["code"], got["error"]["kind"]) == ("cli.usage", kind)
    assert got["error"]["message"]


@pytest.mark.parametrize(
    ("env", "extra"), [({}, ()), ({"RB_PW": "x"}, ("--limit", "0"))], ids=["no-password", "limit"]
)
def test_json_of_a_usage_error(
    env: dict[str, str],
    extra: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("RB_PW", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, got, err = _fetch_json(tmp_path, capsys, *extra)
    assert code == 2 and "[cli.usage]" in err
    assert (got["ok"], got["error"]["code"], got["error"]["kind"]) == (False, "cli.usage", "usage")


def test_json_of_another_account_s_folder_is_a_state_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(monkeypatch, FakeImap(search=b"1"))
    monkeypatch.setenv("RB_PW", "x")
    assert _fetch_json(tmp_path, capsys)[0] == 0
    args = ["--host", "127.0.0.1", "--user", "other", "--password-env", "RB_PW", "--json"]
    assert main(["fetch-mail", *args, "-o", str(tmp_path / "m")]) == 2
    got = json.loads(capsys.readouterr().out)
    assert got["error"]["kind"] == "state"
