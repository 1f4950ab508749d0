"""An inbox that nobody here prepared: forms filled as units do, scans, junk,
hostile files.  Every file is accounted for, the findings are right, and
nothing is modified."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from reform_brand.findings import Finding
from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox, stem_key
from reform_brand.office._inbox import InboxSubmission, Material
from reform_brand.office._intake import placed
from tests.closed import close_folder, refuse_realpath
from tests.finding_params import localized, texts
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data, recommendation_data

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _hashes(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, dirs, names in os.walk(root, followlinks=False):
        for n in names + [d for d in dirs if Path(dirpath, d).is_symlink()]:
            p = Path(dirpath, n)
            if p.is_symlink():
                out[str(p.relative_to(root))] = "link:" + os.readlink(p)
            elif p.is_file():
                out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[str(p.relative_to(root))] = "special"
    return out


def _entries(root: Path) -> set[str]:
    """Every entry a report must account for: files, links, specials, and
    hidden folders (as one entry each)."""
    out: set[str] = set()
    for dirpath, dirs, names in os.walk(root, followlinks=False):
        keep = []
        for d in dirs:
            rel = Path(dirpath, d).relative_to(root).as_posix()
            if Path(dirpath, d).is_symlink():
                out.add(rel)
            elif d.startswith("."):
                out.add(rel + "/")
            else:
                keep.append(d)
        dirs[:] = keep
        out.update(Path(dirpath, n).relative_to(root).as_posix() for n in names)
    return out


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<x/>")
        zf.writestr("word/document.xml", b"<" + b" " * (300 << 20))
    return out.getvalue()


def _doctype_docx(good: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(
                    b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
                )
            zout.writestr(info.filename, data)
    return out.getvalue()


def _libreoffice_resave(src: bytes, tmp: Path) -> bytes:
    """The form opened and saved again by LibreOffice Writer, as a unit using
    LibreOffice does."""
    work = tmp / "lo"
    work.mkdir()
    (work / "in.docx").write_bytes(src)
    profile = tmp / "lo-profile"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(work / "in.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (work / "out" / "in.docx").read_bytes()


@pytest.fixture(scope="module")
def inbox(edition: Edition, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inbox")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.docx").write_bytes(E.filled(edition, "application", application_data()))

    # An e-mail with a manifest: two forms (content controls, tracked changes)
    # and their scans, paired by the manifest; a progress summary too long.
    a = root / "mail-jinan"
    a.mkdir()
    (a / "一.docx").write_bytes(
        E.edit(
            E.filled(edition, "application", application_data()),
            E.content_controls("项目名称", "项目基础"),
        )
    )
    (a / "二.docx").write_bytes(
        E.edit(
            E.filled(edition, "application", application_data(project_name="第二个项目")),
            E.tracked_changes("项目实施", insert="（修订）", delete="旧文字"),
        )
    )
    (a / "scan-1.pdf").write_bytes(E.minimal_pdf(["one"]))
    (a / "scan-2.pdf").write_bytes(E.minimal_pdf(["two"]))
    (a / "进展情况.txt").write_text("字" * 2100, encoding="utf-8")
    (a / "manifest.toml").write_text(
        'sender = "a@example.cn"\n'
        "arrived_at = 2022-08-15T10:00:00+08:00\n"
        '[unit]\nname = "济南市科协"\nkind = "city-association"\n'
        '[[submissions]]\nword = "一.docx"\nscan = "scan-1.pdf"\nreform_items = [3]\n'
        '[[submissions]]\nword = "二.docx"\nscan = "scan-2.pdf"\nreform_items = [3, 9]\n'
        '[[materials]]\npath = "进展情况.txt"\nmaterial = "city-progress-summary"\n',
        encoding="utf-8",
    )

    # An e-mail without a manifest: one form saved by LibreOffice (or, where
    # it is missing, by python-docx) and its scan, paired as the only two.
    b = root / "mail-recommendation"
    b.mkdir()
    rec = E.filled(edition, "recommendation", recommendation_data())
    (b / "推荐表.docx").write_bytes(_libreoffice_resave(rec, root.parent) if SOFFICE else rec)
    (b / "推荐表 扫描.pdf").write_bytes(E.minimal_pdf(["rec"]))

    # A late e-mail whose Word file is a zip bomb, with a JSON manifest.
    c = root / "mail-late"
    c.mkdir()
    (c / "申报表.docx").write_bytes(_bomb())
    (c / "申报表.pdf").write_bytes(E.minimal_pdf(["late"]))
    (c / "manifest.json").write_text(
        '{"arrived_at": "2022-08-21T08:00:00+08:00", '
        '"unit": {"name": "青岛市科协", "kind": "city-association"}, "reform_items": [2]}',
        encoding="utf-8",
    )

    # An e-mail with a broken manifest and a form retyped by hand.
    d = root / "mail-retyped"
    d.mkdir()
    (d / "manifest.toml").write_text("this is = = not toml", encoding="utf-8")
    (d / "表.docx").write_bytes(
        E.retyped_application(edition, application_data(applicant_unit="德州市科协"))
    )

    # Loose files: a form and its scan matched by name; a form with a
    # DOCTYPE; a lonely scan; junk.
    (root / "淄博市科协-申报表.docx").write_bytes(
        E.filled(edition, "application", application_data(applicant_unit="淄博市科协"))
    )
    (root / "淄博市科协 申报表（盖章扫描件）.pdf").write_bytes(E.minimal_pdf(["zibo"]))
    (root / "laughs.docx").write_bytes(
        _doctype_docx(E.filled(edition, "application", application_data()))
    )
    (root / "孤单的扫描件.pdf").write_bytes(E.minimal_pdf(["alone"]))
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0junk")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "~$淄博市科协-申报表.docx").write_bytes(b"\x00" * 162)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "2021年度改革品牌项目总结-聊城市科协.docx").write_bytes(
        E.text_docx(["聊城市科协2021年度改革品牌项目总结", "正文。"])
    )
    os.symlink(outside / "secret.docx", root / "leak.docx")
    os.symlink(outside, root / "leak-dir")
    os.symlink(root / "淄博市科协-申报表.docx", root / "alias.docx")
    os.mkfifo(root / "pipe.docx")
    return root


@pytest.fixture(scope="module")
def report(edition: Edition, inbox: Path) -> InboxReport:
    before = _hashes(inbox)
    result = check_inbox(edition, inbox, now=NOW)
    assert _hashes(inbox) == before, "an input file was modified"
    return result


def test_every_file_is_accounted_for(report: InboxReport, inbox: Path) -> None:
    assert {f.path for f in report.files} == _entries(inbox)
    for f in report.files:
        assert f.status in ("used", "ignored", "unreadable")
        if f.status != "used":
            assert f.code, f.path


def test_no_temporary_or_output_file_left_in_the_inbox(report: InboxReport, inbox: Path) -> None:
    assert {f.path for f in report.files} == _entries(inbox)


def test_statuses_and_codes_of_odd_files(report: InboxReport) -> None:
    got = {f.path: (f.status, f.code) for f in report.files if f.status != "used"}
    assert got == {
        ".DS_Store": ("ignored", "inbox.ignored"),
        ".git/": ("ignored", "inbox.ignored"),
        "~$淄博市科协-申报表.docx": ("ignored", "inbox.ignored"),
        "leak.docx": ("unreadable", "inbox.symlink-outside"),
        "leak-dir": ("unreadable", "inbox.symlink-outside"),
        "alias.docx": ("ignored", "inbox.symlink"),
        "pipe.docx": ("ignored", "inbox.not-regular"),
        "photo.jpg": ("ignored", "inbox.unknown-file"),
        "孤单的扫描件.pdf": ("ignored", "inbox.unmatched-scan"),
        "laughs.docx": ("unreadable", "read.doctype"),
        "mail-late/申报表.docx": ("unreadable", "read.unsafe-zip"),
        "mail-retyped/manifest.toml": ("unreadable", "inbox.manifest-invalid"),
    }


def test_roles_of_used_files(report: InboxReport) -> None:
    roles = {f.path: f.role for f in report.files if f.status == "used"}
    assert roles["mail-jinan/一.docx"] == "word"
    assert roles["mail-jinan/scan-1.pdf"] == "signed-scan"
    assert roles["mail-jinan/manifest.toml"] == "manifest"
    assert roles["mail-jinan/进展情况.txt"] == "city-progress-summary"
    assert roles["mail-recommendation/推荐表 扫描.pdf"] == "signed-scan"
    assert roles["淄博市科协 申报表（盖章扫描件）.pdf"] == "signed-scan"
    assert roles["2021年度改革品牌项目总结-聊城市科协.docx"] == "summary-2021"
    assert report.file("mail-jinan/scan-2.pdf").submission == "mail-jinan/二.docx"


def _codes(report: InboxReport, sub: str) -> list[tuple[str, str]]:
    return [(f.code, f.pointer) for f in report.report_of(sub).findings]


def test_filled_forms_with_a_manifest_are_clean(report: InboxReport) -> None:
    # Clean but for the scans, which are PDFs exported with a text layer.
    exported = [("scan.not-scanned", "/attachments/1/path")]
    assert _codes(report, "mail-jinan/一.docx") == exported
    assert _codes(report, "mail-jinan/二.docx") == exported
    facts = {s.id: s for s in report.submissions}
    two = facts["mail-jinan/二.docx"]
    assert two.project_name == "第二个项目"
    assert two.reform_items == (3, 9)
    assert two.on_time is True
    assert two.data["project_implementation"] == "一是完善组织体系。（修订）\n二是创新工作方法。"
    assert "旧文字" not in two.data["project_implementation"]


def test_recommendation_without_manifest(report: InboxReport) -> None:
    codes = _codes(report, "mail-recommendation/推荐表.docx")
    assert ("inbox.kind-unknown", "/unit/kind") in codes
    assert ("deadline.arrival-unknown", "/arrived_at") in codes
    # A Word form cannot declare reform items: they are suggested instead of
    # the warning reform-items.undeclared.
    assert ("reform-items.suggested", "/reform_items") in codes
    assert ("reform-items.undeclared", "/reform_items") not in codes
    # The form itself read cleanly (in LibreOffice's saving too).
    assert not [c for c, _ in codes if c.startswith(("read.", "form."))]
    facts = {s.id: s for s in report.submissions}["mail-recommendation/推荐表.docx"]
    assert facts.read and facts.data == recommendation_data()


def test_late_zip_bomb(report: InboxReport) -> None:
    codes = _codes(report, "mail-late/申报表.docx")
    assert ("read.unsafe-zip", "") in codes
    assert ("deadline.late", "/arrived_at") in codes
    assert ("deliverables.unsafe-file", "/attachments/0/path") in codes
    # Nothing is said about form data that could not be read.
    assert not [p for _, p in codes if p.startswith("/data")]
    facts = {s.id: s for s in report.submissions}["mail-late/申报表.docx"]
    assert facts.on_time is False and not facts.read


def test_retyped_form_with_a_broken_manifest(report: InboxReport) -> None:
    codes = _codes(report, "mail-retyped/表.docx")
    assert ("deliverables.missing", "/attachments") in codes
    assert not [c for c, _ in codes if c.startswith("read.")]
    assert [
        (f.code, f.file) for f in report.batch.findings if f.code == "inbox.manifest-invalid"
    ] == [("inbox.manifest-invalid", "mail-retyped/manifest.toml")]


def test_loose_files_matched_by_name(report: InboxReport) -> None:
    facts = {s.id: s for s in report.submissions}["淄博市科协-申报表.docx"]
    assert facts.scan == "淄博市科协 申报表（盖章扫描件）.pdf"
    assert facts.unit_kind == "city-association"  # from the roster
    assert ("deadline.arrival-unknown", "/arrived_at") in _codes(report, facts.id)


def test_batch_findings(report: InboxReport) -> None:
    batch = {(f.code, f.file) for f in report.batch.findings}
    assert ("material.too-long", "mail-jinan/进展情况.txt") in batch
    # A loose Word file that cannot be read is still a submission, with why.
    assert ("read.doctype", "") in _codes(report, "laughs.docx")
    assert ("inbox.symlink-outside", "leak.docx") in batch
    assert ("inbox.unmatched-scan", "孤单的扫描件.pdf") in batch
    missing = [f for f in report.batch.findings if f.code == "material.missing"]
    assert len(missing) == 1
    assert "济南市科协" not in texts(missing[0], "units")
    assert "青岛市科协" in texts(missing[0], "units")


def test_nothing_outside_the_inbox_is_read(report: InboxReport) -> None:
    for s in report.submissions:
        assert not s.id.startswith(("leak", "alias"))
    assert all(not f.path.startswith("leak-dir/") for f in report.files)


def test_report_does_not_depend_on_the_order_of_the_walk(
    edition: Edition, inbox: Path, report: InboxReport
) -> None:
    again = check_inbox(edition, inbox, now=NOW)
    assert [s.id for s in again.submissions] == [s.id for s in report.submissions]
    assert again.files == report.files


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("济南市科协-申报表.docx", "济南市科协 申报表（盖章扫描件）.pdf"),
        ("Form_Final.docx", "form-signed.pdf"),
        ("申报表.docx", "申报表-扫描件.pdf"),
        # Printed or exported from the Word file, with its suffix left in.
        ("济南市科协-申报表.docx", "济南市科协-申报表.docx.pdf"),
        ("推荐表.DOC", "推荐表.doc.PDF"),
        ("申报表.docm", "申报表.docm.pdf"),
        ("申报表.dotx", "申报表.dotx.pdf"),
        ("申报表.docx", "申报表（盖章）.pdf.pdf"),
    ],
)
def test_stem_keys_match(a: str, b: str) -> None:
    assert stem_key(a) == stem_key(b)


def test_a_json_file_that_is_no_envelope_is_an_unknown_file(
    edition: Edition, tmp_path: Path
) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "sub.json").write_text('{"note": 1}', encoding="utf-8")
    report = check_inbox(edition, tmp_path, now=NOW)
    assert report.file("sub.json").code == "inbox.unknown-file"
    assert report.file("sub.json").kind == "json"
    assert report.file("a.pdf").code == "inbox.unmatched-scan"
    assert report.batch.submissions == ()


def test_pictures_and_winmail_dat_are_named_for_the_clerk(edition: Edition, tmp_path: Path) -> None:
    """A file of no use to the check is told by its content: a picture; the
    winmail.dat into which Outlook packs a rich-text mail's attachments is
    opened (tests/inbox/test_tnef.py), this one holds nothing readable."""
    (tmp_path / "现场照片.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    (tmp_path / "scan.dat").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "winmail.dat").write_bytes(b"\x78\x9f\x3e\x22\x01\x00" + bytes(64))
    (tmp_path / "other.bin").write_bytes(bytes(range(64)))
    report = check_inbox(edition, tmp_path, now=NOW)
    kinds = {f.path: (f.kind, f.code) for f in report.files}
    assert kinds == {
        "现场照片.jpg": ("jpeg", "inbox.unknown-file"),
        "scan.dat": ("png", "inbox.unknown-file"),
        "winmail.dat": ("tnef", "inbox.tnef-unreadable"),
        "other.bin": ("unknown", "inbox.unknown-file"),
    }
    detected = {
        f.file: str(localized(f, "detected").en)
        for f in report.batch.findings
        if f.code == "inbox.unknown-file"
    }
    assert "picture" in detected["scan.dat"] and detected["other.bin"] == "unknown content"


def test_a_misspelt_unit_without_a_manifest_is_offered_the_closest_names(
    edition: Edition, tmp_path: Path
) -> None:
    for folder, unit in (("a", "济男市科协"), ("b", "某某研究所"), ("c", "")):
        (tmp_path / folder).mkdir()
        form = E.filled(edition, "application", application_data(applicant_unit=unit))
        (tmp_path / folder / "申报表.docx").write_bytes(form)
    report = check_inbox(edition, tmp_path, now=NOW)
    found = {
        f.submission.split("/")[0]: f
        for s in report.batch.submissions
        for f in s.findings
        if f.code == "inbox.kind-unknown"
    }
    assert tuple(texts(found["a"], "candidates")) == ("济南市科协", "济宁市科协")
    assert found["b"].params["candidates"] == () and found["c"].params["candidates"] == ()
    assert "济南市科协" in str(localized(found["a"], "did_you_mean").zh)
    assert found["c"].params["named"] == ""
    # No name, nothing looked up: no word of the roster; a name close to none is told so.
    assert (
        str(found["c"].params["did_you_mean"]) == ""
        and str(found["b"].params["did_you_mean"]) != ""
    )


JPEG = b"\xff\xd8\xff\xe0" + bytes(64)


def test_a_photo_sent_instead_of_the_scan_is_the_scan_of_the_wrong_type(
    edition: Edition, tmp_path: Path
) -> None:
    """A unit that photographs its signed form sends a picture where the PDF
    scan is asked for: alone beside the Word form, it stands for the scan
    (deliverables.wrong-type: a picture), and so does a picture named .pdf;
    two pictures, or a picture beside a PDF, are files of no use."""
    cases = {
        "photo": {"盖章页.jpg": JPEG},
        "named-pdf": {"盖章扫描件.pdf": JPEG},
        "two": {"1.jpg": JPEG, "2.jpg": JPEG},
        "beside-pdf": {"扫描件.pdf": E.minimal_pdf(["x"]), "p.jpg": JPEG},
    }
    for folder, files in cases.items():
        (tmp_path / folder).mkdir()
        data = application_data(project_name=f"项目{folder}")  # (four projects)
        (tmp_path / folder / "申报表.docx").write_bytes(E.filled(edition, "application", data))
        for name, content in files.items():
            (tmp_path / folder / name).write_bytes(content)
    report = check_inbox(edition, tmp_path, now=NOW)
    codes = {
        s.submission.split("/")[0]: {(f.code, f.pointer) for f in s.findings}
        for s in report.batch.submissions
    }
    wrong = ("deliverables.wrong-type", "/attachments/1/path")
    missing = ("deliverables.missing", "/attachments")
    assert wrong in codes["photo"] and missing not in codes["photo"]
    assert wrong in codes["named-pdf"]
    assert missing in codes["two"] and wrong not in codes["two"]
    assert wrong not in codes["beside-pdf"] and missing not in codes["beside-pdf"]
    [photo] = [
        f
        for s in report.batch.submissions
        for f in s.findings
        if f.code == "deliverables.wrong-type" and s.submission.startswith("photo/")
    ]
    assert str(localized(photo, "detected").en) == "a picture (JPEG)"
    assert report.file("photo/盖章页.jpg").status == "used"
    unknown = {f.file for f in report.batch.findings if f.code == "inbox.unknown-file"}
    assert unknown == {"two/1.jpg", "two/2.jpg", "beside-pdf/p.jpg"}


def test_files_that_are_not_what_their_names_say(edition: Edition, tmp_path: Path) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "申报表.pdf").write_bytes(E.filled(edition, "application", application_data()))
    (mail / "扫描件.docx").write_bytes(E.minimal_pdf(["scan"]))
    report = check_inbox(edition, tmp_path, now=NOW)
    assert report.file("mail/申报表.pdf").role == "word"
    assert report.file("mail/扫描件.docx").role == "signed-scan"
    codes = _codes(report, "mail/申报表.pdf")
    assert ("deliverables.misnamed", "/attachments/0/path") in codes
    assert ("deliverables.misnamed", "/attachments/1/path") in codes
    assert not [c for c, _ in codes if c.startswith("read.")]


def test_a_second_manifest_beside_the_first_is_named_as_such(
    edition: Edition, tmp_path: Path
) -> None:
    """An e-mail folder with manifest.toml and manifest.json: the first is
    read, the second ignored because the folder has one already (it was
    said to be below the folder's top)."""
    mail = tmp_path / "inbox" / "2022-08-15 济南市科协"
    mail.mkdir(parents=True)
    (mail / "manifest.toml").write_text('[unit]\nname = "济南市科协"\n', encoding="utf-8")
    (mail / "manifest.json").write_text('{"unit": {"name": "济南市科协"}}', encoding="utf-8")
    report = check_inbox(edition, tmp_path / "inbox", now=NOW)
    ignored = {
        f.file: getattr(f.params["reason"], "en", "")
        for f in report.batch.findings
        if f.code == "inbox.ignored"
    }
    assert "manifest.toml" in ignored["2022-08-15 济南市科协/manifest.json"]


def test_a_pdf_sent_as_the_word_file_keeps_its_submission(edition: Edition, tmp_path: Path) -> None:
    """An e-mail with no Word file, its 申报表.docx a PDF beside the signed
    scan: the unit's submission is there, and says its Word file is not one
    (it was lost: two unmatched scans, no submission, exit 0)."""
    mail = tmp_path / "inbox" / "2022-08-18 滨州市科协"
    mail.mkdir(parents=True)
    (mail / "manifest.toml").write_text(
        '[unit]\nname = "滨州市科协"\nkind = "city-association"\n', encoding="utf-8"
    )
    (mail / "申报表.docx").write_bytes(E.minimal_pdf(["申报表"]))
    (mail / "申报表-盖章.pdf").write_bytes(E.minimal_pdf(["scan"]))
    report = check_inbox(edition, tmp_path / "inbox", now=NOW)
    (sub,) = report.batch.submissions
    assert sub.unit == "滨州市科协"
    codes = {f.code for f in sub.findings}
    assert "read.not-docx" in codes
    assert report.file("2022-08-18 滨州市科协/申报表-盖章.pdf").role == "signed-scan"
    assert not report.batch.ok


def _no_form(report: InboxReport) -> list[tuple[str, str, str, object]]:
    return [
        (f.file, f.severity, f.unit, f.params.get("count"))
        for f in report.all_findings()
        if f.code == "inbox.no-form"
    ]


def _scans_only(mail: Path, unit: str, names: list[str]) -> None:
    """An e-mail folder of scans, with a manifest naming ``unit`` if given."""
    mail.mkdir()
    if unit:
        manifest = f'[unit]\nname = "{unit}"\nkind = "city-association"\n'
        (mail / "manifest.toml").write_text(manifest, encoding="utf-8")
    for name in names:
        (mail / name).write_bytes(E.minimal_pdf([name]))


def test_an_e_mail_whose_scans_make_no_submission_is_an_error(
    edition: Edition, tmp_path: Path
) -> None:
    """A unit's e-mail with scans and no Word form: what it sent is in no
    submission, and the report says so as an error (not only a warning for
    each scan); an e-mail whose one scan is its submission does not."""
    _scans_only(tmp_path / "mail-scans", "济南市科协", ["第一页.pdf", "第二页.pdf"])
    _scans_only(tmp_path / "mail-alone", "", ["盖章扫描件.pdf"])
    _scans_only(tmp_path / "mail-one-scan", "青岛市科协", ["扫描件.pdf"])
    (tmp_path / "loose.pdf").write_bytes(E.minimal_pdf(["loose"]))
    report = check_inbox(edition, tmp_path, now=NOW)
    assert sorted(_no_form(report)) == [
        ("mail-alone/", "error", "", 1),
        ("mail-scans/", "error", "济南市科协", 2),
    ]
    assert report.file("mail-scans/第一页.pdf").code == "inbox.unmatched-scan"
    assert report.file("loose.pdf").code == "inbox.unmatched-scan"
    # The one scan with a manifest is a submission without its Word file.
    [sub] = report.batch.submissions
    assert sub.unit == "青岛市科协"
    assert report.batch.counts.error > 0


def test_what_makes_no_submission_is_named_as_it_was_received(
    edition: Edition, tmp_path: Path
) -> None:
    """A zip at the top of the inbox, a folder, a mail file's mail: each is
    named as what it is ("此压缩包", "此文件夹", "此邮件"), where every one
    was "此邮件" (this e-mail)."""
    from tests.mail.mails import a_zip, mail, named

    pdfs = {f"{n}.pdf": E.minimal_pdf([f"scan {n}"]) for n in ("a", "b")}
    (tmp_path / "pack.zip").write_bytes(a_zip(**pdfs))
    _scans_only(tmp_path / "folder", "", list(pdfs))
    parts = [named(name, data, "application/pdf") for name, data in pdfs.items()]
    (tmp_path / "m.eml").write_bytes(mail(parts=parts))
    report = check_inbox(edition, tmp_path, now=NOW)
    received = {
        f.file.split("!")[0]: localized(f, "received").value
        for f in report.all_findings()
        if f.code == "inbox.no-form"
    }
    assert received == {"pack.zip": "archive", "folder/": "folder", "m.eml": "mail"}


def test_several_forms_are_said_to_be_in_what_was_received(
    edition: Edition, tmp_path: Path
) -> None:
    """Two forms and a scan that no name pairs: "此邮件中有 2 个 Word 表格"
    of a mail, where it was "同一文件夹中" (in one folder) of every one."""
    from tests.mail.mails import a_zip, mail, named

    files = {
        "一.docx": E.filled(edition, "application", application_data()),
        "二.docx": E.filled(edition, "application", application_data(project_name="科普中国")),
        "盖章.pdf": E.minimal_pdf(["scan"]),
    }
    (tmp_path / "pack.zip").write_bytes(a_zip(**files))
    (tmp_path / "folder").mkdir()
    for name, data in files.items():
        (tmp_path / "folder" / name).write_bytes(data)
    (tmp_path / "m.eml").write_bytes(mail(parts=[named(n, d) for n, d in files.items()]))
    report = check_inbox(edition, tmp_path, now=NOW)
    received = {
        f.file.split("!")[0]: localized(f, "received").value
        for f in report.all_findings()
        if f.code == "inbox.several-forms"
    }
    assert received == {"pack.zip": "archive", "folder/": "folder", "m.eml": "mail"}


def test_an_inbox_whose_only_e_mail_makes_no_submission_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reform_brand.cli import main

    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "a.pdf").write_bytes(E.minimal_pdf(["scan 1"]))
    (mail / "b.pdf").write_bytes(E.minimal_pdf(["scan 2"]))
    args = ["check", "shandong-2022", str(tmp_path), "--now", NOW.isoformat(), "--lang", "en"]
    assert main(args) == 1
    assert "ERROR inbox.no-form mail/" in capsys.readouterr().out


