"""Deliverables (type by content, paths that stay inside) and lengths."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import attrs
import pytest

from reform_brand import Edition, Validator
from reform_brand._kinds import kind_name
from reform_brand.catalogue import Localized
from reform_brand.model import Deliverable, ExtraMaterial
from reform_brand.rules import docx_text, sniff
from reform_brand.wordcount import count
from tests.closed import refuse_realpath
from tests.finding_params import text
from tests.validation.helpers import DOC, NOW, PDF, Envelope, minimal_docx, pairs


def check(validator: Validator, env: Envelope, folder: Path | None) -> list[tuple[str, str]]:
    return pairs(validator.validate(env, base_dir=folder, now=NOW))


def test_files_of_the_right_type(validator: Validator, application: Envelope, folder: Path) -> None:
    report = validator.validate(application, base_dir=folder, now=NOW)
    assert pairs(report) == []
    assert report.files_checked
    application["attachments"][1]["path"] = "form.doc"
    assert check(validator, application, folder) == []


def test_without_a_folder_files_are_not_read(validator: Validator, application: Envelope) -> None:
    report = validator.validate(application, now=NOW)
    assert pairs(report) == [] and not report.files_checked


def test_missing_deliverables(validator: Validator, application: Envelope) -> None:
    application["attachments"] = []
    assert check(validator, application, None) == [
        ("deliverables.missing", "/attachments"),
        ("deliverables.missing", "/attachments"),
    ]
    del application["attachments"]
    found = validator.validate(application, now=NOW).findings
    assert sorted(text(f, "role") for f in found) == ["signed-scan", "word"]


def test_type_is_read_from_content_not_name(
    validator: Validator, application: Envelope, folder: Path
) -> None:
    (folder / "fake.pdf").write_bytes(minimal_docx())
    (folder / "renamed.doc").write_bytes(minimal_docx())
    (folder / "text.docx").write_text("not a zip", encoding="utf-8")
    application["attachments"] = [
        {"role": "signed-scan", "path": "fake.pdf"},
        {"role": "word", "path": "renamed.doc"},
    ]
    report = validator.validate(application, base_dir=folder, now=NOW)
    assert pairs(report) == [
        ("deliverables.wrong-type", "/attachments/0/path"),
        ("deliverables.misnamed", "/attachments/1/path"),
    ]
    assert report.findings[0].params["kind"] == "docx"
    application["attachments"][1]["path"] = "text.docx"
    assert check(validator, application, folder)[1] == (
        "deliverables.wrong-type",
        "/attachments/1/path",
    )


def test_a_zip_without_word_document_is_not_a_docx(
    validator: Validator, application: Envelope, folder: Path
) -> None:
    with zipfile.ZipFile(folder / "other.docx", "w") as z:
        z.writestr("content.xml", "<x/>")
    application["attachments"][1]["path"] = "other.docx"
    report = validator.validate(application, base_dir=folder, now=NOW)
    assert pairs(report) == [("deliverables.wrong-type", "/attachments/1/path")]
    assert report.findings[0].params["kind"] == "zip"


@pytest.mark.parametrize(
    "path", ["../scan.pdf", "/etc/passwd", "a/../../scan.pdf", "..\\scan.pdf", "C:/scan.pdf"]
)
def test_paths_may_not_leave_the_folder(
    validator: Validator, application: Envelope, folder: Path, path: str
) -> None:
    application["attachments"][0]["path"] = path
    assert check(validator, application, folder) == [
        ("deliverables.path-escape", "/attachments/0/path")
    ]
    # Also without a folder: the path alone is enough to refuse it.
    assert check(validator, application, None) == [
        ("deliverables.path-escape", "/attachments/0/path")
    ]


def test_symlinks_escaping_the_folder(
    validator: Validator, application: Envelope, folder: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(PDF)
    os.symlink(outside, folder / "link.pdf")
    os.symlink(folder / "scan.pdf", folder / "inside.pdf")
    application["attachments"][0]["path"] = "link.pdf"
    assert check(validator, application, folder) == [
        ("deliverables.path-escape", "/attachments/0/path")
    ]
    application["attachments"][0]["path"] = "inside.pdf"
    assert check(validator, application, folder) == []


def test_missing_file_directory_and_fifo(
    validator: Validator, application: Envelope, folder: Path
) -> None:
    (folder / "dir.pdf").mkdir()
    os.mkfifo(folder / "pipe.docx")
    application["attachments"] = [
        {"role": "signed-scan", "path": "nope.pdf"},
        {"role": "signed-scan", "path": "dir.pdf"},
        {"role": "word", "path": "pipe.docx"},
    ]
    assert check(validator, application, folder) == [
        ("deliverables.file-missing", "/attachments/0/path"),
        ("deliverables.not-a-file", "/attachments/1/path"),
        ("deliverables.not-a-file", "/attachments/2/path"),
    ]


def test_an_attachment_that_is_there_but_cannot_be_read_is_not_missing(
    validator: Validator, application: Envelope, folder: Path
) -> None:
    """A symbolic link that leads to itself is there and cannot be read: not
    "the file does not exist"."""
    os.symlink("loop.pdf", folder / "loop.pdf")
    application["attachments"][0]["path"] = "loop.pdf"
    assert check(validator, application, folder) == [
        ("deliverables.unreadable", "/attachments/0/path")
    ]
    report = validator.validate(application, base_dir=folder)
    [found] = [f for f in report.findings if f.code == "deliverables.unreadable"]
    assert "符号链接成环" in found.message("zh") and "symbolic links" in found.message("en")


def test_an_attachment_whose_way_may_not_be_looked_into_fails_no_rule(
    validator: Validator,
    application: Envelope,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A path through a folder that may not be looked into (a link to another
    user's) cannot be resolved: the rules reading attachments failed with it
    (rule.failed); the file is looked at as given, and what is said is what
    that look meets."""

    refuse_realpath(monkeypatch, "closed")
    application["attachments"][0]["path"] = "closed/scan.pdf"
    assert check(validator, application, folder) == [
        ("deliverables.file-missing", "/attachments/0/path")
    ]


