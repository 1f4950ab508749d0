"""The Markdown and HTML renderers."""

from __future__ import annotations

import html.parser
import re

import pytest

from reform_brand import Edition, Host
from reform_brand.render import render_form
from reform_brand.render._text import md_escape
from tests.render.conftest import HOSTILE, hostile_data


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("p", "br"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@pytest.mark.parametrize("form_id", ["application", "recommendation"])
def test_html_shows_every_label_and_value(edition: Edition, host: Host, form_id: str) -> None:
    form = edition.form(form_id)
    data = hostile_data(form)
    page = render_form(edition, form, data, fmt="html", host=host).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page
    assert "http" not in page.split("<body>")[1]
    # Self-contained: nothing may be fetched, nothing run (the report's
    # forms pages are these pages, beside report.html).
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">" in page.split("<body>")[0]
    )
    parser = _Text()
    parser.feed(page)
    text = "".join(parser.parts)
    assert "script" not in parser.tags
    assert form.title.zh in text
    for _pointer, f in form.walk():
        assert f.label.zh in text.replace("\n", "") or f.type == "date", f.label.zh
    for line in HOSTILE.replace("\r\n", "\n").split("\n"):
        clean = line.replace("\x00", "").replace("\x07", "").replace("\x0c", "")
        assert clean.replace("\x1b", "").strip() in text


def test_markdown_escapes_markup(edition: Edition, host: Host) -> None:
    form = edition.form("application")
    md = render_form(edition, form, {"project_name": "*粗* <b>x</b> | [a](b)"}, fmt="md")
    text = md.decode("utf-8")
    assert r"\*粗\* \<b\>x\</b\> \| \[a\](b)" in text
    assert text.startswith("附件 1\n\n# 2022 年度山东省科协改革品牌项目申报表\n")
    for label in (
        "姓名",
        "职务",
        "办公电话",
        "手机",
        "电子邮箱",
        "省科协意见",
        "主要负责人（签章）",
    ):
        assert label in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("- a", r"\- a"),
        ("1. a", r"1\. a"),
        ("# a", r"\# a"),
        ("a_b", r"a\_b"),
        ("中文", "中文"),
        ("   - a", r"   \- a"),
        ("\t- a|b", r"&#9;- a\|b"),
        ("    1. a", "&#32;&#32;&#32;&#32;1. a"),
        ("  \t *a*", r"&#32;&#32;&#9;&#32;\*a\*"),
        ("a\tb    c", "a\tb    c"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    """An indent of four columns would make the line a code block, where
    every backslash shows: it is written as character references."""
    assert md_escape(raw) == escaped


def test_no_value_line_of_the_markdown_form_is_a_code_block(edition: Edition) -> None:
    basis = "第一段\n\t- 缩进的一行\n    1. 四个空格\n  两个空格"
    text = render_form(edition, "application", {"project_basis": basis}, fmt="md").decode()
    assert [line for line in text.splitlines() if line.startswith(("\t", "    "))] == []
    assert "&#9;- 缩进的一行" in text.splitlines()
    assert "&#32;&#32;&#32;&#32;1. 四个空格" in text.splitlines()


def test_renderers_are_deterministic(edition: Edition, host: Host) -> None:
    for fmt in ("md", "html"):
        one = render_form(
            edition, "application", hostile_data(edition.form("application")), fmt=fmt
        )
        two = render_form(
            edition, "application", hostile_data(edition.form("application")), fmt=fmt
        )
        assert one == two


#: Jinja syntax, HTML, quotes and Chinese across two lines.
TEMPLATE_SYNTAX = "{{ 7*7 }} {% if true %}IF{% endif %} {# c #} <em>x</em> \"q\" 'a'\n中文"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_template_syntax_in_values_is_printed_never_evaluated(
    edition: Edition, host: Host, fmt: str
) -> None:
    form = edition.form("application")
    data = {
        "project_name": TEMPLATE_SYNTAX,
        "contact": {"name": TEMPLATE_SYNTAX},
        "project_basis": TEMPLATE_SYNTAX,
    }
    page = render_form(edition, form, data, fmt=fmt, host=host).decode("utf-8")
    assert "49" not in page
    if fmt == "html":
        parser = _Text()
        parser.feed(page)
        text = "".join(parser.parts)
        assert "em" not in parser.tags
        for line in TEMPLATE_SYNTAX.split("\n"):
            assert text.count(line) == 3, line
    else:
        # Markdown escapes its own markup; the template syntax stays as it is.
        assert page.count(r"{{ 7\*7 }} {% if true %}IF{% endif %} {\# c \#} \<em\>x\</em\>") == 3


def test_markdown_table_cell_keeps_its_lines_and_pipes(edition: Edition, host: Host) -> None:
    form = edition.form("application")
    md = render_form(
        edition, form, {"contact": {"name": "a | b\n- c"}}, fmt="md", host=host
    ).decode("utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| a"))
    assert row.startswith(r"| a \| b<br>\- c |")


