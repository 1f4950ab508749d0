"""Extra materials in an inbox: recognised, counted, one per unit."""

from __future__ import annotations

from pathlib import Path

import attrs

from reform_brand.model import Edition
from reform_brand.office import check_inbox
from tests.finding_params import texts
from tests.inbox import docx_edit as E
from tests.inbox.conftest import NOW


def _batch(edition: Edition, root: Path) -> list[tuple[str, str, str]]:
    report = check_inbox(edition, root, now=NOW)
    return sorted((f.code, f.file, f.unit) for f in report.batch.findings)


def test_materials_recognised_counted_and_one_per_unit(edition: Edition, tmp_path: Path) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "manifest.toml").write_text(
        '[unit]\nname = "济南市科协"\nkind = "city-association"\n', encoding="utf-8"
    )
    # By title (the file name says nothing), by name, and a second one.
    (mail / "材料一.docx").write_bytes(
        E.text_docx(["济南市科协2022年改革工作进展情况", "一、总体进展", "正文。"])
    )
    (mail / "济南市科协改革进展.txt").write_text("正文" * 10, encoding="utf-8")
    # A PDF cannot be counted; the unit comes from the file name.
    (tmp_path / "青岛市科协工作进展情况.pdf").write_bytes(E.minimal_pdf(["progress"]))
    # Nobody can tell whose this is.
    (tmp_path / "改革进展情况.txt").write_text("正文", encoding="utf-8")
    got = _batch(edition, tmp_path)
    assert ("material.duplicate", "mail/济南市科协改革进展.txt", "济南市科协") in got
    assert ("material.unreadable", "青岛市科协工作进展情况.pdf", "青岛市科协") in got
    assert ("material.unit-unknown", "改革进展情况.txt", "") in got
    missing = [
        f
        for f in check_inbox(edition, tmp_path, now=NOW).batch.findings
        if f.code == "material.missing"
    ]
    assert "济南市科协" not in texts(missing[0], "units")
    assert "青岛市科协" not in texts(missing[0], "units")
    report = check_inbox(edition, tmp_path, now=NOW)
    assert report.file("mail/材料一.docx").role == "city-progress-summary"
    assert report.submissions == ()


def test_2021_summary_from_a_unit_not_selected(edition: Edition, tmp_path: Path) -> None:
    materials = tuple(
        attrs.evolve(m, selected_units=("聊城市科协",)) if m.id == "summary-2021" else m
        for m in edition.extra_materials
    )
    with_list = attrs.evolve(edition, extra_materials=materials)
    (tmp_path / "2021年度改革品牌项目总结-济南市科协.docx").write_bytes(
        E.text_docx(["济南市科协2021年度改革品牌项目总结"])
    )
    got = _batch(with_list, tmp_path)
    assert (
        "material.not-selected",
        "2021年度改革品牌项目总结-济南市科协.docx",
        "济南市科协",
    ) in got
    missing = [(c, u) for c, _f, u in got if c == "material.missing"]
    assert len(missing) == 2  # the city summaries, and 聊城's 2021 summary