def test_an_e_mail_whose_word_file_cannot_be_read_keeps_its_submission(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Word file of an e-mail that cannot be opened (no permission) is
    still its Word file: the e-mail has its submission with the scan, not
    ``inbox.no-form`` or a submission missing its Word file."""
    import errno

    from reform_brand.office import _reader
    from reform_brand.opened import sniff_digest_open

    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "申报表.docx").write_bytes(E.filled(edition, "application", application_data()))
    (mail / "盖章扫描件.pdf").write_bytes(E.minimal_pdf(["scan"]))
    (mail / "附件.pdf").write_bytes(E.minimal_pdf(["more"]))
    real = sniff_digest_open

    def refusing(path: Path) -> object:
        if path.name == "申报表.docx":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(_reader, "sniff_digest_open", refusing)
    report = check_inbox(edition, tmp_path, now=NOW)
    assert _no_form(report) == []
    assert report.file("mail/申报表.docx").status == "unreadable"
    # (A permission of this computer: the sender need not send it again.)
    assert report.file("mail/申报表.docx").code == "inbox.unreadable-here"
    assert "inbox.unreadable" not in {f.code for f in report.batch.findings}
    [sub] = report.submissions
    assert sub.word == "mail/申报表.docx"


def test_a_file_finding_takes_the_one_unit_of_its_nearest_folder() -> None:
    def about(file: str, unit: str = "") -> Finding:
        return Finding(code="inbox.ignored", severity="info", file=file, unit=unit)

    subs = [
        InboxSubmission(id="a", folder="济南", unit="济南市科协"),
        InboxSubmission(id="b", folder="共用", unit="济南市科协"),
        InboxSubmission(id="c", folder="共用", unit="青岛市科协"),
        InboxSubmission(id="d", folder="济南/补发.zip!", unit="历下区科协"),
    ]
    mats = [Material(path="烟台/进展情况.docx", material="progress", unit="烟台市科协")]
    found = placed(
        [
            about("济南/Thumbs.db"),
            about("济南/照片/现场.jpg"),  # a folder below the unit's
            about("济南/补发.zip!/说明.txt"),  # the nearest folder wins
            about("共用/说明.txt"),  # two units: none
            about("烟台/说明.txt"),  # a material's unit
            about("说明.txt"),  # the inbox's top
            about("济南/a.txt", unit="青岛市科协"),  # a unit of its own is kept
        ],
        subs,
        mats,
    )
    assert [f.unit for f in found] == [
        "济南市科协",
        "济南市科协",
        "历下区科协",
        "",
        "烟台市科协",
        "",
        "青岛市科协",
    ]


def test_an_unreadable_form_stands_alone(report: InboxReport) -> None:
    # Its form and its unit's name are unknown for the reason read.* gives;
    # no finding about the envelope members the form would have filled.
    codes = _codes(report, "laughs.docx")
    assert ("read.doctype", "") in codes
    assert not [(c, p) for c, p in codes if p in ("/form", "/unit/name") or p.startswith("/data")]


@pytest.mark.parametrize(
    ("typed", "on_time"),
    [
        ("2022-08-15 16:42+08:00", True),  # no seconds, a space: ISO 8601
        (" 2022-08-15T16:42:00+08:00 ", True),  # padded
        ("2022-08-21 08:00+08:00", False),  # late, not unreadable
    ],
)
def test_a_manifests_arrival_time_as_a_clerk_types_it_is_read(
    edition: Edition, tmp_path: Path, typed: str, on_time: bool
) -> None:
    """A manifest is typed by a clerk: an arrival time without seconds or
    padded with spaces is the time it says, not `deadline.arrival-invalid`
    (an envelope's arrived_at is read strictly, as a portal's ajv reads it)."""
    mail = tmp_path / "inbox" / "mail"
    mail.mkdir(parents=True)
    (mail / "申报表.docx").write_bytes(
        E.filled(edition, "application", application_data(applicant_unit="济南市科协"))
    )
    (mail / "申报表.pdf").write_bytes(E.minimal_pdf(["jinan"]))
    (mail / "manifest.json").write_text(
        f'{{"arrived_at": "{typed}", "unit": {{"name": "济南市科协", '
        '"kind": "city-association"}}',
        encoding="utf-8",
    )
    report = check_inbox(edition, tmp_path / "inbox", now=NOW)
    (sub,) = report.submissions
    codes = {code for code, _pointer in _codes(report, sub.id)}
    assert "deadline.arrival-invalid" not in codes
    assert sub.on_time is on_time
    assert ("deadline.late" in codes) is (not on_time)


def test_a_link_whose_way_may_not_be_looked_into_is_unreadable(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link through a folder that may not be looked into (another user's)
    cannot be resolved: whether it leads inside the inbox is not known.  It
    stopped the whole check (cli.bad-path, exit 2); it is unreadable, with
    the reason, and the rest is read."""
    folder = tmp_path / "2022-08-17 淄博市科协"
    folder.mkdir()
    form = E.filled(edition, "application", application_data(applicant_unit="淄博市科协"))
    (folder / "淄博市科协申报表.docx").write_bytes(form)
    os.symlink(tmp_path.parent / "closed" / "x.pdf", folder / "附件.pdf")
    refuse_realpath(monkeypatch, "附件")
    report = check_inbox(edition, tmp_path, now=NOW)
    got = {f.path: (f.status, f.kind, f.code) for f in report.files}
    # (This computer's to fix, not the sender's to send again.)
    here = "inbox.unreadable-here"
    assert got["2022-08-17 淄博市科协/附件.pdf"] == ("unreadable", "symlink", here)
    (unreadable,) = [f for f in report.batch.findings if f.code == here]
    assert localized(unreadable, "detail").value == os.strerror(errno.EACCES)
    (sub,) = report.submissions
    assert sub.form == "application"


def test_a_folder_that_may_not_be_looked_into_is_unreadable(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit's folder that may not be looked into (mode 000, another
    user's): asking whether it is a Maildir (its ``cur/``) stopped the whole
    check (cli.bad-path, exit 2); it is unreadable, with the reason, and the
    other folders are read."""
    folder = tmp_path / "2022-08-17 淄博市科协"
    folder.mkdir()
    form = E.filled(edition, "application", application_data(applicant_unit="淄博市科协"))
    (folder / "淄博市科协申报表.docx").write_bytes(form)
    (tmp_path / "2022-08-18 济南市科协").mkdir()
    close_folder(monkeypatch, "2022-08-18 济南市科协")
    report = check_inbox(edition, tmp_path, now=NOW)
    got = {f.path: (f.status, f.code) for f in report.files}
    # (This computer's to fix, not the sender's to send again as a .docx.)
    assert got["2022-08-18 济南市科协/"] == ("unreadable", "inbox.unreadable-here")
    (unreadable,) = [f for f in report.batch.findings if f.code == "inbox.unreadable-here"]
    assert localized(unreadable, "detail").value == os.strerror(errno.EACCES)
    (sub,) = report.submissions
    assert sub.form == "application"


def test_a_link_to_nothing_is_unreadable_not_read_elsewhere(
    edition: Edition, tmp_path: Path
) -> None:
    """A symbolic link whose target is gone, or a loop of links, names no file
    read anywhere: it is unreadable with the reason, not a link 'read where
    it lives'; a link to a file of the inbox is that file, read once."""
    folder = tmp_path / "2022-08-17 淄博市科协"
    folder.mkdir()
    form = E.filled(edition, "application", application_data(applicant_unit="淄博市科协"))
    (folder / "淄博市科协申报表.docx").write_bytes(form)
    (folder / "淄博市科协申报表.pdf").write_bytes(E.minimal_pdf(["scan"]))
    os.symlink("已删除.pdf", folder / "附件.pdf")
    os.symlink("loop", tmp_path / "loop")
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    os.symlink(folder / "淄博市科协申报表.docx", tmp_path / "alias.docx")
    report = check_inbox(edition, tmp_path, now=NOW)
    got = {f.path: (f.status, f.kind, f.code) for f in report.files if f.kind == "symlink"}
    gone = ("unreadable", "symlink", "inbox.unreadable")
    assert got == {
        "2022-08-17 淄博市科协/附件.pdf": gone,
        "loop": gone,
        "a": gone,
        "b": gone,
        "alias.docx": ("ignored", "symlink", "inbox.symlink"),
    }
    reasons = {
        f.file: localized(f, "detail").value
        for f in report.batch.findings
        if f.code == "inbox.unreadable"
    }
    assert reasons["2022-08-17 淄博市科协/附件.pdf"] == os.strerror(errno.ENOENT)
    assert reasons["loop"] == reasons["a"] == os.strerror(errno.ELOOP)
    (sub,) = report.submissions
    assert sub.scan == "2022-08-17 淄博市科协/淄博市科协申报表.pdf"


def test_a_word_document_that_is_no_form_beside_a_form_is_no_submission(
    edition: Edition, tmp_path: Path
) -> None:
    """A unit's project description (no form title, no table) sent with its
    form and scan is a file of no use, not a second submission lacking its
    form and scan (read.unknown-form, deliverables.missing, several forms);
    alone in an e-mail, or holding a table, it stays the e-mail's Word file."""
    form = E.filled(edition, "application", application_data(applicant_unit="淄博市科协"))
    note = E.text_docx(["企业科协全覆盖行动项目简介", "本项目面向全市规模以上企业。"])
    with_form = tmp_path / "2022-08-17 淄博市科协"
    with_form.mkdir()
    (with_form / "淄博市科协申报表.docx").write_bytes(form)
    (with_form / "淄博市科协申报表.pdf").write_bytes(E.minimal_pdf(["scan"]))
    (with_form / "项目简介.docx").write_bytes(note)
    alone = tmp_path / "2022-08-18 滨州市科协"
    alone.mkdir()
    (alone / "项目简介.docx").write_bytes(note)
    (alone / "manifest.toml").write_text(
        '[unit]\nname = "滨州市科协"\nkind = "city-association"\n', encoding="utf-8"
    )
    tabled = tmp_path / "2022-08-19 东营市科协"
    tabled.mkdir()
    (tabled / "东营市科协申报表.docx").write_bytes(form)
    (tabled / "东营市科协申报表.pdf").write_bytes(E.minimal_pdf(["scan"]))
    doc = E.open_docx(note)
    doc.add_table(rows=1, cols=2).cell(0, 0).text = "项目名称"
    (tabled / "无标题.docx").write_bytes(E.save(doc))
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = {f.path: (f.status, f.kind, f.code) for f in report.files}
    assert ledger["2022-08-17 淄博市科协/项目简介.docx"] == (
        "ignored",
        "docx",
        "inbox.unknown-file",
    )
    assert [s.word for s in report.submissions] == [
        "2022-08-17 淄博市科协/淄博市科协申报表.docx",
        "2022-08-18 滨州市科协/项目简介.docx",
        "2022-08-19 东营市科协/东营市科协申报表.docx",
        "2022-08-19 东营市科协/无标题.docx",
    ]
    codes = {(f.code, f.file) for f in report.batch.findings}
    assert ("inbox.several-forms", "2022-08-17 淄博市科协/") not in codes
    assert ("inbox.unknown-file", "2022-08-17 淄博市科协/项目简介.docx") in codes
    subs = {s.submission: [f.code for f in s.findings] for s in report.batch.submissions}
    assert "read.unknown-form" in subs["2022-08-18 滨州市科协/项目简介.docx"]
    assert "read.unknown-form" not in subs["2022-08-17 淄博市科协/淄博市科协申报表.docx"]


def test_a_link_to_a_folder_of_the_inbox_is_said_to_be_one(
    edition: Edition, tmp_path: Path
) -> None:
    folder = tmp_path / "u1"
    folder.mkdir()
    (folder / "淄博市科协申报表.pdf").write_bytes(E.minimal_pdf(["scan"]))
    os.symlink("..", folder / "up")
    os.symlink("u1", tmp_path / "same")
    os.symlink("u1/淄博市科协申报表.pdf", tmp_path / "alias.pdf")
    report = check_inbox(edition, tmp_path, now=NOW)
    got = {f.path: (f.status, f.code) for f in report.files if f.kind == "symlink"}
    assert got == {
        "u1/up": ("ignored", "inbox.symlink-folder"),
        "same": ("ignored", "inbox.symlink-folder"),
        "alias.pdf": ("ignored", "inbox.symlink"),
    }
    said = {(f.code, f.file) for f in report.batch.findings if f.code.startswith("inbox.symlink")}
    assert said == {
        ("inbox.symlink-folder", "u1/up"),
        ("inbox.symlink-folder", "same"),
        ("inbox.symlink", "alias.pdf"),
    }
