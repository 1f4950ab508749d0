"""Archives and mail files received in an inbox: opened like folders, every
entry accounted for under its archive, under the limits every file has."""

from __future__ import annotations

import datetime as dt
import io
import mailbox
import os
import zipfile
from pathlib import Path

import pytest

from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox, intake
from reform_brand.safeopen import MAX_ARCHIVE_DEPTH, MAX_FILE_BYTES, entry_name
from tests.finding_params import localized
from tests.inbox import docx_edit as E
from tests.inbox.archives import gbk_zip, link_zip, utf8_zip
from tests.inbox.conftest import NOW, application_data
from tests.mail.mails import CST, mail, named, received_at

PDF = E.minimal_pdf(["Scanned copy"])


def _form(edition: Edition, unit: str, project: str) -> bytes:
    return E.filled(
        edition, "application", application_data(applicant_unit=unit, project_name=project)
    )


def _check(edition: Edition, root: Path) -> InboxReport:
    return check_inbox(edition, root, now=NOW)


def _ledger(report: InboxReport) -> dict[str, tuple[str, str, str]]:
    return {f.path: (f.status, f.role, f.code) for f in report.files}


def _codes(report: InboxReport, needle: str) -> set[tuple[str, str]]:
    return {
        (f.code, f.pointer)
        for s in report.batch.submissions
        if needle in s.submission
        for f in s.findings
    }


def _batch_codes(report: InboxReport) -> set[tuple[str, str]]:
    return {(f.code, f.file) for f in report.batch.findings}


def test_gbk_names_are_decoded_when_the_utf8_flag_is_not_set() -> None:
    data = gbk_zip([("临沂市科协申报表.docx", b"x")])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        (info,) = z.infolist()
        assert not info.flag_bits & 0x800
        assert info.filename != "临沂市科协申报表.docx"  # zipfile's CP437 reading
        assert entry_name(info) == "临沂市科协申报表.docx"
    with zipfile.ZipFile(io.BytesIO(utf8_zip([("申报表.docx", b"x")]))) as z:
        assert entry_name(z.infolist()[0]) == "申报表.docx"


def test_a_zipped_unit_at_the_top_is_that_units_delivery(edition: Edition, tmp_path: Path) -> None:
    (tmp_path / "临沂市科协.zip").write_bytes(
        gbk_zip(
            [
                ("临沂市科协申报表.docx", _form(edition, "临沂市科协", "沂蒙科技服务团")),
                ("临沂市科协申报表.pdf", PDF),
                ("Thumbs.db", b"\xd0\xcf\x11\xe0" + b"\x00" * 60),
            ]
        )
    )
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger["临沂市科协.zip"] == ("used", "archive", "")
    assert ledger["临沂市科协.zip!/临沂市科协申报表.docx"] == ("used", "word", "")
    assert ledger["临沂市科协.zip!/临沂市科协申报表.pdf"] == ("used", "signed-scan", "")
    assert ledger["临沂市科协.zip!/Thumbs.db"] == ("ignored", "", "inbox.ignored")
    (sub,) = report.submissions
    assert sub.unit == "临沂市科协"
    assert sub.word == "临沂市科协.zip!/临沂市科协申报表.docx"
    assert sub.scan == "临沂市科协.zip!/临沂市科协申报表.pdf"
    assert sub.read
    codes = {c for c, _p in _codes(report, "临沂")}
    assert not codes & {"deliverables.missing", "deliverables.file-missing", "read.not-docx"}


def test_gbk_names_flagged_as_utf8_are_read_as_gbk(edition: Edition, tmp_path: Path) -> None:
    data = gbk_zip(
        [
            ("临沂市科协申报表.docx", _form(edition, "临沂市科协", "沂蒙科技服务团")),
            ("临沂市科协申报表.pdf", PDF),
            ("readme.txt", b"plain ASCII, valid UTF-8"),
        ],
        flagged=True,
    )
    with pytest.raises(UnicodeDecodeError):  # what zipfile makes of such a name
        zipfile.ZipFile(io.BytesIO(data))
    (tmp_path / "临沂市科协.zip").write_bytes(data)
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger["临沂市科协.zip"] == ("used", "archive", "")
    assert ledger["临沂市科协.zip!/临沂市科协申报表.docx"] == ("used", "word", "")
    assert ledger["临沂市科协.zip!/临沂市科协申报表.pdf"] == ("used", "signed-scan", "")
    (sub,) = report.submissions
    assert (sub.unit, sub.read) == ("临沂市科协", True)


