"""A form's Word template sent back as the filled form: unfilled, or filled
in some cells with the tags left in others.  A field left as the template's
tags is not filled in, never read as the tags' text, and one finding says
so (``read.unfilled-template``), whatever reads the form: ``read_form``,
``reform-brand read`` and ``check`` on an inbox."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from reform_brand.cli import main
from reform_brand.model import Edition, Form
from reform_brand.office import check_inbox, read_form
from reform_brand.office._template_tags import TemplateTags
from reform_brand.render import form_template
from reform_brand.render._builder import value_tag
from tests.finding_params import texts
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW, application_data

CODE = "read.unfilled-template"


def filled_by_unit(form: Form) -> list[str]:
    """The pointers of the fields a unit fills in (not a group, not the
    issuer's), in the form's order."""
    return [f"/data{p}" for p, f in form.walk() if f.type != "group" and f.filled_by != "issuer"]


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, str):
        yield value


def _template(capsys: pytest.CaptureFixture[str], tmp_path: Path, form: str) -> Path:
    out = tmp_path / f"{form}.docx"
    assert main(["template", "shandong-2022", form, "-o", str(out)]) == 0
    capsys.readouterr()
    return out


# -- the template sent back unfilled ---------------------------------------------------


def test_the_template_of_every_form_reads_as_unfilled(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for form in edition.forms:
        path = _template(capsys, tmp_path, form.id)
        result = read_form(edition, path)
        assert (result.form, result.data, result.unit, result.project) == (form.id, {}, "", "")
        found = [(f.code, f.severity, f.file, f.pointer) for f in result.findings]
        assert found == [(CODE, "error", str(path), "/data")]
        assert list(texts(result.findings[0], "pointers")) == filled_by_unit(form)
        assert tuple(result.unfilled) == tuple(filled_by_unit(form))
        assert result.blank_template and not result.ok


def test_the_read_command_gives_no_tag_as_a_value(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for form in edition.forms:
        path = _template(capsys, tmp_path, form.id)
        assert main(["read", "shandong-2022", str(path), "--json"]) == 1
        out = json.loads(capsys.readouterr().out)
        assert out["envelope"]["data"] == {} and out["envelope"]["unit"] == {}
        [finding] = out["findings"]
        assert (finding["code"], finding["pointer"]) == (CODE, "/data")
        assert finding["params"]["pointers"] == filled_by_unit(form)
        assert main(["read", "shandong-2022", str(path)]) == 1
        shown = capsys.readouterr().out
        assert CODE in shown and "{{" not in shown and "{%" not in shown


# -- the template filled in some cells ---------------------------------------------------


def _fill_cell(doc: DocxDocument, expr: str, value: str) -> None:
    """The cell the template prints ``expr`` in, its tags replaced by
    ``value`` (a paragraph a line), as a unit types over them in Word."""
    cell = next(c for c in E._cells(doc) if f"{expr}|paragraphs" in c.text)
    tagged = [p for p in cell.paragraphs if "{" in p.text]
    first = tagged[0]
    for p in tagged[1:]:
        p._p.getparent().remove(p._p)
    for r in first.runs[1:]:
        r._r.getparent().remove(r._r)
    lines = value.split("\n")
    first.runs[0].text = lines[0]
    at = first._p
    for line in lines[1:]:
        new = copy.deepcopy(first._p)
        at.addnext(new)
        at = new
        Paragraph(new, cell).runs[0].text = line


def _fill_header(doc: DocxDocument, tag: str, value: str) -> None:
    run = next(r for p in doc.paragraphs for r in p.runs if r.text == "{{ " + tag + " }}")
    run.text = value


def half_filled(
    edition: Edition, capsys: pytest.CaptureFixture[str], tmp_path: Path, data: Mapping[str, Any]
) -> Path:
    """The application form's template with the fields of ``data`` typed
    over their tags (the date as the form prints it), the others left."""
    template = _template(capsys, tmp_path, "application").read_bytes()
    form = edition.form("application")

    def fill(doc: DocxDocument) -> None:
        for pointer, f in form.walk():
            ids = tuple(pointer.strip("/").split("/"))
            value: Any = data
            for part in ids:
                value = value.get(part) if isinstance(value, Mapping) else None
            if f.type == "group" or value is None:
                continue
            if f.placement == "header" and f.type == "date":
                year, month, day = (int(n) for n in str(value).split("-"))
                _fill_header(doc, f"{f.id}|zh_date", f"{year} 年 {month} 月 {day} 日")
            elif f.placement == "header":
                _fill_header(doc, f.id, str(value))
            else:
                _fill_cell(doc, value_tag(ids), str(value))

    path = tmp_path / "half.docx"
    path.write_bytes(E.edit(template, fill))
    return path


def test_a_half_filled_template_reads_the_filled_cells_only(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = application_data()
    data = {
        "applicant_unit": full["applicant_unit"],
        "project_name": full["project_name"],
        "contact": {"name": "张明", "mobile": "13805310000"},
        "project_basis": full["project_basis"],
    }
    path = half_filled(edition, capsys, tmp_path, data)
    result = read_form(edition, path)
    assert (result.data, result.unit, result.project) == (
        data,
        "济南市科协",
        full["project_name"],
    )
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.file, finding.pointer) == (
        CODE,
        "error",
        str(path),
        "/data",
    )
    assert list(texts(finding, "pointers")) == [
        "/data/date",
        "/data/contact/title",
        "/data/contact/office_phone",
        "/data/contact/email",
        "/data/project_implementation",
        "/data/expected_outcomes",
        "/data/recommender_opinion",
    ]
    assert not result.blank_template
    assert not any("{" in s for s in strings(result.data))


def test_a_template_with_cells_emptied_and_nothing_filled_is_blank(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tags of two cells deleted, nothing typed: those two are empty
    cells, not named; the others are, and nothing was read."""
    template = _template(capsys, tmp_path, "application").read_bytes()

    def empty(doc: DocxDocument) -> None:
        _fill_cell(doc, "project_name", "")
        _fill_cell(doc, "expected_outcomes", "")

    path = tmp_path / "emptied.docx"
    path.write_bytes(E.edit(template, empty))
    result = read_form(edition, path)
    assert result.data == {} and result.blank_template
    [finding] = result.findings
    assert (finding.code, finding.severity) == (CODE, "error")
    form = edition.form("application")
    left = [
        p
        for p in filled_by_unit(form)
        if p not in ("/data/project_name", "/data/expected_outcomes")
    ]
    assert list(texts(finding, "pointers")) == left


def test_tags_left_in_optional_fields_only_are_a_warning(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = application_data()
    del data["date"], data["recommender_opinion"]
    result = read_form(edition, half_filled(edition, capsys, tmp_path, data))
    assert result.data == data
    assert [(f.code, f.severity) for f in result.findings] == [(CODE, "warning")]
    assert list(texts(result.findings[0], "pointers")) == [
        "/data/date",
        "/data/recommender_opinion",
    ]
    assert result.ok


def test_the_issuers_cell_left_as_its_tags_is_no_finding(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The applicant fills every field of the template and leaves 省科协意见,
    which the issuer fills, as it is: read as empty, as in the blank form."""
    data = application_data()
    result = read_form(edition, half_filled(edition, capsys, tmp_path, data))
    assert (result.data, result.findings, result.unfilled) == (data, (), ())


# -- prose holding braces ----------------------------------------------------------------

PROSE = [
    "a { b } c",
    "{{",
    "}} 与 {%",
    "使用 {{ 和 }} 标记",
    "{{ 重要 }}",
    "{{ x }} {% if %}",
    "见 {{ x }} 一节",
    "{% 注意 %}",
    "{# 编号",
    "{{ a b }}",
]


@pytest.mark.parametrize("value", PROSE)
def test_prose_with_braces_is_read_as_written(edition: Edition, tmp_path: Path, value: str) -> None:
    data = application_data(project_basis=value, project_name=value)
    path = tmp_path / "prose.docx"
    path.write_bytes(E.filled(edition, "application", data))
    result = read_form(edition, path)
    assert (result.codes(), result.data, result.unfilled) == ([], data, ())


def test_a_tag_naming_a_field_is_the_templates(edition: Edition, tmp_path: Path) -> None:
    """A value holding a tag of the form's template (``{{ project_name }}``
    typed over the loop the template prints) is not that field's value."""
    data = application_data(project_name="{{ project_name }}")
    path = tmp_path / "typed.docx"
    path.write_bytes(E.filled(edition, "application", data))
    result = read_form(edition, path)
    assert "project_name" not in result.data
    assert [(f.code, f.severity) for f in result.findings] == [(CODE, "error")]
    assert list(texts(result.findings[0], "pointers")) == ["/data/project_name"]


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("{{ applicant_unit }}", True),
        ("{%p for p_ in project_name|paragraphs %}\n{{ p_ }}\n{%p endfor %}", True),
        ('{%p for p_ in contact["mobile"]|paragraphs %} {{ p_ }} {%p endfor %}', True),
        ("{%p for p_ in contact[“mobile”]|paragraphs %}", True),  # Word's quotes
        ("{%tr for row in expected_outcomes %}", True),
        ("{{r project_basis }}", True),
        ("{%- if date -%}", True),
        ("{% colspan recommender_opinion %}", True),
        ("{{ p_ }}", True),
        ("{%p endfor %}", True),
        ("{#p 填写说明 #}", True),
        ("{%p if p_[:1].isspace() %}\n{{ p_ }}\n{%p else %}\n{%p endif %}", True),
        ("海洋科普 {{ project_name }}", True),
        ("海洋科普 {{ p_ }}", False),
        ("海洋科普 {{ x }}", False),
        ("{{ x }}", True),  # (nothing but a tag)
        ("{{ 项目名称 }}", False),
        ("{% project_name %}", False),
        ("{{ project_name", False),
        ("{{\nproject_name }}", False),
    ],
)
def test_what_holds_the_templates_tags(edition: Edition, text: str, holds: bool) -> None:
    assert TemplateTags(edition.form("application")).holds(text) is holds


