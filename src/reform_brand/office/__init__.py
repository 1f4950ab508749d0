"""The office's job: what arrived by e-mail, read, checked and reported.

Reading filled Word forms back, the inbox of received files, the HTML report
and the roster.
"""

from __future__ import annotations

from reform_brand.office._inbox import (
    INBOX_VERSION,
    MANIFEST_NAMES,
    MANIFEST_SCHEMA,
    InboxFile,
    InboxReport,
    InboxSubmission,
    Material,
    Progress,
    check_inbox,
    inbox_to_json,
    is_inbox,
    report_from_batch,
    statuses,
    stem_key,
    write_atomic,
    write_report_dir,
)
from reform_brand.office._read import ReadResult, parse_zh_date, read_form

__all__ = [
    "INBOX_VERSION",
    "MANIFEST_NAMES",
    "MANIFEST_SCHEMA",
    "InboxFile",
    "InboxReport",
    "InboxSubmission",
    "Material",
    "Progress",
    "ReadResult",
    "check_inbox",
    "inbox_to_json",
    "is_inbox",
    "parse_zh_date",
    "read_form",
    "report_from_batch",
    "statuses",
    "stem_key",
    "write_atomic",
    "write_report_dir",
]
