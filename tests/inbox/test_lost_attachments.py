"""An e-mail folder whose one attachment is an archive that could not be
opened (broken, empty, nested too deep, a 7z): the mail did bring an
attachment, its unit is the manifest's, and the check fails."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Final

import pytest

from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox
from reform_brand.safeopen import MAX_ARCHIVE_DEPTH
from tests.inbox import docx_edit as E
from tests.inbox.archives import utf8_zip
from tests.inbox.conftest import NOW, application_data
from tests.mail.mails import CST, mail, named, received_at

FOLDER = "2022-08-18 滨州市科协"


def _archive(edition: Edition, how: str) -> tuple[str, bytes]:
    """The unit's form and scan, zipped as ``how`` says."""
    data = application_data(applicant_unit="滨州市科协")
    files = [
        ("申报表.docx", E.filled(edition, "application", data)),
        ("申报表.pdf", E.minimal_pdf(["scan"])),
    ]
    whole = utf8_zip(files)
    if how == "broken":
        return "材料.zip", whole[: len(whole) // 2]
    if how == "empty":
        return "材料.zip", utf8_zip([])
    if how == "7z":
        return "材料.7z", b"7z\xbc\xaf\x27\x1c" + bytes(64)
    for n in range(MAX_ARCHIVE_DEPTH):  # "deep": the form one level too far
        whole = utf8_zip([(f"第{n}层.zip", whole)])
    return "材料.zip", whole


@pytest.mark.parametrize("how", ["broken", "empty", "deep", "7z"])
def test_an_archive_that_cannot_be_opened_is_an_attachment_of_its_unit(
    edition: Edition, tmp_path: Path, how: str
) -> None:
    """The e-mail brought the archive: no ``mail.no-attachments``; the
    archive's finding names the unit of the e-mail's manifest in the
    report, as the roster does; and it is an error, so that a unit whose
    form never came out of its archive fails the check."""
    mail = tmp_path / "inbox" / FOLDER
    mail.mkdir(parents=True)
    manifest = {
        "arrived_at": "2022-08-18T09:05:00+08:00",
        "unit": {"name": "滨州市科协", "kind": "city-association"},
    }
    (mail / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    name, data = _archive(edition, how)
    (mail / name).write_bytes(data)
    _said_of_the_archive(check_inbox(edition, tmp_path / "inbox", now=NOW), how)


@pytest.mark.parametrize("how", ["broken", "empty", "deep", "7z", "winmail"])
def test_an_archive_a_mail_brought_that_cannot_be_opened_is_its_attachment(
    edition: Edition, tmp_path: Path, how: str
) -> None:
    """The same archive attached to a mail (an .eml in the inbox): the mail
    brought an attachment, no ``mail.no-attachments``."""
    if how == "winmail":  # an Outlook winmail.dat cut short
        name, data, ctype = "winmail.dat", b"\x78\x9f\x3e\x22" + bytes(40), "application/ms-tnef"
    else:
        name, data = _archive(edition, how)
        ctype = "application/octet-stream"
    raw = mail(
        sender="bzkx@example.cn",
        sender_name="滨州市科协",
        received=[received_at(dt.datetime(2022, 8, 18, 9, 5, tzinfo=CST))],
        parts=[named(name, data, ctype)],
    )
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "滨州.eml").write_bytes(raw)
    _said_of_the_archive(check_inbox(edition, tmp_path / "inbox", now=NOW), how)


#: What an archive that cannot be opened is, by how it is broken.
_UNOPENED: Final = {
    "broken": "inbox.unreadable",
    "empty": "inbox.archive-empty",
    "deep": "inbox.archive-too-deep",
    "7z": "inbox.archive-unsupported",
    "winmail": "inbox.tnef-unreadable",
}


def _said_of_the_archive(report: InboxReport, how: str) -> None:
    """No submission, no ``mail.no-attachments``, and one error of the
    sending unit that says what is wrong with its archive."""
    assert report.submissions == ()
    found = [(f.code, f.severity, f.unit) for f in report.batch.findings]
    assert "mail.no-attachments" not in [code for code, _s, _u in found]
    [(code, severity, unit)] = [x for x in found if x[0].startswith("inbox.")]
    assert (code, severity, unit) == (_UNOPENED[how], "error", "滨州市科协")
    assert not report.ok
