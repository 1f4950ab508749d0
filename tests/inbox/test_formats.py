""".odt forms read like .docx; .doc and .wps counted as a Word file that was
sent but cannot be read, never as a missing one."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement

from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox, read_form
from reform_brand.office._inbox import Status
from reform_brand.safeopen import MAX_FILE_BYTES, kind_name, sniff
from tests.finding_params import localized
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data, recommendation_data
from tests.inbox.odt_make import docx_to_odt

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDF = E.minimal_pdf(["Scanned copy"])
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1016

MANIFEST = (
    'sender = "jnkx@example.cn"\narrived_at = 2022-08-15T16:42:00+08:00\n'
    'reform_items = [9]\n\n[unit]\nname = "济南市科协"\nkind = "city-association"\n'
)


def _folder(root: Path, files: dict[str, bytes]) -> Path:
    folder = root / "2022-08-15 济南市科协"
    folder.mkdir()
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def _one(report: InboxReport) -> tuple[set[tuple[str, str]], dict[str, tuple[Status, str, str]]]:
    (sub,) = report.batch.submissions
    codes = {(f.code, f.pointer) for f in sub.findings}
    ledger = {f.path.split("/", 1)[1]: (f.status, f.role, f.code) for f in report.files}
    return codes, ledger


@pytest.mark.parametrize("form", ["application", "recommendation"])
def test_an_odt_reads_as_the_same_submission_as_the_docx(
    edition: Edition, tmp_path: Path, form: str
) -> None:
    data = application_data() if form == "application" else recommendation_data()
    docx = E.filled(edition, form, data)
    odt = docx_to_odt(docx)
    (tmp_path / "f.odt").write_bytes(odt)
    (tmp_path / "f.docx").write_bytes(docx)
    assert sniff(tmp_path / "f.odt").kind == "odt"
    from_odt = read_form(edition, tmp_path / "f.odt")
    from_docx = read_form(edition, tmp_path / "f.docx")
    assert from_odt.form == form
    assert from_odt.codes() == from_docx.codes() == []
    assert from_odt.data == from_docx.data
    assert from_odt.unit == from_docx.unit


def test_an_odt_in_an_email_folder_is_its_word_file(edition: Edition, tmp_path: Path) -> None:
    odt = docx_to_odt(E.filled(edition, "application", application_data()))
    _folder(tmp_path, {"申报表.odt": odt, "申报表.pdf": PDF})
    report = check_inbox(edition, tmp_path, now=NOW)
    codes, ledger = _one(report)
    assert ledger["申报表.odt"] == ("used", "word", "")
    assert {f.kind for f in report.files if f.path.endswith(".odt")} == {"odt"}
    assert not {c for c, _p in codes if c.startswith(("deliverables.", "read."))}
    (sub,) = report.submissions
    assert sub.read and sub.project_name == application_data()["project_name"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_an_odt_saved_by_libreoffice_reads_as_the_docx(edition: Edition, tmp_path: Path) -> None:
    docx = E.filled(edition, "application", application_data())
    (tmp_path / "form.docx").write_bytes(docx)
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "form.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    odt = tmp_path / "out" / "form.odt"
    assert sniff(odt).kind == "odt"
    result = read_form(edition, odt)
    assert result.codes() == []
    assert result.data == read_form(edition, tmp_path / "form.docx").data


def test_a_non_breaking_hyphen_in_an_odt_is_a_hyphen(edition: Edition, tmp_path: Path) -> None:
    """LibreOffice keeps a non-breaking hyphen (Ctrl+Shift+-, as in Word) as
    U+2011: read as ``-``, as the .docx's ``w:noBreakHyphen`` is (the phone
    number was read with U+2011, and validation called it full width)."""
    data = application_data(project_name="AB-CD")
    data["contact"]["office_phone"] = "0531-82073271"
    typed = application_data(project_name="AB\u2011CD")
    typed["contact"]["office_phone"] = "0531\u201182073271"
    (tmp_path / "f.odt").write_bytes(docx_to_odt(E.filled(edition, "application", typed)))
    result = read_form(edition, tmp_path / "f.odt")
    assert (result.codes(), result.data) == ([], data)


def test_a_soft_hyphen_in_an_odt_is_no_text(edition: Edition, tmp_path: Path) -> None:
    """LibreOffice keeps a soft hyphen (Ctrl+-, as in Word) as U+00AD: left
    out, as the .docx's ``w:softHyphen`` is (the .odt's name kept it)."""
    data = application_data(project_name="海洋科普联盟")
    typed = application_data(project_name="海洋科\u00ad普联盟")
    (tmp_path / "f.odt").write_bytes(docx_to_odt(E.filled(edition, "application", typed)))

    def soft_hyphen(doc: DocxDocument) -> None:
        run = E._value_cell(doc, "项目名称").paragraphs[0].runs[0]
        run.text = "海洋科"
        run._r.append(OxmlElement("w:softHyphen"))
        run.add_text("普联盟")

    docx = E.edit(E.filled(edition, "application", data), soft_hyphen)
    (tmp_path / "f.docx").write_bytes(docx)
    names = ["f.odt", "f.docx"]
    if SOFFICE is not None:  # (the .docx saved as .odt by LibreOffice: U+00AD)
        subprocess.run(
            [
                *(str(SOFFICE), f"-env:UserInstallation=file://{tmp_path / 'profile'}"),
                *("--headless", "--convert-to", "odt", "--outdir", str(tmp_path / "out")),
                str(tmp_path / "f.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        names.append("out/f.odt")
    for name in names:
        result = read_form(edition, tmp_path / name)
        assert (name, result.codes(), result.data) == (name, [], data)


def test_an_odt_with_a_doctype_is_refused(edition: Edition, tmp_path: Path) -> None:
    odt = docx_to_odt(E.filled(edition, "application", application_data()))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "content.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            dst.writestr(info, data)
    (tmp_path / "bomb.odt").write_bytes(out.getvalue())
    assert read_form(edition, tmp_path / "bomb.odt").codes() == ["read.doctype"]


@pytest.mark.parametrize("name", ["申报表.docx", "申报表.odt"])
def test_a_loose_form_whose_part_is_over_its_limit_is_a_submission(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A Word form whose text part is over the XML limit, sent alone: a
    submission that says so (read.too-large), as an .odt's is; the .docx
    was no submission, only the batch's inbox.unreadable "an unsafe
    archive"."""
    form = E.filled(edition, "application", application_data())
    data = docx_to_odt(form) if name.endswith(".odt") else form
    (tmp_path / name).write_bytes(data)
    monkeypatch.setattr("reform_brand.safeopen.MAX_XML_PART_BYTES", 4000)
    report = check_inbox(edition, tmp_path, now=NOW)
    (sub,) = report.submissions
    assert ("read.too-large", "") in [
        (f.code, f.pointer) for f in report.report_of(sub.id).findings
    ]
    assert not [f.code for f in report.batch.findings if f.code == "inbox.unreadable"]
    assert (report.file(name).status, report.file(name).code) == ("unreadable", "read.too-large")


