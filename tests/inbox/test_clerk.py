"""What a clerk reads: values typed into label cells, versions and their
scans, a form naming another unit, messages without English inside."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument

from reform_brand.model import Edition
from reform_brand.office import InboxReport, check_inbox
from reform_brand.office._intake import intake
from reform_brand.office._read import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data, recommendation_data


def _cells(doc: DocxDocument) -> list[list[Any]]:
    """Each table row's distinct cells (merged cells once)."""
    rows = []
    for table in doc.tables:
        for row in table.rows:
            cells: list[Any] = []
            for cell in row.cells:
                if not any(c._tc is cell._tc for c in cells):
                    cells.append(cell)
            rows.append(cells)
    return rows


def _label_and_value_cells(doc: DocxDocument, label: str) -> tuple[Any, Any]:
    """The label cell and its value cell: the next in the row, or the one
    below for a sub-label of the contact group."""
    rows = _cells(doc)
    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            if "".join(cell.text.split()) != label:
                continue
            if i + 1 < len(row) and row[i + 1]._tc is not row[0]._tc and i > 0:
                below = [c for c in rows[r + 1] if c._tc is not row[0]._tc]
                return cell, below[i - 1]
            return cell, row[i + 1]
    raise KeyError(label)


def _type_in_label(label: str, typed: str, *, clear_value: bool = True) -> Callable[[Any], None]:
    """The unit types ``typed`` into the label cell of ``label`` (and leaves
    the value cell empty)."""

    def step(doc: DocxDocument) -> None:
        cell, value = _label_and_value_cells(doc, label)
        if clear_value:
            for p in value.paragraphs:
                for r in p.runs:
                    r.text = ""
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        p = cell.paragraphs[0]
        for r in p.runs:
            r.text = ""
        if p.runs:
            p.runs[0].text = typed
        else:
            p.add_run(typed)

    return step


def _read(edition: Edition, tmp_path: Path, data: bytes) -> Any:
    path = tmp_path / "form.docx"
    path.write_bytes(data)
    return read_form(edition, path)


@pytest.mark.parametrize(
    "typed", ["项目名称：海洋科普联盟", "项目名称:海洋科普联盟", "项目名称  海洋科普联盟"]
)
def test_value_typed_in_label_cell(edition: Edition, tmp_path: Path, typed: str) -> None:
    base = E.filled(edition, "application", application_data())
    result = _read(edition, tmp_path, E.edit(base, _type_in_label("项目名称", typed)))
    assert result.data["project_name"] == "海洋科普联盟"
    assert [(f.code, f.severity, f.pointer) for f in result.findings] == [
        ("read.value-in-label", "info", "/data/project_name")
    ]


def test_value_in_label_cell_every_field_of_both_forms(edition: Edition, tmp_path: Path) -> None:
    base = E.filled(edition, "application", application_data())
    edited = E.edit(
        base,
        _type_in_label("项目基础", "项目基础：第一段。"),
        _type_in_label("预期成效", "预 期 成 效 ： 形成制度。"),
    )
    result = _read(edition, tmp_path, edited)
    assert result.data["project_basis"] == "第一段。"
    assert result.data["expected_outcomes"] == "形成制度。"
    assert sorted(f.pointer for f in result.findings) == [
        "/data/expected_outcomes",
        "/data/project_basis",
    ]
    assert {f.code for f in result.findings} == {"read.value-in-label"}
    rec = E.filled(edition, "recommendation", recommendation_data())
    result = _read(
        edition, tmp_path, E.edit(rec, _type_in_label("被推荐单位", "被推荐单位：山东省科技馆"))
    )
    assert result.data["recommended_unit"] == "山东省科技馆"
    assert result.codes() == ["read.value-in-label"]


def test_value_in_contact_sub_label(edition: Edition, tmp_path: Path) -> None:
    data = application_data()
    base = E.filled(edition, "application", data)
    result = _read(edition, tmp_path, E.edit(base, _type_in_label("姓名", "姓名：王静")))
    assert result.data["contact"]["name"] == "王静"
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.value-in-label", "/data/contact/name")
    ]


