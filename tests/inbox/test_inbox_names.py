"""File names as the inbox finds them: a manifest's names typed in another
letter case, names that hold a backslash, an e-mail folder with nothing but
its manifest."""

from __future__ import annotations

import json
import os
import unicodedata
import zipfile
from pathlib import Path

import pytest

from reform_brand.cli import main
from reform_brand.model import Edition
from reform_brand.office import check_inbox, check_mail
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data
from tests.mail.mails import forgotten_attachments

NOW_TEXT = NOW.isoformat()


def test_a_manifest_naming_a_file_in_another_case_names_that_file(
    edition: Edition, tmp_path: Path
) -> None:
    """A manifest typed on Windows names 一.DOCX for 一.docx: the file is the
    one it names (its pairs hold, the file it ignores is ignored), and no
    file is missing; a name two files have in other cases names neither."""
    mail = tmp_path / "inbox" / "2022-08-15 济南市科协"
    mail.mkdir(parents=True)
    for name in ("一.docx", "二.docx"):
        (mail / name).write_bytes(
            E.filled(edition, "application", application_data(applicant_unit="济南市科协"))
        )
    (mail / "甲.pdf").write_bytes(E.minimal_pdf(["scan"]))
    (mail / "乙.pdf").write_bytes(E.minimal_pdf(["scan"]))
    (mail / "旧.txt").write_text("旧稿", encoding="utf-8")
    (mail / "b.txt").write_text("b", encoding="utf-8")
    (mail / "B.txt").write_text("B", encoding="utf-8")
    manifest = {
        "unit": {"name": "济南市科协", "kind": "city-association"},
        "submissions": [
            {"word": "一.DOCX", "scan": "乙.PDF"},
            {"word": "二.Docx", "scan": "甲.pdf"},
        ],
        "ignore": ["旧.TXT", "b.TXT"],
    }
    (mail / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    report = check_inbox(edition, tmp_path / "inbox", now=NOW)
    folder = "2022-08-15 济南市科协/"
    pairs = {(s.word, s.scan) for s in report.submissions}
    assert pairs == {
        (folder + "一.docx", folder + "乙.pdf"),
        (folder + "二.docx", folder + "甲.pdf"),
    }
    missing = [f.params["path"] for f in report.batch.findings if f.code.endswith("missing-file")]
    assert missing == []
    status = {f.path: (f.status, f.code) for f in report.files}
    assert status[folder + "旧.txt"] == ("ignored", "inbox.ignored")
    # (b.txt or B.txt: the manifest does not say which.)
    assert status[folder + "b.txt"][1] != "inbox.ignored"
    assert status[folder + "B.txt"][1] != "inbox.ignored"


def test_a_manifest_naming_a_file_composed_names_the_file_a_mac_decomposed(
    edition: Edition, tmp_path: Path
) -> None:
    """A Mac writes a name decomposed (NFD: ``e`` and a combining accent); the
    clerk types it composed (NFC) in the manifest: the same file, paired as
    the manifest says, and no file missing."""
    mail = tmp_path / "inbox" / "2022-08-15 济南市科协"
    mail.mkdir(parents=True)
    word, scan = "申报表-café.docx", "扫描-café.pdf"
    data = application_data(applicant_unit="济南市科协")
    for name in ("申报表-other.docx", word):
        (mail / unicodedata.normalize("NFD", name)).write_bytes(
            E.filled(edition, "application", data)
        )
    (mail / unicodedata.normalize("NFD", scan)).write_bytes(E.minimal_pdf(["scan"]))
    manifest = {
        "unit": {"name": "济南市科协", "kind": "city-association"},
        "submissions": [{"word": word, "scan": scan, "reform_items": [3]}],
    }
    (mail / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    report = check_inbox(edition, tmp_path / "inbox", now=NOW)
    folder = "2022-08-15 济南市科协/"
    pairs = {(s.word, s.scan, s.reform_items) for s in report.submissions}
    decomposed = unicodedata.normalize("NFD", folder + word)
    assert (decomposed, unicodedata.normalize("NFD", folder + scan), (3,)) in pairs
    assert "inbox.manifest-missing-file" not in {f.code for f in report.batch.findings}


def test_an_email_folder_of_its_manifest_alone_has_no_attachments(
    edition: Edition, tmp_path: Path
) -> None:
    """An e-mail folder holding only its manifest is a mail that came without
    its attachments, as the mail itself would be: ``mail.no-attachments``."""
    inbox = tmp_path / "inbox"
    mail = inbox / "2022-08-15 济南市科协"
    mail.mkdir(parents=True)
    (mail / "manifest.json").write_text('{"unit": {"name": "济南市科协"}}', encoding="utf-8")
    report = check_inbox(edition, inbox, now=NOW)
    got = [(f.code, f.file, f.unit) for f in report.batch.findings]
    assert got == [("mail.no-attachments", "2022-08-15 济南市科协/", "济南市科协")]
    assert report.submissions == ()


def test_an_archive_of_its_manifest_alone_is_named_an_archive(
    edition: Edition, tmp_path: Path
) -> None:
    """An archive (or a folder) holding only its manifest was said to be "the
    mail" that "has no attachments": ``received`` names what it was received
    as, as for ``inbox.no-form``; a mail stays a mail."""
    inbox = forgotten_attachments(tmp_path / "inbox").parent
    with zipfile.ZipFile(inbox / "mz.zip", "w") as z:
        z.writestr("manifest.toml", '[unit]\nname = "淄博市科协"\n')
    (inbox / "dir").mkdir()
    (inbox / "dir" / "manifest.json").write_text('{"unit": {"name": "潍坊市科协"}}', "utf-8")
    report = check_inbox(edition, inbox, now=NOW)
    got = {
        f.file: str(getattr(f.params["received"], "value", ""))
        for f in report.batch.findings
        if f.code == "mail.no-attachments"
    }
    assert got["mz.zip!/"] == "archive" and got["dir/"] == "folder"
    assert [v for k, v in got.items() if k not in ("mz.zip!/", "dir/")] == ["mail"]


@pytest.mark.parametrize("inside", [False, True], ids=["mailbox", "in an inbox"])
def test_a_mail_with_no_attachments_is_said_so_once(
    edition: Edition, tmp_path: Path, inside: bool
) -> None:
    """A mail without attachments is laid out as an e-mail folder of its
    manifest alone: the mail's own finding is the only one."""
    eml = forgotten_attachments(tmp_path / "inbox")
    if inside:
        report = check_inbox(edition, eml.parent, now=NOW)
    else:
        found, report = check_mail(edition, eml, now=NOW)
        found.close()
    codes = [f.code for f in report.batch.findings]
    assert codes.count("mail.no-attachments") == 1


def test_a_link_to_nothing_given_alone_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one PATH given is a link whose target is gone: nothing to check,
    exit 2 as for a PATH that does not exist, saying it is a link; among
    other paths it is still a finding of its own (exit 1)."""
    link = tmp_path / "inbox"
    os.symlink(tmp_path / "gone", link)
    assert main(["check", "shandong-2022", str(link), "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "link to nothing" in captured.err and str(link) in captured.err
    assert main(["check", "shandong-2022", str(tmp_path / "gone"), "--lang", "en"]) == 2
    capsys.readouterr()
    other = tmp_path / "a.json"
    other.write_text("{}", encoding="utf-8")
    code = main(["check", "shandong-2022", str(other), str(link), "--json", "--now", NOW_TEXT])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert "file.unreadable" in {f["code"] for s in report["submissions"] for f in s["findings"]}


def _unit_folder(edition: Edition, folder: Path, stem: str) -> None:
    """A unit's form and its scan, loose in ``folder``, named ``stem``…"""
    folder.mkdir(parents=True, exist_ok=True)
    data = application_data(applicant_unit="济南市科协")
    (folder / f"{stem}申报表.docx").write_bytes(E.filled(edition, "application", data))
    (folder / f"{stem}申报表（盖章扫描件）.pdf").write_bytes(E.minimal_pdf(["scan"]))


def _codes(report: dict[str, object]) -> list[list[str]]:
    subs = report["submissions"]
    assert isinstance(subs, list)
    return [sorted(f["code"] for f in s["findings"]) for s in subs]


@pytest.mark.parametrize("stem", ["济南\\", "a:b", "C:", "1:\\"], ids=repr)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_name_with_a_backslash_or_a_colon_is_a_file_like_any_other(
    edition: Edition,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    stem: str,
    jobs: str,
) -> None:
    """A file's name on Linux or macOS may hold a backslash or a colon (a
    Mac writes ``:`` for the ``/`` typed in a name).  Found in an inbox it
    names that file, as any name does: its form and scan pair, and the
    check finds what it finds with plain names (no
    ``deliverables.path-escape``), in process and in workers.  Exported as
    envelopes, the copies are named as an envelope may declare them (the
    full-width forms), and the export is checked alike."""
    args = ["check", "shandong-2022", "--json", "--now", NOW_TEXT, "--jobs", jobs]
    plain, odd = tmp_path / "plain", tmp_path / "odd"
    _unit_folder(edition, plain / "2022-08-15 济南市科协", "")
    _unit_folder(edition, odd / "2022-08-15 济南市科协", stem)
    status = main([*args[:2], str(plain), *args[2:]])
    expected = _codes(json.loads(capsys.readouterr().out))
    exported = tmp_path / "exported"
    assert main([*args[:2], str(odd), *args[2:], "--export-envelopes", str(exported)]) == status
    report = json.loads(capsys.readouterr().out)
    assert _codes(report) == expected
    assert "deliverables.path-escape" not in str(expected)
    used = {f["path"] for f in report["inbox"]["files"] if f["status"] == "used"}
    folder = "2022-08-15 济南市科协/"
    assert used == {f"{folder}{stem}申报表.docx", f"{folder}{stem}申报表（盖章扫描件）.pdf"}
    names = {p.name for p in (exported / "2022-08-15 济南市科协").iterdir()}
    portable = stem.replace("\\", "＼").replace(":", "：")
    assert names == {f"{portable}申报表.docx", f"{portable}申报表（盖章扫描件）.pdf"}
    main([*args[:2], str(exported), *args[2:]])
    again = json.loads(capsys.readouterr().out)
    codes = {c for s in _codes(again) for c in s}
    assert "deliverables.path-escape" not in codes
    assert {"deliverables.missing", "deliverables.file-missing"}.isdisjoint(codes)


def test_a_declared_path_with_a_backslash_is_still_refused(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An envelope declares its paths: a backslash there is refused on every
    system alike, even where a file of that very name exists (the verdict
    must not depend on the system that checks it)."""
    folder = tmp_path / "batch"
    _unit_folder(edition, folder, "济南\\")
    env = {
        "version": 1,
        "edition": "shandong-2022",
        "form": "application",
        "unit": {"name": "济南市科协", "kind": "city-association"},
        "data": application_data(applicant_unit="济南市科协"),
        "attachments": [{"role": "signed-scan", "path": "济南\\申报表（盖章扫描件）.pdf"}],
    }
    (folder / "one.json").write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    main(["check", "shandong-2022", str(folder / "one.json"), "--json", "--now", NOW_TEXT])
    codes = {c for s in _codes(json.loads(capsys.readouterr().out)) for c in s}
    assert "deliverables.path-escape" in codes