@pytest.mark.parametrize("name", ["申报表.doc", "申报表.wps"])
def test_a_doc_or_wps_is_a_word_file_sent_but_unreadable(
    edition: Edition, tmp_path: Path, name: str
) -> None:
    _folder(tmp_path, {name: OLE, "申报表.pdf": PDF})
    report = check_inbox(edition, tmp_path, now=NOW)
    codes, ledger = _one(report)
    assert ledger[name] == ("unreadable", "word", "read.legacy-doc")
    assert ledger["申报表.pdf"] == ("used", "signed-scan", "")
    assert ("read.legacy-doc", "/data") in codes
    assert not {c for c, _p in codes if c.startswith("deliverables.")}
    (sub,) = report.submissions
    assert sub.word.endswith(name) and not sub.read


def test_docs_say_what_the_ledger_says_about_a_doc() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "inbox.md").read_text(encoding="utf-8")
    row = next(line for line in docs.splitlines() if "a `.doc` or `.wps` file" in line)
    assert "`unreadable`" in row and "`read.legacy-doc`" in row


@pytest.mark.parametrize(
    ("name", "data", "detail"),
    [
        ("申报表.doc", rb"{\rtf1\ansi\ansicpg936 {\fonttbl{\f0 SimSun;}}\f0 x\par}", "rtf"),
        (
            "申报表.doc",
            b'\xef\xbb\xbf<html xmlns:w="urn:schemas-microsoft-com:office:word">'
            b"<body><table><tr><td>x</td></tr></table></body></html>",
            "word-html",  # (Word's namespace: the form saved by Word as a page)
        ),
        (
            "申报表.doc",
            b"<html><body><table><tr><td>x</td></tr></table></body></html>",
            "html",
        ),
        (
            "申报表.doc",
            b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n--b\n'
            b"Content-Type: text/html\n\n<html></html>\n--b--\n",
            "mht",
        ),
        (
            # (A web system's export: a Word 2003 XML template filled in.)
            "申报表.doc",
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<?mso-application progid="Word.Document"?>\n<w:wordDocument xmlns:w='
            b'"http://schemas.microsoft.com/office/word/2003/wordml"><w:body/></w:wordDocument>',
            "wordxml",
        ),
        (
            "申报表.docx",
            b'<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office='
            b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3" '
            b'office:mimetype="application/vnd.oasis.opendocument.text"/>',
            "fodt",
        ),
    ],
)
def test_a_form_saved_as_rtf_or_a_web_page_under_a_word_name_says_what_it_is(
    edition: Edition, tmp_path: Path, name: str, data: bytes, detail: str
) -> None:
    """What older Word, WPS and web systems save as "Word" (RTF, a web page,
    a web archive) is the e-mail's Word file, whose reading names what it
    is (not "unknown content") and asks for a .docx."""
    _folder(tmp_path, {name: data, "申报表.pdf": PDF})
    report = check_inbox(edition, tmp_path, now=NOW)
    _codes, ledger = _one(report)
    assert ledger[name] == ("unreadable", "word", "read.not-docx")
    (sub,) = report.batch.submissions
    (found,) = [f for f in sub.findings if f.code == "read.not-docx"]
    assert found.params["detail"] == detail
    wrong = [f for f in sub.findings if f.code == "deliverables.wrong-type"]
    assert wrong and all(f.params["kind"] == "unknown" for f in wrong)


