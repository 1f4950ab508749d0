"""Senders to units, and a delivery as an e-mail folder of the intake."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
from pathlib import Path

import attrs
import pytest

from reform_brand import Edition
from reform_brand.errors import EditionDataError
from reform_brand.loader import load_edition
from reform_brand.names import RosterIndex
from reform_brand.office._mail import parse_mail
from reform_brand.office._mail_units import (
    folder_name,
    mail_folder,
    mailbox_index,
    senders_known,
    unit_of,
    write_mail_folder,
)
from tests.conftest import REFERENCE_DATA
from tests.finding_params import localized, texts
from tests.mail.mails import CST, PDF, Part, gbk_word, mail, named, received_at

WHEN = dt.datetime(2022, 8, 18, 10, 30, 5, tzinfo=CST)


@pytest.fixture
def mailed(edition: Edition) -> Edition:
    """The reference edition with mailboxes: 济南 mails from two addresses."""
    boxes = {
        "济南市科协": ("jnkx@example.cn", "JiNan.Office@Example.org"),
        "青岛市科协": ("qdkx@example.cn",),
    }
    roster = tuple(attrs.evolve(u, mailboxes=boxes.get(u.name, ())) for u in edition.roster)
    return attrs.evolve(edition, roster=roster)


def test_two_addresses_one_unit(mailed: Edition) -> None:
    a = parse_mail(mail(sender="jnkx@example.cn", subject="材料"), "a.eml")
    b = parse_mail(mail(sender="jinan.office@example.ORG", subject="补充材料"), "b.eml")
    assert [unit_of(mailed, d).unit for d in (a, b)] == ["济南市科协", "济南市科协"]
    assert {unit_of(mailed, d).how for d in (a, b)} == {"mailbox"}
    assert unit_of(mailed, a).findings == ()
    assert mailbox_index(mailed)["jinan.office@example.org"] == "济南市科协"


@pytest.mark.parametrize(
    ("subject", "sender_name", "unit", "how"),
    [
        ("淄博市科協申報", "张三", "淄博市科协", "subject"),
        (
            "=?big5?B?" + base64.b64encode("濟南市科協改革品牌".encode("big5")).decode() + "?=",
            "x",
            "济南市科协",
            "subject",
        ),
        ("申报材料", "淄博市科協", "淄博市科协", "name"),
    ],
)
def test_units_named_in_traditional_characters(
    edition: Edition, subject: str, sender_name: str, unit: str, how: str
) -> None:
    raw = mail(sender="someone@163.com", sender_name=sender_name, subject="SUBJECT")
    raw = raw.replace(f"Subject: {gbk_word('SUBJECT')}".encode(), f"Subject: {subject}".encode())
    match = unit_of(edition, parse_mail(raw, "t.eml"))
    assert (match.unit, match.how) == (unit, how)
    assert [f.code for f in match.findings] == ["mail.unit-guessed"]


def test_unit_guessed_from_subject(mailed: Edition) -> None:
    d = parse_mail(mail(sender="someone@163.com", subject="青岛科协-改革品牌项目申报"), "s.eml")
    match = unit_of(mailed, d)
    assert (match.unit, match.how) == ("青岛市科协", "subject")
    [f] = match.findings
    assert f.code == "mail.unit-guessed"
    assert f.params["unit"] == "青岛市科协"
    assert f.file == "s.eml"


def test_unit_guessed_from_attachment_names(mailed: Edition) -> None:
    raw = mail(
        sender="x@qq.com", subject="申报材料", parts=[named("淄博市科学技术协会申报表.pdf", PDF)]
    )
    match = unit_of(mailed, parse_mail(raw, "n.eml"))
    assert (match.unit, match.how) == ("淄博市科协", "attachment")
    assert [f.code for f in match.findings] == ["mail.unit-guessed"]


def test_several_units_named_is_ambiguous(mailed: Edition) -> None:
    d = parse_mail(mail(sender="x@qq.com", subject="济南市科协、青岛市科协联合申报"), "m.eml")
    match = unit_of(mailed, d)
    assert (match.unit, match.how) == ("", "unknown")
    [f] = match.findings
    assert f.code == "mail.unit-ambiguous"
    assert set(texts(f, "units")) == {"济南市科协", "青岛市科协"}


def test_unit_guessed_from_the_sender_s_name(mailed: Edition) -> None:
    """A sender's name (``烟台市科协 <x@163.com>``) names the unit when the
    subject and the attachments' names do not; the subject comes first."""
    d = parse_mail(mail(sender="x@163.com", sender_name="烟台市科协", subject="申报"), "n.eml")
    match = unit_of(mailed, d)
    assert (match.unit, match.how) == ("烟台市科协", "name")
    [f] = match.findings
    assert (f.code, f.params["unit"], localized(f, "where").en) == (
        "mail.unit-guessed",
        "烟台市科协",
        "sender's name",
    )
    d = parse_mail(mail(sender="x@163.com", sender_name="烟台市科协", subject="青岛科协"), "s.eml")
    assert (unit_of(mailed, d).unit, unit_of(mailed, d).how) == ("青岛市科协", "subject")
    d = parse_mail(
        mail(sender="x@163.com", sender_name="济南市科协、青岛市科协", subject="申报"), "a.eml"
    )
    assert [f.code for f in unit_of(mailed, d).findings] == ["mail.unit-ambiguous"]


