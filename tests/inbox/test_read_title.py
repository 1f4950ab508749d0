"""Recognising a form by its title as units leave it: a prefix (附件1), a
suffix in brackets or after a dash (（样表）, (2022), - 副本), and never a
title taken for another form's."""

from __future__ import annotations

import copy
from pathlib import Path

import attrs
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from reform_brand.model import Edition
from reform_brand.office import read_form
from reform_brand.office._grid import squash
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data, recommendation_data

#: What units add to the title (Word's "- 副本" is a copy's file name typed
#: into the title; 样表 a sample; the year; a draft's number).
SUFFIXES = [
    "（样表）",
    "(2022)",
    " - 副本",
    "——修改稿",
    "【修订版】",
    "（样表）- 副本",
    "〔第2稿〕",
]
PREFIXES = ["", "附件1：", "附件 2 "]


def retitled(edition: Edition, form: str, prefix: str, suffix: str) -> bytes:
    """The form rendered, its title paragraph with ``prefix`` and ``suffix``."""
    title = squash(edition.form(form).title.zh)

    def step(doc: DocxDocument) -> None:
        p = next(p for p in doc.paragraphs if squash(p.text) == title)
        p.runs[0].text = prefix + p.runs[0].text
        p.runs[-1].text += suffix

    data = application_data() if form == "application" else recommendation_data()
    return E.edit(E.filled(edition, form, data), step)


@pytest.mark.parametrize("form", ["application", "recommendation"])
@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_title_with_a_suffix_is_the_form(
    edition: Edition, tmp_path: Path, form: str, prefix: str, suffix: str
) -> None:
    """It used to be read.unknown-form: only a prefix was allowed."""
    (tmp_path / "f.docx").write_bytes(retitled(edition, form, prefix, suffix))
    result = read_form(edition, tmp_path / "f.docx")
    assert (result.form, result.codes()) == (form, [])


@pytest.mark.parametrize("after", ["填报说明", "汇总表", "（样表）说明", "-"])
def test_other_words_after_the_title_are_another_heading(
    edition: Edition, tmp_path: Path, after: str
) -> None:
    """``…申报表填报说明`` is a heading about the form, not its title."""
    title = edition.form("application").title.zh
    (tmp_path / "f.docx").write_bytes(E.text_docx([title + after, "各单位："]))
    assert read_form(edition, tmp_path / "f.docx").codes() == ["read.unknown-form"]


def test_a_title_inside_another_title_is_not_a_second_form(
    edition: Edition, tmp_path: Path
) -> None:
    """When one form's title is another's with a bracketed suffix, the
    longer title names its own form alone (not both, ambiguous), and the
    shorter one still names its own."""
    app, rec = edition.form("application"), edition.form("recommendation")
    longer = app.title.zh + "（汇总）"
    twin = attrs.evolve(
        edition, forms=(app, attrs.evolve(rec, title=attrs.evolve(rec.title, zh=longer)))
    )
    for text, form in ((longer, "recommendation"), (longer + " - 副本", "recommendation")):
        (tmp_path / "f.docx").write_bytes(E.text_docx(["附件2", text]))
        assert read_form(twin, tmp_path / "f.docx").form == form
    (tmp_path / "f.docx").write_bytes(E.text_docx(["附件1", app.title.zh + "（样表）"]))
    assert read_form(twin, tmp_path / "f.docx").form == "application"


@pytest.mark.parametrize("form", ["application", "recommendation"])
@pytest.mark.parametrize("at", [4, 11, 16])
@pytest.mark.parametrize("suffix", ["", "（样表）"])
def test_a_title_broken_over_two_lines_is_the_form(
    edition: Edition, tmp_path: Path, form: str, at: int, suffix: str
) -> None:
    """Enter pressed to wrap a long title: two paragraphs, neither the
    title (it was read.unknown-form)."""
    printed = edition.form(form).title.zh
    title = printed + suffix
    data = application_data() if form == "application" else recommendation_data()

    def step(doc: DocxDocument) -> None:
        p = next(p for p in doc.paragraphs if squash(p.text) == squash(printed))
        for run in p.runs[1:]:
            run.text = ""
        p.runs[0].text = title[:at]
        second = copy.deepcopy(p._p)
        p._p.addnext(second)
        second.findall(qn("w:r"))[0].find(qn("w:t")).text = title[at:]

    (tmp_path / "f.docx").write_bytes(E.edit(E.filled(edition, form, data), step))
    result = read_form(edition, tmp_path / "f.docx")
    assert (result.form, result.codes(), result.data) == (form, [], data)


def test_two_lines_that_make_no_title_together(edition: Edition, tmp_path: Path) -> None:
    """The two forms' titles on two lines in a row are both titles, not one
    longer title (read.ambiguous-form), and a title's first half alone,
    with other text after it, is none."""
    app, rec = (edition.form(f).title.zh for f in ("application", "recommendation"))
    (tmp_path / "f.docx").write_bytes(E.text_docx([app, rec]))
    assert read_form(edition, tmp_path / "f.docx").codes() == ["read.ambiguous-form"]
    (tmp_path / "g.docx").write_bytes(E.text_docx([app[:10], "填报说明", app[10:]]))
    assert read_form(edition, tmp_path / "g.docx").codes() == ["read.unknown-form"]
