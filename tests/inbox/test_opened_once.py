"""Intake reads each file it takes in from one opening: an envelope received
as a file is read, parsed and hashed at once, and an attachment is hashed and
sniffed through the same descriptor; the answers are those of the separate
reads.  ``check`` on files opens each envelope once, for its check."""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from reform_brand import Edition
from reform_brand.office import Intake, intake
from reform_brand.opened import OpenedFiles, digest_of, sniff_and_digest, sniff_checked
from reform_brand.submission import (
    parse_envelope_bytes,
    read_envelope,
    read_envelope_bytes,
    read_envelope_digest,
)
from reform_brand.testing import write_attachments
from tests.validation.helpers import APPLICATION

NOW = "2022-08-25T08:00:00+08:00"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Envelope files of every kind of reading: valid, with a BOM, with a
#: repeated member, not UTF-8, too deep, a PDF, empty.
CONTENTS = [
    json.dumps(APPLICATION).encode(),
    b"\xef\xbb\xbf" + json.dumps(APPLICATION).encode(),
    b'{"a": 1, "a": 2}',
    b"\xff\xfe not utf-8",
    b"[" * 100,
    b"%PDF-1.4",
    b"",
]


@pytest.mark.parametrize("content", CONTENTS)
def test_an_envelope_read_with_its_digest_is_read_as_alone(
    content: bytes, tmp_path: Path, opens: list[str]
) -> None:
    path = tmp_path / "e.json"
    path.write_bytes(content)
    opens.clear()
    value, problems, digest = read_envelope_digest(path)
    assert opens.count(str(path)) == 1
    assert (value, problems) == read_envelope(path)
    assert digest == _sha(path)


@pytest.mark.parametrize("content", CONTENTS)
def test_the_bytes_an_envelope_was_read_from_parse_to_the_same_reading(
    content: bytes, tmp_path: Path, opens: list[str]
) -> None:
    """What intake hands on of a received envelope: the bytes it read,
    which give the check the same value and problems."""
    path = tmp_path / "e.json"
    path.write_bytes(content)
    opens.clear()
    value, problems, digest, raw = read_envelope_bytes(path)
    assert opens.count(str(path)) == 1
    assert raw == content
    assert (value, problems) == read_envelope(path) == parse_envelope_bytes(raw)
    assert digest == _sha(path)
    path.write_bytes(b" " * 2000)
    assert read_envelope_bytes(path, max_bytes=1000)[3] is None  # (too large: not read)


def test_a_large_envelope_is_hashed_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2000 + b"{}")
    value, problems, digest = read_envelope_digest(path, max_bytes=1000)
    assert value is None and [code for code, _p in problems] == ["file.too-large"]
    assert digest == _sha(path)
    assert read_envelope_digest(tmp_path / "missing.json")[2] == ""


def test_a_file_sniffed_with_its_digest_is_sniffed_as_alone(
    tmp_path: Path, opens: list[str]
) -> None:
    folder = write_attachments(tmp_path / "a", APPLICATION)
    (folder / "x.txt").write_text("plain", encoding="utf-8")
    (folder / "empty.bin").write_bytes(b"")
    files = sorted(p for p in folder.iterdir())
    assert {p.suffix for p in files} >= {".pdf", ".docx"}
    for path in files:
        opens.clear()
        found, digest = sniff_and_digest(path)
        assert opens.count(str(path)) == 1, path.name
        assert digest == _sha(path)
        assert found == sniff_checked(path)


def test_a_file_reached_again_is_not_opened_again(tmp_path: Path, opens: list[str]) -> None:
    """A second name of the same file (a hard link) is known by its identity:
    its type and digest come without an opening."""
    folder = write_attachments(tmp_path / "a", APPLICATION)
    first = next(p for p in folder.iterdir() if p.suffix == ".docx")
    second = tmp_path / "again.docx"
    os.link(first, second)
    expected = sniff_and_digest(first)
    opens.clear()
    assert sniff_and_digest(second) == expected
    assert opens == []
    assert expected[1] == _sha(second)