def _forwarding(*inner: tuple[str, str], sender: str = "x@163.com", subject: str = "转发") -> bytes:
    """A mail from ``sender`` forwarding, as attachments, a mail from each
    (address, display name) of ``inner``, each bringing a form."""
    parts: list[Part] = []
    for n, (address, name) in enumerate(inner):
        original = mail(
            sender=address,
            sender_name=name,
            subject="申报材料",
            parts=[named(f"申报表{n}.pdf", bytes([n]) + PDF)],
            boundary=f"inner{n}",
        )
        parts.append((["Content-Type: message/rfc822"], original))
    return mail(sender=sender, sender_name="张明", subject=subject, parts=parts, boundary="outer")


def test_a_forwarded_mail_from_a_roster_mailbox_names_its_unit(mailed: Edition) -> None:
    """A colleague forwards 青岛市科协's mail from a personal mailbox: the
    forwarded mail's roster mailbox names the unit, before the subject."""
    d = parse_mail(_forwarding(("QDKX@example.cn", "张明"), subject="济南市科协转来"), "f.eml")
    assert [(f.part, f.sender, f.sender_name) for f in d.forwarded] == [
        ("2", "QDKX@example.cn", "张明")
    ]
    match = unit_of(mailed, d)
    assert (match.unit, match.how) == ("青岛市科协", "forwarded")
    [f] = match.findings
    assert (f.code, f.params["unit"], localized(f, "where").en) == (
        "mail.unit-guessed",
        "青岛市科协",
        "addresses of the forwarded mails' senders",
    )
    # Mails from the roster mailboxes of two units decide nothing.
    two = _forwarding(("qdkx@example.cn", "张明"), ("jnkx@example.cn", "李华"))
    match = unit_of(mailed, parse_mail(two, "t.eml"))
    assert (match.unit, match.how) == ("", "unknown")
    [f] = match.findings
    assert (f.code, set(texts(f, "units"))) == ("mail.unit-ambiguous", {"济南市科协", "青岛市科协"})


def test_a_forwarded_mail_s_sender_name_names_its_unit(mailed: Edition) -> None:
    """After the forwarding mail's own subject, attachment names and sender's
    name, the forwarded mails' senders' names are looked at the same way."""
    d = parse_mail(_forwarding(("x@qq.com", "烟台市科协")), "n.eml")
    match = unit_of(mailed, d)
    assert (match.unit, match.how) == ("烟台市科协", "forwarded-name")
    [f] = match.findings
    assert (f.code, localized(f, "where").en) == (
        "mail.unit-guessed",
        "names of the forwarded mails' senders",
    )
    # The forwarding mail's own subject comes first.
    d = parse_mail(_forwarding(("x@qq.com", "烟台市科协"), subject="淄博市科协"), "s.eml")
    assert (unit_of(mailed, d).unit, unit_of(mailed, d).how) == ("淄博市科协", "subject")


def test_two_forwarded_mails_naming_two_units_are_ambiguous(mailed: Edition) -> None:
    d = parse_mail(_forwarding(("x@qq.com", "烟台市科协"), ("y@qq.com", "淄博市科协")), "a.eml")
    match = unit_of(mailed, d)
    assert (match.unit, match.how) == ("", "unknown")
    [f] = match.findings
    assert f.code == "mail.unit-ambiguous"
    assert set(texts(f, "units")) == {"烟台市科协", "淄博市科协"}
    assert localized(f, "where").en == "names of the forwarded mails' senders"


def test_the_sender_s_own_roster_mailbox_wins_over_a_forwarded_one(mailed: Edition) -> None:
    d = parse_mail(
        _forwarding(("qdkx@example.cn", "青岛市科协"), sender="jnkx@example.cn"), "j.eml"
    )
    match = unit_of(mailed, d)
    assert (match.unit, match.how, match.findings) == ("济南市科协", "mailbox", ())


def test_a_forwarding_clerk_is_not_the_forwarded_mail_s_unit(mailed: Edition) -> None:
    """The clerk who forwards 青岛市科协's mail and then sends a 补充材料 of
    another unit's is not taken as 青岛市科协 by the forward."""
    boxes, roster = mailbox_index(mailed), RosterIndex.build(mailed)
    deliveries = [
        parse_mail(_forwarding(("qdkx@example.cn", "张明"), sender="clerk@example.org"), "1.eml"),
        parse_mail(
            mail(sender="clerk@example.org", sender_name="张明", subject="补充材料"), "2.eml"
        ),
    ]
    assert senders_known(mailed, deliveries, mailboxes=boxes, roster=roster) == {}
    assert unit_of(mailed, deliveries[0], mailboxes=boxes, roster=roster).unit == "青岛市科协"


