"""What the tests of files wrapped in a mail (winmail.dat, Outlook .msg)
share: 淄博市科协's form and scan, when its mail arrived, and the ledger."""

from __future__ import annotations

import datetime as dt

from reform_brand.model import Edition
from reform_brand.office import InboxReport
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data
from tests.mail.mails import CST

PDF = E.minimal_pdf(["Scanned copy"])
ON_TIME = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)


def zibo_form(edition: Edition, unit: str = "淄博市科协") -> bytes:
    """An application form filled in by ``unit``."""
    return E.filled(
        edition, "application", application_data(applicant_unit=unit, project_name="企业科协")
    )


def ledger_of(report: InboxReport) -> dict[str, tuple[str, str, str, str]]:
    """Each file of the inbox: its status, role, code and kind."""
    return {f.path: (f.status, f.role, f.code, f.kind) for f in report.files}
