"""The Word renderer: values round trip, determinism, typography, lazy import."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from reform_brand import Edition, Host
from reform_brand.catalogue import Localized
from reform_brand.render import (
    DocxRenderer,
    RenderDataError,
    build_template,
    check_template,
    render_form,
)
from tests.render.conftest import HOSTILE, hostile_data, normalised, read_docx

FORMS = ("application", "recommendation")


@pytest.mark.parametrize("form_id", FORMS)
def test_hostile_values_round_trip(edition: Edition, host: Host, form_id: str) -> None:
    form = edition.form(form_id)
    data = hostile_data(form)
    content = render_form(edition, form, data, host=host)
    back = read_docx(content, form)
    for f in form.fields:
        if f.type == "group":
            for s in f.fields:
                assert back[f.id][s.id] == normalised(data[f.id][s.id]), (f.id, s.id)
        else:
            assert back[f.id] == normalised(data[f.id]), f.id


def test_normalisation_is_only_newlines_and_illegal_characters() -> None:
    assert normalised(HOSTILE) == HOSTILE.replace("\r\n", "\n").replace("\x00", "").replace(
        "\x07", ""
    ).replace("\x0c", "").replace("\x1b", "")
    assert normalised("a\rb\ud800c\ufffe") == "a\nbc"


@pytest.mark.parametrize("form_id", FORMS)
def test_blank_form_has_every_label_and_empty_values(
    edition: Edition, host: Host, form_id: str
) -> None:
    form = edition.form(form_id)
    back = read_docx(render_form(edition, form, host=host), form)
    for f in form.fields:
        if f.type == "group":
            assert back[f.id] == {s.id: "" for s in f.fields}
        elif f.type == "date":
            assert back[f.id] == "　　年　　月　　日"
        else:
            assert back[f.id] == ""
    doc = docx.Document(io.BytesIO(render_form(edition, form, host=host)))
    assert doc.paragraphs[0].text == form.attachment
    assert doc.paragraphs[1].text == form.title.zh


def test_application_layout_follows_the_notice(edition: Edition, host: Host) -> None:
    form = edition.form("application")
    data = {"applicant_unit": "济南市科协", "date": "2022-08-15", "project_basis": "一\n\n三"}
    content = render_form(edition, form, data, host=host)
    back = read_docx(content, form)
    assert back["applicant_unit"] == "济南市科协"
    assert back["date"] == "2022 年 8 月 15 日"
    assert back["project_basis"] == "一\n\n三"
    assert back["recommender_opinion/blocks"] == [
        "主要负责人（签章）　　　　　　（单位公章）",
        "年　　月　　日",
    ]
    assert back["issuer_opinion"] == ""
    doc = docx.Document(io.BytesIO(content))
    labels = [row.cells[0].text.replace("\n", "") for row in doc.tables[0].rows]
    assert labels == [
        "项目名称",
        "联系人",
        "联系人",
        "项目基础",
        "项目实施",
        "预期成效",
        "推荐单位意见",
        "省科协意见",
    ]
    assert [c.text for c in doc.tables[0].rows[1].cells[1:]] == [
        "姓名",
        "职务",
        "办公电话",
        "手机",
        "电子邮箱",
    ]
    # An opinion's label breaks before 意见 as the notice prints it, even
    # where it would fit one line: 推荐单位 / 意见, 省科协 / 意见.
    printed = [row.cells[0].text for row in doc.tables[0].rows]
    assert printed[-2:] == ["推荐单位\n意见", "省科协\n意见"]
    assert printed[0] == "项目名称"
    # Long texts are tall rows, in proportion to their lines.
    heights = [row.height for row in doc.tables[0].rows]
    assert heights[0] is not None and heights[3] is not None and heights[4] is not None
    assert heights[4] > heights[3] > heights[0]


def test_recommendation_layout_follows_the_notice(edition: Edition, host: Host) -> None:
    form = edition.form("recommendation")
    content = render_form(edition, form, host=host)
    doc = docx.Document(io.BytesIO(content))
    assert doc.paragraphs[2].text.startswith("推荐部室或单位：")
    labels = [row.cells[0].text for row in doc.tables[0].rows]
    assert labels == ["被推荐单位", "项目名称", "推荐理由", "推荐部室或\n单位意见"]
    back = read_docx(content, form)
    assert back["recommender_opinion/blocks"] == ["主要负责人（签章）", "年　　月　　日"]


@pytest.mark.parametrize("form_id", FORMS)
def test_two_renders_are_byte_identical(edition: Edition, form_id: str) -> None:
    form = edition.form(form_id)
    data = hostile_data(form)
    first = DocxRenderer().render(edition, form, data)
    second = DocxRenderer().render(edition, form, data)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
        assert "2022-08-11T00:00:00Z" in core


@pytest.mark.parametrize("form_id", FORMS)
def test_only_long_texts_may_run_over_a_page(edition: Edition, host: Host, form_id: str) -> None:
    """A one-line row, the two rows of the contact group and the signature
    lines are never printed half on one page and half on the next."""
    form = edition.form(form_id)
    doc = docx.Document(io.BytesIO(render_form(edition, form, hostile_data(form), host=host)))
    table = doc.tables[0]
    splittable = []
    for row in table.rows:
        tr_pr = row._tr.trPr
        if tr_pr is None or tr_pr.find(qn("w:cantSplit")) is None:
            splittable.append(row.cells[0].text.replace("\n", ""))
    tall = [f.label.zh for f in form.fields if f.placement != "header" and f.lines > 1]
    assert splittable == tall
    for f in form.fields:
        if len(f.blocks) > 1:
            cell = next(
                r.cells[-1] for r in table.rows if r.cells[0].text.replace("\n", "") == f.label.zh
            )
            signs = [p for p in cell.paragraphs if p.alignment is not None and p.text.strip()][-2:]
            assert [p.paragraph_format.keep_with_next for p in signs] == [True, None]


def test_typography_is_a4_with_chinese_fonts(edition: Edition, host: Host) -> None:
    content = render_form(edition, "application", host=host)
    doc = docx.Document(io.BytesIO(content))
    sec = doc.sections[0]
    assert sec.page_width is not None and sec.page_height is not None
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    east_asian = {el.get(qn("w:eastAsia")) for el in doc.element.body.iter(qn("w:rFonts"))}
    assert east_asian <= {"仿宋", "宋体", "黑体"}
    assert {"仿宋", "宋体", "黑体"} <= east_asian
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        settings = z.read("word/settings.xml").decode()
        assert 'w:eastAsia="zh-CN"' in settings
        assert "ja-JP" not in settings + z.read("word/styles.xml").decode()


@pytest.mark.parametrize("form_id", FORMS)
def test_built_template_uses_exactly_the_form_fields(edition: Edition, form_id: str) -> None:
    from docxtpl import DocxTemplate

    from reform_brand.render._jinja import environment

    form = edition.form(form_id)
    template = build_template(edition, form)
    assert check_template(form, template) == []
    names = DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables(environment())
    assert names == {f.id for f in form.fields}


def test_bad_data_is_reported_all_at_once(edition: Edition) -> None:
    form = edition.form("application")
    with pytest.raises(RenderDataError) as info:
        render_form(
            edition,
            form,
            {"nope": "x", "project_name": ["a"], "contact": {"name": {}, "age": 3}},
        )
    paths = sorted(p.path for p in info.value.problems)
    assert paths == ["/contact/age", "/contact/name", "/nope", "/project_name"]
    codes = {p.code for p in info.value.problems}
    assert codes == {"render.unknown-field", "render.bad-value"}
    assert "nope" in info.value.message("en")
    with pytest.raises(RenderDataError):
        render_form(edition, form, {"contact": "张明"})


def test_numbers_and_null_are_printed_as_json_writes_them(edition: Edition) -> None:
    form = edition.form("application")
    content = render_form(edition, form, {"contact": {"mobile": 13805310000}, "project_name": None})
    back = read_docx(content, form)
    assert back["contact"]["mobile"] == "13805310000"
    assert back["project_name"] == ""


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_a_number_json_cannot_write_is_refused_in_a_text_field(
    edition: Edition, value: float, fmt: str
) -> None:
    """JSON writes no NaN or infinity: given through the API, the form would
    print ``nan`` or ``inf``; the command line refuses them when it reads
    the data."""
    with pytest.raises(RenderDataError) as info:
        render_form(
            edition, "application", {"project_name": value, "contact": {"name": value}}, fmt=fmt
        )
    problems = sorted((p.path, p.code) for p in info.value.problems)
    assert problems == [
        ("/contact/name", "render.bad-value"),
        ("/project_name", "render.bad-value"),
    ]
    assert "NaN or infinity" in info.value.message("en")
    assert "无穷大" in info.value.message("zh")


def test_importing_and_validating_do_not_import_docxtpl() -> None:
    code = (
        "import sys\n"
        "import reform_brand, reform_brand.render, reform_brand.render.plugin\n"
        "from reform_brand import Host\n"
        "h = Host.create()\n"
        "e = h.edition('shandong-2022')\n"
        "h.renderers\n"
        "def loaded(*names):\n"
        "    return [m for m in sys.modules if m.split('.')[0] in names]\n"
        "bad = loaded('docx', 'docxtpl', 'jinja2', 'lxml')\n"
        "assert not bad, bad\n"
        "from reform_brand.render import render_form\n"
        "render_form(e, 'application', fmt='md', host=h)\n"
        "render_form(e, 'application', fmt='html', host=h)\n"
        "# Markdown and HTML are Jinja templates, but need no Word library.\n"
        "assert loaded('jinja2')\n"
        "bad = loaded('docx', 'docxtpl', 'lxml')\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_builtin_renderers_are_a_default_plugin(host: Host) -> None:
    assert {"docx", "md", "html"} <= set(host.renderers)
    assert host.renderers.entry("docx").plugin == "reform_brand.render.plugin"
    info = next(p for p in host.plugins if p.name == "reform_brand.render.plugin")
    assert info.kind == "default"
    assert info.hooks == ("reform_brand_renderers",)


def test_data_problems_name_the_field_in_the_message_language(edition: Edition) -> None:
    form = edition.form("application")
    with pytest.raises(RenderDataError) as info:
        render_form(edition, form, {"project_name": ["a"], "contact": {"mobile": {}}})
    labels = {p.path: p.params["label"] for p in info.value.problems}
    assert labels == {
        "/project_name": Localized(zh="项目名称", en="Project name", value="项目名称"),
        "/contact/mobile": Localized(
            zh="联系人（手机）", en="Contact person (Mobile)", value="联系人（手机）"
        ),
    }
    english = info.value.message("en")
    assert "Project name" in english and "Contact person (Mobile)" in english
    assert not re.search("[\u4e00-\u9fff]", english)
    assert "项目名称" in info.value.message("zh")


def test_a_line_indented_by_its_writer_is_not_indented_again(edition: Edition) -> None:
    """A long text's paragraphs get the usual two-character first-line
    indent, except a line that starts with white space of its own (两个
    全角空格 or a tab pasted from Word): indenting it again printed four."""
    form = edition.form("application")
    text = "　　全角缩进的段落\n没有缩进的段落\n\t制表缩进\n"
    content = render_form(edition, form, {"project_basis": text})
    assert read_docx(content, form)["project_basis"] == text
    doc = docx.Document(io.BytesIO(content))
    row = next(r for r in doc.tables[0].rows if r.cells[0].text == "项目基础")
    paragraphs = row.cells[1].paragraphs
    assert [p.text for p in paragraphs] == text.split("\n")
    indents = [p.paragraph_format.first_line_indent for p in paragraphs]
    assert indents == [None, Pt(24), None, Pt(24)]