def test_big5_names_are_read_as_big5(edition: Edition, tmp_path: Path) -> None:
    """A zip made on a Windows set to traditional Chinese: its names read as
    GBK would be kana and private-use characters (許 ends in a backslash's
    byte, which is no folder)."""
    files = [("淄博市科協/申報表.pdf", PDF), ("許可.txt", b"x")]
    (tmp_path / "a.zip").write_bytes(gbk_zip(files, big5=True))
    (tmp_path / "b.zip").write_bytes(gbk_zip([("济南市科协/申报表.pdf", PDF)]))
    ledger = _ledger(_check(edition, tmp_path))
    assert {"a.zip!/淄博市科協/申報表.pdf", "a.zip!/許可.txt"} <= set(ledger)
    assert "b.zip!/济南市科协/申报表.pdf" in ledger  # (GBK stays GBK)


def test_an_archive_in_an_email_folder_joins_that_email(edition: Edition, tmp_path: Path) -> None:
    folder = tmp_path / "2022-08-17 淄博市科协"
    folder.mkdir()
    (folder / "manifest.toml").write_text(
        'sender = "zbkx@example.cn"\narrived_at = 2022-08-17T09:30:00+08:00\n'
        'reform_items = [4]\n\n[unit]\nname = "淄博市科协"\nkind = "city-association"\n',
        encoding="utf-8",
    )
    inner = utf8_zip([("扫描件/淄博市科协申报表.pdf", PDF)])
    (folder / "材料.zip").write_bytes(
        gbk_zip(
            [
                ("淄博市科协申报表.docx", _form(edition, "淄博市科协", "企业科协")),
                ("扫描.zip", inner),
            ]
        )
    )
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    word = "2022-08-17 淄博市科协/材料.zip!/淄博市科协申报表.docx"
    scan = "2022-08-17 淄博市科协/材料.zip!/扫描.zip!/扫描件/淄博市科协申报表.pdf"
    assert ledger[word] == ("used", "word", "")
    assert ledger["2022-08-17 淄博市科协/材料.zip!/扫描.zip"] == ("used", "archive", "")
    assert ledger[scan] == ("used", "signed-scan", "")
    (sub,) = report.submissions
    assert (sub.word, sub.scan, sub.arrived_at) == (word, scan, "2022-08-17T09:30:00+08:00")
    assert sub.on_time is True


