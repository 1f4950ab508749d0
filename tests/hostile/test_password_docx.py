"""A .docx protected by a password to open it is an OLE compound file, as a
Word 97-2003 document is: it is told apart by the ``EncryptedPackage``
stream its directory names, and read as ``read.unreadable`` (reason
``encrypted``), never as a legacy .doc to be saved as .docx.  An Excel or
PowerPoint 97-2003 file is one too, told apart by its streams: no Word
document at all."""

from __future__ import annotations

import datetime as dt
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reform_brand import Host, Validator
from reform_brand.catalogue import Localized
from reform_brand.cli import main
from reform_brand.office import check_inbox, read_form
from reform_brand.safeopen import kind_name, sniff
from reform_brand.testing import SubmissionFactory, write_attachments
from tests.finding_params import localized
from tests.hostile.ole import ole

#: Before the deadline, so that only the files are in question.
NOW = dt.datetime(2022, 8, 20, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(scope="module")
def host() -> Host:
    return Host.create(block=())


def test_a_password_protected_docx_is_not_a_legacy_doc(host: Host, tmp_path: Path) -> None:
    path = tmp_path / "申报表.docx"
    path.write_bytes(ole("EncryptionInfo", "EncryptedPackage"))
    assert (sniff(path).kind, sniff(path).detail) == ("doc", "encrypted")
    result = read_form(host.edition("shandong-2022"), path)
    assert [f.code for f in result.findings] == ["read.unreadable"]
    detail = result.findings[0].params["detail"]
    assert isinstance(detail, Localized) and detail.value == "encrypted"


def test_a_word_97_document_is_still_a_legacy_doc(host: Host, tmp_path: Path) -> None:
    path = tmp_path / "申报表.doc"
    path.write_bytes(ole("WordDocument", "1Table"))
    assert (sniff(path).kind, sniff(path).detail) == ("doc", "")
    result = read_form(host.edition("shandong-2022"), path)
    assert [f.code for f in result.findings] == ["read.legacy-doc"]


@pytest.mark.parametrize("sector", [0xFFFFFFFE, 0xFFFFFFF0, 10_000_000])
def test_a_directory_out_of_the_file_is_a_legacy_doc(
    host: Host, tmp_path: Path, sector: int
) -> None:
    path = tmp_path / "x.doc"
    path.write_bytes(ole("EncryptedPackage", first_directory_sector=sector))
    assert sniff(path).kind == "doc"
    assert read_form(host.edition("shandong-2022"), path).findings[0].code == "read.legacy-doc"


def test_the_inbox_says_the_password_not_the_name(tmp_path: Path) -> None:
    from tests.hostile.cases import CASES
    from tests.hostile.test_corpus import codes_of

    case = next(c for c in CASES if c.id == "inbox-password-docx")
    args = case.build(tmp_path)
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(args) == 1
    codes = codes_of(case, out.getvalue(), "")
    assert "read.unreadable" in codes
    assert not codes & {"read.legacy-doc", "deliverables.misnamed"}


def test_a_password_protected_docx_named_by_an_envelope_is_unreadable(
    host: Host, tmp_path: Path
) -> None:
    """Named as a JSON submission's Word file, it was taken for a legacy
    .doc (an accepted type) and nothing was said: it is read.unreadable
    with the reason encrypted, checked alone or in an inbox."""
    edition = host.edition("shandong-2022")
    envelope = SubmissionFactory(edition)()
    write_attachments(tmp_path, envelope)
    [word] = [a for a in envelope["attachments"] if a["role"] == "word"]
    (tmp_path / word["path"]).write_bytes(ole("EncryptionInfo", "EncryptedPackage"))
    at = f"/attachments/{envelope['attachments'].index(word)}/path"
    validator = Validator(edition, host.rules.for_edition(edition.id))
    report = validator.validate(envelope, base_dir=tmp_path, now=NOW)
    assert [(f.code, f.pointer) for f in report.findings] == [("read.unreadable", at)]
    detail = report.findings[0].params["detail"]
    assert isinstance(detail, Localized) and detail.value == "encrypted"
    (tmp_path / "submission.json").write_text(json.dumps(envelope), encoding="utf-8")
    inbox = check_inbox(edition, tmp_path, now=NOW)
    [sub] = inbox.batch.submissions
    assert [(f.code, f.pointer) for f in sub.findings] == [("read.unreadable", at)]


def test_a_loose_password_protected_docx_is_said_unreadable_once(
    host: Host, tmp_path: Path
) -> None:
    """A loose one is read (read.unreadable, of the form): the read rule
    says it no second time of the submission the inbox builds from it."""
    (tmp_path / "申报表.docx").write_bytes(ole("EncryptionInfo", "EncryptedPackage"))
    inbox = check_inbox(host.edition("shandong-2022"), tmp_path, now=NOW)
    codes = [f.code for f in inbox.all_findings()]
    assert codes.count("read.unreadable") == 1 and "read.legacy-doc" not in codes


@pytest.mark.parametrize("name", ["申报表.docm", "申报表.dotx"])
def test_a_password_protected_docm_or_template_is_not_misnamed(
    host: Host, tmp_path: Path, name: str
) -> None:
    """Word keeps a .docm or a template with a password to open it in an OLE
    file too: it is read.unreadable for its password, and its name is a
    Word file's (it was deliverables.misnamed)."""
    mail = tmp_path / "2022-08-15 济南市科协"
    mail.mkdir()
    (mail / name).write_bytes(ole("EncryptionInfo", "EncryptedPackage"))
    inbox = check_inbox(host.edition("shandong-2022"), tmp_path, now=NOW)
    codes = {f.code for f in inbox.all_findings()}
    assert "read.unreadable" in codes
    assert not codes & {"read.legacy-doc", "deliverables.misnamed"}


@pytest.mark.parametrize(
    ("streams", "kind", "detail"),
    [
        (("Workbook", "\x05SummaryInformation"), "unknown", "xls"),
        (("Book",), "unknown", "xls"),
        (("PowerPoint Document", "Current User"), "unknown", "ppt"),
        (("WordDocument", "1Table", "Workbook"), "doc", ""),
    ],
)
def test_an_excel_or_powerpoint_file_is_no_word_97_document(
    tmp_path: Path, streams: tuple[str, ...], kind: str, detail: str
) -> None:
    path = tmp_path / "x.doc"
    path.write_bytes(ole(*streams))
    assert (sniff(path).kind, sniff(path).detail) == (kind, detail)


def test_an_excel_file_beside_the_form_is_no_second_form(host: Host, tmp_path: Path) -> None:
    """A summary table sent as an Excel 97-2003 .xls beside the form is a
    file of no use, named as what it is: it was taken for a Word 97-2003
    document, a second submission (read.legacy-doc, deliverables.missing)
    that took the form's scan away (inbox.several-forms)."""
    from reform_brand.render import render_form
    from tests.inbox.conftest import application_data
    from tests.inbox.docx_edit import minimal_pdf

    edition = host.edition("shandong-2022")
    mail = tmp_path / "2022-08-15 济南市科协"
    mail.mkdir()
    (mail / "申报表.docx").write_bytes(render_form(edition, "application", application_data()))
    (mail / "申报表.pdf").write_bytes(minimal_pdf(["scan"]))
    (mail / "汇总表.xls").write_bytes(ole("Workbook"))
    report = check_inbox(edition, tmp_path, now=NOW)
    [sub] = report.submissions
    assert sub.word.endswith("申报表.docx") and sub.scan.endswith("申报表.pdf")
    xls = report.file("2022-08-15 济南市科协/汇总表.xls")
    assert (xls.kind, xls.status, xls.code) == ("xls", "ignored", "inbox.unknown-file")
    assert "read.legacy-doc" not in {f.code for f in report.all_findings()}


@pytest.mark.parametrize(
    ("name", "kind"),
    [("汇总表.xlsx", "xlsx"), ("汇报.pptx", "pptx"), ("汇总表.xls", "xls"), ("汇报.ppt", "ppt")],
)
def test_an_excel_or_powerpoint_file_with_a_password_is_no_second_form(
    host: Host, tmp_path: Path, name: str, kind: str
) -> None:
    """Office keeps an .xlsx or a .pptx with a password to open it in an OLE
    file, as it keeps such a .docx: beside the form, under an Excel or
    PowerPoint file's name, it is a file of no use named so, not a second
    submission (read.unreadable) that took the form's scan away.  Under a
    Word file's name it is a Word document with a password: beside a form
    that reads, the same form saved twice (docs/inbox.md), a file of no use
    named so too."""
    from reform_brand.render import render_form
    from tests.inbox.conftest import application_data
    from tests.inbox.docx_edit import minimal_pdf

    edition = host.edition("shandong-2022")
    mail = tmp_path / "2022-08-15 济南市科协"
    mail.mkdir()
    (mail / "申报表.docx").write_bytes(render_form(edition, "application", application_data()))
    (mail / "申报表.pdf").write_bytes(minimal_pdf(["scan"]))
    (mail / name).write_bytes(ole("EncryptionInfo", "EncryptedPackage"))
    (mail / "推荐表.docx").write_bytes(ole("EncryptionInfo", "EncryptedPackage"))
    report = check_inbox(edition, tmp_path, now=NOW)
    other = report.file(f"2022-08-15 济南市科协/{name}")
    assert (other.kind, other.status, other.code) == (kind, "ignored", "inbox.unknown-file")
    word = report.file("2022-08-15 济南市科协/推荐表.docx")
    assert (word.kind, word.status, word.code) == ("docx", "ignored", "inbox.unknown-file")
    said = {f.file: localized(f, "detected").en for f in report.batch.findings}
    assert said["2022-08-15 济南市科协/推荐表.docx"] == kind_name("doc", "encrypted")[1]
    assert said[f"2022-08-15 济南市科协/{name}"] == kind_name(kind)[1]
    [sub] = report.submissions
    assert sub.word.endswith("申报表.docx") and sub.scan.endswith("申报表.pdf")
