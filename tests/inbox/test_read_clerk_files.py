"""Forms as clerks' files really hold them: characters pasted from a web
page or a chat into the labels, rows split at a page break, blank-looking
cells.  Each used to defeat the reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx.document import Document as DocxDocument

from reform_brand.model import Edition
from reform_brand.office import read_form
from tests.inbox import docx_edit as E
from tests.inbox.conftest import application_data

#: Characters nobody sees: zero-width space, soft hyphen, byte-order mark,
#: word joiner, zero-width joiner.
INVISIBLE = ["\u200b", "\u00ad", "\ufeff", "\u2060", "\u200d"]


def _read(edition: Edition, tmp_path: Path, data: bytes) -> Any:
    (tmp_path / "f.docx").write_bytes(data)
    return read_form(edition, tmp_path / "f.docx")


def _label_cell(doc: DocxDocument, label: str) -> Any:
    return next(c for c in E._cells(doc) if "".join(c.text.split()) == label)


def _insert(paragraph: Any, label: str, ch: str) -> None:
    """``ch`` into ``label`` in the runs of ``paragraph``: after its second
    character and at its end."""
    for run in paragraph.runs:
        if label in run.text:
            run.text = run.text.replace(label, label[:2] + ch + label[2:] + ch)
            return
    raise KeyError(label)


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_in_labels_and_title(
    edition: Edition, tmp_path: Path, ch: str
) -> None:
    """A label, a sub-label, the header's label and the title with a
    character in them that nobody sees are the same label (they were
    read.missing-label, and the title read.unknown-form)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        for label in ("项目名称", "预期成效", "电子邮箱"):
            _insert(_label_cell(doc, label).paragraphs[0], label, ch)
        header = next(p for p in doc.paragraphs if p.text.startswith("申报单位"))
        _insert(header, "申报单位", ch)
        title = next(p for p in doc.paragraphs if "申报表" in p.text)
        title.runs[0].text = ch + title.runs[0].text

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert (result.form, result.codes()) == ("application", [])
    assert result.data == data


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_in_a_label_with_its_value(
    edition: Edition, tmp_path: Path, ch: str
) -> None:
    """``项目名称：…`` typed into the label cell, a zero-width space in the
    label: the value typed after it is read (read.value-in-label)."""
    data = application_data()

    def step(doc: DocxDocument) -> None:
        label = _label_cell(doc, "项目名称")
        label.paragraphs[0].runs[0].text = f"项目{ch}名称：海洋科普联盟"
        for run in E._value_cell(doc, f"项目{ch}名称：海洋科普联盟").paragraphs[0].runs:
            run.text = ""

    result = _read(edition, tmp_path, E.edit(E.filled(edition, "application", data), step))
    assert [(f.code, f.pointer) for f in result.findings] == [
        ("read.value-in-label", "/data/project_name")
    ]
    assert result.data["project_name"] == "海洋科普联盟"
