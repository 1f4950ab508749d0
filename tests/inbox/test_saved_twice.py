"""The same form saved twice in one e-mail (docs/inbox.md, "Word forms"):
beside a form that reads, a copy that cannot be read (a .doc, a .wps, RTF,
Word XML or a flat .fodt, a damaged .odt, an .odt or .docx with a password)
is a file of no use named as what it is, not a second submission that took
the form's scan away; with no form that reads, it is the Word file sent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reform_brand.cli import EXIT_OK, main
from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox, inbox_to_json
from reform_brand.office._roster import roster_xlsx
from reform_brand.render import form_template
from reform_brand.safeopen import kind_name
from tests.finding_params import localized
from tests.hostile.ole import ole
from tests.inbox import docx_edit as E
from tests.inbox.archives import utf8_zip
from tests.inbox.conftest import NOW, application_data, recommendation_data
from tests.inbox.odt_make import docx_to_odt
from tests.inbox.test_formats import _FODT, _RTF, _WORD_XML, MANIFEST, OLE, PDF, _with_password
from tests.mail.mails import mail, named

MAIL = "2022-08-15 济南市科协"
#: What a second submission made of the copy said (it took the scan away).
SECOND: frozenset[str] = frozenset(
    {
        "read.legacy-doc",
        "read.not-docx",
        "read.unreadable",
        "inbox.several-forms",
        "inbox.unmatched-scan",
        "deliverables.missing",
    }
)


def _docx(edition: Edition) -> bytes:
    return E.filled(edition, "application", application_data())


def _mail(root: Path, files: dict[str, bytes], manifest: str = MANIFEST) -> Path:
    folder = root / MAIL
    folder.mkdir(parents=True)
    if manifest:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return root


def _ledger(report: InboxReport) -> dict[str, tuple[str, str, str]]:
    return {f.path: (f.status, f.role, f.code) for f in report.files}


def _codes(report: InboxReport) -> set[str]:
    return {f.code for f in report.all_findings()}


def _said(report: InboxReport, path: str) -> tuple[str, str]:
    [found] = [f for f in report.batch.findings if f.file == path]
    assert found.code == "inbox.unknown-file"
    detected = localized(found, "detected")
    return detected.zh, detected.en


def _sub_findings(report: InboxReport) -> list[tuple[str, str, str]]:
    [sub] = report.batch.submissions
    return sorted((f.code, f.pointer, f.file) for f in sub.findings)


@pytest.mark.parametrize(
    ("name", "data", "kind", "detail"),
    [
        ("申报表.doc", OLE, "doc", ""),
        ("申报表.wps", OLE, "doc", "wps"),
        ("申报表.doc", _RTF, "unknown", "rtf"),
        ("申报表.rtf", _RTF, "unknown", "rtf"),
        ("申报表.xml", _WORD_XML, "unknown", "wordxml"),
        ("申报表.fodt", _FODT, "unknown", "fodt"),
        ("申报表.odt", b"PK\x03\x04" + b"\x00" * 60, "unknown", "truncated zip"),
        ("申报表.odt", b"password", "odt", "encrypted"),
        ("申报表（加密）.docx", ole("EncryptionInfo", "EncryptedPackage"), "doc", "encrypted"),
    ],
    ids=[
        "doc",
        "wps",
        "rtf-as-doc",
        "rtf",
        "word-xml",
        "fodt",
        "odt-cut-short",
        "odt-password",
        "docx-password",
    ],
)
def test_a_copy_that_cannot_be_read_beside_the_form_is_no_second_submission(
    edition: Edition, tmp_path: Path, name: str, data: bytes, kind: str, detail: str
) -> None:
    """The form's submission keeps its scan and its findings as if the copy
    were not there; the copy is inbox.unknown-file, named as what it is.  A
    .doc was a second submission (read.legacy-doc, deliverables.missing) and
    the scan went unmatched (inbox.several-forms, inbox.unmatched-scan)."""
    docx = _docx(edition)
    if data == b"password":
        data = _with_password(docx_to_odt(docx))
    form = {"申报表.docx": docx, "申报表.pdf": PDF}
    alone = check_inbox(edition, _mail(tmp_path / "alone", form), now=NOW)
    report = check_inbox(edition, _mail(tmp_path / "both", {**form, name: data}), now=NOW)
    ledger = _ledger(report)
    assert ledger[f"{MAIL}/{name}"] == ("ignored", "", "inbox.unknown-file")
    assert _said(report, f"{MAIL}/{name}") == kind_name(kind, detail)
    assert ledger[f"{MAIL}/申报表.docx"] == ("used", "word", "")
    assert ledger[f"{MAIL}/申报表.pdf"] == ("used", "signed-scan", "")
    [sub] = report.submissions
    assert (sub.word, sub.scan, sub.read) == (f"{MAIL}/申报表.docx", f"{MAIL}/申报表.pdf", True)
    assert _sub_findings(report) == _sub_findings(alone)
    assert not _codes(report) & SECOND
    assert _codes(report) - _codes(alone) == {"inbox.unknown-file"}


def test_the_report_and_the_roster_show_one_submission(edition: Edition, tmp_path: Path) -> None:
    """report.json counts one submission, lists the .doc as a file of no
    use of no submission, and the roster has one row for the unit."""
    files = {"申报表.docx": _docx(edition), "申报表.doc": OLE, "申报表.pdf": PDF}
    report = check_inbox(edition, _mail(tmp_path, files), now=NOW)
    doc = inbox_to_json(report)
    assert doc["counts"]["submissions"] == 1
    [sub] = doc["submissions"]
    assert sub["id"] == f"{MAIL}/申报表.docx"
    rows = {
        f["path"]: (f["kind"], f["status"], f["submission"], f["code"])
        for f in doc["inbox"]["files"]
    }
    assert rows[f"{MAIL}/申报表.doc"] == ("doc", "ignored", "", "inbox.unknown-file")
    assert rows[f"{MAIL}/申报表.pdf"] == ("pdf", "used", f"{MAIL}/申报表.docx", "")
    [said] = [f for f in doc["findings"] if f["file"] == f"{MAIL}/申报表.doc"]
    assert (said["code"], said["unit"]) == ("inbox.unknown-file", "济南市科协")
    summary, problems = load_workbook(io.BytesIO(roster_xlsx(report, edition))).worksheets
    rows_of = [r for r in summary.iter_rows(min_row=2, values_only=True) if r[0] is not None]
    assert len(rows_of) == 1 and rows_of[0][1] == "济南市科协"
    codes = {(r[2], r[4]) for r in problems.iter_rows(min_row=2, values_only=True)}
    assert (f"{MAIL}/申报表.doc", "inbox.unknown-file") in codes
    assert not {c for _f, c in codes} & SECOND


def test_the_check_command_passes_as_without_the_copy(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check's exit code and its summary are those of the e-mail without
    the .doc (which made an error of the batch: read.legacy-doc of a second
    submission, deliverables.missing of both)."""
    form = {"申报表.docx": _docx(edition), "申报表.pdf": PDF}
    told = []
    for name, files in (("alone", form), ("both", {**form, "申报表.doc": OLE})):
        root = _mail(tmp_path / name, files)
        code = main(["check", "shandong-2022", str(root), "--now", NOW.isoformat(), "--lang", "en"])
        out = capsys.readouterr().out
        told.append((code, out.splitlines()[0]))
        assert "1 submission(s), 0 with errors" in out
    assert told[0] == told[1] and told[0][0] == EXIT_OK