def test_entries_that_must_not_be_taken_out_are_refused(edition: Edition, tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(
        gbk_zip([("../../etc/passwd", b"x"), ("/abs.txt", b"x"), ("ok.txt", b"fine")])
    )
    (tmp_path / "link.zip").write_bytes(link_zip("申报表.docx", "/etc/passwd"))
    (tmp_path / "fifo.zip").write_bytes(gbk_zip([("pipe", b"")], mode=0o010644))
    dup = io.BytesIO()
    with zipfile.ZipFile(dup, "w") as z:
        z.writestr("申报表.docx", b"one")
        with pytest.warns(UserWarning, match="Duplicate name"):
            z.writestr("申报表.docx", b"two")
    (tmp_path / "dup.zip").write_bytes(dup.getvalue())
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    refused = ("unreadable", "", "inbox.archive-entry-refused")
    for path in (
        "a.zip!/../../etc/passwd",
        "a.zip!//abs.txt",
        "link.zip!/申报表.docx",
        "fifo.zip!/pipe",
    ):
        assert ledger[path] == refused, path
    assert ledger["a.zip!/ok.txt"][2] == "inbox.unknown-file"
    assert sum(1 for p, v in ledger.items() if p.startswith("dup.zip!/") and v == refused) == 1
    reasons = {
        f.file: f.params["reason"]
        for f in report.batch.findings
        if f.code == "inbox.archive-entry-refused"
    }
    assert set(reasons) == {
        "a.zip!/../../etc/passwd",
        "a.zip!//abs.txt",
        "link.zip!/申报表.docx",
        "fifo.zip!/pipe",
        "dup.zip!/申报表.docx",
    }
    assert not (tmp_path.parent / "etc").exists()
    assert sorted(os.listdir(tmp_path)) == ["a.zip", "dup.zip", "fifo.zip", "link.zip"]


def test_a_zip_bomb_is_refused_before_anything_is_decompressed(
    edition: Edition, tmp_path: Path
) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("申报表.pdf", b"\x00" * (8 * 1024 * 1024))
    (tmp_path / "bomb.zip").write_bytes(bomb.getvalue())
    report = _check(edition, tmp_path)
    assert _ledger(report)["bomb.zip"] == ("unreadable", "", "read.unsafe-zip")
    (finding,) = [f for f in report.batch.findings if f.code == "read.unsafe-zip"]
    assert finding.file == "bomb.zip"
    assert finding.params["reason"] == "ratio"


def test_nesting_stops_at_the_depth_limit(edition: Edition, tmp_path: Path) -> None:
    data = utf8_zip([("deepest.txt", b"x")])
    for n in range(MAX_ARCHIVE_DEPTH):
        data = utf8_zip([(f"level{n}.zip", data)])
    (tmp_path / "nested.zip").write_bytes(data)
    report = _check(edition, tmp_path)
    too_deep = [f.path for f in report.files if f.code == "inbox.archive-too-deep"]
    assert len(too_deep) == 1
    assert too_deep[0].count(".zip!/") == MAX_ARCHIVE_DEPTH
    assert ("inbox.archive-too-deep", too_deep[0]) in _batch_codes(report)


@pytest.mark.parametrize(
    ("name", "head"),
    [("材料.7z", b"7z\xbc\xaf\x27\x1c\x00\x04"), ("材料.rar", b"Rar!\x1a\x07\x01\x00")],
)
def test_7z_and_rar_get_a_finding_that_asks_for_a_zip(
    edition: Edition, tmp_path: Path, name: str, head: bytes
) -> None:
    (tmp_path / name).write_bytes(head + b"\x00" * 64)
    report = _check(edition, tmp_path)
    (f,) = [f for f in report.files if f.path == name]
    assert (f.status, f.code) == ("unreadable", "inbox.archive-unsupported")
    (finding,) = [x for x in report.batch.findings if x.code == "inbox.archive-unsupported"]
    assert finding.file == name
    assert finding.params["format"] == "." + name.rsplit(".", 1)[1]


@pytest.mark.parametrize("name", ["临沂市科协申报材料.pdf", "临沂市科协申报材料"])
def test_an_archive_under_another_name_is_opened_as_an_archive(
    edition: Edition, tmp_path: Path, name: str
) -> None:
    """What a file is comes from its content: a zip named as a scan, or with
    no extension, is a delivery as a .zip is."""
    (tmp_path / name).write_bytes(
        utf8_zip(
            [
                ("临沂市科协申报表.docx", _form(edition, "临沂市科协", "沂蒙科技服务团")),
                ("临沂市科协申报表.pdf", PDF),
            ]
        )
    )
    report = _check(edition, tmp_path)
    assert _ledger(report)[name] == ("used", "archive", "")
    (sub,) = report.submissions
    assert (sub.word, sub.scan) == (
        f"{name}!/临沂市科协申报表.docx",
        f"{name}!/临沂市科协申报表.pdf",
    )
    assert sub.read


def test_an_archive_named_as_a_form_is_not_taken_for_one(edition: Edition, tmp_path: Path) -> None:
    """A 7z archive named as the Word form of an e-mail is read as a form
    (never looked into for an archive) and found to be an archive: the
    finding that asks for a .zip."""
    folder = tmp_path / "2022-08-17 淄博市科协"
    folder.mkdir()
    (folder / "淄博市科协申报表.docx").write_bytes(b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64)
    (folder / "淄博市科协申报表.pdf").write_bytes(PDF)
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger["2022-08-17 淄博市科协/淄博市科协申报表.docx"] == (
        "unreadable",
        "",
        "inbox.archive-unsupported",
    )
    assert ("inbox.archive-unsupported", "2022-08-17 淄博市科协/淄博市科协申报表.docx") in (
        _batch_codes(report)
    )


def test_a_broken_zip_is_unreadable_and_the_rest_is_read(edition: Edition, tmp_path: Path) -> None:
    whole = gbk_zip([("申报表.docx", _form(edition, "济南市科协", "项目"))])
    (tmp_path / "broken.zip").write_bytes(whole[: len(whole) - 30])
    (tmp_path / "ok.zip").write_bytes(gbk_zip([("说明.txt", "你好".encode())]))
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger["ok.zip!/说明.txt"][2] == "inbox.unknown-file"
    assert ledger["broken.zip"] == ("unreadable", "", "inbox.unreadable")
    (finding,) = [f for f in report.batch.findings if f.file == "broken.zip"]
    assert finding.code == "inbox.unreadable"
    assert localized(finding, "detail").value == "truncated zip"


def test_a_zip_cut_short_or_empty_is_unreadable_where_it_lies(
    edition: Edition, tmp_path: Path
) -> None:
    """A .zip cut short in transit, damaged or of 0 bytes, at the top or in
    an e-mail folder, is a broken archive the unit must send again (an
    error), not a file of no use (a warning); the e-mail's form is read."""
    whole = gbk_zip([("申报表.docx", _form(edition, "济南市科协", "项目"))])
    folder = tmp_path / "2022-08-17 淄博市科协"
    folder.mkdir()
    (folder / "淄博市科协申报表.docx").write_bytes(_form(edition, "淄博市科协", "淄博项目"))
    (folder / "淄博市科协申报表.pdf").write_bytes(PDF)
    (folder / "材料.zip").write_bytes(whole[: len(whole) // 2])
    (folder / "空.zip").write_bytes(b"")
    (tmp_path / "坏.zip").write_bytes(whole[:-30] + b"\x00" * 30)
    (tmp_path / "零.zip").write_bytes(b"")
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    broken = {
        "2022-08-17 淄博市科协/材料.zip": "truncated zip",
        "2022-08-17 淄博市科协/空.zip": "empty",
        "坏.zip": "truncated zip",
        "零.zip": "empty",
    }
    for path, why in broken.items():
        assert ledger[path] == ("unreadable", "", "inbox.unreadable"), path
        (finding,) = [f for f in report.batch.findings if f.file == path]
        assert (finding.code, finding.severity) == ("inbox.unreadable", "error")
        assert localized(finding, "detail").value == why
        # What to ask the unit for, as the neighbouring findings say it.
        assert finding.message("zh").endswith(
            "请发件单位重新发送该文件（表格请在 Word 中另存为 .docx 后发送）"
        )
        assert "ask the sender to send the file again" in finding.message("en")
    (sub,) = report.submissions
    assert sub.word == "2022-08-17 淄博市科协/淄博市科协申报表.docx" and sub.read
    assert not report.ok


def _unit_mail(
    edition: Edition, sender: str, unit: str, when: dt.datetime, *parts: object
) -> bytes:
    return mail(
        sender=sender,
        sender_name=unit,
        date=dt.datetime(2022, 8, 19, 9, 0, tzinfo=CST),
        received=[received_at(when)],
        parts=[
            named(f"{unit}申报表.docx", _form(edition, unit, f"{unit}项目")),
            named(f"{unit}申报表.pdf", PDF, "application/pdf"),
            *parts,  # type: ignore[list-item]
        ],
        message_id=sender,
    )


def test_mail_files_in_an_inbox_are_email_deliveries(edition: Edition, tmp_path: Path) -> None:
    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    late = dt.datetime(2022, 8, 21, 0, 0, 1, tzinfo=CST)
    box = mailbox.mbox(tmp_path / "收件箱.mbox")
    box.add(_unit_mail(edition, "zbkx@example.cn", "淄博市科协", on_time))
    box.add(_unit_mail(edition, "wfkx@example.cn", "潍坊市科协", late))
    box.add(b"not a mail at all\r\n")
    box.close()
    extra = utf8_zip([("德州市科协申报表.pdf", PDF)])
    (tmp_path / "德州.eml").write_bytes(
        mail(
            sender="dzkx@example.cn",
            sender_name="德州市科协",
            received=[received_at(on_time)],
            parts=[
                named("德州市科协申报表.docx", _form(edition, "德州市科协", "一县一品")),
                named("扫描件.zip", extra, "application/zip"),
            ],
            message_id="dz",
        )
    )
    report = _check(edition, tmp_path)
    subs = {s.unit: s for s in report.submissions}
    assert set(subs) == {"淄博市科协", "潍坊市科协", "德州市科协"}
    assert subs["淄博市科协"].arrived_at == "2022-08-17T10:15:30+08:00"
    assert subs["淄博市科协"].sender == "zbkx@example.cn"
    assert subs["淄博市科协"].word.startswith("收件箱.mbox!/2022-08-17-zbkx-")
    assert ("deadline.late", "/arrived_at") in _codes(report, "wfkx")
    assert ("deadline.late", "/arrived_at") not in _codes(report, "zbkx")
    assert subs["德州市科协"].scan.endswith("扫描件.zip!/德州市科协申报表.pdf")
    ledger = _ledger(report)
    assert ledger["收件箱.mbox"][:2] == ("used", "mailbox")
    assert ledger["德州.eml"][:2] == ("used", "mailbox")
    # Every mail is a ledger row, the unreadable one too; every attachment a file.
    mails = [f for f in report.files if f.kind == "mail" and f.role == "mail"]
    assert len(mails) == 4
    # The text with no mail header is no mail of an unknown sender.
    codes = {c for c, _file in _batch_codes(report)}
    assert "mail.unreadable" in codes
    assert not codes & {"mail.no-attachments", "mail.arrival-unknown", "mail.unit-unknown"}
    assert all(
        f.status == "used" for f in report.files if f.path.endswith(("申报表.docx", "申报表.pdf"))
    )


def test_nothing_is_written_beside_the_inbox_and_the_copy_is_removed(
    edition: Edition, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.zip").write_bytes(utf8_zip([("x.txt", b"x")]))
    (inbox / "big.pdf").write_bytes(b"")
    os.truncate(inbox / "big.pdf", MAX_FILE_BYTES + 1)
    before = sorted(p.name for p in inbox.iterdir())
    found = intake(edition, inbox)
    stage = found.base
    assert stage != inbox and (stage / "a.zip!" / "x.txt").is_file()
    big = {f.path: f for f in found.files}["big.pdf"]
    assert big.status in ("ignored", "unreadable")
    found.close()
    assert not stage.exists()
    assert sorted(p.name for p in inbox.iterdir()) == before


def test_an_inbox_without_archives_is_read_where_it_is(edition: Edition, tmp_path: Path) -> None:
    (tmp_path / "申报表.docx").write_bytes(_form(edition, "济南市科协", "项目"))
    found = intake(edition, tmp_path)
    assert found.stage is None and found.base == tmp_path


def test_a_name_the_file_system_refuses_is_unreadable_and_the_rest_read(
    edition: Edition, tmp_path: Path
) -> None:
    # Each name fits (60 characters, 180 bytes), the path does not: over the
    # 4096 bytes a path may have.
    long = "/".join(["长" * 60] * 25) + ".txt"
    (tmp_path / "a.zip").write_bytes(utf8_zip([(long, b"x"), ("ok.txt", b"x")]))
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger[f"a.zip!/{long}"] == ("unreadable", "", "inbox.unreadable")
    assert ledger["a.zip!/ok.txt"][2] == "inbox.unknown-file"


def test_an_entry_this_computer_cannot_write_out_is_the_office_s_to_fix(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry that could not be taken out for a full disk of this computer
    was inbox.unreadable, whose advice is to ask the sender for the file
    again: it is inbox.unreadable-here, and the rest is read."""
    import errno

    (tmp_path / "a.zip").write_bytes(utf8_zip([("full.txt", b"x"), ("ok.txt", b"x")]))
    real = Path.write_bytes

    def full(path: Path, data: bytes) -> int:
        if path.name == "full.txt":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger["a.zip!/full.txt"] == ("unreadable", "", "inbox.unreadable-here")
    assert ledger["a.zip!/ok.txt"][2] == "inbox.unknown-file"
    assert "inbox.unreadable" not in {f.code for f in report.batch.findings}


def test_an_archive_with_no_file_to_use_says_so(edition: Edition, tmp_path: Path) -> None:
    """A .zip with no entry, or with folders and hidden or system files only,
    is not a used archive that brought nothing: the unit is asked for its
    files again (an error), at the top or in an e-mail folder."""
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w"):
        pass
    folder = tmp_path / "2022-08-18 滨州市科协"
    folder.mkdir()
    (folder / "滨州市科协申报材料.zip").write_bytes(empty.getvalue())
    (tmp_path / "东营市科协.zip").write_bytes(
        utf8_zip([("东营/", b""), ("东营/Thumbs.db", b"x"), ("__MACOSX/._a.docx", b"x")])
    )
    (tmp_path / "说明.zip").write_bytes(utf8_zip([("说明.txt", "你好".encode())]))
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    for path in ("2022-08-18 滨州市科协/滨州市科协申报材料.zip", "东营市科协.zip"):
        assert ledger[path] == ("ignored", "", "inbox.archive-empty"), path
        assert ("inbox.archive-empty", path) in _batch_codes(report)
    assert ledger["东营市科协.zip!/东营/Thumbs.db"][2] == "inbox.ignored"
    # (An archive that brought a file, even one of no use, is used.)
    assert ledger["说明.zip"] == ("used", "archive", "")
    assert ledger["说明.zip!/说明.txt"][2] == "inbox.unknown-file"
    assert not report.ok


def test_a_mail_attachment_this_computer_cannot_write_out_is_a_finding_on_it(
    edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while a mail's attachment was written out stopped the
    whole check (cli.cannot-write); as an archive's entry, it is
    inbox.unreadable-here on that mail and the other mails are checked."""
    import errno
    import shutil

    on_time = dt.datetime(2022, 8, 17, 10, 15, 30, tzinfo=CST)
    (tmp_path / "淄博.eml").write_bytes(
        _unit_mail(edition, "zbkx@example.cn", "淄博市科协", on_time)
    )
    (tmp_path / "潍坊.eml").write_bytes(
        _unit_mail(edition, "wfkx@example.cn", "潍坊市科协", on_time)
    )
    real_copy, real_write = shutil.copyfile, Path.write_bytes

    def full(path: Path) -> None:
        if ".mail-" in str(path) and "淄博" in str(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    def copy(src: str, dst: str, **kw: bool) -> str:
        full(Path(dst))
        return real_copy(src, dst, **kw)

    def write(path: Path, data: bytes) -> int:
        full(path)
        return real_write(path, data)

    monkeypatch.setattr(shutil, "copyfile", copy)
    monkeypatch.setattr(Path, "write_bytes", write)
    report = _check(edition, tmp_path)
    found = {(f.code, f.file.split("!/")[0]) for f in report.batch.findings}
    assert ("inbox.unreadable-here", "淄博.eml") in found
    assert {s.unit for s in report.submissions} == {"潍坊市科协"}
    # Its attachments are rows of the ledger, not lost.
    rows = {p: r for p, r in _ledger(report).items() if p.startswith("淄博.eml!/")}
    assert any(p.endswith("淄博市科协申报表.docx") for p in rows)
    assert all(r[0] == "unreadable" for p, r in rows.items() if p.endswith((".docx", ".pdf")))
