"""A ``choice`` field (which the reference edition has none of): the form
prints the choice's label, and reading the form back gives the choice's
value, so that a rendered form, and one whose unit typed the label, checks
clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from docx.document import Document as DocxDocument
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from reform_brand import Edition, Host, render_form, validate_batch
from reform_brand.model import Choice, FormField, Text
from reform_brand.office import check_inbox, read_form
from reform_brand.testing import SubmissionFactory
from tests.finding_params import localized
from tests.inbox import docx_edit as E
from tests.neutral.conftest import NOW, mail, proposal
from tests.validation.test_clerk_messages import _ascii_words

KIND = FormField(
    id="kind",
    label=Text(zh="项目类型", en="Project type"),
    type="choice",
    required=True,
    filled_by="applicant",
    choices=(
        Choice(value="new", label=Text(zh="新建项目", en="New project")),
        Choice(value="continued", label=Text(zh="延续项目", en="Continued project")),
    ),
    clause="附件1",
)


@pytest.fixture(scope="module")
def with_choice(hainan: Edition) -> Edition:
    form = hainan.form("proposal")
    return attrs.evolve(hainan, forms=(attrs.evolve(form, fields=(*form.fields, KIND)),))


def test_a_rendered_choice_reads_back_as_its_value(with_choice: Edition, hainan_host: Host) -> None:
    data = proposal(kind="continued")
    filled = render_form(with_choice, "proposal", data, host=hainan_host)
    read = read_form(with_choice, filled)
    assert (read.form, read.data["kind"], read.findings) == ("proposal", "continued", ())
    assert read.data == data


def _typed(label: str, text: str) -> Callable[[DocxDocument], None]:
    """The unit types ``text`` into the cell of ``label`` (over what was there)."""

    def step(doc: DocxDocument) -> None:
        cell = E._value_cell(doc, label)
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        first = cell.paragraphs[0]
        for r in first.runs[1:]:
            r._r.getparent().remove(r._r)
        first.runs[0].text = text

    return step


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("新建项目", "new"),
        ("新建 项目", "new"),
        ("Continued Project", "continued"),
        ("续建", "续建"),
    ],
)
def test_a_choice_typed_by_its_label_is_its_value(
    with_choice: Edition, tmp_path: Path, typed: str, value: str
) -> None:
    form = E.edit(
        E.filled(with_choice, "proposal", proposal(kind="new")), _typed("项目类型", typed)
    )
    assert read_form(with_choice, form).data["kind"] == value
    mail(tmp_path / "m", "海口市科协", "municipal", "2024-06-03T10:00:00+08:00", {"a.docx": form})
    [sub] = check_inbox(with_choice, tmp_path, now=NOW).batch.submissions
    wrong = [] if value != typed else [("form.choice", "/data/kind")]
    assert [(f.code, f.pointer) for f in sub.findings if f.code.startswith("form.")] == wrong


def test_a_value_that_is_no_choice_is_told_the_choices_as_the_form_prints_them(
    with_choice: Edition, hainan_host: Host
) -> None:
    # The unit typed 续建 on the Word form, which prints the labels: the
    # Chinese message lists the labels, not the values a portal sends.
    env = SubmissionFactory(with_choice)("proposal", data={"kind": "续建"})
    report = validate_batch(with_choice, [env], host=hainan_host, now=NOW)
    [sub] = report.submissions
    [bad] = [f for f in sub.findings if f.code == "form.choice"]
    assert (bad.pointer, bad.params["allowed"]) == ("/data/kind", ("new", "continued"))
    choices = localized(bad, "choices")
    assert choices.zh == "新建项目、延续项目"
    assert choices.en == "New project (new), Continued project (continued)"
    assert _ascii_words(bad.message("zh")) == set()


def test_a_blank_form_prints_every_choice_in_a_box(with_choice: Edition, hainan_host: Host) -> None:
    # The unit must see what it may choose: a box before each label.
    blank = render_form(with_choice, "proposal", fmt="md", host=hainan_host).decode("utf-8")
    assert "□新建项目　□延续项目" in blank
    read = read_form(with_choice, render_form(with_choice, "proposal", host=hainan_host))
    assert (read.data, read.findings) == ({}, ())


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("☑新建项目　□延续项目", "new"),
        ("□新建项目　■延续项目", "continued"),
        ("□ 新建项目 □√延续项目", "continued"),
        ("☐新建项目 ☒延续项目", "continued"),
        ("□新建项目　□延续项目", None),
        # Two ticked are no choice: kept as read, and the check says so.
        ("☑新建项目　☑延续项目", "☑新建项目　☑延续项目"),
    ],
)
def test_the_ticked_box_is_the_choice(
    with_choice: Edition, tmp_path: Path, typed: str, value: str | None
) -> None:
    form = E.edit(
        E.filled(with_choice, "proposal", proposal(kind="new")), _typed("项目类型", typed)
    )
    assert read_form(with_choice, form).data.get("kind") == value
    mail(tmp_path / "m", "海口市科协", "municipal", "2024-06-03T10:00:00+08:00", {"a.docx": form})
    [sub] = check_inbox(with_choice, tmp_path, now=NOW).batch.submissions
    wrong = {"new": [], "continued": [], None: [("form.required", "/data/kind")]}.get(
        value, [("form.choice", "/data/kind")]
    )
    assert [(f.code, f.pointer) for f in sub.findings if f.code.startswith("form.")] == wrong


def _legacy_boxes(*ticked: bool) -> Callable[[DocxDocument], None]:
    """The choices' boxes as legacy form check boxes (``w:ffData`` with
    ``w:checkBox``, no text: Word draws the box), ``ticked`` said by
    ``w:checked`` for the first and by ``w:default`` for the second."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def box(on: bool, slot: str) -> list[Any]:
        said = f'<w:{slot} w:val="{int(on)}"/>'
        head = f'<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="begin"><w:ffData>'
        begin = f"{head}<w:checkBox><w:sizeAuto/>{said}</w:checkBox></w:ffData></w:fldChar></w:r>"
        code = f'<w:r xmlns:w="{w}"><w:instrText> FORMCHECKBOX </w:instrText></w:r>'
        end = f'<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="end"/></w:r>'
        return [etree.fromstring(x) for x in (begin, code, end)]

    def step(doc: DocxDocument) -> None:
        _typed("项目类型", "")(doc)
        p = E._value_cell(doc, "项目类型").paragraphs[0]
        for on, slot, name in zip(
            ticked, ("checked", "default"), ("新建项目　", "延续项目"), strict=True
        ):
            for r in box(on, slot):
                p._p.append(r)
            p.add_run(name)

    return step


@pytest.mark.parametrize(
    ("ticked", "value"),
    [((True, False), "new"), ((False, True), "continued"), ((False, False), None)],
)
def test_a_legacy_check_box_ticked_is_the_choice(
    with_choice: Edition, ticked: tuple[bool, bool], value: str | None
) -> None:
    form = E.edit(E.filled(with_choice, "proposal", proposal(kind="new")), _legacy_boxes(*ticked))
    assert read_form(with_choice, form).data.get("kind") == value
