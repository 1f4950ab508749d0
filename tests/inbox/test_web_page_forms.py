"""A form saved as a web page by Word or WPS (Save as Web Page: an .htm, or
a single-file .mht), told by what it holds, never by its name: the form in
a format that cannot be read, as one saved as RTF is (read.not-docx, or a
copy beside its .docx); any other web page stays a file of no use."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from reform_brand._kinds import saved_by_word
from reform_brand.cli import main
from reform_brand.model import Edition
from reform_brand.office import check_inbox
from reform_brand.safeopen import kind_name, sniff
from reform_brand.submission import read_envelope
from tests.finding_params import localized
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data
from tests.inbox.test_formats import PDF, _folder, _one

#: The first lines of a page Word saves (Save as Web Page), as Word 2016
#: writes them (in the office's code page).
_WORD_HEAD = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml"\n'
    'xmlns:o="urn:schemas-microsoft-com:office:office"\n'
    'xmlns:w="urn:schemas-microsoft-com:office:word"\n'
    'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"\n'
    'xmlns="http://www.w3.org/TR/REC-html40">\n\n<head>\n'
    '<meta http-equiv=Content-Type content="text/html; charset=gb2312">\n'
    "<meta name=ProgId content=Word.Document>\n"
    '<meta name=Generator content="Microsoft Word 15">\n'
    '<meta name=Originator content="Microsoft Word 15">\n'
    '<link rel=File-List href="申报表.files/filelist.xml">\n'
    "<title>山东省科协系统深化改革项目申报表</title>\n"
    "<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>jnkx</o:Author>\n"
    " </o:DocumentProperties>\n</xml><![endif]-->\n</head>\n\n"
)
_BODY = (
    "<body lang=ZH-CN style='tab-interval:21.0pt'>\n<div class=WordSection1>\n"
    "<p class=MsoNormal align=center>山东省科协系统深化改革项目申报表</p>\n"
    "<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>项目名称</p></td>"
    "<td><p class=MsoNormal>科技志愿服务</p></td></tr></table>\n</div>\n</body>\n</html>\n"
)
WORD_PAGE = (_WORD_HEAD + _BODY).encode("gb18030")
#: Word's "Web Page, Filtered": no namespace of Word's, its generator still.
FILTERED_PAGE = (
    '<html>\n<head>\n<meta http-equiv=Content-Type content="text/html; charset=utf-8">\n'
    '<meta name=Generator content="Microsoft Word 15 (filtered)">\n</head>\n' + _BODY
).encode("utf-8")
#: WPS's page: its own generator (attributes in the other order).
WPS_PAGE = (
    '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
    '<meta content="WPS Office" name="Generator">\n</head>\n' + _BODY
).encode("utf-8")
#: What is no form saved as a page: a page of a site, and a mail's body
#: Outlook saved as a page (Word is Outlook's editor: its namespace, and
#: its generator "filtered medium").
PLAIN_PAGE = (
    b"<!DOCTYPE html>\n<html><head><meta name=generator content=Hugo><title>x</title></head>"
    b"<body><table><tr><td>x</td></tr></table></body></html>"
)
MAIL_BODY_PAGE = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:'
    'office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-'
    'html40"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8">'
    '<meta name=Generator content="Microsoft Word 15 (filtered medium)"></head>'
    "<body><p class=MsoNormal>各位老师好，申报材料见附件。</p></body></html>"
).encode()

#: The header and footer Word saves beside the page, in ``申报表.files/``:
#: Word's page too, which names the page it belongs to.
HEADER_PAGE = (
    _WORD_HEAD.replace(
        "<link rel=File-List",
        '<link id=Main-File rel=Main-File href="../申报表.htm">\n<link rel=File-List',
    )
    + "<body><div style='mso-element:header' id=h1><p class=MsoHeader>第 1 页</p></div>"
    "</body></html>"
).encode("gb18030")


def web_archive(page: bytes, *, cte: str = "quoted-printable") -> bytes:
    """``page`` in a single-file web page (.mht) as Word saves one: a MIME
    message ``multipart/related``, Word's note first, the page (``cte``:
    its transfer encoding) and a picture of it."""
    msg = EmailMessage()
    msg["MIME-Version"] = "1.0"
    msg.set_content(page.decode("utf-8"), subtype="html", cte=cte)
    msg["Content-Location"] = "file:///C:/D1A2B3C4/form.htm"
    msg.make_related()
    msg.preamble = (
        "This document is a Single File Web Page, also known as a Web Archive file.  If you "
        "are seeing this message, your browser or editor doesn't support Web Archive files."
    )
    msg.add_related(b"GIF89a\x01\x00\x01\x00", maintype="image", subtype="gif", cid="<p1>")
    return msg.as_bytes()


WORD_ARCHIVE = web_archive((_WORD_HEAD + _BODY).encode("utf-8"))
WORD_ARCHIVE_BASE64 = web_archive((_WORD_HEAD + _BODY).encode("utf-8"), cte="base64")
PLAIN_ARCHIVE = web_archive(PLAIN_PAGE)

FORMS = {
    "word.htm": (WORD_PAGE, "word-html"),
    "word.html": (WORD_PAGE, "word-html"),
    "filtered.htm": (FILTERED_PAGE, "word-html"),
    "wps.html": (WPS_PAGE, "word-html"),
    "word.mht": (WORD_ARCHIVE, "word-mht"),
    "word-base64.mhtml": (WORD_ARCHIVE_BASE64, "word-mht"),
    "word-crlf.mht": (WORD_ARCHIVE.replace(b"\n", b"\r\n"), "word-mht"),  # (as Word ends lines)
}
PAGES = {
    "plain.htm": (PLAIN_PAGE, "html"),
    "mail-body.htm": (MAIL_BODY_PAGE, "html"),
    "word-header.htm": (HEADER_PAGE, "html"),
    "plain.mht": (PLAIN_ARCHIVE, "mht"),
}


@pytest.mark.parametrize("case", sorted(FORMS | PAGES))
def test_a_page_is_told_by_what_it_holds(tmp_path: Path, case: str) -> None:
    data, detail = (FORMS | PAGES)[case]
    path = tmp_path / "申报表.txt"  # (never by its name)
    path.write_bytes(data)
    found = sniff(path)
    assert (found.kind, found.detail) == ("unknown", detail)
    assert saved_by_word(detail.removeprefix("word-"), data) == detail


def test_a_page_of_no_known_make_or_a_broken_archive_is_no_form() -> None:
    assert saved_by_word("mht", b"MIME-Version: 1.0\nContent-Type: multipart/related\n\n") == "mht"
    cut = WORD_ARCHIVE[: WORD_ARCHIVE.index(b"<html")]  # (the page not reached)
    assert saved_by_word("mht", cut) == "mht"
    for junk in (b"\xff\xfe" * 100, b"Content-Type: text/html; charset=\xff\n\n=ZZ", b"--"):
        assert saved_by_word("mht", b"MIME-Version: 1.0\n" + junk) == "mht"
    base64 = b"Content-Type: text/html\nContent-Transfer-Encoding: base64\n\n"
    for junk in (b"=" * 5000, b"a=b=c=\n", b"\xff" * 100):
        assert saved_by_word("mht", b"MIME-Version: 1.0\n" + base64 + junk) == "mht"
    # Parts nested deeper than a parser's recursion goes: no page, no error.
    nested = b"".join(
        b'--b%d\nContent-Type: multipart/related; boundary="b%d"\n\n' % (i, i + 1)
        for i in range(3000)
    )
    top = b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b0"\n\n'
    assert saved_by_word("mht", top + nested) == "mht"
    assert saved_by_word("rtf", WORD_PAGE) == "rtf"


@pytest.mark.parametrize("case", sorted(FORMS))
def test_a_form_saved_as_a_web_page_is_the_mails_word_file(
    edition: Edition, tmp_path: Path, case: str
) -> None:
    """Alone in its e-mail, the page is the e-mail's Word file, unreadable,
    whose reading says what it is: it was inbox.unknown-file, and the
    e-mail's submission lost behind inbox.no-form."""
    data, detail = FORMS[case]
    name = "申报表" + case[case.index(".") :]
    _folder(tmp_path, {name: data, "申报表.pdf": PDF})
    report = check_inbox(edition, tmp_path, now=NOW)
    codes, ledger = _one(report)
    assert ledger[name] == ("unreadable", "word", "read.not-docx")
    assert ("read.not-docx", "") in codes
    (sub,) = report.batch.submissions
    (found,) = [f for f in sub.findings if f.code == "read.not-docx"]
    assert found.params["detail"] == detail
    assert localized(found, "detected").en == kind_name("unknown", detail)[1]
    assert not {f.code for f in report.batch.findings} & {"inbox.no-form", "inbox.unknown-file"}


