"""The office's job: what arrived, read, checked and reported.

Intake of an inbox folder (:func:`intake`: every file sniffed once and
accounted for, Word forms read back and paired with their scans, extra
materials recognised, JSON envelopes received as files) and its check with
the same engine and rules as a JSON batch (:func:`check_inbox`); reading a
filled Word form back (:func:`read_form`); the report folder
(:func:`write_report_dir`) and the export of what intake read as envelopes
(:func:`export_envelopes`); mail as intake (:func:`read_mail_source` for
.eml, .mbox and Maildir, :func:`check_mail`).
"""

from __future__ import annotations

from reform_brand.office._check import (
    InboxMerge,
    check_inbox,
    check_intake,
    received_facts,
    received_file,
    report_from_batch,
)
from reform_brand.office._export import export_envelopes
from reform_brand.office._inbox import (
    INBOX_ENTRY_INDENT,
    INBOX_VERSION,
    EnvelopeData,
    InboxFile,
    InboxReport,
    InboxSubmission,
    Material,
    Progress,
    facts_to_json,
    file_to_json,
    inbox_to_json,
    material_to_json,
    statuses,
    write_inbox_json,
    write_inbox_section,
)
from reform_brand.office._intake import Intake, intake
from reform_brand.office._ledger import Ledger
from reform_brand.office._mail import Delivery, MailSource
from reform_brand.office._mail_intake import check_mail, is_mail_source, mail_intake
from reform_brand.office._mail_source import read_mail_source
from reform_brand.office._mail_view import ReceivedMail
from reform_brand.office._manifest import MANIFEST_NAMES, MANIFEST_SCHEMA
from reform_brand.office._marker import OUTPUT_MARKER, is_output_dir, mark_output, write_atomic
from reform_brand.office._names import clean_batch, clean_submission, shown_path, stem_key
from reform_brand.office._outputs import REPORT_FILES, write_report_dir
from reform_brand.office._paths import PathList
from reform_brand.office._read import ReadResult, parse_zh_date, read_form

__all__ = [
    "INBOX_ENTRY_INDENT",
    "INBOX_VERSION",
    "MANIFEST_NAMES",
    "MANIFEST_SCHEMA",
    "OUTPUT_MARKER",
    "REPORT_FILES",
    "Delivery",
    "EnvelopeData",
    "InboxFile",
    "InboxMerge",
    "InboxReport",
    "InboxSubmission",
    "Intake",
    "Ledger",
    "MailSource",
    "Material",
    "PathList",
    "Progress",
    "ReadResult",
    "ReceivedMail",
    "check_inbox",
    "check_intake",
    "check_mail",
    "clean_batch",
    "clean_submission",
    "export_envelopes",
    "facts_to_json",
    "file_to_json",
    "inbox_to_json",
    "intake",
    "is_mail_source",
    "is_output_dir",
    "mail_intake",
    "mark_output",
    "material_to_json",
    "parse_zh_date",
    "read_form",
    "read_mail_source",
    "received_facts",
    "received_file",
    "report_from_batch",
    "shown_path",
    "statuses",
    "stem_key",
    "write_atomic",
    "write_inbox_json",
    "write_inbox_section",
    "write_report_dir",
]
