"""A mail the mailbox keeps as deleted (Thunderbird before compacting, a D
in Status or X-Status, a trashed Maildir file) is no received mail: it is
a ledger row and an info finding with ``mail.deleted``, never a
submission, and never the mail a live one is a copy of."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.office._mail_flags import maildir_flags
from reform_brand.office._mail_source import read_mail_source
from tests.mail.test_copies import LATE, NOW, ON_TIME, _mbox, _zibo


def _flagged(received: object, *headers: bytes, message_id: str = "zibo-1") -> bytes:
    raw = _zibo(received, message_id=message_id)  # type: ignore[arg-type]
    head, sep, body = raw.partition(b"\r\n\r\n")
    return b"\r\n".join([head, *headers]) + sep + body


@pytest.mark.parametrize(
    "headers",
    [
        (b"X-Mozilla-Status: 0009",),
        (b"X-Mozilla-Status: 0001", b"X-Mozilla-Status2: 00200000"),
        (b"Status: RO", b"X-Status: D"),
        (b"Status: D",),
    ],
)
def test_a_mail_marked_deleted_in_an_mbox_is_left_out(
    tmp_path: Path, headers: tuple[bytes, ...]
) -> None:
    src = read_mail_source(_mbox(tmp_path, _flagged(ON_TIME, *headers)))
    [d] = src.deliveries
    assert d.deleted and d.left_out and d.attachments == ()
    [entry] = d.ledger
    assert (entry.role, entry.status, entry.code) == ("mail", "ignored", "mail.deleted")
    [note] = d.findings
    assert note.code == "mail.deleted" and note.severity == "info"
    assert note.params["sender"] == "zbkx@example.cn"
    assert note.params["date"] == ON_TIME.isoformat()


@pytest.mark.parametrize(
    "headers",
    [
        (b"X-Mozilla-Status: 0001", b"X-Mozilla-Status2: 00000000"),
        (b"X-Mozilla-Status: zzzz",),
        (b"Status: RO", b"X-Status: AF"),
        # The mailbox's own header is the first one; a later one is the mail's.
        (b"X-Mozilla-Status: 0001", b"X-Mozilla-Status: 0009"),
    ],
)
def test_a_live_mail_stays(tmp_path: Path, headers: tuple[bytes, ...]) -> None:
    [d] = read_mail_source(_mbox(tmp_path, _flagged(ON_TIME, *headers))).deliveries
    assert not d.deleted and not d.left_out and len(d.attachments) == 2


def test_a_deleted_mail_is_no_first_of_its_live_copy(tmp_path: Path) -> None:
    deleted = _flagged(ON_TIME, b"X-Mozilla-Status: 0009")
    first, live = read_mail_source(_mbox(tmp_path, deleted, _zibo(LATE))).deliveries
    assert first.deleted and first.copy_of == ""
    assert not live.left_out and len(live.attachments) == 2


def test_a_saved_eml_is_not_read_as_deleted(tmp_path: Path) -> None:
    path = tmp_path / "a.eml"
    path.write_bytes(_flagged(ON_TIME, b"X-Mozilla-Status: 0009"))
    [d] = read_mail_source(path).deliveries
    assert not d.deleted


def test_a_trashed_maildir_mail_is_left_out(tmp_path: Path) -> None:
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "cur" / "1.host:2,ST").write_bytes(_zibo(ON_TIME, message_id="a"))
    (box / "cur" / "2.host:2,S").write_bytes(_zibo(LATE, message_id="b"))
    gone, kept = read_mail_source(box).deliveries
    assert (gone.source, gone.deleted, gone.ledger[0].code) == (
        "Maildir/1.host",
        True,
        "mail.deleted",
    )
    assert (kept.source, kept.deleted) == ("Maildir/2.host", False)


@pytest.mark.parametrize("sep", ["!", ";"])
def test_a_trashed_maildir_mail_written_on_windows_is_left_out(tmp_path: Path, sep: str) -> None:
    # Windows allows no colon in a file name: its Maildir writers put the
    # info after "!" or ";".
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "cur" / f"1.host{sep}2,ST").write_bytes(_zibo(ON_TIME, message_id="a"))
    (box / "cur" / f"2.host{sep}2,S").write_bytes(_zibo(LATE, message_id="b"))
    gone, kept = read_mail_source(box).deliveries
    assert (gone.deleted, gone.ledger[0].code) == (True, "mail.deleted")
    assert not kept.deleted
    # Named without the flags, as the same mails written with ":2," are.
    assert (gone.source, kept.source) == ("Maildir/1.host", "Maildir/2.host")


@pytest.mark.parametrize("sep", [":", "!", ";"])
def test_a_maildir_mail_is_named_without_its_flags_in_the_ledger_and_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sep: str
) -> None:
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "cur" / f"1.host{sep}2,S").write_bytes(b"not a mail at all\r\n")
    (box / "cur" / f"2.host{sep}2,RS").write_bytes(_zibo(ON_TIME, message_id="a"))
    (box / "new" / "3.host").write_bytes(_zibo(LATE, message_id="b"))
    # The same mail twice, its flags all that tells the files apart: each keeps its name.
    if sep != ":":
        (box / "cur" / f"4.host{sep}2,S").write_bytes(_zibo(LATE, message_id="c"))
        (box / "cur" / f"4.host{sep}2,RS").write_bytes(_zibo(LATE, message_id="c"))
    got = [d.source for d in read_mail_source(box).deliveries]
    want = ["Maildir/1.host", "Maildir/2.host", "Maildir/3.host"]
    if sep != ":":
        want += [f"Maildir/4.host{sep}2,RS", f"Maildir/4.host{sep}2,S"]
    assert got == want
    out = tmp_path / "out"
    main(["check", "shandong-2022", str(box), "--json", "--now", NOW, "--report", str(out)])
    report = json.loads(capsys.readouterr().out)
    paths = [f["path"] for f in report["inbox"]["files"]]
    assert "Maildir/1.host/" in paths  # the unreadable mail, by its name
    assert not [p for p in paths if "2,S" in p and not p.startswith("Maildir/4.host")]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Maildir/2.host" in html and f"2.host{sep}2," not in html


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("1.host:2,ST", "ST"),
        ("1.host!2,ST", "ST"),
        ("1.host;2,FRS", "FRS"),
        ("1.host", ""),
        ("1.host!2", ""),
        ("1.host:1,T", ""),
    ],
)
def test_maildir_flags_after_any_separator(name: str, flags: str) -> None:
    assert maildir_flags(name) == flags


@pytest.mark.parametrize("in_inbox", [False, True])
def test_a_deleted_mail_is_no_submission(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], in_inbox: bool
) -> None:
    where = tmp_path / "inbox" if in_inbox else tmp_path
    where.mkdir(exist_ok=True)
    path = _mbox(where, _flagged(ON_TIME, b"X-Mozilla-Status: 0009"), _zibo(LATE, "zibo-2"))
    main(["check", "shandong-2022", str(where if in_inbox else path), "--json", "--now", NOW])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    report = json.loads(out.out)
    [sub] = report["inbox"]["submissions"]
    assert sub["arrived_at"] == LATE.isoformat()
    assert "mail.deleted" in {f["code"] for f in report["findings"]}
    rows = [f for f in report["inbox"]["files"] if f["code"] == "mail.deleted"]
    assert [(r["kind"], r["status"]) for r in rows] == [("mail", "ignored")]


def test_the_report_says_a_mail_was_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _mbox(tmp_path, _flagged(ON_TIME, b"Status: RO", b"X-Status: D"), _zibo(LATE, "zibo-2"))
    out = tmp_path / "out"
    main(["check", "shandong-2022", str(path), "--now", NOW, "--report", str(out)])
    assert "Traceback" not in capsys.readouterr().err
    html = (out / "report.html").read_text(encoding="utf-8")
    heads = [part.split("</h3>")[0] for part in html.split('<section class="mail"')[1:]]
    assert ["已删除的邮件" in h for h in heads] == [True, False]