@pytest.mark.parametrize("case", sorted(PAGES))
def test_any_other_web_page_stays_what_it_was(edition: Edition, tmp_path: Path, case: str) -> None:
    """A page of a site, a mail's body Outlook saved as a page, an archive
    of such a page: no form, whatever its name (a page a file of no use
    named as a page, as before)."""
    data, detail = PAGES[case]
    name = "申报表" + case[case.index(".") :]
    _folder(tmp_path, {name: data, "申报表.pdf": PDF})
    report = check_inbox(edition, tmp_path, now=NOW)
    assert not [f for f in report.files if f.role == "word"]
    codes = {f.code for f in report.batch.findings}
    codes |= {f.code for s in report.batch.submissions for f in s.findings}
    assert "read.not-docx" not in codes
    if detail == "html":
        assert report.file(f"2022-08-15 济南市科协/{name}").code == "inbox.unknown-file"
        (found,) = [f for f in report.batch.findings if f.code == "inbox.unknown-file"]
        assert localized(found, "detected").en == kind_name("unknown", detail)[1]


@pytest.mark.parametrize("case", ["word.htm", "word.mht"])
def test_a_form_saved_as_a_web_page_beside_its_docx_is_a_copy(
    edition: Edition, tmp_path: Path, case: str
) -> None:
    """Beside the .docx, the same form saved as a page is a file of no use
    named as what it is, as the RTF copy is: no second submission."""
    data, detail = FORMS[case]
    name = "申报表" + case[case.index(".") :]
    docx = E.filled(edition, "application", application_data())
    _folder(tmp_path, {"申报表.docx": docx, name: data, "申报表.pdf": PDF})
    report = check_inbox(edition, tmp_path, now=NOW)
    _codes, ledger = _one(report)
    assert ledger["申报表.docx"] == ("used", "word", "")
    assert ledger["申报表.pdf"] == ("used", "signed-scan", "")
    assert ledger[name] == ("ignored", "", "inbox.unknown-file")
    (found,) = [f for f in report.batch.findings if f.code == "inbox.unknown-file"]
    assert localized(found, "detected").en == kind_name("unknown", detail)[1]


