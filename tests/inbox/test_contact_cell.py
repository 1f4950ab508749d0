"""The roster's and the report's contact: what a unit typed, on one line."""

from __future__ import annotations

from pathlib import Path

from reform_brand.model import Edition
from reform_brand.office import check_inbox
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data


def test_contact_names_and_titles_are_trimmed_and_single_spaced(
    edition: Edition, tmp_path: Path
) -> None:
    data = application_data()
    data["contact"] = {
        **data["contact"],
        "name": "王\u3000\u3000静\u200b",
        "title": "办公室\n主任 ",
    }
    folder = tmp_path / "inbox" / "2022-08-15 济南市科协"
    folder.mkdir(parents=True)
    (folder / "申报表.docx").write_bytes(E.filled(edition, "application", data))
    report = check_inbox(edition, tmp_path / "inbox", now=NOW)
    [sub] = report.submissions
    assert sub.contact.startswith("王 静 办公室 主任 0531-82073271")
    assert "\u3000" not in sub.contact and "\n" not in sub.contact