@pytest.mark.parametrize("name", ["申报表.docx", "扫描件.pdf", "材料.zip", "材料.bin"])
def test_a_loose_file_too_large_to_read_is_said_too_large(
    edition: Edition, tmp_path: Path, name: str
) -> None:
    """A file over the limit of a received file, refused by its size: not
    "an unsafe archive" (a damaged file to send again saved as .docx), nor
    a file of no known type passed over."""
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04")
    os.truncate(path, MAX_FILE_BYTES + 1)  # (sparse: cheap on disk)
    report = check_inbox(edition, tmp_path, now=NOW)
    assert (report.file(name).status, report.file(name).code) == ("unreadable", "read.too-large")
    [said] = [f for f in report.batch.findings if f.file == name]
    assert (said.code, said.params["limit"]) == ("read.too-large", MAX_FILE_BYTES)


_RTF = rb"{\rtf1\ansi\ansicpg936 {\fonttbl{\f0 SimSun;}}\f0 x\par}"
_WORD_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<?mso-application progid="Word.Document"?>\n<w:wordDocument xmlns:w='
    b'"http://schemas.microsoft.com/office/word/2003/wordml"><w:body/></w:wordDocument>'
)
_FODT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office='
    b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3" '
    b'office:mimetype="application/vnd.oasis.opendocument.text"/>'
)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("申报表.rtf", _RTF, "read.not-docx"),
        ("申报表.xml", _WORD_XML, "read.not-docx"),
        ("申报表.fodt", _FODT, "read.not-docx"),
        ("申报表.odt", _FODT, "read.not-docx"),
        ("申报表.wps", _RTF, "read.not-docx"),
        ("申报表.odt", b"PK\x03\x04" + b"\x00" * 60, "read.unreadable"),
        ("申报表.docm", b"PK\x03\x04" + b"\x00" * 60, "read.unreadable"),
    ],
    ids=["rtf", "word-xml", "fodt", "fodt-as-odt", "rtf-as-wps", "odt-cut-short", "docm-cut-short"],
)
def test_a_form_saved_as_another_document_is_the_mails_word_file(
    edition: Edition, tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    """A form saved by Word or WPS as RTF or Word XML, by LibreOffice as a
    flat .fodt, under that name, or a damaged .odt or .wps, is the e-mail's
    Word file, whose reading says what it is: the e-mail's submission was
    lost behind inbox.unknown-file and inbox.no-form."""
    _folder(tmp_path, {name: data, "申报表.pdf": PDF})
    report = check_inbox(edition, tmp_path, now=NOW)
    codes, ledger = _one(report)
    assert ledger[name] == ("unreadable", "word", code)
    assert (code, "") in codes
    assert not {f.code for f in report.batch.findings} & {"inbox.no-form", "inbox.unknown-file"}


def test_a_loose_rtf_says_what_it_is(edition: Edition, tmp_path: Path) -> None:
    """A loose form saved as RTF is named as one, not as unknown content."""
    (tmp_path / "申报表.rtf").write_bytes(_RTF)
    report = check_inbox(edition, tmp_path, now=NOW)
    (found,) = [f for f in report.batch.findings if f.file.endswith("申报表.rtf")]
    assert found.code == "inbox.unreadable"
    assert localized(found, "detail").en == kind_name("unknown", "rtf")[1]


def test_a_form_saved_as_rtf_beside_its_docx_is_no_second_submission(
    edition: Edition, tmp_path: Path
) -> None:
    """Sent beside the .docx, the same form saved as RTF is a file of no
    use named as what it is: the .docx keeps its scan, and no second
    submission is made of the RTF."""
    docx = E.filled(edition, "application", application_data())
    _folder(tmp_path, {"申报表.docx": docx, "申报表.rtf": _RTF, "申报表.pdf": PDF})
    report = check_inbox(edition, tmp_path, now=NOW)
    _codes, ledger = _one(report)
    assert ledger["申报表.docx"] == ("used", "word", "")
    assert ledger["申报表.pdf"] == ("used", "signed-scan", "")
    assert ledger["申报表.rtf"] == ("ignored", "", "inbox.unknown-file")
    (found,) = [f for f in report.batch.findings if f.code == "inbox.unknown-file"]
    assert localized(found, "detected").en == kind_name("unknown", "rtf")[1]


def test_a_web_page_beside_the_form_is_named_as_one(edition: Edition, tmp_path: Path) -> None:
    """A file of no use whose first bytes tell what it is (the form saved as
    a web page, beside its .docx) is named so, not as unknown content."""
    docx = E.filled(edition, "application", application_data())
    page = b"<html><body><table><tr><td>x</td></tr></table></body></html>"
    _folder(tmp_path, {"申报表.docx": docx, "申报表.htm": page, "申报表.pdf": PDF})
    report = check_inbox(edition, tmp_path, now=NOW)
    (found,) = [f for f in report.batch.findings if f.code == "inbox.unknown-file"]
    assert found.file.endswith("申报表.htm")
    assert localized(found, "detected").en == kind_name("unknown", "html")[1]


_ENCRYPTION = (
    b"<manifest:encryption-data"
    b' manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k"'
    b' manifest:checksum="AAAA"><manifest:algorithm'
    b' manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc"'
    b' manifest:initialisation-vector="AAAA"/><manifest:key-derivation'
    b' manifest:key-derivation-name="PBKDF2" manifest:key-size="32"'
    b' manifest:iteration-count="100000" manifest:salt="AAAA"/></manifest:encryption-data>'
)


def _with_password(odt: bytes) -> bytes:
    """``odt`` as LibreOffice saves it with a password to open it: its
    content and styles encrypted (no XML), the manifest saying so."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename in ("content.xml", "styles.xml"):
                part = bytes((b * 7 + 3) % 256 for b in part)
            elif info.filename == "META-INF/manifest.xml":
                for name in (b"content.xml", b"styles.xml"):
                    entry = b'manifest:full-path="' + name + b'" manifest:media-type="text/xml">'
                    assert entry in part
                    part = part.replace(entry, entry + _ENCRYPTION)
            dst.writestr(info, part)
    return out.getvalue()


def test_an_odt_with_a_password_says_so(edition: Edition, tmp_path: Path) -> None:
    """An .odt saved with a password to open it is read.unreadable for its
    password, as a .docx with one is (it was "damaged: its XML does not
    parse", and the unit would send the same file again)."""
    odt = _with_password(docx_to_odt(E.filled(edition, "application", application_data())))
    (tmp_path / "申报表.odt").write_bytes(odt)
    result = read_form(edition, tmp_path / "申报表.odt")
    (found,) = result.findings
    assert (found.code, localized(found, "detail").value) == ("read.unreadable", "encrypted")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _folder(inbox, {"申报表.odt": odt, "申报表.pdf": PDF})
    report = check_inbox(edition, inbox, now=NOW)
    _codes, ledger = _one(report)
    assert ledger["申报表.odt"] == ("unreadable", "word", "read.unreadable")


def test_an_odt_with_a_password_beside_a_form_is_not_called_no_form(
    edition: Edition, tmp_path: Path
) -> None:
    """Loose beside a form that reads, an .odt with a password to open it
    is its own submission, read.unreadable for its password: it was "a Word
    document that is no form: no form title, no table", ignored, as its
    encrypted content holds no table's XML."""
    docx = E.filled(edition, "application", application_data())
    odt = _with_password(docx_to_odt(E.filled(edition, "recommendation", recommendation_data())))
    (tmp_path / "申报表.docx").write_bytes(docx)
    (tmp_path / "推荐表.odt").write_bytes(odt)
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = {f.path: (f.status, f.code) for f in report.files}
    assert ledger["推荐表.odt"] == ("unreadable", "read.unreadable")
    assert "inbox.unknown-file" not in {f.code for f in report.batch.findings}


def _office_package(main: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(main, "<x/>")
        z.writestr("docProps/app.xml", "<Properties/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "main", "kind"),
    [
        ("汇总表.xlsx", "xl/workbook.xml", "xlsx"),
        ("汇总表.xlsb", "xl/workbook.bin", "xlsx"),
        ("汇报.pptx", "ppt/presentation.xml", "pptx"),
    ],
)
def test_an_excel_or_powerpoint_file_beside_the_form_is_no_archive(
    edition: Edition, tmp_path: Path, name: str, main: str, kind: str
) -> None:
    """A summary table sent as an .xlsx beside the form is a file of no use,
    named as what it is: it was opened as a zip archive ("used"), each of
    its parts a file of unknown content."""
    docx = E.filled(edition, "application", application_data())
    _folder(tmp_path, {"申报表.docx": docx, "申报表.pdf": PDF, name: _office_package(main)})
    assert (sniff(tmp_path / "2022-08-15 济南市科协" / name).detail) == kind
    report = check_inbox(edition, tmp_path, now=NOW)
    _codes, ledger = _one(report)
    assert ledger == {
        "manifest.toml": ("used", "manifest", ""),
        "申报表.docx": ("used", "word", ""),
        "申报表.pdf": ("used", "signed-scan", ""),
        name: ("ignored", "", "inbox.unknown-file"),
    }


def test_an_odt_with_a_password_named_by_an_envelope_is_unreadable(
    edition: Edition, tmp_path: Path
) -> None:
    """Named as a JSON submission's Word file, an .odt with a password to
    open it is read.unreadable for its password, as a .docx with one is
    and as the inbox says of it loose: nothing was said of it."""
    import datetime as dt
    import json

    from reform_brand import Validator
    from reform_brand.host import Host
    from reform_brand.testing import SubmissionFactory, write_attachments

    before = dt.datetime(2022, 8, 20, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    envelope = SubmissionFactory(edition)()
    write_attachments(tmp_path, envelope)
    [word] = [a for a in envelope["attachments"] if a["role"] == "word"]
    (tmp_path / word["path"]).unlink()
    word["path"] = word["path"].rsplit(".", 1)[0] + ".odt"
    odt = _with_password(docx_to_odt(E.filled(edition, "application", application_data())))
    (tmp_path / word["path"]).write_bytes(odt)
    found = sniff(tmp_path / word["path"])
    assert (found.kind, found.detail) == ("odt", "encrypted")
    at = f"/attachments/{envelope['attachments'].index(word)}/path"
    validator = Validator(edition, Host.create(block=()).rules.for_edition(edition.id))
    report = validator.validate(envelope, base_dir=tmp_path, now=before)
    assert [(f.code, f.pointer) for f in report.findings] == [("read.unreadable", at)]
    assert localized(report.findings[0], "detail").value == "encrypted"
    (tmp_path / "submission.json").write_text(json.dumps(envelope), encoding="utf-8")
    inbox = check_inbox(edition, tmp_path, now=before)
    [sub] = inbox.batch.submissions
    assert [(f.code, f.pointer) for f in sub.findings] == [("read.unreadable", at)]