def test_a_form_saved_as_a_web_page_with_its_folder_is_one_form(
    edition: Edition, tmp_path: Path
) -> None:
    """Word saves the page's pictures, its header and footer (Word's pages
    too) in a folder beside it, which a unit sends with it: one form, whose
    parts are files of no use, not a second submission."""
    folder = _folder(tmp_path, {"申报表.htm": WORD_PAGE, "申报表.pdf": PDF})
    parts = folder / "申报表.files"
    parts.mkdir()
    (parts / "header.htm").write_bytes(HEADER_PAGE)
    (parts / "filelist.xml").write_bytes(
        b'<xml xmlns:o="urn:schemas-microsoft-com:office:office">'
        b'<o:MainFile HRef="../\xe7\x94\xb3\xe6\x8a\xa5\xe8\xa1\xa8.htm"/>'
        b'<o:File HRef="header.htm"/></xml>'
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    _codes, ledger = _one(report)
    assert ledger["申报表.htm"] == ("unreadable", "word", "read.not-docx")
    assert ledger["申报表.files/header.htm"] == ("ignored", "", "inbox.unknown-file")
    assert "inbox.several-forms" not in {f.code for f in report.batch.findings}


#: A picture (a PNG's signature and a little more).
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)


@pytest.mark.parametrize("side", ["申报表.files", "申报表_files"])
def test_a_picture_of_the_page_s_folder_is_no_photo_of_the_signed_form(
    edition: Edition, tmp_path: Path, side: str
) -> None:
    """With no PDF, one picture beside a form stands for its scan (a photo
    of the signed form); a picture in the folder Word saves beside the page
    is a part of the page, a file of no use, and the scan is missing."""
    folder = _folder(tmp_path, {"申报表.htm": WORD_PAGE})
    (folder / side).mkdir()
    (folder / side / "image001.png").write_bytes(PNG)
    report = check_inbox(edition, tmp_path, now=NOW)
    _codes, ledger = _one(report)
    assert ledger[f"{side}/image001.png"] == ("ignored", "", "inbox.unknown-file")
    assert not [f for f in report.files if f.role == "signed-scan"]
    # A photo beside the page, out of its folder, is still taken for the scan.
    (folder / "签字页.png").write_bytes(PNG)
    report = check_inbox(edition, tmp_path, now=NOW)
    _codes, ledger = _one(report)
    assert ledger["签字页.png"][:2] == ("used", "signed-scan")


def test_a_loose_form_saved_as_a_web_page_says_what_it_is(edition: Edition, tmp_path: Path) -> None:
    (tmp_path / "申报表.htm").write_bytes(WORD_PAGE)
    report = check_inbox(edition, tmp_path, now=NOW)
    (found,) = [f for f in report.batch.findings if f.file == "申报表.htm"]
    assert found.code == "inbox.unreadable"
    assert localized(found, "detail").en == kind_name("unknown", "word-html")[1]


@pytest.mark.parametrize("case", ["word.htm", "word.mht"])
def test_a_form_saved_as_a_web_page_given_to_check_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    """``check EDITION 申报表.htm``: not a submission file, named as the form
    saved as a page (it was "a web page (HTML)")."""
    data, detail = FORMS[case]
    path = tmp_path / ("申报表" + case[case.index(".") :])
    path.write_bytes(data)
    value, problems = read_envelope(path)
    [(code, params)] = problems
    assert value is None
    assert (code, params["kind"], params["kind_en"]) == (
        "file.not-a-submission",
        *kind_name("unknown", detail),
    )
    assert main(["check", "shandong-2022", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    [finding] = [f for s in report["submissions"] for f in s["findings"]]
    assert finding["params"]["kind"]["en"] == kind_name("unknown", detail)[1]