def test_markdown_header_value_of_several_lines_stays_one_escaped_line(
    edition: Edition, host: Host
) -> None:
    """A header value's line break (a <w:br/> in the Word form) must not end
    the header line: a line left as it is would be a setext heading, a list
    or a code block, unescaped."""
    unit = "济南\n===\n- 一项\n    代码\n\n# 标题"
    md = render_form(
        edition, "application", {"applicant_unit": unit, "date": "x\n---"}, fmt="md", host=host
    ).decode("utf-8")
    lines = md.splitlines()
    header = next(line for line in lines if line.startswith("申报单位："))
    assert header == (
        r"申报单位：济南<br>\===<br>\- 一项<br>&#32;&#32;&#32;&#32;代码<br><br>\# 标题"
        r"　　x<br>\---"
    )
    assert lines[lines.index(header) + 1] == ""


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\u202e", r"\\u202e"),
        ("\u2067", r"\\u2067"),
        ("\u200f", r"\\u200f"),
        ("\u061c", r"\\u061c"),
        ("\x7f", r"\\x7f"),
        ("\x85", r"\\x85"),
    ],
)
def test_markdown_shows_the_marks_a_page_must_not_print_as_they_are(
    edition: Edition, host: Host, char: str, shown: str
) -> None:
    """As the HTML page does: an override in 申报单位 would show the rest of
    the header line, its date too, right to left."""
    data = {"applicant_unit": f"济南{char}市科协", "project_name": f"a{char}b"}
    md = render_form(edition, "application", data, fmt="md", host=host).decode("utf-8")
    assert char not in md
    assert f"申报单位：济南{shown}市科协" in md
    assert f"**项目名称**：a{shown}b" in md.splitlines()
    page = render_form(edition, "application", data, fmt="html", host=host).decode("utf-8")
    assert char not in page
    assert f"济南{shown[1:]}市科协" in page


def test_page_templates_ship_inside_the_packages() -> None:
    from importlib.resources import files

    for package, names in (
        ("reform_brand.render", ("form.html.j2", "form.md.j2", "form.css.j2")),
        ("reform_brand.office", ("report.html.j2", "charts.html.j2", "report.css")),
    ):
        folder = files(package) / "templates"
        for name in names:
            assert (folder / name).is_file(), (package, name)


def test_html_header_date_is_never_broken(edition: Edition, host: Host) -> None:
    """Beside a long unit name the date stays on one line ("2022年8月15日",
    not "2022年8" / "月15日")."""
    data = {"applicant_unit": "某" * 40, "date": "2022-08-15"}
    page = render_form(edition, "application", data, fmt="html", host=host).decode("utf-8")
    assert re.search(r'<span class="dates">2022\s*年\s*8\s*月\s*15\s*日</span>', page)
    rule = re.search(r"\.header \.dates \{([^}]*)\}", page)
    assert rule is not None
    assert "white-space: nowrap" in rule[1]
    assert "flex: none" in rule[1]


