"""A row label broken into the lines of the label column: Chinese labels as
the notice prints them, a Latin word never cut unless it is wider than a
line, in every output that shows the form."""

from __future__ import annotations

import io
import math

import attrs
import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reform_brand import Edition, Host
from reform_brand.model import Form
from reform_brand.render import render_form
from reform_brand.render._layout import label_lines

#: Chinese characters a line of the label column holds.
PER_LINE = 5


def _notice_lines(label: str) -> list[str]:
    """Chinese text in as few lines as it needs, as even as they can be."""
    count = math.ceil(len(label) / PER_LINE)
    size = math.ceil(len(label) / count)
    return [label[i : i + size] for i in range(0, len(label), size)]


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1))
def test_chinese_labels_are_balanced_lines(label: str) -> None:
    lines = label_lines(label)
    if label.endswith("意见") and 0 < len(label) - 2 <= PER_LINE:
        assert lines == [label[:-2], "意见"]
    else:
        assert lines == _notice_lines(label)


@pytest.mark.parametrize(
    ("label", "lines"),
    [
        ("推荐单位意见", ["推荐单位", "意见"]),
        ("推荐部室或单位意见", ["推荐部室或", "单位意见"]),
        ("申报单位所在地", ["申报单位", "所在地"]),
        ("项目经费（万元）", ["项目经费", "（万元）"]),
        # A Latin letter is half as wide as a Chinese character.
        ("Email地址", ["Email地址"]),
        ("ICP备案号", ["ICP备案号"]),
        ("联系人Email地址", ["联系人", "Email地址"]),
        ("Budget (yuan)", ["Budget", "(yuan)"]),
        ("Project budget total", ["Project", "budget", "total"]),
        ("项目 URL 地址", ["项目 URL", "地址"]),
        # A word wider than a line is cut where the line is full.
        ("Supercalifragilistic", ["Supercalif", "ragilistic"]),
    ],
)
def test_lines_of_a_label(label: str, lines: list[str]) -> None:
    assert label_lines(label) == lines


_WORDS = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=10), min_size=1, max_size=6)


@given(_WORDS)
def test_a_latin_word_as_wide_as_a_line_is_never_cut(words: list[str]) -> None:
    lines = label_lines(" ".join(words))
    assert " ".join(lines).split() == words
    for line in lines:
        assert sum(0.5 for _ in line) <= PER_LINE


def _relabelled(form: Form, field_id: str, zh: str) -> Form:
    fields = tuple(
        attrs.evolve(f, label=attrs.evolve(f.label, zh=zh)) if f.id == field_id else f
        for f in form.fields
    )
    return attrs.evolve(form, fields=fields)


def test_the_word_form_prints_a_latin_word_whole(edition: Edition, host: Host) -> None:
    form = _relabelled(edition.form("application"), "project_name", "项目ICP备案号名称")
    doc = docx.Document(io.BytesIO(render_form(edition, form, host=host)))
    assert doc.tables[0].rows[0].cells[0].text == "项目ICP备\n案号名称"