def test_with_no_form_that_reads_the_doc_is_the_word_file_sent(
    edition: Edition, tmp_path: Path
) -> None:
    """No form reads: the .doc is the Word file sent (read.legacy-doc), its
    scan with it; a form saved as RTF beside it stays a file of no use."""
    files = {"申报表.doc": OLE, "申报表.rtf": _RTF, "申报表.pdf": PDF}
    report = check_inbox(edition, _mail(tmp_path, files), now=NOW)
    ledger = _ledger(report)
    assert ledger[f"{MAIL}/申报表.doc"] == ("unreadable", "word", "read.legacy-doc")
    assert ledger[f"{MAIL}/申报表.pdf"] == ("used", "signed-scan", "")
    assert ledger[f"{MAIL}/申报表.rtf"] == ("ignored", "", "inbox.unknown-file")
    [sub] = report.batch.submissions
    assert "read.legacy-doc" in {f.code for f in sub.findings}


def test_a_blank_template_beside_a_doc_is_no_form_that_reads(
    edition: Edition, tmp_path: Path
) -> None:
    """The form's template sent back with nothing filled in is not the form
    the unit filled: the .doc beside it (which may be) stays the Word file
    of its own submission, as before."""
    template = form_template(edition, edition.form("application"))
    files = {"申报表模板.docx": template, "申报表.doc": OLE, "申报表.pdf": PDF}
    report = check_inbox(edition, _mail(tmp_path, files), now=NOW)
    assert _ledger(report)[f"{MAIL}/申报表.doc"] == ("unreadable", "word", "read.legacy-doc")
    assert len(report.submissions) == 2


