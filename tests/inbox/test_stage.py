"""An inbox that holds archives or mail files: intake's private folder
links the inbox's other files instead of copying them (a copy only where a
link cannot be made), never writes through a link, and every file of the
inbox is opened once in all, under any of its names."""

from __future__ import annotations

import errno
import hashlib
import json
import mailbox
import os
import shutil
from pathlib import Path

import pytest

from reform_brand import Edition
from reform_brand.cli import main
from reform_brand.office import intake
from reform_brand.office._mail_source import read_mail_source
from tests.inbox._opens import openings_by_file
from tests.inbox.archives import utf8_zip
from tests.inbox.batches import DEMO

NOW = "2022-08-25T08:00:00+08:00"

#: The files a submission is made of, and the other files an inbox holds.
_SUBMISSION = (".json", ".docx", ".odt", ".pdf", ".toml")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _example(root: Path) -> Path:
    inbox = root / "example"
    shutil.copytree(DEMO, inbox)
    return inbox


def _report(inbox: Path, out: Path, *more: str) -> dict[str, object]:
    code = main(["check", "shandong-2022", str(inbox), "--report", str(out), "--now", NOW, *more])
    assert code in (0, 1)
    report: dict[str, object] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def test_the_example_inbox_opens_each_file_once_in_all(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    opens: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bundled inbox (a .zip, an .mbox, an .odt, a damaged Word form,
    revisions, text materials): intake, the checks and the report open
    every file once in all, whatever name intake's private folder gives
    it: each envelope, Word form, scan, manifest, archive, mailbox and text
    material.  No scan's verification is kept from an earlier run: each
    scan is verified from the reading that hashed it."""
    monkeypatch.setenv("REFORM_BRAND_SCAN_STORE", "off")
    inbox = _example(tmp_path)
    out = tmp_path_factory.mktemp("out") / "report"
    opens.clear()
    _report(inbox, out, "--jobs", "1")
    counted = {p.relative_to(inbox).as_posix(): n for p, n in openings_by_file(inbox).items()}
    # (Word's lock files, ~$..., are left alone, never opened.)
    read = [
        p
        for p in counted
        if p.endswith((*_SUBMISSION, ".zip", ".mbox", ".txt", ".jpg"))
        and not Path(p).name.startswith("~$")
    ]
    assert len(read) > 50
    assert {p: counted[p] for p in read} == dict.fromkeys(read, 1)
    assert max(counted.values()) == 1


def _inbox_with_archive(root: Path) -> Path:
    inbox = root / "inbox"
    (inbox / "unit").mkdir(parents=True)
    (inbox / "unit" / "说明.txt").write_text("说明", encoding="utf-8")
    (inbox / "unit" / "图.jpg").write_bytes(b"\xff\xd8\xff\xe0 not much of a picture")
    (inbox / "a.zip").write_bytes(utf8_zip([("x.txt", b"from the archive")]))
    return inbox


def test_the_private_folder_links_the_inbox_files(edition: Edition, tmp_path: Path) -> None:
    inbox = _inbox_with_archive(tmp_path)
    found = intake(edition, inbox)
    try:
        stage = found.base
        assert stage != inbox
        for rel in ("unit/说明.txt", "unit/图.jpg"):
            assert os.path.samefile(stage / rel, inbox / rel), rel
        assert (stage / "a.zip!" / "x.txt").read_bytes() == b"from the archive"
        ledger = {f.path: f for f in found.files}
        assert ledger["unit/说明.txt"].sha256 == _sha(inbox / "unit" / "说明.txt")
        assert ledger["a.zip"].sha256 == _sha(inbox / "a.zip")
    finally:
        found.close()
    assert not stage.exists()
    assert (inbox / "unit" / "说明.txt").read_text(encoding="utf-8") == "说明"


def test_an_entry_never_writes_through_a_linked_file(edition: Edition, tmp_path: Path) -> None:
    """An inbox folder named like the archive's entries ("a.zip!") holds a
    file of the same name as an entry: the entry is refused, and the inbox
    file, linked into the private folder, is left as it was."""
    inbox = _inbox_with_archive(tmp_path)
    (inbox / "a.zip!").mkdir()
    mine = inbox / "a.zip!" / "x.txt"
    mine.write_bytes(b"the office's own file")
    before = mine.stat()
    found = intake(edition, inbox)
    try:
        codes = {f.code for f in found.findings}
        assert "inbox.archive-entry-refused" in codes
    finally:
        found.close()
    assert mine.read_bytes() == b"the office's own file"
    after = mine.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_nlink) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_nlink,
    )


def test_where_no_link_can_be_made_the_files_are_copied_with_the_same_report(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A private folder on another file system than the inbox (no hard
    link across them) gets copies, and the report is the same."""
    inbox = _example(tmp_path)
    linked = _report(inbox, tmp_path_factory.mktemp("linked") / "r", "--jobs", "1")

    def no_link(*_args: object, **_kw: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    copied = _report(inbox, tmp_path_factory.mktemp("copied") / "r", "--jobs", "1")
    for report in (linked, copied):
        report.pop("generated_at", None)
        report.pop("inbox", None)  # (where it was written from)
    assert json.dumps(copied, sort_keys=True) == json.dumps(linked, sort_keys=True)


@pytest.mark.parametrize("name", ["收件箱导出.mbox", "第一封.eml"])
def test_a_mail_file_is_hashed_from_its_reading(
    name: str, edition: Edition, tmp_path: Path, opens: list[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    box = DEMO / "收件箱导出.mbox"
    if name.endswith(".mbox"):
        shutil.copy(box, inbox / name)
    else:
        first = mailbox.mbox(box, create=False)
        try:
            (inbox / name).write_bytes(first.get_bytes(next(iter(first.keys()))))
        finally:
            first.close()
    opens.clear()
    found = intake(edition, inbox)
    try:
        assert openings_by_file(inbox)[inbox / name] == 1
        ledger = {f.path: f for f in found.files}
        assert ledger[name].sha256 == _sha(inbox / name)
        assert any(True for _ in found.items())
    finally:
        found.close()
    assert read_mail_source(inbox / name).sha256 == _sha(inbox / name)
    assert read_mail_source(tmp_path).sha256 == ""  # (a folder: no file to hash)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_links_and_pipes_of_an_inbox_with_an_archive_are_refused_as_without(
    edition: Edition, tmp_path: Path
) -> None:
    """A symbolic link to a file outside the inbox and a FIFO: the ledger
    says of them what it says in an inbox without archives, and the private
    folder holds neither the outside file nor the pipe."""
    secret = tmp_path / "secret.docx"
    secret.write_bytes(b"secret")
    ledgers = []
    for with_archive in (False, True):
        inbox = tmp_path / f"inbox{int(with_archive)}"
        (inbox / "unit").mkdir(parents=True)
        os.symlink(secret, inbox / "unit" / "link.docx")
        os.mkfifo(inbox / "unit" / "pipe.pdf")
        (inbox / "unit" / "说明.txt").write_text("说明", encoding="utf-8")
        if with_archive:
            (inbox / "a.zip").write_bytes(utf8_zip([("x.txt", b"x")]))
        found = intake(edition, inbox)
        try:
            ledger = {f.path: (f.status, f.code) for f in found.files}
            ledgers.append({k: v for k, v in ledger.items() if k.startswith("unit/")})
            if with_archive:
                stage = found.base
                assert stage != inbox
                for name in ("link.docx", "pipe.pdf"):
                    target = stage / "unit" / name
                    assert not target.exists() or not os.path.samefile(target, secret)
                    assert not target.is_fifo()
        finally:
            found.close()
    assert ledgers[0] == ledgers[1]
    assert ledgers[0]["unit/说明.txt"][0] != "unreadable"