def test_value_in_label_and_a_different_one_in_value_cell(edition: Edition, tmp_path: Path) -> None:
    base = E.filled(edition, "application", application_data())
    edited = E.edit(base, _type_in_label("项目名称", "项目名称：另一个名称", clear_value=False))
    result = _read(edition, tmp_path, edited)
    assert "project_name" not in result.data
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.ambiguous", "/data/project_name")
    ]


def test_label_with_empty_value_after_colon_is_still_a_label(
    edition: Edition, tmp_path: Path
) -> None:
    base = E.filled(edition, "application", application_data())
    result = _read(
        edition, tmp_path, E.edit(base, _type_in_label("项目名称", "项目名称：", clear_value=False))
    )
    assert result.codes() == []
    assert result.data == application_data()


def test_opinion_typed_in_its_label_cell_over_the_signature_lines(
    edition: Edition, tmp_path: Path
) -> None:
    data = application_data(recommender_opinion="")
    base = E.filled(edition, "application", data)
    result = _read(
        edition,
        tmp_path,
        E.edit(base, _type_in_label("推荐单位意见", "推荐单位意见：同意申报。", clear_value=False)),
    )
    assert result.data["recommender_opinion"] == "同意申报。"
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.value-in-label", "/data/recommender_opinion")
    ]


# -- versions and their scans -------------------------------------------------------


def _mail(
    root: Path, name: str, files: dict[str, bytes], arrived: str = "2022-08-16T10:00:00+08:00"
) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for fname, data in files.items():
        (folder / fname).write_bytes(data)
    (folder / "manifest.toml").write_text(
        f'arrived_at = {arrived}\n[unit]\nname = "济南市科协"\n', encoding="utf-8"
    )
    return folder


def _version(edition: Edition, implementation: str, modified: dt.datetime | None = None) -> bytes:
    data = E.filled(edition, "application", application_data(project_implementation=implementation))
    if modified is None:
        return data

    def stamp(doc: DocxDocument) -> None:
        doc.core_properties.modified = modified

    return E.edit(data, stamp)


def _scan_of(report: InboxReport, scan_name: str) -> str:
    return next(f.submission for f in report.files if f.path.endswith(scan_name))


def _sub(report: InboxReport, word: str) -> Any:
    return next(s for s in report.batch.submissions if s.submission.endswith(word))


