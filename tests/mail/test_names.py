"""The names of a mail's files, as they are laid out in its folder."""

from __future__ import annotations

from reform_brand.office._mail import parse_mail
from tests.mail.mails import PDF, mail, named


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