@pytest.mark.parametrize(
    ("date", "wraps"),
    [
        ("2022-12-31", False),
        ("", False),
        ("待定", False),
        ("2022 年 12 月 31 日（星期六）", False),
        ("待定，预计在八月下旬提交并盖章后寄出" * 2, True),
        ("待定\n八月下旬", True),
    ],
)
def test_html_text_longer_than_a_date_where_the_date_goes_wraps(
    edition: Edition, host: Host, date: str, wraps: bool
) -> None:
    """Kept on one line, a long text there squeezed the unit's name into a
    column two characters wide and ran off the page."""
    data = {"applicant_unit": "济南市科协", "date": date}
    page = render_form(edition, "application", data, fmt="html", host=host).decode("utf-8")
    classes = re.findall(r'<span class="(dates[^"]*)">', page)
    assert classes == (["dates wrap"] if wraps else ["dates"])
    rule = re.search(r"\.header \.dates\.wrap \{([^}]*)\}", page)
    assert rule is not None
    assert "white-space: pre-wrap" in rule[1]
    assert "flex: 0 1 auto" in rule[1]


def test_html_phone_numbers_and_mail_addresses_are_never_broken_inside(
    edition: Edition, host: Host
) -> None:
    """The contact row's five narrow cells wrap long text anywhere, but not
    inside an office phone, a mobile number or an e-mail address
    (``0531-8207`` / ``3271``); a value too long to be one wraps as before."""
    contact = {
        "name": "张明" * 20,
        "title": "办公室主任",
        "office_phone": "0531-82073271",
        "mobile": "13805310000",
        "email": "zhang.ming.office@jinan-kexie.example.com.cn",
    }
    page = render_form(edition, "application", {"contact": contact}, fmt="html", host=host).decode(
        "utf-8"
    )
    cells = {
        value: cls for cls, value in re.findall(r'<td class="([^"]*)"><p>([^<]*)</p></td>', page)
    }
    for key in ("office_phone", "mobile", "email"):
        assert "whole" in cells[contact[key]].split(), key
    for key in ("name", "title"):
        assert "whole" not in cells[contact[key]].split(), key
    rules = dict(re.findall(r"^([^{}\n]+?)\s*\{([^}]*)\}", page, flags=re.M))
    assert "overflow-wrap: anywhere" in rules["td p"]
    assert "overflow-wrap: normal" in rules["td.whole p"]
    long = render_form(
        edition, "application", {"contact": {"office_phone": "9" * 200}}, fmt="html", host=host
    ).decode("utf-8")
    assert re.search(r'<td class="center"><p>9{200}</p></td>', long)


def test_html_does_not_indent_again_a_line_indented_by_its_writer(edition: Edition) -> None:
    form = edition.form("application")
    text = "　　全角缩进的段落\n没有缩进的段落\n\t制表缩进"
    page = render_form(edition, form, {"project_basis": text}, fmt="html").decode("utf-8")
    cell = re.search(r'<td class="long"[^>]*>(.*?)</td>', page)
    assert cell is not None
    assert re.findall(r"<p[^>]*>", cell.group(1)) == ['<p class="own">', "<p>", '<p class="own">']
    assert "td p.own, td p.block { text-indent: 0; }" in page


def test_html_indents_an_opinion_as_the_word_form_does(edition: Edition) -> None:
    """推荐单位意见 is a long text with its signature lines below: its
    paragraphs are indented as the Word form indents them, the signature
    lines are not."""
    form = edition.form("application")
    text = "同意推荐。\n　　已自行缩进的一段"
    page = render_form(edition, form, {"recommender_opinion": text}, fmt="html").decode("utf-8")
    cell = re.search(r'<td class="blocks"[^>]*>(.*?)</td>', page)
    assert cell is not None
    assert re.findall(r"<p[^>]*>", cell.group(1)) == [
        "<p>",
        '<p class="own">',
        '<p class="block">',
        '<p class="block">',
    ]
    assert "td.long p, td.blocks p { text-indent: 2em; }" in page
    assert "td p.own, td p.block { text-indent: 0; }" in page
