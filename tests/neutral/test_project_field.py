"""The field that names the project is the edition's to say: a call whose
form asks for a 品牌名称 (not a 项目名称) marks that field ``names = "project"``,
and its resent revisions are versions of one project, as the reference
edition's are by its field ``project_name``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reform_brand import Edition, Host, hookimpl
from reform_brand.maint import lint_edition
from reform_brand.office import check_inbox
from reform_brand.registries import EditionRegistry
from tests.inbox import docx_edit as E
from tests.neutral.conftest import NOW, HainanPlugin, mail, proposal

CHILD = "hainan-brand"

#: The hainan-2024 proposal whose 项目名称 is a 品牌名称, marked as the project's.
BRAND = """
    [[forms.fields]]
    id = "title"
    label.zh = "品牌名称"
    label.en = "Brand name"
    names = "project"
"""


class _Child:
    __name__ = CHILD

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @hookimpl
    def reform_brand_editions(self, registry: EditionRegistry) -> None:
        registry.add_source(CHILD, self.folder)


def _child(folder: Path, fields: str) -> Path:
    folder.mkdir(parents=True)
    head = f'id = "{CHILD}"\n[inherit]\nfrom = "hainan-2024"\n\n[[forms]]\nid = "proposal"\n'
    (folder / "edition.toml").write_text(head + textwrap.dedent(fields), encoding="utf-8")
    return folder


def _host(folder: Path) -> Host:
    return Host.create(plugins=[HainanPlugin(), _Child(folder)], load_entry_points=False, block=())


@pytest.fixture(scope="module")
def brand_host(tmp_path_factory: pytest.TempPathFactory) -> Host:
    return _host(_child(tmp_path_factory.mktemp("brand") / "data", BRAND))


@pytest.fixture(scope="module")
def brand(brand_host: Host) -> Edition:
    return brand_host.edition(CHILD)


def test_the_marked_field_names_the_project(brand: Edition) -> None:
    form = brand.form("proposal")
    assert form.project_field == "title"
    assert form.project_of(proposal()) == "热带农业田间课堂进村入企"


def test_a_revision_of_a_brand_is_a_version_of_it(brand: Edition, tmp_path: Path) -> None:
    # 海口 may send 2: the revision replaces the first version, and the
    # second brand is the second project, within the quota.
    for n, (day, data) in enumerate(
        [
            (3, proposal(budget=12)),
            (4, proposal(budget=13)),
            (5, proposal(title="数字科协平台建设")),
        ]
    ):
        form = E.filled(brand, "proposal", data)
        mail(
            tmp_path / str(n),
            "海口市科协",
            "municipal",
            f"2024-06-0{day}T10:00:00+08:00",
            {"申报书.docx": form},
        )
    report = check_inbox(brand, tmp_path, now=NOW)
    assert "quota.exceeded" not in [f.code for f in report.batch.findings]
    superseded = [
        s.file
        for s in report.batch.submissions
        if "batch.superseded" in [f.code for f in s.findings]
    ]
    assert superseded == ["0/申报书.docx"]
    assert [s.project_name for s in report.submissions] == [
        "热带农业田间课堂进村入企",
        "热带农业田间课堂进村入企",
        "数字科协平台建设",
    ]


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        # A long text, a date: no name of a project (the pointers are into
        # the child's own edition.toml, whose fields merge by id).
        ('[[forms.fields]]\nid = "summary"\nnames = "project"\n', "/forms/0/fields/0/names"),
        ('[[forms.fields]]\nid = "starts"\nnames = "project"\n', "/forms/0/fields/0/names"),
        # Two fields cannot both name it.
        (BRAND + '[[forms.fields]]\nid = "leader"\nnames = "project"\n', "/forms/0/fields/1/names"),
    ],
)
def test_only_one_text_field_of_the_table_names_the_project(
    tmp_path: Path, fields: str, pointer: str
) -> None:
    folder = _child(tmp_path / "data", fields)
    report = lint_edition(folder, host=_host(folder))
    assert [(f.code, f.pointer) for f in report.findings if f.severity == "error"] == [
        ("edition.bad-names", pointer)
    ]


def _headings(page: str) -> list[str]:
    """The headings of the page's 申报一览 (its first table with a 单位)."""
    import html.parser

    class _Heads(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.rows: list[list[str]] = []
            self.inside = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "tr":
                self.rows.append([])
            self.inside = tag == "th"

        def handle_endtag(self, tag: str) -> None:
            self.inside = False if tag == "th" else self.inside

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.rows[-1].append(data)

    parser = _Heads()
    parser.feed(page)
    return next(row for row in parser.rows if row[:1] in (["单位"], ["Unit"]))


@pytest.mark.parametrize(("lang", "heading"), [("zh", "品牌名称"), ("en", "Brand name")])
def test_the_project_column_is_headed_as_the_forms_label_it(
    brand: Edition, tmp_path: Path, lang: str, heading: str
) -> None:
    import io

    from openpyxl import load_workbook

    from reform_brand.office._report_html import report_html
    from reform_brand.office._roster import roster_xlsx

    form = E.filled(brand, "proposal", proposal())
    mail(
        tmp_path / "m",
        "海口市科协",
        "municipal",
        "2024-06-03T10:00:00+08:00",
        {"申报书.docx": form},
    )
    report = check_inbox(brand, tmp_path, now=NOW)
    sheet = load_workbook(io.BytesIO(roster_xlsx(report, brand, lang=lang))).worksheets[0]
    row = {c.value: v.value for c, v in zip(sheet[1], sheet[2], strict=True)}
    assert row[heading] == "热带农业田间课堂进村入企"
    assert "项目名称" not in row and "Project" not in row
    assert heading in _headings(report_html(report, brand, lang=lang))


def test_forms_that_label_the_project_otherwise_keep_the_generic_heading(brand: Edition) -> None:
    import attrs

    from reform_brand.office._roster import project_heading

    form = brand.form("proposal")
    fields = tuple(
        attrs.evolve(f, label=attrs.evolve(f.label, zh="项目名称", en="")) if f.id == "title" else f
        for f in form.fields
    )
    other = attrs.evolve(form, id="other", fields=fields)
    assert project_heading(brand) == ("品牌名称", "Brand name")
    assert project_heading(attrs.evolve(brand, forms=(form, other))) == ("项目名称", "Project")
    assert project_heading(attrs.evolve(brand, forms=(other,))) == ("项目名称", "Project")