def test_unknown_role(validator: Validator, application: Envelope, folder: Path) -> None:
    application["attachments"].append({"role": "photo", "path": "scan.pdf"})
    assert check(validator, application, folder) == [
        ("deliverables.unknown-role", "/attachments/2/role")
    ]


def test_unknown_role_names_each_role_by_its_title_and_id(
    validator: Validator, application: Envelope
) -> None:
    """The roles an attachment may have are listed by their titles, each
    with the id to write: the deliverables, then the extra materials."""
    application["attachments"].append({"role": "scn", "path": "scan.pdf"})
    (finding,) = [
        f
        for f in validator.validate(application, now=NOW).findings
        if f.code == "deliverables.unknown-role"
    ]
    edition = validator.edition
    titled: list[Deliverable | ExtraMaterial] = [*edition.delivery.deliverables]
    titled += sorted(edition.extra_materials, key=lambda m: m.id)
    assert finding.params["available"] == tuple(d.id for d in titled)
    listed = finding.params["roles"]
    assert isinstance(listed, Localized)
    assert listed.zh.split("、") == [f"{d.title.zh}（{d.id}）" for d in titled]
    assert listed.en.startswith(f"{titled[0].id} (")
    assert all(d.title.zh in finding.message("zh") for d in titled)


def test_zip_bomb_is_not_opened(validator: Validator, application: Envelope, folder: Path) -> None:
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    application["attachments"][1]["path"] = "bomb.docx"
    assert check(validator, application, folder) == [
        ("deliverables.unsafe-file", "/attachments/1/path")
    ]


