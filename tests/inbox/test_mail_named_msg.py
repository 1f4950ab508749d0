"""A mail saved as text (what an .eml holds) under a .msg name, as some
mail programs and webmails save one: read as the .eml it is, in an inbox
and given alone, not refused as an Outlook file that is damaged."""

from __future__ import annotations

import hashlib
from pathlib import Path

from reform_brand.model import Edition
from reform_brand.office import check_inbox
from reform_brand.office._mail_source import read_mail_source
from tests.inbox.conftest import NOW
from tests.inbox.test_msg import _zibo_mail


def test_a_mail_saved_as_text_named_msg_is_read_in_an_inbox(
    edition: Edition, tmp_path: Path
) -> None:
    (tmp_path / "淄博市科协.msg").write_bytes(_zibo_mail(edition))
    (tmp_path / "坏.msg").write_bytes(b"not a mail at all\r\n")
    report = check_inbox(edition, tmp_path, now=NOW)
    (sub,) = report.submissions
    assert sub.unit == "淄博市科协"
    assert sub.word.startswith("淄博市科协.msg!/2022-08-17-zbkx-")
    assert sub.on_time is True
    ledger = {f.path: (f.status, f.role, f.code) for f in report.files}
    assert ledger["淄博市科协.msg"] == ("used", "mailbox", "")
    # A file that is neither an Outlook mail nor a mail saved as text is
    # still refused as before.
    assert ledger["坏.msg"][2] == "inbox.msg-unreadable"


def test_a_mail_saved_as_text_named_msg_is_read_given_alone(
    edition: Edition, tmp_path: Path
) -> None:
    path = tmp_path / "淄博市科协.msg"
    path.write_bytes(_zibo_mail(edition))
    source = read_mail_source(path)
    (d,) = source.deliveries
    assert (d.readable, d.sender) == (True, "zbkx@example.cn")
    assert sorted(a.name for a in d.attachments) == [
        "淄博市科协申报表.docx",
        "淄博市科协申报表.pdf",
    ]
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
