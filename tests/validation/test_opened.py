"""Each attachment is opened once for all the rules of a submission: its
path resolved, its status read and its type sniffed once, a .docx kept open
after its sniff for the signed-scan rule to read its text."""

from __future__ import annotations

import copy
import io
import os
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest

import reform_brand.opened as opened_module
from reform_brand import Validator
from reform_brand._bounded import Bounded
from reform_brand.opened import OpenedFiles
from reform_brand.safeopen import OpenPackage, UnsafeFileError, open_docx, sniff_fh
from tests.validation.helpers import APPLICATION, NOW, PDF, minimal_docx


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every opening of a file for its type, and every reading of a .docx's
    text, by path; the run's memory of sniffed files emptied first."""
    calls: dict[str, list[str]] = {"sniff": [], "text": [], "fresh": []}
    text = OpenPackage.text

    def counting_sniff(fh: Any, **kw: Any) -> Any:
        # (The file is opened by its descriptor: its path is the link's.)
        calls["sniff"].append(os.readlink(f"/proc/self/fd/{fh.fileno()}"))
        return sniff_fh(fh, **kw)

    def counting_open(path: Path, *args: Any) -> Any:
        calls["fresh"].append(str(path))
        return open_docx(path, *args)

    def counting_text(self: OpenPackage) -> str:
        calls["text"].append(self.fh.name if isinstance(self.fh.name, str) else "")
        return text(self)

    monkeypatch.setattr(opened_module, "sniff_fh", counting_sniff)
    monkeypatch.setattr(opened_module, "open_docx", counting_open)
    monkeypatch.setattr(OpenPackage, "text", counting_text)
    monkeypatch.setattr(opened_module, "_SNIFFED", Bounded(opened_module._SNIFFED_MAX))
    monkeypatch.setattr(opened_module, "_TEXTS", OrderedDict())
    return calls


def test_each_attachment_is_opened_once_for_all_the_rules(
    validator: Validator, tmp_path: Path, counted: dict[str, list[str]]
) -> None:
    (tmp_path / "scan.pdf").write_bytes(PDF)
    (tmp_path / "form.docx").write_bytes(minimal_docx("山东省改革品牌项目申报表 济南市科协"))
    env = copy.deepcopy(APPLICATION)
    validator.validate(env, base_dir=tmp_path, now=NOW)  # the scan engine loaded
    counted["sniff"].clear()
    counted["text"].clear()
    opened_module._SNIFFED.clear()
    opened_module._TEXTS.clear()
    before = _open_fds()
    report = validator.validate(env, base_dir=tmp_path, now=NOW)
    assert _open_fds() == before  # nothing left open
    real = os.path.realpath(tmp_path)
    # The deliverables rule sniffed each file once; the signed-scan rule
    # found both answers and read the Word form from the same opening.
    assert sorted(counted["sniff"]) == [f"{real}/form.docx", f"{real}/scan.pdf"]
    assert counted["fresh"] == []
    assert len(counted["text"]) == 1
    assert "deliverables.wrong-type" not in report.codes()


def test_a_file_known_from_earlier_in_the_run_is_not_sniffed_again(
    tmp_path: Path, counted: dict[str, list[str]]
) -> None:
    docx = tmp_path / "form.docx"
    docx.write_bytes(minimal_docx("申报表"))
    with OpenedFiles() as files:
        assert files.sniff(docx).kind == "docx"
    with OpenedFiles() as files:
        assert files.sniff(docx).kind == "docx"
        # Its text is read from a fresh opening: the first one is closed.
        assert files.docx_text(docx) == "申报表"
    assert counted["sniff"] == [str(docx)]
    assert counted["fresh"] == [str(docx)]
    docx.write_bytes(minimal_docx("另一份申报表"))  # another version: looked at again
    with OpenedFiles() as files:
        assert files.docx_text(docx) == "另一份申报表"


def test_a_word_form_named_by_several_submissions_is_read_once_per_version(
    tmp_path: Path, counted: dict[str, list[str]]
) -> None:
    docx = tmp_path / "form.docx"
    docx.write_bytes(minimal_docx("申报表"))
    for _ in range(3):  # three submissions' rules
        with OpenedFiles() as files:
            assert files.sniff(docx).kind == "docx"
            assert files.docx_text(docx) == "申报表"
    assert counted["sniff"] == [str(docx)]
    assert len(counted["text"]) == 1
    assert counted["fresh"] == []
    os.utime(docx, ns=(1, 1))  # touched: another version as far as anyone knows
    with OpenedFiles() as files:
        assert files.docx_text(docx) == "申报表"
    assert counted["fresh"] == [str(docx)]
    for n in range(opened_module._TEXTS_MAX + 5):  # the memory is bounded
        other = tmp_path / f"form{n}.docx"
        other.write_bytes(minimal_docx(f"申报表{n}"))
        with OpenedFiles() as files:
            assert files.docx_text(other) == f"申报表{n}"
    assert len(opened_module._TEXTS) == opened_module._TEXTS_MAX


def test_paths_and_status_are_looked_up_once(tmp_path: Path) -> None:
    files = OpenedFiles()
    missing = tmp_path / "missing.pdf"
    for _ in range(2):
        with pytest.raises(FileNotFoundError):
            files.stat(missing)
        with pytest.raises(FileNotFoundError):
            files.sniff(missing)
    (tmp_path / "link").symlink_to(tmp_path)
    assert files.realpath(str(tmp_path / "link")) == os.path.realpath(tmp_path)
    (tmp_path / "link").unlink()
    assert files.realpath(str(tmp_path / "link")) == os.path.realpath(tmp_path)  # kept


def _docx_with_doctype() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", '<!DOCTYPE x [<!ENTITY a "b">]><w:document/>')
    return buf.getvalue()


def test_an_unsafe_docx_is_closed_at_once_and_never_read(
    tmp_path: Path, counted: dict[str, list[str]]
) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(_docx_with_doctype())
    not_docx = tmp_path / "scan.pdf"
    not_docx.write_bytes(PDF)
    before = _open_fds()
    with OpenedFiles() as files:
        found = files.sniff(bad)
        assert (found.kind, found.code) == ("unsafe", "read.doctype")
        assert _open_fds() == before
        with pytest.raises(UnsafeFileError) as exc:
            files.docx_text(bad)
        assert exc.value.code == "read.doctype"
        assert files.sniff(not_docx).kind == "pdf"
        with pytest.raises(UnsafeFileError) as exc:
            files.docx_text(not_docx)
        assert exc.value.code == "read.not-docx"
    assert _open_fds() == before
    assert counted["text"] == []