# -- check on an inbox -------------------------------------------------------------------


def test_check_says_once_that_a_template_was_sent(edition: Edition, tmp_path: Path) -> None:
    """The blank template in an inbox: one finding says so, the rules'
    findings on the data it does not hold (a required field, a phone's
    format) are not given besides."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "济南市科协申报表.docx").write_bytes(
        form_template(edition, edition.form("application"))
    )
    [sub] = check_inbox(edition, inbox, now=NOW).batch.submissions
    found = [(f.code, f.pointer, f.file) for f in sub.findings if f.pointer.startswith("/data")]
    assert found == [(CODE, "/data", "济南市科协申报表.docx")]


def test_check_reports_a_half_filled_templates_empty_fields(
    edition: Edition, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = application_data()
    del data["contact"]["email"], data["expected_outcomes"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    half_filled(edition, capsys, tmp_path, data).rename(inbox / "济南市科协申报表.docx")
    [sub] = check_inbox(edition, inbox, now=NOW).batch.submissions
    found = {(f.code, f.pointer) for f in sub.findings if f.pointer.startswith("/data")}
    assert found == {
        (CODE, "/data"),
        ("form.required", "/data/contact/email"),
        ("form.required", "/data/expected_outcomes"),
    }
    [note] = [f for f in sub.findings if f.code == CODE]
    assert list(texts(note, "pointers")) == ["/data/contact/email", "/data/expected_outcomes"]
    assert note.severity == "error"