def test_a_file_over_the_limit_is_hashed_and_a_fifo_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reform_brand import safeopen

    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    monkeypatch.setattr(safeopen, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(safeopen.open_regular, "__kwdefaults__", {"max_bytes": 1000})
    found, digest = sniff_and_digest(big)
    assert (found.kind, found.code) == ("unsafe", "read.too-large")
    assert digest == _sha(big)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        found, digest = sniff_and_digest(fifo)  # (would block if opened)
        assert (found.kind, found.code, digest) == ("unsafe", "read.not-a-file", "")


def test_intake_opens_each_envelope_and_attachment_once(
    edition: Edition, tmp_path: Path, opens: list[str]
) -> None:
    """An envelope is read, parsed and hashed from one opening (a .json is
    read as JSON, not looked into for an archive); an attachment is
    sniffed and hashed by the look for archives, and its reading takes
    that answer."""
    for i in range(3):
        folder = tmp_path / f"unit{i}"
        env = dict(APPLICATION, id=f"s{i}")
        write_attachments(folder, env)
        (folder / "envelope.json").write_text(json.dumps(env), encoding="utf-8")
    opens.clear()
    found = intake(edition, tmp_path)
    assert len(found.received) == 3
    counted = collections.Counter(p for p in opens if p.startswith(str(tmp_path)))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) > 3
    assert {p.name: counted[str(p)] for p in files} == {p.name: 1 for p in files}
    # The ledger's digests and types are those of the files as they are.
    ledger = {f.path: f for f in found.files}
    for path in files:
        entry = ledger[path.relative_to(tmp_path).as_posix()]
        assert entry.sha256 == _sha(path), path.name
        assert entry.kind == {".json": "json", ".pdf": "pdf", ".docx": "docx"}[path.suffix]


def test_a_zip_named_as_an_envelope_is_read_as_one(edition: Edition, tmp_path: Path) -> None:
    """A file named .json is read as JSON, never looked into for an archive:
    a zip archive under that name is an envelope that is no JSON."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.json", json.dumps(APPLICATION))
    (tmp_path / "envelope.json").write_bytes(buf.getvalue())
    found = intake(edition, tmp_path)
    assert [p.name for p in found.received] == ["envelope.json"]
    assert [(f.path, f.kind, f.role) for f in found.files] == [
        ("envelope.json", "json", "submission")
    ]


def _received(tmp_path: Path) -> list[Path]:
    """Three units' envelopes, each with its Word form and its scan."""
    envelopes = []
    for i in range(3):
        folder = tmp_path / f"unit{i}"
        env = dict(APPLICATION, id=f"s{i}")
        write_attachments(folder, env)
        envelope = folder / "envelope.json"
        envelope.write_text(json.dumps(env), encoding="utf-8")
        envelopes.append(envelope)
    return envelopes


def _check_opens(opens: list[str], root: Path, *args: str) -> collections.Counter[str]:
    from reform_brand.cli import main

    opens.clear()
    code = main(["check", "shandong-2022", *args, "--jobs", "1", "--now", NOW])
    assert code in (0, 1)
    return collections.Counter(p for p in opens if p.startswith(str(root)))