def test_a_scan_without_revision_mark_goes_with_the_revised_version(
    edition: Edition, tmp_path: Path
) -> None:
    _mail(
        tmp_path,
        "2022-08-16 济南市科协",
        {
            "申报表.docx": _version(edition, "旧的实施内容"),
            "申报表（修改版）.docx": _version(edition, "新的实施内容"),
            "申报表（盖章扫描件）.pdf": E.minimal_pdf(["scan"]),
        },
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    assert _scan_of(report, "申报表（盖章扫描件）.pdf").endswith("申报表（修改版）.docx")
    old, new = _sub(report, "/申报表.docx"), _sub(report, "申报表（修改版）.docx")
    assert old.codes() == ["batch.superseded"]
    assert "deliverables.missing" not in new.codes()
    assert "inbox.several-forms" not in [f.code for f in report.batch.findings]


def test_each_scan_goes_with_its_version_by_name(edition: Edition, tmp_path: Path) -> None:
    _mail(
        tmp_path,
        "2022-08-16 济南市科协",
        {
            "申报表.docx": _version(edition, "旧的实施内容"),
            "申报表（修改版）.docx": _version(edition, "新的实施内容"),
            "申报表.pdf": E.minimal_pdf(["old"]),
            "申报表（修改版）（盖章）.pdf": E.minimal_pdf(["new"]),
        },
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    assert _scan_of(report, "/申报表.pdf").endswith("/申报表.docx")
    assert _scan_of(report, "申报表（修改版）（盖章）.pdf").endswith("申报表（修改版）.docx")


def test_the_document_modification_time_breaks_a_tie(edition: Edition, tmp_path: Path) -> None:
    early = dt.datetime(2022, 8, 15, 9, 0, tzinfo=dt.UTC)
    late = dt.datetime(2022, 8, 16, 9, 0, tzinfo=dt.UTC)
    _mail(
        tmp_path,
        "2022-08-16 济南市科协",
        {
            "申报表-a.docx": _version(edition, "后改的内容", late),
            "申报表-b.docx": _version(edition, "先写的内容", early),
            "扫描件.pdf": E.minimal_pdf(["scan"]),
        },
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    a, b = _sub(report, "申报表-a.docx"), _sub(report, "申报表-b.docx")
    assert b.superseded_by == a.submission
    assert a.superseded_by == ""
    assert _scan_of(report, "扫描件.pdf") == a.submission
    found = intake(edition, tmp_path)
    env = next(e for e in found.envelopes if e["id"] == a.submission)
    assert env["attachments"][0]["modified_at"] == "2022-08-16T09:00:00+00:00"


def test_modified_at_in_a_json_batch(edition: Edition) -> None:
    def env(sub_id: str, modified: str) -> dict[str, Any]:
        return {
            "version": 1,
            "id": sub_id,
            "edition": edition.id,
            "form": "application",
            "unit": {"name": "济南市科协", "kind": "city-association"},
            "arrived_at": "2022-08-16T10:00:00+08:00",
            "reform_items": [3],
            "attachments": [{"role": "word", "path": f"{sub_id}.docx", "modified_at": modified}],
            "data": application_data(),
        }

    from reform_brand import Validator

    validator = Validator(edition)
    report = validator.validate_batch(
        [env("b", "2022-08-16T09:00:00+08:00"), env("a", "2022-08-15T09:00:00+08:00")], now=NOW
    )
    assert report.submission("a").superseded_by == "b"
    assert "envelope.invalid" not in {c for s in report.submissions for c in s.codes()}


def test_a_scan_with_a_text_layer_goes_with_the_version_it_shows(
    edition: Edition, tmp_path: Path
) -> None:
    from reform_brand.scan.synthetic import docx_to_pdf

    old = _version(edition, "第一稿的实施内容，后来改过")
    pdf = docx_to_pdf(old)
    if pdf is None:
        pytest.skip("LibreOffice is not installed: no PDF with a text layer")
    _mail(
        tmp_path,
        "2022-08-16 济南市科协",
        {
            "申报表.docx": old,
            "申报表（修改版）.docx": _version(edition, "第二稿的实施内容"),
            "申报表（盖章扫描件）.pdf": pdf,
        },
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    assert _scan_of(report, "申报表（盖章扫描件）.pdf").endswith("/申报表.docx")


# -- the form's unit and the sender ----------------------------------------------------


def _manifest_mail(root: Path, folder: str, unit: str, kind: str, files: dict[str, bytes]) -> None:
    d = root / folder
    d.mkdir(parents=True)
    for name, data in files.items():
        (d / name).write_bytes(data)
    (d / "manifest.toml").write_text(
        "arrived_at = 2022-08-16T10:00:00+08:00\nreform_items = [3]\n"
        f'[unit]\nname = "{unit}"\nkind = "{kind}"\n',
        encoding="utf-8",
    )


def test_a_form_naming_another_city_is_a_warning_a_county_is_not(
    edition: Edition, tmp_path: Path
) -> None:
    def form(unit: str, name: str) -> bytes:
        data = application_data(applicant_unit=unit, project_name=name)
        return E.filled(edition, "application", data)

    _manifest_mail(
        tmp_path,
        "2022-08-16 菏泽市科协",
        "菏泽市科协",
        "city-association",
        {"申报表.docx": form("枣庄市科协", "甲"), "申报表.pdf": E.minimal_pdf(["x"])},
    )
    _manifest_mail(
        tmp_path,
        "2022-08-16 济南市科协",
        "济南市科协",
        "city-association",
        {"历城区申报表.docx": form("历城区科协", "乙"), "历城区申报表.pdf": E.minimal_pdf(["y"])},
    )
    report = check_inbox(edition, tmp_path, now=NOW)
    heze = _sub(report, "菏泽市科协/申报表.docx")
    jinan = _sub(report, "历城区申报表.docx")
    assert [(f.code, f.pointer) for f in heze.findings if f.code.startswith("unit.")] == [
        ("unit.form-mismatch", "/data/applicant_unit")
    ]
    assert heze.unit == "菏泽市科协"
    assert not [f for f in jinan.findings if f.code.startswith(("unit.", "roster."))]
    assert jinan.unit == "济南市科协"  # the county's project counts under its city
    assert jinan.quota_unit == "济南市科协"


def test_the_roster_names_the_unit_of_every_finding_it_can(
    edition: Edition, tmp_path: Path
) -> None:
    import io

    from openpyxl import load_workbook

    from reform_brand.office._roster import roster_xlsx, write_roster_xlsx

    _manifest_mail(
        tmp_path,
        "2022-08-17 临沂市科协",
        "临沂市科协",
        "city-association",
        {
            "申报表.docx": b"not a word file",
            "申报表.pdf": E.minimal_pdf(["x"]),
            "photo.jpg": b"\xff\xd8\xff",
        },
    )
    (tmp_path / "2022-08-18 德州市科协").mkdir()
    (tmp_path / "2022-08-18 德州市科协" / "说明.bin").write_bytes(b"\x00\x01")
    (tmp_path / "威海市科协-申报表.docx").write_bytes(b"PK\x03\x04broken")
    report = check_inbox(edition, tmp_path, now=NOW)
    data = roster_xlsx(report, edition)
    # Written to a file row by row, the same workbook.
    write_roster_xlsx(report, edition, tmp_path / "roster-written.xlsx")
    assert (tmp_path / "roster-written.xlsx").read_bytes() == data
    ws = load_workbook(io.BytesIO(data))["问题清单"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    by_code: dict[str, set[str]] = {}
    for unit, _sub_id, _file, _sev, code, *_rest in rows:
        assert isinstance(code, str) and (unit is None or isinstance(unit, str))
        by_code.setdefault(code, set()).add(unit or "")
    read_or_inbox = {c: u for c, u in by_code.items() if c.startswith(("read.", "inbox."))}
    assert read_or_inbox, by_code
    assert all("" not in units for units in read_or_inbox.values()), read_or_inbox
    assert {u for units in read_or_inbox.values() for u in units} >= {"临沂市科协", "威海市科协"}
    # No English inside the Chinese messages (an unreadable file's kind, too).
    assert not [r[7] for r in rows if "unknown" in str(r[7])]
    # Every cell below the header is wrapped at the top; the header is bold.
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        assert all(c.font.bold for c in sheet[1])
        cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
        assert cells, sheet.title
        assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in cells)
        assert not any(c.font.bold for c in cells)


def test_a_label_and_a_long_run_of_blanks_is_read_in_linear_time() -> None:
    import time

    from reform_brand.office._grid import Cell, label_and_value

    keys = ["项目名称", "推荐单位意见", "推荐单位"]
    for text in (
        "项目名称" + " " * 200_000,
        "项目名称" + "\u3000" * 100_000 + "：",
        "项目名称   ：",
    ):
        cell = Cell(tc=None, row=0, col=0, span=1, paragraphs=(text,))
        start = time.perf_counter()
        assert label_and_value(cell, keys) is None
        assert time.perf_counter() - start < 2
    cell = Cell(tc=None, row=0, col=0, span=1, paragraphs=("推荐单位意见：同意",))
    assert label_and_value(cell, keys) == ("推荐单位意见", ["同意"])


@pytest.mark.parametrize(
    ("name", "content", "zh", "en", "value"),
    [
        (
            "manifest.toml",
            b"this is = = not toml",
            "TOML 格式错误（第 1 行第 6 列）：键之后应为等号 =",
            "not valid TOML: Expected '=' after a key",
            "Expected '=' after a key",
        ),
        (
            "manifest.toml",
            "[unit]\nname = “济南市科协”\n".encode(),
            'TOML 格式错误（第 2 行第 8 列）：写了中文（全角）字符「“」，TOML 只认英文（半角）的「"」',
            "not valid TOML: Invalid value (at line 2, column 8); '“' is a Chinese (full-width) "
            "character: TOML takes the ASCII '\"'",
            "Invalid value",
        ),
        (
            "manifest.json",
            b'{"unit": {"name": "x",}}',
            "JSON 格式错误（第 1 行第 23 列）：此处应为用双引号括起的键名",
            "not valid JSON (line 1, column 23): a key in double quotes was expected",
            "Expecting property name",
        ),
        (
            "manifest.json",
            '{"unit": {"name": “济南市科协”}}'.encode(),
            'JSON 格式错误（第 1 行第 19 列）：写了中文（全角）字符「“」，JSON 只认英文（半角）的「"」',
            "not valid JSON (line 1, column 19): '“' is a Chinese (full-width) character: "
            "JSON takes the ASCII '\"'",
            "Expecting value",
        ),
        (
            "manifest.toml",
            b'[unit]\nkind = 5\nnmae = "x"\n',
            "“/unit/kind”类型错误：应为文本，实际为整数；/unit/nmae：未知的项“nmae”",
            "'/unit/kind' has the wrong type: expected a string, got an integer; "
            "/unit/nmae: unknown member 'nmae'",
            "/unit: additionalProperties; /unit/kind: type",
        ),
        ("manifest.toml", b"\xff\xfe", "不是 UTF-8 编码的文本", "not UTF-8 text", "not UTF-8"),
    ],
)
def test_a_manifest_that_is_wrong_is_told_in_the_clerk_s_language(
    edition: Edition, tmp_path: Path, name: str, content: bytes, zh: str, en: str, value: str
) -> None:
    """What is wrong with a manifest is said in Chinese in a Chinese line
    (where, and what), in English in an English one; the finding's JSON
    keeps the parser's or the schema's own words."""
    from reform_brand.catalogue import CATALOGUE
    from reform_brand.findings import finding_to_json

    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / name).write_bytes(content)
    (mail / "申报表.docx").write_bytes(E.filled(edition, "application", application_data()))
    report = check_inbox(edition, tmp_path, now=NOW)
    [bad] = [f for f in report.all_findings() if f.code == "inbox.manifest-invalid"]
    assert zh in bad.message("zh")
    said = re.sub(r"TOML|JSON|UTF|/[a-z/0-9]+|“[a-z]+”", "", bad.message("zh"))
    assert not re.search(r"[A-Za-z]{3,}", said), said  # (no English inside)
    assert en in bad.message("en")
    assert value in str(finding_to_json(bad, CATALOGUE)["params"]["detail"])


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2022-08-16T09:00:00Z", "2022-08-16T09:00:00+00:00"),
        ("2022-08-16T09:00+08:00", "2022-08-16T09:00:00+08:00"),
        ("2022-08-16T09:00:00", ""),
        ("0001-01-01T00:00:00Z", ""),
        ("9999-12-31T12:00:00Z", ""),
    ],
)
def test_a_modification_time_is_kept_only_as_an_envelope_takes_it(
    tmp_path: Path, written: str, read: str
) -> None:
    """Intake writes the document's own time into ``modified_at`` only when
    the envelope takes it (an RFC 3339 date-time the server and ajv read):
    odd metadata in a unit's Word file is no problem of its submission."""
    from reform_brand.office._pairing import document_modified

    path = tmp_path / "form.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("docProps/core.xml", f"<cp><dcterms:modified>{written}</dcterms:modified></cp>")
    assert document_modified(path) == read