def test_two_forms_and_a_doc_keep_their_scans(edition: Edition, tmp_path: Path) -> None:
    """Two forms that read (of two projects) and a .doc: the .doc is a file
    of no use, each form keeps the scan of its name."""
    files = {
        "申报表.docx": _docx(edition),
        "推荐表.docx": E.filled(edition, "recommendation", recommendation_data()),
        "申报表.doc": OLE,
        "申报表.pdf": PDF,
        "推荐表.pdf": PDF,
    }
    report = check_inbox(edition, _mail(tmp_path, files), now=NOW)
    assert _ledger(report)[f"{MAIL}/申报表.doc"] == ("ignored", "", "inbox.unknown-file")
    scans = {s.word: s.scan for s in report.submissions}
    assert scans == {
        f"{MAIL}/申报表.docx": f"{MAIL}/申报表.pdf",
        f"{MAIL}/推荐表.docx": f"{MAIL}/推荐表.pdf",
    }
    assert not _codes(report) & {"read.legacy-doc", "inbox.unmatched-scan", "deliverables.missing"}


@pytest.mark.parametrize(("name", "data"), [("推荐表.doc", OLE), ("推荐表.rtf", _RTF)])
def test_another_form_with_a_scan_of_its_name_is_no_copy(
    edition: Edition, tmp_path: Path, name: str, data: bytes
) -> None:
    """申报表.docx and its scan beside 推荐表.doc (or .rtf) and 推荐表.pdf:
    a scan carries the unread file's name and no readable form's, so it is
    another form sent with its own scan, the Word file of a submission of its
    own (which says to save it as .docx), not a copy of the 申报表."""
    files = {"申报表.docx": _docx(edition), "申报表.pdf": PDF, name: data, "推荐表.pdf": PDF}
    report = check_inbox(edition, _mail(tmp_path, files, manifest=""), now=NOW)
    scans = {s.word: s.scan for s in report.submissions}
    assert scans == {
        f"{MAIL}/申报表.docx": f"{MAIL}/申报表.pdf",
        f"{MAIL}/{name}": f"{MAIL}/推荐表.pdf",
    }
    assert "inbox.unmatched-scan" not in _codes(report)
    assert _ledger(report)[f"{MAIL}/{name}"][0] != "ignored"


def test_a_revision_saved_as_doc_is_no_second_submission(edition: Edition, tmp_path: Path) -> None:
    """申报表（修改版）.doc beside 申报表.docx: what it holds cannot be read,
    so no version of it can count; the .docx is the form, with its scan."""
    files = {"申报表.docx": _docx(edition), "申报表（修改版）.doc": OLE, "申报表.pdf": PDF}
    report = check_inbox(edition, _mail(tmp_path, files), now=NOW)
    ledger = _ledger(report)
    assert ledger[f"{MAIL}/申报表（修改版）.doc"] == ("ignored", "", "inbox.unknown-file")
    [sub] = report.submissions
    assert (sub.word, sub.scan) == (f"{MAIL}/申报表.docx", f"{MAIL}/申报表.pdf")