def test_check_on_files_opens_each_envelope_once(
    tmp_path: Path,
    opens: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Given several files, each envelope is opened by its check alone: no
    look at its first bytes for a mailbox, no second read for the report;
    a scan is verified from the reading that sniffed and hashed it."""
    monkeypatch.setenv("REFORM_BRAND_SCAN_STORE", "off")
    envelopes = _received(tmp_path)
    counted = _check_opens(opens, tmp_path, *map(str, envelopes), "--json")
    assert json.loads(capsys.readouterr().out)["counts"]["submissions"] == 3
    assert [counted[str(p)] for p in envelopes] == [1, 1, 1]
    for docx in tmp_path.rglob("*.docx"):
        assert counted[str(docx)] == 1, docx
    scans = [str(p) for p in tmp_path.rglob("*.pdf")]
    assert scans and all(counted[p] == 1 for p in scans), counted


@pytest.mark.parametrize("inbox", [False, True])
def test_a_report_folder_shows_the_forms_without_reading_the_envelopes_again(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    opens: list[str],
    inbox: bool,
) -> None:
    """The page of each envelope's form is made from the data its check
    read: given as files or in an inbox (read by intake, its reading handed
    to the check), an envelope is opened once in all."""
    envelopes = _received(tmp_path)
    out = tmp_path_factory.mktemp("out") / "report"
    given = [str(tmp_path)] if inbox else [str(p) for p in envelopes]
    counted = _check_opens(opens, tmp_path, *given, "--report", str(out))
    assert [counted[str(p)] for p in envelopes] == [1, 1, 1]
    if inbox:
        # Each Word form and scan too: intake's sniff, digest and text.
        attached = [p for p in tmp_path.rglob("*") if p.suffix in (".docx", ".pdf")]
        assert len(attached) == 6
        assert {p.name: counted[str(p)] for p in attached} == {p.name: 1 for p in attached}
    pages = sorted((out / "forms").iterdir())
    assert len(pages) == 3
    for page in pages:
        assert APPLICATION["data"]["project_name"] in page.read_text(encoding="utf-8")


def test_a_sniffed_pdf_gives_its_digest_without_a_second_opening(
    tmp_path: Path, opens: list[str]
) -> None:
    folder = write_attachments(tmp_path / "a", APPLICATION)
    scan = next(p for p in folder.iterdir() if p.suffix == ".pdf")
    other = tmp_path / "other.pdf"
    other.write_bytes(scan.read_bytes() + b"\n")
    opens.clear()
    with OpenedFiles() as files:
        assert files.sniff(scan).kind == "pdf"
    first = digest_of(scan)
    assert opens == [str(scan)]
    opens.clear()
    # A file not sniffed: read once, then known.
    assert digest_of(other) == digest_of(other)
    assert opens == [str(other)]
    assert (first, digest_of(other)) == (_sha(scan), _sha(other))


def test_an_inbox_reads_each_envelope_once_for_intake_and_its_check(
    tmp_path: Path, opens: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """An inbox's envelope is read by intake (the ledger's digest, what it
    names); its check and its facts in the report take that reading."""
    envelopes = _received(tmp_path)
    counted = _check_opens(opens, tmp_path, str(tmp_path), "--json")
    report = json.loads(capsys.readouterr().out)
    assert len(report["inbox"]["submissions"]) == 3
    assert {s["project_name"] for s in report["inbox"]["submissions"]} == {
        APPLICATION["data"]["project_name"]
    }
    assert [counted[str(p)] for p in envelopes] == [1, 1, 1]
    codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert not codes & {"file.unreadable", "attachment.missing", "scan.unverified"}, codes


def test_files_many_envelopes_name_are_opened_once_in_all(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    opens: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Envelopes that name the same Word form and scan (a unit's several
    projects in one folder): intake sniffs and hashes each shared file
    once, each envelope's check takes that, and the report reads none
    again."""
    monkeypatch.setenv("REFORM_BRAND_SCAN_STORE", "off")
    folder = tmp_path / "unit"
    write_attachments(folder, APPLICATION)
    envelopes = []
    for i in range(5):
        envelope = folder / f"envelope{i}.json"
        envelope.write_text(json.dumps(dict(APPLICATION, id=f"s{i}")), encoding="utf-8")
        envelopes.append(envelope)
    shared = [p for p in folder.iterdir() if p.suffix in (".docx", ".pdf")]
    assert {p.suffix for p in shared} == {".docx", ".pdf"}
    out = tmp_path_factory.mktemp("out") / "report"
    counted = _check_opens(opens, tmp_path, str(tmp_path), "--report", str(out))
    assert {str(p): counted[str(p)] for p in [*envelopes, *shared]} == {
        str(p): 1 for p in [*envelopes, *shared]
    }
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["submissions"]) == 5
    codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert not codes & {"file.unreadable", "deliverables.file-missing", "scan.unverified"}