@pytest.mark.parametrize("cut", [0.5, 0.95])
def test_a_word_file_cut_short_is_called_a_damaged_archive(
    validator: Validator, application: Envelope, folder: Path, cut: float
) -> None:
    """A .docx that arrived cut short (or damaged) is not of an unknown
    content: it is said to be an incomplete or damaged archive, so that the
    unit is asked to send it again."""
    whole = (folder / "form.docx").read_bytes()
    (folder / "cut.docx").write_bytes(whole[: int(len(whole) * cut)])
    application["attachments"][1]["path"] = "cut.docx"
    report = validator.validate(application, base_dir=folder, now=NOW)
    assert pairs(report) == [("deliverables.wrong-type", "/attachments/1/path")]
    (finding,) = report.findings
    assert finding.params["kind"] == "unknown"
    detected = finding.params["detected"]
    assert isinstance(detected, Localized)
    assert (detected.zh, detected.en) == kind_name("unknown", "truncated zip")
    assert kind_name("unknown", "truncated zip") != kind_name("unknown")
    assert kind_name("unknown", "broken zip: BadZipFile") == kind_name("unknown", "truncated zip")


def test_too_many_zip_entries(validator: Validator, application: Envelope, folder: Path) -> None:
    with zipfile.ZipFile(folder / "many.docx", "w") as z:
        for i in range(2001):
            z.writestr(f"x/{i}", b"")
    application["attachments"][1]["path"] = "many.docx"
    assert check(validator, application, folder) == [
        ("deliverables.unsafe-file", "/attachments/1/path")
    ]


def test_sniff(folder: Path) -> None:
    assert sniff(folder / "scan.pdf").kind == "pdf"
    assert sniff(folder / "form.docx").kind == "docx"
    assert sniff(folder / "form.doc").kind == "doc"
    (folder / "empty").write_bytes(b"")
    assert sniff(folder / "empty").kind == "empty"
    (folder / "junk").write_bytes(b"PK\x03\x04garbage")
    assert sniff(folder / "junk").kind == "unknown"