def _delivery(edition: Edition, root: Path, how: str) -> tuple[str, str]:
    """The form, its scan and its .doc delivered ``how``; (prefix of the
    form and scan, path of the .doc)."""
    docx = _docx(edition)
    both = [("申报表.docx", docx), ("申报表.pdf", PDF), ("申报表.doc", OLE)]
    if how == "archive":
        (root / "济南市科协.zip").write_bytes(utf8_zip(both))
        return "济南市科协.zip!/", "济南市科协.zip!/申报表.doc"
    if how == "archive-in-mail":
        _mail(root, dict(both[:2]))
        (root / MAIL / "旧版.zip").write_bytes(utf8_zip(both[2:]))
        return f"{MAIL}/", f"{MAIL}/旧版.zip!/申报表.doc"
    if how == "folder":
        _mail(root, dict(both), manifest="")
        return f"{MAIL}/", f"{MAIL}/申报表.doc"
    parts = [named(n, d) for n, d in both]
    (root / "济南.eml").write_bytes(mail(parts=parts, message_id="jn"))
    return "济南.eml!/", ""


@pytest.mark.parametrize("how", ["archive", "archive-in-mail", "folder", "eml"])
def test_an_archive_a_folder_or_a_mail_file_delivered_alike(
    edition: Edition, tmp_path: Path, how: str
) -> None:
    """Wherever the e-mail's rule applies: an archive at the top of the
    inbox, one inside the e-mail, a folder with no manifest, a mail file."""
    prefix, doc = _delivery(edition, tmp_path, how)
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = _ledger(report)
    doc = doc or next(p for p in ledger if p.endswith("申报表.doc"))
    assert ledger[doc] == ("ignored", "", "inbox.unknown-file")
    [sub] = report.submissions
    assert sub.word.startswith(prefix) and sub.word.endswith("申报表.docx")
    assert sub.scan.startswith(prefix) and sub.scan.endswith("申报表.pdf")
    assert not _codes(report) & SECOND


def test_loose_files_are_each_a_submission_as_before(edition: Edition, tmp_path: Path) -> None:
    """At the top of the inbox (files of many units) a .doc is a unit's
    Word file, whatever else lies there."""
    (tmp_path / "申报表.docx").write_bytes(_docx(edition))
    (tmp_path / "申报表.pdf").write_bytes(PDF)
    (tmp_path / "推荐表.doc").write_bytes(OLE)
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = _ledger(report)
    assert ledger["推荐表.doc"] == ("unreadable", "word", "read.legacy-doc")
    assert ledger["申报表.pdf"] == ("used", "signed-scan", "")
    assert len(report.submissions) == 2


_DECLARED = '\n[[submissions]]\nword = "申报表.docx"\nscan = "申报表.pdf"\n'


def test_a_manifest_s_submissions_leave_the_copy_out(edition: Edition, tmp_path: Path) -> None:
    """The manifest pairs the form and its scan and names no .doc: the .doc
    is a file of no use, not a submission of no project."""
    files = {"申报表.docx": _docx(edition), "申报表.doc": OLE, "申报表.pdf": PDF}
    report = check_inbox(edition, _mail(tmp_path, files, MANIFEST + _DECLARED), now=NOW)
    assert _ledger(report)[f"{MAIL}/申报表.doc"] == ("ignored", "", "inbox.unknown-file")
    [sub] = report.submissions
    assert (sub.word, sub.scan) == (f"{MAIL}/申报表.docx", f"{MAIL}/申报表.pdf")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [("推荐表.doc", OLE, "read.legacy-doc"), ("推荐表.rtf", _RTF, "read.not-docx")],
    ids=["doc", "rtf"],
)
def test_a_file_the_manifest_names_as_a_word_file_is_one(
    edition: Edition, tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    """The manifest names the copy as a submission's Word file: that is
    what it is, beside the form too (a form saved as RTF was a file of no
    use, and the manifest's submission lost its Word file)."""
    given = _DECLARED + f'\n[[submissions]]\nword = "{name}"\nform = "recommendation"\n'
    files = {"申报表.docx": _docx(edition), name: data, "申报表.pdf": PDF}
    report = check_inbox(edition, _mail(tmp_path, files, MANIFEST + given), now=NOW)
    assert _ledger(report)[f"{MAIL}/{name}"] == ("unreadable", "word", code)
    words = {s.word: s.scan for s in report.submissions}
    assert words == {f"{MAIL}/申报表.docx": f"{MAIL}/申报表.pdf", f"{MAIL}/{name}": ""}
    assert "inbox.unknown-file" not in _codes(report)