def test_unknown_sender(mailed: Edition) -> None:
    d = parse_mail(mail(sender="x@qq.com", sender_name="张明", subject="申报材料"), "u.eml")
    match = unit_of(mailed, d)
    assert (match.unit, match.how) == ("", "unknown")
    assert [f.code for f in match.findings] == ["mail.unit-unknown"]


def test_a_sender_s_other_mails_name_its_unit(mailed: Edition) -> None:
    """A mail that names no unit (a resend titled 补充材料) from a sender whose
    other mails all named one unit is taken as that unit's; a sender whose
    mails named two units, or a mail naming several, decides nothing."""
    boxes, roster = mailbox_index(mailed), RosterIndex.build(mailed)
    mails = [
        ("zb@qq.com", "淄博市科协改革品牌项目申报"),
        ("zb@qq.com", "淄博市科协-申报表（修改版）"),
        ("zb@qq.com", "补充材料"),
        ("two@qq.com", "济南市科协申报"),
        ("two@qq.com", "青岛市科协申报"),
        ("two@qq.com", "补充材料"),
        ("amb@qq.com", "济南市科协、青岛市科协联合申报"),
        ("amb@qq.com", "补充材料"),
    ]
    deliveries = [
        parse_mail(mail(sender=a, sender_name="张明", subject=s), f"{n}.eml")
        for n, (a, s) in enumerate(mails)
    ]
    senders = senders_known(mailed, deliveries, mailboxes=boxes, roster=roster)
    assert senders == {"zb@qq.com": "淄博市科协"}
    matches = [
        unit_of(mailed, d, mailboxes=boxes, roster=roster, senders=senders) for d in deliveries
    ]
    assert (matches[2].unit, matches[2].how) == ("淄博市科协", "sender")
    assert [f.code for f in matches[2].findings] == ["mail.unit-guessed"]
    assert [m.how for m in matches[5:]] == ["unknown", "unknown", "unknown"]
    # A roster mailbox is never overruled.
    mine = parse_mail(mail(sender="jnkx@example.cn", subject="补充材料"), "j.eml")
    known = {"jnkx@example.cn": "青岛市科协"}
    assert unit_of(mailed, mine, senders=known).unit == "济南市科协"


def test_mail_folder_is_what_the_intake_needs(mailed: Edition, tmp_path: Path) -> None:
    raw = mail(
        sender="jnkx@example.cn",
        received=[received_at(WHEN)],
        parts=[
            named("济南市科协申报表.pdf", PDF, "application/pdf"),
            named("manifest.json", b"{}"),
        ],
    )
    folder = mail_folder(mailed, parse_mail(raw, "box.mbox#1"))
    assert (folder.sender, folder.unit, folder.unit_how) == (
        "jnkx@example.cn",
        "济南市科协",
        "mailbox",
    )
    assert folder.arrived_at == WHEN
    # The e-mail folder's own manifest takes the name.
    assert [f.name for f in folder.files] == ["济南市科协申报表.pdf", "附件-manifest.json"]
    assert folder.manifest() == {
        "version": 1,
        "sender": "jnkx@example.cn",
        "subject": "改革品牌项目申报材料",
        "arrived_at": "2022-08-18T10:30:05+08:00",
        "unit": {"name": "济南市科协"},
    }
    name = folder_name(folder, 1)
    assert name == "2022-08-18-jnkx-1"
    written = write_mail_folder(folder, tmp_path / name)
    assert {p.name for p in written} == {
        "manifest.json",
        "附件-manifest.json",
        "济南市科协申报表.pdf",
    }
    assert (tmp_path / name / "济南市科协申报表.pdf").read_bytes() == PDF
    manifest = json.loads((tmp_path / name / "manifest.json").read_text("utf-8"))
    assert manifest["arrived_at"] == "2022-08-18T10:30:05+08:00"


def test_roster_mailboxes_load_from_edition_data(tmp_path: Path) -> None:
    src = tmp_path / "data"
    shutil.copytree(REFERENCE_DATA, src)
    roster = src / "roster.toml"
    text = roster.read_text("utf-8")
    roster.write_text(
        text.replace(
            'aliases = ["济南市科学技术协会", "济南科协"]',
            'aliases = ["济南市科学技术协会", "济南科协"]\nmailboxes = ["jnkx@example.cn", "b@example.cn"]',
            1,
        ),
        "utf-8",
    )
    edition = load_edition(src, expected_id="shandong-2022")
    assert edition.roster[0].mailboxes == ("jnkx@example.cn", "b@example.cn")
    roster.write_text(
        text.replace(
            'aliases = ["济南市科学技术协会", "济南科协"]', 'mailboxes = ["not an address"]', 1
        )
    )
    with pytest.raises(EditionDataError) as info:
        load_edition(src, expected_id="shandong-2022")
    assert any("mailboxes" in p.path for p in info.value.problems)