def test_docx_text_refuses_a_doctype(folder: Path) -> None:
    with zipfile.ZipFile(folder / "dtd.docx", "w") as z:
        z.writestr("word/document.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    with pytest.raises(ValueError, match="DOCTYPE"):
        docx_text(folder / "dtd.docx")
    assert docx_text(folder / "form.docx") == "申报表"


# -- lengths -----------------------------------------------------------------


def _summary_envelope(application: Envelope, path: str) -> Envelope:
    application["attachments"].append({"role": "city-progress-summary", "path": path})
    return application


def _materials(validator: Validator, env: Envelope, folder: Path) -> list[tuple[str, str]]:
    """(code, pointer) of the batch's material findings (the materials rule
    judges a material over the whole batch)."""
    batch = validator.validate_batch([env], base_dir=folder, now=NOW)
    assert pairs(batch.submissions[0]) == []
    return [(f.code, f.pointer) for f in batch.findings if f.code.startswith("material.")]


def test_city_summary_within_and_over_2000_zi(
    validator: Validator, application: Envelope, folder: Path
) -> None:
    (folder / "ok.txt").write_text("字" * 1990 + " Word 2022 ", encoding="utf-8")
    assert count((folder / "ok.txt").read_text(encoding="utf-8")) == 1992
    env = _summary_envelope(application, "ok.txt")
    assert _materials(validator, env, folder) == []
    (folder / "long.txt").write_text("改革，" * 667, encoding="utf-8")
    env["attachments"][2]["path"] = "long.txt"
    batch = validator.validate_batch([env], base_dir=folder, now=NOW)
    (found,) = [f for f in batch.findings if f.code == "material.too-long"]
    assert (found.pointer, found.unit, found.clause) == ("/attachments/2", "济南市科协", "三.1")
    assert (found.params["count"], found.params["limit"]) == (2001, 2000)


def test_city_summary_as_docx_and_unreadable(
    validator: Validator, application: Envelope, folder: Path
) -> None:
    (folder / "summary.docx").write_bytes(minimal_docx("进展" * 1001))
    env = _summary_envelope(application, "summary.docx")
    assert _materials(validator, env, folder) == [("material.too-long", "/attachments/2")]
    (folder / "gbk.txt").write_bytes("进展".encode("gbk"))
    env["attachments"][2]["path"] = "gbk.txt"
    assert _materials(validator, env, folder) == [("material.unreadable", "/attachments/2")]
    env["attachments"][2]["path"] = "scan.pdf"
    assert _materials(validator, env, folder) == [("material.unreadable", "/attachments/2")]


def test_a_materials_only_envelope(validator: Validator, folder: Path) -> None:
    (folder / "long.txt").write_text("改革，" * 667, encoding="utf-8")
    env: Envelope = {
        "version": 1,
        "id": "summary-heze",
        "edition": "shandong-2022",
        "unit": {"name": "菏泽市科协", "kind": "city-association"},
        "attachments": [{"role": "city-progress-summary", "path": "long.txt"}],
    }
    batch = validator.validate_batch([env], base_dir=folder, now=NOW)
    assert batch.submissions == ()  # not a submission: no form
    assert [(f.code, f.pointer, f.unit, f.submission) for f in batch.findings] == [
        ("material.too-long", "", "菏泽市科协", "")
    ]
    del env["unit"]
    env["attachments"][0]["path"] = "missing.txt"
    batch = validator.validate_batch([env], base_dir=folder, now=NOW)
    assert sorted(f.code for f in batch.findings) == [
        "material.unit-unknown",
        "material.unreadable",
    ]


@pytest.mark.parametrize(
    ("role", "ok"),
    [("city-progress-summary", True), ("word", True), ("nope", False), ("", False)],
)
def test_a_materials_only_envelope_names_a_known_role(
    validator: Validator, role: str, ok: bool
) -> None:
    """A role out of the edition's list is refused, as the exported schema
    (ajv) refuses it, not dropped in silence: the file would be lost."""
    env: Envelope = {
        "edition": "shandong-2022",
        "unit": {"name": "菏泽市科协", "kind": "city-association"},
        "attachments": [{"role": role, "path": "summary.txt"}],
    }
    expected = [] if ok else [("envelope.invalid", "/attachments/0/role")]
    assert pairs(validator.validate(env, now=NOW)) == expected
    batch = validator.validate_batch([env], now=NOW)
    assert [(f.code, f.pointer) for f in batch.findings if f.code.startswith("envelope.")] == (
        expected
    )


def test_field_with_a_zi_limit(
    validator: Validator, edition: Edition, application: Envelope
) -> None:
    form = edition.form("application")
    fields = tuple(attrs.evolve(f, max_zi=10) if f.id == "project_name" else f for f in form.fields)
    changed = attrs.evolve(
        edition,
        forms=tuple(
            attrs.evolve(form, fields=fields) if f.id == form.id else f for f in edition.forms
        ),
    )
    v = Validator(changed)
    application["data"]["project_name"] = "一二三四五六七八九十"
    assert pairs(v.validate(application, now=NOW)) == []
    application["data"]["project_name"] = "一二三四五六七八九十 ok"
    report = v.validate(application, now=NOW)
    assert pairs(report) == [("lengths.too-long", "/data/project_name")]
    assert report.findings[0].params["count"] == 11


def test_doc_header_constant_is_a_real_ole_header() -> None:
    assert DOC[:8].hex() == "d0cf11e0a1b11ae1"


def test_why_a_file_is_unsafe_is_said_in_each_language(
    validator: Validator, application: Envelope, folder: Path
) -> None:
    with zipfile.ZipFile(folder / "doctype.docx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d []><d/>')
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    for name, value in (
        ("doctype.docx", "DOCTYPE in word/document.xml"),
        ("bomb.docx", "compression ratio"),
    ):
        application["attachments"][1]["path"] = name
        [found] = validator.validate(application, base_dir=folder, now=NOW).findings
        assert found.code == "deliverables.unsafe-file"
        detail = found.params["detail"]
        assert isinstance(detail, Localized)
        # The JSON keeps the short English description; the Chinese message
        # has the reason in Chinese.
        assert str(detail.value).startswith(value)
        assert detail.en in found.message("en") and detail.zh in found.message("zh")
        assert not re.search(r"\b(in|bytes|compression|ratio)\b", found.message("zh"))