def _rewrite_keeping_identity(path: Path, content: bytes) -> None:
    """``content`` (of the same size) written over the file in place, its
    modification time put back: the same device, inode, size and time."""
    st = path.stat()
    assert len(content) == st.st_size
    with open(path, "r+b") as fh:
        fh.write(content)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _codes(report: object) -> list[tuple[str, list[tuple[str, str]]]]:
    from reform_brand.findings import BatchReport

    assert isinstance(report, BatchReport)
    return [
        (s.submission, sorted((f.code, f.pointer) for f in s.findings)) for s in report.submissions
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_check_takes_what_intake_read_in_any_process(
    edition: Edition, tmp_path: Path, jobs: int
) -> None:
    """What intake read travels with each item to the process that checks
    it: a file whose bytes change after intake under the same identity is
    checked as intake read it (the envelope's data, the Word form's type
    and text), in this process or in a worker; the report is the one of
    the files as they were."""
    from reform_brand import Validator
    from reform_brand.office import check_intake

    envelopes = _received(tmp_path)
    validator = Validator(edition)
    now = dt.datetime(2022, 8, 25, tzinfo=dt.UTC)
    before = check_intake(intake(edition, tmp_path), edition, validator=validator, now=now)
    found = intake(edition, tmp_path)
    for envelope in envelopes:
        raw = envelope.read_bytes()
        name = json.dumps(APPLICATION["data"]["project_name"])[1:-1].encode()
        assert name in raw
        _rewrite_keeping_identity(envelope, raw.replace(name, b"x" * len(name)))
    for docx in tmp_path.rglob("*.docx"):
        _rewrite_keeping_identity(docx, b"\0" * docx.stat().st_size)
    after = check_intake(found, edition, validator=validator, now=now, jobs=jobs, parallel_from=1)
    assert _codes(after.batch) == _codes(before.batch)
    assert {s.project_name for s in after.submissions} == {APPLICATION["data"]["project_name"]}


def test_a_named_file_changed_after_intake_is_read_again(edition: Edition, tmp_path: Path) -> None:
    """What intake learned of a file counts for that file only as it was:
    a Word form changed since (another size) is sniffed again by its check,
    which says what it is now."""
    from reform_brand import Validator
    from reform_brand.office import check_intake

    _received(tmp_path)
    found = intake(edition, tmp_path)
    for docx in tmp_path.rglob("*.docx"):
        docx.write_bytes(b"not a Word file")
    report = check_intake(found, edition, validator=Validator(edition))
    # (The three are one project sent three times: the last one counts.)
    last = report.batch.submissions[-1]
    errors = {(f.code, f.pointer) for f in last.findings if f.severity == "error"}
    assert any(p.startswith("/attachments/") for _c, p in errors), last.findings


def test_a_mailbox_among_files_is_read_as_a_file_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Of several files, one that holds a mailbox under another name is not
    opened to choose the mode: its check says what it is (and the others
    are checked); alone, it is checked as the inbox it is."""
    from reform_brand.cli import main

    envelope = _received(tmp_path)[0]
    mailbox = tmp_path / "收件箱.txt"
    mailbox.write_bytes(b"From zbkx@example.cn Wed Aug 17 10:15:30 2022\nSubject: x\n\nbody\n")
    code = main(["check", "shandong-2022", str(envelope), str(mailbox), "--json", "--now", NOW])
    assert code == 1
    subs = {s["file"]: s for s in json.loads(capsys.readouterr().out)["submissions"]}
    found = subs[str(mailbox)]["findings"]
    assert [f["code"] for f in found] == ["file.not-json"]
    assert "mbox" in found[0]["params"]["detail"]
    assert not any(f["severity"] == "error" for f in subs[str(envelope)]["findings"])
    assert main(["check", "shandong-2022", str(mailbox), "--json", "--now", NOW]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["inbox"]["root"] == str(mailbox)


def _mail_folders(edition: Edition, root: Path) -> list[Path]:
    """Two e-mail folders, each a Word form (one .docx, one .odt) with its
    scan and a manifest, and a progress summary as a Word file."""
    from tests.inbox import docx_edit as E
    from tests.inbox.conftest import application_data
    from tests.inbox.odt_make import docx_to_odt

    files = []
    for name, unit, odt in (("a", "济南市科协", False), ("b", "青岛市科协", True)):
        folder = root / name
        folder.mkdir(parents=True)
        docx = E.filled(edition, "application", application_data(applicant_unit=unit))
        form = folder / ("申报表.odt" if odt else "申报表.docx")
        form.write_bytes(docx_to_odt(docx) if odt else docx)
        (folder / "申报表.pdf").write_bytes(E.minimal_pdf([unit]))
        (folder / "manifest.toml").write_text(
            f'sender = "{name}@example.cn"\narrived_at = 2022-08-15T10:00:00+08:00\n'
            f'[unit]\nname = "{unit}"\nkind = "city-association"\n',
            encoding="utf-8",
        )
        files += [form, folder / "申报表.pdf", folder / "manifest.toml"]
    summary = root / "a" / "济南市科协2022年改革工作进展情况.docx"
    summary.write_bytes(E.text_docx(["济南市科协2022年改革工作进展情况", "字" * 300]))
    return [*files, summary]


def test_intake_reads_a_word_form_from_the_opening_that_sniffs_it(
    edition: Edition, tmp_path: Path, opens: list[str]
) -> None:
    """A Word form's type, digest, form data and last-modified date, a
    material's text, a manifest's content and digest, a scan's type and
    digest: each from one opening of the file."""
    files = _mail_folders(edition, tmp_path)
    opens.clear()
    found = intake(edition, tmp_path)
    assert sorted(s.folder for s in found.submissions if s.read) == ["a", "b"]
    assert [m.material for m in found.materials] == ["city-progress-summary"]
    assert found.files[0].sha256  # (the ledger has every digest)
    counted = collections.Counter(p for p in opens if p.startswith(str(tmp_path)))
    assert {p.name: counted[str(p)] for p in files} == {p.name: 1 for p in files}


def test_check_on_an_inbox_of_word_forms_opens_each_once(
    edition: Edition,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    opens: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``check --report`` on e-mail folders: each Word form (.docx, .odt),
    scan and manifest is opened once in all, by intake; the signed-scan
    rule compares the scan with the Word form's text that intake read, a
    scan is verified from the reading that hashed it (none kept from an
    earlier run here), and the materials rule counts the 字 of the text of
    a material that intake read."""
    monkeypatch.setenv("REFORM_BRAND_SCAN_STORE", "off")
    files = _mail_folders(edition, tmp_path)
    out = tmp_path_factory.mktemp("out") / "report"
    counted = _check_opens(opens, tmp_path, str(tmp_path), "--report", str(out))
    *forms, summary = files
    assert {str(p): counted[str(p)] for p in forms} == {str(p): 1 for p in forms}
    assert any(p.suffix == ".pdf" for p in forms)
    assert counted[str(summary)] == 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    codes = {f["code"] for s in report["submissions"] for f in s["findings"]}
    assert "scan.unverified" not in codes


def test_a_material_changed_after_intake_is_counted_as_it_is_now(
    edition: Edition, tmp_path: Path
) -> None:
    """The materials rule takes intake's text of a material only for the
    file as intake read it: one made longer since (another size) is read
    again, and its 字 counted anew."""
    from reform_brand import Validator
    from reform_brand.office import check_intake
    from tests.inbox import docx_edit as E

    *_forms, summary = _mail_folders(edition, tmp_path)

    def too_long(found: Intake) -> bool:
        report = check_intake(found, edition, validator=Validator(edition))
        return any(f.code == "material.too-long" for f in report.batch.findings) or any(
            f.code == "material.too-long" for s in report.batch.submissions for f in s.findings
        )

    assert not too_long(intake(edition, tmp_path))
    found = intake(edition, tmp_path)
    summary.write_bytes(E.text_docx(["济南市科协2022年改革工作进展情况", "字" * 2500]))
    assert too_long(found)


def test_a_text_material_is_opened_once_in_all(
    edition: Edition,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    opens: list[str],
) -> None:
    """A progress summary sent as text: its sniff reads it (and hashes it),
    intake takes its text from that reading, and the materials rule counts
    that text."""
    _mail_folders(edition, tmp_path)
    (tmp_path / "a" / "济南市科协2022年改革工作进展情况.docx").unlink()
    summary = tmp_path / "a" / "济南市科协2022年改革工作进展情况.txt"
    summary.write_text("济南市科协2022年改革工作进展情况\n" + "字" * 2500, encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "report"
    counted = _check_opens(opens, tmp_path, str(tmp_path), "--report", str(out))
    assert counted[str(summary)] == 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    found = [f for s in report["submissions"] for f in s["findings"]] + report["findings"]
    assert "material.too-long" in {f["code"] for f in found}


def test_a_pdf_read_whole_by_its_sniff_is_given_to_its_verification_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF's sniff reads it whole to hash it and keeps the content for the
    scan's verification, which takes it once; a file changed since, or one
    larger than what is kept, is read by the verification itself."""
    from reform_brand import opened

    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"1" * 100 + b"\n%%EOF\n")
    sniff_and_digest(pdf)
    assert opened.pdf_content_known(pdf) == pdf.read_bytes()
    assert opened.pdf_content_known(pdf) is None  # (taken)
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert sniff_checked(other).kind == "pdf"  # (a check's sniff keeps it too)
    other.write_bytes(b"%PDF-1.4\n% changed since\n%%EOF\n")
    assert opened.pdf_content_known(other) is None
    sniff_and_digest(pdf)  # (again: known, not read)
    assert opened.pdf_content_known(pdf) is None
    pdf.write_bytes(b"%PDF-1.4\n" + b"3" * 200 + b"\n%%EOF\n")
    sniff_and_digest(pdf)
    opened.drop_pdf_content(pdf)  # (its verification found a result kept)
    assert opened.pdf_content_known(pdf) is None
    with opened.pdfs_not_kept():  # (a process whose workers verify the scans)
        sniff_and_digest(other)
    assert opened.pdf_content_known(other) is None
    monkeypatch.setattr(opened, "_PDF_KEPT", 50)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"2" * 100 + b"\n%%EOF\n")
    assert sniff_and_digest(big)[1] == _sha(big)
    assert opened.pdf_content_known(big) is None


def test_a_scan_verification_that_reads_nothing_drops_the_kept_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verification answered without reading the file (a result kept by
    an earlier run, or the extra missing) leaves no scan's content behind."""
    from reform_brand import opened, scan

    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"4" * 100 + b"\n%%EOF\n")
    sniff_and_digest(pdf)
    monkeypatch.setattr(scan, "_installed", lambda: False)
    monkeypatch.setattr(scan, "missing_extra", lambda: "pypdfium2")
    assert scan.verify_scan(pdf).status == "unavailable"
    assert opened.pdf_content_known(pdf) is None


def test_kept_contents_stay_within_their_bound_the_oldest_dropped() -> None:
    from reform_brand.opened import _Contents

    kept = _Contents(10)
    for n in range(5):
        kept.keep((0, n, 4, 0), bytes(4))
    assert [kept.get((0, n, 4, 0)) is not None for n in range(5)] == [False] * 3 + [True] * 2
    kept.keep((0, 3, 4, 0), bytes(4))  # (kept again: counted once)
    kept.keep((0, 9, 2, 0), bytes(2))
    assert kept.get((0, 3, 4, 0)) is not None and kept.get((0, 4, 4, 0)) is not None
    assert kept.take((0, 4, 4, 0)) == bytes(4) and kept.get((0, 4, 4, 0)) is None
    kept.keep((0, 10, 4, 0), bytes(4))
    assert kept.get((0, 3, 4, 0)) is not None and kept.get((0, 9, 2, 0)) is not None
