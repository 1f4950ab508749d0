"""What a Mac or Linux user sends (a .tar, a .tar.gz/.tgz, .tar.bz2/.tbz2,
.tar.xz/.txz, one file gzipped) is read as a .zip is: its entries listed
under it, under the same limits and with the same findings."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
import os
import tarfile
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox
from reform_brand.safeopen import MAX_ARCHIVE_DEPTH, MAX_ZIP_ENTRIES, MAX_ZIP_TOTAL
from tests.finding_params import localized
from tests.inbox import docx_edit as E
from tests.inbox._opens import openings_by_file
from tests.inbox.archives import compressed, gbk_zip, tar_archive, utf8_zip
from tests.inbox.conftest import NOW, application_data
from tests.mail.mails import CST, mail, named, received_at

PDF = E.minimal_pdf(["Scanned copy"])

SUFFIXES = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"]


def _form(edition: Edition, unit: str, project: str) -> bytes:
    return E.filled(
        edition, "application", application_data(applicant_unit=unit, project_name=project)
    )


def _check(edition: Edition, root: Path) -> InboxReport:
    return check_inbox(edition, root, now=NOW)


def _ledger(report: InboxReport) -> dict[str, tuple[str, str, str]]:
    return {f.path: (f.status, f.role, f.code) for f in report.files}


def _refused(report: InboxReport) -> dict[str, str]:
    """The entries refused, and why (the reason's English words)."""
    return {
        f.file: localized(f, "reason").en
        for f in report.batch.findings
        if f.code == "inbox.archive-entry-refused"
    }


def _verdicts(report: InboxReport, archive: str) -> dict[str, object]:
    """What ``check`` made of the inbox, with the archive's name left out of
    every path: its ledger, its submissions and their findings."""

    def bare(path: str) -> str:
        return path.replace(f"{archive}!", "ARCHIVE!").replace(archive, "ARCHIVE")

    return {
        "ledger": {bare(path): v for path, v in _ledger(report).items()},
        "submissions": sorted(
            (s.unit, bare(s.word), bare(s.scan), s.read, s.on_time) for s in report.submissions
        ),
        "findings": sorted(
            (f.code, bare(f.pointer)) for s in report.batch.submissions for f in s.findings
        ),
        "batch": sorted((f.code, bare(f.file)) for f in report.batch.findings),
    }


def _unit_files(edition: Edition) -> list[tuple[str, bytes]]:
    return [
        ("临沂市科协申报表.docx", _form(edition, "临沂市科协", "沂蒙科技服务团")),
        ("临沂市科协申报表.pdf", PDF),
        ("附件/说明.txt", "附件说明".encode()),
        ("Thumbs.db", b"\xd0\xcf\x11\xe0" + b"\x00" * 60),
    ]


@pytest.fixture(scope="module")
def zipped(edition: Edition, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The verdicts on the unit's files zipped, to compare with."""
    root = tmp_path_factory.mktemp("zipped")
    (root / "临沂市科协.zip").write_bytes(gbk_zip(_unit_files(edition)))
    return _verdicts(_check(edition, root), "临沂市科协.zip")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_tar_gets_the_verdicts_of_the_same_files_zipped(
    edition: Edition, tmp_path: Path, suffix: str, zipped: dict[str, object]
) -> None:
    name = f"临沂市科协{suffix}"
    (tmp_path / name).write_bytes(compressed(tar_archive(_unit_files(edition)), suffix))
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger[name] == ("used", "archive", "")
    assert ledger[f"{name}!/临沂市科协申报表.docx"] == ("used", "word", "")
    assert ledger[f"{name}!/临沂市科协申报表.pdf"] == ("used", "signed-scan", "")
    assert _verdicts(report, name) == zipped
    (sub,) = report.submissions
    assert sub.read and sub.word == f"{name}!/临沂市科协申报表.docx"
    assert sorted(os.listdir(tmp_path)) == [name]


def _check_json(root: Path, archive: str) -> tuple[int, dict[str, object]]:
    """``check --json`` on the inbox ``root``: its exit code and its report,
    with the archive's name, its own size, digest and kind, and the inbox's
    path left out."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "shandong-2022", str(root), "--now", NOW.isoformat(), "--json"])
    report = json.loads(out.getvalue().replace(archive, "ARCHIVE"))
    report["inbox"]["root"] = ""
    for row in report["inbox"]["files"]:
        if row["path"] == "ARCHIVE":
            row["size"], row["sha256"], row["kind"] = 0, "", ""
    return code, report


def test_check_reports_a_tgz_as_it_reports_the_same_files_zipped(
    edition: Edition, tmp_path: Path
) -> None:
    """``check`` on an inbox, end to end: the report of a .tgz is that of the
    same files zipped, but for the archive's own name, size and digest."""
    files = _unit_files(edition)
    (tmp_path / "zip").mkdir()
    (tmp_path / "zip" / "临沂市科协.zip").write_bytes(gbk_zip(files))
    (tmp_path / "tgz").mkdir()
    (tmp_path / "tgz" / "临沂市科协.tgz").write_bytes(compressed(tar_archive(files), ".tgz"))
    zipped = _check_json(tmp_path / "zip", "临沂市科协.zip")
    tarred = _check_json(tmp_path / "tgz", "临沂市科协.tgz")
    assert tarred == zipped
    code, report = tarred
    counts = report["counts"]
    assert isinstance(counts, dict)
    assert code == 0 and (counts["submissions"], counts["error"]) == (1, 0)


def test_a_tar_in_an_email_folder_joins_that_email(edition: Edition, tmp_path: Path) -> None:
    """The entries of a .tar.gz attached to an e-mail are that e-mail's; a
    file gzipped alone is its one file, named without the .gz."""
    folder = tmp_path / "2022-08-17 淄博市科协"
    folder.mkdir()
    (folder / "manifest.toml").write_text(
        'sender = "zbkx@example.cn"\narrived_at = 2022-08-17T09:30:00+08:00\n'
        'reform_items = [4]\n\n[unit]\nname = "淄博市科协"\nkind = "city-association"\n',
        encoding="utf-8",
    )
    form = _form(edition, "淄博市科协", "企业科协")
    (folder / "申报表.docx.gz").write_bytes(gzip.compress(form, mtime=0))
    (folder / "扫描件.tar.xz").write_bytes(
        compressed(tar_archive([("./淄博市科协申报表.pdf", PDF)]), ".xz")
    )
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    word = "2022-08-17 淄博市科协/申报表.docx.gz!/申报表.docx"
    scan = "2022-08-17 淄博市科协/扫描件.tar.xz!/淄博市科协申报表.pdf"
    assert ledger[word] == ("used", "word", "")
    assert ledger[scan] == ("used", "signed-scan", "")
    (sub,) = report.submissions
    assert (sub.word, sub.scan, sub.arrived_at) == (word, scan, "2022-08-17T09:30:00+08:00")
    assert sub.read and sub.on_time is True


def test_a_tar_attached_to_a_mail_joins_that_mail(edition: Edition, tmp_path: Path) -> None:
    scans = compressed(tar_archive([("德州市科协申报表.pdf", PDF)]), ".tgz")
    (tmp_path / "德州.eml").write_bytes(
        mail(
            sender="dzkx@example.cn",
            sender_name="德州市科协",
            received=[received_at(dt.datetime(2022, 8, 17, 10, 15, tzinfo=CST))],
            parts=[
                named("德州市科协申报表.docx", _form(edition, "德州市科协", "一县一品")),
                named("扫描件.tgz", scans, "application/gzip"),
            ],
            message_id="dz",
        )
    )
    report = _check(edition, tmp_path)
    (sub,) = report.submissions
    assert sub.unit == "德州市科协" and sub.read
    assert sub.scan.startswith("德州.eml!/") and sub.scan.endswith(
        "/扫描件.tgz!/德州市科协申报表.pdf"
    )
    assert _ledger(report)[sub.scan] == ("used", "signed-scan", "")


def _gzip_named(data: bytes, name: bytes) -> bytes:
    """``data`` gzipped with ``name`` in its header (``gzip -N``)."""
    body = gzip.compress(data, mtime=0)
    header = bytearray(body[:10])
    header[3] |= 0x08
    return bytes(header) + name + b"\x00" + body[10:]


@pytest.mark.parametrize(
    ("name", "data", "entry"),
    [
        ("x.gz", _gzip_named(b"hello", "说明.txt".encode()), "说明.txt"),
        ("x.gz", _gzip_named(b"hello", "说明.txt".encode("gbk")), "说明.txt"),
        ("说明.txt.bz2", compressed(b"hello", ".bz2"), "说明.txt"),
        ("说明.txt.xz", compressed(b"hello", ".xz"), "说明.txt"),
        ("说明", compressed(b"hello", ".gz"), "说明"),
    ],
)
def test_a_file_compressed_alone_is_named_by_its_header_or_its_name(
    edition: Edition, tmp_path: Path, name: str, data: bytes, entry: str
) -> None:
    (tmp_path / name).write_bytes(data)
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger[name] == ("used", "archive", "")
    assert ledger[f"{name}!/{entry}"][2] == "inbox.unknown-file"


def test_gbk_names_in_a_tar_are_decoded(edition: Edition, tmp_path: Path) -> None:
    (tmp_path / "a.tar").write_bytes(tar_archive([("材料/说明.txt", b"x")], encoding="gbk"))
    (tmp_path / "b.tgz").write_bytes(compressed(tar_archive([("说明.txt", b"x")]), ".tgz"))
    ledger = _ledger(_check(edition, tmp_path))
    assert ledger["a.tar!/材料/说明.txt"][2] == "inbox.unknown-file"
    assert ledger["b.tgz!/说明.txt"][2] == "inbox.unknown-file"


def test_links_devices_and_paths_out_are_refused_and_the_rest_is_read(
    edition: Edition, tmp_path: Path
) -> None:
    """A symbolic or hard link, a device, a FIFO, a ``../`` or absolute path
    are never taken out (the same finding as in a .zip); the other entries
    are."""
    special = [
        ("申报表.docx", tarfile.SYMTYPE, "/etc/passwd"),
        ("hard.txt", tarfile.LNKTYPE, "ok.txt"),
        ("dev", tarfile.CHRTYPE, ""),
        ("pipe", tarfile.FIFOTYPE, ""),
    ]
    hostile = tar_archive(
        [("ok.txt", b"fine"), ("../../escaped.txt", b"x"), ("/abs.txt", b"x")], special=special
    )
    (tmp_path / "a.tar.gz").write_bytes(compressed(hostile, ".gz"))
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    refused = ("unreadable", "", "inbox.archive-entry-refused")
    reasons = {
        "a.tar.gz!/../../escaped.txt": "its path leads out of the archive",
        "a.tar.gz!//abs.txt": "its path leads out of the archive",
        "a.tar.gz!/申报表.docx": "it is a symbolic link",
        "a.tar.gz!/hard.txt": "it is a hard link",
        "a.tar.gz!/dev": "it is not a regular file",
        "a.tar.gz!/pipe": "it is not a regular file",
    }
    for path in reasons:
        assert ledger[path] == refused, path
    assert _refused(report) == reasons
    assert ledger["a.tar.gz!/ok.txt"][2] == "inbox.unknown-file"
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert sorted(os.listdir(tmp_path)) == ["a.tar.gz"]


def _bomb(size: int, written: int) -> bytes:
    """A .tar.gz of one entry that declares ``size`` bytes, of which
    ``written`` zero bytes are there."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        info = tarfile.TarInfo("申报表.pdf")
        info.size = size
        gz.write(info.tobuf(format=tarfile.GNU_FORMAT))
        chunk = b"\x00" * (1 << 20)
        for _ in range(written // len(chunk)):
            gz.write(chunk)
    return out.getvalue()


def test_bombs_are_stopped_while_decompressed_and_the_rest_is_read(
    edition: Edition, tmp_path: Path
) -> None:
    """A gzip bomb (a tar of one entry of zeros, one file gzipped), a bzip2
    bomb, a tar that declares more than the total limit or holds more
    entries than allowed: refused as a zip bomb is (``read.unsafe-zip``),
    nothing taken out of them, and the unit's files beside them are read."""
    zeros = b"\x00" * (64 * 1024 * 1024)
    (tmp_path / "bomb.tar.gz").write_bytes(_bomb(200 << 20, 200 << 20))
    (tmp_path / "big.tar.gz").write_bytes(_bomb(MAX_ZIP_TOTAL + 1, 1 << 20))
    (tmp_path / "bomb.pdf.gz").write_bytes(gzip.compress(zeros, mtime=0))
    (tmp_path / "bomb.pdf.bz2").write_bytes(compressed(zeros, ".bz2"))
    many = [(f"{n}.txt", b"") for n in range(MAX_ZIP_ENTRIES + 1)]
    (tmp_path / "many.tar").write_bytes(tar_archive(many))
    (tmp_path / "临沂市科协.tgz").write_bytes(compressed(tar_archive(_unit_files(edition)), ".tgz"))
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    unsafe = {
        f.file: f.params["reason"] for f in report.batch.findings if f.code == "read.unsafe-zip"
    }
    assert unsafe == {
        "bomb.tar.gz": "ratio",
        "big.tar.gz": "size",
        "bomb.pdf.gz": "ratio",
        "bomb.pdf.bz2": "ratio",
        "many.tar": "entries",
    }
    for path in unsafe:
        assert ledger[path] == ("unreadable", "", "read.unsafe-zip"), path
        assert not any(p.startswith(f"{path}!/") for p in ledger), path
    (sub,) = report.submissions
    assert sub.read and sub.word == "临沂市科协.tgz!/临沂市科协申报表.docx"


def test_a_damaged_or_truncated_tar_is_unreadable_and_the_rest_is_read(
    edition: Edition, tmp_path: Path
) -> None:
    whole = compressed(tar_archive(_unit_files(edition)), ".gz")
    (tmp_path / "cut.tar.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "bad.tar.gz").write_bytes(whole[:20] + b"\xff" * 200 + whole[220:])
    plain = tar_archive([("a.txt", b"x" * 5000), ("b.txt", b"y")])
    (tmp_path / "cut.tar").write_bytes(plain[:2048])
    (tmp_path / "bad.tar.xz").write_bytes(compressed(plain, ".xz")[:40] + b"\x00" * 64)
    (tmp_path / "ok.zip").write_bytes(utf8_zip([("说明.txt", "你好".encode())]))
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger["ok.zip!/说明.txt"][2] == "inbox.unknown-file"
    details = {}
    for path in ("cut.tar.gz", "bad.tar.gz", "cut.tar", "bad.tar.xz"):
        assert ledger[path] == ("unreadable", "", "inbox.unreadable"), path
        assert not any(p.startswith(f"{path}!/") for p in ledger), path
        (finding,) = [f for f in report.batch.findings if f.file == path]
        assert finding.code == "inbox.unreadable"
        details[path] = localized(finding, "detail").en
    assert details["cut.tar.gz"] == "it ends too early (incomplete)"
    assert details["cut.tar"] == "it ends too early (incomplete)"
    assert details["bad.tar.gz"] == "it is damaged (a broken archive)"


def test_nesting_of_tars_stops_at_the_depth_limit(edition: Edition, tmp_path: Path) -> None:
    data = tar_archive([("deepest.txt", b"x")])
    for n in range(MAX_ARCHIVE_DEPTH):
        data = tar_archive([(f"level{n}.tar.gz", compressed(data, ".gz"))])
    (tmp_path / "nested.tar").write_bytes(data)
    report = _check(edition, tmp_path)
    too_deep = [f.path for f in report.files if f.code == "inbox.archive-too-deep"]
    assert len(too_deep) == 1
    assert too_deep[0].count("!/") == MAX_ARCHIVE_DEPTH
    assert ("inbox.archive-too-deep", too_deep[0]) in {
        (f.code, f.file) for f in report.batch.findings
    }


def test_a_tar_under_another_name_is_opened_as_an_archive(edition: Edition, tmp_path: Path) -> None:
    """What a file is comes from its content: a .tar named as a scan is a
    delivery as a .zip so named is."""
    name = "临沂市科协申报材料.pdf"
    (tmp_path / name).write_bytes(tar_archive(_unit_files(edition)))
    report = _check(edition, tmp_path)
    assert _ledger(report)[name] == ("used", "archive", "")
    (sub,) = report.submissions
    assert sub.word == f"{name}!/临沂市科协申报表.docx" and sub.read


def test_7z_and_rar_still_ask_for_a_zip(edition: Edition, tmp_path: Path) -> None:
    (tmp_path / "材料.7z").write_bytes(b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64)
    report = _check(edition, tmp_path)
    (finding,) = [f for f in report.batch.findings if f.file == "材料.7z"]
    assert finding.code == "inbox.archive-unsupported"
    assert finding.params["format"] == ".7z"


def test_each_archive_is_opened_once(edition: Edition, tmp_path: Path, opens: list[str]) -> None:
    """A tar and a compressed tar at the top of the inbox are read from the
    opening that sniffed and hashed them."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.tar").write_bytes(tar_archive([("说明.txt", b"x")]))
    (inbox / "b.tar.bz2").write_bytes(compressed(tar_archive([("说明.txt", b"y")]), ".bz2"))
    (inbox / "c.txt.gz").write_bytes(gzip.compress(b"z", mtime=0))
    opens.clear()
    report = _check(edition, inbox)
    counted = {p.name: n for p, n in openings_by_file(inbox).items()}
    assert counted == {"a.tar": 1, "b.tar.bz2": 1, "c.txt.gz": 1}
    assert _ledger(report)["c.txt.gz!/c.txt"][2] == "inbox.unknown-file"


def test_a_tar_named_as_a_form_is_not_looked_into(edition: Edition, tmp_path: Path) -> None:
    """A .tar.gz named as the Word form of an e-mail is read as a form, as a
    7z so named is: never opened as an archive, and the finding says what
    it is."""
    folder = tmp_path / "2022-08-17 淄博市科协"
    folder.mkdir()
    inner = compressed(tar_archive([("申报表.docx", b"x")]), ".gz")
    (folder / "淄博市科协申报表.docx").write_bytes(inner)
    (folder / "淄博市科协申报表.pdf").write_bytes(PDF)
    report = _check(edition, tmp_path)
    path = "2022-08-17 淄博市科协/淄博市科协申报表.docx"
    assert _ledger(report)[path] == ("unreadable", "", "inbox.archive-unsupported")
    assert not any(p.startswith(f"{path}!/") for p in _ledger(report))


def test_headers_longer_than_any_real_one_and_sparse_files_are_not_read(
    edition: Edition, tmp_path: Path
) -> None:
    """tarfile reads a member's pax records whole: records of megabytes (a
    way to fill the memory) make the archive unreadable as soon as they pass
    the limit, as does a sparse file, whose size only its headers claim;
    the files beside them are read."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as t:
        info = tarfile.TarInfo("说明.txt")
        info.pax_headers = {"comment": "x" * (3 << 20)}
        t.addfile(info, io.BytesIO(b""))
    (tmp_path / "pax.tar.gz").write_bytes(compressed(out.getvalue(), ".gz"))
    sparse = tarfile.TarInfo("disk.img")
    sparse.type = tarfile.GNUTYPE_SPARSE
    (tmp_path / "sparse.tar").write_bytes(sparse.tobuf(format=tarfile.GNU_FORMAT) + b"\x00" * 10240)
    (tmp_path / "ok.tar").write_bytes(tar_archive([("说明.txt", b"x")]))
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    assert ledger["ok.tar!/说明.txt"][2] == "inbox.unknown-file"
    details = {
        f.file: localized(f, "detail").en
        for f in report.batch.findings
        if f.code == "inbox.unreadable"
    }
    assert details == {
        "pax.tar.gz": "it is damaged (a broken archive)",
        "sparse.tar": "an unsupported compression or format",
    }
    for path in details:
        assert ledger[path] == ("unreadable", "", "inbox.unreadable"), path


def test_a_tar_with_no_file_to_use_is_an_empty_archive(edition: Edition, tmp_path: Path) -> None:
    (tmp_path / "a.tar.gz").write_bytes(compressed(tar_archive([(".DS_Store", b"x")]), ".gz"))
    (tmp_path / "b.tar").write_bytes(tar_archive([], special=[("材料", tarfile.DIRTYPE, "")]))
    report = _check(edition, tmp_path)
    ledger = _ledger(report)
    for path in ("a.tar.gz", "b.tar"):
        assert ledger[path] == ("ignored", "", "inbox.archive-empty"), path
    assert ledger["a.tar.gz!/.DS_Store"] == ("ignored", "", "inbox.ignored")


def test_a_folder_called_new_of_received_tars_is_no_maildir(
    edition: Edition, tmp_path: Path
) -> None:
    """A sub-folder ``new`` of an e-mail folder holding a .tar.gz is a
    folder of received files, as one holding a .zip is, not a Maildir."""
    folder = tmp_path / "2022-08-17 淄博市科协" / "new"
    folder.mkdir(parents=True)
    (folder / "材料.tar.gz").write_bytes(compressed(tar_archive([("说明.txt", b"x")]), ".gz"))
    report = check_inbox(edition, tmp_path, now=NOW)
    ledger = _ledger(report)
    assert ledger["2022-08-17 淄博市科协/new/材料.tar.gz!/说明.txt"][2] == "inbox.unknown-file"
