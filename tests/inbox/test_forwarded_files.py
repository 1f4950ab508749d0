"""A mail forwarded as a file (an .eml or an Outlook .msg attached to a
mail) is received when the forwarding mail arrived, as a mail forwarded as
a ``message/rfc822`` part is: the office received it then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from reform_brand.codes._info import Localized
from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox, check_mail
from tests.inbox.conftest import NOW
from tests.inbox.test_msg import _msg, _zibo_mail
from tests.inbox.wrapped import ON_TIME
from tests.mail.mails import CST, mail, named, received_at

#: The colleague forwarded 淄博市科协's mail (received on time) after the deadline.
LATE = dt.datetime(2022, 8, 21, 9, 0, tzinfo=CST)


def _forwarding(edition: Edition, how: str) -> bytes:
    if how == "rfc822":
        inner = _zibo_mail(edition)
        part: tuple[Sequence[str], bytes] = (
            ["Content-Type: message/rfc822", "Content-Disposition: inline"],
            inner,
        )
    elif how == "eml":
        part = named("淄博市科协的邮件.eml", _zibo_mail(edition))
    else:
        part = named("淄博市科协的邮件.msg", _msg(edition), "application/vnd.ms-outlook")
    return mail(
        sender="office2@example.org",
        sender_name="转发人",
        subject="转发：改革品牌项目申报材料",
        received=[received_at(LATE)],
        parts=[part],
        message_id=f"forward-{how}",
    )


def _judged(report: InboxReport) -> tuple[str | None, bool | None, bool]:
    (sub,) = report.submissions
    assert sub.unit == "淄博市科协"
    late = "deadline.late" in report.report_of(sub.id).codes()
    return sub.arrived_at, sub.on_time, late


@pytest.mark.parametrize("how", ["rfc822", "eml", "msg"])
def test_a_forwarded_mail_is_received_when_the_forwarding_mail_arrived(
    edition: Edition, tmp_path: Path, how: str
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "转发.eml").write_bytes(_forwarding(edition, how))
    expected = (LATE.isoformat(), False, True)
    assert _judged(check_inbox(edition, inbox, now=NOW)) == expected
    found, report = check_mail(edition, inbox / "转发.eml", now=NOW)
    try:
        assert _judged(report) == expected
    finally:
        found.close()
    if how != "rfc822":
        # The forwarded mail's own arrival is said, as a message/rfc822's is.
        sent = [
            dt.datetime.fromisoformat(str(f.params["sent"]))
            for f in report.all_findings()
            if f.code == "mail.forwarded" and f.params["sender"] == "zbkx@example.cn"
        ]
        assert sent == [ON_TIME]
        # Said as the file it was forwarded as, not as a numbered part.
        [note] = [f for f in report.all_findings() if f.code == "mail.forwarded"]
        name = f"淄博市科协的邮件.{how}"
        where = Localized(zh=f"附件 {name}", en=f"the attachment {name}")
        assert (note.params["part"], note.params["where"]) == (name, where)
        assert f"（附件 {name}，原发件人" in note.message("zh")
