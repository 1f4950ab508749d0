"""The names of a mail's files, as they are laid out in its folder."""

from __future__ import annotations

import pytest

from reform_brand.office._mail import parse_mail
from tests.mail.mails import PDF, attachment, gbk_word, mail, named


def test_names_that_differ_in_case_only_are_two_files() -> None:
    """On Windows and macOS ``申报表.PDF`` and ``申报表.pdf`` are one file:
    laid out in the mail's folder, the second replaced the first."""
    raw = mail(
        parts=[
            named("申报表.PDF", PDF, "application/pdf"),
            named("申报表.pdf", PDF + b"%2", "application/pdf"),
            named("附件-manifest.JSON", b"{}", "application/json"),
            named("Manifest.json", b"[]", "application/json"),
        ]
    )
    d = parse_mail(raw, "c.eml")
    assert [(a.name, a.data) for a in d.attachments] == [
        ("申报表.PDF", PDF),
        ("申报表 (2).pdf", PDF + b"%2"),
        ("附件-manifest.JSON", b"{}"),
        ("附件-Manifest (2).json", b"[]"),
    ]
    assert len({a.name.casefold() for a in d.attachments}) == 4


def test_names_windows_cannot_hold_are_laid_out_as_it_can() -> None:
    """A name sent from a Mac or a phone may hold what a Windows file name
    cannot (``"``, ``:``, ``?``, ``*``, ``<``, ``>``, ``|``, a trailing dot or
    space, a device's name): written on Windows, the file would not be laid
    out (an error) or, with a ``:``, be hidden in a stream of another file.
    Each such character is its full-width form, as a Chinese name writes it."""
    raw = mail(
        parts=[
            named('关于"改革品牌"项目:终稿?.docx', PDF + b"1", "application/pdf"),
            named("申报表*<1>|2.pdf.", PDF + b"2", "application/pdf"),
            named("CON.pdf", PDF + b"3", "application/pdf"),
            named("nul", PDF + b"4", "application/pdf"),
        ]
    )
    d = parse_mail(raw, "c.eml")
    assert [(a.name, a.data) for a in d.attachments] == [
        ("关于＂改革品牌＂项目：终稿？.docx", PDF + b"1"),
        ("申报表＊＜1＞｜2.pdf", PDF + b"2"),
        ("_CON.pdf", PDF + b"3"),
        ("_nul", PDF + b"4"),
    ]
    assert d.attachments[0].raw_name.startswith("=?GBK?B?")  # (the name as sent)


@pytest.mark.parametrize(
    "header",
    [
        "Content-Disposition: attachment; filename='申报表 终稿.pdf'",
        'Content-Disposition: attachment; filename="申报表 终稿.pdf',
        f"Content-Type: application/pdf; name='{gbk_word('申报表 终稿.pdf')}'",
        f'Content-Type: application/pdf; name="{gbk_word("申报表 终稿.pdf")}',
    ],
)
def test_quotes_the_sender_left_around_a_name_are_no_part_of_it(header: str) -> None:
    """A script that quotes a name in single quotes (``filename='a.pdf'``),
    or a header cut before its closing quote: the name is what is inside,
    its extension the file's, not ``.pdf'``."""
    raw = mail(parts=[attachment(header, PDF, "application/pdf")])
    d = parse_mail(raw, "q.eml")
    assert [a.name for a in d.attachments] == ["申报表 终稿.pdf"]


@pytest.mark.parametrize("raw", ["..", "/", "../..", "C:\\", "..."])
def test_a_name_of_which_no_file_name_is_left_is_said_unnamed(raw: str) -> None:
    """A name that is only folders or dots leaves nothing to name a file by:
    the attachment is named by its part, and said to be unnamed, as one
    with no name is (not renamed without a word)."""
    part = attachment(f'Content-Disposition: attachment; filename="{raw}"', PDF)
    d = parse_mail(mail(parts=[part]), "n.eml")
    assert [(a.name, a.raw_name) for a in d.attachments] == [("附件-2.bin", raw)]
    [said] = [f for f in d.findings if f.code == "mail.attachment-unnamed"]
    assert dict(said.params) == {"part": "2", "name": "附件-2.bin"}
    assert [(e.part, e.code) for e in d.ledger if e.role == "attachment"] == [
        ("2", "mail.attachment-unnamed")
    ]
